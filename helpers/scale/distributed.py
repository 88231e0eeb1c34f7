"""Segmentation and term counting with Dask, for corpora beyond one machine.

The work is the one of :mod:`helpers.scale` (same :class:`helpers.scale.BackendSegmenter`,
built once per worker process), spread over a ``dask.bag`` of paragraphs and run by
Dask's distributed scheduler:

* with ``address="tcp://host:8786"``: on an existing cluster
  (``dask scheduler`` + ``dask worker`` processes started by you or your cluster's
  tooling); every worker needs the same pinned environment and this package
  installed (``pip install -r requirements.txt && pip install -e .``), and a path
  source must be readable by the workers at the same path (shared file system);
* without: on a ``LocalCluster`` of 2 worker processes, 1 thread each, listening on
  127.0.0.1 only, dashboard off (works offline, e.g. inside ``unshare -n``).

Results equal the local path exactly: :func:`tokenize_bag` returns the token lists of
:func:`helpers.scale.tokenize_stream` (hence of :func:`helpers.text.segment.tokenize`),
:func:`count_terms_distributed` the series of :func:`helpers.analysis.count.count_terms` over them.
``stopwords`` and ``lexicon`` take every spec of :func:`helpers.text.segment.tokenize` (user
dictionaries and stopword lists too): they are read here, once, and sent to the
workers with the options, so the workers need not see the user's files.
"""

from __future__ import annotations

import logging
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dask.bag as db
import pandas as pd
from distributed import Client, LocalCluster

from helpers import scale
from helpers.text import segment

__all__ = [
    "DEFAULT_BLOCKSIZE",
    "count_terms_distributed",
    "dask_client",
    "paragraph_bag",
    "tokenize_bag",
    "tokenized_bag",
]

#: Bytes of a text file per partition of :func:`paragraph_bag`.
DEFAULT_BLOCKSIZE = 4_000_000


@contextmanager
def dask_client(address: str | None = None, *, n_workers: int = 2,
                threads_per_worker: int = 1) -> Iterator[Client]:
    """A ``distributed.Client``, closed on exit.

    ``address`` (e.g. ``"tcp://10.0.0.5:8786"``): connect to that scheduler. ``None``:
    start a ``LocalCluster`` of ``n_workers`` processes with ``threads_per_worker``
    threads each (jieba holds the GIL, so processes, not threads), on 127.0.0.1, with
    no dashboard, and shut it down on exit.
    """
    if address is not None:
        client = Client(address)
        try:
            yield client
        finally:
            client.close()
        return
    with warnings.catch_warnings():
        # With the dashboard off, the scheduler still serves /health on 127.0.0.1:8787
        # and moves to a free port (with this warning) when another cluster has it.
        warnings.filterwarnings("ignore", message="Port 8787 is already in use",
                                category=UserWarning)
        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=threads_per_worker,
                               processes=True, host="127.0.0.1", dashboard_address=None,
                               silence_logs=logging.ERROR)
    with cluster, Client(cluster) as client:
        yield client


def paragraph_bag(source: str | Path | Sequence[str], *, blocksize: int = DEFAULT_BLOCKSIZE,
                  npartitions: int | None = None) -> db.Bag:
    """A bag of paragraph texts, in order.

    ``source``: a UTF-8 text file, one paragraph per line (read by the workers in
    blocks of ``blocksize`` bytes, split on ``\\n`` exactly as
    :func:`helpers.scale.read_paragraph_lines` does), or a sequence of texts (sent from
    here in ``npartitions`` pieces; default about 100 000 characters each).
    """
    if isinstance(source, str | Path):
        bag = db.read_text(str(source), blocksize=blocksize, linedelimiter="\n",
                           encoding="utf-8")
        return bag.map(scale._strip_eol)
    texts = [str(t) for t in source]
    if npartitions is None:
        chars = sum(len(t) for t in texts)
        npartitions = max(1, min(len(texts), round(chars / scale.DEFAULT_CHUNK_CHARS)))
    return db.from_sequence(texts, npartitions=npartitions)


def _tokenize_partition(texts: Iterable[str], options: scale.Options) -> list[list[str]]:
    """Dask task: token lists of one partition (segmenter built once per worker)."""
    return scale.tokenize_many(texts, options)


