"""Why ``helpers.scale`` writes its Arrow data with the system allocator.

In a fresh process (as every ``tokenize_corpus`` call and every pool worker is), the
replicated corpus of ``--size`` MB is segmented with rjieba into the Arrow list arrays a
worker returns, and then written as one Parquet row group set, the way
``tokenize_corpus`` writes them at its end:

* ``default``: with pyarrow's default pool (mimalloc in the PyPI wheels), as before;
* ``system``: inside ``scale.system_allocator()`` (``malloc``), as now.

Rows: ``first_write_s`` (the first write of the process: what ``tokenize_corpus`` pays,
serially, after its workers finish), ``second_write_s`` (the same table again, warm) and
the file's sha256 (the two pools must write the same bytes). The two arms alternate
``--repeat`` times (default 5) in fresh processes; the summary gives each arm's median and
the ratio default / system of the medians, measured in the same run. Usage:
``.venv/bin/python benchmarks/arrow_pool.py [--size 10]`` → ``results/arrow_pool.csv``
and ``results/arrow_pool_summary.csv``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import sys
import tempfile
import time
from pathlib import Path

from _common import corpus_file, run_json, write_table

ARMS = ("default", "system")


def one(arm: str, source: Path, out: Path) -> dict[str, object]:
    """One arm in this fresh process: tokenize, then time two writes of the table."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from helpers import scale

    options = scale.make_options(backend="rjieba")
    lines = list(scale.read_paragraph_lines(source))
    context = scale.system_allocator() if arm == "system" else contextlib.nullcontext()
    seconds = []
    with context:
        arrays = [scale._tokenize_chunk_arrow(chunk, options)
                  for chunk in scale._chunks(lines, scale.DEFAULT_CHUNK_CHARS)]
        table = pa.Table.from_arrays([pa.chunked_array(arrays, scale._TOKENS_TYPE)],
                                     schema=scale._SCHEMA)
        for _ in range(2):
            started = time.perf_counter()
            with pq.ParquetWriter(out, scale._SCHEMA, compression="zstd") as writer:
                writer.write_table(table, row_group_size=scale.ROW_GROUP_ROWS)
            seconds.append(time.perf_counter() - started)
    return {"first_write_s": round(seconds[0], 3), "second_write_s": round(seconds[1], 3),
            "rows": table.num_rows, "sha256": hashlib.sha256(out.read_bytes()).hexdigest()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10, metavar="MB")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--one", choices=ARMS, help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.file, args.out)))
        return
    import pandas as pd

    source = corpus_file(args.size)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench_pool_") as tmp:
        for attempt in range(1, args.repeat + 1):
            for arm in ARMS:
                print(f"… attempt {attempt}, {arm}", file=sys.stderr, flush=True)
                result = run_json([__file__, "--one", arm, "--file", str(source),
                                   "--out", str(Path(tmp) / f"{arm}.parquet")])
                rows.append({"attempt": attempt, "size_mb": args.size, "pool": arm, **result})
    table = pd.DataFrame(rows)
    write_table("arrow_pool", table, "First Parquet write of a fresh process, by Arrow pool")
    medians = table.groupby("pool")[["first_write_s", "second_write_s"]].median()
    summary = pd.DataFrame([{
        "size_mb": args.size, "repeat": args.repeat,
        "default_first_write_s": medians.loc["default", "first_write_s"],
        "system_first_write_s": medians.loc["system", "first_write_s"],
        "ratio_default_over_system": round(medians.loc["default", "first_write_s"]
                                           / medians.loc["system", "first_write_s"], 2),
        "default_second_write_s": medians.loc["default", "second_write_s"],
        "system_second_write_s": medians.loc["system", "second_write_s"],
        "same_bytes": bool(table.sha256.nunique() == 1)}])
    write_table("arrow_pool_summary", summary, "Medians and ratio, same run")


if __name__ == "__main__":
    main()
