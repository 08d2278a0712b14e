"""Build the annotation excerpts of corpora/policy/ and corpora/policy-heldout/ from ../shared/corpora-src.

Run from the repository root: `python corpora/policy/make_excerpts.py OUT_DIR`. It writes, for every document of
MANIFEST, `<doc_id>.txt` (an exact contiguous slice of the source `content`, or that slice passed through one of the
converter styles below) and `sources.jsonl` (per document: source, offsets, kind, date). Deterministic: the same sources give the
same bytes. Nothing here reads or runs the analyzer.

Two "converted" styles stand for what users feed in after a PDF conversion. They are simulations of the converters'
habits, written from their documented output, not the output of the converters themselves (neither MinerU nor
pdftotext's layout mode is installable here with its models):
- `markdown` (MinerU/marker-like): headings 一、 → "# 一、", （一） → "## (一)" with ASCII parentheses, numbered items
  1. → "1．", percentages as LaTeX "$17\\%$", TAB-separated table rows as one HTML <table>;
- `pdftext` (pdftotext-like): paragraphs hard-wrapped at 38 characters, a page footer "- N -" every 40 lines.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpora-src"

# doc_id, corpus file, source id, start marker (None = 0), approximate length, kind, style, set
MANIFEST = [
    # ---- development set (corpora/policy) ----
    ("hebei-2024-kangyang-measures", "policy_documents", "hebei-f00-0011", None, 3400, "measures", None, "dev"),
    ("hebei-2023-steel-measures", "policy_documents", "jizhengbanzi-2023-122", None, 3800, "measures", None, "dev"),
    ("hebei-2023-casting-measures", "policy_documents", "jigongxinzhuang-2023-127", None, 3400, "measures", None, "dev"),
    ("guobanhan-2023-7-rd-centres", "policy_documents", "guobanhan-2023-7", None, 3100, "measures", None, "dev"),
    ("hebei-2024-silver-economy-measures", "policy_documents", "jirenshefa-2024-23", None, 3000, "measures", None, "dev"),
    ("hebei-2022-migrant-workers-measures", "policy_documents", "hebei-f09-0337", None, 3300, "measures", None, "dev"),
    ("guobanfa-2019-3-kindergartens", "policy_documents", "guobanfa-2019-3", None, 2300, "notice", None, "dev"),
    ("hebei-2024-school-enrolment-notice", "policy_documents", "hebei-f10-0013", None, 3300, "notice", None, "dev"),
    ("hebei-2023-labour-campaign-notice", "policy_documents", "hebei-f09-0228", None, 3000, "notice", None, "dev"),
    ("guofa-2019-5-random-inspections", "policy_documents", "guofa-2019-5", None, 3400, "opinion", None, "dev"),
    ("guokefanong-2020-192-agri-services", "policy_documents", "guokefanong-2020-192", None, 3400, "opinion", None, "dev"),
    ("hebei-2020-hightech-zones-opinion", "policy_documents", "jizhengzi-2020-52", None, 3400, "opinion", None, "dev"),
    ("hebei-2024-saihanba-opinion", "policy_documents", "hebei-f00-0014", None, 3400, "opinion", None, "dev"),
    ("guofa-2019-4-vocational-plan", "policy_documents", "guofa-2019-4", None, 3400, "plan", None, "dev"),
    ("hebei-2020-cluster-digital-plan", "policy_documents", "hebei-f02-0014", None, 3400, "plan", None, "dev"),
    ("hebei-2024-inspection-workplan", "policy_documents", "hebei-f09-0136", None, 2600, "plan", None, "dev"),
    ("hebei-2024-livelihood-projects", "policy_documents", "hebei-f00-0024", None, 2400, "table", None, "dev"),
    ("hebei-2018-preschool-teachers-plan", "policy_documents", "hebei-f14-0019", "河北省学前教育专业人才培养方案\n", 3600, "table", None, "dev"),
    ("hebei-2026-gwr-goals-tasks", "provincial_work_reports_2026", "河北省", "\n三、2026年主要工作", 3400, "report", None, "dev"),
    ("gansu-2026-gwr-tasks", "provincial_work_reports_2026", "甘肃省", "主要预期目标是", 3400, "report", None, "dev"),
    ("cangzhou-2014-education-report", "policy_documents", "hebei-f18-0031", None, 2300, "report", None, "dev"),
    ("guobanfa-1997-2-earthquake-report", "policy_documents", "guobanfa-1997-2", None, 2300, "report", None, "dev"),
    ("cpc15-1997-speech-excerpt", "cpc_congress_reports", "15", "（三）完善分配结构", 3300, "speech", None, "dev"),
    ("guobanfa-2019-4-hospital-md", "policy_documents", "guobanfa-2019-4", "二、", 3600, "converted", "markdown", "dev"),
    ("guobanfa-2018-126-reform-list-md", "policy_documents", "guobanfa-2018-126", None, 4000, "converted", "markdown", "dev"),
    ("guizhou-2026-gwr-pdftext", "provincial_work_reports_2026", "贵州省", "\n三、2026年工作安排", 3400, "converted", "pdftext", "dev"),
    ("hebei-2003-tb-plan-fullwidth", "policy_documents", "hebei-f00-0884", None, 2300, "plan", None, "dev"),
    ("hebei-2011-disability-plan", "policy_documents", "hebei-f00-0443", "二、", 3400, "plan", None, "dev"),
    # ---- held-out set (corpora/policy-heldout): scored once, at the end, never tuned on ----
    ("hebei-2022-jingjin-tech-measures", "policy_documents", "hebei-f05-0004", None, 2300, "measures", None, "heldout"),
    ("hebei-2024-graduates-measures", "policy_documents", "jirenshefa-2024-22", None, 3300, "measures", None, "heldout"),
    ("guobanfa-2018-127-research-autonomy", "policy_documents", "guobanfa-2018-127", None, 3300, "notice", None, "heldout"),
    ("hebei-2018-gp-training-opinion", "policy_documents", "hebei-f09-0147", None, 3400, "opinion", None, "heldout"),
    ("hebei-2024-digital-talent-plan", "policy_documents", "jirenshefa-2024-17", None, 3400, "plan", None, "heldout"),
    ("zhejiang-2026-gwr-tasks", "provincial_work_reports_2026", "浙江省", "主要预期目标为", 3400, "report", None, "heldout"),
    ("hebei-2023-tutoring-governance", "policy_documents", "hebei-f12-0001", None, 3400, "table", None, "heldout"),
    ("hebei-2023-digital-hebei-md", "policy_documents", "hebei-f04-0007", "二、", 3400, "converted", "markdown", "heldout"),
    # ---- added later: regulations, replies and minutes, kinds the first sets lacked ----
    ("hebei-2008-science-fund-regulation", "policy_documents", "hebei-f05-0109", None, 3400, "regulation", None, "dev"),
    ("hebei-2014-lifelong-education-regulation", "policy_documents", "hebei-f16-0003", None, 3400, "regulation", None,
     "dev"),
    ("guohan-2018-159-xiongan-reply", "policy_documents", "guohan-2018-159", None, 3300, "reply", None, "dev"),
    ("guofa-1979-71-coal-minutes", "policy_documents", "guofa-1979-71", None, 3400, "other", None, "dev"),
    ("hebei-2024-service-rectification-notice", "policy_documents", "jirenshezi-2024-38", None, 2300, "notice", None,
     "dev"),
    ("renshebufa-2017-81-enforcement-opinion", "policy_documents", "renshebufa-2017-81", None, 3200, "opinion", None,
     "dev"),
    # ---- second held-out set (corpora/policy-heldout2): scored, never looked into ----
    ("guokefajiang-2023-11-awards-regulation", "policy_documents", "guokefajiang-2023-11", None, 3400, "regulation",
     None, "heldout2"),
    ("hebei-2020-loan-risk-regulation", "policy_documents", "jikezigui-2020-2", None, 3400, "regulation", None,
     "heldout2"),
    ("guohan-1998-57-petrochina-reply", "policy_documents", "guohan-1998-57", None, 3000, "reply", None, "heldout2"),
    ("hebei-2022-online-recruitment-notice", "policy_documents", "hebei-f09-0395", None, 2900, "notice", None,
     "heldout2"),
    ("hebei-2023-electronics-opinion", "policy_documents", "hebei-f01-0012", None, 3400, "opinion", None, "heldout2"),
    ("hebei-2024-ecny-pilot-plan", "policy_documents", "hebei-f01-0001", None, 3400, "plan", None, "heldout2"),
]
FOLDERS = {"dev": "policy", "heldout": "policy-heldout", "heldout2": "policy-heldout2"}

# Documents whose source row has no date: the date the text was delivered or issued.
KNOWN_DATES = {"cpc15-1997-speech-excerpt": "1997-09-12"}

_SENTENCE_END = re.compile(r"[。！？；]\s*|\n")


def _load(corpus: str, source_id: str) -> dict:
    with open(SRC / f"{corpus}.jsonl", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            key = row.get("id") if corpus != "cpc_congress_reports" else str(row.get("congress"))
            if key == source_id:
                return row
    raise KeyError(f"{source_id} not in {corpus}")


def _slice(content: str, marker: str | None, length: int) -> tuple[int, int]:
    start = 0
    if marker:
        start = content.index(marker)
        if content[start] == "\n":
            start += 1
        # begin at the start of the line that holds the marker
        start = content.rfind("\n", 0, start) + 1
    if len(content) - start <= length * 1.3:
        return start, len(content)
    # end after the paragraph (or failing that the sentence) that reaches the length
    nl = content.find("\n", start + length)
    if 0 <= nl - (start + length) < 400:
        return start, nl + 1
    m = _SENTENCE_END.search(content, start + length)
    return start, (m.end() if m else len(content))


_HEAD1 = re.compile(r"^([一二三四五六七八九十]+、)")
_HEAD2 = re.compile(r"^（([一二三四五六七八九十]+)）")
_ITEM = re.compile(r"^(\d{1,2})\.")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)%")


def to_markdown(text: str) -> str:
    out, table = [], []
    width = 0
    for line in text.split("\n"):
        if "\t" in line:
            cells = line.split("\t")
            width = max(width, len(cells))
            table.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
            continue
        if table and line.strip() and len(line) < 40:
            # a group row inside the table (一、知识产权保护方面) spans the table, as converters write it
            table.append(f'<tr><td colspan="{width}">{line.strip()}</td></tr>')
            continue
        if table:
            out.append("<table>" + "".join(table) + "</table>")
            table = []
        line = _PERCENT.sub(lambda m: f"${m.group(1)}\\%$", line)
        if _HEAD1.match(line) and len(line) < 40:
            line = "# " + line
        elif _HEAD2.match(line):
            line = _HEAD2.sub(lambda m: f"## ({m.group(1)})", line)
        else:
            line = _ITEM.sub(lambda m: f"{m.group(1)}．", line)
        out.append(line)
    if table:
        out.append("<table>" + "".join(table) + "</table>")
    return "\n\n".join(x for x in out if x.strip()) + "\n"


def to_pdftext(text: str, width: int = 38, page_lines: int = 40) -> str:
    lines = []
    for para in text.split("\n"):
        para = para.strip()
        if not para:
            continue
        first = "　　" + para
        lines.extend(first[i:i + width] for i in range(0, len(first), width))
    out = []
    for i, line in enumerate(lines, 1):
        out.append(line)
        if i % page_lines == 0:
            out.append(f"- {i // page_lines} -")
    return "\n".join(out) + "\n"


def main(out_root: str) -> None:
    root = Path(out_root)
    manifests: dict[str, list] = {which: [] for which in FOLDERS}
    for doc_id, corpus, source_id, marker, length, kind, style, which in MANIFEST:
        row = _load(corpus, source_id)
        content = row["content"]
        start, end = _slice(content, marker, length)
        text = content[start:end]
        if not text.endswith("\n"):
            text += "\n"
        if style == "markdown":
            text = to_markdown(text)
        elif style == "pdftext":
            text = to_pdftext(text)
        folder = root / FOLDERS[which]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        manifests[which].append({
            "doc_id": doc_id, "kind": kind, "style": style or "as scraped",
            "doc_date": row.get("date") or KNOWN_DATES.get(doc_id), "title": row.get("title"),
            "source": {"corpus": f"{corpus}.jsonl", "id": source_id, "content_slice": [start, end],
                       "url": row.get("url"), "origin": row.get("source")},
        })
    for which, items in manifests.items():
        folder = root / FOLDERS[which]
        (folder / "sources.jsonl").write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in items), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "corpora")
