"""Segmentation throughput, the pipeline against its bare engine, parallel speed-up,
fast backends, peak memory, agreement.

Questions: (1) is ``helpers.scale`` with the default jieba backend in one process at
least as fast as bare ``jieba.lcut`` on the same lines (target ≥ 1.0×)? (2) does
rjieba through the pipeline on 2 workers reach ≥ 0.6× (stretch 1.5×) of bare
single-core ``rjieba.cut`` on the same lines, at 10 and 50 MB? (3) how much faster is
``helpers.scale`` on all cores than in one process, and the fast backends than jieba?
(4) what is the peak memory of each process (target ≤ 400 MB at 50 MB)? (5) how often
do the fast backends disagree with jieba (every differing position is listed)?

Each configuration runs in a fresh process on a replicated corpus from
``benchmarks/make_corpus.py`` and includes everything a user waits for: interpreter
and import start-up, dictionary loading in each worker, reading the file, writing the
Parquet output (pipeline) or counting the tokens (bare engines). Configurations:

=================  ==========================================================
jieba_lcut         bare ``jieba.lcut`` per line: no lexicon, no normalisation,
                   no filtering, no output, no ``helpers`` import (lines read
                   with plain Python)
rjieba_cut         bare ``rjieba.Jieba().cut(line, True)`` per line, likewise
segment_tokenize   ``helpers.text.segment.tokenize`` per paragraph (the project's
                   one-text function) — 1 MB only unless ``--segment-tokenize-max``
jieba_w1           ``scale.tokenize_corpus(workers=1)``: THE REFERENCE
jieba_w2           ``scale.tokenize_corpus(workers=2)`` (process pool)
jieba_fast_w1      same pipeline, backend jieba_fast, one process
rjieba_w1 / _w2    same pipeline, backend rjieba, one / two processes
=================  ==========================================================

Ratios of the targets (``segmentation_targets.csv``), per attempt and size, all from
the same run: ``pipeline ÷ bare`` = bare seconds / pipeline seconds (so > 1 means the
pipeline is faster) for jieba_w1 vs jieba_lcut and rjieba_w2 vs rjieba_cut, the same
for CPU seconds, and the *marginal* ratio between the smallest and the largest size
(extra MB / extra seconds of each), in which the fixed start-up cancels out.

Usage: ``.venv/bin/python benchmarks/segmentation.py [--sizes 10 50] [--repeat 2]``
(writes ``results/segmentation.csv``, ``results/segmentation_targets.csv``,
``results/backend_agreement.csv`` and ``results/backend_differences.csv``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from _common import SIZES, corpus_file, cpu_seconds, mb, own_peak_mb, run_json, write_table

if TYPE_CHECKING:  # pandas is imported only by the parent: a measured run does not pay it
    import pandas as pd

#: name → (backend, workers); None backend = not helpers.scale.
CONFIGS: dict[str, tuple[str | None, int]] = {
    "jieba_lcut": (None, 1),
    "rjieba_cut": (None, 1),
    "segment_tokenize": (None, 1),
    "jieba_w1": ("jieba", 1),
    "jieba_w2": ("jieba", 2),
    "jieba_fast_w1": ("jieba_fast", 1),
    "rjieba_w1": ("rjieba", 1),
    "rjieba_w2": ("rjieba", 2),
}
REFERENCE = "jieba_w1"
#: (pipeline configuration, bare engine configuration) of each ratio target.
TARGETS: tuple[tuple[str, str], ...] = (("jieba_w1", "jieba_lcut"), ("rjieba_w2", "rjieba_cut"),
                                         ("rjieba_w1", "rjieba_cut"))


def _plain_lines(source: Path) -> list[str]:
    """The lines of ``source`` as ``scale.read_paragraph_lines`` gives them, read with
    plain Python (a bare engine's run imports nothing from ``helpers``)."""
    with source.open("rb") as handle:
        lines = []
        for raw in handle:
            line = raw.decode("utf-8")
            line = line[:-1] if line.endswith("\n") else line
            lines.append(line[:-1] if line.endswith("\r") else line)
    return lines


# --------------------------------------------------------------------------- one run
def one(config: str, source: Path, out: Path) -> dict[str, object]:
    """Run one configuration in this (fresh) process; return its measurements."""
    backend, workers = CONFIGS[config]
    n_tokens = 0
    started = time.perf_counter()  # what a user waits for (workers' memory: run_json)
    if config == "jieba_lcut":
        import jieba
        jieba.setLogLevel(60)
        for text in _plain_lines(source):
            n_tokens += len(jieba.lcut(text))
    elif config == "rjieba_cut":
        import rjieba
        tokenizer = rjieba.Jieba()
        for text in _plain_lines(source):
            n_tokens += len(tokenizer.cut(text, True))
    elif config == "segment_tokenize":
        from helpers import scale
        from helpers.text import segment
        for text in scale.read_paragraph_lines(source):
            n_tokens += len(segment.tokenize(text))
    else:
        from helpers import scale
        scale.tokenize_corpus(source, out=out, use_cache=False, workers=workers,
                              backend=backend, progress=False)
    seconds = time.perf_counter() - started
    cpu = cpu_seconds()
    peaks = {"peak_rss_parent_mb": own_peak_mb()}  # before reading the output back
    if out.exists():
        import pyarrow.compute as pc
        import pyarrow.parquet as pq
        n_tokens = int(pc.sum(pc.list_value_length(pq.read_table(out).column("tokens"))
                              ).as_py())
    return {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "tokens": n_tokens,
            **peaks}


# --------------------------------------------------------------------------- agreement
def agreement_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each backend vs ``segment.tokenize``: on the seed paragraphs (clean text) with the
    default options and with the options that keep the most tokens (no stopwords,
    numbers kept), and on every non-blank line of the raw files (headers, dates and
    bylines included, which cleaning removes from the paragraphs)."""
    import pandas as pd

    from helpers import scale
    from helpers.paths import corpus_dir
    from helpers.text import corpus, segment

    paragraphs = [str(t) for t in corpus.load_paragraphs().text]
    raw_lines = [line for path in sorted((corpus_dir() / "raw").glob("*.txt"))
                 for line in corpus.read_raw(path).split("\n") if line.strip()]
    most = {"stopwords": False, "keep_numbers": True}
    settings = [("seed paragraphs", "default", paragraphs, {}),
                ("seed paragraphs", "stopwords=False, keep_numbers=True", paragraphs, most),
                ("raw lines", "stopwords=False, keep_numbers=True", raw_lines, most)]
    summary, differences = [], []
    for texts_label, label, texts, options in settings:
        reference = [segment.tokenize(t, **options) for t in texts]
        for backend in ("jieba", "jieba_fast", "rjieba"):
            started = time.perf_counter()
            segmenter = scale.BackendSegmenter(scale.make_options(backend=backend, **options))
            load = time.perf_counter() - started
            tokens = [segmenter.tokenize(t) for t in texts]
            share, diff = scale.token_agreement(reference, tokens)
            summary.append({"texts": texts_label, "n_texts": len(texts), "options": label,
                            "backend": backend, "version": scale.backend_version(backend),
                            "reference_tokens": sum(map(len, reference)),
                            "agreement_pct": round(100 * share, 4),
                            "differing_stretches": len(diff),
                            "tokenizer_build_s": round(load, 2)})
            for row in diff.to_dict("records"):
                differences.append({"texts": texts_label, "options": label, "backend": backend,
                                    **row, "text": texts[row["paragraph"]][:80]})
    columns = ["texts", "options", "backend", "paragraph", "position", "reference", "candidate",
               "n_reference", "n_candidate", "text"]
    return pd.DataFrame(summary), pd.DataFrame(differences, columns=columns)


# --------------------------------------------------------------------------- main
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), metavar="MB")
    parser.add_argument("--configs", nargs="+", default=list(CONFIGS), choices=list(CONFIGS))
    parser.add_argument("--segment-tokenize-max", type=int, default=1, metavar="MB",
                        help="largest size for the slow segment_tokenize row (default 1)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run everything this many times (rows per attempt)")
    parser.add_argument("--skip-agreement", action="store_true",
                        help="do not recompute the backend agreement tables")
    parser.add_argument("--name", default="segmentation",
                        help="results/<name>.csv for the throughput table")
    parser.add_argument("--one", choices=list(CONFIGS), help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:  # child process: one measurement, JSON on stdout
        print(json.dumps(one(args.one, args.file, args.out)))
        return
    import pandas as pd

    if not args.skip_agreement:
        summary, differences = agreement_tables()
        write_table("backend_agreement", summary,
                    "Token agreement with helpers.text.segment.tokenize (seed corpus)")
        write_table("backend_differences", differences,
                    "Every differing token position (empty table: none)")

    rows = []
    with tempfile.TemporaryDirectory(prefix="bench_seg_") as tmp:
        for attempt in range(1, args.repeat + 1):
            for size in args.sizes:
                rows.extend(measure_size(size, attempt, args, Path(tmp)))
    table = pd.DataFrame(rows)
    keys = ["attempt", "size_mb"]
    reference = table[table.config == REFERENCE].set_index(keys)
    pairs = list(zip(table.attempt, table.size_mb, strict=True))
    table["speedup_vs_reference"] = [
        round(reference.seconds.get(k, float("nan")) / s, 2)
        for k, s in zip(pairs, table.seconds, strict=True)]
    table["cpu_ratio_to_reference"] = [
        round(c / reference.cpu_seconds.get(k, float("nan")), 2)
        for k, c in zip(pairs, table.cpu_seconds, strict=True)]
    table["peak_rss_max_mb"] = table[["peak_rss_parent_mb", "peak_rss_worker_mb"]].max(axis=1)
    columns = ["attempt", "size_mb", "config", "workers", "seconds", "mb_per_s", "speedup_vs_reference",
               "cpu_seconds", "cpu_ratio_to_reference",
               "tokens", "tokens_identical_to_reference", "peak_rss_parent_mb",
               "peak_rss_worker_mb", "peak_rss_max_mb", "n_worker_processes", "process_seconds",
               "load_avg_before"]
    write_table(args.name, table[columns],
                f"Segmentation throughput (reference: {REFERENCE}, same run; replicated text)")
    targets = target_table(table)
    if len(targets):
        write_table(f"{args.name}_targets", targets,
                    "Pipeline ÷ bare engine (> 1: the pipeline is faster), same run")


def target_table(table: pd.DataFrame) -> pd.DataFrame:
    """For each attempt, size and target pair: bare seconds / pipeline seconds (wall
    and CPU), the pipeline's tokens = reference, the largest process; and per attempt
    the marginal ratio between the smallest and the largest size."""
    import pandas as pd

    rows = []
    for (attempt, size), group in table.groupby(["attempt", "size_mb"], sort=True):
        by = group.set_index("config")
        for pipeline, bare in TARGETS:
            if pipeline in by.index and bare in by.index:
                p, b = by.loc[pipeline], by.loc[bare]
                rows.append({"attempt": attempt, "size_mb": size, "pipeline": pipeline,
                             "bare": bare, "pipeline_s": p.seconds, "bare_s": b.seconds,
                             "ratio_wall": round(b.seconds / p.seconds, 2),
                             "pipeline_cpu_s": p.cpu_seconds, "bare_cpu_s": b.cpu_seconds,
                             "ratio_cpu": round(b.cpu_seconds / p.cpu_seconds, 2),
                             "pipeline_tokens_identical_to_reference":
                                 p.tokens_identical_to_reference,
                             "pipeline_peak_rss_max_mb": p.peak_rss_max_mb,
                             "load_avg_before": p.load_avg_before})
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    marginal = []
    for (attempt, pipeline), group in out.groupby(["attempt", "pipeline"], sort=True):
        if group.size_mb.nunique() < 2:
            continue
        small, large = group.loc[group.size_mb.idxmin()], group.loc[group.size_mb.idxmax()]
        extra_p = large.pipeline_s - small.pipeline_s
        extra_b = large.bare_s - small.bare_s
        extra_pc = large.pipeline_cpu_s - small.pipeline_cpu_s
        extra_bc = large.bare_cpu_s - small.bare_cpu_s
        marginal.append({"attempt": attempt, "size_mb": f"{small.size_mb}→{large.size_mb}",
                         "pipeline": pipeline, "bare": small.bare,
                         "pipeline_s": round(extra_p, 2), "bare_s": round(extra_b, 2),
                         "ratio_wall": round(extra_b / extra_p, 2) if extra_p > 0 else None,
                         "pipeline_cpu_s": round(extra_pc, 2), "bare_cpu_s": round(extra_bc, 2),
                         "ratio_cpu": round(extra_bc / extra_pc, 2) if extra_pc > 0 else None})
    return pd.concat([out.astype({"size_mb": str}), pd.DataFrame(marginal)],
                     ignore_index=True)


def measure_size(size: int, attempt: int, args: argparse.Namespace,
                 tmp: Path) -> list[dict[str, object]]:
    """Every requested configuration on the ``size`` MB corpus, one fresh process each."""
    source = corpus_file(size)
    nbytes = source.stat().st_size
    outputs: dict[str, Path] = {}
    rows = []
    for config in args.configs:
        if config == "segment_tokenize" and size > args.segment_tokenize_max:
            continue
        out = tmp / f"{config}_{size}.parquet"
        print(f"… attempt {attempt}, {size} MB, {config}", file=sys.stderr, flush=True)
        load = round(os.getloadavg()[0], 2)  # other programs competing for the cores
        result = run_json([__file__, "--one", config, "--file", str(source), "--out", str(out)],
                          sample_descendants=True)
        if out.exists():
            outputs[config] = out
        backend, workers = CONFIGS[config]
        rows.append({"attempt": attempt, "size_mb": size, "config": config,
                     "backend": backend or config, "workers": workers,
                     "load_avg_before": load, **result,
                     "mb_per_s": round(mb(nbytes) / result["seconds"], 2)})
    identical = _identical_outputs(outputs)
    for row in rows:
        row["tokens_identical_to_reference"] = identical.get(str(row["config"]), "")
    for path in outputs.values():
        path.unlink(missing_ok=True)
    return rows


def _identical_outputs(outputs: dict[str, Path]) -> dict[str, str]:
    """For each Parquet output: ``yes``/``no`` — same tokens as the reference's output."""
    import pyarrow.parquet as pq

    if REFERENCE not in outputs:
        return {}
    reference = pq.read_table(outputs[REFERENCE]).column("tokens")
    return {config: "yes" if pq.read_table(path).column("tokens").equals(reference) else "no"
            for config, path in outputs.items()}


if __name__ == "__main__":
    main()
