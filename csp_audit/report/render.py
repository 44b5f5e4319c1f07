"""Render a report context to files: one small renderer per format, in one registry.

Why a registry: the CLI's `--format` choices are exactly `FORMATS`' keys (a test checks
each maps to a renderer), and adding a format is one entry. Every renderer takes the plain
context from `build_context`; the text formats are byte-deterministic. Files are written to
a temporary name in the output folder and moved into place, so a reader never sees half a
report, and a name is never allowed to point outside that folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

from jinja2 import (
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
)
from jinja2.bccache import Bucket

from csp_audit.model.errors import UsageError, did_you_mean
from csp_audit.report.machine import render_json, render_junit
from csp_audit.report.template_errors import template_problem
from csp_audit.resources import templates_dir


@dataclass(frozen=True)
class RenderOptions:
    """What a renderer may need besides the context."""

    env: Environment
    markdown_env: Environment
    junit_amber_fails: bool = False
    user_templates: Path | None = None
    """--templates: a failure in a template is then the user's input, said as such."""
    batch: str | None = None
    """When set, `report_one` stages its files under this name for the command to commit
    all at once (reporting.py), instead of writing them."""


def template_loader(user_templates: Path | None) -> ChoiceLoader:
    """The user's templates first (any file may be overridden), then the shipped ones."""
    loaders = [FileSystemLoader(str(user_templates))] if user_templates else []
    loaders.append(FileSystemLoader(str(templates_dir())))
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


