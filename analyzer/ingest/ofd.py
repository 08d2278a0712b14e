"""OFD reader (版式文档, GB/T 33190): the fixed-layout format government portals publish beside PDF.

An .ofd file is a zip of XML:

    OFD.xml                      → DocBody/DocRoot: the document's Document.xml
    Doc_0/Document.xml           → Pages/Page@BaseLoc: each page's Content.xml, in order
    Doc_0/Pages/Page_0/Content.xml
        Content/Layer/TextObject@Boundary="x y w h" → TextCode@X,@Y: the text, placed on the page

Pages are read in the order Document.xml lists them; on a page the text objects are
ordered by position — top to bottom, then left to right — and those on one baseline
(within half a font size) joined into a line. Page numbers and running heads are then
dropped as for PDF (`pdf.drop_page_furniture`), and the pages joined by a newline, so
that a sentence broken by a page end is joined again by normalisation.

The XML is parsed by lxml (already in the stack) without entities, DTDs or network
access. An OFD that holds only page images (a scan saved as OFD) raises
`NeedsOcrError`; a damaged package (not a zip, no OFD.xml, a page missing) raises
`InputError` naming what is wrong. No library is used for OFD itself: easyofd pulls in
PyMuPDF, which is AGPL.
"""
from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import EmptyDocumentError, InputError, NeedsOcrError
from .pdf import drop_page_furniture
from .raw import RawDocument

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


class OfdError(InputError):
    """An .ofd file that cannot be read: not a zip, or its parts missing or broken."""

    hint = "open it in an OFD reader (数科/福昕) and save it as PDF or text"


@dataclass(frozen=True)
class _Glyphs:
    """One TextCode: its text at a page position (millimetres, y downwards) in a font size."""

    x: float
    y: float
    size: float
    text: str


def read_ofd(path: Path) -> RawDocument:
    """The text of an OFD document, pages in order, lines in reading order."""
    try:
        package = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as err:
        raise OfdError(f"not an OFD package (not a zip: {err})", path=str(path)) from None
    with package:
        names = set(package.namelist())
        root = _find(names, "OFD.xml")
        if root is None:
            raise OfdError("not an OFD package (no OFD.xml)", path=str(path))
        ofd = _parse(package, root, path)
        doc_root = _text_of(ofd, "DocRoot")
        if not doc_root:
            raise OfdError("OFD.xml names no document (DocBody/DocRoot)", path=str(path))
        doc_path = _resolve(root, doc_root)
        document = _parse(package, doc_path, path)
        pages: list[list[str]] = []
        images = 0
        for page in _descendants(document, "Page"):
            loc = page.get("BaseLoc")
            if not loc:
                continue
            content = _parse(package, _resolve(doc_path, loc), path)
            pages.append(_page_lines(content))
            images += sum(1 for _ in _descendants(content, "ImageObject"))
    if not any(pages):
        if images:
            raise NeedsOcrError("no text in the OFD: its pages are images (a scan), OCR is needed", path=str(path))
        raise EmptyDocumentError("no text in the OFD", path=str(path))
    kept = drop_page_furniture(pages)
    text = "\n".join(line for lines in kept for line in lines) + "\n"
    return RawDocument(text=text, path=str(path), encoding=None,
                       metadata={"pages": len(pages), "format": "ofd"})


def read_ofd_scan(path: Path) -> RawDocument:
    """An OFD whose pages are images (a scan saved as OFD): each page's largest image, OCR'd in page order
    (ingest/ocr.py; the `ocr` extra)."""
    import io

    from PIL import Image

    from . import ocr  # (lazy: the OCR module asks whether its extra is installed only when a scan needs it)

    with zipfile.ZipFile(path) as package:
        root = _find(set(package.namelist()), "OFD.xml") or "OFD.xml"
        doc_path = _resolve(root, _text_of(_parse(package, root, path), "DocRoot"))
        document = _parse(package, doc_path, path)
        media = _media_files(package, doc_path, document, path)
        images = []
        for page in _descendants(document, "Page"):
            content = _parse(package, _resolve(doc_path, page.get("BaseLoc", "")), path)
            found = [media[o.get("ResourceID")] for o in _descendants(content, "ImageObject") if o.get("ResourceID") in media]
            if found:
                largest = max(found, key=lambda name: package.getinfo(name).file_size)
                images.append(package.read(largest))
    if not images:
        raise NeedsOcrError("no text in the OFD, and none of the page images it names is in the package: "
                            "OCR has nothing to read", path=str(path))
    return ocr.read_images((Image.open(io.BytesIO(data)) for data in images), str(path))


