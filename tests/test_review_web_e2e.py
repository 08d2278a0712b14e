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
from contextlib import contextmanager

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
# two sections (b#1 in 一、项目建设, b#2 in 二、保障措施), for the filters
B = ("（2024年2月23日）\n关于推进项目建设的通知\n一、项目建设\n市发展改革委要在年内完成重大项目库的全面更新。\n"
     "二、保障措施\n市财政局要在6月底前拨付首批产业引导资金3000万元。\n")
C = "（2025年5月1日）\n某某方案\n市教育局要在年底前新建中小学10所。\n"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _serving(folder, files: dict[str, str]):
    """The documents `files` (name → text) extracted into a store in `folder`, served by uvicorn
    in a thread: (base URL, store path)."""
    import uvicorn

    from analyzer.review.web import create_app

    docs = folder / "docs"
    docs.mkdir()
    for name, text in files.items():
        (docs / name).write_text(text, encoding="utf-8")
    db = folder / "t.duckdb"
    target = docs / next(iter(files)) if len(files) == 1 else docs
    res = CliRunner().invoke(main, ["extract", str(target), "--db", str(db), "-q", "-w", "1"])
    assert res.exit_code == 0, res.output
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}", db
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def server(tmp_path):
    with _serving(tmp_path, {"a.txt": A}) as served:
        yield served


@pytest.fixture(scope="module")
def browser():
    """One Chromium for the module; every test has its own context (its own localStorage)."""
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert not errors, errors


# no wait_for_function: the page's Content-Security-Policy forbids evaluating strings
expect = sync_api.expect


def _status(page, task_id: str) -> str:
    return page.eval_on_selector(f'#text span.task[data-task="{task_id}"]', "el => el.className")


def _mark(page, task_id: str):
    return page.locator(f'#text span.task[data-task="{task_id}"]').first


def _open(page, base: str, doc: str = "a") -> None:
    """The document's page, the reviewer's name given in the dialog that asks for it."""
    page.goto(f"{base}/doc/{doc}")
    page.wait_for_selector("#text span.task")
    if page.locator("#name-dialog").is_visible():  # asked once: kept in the browser after
        page.fill("#name-input", "王审核")
        page.click("#name-form button")


def _tasks(db, doc: str = "a"):
    with Store(db, read_only=True) as store:
        return {t.task_id: t for t in Ledger(store).reviewed(doc, keep_deleted=True)}


def test_review_web_in_headless_chromium(server, page):
    base, db = server
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

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

    # click a task, fix its lead units (one per line), save
    page.click('#text span.task[data-task="a#2"]')
    assert "市财政局" in page.input_value("#f-text")
    page.fill("#f-lead", "市财政局\n市发展改革委")
    page.click("#btn-save")
    expect(page.locator("#message")).to_contain_text("已保存")
    assert "st-edited" in _status(page, "a#2")

    # accept the first task with the keyboard: Esc, j (first task), a
    page.keyboard.press("Escape")
    page.keyboard.press("j")
    assert page.input_value("#f-text").startswith("市发展改革委")
    page.keyboard.press("a")
    expect(page.locator('#text span.task[data-task="a#1"]')).to_have_class(re.compile("st-accepted"))
    assert "各县" in page.input_value("#f-text")  # moved on to the next unreviewed task (a#2 is edited)

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
    assert page.input_value("#f-lead") == "市财政局\n市发展改革委"
    assert dialogs == []  # no alert(1), and no prompt either

    with Store(db, read_only=True) as store:
        text = store.text("a")
        rows = Ledger(store).rows("a")
    tasks = _tasks(db)
    assert tasks["a#1"].status == "accepted" and tasks["a#2"].status == "edited"
    assert [u.name for u in tasks["a#2"].record.units if u.role == "lead"] == ["市财政局", "市发展改革委"]
    added = tasks["a#r1"].record
    assert tasks["a#r1"].status == "added" and text[added.start:added.end] == PASSAGE
    assert {r.reviewer for r in rows} == {"王审核"} and {r.via for r in rows} == {"web"}


