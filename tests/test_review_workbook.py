"""The Excel round trip: review export → a clerk's edits in openpyxl → review import → export."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from analyzer.cli import main
from analyzer.review.ledger import Ledger
from analyzer.review.workbook import GUIDE_SHEET, HEADER, RESULT, SHEET, TASK_ID, header_row, neighbours
from analyzer.store import Store

PLAN = ("（2024年2月23日）\n关于推进重点项目建设的工作方案\n"
        "一、市发展改革委要在年内完成重大项目库的全面更新。\n"
        "二、市财政局要在6月底前拨付首批产业引导资金3000万元。\n"
        "三、市住房城乡建设局要于2024年底前建成保障性租赁住房3000套。\n"
        "四、市统计局要做好全年经济运行监测分析。\n")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def db(tmp_path):
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    path = tmp_path / "t.duckdb"
    res = run("extract", tmp_path / "plan.txt", "--db", path, "-q")
    assert res.exit_code == 0, res.output
    return path


def exported(db, tmp_path, *args) -> list[dict]:
    out = tmp_path / "out.jsonl"
    res = run("export", "--db", db, "-o", out, "-q", *args)
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def review_workbook(db, tmp_path, name="review.xlsx"):
    path = tmp_path / name
    res = run("review", "export", "--db", db, "-o", path, "-q")
    assert res.exit_code == 0, res.output
    return path


def col(ws, header: str) -> int:
    return [c.value for c in ws[header_row(ws)]].index(header) + 1


def row_of(ws, text_part: str) -> int:
    c = col(ws, "重点任务")
    return next(r for r in range(header_row(ws) + 1, ws.max_row + 1) if text_part in str(ws.cell(r, c).value or ""))


def clerk_edits(path) -> None:
    """What a clerk does: fix a unit, delete a task, change a deadline, add a task."""
    wb = load_workbook(path)
    ws = wb[SHEET]
    r = row_of(ws, "市财政局")
    ws.cell(r, col(ws, "牵头单位")).value = "市财政局"
    ws.cell(r, col(ws, "配合单位")).value = "市发展改革委"
    ws.cell(r, col(ws, RESULT)).value = "修改"
    r = row_of(ws, "市统计局")
    ws.cell(r, col(ws, RESULT)).value = "删除"
    r = row_of(ws, "保障性租赁住房")
    ws.cell(r, col(ws, "完成时限")).value = "9月底前"
    ws.cell(r, col(ws, RESULT)).value = "修改"
    r = row_of(ws, "重大项目库")
    ws.cell(r, col(ws, RESULT)).value = "通过"
    new = ws.max_row + 1 if ws.cell(ws.max_row, col(ws, TASK_ID)).value else _first_blank(ws)
    ws.cell(new, col(ws, "重点任务")).value = "市商务局要确保首季外贸进出口实现开门红"
    ws.cell(new, col(ws, "牵头单位")).value = "市商务局"
    ws.cell(new, col(ws, "完成时限")).value = "首季"
    ws.cell(new, col(ws, RESULT)).value = "新增"
    wb.save(path)


def _first_blank(ws) -> int:
    c = col(ws, TASK_ID)
    return next(r for r in range(header_row(ws) + 1, ws.max_row + 2) if not ws.cell(r, c).value)


def test_review_round_trip_applies_exactly_the_clerks_changes(db, tmp_path):
    before = {d["task_id"]: d for d in exported(db, tmp_path)}
    assert len(before) == 4
    path = review_workbook(db, tmp_path)
    clerk_edits(path)
    res = run("review", "import", path, "--db", db, "--reviewer", "王科长")
    assert res.exit_code == 0, res.output
    assert "1 accepted, 2 edited (3 fields), 1 deleted, 1 added" in res.output

    after = exported(db, tmp_path)
    by_text = {d["text"]: d for d in after}
    assert len(after) == 4  # one deleted, one added
    assert not any("市统计局" in t for t in by_text)
    finance = next(d for t, d in by_text.items() if "市财政局" in t)
    assert [(u["name"], u["role"]) for u in finance["units"]] == [
        ("市财政局", "responsible"), ("市财政局", "lead"), ("市发展改革委", "cooperate")]
    assert finance["review"]["status"] == "edited"
    assert set(finance["review"]["fields"]) == {"lead", "cooperate"}
    assert finance["review"]["reviewer"] == "王科长"
    housing = next(d for t, d in by_text.items() if "保障性租赁住房" in t)
    assert [(x["text"], x["end"]) for x in housing["deadlines"]] == [("9月底前", "2024-09-30")]
    assert housing["review"]["fields"] == ["deadlines"]
    added = by_text["市商务局要确保首季外贸进出口实现开门红"]
    assert added["review"]["status"] == "added"
    assert [u["name"] for u in added["units"]] == ["市商务局"]
    assert [(x["text"], x["end"]) for x in added["deadlines"]] == [("首季", "2024-03-31")]
    # everything the clerk did not touch is as extracted
    accepted = next(d for t, d in by_text.items() if "重大项目库" in t)
    assert accepted["review"]["status"] == "accepted"
    old = before[accepted["task_id"]]
    for key in ("text", "units", "targets", "deadlines", "start", "end"):
        assert accepted[key] == old[key]
    assert housing["targets"] == before[housing["task_id"]]["targets"]

    # the extractor's output is untouched underneath; the raw export shows it
    raw = exported(db, tmp_path, "--extracted")
    assert [d["task_id"] for d in raw] == list(before)
    assert all("review" not in d for d in raw)


def test_review_import_with_one_bad_row_changes_nothing(db, tmp_path):
    path = review_workbook(db, tmp_path)
    clerk_edits(path)
    wb = load_workbook(path)
    ws = wb[SHEET]
    bad = row_of(ws, "重大项目库")
    ws.cell(bad, col(ws, "完成时限")).value = "尽快"  # no calendar can place it
    wb.save(path)
    with Store(db) as store:
        store_before = store.counts(), Ledger(store).rows()
    res = run("review", "import", path, "--db", db, "--reviewer", "王科长")
    assert res.exit_code == 2
    assert f"第{bad}行" in res.output and "尽快" in res.output and "nothing was applied" in res.output
    with Store(db) as store:
        assert (store.counts(), Ledger(store).rows()) == store_before
        assert Ledger(store).rows() == []


@pytest.mark.parametrize("edit, message", [
    (lambda ws, r: [setattr(ws.cell(r, col(ws, TASK_ID)), "value", "plan#99"),
                    setattr(ws.cell(r, col(ws, RESULT)), "value", "通过")], "unknown task id 'plan#99'"),
    (lambda ws, r: setattr(ws.cell(r, col(ws, RESULT)), "value", "同意"), "审核结果 '同意' is not one of"),
    (lambda ws, r: [setattr(ws.cell(ws.max_row + 1, col(ws, RESULT)), "value", "新增")],
     "新增 row has no 重点任务 text"),
    (lambda ws, r: setattr(ws.cell(r, col(ws, "重点任务")), "value", None), "重点任务 is empty"),
])
def test_review_import_names_each_bad_row(db, tmp_path, edit, message):
    path = review_workbook(db, tmp_path)
    wb = load_workbook(path)
    ws = wb[SHEET]
    edit(ws, header_row(ws) + 2)  # the second task
    wb.save(path)
    res = run("review", "import", path, "--db", db, "--reviewer", "李四")
    assert res.exit_code == 2
    assert message in res.output and "第" in res.output
    with Store(db) as store:
        assert Ledger(store).rows() == []


@pytest.mark.parametrize("content", [b"", b"not a zip at all", b"PK\x03\x04 truncated"])
def test_review_import_of_a_file_that_is_not_a_workbook(db, tmp_path, content):
    path = review_workbook(db, tmp_path)
    clerk_edits(path)
    assert run("review", "import", path, "--db", db, "--reviewer", "王科长").exit_code == 0
    with Store(db) as store:
        rows_before = Ledger(store).rows()
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(content)
    res = run("review", "import", broken, "--db", db, "--reviewer", "王科长")
    assert res.exit_code == 2
    assert "broken.xlsx" in res.output and "cannot read the workbook" in res.output
    with Store(db) as store:
        assert Ledger(store).rows() == rows_before  # nothing stored was lost


def test_review_import_of_another_workbook(db, tmp_path):
    res = run("export", "--db", db, "-o", tmp_path / "tasks.xlsx", "-q")  # the 任务分解表, not a review workbook
    assert res.exit_code == 0
    res = run("review", "import", tmp_path / "tasks.xlsx", "--db", db, "--reviewer", "王科长")
    assert res.exit_code == 2 and "no sheet named 审核表" in res.output


def test_review_import_needs_a_reviewer(db, tmp_path):
    path = review_workbook(db, tmp_path)
    res = run("review", "import", path, "--db", db)
    assert res.exit_code == 1 and "--reviewer" in res.output


def test_review_import_twice_changes_nothing_more(db, tmp_path):
    path = review_workbook(db, tmp_path)
    clerk_edits(path)
    assert run("review", "import", path, "--db", db, "--reviewer", "王科长").exit_code == 0
    with Store(db) as store:
        n = len(Ledger(store).rows())
    res = run("review", "import", path, "--db", db, "--reviewer", "王科长")
    assert res.exit_code == 0 and "0 accepted, 0 edited (0 fields), 0 deleted, 0 added, 5 unchanged" in res.output
    with Store(db) as store:
        assert len(Ledger(store).rows()) == n


def test_review_dry_run_writes_nothing(db, tmp_path):
    path = review_workbook(db, tmp_path)
    clerk_edits(path)
    res = run("review", "import", path, "--db", db, "--reviewer", "王科长", "--dry-run")
    assert res.exit_code == 0 and "would apply: 1 accepted" in res.output
    with Store(db) as store:
        assert Ledger(store).rows() == []


def test_an_old_workbook_does_not_undo_later_reviews(db, tmp_path):
    """Only cells the clerk changed count: an old workbook's untouched cells leave newer values."""
    old = review_workbook(db, tmp_path, "old.xlsx")
    newer = review_workbook(db, tmp_path, "newer.xlsx")
    wb = load_workbook(newer)
    ws = wb[SHEET]
    ws.cell(row_of(ws, "市财政局"), col(ws, "配合单位")).value = "市审计局"
    wb.save(newer)
    assert run("review", "import", newer, "--db", db, "--reviewer", "甲").exit_code == 0
    wb = load_workbook(old)
    ws = wb[SHEET]
    r = row_of(ws, "市财政局")
    ws.cell(r, col(ws, "牵头单位")).value = "市财政局"
    wb.save(old)
    assert run("review", "import", old, "--db", db, "--reviewer", "乙").exit_code == 0
    finance = next(d for d in exported(db, tmp_path) if "市财政局" in d["text"])
    assert {(u["name"], u["role"]) for u in finance["units"]} >= {("市审计局", "cooperate"), ("市财政局", "lead")}


