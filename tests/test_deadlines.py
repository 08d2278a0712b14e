"""find_deadlines: which time expressions of a task sentence are deadlines, and their dates."""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from analyzer.extract import deadlines as D
from analyzer.extract.deadlines import find_deadlines

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
BATTERY = SHARED / "gold" / "dev" / "deadline-battery-dev.json"

DOC_DATE = dt.date(2024, 2, 23)


def found(sentence: str, doc_date: dt.date | None = DOC_DATE) -> list[tuple[str, str | None]]:
    return [(d.text, d.end_date) for d in find_deadlines(sentence, 0, doc_date)]


# Every expression of spec §4 and of the battery, read against 2024-02-23.
EXPRESSIONS = [
    # the document's year
    ("市发展改革委要在年内完成重大项目库的全面更新", [("年内", "2024-12-31")]),
    ("今年市生态环境局要推动空气质量优良天数比例达到80%", [("今年", "2024-12-31")]),
    ("市统计局要做好全年经济运行监测分析", [("全年", "2024-12-31")]),
    ("确保全年度项目建设各项目标任务顺利完成", [("全年度", "2024-12-31")]),
    ("各县（市）区要在年底前全部完成闲置土地清理处置", [("年底前", "2024-12-31")]),
    ("各乡镇要在今年年底完成农村人居环境整治验收", [("今年年底", "2024-12-31")]),
    ("今年底前住进新房", [("今年底前", "2024-12-31")]),
    ("移动网络流量资费年底以前降低30%", [("年底以前", "2024-12-31")]),
    ("市市场监管局下半年要开展食品安全专项整治", [("下半年", "2024-12-31")]),
    ("市交通运输局要在上半年启动三环路东段改造工程", [("上半年", "2024-06-30")]),
    ("今年上半年完成招标", [("今年上半年", "2024-06-30")]),
    # explicit years
    ("市住房城乡建设局要于2024年底前建成保障性租赁住房3000套", [("2024年底前", "2024-12-31")]),
    ("市城市管理局要在2025年前完成主城区雨污分流改造", [("2025年前", "2025-12-31")]),
    ("到2025年，市教育局要实现义务教育学校标准化建设全覆盖", [("到2025年", "2025-12-31")]),
    ("市自然资源和规划局要保障2024年度新增建设用地需求", [("2024年度", "2024-12-31")]),
    ("做好2025年“数据要素×”大赛广东分赛组织", [("2025年", "2025-12-31")]),
    ("确保2026年底基本建成", [("2026年底", "2026-12-31")]),
    ("力争到二〇三五年基本实现", [("到二〇三五年", "2035-12-31")]),
    ("二〇二五年底前完成改造", [("二〇二五年底前", "2025-12-31")]),
    # quarters
    ("市商务局要确保首季外贸进出口实现开门红", [("首季", "2024-03-31")]),
    ("市工业和信息化局一季度要新增规上工业企业20家以上", [("一季度", "2024-03-31")]),
    ("第一季度完成方案编制", [("第一季度", "2024-03-31")]),
    ("二季度开工建设", [("二季度", "2024-06-30")]),
    ("市人力资源和社会保障局要在三季度组织高校毕业生就业专场招聘", [("三季度", "2024-09-30")]),
    ("四季度组织验收", [("四季度", "2024-12-31")]),
    ("第一季度末完成", [("第一季度末", "2024-03-31")]),
    ("市应急管理局要在本季度完成安全生产大检查", [("本季度", "2024-03-31")]),
    ("明年一季度投入运行", [("明年一季度", "2025-03-31")]),
    # months and days
    ("市财政局要在6月底前拨付首批产业引导资金", [("6月底前", "2024-06-30")]),
    ("市农业农村局要在9月底前完成高标准农田建设任务", [("9月底前", "2024-09-30")]),
    ("市审计局要在11月底完成重点项目跟踪审计", [("11月底", "2024-11-30")]),
    ("要在9月前完成", [("9月前", "2024-09-30")]),
    ("于6月完成验收", [("6月", "2024-06-30")]),
    ("6月", [("6月", "2024-06-30")]),  # a table's 完成时限 cell
    ("十二月底前完成验收", [("十二月底前", "2024-12-31")]),
    ("市文化广电和旅游局要于明年6月举办第三届古城文化旅游节", [("明年6月", "2025-06-30")]),
    ("市国资委要在2026年6月底前完成市属国有企业整合重组", [("2026年6月底前", "2026-06-30")]),
    ("二〇二四年十二月底前完成", [("二〇二四年十二月底前", "2024-12-31")]),
    ("市政府督查室要于3月15日前报送第一季度督查通报", [("3月15日前", "2024-03-15")]),
    ("各单位要在月底前报送材料", [("月底前", "2024-02-29")]),
    ("力争2025年6月中旬完成", [("2025年6月中旬", "2025-06-20")]),
    # spans counted from the document date
    ("市水利局要在三年内完成主要河道综合治理", [("三年内", "2027-02-23")]),
    ("市数据局要在两年内建成全市统一的政务数据共享平台", [("两年内", "2026-02-23")]),
    ("要在5年内建成", [("5年内", "2029-02-23")]),
    ("三到五年内完成", [("三到五年内", "2029-02-23")]),
    ("3个月内完成整改", [("3个月内", "2024-05-23")]),
    ("半年内完成", [("半年内", "2024-08-23")]),
    ("半个月内完成", [("半个月内", "2024-03-09")]),
    ("两周内完成", [("两周内", "2024-03-08")]),
    ("30个工作日内办结", [("30个工作日内", "2024-04-05")]),
    ("力争用3年时间基本完成", [("3年时间", "2027-02-23")]),
    ("未来三年新建学校10所", [("未来三年", "2027-02-23")]),
    ("今后五年要做好", [("今后五年", "2029-02-23")]),
    ("明年要全面推开", [("明年", "2025-12-31")]),
    ("今明两年要解决好饮水困难人口的饮水安全", [("今明两年", "2025-12-31")]),
    # plans and horizons
    ("市科技局要在“十四五”期间培育高新技术企业500家", [("“十四五”期间", "2025-12-31")]),
    ("市卫生健康委要在“十四五”末实现每千人口执业医师数达到3.5人", [("“十四五”末", "2025-12-31")]),
    ("“十四五”时期要建成", [("“十四五”时期", "2025-12-31")]),
    ("“十五五”时期要实现", [("“十五五”时期", "2030-12-31")]),
    ("能耗强度目标在“十四五”规划期内统筹考核", [("“十四五”规划期内", "2025-12-31")]),
    ("到本世纪中叶建成社会主义现代化强国", [("到本世纪中叶", "2050-12-31")]),

    ("实施2024—2026年行动计划", [("2024—2026年", "2026-12-31")]),
    ("从2024年到2027年持续推进", [("从2024年到2027年", "2027-12-31")]),
    # several in one sentence, in order
    ("确保实现首季“开门红”，为全面完成全年各项目标任务做出贡献",
     [("首季", "2024-03-31"), ("全年", "2024-12-31")]),
    ("预计今年财政收入继续恢复增长、比上年增加1.1万亿元", [("今年", "2024-12-31")]),
    # a year named first sets the year of the months after it
    ("2025年，要在6月底前完成", [("2025年", "2025-12-31"), ("6月底前", "2025-06-30")]),
    # years in Chinese numerals with the zero typed as 0 (full-width ０ is widened) or O
    ("到二0三0年基本建成覆盖城乡的服务体系", [("到二0三0年", "2030-12-31")]),
    ("二O三O年底前全部完成改造任务", [("二O三O年底前", "2030-12-31")]),
]


