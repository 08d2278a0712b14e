"""Structure: headings and their levels, points, sentences, items and their annotations."""
from __future__ import annotations

import pytest

from analyzer.lines import heading_level
from analyzer.normalize import normalize
from analyzer.structure import parse, split_sentences


@pytest.mark.parametrize("line, level", [
    ("第一章 总则", 1),
    ("一、要抓牢项目引进和建设这一总抓手", 2),
    ("（一）大力推进现代化产业体系建设", 3),
    ("(二)深化改革", 3),
    ("1. 实施关键核心技术攻关", 4),
    ("2、推进产业协同创新", 4),
    ("3．完善数据要素制度体系", 4),
    ("（1）加强监测", 5),
    ("①建立台账", 6),
    ("1.3万亿斤以上", 0),  # a decimal, not an item
    ("2024年底前完成", 0),
    ("要突出围绕建设现代化经济体系谋划实施项目。", 0),
])
def test_structure_heading_levels(line, level):
    assert heading_level(line) == level


@pytest.mark.parametrize("text, expected", [
    ("要加快发展。必须把着力点放在实体经济上！争取再上一批好项目？",
     ["要加快发展", "必须把着力点放在实体经济上", "争取再上一批好项目"]),
    ("国内生产总值增长5%左右；城镇新增就业1200万人以上。", ["国内生产总值增长5%左右", "城镇新增就业1200万人以上"]),
    # no split inside brackets or book titles
    ("完善监管规则（牵头单位：市发展改革委；配合单位：市财政局）。", ["完善监管规则（牵头单位：市发展改革委；配合单位：市财政局）"]),
    ("印发《关于加快发展的意见。试行》", ["印发《关于加快发展的意见。试行》"]),
    # closing quotes stay with their sentence; a paragraph end closes a sentence
    ("倡导“最多跑一次。”推动工作", ["倡导“最多跑一次", "推动工作"]),
])
def test_structure_splits_sentences(text, expected):
    assert [text[s:e] for s, e, _ in split_sentences(text, 0, len(text))] == expected


SPEECH = """三、要层层压实服务保障推进项目的责任体系。我们抓项目，首先要把工作责任落实到位。一要明确各县（市）区主导推动的责任。各县（市）区要真正把项目建设放到核心位置。对于2024年度194个新开工项目，要积极帮助项目单位协调解决难点问题。二要明确各部门服务保障的责任。下一步，我们要积极发挥协调职能。
四、要持续强力抓好推进工作机制的落实。一要持续完善工作推进机制。"""


def test_structure_sections_and_points():
    st = parse(normalize(SPEECH).text)
    by_text = {s.text: s for s in st.sentences}
    h = by_text["三、要层层压实服务保障推进项目的责任体系"]
    assert h.is_heading and h.heading_level == 2
    s = by_text["对于2024年度194个新开工项目，要积极帮助项目单位协调解决难点问题"]
    assert s.section == ("三、要层层压实服务保障推进项目的责任体系",)
    assert s.point == "一要"
    assert by_text["下一步，我们要积极发挥协调职能"].point == "二要"
    # a new heading closes the point
    assert by_text["一要持续完善工作推进机制"].section == ("四、要持续强力抓好推进工作机制的落实",)
    assert by_text["一要持续完善工作推进机制"].point == "一要"
    assert by_text["我们抓项目，首先要把工作责任落实到位"].point is None


PLAN = """打造数字技术创新高地
1. 实施关键核心技术攻关
优化协同管理机制。支持建设概念验证中心。
责任单位：省科技厅、工业和信息化厅按职责分工负责
2. 推进产业协同创新
持续完善制造业协同创新体系。
责任单位：省工业和信息化厅牵头
"""


def test_structure_labelled_lines_attach_to_their_item():
    st = parse(normalize(PLAN).text)
    items = {s.text: s.item for s in st.sentences}
    assert items["1.实施关键核心技术攻关"] == items["优化协同管理机制"] == items["支持建设概念验证中心"]
    assert items["2.推进产业协同创新"] == items["持续完善制造业协同创新体系"]
    assert [a.item for a in st.annotations] == [items["优化协同管理机制"], items["持续完善制造业协同创新体系"]]
    assert st.sentences[0].text == "打造数字技术创新高地" and st.sentences[0].is_heading
    assert st.sentences[1].section == ("打造数字技术创新高地",)


def test_structure_notice_addressees():
    text = "关于印发方案的通知\n\n立山经济开发区,各街道办事处,各区直部门:\n\n现将方案印发给你们,请认真贯彻落实。\n"
    st = parse(normalize(text).text)
    assert [a[0] for a in st.addressees] == ["立山经济开发区，各街道办事处，各区直部门："]


def test_structure_dash_items_continue_a_list_of_goals():
    """After 目标是：——…, each following —— paragraph is one more goal (verbless goals
    are tasks there); a dash list that follows an ordinary paragraph is not — by the rules
    (the sentence model may take a verbless dash line for a goal anywhere: it is asked
    where the rules find no directive)."""
    from analyzer.context import shared_context
    from analyzer.pipeline import analyze_text

    text = ("今后五年的主要目标是：——城乡居民收入稳步增长，社会保障体系更加健全。\n"
            "——生态环境明显改善，主要污染物排放总量显著减少。\n"
            "——公共服务水平全面提升。\n"
            "这几年的变化很大。\n"
            "——城乡面貌焕然一新。\n")
    tasks = [r.text for r in analyze_text(text, "g", date="2021-03-05", context=shared_context(rules_only=True)).records]
    assert tasks == ["今后五年的主要目标是：——城乡居民收入稳步增长，社会保障体系更加健全",
                     "——生态环境明显改善，主要污染物排放总量显著减少", "——公共服务水平全面提升"]


