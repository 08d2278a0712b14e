"""Comparing documents: alignment, target changes, unit names, series, domains, report."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer.cli import main
from analyzer.compare import align, compare, series, target_changes, task_changes
from analyzer.pipeline import analyze_text
from analyzer.units_canonical import UnitNames

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora-src" / "government_work_reports.jsonl"


def recs(doc, texts, date="2024-03-05"):
    return analyze_text("（" + date[:4] + "年3月5日）\n" + "\n".join(texts) + "\n", doc, date=date).records


def test_compare_alignment_statuses():
    left = recs("a", ["实施制造业重点产业链高质量发展行动。", "加快发展现代生产性服务业。", "弘扬工匠精神。"])
    right = recs("b", ["深入实施制造业重点产业链高质量发展行动，着力补齐短板。", "加快发展现代生产性服务业。",
                       "开展人工智能+行动。"])
    rows = align(left, right)
    by = {(tuple(r.text for r in row.left), tuple(r.text for r in row.right)): row.status for row in rows}
    assert by[(("实施制造业重点产业链高质量发展行动",), ("深入实施制造业重点产业链高质量发展行动，着力补齐短板",))] == "continued"
    assert by[(("加快发展现代生产性服务业",), ("加快发展现代生产性服务业",))] == "continued"
    assert by[(("弘扬工匠精神",), ())] == "dropped"
    assert by[((), ("开展人工智能+行动",))] == "new"


def test_compare_split_and_merge():
    left = recs("a", ["加强财会监督，严禁搞面子工程、形象工程，坚决制止铺张浪费。"])
    right = recs("b", ["加强财会监督。", "严禁搞面子工程、形象工程，坚决制止铺张浪费。"])
    (row,) = align(left, right)
    assert row.status == "split" and len(row.right) == 2
    (row,) = align(right, left)
    assert row.status == "merged" and len(row.left) == 2


@pytest.mark.parametrize("a, b, direction", [
    ("国内生产总值增长6%-6.5%。", "国内生产总值增长6%以上。", "reworded"),
    ("国内生产总值增长6%以上。", "国内生产总值增长5%左右。", "lowered"),
    ("城镇新增就业1100万人以上。", "城镇新增就业1100万人以上。", "same"),
    ("粮食产量1.3万亿斤以上。", "粮食产量1.4万亿斤左右。", "raised"),
])
def test_compare_target_changes(a, b, direction):
    (change,) = target_changes(recs("a", [a]), recs("b", [b]))
    assert change.direction == direction


def test_compare_task_changes_deadlines_and_units():
    a = recs("a", ["市发改委要在年底前完成项目库更新。"])
    b = recs("b", ["市发展改革委、市财政局要在6月底前完成项目库更新。"])
    changes = {c.kind: c for c in task_changes(a, b)}
    assert changes["deadline"].direction == "earlier"
    assert changes["unit_added"].what == "财政局"  # 市发改委 and 市发展改革委 are one body
    assert "unit_removed" not in changes


@pytest.mark.parametrize("name, canonical, level", [
    ("市发改委", "发展改革委", "市"), ("发展和改革委员会", "发展改革委", None), ("区发展改革局", "发展改革委", "区"),
    ("县住建局", "住房城乡建设局", "县"), ("市委", "市委", None), ("市场监管局", "市场监管局", None),
    ("各县（市）区", "各县（市）区", None),
    # a level before 级 or a bare function is part of the name
    ("省级政府", "省级政府", None), ("县级政府", "县级政府", None), ("中央财政", "中央财政", None),
    ("县级以上地方人民政府", "县级以上地方人民政府", None), ("省财政厅", "财政局", "省"),
    ("国家卫生健康委", "卫生健康委", "国家"),
])
def test_compare_unit_names(name, canonical, level):
    names = UnitNames()
    assert (names.canonical(name), names.level(name)) == (canonical, level)


def test_compare_user_aliases(tmp_path):
    f = tmp_path / "aliases.txt"
    f.write_text("# ours\n数字办: 数据资源局, 大数据中心\n", encoding="utf-8")
    names = UnitNames([f])
    assert names.canonical("市大数据中心") == "数字办" and names.canonical("数字办") == "数字办"


def test_compare_series_trajectory_and_lineage():
    groups = [(y, recs(y, [f"国内生产总值增长{v}左右。", "实施制造业重点产业链高质量发展行动。"], f"{y}-03-05"))
              for y, v in (("2022", "5.5%"), ("2023", "5%"), ("2024", "5%"))]
    s = series(groups)
    assert [p["value"] for p in s.trajectories["国内生产总值增长"]] == [5.5, 5.0, 5.0]
    assert [st["continued"] for st in s.steps] == [2, 2]
    assert any(len(chain) == 3 for chain in s.lineages)


def test_compare_domains():
    from analyzer.domains import DOMAINS, classify, cross_validate

    labels = classify(["稳定粮食播种面积，提高单产", "加强生态环境保护，打好污染防治攻坚战", "深化国有企业改革"])
    assert all(isinstance(x, str) and x in DOMAINS for x in labels)
    assert labels[0] == "agriculture_rural"
    r = cross_validate(folds=3)
    assert r["samples"] >= 700 and r["accuracy"] >= 0.55  # README: 0.647 over 5 folds; chance is 1/12


def _store_with_reports(tmp_path, years):
    lines = [ln for ln in CORPUS.read_text(encoding="utf-8").splitlines() if json.loads(ln)["year"] in years]
    corpus = tmp_path / "gwr.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "gwr.duckdb"
    res = CliRunner().invoke(main, ["extract", str(corpus), "--id-field", "year", "--date-field", "year",
                                    "--db", str(db), "-q"])
    assert res.exit_code == 0, res.output
    return db


@pytest.mark.skipif(not CORPUS.exists(), reason="the shared corpus is not beside this checkout")
def test_compare_2019_against_2021(tmp_path):
    db = _store_with_reports(tmp_path, ("2019", "2021"))
    out = tmp_path / "cmp.jsonl"
    res = CliRunner().invoke(main, ["compare", "2019", "2021", "--db", str(db), "-o", str(out)])
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    targets = {r["indicator"]: r for r in rows if r["table"] == "target_changes"}
    gdp, jobs = targets["国内生产总值增长"], targets["城镇新增就业"]
    assert (gdp["left"], gdp["right"]) == ("国内生产总值增长6%－6.5%", "国内生产总值增长6%以上")
    assert jobs["left"] == jobs["right"] == "城镇新增就业1100万人以上" and jobs["direction"] == "same"
    (counts,) = [r for r in rows if r["table"] == "counts"]
    assert counts["continued"] > 100 and counts["new"] > 0 and counts["dropped"] > 0
    assert "延续" in res.stderr and "待核" in res.stderr
    aligned = [r for r in rows if r["table"] == "alignment"]
    assert all(0 <= r["confidence"] <= 1 for r in aligned)
    assert all(r["similarity"] is None for r in aligned if r["status"] in ("new", "dropped"))
    assert all(0 <= r["similarity"] <= 1 for r in aligned if r["status"] not in ("new", "dropped"))
    assert any(r["to_check"] for r in aligned) and not all(r["to_check"] for r in aligned)
    # the same through selectors, and to xlsx
    xlsx = tmp_path / "cmp.xlsx"
    res = CliRunner().invoke(main, ["compare", "--db", str(db), "--left-where", "year=2019",
                                    "--right-where", "year=2021", "-o", str(xlsx)])
    assert res.exit_code == 0, res.output
    from openpyxl import load_workbook

    wb = load_workbook(xlsx)
    assert wb.sheetnames == ["逐项对比", "待核（先看）", "目标变化", "汇总"]
    head = [c.value for c in wb["逐项对比"][1]]
    assert head[:4] == ["状态", "置信度", "待核", "相似度"]
    statuses = {r[0].value for r in wb["逐项对比"].iter_rows(min_row=2)}
    assert statuses <= {"延续", "拆分", "合并", "新增", "删去"}
    check = [r[1].value for r in wb["待核（先看）"].iter_rows(min_row=2)]
    assert check == sorted(check) and all(r[2].value == "待核" for r in wb["待核（先看）"].iter_rows(min_row=2))


def test_compare_files_and_usage_errors(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("（2024年3月5日）\n实施制造业重点产业链高质量发展行动。\n", encoding="utf-8")
    b.write_text("（2025年3月5日）\n深入实施制造业重点产业链高质量发展行动。\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["compare", str(a), str(b), "--format", "csv"])
    assert res.exit_code == 0 and res.stdout.splitlines()[1].startswith("continued,")
    assert CliRunner().invoke(main, ["compare", str(a), "2021"]).exit_code == 1  # no store to find 2021 in
    assert CliRunner().invoke(main, ["compare", "--left-where", "year=2019", str(b)]).exit_code == 1


def _chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def test_compare_report_is_self_contained_and_escaped(tmp_path):
    from analyzer.report import comparison_page

    left = recs("a", ["市财政局要在年底前完成<script>alert(1)</script>整改。"])
    right = recs("b", ["市财政局要在6月底前完成整改。"])
    page = comparison_page(compare(left, right), left, right, "a", "b")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "cdn." not in page.split("<body>")[1][:2000]  # plotly.js is in the page, not fetched


@pytest.mark.skipif(not _chromium(), reason="no Chromium (CI installs Debian's chromium)")
@pytest.mark.skipif(not CORPUS.exists(), reason="the shared corpus is not beside this checkout")
def test_compare_report_opens_in_headless_chromium(tmp_path):
    db = _store_with_reports(tmp_path, ("2019", "2021", "2022"))
    html = tmp_path / "report.html"
    res = CliRunner().invoke(main, ["series", "--db", str(db), "--report", str(html), "-o", str(tmp_path / "s.jsonl")])
    assert res.exit_code == 0, res.output
    shot = tmp_path / "report.png"
    proc = subprocess.run(
        [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0",
         "--window-size=1200,2000", f"--screenshot={shot}", html.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 20_000, proc.stderr[-2000:]
    console = [ln for ln in proc.stderr.splitlines() if "CONSOLE" in ln or "Uncaught" in ln]
    assert not [ln for ln in console if "Error" in ln or "Uncaught" in ln], console
