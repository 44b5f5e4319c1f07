"""'Did you mean': only close names are offered, at most three, in order."""

from __future__ import annotations

from csp_audit.model.errors import did_you_mean


def test_did_you_mean_offers_only_close_names() -> None:
    codes = ["norfolk", "north-east-lincolnshire", "richmond", "sefton", "thurrock"]
    assert did_you_mean("SEFON", codes) == "; did you mean 'sefton'?"
    assert did_you_mean("somewhere", codes) == ""
    assert did_you_mean("NAT-PUBLIC-MEETNG", ["NAT-PUBLIC-MEETING", "NAT-DHR-PUBLICATION"]
                        ) == "; did you mean 'NAT-PUBLIC-MEETING'?", "no distant second guess"
    assert did_you_mean("boad", ["road", "boar", "board"]) == "; did you mean 'board'?"
    assert did_you_mean("meet", ["met", "meat", "meets", "greet"]) == (
        "; did you mean 'meets' or 'met'?")
    assert did_you_mean("B-2024", ["B-2024-9", "B-2024-6", "B-2024-7", "B-2024-8"]) == (
        "; did you mean 'B-2024-6', 'B-2024-7' or 'B-2024-8'?"), "three at most, in order"
