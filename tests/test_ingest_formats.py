"""Readers for Word, PDF, web pages, Excel, old Office files and JSONL corpora.

Every fixture is built here, in tmp_path: a policy document with a heading, a
numbered list, a task sentence and a task table (序号 | 重点任务 | 牵头单位 | 配合单位 |
完成时限) whose 牵头单位 cell is merged over two rows.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from analyzer.errors import (
    EmptyDocumentError,
    EncryptedDocumentError,
    InputError,
    NeedsOcrError,
    UnsupportedFormatError,
)
from analyzer.ingest import READERS, RawDocument, SourceTable, read_document
from analyzer.ingest.corpus import CorpusFileError, CorpusLineError, iter_corpus
from analyzer.ingest.office import NeedsLibreOfficeError
from analyzer.ingest.pdf import drop_page_furniture

ROOT = Path(__file__).resolve().parents[1]
GWR = ROOT.parent / "shared" / "corpora-src" / "government_work_reports.jsonl"

TITLE = "桐溪县2024年民生实事任务分解方案"
TASK = "各县（市）区要在2024年底前全部完成闲置土地清理处置。"
AFTER = "各牵头单位要于每季度末报送工作进展情况。"
HEADER = ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]
ROWS = [
    ["1", "新建桐溪县第三幼儿园，新增公办学位360个。", "县教育局", "县财政局", "2024年12月底前"],
    ["2", "改造提升农村薄弱学校12所。", "县教育局", "县住建局", "2024年9月底前"],
    ["3", "为65周岁以上老年人免费开展健康体检。", "县卫健委", "各乡镇人民政府", "2024年11月底前"],
]


def assert_offsets(raw: RawDocument) -> None:
    """Every table cell points at its own text, and the table span covers its rows."""
    for table in raw.tables:
        assert raw.text[table.start:table.end].count("\n") == len(table.rows)
        for row in table.rows:
            for cell in row:
                assert raw.text[cell.start:cell.end] == cell.text


def cells(table: SourceTable) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


def one_line(err: Exception) -> str:
    line = err.line()
    assert "\n" not in line
    return line


# --- .docx --------------------------------------------------------------------------

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _chinese_numbering(document) -> str:
    """Adds a list 一、/（一） to the numbering part; returns its numId."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {_W} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>')
    numbering.insert(0, abstract)  # abstractNum elements come before num elements
    numbering.append(parse_xml(f'<w:num {_W} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    assert numbering.find(qn("w:num")) is not None
    return "90"


def _number(paragraph, num_id: str, ilvl: int = 0) -> None:
    from docx.oxml import parse_xml

    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {_W}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def build_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title = TITLE
    num_id = _chinese_numbering(document)
    document.add_paragraph(TITLE, style="Title")
    _number(document.add_heading("总体要求", level=1), num_id, 0)
    document.add_paragraph("坚持尽力而为、量力而行。")
    _number(document.add_heading("重点任务", level=1), num_id, 0)
    _number(document.add_heading("加快项目建设", level=2), num_id, 1)
    document.add_paragraph(TASK)
    document.add_paragraph("加快项目审批。", style="List Number")
    document.add_paragraph("强化要素保障。", style="List Number")
    table = document.add_table(rows=1 + len(ROWS), cols=len(HEADER))
    for r, row in enumerate([HEADER] + ROWS):
        for c, value in enumerate(row):
            if not (r == 2 and c == 2):
                table.cell(r, c).text = value
    merged = table.cell(1, 2).merge(table.cell(2, 2))  # 县教育局 leads rows 1 and 2
    merged.text = "县教育局"
    document.add_paragraph(AFTER)
    document.save(path)
    return path


def test_ingest_docx_reads_blocks_in_order_with_numbering_and_table(tmp_path):
    raw = read_document(build_docx(tmp_path / "方案.docx"))
    text = raw.text
    lines = [line for line in text.split("\n") if line]
    assert lines[:4] == [TITLE, "一、总体要求", "坚持尽力而为、量力而行。", "二、重点任务"]
    assert lines[4:8] == ["（一）加快项目建设", TASK, "1.加快项目审批。", "2.强化要素保障。"]
    assert "\t".join(HEADER) == lines[8]
    assert lines[-1] == AFTER
    # the table sits between the list and the closing paragraph
    (table,) = raw.tables
    assert text.index("2.强化要素保障。") < table.start < table.end < text.index(AFTER)
    assert cells(table) == [HEADER] + ROWS  # the merged 牵头单位 is repeated in both rows
    assert_offsets(raw)
    # paragraphs are separated by a blank line; headings are listed with their level
    assert f"{TASK}\n\n" in text
    levels = {h["text"]: h["level"] for h in raw.metadata["headings"]}
    assert levels == {TITLE: 0, "一、总体要求": 1, "二、重点任务": 1, "（一）加快项目建设": 2}
    assert all(text.startswith(h["text"], h["start"]) for h in raw.metadata["headings"])
    assert raw.metadata["title"] == TITLE and raw.metadata["format"] == "docx"


def test_ingest_docx_reads_text_as_word_shows_it(tmp_path):
    """Tracked insertions in, deletions and page breaks out, content controls opened."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    p = document.add_paragraph("市财政局要在")
    p._p.append(parse_xml(f'<w:ins {_W} w:id="1" w:author="a"><w:r><w:t>6月底前</w:t></w:r></w:ins>'))
    p._p.append(parse_xml(f'<w:del {_W} w:id="2" w:author="a"><w:r><w:delText>年底前</w:delText></w:r></w:del>'))
    p.add_run("拨付首批资金。")
    p.add_run().add_break(docx.enum.text.WD_BREAK.PAGE)
    document.element.body.insert(1, parse_xml(
        f'<w:sdt {_W}><w:sdtContent><w:p><w:r><w:t>{AFTER}</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    path = tmp_path / "修订.docx"
    document.save(path)
    assert read_document(path).text == f"市财政局要在6月底前拨付首批资金。\n\n{AFTER}\n\n"


def test_ingest_docx_chinese_numbers():
    from analyzer.ingest.docx import chinese_numeral, format_number

    assert [chinese_numeral(n) for n in (1, 10, 12, 20, 21, 105, 110)] == \
        ["一", "十", "十二", "二十", "二十一", "一百零五", "一百一十"]
    assert format_number(3, "decimalEnclosedCircle") == "③"
    assert format_number(2, "upperLetter") == "B" and format_number(4, "lowerRoman") == "iv"


@pytest.mark.parametrize("damage", ["truncated", "not a zip", "zip without Word parts"])
def test_ingest_docx_damaged_file_gives_one_clear_error(tmp_path, damage):
    good = build_docx(tmp_path / "good.docx").read_bytes()
    bad = tmp_path / "bad.docx"
    if damage == "truncated":
        bad.write_bytes(good[: len(good) // 2])
    elif damage == "not a zip":
        bad.write_bytes("这不是Word文件".encode() * 20)
    else:
        with zipfile.ZipFile(bad, "w") as z:
            z.writestr("hello.txt", "x")
    with pytest.raises(InputError) as info:
        read_document(bad)
    line = one_line(info.value)
    assert line.startswith(f"{bad}: not a valid .docx (damaged or truncated file)")
    assert "save it again as .docx" in line


def test_ingest_docx_empty_and_encrypted(tmp_path):
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    with pytest.raises(EmptyDocumentError, match="empty file"):
        read_document(empty)
    import docx

    blank = tmp_path / "blank.docx"
    docx.Document().save(blank)
    with pytest.raises(EmptyDocumentError, match="no text in the document"):
        read_document(blank)
    # a password-protected Office file is an OLE container holding an EncryptedPackage stream
    locked = tmp_path / "locked.docx"
    locked.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 100
                       + "EncryptedPackage".encode("utf-16-le") + b"\0" * 100)
    with pytest.raises(EncryptedDocumentError) as info:
        read_document(locked)
    assert "password-protected .docx" in one_line(info.value)


# --- .pdf ---------------------------------------------------------------------------

def _pdf_canvas(path: Path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle(TITLE)
    return c, A4


def build_pdf(path: Path) -> Path:
    """Three pages: running header, page numbers in two styles, a sentence across a page break."""
    c, (width, height) = _pdf_canvas(path)
    table = ["  ".join(HEADER)] + ["  ".join(r[:1] + [r[1][:10]] + r[2:]) for r in ROWS]
    pages = [
        [TITLE, "一、总体要求", "1.加快项目审批。", "2.强化要素保障。", TASK,
         "市财政局要在6月底"],
        ["前拨付首批产业引导资金。", "二、重点任务"] + table,
        [AFTER, "桐溪县人民政府办公室", "2024年3月20日"],
    ]
    footers = ["- 1 -", "第 2 页 共 3 页", "3/3"]
    for k, lines in enumerate(pages):
        c.setFont("STSong-Light", 9)
        c.drawString(72, height - 40, "桐溪县人民政府办公室文件")
        c.setFont("STSong-Light", 12)
        y = height - 100
        for line in lines:
            c.drawString(72, y, line)
            y -= 22
        c.setFont("STSong-Light", 9)
        c.drawCentredString(width / 2, 30, footers[k])
        c.showPage()
    c.save()
    return path


def test_ingest_pdf_text_layer_without_page_furniture(tmp_path):
    raw = read_document(build_pdf(tmp_path / "方案.pdf"))
    lines = raw.text.split("\n")
    assert "桐溪县人民政府办公室文件" not in raw.text  # running header
    for footer in ("- 1 -", "第 2 页", "3/3"):
        assert footer not in raw.text
    assert lines[:5] == [TITLE, "一、总体要求", "1.加快项目审批。", "2.强化要素保障。", TASK]
    # the page break inside the sentence is one line break, as a layout line end
    assert "市财政局要在6月底\n前拨付首批产业引导资金。\n二、重点任务\n" in raw.text
    assert "序号 重点任务 牵头单位 配合单位 完成时限" in lines  # table rows come as lines, in order
    assert raw.text.index("完成时限") < raw.text.index("县卫健委") < raw.text.index(AFTER)
    assert raw.text.rstrip().endswith("2024年3月20日")
    assert raw.metadata["title"] == TITLE and raw.metadata["pages"] == 3
    assert raw.tables == []


def test_ingest_pdf_page_furniture_rules():
    pages = [["机密文件", "第一段", "正文一", "12"], ["机密文件", "正文二", "13"],
             ["机密文件", "正文三", "— 14 —"], ["另一页眉", "正文四", "Page 15 of 20"]]
    assert drop_page_furniture(pages) == [["第一段", "正文一"], ["正文二"], ["正文三"],
                                          ["另一页眉", "正文四"]]
    # a bare number at the top of a page may be a table row number: kept
    assert drop_page_furniture([["8", "实施城乡供水一体化工程。"]]) == [["8", "实施城乡供水一体化工程。"]]


def _scan_page(c, width, height, footer=None):
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    image = Image.new("RGB", (200, 280), "white")
    for x in range(40, 160):
        image.putpixel((x, 60), (0, 0, 0))
    c.drawImage(ImageReader(image), 0, 0, width, height)
    if footer:
        c.setFont("STSong-Light", 9)
        c.drawCentredString(width / 2, 30, footer)
    c.showPage()


@pytest.mark.parametrize("footer", [None, "第 1 页"])
def test_ingest_pdf_scanned_needs_ocr(tmp_path, footer):
    path = tmp_path / "扫描件.pdf"
    c, (width, height) = _pdf_canvas(path)
    _scan_page(c, width, height, footer)
    c.save()
    with pytest.raises(NeedsOcrError) as info:
        read_document(path, ocr="never")
    line = one_line(info.value)
    assert "no text layer" in line and "OCR is needed" in line and "ocrmypdf" in line
    assert "pip install 'policy-analyzer[ocr]'" in line  # how to read it here


def test_ingest_a_scan_without_the_ocr_extra_says_how_to_install_it(tmp_path, monkeypatch):
    import analyzer.ingest.ocr as ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    path = tmp_path / "扫描件.pdf"
    c, (width, height) = _pdf_canvas(path)
    _scan_page(c, width, height, None)
    c.save()
    for target in (path, tmp_path / "照片.png"):
        if target.suffix == ".png":
            from PIL import Image

            Image.new("L", (40, 40), 255).save(target)
        with pytest.raises(NeedsOcrError) as info:
            read_document(target)
        assert "pip install 'policy-analyzer[ocr]'" in one_line(info.value)


def test_ingest_pdf_names_pages_without_text(tmp_path):
    path = tmp_path / "混合.pdf"
    c, (width, height) = _pdf_canvas(path)
    c.setFont("STSong-Light", 12)
    for line in (TITLE, TASK, AFTER):
        c.drawString(72, height - 100 - 22 * [TITLE, TASK, AFTER].index(line), line)
    c.showPage()
    _scan_page(c, width, height)
    c.save()
    raw = read_document(path)
    assert raw.text == f"{TITLE}\n{TASK}\n{AFTER}\n"
    assert raw.metadata["warnings"] == [
        "page(s) 2 have no text layer (scanned images?); their text is missing"]


def test_ingest_pdf_encrypted_and_damaged(tmp_path):
    from pypdf import PdfReader, PdfWriter

    source = build_pdf(tmp_path / "open.pdf")
    writer = PdfWriter()
    for page in PdfReader(source).pages:
        writer.add_page(page)
    writer.encrypt("secret")
    locked = tmp_path / "加密.pdf"
    with locked.open("wb") as f:
        writer.write(f)
    with pytest.raises(EncryptedDocumentError) as info:
        read_document(locked)
    assert one_line(info.value) == (f"{locked}: the PDF is encrypted with a password "
                                    "(open it with its password and save or print a copy without one)")
    # an owner password only (no password to open) is read as usual
    writer = PdfWriter()
    for page in PdfReader(source).pages:
        writer.add_page(page)
    writer.encrypt("", owner_password="owner")
    owner = tmp_path / "owner.pdf"
    with owner.open("wb") as f:
        writer.write(f)
    assert TASK in read_document(owner).text
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(source.read_bytes()[:400])
    with pytest.raises(InputError, match="not a valid PDF"):
        read_document(cut)


# --- .html --------------------------------------------------------------------------

def _html_table() -> str:
    head = "".join(f"<th>{h}</th>" for h in HEADER)
    body = []
    for k, row in enumerate(ROWS):
        tds = [f"<td>{row[0]}</td>", f"<td>{row[1]}</td>"]
        if k == 0:
            tds.append(f'<td rowspan="2">{row[2]}</td>')
        elif k == 2:
            tds.append(f"<td>{row[2]}</td>")
        tds += [f"<td>{row[3]}</td>", f"<td>{row[4]}</td>"]
        body.append("<tr>" + "".join(tds) + "</tr>")
    note = '<tr><td colspan="5">备注：完成时限为最迟时间。</td></tr>'
    return f'<table border="1"><tbody><tr>{head}</tr>{"".join(body)}{note}</tbody></table>'


GOV_PAGE = f"""<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{TITLE}_通知公告_桐溪县人民政府</title>
<meta name="PubDate" content="2024-03-20 09:30">
<script>var nav = "首页 政务公开";</script>
<style>.x {{ color: red }}</style>
</head><body>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li></ul></div>
<div class="info">发布机构：桐溪县人民政府办公室　成文日期：2024-03-18　发文字号：桐政办〔2024〕6号</div>
<h1>{TITLE}</h1>
<div id="zoom">
<p>　　一、总体要求</p>
<p>　　坚持尽力而为、量力而行，
集中力量办好民生实事。</p>
<p>　　二、重点任务<br>1.加快项目审批。<br>2.强化要素保障。</p>
<p>{TASK}</p>
<div style="display:none">隐藏的统计代码</div>
{_html_table()}
<p>{AFTER}</p>
</div>
<div class="footer">主办：桐溪县人民政府办公室 网站标识码：1234</div>
<script>document.write("统计");</script>
</body></html>"""


def test_ingest_html_gbk_page_article_table_and_metadata(tmp_path):
    path = tmp_path / "通知.html"
    path.write_bytes(GOV_PAGE.encode("gbk"))
    raw = read_document(path)
    text = raw.text
    assert raw.encoding == "gb18030"
    lines = [line for line in text.split("\n") if line]
    # the title is written first (the article does not repeat it); navigation, scripts,
    # hidden elements and the footer are gone
    assert lines[:7] == [TITLE, "一、总体要求", "坚持尽力而为、量力而行，集中力量办好民生实事。",
                         "二、重点任务", "1.加快项目审批。", "2.强化要素保障。", TASK]
    for noise in ("首页", "政务公开", "统计", "隐藏", "网站标识码", "color"):
        assert noise not in text
    (table,) = raw.tables
    assert cells(table) == [HEADER] + ROWS + [["备注：完成时限为最迟时间。"] * 5]
    assert text.index(TASK) < table.start < table.end < text.index(AFTER)
    assert_offsets(raw)
    assert raw.metadata["title"] == TITLE
    assert raw.metadata["published"] == "2024-03-20"
    assert raw.metadata["written"] == "2024-03-18"
    assert raw.metadata["doc_number"] == "桐政办〔2024〕6号"
    assert raw.metadata["issuer"] == "桐溪县人民政府办公室"
    assert raw.date is None


def test_ingest_html_without_known_container_takes_the_block_with_most_text(tmp_path):
    page = f"""<html><head><meta charset="utf-8"><title>市政府网站</title></head><body>
    <div class="menu"><a href="#">首页</a> <a href="#">新闻</a></div>
    <div class="main"><div class="side"><p>友情链接</p></div>
    <div class="wz"><p>{TITLE}</p><p>发布时间：2024年3月20日</p><p>{TASK}</p><p>{AFTER}</p></div></div>
    </body></html>"""
    path = tmp_path / "page.htm"
    path.write_text(page, encoding="utf-8")
    raw = read_document(path)
    assert raw.encoding == "utf-8"
    assert raw.text.split("\n\n")[:2] == [TITLE, "发布时间：2024年3月20日"]
    assert TASK in raw.text and "友情链接" not in raw.text and "首页" not in raw.text
    assert raw.metadata["published"] == "2024-03-20"
    assert raw.metadata["title"] == "市政府网站"


OLD_LAYOUT = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=GBK">
<title>{TITLE} - 桐溪县农业农村局</title></head><body>
<table><tr><td colspan="2">首页 | 机构概况 | 政务公开 | 办事服务</td></tr>
<tr><td><a href="#">通知公告</a><br><a href="#">政策文件</a><br><a href="#">工作动态</a></td>
<td><table><tr><td align="center"><font size="5"><b>{TITLE}</b></font></td></tr>
<tr><td>发布时间：2024年02月26日&nbsp;&nbsp;来源：县农业农村局</td></tr>
<tr><td class="bt_content"><div>各乡镇人民政府：</div>
<div>&nbsp;&nbsp;&nbsp;&nbsp;为切实做好民生实事工作，现就有关事项通知如下：</div>
<div>&nbsp;&nbsp;&nbsp;&nbsp;{TASK}</div><div>&nbsp;&nbsp;&nbsp;&nbsp;{AFTER}</div></td></tr></table></td></tr>
<tr><td colspan="2">版权所有：桐溪县人民政府</td></tr></table></body></html>"""

SECTIONS = f"""<html><head><meta charset="utf-8"><title>桐溪县人民政府</title></head><body>
<div class="nav"><a href="#">首页</a><a href="#">新闻中心</a></div><div class="wrap">
<div class="sec"><p>一、总体要求。坚持尽力而为、量力而行，集中力量办好民生实事，确保各项任务落到实处。</p>
<p>{TASK}确保土地资源得到有效利用。</p></div>
<div class="sec"><table><caption>表1 重点任务分工</caption><tr><th>序号</th><th>重点任务</th><th>牵头单位</th></tr>
<tr><td>1</td><td>{ROWS[0][1]}</td><td>{ROWS[0][2]}</td></tr></table><p>{AFTER}</p></div>
<div class="side"><a href="#">友情链接</a><a href="#">国务院</a></div></div>
<div class="foot">版权所有</div></body></html>"""


@pytest.mark.parametrize("page, encoding, first, last", [
    (OLD_LAYOUT, "gbk", [TITLE, "各乡镇人民政府："], AFTER),
    (SECTIONS, "utf-8", ["一、总体要求。坚持尽力而为、量力而行，集中力量办好民生实事，确保各项任务落到实处。"], AFTER),
])
def test_ingest_html_finds_the_article_without_a_known_container(tmp_path, page, encoding, first, last):
    path = tmp_path / "page.html"
    path.write_bytes(page.encode(encoding))
    raw = read_document(path)
    paragraphs = raw.text.rstrip().split("\n\n")
    assert paragraphs[: len(first)] == first and paragraphs[-1] == last
    assert TASK in raw.text
    for noise in ("首页", "通知公告", "版权所有", "友情链接"):
        assert noise not in raw.text
    assert_offsets(raw)
    if page is SECTIONS:
        (table,) = raw.tables
        assert table.name == "表1 重点任务分工" and cells(table)[1][2] == "县教育局"
        assert raw.text.index("表1 重点任务分工\n\n序号") < raw.text.index(AFTER)
    else:
        assert raw.metadata["published"] == "2024-02-26"


@pytest.mark.parametrize("declared, encoding, read_as, warning", [
    ("gb2312", "utf-8", "utf-8", "declares gb18030 but is utf-8"),  # re-saved as UTF-8
    ("iso-8859-1", "gbk", "gb18030", "declares iso8859-1 but is gb18030"),  # a template's default
    ("GB2312", "gbk", "gb18030", None),
    ("utf-8", "utf-8", "utf-8", None),
    ("gb2312", "utf-8-sig", "utf-8-sig", None),  # a byte-order mark decides, as in browsers
])
def test_ingest_html_declared_charset(tmp_path, declared, encoding, read_as, warning):
    path = tmp_path / "page.html"
    path.write_bytes(GOV_PAGE.replace("charset=gb2312", f"charset={declared}").encode(encoding))
    raw = read_document(path)
    assert raw.encoding == read_as and TASK in raw.text
    assert raw.metadata.get("warnings", [None])[0] == (
        None if warning is None else f"the page {warning}; read as {read_as}")


def test_ingest_html_empty_page(tmp_path):
    path = tmp_path / "js.html"
    path.write_text("<html><body><script>load()</script><div id='app'></div></body></html>",
                    encoding="utf-8")
    with pytest.raises(EmptyDocumentError) as info:
        read_document(path)
    assert "JavaScript" in one_line(info.value)


# --- .xlsx --------------------------------------------------------------------------

def build_xlsx(path: Path) -> Path:
    import datetime as dt

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "民生实事"
    ws.append(["2024年民生实事任务分解表"])
    ws.merge_cells("A1:E1")
    ws.append(HEADER)
    for row in ROWS:
        ws.append([int(row[0])] + row[1:])
    ws["C4"] = None
    ws.merge_cells("C3:C4")  # 县教育局 leads rows 1 and 2
    ws["E3"] = dt.datetime(2024, 12, 31)
    ws["E3"].number_format = 'yyyy"年"m"月"d"日"'
    ws["E4"] = dt.date(2024, 9, 30)
    ws["E4"].number_format = "yyyy-mm-dd"
    ws.append(["备注：完成时限为最迟时间。"])
    ws.merge_cells("A6:E6")
    notes = wb.create_sheet("指标")
    notes.append(["指标", "目标值", "增长"])
    notes.append(["公办学位", 360, 0.05])
    notes["C2"].number_format = "0%"
    notes.append(["体检率", 0.7, 1234.5])
    wb.create_sheet("空白")
    hidden = wb.create_sheet("隐藏")
    hidden["A1"] = "不应读出"
    hidden.sheet_state = "hidden"
    wb.save(path)
    return path


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm"])
def test_ingest_xlsx_sheets_as_tables_with_merged_cells(tmp_path, suffix):
    raw = read_document(build_xlsx(tmp_path / f"分解表{suffix}"))
    text = raw.text
    assert text.startswith("2024年民生实事任务分解表\n\n" + "\t".join(HEADER) + "\n")
    first, second = raw.tables
    assert first.name == "民生实事" and second.name == "指标"
    expected = [HEADER] + [list(r) for r in ROWS]
    expected[1][4], expected[2][4] = "2024年12月31日", "2024-09-30"
    assert cells(first) == expected
    assert cells(second) == [["指标", "目标值", "增长"], ["公办学位", "360", "5%"],
                             ["体检率", "0.7", "1234.5"]]
    assert text.index("县卫健委") < text.index("备注：完成时限为最迟时间。") < second.start
    assert "备注" not in text[first.start:first.end]
    assert "不应读出" not in text
    assert_offsets(raw)
    assert raw.metadata["sheets"] == ["民生实事", "指标"]


@pytest.mark.parametrize("damage", ["truncated", "not a zip"])
def test_ingest_xlsx_damaged_file_gives_one_clear_error(tmp_path, damage):
    good = build_xlsx(tmp_path / "good.xlsx").read_bytes()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(good[: len(good) // 2] if damage == "truncated" else b"<html>not excel</html>")
    with pytest.raises(InputError) as info:
        read_document(bad)
    line = one_line(info.value)
    assert line.startswith(f"{bad}: not a valid .xlsx (damaged or truncated file)")


# --- .doc / .wps through LibreOffice ------------------------------------------------

def test_ingest_doc_without_libreoffice_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda *args, **kwargs: None)
    for suffix in (".doc", ".wps"):
        path = tmp_path / f"旧格式{suffix}"
        path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 512)
        with pytest.raises(NeedsLibreOfficeError) as info:
            read_document(path)
        line = one_line(info.value)
        assert line.startswith(f"{path}: reading {suffix} needs LibreOffice, which is not installed")
        assert "soffice" in line and "save the file as .docx" in line
    renamed = tmp_path / "其实是doc.docx"  # a Word 97-2003 file with a new name
    renamed.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 512)
    with pytest.raises(NeedsLibreOfficeError, match=r"reading this \.docx \(an old Office 97-2003 file"):
        read_document(renamed)


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice is not installed")
def test_ingest_doc_through_libreoffice(tmp_path):
    source = build_docx(tmp_path / "source.docx")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=120)
    if not (tmp_path / "source.doc").exists():  # LibreOffice without Writer converts nothing, and says nothing
        pytest.skip("LibreOffice is installed without Writer (no .doc filter)")
    doc = tmp_path / "方案.doc"
    (tmp_path / "source.doc").rename(doc)
    raw = read_document(doc)
    assert raw.path == str(doc) and raw.metadata["converted_by"] == "LibreOffice"
    assert TASK in raw.text and AFTER in raw.text
    (table,) = raw.tables
    assert cells(table)[0] == HEADER
    assert_offsets(raw)
    # a Word 97-2003 file named .docx is converted the same way
    renamed = tmp_path / "其实是doc.docx"
    shutil.copyfile(doc, renamed)
    assert read_document(renamed).text == raw.text
    junk = tmp_path / "坏.doc"
    junk.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 600)
    with pytest.raises(InputError) as info:
        read_document(junk)
    assert one_line(info.value).startswith(f"{junk}: LibreOffice could not convert the file")


