#!/usr/bin/env python3
"""Make the README's pictures again: the printed 任务分解表 (LibreOffice → PDF → PNG) and the review page
(headless Chromium). Needs LibreOffice Calc, pdftoppm (poppler-utils), Chromium and Playwright's Python package.

    python docs/images/make_pictures.py
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SEED = ROOT / "corpora" / "shangqiu-2024-investment-speech.txt"
CLI = [sys.executable, str(ROOT / "cli.py")]


def printed_table(work: Path) -> None:
    db, xlsx = work / "seed.duckdb", work / "seed.xlsx"
    subprocess.run(CLI + ["extract", str(SEED), "--db", str(db), "-q"], check=True)
    subprocess.run(CLI + ["export", "--db", str(db), "-o", str(xlsx), "--prepared-by", "市委督查室", "-q"], check=True)
    subprocess.run([shutil.which("soffice") or "libreoffice", "--headless", "--convert-to", "pdf", "--outdir",
                    str(work), str(xlsx)], check=True, capture_output=True)
    subprocess.run(["pdftoppm", "-r", "90", "-f", "1", "-l", "1", "-png", str(work / "seed.pdf"), str(work / "page")],
                   check=True)
    _save_small(next(work.glob("page*.png")), HERE / "task-table-printed.png")


def review_page(work: Path) -> None:
    import uvicorn
    from playwright.sync_api import sync_playwright

    from analyzer.review.web import create_app

    db = work / "seed.duckdb"
    port = 8799
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), headless=True)
            page = browser.new_page(viewport={"width": 1400, "height": 860})
            page.goto(f"http://127.0.0.1:{port}/doc/shangqiu-2024-investment-speech")
            page.wait_for_selector("#text span.task")
            if page.locator("#name-dialog").is_visible():
                page.fill("#name-input", "王审核")
                page.click("#name-form button")
            for key in ("j", "a", "a", "r"):  # a few decisions, so the colours show
                page.keyboard.press(key)
                time.sleep(0.4)
            page.keyboard.press("j")
            time.sleep(0.4)
            page.screenshot(path=str(work / "page.png"))
            browser.close()
    finally:
        server.should_exit = True
    _save_small(work / "page.png", HERE / "review-page.png")


def _save_small(src: Path, dst: Path) -> None:
    from PIL import Image

    Image.open(src).convert("P", palette=Image.ADAPTIVE, colors=96).save(dst, optimize=True)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        printed_table(Path(tmp))
        review_page(Path(tmp))
    print("wrote", HERE / "task-table-printed.png", "and", HERE / "review-page.png")
