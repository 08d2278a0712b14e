"""A self-contained HTML page for a comparison or a series: counts, tables, charts.

Charts are Plotly figures with plotly.js written into the page once, so the file
opens offline; tables are plain HTML. Everything that comes from documents is
escaped. Chinese is rendered by the browser's own fonts.
"""
from __future__ import annotations

import datetime as dt
import html
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from .compare import STATUSES, Comparison, Series
from .domains import DOMAINS, classify
from .records import TaskRecord
from .units_canonical import UnitNames

_STYLE = """
body{font-family:-apple-system,"Segoe UI","Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
h1{font-size:1.5em} h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:.9em;margin:.5em 0} th,td{border:1px solid #ccc;padding:.3em .5em;vertical-align:top}
th{background:#eef3fa} .num{text-align:right} .raised{color:#0a7d2c} .lowered{color:#b3261e}
.counts td{font-size:1.2em;text-align:center} .muted{color:#777;font-size:.85em}
.toc{background:#f7f9fc;border:1px solid #dde;padding:.5em 1em;display:inline-block} .toc ol{margin:.3em 0}
.filters{margin:.5em 0} .filters label{margin-right:1em} tr.check td:nth-child(3){color:#b3261e;font-weight:bold}
"""

# The alignment table's filters: status, section, rows to check; plain DOM, no library.
_FILTER_SCRIPT = """
<script>
(function(){
  var st=document.getElementById('f-status'), se=document.getElementById('f-section'),
      ck=document.getElementById('f-check'), n=document.getElementById('f-count');
  function apply(){
    var rows=document.querySelectorAll('#alignment tbody tr'), shown=0;
    rows.forEach(function(tr){
      var ok=(!st.value||tr.dataset.status===st.value)&&(!se.value||tr.dataset.section===se.value)
             &&(!ck.checked||tr.dataset.check==='1');
      tr.style.display=ok?'':'none'; if(ok){shown++;}
    });
    n.textContent=shown+' 行';
  }
  [st,se,ck].forEach(function(el){el.addEventListener('change',apply);});
  apply();
})();
</script>
"""

DIRECTION_LABELS = {"raised": "提高", "lowered": "降低", "same": "不变", "reworded": "表述变化",
                    "new": "新增", "dropped": "删去"}
STATUS_LABELS = {"continued": "延续", "split": "拆分", "merged": "合并", "new": "新增", "dropped": "删去"}


class Page:
    """Builds the page: sections of HTML, figures with plotly.js included once."""

    def __init__(self, title: str):
        self.title = title
        self.parts: list[str] = []
        self.sections: list[tuple[str, str]] = []  # (anchor, heading) for the table of contents
        self._js_written = False

    def h2(self, text: str) -> None:
        anchor = f"s{len(self.sections) + 1}"
        self.sections.append((anchor, text))
        self.parts.append(f'<h2 id="{anchor}">{html.escape(text)}</h2>')

    def p(self, text: str, cls: str = "") -> None:
        self.parts.append(f'<p class="{cls}">{html.escape(text)}</p>')

    def table(self, header: Sequence[str], rows: Sequence[Sequence[Any]], classes: Sequence[str] = ()) -> None:
        out = ["<table><thead><tr>"] + [f"<th>{html.escape(str(h))}</th>" for h in header] + ["</tr></thead><tbody>"]
        for k, row in enumerate(rows):
            cls = f' class="{html.escape(classes[k])}"' if k < len(classes) and classes[k] else ""
            out.append(f"<tr{cls}>" + "".join(
                f'<td class="num">{html.escape(_fmt(v))}</td>' if isinstance(v, (int, float)) else
                f"<td>{html.escape(_fmt(v))}</td>" for v in row) + "</tr>")
        out.append("</tbody></table>")
        self.parts.append("".join(out))

    def figure(self, fig, div_id: str | None = None, post_script: str | None = None) -> None:
        self.parts.append(fig.to_html(full_html=False, include_plotlyjs=not self._js_written, div_id=div_id,
                                      post_script=post_script, config={"displaylogo": False, "responsive": True}))
        self._js_written = True

    def raw(self, markup: str) -> None:
        """Markup built by the caller, who has escaped what came from documents."""
        self.parts.append(markup)

    def html(self) -> str:
        stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        toc = ('<nav class="toc"><b>目录</b><ol>' + "".join(
            f'<li><a href="#{a}">{html.escape(t)}</a></li>' for a, t in self.sections) + "</ol></nav>")
        return ("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                f"<title>{html.escape(self.title)}</title><style>{_STYLE}</style></head><body>"
                f"<h1>{html.escape(self.title)}</h1><p class=\"muted\">policy-analyzer · {stamp}</p>"
                + toc + "\n".join(self.parts) + "</body></html>")