@pytest.mark.parametrize("sentence, expected", EXPRESSIONS)
def test_deadlines_expressions(sentence, expected):
    assert found(sentence) == expected


# Time expressions that are not deadlines (spec §4 and what annotators leave out).
NOT_DEADLINES = [
    # vague horizons
    "当前各项工作任务艰巨而繁重",
    "今后要进一步加强",
    "下一步，要持续把这种氛围维护好",
    "近期要研究出台",
    "长期坚持",
    "结合目前正在开展的扫黑除恶专项斗争",
    # starting points
    "从今年起，我们要把能够反映产业转型升级的指标作为重点来考核",
    "从今年开始拟连续几年发行超长期特别国债",
    "自2024年起施行",
    "今年以来经济运行稳中有进",
    "2025年以后逐步推开",
    # past events and comparisons
    "比上年年初预算增加1800亿元",
    "拟安排地方政府专项债券3.9万亿元、比上年增加1000亿元",
    "去年同期增长5%",
    "要高度关注前不久召开的会议精神",
    "春节过后，各地迅速行动",
    "过去一年，我们取得了显著成绩",
    "比2020年翻一番",
    "与2020年相比提高5个百分点",
    "在2020年基础上再降低10%",
    "2023年全市地区生产总值增长6%",
    "截至2023年底，全市共有规上企业800家",
    "“十三五”期间建成高速公路500公里",
    # a clause reporting something done or under way
    "今年招商引资和项目建设的大幕已经开启",
    "上半年已完成投资30亿元",
    # names, titles, dates of documents, durations
    "阅读《立山区政府2023年重点工作任务分解和责任分工方案》",
    "认真落实“中国制造2024”",
    "落实好农村人居环境整治三年行动方案",
    "近两年来成效明显",
    "近三年内未发生重大事故",
    "2023年3月28日",
    "（2024年2月23日）",
    "执行2024年版目录",
    "编制“十四五”规划",
    # recurring periods without a limit, and ranges of statistics
    "每季度通报一次",
    "每年召开一次联席会议",
    "每月10日召开例会",
    "项目经过二年以上较大规模的应用",  # a condition, not a span to work in
    "1-6月规上工业增加值增长8%",
    "一百年前，十月革命一声炮响",
    # periods relative to some other event
    "确保项目当年开工、次年投产",
    # time words inside other words
    "此后年均增长5%",
    "如今年轻人就业压力较大",
    "要说明年度计划执行情况",
    "加强安全年度考核",
    "开展成本月度分析",
    "多年内未见",
    "做好防汛前期准备",
]


