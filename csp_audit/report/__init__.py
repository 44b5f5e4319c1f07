"""Reports: an audit result becomes one plain context (`context.build_context`), then files.

Every renderer takes that plain dict, so no renderer touches the database or decides what
the public may see.
"""
