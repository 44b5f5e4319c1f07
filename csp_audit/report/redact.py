"""The public version's one redaction step: every free-text field of a report context that
names a restricted record is withheld, and the context says how many were.

Why one step over the whole context, not a check in each place that shows text: the first
public reports filtered reasons and evidence where they were made, and a meeting title
naming a DHR case ("Panel for DHR-2024-01") reached the timeline, a waiver's reason every
format. Here every string under a free-text key, wherever it sits in the context (findings,
attention, trend, timeline, heat map, waivers, checklists, sources), passes through
`csp_audit.model.restricted.names_in`; a format added later inherits it.
"""

from __future__ import annotations

from typing import Any

from csp_audit.model.restricted import names_in, withheld_text

FREE_TEXT_KEYS = frozenset({
    "title", "reason", "line", "record", "text", "guidance", "basis", "approved_by",
    "name", "cite", "item", "label", "short_label", "compared_with",
})
"""Keys whose string values come from a workbook or a checklist someone wrote."""
LINK_KEYS = frozenset({"url"})
"""A link naming a restricted record is dropped (None), not replaced by words."""
TEXT_LIST_KEYS = frozenset({"warnings", "name_lines"})
"""Keys whose values are lists of free text."""


class Redaction:
    """Withholds what names `restricted`, counting each text withheld."""

    def __init__(self, restricted: set[str]) -> None:
        self.restricted = restricted
        self.withheld = 0

    def text(self, value: str) -> str:
        named = names_in(value, self.restricted)
        if not named:
            return value
        self.withheld += 1
        return withheld_text(len(named))

    def value(self, key: str | None, value: Any) -> Any:
        if isinstance(value, dict):
            return self.mapping(value)
        if isinstance(value, list):
            if key in TEXT_LIST_KEYS:
                return self.text_list(key, value)
            return [self.value(None, item) for item in value]
        if isinstance(value, str):
            if key in FREE_TEXT_KEYS:
                return self.text(value)
            if key in LINK_KEYS and names_in(value, self.restricted):
                self.withheld += 1
                return None
        return value

    def text_list(self, key: str, lines: list[Any]) -> list[Any]:
        if key == "name_lines":  # one name wrapped: a long word may be split across lines
            spaced, joined = " ".join(map(str, lines)), "".join(map(str, lines))
            if names_in(spaced, self.restricted) or names_in(joined, self.restricted):
                self.withheld += 1
                return [withheld_text()]
            return lines
        return [self.text(line) if isinstance(line, str) else line for line in lines]

    def mapping(self, values: dict[str, Any]) -> dict[str, Any]:
        return {key: self.value(key, value) for key, value in values.items()}


def redact(part: Any, restricted: set[str]) -> tuple[Any, int]:
    """`part` of a context (a dict, list or string) with every free text naming a
    restricted record withheld, and how many texts were."""
    if not restricted:
        return part, 0
    redaction = Redaction(restricted)
    return redaction.value(None, part), redaction.withheld
