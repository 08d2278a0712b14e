"""Layout: paragraphs restored in run-on text, line breaks a page's layout put inside a sentence joined."""
from __future__ import annotations

from analyzer.layout import restore_paragraphs
from analyzer.normalize import normalize

RUN_ON = ("冀政办字〔2023〕122号各市（含定州、辛集市）人民政府，雄安新区管委会，省政府有关部门："
          "《河北省支持钢铁行业创新发展的若干措施》已经省政府同意，现印发给你们，请结合本地本部门实际，认真贯彻执行。"
          "河北省人民政府办公厅2023年10月7日为加快钢铁企业创新能力建设，制定如下措施。"
          "一、强化企业创新主体地位（一）支持企业建设研发机构。对新认定的国家级企业技术中心，给予一次性奖励。"
          "（责任单位：省工业和信息化厅）（二）加大研发投入。鼓励企业提高研发投入强度。" + "落实研发费用加计扣除政策。" * 50)


def test_layout_run_on_text_gets_its_paragraphs_back():
    lines = restore_paragraphs(RUN_ON).text.split("\n")
    assert lines[0] == "冀政办字〔2023〕122号"
    assert lines[1] == "各市（含定州、辛集市）人民政府，雄安新区管委会，省政府有关部门："
    assert lines[3] == "河北省人民政府办公厅2023年10月7日"
    assert lines[4].startswith("为加快钢铁企业创新能力建设")
    assert lines[5] == "一、强化企业创新主体地位"  # a part's title glued to its first item
    assert lines[6].startswith("（一）支持企业建设研发机构。")
    assert lines[7].startswith("（二）加大研发投入。")  # after the item's closing annotation


def test_layout_restored_paragraphs_keep_offsets():
    edited = normalize(RUN_ON)
    at = edited.text.index("（二）加大研发投入")
    assert RUN_ON[edited.offsets(at):].startswith("（二）加大研发投入")


def test_layout_standard_section_titles_come_apart_from_their_text():
    text = "为推进工作，制定本方案。一、总体要求坚持以习近平新时代中国特色社会主义思想为指导。" + "推进各项工作。" * 90
    assert restore_paragraphs(text).text.split("\n")[1] == "一、总体要求"


def test_layout_indentation_inside_a_line_is_a_paragraph_break():
    text = "国科发农〔2020〕192号　　《意见》已经审议通过，现印发给你们。　　科技部"
    assert restore_paragraphs(text).text.split("\n") == ["国科发农〔2020〕192号", "　　《意见》已经审议通过，现印发给你们。",
                                                         "　　科技部"]


def test_layout_a_long_paragraph_of_a_report_is_no_run_on_text():
    para = "过去一年，我们做了大量工作，计有以下四类：（一）一类工作；（二）二类工作。" + "各项工作稳步推进。" * 10
    assert restore_paragraphs(para).text == para  # shorter than a run-on line, and headings after ：/； stay


def test_layout_a_heading_glued_to_a_sentence_about_a_distributive_body_comes_apart():
    text = ("二、主要措施（一）开展风险摸排各级协调劳动关系三方机制全面梳理排查欠薪风险隐患。（7月中旬前）"
            "（二）充分发挥各级党组织作用。四、科学组织评议考核各级人力资源社会保障部门要建立健全内部评议考核机制。"
            + "推进各项工作。" * 90)
    lines = restore_paragraphs(text).text.split("\n")
    assert "（一）开展风险摸排" in lines and "四、科学组织评议考核" in lines
    # 发挥 wants its object: no break inside （二）充分发挥各级党组织作用
    assert any(line.startswith("（二）充分发挥各级党组织作用") for line in lines)


def test_layout_a_chapter_title_glued_to_its_first_article_comes_apart():
    text = "第一条为规范管理，制定本办法。\n第二章发展规划与年度基金项目指南第六条基金管理机构应当编制发展规划。\n"
    assert restore_paragraphs(text).text.split("\n")[1:3] == ["第二章发展规划与年度基金项目指南",
                                                              "第六条基金管理机构应当编制发展规划。"]
