"""Review: people check and correct the extracted task records; their decisions last.

- `model`    decisions, review rows, and how they lay over extracted records (pure)
- `ledger`   the `reviews` table: all-or-nothing writes, re-placing after re-extraction
- `workbook` the Excel/WPS round trip (review export / review import)
- `gold`     reviewed documents written as gold files for `evaluate`
- `web`      the local review page (review serve)
"""
from .model import (
    ACTION_LABELS,
    FIELD_LABELS,
    FIELDS,
    Decision,
    ReviewedTask,
    ReviewError,
    ReviewRow,
)

__all__ = ["ACTION_LABELS", "FIELD_LABELS", "FIELDS", "Decision", "ReviewedTask", "ReviewError", "ReviewRow"]
