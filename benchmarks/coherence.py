"""Coherence of many models: helpers.analysis.coherence against gensim's CoherenceModel.

Notebook 03's K selection scores 50 models (10 K values × 5 seeds) with c_v, c_npmi and
u_mass on the same reference texts. gensim walks every sliding window of the texts again
for each model and measure; :class:`helpers.analysis.coherence.ReferenceTexts` reads the
texts once and counts only the words each model needs. For each corpus (the bundled one
and, with ``--factors``, ×F re-mixes built as ``benchmarks/growth.py`` builds them) this
times both on the same ``--models`` random topic sets (K = 10, top 10 terms), checks that
the scores agree to 1e-9 and writes ``results/coherence.csv`` with the ratio
gensim ÷ ours, both measured in this run.

Usage: ``.venv/bin/python benchmarks/coherence.py [--models 10] [--factors 10]``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from _common import write_table
from gensim.models import CoherenceModel

from helpers import synthetic
from helpers.analysis import coherence, topics
from helpers.text import corpus, segment


def reference(folder: Path | None) -> tuple[list[list[str]], object]:
    """Notebook 03's documents and dictionary for a corpus folder (None: bundled)."""
    paragraphs = segment.tokenize_paragraphs(corpus_path=folder)
    documents = topics.paragraph_documents(paragraphs, min_tokens=20)
    texts = [list(t) for t in documents.tokens]
    return texts, topics.build_dictionary(texts, no_below=3, no_above=0.5)


def measure(name: str, texts: list[list[str]], dictionary, n_models: int) -> dict:
    rng = np.random.default_rng(0)
    vocab = [dictionary[i] for i in range(len(dictionary))]
    models = [[list(rng.choice(vocab, 10, replace=False)) for _ in range(10)]
              for _ in range(n_models)]
    started = time.perf_counter()
    ref = coherence.ReferenceTexts(texts, dictionary)
    ours = [ref.scores(top) for top in models]
    ours_s = time.perf_counter() - started
    bow = [dictionary.doc2bow(t) for t in texts]
    started = time.perf_counter()
    worst = 0.0
    for top, mine in zip(models, ours, strict=True):
        for m in coherence.MEASURES:
            kwargs = {"corpus": bow} if m == "u_mass" else {"texts": texts}
            theirs = CoherenceModel(topics=top, dictionary=dictionary, coherence=m, topn=10,
                                    processes=1, **kwargs).get_coherence_per_topic()
            worst = max(worst, float(np.max(np.abs(np.array(theirs) - mine[m].to_numpy()))))
    gensim_s = time.perf_counter() - started
    return {"corpus": name, "tokens": sum(map(len, texts)), "models": n_models,
            "gensim_s": round(gensim_s, 2), "ours_s": round(ours_s, 2),
            "gensim_over_ours": round(gensim_s / ours_s, 1), "max_abs_difference": worst}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=10)
    parser.add_argument("--factors", type=int, nargs="*", default=[10])
    args = parser.parse_args()
    rows = [measure("bundled", *reference(None), args.models)]
    paragraphs = corpus.load_paragraphs()
    for factor in args.factors:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / f"x{factor}"
            synthetic.remix_folder(paragraphs, folder,
                                   n_articles=factor * paragraphs.article_id.nunique(),
                                   per_article=(8, 16))
            rows.append(measure(f"x{factor} re-mix", *reference(folder), args.models))
    write_table("coherence", pd.DataFrame(rows),
                "Coherence (c_v, c_npmi, u_mass) of many models: gensim vs ReferenceTexts")


if __name__ == "__main__":
    main()
