"""The report formats: one writer per `--format`, in one registry, over one plain context.

Why a registry: the CLI's `--format` choices are exactly `FORMATS`' keys (a test checks
each maps to a writer), and adding a format is one entry. A format that has a portfolio
form (many partnerships side by side) carries its writer, so which formats a portfolio is
written in is read off the registry, not kept in a second list. Every writer takes a plain
context (context.build_context, or portfolio.build_portfolio_context) and writes straight
into the path it is given: the staged file (files.py) that the command moves into place
with the rest. The text formats are byte-deterministic, and a file name is never allowed to
point outside the output folder.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from importlib import import_module
from pathlib import Path
from typing import Any

from jinja2 import TemplateNotFound

from csp_audit.model.errors import UsageError, did_you_mean
from csp_audit.report.files import Staged, out_folder, stage, write_staged
from csp_audit.report.machine import render_json, render_junit
from csp_audit.report.portfolio import portfolio_stem
from csp_audit.report.templates import RenderOptions, template_error

Writer = Callable[[dict[str, Any], Path, RenderOptions], None]
"""(context, path to write, options): renders the context into that one file."""


def write_text(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8"))


def write_html(context: dict[str, Any], path: Path, options: RenderOptions) -> None:
    write_text(path, options.env.get_template("report.html.j2").render(**context))


def write_markdown(context: dict[str, Any], path: Path, options: RenderOptions) -> None:
    write_text(path, options.markdown_env.get_template("report.md.j2").render(**context))


def write_json(context: dict[str, Any], path: Path, options: RenderOptions) -> None:
    write_text(path, render_json(context))


def write_junit(context: dict[str, Any], path: Path, options: RenderOptions) -> None:
    write_text(path, render_junit(context, options.junit_amber_fails))


def write_pdf(context: dict[str, Any], path: Path, options: RenderOptions) -> None:
    """PDF via csp_audit/report/pdf.py (WeasyPrint), imported only when asked for."""
    import_module("csp_audit.report.pdf").render_pdf(context, options.env, path)


def write_xlsx(context: dict[str, Any], path: Path, options: RenderOptions) -> None:
    """The Excel action plan via csp_audit/report/xlsx.py, imported only when asked for."""
    import_module("csp_audit.report.xlsx").render_xlsx(context, path)


def write_portfolio_html(context: dict[str, Any], path: Path, options: RenderOptions) -> None:
    write_text(path, options.env.get_template("portfolio.html.j2").render(**context))


def write_portfolio_xlsx(context: dict[str, Any], path: Path, options: RenderOptions) -> None:
    """The portfolio workbook via csp_audit/report/portfolio_xlsx.py, imported when asked."""
    import_module("csp_audit.report.portfolio_xlsx").render_portfolio_xlsx(context, path)


@dataclass(frozen=True)
class Format:
    """One `--format`: the file extension, its writer, and its portfolio writer if any."""

    extension: str
    write: Writer
    portfolio: Writer | None = None
    """The portfolio form; None for a format only written per partnership."""


FORMATS: dict[str, Format] = {
    "html": Format("html", write_html, portfolio=write_portfolio_html),
    "json": Format("json", write_json),
    "junit": Format("junit.xml", write_junit),
    "md": Format("md", write_markdown),
    "pdf": Format("pdf", write_pdf),
    "xlsx": Format("xlsx", write_xlsx, portfolio=write_portfolio_xlsx),
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


def stage_file(path: Path, batch: str, write: Callable[[Path], None],
               options: RenderOptions) -> Staged:
    """`write` the staged file of `path` (files.stage); a failure is said for people: a
    template that fails is a UsageError naming its file and line (when it is the user's),
    a file that cannot be written one `cannot write` line."""
    try:
        return stage(path, batch, write)
    except TemplateNotFound as error:  # an OSError too, but the template's fault
        raise template_error(error, options) from None
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
    except Exception as error:
        raise template_error(error, options) from None


def stage_reports(context: dict[str, Any], formats: list[str], out: Path,
                  options: RenderOptions, batch: str) -> list[Staged]:
    """Render each format of one partnership's context into a staged file of `batch` beside
    its report; returns the (staged, report) pairs for `files.commit`."""
    out_folder(out)
    staged = []
    for fmt in formats:
        write = FORMATS[fmt].write
        staged.append(stage_file(output_path(out, context, fmt), batch,
                                 lambda path, write=write: write(context, path, options),
                                 options))
    return staged


def stage_portfolio(context: dict[str, Any], formats: list[str], out: Path,
                    options: RenderOptions, batch: str) -> list[Staged]:
    """The portfolio staged under `batch`, in each of `formats` that has a portfolio form
    (the others are skipped)."""
    out_folder(out)
    staged = []
    for fmt in formats:
        write = FORMATS[fmt].portfolio
        if write is not None:
            path = out.resolve() / f"{portfolio_stem(context)}.{FORMATS[fmt].extension}"
            staged.append(stage_file(path, batch,
                                     lambda path, write=write: write(context, path, options),
                                     options))
    return staged


def write_reports(context: dict[str, Any], formats: list[str], out: Path,
                  options: RenderOptions) -> list[Path]:
    """Write each format of one context into `out`; returns the paths written. All of them
    or none: a format that fails leaves the ones before it unwritten."""
    return write_staged(out, partial(stage_reports, context, formats, out, options))


def write_portfolio(context: dict[str, Any], formats: list[str], out: Path,
                    options: RenderOptions) -> list[Path]:
    """Write the portfolio in each of `formats` that has a portfolio form; returns paths."""
    return write_staged(out, partial(stage_portfolio, context, formats, out, options))
