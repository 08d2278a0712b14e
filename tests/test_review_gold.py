"""Reviewed documents become gold: review export-gold, then evaluate."""
from __future__ import annotations

import json

from click.testing import CliRunner
from openpyxl import load_workbook
from test_review_workbook import PLAN, clerk_edits, col, db, exported, review_workbook, run  # noqa: F401

from analyzer.cli import main
from analyzer.review.workbook import RESULT, SHEET, header_row


def review_everything(db, tmp_path) -> None:
    path = review_workbook(db, tmp_path)
    clerk_edits(path)
    wb = load_workbook(path)
    ws = wb[SHEET]
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, col(ws, "重点任务")).value and not ws.cell(r, col(ws, RESULT)).value:
            ws.cell(r, col(ws, RESULT)).value = "通过"
    wb.save(path)
    assert run("review", "import", path, "--db", db, "--reviewer", "王科长").exit_code == 0


def test_export_gold_scores_one_against_itself(db, tmp_path):
    review_everything(db, tmp_path)
    gold = tmp_path / "gold"
    res = run("review", "export-gold", "--db", db, "-o", gold)
    assert res.exit_code == 0 and "1 reviewed document(s)" in res.output
    data = json.loads((gold / "plan.json").read_text(encoding="utf-8"))
    assert data["doc_id"] == "plan" and data["doc_date"] == "2024-02-23"
    assert len(data["tasks"]) == 4
    added = next(t for t in data["tasks"] if t["text"].startswith("市商务局"))
    assert added == {"text": "市商务局要确保首季外贸进出口实现开门红", "units": ["市商务局"], "inherited_units": [],
                     "targets": [], "deadlines": [{"text": "首季", "end": "2024-03-31"}]}
    assert (gold / "plan.txt").read_text(encoding="utf-8").startswith("（2024年2月23日）")

    records = tmp_path / "reviewed.jsonl"
    assert run("export", "--db", db, "-o", records, "-q").exit_code == 0
    res = run("evaluate", "--gold", gold, "--predictions", records, "--json")
    assert res.exit_code == 0, res.output
    figures = json.loads(res.output)
    for field in ("tasks", "units", "units+inherited", "targets", "deadlines"):
        assert figures[field]["f1"] == 1.0, field
    assert figures["deadline_end"]["accuracy"] == 1.0

    # the extractor against what people decided: it missed one task and found one they deleted
    res = run("evaluate", "--gold", gold, "--json")
    figures = json.loads(res.output)
    assert figures["tasks"]["tp"] == 3 and figures["tasks"]["fp"] == 1 and figures["tasks"]["fn"] == 1


def test_export_gold_skips_documents_not_fully_reviewed(db, tmp_path):
    res = run("review", "export-gold", "--db", db, "-o", tmp_path / "g")
    assert res.exit_code == 2 and "skipped plan: not reviewed" in res.output
    path = review_workbook(db, tmp_path)
    wb = load_workbook(path)
    ws = wb[SHEET]
    ws.cell(header_row(ws) + 1, col(ws, RESULT)).value = "通过"  # one task of four
    wb.save(path)
    assert run("review", "import", path, "--db", db, "--reviewer", "王科长").exit_code == 0
    res = run("review", "export-gold", "--db", db, "-o", tmp_path / "g")
    assert res.exit_code == 2 and "skipped plan: 3 of 4 tasks not reviewed yet" in res.output
    assert not (tmp_path / "g" / "plan.json").exists()
    res = run("review", "export-gold", "--db", db, "-o", tmp_path / "g", "--partial")
    assert res.exit_code == 0 and (tmp_path / "g" / "plan.json").exists()


def test_evaluate_predictions_file_errors_are_clear(tmp_path, corpora):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc_id": "x", "text": "a"}\nnot json\n', encoding="utf-8")
    res = CliRunner().invoke(main, ["evaluate", "--gold", str(corpora), "--predictions", str(bad)])
    assert res.exit_code == 2 and "bad.jsonl" in res.output and "line 2 is not JSON" in res.output
