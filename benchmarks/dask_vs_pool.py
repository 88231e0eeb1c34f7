"""Dask on one machine vs the local process pool (target: within 1.3×, identical counts).

Both count the terms of a replicated corpus file on 2 worker processes:

* local: ``scale.count_terms_stream(scale.read_paragraph_lines(path), workers=2)``
  (pool start-up and dictionary loading included);
* Dask: ``distributed.count_terms_distributed(path, client=...)`` on a 2-worker ``LocalCluster``
  (127.0.0.1, 1 thread per worker, no dashboard); the workers read the file
  themselves in 4 MB blocks. Reported with and without starting the cluster, and a
  second (warm-worker) run.

The two count series must be equal (``Series.equals``); on the 1 MB file the token
lists of ``distributed.tokenize_bag`` are also compared with ``scale.tokenize_stream``.
Peak memory is sampled over this process and all its descendants.

Usage: ``.venv/bin/python benchmarks/dask_vs_pool.py [--size 10] [--repeat 1]`` →
``results/dask_vs_pool.csv``.
"""

from __future__ import annotations

import argparse
import json
import time

import pandas as pd
from _common import PeakMemory, corpus_file, mb, run_json, write_table


def measure(size: int, repeat: int) -> dict[str, object]:
    """Timings and checks, in this (fresh) process."""
    from helpers import scale
    from helpers.scale import distributed

    path = corpus_file(size)
    path.read_bytes()  # page cache warm for both
    rows: list[dict[str, object]] = []
    checks: dict[str, object] = {}
    for attempt in range(1, repeat + 1):
        started = time.perf_counter()
        local = scale.count_terms_stream(scale.read_paragraph_lines(path), workers=2,
                                         progress=False)
        rows.append({"attempt": attempt, "path": "local pool (2 processes)",
                     "seconds": time.perf_counter() - started})

        started = time.perf_counter()
        with distributed.dask_client(n_workers=2) as client:
            up = time.perf_counter()
            counts = distributed.count_terms_distributed(path, client=client)
            first = time.perf_counter()
            again = distributed.count_terms_distributed(path, client=client)
            second = time.perf_counter()
            if attempt == 1:
                small = corpus_file(1)
                checks["tokens_identical_1mb"] = (
                    distributed.tokenize_bag(small, client=client)
                    == list(scale.tokenize_stream(scale.read_paragraph_lines(small),
                                                  workers=1)))
        rows.append({"attempt": attempt, "path": "dask: cluster start + count",
                     "seconds": first - started})
        rows.append({"attempt": attempt, "path": "dask: count (cluster up, cold workers)",
                     "seconds": first - up})
        rows.append({"attempt": attempt, "path": "dask: count again (warm workers)",
                     "seconds": second - first})
        checks[f"counts_identical_{attempt}"] = bool(counts.equals(local) and again.equals(local))
        checks["n_terms"], checks["n_tokens"] = len(local), int(local.sum())
    return {"rows": rows, "checks": checks}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10, metavar="MB")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        with PeakMemory() as memory:
            result = measure(args.size, args.repeat)
        print(json.dumps({**result, "memory": memory.result()}))
        return
    result = run_json([__file__, "--one", "--size", str(args.size),
                       "--repeat", str(args.repeat)])
    table = pd.DataFrame(result["rows"])
    table = table.groupby("path", sort=False, as_index=False).seconds.min()
    pool = table.seconds.iloc[0]
    table["seconds"] = table.seconds.round(2)
    table["mb_per_s"] = (mb(corpus_file(args.size).stat().st_size) / table.seconds).round(2)
    table["ratio_to_local_pool"] = (table.seconds / pool).round(2)
    checks = result["checks"]
    table["counts_identical"] = all(v for k, v in checks.items() if k.startswith("counts_"))
    table["tokens_identical_1mb"] = checks["tokens_identical_1mb"]
    table.insert(0, "size_mb", args.size)
    write_table("dask_vs_pool", table,
                f"Dask LocalCluster (2 workers) vs local pool, term counts of {args.size} MB "
                f"(best of {args.repeat}; {checks['n_tokens']} tokens, {checks['n_terms']} "
                f"terms; peak memory {result['memory']})")


if __name__ == "__main__":
    main()
