"""Cached re-segmentation vs the first run (target: ≥ 50× faster on the seed corpus).

In a fresh process with an empty cache folder (``POLICING_CACHE_DIR`` → a temporary
folder), time:

* ``scale.tokenize_paragraphs_parallel()`` on the seed corpus: first run (cache empty, includes
  building the tokenizer: jieba's dictionary and the lexicon), then again with the
  tokenizer loaded but the Parquet entry deleted (pure segmentation), then the cached
  run (hash the texts, validate and read the Parquet entry);
* the same three for ``segment.tokenize_paragraphs()`` and its JSON cache, for
  comparison;
* ``scale.tokenize_corpus(path)`` on the 10 MB replicated file: first run vs cache hit
  (hashing the 10 MB file and validating the entry) and vs reading the tokens back.

Usage: ``.venv/bin/python benchmarks/cache_speed.py [--size 10]`` → ``results/cache.csv``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from _common import corpus_file, run_json, write_table


def _time(call: Callable[[], object], repeat: int = 1) -> float:
    """Best of ``repeat`` wall times (seconds)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - started)
    return best


def measure(size: int) -> list[dict[str, object]]:
    """All timings, in this process (its cache folder is already a temporary one)."""
    from helpers import scale
    from helpers.paths import cache_dir
    from helpers.text import corpus, segment

    paragraphs = corpus.load_paragraphs()
    rows = []

    def add(what: str, path: str, seconds: float) -> None:
        rows.append({"corpus": what, "path": path, "run": path.split(":")[-1],
                     "seconds": round(seconds, 5)})

    first = _time(lambda: scale.tokenize_paragraphs_parallel(paragraphs))
    shutil.rmtree(cache_dir() / "tokens_parquet")
    again = _time(lambda: scale.tokenize_paragraphs_parallel(paragraphs))
    cached = _time(lambda: scale.tokenize_paragraphs_parallel(paragraphs), repeat=5)
    add("seed (139 paragraphs)", "scale parquet: first run", first)
    add("seed (139 paragraphs)", "scale parquet: uncached, tokenizer loaded", again)
    add("seed (139 paragraphs)", "scale parquet: cached", cached)

    # segment's JSON cache; its tokenizer is the same object, already loaded, so its
    # "first run" has no dictionary load: compare with the row above
    first = _time(lambda: segment.tokenize_paragraphs(paragraphs))
    cached = _time(lambda: segment.tokenize_paragraphs(paragraphs), repeat=5)
    add("seed (139 paragraphs)", "segment json: first run (tokenizer loaded)", first)
    add("seed (139 paragraphs)", "segment json: cached", cached)

    source = corpus_file(size)
    label = f"replicated {size} MB"
    first = _time(lambda: scale.tokenize_corpus(source, workers=1, progress=False))
    hit = _time(lambda: scale.tokenize_corpus(source, workers=1), repeat=3)
    read = _time(lambda: scale.read_tokens(scale.tokenize_corpus(source, workers=1)))
    add(label, "scale parquet: first run (1 process)", first)
    add(label, "scale parquet: cached (hash + validate)", hit)
    add(label, "scale parquet: cached + read all tokens", read)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10, metavar="MB")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps({"rows": measure(args.size)}))
        return
    with tempfile.TemporaryDirectory(prefix="bench_cache_") as tmp:
        rows = run_json([__file__, "--one", "--size", str(args.size)],
                        env={"POLICING_CACHE_DIR": str(Path(tmp))})
    table = pd.DataFrame(rows["rows"])
    firsts = {c: s for c, p, s in zip(table.corpus, table.path, table.seconds, strict=True)
              if p.startswith("scale parquet: first run")}
    table["speedup_vs_first_run"] = [
        round(firsts[c] / s, 1) if c in firsts and "parquet" in p else None
        for c, p, s in zip(table.corpus, table.path, table.seconds, strict=True)]
    write_table("cache", table.drop(columns=["run"]),
                "Cached re-segmentation vs first run (same process, same run)")


if __name__ == "__main__":
    main()
