"""Sentences, lines and the frame of a document: where sentences end, which lines are fragments or frame.

Vocabulary only (patterns and character sets, each with examples); the logic that uses them is in
`lines.py`, `layout.py` and `structure.py`.
"""
from __future__ import annotations

import re

# Marks that end a sentence (spec §1: 。！？ end a sentence, ；ends a clause-task).
SENTENCE_END = "。！？；!?;"
# A line that ends with one of these (optionally followed by closing quotes or
# brackets) ends a sentence, so a line break after it is a paragraph break.
# "…总抓手。" / "…表示衷心的感谢！" / "…”。" / "…：" (a lead-in to a list); a bracketed note
# after the sentence ends it too: "…予以资金补助。（责任单位：省财政厅、河北证监局）"
LINE_ENDS_SENTENCE = re.compile(r"[。！？；!?;…]\s*[”’」』）)]*\s*(?:（[^（）\n]{1,300}）\s*)?$")
# A paragraph that ends in a colon introduces what follows (…主要预期目标是：), even
# across blank lines — unless a heading follows (我再强调几点意见：/ 一、…).
LINE_ENDS_COLON = re.compile(r"[：:]\s*$")

# Closing quotes/brackets that belong to the sentence before the break.
CLOSERS = "”’」』）)》"
# A paragraph that is an item of a dash list (——社会主义民主更加完善…)
DASH_ITEM = re.compile(r"^(?:——|—|－－|--)")
# A line ending in a function word is a fragment the layout cut, not a title (关于 / 价格体系的改革…)
FRAGMENT_END = re.compile(r"(?:关于|对于|在|和|与|的|把|将|为|对|按照|根据|通过|以及|及|由|向|从)\s*$"
                          r"|^\s*(?:[一二三四五六七八九十]+(?:是|要)|第[一二三四五六七八九十]+[，,、]?|首先|其次)\s*$")
# A numbered line this long with a clause mark in it is prose cut at the page's margin, not a heading: policy
# headings are short (（一）坚持稳中求进，推动高质量发展: 16 characters), a page's line of 五号 text holds 35–45
WRAPPED_LINE_MIN_CHARS = 30
CLAUSE_PUNCT = re.compile(r"[，、,]")
# Sentences of a document's frame rather than its content: dates, signatures, file numbers.
FRAME_LINE = re.compile(
    r"^(?:\d{4}年\d{1,2}月\d{1,2}日|（?\d{4}年\d{1,2}月\d{1,2}日）?|\(此件公开发布\)|（此件公开发布）|"
    # a file number in any of its brackets (国发〔2019〕5号 / 冀科政﹝2013﹞12号 / 国科发政字［2001］253号), an order's
    # or an announcement's number (中华人民共和国国务院令 / 第707号 / 国家税务总局公告2015年第76号 / …公告（第一二六号）)
    # (the line itself: 国办发〔2016〕53号在全面实施… is a paragraph of the body that a scrape glued to it)
    r".{0,20}[〔﹝［【\[]\d{4}[〕﹞］】\]]第?\d+号[）)]?$|.{0,20}(?:政府|国务院|部|委|局|厅|署)令(?:第\d+号)?$|第\d+号$|"
    r".{0,30}公告(?:\d{4}年第\d+号|（第.{1,6}号）)$|"
    # an issuer standing alone, and a red header's issuer line (嵩泽市人民政府文件)
    r".{0,30}(?:人民政府|办公室|委员会)$|[^，。；：,;:关的]{2,30}(?:政府|委员会|办公厅|办公室|厅|局|部|委|署)(?:\s*[^，。；：,;:关的]{2,30}(?:政府|委员会|办公厅|办公室|厅|局|部|委|署))*文件$|索引号|发布机构|主题分类|组配分类|"
    # a web page's tools above the text: 下载 / 打印 / 全屏 / 收藏 / 【字号：加大 还原 减小】 / 分享到
    r"(?:下载|打印|全屏|收藏|分享|分享到|关闭|关闭窗口|打印本页|加大|还原|减小|默认|大|中|小|【|】|【?字号[：:]?.{0,12}】?)$|"
    r"文号|发文日期|发布日期|发布时间|当前位置|名称[：:]|信息来源|浏览次数|字体|"
    # contacts and a web page's footer: 联系人：… 联系电话：… / …2017年11月3日更多信息请关注官方微信
    r"联系人[：:]|联系电话|联系方式[：:]|电子邮箱[：:]|传真[：:]|更多信息请关注|"
    r".{0,30}\d{4}年\d{1,2}月\d{1,2}日(?:更多信息|（此件|\(此件|$))")

# ---------------------------------------------------------------------------
# Run-on text: documents scraped without line breaks (one line holds many paragraphs)
# ---------------------------------------------------------------------------
# A line this long is run-on text (a real paragraph of a report rarely reaches it): its paragraphs
# are restored where the text itself marks them (the marks below); shorter lines are left alone,
# except for indentation runs, which never stand inside a line of a well-kept text.
RUN_ON_MIN_CHARS = 600
# Paragraph indentation kept inside a line: …执行。　　河北省人民政府办公厅 (two ideographic spaces)
INDENT_RUN = re.compile("(?<=\\S)\u3000{2,}(?=\\S)")
# A chapter's title glued to its first article, in any text: 第二章发展规划与年度基金项目指南第六条基金管理机构应当…
# (at a paragraph or sentence start — not 按照…第三章关于…的第六条规定 inside a sentence; the title has no
# punctuation and no 第 of its own: a break goes before the article)
_CN_ORDINAL = "一二三四五六七八九十百"
CHAPTER_BEFORE_ARTICLE = re.compile(rf"(?:^|(?<=[\n。！？]))第[{_CN_ORDINAL}]{{1,4}}章\s*[^。，；：\n第]{{1,24}}?"
                                    rf"(?=第[{_CN_ORDINAL}]{{1,4}}条)")
