"""The command line: the only code that prints or exits; nothing else imports it."""

from csp_audit.cli.app import app, main

__all__ = ["app", "main"]
