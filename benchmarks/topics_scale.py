"""Topic models at scale: gensim vs tomotopy through ``helpers.analysis.topics.fit_topics``.

Questions: (1) how long does LDA with K = 10 take on 1k, 10k and 100k paragraph
documents with each engine, how much memory does it need, and how coherent are the
topics? (2) what does the helper cost: ``fit_topics`` vs calling gensim ``LdaModel`` /
tomotopy ``LDAModel(...).train(...)`` directly with the same input and settings
(target ≤ 10 % overhead)?

**Documents: replicated seed text, for throughput only, never for findings.** The seed
corpus is segmented (``segment.tokenize_paragraphs``) and cut into the 113 paragraph
documents of notebook 03 (``topics.paragraph_documents``, ``min_tokens=20``); its
vocabulary (``build_dictionary``, ``no_below=3, no_above=0.5``: 551 terms) is the
vocabulary at every size. Replica 0 is those documents as they are; in replica r ≥ 1 the
tokens of each article are pooled, shuffled with a generator seeded by (seed, r,
article) and cut again at the original document lengths, so documents differ between
replicas while each article keeps its words and every document its length. The
corpus of n documents is the first n of replicas 0, 1, 2, … (so the 1,000 documents
on which coherence is measured are the same at every size).

Configurations (K = 10, seed 20241109, fixed symmetric alpha = 0.1 = 1/K, eta = 0.05,
the same documents and vocabulary for all):

==================  ===================================================================
gensim              ``fit_topics(engine="gensim")``: ``LdaModel`` in one process, online
                    variational Bayes, passes=1, chunksize=2000, iterations=50 (E-step
                    iterations per document, at most), then the doc-topic table (one
                    more E-step over the corpus). Input: bags of words.
gensim_multicore    benchmark only: ``LdaMulticore(workers=2)``, same settings, then the
                    same ``topic_word`` / ``doc_topic`` (single-process inference).
                    Not reproducible: two runs differ in the last digits.
tomotopy            ``fit_topics(engine="tomotopy")``: collapsed Gibbs sampling, 100
                    sweeps over the corpus, one worker (reproducible). Input: token lists.
tomotopy_w2         the same with ``workers=2``: parallel sampler; differs from the
                    one-worker result, and tomotopy warns it may differ between runs.
tomotopy_avx2       ``tomotopy`` with ``TOMOTOPY_ISA=avx2``: what pinning the SSE2 code
                    path (``helpers.analysis.topics``, for the same draws on every CPU) costs.
==================  ===================================================================

What is compared: gensim's usual setting for a large corpus (online variational Bayes,
one pass, 50 E-step iterations at most per document) against 100 Gibbs sweeps. The two
algorithms do different work per document, so the table shows time *and* coherence.
Each (size, configuration) runs in a fresh process. ``seconds`` starts with the prepared
input (bags of words for gensim, token lists for tomotopy; building the bags of words is
listed apart as ``bow_seconds``) and ends with both tables (topic-word, doc-topic);
``train_seconds`` is the part spent in training (``train_lda`` / tomotopy's ``add_doc``
and ``train``), ``outputs_seconds`` the rest (for gensim mostly the doc-topic E-step).
``other_programs_cores`` says how many cores other programs took during the run (see
:func:`measured`): the machine may be shared. Peak memory is the
process's own high-water mark (``VmHWM``) and that of its largest child (LdaMulticore
workers), see ``_common.PeakMemory``; ``rss_input_mb`` is the resident size just before
fitting. Coherence (c_v, c_npmi, u_mass; ``topics.coherence``, ``processes=1``) is
computed on the first 1,000 documents with each model's top 10 terms.

The overhead runs (default: every size up to 10k) train each engine alternately
through ``fit_topics`` and directly, ``--repeat`` times in one fresh process, and check
that both give the same tables. ``direct_train`` is the library's training call alone
(for tomotopy including ``add_doc`` of the vocabulary tokens); ``direct_outputs`` adds
the library calls that give the same two tables (gensim: ``get_topics`` and a seeded
``inference`` over the corpus; tomotopy: ``get_topic_word_dist``, ``get_topic_dist``).

Usage: ``.venv/bin/python benchmarks/topics_scale.py [--sizes 1000,10000,100000]
[--configs gensim,tomotopy] [--overhead-sizes 1000,10000] [--repeat 3]``
→ ``results/topics_scale.csv``, ``results/topics_overhead.csv``. The full run takes
about 5 minutes on 2 idle cores.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from _common import PeakMemory, cpu_seconds, run_json, write_table

SIZES = (1_000, 10_000, 100_000)
CONFIGS: dict[str, tuple[str, int]] = {  # name → (engine, workers)
    "gensim": ("gensim", 1),
    "gensim_multicore": ("gensim", 2),
    "tomotopy": ("tomotopy", 1),
    "tomotopy_w2": ("tomotopy", 2),
    "tomotopy_avx2": ("tomotopy", 1),
}
#: Extra environment of a configuration's process.
ENV = {"tomotopy_avx2": {"TOMOTOPY_ISA": "avx2"}}
REFERENCE = "gensim"
K = 10
SEED = 20241109
ALPHA, ETA = 0.1, 0.05
GENSIM = {"passes": 1, "iterations": 50, "chunksize": 2000}
TOMOTOPY = {"iterations": 100}
COHERENCE_DOCS = 1_000
LABEL = ("REPLICATED SEED TEXT (the 113 paragraph documents of notebook 03, shuffled within "
         "each article in every replica): for throughput only, never for findings.")


# --------------------------------------------------------------------------- corpus
def replicated_corpus(n_docs: int, *, seed: int = SEED):
    """``(token_lists, doc_ids, dictionary)``: the first ``n_docs`` documents of the
    replicas described in the module docstring, and the seed documents' vocabulary."""
    from helpers.analysis import topics
    from helpers.text import segment

    documents = topics.paragraph_documents(segment.tokenize_paragraphs(), min_tokens=20)
    dictionary = topics.build_dictionary(list(documents.tokens), no_below=3, no_above=0.5)
    articles = [(article_id, [list(t) for t in part.tokens], list(part.doc_id))
                for article_id, part in documents.groupby("article_id", sort=False)]
    token_lists: list[list[str]] = []
    doc_ids: list[str] = []
    replica = 0
    while len(token_lists) < n_docs:
        for number, (_, docs, ids) in enumerate(articles):
            if replica == 0:
                shuffled = docs
            else:
                pool = [t for doc in docs for t in doc]
                order = np.random.default_rng([seed, replica, number]).permutation(len(pool))
                cuts = np.cumsum([0, *map(len, docs)])
                mixed = [pool[i] for i in order]
                shuffled = [mixed[a:b] for a, b in zip(cuts[:-1], cuts[1:], strict=True)]
            token_lists.extend(shuffled)
            doc_ids.extend(f"r{replica}/{doc_id}" for doc_id in ids)
        replica += 1
    token_lists, doc_ids = token_lists[:n_docs], doc_ids[:n_docs]
    vocabulary = dictionary.token2id
    for doc_id, tokens in zip(doc_ids, token_lists, strict=True):
        if not any(t in vocabulary for t in tokens):
            raise RuntimeError(f"replicated document {doc_id} has no vocabulary term")
    return token_lists, doc_ids, dictionary


