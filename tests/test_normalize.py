"""Normalising: each step, and offsets that always lead back to the source text."""
from __future__ import annotations

import unicodedata

import pytest

from analyzer.layout import join_layout_lines
from analyzer.normalize import drop_invisible, drop_web_preview, normalize, unify_spaces, unify_width
from analyzer.offsets import OffsetMap


@pytest.mark.parametrize("source, expected", [
    ("市委\u200b、市政府\ufeff督查室", "市委、市政府督查室"),
    ("年\u00ad底前", "年底前"),
])
def test_normalize_drops_invisible_characters(source, expected):
    assert drop_invisible(source).text == expected


@pytest.mark.parametrize("source, expected", [
    ("一、\u3000要抓牢", "一、 要抓牢"),
    ("增长\u00a05%", "增长 5%"),
    ("a\tb", "a b"),
])
def test_normalize_unifies_spaces(source, expected):
    assert unify_spaces(source).text == expected


@pytest.mark.parametrize("source, expected", [
    ("２０２４年", "2024年"),
    ("增长５％左右", "增长5%左右"),
    ("牵头单位:区发改局", "牵头单位：区发改局"),
    ("立山经济开发区,各街道", "立山经济开发区，各街道"),
    ("各县(市)区", "各县（市）区"),
    ("增长5.5%左右", "增长5.5%左右"),  # decimals untouched
    ("http://www.gov.cn", "http://www.gov.cn"),
])
def test_normalize_unifies_width(source, expected):
    assert unify_width(source).text == expected


def test_normalize_removes_web_preview_line():
    text = ("在2024年全市招商引资和项目建设第一次推进会议上的讲话（2024年2月23日）王战营春节过后...\n"
            "在2024年全市招商引资和项目建设\n第一次推进会议上的讲话\n（2024年2月23日）\n王战营\n春节过后一上班，……")
    out = drop_web_preview(text).text
    assert out.startswith("在2024年全市招商引资和项目建设\n")
    # a first line that ends in … but repeats nothing stays
    other = "关于印发方案的通知…\n各县（市）区要抓紧落实。"
    assert drop_web_preview(other).text == other


@pytest.mark.parametrize("source, expected", [
    # a layout break inside a sentence is dropped
    ("同时，要切忌方案、工作\n“两张皮”。", "同时，要切忌方案、工作“两张皮”。"),
    ("打造市域千亿级优势产业集群品牌。要\n积极发展电子商务。", "打造市域千亿级优势产业集群品牌。要积极发展电子商务。"),
    # a break after a sentence end, before a heading or a labelled line stays
    ("加快发展。\n二、要以项目论成败", "加快发展。\n二、要以项目论成败"),
    ("优化实施一批项目\n1. 推进产业协同创新", "优化实施一批项目\n1. 推进产业协同创新"),
    ("加快重大项目投产达产\n责任单位：省科技厅", "加快重大项目投产达产\n责任单位：省科技厅"),
    # title-like lines are not glued together
    ("加快培育数字化发展引擎\n打造数字技术创新高地", "加快培育数字化发展引擎\n打造数字技术创新高地"),
])
def test_normalize_joins_layout_line_breaks(source, expected):
    assert join_layout_lines(source).text == expected


def test_normalize_keeps_task_table_lines_apart():
    table = "序号 重点工作任务 主要责任单位 协同配合单位\n2 一般公共预算收入增长5%左右。 区财政局\n区税务局\n区政府有关部门"
    assert join_layout_lines(table).text == table


def test_normalize_offsets_lead_back_to_the_source():
    source = ("预览行开头重复的内容比较长很长很长...\n预览行开头重复的内容比较长很长很长，\r\n"
              "各县\u200b(市)区要在２０２４年底前\r\n完成\u3000任务。\r\n责任单位:市发展改革委")
    edited = normalize(source)
    text, om = edited.text, edited.offsets
    assert "各县（市）区要在2024年底前完成 任务。" in text
    # every character is found at its mapped offset, or is the normal form of what is there
    for i, ch in enumerate(text):
        was = source[om(i)]
        assert was == ch or unicodedata.normalize("NFKC", was) == unicodedata.normalize("NFKC", ch) \
            or (was, ch) in {("\r", "\n"), ("\u3000", " ")}, (i, ch, was)
    k = text.index("责任单位")
    assert source[om(k):om(k) + 4] == "责任单位"
    k = text.index("完成")
    assert source[om(k):om(k) + 2] == "完成"


def test_normalize_offset_maps_compose():
    a = OffsetMap([0, 2, 2], [0, 2, 5])  # deleted source [2, 5)
    b = OffsetMap([0, 1, 1], [0, 1, 2])  # then deleted [1, 2) of that
    c = a.then(b)
    assert [c(i) for i in range(4)] == [a(b(i)) for i in range(4)]


