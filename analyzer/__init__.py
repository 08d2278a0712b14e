"""policy-analyzer: task records from Chinese government policy documents.

A few verbs; everything heavy (jieba, spaCy, pandas) loads on first use.

    >>> import analyzer
    >>> analysis = analyzer.analyze_file("corpora/shangqiu-2024-investment-speech.txt")
    >>> analysis.records[0].text
"""
from __future__ import annotations

from ._version import __version__

__all__ = ["analyze_file", "analyze_text", "records_to_frame", "evaluate_folder", "load_records",
           "load_frames", "load_reviewed", "extract", "compare_records", "__version__"]


def __getattr__(name: str):
    # lazy: `import analyzer` stays cheap, the CLI's --help never loads the pipeline
    if name in ("analyze_file", "analyze_text"):
        from . import pipeline

        return getattr(pipeline, name)
    if name == "records_to_frame":
        from .records import records_to_frame

        return records_to_frame
    if name == "extract":
        from .batch import extract

        return extract
    if name == "compare_records":
        from .compare import compare

        return compare
    if name in ("load_records", "load_frames", "load_reviewed"):
        from . import frames

        return getattr(frames, name)
    if name == "evaluate_folder":
        from .evaluate import evaluate_folder

        return evaluate_folder
    raise AttributeError(f"module 'analyzer' has no attribute {name!r}")