def test_reviews_survive_re_extraction(db, tmp_path):
    path = review_workbook(db, tmp_path)
    clerk_edits(path)
    assert run("review", "import", path, "--db", db, "--reviewer", "王科长").exit_code == 0
    reviewed = exported(db, tmp_path)
    res = run("extract", tmp_path / "plan.txt", "--db", db, "-q", "--force")
    assert res.exit_code == 0, res.output
    assert exported(db, tmp_path) == reviewed


def test_review_workbook_layout(db, tmp_path):
    path = review_workbook(db, tmp_path)
    wb = load_workbook(path)
    ws = wb[SHEET]
    head = header_row(ws)
    assert head == 3 and ws["A1"].value.startswith("重点任务审核表")  # a title block above the header
    assert [c.value for c in ws[head]] == HEADER
    assert ws.protection.sheet  # header and context locked
    assert ws.cell(head, col(ws, "重点任务")).protection.locked is not False
    assert ws.cell(head + 1, col(ws, "牵头单位")).protection.locked is False
    assert ws.cell(head + 1, col(ws, "原文")).protection.locked is not False
    assert ws.column_dimensions[get_column_letter(col(ws, TASK_ID))].hidden
    validations = ws.data_validations.dataValidation
    assert any(v.formula1 == '"通过,修改,删除,新增"' for v in validations)
    r = row_of(ws, "市财政局")
    assert ws.cell(r, col(ws, "上文")).value.startswith("一、市发展改革委")
    assert ws.cell(r, col(ws, "下文")).value.startswith("三、市住房城乡建设局")
    assert ws.cell(r, col(ws, "完成时限")).value == "6月底前（2024-06-30）"


