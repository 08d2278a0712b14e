"""The time grammar's fallback: jionlp's `parse_time`, for expressions the grammar finds but cannot normalise
(春节前, 汛期前). Imported on first use only, its banner kept off standard output and its error log quiet.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import threading

_log = logging.getLogger(__name__)

_jionlp_lock = threading.Lock()
_jionlp_parse = None


def _jionlp():
    """jionlp.parse_time, imported on first use with its banner and log kept quiet."""
    global _jionlp_parse
    with _jionlp_lock:
        if _jionlp_parse is None:
            with contextlib.redirect_stdout(io.StringIO()):  # banner printed on import
                import jionlp
                import jionlp.gadget.time_parser as time_parser
            # The time parser logs every string it cannot read as an ERROR with a
            # traceback, through the root logger; send those to a logger of its own.
            quiet = logging.getLogger("jionlp.time_parser")
            quiet.setLevel(logging.CRITICAL)
            time_parser.logging = quiet
            _jionlp_parse = jionlp.parse_time
    return _jionlp_parse


def jionlp_span(text: str, doc_date: dt.date) -> tuple[dt.date | None, dt.date] | None:
    base = dt.datetime.combine(doc_date, dt.time()).timestamp()
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            result = _jionlp()(text, time_base=base)
        first, last = result["time"]
        end = dt.date.fromisoformat(last[:10])
        start = dt.date.fromisoformat(first[:10]) if first[:1].isdigit() else None
    except Exception as exc:  # jionlp raises ValueError and others on what it cannot read
        _log.debug("jionlp cannot read %r: %s", text, exc)
        return None
    return start, end
