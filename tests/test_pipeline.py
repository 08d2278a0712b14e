"""Whole documents: golden tests against the annotated corpora, dates, offsets, inheritance."""
from __future__ import annotations

import json

import pytest

from analyzer.evaluate import evaluate_folder
from analyzer.pipeline import analyze_file, analyze_text, find_document_date
from analyzer.records import TaskRecord

# Floors for the bundled corpora (measured figures are in the README; these leave a margin)
CORPORA_FLOORS = {"tasks": 0.93, "units": 0.85, "units+inherited": 0.80, "targets": 0.80,
                  "deadlines": 0.85}
# The acceptance figures on the shared dev gold
DEV_FLOORS = {"tasks": 0.93, "units": 0.85, "units+inherited": 0.80, "targets": 0.80,
              "deadlines": 0.85}


def _check(result, floors):
    for name, floor in floors.items():
        assert result[name]["f1"] >= floor, (name, result[name])
    assert result["deadline_end"]["accuracy"] >= 0.95


def test_pipeline_golden_corpora(corpora):
    result, predictions = evaluate_folder(corpora)
    _check(result, CORPORA_FLOORS)
    assert {p["doc_id"] for p in predictions} >= {"shangqiu-2024-investment-speech", "gwr-2019-targets-and-tasks"}


def test_pipeline_golden_shared_dev(dev_gold):
    result, _ = evaluate_folder(dev_gold)
    _check(result, DEV_FLOORS)


def test_pipeline_seed_speech_records(corpora):
    analysis = analyze_file(corpora / "shangqiu-2024-investment-speech.txt")
    doc = analysis.document
    assert doc.date == "2024-02-23" and doc.date_source == "text"
    # the web-preview line is gone: the text starts with the title
    assert doc.text.startswith("在2024年全市招商引资和项目建设\n")
    by_text = {r.text: r for r in analysis.records}
    r = by_text["这里我突出强调一点，就是对于2024年度194个新开工项目，要积极帮助项目单位协调解决影响开工的难点问题，"
                "加大服务力度，项目前期事项要并联审批，同时推进，力促项目尽快开工建设"]
    assert [(u.name, u.inherited, u.source) for u in r.units] == [("各县（市）区", True, "point")]
    assert [(t.text, t.value) for t in r.targets] == [("194个新开工项目", 194.0)]
    assert [(d.text, d.end_date) for d in r.deadlines] == [("2024年度", "2024-12-31")]
    assert r.section == ("三、要层层压实服务保障推进项目的责任体系",) and r.point == "一要"
    for rec in analysis.records:
        # offsets point into the normalised text; mentions inside their task
        assert doc.text[rec.start:rec.end].replace("\n", "").replace(" ", "") == rec.text
        for t in rec.targets:
            assert doc.text[t.start:t.end] == t.text
        for d in rec.deadlines:
            assert doc.text[d.start:d.end] == d.text
        for u in rec.units:
            if not u.inherited:
                assert doc.text[u.start:u.end] == u.name


def test_pipeline_offsets_map_back_to_the_file(corpora):
    path = corpora / "shangqiu-2024-investment-speech.txt"
    analysis = analyze_file(path)
    source = path.read_text(encoding="utf-8")
    doc = analysis.document
    def squash(t):  # the layout breaks normalising joined are the only difference
        return "".join(t.split())

    for rec in analysis.records:
        s, e = doc.source_offset(rec.start), doc.source_offset(rec.end)
        assert source[s] == doc.text[rec.start]
        assert squash(source[s:e]) == squash(doc.text[rec.start:rec.end])


@pytest.mark.parametrize("text, date", [
    ("在会议上的讲话\n（2024年2月23日）\n同志们：", "2024-02-23"),
    ("政府工作报告\n——2024年3月5日在第十四届全国人民代表大会第二次会议上", "2024-03-05"),
    ("发布机构: 区政府\n发布日期: 2025-03-28\n正文", "2025-03-28"),
    ("通知正文。\n\n立山区人民政府\n\n2023年3月28日\n", "2023-03-28"),
    ("要在2024年底前完成。", None),
])
def test_pipeline_document_date_from_text(text, date):
    assert find_document_date(text) == date


def test_pipeline_given_date_overrides_and_missing_date_is_said():
    text = "（2024年2月23日）\n市发展改革委要在年内完成重大项目库的全面更新。"
    given = analyze_text(text, "d", date="2025-01-10")
    assert given.document.date_source == "given"
    assert given.records[0].deadlines[0].end_date == "2025-12-31"
    found = analyze_text(text, "d")
    assert found.document.date_source == "text" and found.records[0].deadlines[0].end_date == "2024-12-31"
    none = analyze_text("市发展改革委要在年内完成重大项目库的全面更新。", "d")
    rec = none.records[0]
    assert rec.doc_date is None and rec.doc_date_source == "none"
    assert rec.deadlines[0].end_date is None and rec.deadlines[0].basis == "no_date"


