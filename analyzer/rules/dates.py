"""The document's own date, as documents state it (spec §4: deadlines are read against it)."""
from __future__ import annotations

import re

DATE_IN_TEXT: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?:发布日期|发文日期|成文日期|印发日期|发布时间|日期)\s*[：:]\s*"
               r"(?P<y>\d{4})\s*[-年/.]\s*(?P<m>\d{1,2})\s*[-月/.]\s*(?P<d>\d{1,2})"),
    re.compile(r"[（(]\s*(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日[^）)]{0,30}[）)]"),
    re.compile(r"——\s*(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日"),
    re.compile(r"^\s*(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日\s*$", re.M),
)

