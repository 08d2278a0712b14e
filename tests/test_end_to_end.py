"""Whole runs through the CLI: real file formats into the store, and out as the 任务分解表."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from test_ingest_formats import _pdf_canvas, _scan_page, build_docx, build_pdf

from analyzer.cli import main
from analyzer.export.store_export import SHEET_COLUMNS
from analyzer.store import Store

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora-src" / "government_work_reports.jsonl"


def _run(*args):
    return CliRunner().invoke(main, list(args))


def _task_table_docx(path: Path) -> Path:
    """A notice with a task table as clerks make it: a merged section row, people, deadlines."""
    import docx

    d = docx.Document()
    d.add_paragraph("关于印发2024年民生实事任务分解表的通知")
    d.add_paragraph("各乡镇人民政府，县直各部门：")
    d.add_paragraph("现将任务分解表印发给你们，请认真贯彻落实。")
    d.add_paragraph("2024年3月20日")
    rows = [["序号", "重点任务", "牵头单位", "配合单位", "责任领导", "完成时限"],
            ["一、社会事业类"] * 6,
            ["1", "新建第三幼儿园，新增公办学位360个", "县教育局", "县财政局、县住建局", "李文华", "2024年8月底前"],
            ["2", "改造提升农村薄弱学校12所", "县教育局", "县财政局", "李文华", "年底前"]]
    t = d.add_table(rows=len(rows), cols=6)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if r != 1:
                t.cell(r, c).text = value
    t.cell(1, 0).merge(t.cell(1, 5)).text = "一、社会事业类"
    d.save(path)
    return path


def test_end_to_end_docx_task_table_into_store_and_workbook(tmp_path):
    src = _task_table_docx(tmp_path / "民生实事.docx")
    db, xlsx = tmp_path / "t.duckdb", tmp_path / "t.xlsx"
    res = _run("extract", str(src), "--db", str(db), "-q")
    assert res.exit_code == 0, res.output
    with Store(db, read_only=True) as s:
        recs = {r.text: r for r in s.records()}
    a = recs["新建第三幼儿园，新增公办学位360个"]
    assert [(u.name, u.role) for u in a.units] == [("县教育局", "lead"), ("县财政局", "cooperate"),
                                                     ("县住建局", "cooperate")]
    assert [(d.text, d.end_date) for d in a.deadlines] == [("2024年8月底前", "2024-08-31")]
    assert a.section == ("一、社会事业类",) and a.source == "table" and a.doc_date == "2024-03-20"
    assert [d.end_date for d in recs["改造提升农村薄弱学校12所"].deadlines] == ["2024-12-31"]
    assert all("李文华" not in [u.name for u in r.units] for r in recs.values())  # people are no units
    notice = recs["现将任务分解表印发给你们，请认真贯彻落实"]
    assert [(u.name, u.inherited) for u in notice.units] == [("各乡镇人民政府", True), ("县直各部门", True)]

    assert _run("export", "--db", str(db), "-o", str(xlsx), "-q").exit_code == 0
    ws = load_workbook(xlsx).active
    assert ws["A1"].value == "关于印发2024年民生实事任务分解表的通知·重点任务分解表"  # the title block names the document
    assert [c.value for c in ws[3]] == [h for h, _ in SHEET_COLUMNS if h != "文件"] + ["备注"]
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref.startswith("A3:K")
    rows = {r[1]: r for r in ws.iter_rows(min_row=4, values_only=True)}
    row = rows["新建第三幼儿园，新增公办学位360个"]
    assert row[2:7] == ("县教育局", None, "县财政局、县住建局", "公办学位360个", "2024年8月底前（2024-08-31）")
    assert row[7].date() == dt.date(2024, 8, 31)  # 截止日期: a real date, sortable
    assert row[8] == "一、社会事业类" and row[9].startswith("第")


def test_end_to_end_readers_docx_and_pdf(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    build_docx(docs / "方案.docx")
    build_pdf(docs / "讲话.pdf")
    res = _run("extract", str(docs), "-q")
    assert res.exit_code == 0, res.output
    ids = {json.loads(x)["doc_id"] for x in res.stdout.splitlines()}
    assert ids == {"方案", "讲话"}


def test_end_to_end_bad_files_of_every_kind_keep_the_store(tmp_path):
    db = tmp_path / "t.duckdb"
    good = _task_table_docx(tmp_path / "good.docx")
    assert _run("extract", str(good), "--db", str(db), "-q").exit_code == 0
    with Store(db, read_only=True) as s:
        before = s.records()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "cut.docx").write_bytes(good.read_bytes()[:600])  # truncated
    from pypdf import PdfReader, PdfWriter

    source = build_pdf(tmp_path / "open.pdf")
    writer = PdfWriter()
    for page in PdfReader(source).pages:
        writer.add_page(page)
    writer.encrypt("secret")
    with (bad / "locked.pdf").open("wb") as fh:
        writer.write(fh)
    c, (width, height) = _pdf_canvas(bad / "scan.pdf")
    _scan_page(c, width, height)
    c.save()
    (bad / "gbk.txt").write_bytes("市财政局要在6月底前拨付首批产业引导资金。\n".encode("gbk"))
    res = _run("extract", str(bad), "--db", str(db))
    assert res.exit_code == 3
    errors = [x for x in res.stderr.splitlines() if x.startswith("error:")]
    assert len(errors) == 3
    assert any("cut.docx" in e and "damaged or truncated" in e for e in errors)
    assert any("locked.pdf" in e and "encrypted" in e for e in errors)
    assert any("scan.pdf" in e and "OCR" in e for e in errors)
    with Store(db, read_only=True) as s:
        assert s.records("good") == before
        assert s.content_hash("gbk") is not None  # GBK without BOM simply works
        assert s.counts()["errors"] == 3


@pytest.mark.skipif(not CORPUS.exists(), reason="the shared corpus is not beside this checkout")
def test_end_to_end_national_reports_by_year(tmp_path):
    """A sample of the national reports corpus: ids by year, resolutions by title, resume."""
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    sample = [ln for ln in lines if json.loads(ln)["year"] in ("2019", "2021")]
    sample += [ln for ln in lines if json.loads(ln)["year"] is None][:2]
    corpus = tmp_path / "gwr.jsonl"
    corpus.write_text("\n".join(sample) + "\n", encoding="utf-8")
    db = tmp_path / "gwr.duckdb"
    res = _run("extract", str(corpus), "--id-field", "year", "--date-field", "year", "--db", str(db))
    assert res.exit_code == 0, res.output
    with Store(db, read_only=True) as s:
        ids = sorted(s.hashes())
        assert ids[:2] == ["2019", "2021"] and all("关于政府工作报告的决议" in i for i in ids[2:])
        gdp: dict[str, list] = {}
        for r in s.records():
            gdp.setdefault(r.doc_id, []).extend(t for t in r.targets if t.indicator == "国内生产总值增长")
        assert [(t.value, t.upper) for t in gdp["2019"] if t.value] == [(6.0, 6.5)]
        assert [(t.value, t.comparator) for t in gdp["2021"] if t.value] == [(6.0, "≥")]
    res = _run("extract", str(corpus), "--id-field", "year", "--db", str(db))
    assert "0 document(s) extracted" in res.stderr and "4 unchanged (skipped)" in res.stderr
    xlsx = tmp_path / "gwr.xlsx"
    assert _run("export", "--db", str(db), "-o", str(xlsx), "--sheet-per-document", "-q").exit_code == 0
    wb = load_workbook(xlsx)
    assert len(wb.sheetnames) == 4
    assert [c.value for c in wb[wb.sheetnames[0]][3]] == [h for h, _ in SHEET_COLUMNS if h != "文件"] + ["备注"]
