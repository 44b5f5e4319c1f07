"""Frozen values and the vocabulary every stage shares; imports nothing of ours above it."""
