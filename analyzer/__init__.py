"""policy-analyzer: task records from Chinese government policy documents.

A few verbs; everything heavy (jieba, pandas, DuckDB, scikit-learn) loads on first use.

    >>> import analyzer
    >>> analysis = analyzer.analyze_file("corpora/shangqiu-2024-investment-speech.txt")
    >>> analysis.records[0].text
"""
from __future__ import annotations

import importlib

from ._version import __version__

# verb → (module, name): imported when first asked for, so `import analyzer` stays cheap
# and the CLI's --help never loads the pipeline
_VERBS = {
    "analyze_file": ("pipeline", "analyze_file"),
    "analyze_text": ("pipeline", "analyze_text"),
    "Context": ("context", "Context"),
    "records_to_frame": ("records", "records_to_frame"),
    "extract_files": ("batch", "extract_files"),
    "compare_records": ("compare", "compare"),
    "load_records": ("frames", "load_records"),
    "load_frames": ("frames", "load_frames"),
    "load_reviewed": ("frames", "load_reviewed"),
    "evaluate_folder": ("evaluate", "evaluate_folder"),
    "load_targets": ("target_table", "load_targets"),
    "wide_targets": ("target_table", "wide_targets"),
    "evaluate_targets": ("target_eval", "evaluate_targets"),
}

__all__ = [*_VERBS, "__version__"]


def __getattr__(name: str):
    if name in _VERBS:
        module, attr = _VERBS[name]
        return getattr(importlib.import_module(f".{module}", __name__), attr)
    raise AttributeError(f"module 'analyzer' has no attribute {name!r}")
