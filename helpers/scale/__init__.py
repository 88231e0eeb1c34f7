"""Segmentation at corpus scale: a process pool, streaming input, a Parquet cache.

:func:`helpers.text.segment.tokenize` is the reference tokenizer; this module produces
*the same tokens* for large corpora (tens of MB to GBs) without holding the corpus in
memory:

* :func:`read_paragraph_lines` streams a text file, one paragraph per line (UTF-8);
* :func:`tokenize_stream` tokenizes an iterable of paragraphs in chunks over a
  process pool (one worker per core by default); each worker has jieba and the
  lexicon loaded once (inherited or built by the pool initializer), at most ``2 × workers`` chunks are in flight, so
  memory stays flat whatever the corpus size, and tokens come back in input order;
* :func:`tokenize_corpus` writes the tokens of a file or a list of paragraphs to a
  Parquet file (one row per paragraph, a ``list<string>`` column ``tokens``), cached
  under ``cache_dir()/tokens_parquet/<key>.parquet`` with a key over the content,
  lexicon, stopword lists, backend and options, written atomically (temporary file +
  ``os.replace``); an unreadable entry is rebuilt;
* :func:`tokenize_paragraphs_parallel` is the drop-in for
  :func:`helpers.text.segment.tokenize_paragraphs` (same table, same tokens) backed by
  that cache;
* :func:`token_agreement` compares two tokenizations (e.g. a fast backend with
  jieba) and lists every differing position.

Backends: ``"jieba"`` (default; the very tokenizer object of :mod:`helpers.text.segment`),
``"jieba_fast"`` (jieba's algorithm in C, same API, same user dictionary) and
``"rjieba"`` (jieba-rs, Rust). For every backend, lexicon terms are cut out first by
the same leftmost-longest match as :func:`helpers.text.segment.tokenize` (so every lexicon
term is one token whatever the backend), only the text between terms goes to the
backend, and the backend gets the lexicon as its user dictionary where it can take
one (both fast backends can). The fast backends are *not* guaranteed to match jieba
token for token: measure with :func:`token_agreement` (``benchmarks/segmentation.py``
does, on the seed corpus).

Stopwords and lexicon take every spec of :func:`helpers.text.segment.tokenize` (bundled
names, a stopword file or list of words, a user dictionary as a path, table or dict):
:func:`make_options` reads them once into :class:`Options` (the words; the terms,
themes and variants), which travel to the workers, and the cache key covers their
content. A worker segments a whole chunk at once
(:meth:`helpers.text.segment.Segmenter.tokenize_flat`: one regex pass for the terms, one
call of the engine, one filtering pass) and returns an Arrow list array built from the
flat tokens and their offsets.

Parallelism uses ``concurrent.futures.ProcessPoolExecutor``. Its start method
(:data:`START_METHOD`, :func:`_start_method`) is ``fork`` where that is safe — Linux,
called from the main thread of a process with no other Python thread, not inside a
Jupyter kernel — and then the workers inherit the segmenter this process builds first
and start at once; elsewhere (notebooks, other threads running, macOS) it is
``forkserver`` (:func:`helpers.pools.pool_context`: workers forked from a server that
has imported this module once), ``spawn`` where there is none (Windows); then each worker
builds its own segmenter. For
inputs of one chunk or ``workers=1`` everything runs in the calling process, with no
pool. A *script* that uses more than one worker needs the usual
``if __name__ == "__main__":`` guard (forkserver and spawned workers import the main
module); notebooks need nothing. Each worker holds its own dictionary (jieba: ~150–250 MB
resident), so memory grows with ``workers``, not with the corpus. Beyond one machine,
see :mod:`helpers.scale.distributed`.
"""

from __future__ import annotations

import array
import contextlib
import difflib
import functools
import hashlib
import json
import multiprocessing
import os
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from helpers import cache, pools
from helpers.paths import cache_dir
from helpers.text import segment

if TYPE_CHECKING:  # imported where used: a pool worker or a script starts without pandas
    import pandas as pd

__all__ = [
    "BACKENDS",
    "Options",
    "BackendSegmenter",
    "backend_version",
    "corpus_digest",
    "count_terms_stream",
    "iter_token_batches",
    "make_options",
    "read_paragraph_lines",
    "read_tokens",
    "system_allocator",
    "token_agreement",
    "tokenize_corpus",
    "tokenize_many",
    "tokenize_paragraphs_parallel",
    "tokenize_stream",
]

