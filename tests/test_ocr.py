"""OCR (the `ocr` extra): a known policy text rendered, rasterised at 200 dpi with noise and skew, read back as a
PNG and as a scanned PDF; the records from the scan match those from the text (the project's own scorer)."""
from __future__ import annotations

import glob
import json
import os
import random
import textwrap
from pathlib import Path

import pytest

from analyzer.evaluate import score
from analyzer.ingest import read_document
from analyzer.pipeline import analyze_raw, analyze_text

ocr = pytest.importorskip("analyzer.ingest.ocr")
pytestmark = pytest.mark.skipif(not ocr.available(), reason="the ocr extra is not installed")
# a CJK font to render pages with: WenQuanYi Micro Hei (Debian's fonts-wqy-microhei, which .ci/run installs) or
# Noto CJK; POLICY_ANALYZER_TEST_FONT names another
FONT = os.environ.get("POLICY_ANALYZER_TEST_FONT") or next(iter(
    glob.glob("/usr/share/fonts/**/wqy-microhei.tt[cf]", recursive=True)
    + sorted(glob.glob("/usr/share/fonts/**/Noto*CJK-Regular.ttc", recursive=True))), None)
needs_font = pytest.mark.skipif(FONT is None, reason="no CJK font to render a page with (CI installs fonts-wqy-microhei)")

ROOT = Path(__file__).resolve().parents[1]
PLAN = (ROOT / "corpora" / "written" / "xx-city-2025-implementation-plan.txt").read_text(encoding="utf-8")
DATE = "2025-03-18"


def _page_text() -> str:
    """The plan's 重点任务 part, as much as one A4 page holds."""
    start = PLAN.index("二、重点任务")
    return "\n".join(line for line in PLAN[start:start + 1100].splitlines() if line.strip())


