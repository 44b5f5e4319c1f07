"""The report environments read a dict's key before trying an attribute (issue 17), and
every template still renders what Jinja's own lookup renders."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import pytest
from jinja2 import Environment, StrictUndefined, UndefinedError

from csp_audit.report.templates import html_environment, markdown_environment

SOURCE = ("{{ x.name }}|{{ x.items is callable }}|{{ x.get('name') }}|{{ x['name'] }}|"
          "{{ x.__class__.__name__ }}")
CASES: list[Any] = [
    {"name": "Sefton", "items": ["a"]},
    {"name": "<b>", "get": 1, "keys": 2},
    OrderedDict(name="Richmond", items="shadowed"),
]


@pytest.mark.parametrize("make", [html_environment, markdown_environment])
@pytest.mark.parametrize("value", CASES)
def test_a_lookup_gives_what_jinjas_own_order_gives(make: Any, value: Any) -> None:
    ours = make().from_string(SOURCE)
    plain = Environment(undefined=StrictUndefined, autoescape=make is html_environment,
                        finalize=make().finalize).from_string(SOURCE)
    assert ours.render(x=value) == plain.render(x=value)


@pytest.mark.parametrize("make", [html_environment, markdown_environment])
def test_a_missing_key_is_still_an_error(make: Any) -> None:
    with pytest.raises(UndefinedError, match="has no attribute 'title'"):
        make().from_string("{{ x.title }}").render(x={"name": "Sefton"})


def test_an_object_attribute_is_still_read() -> None:
    class Meeting:
        title = "Board"
    assert html_environment().from_string("{{ m.title }}").render(m=Meeting()) == "Board"


@pytest.mark.parametrize("make", [html_environment, markdown_environment])
def test_a_templates_globals_are_the_environments_under_its_own(make: Any) -> None:
    env = make()
    template = env.from_string("{{ x }} {{ range(2) | first }} {{ namespace(a=1).a }}",
                               globals={"x": "own", "range": lambda n: ["shadowed"]})
    assert template.render() == "own shadowed 1"
    assert env.get_template("_macros.html.j2").globals.keys() == env.globals.keys()
