"""The timeline's case deadlines are the ones the rules judged, not a second computation."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from support.kinds import records

from csp_audit.model.findings import AuditResult
from csp_audit.model.records import AsbReview, DhrCase, Place, Waiver
from csp_audit.report.context import build_context
from csp_audit.report.formats import write_reports
from csp_audit.report.templates import options_for
from csp_audit.rules.checklists import Library
from csp_audit.rules.engine import run_audit
from csp_audit.store.connect import open_database
from csp_audit.store.runs import fetch_audit, save_audit

AS_OF = date(2024, 9, 30)
UNDECIDED = DhrCase("DHR-A", Place("DHR", 2), notified=date(2024, 5, 1))


def audited(*waivers: Waiver, asb: tuple[AsbReview, ...] = ()) -> tuple[AuditResult, object]:
    recs = records(dhr_cases=(UNDECIDED,), asb_reviews=asb, waivers=waivers)
    rules = Library().resolve(["national"])
    return run_audit(recs, rules, "2024-25", AS_OF, AS_OF), recs


def deadline_events(result: AuditResult, recs: object, public: bool = False) -> list[dict]:
    context = build_context(result, recs, None, public)  # type: ignore[arg-type]
    lanes = {lane["id"]: lane for lane in context["timeline"]["lanes"]}
    return lanes["deadlines"]["events"]


def test_a_deadline_the_rule_does_not_judge_is_not_drawn() -> None:
    """NAT-DHR-HOME-OFFICE applies only once a decision is made: no Home Office deadline
    may show as missed while that rule is green."""
    result, recs = audited()
    by_id = {f.rule_id: f for f in result.findings}
    assert by_id["NAT-DHR-DECISION"].status == "red"
    assert by_id["NAT-DHR-HOME-OFFICE"].deadlines == ()
    events = deadline_events(result, recs)
    assert [(e["date"], e["mark"]) for e in events] == [("2024-06-01", "missed")]
    assert events[0]["text"] == "DHR-A: the decision within 1 month of notification"
    assert not [e for e in events if "Home Office" in e["text"]]


def test_asb_deadlines_are_the_rules_working_days_and_open_ones_show() -> None:
    """10 working days from 2 September 2024 is 16 September; the review (25 working days
    from the threshold decision) is not yet due on as-of, so it shows as open."""
    review = AsbReview("ASB-B", Place("ASB case reviews", 2), received=date(2024, 9, 2),
                       threshold_met=True, threshold_decided=date(2024, 9, 10))
    result, recs = audited(asb=(review,))
    events = [e for e in deadline_events(result, recs) if e["text"].startswith("ASB-B")]
    assert [(e["date"], e["mark"]) for e in events] == [
        ("2024-09-16", "met"), ("2024-10-15", "open"), ("2024-12-02", "open")]


def test_a_waived_rule_says_so_on_its_deadlines() -> None:
    waiver = Waiver("NAT-DHR-DECISION", "Criminal trial pending", date(2025, 3, 31),
                    Place("Waivers", 2))
    result, recs = audited(waiver)
    events = deadline_events(result, recs)
    assert [e["text"] for e in events] == [
        "DHR-A: the decision within 1 month of notification (rule waived)"]


def test_public_timeline_leaves_restricted_deadlines_out_of_its_counts() -> None:
    result, recs = audited()
    context = build_context(result, recs, None, True)  # type: ignore[arg-type]
    assert deadline_events(result, recs, public=True) == []
    assert context["timeline"]["deadlines"] == {"met": 0, "missed": 0, "open": 0}
    assert context["timeline"]["withheld"] == 1


def test_deadlines_survive_the_database(tmp_path: Path) -> None:
    result, _ = audited()
    engine = open_database(str(tmp_path / "audit.db"))
    stored = fetch_audit(engine, save_audit(engine, result).run_id)
    engine.dispose()
    assert stored is not None
    assert stored.findings == result.findings


def test_a_database_made_before_deadlines_were_kept_gains_the_column(tmp_path: Path) -> None:
    db = str(tmp_path / "old.db")
    engine = open_database(db)
    old = fetch_audit(engine, save_audit(engine, audited()[0]).run_id)
    with engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE finding DROP COLUMN deadlines")
    engine.dispose()
    engine = open_database(db)
    first = fetch_audit(engine, 1)
    result, _ = audited()
    again = fetch_audit(engine, save_audit(engine, result).run_id)
    engine.dispose()
    assert old is not None and first is not None and again is not None
    assert all(f.deadlines == () for f in first.findings)
    assert again.findings == result.findings


def test_an_open_deadline_is_drawn_and_listed(tmp_path: Path) -> None:
    review = AsbReview("ASB-B", Place("ASB case reviews", 2), received=date(2024, 9, 2),
                       threshold_met=True, threshold_decided=date(2024, 9, 10))
    result, recs = audited(asb=(review,))
    context = build_context(result, recs, None, False)  # type: ignore[arg-type]
    page = write_reports(context, ["html"], tmp_path, options_for())[0].read_text("utf-8")
    assert 'stroke-dasharray="3 2"/>' in page
    assert ("<td>Case deadlines: deadline not yet due</td><td>ASB-B: completion of the review "
            "within 3 months of receipt of the application</td>") in page
    assert "2 not yet due." in page
