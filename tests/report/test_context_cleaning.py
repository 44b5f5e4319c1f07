"""`visible_all` gives a clean context back as it is, and cleans every string of one that
holds anything `visible` changes, wherever it sits, exactly as cleaning each string would."""

from __future__ import annotations

from typing import Any

import pytest

from csp_audit.report.clean import visible, visible_all


def each(value: Any) -> Any:
    """What cleaning string by string gives: the definition `visible_all` must match."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, dict):
        return {key: each(item) for key, item in value.items()}
    if isinstance(value, list):
        return [each(item) for item in value]
    return value


def context(text: str) -> dict[str, Any]:
    return {"title": "Board — minutes", "count": 3, "none": None, "ok": True,
            "findings": [{"reason": "Met 4 times.", "evidence": [{"record": text}]}],
            "pair": ("kept", text)}


CHARACTERS = [chr(code) for code in (*range(0x00, 0x300), *range(0x600, 0x620),
                                     *range(0x2000, 0x2070), *range(0xFE00, 0x10000),
                                     0x1F600, 0x10FFFF)]


@pytest.mark.parametrize("prefix", ["", "é", "a\\", "—", "\\u00"])
def test_every_character_cleaned_as_string_by_string(prefix: str) -> None:
    for char in CHARACTERS:
        value = context(f"{prefix}{char}x")
        assert visible_all(value) == each(value), hex(ord(char))


@pytest.mark.parametrize("text", ["\x01", "a\rb", "\u202e", "\x85", "\u2028", "\ufeff",
                                  "\ud800", "\x7f"])
def test_a_deep_string_needing_cleaning_is_cleaned(text: str) -> None:
    value = context(text)
    cleaned = visible_all(value)
    assert cleaned == each(value)
    assert cleaned["findings"][0]["evidence"][0]["record"] == visible(text) != text


def test_a_clean_context_comes_back_as_it_is() -> None:
    value = context("DHR-2024-01 – report\tand\nnotes \\ backslash")
    assert visible_all(value) is value


@pytest.mark.parametrize("value", [{1: "non-string key"}, {"big": 2 ** 70, "t": "a\x01"},
                                   {"k\x01": "a key is never cleaned"}, "\r\n", 7])
def test_what_orjson_cannot_write_is_cleaned_the_old_way(value: Any) -> None:
    assert visible_all(value) == each(value)
