"""Headings, enumerated points and what a heading says (a topic, goals, a review).

Vocabulary only; `lines.heading_level()` and `structure.py` apply it.
"""
from __future__ import annotations

import re

# ---------------------------------------------------------------------------
# Headings: (pattern, level). Matched at the start of a line (after spaces).
# ---------------------------------------------------------------------------
_CN = "一二三四五六七八九十百零〇两"
HEADING_PATTERNS: tuple[tuple[re.Pattern[str], int], ...] = (
    # 第一章 总则 / 第二部分 / 第三节
    (re.compile(rf"^第[{_CN}\d]+[章部篇编]分?"), 1),
    (re.compile(rf"^第[{_CN}\d]+节"), 2),
    # 一、要抓牢项目引进和建设这一总抓手 / 二、主要任务
    (re.compile(rf"^[{_CN}]+[、．.]"), 2),
    # （一）大力推进现代化产业体系建设 / (二)
    (re.compile(rf"^[（(][{_CN}]+[）)]"), 3),
    # 1. 实施关键核心技术攻关 / 1、 / 1． — but not 1.3万亿 (a decimal)
    (re.compile(r"^\d{1,3}(?:[、．]|\.(?!\d))"), 4),
    # （1） / (2)
    (re.compile(r"^[（(]\d{1,3}[）)]"), 5),
    # ① ② …
    (re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]"), 6),
)
# Level given to an unnumbered title line (加快培育数字化发展引擎): above 一、.
UNNUMBERED_HEADING_LEVEL = 1

# ---------------------------------------------------------------------------
# The title of a part of a regulation: 第二章 组织实施 / 第三节 / 第一编 (a regulation's chapters name topics)
PART_TITLE = re.compile(rf"^第[{_CN}\d]+(?:章|节|编|篇|部分)")
# What follows a title in its block and is no part of it: the occasion (——2024年3月5日在…会议上), a date line
# （2024年2月23日）, the speaker's office and name (国务院总理 李强 / 市委书记 王战营)
TITLE_BLOCK_TAIL = re.compile(r"^(?:——|—|--|[（(]?\d{4}年\d{1,2}月\d{1,2}日|[（(]?[一二〇○零]{4}年|"
                              r"[\u4e00-\u9fff、]{0,16}(?:总理|主席|书记|省长|市长|县长|区长|主任|部长|委员长)"
                              r"[\u4e00-\u9fff]{2,4}$)")
# A 公文 title ends with its genre (…的通知 / …的意见 / …的批复): a line after it is another title — the
# attached document's (关于印发《…细则》的通知 / …细则) — or the issuer's, not more of this one
TITLE_GENRE_END = re.compile(r"的(?:通知|意见|指导意见|实施意见|决定|批复|复函|函|公告|通告|通报|报告|请示|答复|命令)$")
# A title line may hold enumeration commas (关于对农业、材料、建设与环保技术领域…的通知) but no sentence punctuation
TITLE_LINE_PUNCT = re.compile(r"[，,；;。！？!?：:]")
TITLE_LINE_MAX_CHARS = 60
# A speech's title ends so (…会议上的讲话); a short line after it is the speaker's name (王战营)
SPEECH_TITLE_END = re.compile(r"(?:讲话|报告|发言|致辞|讲稿)$")
PERSON_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
# An article of a regulation: 第四条 / 第二十三条之一 — its number, not its words
ARTICLE_MARK = re.compile(rf"^第[{_CN}零〇\d]+条(?:之[{_CN}]+)?\s*")
# A question of a checklist (是否存在…问题): what to look for, not what to do
# (a numbered item, or 是否存在…: not 是否有利于发展生产力，应当成为…标准)
CHECK_QUESTION = re.compile(rf"^(?:[（(]?[\d{_CN}]+[）)、.．])是否|^是否存在")
# Enumerated points inside paragraphs: 一要…二要…, 一是…二是…, 第一…第二…,
# 首先…其次…最后. Matched at a sentence start (after a lead-in like 下一步，).
# ---------------------------------------------------------------------------
POINT_MARKER = re.compile(
    rf"^(?:[{_CN}]+(?:要|是|抓|把|以|靠)(?=[^{_CN}是要])"  # 一要明确… / 二是加强… / 三抓…
    rf"|第[{_CN}]+(?=[，,、：:]|[要是])"  # 第一，… / 第二要…
    r"|首先|其次|再次|最后(?=[，,、：:])"  # 首先… 其次…
    r")"
)
# 首先/其次/最后 only count as a series when they follow one another.
ORDINAL_WORDS = {"首先": 1, "其次": 2, "再次": 3, "最后": 9}
# The numbering of a heading, to judge what the heading says
HEADING_MARK = re.compile(r"^(?:第[一二三四五六七八九十百\d]+[章部篇节]分?|[一二三四五六七八九十百]+[、．.]|"
                          r"[（(][一二三四五六七八九十\d]+[）)]|\d{1,3}(?:[、．]|\.(?!\d))|[①-⑳])\s*")
# Headings of a review section: there, bare verb phrases report what was done
# (一、2014年工作回顾 … 完成第三次全国经济普查).
REVIEW_HEADING = re.compile(r"回顾|过去(?:一年|五年|的一年)|工作总结|主要成绩|取得的成就|成就和经验|发展成就|"
                            # 一、一年接着一年干，新福建建设持续取得新进展新成效 (a province's review, named by its results)
                            r"取得(?:了)?(?:新|显著|明显|重大|积极)?(?:进展|成效|成绩|成就)")
# …but a part (the top heading) that also sets goals or tasks plans ahead, and so does everything under it
# (二、“十四五”时期发展成就和“十五五”时期主要目标任务 / under 目标任务: （一）高质量发展取得显著成效 is a goal)
PLANS_AHEAD = re.compile(r"目标|任务|工作安排")
# A heading that names goals: its items are tasks even when verbless
# (一、经济社会发展的主要预期目标 / 四、实现全面建设小康社会奋斗目标的新要求)
GOAL_HEADING = re.compile(r"目标")
# A sentence that opens a list of goals or measures: its items are tasks even when
# verbless (今年发展主要预期目标是：…；居民收入增长和经济增长同步；…)
LIST_LEAD_IN = re.compile(r"(?:目标|内容|任务|措施|重点|要求)(?:是|为|如下)[：:]")
# Verbless topic headings (二、主要任务; 一、经济社会发展的主要预期目标).
TOPIC_HEADING = re.compile(r"^(?:主要|总体|基本|重点|保障)?(?:任务|目标|要求|措施|原则|思路|举措|工作|意见|安排)$"
                           r"|的(?:主要)?(?:预期)?目标$|主要(?:任务|目标|措施)$")
# A heading whose head noun comes last (四、实现…奋斗目标的新要求) — unless it opens with
# a directive verb (二、坚持实行扩大内需的方针)
TOPIC_NOUN_END = re.compile(r"的(?:主要|新|总体|基本)?(?:要求|任务|原则|思路|方针)$")
