"""The sentence model: its plain-Python scores are scikit-learn's, and it only speaks where the rules found nothing."""
from __future__ import annotations

import json

import pytest

from analyzer.learn import Example, _matrix, fit, train
from analyzer.task_model import MODEL_FILE, SentenceFacts, TaskModel, char_ngrams, consulted, overturn

pytest.importorskip("sklearn")


def _facts(reason="no directive", rule=False, k=0):
    return SentenceFacts(reason, rule, False, False, False, k / 10, False, False)


ROWS = [Example("d", "plan", t, _facts(k=k), label) for k, (t, label) in enumerate([
    ("免征城镇土地使用税", True), ("允许外资研发中心申请一次性签证", True), ("各类证书具有同等效力", True),
    ("暂缓征收企业养老保险费", True), ("这是一项重要的制度安排", False), ("过去一年工作取得明显成效", False),
    ("本措施自发布之日起施行", True), ("去年全省生产总值增长了5%", False), ("取消户口迁移限制", True),
    ("我省经济总体平稳", False), ("下放审批权限至设区市", True), ("今年的形势依然复杂", False),
] * 2)]


def test_task_model_scores_like_scikit_learn(tmp_path):
    out = tmp_path / "m.json"
    train(out, ROWS)
    vec, clf, reasons = fit(ROWS)
    expected = clf.predict_proba(_matrix(ROWS, vec, reasons, fit=False))[:, 1]
    model = TaskModel(out)
    for row, p in zip(ROWS, expected, strict=True):
        assert model.probability(row.text, row.facts) == pytest.approx(p, abs=1e-4)


def test_task_model_char_ngrams_as_the_vectorizer_makes_them():
    assert char_ngrams("免征税") == {"免": 1, "征": 1, "税": 1, "免征": 1, "征税": 1, "免征税": 1}


def test_task_model_overturns_the_rules_only_with_a_margin():
    assert overturn(False, 0.65, 0.1) and not overturn(False, 0.55, 0.1)
    assert not overturn(True, 0.35, 0.1) and overturn(True, 0.45, 0.1)
    assert consulted("no directive") and not consulted("modal") and not consulted("retrospective")


@pytest.mark.skipif(not MODEL_FILE.is_file(), reason="no shipped model")
def test_task_model_shipped_file_is_small_and_complete():
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert MODEL_FILE.stat().st_size < 2_000_000
    assert set(data) >= {"vocabulary", "dense", "reasons", "intercept", "threshold", "margin"}
    assert len(data["dense"]) == len(data["reasons"]) + 9


def test_task_model_finds_provisions_the_rules_leave(ctx):
    from analyzer.context import shared_context
    from analyzer.pipeline import analyze_text

    text = ("关于支持企业发展的若干措施\n一、减轻企业负担\n（一）对符合条件的小微企业，免征城镇土地使用税和房产税。"
            "\n（二）允许外资研发中心以团队为单位申请一次性签证。\n")
    learned = [r.text for r in analyze_text(text, "m", date="2024-01-01").records]
    rules = [r.text for r in analyze_text(text, "r", date="2024-01-01", context=shared_context(rules_only=True)).records]
    # a provision has no directive word: the rules leave it, the model (trained on measures) takes it
    provision = "（一）对符合条件的小微企业，免征城镇土地使用税和房产税"
    assert provision in learned and provision not in rules
    assert set(rules) <= set(learned)


def test_extract_rules_only_flag_leaves_the_model_out(tmp_path):
    import json as _json

    from click.testing import CliRunner

    from analyzer.cli import main

    doc = tmp_path / "m.txt"
    doc.write_text("关于支持企业发展的若干措施\n一、减轻企业负担\n（一）对符合条件的小微企业，免征城镇土地使用税和房产税。\n",
                   encoding="utf-8")
    runs = {}
    for flag in ([], ["--rules-only"]):
        res = CliRunner().invoke(main, ["extract", str(doc), "--date", "2024-01-01", "-q", "-w", "1", *flag])
        assert res.exit_code == 0, res.output
        runs[bool(flag)] = [_json.loads(line)["text"] for line in res.output.splitlines() if line.strip()]
    assert len(runs[False]) == len(runs[True]) + 1


def test_train_task_model_without_the_gold_says_so(tmp_path):
    """An installed package ships the model, not its gold: training elsewhere is a clear usage error (exit 1)."""
    from click.testing import CliRunner

    from analyzer.cli import main

    res = CliRunner().invoke(main, ["train-task-model", "--corpora", str(tmp_path), "-o", str(tmp_path / "m.json")])
    assert res.exit_code == 1
    assert "no development gold under" in res.output and not (tmp_path / "m.json").exists()
