"""The three steps, load, check and report, as library functions the CLI and tests call."""