@pytest.mark.parametrize("sentence, expected", [
    # ranges: the period ends where the second time ends; the second takes the first's year
    ("各地要在7月下旬至8月中旬开展要约行动", [("7月下旬至8月中旬", "2024-08-20")]),
    ("自2024年6月至12月，在全省开展集中行动", [("自2024年6月至12月", "2024-12-31")]),
    ("自2024年1月1日至2027年12月31日，允许企业加计抵减", [("自2024年1月1日至2027年12月31日", "2027-12-31")]),
    ("2024年3月—5月组织专项检查", [("2024年3月—5月", "2024-05-31")]),
    # until: 有效期至 / 执行至
    ("本措施自发布之日起实施，有效期至2027年12月31日", [("有效期至2027年12月31日", "2027-12-31")]),
    ("政策执行至2025年底", [("至2025年底", "2025-12-31")]),
    ("省厅决定从即日起至2024年12月31日开展专项整治", [("至2024年12月31日", "2024-12-31")]),
    # spans of years counted from the document date: the longer bound
    ("经过5年左右努力，全面提高学前教育专业人才培养质量", [("经过5年左右努力", "2029-02-23")]),
    ("经过5—10年左右时间，基本完成办学格局转变", [("经过5—10年左右时间", "2034-02-23")]),
    ("力争三到五年时间内，新型监管机制更加完善", [("三到五年时间内", "2029-02-23")]),
    ("争取在2－3年对三级业务人员进行一轮系统培训", [("在2－3年", "2027-02-23")]),
    ("力争在两三年内打开新的局面", [("两三年内", "2027-02-23")]),  # 两三: two or three
    ("再用三五年时间，基本建成体系", [("三五年时间", "2029-02-23")]),
    # times listed before one suffix: each is a deadline
    ("4月8日、7月1日、12月28日前将落实情况报送", [("4月8日", "2024-04-08"), ("7月1日", "2024-07-01"),
                                                   ("12月28日前", "2024-12-28")]),
])
def test_deadlines_ranges_spans_and_lists(sentence, expected):
    assert found(sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    # a start and a duration: the day before the anniversary
    ("本办法自2024年1月1日起施行，有效期3年", [("自2024年1月1日起施行，有效期3年", "2026-12-31")]),
    ("本方案从2023年7月1日起实施，执行期限为5年", [("从2023年7月1日起实施，执行期限为5年", "2028-06-30")]),
    # counted from the document's issue: read against the document date
    ("各地要自本意见印发之日起30日内制定实施方案", [("30日内", "2024-03-24")]),
])
def test_deadlines_start_and_duration(sentence, expected):
    assert found(sentence) == expected


@pytest.mark.parametrize("sentence, text", [
    ("基金管理机构应当自收到申请之日起15个工作日内作出决定", "15个工作日内"),
    ("项目承担单位应当在项目验收后3个月内提交绩效报告", "3个月内"),
])
def test_deadlines_a_span_counted_from_an_event_has_no_date(sentence, text):
    [d] = find_deadlines(sentence, 0, DOC_DATE)
    assert (d.text, d.end_date, d.basis) == (text, None, "event")


