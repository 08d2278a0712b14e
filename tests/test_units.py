"""Units: actors, annotations with roles, coordination, joint bodies, people and audiences."""
from __future__ import annotations

import pytest

from analyzer.context import shared_context
from analyzer.extract.units import actor_units, bracket_annotations, parse_labelled, responsibility_units

CTX = shared_context()
LEXICON = CTX.lexicon
is_unit_name = LEXICON.is_unit_name
split_unit_list = LEXICON.split_unit_list


@pytest.mark.parametrize("name, ok", [
    ("市发展改革委", True), ("各县（市）区", True), ("区财政局", True), ("谯城经开区管委会", True),
    ("魏武国控集团", True), ("人民银行广东省分行", True), ("各级党政主要领导", True), ("广大企业", True),
    ("联系重点项目的市级领导", True), ("全区经济运行各专班", True), ("街道办事处", True),
    ("我们", False), ("全市上下", False), ("全社会", False), ("同志们", False), ("项目单位", False),
    ("张三", False), ("杜新国", False), ("加快构建全省", False), ("2024年", False), ("全社", False),
])
def test_units_is_unit_name(name, ok):
    assert is_unit_name(name) is ok


@pytest.mark.parametrize("text, expected", [
    ("市人大、市政协", ["市人大", "市政协"]),
    ("市委、市政府督查室", ["市委、市政府督查室"]),  # one joint office
    ("市委、市政府", ["市委", "市政府"]),
    ("各地区各部门", ["各地区", "各部门"]),
    ("全市各级各部门", ["全市各级各部门"]),  # 各级 is a level, not a body
    ("区直各部门", ["区直各部门"]),
    ("省国资委等单位", ["省国资委"]),
    ("各乡镇人民政府、街道办事处", ["各乡镇人民政府", "街道办事处"]),
    ("立山经济开发区，各街道，税务局", ["立山经济开发区", "各街道", "税务局"]),
])
def test_units_split_coordinations(text, expected):
    assert [n for n, _, _ in split_unit_list(text)] == expected


@pytest.mark.parametrize("sentence, expected", [
    ("各县（市）区要真正把招商引资和项目建设放到全局工作的核心位置", ["各县（市）区"]),
    ("市人大、市政协也要积极组织人大代表和政协委员进行视察", ["市人大", "市政协"]),
    ("今天会后，市委、市政府还将成立相应的专项督导组", ["市委", "市政府"]),
    ("全市各级各部门特别是主要负责同志，要进一步强化责任担当", ["全市各级各部门", "主要负责同志"]),
    ("各级党政主要领导要把主要精力用到抓项目上，特别是联系重点项目的市级领导，要切实负起责任",
     ["各级党政主要领导", "联系重点项目的市级领导"]),
    ("中央财政加大对地方均衡性转移支付力度，省级政府要推动财力下沉", ["中央财政", "省级政府"]),
    ("稳是大局和基础，各地区各部门要多出有利于稳预期的政策", ["各地区", "各部门"]),
    ("各地区各部门制定政策要认真听取和吸纳各方面意见", ["各地区", "各部门"]),
    ("各地在征收体制改革过程中不得采取增加小微企业负担的做法", ["各地"]),
    ("尤其是对脱贫攻坚任务较重的县来说，要把脱贫攻坚作为重中之重", ["脱贫攻坚任务较重的县"]),
    # not units: pronouns, audiences, objects
    ("我们要牢固树立大局观念", []),
    ("全市上下要迅速行动起来", []),
    ("要积极帮助项目单位协调解决影响开工的难点问题", []),
    ("综合考虑发展需要和财政可持续，用好财政政策空间", []),
])
def test_units_actor_of_the_sentence(sentence, expected):
    assert [u.name for u in actor_units(sentence, 0, CTX)] == expected


def test_units_actor_offsets_point_into_the_sentence():
    s = "今天会后，市委、市政府还将成立相应的专项督导组"
    for u in actor_units(s, 100, CTX):
        assert s[u.start - 100:u.end - 100] == u.name and u.source == "actor"


@pytest.mark.parametrize("sentence, expected", [
    ("一要明确各县（市）区主导推动的责任", ["各县（市）区"]),
    ("四要明确广大企业的主体责任", ["广大企业"]),
    ("三要明确领导干部调度督查的责任", ["领导干部"]),
    ("五要明确全社会全力支持的责任", []),
])
def test_units_responsibility_of_a_point(sentence, expected):
    assert [u.name for u in responsibility_units(sentence, 0, CTX)] == expected


