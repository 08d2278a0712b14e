"""The optional spaCy view: our words in a Doc, the gazetteer's units as spans."""
from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from analyzer.spacy_view import SpacyView  # noqa: E402


@pytest.fixture(scope="module")
def view(ctx):
    return SpacyView(ctx)


def test_spacy_view_doc_holds_our_words_and_unit_spans(view):
    doc = view.doc("各地区各部门制定政策要认真听取意见")
    assert [t.text for t in doc][:2] == ["各地区", "各部门"]
    assert [s.text for s in doc.spans["units"]] == ["各地区", "各部门"]


def test_spacy_view_units_on_word_boundaries_and_bracketed_names(view):
    assert view.units("城市委员会研究") == []  # 市委 is no word here
    assert view.units("各县（市）区要抓紧") == [("各县（市）区", 0, 6)]
