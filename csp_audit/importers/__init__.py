"""Importers: records kept in other systems, written into a workbook in the contract.

A sibling of workbook/, rules/, store/ and report/: it reads what a council's committee
system saved and writes the workbook's own sheets, so `validate` and `load` stay the one
gate every record passes. It imports only csp_audit.model and csp_audit.resources.
"""
