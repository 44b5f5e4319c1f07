"""The PDF for committee papers: the HTML report laid out on A4 by WeasyPrint, tagged PDF/UA-1.

Why the HTML report and not a second template: the PDF then says exactly what the HTML
says, with the same escaping and the same public filtering. What differs is only the page:
`_print.css.j2` (overridable like every template) adds A4 margins, a running head naming
the partnership and the version, "Page X of Y", repeating table headers and bookmarks.
WeasyPrint embeds a subset of every font it uses; Debian's fonts-liberation2 supplies
Liberation Sans (Arial's metrics) and fonts-dejavu-core the fallback.
"""

from __future__ import annotations

import calendar
import hashlib
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from csp_audit.model.errors import UsageError
from csp_audit.report.clean import pdf_all, pdf_text

PDF_VARIANT = "pdf/ua-1"
HTML_TEMPLATE = "report.html.j2"
PRINT_TEMPLATE = "_print.css.j2"


class PdfUnavailable(UsageError):
    """WeasyPrint or the pango libraries it needs are not installed."""


def css_string(text: str) -> Markup:
    """`text` as a CSS string literal: every character but ASCII letters and digits is a
    hex escape, so data such as `"; } body {` can never end the string or the rule.
    Marked safe, so Jinja's HTML autoescape leaves the CSS as it is."""
    escaped = "".join(ch if ch.isascii() and ch.isalnum() else f"\\{ord(ch):06x}" for ch in text)
    return Markup(f'"{escaped}"')


RUNNING_HEAD_CHARS = 120
"""Characters of the partnership's name in the running head of each page."""


def running_head(context: dict[str, Any]) -> str:
    name = pdf_text(" ".join(context["partnership"]["name"].split()), RUNNING_HEAD_CHARS)
    return f"{name}, {context['year']}: {context['version_label']}"


def print_css(context: dict[str, Any], env: Environment) -> str:
    """The page stylesheet; data reaches it only as escaped CSS strings."""
    return env.get_template(PRINT_TEMPLATE).render(
        running_head=css_string(running_head(context)),
        version_label=css_string(context["version_label"]),
    )


def load_weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        raise PdfUnavailable(
            "PDF needs WeasyPrint and Debian's pango libraries (libpango-1.0-0 "
            f"libpangoft2-1.0-0 libharfbuzz-subset0); run `make system-deps`: {error}"
        ) from error
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return weasyprint


def with_page_style(html: str, stylesheet: str) -> str:
    """`html` with `stylesheet` as its last author style, so it wins over the report's own
    print rules (WeasyPrint's `stylesheets=` are user styles, which author rules beat).
    The first `</head>` is the template's: data before it is HTML-escaped."""
    head_end = html.find("</head>")
    if head_end < 0:
        raise ValueError("the report template has no </head> to put the page style in")
    return f"{html[:head_end]}<style>\n{stylesheet}</style>\n{html[head_end:]}"


@contextmanager
def fonts_dated(day: date) -> Iterator[None]:
    """Date the embedded fonts `day` while the PDF is written.

    Without libharfbuzz-subset WeasyPrint subsets fonts with fontTools, whose save stamps
    each font's `head.modified` with the current time unless SOURCE_DATE_EPOCH is set (the
    reproducible-builds convention it follows): two renders a second apart then differ.
    A SOURCE_DATE_EPOCH the user set is kept; ours is removed afterwards."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(day.timetuple()))
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def pdf_bytes(html: str, stylesheet: str, day: date = date(2000, 1, 1)) -> bytes:
    """Lay out `html` with `stylesheet` on top, fonts dated `day`; the same input gives the
    same bytes."""
    weasyprint = load_weasyprint()
    page = with_page_style(html, stylesheet)
    document = weasyprint.HTML(string=page, base_url=None)
    identifier = hashlib.sha256(page.encode("utf-8")).hexdigest()[:32]
    with fonts_dated(day):
        return document.write_pdf(
            pdf_variant=PDF_VARIANT,
            pdf_tags=True,
            pdf_identifier=identifier.encode("ascii"),
            custom_metadata=False,
        )


def render_pdf(context: dict[str, Any], env: Environment, path: Path) -> Path:
    """Write the PDF of `context` to `path`, from the HTML report template and `env`; its
    fonts are dated the audit's as-of day, as the action plan workbook is. Each text is
    cut to `clean.PDF_TEXT_CHARS` (the HTML report has it whole), so the time to lay out
    grows with the number of texts, not with their length."""
    context = pdf_all(context)
    html = env.get_template(HTML_TEMPLATE).render(**context)
    day = date.fromisoformat(context["as_of"])
    path.write_bytes(pdf_bytes(html, print_css(context, env), day))
    return path
