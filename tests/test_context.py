"""The context passed to every stage: made explicitly, anchored at a document's date, no global switch."""
from __future__ import annotations

import datetime as dt

import pytest

from analyzer.context import Context, shared_context
from analyzer.errors import UsageError
from analyzer.pipeline import analyze_text, build_document, extract_records


def test_context_for_date_keeps_everything_else():
    ctx = shared_context()
    dated = ctx.for_date("2024-02-23")
    assert dated.date == dt.date(2024, 2, 23) and dated.segmenter is ctx.segmenter and ctx.date is None


def test_context_missing_dictionary_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="user dictionary not found"):
        Context.create([tmp_path / "absent.txt"])


def test_context_records_are_read_against_the_documents_date_not_the_contexts():
    doc = build_document("市财政局要在年底前拨付资金。", "d", date="2025-03-01")
    (rec,) = extract_records(doc, shared_context().for_date("1999-01-01"))
    assert rec.deadlines[0].end_date == "2025-12-31"


def test_context_extraction_does_not_change_the_callers_document():
    doc = build_document("关于做好春耕的通知\n\n各乡镇要在年内完成春耕备耕工作。\n", "d", date="2025-03-01")
    before = dict(doc.metadata)
    extract_records(doc, shared_context())
    assert doc.metadata == before  # the title found goes into Analysis.document, not into the caller's
    assert analyze_text(doc.source_text, "d", date="2025-03-01").document.metadata.get("title")
