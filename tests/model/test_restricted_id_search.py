"""Restricted ids found in text (model/restricted.py) the same way by every path: ASCII text
folded directly, and a frozenset of ids (the engine's, once per audit) with its keys worked
out once."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csp_audit.model.restricted import _DASHES, names_in, searchable
from csp_audit.model.wording import INVISIBLE, visible

IDS = {"DHR-2023-01", "SA-2024", "m-2025-03", "  ", "ASB\u20132024\u201301"}


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_text_is_searched_as_any_text_is(text: str) -> None:
    assert searchable(text) == visible(text).translate(_DASHES).casefold()


def test_no_invisible_character_or_dash_is_ascii() -> None:
    assert min(INVISIBLE) > 127 and min(_DASHES) > 127


@pytest.mark.parametrize("text", [
    "Panel for dhr-2023-01a and SA-2024 (M-2025-03)", "asb-2024-01 closed", "SA-2024-25",
    "DHR\u200b-2023-01", "nothing restricted here", "",
])
def test_a_frozen_set_of_ids_finds_what_a_set_finds(text: str) -> None:
    assert sorted(names_in(text, frozenset(IDS))) == sorted(names_in(text, set(IDS)))
    assert names_in(text, frozenset(IDS)) == names_in(text, frozenset(IDS))


def test_a_frozen_set_finds_every_id_named() -> None:
    found = names_in("DHR-2023-01, sa-2024 and ASB-2024-01", frozenset(IDS))
    assert sorted(found) == ["ASB\u20132024\u201301", "DHR-2023-01", "SA-2024"]
