"""Labels: the one vocabulary of labelled lines, bracketed annotations and task-table headers.

A label names a field: a unit role (牵头单位 → lead), a person (责任领导), a deadline (完成时限), or — in a table
header — the task, the row number, a section or another column. The same words are known in a line
(牵头单位：市发展改革委), in brackets after a sentence (（责任单位：省科技厅）) and as a column of a task table
(序号 重点任务 牵头单位 完成时限): a new label goes into `LABELS` once and is known everywhere.
"""
from __future__ import annotations

import re

# ---------------------------------------------------------------------------
# Labelled lines and annotations: 牵头单位：… / 责任单位：… / （…按职责分工负责）
# ---------------------------------------------------------------------------
# Label → what its value names: a unit role (lead / responsible / cooperate), a person
# (person: 责任领导：张三 names a person, never a unit) or a deadline. Known alike in a
# labelled line, a bracketed annotation and a task table's header.
LABELS: dict[str, str] = {
    "牵头单位": "lead", "牵头部门": "lead", "主要责任单位": "lead", "主责单位": "lead",
    "责任单位": "responsible", "责任部门": "responsible", "承办单位": "responsible",
    "实施单位": "responsible", "主办单位": "responsible", "负责单位": "responsible", "负责部门": "responsible",
    "实施部门": "responsible", "指导部门": "responsible", "主管部门": "responsible",
    "配合单位": "cooperate", "协同配合单位": "cooperate", "协办单位": "cooperate",
    "参与单位": "cooperate", "协同单位": "cooperate", "配合部门": "cooperate",
    "责任领导": "person", "分管领导": "person", "联系领导": "person", "牵头领导": "person",
    "责任人": "person", "牵头市领导": "person", "分管区领导": "person", "分管市领导": "person",
    "包保领导": "person",
    "完成时限": "deadline", "完成时间": "deadline", "时间节点": "deadline", "进度安排": "deadline",
    "时限要求": "deadline", "时限": "deadline",
}
UNIT_ROLES = ("lead", "responsible", "cooperate")
UNIT_LABELS: dict[str, str] = {k: v for k, v in LABELS.items() if v in UNIT_ROLES}
PERSON_LABELS = tuple(k for k, v in LABELS.items() if v == "person")
DEADLINE_LABELS = tuple(k for k, v in LABELS.items() if v == "deadline")
_ALL_LABELS = sorted(LABELS, key=len, reverse=True)
# 牵头单位：市发展改革委 / 责任单位:立山经济开发区,各街道 / 完成时限：2024年底前
LABEL_FIELD = re.compile(r"(" + "|".join(_ALL_LABELS) + r")\s*[：:]\s*")
# A line that is only labelled fields (责任单位：省科技厅牵头).
LABEL_LINE = re.compile(r"^\s*[（(〔【]?\s*(?:" + "|".join(_ALL_LABELS) + r")\s*[：:]")
# An attached annotation in brackets at the end of a sentence or item:
# （牵头单位：市发展改革委；配合单位：市财政局） / （国家发展改革委、财政部等按职责分工负责）
# (one level of brackets may nest inside: 责任单位：各县（市、区）人民政府); 〔责任单位：…〕 and 【…】 too,
# as some provinces write them
_INNER = r"(?:[^（）()〔〕【】]|[（(][^（）()]*[）)])"
# A bracket holding only a time, standing after an item's lead sentence or ending its heading, is the item's
# deadline: （一）开展风险摸排…。（7月中旬前） / （7月下旬至8月中旬） / （2023年6月底前完成）. Digits, numerals and
# time words only, with a month, a year or a quarter in it; 完成/结束 may close it.
_TIME_ONLY = (r"(?=[^（）()]{0,30}(?:[0-9一二三四五六七八九十]月|年|季度))"
              r"[0-9〇零一二三四五六七八九十年月日号旬上中下半底末前以之内至到—－~～\-季度第全、，\s]{2,30}"
              r"(?:完成|结束|办结)?")
TIME_BRACKET = re.compile(r"[（(](" + _TIME_ONLY + r")[）)]")
BRACKET_ANNOTATION = re.compile(
    r"[（(〔【]((?:" + "|".join(_ALL_LABELS) + r")\s*[：:]" + _INNER + r"*|" + _INNER
    + r"{2,80}?(?:按职责分工负责|负责|牵头)" + _INNER + r"*|" + _TIME_ONLY + r")[）)〕】]")

