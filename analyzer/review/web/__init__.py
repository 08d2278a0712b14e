"""The local review page (`policy-analyzer review serve`): a small Starlette app.

- `GET /`                 the documents, their review progress and unplaced reviews
- `GET /doc/{doc_id}`     the text with every task and mention marked, a side panel to
                          edit, accept, delete or add tasks (static/review.js)
- `POST /api/review`      one decision as JSON → `Ledger.apply(…, via="web")`, the same
                          code path as the Excel import; answers the updated tasks and
                          the ids of the rows written (what a later `undo` names), or
                          HTTP 400 with the problems (nothing stored)

A task is called by its number everywhere on the page (`markup.task_numbers()`: the
序号 it has in the document's 任务分解表), never by the tail of its id.

The store is opened per request and closed at once (one request at a time), so an
`extract` or `review import` can run while the server is up; a store that is busy
gives HTTP 503 with a message saying so. Pages are Jinja2 templates with autoescape;
the highlighted text is built by `markup.highlight()` from escaped segments.

Writes refuse cross-site requests: the body must be `application/json` (a form on
another site cannot send that without a CORS preflight this app never grants), the
`Origin` must be this server, and the `Host` one of the names the server listens on
(against DNS rebinding).
"""
from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from ...pipeline import ocr_place
from ...store import Store, StoreError
from ..ledger import Ledger
from ..model import (
    ACTIONS,
    FIELD_LABELS,
    FIELDS,
    ROW_LABELS,
    STATUS_LABELS,
    UNIT_FIELDS,
    Decision,
    ReviewedTask,
    ReviewError,
    field_value,
)
from .markup import highlight, task_numbers, unmarked

HERE = Path(__file__).resolve().parent
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
# The cookie that carries the session's token (a page served beyond loopback: writes need it). Strict: a request
# another site makes never carries it; HttpOnly: a script never reads it.
TOKEN_COOKIE = "review_token"
STATUSES_SHOWN = ("accepted", "edited", "added", "deleted", "unreviewed")  # order in progress bars
# how long a request waits for a store another program has open before answering 503
BUSY_WAIT_SECONDS = 1.0
# A decision is a few fields of a task: far below these. Bigger or deeper bodies are refused before they are
# parsed or stored (a 100,000-deep JSON body gave a RecursionError and a 500; a 50 MB reviewer name was stored).
MAX_BODY_BYTES = 256 * 1024
MAX_VALUE_CHARS = 20_000  # one field's value (a task of a whole paragraph is ~1,000)
MAX_REVIEWER_CHARS = 64
MAX_UNDO_IDS = 1_000

# the page's keys (static/review.js); a / r on a task that already has a decision only ask first
SHORTCUTS = (("j / k", "下一条 / 上一条任务"), ("n / N", "下一条 / 上一条未审核任务"),
             ("a", "通过，并跳到下一条未审核任务"), ("r / x / Delete", "删除，并跳到下一条未审核任务"),
             ("a / r 再按一次", "确认改变已审核任务的结果（其他键取消）"), ("u", "撤销上一次审核"),
             ("e", "修改（光标到第一个字段）"), ("Esc", "关闭面板 / 取消"))
# the status filter of the task list: the statuses, as the filter names them
STATUS_FILTERS = (("unreviewed", "未审核"), ("accepted", "通过"), ("edited", "修改"), ("added", "新增"),
                  ("deleted", "删除"))


class StoreBusy(Exception):
    """The store cannot be opened now (another program writes it, or it is gone)."""


class _Stores:
    """Opens the store for one request at a time and closes it after."""

    def __init__(self, db_path: str):
        self.path = str(db_path)
        self.lock = threading.Lock()

    @contextmanager
    def open(self, write: bool = False) -> Iterator[Any]:

        with self.lock:
            deadline = time.monotonic() + BUSY_WAIT_SECONDS
            while True:
                try:
                    store = Store(self.path, read_only=not write, lock_wait=0)  # (this loop waits, briefly)
                    break
                except StoreError as err:
                    if time.monotonic() >= deadline or not Path(self.path).exists():
                        raise StoreBusy(_busy_message(err)) from None
                    time.sleep(0.1)
            try:
                yield store
            finally:
                store.close()


def _busy_message(err: Exception) -> str:
    detail = str(err)
    if "lock" in detail.lower():
        return ("the store is busy: another program has it open (an extract, a review import?). "
                "Try again when it has finished. (" + detail + ")")
    return f"the store cannot be opened: {detail}"


