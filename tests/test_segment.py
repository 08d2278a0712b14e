"""Segmentation: our own tokenizer with the policy dictionaries and user dictionaries."""
from __future__ import annotations

import pytest

from analyzer.context import Context
from analyzer.errors import UsageError
from analyzer.lexicon import UnitLexicon, read_dictionary, unit_gazetteer
from analyzer.segment import Segmenter


@pytest.fixture(scope="module")
def seg():
    return Segmenter()


@pytest.mark.parametrize("text, word", [
    ("市住房城乡建设局要于2024年底前建成", "市住房城乡建设局"),
    ("省工业和信息化厅、科技厅按职责分工负责", "省工业和信息化厅"),
    ("全力以赴抓好招商引资和项目建设", "招商引资"),
    ("各地区各部门制定政策", "各部门"),
])
def test_segment_keeps_policy_words_whole(seg, text, word):
    assert word in seg.cut(text)


def test_segment_tokenize_keeps_offsets(seg):
    text = "市人大、市政协也要积极组织视察"
    for word, s, e in seg.tokenize(text):
        assert text[s:e] == word


@pytest.mark.parametrize("text, at, cuts", [
    ("加快建设。要在年底前完成", 5, True),   # after a final mark
    ("一、加快建设", 2, True),               # after 、
    ("1.实施工程", 2, False),                # inside the block "1.实施工程"
    ("加快建设要在年底前完成", 4, False),     # between two Chinese characters
    ("完成（牵头单位：市财政局）", 2, True),  # before a bracket
    ("第一段\n第二段", 4, True),
])
def test_segment_cuts_at_block_edges(text, at, cuts):
    assert Segmenter.cuts_at(text, at) is cuts


def test_segment_block_characters_are_jiebas():
    import jieba

    from analyzer.segment import _BLOCK_CHAR

    # cuts_at mirrors jieba's block pattern; a jieba that changes it must fail here
    assert jieba.re_han_default.pattern == "(" + _BLOCK_CHAR.pattern.replace("._", "\\._") + "+)"


def test_segment_a_span_alone_gives_the_whole_texts_words(seg):
    # the pipeline segments only the sentences it needs words of, each on its own
    text = ("一、要抓牢项目引进和建设这一总抓手。2024年底前，市发展改革委要会同市财政局完成194个"
            "新开工项目的前期工作；各县（市）区主要负责同志要亲自抓。1.实施重点产业链行动")
    whole = seg.tokenize(text)
    cuts = [i for i in range(len(text) + 1) if Segmenter.cuts_at(text, i)]
    for a, b in zip(cuts, cuts[1:], strict=False):
        inside = [(w, s - a, e - a) for w, s, e in whole if a <= s and e <= b]
        assert seg.tokenize(text[a:b]) == inside


def test_segment_does_not_touch_jiebas_global_tokenizer(seg):
    import jieba

    seg.cut("市发展改革委")
    assert "市发展改革委" not in jieba.dt.FREQ  # our words live in our tokenizer only


def test_segment_user_dictionary(tmp_path):
    d = tmp_path / "words.txt"
    d.write_text("# my bodies\n市数字办 100 nt\n链长制 50 n\n", encoding="utf-8")
    assert read_dictionary(d) == [("市数字办", 100, "nt"), ("链长制", 50, "n")]
    seg = Segmenter([d])
    assert "市数字办" in seg.cut("市数字办要牵头推进链长制")
    lexicon = UnitLexicon.from_dictionaries([d])
    assert "市数字办" in lexicon.names and "链长制" not in lexicon.names
    assert "市数字办" not in unit_gazetteer()


def test_segment_two_user_dictionaries_in_one_process(tmp_path):
    """Two contexts with different dictionaries side by side: no global switch between them."""
    from analyzer.pipeline import analyze_text

    d = tmp_path / "words.txt"
    d.write_text("湾区之光 100 nt\n", encoding="utf-8")  # a body no naming rule would recognise
    text = "湾区之光要在年内完成平台建设。"
    mine, plain = Context.create([str(d)]), Context.create()
    assert [u.name for u in analyze_text(text, "a", context=mine).records[0].units] == ["湾区之光"]
    assert analyze_text(text, "b", context=plain).records[0].units == ()
    assert [u.name for u in analyze_text(text, "c", context=mine).records[0].units] == ["湾区之光"]


def test_segment_missing_user_dictionary(tmp_path):
    with pytest.raises(UsageError, match="user dictionary not found"):
        Context.create([str(tmp_path / "absent.txt")])


def test_segment_prefix_dictionary_is_jiebas_own(tmp_path, monkeypatch):
    """The prefix dictionary read from this user's cache is exactly what jieba builds from its dictionary."""
    import jieba

    from analyzer.segment import _dictionary_prefixes

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    reference = jieba.Tokenizer()
    with reference.get_dict_file() as fh:
        freq, total = reference.gen_pfdict(fh)
    built = _dictionary_prefixes(jieba.Tokenizer())  # no cache yet: built, and cached
    cached = _dictionary_prefixes(jieba.Tokenizer())  # from the cache
    assert built == cached == (freq, total)
    assert list((tmp_path / "policy-analyzer").glob("jieba-*.marshal"))


def test_segment_jieba_is_imported_without_pkg_resources():
    """jieba only needs pkg_resources to open its own files (0.2 s of start-up); it must
    still segment, and pkg_resources must stay importable for anyone else."""
    import subprocess
    import sys

    code = ("import sys\n"
            "from analyzer.segment import Segmenter\n"
            "words = Segmenter().tokenizer.lcut('市发展改革委要在年内完成重大项目库的全面更新')\n"
            "print('pkg_resources' in sys.modules, words[:2])\n"
            "import pkg_resources\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False ['市发展改革委', '要']"


def test_a_planted_jieba_cache_changes_nothing(tmp_path):
    """jieba trusts /tmp/jieba.cache whoever wrote it (a planted one turned 3 tasks into 2). Segmentation reads
    this user's private cache, made from the dictionary's own bytes, and never jieba's shared one; a cache that
    others could write is built again."""
    import marshal
    import os
    import stat
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    planted = Path(tempfile.gettempdir()) / "jieba.cache"
    saved = planted.read_bytes() if planted.exists() else None
    code = "from analyzer.segment import Segmenter; print('/'.join(Segmenter().cut('市财政局要在6月底前拨付资金')))"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    try:
        planted.write_bytes(marshal.dumps(({"市": 1, "财": 1}, 2)))  # a dictionary of two characters
        first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        assert first.stdout.strip() == "市财政局/要/在/6/月底/前/拨付/资金" and "Traceback" not in first.stderr
        cached = next((tmp_path / "cache" / "policy-analyzer").glob("jieba-*.marshal"))
        assert stat.S_IMODE(cached.stat().st_mode) == 0o600
        cached.write_bytes(marshal.dumps(({"市": 1}, 1)))
        os.chmod(cached, 0o666)  # writable by others: not trusted, built again
        again = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        assert again.stdout == first.stdout and stat.S_IMODE(cached.stat().st_mode) == 0o600
    finally:
        if saved is None:
            planted.unlink(missing_ok=True)
        else:
            planted.write_bytes(saved)
