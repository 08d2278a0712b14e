"""Scoring: the spec's §7 rules, and the same figures as the shared scorer."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from analyzer.evaluate import score
from analyzer.textsim import match, similarity, squash


@pytest.mark.parametrize("a, b, expected", [
    ("各县（市）区", "各县(市)区", 1.0),  # punctuation and width folded away
    ("194个新开工项目", "2024年度194个新开工项目", 1.0),  # containment, shorter ≥ half
    ("增长", "国内生产总值增长5%左右", None),  # containment too short: bigram Dice instead
    ("", "任务", 0.0),
])
def test_evaluate_similarity(a, b, expected):
    got = similarity(a, b)
    if expected is None:
        assert 0 < got < 0.5
    else:
        assert got == expected


def test_evaluate_squash():
    assert squash("要加快发展。“两张皮” ！") == "要加快发展两张皮"


def test_evaluate_match_is_one_to_one_best_first():
    gold = ["市人大", "市政协"]
    pred = ["市政协", "市人大", "市人大"]
    assert sorted(match(gold, pred, key=lambda s: s, threshold=0.5)) == [(0, 1), (1, 0)]


def test_evaluate_scores_end_to_end():
    golds = {"d": {"tasks": [
        {"text": "市财政局要在6月底前拨付首批产业引导资金", "units": ["市财政局"], "inherited_units": [],
         "targets": [], "deadlines": [{"text": "6月底前", "end": "2024-06-30"}]},
        {"text": "各县（市）区要在年底前全部完成闲置土地清理处置", "units": ["各县（市）区"], "inherited_units": [],
         "targets": [], "deadlines": [{"text": "年底前", "end": "2024-12-31"}]},
    ]}}
    preds = [
        {"doc_id": "d", "text": "市财政局要在6月底前拨付首批产业引导资金",
         "units": [{"name": "市财政局", "role": "responsible", "inherited": False}],
         "targets": [], "deadlines": [{"text": "6月底前", "end": "2024-05-15"}]},
        {"doc_id": "d", "text": "完全不同的一句话", "units": [{"name": "市委", "role": "responsible", "inherited": True}],
         "targets": [{"text": "3000套"}], "deadlines": []},
    ]
    r = score(golds, preds)
    assert (r["tasks"]["tp"], r["tasks"]["fp"], r["tasks"]["fn"]) == (1, 1, 1)
    assert (r["units"]["tp"], r["units"]["fp"], r["units"]["fn"]) == (1, 0, 1)
    assert (r["units+inherited"]["tp"], r["units+inherited"]["fp"]) == (1, 1)
    assert r["targets"]["fp"] == 1
    assert r["deadline_end"] == {"accuracy": 0.0, "correct": 0, "of": 1}  # 46 days off


def test_evaluate_agrees_with_the_shared_scorer(dev_gold, tmp_path):
    from analyzer.evaluate import evaluate_folder

    scorer = dev_gold.parent.parent / "tools" / "score_tasks.py"
    if not scorer.exists():
        pytest.skip("shared scorer not present")
    ours, predictions = evaluate_folder(dev_gold)
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in predictions), encoding="utf-8")
    out = subprocess.run([sys.executable, str(scorer), "--gold", str(dev_gold), "--pred", str(pred), "--json"],
                         capture_output=True, text=True, check=True)
    theirs = json.loads(out.stdout)
    for name in ("tasks", "units", "units+inherited", "targets", "deadlines"):
        assert {k: ours[name][k] for k in ("tp", "fp", "fn", "f1")} == \
               {k: theirs[name][k] for k in ("tp", "fp", "fn", "f1")}, name
    assert ours["deadline_end"] == theirs["deadline_end"]


def test_evaluate_lists_every_miss_and_false_alarm_behind_the_figures(tmp_path):
    """`errors=True` (CLI `--errors`): each counted miss / false alarm once, with its task;
    an explicit unit is not listed again under units+inherited, an inherited one is."""
    golds = {"d": {"tasks": [
        {"text": "市财政局要在6月底前拨付首批产业引导资金", "units": ["市财政局", "市发展改革委"],
         "inherited_units": ["市政府"], "targets": [], "deadlines": [{"text": "6月底前", "end": "2024-06-30"}]},
        {"text": "各县（市）区要全部完成闲置土地清理处置", "units": [], "inherited_units": [],
         "targets": [], "deadlines": []},
    ]}}
    preds = [
        {"doc_id": "d", "text": "市财政局要在6月底前拨付首批产业引导资金",
         "units": [{"name": "市财政局", "inherited": False}], "targets": [{"text": "3000万元"}],
         "deadlines": [{"text": "6月底前", "end": "2024-09-30"}]},
        {"doc_id": "d", "text": "完全不同的一句话", "units": [{"name": "市委", "inherited": True}],
         "targets": [], "deadlines": []},
    ]
    r = score(golds, preds, errors=True)
    got = {(e["field"], e["kind"], e["value"]) for e in r["errors"]}
    assert got == {
        ("units", "miss", "市发展改革委"), ("units+inherited", "miss", "市政府"),
        ("targets", "false alarm", "3000万元"), ("deadline_end", "wrong end", "6月底前: 2024-09-30 for 2024-06-30"),
        ("tasks", "miss", "各县（市）区要全部完成闲置土地清理处置"),
        ("tasks", "false alarm", "完全不同的一句话"), ("units+inherited", "false alarm", "市委"),
    }
    assert len(r["errors"]) == len(got)
    counted = sum(r[f]["fp"] + r[f]["fn"] for f in ("tasks", "units", "targets", "deadlines"))
    assert counted == sum(e["field"] in ("tasks", "units", "targets", "deadlines") for e in r["errors"])
    assert "errors" not in score(golds, preds)  # only when asked

    from click.testing import CliRunner

    from analyzer.cli import main

    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "n.txt").write_text("市财政局要在6月底前拨付首批产业引导资金。\n", encoding="utf-8")
    (gold_dir / "n.json").write_text(json.dumps({"doc_id": "n", "doc_date": "2024-03-01", "tasks": [
        {"text": "市财政局要在6月底前拨付首批产业引导资金", "units": ["市财政局", "市审计局"], "inherited_units": [],
         "targets": [], "deadlines": [{"text": "6月底前", "end": "2024-06-30"}]}]}, ensure_ascii=False),
        encoding="utf-8")
    out = CliRunner().invoke(main, ["evaluate", "--gold", str(gold_dir), "--errors"])
    assert out.exit_code == 0, out.output
    assert "n\tunits\tmiss\t市审计局  in  市财政局要在6月底前拨付首批产业引导资金" in out.output
