"""`python -m csp_audit.cli`, as the console script."""

from csp_audit.cli.app import main

main()