def render(lines_by_column, path: Path, skew: float = 0.6, noise: int = 18, width_chars: int = 40) -> None:
    """Text drawn on an A4 page at 200 dpi (one column, or two), rotated a little, with speckle noise."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(FONT, 30)
    page = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(page)
    columns = len(lines_by_column)
    col_width = (1654 - 280) // columns
    for c, text in enumerate(lines_by_column):
        y, x = 150, 140 + c * col_width
        for paragraph in text.splitlines():
            for line in textwrap.wrap(paragraph, width_chars // columns) or [""]:
                draw.text((x, y), line, font=font, fill=0)
                y += 46
    rng = random.Random(7)
    pixels = page.load()
    for _ in range(noise * 1000):
        pixels[rng.randrange(1654), rng.randrange(2339)] = rng.choice((0, 90, 160))
    page.rotate(skew, fillcolor=255, expand=False).save(path)


def _gold(records) -> dict:
    tasks = [{"text": r.text, "units": [u.name for u in r.units if not u.inherited],
              "inherited_units": [u.name for u in r.units if u.inherited],
              "targets": [t.text for t in r.targets], "deadlines": [{"text": d.text} for d in r.deadlines]}
             for r in records]
    return {"d": {"tasks": tasks}}


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scan")
    png = folder / "方案.png"
    render([_page_text()], png)
    return folder, png


@needs_font
def test_records_from_a_scanned_image_match_those_from_the_text(scanned):
    _, png = scanned
    truth = analyze_text(_page_text() + "\n", "d", date=DATE).records
    raw = read_document(png)
    assert raw.metadata["source_kind"] == "ocr" and 0 < raw.metadata["ocr"]["min_confidence"] <= 1
    first = raw.metadata["ocr_lines"][0]  # [start, end, confidence, page, left, top, right, bottom]
    assert raw.text[first[0]:first[1]] == "二、重点任务" and first[3] == 1 and 100 < first[4] < 200 and 100 < first[5] < 220
    got = analyze_raw(raw, "d", date=DATE).records
    result = score(_gold(truth), [json.loads(json.dumps(r.to_dict(), default=str)) for r in got])
    assert len(truth) >= 8
    assert result["tasks"]["f1"] >= 0.95, result["tasks"]
    assert result["units"]["f1"] >= 0.90, result["units"]


@needs_font
def test_a_scanned_pdf_is_read_through_ocr(scanned):
    from PIL import Image

    folder, png = scanned
    pdf = folder / "扫描件.pdf"
    Image.open(png).convert("RGB").save(pdf, "PDF", resolution=200)  # a page image, no text layer
    raw = read_document(pdf)
    assert raw.metadata["ocr"]["pages"] == 1
    from difflib import SequenceMatcher

    # the same page rendered again by PDFium: the same reading, but for a character here and there
    assert SequenceMatcher(None, raw.text, read_document(png).text).ratio() > 0.97
    with pytest.raises(Exception, match="OCR is needed"):
        read_document(pdf, ocr="never")


@needs_font
def test_a_two_column_page_is_read_column_by_column(tmp_path):
    left = "一、左栏第一段要讲清楚任务。\n市财政局要在6月底前拨付资金。\n市教育局要在年底前建成学校。"
    right = "二、右栏第一段另起一事。\n市交通局要在9月底前完成道路改造。\n市水利局要在汛期前完成堤防加固。"
    png = tmp_path / "两栏.png"
    render([left, right], png, skew=0.0, noise=4, width_chars=44)
    lines = [ln for ln in read_document(png).text.splitlines() if ln.strip()]
    joined = "".join(lines)
    assert joined.index("左栏第一段") < joined.index("建成学校") < joined.index("右栏第一段") < joined.index("堤防加固")


def test_reading_order_puts_a_table_row_on_one_line_with_tabs():
    """Cells on one baseline are one line, parted by tabs where wide gaps part them (tables.py reads them as rows)."""
    from analyzer.ingest.ocr import OcrLine, reading_order, row_text

    row = [OcrLine("市财政局", (900, 300, 1020, 330), 0.99), OcrLine("1", (100, 302, 120, 331), 0.98),
           OcrLine("拨付首批产业引导资金", (200, 301, 700, 332), 0.97)]
    header = [OcrLine("序号", (100, 200, 160, 230), 0.99), OcrLine("重点任务", (200, 200, 320, 230), 0.99),
              OcrLine("牵头单位", (900, 200, 1020, 230), 0.99)]
    rows = reading_order(row + header, 1654)
    assert [row_text(r) for r in rows] == ["序号\t重点任务\t牵头单位", "1\t拨付首批产业引导资金\t市财政局"]


def render_table(rows, path: Path) -> None:
    """A ruled task table on a page, as a 督查室 prints one and scans it."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(FONT, 30)
    page = Image.new("L", (1654, 1200), 255)
    draw = ImageDraw.Draw(page)
    draw.text((500, 80), "桐溪县2024年民生实事任务分解表", font=font, fill=0)
    cols, y = [140, 260, 900, 1150, 1450], 180
    for row in rows:
        for k, cell in enumerate(row):
            draw.text((cols[k] + 12, y + 14), cell, font=font, fill=0)
        draw.line((cols[0], y, cols[-1], y), fill=0, width=2)
        y += 70
    draw.line((cols[0], y, cols[-1], y), fill=0, width=2)
    for x in cols:
        draw.line((x, 180, x, y), fill=0, width=2)
    page.save(path)


@needs_font
def test_a_scanned_task_table_becomes_task_records_row_by_row(tmp_path):
    rows = [["序号", "重点任务", "牵头单位", "完成时限"],
            ["1", "新建第三幼儿园，新增公办学位360个", "县教育局", "2024年8月底前"],
            ["2", "改造提升农村薄弱学校12所", "县教育局", "2024年12月底前"],
            ["3", "建成城乡供水一体化工程", "县水利局", "2024年10月底前"]]
    png = tmp_path / "分解表.png"
    render_table(rows, png)
    records = analyze_raw(read_document(png), "t", date="2024-03-20").records
    assert [(r.source, r.text, [(u.name, u.role) for u in r.units], [d.end_date for d in r.deadlines])
            for r in records] == [
        ("table", "新建第三幼儿园，新增公办学位360个", [("县教育局", "lead")], ["2024-08-31"]),
        ("table", "改造提升农村薄弱学校12所", [("县教育局", "lead")], ["2024-12-31"]),
        ("table", "建成城乡供水一体化工程", [("县水利局", "lead")], ["2024-10-31"])]