def test_review_web_keys_go_to_the_next_unreviewed_task_and_ask_before_changing_a_decision(server, page):
    base, db = server
    _open(page, base)
    title, confirm = page.locator("#task-title"), page.locator("#confirm-bar")
    page.keyboard.press("j")
    expect(title).to_have_text("任务 1/3")
    page.keyboard.press("a")
    expect(title).to_have_text("任务 2/3")  # a moves on at once
    expect(_mark(page, "a#1")).to_have_class(re.compile("st-accepted"))
    page.keyboard.press("a")
    expect(title).to_have_text("任务 3/3")
    expect(_mark(page, "a#2")).to_have_class(re.compile("st-accepted"))
    # n / N go to unreviewed tasks only: a#3 is the only one left
    page.keyboard.press("k")
    page.keyboard.press("k")
    expect(title).to_have_text("任务 1/3")
    page.keyboard.press("n")
    expect(title).to_have_text("任务 3/3")
    page.keyboard.press("Shift+N")
    expect(page.locator("#message")).to_contain_text("没有未审核任务了")  # nothing else unreviewed: it stays
    expect(title).to_have_text("任务 3/3")

    # r on an accepted task only asks; another key cancels
    page.keyboard.press("k")
    page.keyboard.press("r")
    expect(confirm).to_be_visible()
    expect(page.locator("#confirm-text")).to_contain_text("任务 2 已通过，再按 r 确认改为删除")
    assert "st-accepted" in _status(page, "a#2")
    page.keyboard.press("j")
    expect(confirm).to_be_hidden()
    expect(title).to_have_text("任务 3/3")
    page.keyboard.press("k")
    page.keyboard.press("r")
    page.keyboard.press("r")  # the same key again confirms
    expect(_mark(page, "a#2")).to_have_class(re.compile("st-deleted"))
    expect(page.locator("#message")).to_contain_text("任务 2「市财政局")
    expect(title).to_have_text("任务 2/2")  # on to a#3, now number 2: deleted tasks have no number
    # a on the deleted task asks too, in the words of the panel; the 确认 button confirms
    page.click('#text span.task[data-task="a#2"]')
    expect(title).to_have_text("已删除的任务（不计序号）")
    page.keyboard.press("a")
    expect(page.locator("#confirm-text")).to_contain_text("该任务已删除，再按 a 确认改为通过")
    page.click("#confirm-yes")
    expect(_mark(page, "a#2")).to_have_class(re.compile("st-accepted"))
    expect(title).to_have_text("任务 3/3")  # asked by a key: on to the next unreviewed task
    # a on a task that stands changes nothing and says so
    page.click('#text span.task[data-task="a#2"]')
    page.keyboard.press("a")
    expect(page.locator("#message")).to_contain_text("已是「已通过」，没有改动")
    expect(confirm).to_be_hidden()
    tasks = _tasks(db)
    assert [tasks[t].status for t in ("a#1", "a#2", "a#3")] == ["accepted", "accepted", "unreviewed"]


