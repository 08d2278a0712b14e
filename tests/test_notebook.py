"""The analyst's notebook runs from top to bottom (so it cannot rot), as an analyst runs it: with
`jupyter nbconvert --execute`, from a folder of their own."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"

pytest.importorskip("nbconvert")


def _execute(folder: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """The notebook copied to `folder` (its kernel's working folder) and executed there by nbconvert."""
    shutil.copy(NOTEBOOK, folder / "explore.ipynb")
    return subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                           "--ExecutePreprocessor.timeout=300", "--output", "ran.ipynb", "explore.ipynb"],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=600)


def test_notebook_is_kept_stripped():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert not any(c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")


def test_notebook_runs_from_another_folder_and_shows_its_plot(tmp_path):
    env = {**os.environ, "POLICY_ANALYZER_CORPORA": str(ROOT / "corpora")}
    res = _execute(tmp_path, env)
    assert res.returncode == 0, res.stderr[-2000:]
    cells = json.loads((tmp_path / "ran.ipynb").read_text(encoding="utf-8"))["cells"]
    outputs = [o for c in cells if c["cell_type"] == "code" for o in c["outputs"]]
    assert "document(s) extracted" in json.dumps(outputs[0], ensure_ascii=False)
    # the trajectory is shown (a Plotly figure in the output), and the figures behind it follow
    assert any("application/vnd.plotly.v1+json" in o.get("data", {}) for o in outputs)
    table = json.dumps(cells[-1]["outputs"], ensure_ascii=False)
    assert "国内生产总值增长" in table and "2019" in table and "NaT" not in table  # every point has its year


def test_notebook_without_its_corpora_stops_with_a_clear_error(tmp_path):
    """Run where no corpora/ folder can be found, it says so and stops (it extracted nothing and went on)."""
    env = {k: v for k, v in os.environ.items() if k != "POLICY_ANALYZER_CORPORA"}
    res = _execute(tmp_path, env)
    assert res.returncode != 0
    assert "no corpora/ folder in" in res.stderr and "POLICY_ANALYZER_CORPORA" in res.stderr