# ---------------------------------------------------------------------------
# What pages and the API show of a task
# ---------------------------------------------------------------------------


def task_json(task: ReviewedTask, n: int, number: int | None) -> dict[str, Any]:
    """What the page knows of a task in a text of `n` characters; `number` from `task_numbers()`.

    `units` lists each role's units by name, so that a unit with 、 in its name
    (市委、市政府督查室) is one line of the unit editor, not two."""
    r = task.record
    return {
        "task_id": r.task_id,
        "n": number,
        "status": task.status,
        "status_label": STATUS_LABELS.get(task.status, task.status),
        "fields": {name: field_value(r, name) for name in FIELDS},
        "units": {role: [u.name for u in r.units if u.role == role] for role in UNIT_FIELDS},
        "reviewed_fields": list(task.reviewed_fields),
        "reviewer": task.reviewer,
        "reviewed_at": task.reviewed_at.isoformat(timespec="seconds") if task.reviewed_at else None,
        "ocr_confidence": r.ocr_confidence,  # read by OCR: the panel asks to check it against the page
        "ocr_page": r.ocr_page,
        "start": r.start,
        "end": r.end,
        "section": list(r.section),
        "unmarked": unmarked(task, n),
    }


def tasks_json(tasks: Sequence[ReviewedTask], n: int, versions: dict[str, int] | None = None) -> list[dict[str, Any]]:
    """Every task as the page knows it, each with the `version` a write about it must carry (see versions_of)."""
    numbers = task_numbers(tasks)
    out = [task_json(t, n, numbers.get(t.task_id)) for t in tasks]
    for t in out:
        t["version"] = (versions or {}).get(t["task_id"], 0)
    return out


def versions_of(ledger: Ledger, doc_id: str) -> dict[str, int]:
    """task id → the id of the latest review row about it (0: never reviewed). A write carries the version its
    page showed; when another reviewer has written since, it is refused with the values as they now stand
    (two clients writing the same field: the last writer won without notice)."""
    out: dict[str, int] = {}
    for row in ledger.rows(doc_id):
        out[row.task_id] = max(out.get(row.task_id, 0), row.review_id)
    return out


def section_choices(tasks: Sequence[ReviewedTask]) -> list[str]:
    """The 章节 the task list can be filtered by: every heading path and its parents
    (一、项目建设 › （一）…), joined with › as the page shows them, in document order."""
    out: dict[str, None] = {}
    for t in tasks:
        for k in range(1, len(t.record.section) + 1):
            out.setdefault(" › ".join(t.record.section[:k]))
    return list(out)


def counts_of(tasks: Sequence[ReviewedTask]) -> dict[str, int]:
    out: dict[str, int] = {}
    for t in tasks:
        out[t.status] = out.get(t.status, 0) + 1
    return out


def progress_bar(counts: dict[str, int]) -> list[dict[str, Any]]:
    """Segments of a stacked bar: status, label, count, x and width in percent."""
    total = sum(counts.values())
    out, x = [], 0.0
    for status in STATUSES_SHOWN:
        k = counts.get(status, 0)
        if not k or not total:
            continue
        w = 100.0 * k / total
        out.append({"status": status, "label": STATUS_LABELS[status], "count": k, "x": round(x, 3),
                    "width": round(w, 3)})
        x += w
    return out


def doc_url(doc_id: str) -> str:
    return "/doc/" + quote(doc_id, safe="/")


# ---------------------------------------------------------------------------
# Decisions from JSON
# ---------------------------------------------------------------------------


def decision_from_json(body: Any) -> tuple[Decision, str]:
    """(decision, reviewer) from a request body, or ReviewError listing what is wrong with it."""
    problems: list[str] = []
    if not isinstance(body, dict):
        raise ReviewError("the request body must be a JSON object", ["the request body must be a JSON object"])
    action = body.get("action")
    doc_id = body.get("doc_id")
    task_id = body.get("task_id")
    values = body.get("values") or {}
    span = body.get("span")
    reviewer = body.get("reviewer")
    if action not in ACTIONS:
        problems.append(f"action must be one of {', '.join(ACTIONS)}, not {action!r}")
    if not isinstance(doc_id, str) or not doc_id:
        problems.append("doc_id is missing")
    if task_id is not None and not isinstance(task_id, str):
        problems.append("task_id must be a string")
    if not isinstance(values, dict) or not all(isinstance(v, (str, type(None))) for v in values.values()):
        problems.append("values must map field names to strings")
        values = {}
    if span is not None and not (isinstance(span, list) and len(span) == 2
                                 and all(isinstance(x, int) and not isinstance(x, bool) for x in span)):
        problems.append("span must be [start, end] (character offsets)")
        span = None
    if not isinstance(reviewer, str) or not reviewer.strip():
        problems.append("a reviewer name is required (审核人)")
    problems += _size_problems(body, values)
    undo = _undo_ids(body.get("undo"), problems)
    if problems:
        raise ReviewError(f"{len(problems)} problem(s) with the request; nothing was applied", problems)
    where = f"{ROW_LABELS[action]} {task_id or ''}".strip()
    return Decision(action, doc_id, task_id or None, {k: v for k, v in values.items() if v is not None},
                    tuple(span) if span else None, where, undo), reviewer.strip()