@needs_font
def test_a_task_read_by_ocr_says_so_and_how_sure_in_the_store_too(scanned, tmp_path):
    from click.testing import CliRunner

    from analyzer.cli import main
    from analyzer.store import Store

    _, png = scanned
    db = tmp_path / "s.duckdb"
    res = CliRunner().invoke(main, ["extract", str(png), "--db", str(db), "-q", "--date", DATE])
    assert res.exit_code == 0, res.output
    with Store(db, read_only=True) as store:
        records = store.records("方案")
    assert records and all(r.source_kind == "ocr" and 0 < r.ocr_confidence <= 1 and r.ocr_page == 1
                           for r in records)
    d = records[0].to_dict()
    assert d["source_kind"] == "ocr" and d["ocr_confidence"] == records[0].ocr_confidence
    digital = analyze_text("市财政局要在6月底前拨付资金。\n", "t").records[0].to_dict()
    assert digital["source_kind"] == "digital" and digital["ocr_confidence"] is None


@needs_font
def test_the_review_workbook_and_page_mark_tasks_read_by_ocr(scanned, tmp_path):
    from click.testing import CliRunner
    from openpyxl import load_workbook

    from analyzer.cli import main
    from analyzer.review.ledger import Ledger
    from analyzer.review.web import tasks_json
    from analyzer.review.workbook import OCR_COLUMN, SHEET, header_row
    from analyzer.store import Store

    _, png = scanned
    db, book = tmp_path / "s.duckdb", tmp_path / "review.xlsx"
    assert CliRunner().invoke(main, ["extract", str(png), "--db", str(db), "-q", "--date", DATE]).exit_code == 0
    assert CliRunner().invoke(main, ["review", "export", "--db", str(db), "-o", str(book), "-q"]).exit_code == 0
    ws = load_workbook(book)[SHEET]
    head = header_row(ws)
    k = [c.value for c in ws[head]].index(OCR_COLUMN) + 1
    marks = [ws.cell(r, k).value for r in range(head + 1, ws.max_row + 1) if ws.cell(r, 2).value]
    assert marks and all(m.startswith("OCR 第1页 ") for m in marks)
    assert ws.cell(head + 1, k).protection.locked is not False  # a fact, not a field to edit
    with Store(db, read_only=True) as store:
        shown = tasks_json(Ledger(store).reviewed("方案"), 10_000)
    assert all(t["ocr_page"] == 1 and 0 < t["ocr_confidence"] <= 1 for t in shown)
    # the page says where on the scan each task was read: its page and the box around its lines
    import re as _re

    from starlette.testclient import TestClient

    from analyzer.review.web import create_app

    page = TestClient(create_app(db), base_url="http://127.0.0.1").get("/doc/方案")
    data = json.loads(_re.search(r'id="review-data">(.*?)</script>', page.text, _re.S)[1])
    places = [t["ocr_place"] for t in data["tasks"]]
    assert all(p["page"] == 1 and p["box"][0] < p["box"][2] and p["box"][1] < p["box"][3] for p in places)
    assert places[0]["box"][1] < places[-1]["box"][1]  # the first task above the last on the page


@needs_font
def test_an_ofd_of_page_images_goes_to_ocr(scanned, tmp_path):
    from test_ingest_ofd import build_ofd

    _, png = scanned
    ofd = tmp_path / "扫描.ofd"
    build_ofd(ofd, pages=[[]], images_only=True, image=png.read_bytes())
    raw = read_document(ofd)
    assert raw.metadata["source_kind"] == "ocr" and "二、重点任务" in raw.text
    with pytest.raises(Exception, match="OCR is needed"):
        read_document(ofd, ocr="never")


@needs_font
def test_a_long_scan_shows_a_bar_by_pages_on_a_terminal(scanned, tmp_path):
    """On a terminal (here a pseudo-terminal made by `script`), a scan of several pages shows its pages go by."""
    import shutil
    import subprocess
    import sys

    from PIL import Image

    if shutil.which("script") is None:
        pytest.skip("no `script` to make a pseudo-terminal")
    _, png = scanned
    page = Image.open(png).convert("RGB").resize((827, 1170))  # 100 dpi: faster, still readable
    pdf = tmp_path / "长扫描件.pdf"
    page.save(pdf, "PDF", resolution=100, save_all=True, append_images=[page, page])
    # (a pseudo-terminal starts 0 columns wide, where tqdm draws nothing: give it a width)
    command = f"stty cols 100 rows 40; {sys.executable} {ROOT / 'cli.py'} extract {pdf} -o {tmp_path / 'out.jsonl'} -w 1"
    out = subprocess.run(["script", "-q", "-e", "-c", command, "/dev/null"], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stdout[-2000:]
    assert "页" in out.stdout and "/3" in out.stdout  # tqdm's n/3 页
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8").strip()