# --- registry -----------------------------------------------------------------------

def test_ingest_readers_registered_by_extension(tmp_path):
    for ext in (".docx", ".pdf", ".html", ".htm", ".xlsx", ".xlsm", ".doc", ".wps", ".jsonl"):
        assert ext in READERS
    with pytest.raises(UnsupportedFormatError) as info:
        path = tmp_path / "slides.pptx"
        path.write_bytes(b"PK")
        read_document(path)
    assert one_line(info.value).startswith(f"{path}: unsupported file type '.pptx'")
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"content": "x"}\n', encoding="utf-8")
    with pytest.raises(CorpusFileError) as info:
        read_document(corpus)
    assert "corpus of many documents" in one_line(info.value) and "iter_corpus" in info.value.hint


def test_ingest_readers_import_nothing_heavy_until_used():
    code = ("import sys, analyzer.ingest, analyzer.ingest.docx, analyzer.ingest.pdf, "
            "analyzer.ingest.html, analyzer.ingest.xlsx, analyzer.ingest.office, analyzer.ingest.corpus\n"
            "print([m for m in ('docx','pdfplumber','pdfminer','bs4','lxml','openpyxl','pypdf') "
            "if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         check=True).stdout
    assert out.strip() == "[]"


# --- .jsonl corpora -----------------------------------------------------------------

def test_ingest_corpus_streams_documents_and_reports_bad_lines(tmp_path):
    lines = [
        json.dumps({"id": "a", "title": "甲", "content": TASK, "year": "2024"}, ensure_ascii=False),
        "",
        "{not json",
        json.dumps({"title": "无正文", "content": "  "}, ensure_ascii=False),
        json.dumps({"id": "a", "text": AFTER, "date": "2024年3月5日"}, ensure_ascii=False),
        json.dumps({"id": None, "title": "乙", "content": "正文", "date": "2024-03-05"}, ensure_ascii=False),
        json.dumps({"content": "正文", "date": "明年"}, ensure_ascii=False),
        "[1, 2]",
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = list(iter_corpus(path, date_field="date"))
    errors = [x for x in out if isinstance(x, CorpusLineError)]
    docs = [x for x in out if isinstance(x, RawDocument)]
    assert [(e.line, e.message.split(" (")[0]) for e in errors] == [
        (3, "not JSON"), (4, "no text: the field 'content' or 'text' is empty"),
        (8, "not a JSON object")]
    assert str(errors[0]).startswith(f"{path}:3: not JSON")
    assert [d.doc_id for d in docs] == ["a", "a#5", "乙", "7"]
    assert [d.path for d in docs] == [f"{path}#L{n}" for n in (1, 5, 6, 7)]
    assert [d.text for d in docs] == [TASK, AFTER, "正文", "正文"]
    assert [d.date for d in docs] == [None, "2024-03-05", "2024-03-05", None]
    assert docs[0].metadata == {"id": "a", "title": "甲", "year": "2024"}
    assert "not a date" in docs[3].metadata["warnings"][0]


@pytest.mark.parametrize("value, date, partial", [
    ("2024-03-05", "2024-03-05", None), ("2024/3/5", "2024-03-05", None),
    ("2024年3月5日", "2024-03-05", None), ("2024-03-05T09:00:00", "2024-03-05", None),
    ("2024", None, "2024"), (2024, None, "2024"), ("2024年", None, "2024"), ("2024年3月", None, "2024-03"),
    (None, None, None),
])
def test_ingest_corpus_date_field(tmp_path, value, date, partial):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"content": "正文", "d": value}) + "\n", encoding="utf-8")
    (doc,) = iter_corpus(path, date_field="d")
    assert doc.date == date and doc.metadata.get("date_partial") == partial