def _size_problems(body: dict, values: dict) -> list[str]:
    """What in a request is longer than a decision ever needs, and a version that is no number."""
    out = []
    reviewer, doc_id, task_id, version = (body.get(k) for k in ("reviewer", "doc_id", "task_id", "version"))
    if isinstance(reviewer, str) and len(reviewer) > MAX_REVIEWER_CHARS:
        out.append(f"the reviewer name is longer than {MAX_REVIEWER_CHARS} characters")
    if any(isinstance(v, str) and len(v) > MAX_VALUE_CHARS for v in values.values()):
        out.append(f"a value is longer than {MAX_VALUE_CHARS:,} characters")
    if any(isinstance(x, str) and len(x) > MAX_VALUE_CHARS for x in (doc_id, task_id)):
        out.append("doc_id or task_id is too long")
    if version is not None and (not isinstance(version, int) or isinstance(version, bool)):
        out.append("version must be a number (the task's version the page showed)")
    return out


def _undo_ids(value: Any, problems: list[str]) -> tuple[int, ...]:
    """The review ids an undo names (`"undo": [12, 13]`, from an earlier answer's review_ids)."""
    if value is None:
        return ()
    if not (isinstance(value, list) and all(isinstance(x, int) and not isinstance(x, bool) for x in value)):
        problems.append("undo must be a list of review ids")
        return ()
    if len(value) > MAX_UNDO_IDS:
        problems.append(f"undo names more than {MAX_UNDO_IDS} review ids")
        return ()
    return tuple(value)


# ---------------------------------------------------------------------------
# The app
# ---------------------------------------------------------------------------


