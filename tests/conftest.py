"""Shared fixtures: paths to the bundled corpora and, when present, the shared dev gold."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"
SHARED = ROOT.parent / "shared"
DEV_GOLD = SHARED / "gold" / "dev"


@pytest.fixture
def corpora() -> Path:
    return CORPORA


@pytest.fixture
def dev_gold() -> Path:
    if not DEV_GOLD.is_dir():
        pytest.skip("the shared dev gold (../shared/gold/dev) is not beside this checkout")
    return DEV_GOLD
