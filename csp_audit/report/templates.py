"""The Jinja environments reports are rendered with, and a failing template said in one line.

Why here, apart from the formats: the templates are the part of a report a council may
replace (`report --templates DIR`). The user's folder comes first, so any shipped file can
be overridden; the shipped ones stay reachable as `default:<name>`, so a template can
`{% extends "default:report.html.j2" %}` and restyle one block instead of copying the whole
file (datasette's PrefixLoader). Every user template is compiled once, when the options are
made, so a slip in one is refused before any audit runs; a failure is one line naming the
file and line (exit 2), not a traceback (exit 1, which CI reads as a finding). Compiled
templates are kept in a best-effort bytecode cache between runs.
"""

from __future__ import annotations

import contextlib
import os
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import (
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    Template,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.bccache import Bucket
from markupsafe import escape

try:
    from markupsafe import _escape_inner  # markupsafe 3: escape() is Python around this
except ImportError:  # markupsafe 2.1: escape() is C already
    _escape_inner = None

from csp_audit.model.errors import UsageError
from csp_audit.report.clean import markdown_text
from csp_audit.resources import templates_dir

DEFAULT_PREFIX = "default"
"""`default:report.html.j2` is the shipped template, whatever the user's folder holds."""


DICT_ATTRIBUTES = frozenset(dir(dict))
"""What `getattr` finds on a plain dict (its methods and object's): the names for which a
template's `x.name` means the attribute, not the key."""


def output_escape(value: Any) -> str:
    """What a template's `{{ value }}` writes with autoescape: markupsafe's `escape`, the same
    characters, without wrapping each value in a Markup. Jinja only ever joins what this
    returns into the page (a macro's or block's text is wrapped in Markup once, whole), and
    making a Markup per value was a third of the escaping's time."""
    if _escape_inner is None:
        return escape(value)
    if type(value) is str:
        return _escape_inner(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return _escape_inner(str(value))


class ReportTemplate(Template):
    """A template whose output escaping is `output_escape`, whether compiled now or read
    from the bytecode cache (both end here)."""

    @classmethod
    def _from_namespace(cls, environment: Environment, namespace: Any,
                        globals: Any) -> Template:
        namespace["escape"] = output_escape
        return super()._from_namespace(environment, namespace, globals)


class ReportEnvironment(Environment):
    """Jinja whose `x.name` on a plain dict reads the key first. The report's context is
    dicts, and Jinja's own order (`getattr`, then the key) raised and caught an
    AttributeError for every such lookup, 6% of a report's time. The result is the same:
    a name a dict has as an attribute (`x.items`) still gives the attribute, and a missing
    key still goes through Jinja's lookup to StrictUndefined."""

    template_class = ReportTemplate

    def make_globals(self, d: Any = None) -> Any:
        """A template's globals as one plain dict, the template's over the environment's
        (Jinja's ChainMap of the two gives the same names): every include of a finding
        copied and searched the ChainMap, an eighth of the HTML's time. Nothing changes the
        environment's globals once its templates load, so the copy never goes stale."""
        return {**self.globals, **(d or {})}

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


@dataclass(frozen=True)
class RenderOptions:
    """What a renderer may need besides the context."""

    env: Environment
    markdown_env: Environment
    junit_amber_fails: bool = False
    user_templates: Path | None = None
    """--templates: a failure in a template is then the user's input, said as such."""
    batch: str | None = None
    """When set, the report step stages its files under this name for the command to commit
    all at once (files.commit), instead of writing them."""


def template_loader(user_templates: Path | None) -> ChoiceLoader:
    """The user's templates first (any file may be overridden), then the shipped ones, which
    also answer to `default:<name>` so an override can extend the file it replaces."""
    shipped = FileSystemLoader(str(templates_dir()))
    loaders = [FileSystemLoader(str(user_templates))] if user_templates else []
    loaders += [shipped, PrefixLoader({DEFAULT_PREFIX: shipped}, delimiter=":")]
    return ChoiceLoader(loaders)


class _BestEffortCache(FileSystemBytecodeCache):
    """A cache that can only save time, never cost a report: a cache file that cannot be
    read, or is not one of ours (truncated, foreign), is compiled afresh, and one that
    cannot be written (read-only or full disk, folder gone) is simply not kept."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # whatever the file holds, it is simply not a cache hit
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def cache_folder() -> Path | None:
    """Where compiled templates are kept: $XDG_CACHE_HOME/csp-audit/templates, else
    ~/.cache/csp-audit/templates; None when CSP_AUDIT_NO_CACHE is set or no home is known
    (a relative XDG_CACHE_HOME is ignored, as the XDG spec says)."""
    if os.environ.get("CSP_AUDIT_NO_CACHE"):
        return None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        root = Path(xdg)
    else:
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        root = Path(home) / ".cache"
    return root / "csp-audit" / "templates"


def bytecode_cache() -> BytecodeCache | None:
    """Compiled templates kept between runs: compiling them took 40 ms of CPU in every
    report command. Keyed by each template's source, so an edited or overriding template
    is compiled afresh; None (compile every time) when the folder cannot be made."""
    folder = cache_folder()
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _BestEffortCache(str(folder)) if os.access(folder, os.W_OK) else None


def _environment(user_templates: Path | None, **options: Any) -> Environment:
    """The one way report environments are made: the user's templates first, the compiled
    template cache, StrictUndefined, and the whitespace settings every template expects.
    No auto_reload: an environment lives for one command, and checking each template's
    file date on every include (twice per finding) cost a stat call each time."""
    return ReportEnvironment(
        loader=template_loader(user_templates),
        bytecode_cache=bytecode_cache(),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
        **options,
    )


def html_environment(user_templates: Path | None = None) -> Environment:
    """Jinja for HTML: every value from the data is escaped."""
    return _environment(user_templates, autoescape=True)


def markdown_escape(value: Any) -> Any:
    """Data printed into Markdown: punctuation Markdown would act on is backslash-escaped,
    so a name like `<script>` or `[x](y)` shows as typed, never as markup."""
    return markdown_text(value) if isinstance(value, str) else value


def markdown_environment(user_templates: Path | None = None) -> Environment:
    """Jinja for Markdown: every value from the data is escaped as Markdown (`markdown_escape`)."""
    return _environment(user_templates, autoescape=False, finalize=markdown_escape)


def options_for(user_templates: Path | None = None, junit_amber_fails: bool = False
                ) -> RenderOptions:
    """The options one command renders with: make them once per command, since making them
    compiles every user template (and refuses a folder that is missing or a template that
    does not compile)."""
    if user_templates is not None and not user_templates.is_dir():
        raise UsageError(f"--templates {user_templates}: no such folder")
    options = RenderOptions(html_environment(user_templates),
                            markdown_environment(user_templates), junit_amber_fails,
                            user_templates)
    if user_templates is not None:
        compile_user_templates(options)
    return options


def compile_user_templates(options: RenderOptions) -> None:
    """Compile every template in --templates now, so a syntax error in one is refused before
    any audit runs or any report is written, whichever formats are asked for."""
    folder = options.user_templates
    assert folder is not None
    for path in sorted(p for p in folder.rglob("*.j2") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        env = options.markdown_env if name.endswith(".md.j2") else options.env
        try:
            env.get_template(name)
        except Exception as error:  # a template's own fault, said with its place
            raise template_error(error, options) from None


def template_error(error: BaseException, options: RenderOptions) -> BaseException:
    """`error` as one line naming the template and line, when a user's template caused it;
    else the error itself (a bug of the tool keeps its traceback)."""
    return template_problem(error, options.user_templates) or error


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
    in use (a failure of a shipped template alone is a bug of the tool: None, re-raise).
    Jinja gives a syntax error its file and line, and rewrites a render error's traceback so
    a frame of the template stands where the template failed; that frame names the place."""
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