def test_review_workbook_keeps_the_work_in_view(db, tmp_path):
    """Only 序号 and the header are frozen; the context is a collapsed column group, so rows are one or two
    lines tall; the blank rows for 新增 are shaded and inside the filter; a 说明 sheet explains it all."""
    from openpyxl.utils import column_index_from_string

    ws = load_workbook(review_workbook(db, tmp_path))[SHEET]
    head = header_row(ws)
    assert ws.freeze_panes == f"B{head + 1}"
    for name in ("文件", "章节", "上文", "原文", "下文"):
        dim = ws.column_dimensions[get_column_letter(col(ws, name))]
        assert dim.outline_level == 1 and dim.hidden, name
    for name in ("重点任务", "牵头单位", RESULT):
        assert not ws.column_dimensions[get_column_letter(col(ws, name))].hidden
    tasks = range(head + 1, head + 5)
    assert all(ws.row_dimensions[r].height <= 45 for r in tasks)  # no ten-line rows of context
    first_blank = head + 5
    assert ws.cell(first_blank, col(ws, "重点任务")).fill.fgColor.rgb.endswith("F2F2F2")
    ref_end = ws.auto_filter.ref.split(":")[1]
    assert int("".join(ch for ch in ref_end if ch.isdigit())) >= first_blank + 100
    assert column_index_from_string("".join(ch for ch in ref_end if ch.isalpha())) == len(HEADER)
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == f"${head}:${head}"
    guide = load_workbook(review_workbook(db, tmp_path, "r2.xlsx"))[GUIDE_SHEET]
    text = "".join(str(c.value) for row in guide.iter_rows() for c in row)
    assert "新增" in text and "review import" in text and "＋" in text