def _fmt(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.3g}" if abs(v) < 1e6 else f"{v:.4g}"
    return str(v)


# --- shared sections ---------------------------------------------------------------

def _workload(page: Page, groups: Sequence[tuple[str, Sequence[TaskRecord]]], names: UnitNames,
              top: int = 25) -> None:
    """Unit × document heatmap: how many tasks each (canonical) unit carries."""
    import plotly.graph_objects as go

    counts: dict[str, Counter] = defaultdict(Counter)
    total: Counter = Counter()
    for label, recs in groups:
        for r in recs:
            for name in {names.canonical(u.name) for u in r.units}:
                counts[label][name] += 1
                total[name] += 1
    units = [u for u, _ in total.most_common(top)]
    page.h2("责任单位工作量（任务数）")
    if not units:
        page.p("没有识别出责任单位。", "muted")
        return
    labels = [label for label, _ in groups]
    z = [[counts[label][u] for label in labels] for u in units]
    fig = go.Figure(go.Heatmap(z=z, x=labels, y=units, colorscale="Blues", hovertemplate="%{y} · %{x}: %{z}<extra></extra>"))
    fig.update_layout(height=max(300, 24 * len(units) + 120), margin=dict(l=200, r=20, t=20, b=80),
                      yaxis=dict(autorange="reversed"))
    page.figure(fig)


def _domains(page: Page, groups: Sequence[tuple[str, Sequence[TaskRecord]]]) -> None:
    """Domain shares by document (stacked bars of shares)."""
    import plotly.graph_objects as go


    page.h2("政策领域分布（占任务比例）")
    shares: dict[str, Counter] = {}
    for label, recs in groups:
        shares[label] = Counter(classify([r.text for r in recs]))
    fig = go.Figure()
    for key, name in DOMAINS.items():
        ys = [shares[label][key] / max(1, sum(shares[label].values())) for label, _ in groups]
        if any(ys):
            fig.add_bar(name=name, x=[label for label, _ in groups], y=ys,
                        hovertemplate=f"{name} · %{{x}}: %{{y:.0%}}<extra></extra>")
    fig.update_layout(barmode="stack", height=420, yaxis=dict(tickformat=".0%"), margin=dict(t=20))
    page.figure(fig)


def _target_table(page: Page, changes) -> None:
    page.h2("目标变化")
    rows = [(c.indicator, c.left_text, c.right_text, DIRECTION_LABELS.get(c.direction, c.direction))
            for c in changes]
    page.table(("指标", "前", "后", "变化"), rows, [c.direction for c in changes])


# --- the two pages -----------------------------------------------------------------

def comparison_page(comparison: Comparison, left: Sequence[TaskRecord], right: Sequence[TaskRecord],
                    left_label: str, right_label: str, names: UnitNames | None = None) -> str:
    names = names or UnitNames()
    page = Page(f"任务对比：{left_label} → {right_label}")
    counts = comparison.counts()
    page.h2("概况")
    page.table([STATUS_LABELS[s] for s in STATUSES], [[counts[s] for s in STATUSES]])
    page.p(f"左：{len(left)} 项任务（{', '.join(comparison.left_ids)}）；"
           f"右：{len(right)} 项任务（{', '.join(comparison.right_ids)}）。", "muted")
    _target_table(page, [c for c in comparison.targets])
    _workload(page, [(left_label, left), (right_label, right)], names)
    _domains(page, [(left_label, left), (right_label, right)])
    page.h2("逐项对比")
    _alignment_table(page, comparison)
    return page.html()


