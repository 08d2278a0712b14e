"""The review page (`review serve`): pages, the JSON endpoint, escaping, refusals."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
import warnings
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from analyzer.cli import main
from analyzer.records import TaskRecord, UnitMention
from analyzer.review.ledger import Ledger
from analyzer.review.model import ReviewedTask
from analyzer.store import Store

pytest.importorskip("starlette")
pytest.importorskip("httpx")
with warnings.catch_warnings():  # starlette ≥ 1.x would rather have httpx2 behind it; httpx works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from analyzer.review.web import create_app  # noqa: E402
from analyzer.review.web.markup import highlight  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with")

A = ("（2024年2月23日）\n一、项目建设\n市发展改革委要在年内完成重大项目库的全面更新。\n"
     "市财政局要在6月底前拨付首批产业引导资金3000万元。\n"
     "<script>alert(1)</script>各县（市）区要在年底前完成闲置土地清理处置。\n")
B = "（2025年3月1日）\n市教育局要在年底前新建中小学10所。\n"
ORIGIN = "http://127.0.0.1"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """One extraction for the module; each test gets its own copy of the store."""
    docs = tmp_path_factory.mktemp("docs")
    (docs / "sub").mkdir()
    (docs / "a.txt").write_text(A, encoding="utf-8")
    (docs / "sub" / "b.txt").write_text(B, encoding="utf-8")
    path = docs.parent / "extracted.duckdb"
    res = CliRunner().invoke(main, ["extract", str(docs), "--db", str(path), "-q", "-w", "1"])
    assert res.exit_code == 0, res.output
    return path


@pytest.fixture
def db(extracted, tmp_path):
    path = tmp_path / "t.duckdb"
    shutil.copyfile(extracted, path)
    return path


@pytest.fixture
def client(db):
    with TestClient(create_app(db), base_url=ORIGIN) as c:
        yield c


def post(client, body, **headers):
    headers = {"Origin": ORIGIN, **headers}
    return client.post("/api/review", json=body, headers=headers)


def reviews(db):
    with Store(db, read_only=True) as store:
        return Ledger(store).rows()


def reviewed(db, doc_id="a"):
    with Store(db, read_only=True) as store:
        return {t.task_id: t for t in Ledger(store).reviewed(doc_id, keep_deleted=True)}


def task_classes(html: str, task_id: str) -> set[str]:
    """The classes of the (first) mark of a task in a page's text."""
    m = re.search(r'<span class="([^"]*)" data-task="' + re.escape(task_id) + '"', html)
    assert m, f"no mark of {task_id}"
    return set(m[1].split())


def test_review_web_lists_documents_with_progress(client, db):
    page = client.get("/")
    assert page.status_code == 200
    assert 'href="/doc/a"' in page.text and 'href="/doc/sub/b"' in page.text  # ids with / stay paths
    assert "0/3 已审核" in page.text and "0/1 已审核" in page.text
    assert post(client, {"action": "accept", "doc_id": "a", "task_id": "a#1", "reviewer": "张三"}).status_code == 200
    page = client.get("/")
    assert "1/3 已审核" in page.text and "已通过 1" in page.text
    assert '<rect class="st-accepted"' in page.text  # the progress bar


def test_review_web_document_page_escapes_the_text(client):
    page = client.get("/doc/a")
    assert page.status_code == 200
    html = page.text
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # every task marked with its status, its mentions inside
    assert '<span class="task st-unreviewed" data-task="a#1"' in html
    assert '<span class="m m-unit r-responsible" data-task="a#2" title="责任单位：市财政局">市财政局</span>' in html
    assert 'class="m m-deadline"' in html and 'class="m m-target"' in html
    # the shortcuts are on the page, and scripts may only come from the app itself
    assert "快捷键" in html and "<kbd>a</kbd>" in html
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert client.get("/static/review.js").status_code == 200
    assert client.get("/doc/sub/b").status_code == 200
    assert client.get("/doc/nothing").status_code == 404


