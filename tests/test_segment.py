"""Segmentation: lexicon terms stay whole, stopwords switch, the cache works, jieba is quiet."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter

import pytest

from helpers import cache
from helpers.paths import cache_dir
from helpers.text import corpus, lexicon, segment


def test_every_lexicon_term_is_one_token_wherever_it_occurs() -> None:
    terms = lexicon.load_lexicon().term
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))
    broken = {}
    for article in corpus.load_articles().itertuples():
        expected = Counter(pattern.findall(segment.prepare(article.text)))
        tokens = Counter(t for t in segment.tokenize(article.text, stopwords=False)
                         if t in expected)
        if tokens != expected:
            broken[article.article_id] = (expected - tokens, tokens - expected)
    assert not broken, broken


@pytest.mark.parametrize("text", ["积极探索“专业 + 机制 + 大数据”新型警务运行模式",
                                  "积极探索“专业＋机制＋大数据”新型警务运行模式"])
def test_spaced_and_full_width_formulation_is_one_token(text: str) -> None:
    assert "专业+机制+大数据" in segment.tokenize(text)
    assert "专业+机制+大数据" not in segment.tokenize(text, lexicon=False)


def test_stopword_switches() -> None:
    text = "坚持推进派出所“两队一室”改革的工作"
    everything = segment.tokenize(text, stopwords=False)
    assert {"坚持", "的", "两队一室"} <= set(everything)
    general = segment.tokenize(text, stopwords="general")
    assert "的" not in general and "坚持" in general
    both = segment.tokenize(text)
    assert "的" not in both and "坚持" not in both and "两队一室" in both
    with pytest.raises(ValueError, match="unknown stopword list"):
        segment.load_stopwords("nonsense")


def test_punctuation_and_numbers_are_not_tokens() -> None:
    tokens = segment.tokenize("2023年，破案率上升7.7个百分点！", stopwords=False)
    assert not any(re.fullmatch(r"[\W\d.]+", t) for t in tokens)
    assert "2023" in segment.tokenize("2023年", stopwords=False, keep_numbers=True)


def test_pos_tags_mark_lexicon_terms() -> None:
    pairs = segment.tokenize_pos("深化派出所两队一室改革")
    assert ("两队一室", "nz") in pairs
    assert all(flag for _, flag in pairs)


def test_corpus_tokens_are_cached_and_rebuilt() -> None:
    first = segment.tokenize_paragraphs()
    assert len(first) == len(corpus.load_paragraphs())
    assert (first.n_tokens > 0).all()
    entries = list((cache_dir() / "tokens").glob("*.json"))
    assert len(entries) == 1
    second = segment.tokenize_paragraphs()
    assert second.tokens.tolist() == first.tokens.tolist()
    # a truncated entry is detected and rebuilt, not crashed on
    entries[0].write_text(entries[0].read_text(encoding="utf-8")[:100], encoding="utf-8")
    assert segment.tokenize_paragraphs().tokens.tolist() == first.tokens.tolist()
    assert cache.read_json(entries[0])[0]
    # deleting the cache folder is always safe
    for path in (cache_dir() / "tokens").glob("*.json"):
        path.unlink()
    assert segment.tokenize_paragraphs().tokens.tolist() == first.tokens.tolist()


def test_cache_key_depends_on_options() -> None:
    with_stop = segment.tokenize_paragraphs()
    without = segment.tokenize_paragraphs(stopwords=False)
    assert with_stop.n_tokens.sum() < without.n_tokens.sum()
    assert len(list((cache_dir() / "tokens").glob("*.json"))) == 2


def test_jieba_prints_nothing() -> None:
    code = "from helpers.text.segment import tokenize; print(tokenize('公安改革向纵深推进'))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stderr == ""
    assert done.stdout.strip().startswith("[")


def test_term_occurrences_agree_with_tokens() -> None:
    text = "坚持和发展新时代“枫桥经验”，深化“专业 + 机制 + 大数据”改革，推进社区警务队建设"
    found = [term for _, term in segment.term_occurrences(text)]
    assert found == ["枫桥经验", "专业+机制+大数据", "社区警务队"]
    tokens = segment.tokenize(text, stopwords=False)
    assert [t for t in tokens if t in set(found)] == found


def test_extension_b_and_compatibility_ideographs_are_kept() -> None:
    assert segment.tokenize("王𫖮同志") == ["王", "𫖮", "同志"]
    assert "𫖮" in segment.tokenize("王𫖮同志", lexicon=False)
    assert segment.tokenize("王𫖮同志", lexicon={"names": ["王𫖮"]}) == ["王𫖮", "同志"]
    assert lexicon.JIEBA_TOKEN.match("王𫖮") and lexicon.JIEBA_TOKEN.match("\uf900\U00030000")
    assert [t for t in segment.tokenize("\u3400字\uf900字\U0002b740字", stopwords=False)
            if "字" not in t] == ["\u3400", "\uf900", "\U0002b740"]


def test_trie_pattern_matches_what_the_longest_first_alternation_matches() -> None:
    import random

    rng = random.Random(20241109)
    terms = list(lexicon.load_lexicon().term) + ["ab", "abc", "abd", "b", "bcd", "a+b", "x.y"]
    alternation = re.compile("|".join(re.escape(t) for t in sorted(terms,
                                                                    key=lambda t: (-len(t), t))))
    trie = segment._words_pattern(terms)
    assert trie is not None and segment._words_pattern([]) is None
    alphabet = sorted({c for t in terms for c in t}) + ["的", "，", " "]
    texts = [segment.prepare(a.text) for a in corpus.load_articles().itertuples()]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
              for _ in range(3_000)]
    for text in texts:
        assert ([m.span() for m in trie.finditer(text)]
                == [m.span() for m in alternation.finditer(text)]), text


def test_tokenizers_read_jiebas_dictionary_once_and_own_their_copies(tmp_path) -> None:
    """With and without the lexicon: one read of jieba's dictionary, two separate copies."""
    code = """
import jieba
from helpers.text import segment
reads = []
original = jieba.Tokenizer.initialize
def counted(self, *args):
    reads.append(1)
    return original(self, *args)
jieba.Tokenizer.initialize = counted
with_lexicon = segment.get_tokenizer(True)
plain = segment.get_tokenizer(False)
text = "深化公安改革，推进一村一辅警"
tokens = plain.lcut(text), with_lexicon.lcut(text)
n_reads = len(reads)
fresh = jieba.Tokenizer()
fresh.tmp_dir = plain.tmp_dir
print(n_reads, with_lexicon.FREQ is not plain.FREQ, "公安改革" in plain.FREQ,
      tokens[0] == fresh.lcut(text), "公安改革" in tokens[1])
"""
    env = {**os.environ, "POLICING_CACHE_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env=env)
    assert done.stdout.split() == ["1", "True", "False", "True", "True"], done.stdout


def test_faster_calc_gives_jieba_routes() -> None:
    import random

    import jieba

    rng = random.Random(7)
    plain = jieba.Tokenizer()
    fast = segment._tokenizer_class()()
    plain.check_initialized()
    fast.check_initialized()
    paragraphs = [str(t) for t in corpus.load_paragraphs().text]
    alphabet = sorted({c for t in paragraphs for c in t})
    texts = paragraphs + ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 80)))
                          for _ in range(2_000)]
    for text in texts:
        dag = plain.get_DAG(text)
        expected: dict = {}
        routes: dict = {}
        plain.calc(text, dag, expected)
        fast.calc(text, dag, routes)
        assert routes == expected, text
        assert fast.lcut(text) == plain.lcut(text)
        assert fast.lcut(text, HMM=False) == plain.lcut(text, HMM=False)


