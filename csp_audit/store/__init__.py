"""The database: the only code that speaks SQL."""
