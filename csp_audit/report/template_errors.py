"""A template that fails, said in one line naming its file and line.

Why: `report --templates DIR` renders the user's own Jinja files, and a slip in one
(`{{ broken `, `{{ finding.x }}` where there is no `finding`, `{{ 1/0 }}`) is bad input,
exit 2, not a traceback and exit 1 (which CI reads as a finding at or above --fail-on).
Jinja gives a syntax error its file and line, and rewrites a render error's traceback so a
frame of the template stands where the template failed; that frame names the place.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from jinja2 import TemplateSyntaxError, UndefinedError
from jinja2.exceptions import TemplateNotFound

from csp_audit.model.errors import UsageError
from csp_audit.resources import templates_dir


def _is_template(filename: str | None, folders: tuple[Path, ...]) -> bool:
    if not filename:
        return False
    path = Path(filename).resolve()
    return any(path.is_relative_to(folder) for folder in folders)


def _what(error: BaseException) -> str:
    if isinstance(error, TemplateSyntaxError):
        return f"syntax error: {error.message}"
    if isinstance(error, UndefinedError):
        return f"{error.message}"
    if isinstance(error, TemplateNotFound):
        return f"includes {error.name!r}, which is no template here or built in"
    return f"{error} ({type(error).__name__})" if str(error) else type(error).__name__


def template_problem(error: BaseException, user_templates: Path | None) -> UsageError | None:
    """The error as bad input when it arose in a template while the user's templates are
    in use (a failure of a shipped template alone is a bug of the tool: None, re-raise)."""
    if user_templates is None:
        return None
    folders = (user_templates.resolve(), templates_dir().resolve())
    filename, line = None, None
    if isinstance(error, TemplateSyntaxError):
        filename, line = error.filename, error.lineno
    else:
        frames = [f for f in traceback.extract_tb(error.__traceback__)
                  if _is_template(f.filename, folders)]
        if frames:
            filename, line = frames[-1].filename, frames[-1].lineno
        elif not isinstance(error, TemplateNotFound | UndefinedError):
            return None
    place = f"template {filename}, line {line}" if filename else "a template"
    return UsageError(f"{place}: {_what(error).rstrip('.')}; no report was written")
