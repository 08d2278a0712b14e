"""Export from the store, and the store as DataFrames."""
from __future__ import annotations

import csv
import json

import duckdb
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

import analyzer
from analyzer.batch import BatchOptions, Sink, run_batch
from analyzer.cli import main
from analyzer.store import Store

A = "（2024年2月23日）\n市发展改革委要在年内完成重大项目库的全面更新。\n市财政局要在6月底前拨付首批产业引导资金3000万元。\n"
B = "（2025年3月1日）\n=1+2各县（市）区要在年底前完成闲置土地清理处置。\n"  # a formula-looking line


@pytest.fixture
def db(tmp_path):
    (tmp_path / "a.txt").write_text(A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(B, encoding="utf-8")
    path = tmp_path / "t.duckdb"
    res = CliRunner().invoke(main, ["extract", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"),
                                    "--db", str(path), "-q"])
    assert res.exit_code == 0, res.output
    return path


def _export(db, out, *args):
    return CliRunner().invoke(main, ["export", "--db", str(db), "-o", str(out), *args])


def test_export_formats_by_extension(db, tmp_path):
    for ext in ("xlsx", "csv", "jsonl", "parquet"):
        res = _export(db, tmp_path / f"o.{ext}")
        assert res.exit_code == 0, res.output
        assert "3 task(s) written" in res.stderr
    rows = list(csv.DictReader((tmp_path / "o.csv").open(encoding="utf-8-sig")))
    assert [r["lead"] for r in rows if r["lead"]] == []
    assert rows[1]["responsible"] == "市财政局" and "3000万元" in rows[1]["targets"]
    recs = [json.loads(x) for x in (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["doc_id"] for r in recs] == ["a", "a", "b"]
    assert duckdb.sql(f"SELECT count(*) FROM '{tmp_path / 'o.parquet'}'").fetchall() == [(3,)]
    res = _export(db, tmp_path / "o.txt")
    assert res.exit_code == 1 and "cannot tell the format" in res.output
    assert _export(db, tmp_path / "o.dat", "--format", "csv").exit_code == 0


def test_export_filters(db, tmp_path):
    def count(*args):
        out = tmp_path / "f.jsonl"
        assert _export(db, out, "-q", *args).exit_code == 0
        return [json.loads(x)["doc_id"] for x in out.read_text(encoding="utf-8").splitlines()]

    assert count("--doc", "b") == ["b"]
    assert count("--since", "2025-01-01") == ["b"]
    assert count("--until", "2024-12-31") == ["a", "a"]
    assert count("--unit", "财政局") == ["a"]  # only the tasks naming it
    assert count("--unit", "发改委") == count("--unit", "发展改革委") == ["a"]  # the aliases compare uses
    assert count("--unit", "发展和改革委员会") == ["a"]
    assert count("--unit", "教育局") == []
    assert count("--doc", "zzz") == []


def test_export_workbook_neutralises_formulas(db, tmp_path):
    out = tmp_path / "o.xlsx"
    assert _export(db, out, "-q").exit_code == 0
    ws = load_workbook(out).active
    cell = next(c for row in ws.iter_rows(min_row=4) for c in row if isinstance(c.value, str) and c.value.startswith("="))
    assert cell.data_type == "s" and cell.quotePrefix  # text, never run as a formula
    out = tmp_path / "o.csv"
    assert _export(db, out, "-q").exit_code == 0
    assert ",'=1+2" in out.read_text(encoding="utf-8-sig")


def test_export_missing_store(tmp_path):
    res = _export(tmp_path / "absent.duckdb", tmp_path / "o.xlsx")
    assert res.exit_code == 1  # click: the --db path must exist


def test_load_records_and_frames(db):
    df = analyzer.load_records(db)
    assert len(df) == 3 and list(df.doc_id) == ["a", "a", "b"]
    assert list(df.responsible[1]) == ["市财政局"]
    f = analyzer.load_frames(db)
    assert set(f.units.role) == {"responsible"} and len(f.targets) == 1 and len(f.documents) == 2
    fin = f.units[f.units.name == "市财政局"].iloc[0]
    assert (fin.canonical, fin.level) == ("财政局", "市")  # surface form and canonical name both kept
    assert f.targets.value[0] == 3e7
    assert str(f.deadlines.end_date.iloc[0])[:10] == "2024-12-31"


def test_a_run_killed_halfway_resumes(tmp_path, monkeypatch):
    """Documents are stored a batch at a time, each batch in one transaction: a run
    killed while the second batch is written keeps the first whole and nothing of the
    second, and the next run extracts only what is missing."""
    import analyzer.batch

    monkeypatch.setattr(analyzer.batch, "BATCH_DOCS", 2)  # these short documents would all fit one batch
    docs = tmp_path / "docs"
    docs.mkdir()
    for k in range(4):
        (docs / f"d{k}.txt").write_text(A.replace("重大项目库", f"第{k}批项目库"), encoding="utf-8")
    db = tmp_path / "t.duckdb"

    class Killed(Sink):
        def flush(self):
            if self.store.counts()["documents"] == 2:
                def killed(docs):  # stopped after the batch's document rows went in, before its tasks
                    raise KeyboardInterrupt
                self.store._insert_records = killed
            return super().flush()

    with Store(db) as store:
        with pytest.raises(KeyboardInterrupt):
            run_batch([str(docs)], BatchOptions(workers=1, progress=False), Killed(store), echo=lambda s: None)
        assert sorted(store.hashes()) == ["d0", "d1"]  # what was committed is kept
    with Store(db) as store:
        summary = run_batch([str(docs)], BatchOptions(workers=1, progress=False), Sink(store), echo=lambda s: None)
        assert (summary.skipped, summary.done) == (2, 2)
        assert sorted(store.hashes()) == ["d0", "d1", "d2", "d3"]


def test_write_sheet_is_linear(monkeypatch):
    """openpyxl finds max_row by scanning every cell: asked once per row, writing was quadratic (62 s for 14,553
    tasks). The writer asks a fixed number of times, whatever the size (benchmarks/bench_export.py times it)."""
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from analyzer.export.sheet import write_sheet

    calls = {"n": 0}
    original = Worksheet.max_row

    def counting(ws):
        calls["n"] += 1
        return original.fget(ws)

    monkeypatch.setattr(Worksheet, "max_row", property(counting))
    wb = Workbook()
    rows = [[i, f"任务{i}", "=SUM(A1)" if i == 5 else "市财政局"] for i in range(3000)]
    write_sheet(wb.active, ["序号", "重点任务", "责任单位"], rows, [6, 40, 20], [{1}] * 3000)
    assert calls["n"] <= 3
    ws = wb.active
    assert ws.cell(row=3001, column=2).value == "任务2999" and ws.auto_filter.ref == "A1:C3001"
    assert ws.cell(row=7, column=3).data_type == "s"  # the formula-looking cell stays text


# --- the 任务分解表 as a clerk prints it -----------------------------------------------

def _sheet(db, tmp_path, *args):
    out = tmp_path / "tasks.xlsx"
    res = _export(db, out, "-q", *args)
    assert res.exit_code == 0, res.output
    return load_workbook(out)


def test_task_table_prints_landscape_fitted_with_its_header_on_every_page(db, tmp_path):
    ws = _sheet(db, tmp_path).active
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)  # one page wide, as many down
    assert ws.print_title_rows == "$3:$3"  # the header row repeats; the title block prints once
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
    assert ws.print_area.endswith("$6")  # title, facts, header, 3 tasks
    body = ws.cell(4, 2)
    assert body.border.left.style == "thin" and body.alignment.wrap_text
    # row heights fit the wrapped text: a long task gets more lines than a short one
    assert all(ws.row_dimensions[r].height for r in range(4, 7))


def test_task_table_title_block_columns_and_cell_types(db, tmp_path):
    ws = _sheet(db, tmp_path, "--prepared-by", "市委督查室", "--columns", "备注,进展情况").active
    assert ws["A1"].value == "重点任务分解表（2个文件）" and "A1:" in str(ws.merged_cells)
    facts = ws["A2"].value
    assert "共3项任务" in facts and "制表单位：市委督查室" in facts and "制表日期：" in facts
    header = [c.value for c in ws[3]]
    assert header[-2:] == ["备注", "进展情况"] and "文件" in header  # two documents: a 文件 column
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert [r[0] for r in rows] == [1, 2, 3]  # 序号 is a number
    due = header.index("截止日期")
    assert ws.cell(5, due + 1).number_format == "yyyy-mm-dd"
    assert rows[1][due].date().isoformat() == "2024-06-30"  # 6月底前, as a date that sorts and filters
    assert rows[1][header.index("完成时限")] == "6月底前（2024-06-30）"  # and as words


def test_task_table_of_one_document_names_it_once(db, tmp_path):
    wb = _sheet(db, tmp_path, "--doc", "a", "--columns", "")
    ws = wb.active
    header = [c.value for c in ws[3]]
    assert "文件" not in header and header[-1] == "原文位置"  # no 备注: --columns '' asks for none
    assert ws["A1"].value.endswith("·重点任务分解表") and "文件日期：2024-02-23" in ws["A2"].value


def test_task_table_refuses_an_unknown_column(db, tmp_path):
    res = _export(db, tmp_path / "t.xlsx", "--columns", "备注,领导批示")
    assert res.exit_code == 1 and "unknown column(s): 领导批示" in res.output and "进展情况" in res.output
    assert not (tmp_path / "t.xlsx").exists()


def _soffice():
    import shutil

    return shutil.which("soffice") or shutil.which("libreoffice")


def _calc_to_pdf(xlsx, outdir):
    """The workbook printed by LibreOffice Calc, or None where LibreOffice has no Calc."""
    import subprocess

    subprocess.run([_soffice(), "--headless", "--convert-to", "pdf", "--outdir", str(outdir), str(xlsx)],
                   capture_output=True, timeout=180, check=False)
    pdf = outdir / (xlsx.stem + ".pdf")
    return pdf if pdf.exists() else None


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice is not installed (CI installs libreoffice-calc)")
def test_the_seed_speech_prints_as_a_few_landscape_pages(tmp_path):
    """The 63-task seed speech: 8 portrait pages with units cut off its tasks before the print layout; now a few
    A4 landscape pages, every one with the header, each row whole on its page."""
    from pathlib import Path

    import pypdf

    seed = Path(__file__).resolve().parents[1] / "corpora" / "shangqiu-2024-investment-speech.txt"
    db = tmp_path / "s.duckdb"
    assert CliRunner().invoke(main, ["extract", str(seed), "--db", str(db), "-q"]).exit_code == 0
    xlsx = tmp_path / "seed.xlsx"
    assert _export(db, xlsx, "-q").exit_code == 0
    pdf = _calc_to_pdf(xlsx, tmp_path)
    if pdf is None:
        pytest.skip("LibreOffice could not convert the workbook (no Calc component)")
    pages = pypdf.PdfReader(pdf).pages
    assert 2 <= len(pages) <= 6
    for page in pages:
        box = page.mediabox
        assert float(box.width) > float(box.height)  # landscape
        text = page.extract_text()
        assert "重点任务" in text and "牵头单位" in text and "第" in text and "页" in text


def test_the_record_table_speaks_chinese_and_fits_80_columns(monkeypatch):
    """`extract --format table`: Chinese headers beside the Chinese labels, every line within the terminal's
    width (80 columns when standard output is no terminal), wide characters counted as two."""
    import io
    import os

    from analyzer.export import RecordWriter, _display_width
    from analyzer.pipeline import analyze_text

    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr("shutil.get_terminal_size", lambda fallback=(80, 20): os.terminal_size(fallback))
    records = analyze_text("市财政局、市发展改革委要在6月底前拨付首批产业引导资金3000万元，确保重大项目库全面更新并按期开工建设。\n",
                           "d", date="2024-02-23").records
    out = io.StringIO()
    RecordWriter(out, "table").write(records)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["编号", "重点任务"]
    assert all(_display_width(line) <= 80 for line in lines)
    assert any(line.strip().startswith("时限：6月底前") for line in lines)