def test_pos_tags_with_the_faster_tokenizer_equal_jieba_posseg() -> None:
    import jieba
    import jieba.posseg

    paragraphs = [str(t) for t in corpus.load_paragraphs().text][:40]
    plain = jieba.posseg.POSTokenizer(jieba.Tokenizer())
    fast = jieba.posseg.POSTokenizer(segment._tokenizer_class()())
    for text in paragraphs:
        assert ([(p.word, p.flag) for p in fast.lcut(text)]
                == [(p.word, p.flag) for p in plain.lcut(text)])


def test_importing_segment_loads_neither_jieba_nor_its_pos_tables() -> None:
    code = ("import sys; from helpers.text import segment; "
            "print('jieba' in sys.modules, 'jieba.posseg' in sys.modules); "
            "segment.tokenize('公安改革'); print('jieba.posseg' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["False", "False", "False"]


def test_preparing_text_reads_no_jieba_dictionary() -> None:
    """prepare, pieces and term_occurrences (KWIC of cached tokens) need no tokenizer;
    the first tokenize builds it, and its tokens are those of a fresh segmenter."""
    code = ("from helpers.text import segment; text = '推进情指行一体化，深化公安改革'; "
            "segment.prepare(text); segment.term_occurrences(text); "
            "print(len(segment._TOKENIZERS)); print(' '.join(segment.tokenize(text))); "
            "print(len(segment._TOKENIZERS))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    before, tokens, after = done.stdout.splitlines()
    assert (before, after) == ("0", "1")
    assert tokens.split() == segment.Segmenter().tokenize("推进情指行一体化，深化公安改革")


def test_memo_restarts_without_changing_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    paragraphs = [str(t) for t in corpus.load_paragraphs().text][:30]
    expected = [segment.tokenize(t) for t in paragraphs]
    monkeypatch.setattr(segment, "_MEMO_LIMIT", 50)
    segmenter = segment.Segmenter()
    assert [segmenter.tokenize(t) for t in paragraphs] == expected
    largest = max(len(set(segmenter.cut(segmenter.prepare(p), True))) for p in paragraphs)
    assert len(segmenter._kept) + len(segmenter._dropped) <= 50 + largest + 50  # + terms
    assert segmenter.tokenize_many(paragraphs) == expected  # one batch above the limit
