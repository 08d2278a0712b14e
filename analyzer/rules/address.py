"""Forms of address: how a speaker turns to the audience (同志们：…), never part of what is said.

One list: the task rules strip it from a paragraph's start (同志们，今年要…), and layout joining does not carry a
lead-in such as 同志们： onto the next paragraph.
"""
from __future__ import annotations

import re

FORMS_OF_ADDRESS = ("同志们", "各位代表", "各位委员", "女士们、先生们", "朋友们")
# 同志们：… / 各位代表，… at the start of a paragraph
VOCATIVE = re.compile(r"^(?:" + "|".join(FORMS_OF_ADDRESS) + r")[，,！!：:]?")
# a paragraph that is nothing but a form of address
ADDRESS_ONLY = re.compile(r"(?:" + "|".join(FORMS_OF_ADDRESS) + r")")
# …and standing alone as a paragraph (各位代表！): the speaker turns to a new part of the speech — the numbered
# item before it is over (a report's 各位代表！ after its last task item leads to the army, Hong Kong, Taiwan …)
ADDRESS_PARAGRAPH = re.compile(r"^\s*(?:" + "|".join(FORMS_OF_ADDRESS) + r")\s*[，,！!：:]?\s*$")