def _rss_mb() -> float:
    """Current resident set of this process (``VmRSS``), MB of 2^20 bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def _timed(module: object, name: str, spent: dict[str, float]) -> None:
    """Wrap ``module.name`` so the seconds spent inside it add up in ``spent[name]``
    (how the training part of a ``fit_topics`` call is measured: ``fit_topics`` looks
    the internals up in its module at call time)."""
    original = getattr(module, name)

    def wrapper(*args: object, **kwargs: object) -> object:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - started

    setattr(module, name, wrapper)


# --------------------------------------------------------------------------- one run
def one(config: str, n_docs: int) -> dict[str, object]:
    """Fit one configuration on ``n_docs`` documents in this (fresh) process."""
    from gensim.models import LdaMulticore

    from helpers.analysis import topics

    engine, workers = CONFIGS[config]
    token_lists, doc_ids, dictionary = replicated_corpus(n_docs)
    bow_seconds = 0.0
    if engine == "gensim":
        started = time.perf_counter()
        documents = topics.bag_of_words(dictionary, token_lists)
        bow_seconds = time.perf_counter() - started
    else:
        documents = token_lists
    rss_input = _rss_mb()
    spent: dict[str, float] = {}
    _timed(topics, "train_lda", spent)
    _timed(topics, "_tomotopy_model", spent)
    warnings.filterwarnings("ignore", message="The training result may differ",
                            category=RuntimeWarning)  # tomotopy, workers > 1: we know
    cpu_before = cpu_seconds()
    with PeakMemory() as memory:
        started = time.perf_counter()
        if config == "gensim_multicore":
            model = LdaMulticore(corpus=documents, id2word=dictionary, num_topics=K,
                                 workers=workers, random_state=SEED, alpha=ALPHA, eta=ETA,
                                 eval_every=None, dtype=np.float64, **GENSIM)
            spent["train"] = time.perf_counter() - started
            phi = topics.topic_word(model)
            theta = topics.doc_topic(model, documents, doc_ids, seed=SEED)
        else:
            settings = GENSIM if engine == "gensim" else TOMOTOPY
            fit = topics.fit_topics(documents, dictionary, K, engine=engine, doc_ids=doc_ids,
                                    seed=SEED, alpha=ALPHA, eta=ETA, workers=workers,
                                    **settings)
            spent["train"] = spent.get("train_lda", 0.0) + spent.get("_tomotopy_model", 0.0)
            phi, theta = fit.topic_word, fit.doc_topic
        seconds = time.perf_counter() - started
        cpu = cpu_seconds() - cpu_before
    peaks = memory.result()
    vocabulary = dictionary.token2id
    assert theta.shape == (n_docs, K) and phi.shape == (K, len(dictionary))
    started = time.perf_counter()
    scores = topics.coherence(phi, token_lists[:COHERENCE_DOCS], dictionary).iloc[0]
    return {"seconds": round(seconds, 2), "train_seconds": round(spent["train"], 2),
            "outputs_seconds": round(seconds - spent["train"], 2),
            "bow_seconds": round(bow_seconds, 2), "cpu_seconds": round(cpu, 2),
            "rss_input_mb": rss_input, "peak_rss_mb": peaks["peak_rss_parent_mb"],
            "peak_rss_worker_mb": peaks["peak_rss_worker_mb"],
            **{m: round(float(scores[m]), 3) for m in ("c_v", "c_npmi", "u_mass")},
            "coherence_seconds": round(time.perf_counter() - started, 2),
            "isa": topics._import_tomotopy().isa if engine == "tomotopy" else "",
            "tokens_modelled": sum(t in vocabulary for tokens in token_lists for t in tokens)}


# --------------------------------------------------------------------------- overhead
def _direct_gensim(bow, dictionary) -> tuple[float, float, np.ndarray, np.ndarray]:
    """gensim called directly with fit_topics' settings: (train s, outputs s, phi, theta)."""
    from gensim.models import LdaModel

    started = time.perf_counter()
    model = LdaModel(corpus=bow, id2word=dictionary, num_topics=K, random_state=SEED,
                     passes=GENSIM["passes"], iterations=GENSIM["iterations"],
                     chunksize=GENSIM["chunksize"], alpha=ALPHA, eta=ETA, eval_every=None,
                     update_every=1, dtype=np.float64)
    trained = time.perf_counter()
    phi = model.get_topics()
    phi = phi / phi.sum(axis=1, keepdims=True)
    model.random_state = np.random.RandomState(SEED)
    gamma, _ = model.inference(bow)
    theta = gamma / gamma.sum(axis=1, keepdims=True)
    return trained - started, time.perf_counter() - trained, phi, theta