# A numbered heading right after a sentence end: …制定如下措施。一、加强政策扶持 / …。（一）创新… /
# …。1．加强… / …。第三条 … (not 1.3万亿, a decimal)
INLINE_HEADING = re.compile(
    r"(?<=[。！？”：])(?=(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|"
    r"\d{1,2}(?:[、．]|\.(?!\d))(?=[\u4e00-\u9fff])|第[一二三四五六七八九十百]{1,4}[条章]))"
    # …（责任单位：省工业和信息化厅）（二）加大研发投入 / …）2.弘扬…: a heading after an item's
    # closing annotation
    r"|(?<=[）)])(?=[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}(?:[、．]|\.(?!\d))(?=[\u4e00-\u9fff]))")
# The standard section titles of plans, opinions and measures (公文 usage), which a run-on text glues
# to what follows: 一、总体要求坚持以… / 三、保障措施（一）强化组织领导
STANDARD_TITLE = re.compile(
    r"(?:^|(?<=[。！？）)：]))(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])"
    r"(?:总体要求|指导思想|基本原则|工作原则|主要目标|工作目标|发展目标|总体目标|目标任务|重点任务|主要任务|"
    r"工作任务|重点工作|保障措施|组织实施|组织保障|工作要求|实施步骤|进度安排|职责分工|组织领导|工作措施|"
    r"工作安排|时间安排|工作步骤|方法步骤|步骤安排|"
    r"政策措施|支持政策|适用范围|附则)(?=[^\s。，、；：）)])")
# A document number opening the text: 冀政办字〔2023〕122号各市… / 国科发农〔2020〕192号
LEADING_FILE_NUMBER = re.compile(r"^\s*[\u4e00-\u9fff]{1,12}[〔\[［【]\d{4}[〕\]］】]\d{1,4}号")
# A signature and its date glued to what follows: …贯彻落实。河北省人民政府办公厅2024年4月28日为加快…
SIGNATURE_DATE = re.compile(
    r"(?<=[。！？])(?P<organ>[^。！？，；：“”《》\s]{2,40}?)(?P<date>(?:\d{4}|[一二〇○零]{4})年\d{1,2}月\d{1,2}日)"
    r"(?=[\u4e00-\u9fff（(])")
# An addressee line at the opening: 各市（含定州、辛集市）人民政府，雄安新区管委会，省政府有关部门：
LEADING_ADDRESSEES = re.compile(r"^(?P<who>[^。；！？：:]{2,160})[：:](?=\S)")
# A part's title glued to its first sub-item: 二、建设与改革任务（一）实施精神铸魂工程
TITLE_BEFORE_FIRST_ITEM = re.compile(
    r"(?:^|(?<=[。！？）)：]))[一二三四五六七八九十]{1,3}、[^。，；：！？（(]{2,20}(?=[（(]一[）)])")
# A heading's title glued to a sentence whose subject is a distributive body: （一）开展风险摸排各级协调…机制全面梳理… /
# 四、科学组织评议考核各级人力资源社会保障部门要… (the rest of the sentence long enough to be one; not after a
# verb that wants 各级… as its object: 充分发挥各级党组织…作用). Tried where a paragraph begins.
TITLE_BEFORE_SUBJECT = re.compile(
    r"(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[．.、])"
    r"[^。，；：！？（(“\d]{4,16}?(?<!发挥|压实|落实|强化|加强|明确|夯实|调动|激发|督促|指导|支持|引导|鼓励|推动|组织|"
    r"动员|依托|发动|带动|要求|压紧|明晰|健全|完善)(?=各(?:级|地|市|县|区|有关|部门|单位|相关)[^。]{15,})")

# A stage heading with its time, glued to what it prescribes: （一）动员部署（3月底前）制定下发… — the time closes
# the heading (and so becomes the stage's deadline)
HEADING_WITH_TIME = re.compile(
    r"(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])[^。，；：！？（(\d]{2,16}"
    r"[（(](?=[^（）()]{0,30}(?:[0-9一二三四五六七八九十]月|年|季度))"
    r"[0-9一二三四五六七八九十年月日号旬上中下半底末前以之内至到—－~～\-季度第全、，\s]{2,30}[）)](?=[\u4e00-\u9fff“《])")

# ---------------------------------------------------------------------------
# Converter markup: what PDF → Markdown converters (MinerU, marker) and older typesetting leave in a text
# ---------------------------------------------------------------------------
# A Markdown heading mark: "# 一、总体要求" / "## (一)主要目标"
MARKDOWN_HEADING = re.compile(r"(?m)^[ \t]*#{1,6}[ \t]+")
# Markdown emphasis around a phrase: **重点任务**
MARKDOWN_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
# Inline LaTeX holding a figure: $17\%$ / $1.3 \%$ / $2 \times 10^{4}$ / $36\%$
LATEX_FIGURE = re.compile(r"\$\s*(?P<inner>[0-9０-９.．,，\s\\%％a-z{}^~\-+×]{1,40}?)\s*\$")
# Digits spaced apart by an older typesetting: 1 0 ％ / 4 9 2 5 0 万吨 / 8 ％ (single digits, single spaces,
# then a percent sign or a unit)
SPACED_DIGITS = re.compile(r"(?<![0-9])(?:[0-9] ){1,12}[0-9]?(?= ?[%％‰万亿千百个项家人元吨斤公年月日])")
