"""The review layer: decisions over records (model) and the ledger in the store."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from analyzer.anchors import match_anchors
from analyzer.pipeline import analyze_text
from analyzer.records import TaskRecord, UnitMention
from analyzer.review.ledger import Ledger
from analyzer.review.model import (
    Decision,
    ReviewError,
    ReviewRow,
    apply_reviews,
    cell_text,
    field_value,
    in_force,
    parse_deadline,
    same_value,
    split_units,
    with_value,
)
from analyzer.store import DocumentRow, Store

TEXT = ("（2024年2月23日）\n"
        "市发展改革委要在年内完成重大项目库的全面更新。\n"
        "市财政局要在6月底前拨付首批产业引导资金3000万元。\n"
        "市住房城乡建设局要于2024年底前建成保障性租赁住房3000套。\n")


def record(text="市财政局要在6月底前拨付资金", task_id="d#1", start=0, **kw) -> TaskRecord:
    return TaskRecord("d", task_id, text, start, start + len(text), doc_date="2024-02-23", **kw)


def row(n, task_id, action, field=None, new=None, placed=True) -> ReviewRow:
    return ReviewRow(n, "d", task_id, action, field, None, new, "甲", dt.datetime(2024, 3, n), "api", "", -1, -1,
                     placed)


# --- model -----------------------------------------------------------------

@pytest.mark.parametrize("cell, expected", [
    ("2024年底前", ("2024年底前", "2024-12-31")),
    ("6月底前", ("6月底前", "2024-06-30")),
    ("首季", ("首季", "2024-03-31")),
    ("年底前（2025-12-31）", ("年底前", "2025-12-31")),
    ("2024-09-30", ("2024-09-30", "2024-09-30")),
])
def test_parse_deadline_cells(cell, expected):
    words, _, end = parse_deadline(cell, "2024-02-23")
    assert (words, end) == expected


@pytest.mark.parametrize("cell", ["尽快", "早日", "2024-02-30", "下一步"])
def test_parse_deadline_refuses_what_no_calendar_places(cell):
    with pytest.raises(ValueError):
        parse_deadline(cell, "2024-02-23")


def test_parse_deadline_without_a_document_date_asks_for_the_date():
    with pytest.raises(ValueError, match="document's date"):
        parse_deadline("年底前", None)
    assert parse_deadline("年底前（2024-12-31）", None)[2] == "2024-12-31"


def test_same_value_compares_what_cells_mean():
    assert same_value("deadlines", "6月底前", "6月底前（2024-06-30）", "2024-02-23")
    assert not same_value("deadlines", "6月底前", "9月底前", "2024-02-23")
    assert same_value("lead", "市财政局、市审计局", "市财政局，市审计局", None)
    assert not same_value("lead", "市财政局", "市审计局", None)


def test_with_value_finds_offsets_in_the_sentence():
    doc_text = "前言。市财政局要在6月底前拨付资金"
    r = record(start=3)
    r2 = with_value(r, "lead", "市财政局、市审计局", doc_text)
    assert [(u.name, u.role, u.start, u.end, u.source) for u in r2.units] == [
        ("市财政局", "lead", 3, 7, "review"), ("市审计局", "lead", -1, -1, "review")]
    r3 = with_value(r, "deadlines", "6月底前", doc_text)
    assert [(d.text, d.start, d.end_date, d.basis) for d in r3.deadlines] == [("6月底前", 9, "2024-06-30", "reviewed")]
    r4 = with_value(r, "targets", "资金3000万元", doc_text)
    assert r4.targets[0].value == 3e7 and r4.targets[0].start == -1


def test_field_value_round_trips_through_with_value():
    r = analyze_text(TEXT, "d").records[1]
    for name in ("text", "lead", "responsible", "cooperate", "targets", "deadlines"):
        again = with_value(r, name, field_value(r, name), TEXT)
        assert field_value(again, name) == field_value(r, name)


def test_apply_reviews_latest_wins_and_delete_can_be_undone():
    recs = [record(task_id="d#1"), record("市审计局要开展审计", "d#2", start=20)]
    rows = [row(1, "d#1", "edit", "lead", "市财政局"), row(2, "d#1", "edit", "lead", "市审计局"),
            row(3, "d#2", "delete"), row(4, "d#2", "accept")]
    out = apply_reviews(recs, rows)
    assert [(t.task_id, t.status) for t in out] == [("d#1", "edited"), ("d#2", "accepted")]
    assert [u.name for u in out[0].record.units] == ["市审计局"]
    assert out[0].reviewed_fields == ("lead",)
    assert apply_reviews(recs, rows[:3])[-1].task_id == "d#1"  # deleted: left out
    assert apply_reviews(recs, rows[:3], keep_deleted=True)[-1].status == "deleted"


def test_apply_reviews_ignores_unplaced_rows_and_places_added_tasks_by_offset():
    recs = [record(task_id="d#1"), record("市审计局要开展审计", "d#2", start=40)]
    rows = [row(1, "d#1", "edit", "lead", "市财政局", placed=False),
            row(2, "d#r1", "add", new='{"text": "市商务局要稳外贸", "lead": "市商务局", "span": [20, 28]}')]
    out = apply_reviews(recs, rows)
    assert [(t.task_id, t.status) for t in out] == [("d#1", "unreviewed"), ("d#r1", "added"), ("d#2", "unreviewed")]
    assert out[1].record.units == (UnitMention("市商务局", "lead", False, -1, -1, "review"),)


@pytest.mark.parametrize("value, units", [
    ("市财政局、市审计局", ["市财政局", "市审计局"]),        # a workbook cell: its separators
    ("市财政局，市审计局；市统计局", ["市财政局", "市审计局", "市统计局"]),
    ("市委、市政府督查室\n", ["市委、市政府督查室"]),          # one unit per line: only line breaks
    ("市委、市政府督查室\n 市财政局 \n\n", ["市委、市政府督查室", "市财政局"]),
    ("市财政局\r\n市审计局、市统计局", ["市财政局", "市审计局、市统计局"]),
])
def test_split_units_reads_one_unit_per_line_when_the_value_has_line_breaks(value, units):
    assert split_units(value) == units


def test_a_unit_cell_one_per_line_keeps_a_single_joint_office_whole():
    stored = cell_text("lead", " 市委、市政府督查室 \n")
    assert stored == "市委、市政府督查室\n" and cell_text("text", " 任务 \n") == "任务"
    r = with_value(record(), "lead", stored)
    assert [u.name for u in r.units] == ["市委、市政府督查室"]
    assert [u.name for u in with_value(record(), "lead", "市委、市政府督查室").units] == ["市委", "市政府督查室"]


def test_in_force_leaves_out_what_an_undo_took_back():
    undo = lambda n, *ids: row(n, "d#1", "undo", new=str(list(ids)))  # noqa: E731
    rows = [row(1, "d#1", "accept"), row(2, "d#1", "edit", "lead", "市财政局"), undo(3, 2)]
    assert [r.review_id for r in in_force(rows)] == [1]
    assert [r.review_id for r in in_force(rows + [undo(4, 3)])] == [1, 2]  # an undo undone: the edit again
    out = apply_reviews([record(task_id="d#1")], rows)
    assert out[0].status == "accepted" and out[0].reviewed_fields == ()
    assert apply_reviews([record(task_id="d#1")], rows + [undo(4, 1)])[0].status == "unreviewed"


# --- ledger ------------------------------------------------------------------

@pytest.fixture
def store(tmp_path):
    analysis = analyze_text(TEXT, "plan")
    with Store(tmp_path / "s.duckdb") as s:
        s.put(DocumentRow("plan", "plan.txt", "h1", doc_date="2024-02-23", date_source="text"),
              analysis.records, analysis.document.text)
        yield s


def test_ledger_apply_is_all_or_nothing(store):
    ledger = Ledger(store)
    good = Decision("edit", "plan", "plan#1", {"cooperate": "市自然资源局"}, where="a")
    with pytest.raises(ReviewError) as err:
        ledger.apply([good, Decision("edit", "plan", "plan#2", {"deadlines": "尽快"}, where="b"),
                      Decision("accept", "nope", "nope#1", where="c"),
                      Decision("frobnicate", "plan", "plan#1", where="d")], "甲")
    assert [p.split(":")[0] for p in err.value.problems] == ["b", "c", "d"]
    assert ledger.rows() == []
    with pytest.raises(ReviewError, match="reviewer"):
        ledger.apply([good], " ")
    result = ledger.apply([good], "甲")
    assert (result.edited, result.fields) == (1, 1)
    r = ledger.rows()[0]
    assert (r.action, r.field, r.old_value, r.new_value, r.reviewer, r.anchor_text) == (
        "edit", "cooperate", "", "市自然资源局", "甲", store.records("plan")[0].text)


def test_ledger_keeps_history_old_to_new(store):
    ledger = Ledger(store)
    ledger.apply([Decision("edit", "plan", "plan#2", {"lead": "市财政局"})], "甲")
    ledger.apply([Decision("edit", "plan", "plan#2", {"lead": "市审计局"})], "乙")
    history = [(r.old_value, r.new_value, r.reviewer) for r in ledger.rows("plan")]
    assert history == [("", "市财政局", "甲"), ("市财政局", "市审计局", "乙")]


def test_reviews_follow_their_tasks_when_a_new_analyzer_renumbers_them(store):
    ledger = Ledger(store)
    ledger.apply([Decision("edit", "plan", "plan#2", {"lead": "市财政局"}),
                  Decision("delete", "plan", "plan#3"),
                  Decision("add", "plan", None, {"text": "市商务局要确保首季外贸进出口实现开门红"})], "甲")
    old = store.records("plan")
    # a "new version" finds one more task first, words one task differently and loses none
    extra = replace(old[0], text="全市上下要凝心聚力", start=0, end=9)
    new = [extra] + [replace(r, text=r.text + "工作" if k == 1 else r.text) for k, r in enumerate(old)]
    new = [replace(r, task_id=f"plan#{k}") for k, r in enumerate(new, 1)]
    store.put(DocumentRow("plan", "plan.txt", "h2", doc_date="2024-02-23"), new, store.text("plan"))
    by_status = {t.status: t for t in ledger.reviewed("plan", keep_deleted=True) if t.status != "unreviewed"}
    assert by_status["edited"].task_id == "plan#3" and by_status["edited"].record.text.endswith("工作")
    assert [u.name for u in by_status["edited"].record.units if u.role == "lead"] == ["市财政局"]
    assert by_status["deleted"].task_id == "plan#4"
    assert by_status["added"].task_id == "plan#r1"
    assert ledger.unplaced() == []


def test_reviews_of_a_task_that_is_gone_are_flagged_not_lost(store):
    ledger = Ledger(store)
    ledger.apply([Decision("edit", "plan", "plan#3", {"lead": "市住房城乡建设局"})], "甲")
    old = store.records("plan")
    store.put(DocumentRow("plan", "plan.txt", "h2", doc_date="2024-02-23"), old[:2], store.text("plan"))
    unplaced = ledger.unplaced("plan")
    assert [(r.field, r.new_value, r.anchor_text) for r in unplaced] == [("lead", "市住房城乡建设局", old[2].text)]
    assert all(t.status == "unreviewed" for t in ledger.reviewed("plan"))
    # the task comes back in a later extraction: the review finds it again
    store.put(DocumentRow("plan", "plan.txt", "h3", doc_date="2024-02-23"), old, store.text("plan"))
    assert ledger.unplaced() == []
    assert [t.status for t in ledger.reviewed("plan")] == ["unreviewed", "unreviewed", "edited"]


def test_an_added_task_the_extractor_later_finds_is_not_doubled(store):
    ledger = Ledger(store)
    old = store.records("plan")
    store.put(DocumentRow("plan", "plan.txt", "h2", doc_date="2024-02-23"), old[:2], store.text("plan"))
    ledger.apply([Decision("add", "plan", None, {"text": old[2].text, "lead": "市住房城乡建设局"},
                           span=(old[2].start, old[2].end))], "甲")
    assert [t.status for t in ledger.reviewed("plan")] == ["unreviewed", "unreviewed", "added"]
    store.put(DocumentRow("plan", "plan.txt", "h3", doc_date="2024-02-23"), old, store.text("plan"))
    tasks = ledger.reviewed("plan")
    assert len(tasks) == 3 and tasks[2].task_id == old[2].task_id
    assert tasks[2].status == "edited" and tasks[2].reviewed_fields == ("text", "lead")


def test_match_anchors_is_one_to_one_and_prefers_the_same_place():
    recs = [record("市财政局要拨付资金", "n#1", 0), record("市财政局要拨付资金", "n#2", 50),
            record("完全不同的句子内容", "n#3", 90)]
    moves = match_anchors({"o#1": ("市财政局要拨付资金", 50, 59), "o#2": ("市财政局要拨付资金", 0, 9),
                           "o#3": ("市审计局要开展审计工作", 90, 100)}, recs)
    assert moves == {"o#1": "n#2", "o#2": "n#1"}


def test_progress_counts_tasks_by_status(store):
    Ledger(store).apply([Decision("accept", "plan", "plan#1"), Decision("delete", "plan", "plan#2")], "甲")
    assert Ledger(store).progress() == {"plan": {"accepted": 1, "deleted": 1, "unreviewed": 1}}


def test_a_task_added_to_a_document_without_extracted_tasks_keeps_its_deadline(tmp_path):
    with Store(tmp_path / "s.duckdb") as s:
        s.put(DocumentRow("empty", "e.txt", "h", doc_date="2024-02-23", date_source="given"), [],
              "（2024年2月23日）\n会议强调了有关情况。\n")
        Ledger(s).apply([Decision("add", "empty", None, {"text": "市商务局要确保首季外贸开门红", "deadlines": "首季"})],
                         "甲")
        (task,) = Ledger(s).reviewed("empty")
        assert [(d.text, d.end_date) for d in task.record.deadlines] == [("首季", "2024-03-31")]
        assert task.record.doc_date == "2024-02-23"


def _undo(ledger, task_id, result, doc="plan"):
    return ledger.apply([Decision("undo", doc, task_id, undo=tuple(result.review_ids))], "甲")


def test_ledger_undo_restores_the_state_before_the_decision(store):
    ledger = Ledger(store)
    status = lambda: {t.task_id: t for t in ledger.reviewed("plan", keep_deleted=True)}  # noqa: E731
    accepted = ledger.apply([Decision("accept", "plan", "plan#1")], "甲")
    assert _undo(ledger, "plan#1", accepted).undone == 1
    assert status()["plan#1"].status == "unreviewed" and status()["plan#1"].reviewer is None
    ledger.apply([Decision("edit", "plan", "plan#2", {"lead": "市财政局"})], "甲")
    second = ledger.apply([Decision("edit", "plan", "plan#2", {"lead": "市审计局", "cooperate": "市统计局"})], "乙")
    assert len(second.review_ids) == 2  # one row per changed field: undone together
    _undo(ledger, "plan#2", second)
    task = status()["plan#2"]
    assert task.status == "edited" and field_value(task.record, "lead") == "市财政局"
    assert field_value(task.record, "cooperate") == ""
    deleted = ledger.apply([Decision("delete", "plan", "plan#2")], "甲")
    _undo(ledger, "plan#2", deleted)
    assert status()["plan#2"].status == "edited"  # as before the delete, not unreviewed
    added = ledger.apply([Decision("add", "plan", None, {"text": "市商务局要稳外贸"})], "甲")
    _undo(ledger, "plan#r1", added)
    assert "plan#r1" not in status()
    undo_rows = [r for r in ledger.rows("plan") if r.action == "undo"]
    assert [r.new_value for r in undo_rows][0] == str(accepted.review_ids)
    assert all(r.anchor_text for r in undo_rows)  # found again after a re-extraction, as its task is


def test_ledger_refuses_an_undo_of_rows_it_cannot_take_back(store):
    ledger = Ledger(store)
    first = ledger.apply([Decision("accept", "plan", "plan#1")], "甲")
    with pytest.raises(ReviewError) as err:
        ledger.apply([Decision("undo", "plan", "plan#2", undo=tuple(first.review_ids), where="a"),
                      Decision("undo", "plan", "plan#1", where="b"),
                      Decision("undo", "plan", "plan#1", {"lead": "x"}, undo=(1,), where="c"),
                      Decision("undo", "plan", "plan#1", undo=(99,), where="d")], "甲")
    assert [p.split(":")[0] for p in err.value.problems] == ["a", "b", "c", "d"]
    undo = _undo(ledger, "plan#1", first)
    with pytest.raises(ReviewError) as err:
        _undo(ledger, "plan#1", first)
    assert "was already taken back" in err.value.problems[0]
    with pytest.raises(ReviewError) as err:
        _undo(ledger, "plan#1", undo)
    assert "is itself an undo" in err.value.problems[0]


def test_an_undo_follows_its_task_when_a_new_analyzer_renumbers_it(store):
    ledger = Ledger(store)
    ledger.apply([Decision("accept", "plan", "plan#2")], "甲")
    edit = ledger.apply([Decision("edit", "plan", "plan#2", {"lead": "市审计局"})], "甲")
    _undo(ledger, "plan#2", edit)
    old = store.records("plan")
    new = [replace(old[0], text="全市上下要凝心聚力", start=0, end=9)] + list(old)
    new = [replace(r, task_id=f"plan#{k}") for k, r in enumerate(new, 1)]
    store.put(DocumentRow("plan", "plan.txt", "h2", doc_date="2024-02-23"), new, store.text("plan"))
    moved = {t.task_id: t for t in ledger.reviewed("plan")}["plan#3"]
    assert moved.status == "accepted" and field_value(moved.record, "lead") != "市审计局"
    assert ledger.unplaced() == []
