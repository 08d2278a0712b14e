"""Reading text files: encodings detected automatically, clear errors for bad input."""
from __future__ import annotations

import codecs

import pytest

from analyzer.errors import EmptyDocumentError, EncodingError, InputError, UnsupportedFormatError
from analyzer.ingest import read_document
from analyzer.ingest.txt import decode_bytes

SAMPLE = "各县（市）区要在年底前全部完成闲置土地清理处置。\n市财政局要在6月底前拨付首批产业引导资金。\n"


@pytest.mark.parametrize("data, encoding", [
    (SAMPLE.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
    (SAMPLE.encode("gb18030"), "gb18030"),
    (SAMPLE.encode("gbk"), "gb18030"),  # GBK without BOM: read as its superset
    (SAMPLE.encode("gb2312"), "gb18030"),
    (codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), "utf-16"),
    (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16"),
])
def test_ingest_decodes_office_encodings(data, encoding):
    text, used = decode_bytes(data, name="x.txt")
    assert text.lstrip("\ufeff") == SAMPLE
    assert used == encoding


@pytest.mark.parametrize("data, error, words", [
    (b"", EmptyDocumentError, "empty"),
    (b"   \n\n  ", EmptyDocumentError, "empty"),
    (bytes(range(256)) * 4, InputError, "binary"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", InputError, "binary"),
    ("中文".encode() + b"\xff\xff\x80 text" * 5, EncodingError, "not UTF-8 or GB18030"),
])
def test_ingest_rejects_bad_bytes_with_a_clear_message(data, error, words):
    with pytest.raises(error) as info:
        decode_bytes(data, name="bad.txt")
    line = info.value.line()
    assert line.startswith("bad.txt: ")
    assert words in line


def test_ingest_reads_a_file_and_names_it(tmp_path):
    p = tmp_path / "通知.txt"
    p.write_bytes(SAMPLE.encode("gbk"))
    raw = read_document(p)
    assert raw.text == SAMPLE and raw.encoding == "gb18030" and raw.path == str(p)


def test_ingest_missing_and_unsupported_files(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "absent.txt")
    with pytest.raises(UnsupportedFormatError, match="unsupported file type"):
        read_document(tmp_path / "table.xyz")


def test_ingest_truncated_utf8_is_read_with_a_warning():
    data = SAMPLE.encode("utf-8")[:-2]  # cut inside the last character (。 is 3 bytes) … and the newline
    warnings: list[str] = []
    text, used = decode_bytes(data[:-1], name="cut.txt", warnings=warnings)
    assert used == "utf-8" and text == SAMPLE[:-2]
    assert warnings and "truncated" in warnings[0]


def test_ingest_a_damaged_byte_does_not_turn_utf8_into_mojibake():
    data = (SAMPLE * 20).encode("utf-8")
    data = data[:100] + b"\xff" + data[101:]
    warnings: list[str] = []
    text, used = decode_bytes(data, name="x.txt", warnings=warnings)
    assert used == "utf-8" and "各县（市）区" in text and text.count("\ufffd") >= 1
    assert "damaged" in warnings[0]