@pytest.mark.parametrize("source, expected", [
    # a colon lead-in continues on the next paragraph, across blank lines
    ("今年经济社会发展的主要预期目标是：\n\n\n  国内生产总值增长8%左右；城镇新增就业900万人以上。",
     "今年经济社会发展的主要预期目标是：国内生产总值增长8%左右；城镇新增就业900万人以上。"),
    # …and into a list item that completes it
    ("今年价格改革的主要内容是：\n一、合理调整农村粮食购销价格和棉花收购价格并实行合同定购；\n二、放开价格。",
     "今年价格改革的主要内容是：一、合理调整农村粮食购销价格和棉花收购价格并实行合同定购；\n二、放开价格。"),
    # but not into the points of a speech, nor after a notice's addressees
    ("我再强调几点意见：\n一、要抓牢项目引进和建设这一总抓手，推动商丘高质量发展。心中有大局。",
     "我再强调几点意见：\n一、要抓牢项目引进和建设这一总抓手，推动商丘高质量发展。心中有大局。"),
    ("立山经济开发区,各街道办事处,各区直部门:\n\n经区政府同意,现将方案印发给你们。",
     "立山经济开发区,各街道办事处,各区直部门:\n\n经区政府同意,现将方案印发给你们。"),
])
def test_normalize_joins_colon_lead_ins(source, expected):
    assert join_layout_lines(source).text == expected


def test_normalize_a_line_ending_in_a_function_word_is_no_title():
    assert join_layout_lines("关于\n价格体系的改革，要稳步推进。").text == "关于价格体系的改革，要稳步推进。"


def test_normalize_offset_map_forward_inverts_it():
    source = "各县\u200b（市）区\r\n要在２０２４年底前\n完成任务。"
    edited = normalize(source)
    om = edited.offsets
    for i in range(len(edited.text)):
        assert om.forward(om(i)) == i


def test_normalize_keeps_reader_tables_apart():
    text = "说明文字\n序号\t重点任务\t牵头单位\n1\t建设保障房\t市住建局\n"
    start = text.index("序号")
    out = normalize(text, keep=[(start, len(text) - 1)]).text
    assert out.split("\n")[1:3] == ["序号 重点任务 牵头单位", "1 建设保障房 市住建局"]


@pytest.mark.parametrize("raw, expected", [
    # a line of nothing but a zero-width space where a page broke a paragraph
    ("要全面深化各领域改\n\u200b\n革，加快推进基础性改革。\n", "要全面深化各领域改革，加快推进基础性改革。\n"),
    # a line cannot open with 、 or ，: it carries on the line before
    ("新增就业1200万人。\n城市轨道交通\n、地下综合管廊建设加快。\n", "新增就业1200万人。\n城市轨道交通、地下综合管廊建设加快。\n"),
    # but a numbered item is not an orphan character
    ("（2024年2月23日）\n一、项目建设\n市发展改革委要完成更新。\n", "（2024年2月23日）\n一、项目建设\n市发展改革委要完成更新。\n"),
])
def test_normalize_layout_breaks_inside_words(raw, expected):
    assert normalize(raw).text == expected


BODY = "过去一年，我国发展面临国内外诸多矛盾叠加、风险隐患交汇的严峻挑战，全国各族人民迎难而上，砥砺前行。\n"


@pytest.mark.parametrize("raw, expected", [
    (BODY + "党的十八届六中全会\n正式明确\n习近平\n总书记的核心地位，体现了党和人民的根本利益。\n",
     BODY + "党的十八届六中全会正式明确习近平总书记的核心地位，体现了党和人民的根本利益。\n"),
    (BODY + "\n——\n改革开放\n深入推进。重要领域改革取得突破。\n", BODY + "\n——改革开放深入推进。重要领域改革取得突破。\n"),
    # a title block at the top is left alone, and so is a signature at the end
    ("在全市推进会议上的讲话\n王战营\n同志们，今天召开会议。\n", "在全市推进会议上的讲话\n王战营\n同志们，今天召开会议。\n"),
    (BODY + "商丘市人民政府\n2024年2月23日\n", BODY + "商丘市人民政府\n2024年2月23日\n"),
])
def test_normalize_rejoins_sentences_a_web_page_broke_at_links(raw, expected):
    assert normalize(raw).text == expected


@pytest.mark.parametrize("source, expected", [
    ("# 一、总体要求\n## (一)主要目标", "一、总体要求\n（一）主要目标"),
    ("比重达到$36\\%$以上", "比重达到36%以上"),
    ("增长$1 0 \\%$", "增长10%"),
    ("**重点任务**：建设平台", "重点任务：建设平台"),
    ("粮食产量达到4 9 2 5 0 万吨，增长1 0 ％，下降8 ％", "粮食产量达到49250万吨，增长10%，下降8%"),
    ("1 建设平台 2 完善制度", "1 建设平台 2 完善制度"),  # a table row's numbers stay apart
])
def test_normalize_converter_markup_and_spaced_digits(source, expected):
    edited = normalize(source)
    assert edited.text == expected
    for i, ch in enumerate(edited.text):  # every digit still maps back into the figure it came from
        if ch.isdigit():
            assert source[edited.offsets(i)] in "0123456789０１２３４５６７８９$ "