def _count_partition(texts: Iterable[str], options: scale.Options) -> list[Counter[str]]:
    """Dask task: token counts of one partition, as a one-element list."""
    counts: Counter[str] = Counter()
    for tokens in scale.tokenize_many(texts, options):
        counts.update(tokens)
    return [counts]


def tokenized_bag(source: str | Path | Sequence[str] | db.Bag, *, backend: str = "jieba",
                  stopwords: segment.StopwordSpec = True,
                  lexicon: segment.LexiconSpec = True,
                  hmm: bool = True, keep_numbers: bool = False,
                  blocksize: int = DEFAULT_BLOCKSIZE, npartitions: int | None = None) -> db.Bag:
    """A lazy bag of token lists, one per paragraph of ``source`` (see
    :func:`paragraph_bag`; a ready bag of texts is used as is). Nothing runs until it is
    computed, e.g. ``bag.to_textfiles(...)`` or ``bag.compute()`` with a client."""
    options = scale.make_options(stopwords=stopwords, lexicon=lexicon, hmm=hmm,
                                 keep_numbers=keep_numbers, backend=backend)
    texts = source if isinstance(source, db.Bag) else paragraph_bag(
        source, blocksize=blocksize, npartitions=npartitions)
    return texts.map_partitions(_tokenize_partition, options)


def _compute(bag: db.Bag, address: str | None, client: Client | None,
             n_workers: int) -> Any:
    if client is not None:
        return bag.compute(scheduler=client)
    with dask_client(address, n_workers=n_workers) as own:
        return bag.compute(scheduler=own)


def tokenize_bag(source: str | Path | Sequence[str] | db.Bag, *, address: str | None = None,
                 client: Client | None = None, n_workers: int = 2, backend: str = "jieba",
                 stopwords: segment.StopwordSpec = True,
                 lexicon: segment.LexiconSpec = True,
                 hmm: bool = True, keep_numbers: bool = False,
                 blocksize: int = DEFAULT_BLOCKSIZE,
                 npartitions: int | None = None) -> list[list[str]]:
    """Token lists of every paragraph of ``source``, computed with Dask, in order.

    Runs on ``client`` if given, else on the scheduler at ``address``, else on a
    ``LocalCluster`` of ``n_workers`` processes (see :func:`dask_client`). Output equals
    ``list(helpers.scale.tokenize_stream(texts, ...))`` for the same options. The
    result is gathered here: for corpora larger than this machine's memory, use
    :func:`tokenized_bag` and write from the workers, or :func:`count_terms_distributed`.
    """
    bag = tokenized_bag(source, backend=backend, stopwords=stopwords, lexicon=lexicon,
                        hmm=hmm, keep_numbers=keep_numbers, blocksize=blocksize,
                        npartitions=npartitions)
    return list(_compute(bag, address, client, n_workers))


def count_terms_distributed(source: str | Path | Sequence[str] | db.Bag, *,
                            address: str | None = None, client: Client | None = None,
                            n_workers: int = 2, backend: str = "jieba",
                            stopwords: segment.StopwordSpec = True,
                            lexicon: segment.LexiconSpec = True,
                            hmm: bool = True, keep_numbers: bool = False,
                            blocksize: int = DEFAULT_BLOCKSIZE,
                            npartitions: int | None = None) -> pd.Series:
    """Token counts over the corpus, counted on the workers (only one ``Counter`` per
    partition travels back).

    Output: the same series as ``helpers.analysis.count.count_terms(token_lists)``: token →
    count (int64), sorted by count (descending) then token, index named ``term``.
    Arguments as in :func:`tokenize_bag`.
    """
    options = scale.make_options(stopwords=stopwords, lexicon=lexicon, hmm=hmm,
                                 keep_numbers=keep_numbers, backend=backend)
    texts = source if isinstance(source, db.Bag) else paragraph_bag(
        source, blocksize=blocksize, npartitions=npartitions)
    partials = _compute(texts.map_partitions(_count_partition, options), address, client,
                        n_workers)
    total: Counter[str] = Counter()
    for counts in partials:
        total.update(counts)
    return scale._counts_series(total)