def test_review_web_undo_takes_the_last_decisions_back(server, page):
    base, db = server
    _open(page, base)
    page.keyboard.press("j")
    page.keyboard.press("a")  # a#1 accepted, on to a#2
    expect(page.locator("#task-title")).to_have_text("任务 2/3")
    expect(page.locator("#btn-undo")).to_be_enabled()
    page.fill("#f-responsible", "市审计局")
    page.click("#btn-save")
    expect(page.locator("#message")).to_contain_text("已保存")
    page.click('#text span.task[data-task="a#3"]')
    page.keyboard.press("r")  # a#3 deleted
    expect(_mark(page, "a#3")).to_have_class(re.compile("st-deleted"))

    page.keyboard.press("u")  # the delete
    expect(_mark(page, "a#3")).to_have_class(re.compile("st-unreviewed"))
    expect(page.locator("#message")).to_contain_text("已撤销 任务 3「")
    page.keyboard.press("u")  # the edit: the previous unit again
    expect(page.locator("#f-responsible")).to_have_value("市财政局")
    expect(page.locator("#task-title")).to_have_text("任务 2/3")
    expect(page.locator("#task-status")).to_have_text("未审核")
    page.click("#btn-undo")  # the accept
    expect(_mark(page, "a#1")).to_have_class(re.compile("st-unreviewed"))
    expect(page.locator("#message")).to_contain_text("“通过” → 未审核")
    expect(page.locator("#btn-undo")).to_be_disabled()
    page.keyboard.press("u")
    expect(page.locator("#message")).to_contain_text("没有可撤销的审核")

    tasks = _tasks(db)
    assert {t.status for t in tasks.values()} == {"unreviewed"}
    assert [u.name for u in tasks["a#2"].record.units if u.role == "responsible"] == ["市财政局"]
    with Store(db, read_only=True) as store:
        actions = [r.action for r in Ledger(store).rows("a")]
    assert actions == ["accept", "edit", "delete", "undo", "undo", "undo"]  # undone, not erased


def test_review_web_asks_before_leaving_unsaved_changes(server, page):
    base, db = server
    _open(page, base)
    guard = page.locator("#guard-bar")
    page.click('#text span.task[data-task="a#1"]')
    page.fill("#f-cooperate", "市审计局")
    page.click('#text span.task[data-task="a#3"]')
    expect(guard).to_be_visible()
    expect(page.locator("#task-title")).to_have_text("任务 1/3")  # not moved
    page.click("#guard-stay")
    expect(guard).to_be_hidden()
    assert page.input_value("#f-cooperate") == "市审计局"
    page.locator("h1").click()
    page.keyboard.press("j")  # keys ask too
    expect(guard).to_be_visible()
    page.click("#guard-discard")
    expect(page.locator("#task-title")).to_have_text("任务 2/3")
    page.fill("#f-cooperate", "市统计局")
    page.locator("#task-list li", has_text="各县").click()
    page.click("#guard-save")
    expect(page.locator("#task-title")).to_have_text("任务 3/3")
    expect(_mark(page, "a#2")).to_have_class(re.compile("st-edited"))

    # leaving the page with unsaved changes: the browser's own question
    page.click("#f-cooperate")
    page.keyboard.type("市审计局")
    with page.expect_event("dialog") as asked:
        page.close(run_before_unload=True)
    assert asked.value.type == "beforeunload"
    asked.value.accept()
    tasks = _tasks(db)
    assert tasks["a#1"].status == "unreviewed"  # 放弃: nothing stored
    assert [u.name for u in tasks["a#2"].record.units if u.role == "cooperate"] == ["市统计局"]


def test_review_web_messages_name_their_task_and_agree_with_the_badge(server, page):
    base, db = server
    _open(page, base)
    message = page.locator("#message")
    page.keyboard.press("j")
    page.keyboard.press("a")
    page.keyboard.press("a")  # before the first answer is back
    expect(page.locator("#task-title")).to_have_text("任务 3/3")
    expect(message).to_contain_text("任务 2「市财政局")  # the answer's task, not the one selected now
    expect(_mark(page, "a#1")).to_have_class(re.compile("st-accepted"))
    expect(_mark(page, "a#2")).to_have_class(re.compile("st-accepted"))

    # an edited task deleted and accepted again stays 已修改: the message says so, as the badge does
    page.click('#text span.task[data-task="a#3"]')
    page.fill("#f-lead", "市自然资源局")
    page.click("#btn-save")
    expect(page.locator("#task-status")).to_have_text("已修改")
    page.click("#btn-delete")
    page.click("#confirm-yes")
    expect(page.locator("#task-status")).to_have_text("已删除")
    page.click("#btn-accept")
    page.click("#confirm-yes")
    expect(page.locator("#task-status")).to_have_text("已修改")
    expect(message).to_contain_text("→ 已修改")
    assert "已通过" not in page.inner_text("#message")
    assert _tasks(db)["a#3"].status == "edited"


