"""Checklists and the engine: stored records and checklists in, findings out."""
