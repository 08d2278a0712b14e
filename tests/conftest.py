"""Shared fixtures: paths to the bundled corpora and, when present, the shared dev gold."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"
SHARED = ROOT.parent / "shared"
DEV_GOLD = SHARED / "gold" / "dev"


@pytest.fixture(scope="session")
def ctx():
    """A plain context (the shipped dictionaries), shared by the tests of one session."""
    from analyzer.context import shared_context

    return shared_context()


@pytest.fixture
def corpora() -> Path:
    return CORPORA


@pytest.fixture
def dev_gold() -> Path:
    if not DEV_GOLD.is_dir():
        pytest.skip("the shared dev gold (../shared/gold/dev) is not beside this checkout")
    return DEV_GOLD
