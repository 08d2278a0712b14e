"""The review page in a real browser: Debian's Chromium driven headless by Playwright.

The app runs with uvicorn in a thread on a free port. Playwright's own browser
downloads are not used (CI has no `playwright install`): the test launches the
`chromium` on PATH and is skipped when there is none.
"""
from __future__ import annotations

import re
import shutil
import socket
import threading
import time

import pytest
from click.testing import CliRunner

from analyzer.cli import main
from analyzer.review.ledger import Ledger
from analyzer.store import Store

pytest.importorskip("uvicorn")
sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(not CHROMIUM, reason="no chromium on PATH (CI installs Debian's chromium with apt)")

A = ("（2024年2月23日）\n一、项目建设\n去年全市完成固定资产投资500亿元。\n"
     "市发展改革委要在年内完成重大项目库的全面更新。\n"
     "市财政局要在6月底前拨付首批产业引导资金3000万元。\n"
     "<script>alert(1)</script>各县（市）区要在年底前完成闲置土地清理处置。\n")
PASSAGE = "完成固定资产投资500亿元"  # not a task: the reviewer adds it by selecting it


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    import uvicorn

    from analyzer.review.web import create_app

    (tmp_path / "a.txt").write_text(A, encoding="utf-8")
    db = tmp_path / "t.duckdb"
    res = CliRunner().invoke(main, ["extract", str(tmp_path / "a.txt"), "--db", str(db), "-q", "-w", "1"])
    assert res.exit_code == 0, res.output
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}", db
    srv.should_exit = True
    thread.join(timeout=10)


# no wait_for_function: the page's Content-Security-Policy forbids evaluating strings
expect = sync_api.expect


def _status(page, task_id: str) -> str:
    return page.eval_on_selector(f'#text span.task[data-task="{task_id}"]', "el => el.className")


def test_review_web_in_headless_chromium(server):
    base, db = server
    dialogs: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            page = browser.new_page()
            page.set_default_timeout(10_000)
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))

            # the document list; the reviewer's name is asked once
            page.goto(base + "/")
            page.fill("#name-input", "王审核")
            page.click("#name-form button")
            assert page.locator("#reviewer").input_value() == "王审核"
            assert "0/3 已审核" in page.inner_text("table.docs")
            page.click("a.doc-link")
            page.wait_for_selector("#text span.task")

            # the <script> of the document is text on the page, and nothing ran
            assert "<script>alert(1)</script>各县" in page.inner_text("#text")
            assert page.get_by_text("<script>alert(1)</script>", exact=False).first.is_visible()

            # click a task, fix its lead unit, save
            page.click('#text span.task[data-task="a#2"]')
            assert "市财政局" in page.input_value("#f-text")
            page.fill("#f-lead", "市财政局、市发展改革委")
            page.click("#btn-save")
            expect(page.locator("#message")).to_contain_text("已保存")
            assert "st-edited" in _status(page, "a#2")

            # accept the first task with the keyboard: Esc, j (first task), a
            page.keyboard.press("Escape")
            page.keyboard.press("j")
            assert page.input_value("#f-text").startswith("市发展改革委")
            page.keyboard.press("a")
            expect(page.locator('#text span.task[data-task="a#1"]')).to_have_class(re.compile("st-accepted"))
            assert page.input_value("#f-text").startswith("市财政局")  # moved on to the next task

            # select a passage that is no task and add it
            page.evaluate("""passage => {
                const box = document.getElementById('text');
                const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
                let node;
                while ((node = walker.nextNode()) && !node.data.includes(passage)) {}
                const range = document.createRange();
                range.setStart(node, node.data.indexOf(passage));
                range.setEnd(node, node.data.indexOf(passage) + passage.length);
                const sel = window.getSelection();
                sel.removeAllRanges();
                sel.addRange(range);
                box.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
            }""", PASSAGE)
            page.click("#add-selection")
            assert page.input_value("#f-text") == PASSAGE
            page.fill("#f-responsible", "市发展改革委")
            page.click("#btn-add")
            expect(page.locator("#message")).to_contain_text("已新增")
            assert "st-added" in _status(page, "a#r1")

            # reload: everything was saved
            page.reload()
            page.wait_for_selector("#text span.task")
            assert "st-accepted" in _status(page, "a#1")
            assert "st-edited" in _status(page, "a#2")
            assert "st-unreviewed" in _status(page, "a#3")
            assert page.inner_text('#text span.task[data-task="a#r1"]') == PASSAGE
            page.click('#text span.task[data-task="a#2"]')
            assert page.input_value("#f-lead") == "市财政局、市发展改革委"
            assert not errors, errors
        finally:
            browser.close()
    assert dialogs == []  # no alert(1), and no prompt either

    with Store(db, read_only=True) as store:
        text = store.text("a")
        tasks = {t.task_id: t for t in Ledger(store).reviewed("a", keep_deleted=True)}
        rows = Ledger(store).rows("a")
    assert tasks["a#1"].status == "accepted" and tasks["a#2"].status == "edited"
    assert [u.name for u in tasks["a#2"].record.units if u.role == "lead"] == ["市财政局", "市发展改革委"]
    added = tasks["a#r1"].record
    assert tasks["a#r1"].status == "added" and text[added.start:added.end] == PASSAGE
    assert {r.reviewer for r in rows} == {"王审核"} and {r.via for r in rows} == {"web"}