def test_an_old_workbook_with_its_header_in_row_1_still_imports(db, tmp_path):
    """Workbooks written before the title block (header in row 1) are read as before."""
    path = review_workbook(db, tmp_path)
    wb = load_workbook(path)
    ws = wb[SHEET]
    for merged in list(ws.merged_cells.ranges):  # the title block, gone as in an old workbook
        ws.unmerge_cells(str(merged))
    ws.delete_rows(1, 2)
    r = row_of(ws, "市统计局")
    ws.cell(r, col(ws, RESULT)).value = "删除"
    wb.save(path)
    res = run("review", "import", path, "--db", db, "--reviewer", "王科长")
    assert res.exit_code == 0, res.output
    assert "1 deleted" in res.output


def test_neighbours_are_the_sentences_around():
    text = "甲说了。乙要做好。丙也要做。"
    assert neighbours(text, 4, 8) == ("甲说了。", "乙要做好", "丙也要做。")
    assert neighbours(text, 0, 3) == ("", "甲说了", "乙要做好。")
    assert neighbours(None, 0, 3) == ("", "", "")


def test_export_marks_reviewed_cells_in_the_task_table(db, tmp_path):
    path = review_workbook(db, tmp_path)
    clerk_edits(path)
    assert run("review", "import", path, "--db", db, "--reviewer", "王科长").exit_code == 0
    out = tmp_path / "tasks.xlsx"
    assert run("export", "--db", db, "-o", out, "-q").exit_code == 0
    ws = load_workbook(out).active
    header = [c.value for c in ws[3]]
    assert header[-2:] == ["审核状态", "备注"]
    statuses = [ws.cell(r, header.index("审核状态") + 1).value for r in range(4, ws.max_row + 1)]
    assert sorted(statuses) == ["已修改", "已修改", "已通过", "新增"]
    r = next(r for r in range(4, ws.max_row + 1) if "保障性" in ws.cell(r, 2).value)
    assert ws.cell(r, header.index("完成时限") + 1).fill.fgColor.rgb.endswith("FFF2CC")
    assert not ws.cell(r, header.index("牵头单位") + 1).fill.fgColor.rgb.endswith("FFF2CC")


def test_a_version_1_store_is_migrated(db, tmp_path):
    import duckdb

    v1 = tmp_path / "v1.duckdb"
    shutil.copy(db, v1)
    con = duckdb.connect(str(v1))
    con.execute("DROP TABLE reviews")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.close()
    assert run("export", "--db", v1, "-o", tmp_path / "a.jsonl", "-q").exit_code == 0  # read-only: fine
    path = review_workbook(v1, tmp_path)
    clerk_edits(path)
    assert run("review", "import", path, "--db", v1, "--reviewer", "王科长").exit_code == 0
    con = duckdb.connect(str(v1), read_only=True)
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "5"
    assert con.execute("SELECT count(*) FROM reviews").fetchone()[0] > 0