def create_app(db_path: str | Path, allowed_hosts: Sequence[str] = LOOPBACK_HOSTS, token: str | None = None):
    """The review app over the store at `db_path`.

    `allowed_hosts`: the names the `Host` header may carry (port ignored), always checked
    (against DNS rebinding: a page of another site that resolves its name to this address).
    `token`: when given (a page served beyond loopback), writes need it — the page opened
    once as `/?token=…` keeps it in a strict, HttpOnly cookie.
    """
    from starlette.applications import Starlette  # the web stack only when the page is served
    from starlette.convertors import PathConvertor, register_url_convertor
    from starlette.middleware import Middleware
    from starlette.middleware.base import BaseHTTPMiddleware
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    class AnyPath(PathConvertor):
        """A document id of any characters: `path` (.*) stops at a newline, and a file named 方案\n二.txt got a 404."""

        regex = "[\\s\\S]*"

    register_url_convertor("docid", AnyPath())

    pages = _Pages(str(db_path), token)
    routes = [
        Route("/", pages.index, name="index"),
        Route("/doc/{doc_id:docid}", pages.document, name="document"),
        Route("/api/review", pages.api_review, methods=["POST"], name="api_review"),
        Mount("/static", app=StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    guard = _HostGuard(allowed_hosts, token)
    app = Starlette(routes=routes, middleware=[Middleware(BaseHTTPMiddleware, dispatch=guard.dispatch)])
    app.state.db_path = str(db_path)
    return app


_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


class _HostGuard:
    """Every response: the Host header checked against the allowed names, strict security headers."""

    def __init__(self, allowed_hosts: Sequence[str], token: str | None = None):
        self.allowed_hosts = tuple(h.lower() for h in allowed_hosts)
        self.token = token

    async def dispatch(self, request, call_next):
        from starlette.responses import Response

        host = request.headers.get("host", "")
        name = urlsplit("//" + host).hostname or ""
        if name.lower() not in self.allowed_hosts:
            return Response(f"Host {host!r} is not served here (the review page answers "
                            f"{', '.join(self.allowed_hosts)}; add a name with --allow-host)", status_code=400,
                            media_type="text/plain")
        response = await call_next(request)
        given = request.query_params.get("token")
        if self.token and given is not None and secrets.compare_digest(given, self.token):
            response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict", path="/")
        response.headers["Content-Security-Policy"] = _CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers.setdefault("Cache-Control", "no-store")
        return response


def same_origin(request) -> str | None:
    """Why a write request is refused (not JSON, or from another site), or None."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "application/json":
        return "send the decision as JSON (Content-Type: application/json)"
    origin = request.headers.get("origin")
    host = request.headers.get("host", "")
    if origin is not None:
        parts = urlsplit(origin)
        if origin == "null" or parts.netloc.lower() != host.lower():
            return f"cross-site request refused (Origin {origin} is not this server)"
    elif request.headers.get("sec-fetch-site") in ("cross-site", "same-site"):
        return "cross-site request refused"
    return None


async def _read_limited(request, limit: int) -> bytes | None:
    """The request body, or None when it is longer than `limit` bytes (read no further than that)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


class _Pages:
    """The page handlers over one store: the document list, a document, the review API."""

    def __init__(self, db_path: str, token: str | None = None):
        self.token = token
        import jinja2
        from starlette.templating import Jinja2Templates

        self.stores = _Stores(db_path)
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True,
                                 undefined=jinja2.StrictUndefined)
        env.globals.update(doc_url=doc_url, STATUS_LABELS=STATUS_LABELS, FIELD_LABELS=FIELD_LABELS,
                           FIELDS=FIELDS, UNIT_FIELDS=UNIT_FIELDS, SHORTCUTS=SHORTCUTS, STATUSES_SHOWN=STATUSES_SHOWN,
                           db_name=Path(db_path).name)
        self.templates = Jinja2Templates(env=env)

    def page(self, request, name: str, status_code: int = 200, **context):
        return self.templates.TemplateResponse(request, name, context, status_code=status_code)

    def error_page(self, request, status_code: int, message: str):
        return self.page(request, "error.html", status_code=status_code, message=message, title="出错了")

    def index(self, request):
        try:
            with self.stores.open() as store:
                docs = store.documents(store.doc_ids())
                ledger = Ledger(store)
                progress = ledger.progress()
                unplaced: dict[str, int] = {}
                for row in ledger.unplaced():
                    unplaced[row.doc_id] = unplaced.get(row.doc_id, 0) + 1
        except StoreBusy as err:
            return self.error_page(request, 503, str(err))
        rows = []
        for d in docs:
            counts = progress.get(d["doc_id"], {})
            total = sum(counts.values())
            rows.append({"doc": d, "counts": counts, "bar": progress_bar(counts), "total": total,
                         "done": total - counts.get("unreviewed", 0), "unplaced": unplaced.get(d["doc_id"], 0),
                         # the share reviewed, for sorting by progress (a document without tasks is done)
                         "progress": round((total - counts.get("unreviewed", 0)) / total, 4) if total else 1})
        return self.page(request, "index.html", rows=rows, title="审核")

    def document(self, request):
        doc_id = request.path_params["doc_id"]
        try:
            with self.stores.open() as store:
                found = store.documents([doc_id])
                if not found:
                    return self.error_page(request, 404, f"no document {doc_id!r} in this store")
                text = store.text(doc_id)
                ledger = Ledger(store)
                tasks = ledger.reviewed(doc_id, keep_deleted=True)
                unplaced = ledger.unplaced(doc_id)
                versions = versions_of(ledger, doc_id)
        except StoreBusy as err:
            return self.error_page(request, 503, str(err))
        n = len(text or "")
        shown = tasks_json(tasks, n, versions)
        lines = (found[0].get("metadata") or {}).get("ocr_lines")
        for t in shown if lines else ():  # where on the scanned page each task was read
            t["ocr_place"] = ocr_place(lines, t["start"], t["end"])
        return self.page(request, "doc.html", doc=found[0], text=text, html=highlight(text or "", tasks),
                         tasks=shown, counts=counts_of(tasks), sections=section_choices(tasks),
                         bar=progress_bar(counts_of(tasks)), unplaced=unplaced, ROW_LABELS=ROW_LABELS,
                         STATUS_FILTERS=STATUS_FILTERS, title=found[0].get("title") or doc_id)

    async def api_review(self, request):
        from starlette.concurrency import run_in_threadpool
        from starlette.responses import JSONResponse

        refused = same_origin(request)
        if refused:
            return JSONResponse({"problems": [refused]}, status_code=403)
        if self.token and request.cookies.get(TOKEN_COOKIE) != self.token:
            return JSONResponse({"problems": ["写入需要本次会话的令牌：请用 review serve 启动时显示的完整地址（含 ?token=）"
                                              "打开页面 (a write needs this session's token)"]}, status_code=403)
        raw = await _read_limited(request, MAX_BODY_BYTES)
        if raw is None:
            return JSONResponse({"problems": [f"the request body is larger than {MAX_BODY_BYTES // 1024} KB"]},
                                status_code=413)
        try:
            body = json.loads(raw)
        except (ValueError, RecursionError):  # RecursionError: nested deeper than the parser goes
            return JSONResponse({"problems": ["the request body is not valid JSON (or nested too deeply)"]},
                                status_code=400)
        return await run_in_threadpool(self.review, body)

    def review(self, body: Any):
        """Apply one decision; the document's tasks as they now stand."""
        from starlette.responses import JSONResponse

        try:
            decision, reviewer = decision_from_json(body)
        except ReviewError as err:
            return JSONResponse({"problems": err.problems or [str(err)]}, status_code=400)
        try:
            with self.stores.open(write=True) as store:
                text = store.text(decision.doc_id) or ""
                ledger = Ledger(store)
                seen = body.get("version")
                if seen is not None and decision.task_id and decision.action != "undo":
                    now = versions_of(ledger, decision.doc_id)
                    if now.get(decision.task_id, 0) != seen:  # someone wrote about this task since the page showed it
                        tasks = ledger.reviewed(decision.doc_id, keep_deleted=True)
                        current = next((t for t in tasks if t.task_id == decision.task_id), None)
                        who = f"{current.reviewer}（{current.reviewed_at:%H:%M}）" if current and current.reviewer else "他人"
                        out = self.answer(decision, None, tasks, text, now)
                        out["problems"] = [f"该任务已被 {who} 改过，没有保存：面板中是它现在的值，请核对后再改 "
                                           "(the task changed since this page showed it)"]
                        return JSONResponse(out, status_code=409)
                try:
                    result = ledger.apply([decision], reviewer, via="web")
                except ReviewError as err:
                    return JSONResponse({"problems": err.problems or [str(err)]}, status_code=400)
                tasks = ledger.reviewed(decision.doc_id, keep_deleted=True)
                versions = versions_of(ledger, decision.doc_id)
        except StoreBusy as err:
            return JSONResponse({"problems": [str(err)]}, status_code=503)
        return JSONResponse(self.answer(decision, result, tasks, text, versions))

    @staticmethod
    def answer(decision: Decision, result, tasks: Sequence[ReviewedTask], text: str,
               versions: dict[str, int] | None = None) -> dict[str, Any]:
        """The API's answer: the decided task (the one the request named, so that the page's
        message is about it, whatever is selected by now), all tasks, the rows written
        (`result` None: nothing was written, a stale write)."""
        added = (result.added_ids or result.existing_ids or [None])[0] if result else None
        task_id = added if decision.action == "add" else decision.task_id
        all_tasks = tasks_json(tasks, len(text), versions)
        task = next((t for t in all_tasks if t["task_id"] == task_id), None)  # None: an undone 新增
        out = {"task_id": task_id, "task": task, "tasks": all_tasks, "counts": counts_of(tasks),
               "bar": progress_bar(counts_of(tasks)), "result": result.line() if result else "",
               "unchanged": bool(result.unchanged) if result else True, "review_ids": result.review_ids if result else []}
        if decision.action in ("edit", "add", "undo"):  # marks may have moved or gone: the text again
            out["html"] = str(highlight(text, tasks))
        return out


WILDCARD_HOSTS = ("0.0.0.0", "::", "")


def served_hosts(host: str, allow: Sequence[str] = ()) -> tuple[str, ...]:
    """The names a page listening on `host` answers: loopback's, the address itself (unless a wildcard),
    and the names the user allows (--allow-host: the machine's name or address others type)."""
    names = list(LOOPBACK_HOSTS) + ([host] if host not in WILDCARD_HOSTS else []) + list(allow)
    return tuple(dict.fromkeys(n.strip("[]").lower() for n in names if n))


def session_token(host: str) -> str | None:
    """A fresh token for a page served beyond loopback (writes need it); None on loopback."""
    return None if host in LOOPBACK_HOSTS else secrets.token_urlsafe(18)


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8765, allow_hosts: Sequence[str] = (),
          token: str | None = None) -> None:
    """Run the review page with uvicorn until Ctrl+C."""
    import uvicorn

    uvicorn.run(create_app(db_path, allowed_hosts=served_hosts(host, allow_hosts), token=token), host=host, port=port,
                log_level="warning")