def _direct_tomotopy(token_lists, dictionary) -> tuple[float, float, np.ndarray, np.ndarray]:
    """tomotopy called directly with fit_topics' settings: (train s, outputs s, phi in
    dictionary order, theta)."""
    from helpers.analysis import topics

    tp = topics._import_tomotopy()  # the same pinned SSE2 code path
    started = time.perf_counter()
    model = tp.LDAModel(k=K, alpha=ALPHA, eta=ETA, seed=SEED)
    model.optim_interval = 0  # fixed alpha, as fit_topics(alpha=0.1)
    vocabulary = dictionary.token2id
    for tokens in token_lists:
        model.add_doc([t for t in tokens if t in vocabulary])
    model.train(TOMOTOPY["iterations"], workers=1, parallel=tp.ParallelScheme.NONE)
    trained = time.perf_counter()
    phi = np.array([model.get_topic_word_dist(j) for j in range(K)], dtype=float)
    theta = np.array([doc.get_topic_dist() for doc in model.docs], dtype=float)
    outputs = time.perf_counter() - trained
    order = [vocabulary[t] for t in model.used_vocabs]
    full = np.zeros((K, len(dictionary)))
    full[:, order] = phi
    return trained - started, outputs, full, theta


def overhead(engine: str, n_docs: int, repeat: int) -> dict[str, object]:
    """``fit_topics`` vs the direct library calls, alternating, ``repeat`` times each."""
    from helpers.analysis import topics

    token_lists, doc_ids, dictionary = replicated_corpus(n_docs)
    if engine == "gensim":
        documents = topics.bag_of_words(dictionary, token_lists)
        settings = GENSIM

        def direct() -> tuple[float, float, np.ndarray, np.ndarray]:
            return _direct_gensim(documents, dictionary)
    else:
        documents, settings = token_lists, TOMOTOPY

        def direct() -> tuple[float, float, np.ndarray, np.ndarray]:
            return _direct_tomotopy(documents, dictionary)

    def helper() -> tuple[float, topics.TopicFit]:
        started = time.perf_counter()
        fit = topics.fit_topics(documents, dictionary, K, engine=engine, doc_ids=doc_ids,
                                seed=SEED, alpha=ALPHA, eta=ETA, **settings)
        return time.perf_counter() - started, fit

    trains, direct_totals, helpers_s, same = [], [], [], []
    for attempt in range(repeat):  # alternate which goes first, so drift cancels out
        for which in ("direct", "helper") if attempt % 2 == 0 else ("helper", "direct"):
            if which == "direct":
                train, outputs, phi_d, theta_d = direct()
                trains.append(train)
                direct_totals.append(train + outputs)
            else:
                seconds, fit = helper()
                helpers_s.append(seconds)
                phi_h, theta_h = fit.topic_word.to_numpy(), fit.doc_topic.to_numpy()
        # tomotopy's topic-word rows are float32 that the helper renormalises in float64
        same.append(bool(np.allclose(phi_d, phi_h, rtol=1e-6, atol=1e-9)
                         and np.array_equal(theta_d, theta_h)))
    median = statistics.median
    return {"direct_train_s": round(median(trains), 3),
            "direct_outputs_s": round(median(direct_totals), 3),
            "helper_s": round(median(helpers_s), 3),
            "ratio_helper_to_direct_outputs": round(median(helpers_s) / median(direct_totals), 3),
            "ratio_helper_to_direct_train": round(median(helpers_s) / median(trains), 3),
            "ratio_min_helper_to_min_direct_outputs": round(min(helpers_s) / min(direct_totals),
                                                            3),
            "same_tables": all(same),
            "helper_s_each": " ".join(f"{s:.2f}" for s in helpers_s),
            "direct_outputs_s_each": " ".join(f"{s:.2f}" for s in direct_totals)}