#: Segmentation engines :func:`tokenize_stream` can use.
BACKENDS: tuple[str, ...] = ("jieba", "jieba_fast", "rjieba")
#: Bump when this module's output format or logic changes (invalidates Parquet entries).
SCALE_CACHE_VERSION = "1"
#: A chunk sent to a worker holds paragraphs until it has at least this many characters
#: (≈ 0.2–0.5 s of jieba work: large enough to amortise inter-process transfer, small
#: enough to balance two workers and to keep memory flat).
DEFAULT_CHUNK_CHARS = 100_000
#: Rows per Parquet row group (and per batch of :func:`iter_token_batches`).
ROW_GROUP_ROWS = 50_000
#: Inputs smaller than this (UTF-8 bytes) never show a progress bar in auto mode.
PROGRESS_MIN_BYTES = 5_000_000
#: Start method of the process pool; ``None``: "fork" where safe, else "forkserver" or
#: "spawn" (see :func:`_start_method`). Set "spawn" to never fork.
START_METHOD: str | None = None
#: Parquet key-value metadata entry holding the cache key.
_META_KEY = b"policing.tokens_key"
_TOKENS_TYPE = pa.list_(pa.string())
_SCHEMA = pa.schema([pa.field("tokens", _TOKENS_TYPE)])


# --------------------------------------------------------------------------- options
@dataclass(frozen=True)
class UserLexicon:
    """A user dictionary as the rows segmentation depends on: ``(term, theme,
    variants)`` in the order of :func:`helpers.text.segment.lexicon_frame` (hashable and
    picklable, so it travels to pool and Dask workers inside :class:`Options`)."""

    rows: tuple[tuple[str, str, tuple[str, ...]], ...]

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> UserLexicon:
        """The rows of a lexicon table (columns term, theme, variants)."""
        return cls(tuple((str(term), str(theme), tuple(str(v) for v in variants))
                         for term, theme, variants in zip(frame.term, frame.theme,
                                                          frame.variants, strict=True)))

    def frame(self) -> pd.DataFrame:
        """A table :func:`helpers.text.segment.lexicon_frame` reads back to the same terms,
        themes and variants (the columns segmentation uses)."""
        import pandas as pd
        return pd.DataFrame(list(self.rows), columns=["term", "theme", "variants"])


@dataclass(frozen=True)
class Options:
    """Everything that determines the tokens of a paragraph (hashable, picklable).

    ``stopwords``: the names of bundled stopword lists (see
    :func:`helpers.text.segment.load_stopwords`) or, for any other stopword spec (a file, a
    list of words), the ``frozenset`` of its words. ``lexicon``: ``True`` (bundled),
    ``False`` (none) or a :class:`UserLexicon`. The other fields are the keyword
    arguments of :func:`helpers.text.segment.tokenize` plus the ``backend``.
    """

    stopwords: tuple[str, ...] | frozenset[str] = ("general", "boilerplate")
    lexicon: bool | UserLexicon = True
    hmm: bool = True
    keep_numbers: bool = False
    backend: str = "jieba"

    def lexicon_spec(self) -> segment.LexiconSpec:
        """The lexicon as :func:`helpers.text.segment.tokenize` takes it."""
        return self.lexicon.frame() if isinstance(self.lexicon, UserLexicon) else self.lexicon

    def describe(self) -> dict[str, object]:
        """JSON-ready summary (user lexicons and stopword sets as ``"user"`` plus size)."""
        user_stop = isinstance(self.stopwords, frozenset)
        user_lexicon = isinstance(self.lexicon, UserLexicon)
        return {"stopwords": "user" if user_stop else list(self.stopwords),
                "lexicon": "user" if user_lexicon else self.lexicon,
                "hmm": self.hmm, "keep_numbers": self.keep_numbers, "backend": self.backend,
                **({"n_stopwords": len(self.stopwords)} if user_stop else {}),
                **({"n_terms": len(self.lexicon.rows)} if user_lexicon else {})}  # type: ignore[union-attr]