def _section_of(row) -> str:
    rec = (row.left or row.right)[0]
    return rec.section[-1] if rec.section else ""


def _alignment_table(page: Page, comparison: Comparison) -> None:
    """Every row with its confidence and 待核 mark, filterable by status, section and 待核."""
    esc = html.escape
    sections = sorted({_section_of(r) for r in comparison.rows} - {""})
    options = "".join(f'<option value="{esc(k)}">{esc(STATUS_LABELS[k])}</option>' for k in STATUSES)
    section_options = "".join(f'<option value="{esc(s)}">{esc(s)}</option>' for s in sections)
    page.p("置信度：模型判断两项为同一任务的概率（新增、删去行为“确无对应”的把握）；低于核查线的行标“待核”，请先看。",
           "muted")
    out = ['<div class="filters"><label>状态 <select id="f-status"><option value="">全部</option>', options,
           '</select></label><label>章节 <select id="f-section"><option value="">全部</option>', section_options,
           '</select></label><label><input type="checkbox" id="f-check"> 只看待核</label>'
           '<span id="f-count" class="muted"></span></div>',
           '<table id="alignment"><thead><tr>',
           "".join(f"<th>{h}</th>" for h in ("状态", "置信度", "待核", "相似度", "左", "右", "变化")),
           "</tr></thead><tbody>"]
    for r in comparison.rows:
        d = r.to_dict()
        cells = (STATUS_LABELS[r.status], _fmt(d["confidence"]), "待核" if r.to_check else "", _fmt(d["similarity"]),
                 d["left_text"], d["right_text"], d["changes"])
        marked = ' class="check"' if r.to_check else ""
        out.append(f'<tr data-status="{esc(r.status)}" data-section="{esc(_section_of(r))}" '
                   f'data-check="{int(r.to_check)}"{marked}>'
                   + "".join(f"<td>{esc(str(c))}</td>" for c in cells) + "</tr>")
    out.append("</tbody></table>")
    page.raw("".join(out) + _FILTER_SCRIPT)


def series_page(series: Series, groups: Sequence[tuple[str, Sequence[TaskRecord]]],
                names: UnitNames | None = None, indicators: Sequence[str] = ()) -> str:
    import plotly.graph_objects as go

    names = names or UnitNames()
    page = Page(f"任务序列：{series.labels[0]} — {series.labels[-1]}" if series.labels else "任务序列")
    page.h2("逐年变化（任务数）")
    page.table(("从", "到") + tuple(STATUS_LABELS[s] for s in STATUSES) + ("待核",),
               [[s["from"], s["to"]] + [s[k] for k in STATUSES] + [s.get("to_check", 0)] for s in series.steps])
    page.h2("目标轨迹")
    chosen = list(indicators) or [k for k, v in sorted(series.trajectories.items(), key=lambda kv: -len(kv[1]))[:6]]
    for indicator in chosen:
        points = series.trajectories.get(indicator, [])
        if len(points) < 2:
            continue
        fig = go.Figure(go.Scatter(
            x=[p["label"] for p in points], y=[p["value"] for p in points], mode="lines+markers",
            text=[p["text"] for p in points], hovertemplate="%{x}: %{text}<extra></extra>", name=indicator,
            error_y=dict(type="data", symmetric=False,
                         array=[(p["upper"] - p["value"]) if p.get("upper") else 0 for p in points],
                         arrayminus=[0] * len(points))))
        fig.update_layout(title=indicator, height=320, margin=dict(t=40), xaxis=dict(type="category"))
        page.figure(fig)
        page.table(("文件", "目标"), [(p["label"], p["text"]) for p in points])
    _workload(page, groups, names)
    _domains(page, groups)
    page.h2("任务脉络（连续出现的任务）")
    for chain in series.lineages[:20]:
        page.table(("文件", "任务"), chain)
    return page.html()
