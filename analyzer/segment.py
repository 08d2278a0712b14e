"""Segmentation: our own jieba.Tokenizer with the policy dictionaries.

jieba's module-level tokenizer is global state shared by every importer, so we
build a `jieba.Tokenizer` of our own and load `resources/units.txt` (government
bodies and short forms), `resources/policy_terms.txt` and any `--user-dict` into
it. `tokenize()` keeps character offsets. A run's `Context` holds its segmenter:
two sets of user dictionaries in one process are two segmenters.

jieba is imported on first use only, so the CLI starts fast.
"""
from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from .lexicon import POLICY_TERMS, UNIT_DICTIONARY, read_dictionary

# jieba's block characters (jieba.re_han_default, written out so that this module
# does not import jieba): segmentation never crosses a character outside them
_BLOCK_CHAR = re.compile("[\u4E00-\u9FD5a-zA-Z0-9+#&._%\\-]")
DICTIONARIES = (UNIT_DICTIONARY, POLICY_TERMS)


def _is_punct(word: str) -> bool:
    return all(unicodedata.category(ch)[0] in "PSZ" for ch in word)


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


def cache_dir() -> Path:
    """This user's cache folder for policy-analyzer ($XDG_CACHE_HOME or ~/.cache, then policy-analyzer), made
    private (0700). jieba's own cache is /tmp/jieba.cache, trusted whoever wrote it: a planted one changed the
    output (3 tasks → 2), and one owned by another user made jieba print a traceback on every run."""
    import os

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    out = base / "policy-analyzer"
    out.mkdir(parents=True, exist_ok=True, mode=0o700)
    return out


def _dictionary_prefixes(tok) -> tuple[dict, int]:
    """jieba's prefix dictionary of its default dictionary (word → frequency, with every prefix), from this user's
    cache when it is theirs, private, and made from these very dictionary bytes; else built and cached. Read in
    one go: jieba's own initialize() unmarshals piece by piece (0.85 s here, 0.3 s from bytes; every worker pays it)."""
    import hashlib
    import marshal
    import os

    with tok.get_dict_file() as fh:
        data = fh.read()
    key = hashlib.sha256(data).hexdigest()[:16]
    try:
        folder = cache_dir()
    except OSError:  # no writable home (a sandbox): build it each time
        folder = None
    cache = folder / f"jieba-{key}.marshal" if folder else None
    if cache is not None:
        try:
            info = cache.stat()
            if info.st_uid == os.getuid() and not info.st_mode & 0o022:  # ours, and nobody else could write it
                freq, total = marshal.loads(cache.read_bytes())
                if isinstance(freq, dict) and freq and isinstance(total, int):
                    return freq, total
        except (OSError, EOFError, ValueError, TypeError):
            pass  # missing or damaged: build it again
    import io

    freq, total = tok.gen_pfdict(io.BytesIO(data))
    if cache is not None:
        try:
            tmp = cache.with_suffix(f".{os.getpid()}.part")
            tmp.write_bytes(marshal.dumps((freq, total)))
            os.chmod(tmp, 0o600)
            os.replace(tmp, cache)
        except OSError:
            pass  # a read-only cache folder: next time builds it again
    return freq, total


class Segmenter:
    """A jieba tokenizer of our own with the policy dictionaries (thread-safe lazy init)."""

    def __init__(self, user_dicts: Sequence[str | Path] = ()):
        self.user_dicts = tuple(Path(p) for p in user_dicts)
        self._tokenizer = None
        self._lock = threading.Lock()

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
        tok.FREQ, tok.total = _dictionary_prefixes(tok)
        tok.initialized = True  # (jieba's own initialize() would read /tmp/jieba.cache)
        for path in DICTIONARIES + self.user_dicts:
            for word, freq, tag in read_dictionary(path):
                tok.add_word(word, freq, tag)
        return tok

    def __getstate__(self):
        # a segmenter travels (to a worker, inside a pickled vectorizer) as its dictionaries only
        return {"user_dicts": self.user_dicts}

    def __setstate__(self, state):
        self.__init__(state["user_dicts"])

    def words(self, text: str) -> list[str]:
        """jieba words of a text without punctuation and spaces (a TF-IDF tokenizer)."""
        return [w for w in self.cut(text) if w.strip() and not _is_punct(w)]

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
