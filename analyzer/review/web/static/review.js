// The review page: select a task, edit/accept/delete it, add a selected passage.
// No framework, no build step. Text from documents is only ever put into the page
// with textContent / input.value; the marked text itself comes escaped from the
// server (analyzer/review/web/markup.py).
(function () {
  "use strict";

  var NAME_KEY = "policy-analyzer.reviewer";

  // --- reviewer name: asked once, kept in localStorage -------------------------
  var nameBox = document.getElementById("reviewer");
  var dialog = document.getElementById("name-dialog");
  var nameForm = document.getElementById("name-form");
  var nameInput = document.getElementById("name-input");

  function storedName() {
    try { return (localStorage.getItem(NAME_KEY) || "").trim(); } catch (e) { return (nameBox.value || "").trim(); }
  }
  function keepName(name) {
    name = (name || "").trim();
    try { if (name) { localStorage.setItem(NAME_KEY, name); } else { localStorage.removeItem(NAME_KEY); } } catch (e) { /* private mode */ }
    nameBox.value = name;
  }
  function askName() {
    dialog.hidden = false;
    nameInput.value = nameBox.value;
    nameInput.focus();
  }
  nameBox.value = storedName();
  nameBox.addEventListener("change", function () { keepName(nameBox.value); });
  nameForm.addEventListener("submit", function (ev) {
    ev.preventDefault();
    if (!nameInput.value.trim()) { return; }
    keepName(nameInput.value);
    dialog.hidden = true;
  });
  if (!storedName()) { askName(); }

  var dataNode = document.getElementById("review-data");
  if (!dataNode) { return; } // the document list: nothing more to do
  var data = JSON.parse(dataNode.textContent);
  var tasks = data.tasks;
  var textBox = document.getElementById("text");
  var form = document.getElementById("task-form");
  var empty = document.getElementById("panel-empty");
  var message = document.getElementById("message");
  var addButton = document.getElementById("add-selection");
  var current = null;      // task id shown in the panel
  var adding = null;       // {span: [s, e]} while the panel adds a passage
  var pendingSelection = null;

  function $(id) { return document.getElementById(id); }
  function byId(id) { for (var i = 0; i < tasks.length; i++) { if (tasks[i].task_id === id) { return tasks[i]; } } return null; }
  function indexOf(id) { for (var i = 0; i < tasks.length; i++) { if (tasks[i].task_id === id) { return i; } } return -1; }
  function spansOf(id) {
    return Array.prototype.filter.call(textBox.querySelectorAll("span.task"), function (s) { return s.dataset.task === id; });
  }

  function say(text, problems, kind) {
    message.textContent = "";
    message.className = "message " + (kind || "");
    if (text) { var p = document.createElement("p"); p.textContent = text; message.appendChild(p); }
    if (problems && problems.length) {
      var ul = document.createElement("ul");
      problems.forEach(function (line) { var li = document.createElement("li"); li.textContent = line; ul.appendChild(li); });
      message.appendChild(ul);
    }
  }

  // --- the task list and the status colours -------------------------------------
  function renderList() {
    var list = $("task-list");
    list.textContent = "";
    tasks.forEach(function (t) {
      var li = document.createElement("li");
      li.className = "st-" + t.status + (t.task_id === current ? " selected" : "");
      li.dataset.task = t.task_id;
      var status = document.createElement("span");
      status.className = "status";
      status.textContent = t.status_label;
      var text = document.createElement("span");
      text.textContent = t.fields.text.length > 40 ? t.fields.text.slice(0, 40) + "…" : t.fields.text;
      li.appendChild(status);
      li.appendChild(text);
      li.addEventListener("click", function () { select(t.task_id); });
      list.appendChild(li);
    });
  }

  function paintStatus() {
    textBox.querySelectorAll("span.task").forEach(function (span) {
      var t = byId(span.dataset.task);
      if (!t) { return; }
      span.className = "task st-" + t.status + (t.task_id === current ? " selected" : "");
    });
  }

  function showCounts(bar) {
    var counts = $("doc-counts");
    counts.textContent = bar.map(function (s) { return s.label + " " + s.count; }).join(" · ");
    var svg = $("doc-bar").querySelector("svg");
    if (!svg) { return; }
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    bar.forEach(function (s) {
      var rect = document.createElementNS("http://www.w3.org/2000/svg", "rect");
      rect.setAttribute("class", "st-" + s.status);
      rect.setAttribute("x", s.x); rect.setAttribute("y", 0);
      rect.setAttribute("width", s.width); rect.setAttribute("height", 10);
      svg.appendChild(rect);
    });
  }

  // --- the side panel -------------------------------------------------------------
  function fill(values) {
    data.fields.forEach(function (name) { $("f-" + name).value = values[name] || ""; });
  }

  function select(id, noScroll) {
    var t = byId(id);
    if (!t) { return; }
    adding = null;
    current = id;
    empty.hidden = true;
    form.hidden = false;
    $("review-buttons").hidden = false;
    $("add-buttons").hidden = true;
    $("task-title").textContent = "任务 " + (indexOf(id) + 1) + "/" + tasks.length;
    var st = $("task-status");
    st.textContent = t.status_label;
    st.className = "status st-" + t.status;
    var meta = [t.task_id];
    if (t.section.length) { meta.push(t.section.join(" › ")); }
    if (t.reviewer) { meta.push(t.reviewer + " " + (t.reviewed_at || "").replace("T", " ")); }
    if (t.start < 0) { meta.push("（不在正文中标出）"); }
    $("task-meta").textContent = meta.join(" · ");
    fill(t.fields);
    var um = $("unmarked-list");
    um.textContent = "";
    t.unmarked.forEach(function (line) { var li = document.createElement("li"); li.textContent = line; um.appendChild(li); });
    $("unmarked").hidden = !t.unmarked.length;
    say("");
    paintStatus();
    renderList();
    var spans = spansOf(id);
    if (spans.length && !noScroll) { spans[0].scrollIntoView({block: "nearest"}); }
    if (!spans.length && !noScroll) {
      var item = $("task-list").querySelector("li.selected");
      if (item) { item.scrollIntoView({block: "nearest"}); }
    }
    try { history.replaceState(null, "", "#task=" + encodeURIComponent(id)); } catch (e) { /* file: */ }
  }

  function close() {
    current = null;
    adding = null;
    form.hidden = true;
    empty.hidden = false;
    paintStatus();
    renderList();
    if (document.activeElement && document.activeElement.blur) { document.activeElement.blur(); }
    try { history.replaceState(null, "", location.pathname); } catch (e) { /* file: */ }
  }

  function move(step) {
    if (!tasks.length) { return; }
    var i = current === null ? (step > 0 ? 0 : tasks.length - 1) : indexOf(current) + step;
    if (i < 0 || i >= tasks.length) { return; }
    select(tasks[i].task_id);
  }

  // --- saving ----------------------------------------------------------------------
  var sent = 0, shown = 0;

  function refreshStatus() {
    var t = current === null ? null : byId(current);
    if (t) {
      var st = $("task-status");
      st.textContent = t.status_label;
      st.className = "status st-" + t.status;
    }
    paintStatus();
    renderList();
  }

  function send(body, then, failed) {
    var name = storedName() || nameBox.value.trim();
    if (!name) {
      say("请先填写审核人姓名，再保存。", [], "error");
      askName();
      return;
    }
    body.reviewer = name;
    body.doc_id = data.doc_id;
    say("保存中…", [], "busy");
    var mine = ++sent;
    fetch("/api/review", {
      method: "POST",
      headers: {"Content-Type": "application/json", "Accept": "application/json"},
      body: JSON.stringify(body),
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (answer) { return {ok: response.ok, status: response.status, answer: answer}; },
        function () { return {ok: false, status: response.status, answer: {problems: ["HTTP " + response.status]}}; });
    }).then(function (r) {
      if (!r.ok) {
        if (failed) { failed(); }
        say(r.status === 503 ? "暂时无法写入：" : "没有保存：", r.answer.problems || [], "error");
        return;
      }
      if (mine < shown) { return; } // a later answer is already on the page
      shown = mine;
      tasks = r.answer.tasks;
      if (r.answer.html !== undefined) {
        // the server's escaped markup of the text, parsed off-document and moved in
        var tpl = document.createElement("template");
        tpl.innerHTML = r.answer.html;
        textBox.replaceChildren(tpl.content);
      }
      showCounts(r.answer.bar);
      then(r.answer);
    }, function (err) {
      if (failed) { failed(); }
      say("没有保存：服务器没有响应（" + err + "）", [], "error");
    });
  }

  function decide(action, advance) {
    if (current === null) { return; }
    var id = current;
    var done = action === "accept" ? "已通过 " : "已删除 ";
    // move on at once, so fast key presses act on the next task, not this one again
    var next = advance && indexOf(id) + 1 < tasks.length ? tasks[indexOf(id) + 1].task_id : null;
    if (next) { select(next); }
    send({action: action, task_id: id}, function () {
      if (current === id) { select(id, true); }
      else { refreshStatus(); }
      say(done + id, [], "ok");
    }, function () { select(id); });
  }

  function values() {
    var out = {};
    data.fields.forEach(function (name) { out[name] = $("f-" + name).value.trim(); });
    return out;
  }

  function save() {
    if (adding) { return addTask(); }
    if (current === null) { return; }
    var t = byId(current);
    var now = values();
    var changed = {};
    var any = false;
    data.fields.forEach(function (name) { if (now[name] !== (t.fields[name] || "")) { changed[name] = now[name]; any = true; } });
    if (!any) { say("没有修改。要确认这条任务，请按“通过”。", [], "error"); return; }
    var id = current;
    send({action: "edit", task_id: id, values: changed}, function () { select(id, true); say("已保存", [], "ok"); });
  }

  function addTask() {
    var now = values();
    var vals = {};
    data.fields.forEach(function (name) { if (now[name]) { vals[name] = now[name]; } });
    var body = {action: "add", values: vals};
    if (adding.span) { body.span = adding.span; }
    send(body, function (answer) {
      if (answer.task) {
        select(answer.task.task_id);
        say(answer.unchanged ? "这条任务已经存在" : "已新增", [], "ok");
      }
    });
  }

  function openAdd(sel) {
    current = null;
    adding = {span: sel.span};
    empty.hidden = true;
    form.hidden = false;
    $("review-buttons").hidden = true;
    $("add-buttons").hidden = false;
    $("task-title").textContent = "新增任务";
    var st = $("task-status");
    st.textContent = "新增";
    st.className = "status st-added";
    $("task-meta").textContent = "原文位置 " + sel.span[0] + "–" + sel.span[1];
    fill({text: sel.text});
    $("unmarked").hidden = true;
    say("");
    paintStatus();
    renderList();
    $("f-text").focus();
  }

  // --- selecting a passage -------------------------------------------------------
  function codePoints(s) { return Array.from(s).length; }

  function selectionInText() {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) { return null; }
    var range = sel.getRangeAt(0);
    if (!textBox.contains(range.startContainer) || !textBox.contains(range.endContainer)) { return null; }
    var before = document.createRange();
    before.setStart(textBox, 0);
    before.setEnd(range.startContainer, range.startOffset);
    var chosen = range.toString();
    var start = codePoints(before.toString());
    var lead = chosen.length - chosen.replace(/^\s+/, "").length;
    var trimmed = chosen.trim();
    if (!trimmed) { return null; }
    start += codePoints(chosen.slice(0, lead));
    return {text: trimmed, span: [start, start + codePoints(trimmed)], rect: range.getBoundingClientRect()};
  }

  textBox.addEventListener("mouseup", function () {
    window.setTimeout(function () {
      pendingSelection = selectionInText();
      if (!pendingSelection) { addButton.hidden = true; return; }
      addButton.style.top = (window.scrollY + pendingSelection.rect.bottom + 6) + "px";
      addButton.style.left = (window.scrollX + pendingSelection.rect.left) + "px";
      addButton.hidden = false;
    }, 0);
  });
  addButton.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
  addButton.addEventListener("click", function () {
    addButton.hidden = true;
    if (pendingSelection) { openAdd(pendingSelection); }
  });

  textBox.addEventListener("click", function (ev) {
    var sel = window.getSelection();
    if (sel && !sel.isCollapsed) { return; } // the end of a drag, not a click
    var el = ev.target.closest ? ev.target.closest("[data-task]") : null;
    if (el) { select(el.dataset.task, true); }
  });

  // --- buttons and keys ----------------------------------------------------------
  $("btn-accept").addEventListener("click", function () { decide("accept", false); });
  $("btn-delete").addEventListener("click", function () { decide("delete", false); });
  $("btn-cancel").addEventListener("click", close);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); save(); });

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var tag = ev.target && ev.target.tagName;
    var typing = tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (ev.target && ev.target.isContentEditable);
    if (ev.key === "Escape") {
      if (!dialog.hidden) { return; }
      addButton.hidden = true;
      close();
      ev.preventDefault();
      return;
    }
    if (typing || !dialog.hidden) { return; }
    var key = ev.key;
    if (key === "j" || key === "n") { move(1); }
    else if (key === "k" || key === "p") { move(-1); }
    else if (key === "a") { decide("accept", true); }
    else if (key === "r" || key === "x" || key === "Delete") { decide("delete", true); }
    else if (key === "e") { if (current !== null) { $("f-text").focus(); } }
    else { return; }
    ev.preventDefault();
  });

  renderList();
  var m = /^#task=(.+)$/.exec(location.hash);
  if (m) {
    var wanted = decodeURIComponent(m[1]);
    if (byId(wanted)) { select(wanted); }
  }
}());