def _media_files(package: zipfile.ZipFile, doc_path: str, document, path: Path) -> dict[str, str]:
    """Resource id → package entry of every image the document's resource files (DocumentRes, PublicRes) list."""
    out: dict[str, str] = {}
    names = set(package.namelist())
    for tag in ("DocumentRes", "PublicRes"):
        for ref in _descendants(document, tag):
            res_path = _resolve(doc_path, (ref.text or "").strip())
            if res_path not in names:
                continue
            res = _parse(package, res_path, path)
            # media files are named relative to the resource file's BaseLoc folder (Res/), itself relative
            # to the resource file
            folder = posixpath.normpath(posixpath.join(posixpath.dirname(res_path), res.get("BaseLoc") or "."))
            for medium in _descendants(res, "MultiMedia"):
                file = _text_of(medium, "MediaFile")
                entry = file.lstrip("/") if file.startswith("/") else posixpath.normpath(posixpath.join(folder, file))
                if file and entry in names:
                    out[medium.get("ID", "")] = entry
    return out


def _page_lines(content) -> list[str]:
    """A page's text lines: glyph runs ordered top to bottom, left to right; one baseline, one line."""
    glyphs: list[_Glyphs] = []
    for obj in _descendants(content, "TextObject"):
        box = [float(v) for v in _NUMBER.findall(obj.get("Boundary", ""))] + [0.0] * 4
        size = float(obj.get("Size") or 3.5)
        for code in _descendants(obj, "TextCode"):
            text = "".join(code.itertext())
            if not text.strip():
                continue
            glyphs.append(_Glyphs(box[0] + float(code.get("X") or 0), box[1] + float(code.get("Y") or 0), size,
                                  text))
    glyphs.sort(key=lambda g: (g.y, g.x))
    lines: list[list[_Glyphs]] = []
    for g in glyphs:
        if lines and abs(lines[-1][0].y - g.y) <= max(lines[-1][0].size, g.size) / 2:
            lines[-1].append(g)
        else:
            lines.append([g])
    out = []
    for line in lines:
        line.sort(key=lambda g: g.x)
        out.append(" ".join("".join(g.text for g in line).split()))
    return [s for s in out if s]


def _parse(package: zipfile.ZipFile, name: str, path: Path):
    from lxml import etree

    try:
        data = package.read(name)
    except KeyError:
        raise OfdError(f"the part {name} is missing", path=str(path)) from None
    except (zipfile.BadZipFile, OSError, RuntimeError) as err:
        raise OfdError(f"the part {name} cannot be read: {err}", path=str(path)) from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as err:
        raise OfdError(f"the part {name} is not well-formed XML: {err}", path=str(path)) from None


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _descendants(element, name: str):
    """Elements named `name` anywhere below (OFD nests Pages/Page and Layer/TextObject at varying depths)."""
    return (e for e in element.iter() if _local(e.tag) == name)


def _text_of(element, name: str) -> str:
    found = next(_descendants(element, name), None)
    return (found.text or "").strip() if found is not None else ""


def _find(names: set[str], wanted: str) -> str | None:
    """The package's entry named `wanted` at its root (some writers put everything under one folder)."""
    if wanted in names:
        return wanted
    return next((n for n in sorted(names) if n.endswith("/" + wanted) and n.count("/") == 1), None)


def _resolve(base: str, loc: str) -> str:
    """A location as OFD writes it (relative to the part that names it, or absolute from the package root)."""
    loc = loc.replace("\\", "/")
    if loc.startswith("/"):
        return loc.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), loc))
