"""Segmentation: our own jieba.Tokenizer with the policy dictionaries, and a spaCy view.

jieba's module-level tokenizer is global state shared by every importer, so we
build a `jieba.Tokenizer` of our own and load `resources/units.txt` (government
bodies and short forms), `resources/policy_terms.txt` and any `--user-dict` into
it. `tokenize()` keeps character offsets. `spacy_doc()` builds a spaCy Doc
(`spacy.blank("zh")`) from those very tokens, with the unit gazetteer applied as
a SpanRuler: `doc.spans["units"]` — for matchers and trainable pipes. (The
extraction hot path looks gazetteer names up directly: `units_starting()`.)

Both jieba and spaCy are imported on first use only, so the CLI starts fast.
"""
from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional, Sequence

RESOURCES = Path(__file__).parent / "resources"
# jieba's block characters (jieba.re_han_default, written out so that this module
# does not import jieba): segmentation never crosses a character outside them
_BLOCK_CHAR = re.compile("[\u4E00-\u9FD5a-zA-Z0-9+#&._%\\-]")
DICTIONARIES = (RESOURCES / "units.txt", RESOURCES / "policy_terms.txt")


def read_dictionary(path: Path) -> list[tuple[str, Optional[int], Optional[str]]]:
    """(word, frequency, tag) entries of a jieba-format dictionary; # lines are comments."""
    entries = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        word = parts[0]
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[2] if len(parts) > 2 else (parts[1] if len(parts) > 1 and not parts[1].isdigit() else None)
        entries.append((word, freq, tag))
    return entries


def import_jieba():
    """jieba, imported without pkg_resources where nothing has loaded that yet.

    jieba imports the deprecated pkg_resources (0.2 s, a third of our start-up) only to
    open its own data files, and opens them by path when the import fails: so the
    import is made to fail, for jieba's import alone.
    """
    import sys

    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # `import pkg_resources` raises ImportError
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


