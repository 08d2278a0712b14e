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
# "…总抓手。" / "…表示衷心的感谢！" / "…”。" / "…：" (a lead-in to a list)
LINE_ENDS_SENTENCE = re.compile(r"[。！？；!?;…]\s*[”’」』）)]*\s*$")
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
# Sentences of a document's frame rather than its content: dates, signatures, file numbers.
FRAME_LINE = re.compile(
    r"^(?:\d{4}年\d{1,2}月\d{1,2}日|（?\d{4}年\d{1,2}月\d{1,2}日）?|\(此件公开发布\)|（此件公开发布）|"
    r".{0,20}〔\d{4}〕\d+号|.{0,30}(?:人民政府|办公室|委员会)$|索引号|发布机构|主题分类|组配分类|"
    r"文号|发文日期|发布日期|发布时间|当前位置|名称[：:]|信息来源|浏览次数|字体)")
