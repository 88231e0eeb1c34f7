"""Corpus-scale segmentation: same tokens as segment.tokenize, streaming, Parquet cache."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from helpers import pools, scale
from helpers.analysis import count
from helpers.paths import cache_dir
from helpers.text import corpus, segment

TRICKY = [
    "积极探索“专业 + 机制 + 大数据”新型警务运行模式",  # spaced variant
    "积极探索“专业＋机制＋大数据”新型警务运行模式",  # full-width variant
    "**深化**派出所“两队一室”改革,推进大部门、大警种制改革",  # markdown, ASCII comma, variant
    "2024-11-09，破案率上升7.7个百分点！ＡＢＣ１２３ big data",
    "",
    "   ",
    "坚持推进派出所“两队一室”改革的工作",
]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return [str(t) for t in corpus.load_paragraphs().text]


def _lines_file(tmp_path: Path, lines: list[str], name: str = "corpus.txt") -> Path:
    path = tmp_path / name
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- same tokens
def test_pool_gives_the_tokens_of_segment_tokenize_paragraphs() -> None:
    reference = segment.tokenize_paragraphs()
    # small chunks so that the 139 seed paragraphs really go through the 2-process pool
    assert len(list(scale._chunks(reference.text, 4_000))) > 4
    pooled = scale.tokenize_paragraphs_parallel(workers=2, chunk_chars=4_000)
    assert pooled.tokens.tolist() == reference.tokens.tolist()
    pd.testing.assert_frame_equal(pooled, reference)


@pytest.mark.parametrize("options", [
    {}, {"stopwords": False}, {"stopwords": "general"}, {"stopwords": False, "keep_numbers": True},
    {"lexicon": False}, {"hmm": False},
])
def test_segmenter_equals_tokenize_for_every_option(texts: list[str], options: dict) -> None:
    segmenter = scale.BackendSegmenter(scale.make_options(**options))
    for text in texts + TRICKY:
        assert segmenter.tokenize(text) == segment.tokenize(text, **options), text


def test_prepare_fast_path_equals_segment_prepare(texts: list[str]) -> None:
    with_lexicon = scale.BackendSegmenter(scale.make_options())
    without = scale.BackendSegmenter(scale.make_options(lexicon=False))
    odd = ["a\u200bb", "数据\ufeff警务", "（测试）(test)", "甲, 乙", "１２:３０", "＃＆％"]
    for text in texts + TRICKY + odd:
        assert with_lexicon.prepare(text) == segment.prepare(text)
        assert without.prepare(text) == segment.prepare(text, lexicon=False)


def test_stream_from_a_file_equals_serial_tokenize(tmp_path: Path, texts: list[str]) -> None:
    path = _lines_file(tmp_path, texts[:40])
    streamed = list(scale.tokenize_stream(scale.read_paragraph_lines(path), workers=1,
                                          chunk_chars=1_000))
    assert streamed == [segment.tokenize(t) for t in texts[:40]]


def test_counts_equal_count_terms(texts: list[str]) -> None:
    expected = count.count_terms(segment.tokenize(t) for t in texts)
    pd.testing.assert_series_equal(scale.count_terms_stream(texts, workers=1), expected)


# --------------------------------------------------------------------------- streaming
def _counting(texts: list[str], pulled: list[int], limit: int) -> Iterator[str]:
    """Endless paragraphs (a list of them would never finish); fails, rather than
    hangs, if read more than ``limit`` items ahead."""
    for text in itertools.cycle(texts):
        pulled[0] += 1
        if pulled[0] > limit:
            raise RuntimeError(f"input read {limit} items ahead: not streamed")
        yield text


@pytest.mark.parametrize("workers", [1, 2])
def test_input_is_read_lazily_with_bounded_lookahead(texts: list[str], workers: int) -> None:
    chunk_chars = 2_000
    per_chunk = chunk_chars // min(len(t) for t in texts if t) + 1  # paragraphs, at most
    in_flight = (2 * workers + 2) * per_chunk  # chunks submitted ahead + the current ones
    pulled = [0]
    stream = scale.tokenize_stream(_counting(texts, pulled, 50 + in_flight), workers=workers,
                                   chunk_chars=chunk_chars)
    first = list(itertools.islice(stream, 50))
    stream.close()  # shuts the pool down
    assert first == [segment.tokenize(t) for t in (texts * 2)[:50]]
    assert pulled[0] <= 50 + in_flight


def test_read_paragraph_lines_keeps_every_line(tmp_path: Path) -> None:
    path = tmp_path / "lines.txt"
    path.write_bytes("第一段\r\n\n第三段\u2028仍是第三段\r第三段\n最后一段".encode())
    assert list(scale.read_paragraph_lines(path)) == [
        "第一段", "", "第三段\u2028仍是第三段\r第三段", "最后一段"]


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes("好的\n".encode() + "公安改革\n".encode("gbk"))
    with pytest.raises(ValueError, match=r"gbk\.txt, line 2: not valid UTF-8"):
        list(scale.read_paragraph_lines(path))


def test_no_progress_bar_when_not_a_terminal(capsys: pytest.CaptureFixture[str],
                                             texts: list[str]) -> None:
    list(scale.tokenize_stream(texts, workers=1))
    assert capsys.readouterr().err == ""
    # auto mode decides by the terminal, whatever the size (a kernel's stderr is no tty)
    assert scale._progress_bar(None, 10**9, "segmenting") is None


def test_progress_bar_on_a_terminal_for_large_inputs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    bar = scale._progress_bar(None, 10**9, "segmenting")
    assert bar is not None and bar.total == 10**9
    bar.close()
    assert scale._progress_bar(None, 1_000, "segmenting") is None, "small inputs: no bar"
    assert scale._progress_bar(False, 10**9, "segmenting") is None


def test_bad_arguments_are_refused(texts: list[str]) -> None:
    with pytest.raises(ValueError, match="unknown backend"):
        scale.make_options(backend="thulac")
    with pytest.raises(ValueError, match="unknown stopword list"):
        scale.make_options(stopwords="nonsense")
    with pytest.raises(ValueError, match="workers must be at least 1"):
        list(scale.tokenize_stream(texts, workers=0))
    with pytest.raises(TypeError, match="one-shot iterator"):
        scale.tokenize_corpus(iter(texts))


# --------------------------------------------------------------------------- Parquet cache
def _entries() -> list[Path]:
    return sorted((cache_dir() / "tokens_parquet").glob("*"))


def test_parquet_cache_hit_miss_and_rebuild(texts: list[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    sample = texts[:30]
    path = scale.tokenize_corpus(sample, workers=1)
    assert _entries() == [path]  # no temporary file left behind
    assert path.parent == cache_dir() / "tokens_parquet" and path.suffix == ".parquet"
    schema = pq.read_schema(path)
    assert schema.names == ["tokens"] and schema.field("tokens").type == pa.list_(pa.string())
    expected = [segment.tokenize(t) for t in sample]
    assert scale.read_tokens(path) == expected

    # hit: nothing is segmented again
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("segmented although the cache entry is valid")

    with monkeypatch.context() as patch:
        patch.setattr(scale, "_run_chunks", refuse)
        assert scale.tokenize_corpus(sample, workers=1) == path

    # miss: other options or other text → another entry
    other = scale.tokenize_corpus(sample, workers=1, stopwords=False)
    changed = scale.tokenize_corpus([*sample[:-1], sample[-1] + "。"], workers=1)
    assert len({path, other, changed}) == 3 and len(_entries()) == 3
    assert scale.read_tokens(other) == [segment.tokenize(t, stopwords=False) for t in sample]

    # corrupt (truncated) entry → rebuilt, same tokens
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert scale.tokenize_corpus(sample, workers=1) == path
    assert scale.read_tokens(path) == expected
    # garbage, or a valid Parquet file of another key → rebuilt too
    path.write_bytes(b"PAR1 not really parquet PAR1")
    assert scale.read_tokens(scale.tokenize_corpus(sample, workers=1)) == expected
    os.replace(other, path)
    assert scale.read_tokens(scale.tokenize_corpus(sample, workers=1)) == expected
    assert not [p for p in _entries() if p.name.endswith(".tmp")]


def test_file_source_and_explicit_output(tmp_path: Path, texts: list[str]) -> None:
    source = _lines_file(tmp_path, texts[:25] + [""])
    target = scale.tokenize_corpus(source, out=tmp_path / "out.parquet", workers=1,
                                   chunk_chars=1_500)
    assert target == tmp_path / "out.parquet"
    expected = [segment.tokenize(t) for t in texts[:25]] + [[]]
    assert scale.read_tokens(target) == expected
    batches = list(scale.iter_token_batches(target, batch_rows=10))
    assert [len(b) for b in batches] == [10, 10, 6]
    assert [tokens for batch in batches for tokens in batch] == expected
    # the cached variant of the same file is keyed by its bytes
    cached = scale.tokenize_corpus(source, workers=1)
    assert cached.parent == cache_dir() / "tokens_parquet"
    assert scale.read_tokens(cached) == expected
    source.write_text(source.read_text(encoding="utf-8") + "新的一段\n", encoding="utf-8")
    assert scale.tokenize_corpus(source, workers=1) != cached



def test_arrow_data_is_written_with_the_system_allocator_and_the_default_comes_back(
        tmp_path: Path, texts: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    before = pa.default_memory_pool()
    seen: list[str] = []
    write_table = pq.ParquetWriter.write_table

    def spy(self: pq.ParquetWriter, *args: object, **kwargs: object) -> None:
        seen.append(pa.default_memory_pool().backend_name)
        write_table(self, *args, **kwargs)

    monkeypatch.setattr(pq.ParquetWriter, "write_table", spy)
    out = scale.tokenize_corpus(texts[:30], out=tmp_path / "t.parquet", workers=1)
    assert seen and set(seen) == {"system"}, "the Parquet write runs under malloc"
    assert pa.default_memory_pool().backend_name == before.backend_name  # restored
    assert scale.read_tokens(out) == [segment.tokenize(t) for t in texts[:30]]
    with pytest.raises(RuntimeError), scale.system_allocator():
        raise RuntimeError("restored on an error too")
    assert pa.default_memory_pool().backend_name == before.backend_name
    try:  # a pool worker switches for good in its initializer
        scale._init_worker(scale.make_options(), pools.project_environment())
        assert pa.default_memory_pool().backend_name == "system"
    finally:
        pa.set_memory_pool(before)


# --------------------------------------------------------------------------- agreement
def test_token_agreement_on_a_hand_made_case() -> None:
    reference = [["公安", "改革", "深化"], ["2024", "11", "09", "会议"], []]
    candidate = [["公安", "改革", "深化"], ["2024-11-09", "会议"], []]
    agreement, differences = scale.token_agreement(reference, candidate)
    assert agreement == pytest.approx(4 / 7)  # 公安 改革 深化 会议 of 7 reference tokens
    assert differences.to_dict("records") == [
        {"paragraph": 1, "position": 0, "reference": "2024 / 11 / 09",
         "candidate": "2024-11-09", "n_reference": 3, "n_candidate": 1}]
    assert scale.token_agreement([[]], [[]])[0] == 1.0
    _, deleted = scale.token_agreement([["甲", "乙", "丙"]], [["甲", "丙"]])
    assert deleted[["position", "reference", "candidate"]].values.tolist() == [[1, "乙", ""]]
    with pytest.raises(ValueError, match="2 reference paragraphs but 1"):
        scale.token_agreement([[], []], [[]])


@pytest.mark.parametrize("backend", ["jieba_fast", "rjieba"])
def test_fast_backends_keep_lexicon_terms_and_agree(texts: list[str], backend: str) -> None:
    pytest.importorskip(backend)
    segmenter = scale.BackendSegmenter(scale.make_options(backend=backend))
    assert "专业+机制+大数据" in segmenter.tokenize(TRICKY[1])
    assert "两队一室" in segmenter.tokenize(TRICKY[2])
    agreement, _ = scale.token_agreement([segment.tokenize(t) for t in texts],
                                         [segmenter.tokenize(t) for t in texts])
    assert agreement >= 0.999


# --------------------------------------------------------------------------- user specs
USER_TEXT = "我市深化蓝盾云脑建设，推进“一格一警长”全覆盖，坚持和发展新时代枫桥经验"


def _user_csv(path: Path) -> Path:
    path.write_text("term,theme,variants\n蓝盾云脑,digital policing,蓝盾 云脑\n"
                    "一格一警长,staffing,“一格一警长”\n", encoding="utf-8")
    return path


def _stopword_file(path: Path) -> Path:
    path.write_text("# mine\n我市\n推进\n", encoding="utf-8")
    return path


@pytest.fixture()
def user_specs(tmp_path: Path) -> list[dict[str, object]]:
    csv = _user_csv(tmp_path / "mine.csv")
    return [
        {"lexicon": csv},
        {"lexicon": pd.read_csv(csv)},
        {"lexicon": {"digital policing": ["蓝盾云脑"], "staffing": ["一格一警长"]}},
        {"stopwords": _stopword_file(tmp_path / "stop.txt")},
        {"stopwords": ["general", "我市", "坚持"]},
        {"stopwords": {"深化"}, "lexicon": csv, "keep_numbers": True},
    ]


def test_user_dictionaries_and_stopwords_through_tokenize_corpus(
        texts: list[str], user_specs: list[dict[str, object]]) -> None:
    sample = [USER_TEXT, *texts[:30], "蓝盾 云脑", ""]
    for spec in user_specs:
        expected = [segment.tokenize(t, **spec) for t in sample]  # type: ignore[arg-type]
        path = scale.tokenize_corpus(sample, workers=1, chunk_chars=1_500, **spec)
        assert scale.read_tokens(path) == expected, spec
        assert list(scale.tokenize_stream(sample, workers=1, **spec)) == expected, spec
        assert scale.BackendSegmenter(scale.make_options(**spec)).tokenize_many(sample) == expected


def test_user_dictionary_and_stopwords_reach_the_pool_workers(
        texts: list[str], user_specs: list[dict[str, object]]) -> None:
    """Every spec above becomes one :class:`scale.Options` (same object for each form, as
    the cache-key test checks); the pool's initializer sends it to the workers. One pool
    with a user lexicon *and* user stopwords checks that path (under pytest-xdist a pool
    is spawned, not forked: a second or more per spec would add nothing but start-up)."""
    sample = [USER_TEXT, *texts[:30], "蓝盾 云脑", ""]
    spec = user_specs[-1]
    assert "lexicon" in spec and "stopwords" in spec
    expected = [segment.tokenize(t, **spec) for t in sample]  # type: ignore[arg-type]
    path = scale.tokenize_corpus(sample, workers=2, chunk_chars=1_500, **spec)
    assert scale.read_tokens(path) == expected
    assert "蓝盾云脑" in expected[0] and "深化" not in expected[0]


def test_user_specs_change_the_cache_key(tmp_path: Path, texts: list[str]) -> None:
    sample = texts[:10]
    csv = _user_csv(tmp_path / "mine.csv")
    paths = {scale.tokenize_corpus(sample, workers=1),
             scale.tokenize_corpus(sample, workers=1, lexicon=csv),
             scale.tokenize_corpus(sample, workers=1, stopwords=["我市"]),
             scale.tokenize_corpus(sample, workers=1, stopwords=frozenset({"我市", "推进"}))}
    assert len(paths) == 4
    # same content, other form → same entry (the key is the dictionary's content)
    assert scale.tokenize_corpus(sample, workers=1, lexicon=pd.read_csv(csv)) in paths
    options = scale.make_options(lexicon=csv, stopwords=["我市"])
    assert options.describe()["lexicon"] == "user" and options.describe()["n_terms"] == 2
    assert hash(options) == hash(scale.make_options(lexicon=csv, stopwords=["我市"]))
    assert scale.make_options() == scale.Options()  # the bundled defaults, as before


def test_user_terms_are_whole_in_every_backend(tmp_path: Path) -> None:
    csv = _user_csv(tmp_path / "mine.csv")
    for backend in scale.BACKENDS:
        pytest.importorskip(backend)
        tokens = scale.BackendSegmenter(scale.make_options(lexicon=csv, backend=backend)).tokenize(
            USER_TEXT)
        assert "蓝盾云脑" in tokens and "一格一警长" in tokens, backend
        assert "枫桥经验" not in tokens  # the bundled lexicon is not added


def test_bad_user_specs_are_refused(tmp_path: Path) -> None:
    from helpers.errors import CorpusError
    with pytest.raises(CorpusError, match="stopword file not found"):
        scale.make_options(stopwords=tmp_path / "missing.txt")
    with pytest.raises(CorpusError):
        scale.make_options(lexicon=tmp_path / "missing.csv")


# --------------------------------------------------------------------------- batch path
def test_batch_equals_text_by_text_and_handles_newlines(texts: list[str]) -> None:
    odd = ["第一行\n第二行公安改革", "回车\r符号", "\n", "\r\n", "末尾\r", "枫桥经验\n枫桥经验",
           " ", "２０２４年", "ＡＢＣ"]
    sample = texts[:20] + TRICKY + odd + texts[20:40]
    for options in ({}, {"lexicon": False}, {"stopwords": False, "keep_numbers": True}):
        for backend in scale.BACKENDS:
            pytest.importorskip(backend)
            segmenter = scale.BackendSegmenter(scale.make_options(backend=backend, **options))
            one_by_one = [segmenter.tokenize(t) for t in sample]
            assert segmenter.tokenize_many(sample) == one_by_one, (backend, options)
            flat, offsets = segmenter.tokenize_flat(sample)
            assert len(offsets) == len(sample) + 1 and offsets[0] == 0
            assert flat == [t for tokens in one_by_one for t in tokens]
            if backend == "jieba":
                assert one_by_one == [segment.tokenize(t, **options) for t in sample]
    assert scale.BackendSegmenter(scale.Options()).tokenize_flat([]) == ([], [0])


def _piece_by_piece(segmenter: segment.Segmenter, text: str) -> list[str]:
    """The reference algorithm: every piece cut alone, then filtered."""
    tokens: list[str] = []
    for piece, is_term in segmenter.pieces(segmenter.prepare(text)):
        tokens.extend([piece] if is_term else segmenter.cut(piece, segmenter.hmm))
    return [t for t in tokens if t not in segmenter.stopwords
            and segment.is_word(t, keep_numbers=segmenter.keep_numbers)]


@pytest.mark.parametrize("backend", scale.BACKENDS)
def test_one_cut_per_chunk_equals_one_cut_per_piece(texts: list[str], backend: str) -> None:
    pytest.importorskip(backend)
    segmenter = scale.BackendSegmenter(scale.make_options(backend=backend, stopwords=False))
    sample = texts + TRICKY + ["甲 乙\t丙\u3000丁", "a-b c.d 7.7% ＃", "，“引号”（括号）"]
    assert segmenter.tokenize_many(sample) == [_piece_by_piece(segmenter, t) for t in sample]
    # the cutter's own property the batch path relies on
    for a, b in itertools.pairwise(sample):
        if "\n" not in a + b and "\r" not in a + b:
            assert segmenter.cut(f"{a}\n{b}", True) == [*segmenter.cut(a, True), "\n",
                                                         *segmenter.cut(b, True)]


def test_a_cutter_that_merges_marks_falls_back(texts: list[str]) -> None:
    segmenter = scale.BackendSegmenter(scale.Options())
    reference = segmenter.tokenize_many(texts[:10])
    cut = segmenter.cut
    segmenter.cut = lambda text, hmm: [t for t in cut(text, hmm) if t != "\n"]  # type: ignore[method-assign]
    assert segmenter.tokenize_many(texts[:10]) == reference
    segmenter.cut = lambda text, hmm: [*cut(text, hmm), "\n"]  # type: ignore[method-assign]
    assert segmenter.tokenize_many(texts[:10]) == reference  # one mark too many


# --------------------------------------------------------------------------- pools
@pytest.mark.parametrize("method", ["fork", "forkserver", "spawn"])
def test_every_start_method_gives_the_same_tokens(texts: list[str], method: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} on this platform")
    monkeypatch.setattr(scale, "START_METHOD", method)
    expected = [segment.tokenize(t) for t in texts[:60]]
    assert list(scale.tokenize_stream(texts[:60], workers=2, chunk_chars=2_000)) == expected


def test_fork_only_when_safe(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading
    import time

    monkeypatch.setattr(scale, "START_METHOD", None)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        # another thread: never fork; forkserver where there is one, else spawn
        assert scale._start_method() == pools.pool_context().get_start_method() != "fork"
    finally:
        stop.set()
        thread.join()
    time.sleep(0)
    if threading.active_count() == 1 and "ipykernel" not in __import__("sys").modules:
        assert scale._start_method() == ("fork" if __import__("sys").platform.startswith(
            "linux") else "spawn")
    monkeypatch.setattr(scale, "START_METHOD", "spawn")
    assert scale._start_method() == "spawn"


# --------------------------------------------------------------------------- reading, Arrow, start-up
def test_block_reader_equals_line_by_line_reading(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import random

    rng = random.Random(11)
    pieces = ["公安", "\n", "\r\n", "\r", "a", "\u2028", "𫖮", " ", "\n\n", "é"]
    path = tmp_path / "random.txt"
    for _ in range(200):
        path.write_bytes("".join(rng.choice(pieces) for _ in range(rng.randint(0, 120))
                                 ).encode())
        with path.open("rb") as handle:
            expected = [scale._strip_eol(raw.decode("utf-8")) for raw in handle]
        monkeypatch.setattr(scale, "_READ_BLOCK", rng.choice([1, 2, 5, 64, 1 << 20]))
        assert list(scale.read_paragraph_lines(path)) == expected
    path.write_bytes("好的\n第二\n".encode() + "公安改革\n".encode("gbk"))
    monkeypatch.setattr(scale, "_READ_BLOCK", 4)
    with pytest.raises(ValueError, match=r"line 3: not valid UTF-8"):
        list(scale.read_paragraph_lines(path))


def test_arrow_array_from_flat_tokens_equals_nested_lists(texts: list[str]) -> None:
    nested = [segment.tokenize(t) for t in texts[:50]] + [[]]
    flat = [t for tokens in nested for t in tokens]
    offsets = [0, *itertools.accumulate(len(tokens) for tokens in nested)]
    built = scale._list_array(flat, offsets)
    assert built.equals(pa.array(nested, type=pa.list_(pa.string())))
    assert built.to_pylist() == nested and built.type == pa.list_(pa.string())
    assert scale._list_array([], [0]).to_pylist() == []


def test_a_script_segments_without_importing_pandas(tmp_path: Path) -> None:
    import subprocess
    import sys

    source = _lines_file(tmp_path, ["深化派出所“两队一室”改革", "公安改革"])
    code = ("import sys; from helpers import scale; "
            f"p = scale.tokenize_corpus({str(source)!r}, workers=1, backend='jieba'); "
            "print('pandas' in sys.modules, scale.read_tokens(p)[0])")
    env = {**os.environ, "POLICING_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True, env=env).stdout.split(maxsplit=1) for _ in range(2)]
    assert runs[1][0] == "False"  # the bundled lexicon's data is cached by the first run
    assert runs[0][1] == runs[1][1] and "两队一室" in runs[1][1]


def test_bundled_data_cache_equals_the_files() -> None:
    for name, path in segment.STOPWORD_FILES.items():
        assert segment._bundled_stopwords(name) == segment.read_stopword_file(path)
    terms, variants = segment._bundled_lexicon_data()
    from helpers.text import lexicon
    frame = lexicon.load_lexicon()
    assert terms == list(frame.term) and variants == lexicon.variant_map(frame)
    assert segment.LEXICON_PATH == lexicon.LEXICON_PATH
