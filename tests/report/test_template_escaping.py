"""The HTML environment escapes a template's values without a Markup per value (issue 17),
and writes what markupsafe's escaping writes: every kind of value, the same characters."""

from __future__ import annotations

from typing import Any

import pytest
from jinja2 import Environment, StrictUndefined, UndefinedError
from markupsafe import Markup

from csp_audit.report.templates import html_environment, output_escape


class Linked:
    """A value that says its own HTML, as Markup does."""

    def __html__(self) -> str:
        return "<a href='#x'>x</a>"


VALUES: list[Any] = ["Sefton & <Knowsley> \"CSP\" 'board'", "plain", "", 7, 0, None, True,
                     2.5, Markup("<b>bold</b>"), Linked(), ["<a>", 1], {"k": "<v>"},
                     "\u202e\u0001 ␁"]
SOURCE = ("{{ v }}|{{ [v] }}|{% macro m(x) %}<i>{{ x }}</i>{% endmacro %}{{ m(v) }}|"
          "{% set block %}{{ v }}{% endset %}{{ block }}|{{ v ~ '<' }}|{{ v | e }}")


@pytest.mark.parametrize("value", VALUES)
def test_a_value_is_escaped_as_markupsafe_escapes_it(value: Any) -> None:
    plain = Environment(undefined=StrictUndefined, autoescape=True).from_string(SOURCE)
    assert html_environment().from_string(SOURCE).render(v=value) == plain.render(v=value)


@pytest.mark.parametrize("value", VALUES)
def test_output_escape_gives_markupsafes_text(value: Any) -> None:
    from markupsafe import escape

    assert output_escape(value) == str(escape(value))


def test_a_missing_value_is_still_an_error() -> None:
    with pytest.raises(UndefinedError, match="'v' is undefined"):
        html_environment().from_string("{{ v }}").render()


def test_a_template_read_from_the_bytecode_cache_escapes_too(tmp_path: Any,
                                                              monkeypatch: Any) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("CSP_AUDIT_NO_CACHE", raising=False)
    (tmp_path / "own").mkdir()
    (tmp_path / "own" / "t.html.j2").write_text("{{ v }}")
    first = html_environment(tmp_path / "own").get_template("t.html.j2").render(v="<&>")
    again = html_environment(tmp_path / "own").get_template("t.html.j2")
    assert first == again.render(v="<&>") == "&lt;&amp;&gt;"
    assert again.root_render_func.__globals__["escape"] is output_escape