def test_review_web_numbers_tasks_as_the_export_does(server, page, tmp_path):
    from openpyxl import load_workbook

    base, db = server
    _open(page, base)
    assert [_mark(page, t).get_attribute("data-n") for t in ("a#1", "a#2", "a#3")] == ["1", "2", "3"]
    assert page.locator("#task-list li .num").all_inner_texts() == ["1", "2", "3"]
    page.click('#text span.task[data-task="a#1"]')
    page.keyboard.press("r")
    expect(page.locator("#task-title")).to_have_text("任务 1/2")  # a#2: after the deleted a#1, first
    expect(page.locator("#task-list li .num")).to_have_text(["—", "1", "2"])
    expect(_mark(page, "a#3")).to_have_attribute("data-n", "2")
    assert _mark(page, "a#1").get_attribute("data-n") is None
    assert "#" not in page.inner_text("#task-title") and "#" not in page.inner_text("#task-list")

    out = tmp_path / "out.xlsx"
    res = CliRunner().invoke(main, ["export", "--db", str(db), "-o", str(out), "-q"])
    assert res.exit_code == 0, res.output
    ws = load_workbook(out).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header = next(r for r in rows if "序号" in r)
    numbers = {r[header.index("重点任务")][:3]: r[header.index("序号")] for r in rows[rows.index(header) + 1:]
               if r[header.index("序号")]}
    assert numbers == {"市财政": 1, "<sc": 2}  # the page's numbers


def test_review_web_neighbouring_tasks_have_two_shades(server, page):
    base, _ = server
    _open(page, base)
    colour = "el => getComputedStyle(el).backgroundColor"
    shades = [page.eval_on_selector(f'#text span.task[data-task="{t}"]', colour) for t in ("a#1", "a#2", "a#3")]
    assert shades[0] != shades[1] and shades[0] == shades[2]  # all three 未审核, in turns


def test_review_web_unit_editor_keeps_a_joint_office_one_unit(server, page):
    base, db = server
    _open(page, base)
    page.click('#text span.task[data-task="a#2"]')
    page.fill("#f-lead", "市委、市政府督查室")
    page.fill("#f-cooperate", "市委、市政府督查室\n市审计局")
    page.click("#btn-save")
    expect(page.locator("#message")).to_contain_text("已保存")
    page.reload()
    page.wait_for_selector("#text span.task")
    page.click('#text span.task[data-task="a#2"]')
    assert page.input_value("#f-lead") == "市委、市政府督查室"
    assert page.input_value("#f-cooperate") == "市委、市政府督查室\n市审计局"
    units = _tasks(db)["a#2"].record.units
    assert [u.name for u in units if u.role == "lead"] == ["市委、市政府督查室"]
    assert [u.name for u in units if u.role == "cooperate"] == ["市委、市政府督查室", "市审计局"]


