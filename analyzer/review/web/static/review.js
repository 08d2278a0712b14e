// The review pages: the document list (search, sort, filter) and a document (select a task,
// edit/accept/delete it, add a selected passage, take a decision back).
// No framework, no build step. Text from documents is only ever put into the page
// with textContent / input.value; the marked text itself comes escaped from the
// server (analyzer/review/web/markup.py).
//
// On a document, no decision is overwritten by accident:
// - a / r on a task that already has a decision only ask (the same key again confirms);
// - after a decision the panel moves on to the next *unreviewed* task, not just the next;
// - the decisions of this visit can be taken back, newest first (u, 撤销): an `undo`
//   review naming the rows the decision wrote (the API answers their ids);
// - leaving a task, or the page, with changed fields that are not saved asks first.
// A task is called by its number (t.n, markup.task_numbers: its 序号 in the export).
(function () {
  "use strict";

  var NAME_KEY = "policy-analyzer.reviewer";

  function $(id) { return document.getElementById(id); }

  // --- reviewer name: asked once, kept in localStorage -------------------------
  var nameBox = $("reviewer");
  var dialog = $("name-dialog");
  var nameForm = $("name-form");
  var nameInput = $("name-input");

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

  if ($("doc-filters")) { documentList(); }
  var dataNode = $("review-data");
  if (dataNode) { documentPage(JSON.parse(dataNode.textContent)); }

  // =================================================================================
  // The document list: search titles and ids, sort, only documents with unreviewed tasks
  // =================================================================================
  function documentList() {
    var tbody = document.querySelector("table.docs tbody");
    var rows = Array.prototype.slice.call(tbody.querySelectorAll("tr.doc-row")); // the server's order
    var collator = window.Intl && Intl.Collator ? new Intl.Collator("zh-CN") : {compare: function (a, b) { return a.localeCompare(b); }};
    var orders = {
      title: function (a, b) { return collator.compare(a.dataset.title, b.dataset.title); },
      date: function (a, b) { return (b.dataset.date || "").localeCompare(a.dataset.date || ""); }, // newest first, undated last
      progress: function (a, b) { return Number(a.dataset.progress) - Number(b.dataset.progress); }
    };

    function wanted(tr, query, pendingOnly) {
      if (pendingOnly && !(Number(tr.dataset.unreviewed) > 0)) { return false; }
      return !query || (tr.dataset.title + "\n" + tr.dataset.doc).toLowerCase().indexOf(query) >= 0;
    }

    function show() {
      var query = $("doc-search").value.trim().toLowerCase();
      var pendingOnly = $("doc-pending").checked;
      var order = orders[$("doc-sort").value];
      var sorted = rows.slice();
      if (order) { sorted.sort(function (a, b) { return order(a, b) || rows.indexOf(a) - rows.indexOf(b); }); }
      var shown = 0;
      sorted.forEach(function (tr) {
        tr.hidden = !wanted(tr, query, pendingOnly);
        if (!tr.hidden) { shown++; }
        tbody.appendChild(tr); // moves it: the rows in the chosen order
      });
      $("doc-count").textContent = shown === rows.length ? "共 " + rows.length + " 个文件" : "显示 " + shown + " / " + rows.length + " 个文件";
      $("doc-none").hidden = shown > 0;
    }

    ["doc-search", "doc-sort", "doc-pending"].forEach(function (id) {
      $(id).addEventListener("input", show);
      $(id).addEventListener("change", show);
    });
    show();
  }

  // =================================================================================
  // A document
  // =================================================================================
  function documentPage(data) {
    var tasks = data.tasks;
    var UNIT_FIELDS = data.unit_fields;
    var VERB = {accept: "通过", delete: "删除", edit: "修改", add: "新增"};
    var KEY_OF = {accept: "a", delete: "r"};
    var ACTION_OF_KEY = {a: "accept", r: "delete", x: "delete", Delete: "delete"};
    var textBox = $("text");
    var form = $("task-form");
    var empty = $("panel-empty");
    var message = $("message");
    var addButton = $("add-selection");
    var current = null;      // task id shown in the panel
    var adding = null;       // {span: [s, e]} while the panel adds a passage
    var pendingSelection = null;
    var baseline = null;     // the panel's values as last filled in: what "changed" is measured against
    var inFlight = {};       // task id → true while a decision about it is being saved
    var confirming = null;   // {action, id, advance} while a / r asks before changing a decision
    var leaving = null;      // what to do once the unsaved-changes question is answered
    var undoable = [];       // this visit's decisions, oldest first: {id, ids, label, what}

    function byId(id) { for (var i = 0; i < tasks.length; i++) { if (tasks[i].task_id === id) { return tasks[i]; } } return null; }
    function indexOf(id) { for (var i = 0; i < tasks.length; i++) { if (tasks[i].task_id === id) { return i; } } return -1; }
    function spansOf(id) {
      return Array.prototype.filter.call(textBox.querySelectorAll("span.task"), function (s) { return s.dataset.task === id; });
    }
    function numbered() { return tasks.filter(function (t) { return t.n; }).length; }
    function snippet(text, k) { return text.length > k ? text.slice(0, k) + "…" : text; }
    function nameOf(t) { return t.n ? "任务 " + t.n : "已删除的任务"; }
    // how messages name a task: its number when the decision was made, and its first words
    function describe(t) { return nameOf(t) + "「" + snippet(t.fields.text, 14) + "」"; }

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

    // --- the filter of the task list (and of j / k / n navigation) -----------------
    function unitNames(t) {
      return UNIT_FIELDS.reduce(function (all, role) { return all.concat(t.units[role] || []); }, []);
    }
    function inSection(t, section) {
      var path = t.section.join(" › ");
      return path === section || path.indexOf(section + " › ") === 0;
    }
    function matches(t) {
      var status = $("flt-status").value, section = $("flt-section").value;
      var unit = $("flt-unit").value.trim(), query = $("flt-text").value.trim().toLowerCase();
      if (status && t.status !== status) { return false; }
      if (section && !inSection(t, section)) { return false; }
      if (unit && !unitNames(t).some(function (u) { return u.indexOf(unit) >= 0; })) { return false; }
      return !query || t.fields.text.toLowerCase().indexOf(query) >= 0;
    }
    function filtering() {
      return ["flt-status", "flt-section", "flt-unit", "flt-text"].some(function (id) { return $(id).value.trim(); });
    }

    // --- the task list and the status colours -------------------------------------
    function cell(css, text) {
      var span = document.createElement("span");
      if (css) { span.className = css; }
      span.textContent = text;
      return span;
    }

    function renderList() {
      var list = $("task-list");
      list.textContent = "";
      var shown = 0;
      tasks.forEach(function (t) {
        if (!matches(t)) { return; }
        shown++;
        var li = document.createElement("li");
        li.className = "st-" + t.status + (t.task_id === current ? " selected" : "");
        li.dataset.task = t.task_id;
        li.appendChild(cell("num", t.n ? String(t.n) : "—"));
        li.appendChild(cell("status", t.status_label));
        li.appendChild(cell("", snippet(t.fields.text, 40)));
        li.addEventListener("click", function () { goTo(t.task_id); });
        list.appendChild(li);
      });
      $("flt-count").textContent = shown === tasks.length ? "共 " + tasks.length + " 条" : "显示 " + shown + " / " + tasks.length + " 条";
    }

    function paintStatus() {
      var seen = {};
      textBox.querySelectorAll("span.task").forEach(function (span) {
        var t = byId(span.dataset.task);
        if (!t) { return; }
        var alt = span.classList.contains("alt"); // the second shade markup.py gave it: kept
        span.className = "task st-" + t.status + (alt ? " alt" : "") + (t.task_id === current ? " selected" : "");
        span.title = t.n ? "任务 " + t.n + " · " + t.status_label : t.status_label;
        if (!seen[t.task_id]) { // where the task begins: its number (a delete renumbers the tasks after it)
          seen[t.task_id] = true;
          if (t.n) { span.dataset.n = t.n; } else { delete span.dataset.n; }
        }
      });
    }

    function paint() {
      paintStatus();
      renderList();
      var last = undoable[undoable.length - 1];
      $("btn-undo").disabled = !last;
      $("btn-undo").title = last ? "撤销：" + last.label + "的“" + last.what + "”" : "本次打开页面后还没有审核";
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

    // --- the side panel's fields ----------------------------------------------------
    function isUnit(name) { return UNIT_FIELDS.indexOf(name) >= 0; }

    // units one per line, each line ended: with a single unit the final line break still tells
    // the server "one unit per line" (model.split_units), so 市委、市政府督查室 stays one unit
    function unitCell(raw) {
      return raw.split("\n").map(function (line) { return line.trim(); }).filter(Boolean)
        .map(function (line) { return line + "\n"; }).join("");
    }

    function fill(t) {
      data.fields.forEach(function (name) {
        $("f-" + name).value = isUnit(name) && t.units ? (t.units[name] || []).join("\n") : (t.fields[name] || "");
      });
      baseline = values();
    }

    function values() {
      var out = {};
      data.fields.forEach(function (name) {
        var raw = $("f-" + name).value;
        out[name] = isUnit(name) ? unitCell(raw) : raw.trim();
      });
      return out;
    }

    function changedFields() {
      if (baseline === null) { return null; }
      var now = values(), out = {}, any = false;
      data.fields.forEach(function (name) { if (now[name] !== baseline[name]) { out[name] = now[name]; any = true; } });
      return any ? out : null;
    }

    function isDirty() { return !form.hidden && changedFields() !== null; }

    // --- the side panel -------------------------------------------------------------
    function badge(status, label) {
      var st = $("task-status");
      st.textContent = label;
      st.className = "status st-" + status;
    }

    function showTask(t) {
      $("task-title").textContent = t.n ? "任务 " + t.n + "/" + numbered() : "已删除的任务（不计序号）";
      badge(t.status, t.status_label);
      var meta = [t.task_id];
      if (t.section.length) { meta.push(t.section.join(" › ")); }
      if (t.reviewer) { meta.push(t.reviewer + " " + (t.reviewed_at || "").replace("T", " ")); }
      if (t.start < 0) { meta.push("（不在正文中标出）"); }
      if (t.ocr_confidence !== null && t.ocr_confidence !== undefined) { // read from a page image: check it
        var at = t.ocr_place ? "，位置 " + t.ocr_place.box.join(",") + " 像素" : "";
        meta.push("OCR 识别（第" + t.ocr_page + "页" + at + "，置信度 " + t.ocr_confidence.toFixed(2) + "），请对照原件核对");
      }
      $("task-meta").textContent = meta.join(" · ");
    }

    function showUnmarked(t) {
      var um = $("unmarked-list");
      um.textContent = "";
      t.unmarked.forEach(function (line) { var li = document.createElement("li"); li.textContent = line; um.appendChild(li); });
      $("unmarked").hidden = !t.unmarked.length;
    }

    function scrollTo(id) {
      var spans = spansOf(id);
      var item = $("task-list").querySelector("li.selected");
      var target = spans.length ? spans[0] : item;
      if (target) { target.scrollIntoView({block: "nearest"}); }
    }

    // show task `id` in the panel (callers ask about unsaved changes first: goTo, guard)
    function select(id, noScroll) {
      var t = byId(id);
      if (!t) { return; }
      cancelConfirm();
      adding = null;
      current = id;
      empty.hidden = true;
      form.hidden = false;
      $("review-buttons").hidden = false;
      $("add-buttons").hidden = true;
      showTask(t);
      fill(t);
      showUnmarked(t);
      say("");
      paint();
      if (!noScroll) { scrollTo(id); }
      try { history.replaceState(null, "", "#task=" + encodeURIComponent(id)); } catch (e) { /* file: */ }
    }

    function closePanel() {
      cancelConfirm();
      current = null;
      adding = null;
      baseline = null;
      form.hidden = true;
      empty.hidden = false;
      paint();
      if (document.activeElement && document.activeElement.blur) { document.activeElement.blur(); }
      try { history.replaceState(null, "", location.pathname); } catch (e) { /* file: */ }
    }

    // the panel again after an answer: its task's status, and its fields unless the reviewer is editing them
    function refresh() {
      var t = current === null ? null : byId(current);
      if (current !== null && !t) { closePanel(); return; } // an added task whose 新增 was taken back
      if (t) {
        showTask(t);
        if (!isDirty()) { fill(t); showUnmarked(t); }
      }
      paint();
    }

    // --- unsaved changes: 保存 / 放弃 / 继续编辑 before leaving a task ------------------
    function guard(proceed) {
      if (!isDirty()) { proceed(); return; }
      leaving = proceed;
      $("guard-bar").hidden = false;
      $("guard-bar").scrollIntoView({block: "nearest"});
      $("guard-save").focus();
    }
    function guardAsking() { return !$("guard-bar").hidden; }
    function answerGuard(choice) {
      var proceed = leaving;
      leaving = null;
      $("guard-bar").hidden = true;
      if (choice === "save") { save(proceed); return; }
      if (choice === "discard") {
        if (current !== null) { fill(byId(current)); } else { baseline = null; } // an unsaved 新增 is dropped
        proceed();
        return;
      }
      var first = Object.keys(changedFields() || {})[0]; // keep editing: back to the first changed field
      $("f-" + (first || "text")).focus();
    }
    window.addEventListener("beforeunload", function (ev) {
      if (!isDirty()) { return; }
      ev.preventDefault();
      ev.returnValue = ""; // the browser's own "leave this page?" question
    });

    // --- moving -------------------------------------------------------------------------
    // the next task from `from` (null: from the start / the end) in direction `step` that `ok`
    // accepts; `wrap` goes round the end of the list
    function nextTask(from, step, ok, wrap) {
      var n = tasks.length, at = indexOf(from);
      if (at < 0) { at = step > 0 ? -1 : n; }
      for (var k = 1; k <= n; k++) {
        var i = at + step * k;
        if (wrap) { i = ((i % n) + n) % n; } else if (i < 0 || i >= n) { return null; }
        if (tasks[i].task_id !== from && ok(tasks[i])) { return tasks[i].task_id; }
      }
      return null;
    }
    function isOpen(t) { return t.status === "unreviewed" && !inFlight[t.task_id] && matches(t); }
    function nextUnreviewed(from, step) { return nextTask(from, step, isOpen, true); }
    function noneLeft() { return "没有" + (filtering() ? "符合筛选条件的" : "") + "未审核任务了"; }

    function goTo(id) { guard(function () { select(id); }); }

    function move(step) {
      guard(function () {
        var id = nextTask(current, step, matches, false);
        if (id) { select(id); } else if (current !== null) { say(step > 0 ? "已经是最后一条任务" : "已经是第一条任务"); }
      });
    }

    function moveUnreviewed(step) {
      guard(function () {
        var id = nextUnreviewed(current, step);
        if (id) { select(id); } else { say(noneLeft()); }
      });
    }

    // --- saving ----------------------------------------------------------------------

    function answerOf(response) {
      return response.json().then(function (answer) { return {ok: response.ok, status: response.status, answer: answer}; },
        function () { return {ok: false, status: response.status, answer: {problems: ["HTTP " + response.status]}}; });
    }

    // the page as the latest answer has it: tasks, counts, and the text when its marks changed
    function take(answer) {
      tasks = answer.tasks;
      if (answer.html !== undefined) {
        // the server's escaped markup of the text, parsed off-document and moved in
        var tpl = document.createElement("template");
        tpl.innerHTML = answer.html;
        textBox.replaceChildren(tpl.content);
      }
      showCounts(answer.bar);
    }

    // POST one decision; then(answer) with the answer, failed(status) when nothing was stored
    // (0: no answer); `label` names the task in error messages. Requests go one at a time, in
    // the order made: every answer then holds every earlier decision, and fast key presses
    // cannot have an older answer's tasks shown over a newer one's.
    var queue = Promise.resolve();

    function send(body, then, failed, label) {
      var name = storedName() || nameBox.value.trim();
      if (!name) {
        say("请先填写审核人姓名，再保存。", [], "error");
        askName();
        if (failed) { failed(); }
        return;
      }
      body.reviewer = name;
      body.doc_id = data.doc_id;
      say("保存中…", [], "busy");
      var refused = (label ? label + " " : "") + "没有保存：";
      queue = queue.then(function () {
        // the version of the task as this page shows it when the request goes (after the answers to the
        // requests before it): a write after someone else's is refused (409), not silently lost
        var shown = body.task_id && body.action !== "undo" ?
          tasks.find(function (t) { return t.task_id === body.task_id; }) : null;
        if (shown && shown.version !== undefined) { body.version = shown.version; }
        return fetch("/api/review", {
          method: "POST",
          headers: {"Content-Type": "application/json", "Accept": "application/json"},
          body: JSON.stringify(body),
          credentials: "same-origin"
        }).then(answerOf).then(function (r) {
          if (!r.ok) {
            if (r.status === 409 && r.answer.tasks) { // someone else wrote first: the values as they now stand
              take(r.answer);
              var now = byId(body.task_id);
              if (now && current === body.task_id) { fill(now); showTask(now); }
            }
            if (failed) { failed(r.status); }
            say(r.status === 503 ? refused + "暂时无法写入：" : refused, r.answer.problems || [], "error");
            paint();
            return;
          }
          take(r.answer);
          then(r.answer);
          refresh();
        }, function (err) {
          if (failed) { failed(0); }
          say(refused + "服务器没有响应（" + err + "）", [], "error");
          paint();
        });
      }).catch(function (err) { say(refused + err, [], "error"); }); // the queue goes on after a slip
    }

    // a decision that can be taken back later: the rows it wrote (none when nothing changed)
    function remember(id, label, what, answer) {
      if (!answer.review_ids || !answer.review_ids.length) { return; }
      undoable.push({id: id, ids: answer.review_ids, label: label, what: what});
    }

    // the message after a decision, from the answer's task (the one the request named): it ends
    // with the same status label the badge shows
    function decided(label, action, answer) {
      var t = answer.task;
      if (!t) { return label + " 已" + VERB[action]; }
      if (answer.unchanged) { return label + " 没有改动，仍为「" + t.status_label + "」"; }
      var text = label + " → " + t.status_label;
      if (action === "accept" && t.status === "edited") { text += "（通过时保留了之前的修改）"; }
      return text;
    }

    // --- deciding: a / r and the 通过 / 删除 buttons ------------------------------------
    // what the ledger would count as unchanged: accepting a task that stands, deleting a deleted one
    function sameAsNow(action, t) {
      return action === "delete" ? t.status === "deleted" : t.status !== "unreviewed" && t.status !== "deleted";
    }

    function askConfirm(action, t, advance) {
      confirming = {action: action, id: t.task_id, advance: advance};
      var who = t.n ? nameOf(t) + " " : "该任务";
      var now = t.status === "added" ? "是新增的任务" : t.status_label;
      $("confirm-text").textContent = who + now + "，再按 " + KEY_OF[action] + " 确认改为" + VERB[action] +
        "（或点“确认”；按其他键取消）";
      $("confirm-bar").hidden = false;
      $("confirm-bar").scrollIntoView({block: "nearest"});
    }
    function cancelConfirm() {
      confirming = null;
      $("confirm-bar").hidden = true;
    }

    function decide(action, advance) {
      if (current === null) { return; }
      var t = byId(current);
      if (inFlight[t.task_id]) { say(describe(t) + " 正在保存，请稍候", [], "busy"); return; }
      if (sameAsNow(action, t)) {
        cancelConfirm();
        say(describe(t) + " 已是「" + t.status_label + "」，没有改动" + (advance ? "（按 n 到下一条未审核任务）" : ""), [], "ok");
        return;
      }
      var confirmed = confirming && confirming.id === t.task_id && confirming.action === action;
      if (t.status !== "unreviewed" && !confirmed) { askConfirm(action, t, advance); return; }
      cancelConfirm();
      commit(action, t, advance);
    }

    function commit(action, t, advance) {
      var id = t.task_id, label = describe(t);
      inFlight[id] = true;
      // move on at once, so fast key presses act on the next unreviewed task, not this one again
      var next = advance ? nextUnreviewed(id, 1) : null;
      if (next) { select(next); } else { paint(); }
      send({action: action, task_id: id}, function (answer) {
        delete inFlight[id];
        remember(id, label, VERB[action], answer);
        say(decided(label, action, answer) + (advance && !next ? "。" + noneLeft() : ""), [], "ok");
      }, function () { delete inFlight[id]; }, label);
    }

    // --- editing and adding ------------------------------------------------------------
    // save the panel's changed fields; then `done()` (what the unsaved-changes question was about)
    function save(done) {
      if (adding) { addTask(done); return; }
      if (current === null) { return; }
      var t = byId(current), changed = changedFields();
      if (!changed) { say("没有修改。要确认这条任务，请按“通过”。", [], "error"); return; }
      var id = current, label = describe(t), saved = values();
      inFlight[id] = true;
      send({action: "edit", task_id: id, values: changed}, function (answer) {
        delete inFlight[id];
        remember(id, label, "修改", answer);
        if (current === id) { baseline = saved; } // saved: no longer "changed" (refilled by refresh)
        say(label + " 已保存" + (answer.task ? " → " + answer.task.status_label : ""), [], "ok");
        if (done) { done(); }
      }, function () { delete inFlight[id]; }, label);
    }

    function addTask(done) {
      var now = values();
      var vals = {};
      data.fields.forEach(function (name) { if (now[name]) { vals[name] = now[name]; } });
      var body = {action: "add", values: vals};
      if (adding.span) { body.span = adding.span; }
      send(body, function (answer) {
        if (!answer.task) { return; }
        var t = answer.task;
        remember(t.task_id, describe(t), "新增", answer);
        if (byId(t.task_id)) { select(t.task_id); }
        say(answer.unchanged ? "这条任务已经存在：" + describe(t) : "已新增 " + describe(t), [], "ok");
        if (done) { done(); }
      }, null, "新增的任务");
    }

    function openAdd(sel) {
      cancelConfirm();
      current = null;
      adding = {span: sel.span};
      empty.hidden = true;
      form.hidden = false;
      $("review-buttons").hidden = true;
      $("add-buttons").hidden = false;
      $("task-title").textContent = "新增任务";
      badge("added", "新增");
      $("task-meta").textContent = "原文位置 " + sel.span[0] + "–" + sel.span[1];
      fill({fields: {text: sel.text}, units: {}});
      $("unmarked").hidden = true;
      say("");
      paint();
      $("f-text").focus();
    }

    // --- taking the last decision back -----------------------------------------------------
    function undoLast() {
      if (Object.keys(inFlight).length) { say("请等保存完成后再撤销", [], "busy"); return; }
      var last = undoable[undoable.length - 1];
      if (!last) { say("没有可撤销的审核（只能撤销本次打开页面后所做的审核）", [], "error"); return; }
      guard(function () {
        undoable.pop();
        if (byId(last.id)) { select(last.id); }
        inFlight[last.id] = true;
        send({action: "undo", task_id: last.id, undo: last.ids}, function (answer) {
          delete inFlight[last.id];
          var now = answer.task ? " → " + answer.task.status_label : "（这条新增的任务已去掉）";
          say("已撤销 " + last.label + " 的“" + last.what + "”" + now, [], "ok");
        }, function (status) {
          delete inFlight[last.id];
          // refused (400: taken back elsewhere already, say): gone; not stored for now (busy, no answer): again later
          if (status !== 400) { undoable.push(last); }
        }, last.label + " 的撤销");
      });
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
      var sel = pendingSelection;
      if (sel) { guard(function () { openAdd(sel); }); }
    });

    textBox.addEventListener("click", function (ev) {
      var sel = window.getSelection();
      if (sel && !sel.isCollapsed) { return; } // the end of a drag, not a click
      var el = ev.target.closest ? ev.target.closest("[data-task]") : null;
      if (el) { guard(function () { select(el.dataset.task, true); }); }
    });

    // --- buttons and keys ----------------------------------------------------------
    $("btn-accept").addEventListener("click", function () { guard(function () { decide("accept", false); }); });
    $("btn-delete").addEventListener("click", function () { guard(function () { decide("delete", false); }); });
    $("btn-undo").addEventListener("click", undoLast);
    $("btn-cancel").addEventListener("click", function () { guard(closePanel); });
    $("confirm-yes").addEventListener("click", function () { if (confirming) { decide(confirming.action, confirming.advance); } });
    $("confirm-no").addEventListener("click", cancelConfirm);
    $("guard-save").addEventListener("click", function () { answerGuard("save"); });
    $("guard-discard").addEventListener("click", function () { answerGuard("discard"); });
    $("guard-stay").addEventListener("click", function () { answerGuard("stay"); });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); save(); });
    ["flt-status", "flt-section", "flt-unit", "flt-text"].forEach(function (id) {
      $(id).addEventListener("input", renderList);
      $(id).addEventListener("change", renderList);
    });

    function decideKey(action) { return function () { guard(function () { decide(action, true); }); }; }
    var KEYS = {
      j: function () { move(1); }, k: function () { move(-1); }, p: function () { move(-1); },
      n: function () { moveUnreviewed(1); }, N: function () { moveUnreviewed(-1); },
      a: decideKey("accept"), r: decideKey("delete"), x: decideKey("delete"), Delete: decideKey("delete"),
      u: undoLast,
      e: function () { if (current !== null) { $("f-text").focus(); } }
    };

    function onEscape() {
      if (guardAsking()) { answerGuard("stay"); return; }
      if (confirming) { cancelConfirm(); return; }
      addButton.hidden = true;
      guard(closePanel);
    }

    document.addEventListener("keydown", function (ev) {
      if (ev.ctrlKey || ev.metaKey || ev.altKey || /^(Shift|Control|Alt|Meta|CapsLock)$/.test(ev.key)) { return; }
      if (!dialog.hidden) { return; }
      // a pending "press again to confirm" ends with any other key
      if (confirming && ACTION_OF_KEY[ev.key] !== confirming.action && ev.key !== "Escape") { cancelConfirm(); }
      if (ev.key === "Escape") { onEscape(); ev.preventDefault(); return; }
      var tag = ev.target && ev.target.tagName;
      var typing = tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (ev.target && ev.target.isContentEditable);
      if (typing || guardAsking()) { return; } // the unsaved-changes question is answered with its buttons
      var run = KEYS[ev.key];
      if (!run) { return; }
      run();
      ev.preventDefault();
    });

    paint();
    var m = /^#task=(.+)$/.exec(location.hash);
    if (m) {
      var wanted = decodeURIComponent(m[1]);
      if (byId(wanted)) { select(wanted); }
    }
  }
}());
