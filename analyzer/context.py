"""The context every stage is handed: the run's segmenter and unit lexicon, and the document's date.

A stage never reads module state: what it may depend on beyond its input is in the `Context` passed to it.
`Context.create(user_dicts)` makes one for a run (its dictionaries checked and loaded lazily); a batch's
workers each make theirs once; `for_date()` gives the same context anchored at a document's date
(`for_document()` also tells it the document's kind).

    >>> ctx = Context.create(["my_units.txt"])
    >>> records = extract_records(document, ctx.for_date(dt.date(2024, 2, 23)))
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from .errors import UsageError
from .indicators import Catalogue
from .lexicon import UnitLexicon
from .segment import Segmenter
from .task_model import TaskModel


@dataclass(frozen=True)
class Context:
    """What extraction depends on besides the text."""

    segmenter: Segmenter  # jieba with the policy and user dictionaries (built on first use)
    lexicon: UnitLexicon  # names of bodies: the gazetteer and the user dictionaries' nt words
    user_dicts: tuple[str, ...] = ()
    date: dt.date | None = None  # the document's date: relative deadlines (年内, 三年内) are read against it
    task_model: TaskModel | None = None  # the learned second opinion on task sentences; None: the rules alone
    kind: str | None = None  # the document's kind (regulation, measures …): rules that fit one kind only ask it
    scope: str | None = None  # national | regional: which catalogue name a quantity gets (国内/地区生产总值增长)
    catalogue: Catalogue = field(default_factory=Catalogue.load)  # the indicator catalogue (resources/indicators.toml)

    @classmethod
    def create(cls, user_dicts: Iterable[str | Path] = (), rules_only: bool = False) -> Context:
        """A context for a run with these user dictionaries (a missing file is a UsageError);
        with the shipped sentence model unless `rules_only`."""
        paths = tuple(str(p) for p in user_dicts)
        for p in paths:
            if not Path(p).is_file():
                raise UsageError(f"user dictionary not found: {p}")
        model = TaskModel()
        return cls(Segmenter(paths), UnitLexicon.from_dictionaries(paths), paths,
                   task_model=None if rules_only or not model.available() else model)

    def for_date(self, date: dt.date | str | None) -> Context:
        """This context, anchored at a document's date (ISO string or date)."""
        if isinstance(date, str):
            date = dt.date.fromisoformat(date)
        return replace(self, date=date)

    def for_document(self, date: dt.date | str | None, kind: str | None, scope: str | None = None) -> Context:
        """This context for one document: anchored at its date, knowing its kind and scope."""
        return replace(self.for_date(date), kind=kind, scope=scope)


@lru_cache(maxsize=8)
def shared_context(user_dicts: tuple[str, ...] = (), rules_only: bool = False) -> Context:
    """One context per set of user dictionaries for the API's convenience verbs
    (`analyze_text(text)` without a context): the jieba dictionaries load once per process."""
    return Context.create(user_dicts, rules_only)