def make_options(*, stopwords: segment.StopwordSpec = True,
                 lexicon: segment.LexiconSpec = True, hmm: bool = True,
                 keep_numbers: bool = False, backend: str = "jieba") -> Options:
    """:class:`Options` from the keyword arguments of :func:`helpers.text.segment.tokenize`:
    ``stopwords`` and ``lexicon`` take every spec that function takes (bundled names,
    ``True``/``False``, a stopword file or list of words; a user dictionary as a path,
    table or dict), read here once.

    Raises ``ValueError`` for an unknown stopword list or backend, and what
    :func:`helpers.text.segment.load_stopwords` / :func:`helpers.text.lexicon.read_dictionary`
    raise for a bad file.
    """
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; choose from {list(BACKENDS)}")
    stop: tuple[str, ...] | frozenset[str] = (
        segment._stopword_names(stopwords) if segment._is_names_spec(stopwords)
        else frozenset(segment.load_stopwords(stopwords)))
    if lexicon is True or lexicon is False or lexicon is None:
        lex: bool | UserLexicon = bool(lexicon)
    else:
        lex = UserLexicon.from_frame(segment.lexicon_frame(lexicon))  # type: ignore[arg-type]
    return Options(stopwords=stop, lexicon=lex, hmm=hmm, keep_numbers=keep_numbers,
                   backend=backend)


@functools.cache
def backend_version(backend: str) -> str:
    """Installed version of a backend package, e.g. ``"0.42.1"`` for jieba (looked up
    once per process).

    Raises ``ImportError`` (with the pip command) when the package is missing.
    """
    from importlib import metadata
    dist = {"jieba": "jieba", "jieba_fast": "jieba_fast", "rjieba": "rjieba"}[backend]
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError as exc:
        raise ImportError(f"backend {backend!r} needs the {dist} package: "
                          f"pip install -r requirements.txt") from exc


# --------------------------------------------------------------------------- one process
Cutter = segment.Cutter


def _terms(lexicon: segment.LexiconSpec) -> list[str]:
    """The lexicon's terms in the order :func:`helpers.text.segment.get_tokenizer` adds them."""
    data = segment._lexicon_data(lexicon)
    return [] if data is None else data[0]


def _jieba_cutter(lexicon: segment.LexiconSpec) -> Cutter:
    tokenizer = segment.get_tokenizer(lexicon)  # the very object segment.tokenize uses
    tokenizer.check_initialized()
    return lambda text, hmm: tokenizer.lcut(text, HMM=hmm)


def _jieba_fast_cutter(lexicon: segment.LexiconSpec) -> Cutter:
    import logging

    import jieba_fast

    jieba_fast.setLogLevel(logging.WARNING)
    tokenizer = jieba_fast.Tokenizer()
    tokenizer.tmp_dir = str(cache_dir() / "jieba_fast")
    Path(tokenizer.tmp_dir).mkdir(parents=True, exist_ok=True)
    tokenizer.initialize()
    terms = _terms(lexicon)  # exactly what segment.get_tokenizer does for jieba
    for term in terms:
        tokenizer.add_word(term, tag="nz")
    for term in terms:
        tokenizer.suggest_freq(term, tune=True)
    return lambda text, hmm: tokenizer.lcut(text, HMM=hmm)


def _rjieba_cutter(lexicon: segment.LexiconSpec) -> Cutter:
    import rjieba

    tokenizer = rjieba.Jieba()
    # jieba's add_word(term) uses suggest_freq(term) as frequency; its
    # suggest_freq(term, tune=True) then re-adds the term with the frequency
    # suggested by the updated dictionary. rjieba's suggest_freq computes the same
    # number without tuning, so the two loops are spelled out.
    terms = _terms(lexicon)
    for term in terms:
        tokenizer.add_word(term, None, "nz")
    for term in terms:
        tokenizer.add_word(term, tokenizer.suggest_freq(term), "nz")
    return lambda text, hmm: tokenizer.cut(text, hmm)


_CUTTERS: dict[str, Callable[[segment.LexiconSpec], Cutter]] = {
    "jieba": _jieba_cutter, "jieba_fast": _jieba_fast_cutter, "rjieba": _rjieba_cutter}


class BackendSegmenter(segment.Segmenter):
    """:class:`helpers.text.segment.Segmenter` for :class:`Options`, with the backend they name.

    ``BackendSegmenter(options).tokenize(text)`` equals ``segment.tokenize(text, ...)`` with
    the same options for ``backend="jieba"`` (tested on the whole seed corpus, with the
    bundled lexicon and with user dictionaries and stopword lists); the pipeline itself
    (normalisation, variants, lexicon terms whole, stopwords) is the one of
    :mod:`helpers.text.segment`, only the cutter between lexicon terms differs.
    """

    def __init__(self, options: Options) -> None:
        lexicon = options.lexicon_spec()
        user_stop = isinstance(options.stopwords, frozenset)
        super().__init__(stopwords=False if user_stop else (options.stopwords or False),
                         stopword_set=options.stopwords if user_stop else None,  # type: ignore[arg-type]
                         lexicon=lexicon, hmm=options.hmm, keep_numbers=options.keep_numbers,
                         cut=_CUTTERS[options.backend](lexicon))
        self.options = options