def test_review_web_task_list_filters_and_navigation_follow_them(tmp_path, page):
    with _serving(tmp_path, {"a.txt": A, "b.txt": B}) as (base, _):
        _open(page, base, "b")
        items = page.locator("#task-list li")
        expect(items).to_have_count(2)
        page.select_option("#flt-section", "关于推进项目建设的通知 › 二、保障措施")
        expect(items).to_have_count(1)
        expect(items).to_contain_text(["市财政局"])
        page.select_option("#flt-section", "关于推进项目建设的通知")  # a heading and all below it
        expect(items).to_have_count(2)
        page.select_option("#flt-section", "")

        _open(page, base, "a")
        page.fill("#flt-unit", "财政")
        expect(items).to_have_count(1)
        expect(page.locator("#flt-count")).to_have_text("显示 1 / 3 条")
        page.fill("#flt-unit", "")
        page.fill("#flt-text", "闲置土地")
        expect(items).to_contain_text(["各县"])
        page.fill("#flt-text", "")
        page.locator("h1").click()
        page.keyboard.press("j")
        page.keyboard.press("a")  # a#1 accepted
        expect(page.locator("#task-title")).to_have_text("任务 2/3")
        page.select_option("#flt-status", "unreviewed")
        expect(items).to_have_count(2)
        page.select_option("#flt-status", "accepted")
        expect(items).to_have_count(1)
        page.locator("h1").click()
        page.keyboard.press("k")  # navigation within the filter: from a#2 back to a#1, the only 通过
        expect(page.locator("#task-title")).to_have_text("任务 1/3")
        page.keyboard.press("j")
        expect(page.locator("#message")).to_contain_text("已经是最后一条任务")
        page.select_option("#flt-status", "unreviewed")
        page.fill("#flt-unit", "财政")
        page.locator("h1").click()
        page.keyboard.press("n")  # the next unreviewed task within the filter
        expect(page.locator("#task-title")).to_have_text("任务 2/3")


def test_review_web_document_list_search_sort_and_pending_filter(tmp_path, page):
    with _serving(tmp_path, {"a.txt": A, "b.txt": B, "c.txt": C}) as (base, db):
        with Store(db) as store:  # b fully reviewed
            from analyzer.review.model import Decision
            Ledger(store).apply([Decision("accept", "b", "b#1"), Decision("accept", "b", "b#2")], "甲")
        page.goto(base + "/")
        page.fill("#name-input", "王审核")
        page.click("#name-form button")
        shown = page.locator("tr.doc-row:visible")
        expect(shown).to_have_count(3)
        page.fill("#doc-search", "某某")
        expect(shown).to_have_count(1)
        expect(shown).to_contain_text(["某某方案"])
        page.fill("#doc-search", "")
        page.check("#doc-pending")
        expect(shown).to_have_count(2)
        expect(page.locator("#doc-count")).to_have_text("显示 2 / 3 个文件")
        page.uncheck("#doc-pending")

        def order():
            return [tr.get_attribute("data-doc") for tr in page.locator("tr.doc-row").all()]

        assert order() == ["a", "b", "c"]  # the store's order: oldest first
        page.select_option("#doc-sort", "date")
        assert order()[0] == "c"  # 2025, before the 2024 ones
        page.select_option("#doc-sort", "progress")
        assert order()[-1] == "b"  # all reviewed: last
        page.select_option("#doc-sort", "title")
        titles = [tr.get_attribute("data-title") for tr in page.locator("tr.doc-row").all()]
        # a and b have no title (their ids stand for it); where 某某方案 goes is the zh-CN collation's call
        assert [t for t in titles if t != "某某方案"] == ["a", "b"] and titles[1] != "某某方案"
        page.fill("#doc-search", "nothing-like-this")
        expect(page.locator("#doc-none")).to_be_visible()


def test_review_web_a_stale_write_shows_the_current_value(server, page):
    """Another reviewer changed a task after this page was opened: saving here is refused with a message naming
    them, and the panel shows the value as it now stands (the last writer won without notice)."""
    import httpx

    base, db = server
    _open(page, base)
    page.click('#text span.task[data-task="a#2"]')
    r = httpx.post(f"{base}/api/review", headers={"Origin": base},
                   json={"action": "edit", "doc_id": "a", "task_id": "a#2", "reviewer": "张三",
                         "values": {"lead": "市审计局"}, "version": 0})
    assert r.status_code == 200
    page.fill("#f-cooperate", "市统计局")
    page.click("#btn-save")
    expect(page.locator("#message")).to_contain_text("张三")
    expect(page.locator("#f-lead")).to_have_value("市审计局")
    t = _tasks(db)["a#2"]
    assert [u.name for u in t.record.units if u.role == "cooperate"] == []  # nothing of the stale write stored