def test_a_version_2_store_gains_the_documents_kind(db, tmp_path):
    import duckdb

    v2 = tmp_path / "v2.duckdb"
    shutil.copy(db, v2)
    con = duckdb.connect(str(v2))
    con.execute("ALTER TABLE documents DROP COLUMN kind")
    con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    con.close()
    assert run("export", "--db", v2, "-o", tmp_path / "a.csv", "-q").exit_code == 0  # read-only: kind empty
    assert "doc_kind" in (tmp_path / "a.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert run("review", "export", "--db", v2, "-o", tmp_path / "r.xlsx", "-q").exit_code == 0
    from analyzer.store import Store

    with Store(v2) as store:  # opened for writing: migrated
        assert store.documents()[0]["kind"] is None
    con = duckdb.connect(str(v2), read_only=True)
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "5"


def test_review_status_lists_progress_and_unplaced_reviews(db, tmp_path):
    path = review_workbook(db, tmp_path)
    clerk_edits(path)
    assert run("review", "import", path, "--db", db, "--reviewer", "王科长").exit_code == 0
    res = run("review", "status", "--db", db)
    assert res.exit_code == 0
    lines = res.output.splitlines()
    assert lines[0].split("\t") == ["document", "未审核", "已通过", "已修改", "新增", "已删除", "未对应"]
    assert lines[1].split("\t") == ["plan", "0", "1", "2", "1", "1", "0"]
    # a new version of the document loses the housing task: its review is kept and listed
    (tmp_path / "plan.txt").write_text(PLAN.replace("三、市住房城乡建设局要于2024年底前建成保障性租赁住房3000套。\n", ""),
                                       encoding="utf-8")
    res = run("extract", tmp_path / "plan.txt", "--db", db)
    assert res.exit_code == 0
    assert "1 reviewed task(s) not found again in the new extraction" in res.output
    res = run("review", "status", "--db", db)
    assert res.output.splitlines()[1].split("\t")[-1] == "1"
    assert "三、市住房城乡建设局要于2024年底前建成保障性租赁" in res.output and "deadlines" in res.output
    assert "王科长" in res.output


def test_notebook_api_reads_reviewed_tasks_and_the_ledger(db, tmp_path):
    import analyzer

    path = review_workbook(db, tmp_path)
    clerk_edits(path)
    assert run("review", "import", path, "--db", db, "--reviewer", "王科长").exit_code == 0
    reviewed = analyzer.load_reviewed(db)
    assert len(reviewed) == 4 and sorted(reviewed.review_status) == ["accepted", "added", "edited", "edited"]
    finance = reviewed[reviewed.text.str.contains("市财政局")].iloc[0]
    assert finance.lead == ["市财政局"] and finance.cooperate == ["市发展改革委"]
    assert len(analyzer.load_records(db)) == 4  # the extractor's own rows are still there
    history = analyzer.load_frames(db).reviews
    assert set(history.action) == {"accept", "edit", "delete", "add"} and set(history.reviewer) == {"王科长"}


def test_formula_looking_text_stays_text_in_every_column(tmp_path):
    """A task that begins with = is a quote-prefixed string in the editable 重点任务 column too (it was a string
    without the prefix there, which editing in Excel turns into a live formula)."""
    (tmp_path / "f.txt").write_text("=1+2各县（市）区要在年底前完成闲置土地清理处置。\n", encoding="utf-8")
    db = tmp_path / "f.duckdb"
    assert run("extract", tmp_path / "f.txt", "--db", db, "-q").exit_code == 0
    ws = load_workbook(review_workbook(db, tmp_path))[SHEET]
    cells = [c for row in ws.iter_rows(min_row=header_row(ws) + 1) for c in row
             if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert any(c.column == col(ws, "重点任务") for c in cells)


@pytest.mark.parametrize("column, formula", [
    ("牵头单位", '=HYPERLINK("http://example.com","市财政局")'),
    (RESULT, '="通过"'),
])
def test_a_formula_in_an_imported_workbook_is_an_error_for_its_row(db, tmp_path, column, formula):
    """Read without a cached value a formula is empty: =HYPERLINK(…) in 牵头单位 marked 修改 silently cleared
    the field, ="通过" was silently ignored. Now the row is named and nothing is applied."""
    path = review_workbook(db, tmp_path)
    wb = load_workbook(path)
    ws = wb[SHEET]
    r = row_of(ws, "市财政局")
    ws.cell(r, col(ws, column)).value = formula
    if column != RESULT:
        ws.cell(r, col(ws, RESULT)).value = "修改"
    wb.save(path)
    res = run("review", "import", path, "--db", db, "--reviewer", "王科长")
    assert res.exit_code == 2
    assert f"第{r}行: {column} holds a formula" in res.output and "nothing was applied" in res.output
    with Store(db) as store:
        assert Ledger(store).rows() == []