_SEGMENTERS: dict[Options, BackendSegmenter] = {}


def _segmenter(options: Options) -> BackendSegmenter:
    """The process-wide :class:`BackendSegmenter` for ``options`` (built on first use)."""
    if options not in _SEGMENTERS:
        _SEGMENTERS[options] = BackendSegmenter(options)
    return _SEGMENTERS[options]


def tokenize_many(texts: Iterable[str], options: Options) -> list[list[str]]:
    """Tokens of each text, in order, in this process (the unit of work of a worker).

    The segmenter for ``options`` is built once per process and reused, so a
    worker loads jieba's dictionary and the lexicon once; the texts are segmented as
    one batch (:meth:`helpers.text.segment.Segmenter.tokenize_flat`).
    """
    return _segmenter(options).tokenize_many(texts)


def _tokenize_chunk_arrow(texts: list[str], options: Options) -> pa.Array:
    """A worker's job for :func:`tokenize_corpus`: tokens as one Arrow list array, built
    from the flat token list and its offsets (no nested Python lists), which is also
    cheaper to send back to the parent."""
    flat, offsets = _segmenter(options).tokenize_flat(texts)
    return _list_array(flat, offsets)


def _list_array(flat: list[str], offsets: list[int]) -> pa.Array:
    """``list<string>`` array of ``len(offsets) - 1`` rows from flat values and offsets.

    The values are joined into one string with :data:`_SEP` and split back by Arrow's
    ``split_pattern`` (in C, about twice as fast as appending the values one by one
    with Arrow's string builder, which is the fallback when a token holds the
    separator or there are no tokens); the offsets become an int32 buffer. Not
    ``pa.array``: the same array, but it imports pandas (~0.2 s) to check for pandas
    objects, which a pool worker or a script never needs here."""
    joined = _SEP.join(flat)
    if flat and joined.count(_SEP) == len(flat) - 1:
        import pyarrow.compute as pc

        builder = pa.lib.StringBuilder()
        builder.append(joined)
        values = pc.split_pattern(builder.finish(), _SEP).flatten()
    else:
        builder = pa.lib.StringBuilder()
        builder.append_values(flat)
        values = builder.finish()
    return pa.Array.from_buffers(_TOKENS_TYPE, len(offsets) - 1,
                                 [None, pa.py_buffer(array.array("i", offsets))],
                                 children=[values])


#: Separator of the joined token values in :func:`_list_array` (ASCII unit separator).
_SEP = "\x1f"


@contextlib.contextmanager
def system_allocator() -> Iterator[None]:
    """Within the block, pyarrow's default memory pool is the system allocator
    (``malloc``) instead of pyarrow's own default (mimalloc in the PyPI wheels); the
    previous default comes back after, also on an error.

    :func:`tokenize_corpus` builds and writes its Arrow arrays inside it, and each pool
    worker (a process of this module's own) switches for good in its initializer. Why:
    the first Parquet write of a process, which ``tokenize_corpus`` makes serially after
    its workers finish, took a median 0.39 s from a fresh mimalloc pool and 0.06 s with
    ``malloc`` on 10 MB of tokens, the same bytes (``benchmarks/arrow_pool.py``, 2 cores).
    The default is switched rather than a ``memory_pool`` passed because Parquet's column
    writers allocate from the default pool whatever pool the writer is given. Buffers
    remember their pool, so arrays made in the block are freed correctly after it.
    Input: nothing; output: a context manager. Teaching: the README's performance
    section (no notebook uses :mod:`helpers.scale`).
    """
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(previous)


# --------------------------------------------------------------------------- streaming
def read_paragraph_lines(path: str | Path) -> Iterator[str]:
    """Paragraphs of a UTF-8 text file, one per line (``\\n``; a ``\\r`` before it is
    dropped too), streamed: the file is read in blocks of 1 MiB, never whole.

    Every line is a paragraph, blank lines included (they give empty token lists), so
    row *i* of any output is line *i + 1* of the file. Lines are split on ``\\n`` only
    (as :func:`dask.bag.read_text` with ``linedelimiter="\\n"`` does), so the local and
    the Dask paths see the same paragraphs.
    """
    with Path(path).open("rb") as handle:
        number = 0  # lines yielded so far
        rest = b""
        while block := handle.read(_READ_BLOCK):
            data = rest + block
            end = data.rfind(b"\n") + 1  # a UTF-8 character never contains byte 0x0A
            rest = data[end:]
            if end:
                lines = _decode_lines(data[:end], path, number)
                number += len(lines)
                yield from lines
        if rest:
            yield from _decode_lines(rest, path, number)