class _Nesting(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.text, self.ok = 0, [], True

    def handle_starttag(self, tag, attrs):
        self.depth += 1

    def handle_endtag(self, tag):
        self.depth -= 1
        self.ok = self.ok and self.depth >= 0

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("spans", [
    [(0, 10), (5, 15)],            # two tasks that cross
    [(0, 10), (0, 10), (2, 4)],    # the same extent twice
    [(3, 8), (0, 20), (8, 12)],    # one inside another, one touching
])
def test_review_web_marks_always_nest(spans):
    text = "<b>市财政局</b>要在年底前完成&整改工作并报告。"
    tasks = [ReviewedTask(TaskRecord("d", f"d#{i}", text[s:e], s, e,
                                     units=(UnitMention("市财政局", "lead", False, 3, 7),)))
             for i, (s, e) in enumerate(spans)]
    html = str(highlight(text, tasks))
    parser = _Nesting()
    parser.feed(html)
    parser.close()
    assert parser.ok and parser.depth == 0
    assert "".join(parser.text) == text  # the text, escaped and given back exactly
    assert "<b>" not in html


def test_review_web_accept_edit_delete_add_change_the_ledger(client, db):
    r = post(client, {"action": "edit", "doc_id": "a", "task_id": "a#2", "reviewer": "张三",
                      "values": {"lead": "市财政局", "deadlines": "2024年9月底前"}})
    assert r.status_code == 200, r.text
    answer = r.json()
    assert answer["task"]["status"] == "edited"
    assert answer["task"]["fields"]["lead"] == "市财政局"
    assert "html" in answer and "&lt;script&gt;" in answer["html"]

    r = post(client, {"action": "accept", "doc_id": "a", "task_id": "a#1", "reviewer": "张三"})
    assert r.status_code == 200 and r.json()["task"]["status"] == "accepted"
    r = post(client, {"action": "delete", "doc_id": "a", "task_id": "a#3", "reviewer": "李四"})
    assert r.status_code == 200 and r.json()["task"]["status"] == "deleted"
    text = "全市要加强项目调度"
    with Store(db, read_only=True) as store:
        start = store.text("a").index("市发展改革委")
    r = post(client, {"action": "add", "doc_id": "a", "reviewer": "李四", "span": [start, start + 6],
                      "values": {"text": text, "responsible": "市发展改革委"}})
    assert r.status_code == 200, r.text
    added = r.json()["task"]
    assert added["status"] == "added" and added["task_id"] == "a#r1"
    assert r.json()["counts"] == {"accepted": 1, "edited": 1, "deleted": 1, "added": 1}

    tasks = reviewed(db)
    assert tasks["a#1"].status == "accepted" and tasks["a#3"].status == "deleted"
    assert [u.name for u in tasks["a#2"].record.units if u.role == "lead"] == ["市财政局"]
    assert tasks["a#2"].record.deadlines[0].end_date == "2024-09-30"
    assert tasks["a#r1"].record.text == text and tasks["a#r1"].record.start == start
    rows = reviews(db)
    assert {r.via for r in rows} == {"web"} and {r.reviewer for r in rows} == {"张三", "李四"}
    # the page shows what was decided
    html = client.get("/doc/a").text
    assert "st-accepted" in task_classes(html, "a#1") and "st-deleted" in task_classes(html, "a#3")
    assert "st-added" in task_classes(html, "a#r1")


@pytest.mark.parametrize("body, problem", [
    ({"action": "accept", "task_id": "a#99"}, "unknown task id 'a#99'"),
    ({"action": "edit", "task_id": "a#1", "values": {"deadlines": "早日"}}, "早日"),
    ({"action": "add", "values": {"responsible": "市财政局"}}, "no 重点任务 text"),
    ({"action": "accept", "task_id": "a#1", "reviewer": " "}, "reviewer name is required"),
    ({"action": "accept", "task_id": "a#1", "doc_id": "nope"}, "unknown document 'nope'"),
    ({"action": "edit", "task_id": "a#1", "values": {"owner": "x"}}, "unknown field(s) owner"),
    ({"action": "approve", "task_id": "a#1"}, "action must be one of"),
    ({"action": "add", "values": {"text": "新增一条"}, "span": [0, 99999]}, "is not a passage of the document's text"),
    ({"action": "add", "values": {"text": "新增一条"}, "span": "0-3"}, "span must be"),
])
def test_review_web_invalid_decisions_store_nothing(client, db, body, problem):
    body = {"doc_id": "a", "reviewer": "张三", **body}
    r = post(client, body)
    assert r.status_code == 400, r.text
    assert any(problem in p for p in r.json()["problems"]), r.json()
    assert reviews(db) == []


def test_review_web_refuses_cross_site_writes(client, db):
    body = {"action": "accept", "doc_id": "a", "task_id": "a#1", "reviewer": "张三"}
    assert post(client, body, Origin="http://evil.example").status_code == 403
    assert post(client, body, Origin="null").status_code == 403
    # a plain form post (no JSON content type) from anywhere
    form = {"Origin": ORIGIN, "Content-Type": "application/x-www-form-urlencoded"}
    r = client.post("/api/review", content="action=accept", headers=form)
    assert r.status_code == 403 and "application/json" in r.json()["problems"][0]
    # DNS rebinding: a foreign name pointing at 127.0.0.1
    r = client.post("/api/review", json=body, headers={"Host": "evil.example", "Origin": "http://evil.example"})
    assert r.status_code == 400
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert reviews(db) == []
    assert client.get("/api/review").status_code == 405


def test_review_web_busy_store_is_a_503(client, db):
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time, duckdb
        con = duckdb.connect({str(db)!r})
        print("ready", flush=True)
        sys.stdin.read()
        """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        r = post(client, {"action": "accept", "doc_id": "a", "task_id": "a#1", "reviewer": "张三"})
        assert r.status_code == 503 and "busy" in r.json()["problems"][0]
        page = client.get("/doc/a")
        assert page.status_code == 503 and "another program" in page.text
    finally:
        holder.communicate("", timeout=30)
    # the server does not keep the store open between requests: the CLI can write it
    res = CliRunner().invoke(main, ["export", "--db", str(db), "-o", str(db.parent / "o.jsonl"), "-q"])
    assert res.exit_code == 0, res.output
    assert client.get("/doc/a").status_code == 200


def test_review_web_serve_command_answers_on_loopback(db):
    """`policy-analyzer review serve` as a user starts it (the CLI → serve() → uvicorn)."""
    import socket
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-c", "from analyzer.cli import main; main()",
                             "review", "serve", "--db", str(db), "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline, page = time.monotonic() + 30, None
        while page is None and time.monotonic() < deadline and proc.poll() is None:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read().decode("utf-8")
            except OSError:
                time.sleep(0.2)
        assert page is not None, proc.stderr.read() if proc.poll() is not None else "no answer"
        assert 'href="/doc/sub/b"' in page
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert f"review page: http://127.0.0.1:{port}/" in err


def test_review_web_flags_reviews_a_re_extraction_could_not_place(client, db, tmp_path):
    assert post(client, {"action": "delete", "doc_id": "a", "task_id": "a#3", "reviewer": "张三"}).status_code == 200
    changed = tmp_path / "a.txt"  # the document again, without the reviewed sentence
    changed.write_text(A.split("<script>")[0], encoding="utf-8")
    res = CliRunner().invoke(main, ["extract", str(changed), "--db", str(db), "--doc-id", "a", "--force",
                                    "-q", "-w", "1"])
    assert res.exit_code == 0, res.output
    assert "1 条审核记录未能对应" in client.get("/").text
    page = client.get("/doc/a").text
    assert "1 条审核记录在重新抽取后未能对应到任务" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;各县" in page  # its anchor text, escaped too


def page_data(client, doc_id="a") -> dict:
    """The JSON the document page gives its script."""
    html = client.get(f"/doc/{doc_id}").text
    m = re.search(r'<script type="application/json" id="review-data">(.*?)</script>', html, re.S)
    return json.loads(m[1])


def test_review_web_undo_is_a_review_of_its_own(client, db):
    accept = {"action": "accept", "doc_id": "a", "task_id": "a#1", "reviewer": "张三"}
    r = post(client, accept)
    ids = r.json()["review_ids"]
    assert r.status_code == 200 and len(ids) == 1
    r = post(client, {**accept, "action": "undo", "undo": ids})
    assert r.status_code == 200, r.text
    assert r.json()["task"]["status"] == "unreviewed" and r.json()["task"]["reviewer"] is None
    assert "html" in r.json()  # marks may come back or go: the text again
    # an edit undone: the values before it
    edit = {"action": "edit", "doc_id": "a", "task_id": "a#2", "reviewer": "张三"}
    post(client, {**edit, "values": {"lead": "市审计局"}})
    second = post(client, {**edit, "values": {"lead": "市统计局"}}).json()["review_ids"]
    r = post(client, {**edit, "action": "undo", "undo": second})
    assert r.json()["task"]["fields"]["lead"] == "市审计局" and r.json()["task"]["status"] == "edited"
    # a delete undone, an add undone (the task is gone again)
    deleted = post(client, {**accept, "action": "delete", "task_id": "a#3"}).json()["review_ids"]
    assert post(client, {**accept, "action": "undo", "task_id": "a#3", "undo": deleted}).json()["task"]["status"] \
        == "unreviewed"
    added = post(client, {**accept, "action": "add", "task_id": None, "values": {"text": "全市要加强项目调度"}}).json()
    r = post(client, {**accept, "action": "undo", "task_id": added["task"]["task_id"], "undo": added["review_ids"]})
    assert r.json()["task"] is None and "a#r1" not in {t["task_id"] for t in r.json()["tasks"]}
    tasks = reviewed(db)
    assert tasks["a#1"].status == "unreviewed" and tasks["a#3"].status == "unreviewed" and "a#r1" not in tasks
    assert [r.action for r in reviews(db)].count("undo") == 4  # stored, not erased


@pytest.mark.parametrize("undo, problem", [
    ("first", "is not a review of task 'a#2'"),   # a row of another task
    ("again", "was already taken back"),
    ([], "names no review ids"),
    ("1", "undo must be a list of review ids"),
])
def test_review_web_refuses_an_undo_it_cannot_apply(client, db, undo, problem):
    first = post(client, {"action": "accept", "doc_id": "a", "task_id": "a#1", "reviewer": "张三"}).json()["review_ids"]
    body = {"action": "undo", "doc_id": "a", "task_id": "a#2", "reviewer": "张三"}
    if undo == "again":
        assert post(client, {**body, "task_id": "a#1", "undo": first}).status_code == 200
        body, undo = {**body, "task_id": "a#1"}, first
    elif undo == "first":
        undo = first
    before = len(reviews(db))
    r = post(client, {**body, "undo": undo})
    assert r.status_code == 400 and any(problem in p for p in r.json()["problems"]), r.json()
    assert len(reviews(db)) == before


def test_review_web_numbers_tasks_as_the_task_table_does(client, db):
    from analyzer.export.store_export import sheet_rows

    assert [t["n"] for t in page_data(client)["tasks"]] == [1, 2, 3]
    assert post(client, {"action": "delete", "doc_id": "a", "task_id": "a#1", "reviewer": "张三"}).status_code == 200
    data = page_data(client)
    assert [(t["task_id"], t["n"]) for t in data["tasks"]] == [("a#1", None), ("a#2", 1), ("a#3", 2)]
    with Store(db, read_only=True) as store:  # the 序号 of the exported 任务分解表
        records = [t.record for t in Ledger(store).reviewed("a")]
        table = {r.task_id: row[0] for r, row in zip(records, sheet_rows(records, store.documents(["a"]), store),
                                                     strict=True)}
    assert table == {t["task_id"]: t["n"] for t in data["tasks"] if t["n"]}
    html = client.get("/doc/a").text
    assert 'data-task="a#2" data-n="1" title="任务 1 · 未审核"' in html
    assert 'data-task="a#1" title="已删除"' in html  # a deleted task has no number
    assert "· a#" not in html  # no raw ids in the marks' tooltips


def test_review_web_units_one_per_line_keep_a_joint_office_whole(client, db):
    edit = {"action": "edit", "doc_id": "a", "task_id": "a#2", "reviewer": "张三"}
    r = post(client, {**edit, "values": {"lead": "市委、市政府督查室\n", "cooperate": "市委、市政府督查室\n市审计局\n"}})
    assert r.status_code == 200, r.text
    assert r.json()["task"]["units"]["lead"] == ["市委、市政府督查室"]
    units = reviewed(db)["a#2"].record.units
    assert [u.name for u in units if u.role == "lead"] == ["市委、市政府督查室"]
    assert [u.name for u in units if u.role == "cooperate"] == ["市委、市政府督查室", "市审计局"]
    # a value without line breaks is split as a workbook cell is
    post(client, {**edit, "values": {"cooperate": "市财政局、市审计局"}})
    assert [u.name for u in reviewed(db)["a#2"].record.units if u.role == "cooperate"] == ["市财政局", "市审计局"]
    assert page_data(client)["tasks"][1]["units"]["cooperate"] == ["市财政局", "市审计局"]


def test_review_web_marks_alternate_shades_and_number_each_task_once():
    text = "市财政局要拨付资金。市审计局要开展审计。市统计局要做好监测。"

    def task(task_id, start, end, status="unreviewed"):
        return ReviewedTask(TaskRecord("d", task_id, text[start:end], start, end), status)

    # in document order, as Ledger.reviewed() gives them; d#9 starts inside d#1 and runs on past it
    tasks = [task("d#0", 0, 9), task("d#1", 10, 19, "deleted"), task("d#9", 15, 22), task("d#2", 23, 29)]
    html = str(highlight(text, tasks))
    assert '<span class="task st-unreviewed" data-task="d#0" data-n="1" title="任务 1 · 未审核">' in html
    assert '<span class="task st-deleted alt" data-task="d#1" title="已删除">' in html  # no number
    assert '<span class="task st-unreviewed" data-task="d#9" data-n="2"' in html
    assert html.count('data-task="d#9"') == 2 and html.count('data-n="2"') == 1  # split where d#1 ends: numbered once
    assert '<span class="task st-unreviewed alt" data-task="d#2" data-n="3"' in html  # the next shade in turn


def test_review_web_pages_offer_filters_search_and_sorting(client):
    html = client.get("/doc/a").text
    for label in ("未审核", "通过", "修改", "新增", "删除"):
        assert f">{label}</option>" in html
    assert '<option value="一、项目建设">一、项目建设</option>' in html
    assert 'id="flt-unit"' in html and 'id="flt-text"' in html
    assert "<kbd>n / N</kbd>" in html and "<kbd>u</kbd>" in html and "撤销" in html
    index = client.get("/").text
    assert 'id="doc-search"' in index and 'id="doc-sort"' in index and 'id="doc-pending"' in index
    assert 'data-doc="a" data-title="a" data-date="2024-02-23" data-progress="0.0" data-unreviewed="3"' in index


# --- served beyond loopback, hostile bodies, two reviewers -----------------------------------

def test_review_web_on_all_addresses_still_checks_the_host(db):
    """--host 0.0.0.0 switched the Host check off: any web site could write by DNS rebinding. Now the page answers
    loopback names, the address it listens on and the names given with --allow-host."""
    from analyzer.review.web import served_hosts

    assert served_hosts("0.0.0.0") == ("127.0.0.1", "localhost", "::1")
    assert served_hosts("0.0.0.0", ["review.lan"])[-1] == "review.lan"
    assert "192.168.1.20" in served_hosts("192.168.1.20")
    body = {"action": "accept", "doc_id": "a", "task_id": "a#1", "reviewer": "张三"}
    with TestClient(create_app(db, allowed_hosts=served_hosts("0.0.0.0", ["review.lan"])),
                    base_url="http://review.lan") as c:
        r = c.post("/api/review", json=body, headers={"Host": "evil.example", "Origin": "http://evil.example"})
        assert r.status_code == 400 and "--allow-host" in r.text
        assert c.get("/", headers={"Host": "review.lan"}).status_code == 200
    assert reviews(db) == []


def test_review_web_beyond_loopback_needs_the_session_token_to_write(db):
    body = {"action": "accept", "doc_id": "a", "task_id": "a#1", "reviewer": "张三"}
    with TestClient(create_app(db, allowed_hosts=("review.lan",), token="s3cret"), base_url="http://review.lan") as c:
        r = c.post("/api/review", json=body, headers={"Origin": "http://review.lan"})
        assert r.status_code == 403 and "令牌" in r.json()["problems"][0]
        assert reviews(db) == []
        c.get("/?token=wrong")
        assert c.post("/api/review", json=body, headers={"Origin": "http://review.lan"}).status_code == 403
        page = c.get("/?token=s3cret")  # the address review serve prints
        cookie = page.headers["set-cookie"]
        assert "review_token=s3cret" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
        assert c.post("/api/review", json=body, headers={"Origin": "http://review.lan"}).status_code == 200
    assert len(reviews(db)) == 1


@pytest.mark.parametrize("content, status", [
    ("[" * 100_000 + "]" * 100_000, 400),  # a RecursionError and a 500 before
    ('{"action": "accept", "reviewer": "' + "x" * 300_000 + '"}', 413),
])
def test_review_web_refuses_hostile_bodies_without_storing(client, db, content, status):
    r = client.post("/api/review", content=content.encode(), headers={"Origin": ORIGIN, "Content-Type": "application/json"})
    assert r.status_code == status and r.json()["problems"]
    assert reviews(db) == []


def test_review_web_validates_field_lengths(client, db):
    body = {"action": "accept", "doc_id": "a", "task_id": "a#1", "reviewer": "名" * 65}
    r = post(client, body)
    assert r.status_code == 400 and "longer than 64" in r.json()["problems"][0]
    body = {"action": "edit", "doc_id": "a", "task_id": "a#1", "reviewer": "张三", "values": {"text": "字" * 20_001}}
    assert post(client, body).status_code == 400
    assert reviews(db) == []


def test_review_web_a_stale_write_is_refused_with_the_current_value(db):
    """Two reviewers write the same field: the second, whose page still shows the old value, is refused (the last
    writer won without notice) and gets the value as it now stands."""
    with TestClient(create_app(db), base_url=ORIGIN) as first, TestClient(create_app(db), base_url=ORIGIN) as second:
        seen = json.loads(re.search(r'id="review-data">(.*?)</script>', second.get("/doc/a").text, re.S)[1])
        task = next(t for t in seen["tasks"] if t["task_id"] == "a#2")
        assert task["version"] == 0
        r = post(first, {"action": "edit", "doc_id": "a", "task_id": "a#2", "reviewer": "张三",
                         "values": {"lead": "市财政局"}, "version": 0})
        assert r.status_code == 200
        r = post(second, {"action": "edit", "doc_id": "a", "task_id": "a#2", "reviewer": "李四",
                          "values": {"lead": "市审计局"}, "version": task["version"]})
        assert r.status_code == 409 and "张三" in r.json()["problems"][0]
        now = next(t for t in r.json()["tasks"] if t["task_id"] == "a#2")
        assert now["fields"]["lead"] == "市财政局" and now["version"] > 0
        # with the version it was shown, the second reviewer's change goes through
        r = post(second, {"action": "edit", "doc_id": "a", "task_id": "a#2", "reviewer": "李四",
                          "values": {"lead": "市审计局"}, "version": now["version"]})
        assert r.status_code == 200
    assert [r.new_value for r in reviews(db) if r.field == "lead"] == ["市财政局", "市审计局"]
