""".xlsx in, validated records and problems out; knows no rules and no database."""
