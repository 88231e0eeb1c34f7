"""The Dask path gives exactly the local path's tokens and counts (2-worker LocalCluster).

One LocalCluster (127.0.0.1, no dashboard) serves the whole module; it starts in a
few seconds and works without a network (only loopback), as `make test` runs it.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from distributed import Client

from helpers import scale
from helpers.analysis import count
from helpers.scale import distributed
from helpers.text import corpus, segment


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with distributed.dask_client(n_workers=2) as dask_client:
        yield dask_client


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return [str(t) for t in corpus.load_paragraphs().text]


def test_local_cluster_is_loopback_only_without_dashboard(client: Client) -> None:
    info = client.scheduler_info()
    assert len(info["workers"]) == 2
    assert client.scheduler.address.startswith("tcp://127.0.0.1:")
    assert all(address.startswith("tcp://127.0.0.1:") for address in info["workers"])
    assert all(w["nthreads"] == 1 for w in info["workers"].values())
    # dashboard off: the scheduler's HTTP server (which distributed lists as service
    # "dashboard" either way) only answers /health and friends, on loopback
    host = client.run_on_scheduler(lambda dask_scheduler: dask_scheduler.http_server.address)
    assert host == "127.0.0.1"
    base = f"http://127.0.0.1:{info['services']['dashboard']}"
    with urllib.request.urlopen(f"{base}/health", timeout=10) as response:
        assert response.read() == b"ok"
    with pytest.raises(urllib.error.HTTPError, match="404"):
        urllib.request.urlopen(f"{base}/status", timeout=10)


def test_tokens_equal_the_local_path(client: Client, texts: list[str]) -> None:
    tokens = distributed.tokenize_bag(texts, client=client, npartitions=7)
    assert tokens == segment.tokenize_paragraphs().tokens.tolist()


def test_counts_equal_the_local_path(client: Client, texts: list[str]) -> None:
    counts = distributed.count_terms_distributed(texts, client=client, npartitions=5)
    expected = count.count_terms(segment.tokenize(t) for t in texts)
    pd.testing.assert_series_equal(counts, expected)
    assert counts.sum() == sum(len(segment.tokenize(t)) for t in texts)


def test_file_source_in_several_blocks(client: Client, texts: list[str], tmp_path: Path) -> None:
    path = tmp_path / "paragraphs.txt"
    path.write_text("".join(f"{t}\n" for t in texts) + "\r\n", encoding="utf-8")
    bag = distributed.paragraph_bag(path, blocksize=8_000)
    assert bag.npartitions > 3
    assert bag.compute(scheduler=client) == list(scale.read_paragraph_lines(path))
    tokens = distributed.tokenize_bag(path, client=client, blocksize=8_000, stopwords=False)
    assert tokens == [segment.tokenize(t, stopwords=False) for t in texts] + [[]]


def test_scheduler_address_path(client: Client, texts: list[str]) -> None:
    address = client.scheduler.address  # as a user would pass tcp://host:8786
    counts = distributed.count_terms_distributed(texts[:20], address=address, backend="rjieba")
    local = scale.count_terms_stream(texts[:20], workers=1, backend="rjieba")
    pd.testing.assert_series_equal(counts, local)


def test_user_dictionary_and_stopwords_on_the_workers(client: Client, texts: list[str],
                                                      tmp_path: Path) -> None:
    csv = tmp_path / "mine.csv"
    csv.write_text("term,theme,variants\n蓝盾云脑,digital policing,蓝盾 云脑\n"
                   "一格一警长,staffing,“一格一警长”\n", encoding="utf-8")
    sample = ["我市深化蓝盾云脑建设，推进“一格一警长”全覆盖", *texts[:20]]
    spec = {"lexicon": csv, "stopwords": ["general", "我市"]}
    expected = [segment.tokenize(t, **spec) for t in sample]  # type: ignore[arg-type]
    assert distributed.tokenize_bag(sample, client=client, npartitions=3, **spec) == expected
    counts = distributed.count_terms_distributed(sample, client=client, npartitions=3, **spec)
    pd.testing.assert_series_equal(counts, count.count_terms(expected))
    assert "蓝盾云脑" in counts.index and "我市" not in counts.index
