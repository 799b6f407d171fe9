"""The run summary counts every row: outcomes, reasons, parties, families, errors and versions."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from dualuse.determine.outcome import Outcome
from dualuse.explain.report import ReportRow, RunSummary
from dualuse.explain.report.outcomes import OUTCOME_ORDER
from tests.explain.builders import summarise


def test_outcome_order_is_the_engines_precedence_most_restrictive_first() -> None:
    """The report orders outcomes exactly as the engine ranks them, most restrictive first."""
    assert tuple(o.value for o in sorted(Outcome, key=lambda o: -o.rank)) == OUTCOME_ORDER


def test_counts_by_outcome_and_errors(summary: RunSummary) -> None:
    """Each outcome is counted once per row, in report order, and the error row separately."""
    assert list(summary.outcome_counts.items()) == [
        ("prohibited", 2),
        ("licence_required", 5),
        ("review", 2),
        ("authorised", 1),
        ("no_licence_required", 2),
    ]
    assert (summary.total_rows, summary.checked_rows, summary.error_rows) == (13, 12, 1)
    assert summary.first_errors == (
        (13, "as_of: '2026-02-30' is not a date; give the date of the shipment as YYYY-MM-DD"),
    )


def test_every_outcome_is_listed_even_when_no_row_has_it(headers: tuple[str, ...], versions: dict[str, str]) -> None:
    """A run without, say, prohibited rows still reports a count of zero for it."""
    summary = summarise([], headers, versions)
    assert summary.outcome_counts == dict.fromkeys(OUTCOME_ORDER, 0)
    assert summary.total_rows == 0


def test_top_reasons_count_rows_per_rule_split_by_the_outcome_contributed(summary: RunSummary) -> None:
    """The listed-item rule leads (9 rows), split into licence required, review and authorised."""
    top = summary.reasons[0]
    assert top.key == "cn.listed_item.licence_required"
    assert top.label == "Exporting a listed dual-use item needs a licence"
    assert dict(top.by_outcome) == {"licence_required": 7, "review": 1, "authorised": 1}
    assert [(t.key, t.rows) for t in summary.reasons[1:3]] == [
        ("cn.japan.military_end_use_ban", 3),
        ("cn.no_measure_applies", 2),
    ]


def test_informational_findings_are_not_reasons(summary: RunSummary) -> None:
    """A measure suspended on the date explains but does not count as a reason."""
    assert "cn.us.critical_minerals_not_licensed" not in {t.key for t in summary.reasons}


def test_parties_hit_keep_their_own_names_and_list(summary: RunSummary) -> None:
    """Listed parties are counted under their own-language name, with the list and the English name."""
    parties = {t.key: t for t in summary.parties}
    mitsubishi = parties["MOFCOM-2026-11:01"]
    assert mitsubishi.label == "三菱造船株式会社"
    assert mitsubishi.detail["list"] == "Control List"
    assert mitsubishi.detail["english_name"] == "Mitsubishi Heavy Industries Shipbuilding Co."
    assert dict(mitsubishi.by_outcome) == {"prohibited": 1}
    assert parties["MOFCOM-2026-12:01"].label == "株式会社SUBARU"
    assert set(parties) == {"MOFCOM-2026-11:01", "MOFCOM-2026-12:01", "jp.atla", "jp.mod"}


def test_families_count_codes_in_force_only(summary: RunSummary) -> None:
    """Controlled items are counted by family; a candidate code awaiting parameters is not counted."""
    families = {t.key: dict(t.by_outcome) for t in summary.families}
    assert families["samarium"] == {"prohibited": 1, "licence_required": 1}
    assert families["graphite"] == {"licence_required": 1}
    assert "lithium_battery" not in families
    assert summary.families[0].key in {"samarium", "dysprosium"}


def test_as_of_range_individual_licences_and_questions(summary: RunSummary) -> None:
    """Without a run date the summary gives the range of the rows' own dates."""
    assert (summary.first_as_of, summary.last_as_of) == ("2026-03-02", "2026-03-13")
    assert summary.as_of_text == "each row's own date (2026-03-02 to 2026-03-13)"
    assert summary.individual_licence_only_rows == 1
    assert summary.rows_with_questions == 3


def test_rows_determined_with_other_versions_are_flagged(report_rows: list[ReportRow], headers: tuple[str, ...],
                                                         versions: dict[str, str]) -> None:  # fmt: skip
    """A row determined under another rule-base digest is reported, because it is not reproducible from the run's."""
    row = report_rows[0]
    assert row.determination is not None
    changed: dict[str, Any] = {**row.determination, "rulebase_digest": "sha256:" + "0" * 64}
    summary = summarise([ReportRow(row.number, row.cells, changed), *report_rows[1:]], headers, versions)
    assert len(summary.other_versions) == 1
    other, count = summary.other_versions[0]
    assert (other["rulebase_digest"], count) == ("sha256:" + "0" * 64, 1)


def test_summary_is_json_ready(summary: RunSummary) -> None:
    """summary.json carries the versions, the counts and the tallies as plain JSON."""
    data = json.loads(json.dumps(summary.to_dict(), ensure_ascii=False))
    assert data["outcomes"]["licence_required"] == 5
    assert data["rulebase_version"] == summary.versions["rulebase_version"]
    assert data["rulebase_digest"].startswith("sha256:")
    assert data["as_of"] is None
    assert data["parties_hit"][0]["rows"] == 1


def test_a_run_as_of_date_is_shown_as_given(headers: tuple[str, ...], versions: dict[str, str]) -> None:
    """When the run gives one as-of date for every row, the summary shows that date."""
    from dualuse.explain.report import ReportAggregator
    from tests.explain.builders import FINISHED, STARTED

    aggregator = ReportAggregator(run_id="r", source="a.csv", source_format="csv", headers=headers,
                                  as_of=date(2026, 3, 1), versions=versions, started_at=STARTED)  # fmt: skip
    assert aggregator.summary(finished_at=FINISHED).as_of_text == "2026-03-01"
