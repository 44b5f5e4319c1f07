"""Reports: turn an audit result into a plain context, then into files (html, json, ...).

`build_context` is the only place that reads findings and records; every renderer takes
its plain dict, so no renderer touches the database or decides what the public may see.
"""

from csp_audit.report.context import build_context

__all__ = ["build_context"]
