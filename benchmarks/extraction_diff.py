#!/usr/bin/env python3
"""Does a change alter what is extracted? A snapshot of every record over the shared corpora, and a diff.

Extracts the national work reports, the party congress reports, the 31 provincial 2026 reports and, with
--policy, the 982 gov.cn policy documents (or any JSONL corpus given with --corpus) through the Python API, in
one process, and writes every record as one canonical JSON line (sorted keys) to a snapshot file. With
--against it compares a new snapshot with an earlier one and prints what changed: documents whose records
differ, tasks gained and lost (by text), and fields that changed on tasks whose text stayed. A refactoring
must leave the snapshot byte-identical.

    python benchmarks/extraction_diff.py --save /tmp/before.jsonl          # before the change
    python benchmarks/extraction_diff.py --against /tmp/before.jsonl       # after it: exit 1 when anything differs
    python benchmarks/extraction_diff.py --rules-only --save /tmp/rules.jsonl  # what the sentence model changes
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "corpora-src"
# corpus file, id field, date field
CORPORA = (
    ("government_work_reports.jsonl", "year", "year"),
    ("cpc_congress_reports.jsonl", "congress", None),
    ("provincial_work_reports_2026.jsonl", "id", "date"),
)
POLICY = (("policy_documents.jsonl", "id", "date"),)


def snapshot(corpora, out_path: Path, rules_only: bool = False) -> str:
    """Write every record of `corpora` to `out_path`, one canonical line each; returns its sha256."""
    from analyzer.context import Context
    from analyzer.ingest.corpus import CorpusLineError, iter_corpus
    from analyzer.pipeline import analyze_raw

    context = Context.create(rules_only=rules_only)
    digest = hashlib.sha256()
    with open(out_path, "w", encoding="utf-8") as out:
        for name, id_field, date_field in corpora:
            path = Path(name) if Path(name).is_file() else SHARED / name
            for raw in iter_corpus(path, None, id_field, date_field):
                if isinstance(raw, CorpusLineError):
                    continue
                analysis = analyze_raw(raw, date=None, context=context)
                for rec in analysis.records:
                    line = json.dumps({"corpus": path.name, **rec.to_dict()}, ensure_ascii=False,
                                      sort_keys=True) + "\n"
                    out.write(line)
                    digest.update(line.encode("utf-8"))
    return digest.hexdigest()


def _load(path: Path):
    by_doc = collections.defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            by_doc[(rec["corpus"], rec["doc_id"])].append(rec)
    return by_doc


def diff(before: Path, after: Path, show: int = 20) -> int:
    """Print the differences; the number of documents that differ."""
    a, b = _load(before), _load(after)
    changed = 0
    gained_total = lost_total = field_total = 0
    for key in sorted(set(a) | set(b), key=str):
        ra, rb = a.get(key, []), b.get(key, [])
        if ra == rb:
            continue
        changed += 1
        ta = collections.Counter(r["text"] for r in ra)
        tb = collections.Counter(r["text"] for r in rb)
        lost, gained = ta - tb, tb - ta
        gained_total += sum(gained.values())
        lost_total += sum(lost.values())
        by_text_a = {r["text"]: r for r in ra}
        fields = collections.Counter()
        for r in rb:
            old = by_text_a.get(r["text"])
            if old is None:
                continue
            for k in set(old) | set(r):
                if k != "task_id" and old.get(k) != r.get(k):
                    fields[k] += 1
        field_total += sum(fields.values())
        print(f"{key[0]} {key[1]}: {len(ra)} → {len(rb)} records, +{sum(gained.values())} "
              f"-{sum(lost.values())} tasks, fields changed: {dict(fields)}")
        for t in list(gained)[:show]:
            print(f"   + {t[:100]}")
        for t in list(lost)[:show]:
            print(f"   - {t[:100]}")
    print(f"{changed} document(s) differ; tasks +{gained_total} -{lost_total}; "
          f"{field_total} field change(s) on kept tasks")
    return changed


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--save", type=Path, help="write the snapshot here")
    ap.add_argument("--against", type=Path, help="compare a fresh snapshot with this earlier one")
    ap.add_argument("--corpus", action="append", default=[], metavar="FILE:IDFIELD[:DATEFIELD]",
                    help="extract this JSONL corpus instead of the shared ones (repeatable)")
    ap.add_argument("--policy", action="store_true", help="also extract the gov.cn policy documents")
    ap.add_argument("--rules-only", action="store_true", help="without the sentence model")
    args = ap.parse_args(argv)
    corpora = CORPORA + (POLICY if args.policy else ())
    if args.corpus:
        corpora = tuple((c.split(":") + [None, None])[:3] for c in args.corpus)
    out = args.save or Path(tempfile.mkstemp(suffix=".jsonl")[1])
    sha = snapshot(corpora, out, args.rules_only)
    print(f"snapshot {out}: sha256 {sha}")
    if args.against:
        return 1 if diff(args.against, out) else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