@pytest.mark.parametrize("sentence, text", [
    ("每年2月底前各省份完成绩效考核工作", "每年2月底前"),
    ("各地于每月23日前报送月报表", "每月23日前"),
    ("每季度末前报送工作进展", "每季度末前"),
    ("每年6月底前报送", "每年6月底前"),
    ("每年年底前报送年度总结", "每年年底前"),
])
def test_deadlines_recurring_limits_are_kept_without_an_end(sentence, text):
    """A limit that comes back every period (每年X月底前) is a deadline with no one date: basis recurring."""
    [d] = find_deadlines(sentence, 0, DOC_DATE)
    assert (d.text, d.end_date, d.start_date, d.basis) == (text, None, None, "recurring")


@pytest.mark.parametrize("sentence", NOT_DEADLINES)
def test_deadlines_not_deadlines(sentence):
    assert found(sentence) == []


@pytest.mark.parametrize("sentence, expected", [
    # a period naming a report after the real deadline of the same clause
    ("市政府督查室要于3月15日前报送第一季度督查通报", [("3月15日前", "2024-03-15")]),
    ("年底前报送2024年度工作总结", [("年底前", "2024-12-31")]),
    # 到 closing a verb is left out of the text
    ("这样的安排主要是考虑到今年财政收支矛盾仍然突出", [("今年", "2024-12-31")]),
    # only the clause with 已 is left out
    ("上半年已完成投资30亿元，下半年要全面完成", [("下半年", "2024-12-31")]),
])
def test_deadlines_keep_only_the_real_deadline(sentence, expected):
    assert found(sentence) == expected


@pytest.mark.parametrize("sentence, doc_date, expected", [
    # a period already over when the document was written is a report, not a deadline
    ("一季度全市经济增长5%", dt.date(2024, 6, 15), []),
    ("2023年底前完成", dt.date(2024, 6, 15), []),
    # a month-end deadline before the document date is next year's
    ("3月底前完成", dt.date(2024, 11, 10), [("3月底前", "2025-03-31")]),
    # …unless it is within a month of the date (documents are dated after drafting)
    ("2月底前完成", dt.date(2024, 3, 5), [("2月底前", "2024-02-29")]),
    ("要在今年内基本完工", dt.date(2002, 3, 5), [("今年内", "2002-12-31")]),
    # past five-year plans are history
    ("“十三五”时期要实现", dt.date(2016, 3, 5), [("“十三五”时期", "2020-12-31")]),
    ("“十三五”时期要实现", dt.date(2024, 3, 5), []),
])
def test_deadlines_relative_to_document_date(sentence, doc_date, expected):
    assert found(sentence, doc_date) == expected


@pytest.mark.parametrize("plan, first, last", [
    ("一五", 1953, 1957), ("二五", 1958, 1962), ("三五", 1966, 1970), ("六五", 1981, 1985),
    ("十五", 2001, 2005), ("十三五", 2016, 2020), ("十四五", 2021, 2025), ("十五五", 2026, 2030),
])
def test_deadlines_five_year_plans(plan, first, last):
    (d,) = find_deadlines(f"“{plan}”期间要完成", 0, None)
    assert (d.start_date, d.end_date, d.basis) == (f"{first}-01-01", f"{last}-12-31", "absolute")


@pytest.mark.parametrize("sentence, start, end", [
    ("上半年完成", "2024-01-01", "2024-06-30"),
    ("三季度完成", "2024-07-01", "2024-09-30"),
    ("明年6月举办", "2025-06-01", "2025-06-30"),
    ("2024年度新增建设用地", "2024-01-01", "2024-12-31"),
    ("“十四五”期间培育", "2021-01-01", "2025-12-31"),
    # "by"-expressions start at the document date
    ("年底前完成", "2024-02-23", "2024-12-31"),
    ("三年内完成", "2024-02-23", "2027-02-23"),
    ("到2025年实现", "2024-02-23", "2025-12-31"),
    ("6月底前拨付", "2024-02-23", "2024-06-30"),
])
def test_deadlines_start(sentence, start, end):
    (d,) = find_deadlines(sentence, 0, DOC_DATE)
    assert (d.start_date, d.end_date) == (start, end)


@pytest.mark.parametrize("sentence, text, end, basis", [
    # relative expressions need the document date
    ("年内完成", "年内", None, "no_date"),
    ("今年要抓好", "今年", None, "no_date"),
    ("6月底前拨付", "6月底前", None, "no_date"),
    ("三年内完成", "三年内", None, "no_date"),
    ("本季度完成", "本季度", None, "no_date"),
    ("明年6月举办", "明年6月", None, "no_date"),
    ("春节前完成", "春节前", None, "no_date"),
    # absolute ones always resolve
    ("2024年底前建成", "2024年底前", "2024-12-31", "absolute"),
    ("到2025年实现", "到2025年", "2025-12-31", "absolute"),
    ("二〇二五年完成", "二〇二五年", "2025-12-31", "absolute"),
    ("“十四五”末达到", "“十四五”末", "2025-12-31", "absolute"),
    ("到本世纪中叶建成", "到本世纪中叶", "2050-12-31", "absolute"),
])
def test_deadlines_without_document_date(sentence, text, end, basis):
    (d,) = find_deadlines(sentence, 0, None)
    assert (d.text, d.end_date, d.basis) == (text, end, basis)
    if basis == "no_date":
        assert d.start_date is None


