"""Numerals: the characters and forms Chinese documents count with — vocabulary only (read by
`extract/numbers.py`; the target grammar in `rules/targets.py` builds its number pattern from these).

Forms, each with examples (all read by `extract.numbers.read_numeral`):
- Arabic digits, thousands separators, decimals, full width: 1200 / 1,200 / 4.06 / ５．５;
- Chinese numerals with 十百千 and the sections 万/亿 (万亿 nests): 一千二百万 / 一百九十万零三千九百七十一 /
  十万零一千 / 一千一百一十一万一千一百一十一亿…; a leading 十/百/千 means one of it: 十万, 千亿;
- 大写 (financial) digits: 壹贰叁肆伍陆柒捌玖拾佰仟 — 壹拾壹 / 拾万零五十六; 元/圆…角…分 in 金额;
- traditional forms: 兩 萬 億 點 貳 參 陸 個;
- 廿 (20) and 卅 (30): 廿二;
- colloquial shortening, a last digit counting the next lower place: 三万五 = 35000, 两千六 = 2600, 一百二 = 120,
  一百二十万三 = 1203000 (not after 零: 十万零五 = 100005);
- Arabic and Chinese mixed: 3万4000 / 5万4千6百 / 100万三千 / 200亿零四千230 / 10.1万 / 35.1亿 / 一百点123;
- approximate: 多/余 inside a numeral, before a higher section: 四亿零七百多万 = 407000000 (about), read as written
  with the 多 noted, not 四亿零七百 × 万;
- digit by digit, as years and codes are written: 一七二零 = 1720, 二〇二四 = 2024 (with a zero, or three digits
  or more, and no 两: 三四个 is "three or four");
- not read: 万万 (the old 亿 of 六万万人民, and 万万不可), two digits side by side (三四, 一二).
- fractions: 五分之一 = 20%, 三分之二, 万分之三 = 0.03%, 百分之五 = 5%, 千分之三 = 3‰.
"""
from __future__ import annotations

import re

# The ten digits in every script, with 两 (2) and the zero look-alikes.
DIGIT_VALUES = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
    "八": 8, "九": 9,
    "壹": 1, "贰": 2, "貳": 2, "叁": 3, "參": 3, "肆": 4, "伍": 5, "陆": 6, "陸": 6, "柒": 7, "捌": 8, "玖": 9,
}
# Places inside a section, and the sections (万 may follow 亿's section: 万亿 = 10^12).
PLACE_VALUES = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
SECTION_VALUES = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
# Tens written as one character.
TENS = {"廿": 20, "卅": 30}
DECIMAL_POINTS = "点點"
APPROXIMATE = "多余"  # inside a numeral only before a higher section: 七百多万

ZERO_CHARS = "零〇○"
CN_DIGIT_CHARS = "".join(DIGIT_VALUES)
CN_PLACE_CHARS = "".join(PLACE_VALUES) + "".join(SECTION_VALUES)
CN_NUMERAL_CHARS = CN_DIGIT_CHARS + CN_PLACE_CHARS + "".join(TENS)

# 金额 in 大写: 壹拾壹元整 / 壹佰壹拾壹圆 / 壹拾壹元壹角壹分 (元/圆 then 角 tenths and 分 hundredths)
YUAN = ("元", "圆")
# tenths and hundredths after the 元: (digit)角 then optionally (digit)分
JIAO_FEN = re.compile(r"(?P<jiao>[零〇一二两三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖])角"
                      r"(?:(?P<fen>[一二两三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖])分)?")
