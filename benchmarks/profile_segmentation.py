"""Where the segmentation pipeline spends its time: cProfile of one process.

Profiles, in this process and on the replicated corpus of ``--size`` MB (default 1;
``benchmarks/make_corpus.py`` builds it), the one-process work of
``helpers.scale.tokenize_corpus`` for each ``--backends`` entry, split into the
pipeline's stages:

* ``build``: the segmenter (jieba dictionary, lexicon as user dictionary, patterns);
* ``pipeline``: one worker's job on every chunk (``scale._tokenize_chunk_arrow``:
  normalisation, variants, lexicon split, the engine, filtering, the Arrow array);
* ``bare``: the bare engine on the same lines (``jieba.lcut`` / ``rjieba.cut``), as
  the ratio's denominator.

Output: ``results/profile_segmentation.csv``, one row per (backend, stage, function)
for the functions with the most own time (``--top``), with own and cumulative seconds
and their share of the stage, and ``results/profile_segmentation_summary.csv``: the
stage totals and the pipeline/bare ratio (wall time of this profiled run; cProfile
inflates Python-heavy code more than engine calls, so the ratio overstates the
unprofiled one). ``PYTHONPATH=<an older checkout>`` profiles older helpers. Usage:
``.venv/bin/python benchmarks/profile_segmentation.py [--size 1] [--backends jieba rjieba]``
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from _common import corpus_file, write_table


def _bare(backend: str) -> Callable[[str], list[str]]:
    """The bare engine's cut of one line (no lexicon, no normalisation, no filtering)."""
    if backend == "jieba":
        import jieba
        jieba.setLogLevel(60)
        jieba.initialize()
        return jieba.lcut
    if backend == "rjieba":
        import rjieba
        tokenizer = rjieba.Jieba()
        return lambda text: tokenizer.cut(text, True)
    import jieba_fast
    jieba_fast.setLogLevel(60)
    jieba_fast.initialize()
    return jieba_fast.lcut


def _rows(profile: cProfile.Profile, backend: str, stage: str, top: int) -> list[dict]:
    """The ``top`` functions by own time of one profiled stage."""
    stats = pstats.Stats(profile)
    total = stats.total_tt or 1e-9  # type: ignore[attr-defined]
    entries = []
    for (filename, line, name), (_, calls, own, cumulative, _) in \
            stats.stats.items():  # type: ignore[attr-defined]
        where = f"{Path(filename).name}:{line}" if line else filename
        entries.append({"backend": backend, "stage": stage, "function": f"{name} ({where})",
                        "calls": calls, "own_s": round(own, 3),
                        "cumulative_s": round(cumulative, 3),
                        "own_share_pct": round(100 * own / total, 1),
                        "stage_total_s": round(total, 3)})
    entries.sort(key=lambda e: -e["own_s"])
    return entries[:top]


def profile_backend(backend: str, source: Path, top: int) -> tuple[list[dict], dict]:
    """Profile the three stages for one backend; return the rows and the stage totals."""
    from helpers import scale

    lines = list(scale.read_paragraph_lines(source))
    options = scale.make_options(backend=backend)
    chunks = list(scale._chunks(lines, scale.DEFAULT_CHUNK_CHARS))
    rows, totals = [], {"backend": backend, "lines": len(lines)}

    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    scale._segmenter(options)
    profile.disable()
    totals["build_s"] = round(time.perf_counter() - started, 2)
    rows += _rows(profile, backend, "build", top)

    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for chunk in chunks:
        scale._tokenize_chunk_arrow(chunk, options)
    profile.disable()
    totals["pipeline_s"] = round(time.perf_counter() - started, 2)
    rows += _rows(profile, backend, "pipeline", top)

    cut = _bare(backend)
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for line in lines:
        cut(line)
    profile.disable()
    totals["bare_s"] = round(time.perf_counter() - started, 2)
    totals["pipeline_over_bare"] = round(totals["pipeline_s"] / totals["bare_s"], 2)
    rows += _rows(profile, backend, "bare", top)
    return rows, totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1, metavar="MB")
    parser.add_argument("--backends", nargs="+", default=["jieba", "rjieba"],
                        choices=["jieba", "jieba_fast", "rjieba"])
    parser.add_argument("--top", type=int, default=15, help="functions per stage")
    parser.add_argument("--name", default="profile_segmentation")
    args = parser.parse_args()
    source = corpus_file(args.size)
    rows, totals = [], []
    for backend in args.backends:
        backend_rows, backend_totals = profile_backend(backend, source, args.top)
        rows += backend_rows
        totals.append({"size_mb": args.size, **backend_totals})
    write_table(args.name, pd.DataFrame(rows),
                f"cProfile of the segmentation pipeline, {args.size} MB (replicated text)")
    write_table(f"{args.name}_summary", pd.DataFrame(totals),
                "Stage totals under cProfile (seconds) and pipeline ÷ bare engine")


if __name__ == "__main__":
    main()