def test_ingest_corpus_fields_chosen_and_file_errors(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"body": "正文", "no": 7}) + "\n", encoding="utf-8")
    (doc,) = iter_corpus(path, text_field="body", id_field="no")
    assert doc.text == "正文" and doc.doc_id == "7" and doc.metadata == {"no": 7}
    (err,) = iter_corpus(path)
    assert err.message == "no text: the field 'content' or 'text' is missing"
    with pytest.raises(InputError, match="no such file"):
        list(iter_corpus(tmp_path / "absent.jsonl"))


def test_ingest_corpus_is_streamed(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps({"content": f"第{k}篇"}) + "\n" for k in range(3)), encoding="utf-8")
    it = iter_corpus(path)
    assert next(it).text == "第0篇"
    with path.open("a", encoding="utf-8") as f:  # a line added after reading began is still read
        f.write(json.dumps({"content": "追加"}) + "\n")
    assert [d.text for d in it] == ["第1篇", "第2篇", "追加"]


@pytest.mark.skipif(not GWR.is_file(), reason="shared/corpora-src is not beside this checkout")
def test_ingest_corpus_government_work_reports_by_year():
    docs = list(iter_corpus(GWR, id_field="year"))
    assert len(docs) == 72 and all(isinstance(d, RawDocument) for d in docs)
    ids = [d.doc_id for d in docs]
    assert len(set(ids)) == 72
    assert "2024" in ids and "1954" in ids
    resolutions = [d for d in docs if d.metadata.get("year") is None]
    assert len(resolutions) == 20
    assert all(d.doc_id == d.metadata["title"] and "决议" in d.doc_id for d in resolutions)