@pytest.mark.parametrize("line, expected", [
    ("牵头单位：市发展改革委；配合单位：市财政局、市自然资源和规划局",
     [("市发展改革委", "lead"), ("市财政局", "cooperate"), ("市自然资源和规划局", "cooperate")]),
    ("责任单位：省科技厅、工业和信息化厅按职责分工负责，各地级以上市人民政府结合实际落实",
     [("省科技厅", "responsible"), ("工业和信息化厅", "responsible"), ("各地级以上市人民政府", "responsible")]),
    ("责任单位：省政务和数据局牵头，省国资委等单位按职责分工负责",
     [("省政务和数据局", "lead"), ("省国资委", "responsible")]),
    ("责任单位：人民银行广东省分行牵头，省委金融办，广东金融监管局、中国证监会广东监管局按职责分工负责",
     [("人民银行广东省分行", "lead"), ("省委金融办", "responsible"), ("广东金融监管局", "responsible"),
      ("中国证监会广东监管局", "responsible")]),
    ("责任领导：杜新国；责任单位：区住建局", [("区住建局", "responsible")]),  # people are not units
])
def test_units_labelled_annotations(line, expected):
    units, _ = parse_labelled(line, 0, LEXICON)
    assert [(u.name, u.role) for u in units] == expected
    assert all(u.source == "annotation" and not u.inherited for u in units)


def test_units_labelled_deadline_field():
    _, deadlines = parse_labelled("牵头单位：市财政局；完成时限：2024年底前", 10, LEXICON)
    assert deadlines == [("2024年底前", 25, 32)]


@pytest.mark.parametrize("sentence, expected", [
    ("加快推进数据条例立法（牵头单位：市发展改革委；配合单位：市财政局）",
     [("市发展改革委", "lead"), ("市财政局", "cooperate")]),
    ("落实好结构性减税降费政策（国家发展改革委、财政部等按职责分工负责）",
     [("国家发展改革委", "responsible"), ("财政部", "responsible")]),
    ("由市发展改革委牵头，市财政局配合，制定实施细则", [("市发展改革委", "lead")]),
    # 〔责任单位：…〕 as some provinces bracket it
    ("给予奖励〔责任单位：省委组织部、省财政厅，雄安新区管委会〕",
     [("省委组织部", "responsible"), ("省财政厅", "responsible"), ("雄安新区管委会", "responsible")]),
])
def test_units_bracketed_and_by_annotations(sentence, expected):
    units, _ = bracket_annotations(sentence, 0, LEXICON)
    assert [(u.name, u.role) for u in units][: len(expected)] == expected


@pytest.mark.parametrize("annotation", [
    "（省教育厅、省卫生计生委、省中医药管理局负责，排在第一位的为牵头单位，其他为协助配合单位，下同）",
    "（省教育厅、省卫生计生委、省中医药管理局负责，列第一位者为牵头单位）",
])
def test_units_reading_instruction_is_no_unit_and_sets_the_roles(annotation):
    """排在第一位的为牵头单位: the first body listed leads, the others cooperate; the instruction is no unit."""
    units, _ = bracket_annotations(annotation, 0, LEXICON)
    assert [(u.name, u.role) for u in units] == [
        ("省教育厅", "lead"), ("省卫生计生委", "cooperate"), ("省中医药管理局", "cooperate")]


def test_units_reading_instruction_reaches_the_lists_after_it():
    from analyzer.pipeline import analyze_text

    text = ("（一）深化院校全科医学教育改革。高等学校要开设全科医学课程。（省教育厅、省卫生计生委负责，"
            "排在第一位的为牵头单位，其他为协助配合单位，下同）推进人才培养方案与培训标准衔接。"
            "（省卫生计生委、省教育厅、省财政厅负责）\n")
    recs = {r.text: [(u.name, u.role) for u in r.units] for r in analyze_text(text, "g", date="2018-01-01").records}
    assert recs["高等学校要开设全科医学课程"] == [("省教育厅", "lead"), ("省卫生计生委", "cooperate")]
    # an annotation in the middle of an item names units for the sentences back to the previous one
    assert recs["推进人才培养方案与培训标准衔接"] == [
        ("省卫生计生委", "lead"), ("省教育厅", "cooperate"), ("省财政厅", "cooperate")]


@pytest.mark.parametrize("name", ["县民政局", "市民政局", "区教育局"])
def test_units_bureaus_are_units(name):
    assert is_unit_name(name)


