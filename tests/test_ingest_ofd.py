"""OFD (版式文档, GB/T 33190): a minimal valid package built here, read in page and reading order; damaged ones
give one clear line; an image-only OFD asks for OCR."""
from __future__ import annotations

import json
import zipfile

import pytest
from click.testing import CliRunner

from analyzer.cli import main
from analyzer.errors import InputError, NeedsOcrError
from analyzer.ingest import read_document

NS = "http://www.ofdspec.org/2016"
PAGE_1 = [  # (x, y, text) in millimetres: given out of order, as writers do
    (25, 60, "市财政局要在6月底前拨付首批产业引导资金3000万元。"),
    (25, 40, "嵩泽市人民政府关于印发重点工作方案的通知"),
    (25, 50, "一、项目建设"),
    (100, 70, "完成重大项目库的全面更新。"),  # the right half of a line split in two text objects
    (25, 70, "市发展改革委要在年内"),
    (100, 280, "- 1 -"),
]
PAGE_2 = [(25, 40, "二、土地管理"), (25, 50, "各县（市）区要在年底前完成闲置土地清理处置。"), (100, 280, "- 2 -")]


def _content(objects) -> str:
    items = "".join(
        f'<ofd:TextObject ID="{k}" Boundary="{x} {y - 4} 160 6" Font="1" Size="4.2">'
        f'<ofd:TextCode X="0" Y="4">{text}</ofd:TextCode></ofd:TextObject>'
        for k, (x, y, text) in enumerate(objects, 10))
    return (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Content>'
            f'<ofd:Layer ID="2">{items}</ofd:Layer></ofd:Content></ofd:Page>')


def build_ofd(path, pages=(PAGE_1, PAGE_2), images_only=False, image: bytes | None = None) -> None:
    """A minimal OFD: text objects on each page, or (images_only) one page image each — `image` (PNG bytes)
    stored as the document's resource Res/page.png when given."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" Version="1.0" '
                   'DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>x</ofd:DocID></ofd:DocInfo>'
                   '<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
        listed = "".join(f'<ofd:Page ID="{k + 1}" BaseLoc="Pages/Page_{k}/Content.xml"/>' for k in range(len(pages)))
        res = "<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>" if image else ""
        z.writestr("Doc_0/Document.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}">'
                   '<ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>'
                   f'{res}</ofd:CommonData><ofd:Pages>{listed}</ofd:Pages></ofd:Document>')
        if image:
            z.writestr("Doc_0/DocumentRes.xml", f'<?xml version="1.0"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res">'
                       '<ofd:MultiMedias><ofd:MultiMedia ID="9" Type="Image"><ofd:MediaFile>page.png</ofd:MediaFile>'
                       '</ofd:MultiMedia></ofd:MultiMedias></ofd:Res>')
            z.writestr("Doc_0/Res/page.png", image)
        for k, objects in enumerate(pages):
            body = (f'<?xml version="1.0"?><ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="2">'
                    '<ofd:ImageObject ID="5" Boundary="0 0 210 297" ResourceID="9"/></ofd:Layer></ofd:Content>'
                    '</ofd:Page>') if images_only else _content(objects)
            z.writestr(f"Doc_0/Pages/Page_{k}/Content.xml", body)


def test_an_ofd_is_read_in_page_and_reading_order(tmp_path):
    path = tmp_path / "通知.ofd"
    build_ofd(path)
    raw = read_document(path)
    assert raw.text.splitlines() == [
        "嵩泽市人民政府关于印发重点工作方案的通知", "一、项目建设",
        "市财政局要在6月底前拨付首批产业引导资金3000万元。", "市发展改革委要在年内完成重大项目库的全面更新。",
        "二、土地管理", "各县（市）区要在年底前完成闲置土地清理处置。"]  # page numbers dropped
    assert raw.metadata["pages"] == 2


def test_an_ofd_gives_task_records_like_any_document(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    build_ofd(docs / "通知.ofd")
    res = CliRunner().invoke(main, ["extract", str(docs), "-q"])
    assert res.exit_code == 0, res.output
    records = [json.loads(x) for x in res.stdout.splitlines()]
    leads = {u["name"] for r in records for u in r["units"]}
    assert {"市财政局", "市发展改革委"} <= leads
    assert any(r["section"][-1:] == ["二、土地管理"] for r in records)


@pytest.mark.parametrize("damage, message", [
    (lambda p: p.write_bytes(b"not a zip"), "not an OFD package (not a zip"),
    (lambda p: _without(p, "OFD.xml"), "no OFD.xml"),
    (lambda p: _without(p, "Doc_0/Pages/Page_1/Content.xml"), "the part Doc_0/Pages/Page_1/Content.xml is missing"),
    (lambda p: _replace(p, "Doc_0/Document.xml", b"<ofd:Document"), "is not well-formed XML"),
])
def test_a_damaged_ofd_gives_one_clear_line(tmp_path, damage, message):
    path = tmp_path / "坏.ofd"
    build_ofd(path)
    damage(path)
    with pytest.raises(InputError) as info:
        read_document(path)
    assert message in info.value.line() and str(path) in info.value.line()
    res = CliRunner().invoke(main, ["extract", str(path)])
    assert res.exit_code == 2
    errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and message in errors[0]


def test_an_ofd_of_page_images_asks_for_ocr(tmp_path):
    path = tmp_path / "扫描.ofd"
    build_ofd(path, images_only=True)
    with pytest.raises(NeedsOcrError, match="its pages are images"):
        read_document(path, ocr="never")
    with pytest.raises(NeedsOcrError, match="OCR"):  # with OCR: no image it names is in the package
        read_document(path)


def _without(path, name: str) -> None:
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist() if n != name}
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)


def _replace(path, name: str, data: bytes) -> None:
    _without(path, name)
    with zipfile.ZipFile(path, "a") as z:
        z.writestr(name, data)
