"""Calendar arithmetic for the time grammar (extract/deadlines.py): months, quarters, adding months and years,
the beginnings of periods by the contract's convention, two-digit years, and reading a year or count as written.
Pure functions of dates; the grammar decides what an expression means, this module only counts days.
"""
from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache

from .numbers import read_numeral


def short_year(yy: int, doc_date: dt.date | None) -> int:
    """19 → 2019, 98 → 1998: the century that puts the year nearest the document's (2000s without a date)."""
    if doc_date is None:
        return 2000 + yy
    century = doc_date.year // 100 * 100
    return min((century - 100 + yy, century + yy, century + 100 + yy), key=lambda y: abs(y - doc_date.year))


def current_period(cur: str, doc_date: dt.date) -> tuple[dt.date, dt.date]:
    """本季度 / 本月 / 当月 / 下个月 / 上个月, seen from the document date."""
    if cur.startswith("本季"):
        return quarter_span(doc_date.year, (doc_date.month - 1) // 3 + 1)
    month = doc_date.month + {"下": 1, "上": -1}.get(cur[0], 0)
    return month_span(doc_date.year + (month - 1) // 12, (month - 1) % 12 + 1)


def beginning(suffix: str, of_month: bool, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """The beginning of a period, by the convention the contract states: 月初 is the month's first five days
    (8月初前 → 08-05), 年初 its first two months (明年初 → 02-28), 伊始 its first month."""
    if suffix.startswith("伊始"):
        return first, month_span(first.year, first.month)[1]
    if not suffix.lstrip("年").startswith("初"):
        return first, last
    if of_month and not suffix.startswith("年"):
        return first, first.replace(day=5)
    return first, month_span(first.year, 2)[1]


def quarter_span(year: int, q: int) -> tuple[dt.date, dt.date]:
    if not 1 <= q <= 4:
        raise ValueError(f"quarter {q}")
    return month_span(year, 3 * q - 2)[0], month_span(year, 3 * q)[1]


def month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def add_months(d: dt.date, n: int) -> dt.date:
    y, m0 = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m0 + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def add_years(d: dt.date, n: int) -> dt.date:
    return add_months(d, 12 * n)


# 二0二0 / 二OO二: scraped and typed texts write 〇 as these
_ZERO = str.maketrans({c: "〇" for c in "○0OＯ"})


@lru_cache(maxsize=256)
def num(text: str) -> int:
    """2024 → 2024; 二〇二五 / 二0二五 → 2025; 十二 → 12; 两 → 2 (the one numeral reader, extract/numbers.py);
    ValueError for what is not a whole number."""
    if text.isascii() and text.isdigit():
        return int(text)
    value = read_numeral(text.translate(_ZERO))
    if value is None or value != int(value):
        raise ValueError(f"not a whole numeral: {text!r}")
    return int(value)