@pytest.mark.parametrize("name", ["稳是大局", "农村中小学布局", "让广大干部", "使企业", "我国正处", "赋予用人单位"])
def test_units_verb_led_and_abstract_names_are_not_units(name):
    assert not is_unit_name(name)


def test_units_by_lead_with_cooperating_units():
    units, _ = bracket_annotations("由市发展改革委牵头，市财政局、市税务局配合，制定实施细则", 0, LEXICON)
    assert [(u.name, u.role) for u in units] == [
        ("市发展改革委", "lead"), ("市财政局", "cooperate"), ("市税务局", "cooperate")]


def test_units_brackets_inside_a_name_do_not_split_it():
    assert [n for n, _, _ in split_unit_list("各县（市、区）人民政府、市政府各部门")] == [
        "各县（市、区）人民政府", "市政府各部门"]


@pytest.mark.parametrize("sentence, expected", [
    ("市自然资源和规划局要会同市工业和信息化局推行工业用地标准地出让",
     [("市自然资源和规划局", "responsible"), ("市工业和信息化局", "cooperate")]),
    ("市委宣传部要会同市直有关部门，充分利用报刊开展宣传", [("市委宣传部", "responsible"), ("市直有关部门", "cooperate")]),
    ("要协调解决影响开工的难点问题", []),
])
def test_units_partners_cooperate(sentence, expected):
    assert [(u.name, u.role) for u in actor_units(sentence, 0, CTX)] == expected


@pytest.mark.parametrize("name", ["各乡镇（街道）", "各级财政", "金融系统", "县直各部门", "企业"])
def test_units_more_bodies(name):
    assert is_unit_name(name)


@pytest.mark.parametrize("sentence, expected", [
    ("一要压实各乡镇（街道）的属地责任", ["各乡镇（街道）"]),
    ("二要压实县直各部门的服务保障责任", ["县直各部门"]),
])
def test_units_responsibility_verbs(sentence, expected):
    assert [u.name for u in responsibility_units(sentence, 0, CTX)] == expected


def test_units_appeal_with_bracketed_names():
    assert [u.name for u in actor_units("我完全同意，请各乡镇（街道）、各部门结合实际抓好落实", 0, CTX)] == ["各乡镇（街道）", "各部门"]


@pytest.mark.parametrize("sentence, expected", [
    ("一、市发展改革委要在年内完成重大项目库的全面更新", ["市发展改革委"]),
    ("（二）市财政局要在6月底前拨付首批产业引导资金", ["市财政局"]),
    ("3.各县（市）区要在年底前完成闲置土地清理处置", ["各县（市）区"]),
    ("①市商务局要确保首季外贸进出口实现开门红", ["市商务局"]),
])
def test_units_list_marker_is_not_part_of_the_subject(sentence, expected):
    found = actor_units(sentence, 100, CTX)
    assert [u.name for u in found] == expected
    assert all(sentence[u.start - 100:u.end - 100] == u.name for u in found)


def test_units_the_bearer_of_a_regulation_duty_is_its_unit():
    """In a regulation the subject of 应当/不得/负责/依法对… bears the duty, whatever it is called; a thing
    (经费) or everyone (任何单位和个人) is no bearer; the article number is no part of the name."""
    from dataclasses import replace

    from analyzer.context import shared_context

    ctx = replace(shared_context(), kind="regulation")
    names = lambda s: [u.name for u in actor_units(s, 0, ctx)]  # noqa: E731
    assert names("第十七条评审专家对申请的基金资助项目，应当从项目的科学价值进行评审") == ["评审专家"]
    assert names("第四条省人民政府科学技术行政部门主管本省的自然科学基金工作") == ["省人民政府科学技术行政部门"]
    assert names("基金资助项目经费必须按规定用途使用") == []
    assert names("任何单位和个人不得擅自改变终身教育捐赠财产的用途") == []
    # elsewhere only named bodies are units
    assert [u.name for u in actor_units("评审专家应当公正评审", 0, shared_context())] == []


def test_units_a_reply_s_addressee_carries_out_its_points():
    from analyzer.pipeline import analyze_text

    text = ("国务院关于河北雄安新区总体规划的批复\n河北省人民政府、国家发展改革委：\n"
            "你们关于报送总体规划的请示收悉。现批复如下：\n二、紧扣雄安新区战略定位，建设绿色生态宜居新城区。\n")
    recs = analyze_text(text, "r", date="2018-12-25").records
    rec = next(r for r in recs if r.text.startswith("二、"))
    assert [(u.name, u.inherited) for u in rec.units] == [("河北省人民政府", True), ("国家发展改革委", True)]