# Inside an annotation value: role words after a unit list.
#   省工业和信息化厅牵头，省科技厅按职责分工负责 / 各地级以上市人民政府结合实际落实
ROLE_PHRASE = re.compile(
    r"(?P<role>牵头负责|牵头|按职责分工负责|按职责负责|分别负责|负责|配合|参与|协同|协助|结合实际落实|落实)"
    r"(?:[，,；;。]|$)")
ROLE_WORDS = {
    "牵头": "lead", "牵头负责": "lead", "负责": "lead",
    "按职责分工负责": "responsible", "按职责负责": "responsible", "分别负责": "responsible",
    "结合实际落实": "responsible", "落实": "responsible",
    "配合": "cooperate", "参与": "cooperate", "协同": "cooperate", "协助": "cooperate",
}
# How to read the annotations' lists, stated once: （A、B、C负责，排在第一位的为牵头单位，其他为协助配合单位，下同） /
# 列第一位者为牵头单位 / 第一个单位为牵头单位 — a reading instruction, never a unit: the first body listed leads,
# the others cooperate; with 下同 (or as a sentence of its own) for every list after it too.
FIRST_LISTED_LEADS = re.compile(
    r"[，,；;]?\s*(?:排|列|位)?(?:在|于)?(?:第一位|首位|第一个(?:单位|部门)?|最前)(?:的|者)?(?:单位|部门)?"
    r"(?:为|是)(?:牵头|主要?责任)(?:单位|部门)[^）)]*")
# Role words of a list that says its roles itself (the reading instruction leaves it alone)
EXPLICIT_ROLE = re.compile(r"牵头|配合|协助|参与|协同|按职责分工")
# 由市发展改革委牵头，市财政局配合 / 由各县（市）区负责
BY_UNIT = re.compile(r"由(?P<units>[^，,；;。由]{2,60}?)(?P<role>牵头|负责|组织|实施)")
# 市自然资源和规划局要会同市工业和信息化局推行… : the bodies it works with cooperate
WITH_UNITS = re.compile(r"(?:会同|联合)(?P<rest>[^，,；;。]{2,60})")
# …牵头，市财政局、市税务局配合: the cooperating units after a 由…牵头
COOPERATE_AFTER = re.compile(r"[，,、]\s*(?P<units>[^，,；;。]{2,60}?)(?:配合|参与|协助|协同)")

# ---------------------------------------------------------------------------
# Task-table headers: the labels above, and the columns only a table has
# ---------------------------------------------------------------------------
# 序号 重点工作任务 主要责任单位 协同配合单位 完成时限 / 序号 民生实事 责任单位 完成时间
TABLE_ONLY_COLUMNS: dict[str, str] = {
    "序号": "index", "编号": "index",
    "重点工作任务": "task", "重点工作": "task", "工作任务": "task", "任务内容": "task",
    "重点任务": "task", "民生实事": "task", "具体措施": "task", "主要任务": "task",
    "工作内容": "task", "目标任务": "task", "具体任务": "task", "任务": "task",
    "主要内容": "task", "具体内容": "task",
    "备注": "other", "目标": "other",
    # what a row is called, and where it applies: not the task, not a unit
    "改革举措": "other", "举措名称": "other", "项目名称": "other", "事项名称": "other",
    "适用范围": "other", "推广范围": "other", "实施范围": "other",
    # a column that carries a section down the rows (often merged cells): 类别 / 领域
    "类别": "section", "领域": "section", "分类": "section", "板块": "section",
}
# Header word → column kind, longest word first (a cell is matched by the first word it holds)
COLUMN_WORDS: tuple[tuple[str, str], ...] = tuple(sorted(
    {**LABELS, **TABLE_ONLY_COLUMNS}.items(), key=lambda kv: -len(kv[0])))
# A note under a table ends it: 备注：本表所列完成时限为最迟完成时间… / 注：… / 说明：…
TABLE_NOTE = re.compile(r"^\s*(?:备注|附注|注|说明|填表说明)\s*[：:]")
# A header line names at least one of these; most lines can be passed over at once
HEADER_HINT = re.compile("序号|编号|任务|工作|单位|部门|实事|措施|时限|时间|领导|责任人|内容")