def _load_jieba_cache(tok) -> bool:
    """Fill a new tokenizer of jieba's default dictionary from jieba's own cache file,
    read in one go: `Tokenizer.initialize()` unmarshals it from the open file piece by
    piece (0.85 s here, 0.3 s from bytes; every worker process pays it). False when
    there is no readable cache yet: then jieba builds it (and writes the cache)."""
    import marshal
    import tempfile

    if tok.dictionary is not None or tok.cache_file:
        return False  # not the default dictionary, or a cache of its own
    try:
        freq, total = marshal.loads((Path(tok.tmp_dir or tempfile.gettempdir()) / "jieba.cache").read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return False
    if not isinstance(freq, dict) or not freq:
        return False
    tok.FREQ, tok.total, tok.initialized = freq, total, True
    return True


@lru_cache(maxsize=1)
def unit_gazetteer() -> frozenset[str]:
    """Names of government bodies shipped in resources/units.txt."""
    return frozenset(w for w, _, _ in read_dictionary(RESOURCES / "units.txt"))


class Segmenter:
    """A jieba tokenizer of our own with the policy dictionaries (thread-safe lazy init)."""

    def __init__(self, user_dicts: Sequence[str | Path] = ()):
        self.user_dicts = tuple(Path(p) for p in user_dicts)
        self._tokenizer = None
        self._nlp = None
        self._units: Optional[frozenset[str]] = None
        self._bracketed: list[str] = []
        self._initials: Optional[frozenset[str]] = None
        self._by_initial: Optional[dict[str, list[str]]] = None
        self._lock = threading.RLock()  # _build_nlp tokenizes while holding it

    @property
    def tokenizer(self):
        if self._tokenizer is None:
            with self._lock:
                if self._tokenizer is None:
                    self._tokenizer = self._build()
        return self._tokenizer

    def _build(self):
        jieba = import_jieba()
        jieba.setLogLevel(logging.WARNING)
        logging.getLogger("jieba").setLevel(logging.WARNING)
        tok = jieba.Tokenizer()
        if not _load_jieba_cache(tok):
            tok.initialize()
        for path in DICTIONARIES + self.user_dicts:
            for word, freq, tag in read_dictionary(path):
                tok.add_word(word, freq, tag)
        return tok

    @property
    def units(self) -> frozenset[str]:
        """The unit gazetteer plus every user-dictionary word tagged nt (an organisation)."""
        if self._units is None:
            extra = {w for path in self.user_dicts for w, _, tag in read_dictionary(path)
                     if tag == "nt"}
            self._units = unit_gazetteer() | frozenset(extra)
        return self._units

    @property
    def unit_initials(self) -> frozenset[str]:
        """First characters of every unit name (and of 各…), a cheap pre-check before matching."""
        if self._initials is None:
            self._initials = frozenset(n[0] for n in self.units) | {"各"}
        return self._initials

    def units_starting(self, ch: str) -> list[str]:
        """Unit names that start with `ch`, longest first."""
        if self._by_initial is None:
            table: dict[str, list[str]] = {}
            for n in self.units:
                table.setdefault(n[0], []).append(n)
            self._by_initial = {k: sorted(v, key=len, reverse=True) for k, v in table.items()}
        return self._by_initial.get(ch, [])

    def cut(self, text: str) -> list[str]:
        return self.tokenizer.lcut(text, HMM=True)

    def tokenize(self, text: str) -> list[tuple[str, int, int]]:
        """(word, start, end) for every token, offsets into `text`."""
        return list(self.tokenizer.tokenize(text, HMM=True))

    @staticmethod
    def cuts_at(text: str, i: int) -> bool:
        """Whether jieba's words of `text` break at offset `i` whatever the context.

        jieba cuts text into blocks of Chinese characters, letters and digits
        (`jieba.re_han_default`) and segments each block on its own; every other
        character is a word of its own. So text[a:b] segmented alone gives the very
        words the whole text gives there when it starts and ends where no block
        goes on across the cut — which is how the pipeline segments only the
        sentences that need words.
        """
        if i <= 0 or i >= len(text):
            return True
        return not (_BLOCK_CHAR.match(text, i - 1) and _BLOCK_CHAR.match(text, i)) \
            and text[i - 1:i + 1] != "\r\n"

    # --- spaCy view ---------------------------------------------------------
    @property
    def nlp(self):
        if self._nlp is None:
            with self._lock:
                if self._nlp is None:
                    self._nlp = self._build_nlp()
        return self._nlp

    def _build_nlp(self):
        import spacy

        nlp = spacy.blank("zh")  # char segmenter by default: we pass our own words
        ruler = nlp.add_pipe("span_ruler", config={"spans_key": "units", "phrase_matcher_attr": "ORTH"})
        from spacy.tokens import Doc

        patterns = []
        for name in sorted(self.units):
            words = self.cut(name)
            patterns.append({"label": "UNIT", "pattern": [{"ORTH": w} for w in words]})
        # 各 + a body (各部门, 各县（市）区 …) and a level prefix + a head (市财政局 …)
        patterns.append({"label": "UNIT", "pattern": [
            {"ORTH": {"IN": ["各", "各级", "全市各级", "各有关", "各相关"]}},
            {"TEXT": {"REGEX": r"(部门|单位|地区|政府|党委|街道|乡镇|县|区|市|企业|领导)$"}}]})
        ruler.add_patterns(patterns)
        self._bracketed = [n for n in self.units if re.search(r"[^\u4e00-\u9fff]", n)]
        self._Doc = Doc
        return nlp

    def spacy_doc(self, text: str):
        """A spaCy Doc built from our tokens; `doc.spans["units"]` holds gazetteer units."""
        nlp = self.nlp
        words = self.cut(text)
        doc = self._Doc(nlp.vocab, words=words, spaces=[False] * len(words))
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        return doc

    def known_units(self, text: str) -> list[tuple[str, int, int]]:
        """Gazetteer units in `text` as (name, start, end) character spans, longest first
        where they overlap (the SpanRuler keeps all matches; we keep the outermost)."""
        if not text:
            return []
        doc = self.spacy_doc(text)
        found = [(s.start_char, -s.end_char, s.text) for s in doc.spans["units"]]
        # jieba cuts words at brackets, so names like 各县（市）区 are found by text
        for name in self._bracketed:
            at = text.find(name)
            while at >= 0:
                found.append((at, -(at + len(name)), name))
                at = text.find(name, at + 1)
        spans = sorted(found)
        out, last_end = [], -1
        for start, neg_end, name in spans:
            if start >= last_end:
                out.append((name, start, -neg_end))
                last_end = -neg_end
        return out


_SEGMENTERS: dict[tuple[str, ...], Segmenter] = {}
_current: list[Segmenter] = []


def get_segmenter(user_dicts: Iterable[str | Path] = ()) -> Segmenter:
    """One shared Segmenter per set of user dictionaries (built lazily)."""
    key = tuple(str(p) for p in user_dicts)
    if key not in _SEGMENTERS:
        for p in key:
            if not Path(p).is_file():
                from .errors import UsageError

                raise UsageError(f"user dictionary not found: {p}")
        _SEGMENTERS[key] = Segmenter(key)
    return _SEGMENTERS[key]


def set_default(segmenter: Segmenter) -> None:
    """Make `segmenter` the one extraction uses (the CLI's --user-dict)."""
    _current[:] = [segmenter]


def current() -> Segmenter:
    """The segmenter extraction uses: the one set by set_default, else the plain one."""
    if not _current:
        _current.append(get_segmenter())
    return _current[0]