def test_structure_a_title_block_without_its_occasion_and_speaker():
    from analyzer.structure import parse

    text = ("政府工作报告\n\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n\n国务院总理　李　强\n\n"
            "各位代表：\n\n现在，我代表国务院，向大会报告政府工作。\n")
    assert parse(text).title == "政府工作报告"
    speech = "在全市项目建设推进会议上的讲话\n王战营\n（2024年2月23日）\n同志们：\n今天召开会议，主要任务是部署工作。\n"
    assert parse(speech).title == "在全市项目建设推进会议上的讲话"


@pytest.mark.parametrize("text, title", [
    # a web page's tools above the title (下载 打印 全屏 收藏 【字号：加大 还原 减小】) are no part of it
    ("下载\n打印\n全屏\n收藏\n【字号：\n加大\n还原\n减小\n】\n2026年北京市政府工作报告\n"
     "——2026年1月25日在北京市第十六届人民代表大会第四次会议上\n来源：北京日报\n各位代表：\n现在，我代表市政府报告工作。\n",
     "2026年北京市政府工作报告"),
    # a red header's issuer line and the file number stand apart from the title
    ("嵩泽市人民政府文件\n\n嵩政发〔2025〕6号\n\n嵩泽市人民政府关于印发《嵩泽市2025年营商环境优化提升实施方案》的通知\n\n"
     "各县（市、区）人民政府，市政府各部门：\n现将方案印发给你们，请认真贯彻执行。\n",
     "嵩泽市人民政府关于印发《嵩泽市2025年营商环境优化提升实施方案》的通知"),
    # a title line may hold enumeration commas and quotes; a line that only ends in 文件 is still title
    ("国务院关于在市场监管领域全面推行\n部门联合“双随机、一公开”监管的意见\n国发〔2019〕5号\n"
     "各省、自治区、直辖市人民政府：\n在市场监管领域全面推行监管是重大决策部署。\n",
     "国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见"),
    ("国务院办公厅关于全面推行行政规范性文件\n合法性审核机制的指导意见\n国办发〔2018〕115号\n各省人民政府：\n正文如下。\n",
     "国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见"),
    # a notice's title is whole at its genre (…的通知); the attached document's title after it is not more of it
    ("河北省科学技术厅\n关于印发《河北省创新调查制度实施细则（试行）》的通知\n河北省创新调查制度实施细则（试行）\n"
     "各市科技局：\n现印发给你们，请遵照执行。\n",
     "河北省科学技术厅关于印发《河北省创新调查制度实施细则（试行）》的通知"),
    # an order's number is no title (中华人民共和国国务院令 / 第707号), nor a speaker with two offices
    ("中华人民共和国国务院令\n第707号\n现公布修订后的条例，自2019年1月1日起施行。\n", ""),
    ("在全市重点项目建设推进会上的讲话\n市委副书记、市长陈立群\n（2024年3月12日）\n同志们：\n今天开会。\n",
     "在全市重点项目建设推进会上的讲话"),
])
def test_structure_title_blocks_of_many_kinds(text, title):
    from analyzer.structure import parse

    assert parse(text).title == title


def test_structure_a_paragraph_glued_to_its_file_number_is_body_not_frame():
    """A scrape that glued the body to the file number (国办发〔2016〕53号在全面实施…) keeps the body."""
    from analyzer.structure import parse

    st = parse("国办发〔2016〕53号在全面实施改革的基础上，各地区要在年底前完成登记制度改革。\n")
    assert any("年底前完成登记制度改革" in s.text for s in st.sentences)


def test_structure_a_paragraph_of_address_closes_the_numbered_item():
    """各位代表！ after the last task item: what follows (the army, Hong Kong) stands under the part alone."""
    from analyzer.structure import parse

    text = ("三、2024年政府工作任务\n（十）切实保障和改善民生\n加强社会治理。\n各位代表！\n"
            "我们要继续全面准确贯彻“一国两制”方针。\n")
    st = parse(text)
    last = st.sentences[-1]
    assert last.text.startswith("我们要继续") and last.section == ("三、2024年政府工作任务",)


@pytest.mark.parametrize("heading", ["一、2025年主要工作和“十四五”发展成就", "一、一年接着一年干，新福建建设持续取得新进展新成效",
                                     "一、2025年工作回顾"])
def test_structure_review_parts_named_by_their_results(heading):
    """Under a review part only a modal makes a task: 成功举办…大赛 there reports what was done."""
    from analyzer.context import shared_context
    from analyzer.pipeline import analyze_text

    text = f"{heading}\n（一）着力推动科技创新\n成功举办第三届全国博士后创新创业大赛。\n"
    assert "成功举办第三届全国博士后创新创业大赛" not in [r.text for r in analyze_text(text, "p", date="2026-01-20").records]
    assert shared_context()  # the shipped model is asked too (it is not, under a review part)