def test_pipeline_item_annotation_units_apply_to_every_sentence():
    text = ("1. 实施关键核心技术攻关\n优化协同管理机制。支持建设概念验证中心。\n"
            "责任单位：省科技厅牵头，省财政厅按职责分工负责\n")
    recs = analyze_text(text, "d", date="2025-03-01").records
    assert len(recs) == 3
    for r in recs:
        assert [(u.name, u.role, u.source) for u in r.units] == [
            ("省科技厅", "lead", "annotation"), ("省财政厅", "responsible", "annotation")]


def test_pipeline_item_time_reaches_its_sub_items():
    """A bracket holding only a time after an item's lead (（一）…。（7月中旬前）) is the item's deadline:
    its heading, its lead and every sub-item without a time of its own work to it; a sub-item's own
    time wins; the next item has its own."""
    text = ("二、主要措施\n（一）开展风险摸排\n各级人社部门全面梳理排查欠薪风险隐患。（7月中旬前）\n"
            "1.各地要主动上门为企业开展劳动用工法治体检服务。\n2.建立工作台账，明确整改事项。（6月底前）\n"
            "（二）开展协商要约\n各级工会积极引导企业开展要约行动。（7月下旬至8月中旬）\n"
            "1.基层工会要主动开展要约行动。\n")
    recs = analyze_text(text, "n", date="2024-06-01").records
    got = {r.text: [d.text for d in r.deadlines] for r in recs}
    assert got == {
        "（一）开展风险摸排": ["7月中旬前"], "各级人社部门全面梳理排查欠薪风险隐患": ["7月中旬前"],
        "1.各地要主动上门为企业开展劳动用工法治体检服务": ["7月中旬前"], "2.建立工作台账，明确整改事项": ["6月底前"],
        "（二）开展协商要约": ["7月下旬至8月中旬"], "各级工会积极引导企业开展要约行动": ["7月下旬至8月中旬"],
        "1.基层工会要主动开展要约行动": ["7月下旬至8月中旬"]}


def test_pipeline_labelled_paragraph_after_sub_items_names_units_for_all_of_them():
    """1.…工程 （1）… （2）… （责任单位：A、B） 2.…: the annotation after the last sub-item names units
    for every sub-item since the last annotated one (not for the engineering title above them)."""
    text = ("二、重点任务\n1.高速智能信息网络建设工程。\n（1）加快5G网络深度覆盖。推进5G网络进社区。\n"
            "（2）加快千兆光纤网络建设。\n（3）加快IPv6升级改造。\n（责任单位：省通信管理局、省发展改革委）\n"
            "2.算力基础设施建设工程。\n（1）建设张家口数据中心集群。\n（责任单位：省发展改革委）\n"
            "（2）推动数据中心绿色发展。\n（责任单位：省工业和信息化厅）\n")
    recs = {r.text: [u.name for u in r.units] for r in analyze_text(text, "p", date="2023-01-01").records}
    both = ["省通信管理局", "省发展改革委"]
    assert recs["（1）加快5G网络深度覆盖"] == both and recs["推进5G网络进社区"] == both
    assert recs["（2）加快千兆光纤网络建设"] == both and recs["（3）加快IPv6升级改造"] == both
    assert recs["（1）建设张家口数据中心集群"] == ["省发展改革委"]
    assert recs["（2）推动数据中心绿色发展"] == ["省工业和信息化厅"]


def test_pipeline_records_round_trip_through_json():
    rec = analyze_text("（2024年2月23日）\n市住房城乡建设局要于2024年底前建成保障性租赁住房3000套。", "d").records[0]
    line = json.dumps(rec.to_dict(), ensure_ascii=False)
    assert "市住房城乡建设局" in line  # characters, not escapes
    assert TaskRecord.from_dict(json.loads(line)) == rec


def test_pipeline_golden_heldout(corpora):
    """Documents of other years and kinds (1985, 2010, 2017): floors below the figures in the README."""
    result, _ = evaluate_folder(corpora / "heldout")
    floors = {"tasks": 0.93, "units": 0.80, "units+inherited": 0.80, "targets": 0.85, "deadlines": 0.75}
    for name, floor in floors.items():
        assert result[name]["f1"] >= floor, (name, result[name])


def test_pipeline_bracket_annotation_after_the_sentence():
    # one annotation closing a paragraph names units for all of it
    text = "加快推进数据条例立法。完善公共数据开放办法。（牵头单位：市发展改革委；配合单位：市财政局；完成时限：2024年底前）\n"
    recs = analyze_text(text, "d", date="2024-02-23").records
    assert [r.text for r in recs] == ["加快推进数据条例立法", "完善公共数据开放办法"]
    for r in recs:
        assert [(u.name, u.role) for u in r.units] == [("市发展改革委", "lead"), ("市财政局", "cooperate")]
        assert [d.end_date for d in r.deadlines] == ["2024-12-31"]
    # one after each sentence names units for that sentence only
    text = "加快推进数据条例立法。（牵头单位：市发展改革委）完善公共数据开放办法。（牵头单位：市司法局）\n"
    recs = analyze_text(text, "d", date="2024-02-23").records
    assert [[u.name for u in r.units] for r in recs] == [["市发展改革委"], ["市司法局"]]