#: Bytes read at a time by :func:`read_paragraph_lines`.
_READ_BLOCK = 1 << 20


def _decode_lines(data: bytes, path: str | Path, before: int) -> list[str]:
    """The lines of ``data`` (whole lines, each ending in ``\\n`` except maybe the last),
    decoded in one call; on invalid UTF-8, line by line to name the line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        for number, raw in enumerate(data.split(b"\n"), start=before + 1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ValueError(f"{path}, line {number}: not valid UTF-8 ({exc.reason} at "
                                 f"byte {exc.start}). Fix: re-save the file as UTF-8.") from exc
        raise
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    if "\r" in text:
        lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    return lines


def _strip_eol(line: str) -> str:
    """Remove one trailing ``\\n`` and then one ``\\r``."""
    if line.endswith("\n"):
        line = line[:-1]
    if line.endswith("\r"):
        line = line[:-1]
    return line


def _chunks(texts: Iterable[str], chunk_chars: int) -> Iterator[list[str]]:
    """Consecutive lists of texts holding at least ``chunk_chars`` characters each
    (the last may hold fewer)."""
    chunk: list[str] = []
    size = 0
    for text in texts:
        chunk.append(str(text))
        size += len(chunk[-1])
        if size >= chunk_chars:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _progress_bar(progress: bool | None, total_bytes: int | None, desc: str) -> Any:
    """A tqdm bar in bytes, or ``None``. ``progress=None`` (auto): only on a terminal
    and only for inputs of at least :data:`PROGRESS_MIN_BYTES` (or unknown size)."""
    if progress is None:
        progress = sys.stderr.isatty() and (total_bytes is None
                                            or total_bytes >= PROGRESS_MIN_BYTES)
    if not progress:
        return None
    from tqdm.auto import tqdm
    return tqdm(total=total_bytes, unit="B", unit_scale=True, desc=desc, leave=False)


def _default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else (os.cpu_count() or 1))


def _start_method() -> str:
    """:data:`START_METHOD`, or (``None``) ``"fork"`` where that is safe — Linux, the
    main thread, no other Python thread running, not inside a Jupyter kernel — and
    elsewhere the method of :func:`helpers.pools.pool_context` (``"forkserver"`` where
    the platform has it, else ``"spawn"``)."""
    if START_METHOD is not None:
        return START_METHOD
    safe = (sys.platform.startswith("linux") and threading.active_count() == 1
            and threading.current_thread() is threading.main_thread()
            and "ipykernel" not in sys.modules)
    return "fork" if safe else pools.pool_context().get_start_method()


_POOL_OPTIONS: Options | None = None


def _init_worker(options: Options, environment: dict[str, str]) -> None:
    """Pool initializer: the parent's ``POLICING_*`` settings (its cache folder …), the
    options of every task of this pool, the system allocator for Arrow
    (:func:`system_allocator`), segmenter built up front (already built, and inherited,
    when forked)."""
    global _POOL_OPTIONS
    pools.apply_environment(environment)
    pa.set_memory_pool(pa.system_memory_pool())  # see system_allocator
    _POOL_OPTIONS = options
    _segmenter(options)


def _pool_job(job: Callable[[list[str], Options], object], chunk: list[str]) -> object:
    """``job(chunk, options)`` in a pool worker, with the options its initializer got
    (so a large user dictionary travels once per worker, not once per chunk)."""
    assert _POOL_OPTIONS is not None, "pool worker without options"
    return job(chunk, _POOL_OPTIONS)


def _run_chunks(chunks: Iterator[list[str]], job: Callable[[list[str], Options], object],
                options: Options, workers: int | None, progress: bool | None,
                total_bytes: int | None) -> Iterator[tuple[list[str], object]]:
    """``(chunk, job(chunk, options))`` for each chunk, in input order.

    One chunk or ``workers == 1``: in this process. Otherwise a process pool (start
    method from :func:`_start_method`; when forked, the workers inherit the segmenter
    this process builds first, so they start at once) with at most ``2 × workers``
    chunks submitted ahead of the one being yielded (bounded memory).
    """
    workers = _default_workers() if workers is None else workers
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    bar = None

    def advance(chunk: list[str]) -> None:
        if bar is not None:
            bar.update(sum(len(t.encode("utf-8")) for t in chunk))

    try:
        first = next(chunks, None)
        if first is None:
            return
        second = next(chunks, None)
        if workers == 1 or second is None:
            bar = _progress_bar(progress, total_bytes, f"segmenting ({options.backend})")
            for chunk in chain([first], [] if second is None else [second], chunks):
                result = job(chunk, options)
                advance(chunk)
                yield chunk, result
            return
        method = _start_method()
        if method == "fork":
            _segmenter(options)  # built once here, inherited by every worker
            import pyarrow.compute  # noqa: F401  (for _list_array; inherited too)
        context = (pools.pool_context([__name__]) if method == "forkserver"
                   else multiprocessing.get_context(method))
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                   initializer=_init_worker,
                                   initargs=(options, {**pools.project_environment(),
                                                       "POLICING_CACHE_DIR": str(cache_dir())}))
        try:
            pending: deque[tuple[list[str], Future]] = deque()
            source = chain([first, second], chunks)
            for chunk in source:
                pending.append((chunk, pool.submit(_pool_job, job, chunk)))
                if len(pending) >= 2 * workers:
                    break
            # after the first submit: the workers exist, so a bar's thread is not forked
            bar = _progress_bar(progress, total_bytes, f"segmenting ({options.backend})")
            while pending:
                chunk, future = pending.popleft()
                result = future.result()
                nxt = next(source, None)
                if nxt is not None:
                    pending.append((nxt, pool.submit(_pool_job, job, nxt)))
                advance(chunk)
                yield chunk, result
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    finally:
        if bar is not None:
            bar.close()


def tokenize_stream(texts: Iterable[str], *, workers: int | None = None,
                    backend: str = "jieba", stopwords: segment.StopwordSpec = True,
                    lexicon: segment.LexiconSpec = True, hmm: bool = True,
                    keep_numbers: bool = False,
                    chunk_chars: int = DEFAULT_CHUNK_CHARS, progress: bool | None = None,
                    total_bytes: int | None = None) -> Iterator[list[str]]:
    """Tokens of each paragraph of ``texts``, lazily and in input order.

    Input: any iterable of strings (a generator such as :func:`read_paragraph_lines`
    is read chunk by chunk, never whole). ``workers``: processes (default: all cores;
    ``1`` = this process). ``backend``: one of :data:`BACKENDS`. ``stopwords``,
    ``lexicon``, ``hmm``, ``keep_numbers``: as in :func:`helpers.text.segment.tokenize`.
    ``progress``: tqdm bar (``None`` = only on a terminal and for large inputs;
    ``total_bytes`` gives it a total). Output: an iterator of token lists, one per
    input text. No cache (see :func:`tokenize_corpus`).
    """
    options = make_options(stopwords=stopwords, lexicon=lexicon, hmm=hmm,
                           keep_numbers=keep_numbers, backend=backend)
    for _, result in _run_chunks(_chunks(texts, chunk_chars), tokenize_many, options,
                                 workers, progress, total_bytes):
        yield from result  # type: ignore[misc]


def count_terms_stream(texts: Iterable[str], **kwargs: object) -> pd.Series:
    """:func:`helpers.analysis.count.count_terms` over :func:`tokenize_stream` ``(texts, **kwargs)``
    without keeping the token lists: token → count, by count (descending) then token."""
    from collections import Counter
    counts: Counter[str] = Counter()
    for tokens in tokenize_stream(texts, **kwargs):  # type: ignore[arg-type]
        counts.update(tokens)
    return _counts_series(counts)


def _counts_series(counts: dict[str, int]) -> pd.Series:
    """Same order and form as :func:`helpers.analysis.count.count_terms`."""
    import pandas as pd
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return pd.Series(dict(ordered), name="count", dtype="int64").rename_axis("term")


# --------------------------------------------------------------------------- Parquet cache
Source = str | Path | Sequence[str]


def corpus_digest(source: Source) -> str:
    """sha256 of a corpus: of the file's bytes for a path (read in 1 MiB blocks), of
    the texts (each length-prefixed) for a sequence. Part of the cache key."""
    digest = hashlib.sha256()
    if isinstance(source, str | Path):
        digest.update(b"file\0")
        with Path(source).open("rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
    else:
        digest.update(b"texts\0")
        for text in source:
            data = str(text).encode("utf-8")
            digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def _cache_key(source: Source, options: Options) -> str:
    """Content key of a corpus under ``options`` (for bundled lists and the bundled
    lexicon, the same key as before user dictionaries were accepted)."""
    if isinstance(options.stopwords, frozenset):
        names: object = "user"
        stop_bytes = b"user stopwords\n" + "\n".join(sorted(options.stopwords)).encode()
    else:
        names = list(options.stopwords)
        stop_bytes = b"".join(n.encode() + segment.STOPWORD_FILES[n].read_bytes()
                              for n in options.stopwords)
    if isinstance(options.lexicon, UserLexicon):
        lexicon: object = "user"
        lexicon_bytes = segment._lexicon_bytes(options.lexicon.frame())
    else:
        lexicon = options.lexicon
        lexicon_bytes = segment._lexicon_bytes(True) if options.lexicon else b""
    settings = {"stopwords": names, "lexicon": lexicon, "hmm": options.hmm,
                "keep_numbers": options.keep_numbers, "backend": options.backend,
                "backend_version": backend_version(options.backend),
                "segment_version": segment.CACHE_VERSION, "version": SCALE_CACHE_VERSION}
    return cache.content_key(corpus_digest(source), lexicon_bytes, stop_bytes,
                             json.dumps(settings, sort_keys=True))


def _valid_entry(path: Path, key: str) -> bool:
    """True if ``path`` is a complete Parquet file written for ``key`` (footer, schema,
    key and row count checked; a truncated file has no readable footer)."""
    try:
        meta = pq.read_metadata(path)
        schema = pq.read_schema(path)
    except (OSError, pa.ArrowException):
        return False
    stored = meta.metadata or {}
    column = schema.field("tokens").type if schema.names == ["tokens"] else None
    return (column is not None and pa.types.is_list(column)
            and column.value_type == pa.string()
            and stored.get(_META_KEY) == key.encode()
            and stored.get(b"policing.n_rows") == str(meta.num_rows).encode())


def tokenize_corpus(source: Source, *, out: str | Path | None = None, use_cache: bool = True,
                    workers: int | None = None, backend: str = "jieba",
                    stopwords: segment.StopwordSpec = True,
                    lexicon: segment.LexiconSpec = True,
                    hmm: bool = True, keep_numbers: bool = False,
                    chunk_chars: int = DEFAULT_CHUNK_CHARS,
                    progress: bool | None = None) -> Path:
    """Tokens of a whole corpus as a Parquet file; returns its path.

    Input: a text file (path; one paragraph per line, UTF-8, streamed) or a sequence of
    paragraph texts (list, tuple, pandas Series: it is read twice, once to hash it). A
    one-shot iterator is refused (``TypeError``): use :func:`tokenize_stream`.
    Output: Parquet with one row per paragraph, in input order, and one column
    ``tokens`` (``list<string>``), zstd-compressed, row groups of
    :data:`ROW_GROUP_ROWS`. With ``use_cache`` (default) the file is
    ``cache_dir()/tokens_parquet/<key>.parquet`` and is reused when the key (content,
    lexicon, stopword files, backend and its version, options) matches and the file
    is complete; ``out`` writes to that path instead (never read back as a cache).
    Other arguments as in :func:`tokenize_stream`.
    """
    pandas = sys.modules.get("pandas")  # a Series can only come from an imported pandas
    if not isinstance(source, str | Path | Sequence) and not (
            pandas is not None and isinstance(source, pandas.Series)):
        raise TypeError("tokenize_corpus needs a file path or a sequence of texts (it reads "
                        "the input twice); for a one-shot iterator use tokenize_stream")
    options = make_options(stopwords=stopwords, lexicon=lexicon, hmm=hmm,
                           keep_numbers=keep_numbers, backend=backend)
    key = _cache_key(source, options) if use_cache or out is None else "uncached"
    target = Path(out) if out is not None else cache_dir() / "tokens_parquet" / f"{key}.parquet"
    if out is None and use_cache and _valid_entry(target, key):
        return target
    if isinstance(source, str | Path):
        texts: Iterable[str] = read_paragraph_lines(source)
        total = Path(source).stat().st_size
    else:
        texts = (str(t) for t in source)
        total = sum(len(str(t).encode("utf-8")) for t in source)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        n_rows = 0
        buffered: list[pa.Array] = []
        with system_allocator(), pq.ParquetWriter(tmp, _SCHEMA, compression="zstd") as writer:
            def flush() -> None:
                if buffered:
                    writer.write_table(pa.Table.from_arrays([pa.chunked_array(buffered,
                                                                              _TOKENS_TYPE)],
                                                            schema=_SCHEMA),
                                       row_group_size=ROW_GROUP_ROWS)
                    buffered.clear()

            pending_rows = 0
            for _, array in _run_chunks(_chunks(texts, chunk_chars), _tokenize_chunk_arrow,
                                        options, workers, progress, total):
                buffered.append(array)  # type: ignore[arg-type]
                pending_rows += len(array)  # type: ignore[arg-type]
                n_rows += len(array)  # type: ignore[arg-type]
                if pending_rows >= ROW_GROUP_ROWS:
                    flush()
                    pending_rows = 0
            flush()
            writer.add_key_value_metadata({_META_KEY: key.encode(),
                                           b"policing.n_rows": str(n_rows).encode(),
                                           b"policing.options": json.dumps(options.describe(),
                                                                              ensure_ascii=False)})
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def iter_token_batches(path: str | Path, batch_rows: int = ROW_GROUP_ROWS
                       ) -> Iterator[list[list[str]]]:
    """Token lists of a :func:`tokenize_corpus` file, ``batch_rows`` paragraphs at a time
    (memory bounded by one batch)."""
    with pq.ParquetFile(path) as parquet:
        for batch in parquet.iter_batches(batch_size=batch_rows, columns=["tokens"]):
            yield batch.column(0).to_pylist()


def read_tokens(path: str | Path) -> list[list[str]]:
    """All token lists of a :func:`tokenize_corpus` file, one per paragraph, in order."""
    return pq.read_table(path, columns=["tokens"]).column("tokens").to_pylist()


def tokenize_paragraphs_parallel(paragraphs: pd.DataFrame | None = None, *, workers: int | None = None,
                        backend: str = "jieba", stopwords: segment.StopwordSpec = True,
                        lexicon: segment.LexiconSpec = True, hmm: bool = True,
                        keep_numbers: bool = False,
                        corpus_path: str | Path | None = None,
                        chunk_chars: int = DEFAULT_CHUNK_CHARS,
                        progress: bool | None = None) -> pd.DataFrame:
    """:func:`helpers.text.segment.tokenize_paragraphs` at scale: same input, same output
    (a copy of the paragraphs table with ``tokens`` and ``n_tokens``), same tokens for
    ``backend="jieba"``; segmentation runs on ``workers`` processes and is cached as
    Parquet (see :func:`tokenize_corpus`) rather than JSON.
    """
    if paragraphs is None:
        from helpers.text import corpus
        paragraphs = corpus.load_paragraphs(corpus_path)
    texts = [str(t) for t in paragraphs["text"]]
    path = tokenize_corpus(texts, workers=workers, backend=backend, stopwords=stopwords,
                           lexicon=lexicon, hmm=hmm, keep_numbers=keep_numbers,
                           chunk_chars=chunk_chars, progress=progress)
    tokens = read_tokens(path)
    out = paragraphs.copy()
    out["tokens"] = tokens
    out["n_tokens"] = [len(t) for t in tokens]
    return out


# --------------------------------------------------------------------------- agreement
def token_agreement(reference: Sequence[Sequence[str]], candidate: Sequence[Sequence[str]]
                    ) -> tuple[float, pd.DataFrame]:
    """How far ``candidate`` tokenizations agree with ``reference`` ones, paragraph by
    paragraph.

    Input: two equally long sequences of token lists (one per paragraph). Each pair is
    aligned with :class:`difflib.SequenceMatcher` (no autojunk). Output:
    ``(agreement, differences)`` where agreement = reference tokens inside matching
    blocks / all reference tokens (1.0 when both are empty), and differences has one row
    per differing stretch: paragraph (0-based index), position (index of the first
    differing token in the reference list), reference, candidate (the differing tokens
    joined with ``" / "``; empty for an insertion or deletion), n_reference, n_candidate.
    """
    import pandas as pd

    if len(reference) != len(candidate):
        raise ValueError(f"{len(reference)} reference paragraphs but {len(candidate)} "
                         "candidate paragraphs")
    total = matched = 0
    rows = []
    for number, (ref, cand) in enumerate(zip(reference, candidate, strict=True)):
        ref, cand = list(ref), list(cand)
        total += len(ref)
        if ref == cand:
            matched += len(ref)
            continue
        matcher = difflib.SequenceMatcher(a=ref, b=cand, autojunk=False)
        matched += sum(block.size for block in matcher.get_matching_blocks())
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "equal":
                rows.append({"paragraph": number, "position": i1,
                             "reference": " / ".join(ref[i1:i2]),
                             "candidate": " / ".join(cand[j1:j2]),
                             "n_reference": i2 - i1, "n_candidate": j2 - j1})
    columns = ["paragraph", "position", "reference", "candidate", "n_reference", "n_candidate"]
    return (matched / total if total else 1.0), pd.DataFrame(rows, columns=columns)
