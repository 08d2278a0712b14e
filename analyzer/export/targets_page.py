"""The HTML page of the target table (`targets --report FILE.html`).

For each catalogue quantity: its values across documents of one period as a sorted dot chart (a range
drawn as a bar from its lower to its upper bound), and — where the documents span several years — its
trajectory on a real time axis (a year with no stated goal left as a gap, never bridged). Numbers are
written the Chinese way (1.3万亿, 1200万; the canonical measures already carry 万/亿: 万人, 万吨, 亿元), and
every point and every table row links to the sentence the goal was read from, listed at the end.
"""
from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Sequence

from ..report import Page
from ..target_table import TargetRow

PERIOD_ZH = {"year": "年度目标", "plan": "规划期目标"}


def zh_number(v: float | None) -> str:
    """1.3e12 → 1.3万亿; 12000000 → 1200万; 5.5 → 5.5."""
    if v is None:
        return ""
    for factor, word in ((1e12, "万亿"), (1e8, "亿"), (1e4, "万")):
        if abs(v) >= factor:
            return f"{v / factor:.4g}{word}"
    return f"{v:.4g}"


def _label(r: TargetRow) -> str:
    year = (r.doc_date or "")[:4]
    return f"{r.title or r.doc_id}" if not year or year in (r.title or "") else f"{r.title or r.doc_id}（{year}）"


def _value_text(r: TargetRow) -> str:
    if r.upper is not None:
        return f"{zh_number(r.value)}–{zh_number(r.upper)}{r.measure or ''}"
    return f"{r.comparator if r.comparator not in (None, '=', 'range') else ''}{zh_number(r.value)}{r.measure or ''}"


def targets_page(rows: Sequence[TargetRow], title: str = "目标对照") -> str:
    import plotly.graph_objects as go

    page = Page(title)
    anchors = {id(r): f"s{k}" for k, r in enumerate(rows, 1)}
    by_name: dict[str, list[TargetRow]] = defaultdict(list)
    for r in rows:
        if r.canonical and r.value is not None:
            by_name[r.canonical].append(r)
    page.p(f"{len(rows)} 个目标，{len({r.doc_id for r in rows})} 份文件；{len(by_name)} 个目录指标。"
           "点击图中的点或表中的值，可看到目标所在的原句。", "muted")
    click = ("document.getElementById('{id}').on('plotly_click',function(e){{"
             "var a=e.points[0].customdata; if(a) location.hash=a;}});")
    for n, (name, items) in enumerate(sorted(by_name.items(), key=lambda kv: -len(kv[1]))):
        measure = items[0].measure or ""
        for period in ("year", "plan"):
            got = [r for r in items if r.period == period]
            if not got:
                continue
            page.h2(f"{name}（{PERIOD_ZH[period]}，{measure}）")
            got.sort(key=lambda r: (r.value, r.upper or r.value))
            fig = go.Figure(go.Scatter(
                x=[r.value for r in got], y=[_label(r) for r in got], mode="markers",
                marker=dict(size=9), customdata=["#" + anchors[id(r)] for r in got],
                error_x=dict(type="data", symmetric=False, array=[(r.upper - r.value) if r.upper else 0 for r in got],
                             arrayminus=[0] * len(got), thickness=6, width=0),
                text=[_value_text(r) for r in got], hovertemplate="%{y}: %{text}<extra></extra>"))
            fig.update_layout(height=max(220, 26 * len({_label(r) for r in got}) + 90), margin=dict(l=260, r=20, t=10, b=40),
                              xaxis=dict(title=measure, exponentformat="none", separatethousands=True),
                              yaxis=dict(type="category"))
            div = f"dots{n}{period}"
            page.figure(fig, div, click.format(id=div))
            years = sorted({(r.doc_date or "")[:4] for r in got if r.doc_date})
            if len(years) > 1:
                _trajectory(page, got, years, f"traj{n}{period}", click, anchors, measure)
            page.raw(_links(got, anchors))
    _sentences(page, rows, anchors)
    return page.html()


def _trajectory(page: Page, got: Sequence[TargetRow], years: Sequence[str], div: str, click: str,
                anchors: dict, measure: str) -> None:
    """The values on a date axis, one point per document; years between with no goal stay gaps."""
    import plotly.graph_objects as go

    first = {}
    for r in sorted(got, key=lambda r: r.doc_date or ""):
        first.setdefault((r.doc_date or "")[:4], r)
    xs, ys, texts, links = [], [], [], []
    for y in range(int(years[0]), int(years[-1]) + 1):
        r = first.get(str(y))
        xs.append(r.doc_date if r else f"{y}-07-01")
        ys.append(r.value if r else None)
        texts.append(_value_text(r) if r else "")
        links.append("#" + anchors[id(r)] if r else "")
    fig = go.Figure(go.Scatter(x=xs, y=ys, mode="lines+markers", connectgaps=False, customdata=links, text=texts,
                               hovertemplate="%{x|%Y年}: %{text}<extra></extra>"))
    uppers = [(r.doc_date, r.upper) for r in first.values() if r.upper is not None]
    if uppers:
        fig.add_scatter(x=[d for d, _ in uppers], y=[u for _, u in uppers], mode="markers", name="上限",
                        marker=dict(symbol="line-ew-open", size=12), hovertemplate="上限 %{y}<extra></extra>")
    fig.update_layout(height=320, margin=dict(l=60, r=20, t=10, b=40), showlegend=False,
                      xaxis=dict(type="date", tickformat="%Y"),
                      yaxis=dict(title=measure, exponentformat="none", separatethousands=True))
    page.figure(fig, div, click.format(id=div))


def _links(got: Sequence[TargetRow], anchors: dict) -> str:
    cells = "".join(
        f'<tr><td>{html.escape(_label(r))}</td><td><a href="#{anchors[id(r)]}">{html.escape(r.figure or r.text)}</a></td>'
        f'<td class="num">{html.escape(_value_text(r))}</td><td>{html.escape(r.period_end or "")}</td></tr>'
        for r in got)
    return ("<table><thead><tr><th>文件</th><th>原文</th><th>目标值</th><th>期限</th></tr></thead>"
            f"<tbody>{cells}</tbody></table>")


def _sentences(page: Page, rows: Sequence[TargetRow], anchors: dict) -> None:
    page.h2("原句")
    out = []
    for r in rows:
        sentence = r.sentence or r.text
        k = sentence.find(r.text)
        marked = (html.escape(sentence[:k]) + "<mark>" + html.escape(r.text) + "</mark>"
                  + html.escape(sentence[k + len(r.text):])) if k >= 0 else html.escape(sentence)
        out.append(f'<p id="{anchors[id(r)]}"><b>{html.escape(_label(r))}</b> · '
                   f'{html.escape(r.canonical or r.indicator or "")}：{marked}</p>')
    page.raw("".join(out))