def test_pipeline_golden_written_plan_and_table(corpora):
    """An implementation plan with bracketed annotations and a two-layout task table, written for the tests."""
    result, _ = evaluate_folder(corpora / "written")
    floors = {"tasks": 0.95, "units": 0.95, "units+inherited": 0.95, "targets": 0.90, "deadlines": 0.95}
    for name, floor in floors.items():
        assert result[name]["f1"] >= floor, (name, result[name])
    assert result["deadline_end"]["accuracy"] >= 0.95


def test_pipeline_golden_heldout2(corpora):
    """A 2000 report, the 17th congress report and a county speech, annotated without the extractor."""
    result, _ = evaluate_folder(corpora / "heldout2")
    floors = {"tasks": 0.93, "units": 0.90, "units+inherited": 0.90, "targets": 0.85, "deadlines": 0.85}
    for name, floor in floors.items():
        assert result[name]["f1"] >= floor, (name, result[name])


def test_pipeline_golden_heldout3(corpora):
    """The 1957 and 2006 reports and the 16th congress report, annotated without the
    extractor (first run: tasks 0.828, units 0.75, targets 0.809, deadlines 0.60; now
    0.937, 0.75, 0.927, 0.741): floors a little under, so that losing ground shows."""
    result, _ = evaluate_folder(corpora / "heldout3")
    floors = {"tasks": 0.88, "units": 0.70, "units+inherited": 0.70, "targets": 0.88, "deadlines": 0.65}
    for name, floor in floors.items():
        assert result[name]["f1"] >= floor, (name, result[name])
    assert result["deadline_end"]["accuracy"] >= 0.95


@pytest.mark.parametrize("sentence, past", [
    ("1956年全国新建住宅面积就有三千万平方米", True),  # what happened in an earlier year
    ("一九五五年全省粮食产量达到八百万吨", True),
    ("国家预算支出比1956年减少百分之四", False),  # 1956 is the base of a comparison
    ("到1962年钢产量达到一千万吨", False),  # looks forward
    ("1957年钢产量达到五百万吨", False),  # the document's own year
    ("全年粮食产量一万亿斤以上", False),  # no year at all
])
def test_pipeline_a_figure_of_an_earlier_year_is_a_report_not_a_goal(sentence, past):
    import datetime as dt

    from analyzer.extract.tasks import reports_past_year
    from analyzer.pipeline import analyze_text

    assert reports_past_year(sentence, dt.date(1957, 6, 26)) is past
    assert reports_past_year(sentence, None) is False  # no document date: no judgement
    records = analyze_text(sentence + "。", "p", date="1957-06-26").records
    assert bool(records) is not past


@pytest.mark.parametrize("folder, floors", [
    # development gold of every kind (the sentence model trains on it): floors a little under the figures
    ("policy", {"tasks": 0.96, "units": 0.92, "units+inherited": 0.92, "targets": 0.76, "deadlines": 0.92}),
    # held out, inspected after its first scoring
    ("policy-heldout", {"tasks": 0.95, "units": 0.94, "units+inherited": 0.93, "targets": 0.83, "deadlines": 0.89}),
    # held out, never inspected: regulations and replies the rules were barely grown on
    ("policy-heldout2", {"tasks": 0.87, "units": 0.48, "units+inherited": 0.42, "targets": 0.47, "deadlines": 0.70}),
])
def test_pipeline_golden_policy_sets(corpora, folder, floors):
    result, _ = evaluate_folder(corpora / folder)
    for name, floor in floors.items():
        assert result[name]["f1"] >= floor, (folder, name, result[name])


def test_pipeline_a_stage_heading_s_time_is_the_deadline_of_its_tasks():
    """三、工作安排…如下：（一）动员部署（3月底前）制定下发…。…（二）自查自纠（4月1日-5月31日)。…: each stage's time
    (the heading's bracket, typed in either width) is the deadline of the heading and of every task under it."""
    text = ("为持续优化营商环境，省厅决定开展专项整治。三、工作安排本次专项整治从2024年3月开始，到年底结束，具体安排如下："
            "（一）动员部署（3月底前）制定下发专项整治工作方案，明确工作目标。各市要召开动员部署会议。"
            "（二）自查自纠（4月1日-5月31日)各市人社局要组织所辖县开展自查自纠。" + "各地要扎实推进各项工作。" * 50)
    recs = {r.text: [d.text for d in r.deadlines] for r in analyze_text(text, "n", date="2024-03-19").records}
    assert recs["（一）动员部署（3月底前）"] == ["3月底前"]
    assert recs["各市要召开动员部署会议"] == ["3月底前"]
    assert recs["各市人社局要组织所辖县开展自查自纠"] == ["4月1日-5月31日"]
