"""The command line, through click's CliRunner (and one real subprocess for start-up)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpora" / "shangqiu-2024-investment-speech.txt"
GOOD = "（2024年2月23日）\n市发展改革委要在年内完成重大项目库的全面更新。\n市财政局要在6月底前拨付首批产业引导资金。\n"


@pytest.fixture
def runner():
    return CliRunner()


def _lines(output: str) -> list[dict]:
    return [json.loads(x) for x in output.splitlines() if x.strip()]


def test_cli_extract_jsonl_contract(runner):
    res = runner.invoke(main, ["extract", str(SEED), "--quiet"])
    assert res.exit_code == 0, res.output
    recs = _lines(res.stdout)
    assert len(recs) > 50
    for r in recs:
        assert r["doc_id"] == "shangqiu-2024-investment-speech"
        assert {"task_id", "text", "start", "end", "section", "obligation", "units", "targets",
                "deadlines", "point"} <= set(r)
        for u in r["units"]:
            assert set(u) >= {"name", "role", "inherited"} and u["role"] in ("lead", "responsible", "cooperate")
        for d in r["deadlines"]:
            assert "end" in d and "text" in d
    assert "各县（市）区" in res.stdout  # characters, not \u escapes


def test_cli_extract_doc_id_date_and_output_file(runner, tmp_path):
    src = tmp_path / "battery.txt"
    src.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    res = runner.invoke(main, ["extract", str(src), "--doc-id", "b1", "--date", "2025-01-01", "-o", str(out)])
    assert res.exit_code == 0, res.output
    recs = _lines(out.read_text(encoding="utf-8"))
    assert [r["doc_id"] for r in recs] == ["b1", "b1"]
    assert [r["deadlines"][0]["end"] for r in recs] == ["2025-12-31", "2025-06-30"]
    assert "1 document(s) extracted, 2 task(s)" in res.stderr


def test_cli_extract_csv_and_table(runner, tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(GOOD + "=cmd|要加强管理。\n", encoding="utf-8")
    res = runner.invoke(main, ["extract", str(src), "--format", "csv", "-q"])
    assert res.exit_code == 0
    rows = res.stdout.splitlines()
    assert rows[0].startswith("doc_id,task_id,text,obligation,lead,responsible,cooperate")
    assert "市发展改革委" in res.stdout
    assert ",'=cmd" in res.stdout  # formula injection neutralised
    res = runner.invoke(main, ["extract", str(src), "--format", "table", "-q"])
    assert res.exit_code == 0 and "时限：年内 → 2024-12-31" in res.stdout


def test_cli_extract_stdin(runner):
    res = runner.invoke(main, ["extract", "-", "--date", "2024-02-23", "-q"], input=GOOD.encode("gb18030"))
    assert res.exit_code == 0, res.output
    recs = _lines(res.stdout)
    assert [r["doc_id"] for r in recs] == ["stdin", "stdin"]


def test_cli_extract_several_files_and_bad_ones_do_not_stop_the_batch(runner, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(GOOD.encode("gbk"))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "junk.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    out = tmp_path / "out.jsonl"
    res = runner.invoke(main, ["extract", str(empty), str(good), str(binary), str(gbk),
                               str(tmp_path / "missing.txt"), "-o", str(out)])
    assert res.exit_code == 3  # some failed
    errors = [x for x in res.stderr.splitlines() if x.startswith("error:")]
    assert len(errors) == 3
    assert any("empty.txt: empty file" in e for e in errors)
    assert any("junk.txt: binary data" in e for e in errors)
    assert any("missing.txt: no such file" in e for e in errors)
    # the good documents were all written
    assert sorted({r["doc_id"] for r in _lines(out.read_text(encoding="utf-8"))}) == ["gbk", "good"]


def test_cli_extract_nothing_usable_exits_2(runner, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    res = runner.invoke(main, ["extract", str(empty)])
    assert res.exit_code == 2
    assert "empty.txt: empty file" in res.stderr


@pytest.mark.parametrize("args", [
    ["extract"],  # no file
    ["extract", "a.txt", "--date", "2024-13-40"],
    ["extract", "a.txt", "--format", "xml"],
    ["extract", "a.txt", "b.txt", "--doc-id", "x"],
    ["nonsense"],
])
def test_cli_usage_errors_exit_1(runner, args):
    res = runner.invoke(main, args)
    assert res.exit_code == 1


def test_cli_user_dictionary(runner, tmp_path):
    words = tmp_path / "words.txt"
    words.write_text("市数字办 100 nt\n", encoding="utf-8")
    src = tmp_path / "a.txt"
    src.write_text("市数字办要在年内完成平台建设。\n", encoding="utf-8")
    res = runner.invoke(main, ["extract", str(src), "--user-dict", str(words), "-q"])
    assert res.exit_code == 0
    assert [u["name"] for u in _lines(res.stdout)[0]["units"]] == ["市数字办"]


def test_cli_text_prints_the_normalised_text(runner, tmp_path):
    src = tmp_path / "a.txt"
    src.write_bytes("同时，要切忌方案、工作\r\n“两张皮”。\r\n".encode("gbk"))
    res = runner.invoke(main, ["text", str(src)])
    assert res.exit_code == 0
    assert res.stdout == "同时，要切忌方案、工作“两张皮”。\n"
    res = runner.invoke(main, ["text", str(src), "--offsets"])
    assert res.stdout.split()[:2] == ["0", "0"]


def test_cli_evaluate(runner, corpora, tmp_path):
    pred = tmp_path / "pred.jsonl"
    res = runner.invoke(main, ["evaluate", "--gold", str(corpora), "--json", "--pred", str(pred)])
    assert res.exit_code == 0, res.output
    result = json.loads(res.stdout)
    assert result["tasks"]["f1"] > 0.9 and "shangqiu-2024-investment-speech" in result["documents"]
    assert pred.read_text(encoding="utf-8").count("\n") == sum(
        result["documents"][d]["tasks"]["tp"] + result["documents"][d]["tasks"]["fp"] for d in result["documents"])
    res = runner.invoke(main, ["evaluate", "--gold", str(corpora), "--min", "tasks=1.01"])
    assert res.exit_code == 1 and "below floor" in res.stderr
    res = runner.invoke(main, ["evaluate", "--gold", str(tmp_path / "none")])
    assert res.exit_code == 2 and "gold folder not found" in res.stderr


def test_cli_every_command_has_help_and_is_in_the_readme(runner):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, cmd in main.commands.items():
        assert cmd.help, name
        assert runner.invoke(main, [name, "--help"]).exit_code == 0
        assert f"policy-analyzer {name}" in readme, name


def test_cli_help_imports_nothing_heavy():
    code = ("import sys, runpy; sys.argv=['policy-analyzer','--help'];\n"
            "from analyzer.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "heavy=[m for m in ('jieba','spacy','sklearn','pandas','duckdb','jionlp','cn2an') if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert "HEAVY []" in out.stdout


def test_cli_runs_from_a_checkout():
    out = subprocess.run([sys.executable, "cli.py", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and "extract" in out.stdout


def test_console_entry_ends_without_teardown_but_flushes_everything_and_keeps_exit_codes(tmp_path):
    """`run()` leaves with os._exit after the command (no interpreter teardown): what the
    command wrote must still be complete — standard output through a pipe, an output
    file, the store — and the exit codes must be the documented ones."""
    docs = sorted(ROOT.glob("corpora/*.txt"))
    db, out = tmp_path / "s.duckdb", tmp_path / "out.jsonl"
    cmd = [sys.executable, "cli.py", "extract", *map(str, docs)]
    piped = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    assert piped.returncode == 0, piped.stderr
    piped_records = [json.loads(line) for line in piped.stdout.splitlines()]
    assert len(piped_records) > 100 and "task(s) in" in piped.stderr  # the summary line too
    written = subprocess.run(cmd + ["--db", str(db), "-o", str(out), "-w", "2"], capture_output=True,
                             text=True, cwd=ROOT)
    assert written.returncode == 0, written.stderr
    assert [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] == piped_records
    from analyzer.store import Store

    with Store(db, read_only=True) as store:
        assert store.counts()["tasks"] == len(piped_records)
    missing = subprocess.run([sys.executable, "cli.py", "extract", str(tmp_path / "nope.txt")],
                             capture_output=True, text=True, cwd=ROOT)
    assert missing.returncode == 2 and "nope.txt: no such file" in missing.stderr
    usage = subprocess.run([sys.executable, "cli.py", "extract"], capture_output=True, text=True, cwd=ROOT)
    assert usage.returncode == 1 and "Usage:" in usage.stderr


def test_a_rerun_with_db_and_output_writes_the_stored_records_of_unchanged_documents(tmp_path):
    """Unchanged documents are skipped, but the output file of the re-run still holds their records, in input
    order, for any number of workers (it was empty: the first run's output overwritten by nothing)."""
    folder = tmp_path / "docs"
    folder.mkdir()
    texts = {"a": "市财政局要在6月底前拨付资金。\n", "b": "市教育局要在年底前建成学校10所。\n",
             "c": "市交通局要在9月底前完成道路改造。\n"}
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    db, first, second = tmp_path / "s.duckdb", tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    assert CliRunner().invoke(main, ["extract", str(folder), "--db", str(db), "-o", str(first), "-q"]).exit_code == 0
    (folder / "b.txt").write_text("市教育局要在年底前建成学校12所。\n", encoding="utf-8")  # one changed
    for workers in ("1", "2"):
        res = CliRunner().invoke(main, ["extract", str(folder), "--db", str(db), "-o", str(second), "-w", workers])
        assert res.exit_code == 0, res.output
        assert "unchanged (skipped)" in res.stderr
        rows = [json.loads(x) for x in second.read_text(encoding="utf-8").splitlines()]
        assert [r["doc_id"] for r in rows] == ["a", "b", "c"]
        assert "12所" in rows[1]["text"]
    old = [json.loads(x) for x in first.read_text(encoding="utf-8").splitlines()]
    assert [r for r in rows if r["doc_id"] != "b"] == [r for r in old if r["doc_id"] != "b"]


def test_json_lines_on_standard_input_are_a_corpus(tmp_path):
    """`head -3 corpus.jsonl | policy-analyzer extract - --id-field year` reads one document per line (it read
    the stream as one document of raw JSON and ignored --id-field)."""
    lines = [{"year": 2023, "content": "市财政局要在6月底前拨付资金。"},
             {"year": 2024, "content": "市教育局要在年底前建成学校10所。"}]
    data = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines).encode("utf-8")
    res = CliRunner().invoke(main, ["extract", "-", "--id-field", "year", "-q"], input=data)
    assert res.exit_code == 0, res.output
    assert [json.loads(x)["doc_id"] for x in res.stdout.splitlines()] == ["2023", "2024"]
    # --jsonl: bad lines are named, one line each, and the good ones go on
    res = CliRunner().invoke(main, ["extract", "-", "--jsonl", "-q"], input=data + b"oops\n")
    assert res.exit_code == 3
    assert "error: -:3: not JSON" in res.stderr and len(res.stdout.splitlines()) == 2
    # a plain text on standard input is still one document
    res = CliRunner().invoke(main, ["extract", "-", "-q"], input="市财政局要在6月底前拨付资金。\n".encode())
    assert res.exit_code == 0 and json.loads(res.stdout.splitlines()[0])["doc_id"] == "stdin"


def test_corpus_options_that_do_not_apply_are_refused(tmp_path):
    txt = tmp_path / "a.txt"
    txt.write_text("市财政局要在6月底前拨付资金。\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["extract", str(txt), "--id-field", "year"])
    assert res.exit_code == 1 and "--id-field applies to JSON Lines corpora only" in res.output
    res = CliRunner().invoke(main, ["extract", "-", "--id-field", "year", "--date-field", "d"],
                             input="市财政局要在6月底前拨付资金。\n".encode())
    assert res.exit_code == 1
    assert "--id-field and --date-field apply to JSON Lines corpora only: standard input is not JSON Lines" in res.output