def test_deadlines_basis_with_document_date():
    (rel,) = find_deadlines("年内完成", 0, DOC_DATE)
    (ab,) = find_deadlines("2024年底前建成", 0, DOC_DATE)
    assert (rel.basis, ab.basis, ab.start_date) == ("document_date", "absolute", "2024-02-23")


@pytest.mark.parametrize("sentence", [s for s, _ in EXPRESSIONS])
def test_deadlines_offsets(sentence):
    offset = 1000
    mentions = find_deadlines(sentence, offset, DOC_DATE)
    for d in mentions:
        assert d.text == sentence[d.start - offset:d.end - offset]
    spans = [(d.start, d.end) for d in mentions]
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))  # no overlaps


def test_deadlines_longest_match_wins():
    assert found("各乡镇要在今年年底前完成") == [("今年年底前", "2024-12-31")]


def test_deadlines_datetime_doc_date_is_accepted():
    assert found("年内完成", dt.datetime(2024, 2, 23, 9, 30)) == [("年内", "2024-12-31")]


def test_deadlines_first_char_guard_changes_no_match():
    """The lookahead that speeds up CANDIDATE must not lose any candidate."""
    from analyzer.rules import time_grammar as G

    plain = re.compile(G.ALTERNATIVES)
    sentences = [s for s, _ in EXPRESSIONS] + NOT_DEADLINES + ["汛期前完成", "春节前完成", "国庆节前完成"]
    for s in sentences:
        assert [m.span() for m in D.CANDIDATE.finditer(s)] == [m.span() for m in plain.finditer(s)], s


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, timeout=120, check=True)


def test_deadlines_import_is_cheap_and_jionlp_lazy():
    out = _run(
        "import sys, datetime\n"
        "from analyzer.extract.deadlines import find_deadlines\n"
        "assert 'cn2an' not in sys.modules and 'jionlp' not in sys.modules\n"
        "find_deadlines('年底前完成，6月底前拨付，三年内建成', 0, datetime.date(2024, 2, 23))\n"
        "print('jionlp' in sys.modules)\n"
    )
    assert out.stdout == "False\n"


def test_deadlines_jionlp_fallback_is_quiet():
    pytest.importorskip("jionlp")
    out = _run(
        "import datetime\n"
        "from analyzer.extract.deadlines import find_deadlines\n"
        "d = find_deadlines('春节前完成，汛期前完成', 0, datetime.date(2024, 2, 23))\n"
        "print([(x.text, x.end_date, x.basis) for x in d])\n"
    )
    assert out.stdout == ("[('春节前', '2025-01-29', 'document_date'), "
                          "('汛期前', None, 'unparsed')]\n")
    assert out.stderr == ""


def _battery_tasks():
    if not BATTERY.exists():
        return []
    gold = json.loads(BATTERY.read_text(encoding="utf-8"))
    day = dt.date.fromisoformat(gold["doc_date"])
    return [pytest.param(t["text"], day, [(d["text"], d["end"]) for d in t["deadlines"]], id=t["text"][:12])
            for t in gold["tasks"]]


@pytest.mark.skipif(not BATTERY.exists(), reason="shared gold folder not present")
@pytest.mark.parametrize("sentence, doc_date, expected", _battery_tasks())
def test_deadlines_golden_battery(sentence, doc_date, expected):
    assert found(sentence, doc_date) == expected


def test_deadlines_the_first_years_of_a_century():
    """本世纪头二十年 in a 2002 report: 2001–2020; 二十一世纪 names its century itself."""
    d2002 = dt.date(2002, 11, 8)
    assert found("在本世纪头二十年全面建成小康社会", d2002) == [("本世纪头二十年", "2020-12-31")]
    assert found("二十一世纪前十年要基本完成", d2002) == [("二十一世纪前十年", "2010-12-31")]
    assert found("到本世纪中叶基本实现现代化", d2002) == [("到本世纪中叶", "2050-12-31")]
    [m] = find_deadlines("本世纪头二十年要集中力量", 0, d2002)
    assert (m.start_date, m.end_date) == ("2001-01-01", "2020-12-31")
