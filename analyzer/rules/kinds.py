"""Document kinds, as the title names them (公文 usage), with the forms that tell a kind without a title.

    report      政府工作报告 / …工作报告 / …情况的汇报 / 在中国共产党第…次全国代表大会上的报告
    resolution  关于政府工作报告的决议
    speech      在…会议上的讲话 (and a text that opens with 同志们)
    plan        实施方案 / 规划 / 行动计划 / 工作要点 / 纲要 / 预案
    measures    若干措施 / …条措施 / 若干政策 / 举措
    opinion     实施意见 / 指导意见 / 若干意见
    notice      通知 / 通报 / 通告 / 公告 / 函
    regulation  条例 / 办法 / 规定 / 细则 / 规则 / 准则
    reply       批复 / 复函
    table       任务分工方案 / 任务分解表 — or any document whose tasks are mostly table rows
    other       anything else
"""
from __future__ import annotations

import re

KINDS = ("report", "resolution", "speech", "plan", "measures", "opinion", "notice", "regulation", "reply", "table",
         "other")

# 印发/转发/批转《X》的通知 carries the kind of X (关于印发…实施方案的通知 is a plan)
CARRIER = re.compile(r"(?:印发|转发|批转|颁布|发布)[《〈<]?(?P<inner>.+?)[》〉>]?(?:等\d+个\w{1,4})?"
                     r"(?:的(?:紧急)?(?:通知|函))?$")
# Title endings → kind, the most specific first (a trailing （试行）/（草案）/（2023—2025年） is ignored)
TITLE_KINDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?:任务分工|责任分工|任务分解|分工方案|分解表|任务清单|责任清单)"), "table"),
    (re.compile(r"决议$"), "resolution"),
    (re.compile(r"讲话(?:稿)?$|致辞$|发言$"), "speech"),
    (re.compile(r"(?:政府|工作)报告$|报告$|汇报$|情况$"), "report"),
    (re.compile(r"(?:措施|举措|若干政策|政策措施)$"), "measures"),
    (re.compile(r"意见$"), "opinion"),
    (re.compile(r"(?:方案|规划|计划|纲要|要点|预案|规划纲要)$"), "plan"),
    (re.compile(r"(?:条例|办法|规定|细则|规则|规程|准则|指引|章程|目录|修正案)$"
                r"|(?:修改|废止)[^，。]{0,40}(?:条例|办法|规定)[》〉]?的决定$"), "regulation"),
    (re.compile(r"(?:批复|复函|答复)$"), "reply"),
    (re.compile(r"(?:通知|通报|通告|公告|函)$"), "notice"),
)
TRAILING_BRACKETS = re.compile(r"(?:[（(][^（）()]*[）)])+$")
# A speech opens with a form of address; a party congress report is a report
OPENS_AS_SPEECH = re.compile(r"^\s*(?:同志们|各位代表|各位委员)[：:，,！!]", re.M)
# Titles of work reports and congress reports delivered as speeches
RESOLUTION_TITLE = re.compile(r"决议$")
REPORT_TITLE = re.compile(r"政府工作报告|代表大会上的(?:政治)?报告")
# A title a list page cut short: 河北省教育厅关于做好…工作的通...
CUT_SHORT = re.compile(r"(?:\.{2,}|…+)$")
# Without a title, the formula that states a document's purpose names its kind (公文 usage):
# …，制定如下措施 / …，现提出以下意见 / …，制定本方案 / 现将有关事项通知如下; a regulation's first article
# (第一条 为…，制定本办法) or its first chapter (第一章 总则)
PURPOSE_FORMULAS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"第一条[^。]{0,200}?制定本(?:办法|条例|规定|细则|规则|实施细则|实施办法)|第一章\s*总\s*则"), "regulation"),
    (re.compile(r"制定(?:如下|以下|本)?(?:若干)?(?:政策)?措施|(?:出台|提出)(?:如下|以下)(?:政策)?措施"), "measures"),
    (re.compile(r"(?:现|特)?(?:提出|制定)(?:如下|以下|本)?(?:实施|指导)?意见"), "opinion"),
    (re.compile(r"制定本(?:实施|工作|行动)?(?:方案|规划|计划)|特制定(?:本|如下)?(?:实施|工作)?方案"), "plan"),
    (re.compile(r"(?:有关事项|有关工作|具体事项)?通知如下"), "notice"),
)

# --- scope: whose document it is (national or regional) ------------------------------------------
# National bodies in a title or its issuer: 国务院 / 中共中央 / 全国人民代表大会 / 中华人民共和国 / 国家…局;
# regional ones: a province, city, county or district government or party committee (北京市政府工作报告,
# 四川省人民政府, …自治区…, 在全市…大会上的讲话). Catalogue names follow the scope: 国内生产总值增长 in
# national documents, 地区生产总值增长 in regional ones.
NATIONAL_TITLE = re.compile(r"国务院|中共中央|中央委员会|全国人民代表大会|全国人大|中华人民共和国|^国家|中央经济工作会议"
                            r"|全国代表大会")
REGIONAL_TITLE = re.compile(r"(?:省|市|自治区|自治州|县|区|州|盟|旗)(?:人民)?(?:政府|委员会|人大|党委|委|政协)"
                            r"|(?:省|市|自治区|县|区)政府工作报告|在全(?:省|市|区|县|州)|自治区|(?:省|市)(?:委|政府)")
# Without a telling title, the opening lines name the speaker or the body reporting:
# 我代表国务院向大会作政府工作报告 / 国务院总理 李克强 / 我代表省人民政府 / 2026年河南省政府工作报告 /
# 在河南省第十四届人民代表大会第四次会议上 / 自治区主席 艾尔肯·吐尼亚孜.
NATIONAL_OPENING = re.compile(r"代表国务院|国务院总理|在第[一二三四五六七八九十]+届全国人民代表大会")
REGIONAL_OPENING = re.compile(r"代表(?:省|市|自治区|州|盟|县|区|旗)人民政府|(?:省|市|自治区|州|县|区)(?:人民)?政府工作报告"
                              r"|(?:省|市|自治区|州|县|区)第[一二三四五六七八九十]+届人民代表大会|自治区主席|(?:省|市|州|县|区)长\s")
