"""A spaCy view of a text: a `Doc` made of our jieba words, with the unit gazetteer as spans.

For users who want spaCy's matchers or trainable pipes on our segmentation (no model download: a blank `zh`
pipeline with our tokens). Extraction itself does not need it — it looks names up in the `UnitLexicon`
directly, which is an order of magnitude faster than building a Doc per sentence — so spaCy is an optional extra:
`pip install 'policy-analyzer[spacy]'`.

    >>> from analyzer.context import Context
    >>> from analyzer.spacy_view import SpacyView
    >>> doc = SpacyView(Context.create()).doc("各地区各部门制定政策要认真听取意见")
    >>> [s.text for s in doc.spans["units"]]
    ['各地区', '各部门']
"""
from __future__ import annotations

import re

from .context import Context
from .errors import UsageError

_NOT_CJK = re.compile(r"[^\u4e00-\u9fff]")


class SpacyView:
    """spaCy Docs built from a context's segmenter, units matched by a SpanRuler."""

    def __init__(self, context: Context):
        try:
            import spacy  # the optional extra
            from spacy.tokens import Doc
        except ImportError:
            raise UsageError("the spaCy view needs spaCy", hint="pip install 'policy-analyzer[spacy]'") from None
        self.context, self._Doc = context, Doc
        self.nlp = spacy.blank("zh")  # its own segmenter is not used: we pass our words
        ruler = self.nlp.add_pipe("span_ruler", config={"spans_key": "units", "phrase_matcher_attr": "ORTH"})
        seg = context.segmenter
        patterns = [{"label": "UNIT", "pattern": [{"ORTH": w} for w in seg.cut(name)]}
                    for name in sorted(context.lexicon.names)]
        # 各 + a body (各部门, 各县 …)
        patterns.append({"label": "UNIT", "pattern": [
            {"ORTH": {"IN": ["各", "各级", "全市各级", "各有关", "各相关"]}},
            {"TEXT": {"REGEX": r"(部门|单位|地区|政府|党委|街道|乡镇|县|区|市|企业|领导)$"}}]})
        ruler.add_patterns(patterns)
        # jieba cuts words at brackets: names like 各县（市）区 are found by their text
        self._bracketed = [n for n in context.lexicon.names if _NOT_CJK.search(n)]

    def doc(self, text: str):
        """A Doc of `text` in our words; `doc.spans["units"]` holds the gazetteer's units."""
        words = self.context.segmenter.cut(text)
        doc = self._Doc(self.nlp.vocab, words=words, spaces=[False] * len(words))
        for _, proc in self.nlp.pipeline:
            doc = proc(doc)
        return doc

    def units(self, text: str) -> list[tuple[str, int, int]]:
        """Gazetteer units of `text` as (name, start, end), the outermost where they overlap."""
        if not text:
            return []
        found = [(s.start_char, -s.end_char, s.text) for s in self.doc(text).spans["units"]]
        for name in self._bracketed:
            at = text.find(name)
            while at >= 0:
                found.append((at, -(at + len(name)), name))
                at = text.find(name, at + 1)
        out, last_end = [], -1
        for start, neg_end, name in sorted(found):
            if start >= last_end:
                out.append((name, start, -neg_end))
                last_end = -neg_end
        return out
