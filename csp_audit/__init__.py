"""csp-audit: is a Community Safety Partnership meeting its statutory duties and its own
terms of reference? Load its workbook, run the checks, report with evidence."""

__version__ = "0.1.0"