def html_environment(user_templates: Path | None = None) -> Environment:
    """Jinja for HTML: every value from the data is escaped."""
    return Environment(
        loader=template_loader(user_templates),
        bytecode_cache=bytecode_cache(),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def markdown_escape(value: Any) -> Any:
    """Data printed into Markdown: punctuation Markdown would act on is backslash-escaped,
    so a name like `<script>` or `[x](y)` shows as typed, never as markup."""
    if isinstance(value, str):
        return _MARKDOWN_SPECIAL.sub(r"\\\1", value).replace("\n", " ")
    return value


def markdown_environment(user_templates: Path | None = None) -> Environment:
    return Environment(
        loader=template_loader(user_templates),
        bytecode_cache=bytecode_cache(),
        autoescape=False,
        finalize=markdown_escape,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def options_for(user_templates: Path | None = None, junit_amber_fails: bool = False
                ) -> RenderOptions:
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


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _current_umask()
"""Read once: mkstemp makes private files, but a report is as readable as any other file."""


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Let `write` fill a temporary file beside `path`, then move it into place."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        os.chmod(temporary, 0o666 & ~_UMASK)
        write(Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def text_writer(text: str) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(text.encode("utf-8"))


def write_html(context: dict[str, Any], path: Path, options: RenderOptions) -> None:
    html = options.env.get_template("report.html.j2").render(**context)
    write_atomically(path, text_writer(html))


def write_markdown(context: dict[str, Any], path: Path, options: RenderOptions) -> None:
    text = options.markdown_env.get_template("report.md.j2").render(**context)
    write_atomically(path, text_writer(text))


def write_json(context: dict[str, Any], path: Path, options: RenderOptions) -> None:
    write_atomically(path, text_writer(render_json(context)))


def write_junit(context: dict[str, Any], path: Path, options: RenderOptions) -> None:
    write_atomically(path, text_writer(render_junit(context, options.junit_amber_fails)))


def write_pdf(context: dict[str, Any], path: Path, options: RenderOptions) -> None:
    """PDF via csp_audit/report/pdf.py (WeasyPrint), imported only when asked for."""
    pdf = import_module("csp_audit.report.pdf")
    write_atomically(path, lambda temporary: pdf.render_pdf(context, options.env, temporary))


def write_xlsx(context: dict[str, Any], path: Path, options: RenderOptions) -> None:
    """The Excel action plan via csp_audit/report/xlsx.py, imported only when asked for."""
    xlsx = import_module("csp_audit.report.xlsx")
    write_atomically(path, lambda temporary: xlsx.render_xlsx(context, temporary))


Writer = Callable[[dict[str, Any], Path, RenderOptions], None]


@dataclass(frozen=True)
class Format:
    extension: str
    write: Writer


FORMATS: dict[str, Format] = {
    "html": Format("html", write_html),
    "json": Format("json", write_json),
    "junit": Format("junit.xml", write_junit),
    "md": Format("md", write_markdown),
    "pdf": Format("pdf", write_pdf),
    "xlsx": Format("xlsx", write_xlsx),
}


def parse_formats(text: str) -> list[str]:
    """`html,json` -> ['html', 'json'] in the order given, each once; unknown is an error."""
    names = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [name for name in names if name not in FORMATS]
    if unknown or not names:
        hint = did_you_mean(unknown[0], FORMATS) if len(unknown) == 1 else ""
        raise UsageError(
            f"--format {text!r}: unknown format {', '.join(unknown) or '(none)'}; "
            f"choose from {', '.join(FORMATS)}{hint}"
        )
    return list(dict.fromkeys(names))


def report_stem(context: dict[str, Any]) -> str:
    """`<code>-<year>[-public]`, reduced to safe characters so it cannot leave --out."""
    stem = f"{context['partnership']['code']}-{context['year']}"
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-") or "report"
    return stem + ("-public" if context["public"] else "")


def output_path(out: Path, context: dict[str, Any], fmt: str) -> Path:
    folder = out.resolve()
    path = folder / f"{report_stem(context)}.{FORMATS[fmt].extension}"
    if path.parent != folder:
        raise UsageError(f"refusing to write {path} outside {folder}")
    return path


def write_reports(
    context: dict[str, Any], formats: list[str], out: Path, options: RenderOptions
) -> list[Path]:
    """Write each format of one context into `out`; returns the paths written. All of them
    or none: a format that fails leaves the ones before it unwritten."""
    return write_staged(out, lambda batch: stage_reports(context, formats, out, options, batch))


def write_staged(out: Path, stage: Callable[[str], list[tuple[Path, Path]]]) -> list[Path]:
    """Stage files under a new batch with `stage`, then move them all into place; when
    staging fails, whatever it staged is removed and nothing is written."""
    batch = new_batch()
    try:
        staged = stage(batch)
    except BaseException:
        discard_batch(out, batch)
        raise
    return commit(staged)


def new_batch() -> str:
    """A name for the files one command stages, unique to it."""
    return secrets.token_hex(6)


def staged_name(path: Path, batch: str) -> Path:
    return path.with_name(f".{path.name}.{batch}.part")


def stage_reports(context: dict[str, Any], formats: list[str], out: Path,
                  options: RenderOptions, batch: str) -> list[tuple[Path, Path]]:
    """Render each format of one context into a hidden file of `batch` beside its report;
    returns (staged, report) pairs for `commit`. A template that fails is a UsageError
    naming its file and line (when it is the user's)."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot create --out {out}: {error.strerror or error}") from None
    staged = []
    for fmt in formats:
        path = output_path(out, context, fmt)
        stage_one(path, batch, staged, lambda p, fmt=fmt: FORMATS[fmt].write(context, p, options),
                  options)
    return staged


def stage_one(path: Path, batch: str, staged: list[tuple[Path, Path]],
              write: Callable[[Path], None], options: RenderOptions) -> None:
    """`write` a hidden staged file for `path`, adding it to `staged`."""
    hidden = staged_name(path, batch)
    try:
        write(hidden)
    except TemplateNotFound as error:  # an OSError too, but the template's fault
        raise template_error(error, options) from None
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
    except Exception as error:
        raise template_error(error, options) from None
    staged.append((hidden, path))


def commit(staged: list[tuple[Path, Path]]) -> list[Path]:
    """Move every staged file into place, in order; returns the reports' paths."""
    for hidden, path in staged:
        try:
            os.replace(hidden, path)
        except OSError as error:
            raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
    return [path for _, path in staged]


def discard_batch(out: Path, batch: str) -> None:
    """Remove every file staged under `batch` in `out`, also those a worker process staged
    whose results never came back."""
    with contextlib.suppress(OSError):
        for hidden in out.resolve().glob(f".*.{batch}.part"):
            hidden.unlink(missing_ok=True)
