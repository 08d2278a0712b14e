"""Policy word vectors trained here, so that paraphrases meet: 减税降费 ↔ 退税减税, 集成电路 ↔ 芯片, 冶金 ↔ 钢铁.

No model can be downloaded, so the vectors are learned from the shared corpora (national and provincial
work reports, congress reports, gov.cn policy documents: ~5.5 M characters) by the classic count method:
jieba words, co-occurrence within a sentence window weighted 1/distance, positive PMI with context
smoothing (α = 0.75), and a truncated SVD (scikit-learn's randomized_svd, fixed seed). Levy & Goldberg
showed this matches skip-gram on similarity tasks; it needs nothing outside the stack and is reproducible:
`policy-analyzer train-aligner --corpora DIR` rebuilds `resources/policy_vectors.npz` bit for bit from the
same texts and jieba version (checked: the shipped file is byte-identical to a rebuild).

The file is shipped small (~2.5 MB): words seen at least `min_count` times, each vector stored as int8
with one scale per word. Texts are compared in two ways (both used by the aligner's pair features):
- `sentence_matrix`: SIF-weighted mean of word vectors (Arora et al.: weight a / (a + p(w))), the mean of
  the compared texts removed, so the common "要…加强…推进" direction does not make everything alike;
- `soft_match`: for each word of one text its best cosine with a word of the other, SIF-weighted and
  averaged — each direction apart, since a short heading inside a long sentence matches one way only.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import InputError

RESOURCE = Path(__file__).parent / "resources" / "policy_vectors.npz"
SENTENCE_BREAK = re.compile(r"[。！？；\n]")
SIF_A = 1e-3  # the SIF smoothing constant: words rarer than ~1 in 1000 keep almost full weight


@dataclass(frozen=True)
class VectorOptions:
    dimensions: int = 128
    # words either side, weighted 1/distance: about a clause, so topical neighbours count too
    # (the aligner's leave-one-gold-out F1: .683 with 4, .704 with 20, .704 with 40)
    window: int = 20
    min_count: int = 5
    context_smoothing: float = 0.75


class WordVectors:
    """Unit word vectors (float32 in memory) with their corpus frequencies."""

    def __init__(self, words: Sequence[str], vectors, counts):
        import numpy as np

        self.words = list(words)
        self.index = {w: i for i, w in enumerate(self.words)}
        self.vectors = np.asarray(vectors, dtype=np.float32)
        self.counts = np.asarray(counts, dtype=np.int64)
        p = self.counts / max(int(self.counts.sum()), 1)
        self.sif = (SIF_A / (SIF_A + p)).astype(np.float32)

    @classmethod
    @lru_cache(maxsize=2)
    def load(cls, path: str | Path = RESOURCE) -> WordVectors:
        import numpy as np

        with np.load(path, allow_pickle=False) as z:
            q, scale = z["vectors"].astype(np.float32), z["scale"].astype(np.float32)
            return cls([str(w) for w in z["words"]], q * scale[:, None], z["counts"])

    def save(self, path: str | Path) -> None:
        """int8 per word with its own scale: a quarter of float32, cosines change < 0.01."""
        import numpy as np

        scale = np.abs(self.vectors).max(axis=1) / 127.0 + 1e-12
        q = np.round(self.vectors / scale[:, None]).astype(np.int8)
        np.savez_compressed(path, words=np.array(self.words), vectors=q, scale=scale.astype(np.float32),
                            counts=self.counts)

    def ids(self, words: Iterable[str]) -> list[int]:
        return [self.index[w] for w in words if w in self.index]

    def neighbours(self, word: str, n: int = 8) -> list[str]:
        if word not in self.index:
            return []
        sims = self.vectors @ self.vectors[self.index[word]]
        return [self.words[i] for i in (-sims).argsort()[1:n + 1]]


def train(texts: Iterable[str], words_of: Callable[[str], list[str]], options: VectorOptions = VectorOptions()
          ) -> WordVectors:
    """PPMI-SVD vectors from raw texts (split into sentences, cut into words by `words_of`)."""
    import numpy as np
    from scipy import sparse
    from sklearn.utils.extmath import randomized_svd

    sentences = [words_of(s) for t in texts for s in SENTENCE_BREAK.split(t) if len(s) >= 6]
    counts = Counter(w for s in sentences for w in s)
    words = sorted((w for w, c in counts.items() if c >= options.min_count and not w.isdigit()),
                   key=lambda w: (-counts[w], w))
    index = {w: i for i, w in enumerate(words)}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for s in sentences:
        ids = [index.get(w, -1) for w in s]
        for a, i in enumerate(ids):
            if i < 0:
                continue
            for b in range(max(0, a - options.window), a):
                j = ids[b]
                if j >= 0:
                    w = 1.0 / (a - b)
                    rows += (i, j)
                    cols += (j, i)
                    vals += (w, w)
    n = len(words)
    cooc = sparse.csr_matrix((np.array(vals, np.float64), (rows, cols)), shape=(n, n))
    cooc.sum_duplicates()
    total = cooc.sum()
    row_sum = np.asarray(cooc.sum(axis=1)).ravel()
    ctx = row_sum ** options.context_smoothing
    ctx = ctx / ctx.sum() * total
    coo = cooc.tocoo()
    pmi = np.log(coo.data * total / (row_sum[coo.row] * ctx[coo.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=(n, n))
    u, s, _ = randomized_svd(ppmi, n_components=options.dimensions, random_state=0)
    vectors = u * np.sqrt(s)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    return WordVectors(words, vectors, [counts[w] for w in words])


def sentence_matrix(vectors: WordVectors, word_lists: Sequence[list[str]]):
    """SIF-weighted mean vectors of texts (rows), not yet centred or normalised."""
    import numpy as np

    out = np.zeros((len(word_lists), vectors.vectors.shape[1]), dtype=np.float32)
    for k, ws in enumerate(word_lists):
        ids = vectors.ids(ws)
        if ids:
            out[k] = (vectors.vectors[ids] * vectors.sif[ids, None]).sum(axis=0)
    return out


def centred_cosine(vectors: WordVectors, left: Sequence[list[str]], right: Sequence[list[str]]):
    """Cosine of the SIF sentence vectors after removing the mean of both sides."""
    import numpy as np

    a, b = sentence_matrix(vectors, left), sentence_matrix(vectors, right)
    mean = np.vstack([a, b]).mean(axis=0)
    a, b = a - mean, b - mean
    a /= np.linalg.norm(a, axis=1, keepdims=True) + 1e-9
    b /= np.linalg.norm(b, axis=1, keepdims=True) + 1e-9
    return a @ b.T


def soft_match(vectors: WordVectors, left: Sequence[list[str]], right: Sequence[list[str]], chunk: int = 64):
    """(left → right, right → left): the SIF-weighted mean, over one text's words, of each word's best
    cosine with a word of the other text. Texts with no known word count as the most frequent word.
    Left texts go `chunk` at a time, so memory stays at chunk × (words on the right)."""
    import numpy as np

    ri = [vectors.ids(ws) or [0] for ws in right]
    ra = np.concatenate(ri)
    rb = np.cumsum([0] + [len(x) for x in ri])[:-1]
    wr = vectors.sif[ra][None, :]
    right_vectors = vectors.vectors[ra].T
    l2r = np.zeros((len(left), len(right)), dtype=np.float32)
    r2l = np.zeros_like(l2r)
    for start in range(0, len(left), chunk):
        li = [vectors.ids(ws) or [0] for ws in left[start:start + chunk]]
        la = np.concatenate(li)
        lb = np.cumsum([0] + [len(x) for x in li])[:-1]
        wl = vectors.sif[la][:, None]
        sims = vectors.vectors[la] @ right_vectors
        best_right = np.maximum.reduceat(sims, rb, axis=1)  # left words × right texts
        l2r[start:start + len(li)] = np.add.reduceat(best_right * wl, lb, axis=0) / np.add.reduceat(wl, lb, axis=0)
        best_left = np.maximum.reduceat(sims, lb, axis=0)  # left texts × right words
        r2l[start:start + len(li)] = np.add.reduceat(best_left * wr, rb, axis=1) / np.add.reduceat(wr, rb, axis=1)
    return l2r, r2l


def corpus_texts(folder: str | Path) -> list[str]:
    """Every document's text in the folder's JSON Lines corpora (*.jsonl, in name order), read by the corpus
    reader the batch uses (`content` or `text`); a line that gives no document is an error naming it."""
    from .ingest.corpus import CorpusLineError, iter_corpus  # only when training: compare need not load the readers

    files = sorted(Path(folder).glob("*.jsonl"))
    if not files:
        raise InputError("no *.jsonl corpus to train word vectors on", path=str(folder))
    texts: list[str] = []
    for path in files:
        for item in iter_corpus(path):
            if isinstance(item, CorpusLineError):
                raise InputError(f"line {item.line}: {item.message}", path=item.path)
            texts.append(item.text)
    return texts


def train_from_corpora(folder: str | Path, segmenter, options: VectorOptions = VectorOptions()) -> WordVectors:
    return train(corpus_texts(folder), segmenter.words, options)