# --------------------------------------------------------------------------- main
def _busy_cpu_seconds() -> float:
    """CPU seconds all cores have spent busy since boot (``/proc/stat``: user, nice,
    system, irq, softirq and steal time, i.e. everything but idle and iowait)."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(
        int, Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measured(args: list[str], env: dict[str, str] | None = None) -> dict[str, object]:
    """``run_json(args)`` plus the machine's load: ``load_avg_before`` (1-minute load
    average, which still counts the previous measurement's processes for a minute) and
    ``other_programs_cores``: CPU time the whole machine was busy during the run minus
    the CPU time of the measured process and its children, per second of the run — the
    average number of cores other programs took (0 = the cores were ours; 1 = one of
    the two cores was busy elsewhere; includes time stolen by the hypervisor)."""
    load = round(os.getloadavg()[0], 2)
    busy, children, started = _busy_cpu_seconds(), _children_cpu_seconds(), time.perf_counter()
    result = run_json(args, env=env)
    wall = time.perf_counter() - started
    other = (_busy_cpu_seconds() - busy) - (_children_cpu_seconds() - children)
    return {**result, "load_avg_before": load,
            "other_programs_cores": round(max(other, 0.0) / wall, 2)}


def _ints(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in text.split(",") if part]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=_ints, default=list(SIZES), metavar="N,N,…",
                        help="documents per corpus (default 1000,10000,100000)")
    parser.add_argument("--configs", type=lambda s: s.split(","), default=list(CONFIGS),
                        metavar="NAME,…", help=f"subset of {','.join(CONFIGS)}")
    parser.add_argument("--overhead-sizes", type=_ints, default=None, metavar="N,N,…",
                        help="sizes for the overhead runs (default: --sizes up to 10000; "
                             "'' for none)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="overhead: runs of each of fit_topics and the direct calls")
    parser.add_argument("--one", choices=list(CONFIGS), help=argparse.SUPPRESS)
    parser.add_argument("--overhead", choices=["gensim", "tomotopy"], help=argparse.SUPPRESS)
    parser.add_argument("--n-docs", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:  # child process: one measurement, JSON on stdout
        print(json.dumps(one(args.one, args.n_docs)))
        return
    if args.overhead:
        print(json.dumps(overhead(args.overhead, args.n_docs, args.repeat)))
        return
    unknown = sorted(set(args.configs) - set(CONFIGS))
    if unknown:
        parser.error(f"unknown configuration(s) {unknown}; choose from {list(CONFIGS)}")
    overhead_sizes = (args.overhead_sizes if args.overhead_sizes is not None
                      else [n for n in args.sizes if n <= 10_000])
    print(LABEL, file=sys.stderr)

    rows = []
    for n_docs in args.sizes:
        for config in args.configs:
            engine, workers = CONFIGS[config]
            print(f"… {n_docs:,} documents, {config}", file=sys.stderr, flush=True)
            result = measured([__file__, "--one", config, "--n-docs", str(n_docs)],
                              env=ENV.get(config))
            rows.append({"n_docs": n_docs, "config": config, "engine": engine,
                         "workers": workers, **result})
    if rows:
        table = pd.DataFrame(rows)
        reference = table[table.config == REFERENCE].set_index("n_docs").seconds
        table["docs_per_s"] = (table.n_docs / table.seconds).round(0).astype(int)
        table["speedup_vs_gensim"] = [round(reference.get(n, float("nan")) / s, 2)
                                      for n, s in zip(table.n_docs, table.seconds, strict=True)]
        columns = ["n_docs", "config", "workers", "isa", "seconds", "train_seconds",
                   "outputs_seconds", "speedup_vs_gensim", "docs_per_s", "tokens_modelled",
                   "bow_seconds", "cpu_seconds", "rss_input_mb", "peak_rss_mb",
                   "peak_rss_worker_mb", "c_v", "c_npmi", "u_mass", "coherence_seconds",
                   "process_seconds", "load_avg_before", "other_programs_cores"]
        write_table("topics_scale", table[columns],
                    f"LDA K={K} at scale (replicated text; gensim passes=1 chunksize=2000 "
                    f"iterations=50, tomotopy {TOMOTOPY['iterations']} sweeps)")

    overhead_rows = []
    for n_docs in overhead_sizes:
        for engine in ("gensim", "tomotopy"):
            print(f"… overhead, {n_docs:,} documents, {engine}", file=sys.stderr, flush=True)
            result = measured([__file__, "--overhead", engine, "--n-docs", str(n_docs),
                               "--repeat", str(args.repeat)])
            overhead_rows.append({"n_docs": n_docs, "engine": engine, "repeats": args.repeat,
                                  **result})
    if overhead_rows:
        write_table("topics_overhead", pd.DataFrame(overhead_rows),
                    "fit_topics vs direct library calls, same input and settings "
                    "(medians; target ratio_helper_to_direct_outputs ≤ 1.10)")


if __name__ == "__main__":
    main()
