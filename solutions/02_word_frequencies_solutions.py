# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 02 · Solutions: word frequencies
#
# Worked solutions to the *Your turn* prompts and the exercises of
# [`02_word_frequencies`](../notebooks/02_word_frequencies.ipynb). Try each one first.
# The solutions are about the bundled corpus, and the checks under each answer hold the
# prose to the data. Rates are per 10,000 tokens, TF-IDF is `dfm.tfidf`'s `rank` scheme
# unless a solution names the other, as in the notebook.

# %% tags=["parameters"]
CORPUS = None  # solutions are written for the bundled corpus

# %%
import numpy as np
import pandas as pd
from scipy.stats import chi2_contingency

from helpers import check
from helpers.analysis import collocations, count, dfm, stats
from helpers.text import corpus, segment

check.claim(check.is_bundled(CORPUS), "these solutions are written for the bundled corpus")
pd.set_option("display.max_colwidth", 60)
pd.set_option("display.width", 200)

# %% [markdown]
# The notebook's inputs, rebuilt with its default parameters:

# %%
SEED, MIN_BIGRAM = 20241109, 3
paragraphs = corpus.load_paragraphs(CORPUS)
tokens = segment.tokenize_paragraphs(paragraphs, stopwords=False)
stop = segment.load_stopwords(True)
d = dfm.build(tokens, by="article_id")
clauses = [clause for of_text in segment.tokenize_clauses_many(paragraphs.text)
           for clause in of_text]  # one list of clauses per paragraph, flattened
d

# %% [markdown]
# ## Your turn 1 — terms in every article
# Stopwords removed, the terms whose document frequency is the number of articles:

# %%
freq = dfm.frequencies(dfm.remove(d, stop))
everywhere = freq[freq.docfreq == d.shape[0]]
everywhere

# %% [markdown]
# Only **one** term, 社会 ("society"), is in all eleven articles once stopwords are out
# (公安, "public security", the most frequent word, is missing from one). TF-IDF gives
# it 0 in every article: idf = ln((1 + 11) / (1 + 11)) = 0. A term that every document
# uses distinguishes none of them.

# %%
weights = dfm.tfidf(d, scheme="rank")
check.equal(everywhere.term.tolist(), ["社会"], "one term, 社会, in every article")
check.claim(int(freq.set_index("term").loc["公安", "docfreq"]) == d.shape[0] - 1,
            "公安 is missing from one article")
check.claim((weights["社会"] == 0).all(), "TF-IDF 0 in every article")

# %% [markdown]
# ## Your turn 2 — the `similarity` scheme by hand
# Raw counts × (idf + 1), then each row divided by its Euclidean length:

# %%
toy = pd.DataFrame({"doc": ["a", "b", "c"],
                    "tokens": [["公安", "改革", "改革", "社区"], ["公安", "社区"],
                               ["公安", "法治", "法治"]]})
toy_counts = toy.explode("tokens").groupby(["doc", "tokens"]).size().unstack(fill_value=0)
idf = np.log((1 + len(toy_counts)) / (1 + (toy_counts > 0).sum()))
raw = toy_counts * (idf + 1)
by_hand = raw.div(np.sqrt((raw ** 2).sum(axis=1)), axis=0)
helper = dfm.tfidf(dfm.build(toy, by="doc"), scheme="similarity")
check.claim(np.allclose(helper.to_numpy(), by_hand.loc[helper.index, helper.columns]),
            "the similarity scheme by hand = dfm.tfidf(scheme='similarity')")
by_hand.round(3)

# %% [markdown]
# The two agree. 公安 no longer scores 0: idf + 1 gives a term found in every document
# weight 1 per occurrence, so shared vocabulary still counts towards the *similarity*
# of two documents — right for comparing documents (notebook 04), wrong for asking what
# is particular to one. This is scikit-learn's `TfidfVectorizer` with its defaults.

# %%
check.claim((by_hand["公安"] > 0).all(), "公安 keeps a positive weight")

# %% [markdown]
# ## Your turn 3 — G² and PMI of 人民 群众 by hand
# The 2×2 table of the pair, from the counts in the collocation table;
# `chi2_contingency` computes the expected counts itself:

# %%
colloc = collocations.collocations(clauses, min_count=MIN_BIGRAM, exclude=stop)
pair = colloc.set_index("bigram").loc["人民 群众"]
n12, n1, n2, n_all = (int(pair[c]) for c in ["n12", "n1", "n2", "N"])
table = np.array([[n12, n1 - n12], [n2 - n12, n_all - n1 - n2 + n12]])
g2, p, dof, expected = chi2_contingency(table, correction=False, lambda_="log-likelihood")
pmi = np.log2(n12 / expected[0, 0])
pd.DataFrame({"by hand": [g2, p, pmi], "collocations": [pair.g2, pair.p, pair.pmi]},
             index=["G²", "p", "PMI"])

# %% [markdown]
# The same G², p-value and PMI as the helper's (1 degree of freedom; no continuity
# correction, which would change G² for a 2×2 table). The pair occurs far more often
# than independence predicts: PMI above 5 means more than 2⁵ = 32 times the expected
# count.

# %%
check.close(g2, pair.g2, "G² by chi2_contingency", tol=1e-6)
check.close(pmi, pair.pmi, "PMI by hand", tol=1e-9)
check.equal(dof, 1, "one degree of freedom")
check.claim(pmi > 5, "PMI above 5")

# %% [markdown]
# ## Your turn 4 — DP of 派出所 by hand

# %%
shares = d.sizes() / d.sizes().sum()  # each article's share of the corpus
column = dfm.to_frame(d)["派出所"]
dp = 0.5 * (column / column.sum() - shares).abs().sum()
helper_dp = count.dispersion(d, ["派出所"]).dp.iloc[0]
check.close(dp, helper_dp, "DP by hand = count.dispersion", tol=1e-12)
pd.Series({"DP by hand": round(dp, 4), "count.dispersion": round(helper_dp, 4)})

# %% [markdown]
# ## Exercise 1 — `RATE_TERM = "改革"`

# %%
article_freq = count.term_frequencies(d, exclude=stop)
across = count.term_across_docs(article_freq, "改革")
across.round(1)

# %% [markdown]
# The Xinhua feature ranks first by count (11 uses), Tianshui first by rate (about 79
# per 10,000 tokens): the feature is longer. Three articles, all from Changzhou, never
# use 改革 ("reform").

# %%
first = across.set_index("doc")
check.equal(first.rank_by_count.idxmin(), "xinhua_national", "first by count")
check.equal(int(first.loc["xinhua_national", "count"]), 11, "11 uses")
check.equal(first.rank_by_rate.idxmin(), "tianshui", "first by rate")
check.close(first.loc["tianshui", "rate"], 79, "about 79", tol=1)
zero = first[first["count"] == 0].index
check.claim(len(zero) == 3 and all(z.startswith("changzhou") for z in zero),
            "three Changzhou articles never use it")

# %%
hits = tokens.assign(hits=tokens.tokens.map(lambda t: t.count("改革")))
rates = stats.bootstrap_rates(hits, group="locality", count="hits", size="n_tokens", seed=SEED)
term_rate = 10_000 * hits.hits.sum() / hits.n_tokens.sum()
coverage = stats.interval_coverage(hits.n_tokens, rate=term_rate, n_paragraphs=(5, 11),
                                   shape=1.0, n_sim=1000, seed=SEED)
rates.round(1)

# %%
coverage

# %% [markdown]
# The intervals are wide: Qiqihar's, over five paragraphs, runs from about 0 to about
# 700 per 10,000 tokens; Changzhou, with no hit in 2,332 tokens, still gets an upper
# bound of about 16. The coverage table, simulated at 改革's corpus rate (about 42 per
# 10,000), tells the same story as for 派出所: the quasi-Poisson interval covers at
# least 95% at 5 and 11 paragraphs, the percentile bootstrap clearly less (about 67%
# and 83%).

# %%
by_place = rates.set_index("locality")
check.equal((by_place.high - by_place.low).idxmax(), "Qiqihar", "Qiqihar's is the widest")
check.equal(int(by_place.loc["Qiqihar", "n_rows"]), 5, "five paragraphs")
check.between(by_place.loc["Qiqihar", "high"], 650, 750, "to about 700")
check.equal(int(by_place.loc["Changzhou", "hits"]), 0, "no hit in Changzhou")
check.equal(int(by_place.loc["Changzhou", "n_tokens"]), 2332, "2,332 tokens")
check.close(by_place.loc["Changzhou", "high"], 16, "an upper bound of about 16", tol=0.5)
check.close(term_rate, 42, "about 42 per 10,000", tol=0.5)
qp = coverage[coverage.method == "quasi_poisson"].coverage
boot = coverage[coverage.method == "percentile"].coverage.tolist()
check.claim((qp >= 0.95).all(), "quasi-Poisson covers at least 95%")
check.claim(abs(boot[0] - 0.67) < 0.01 and abs(boot[1] - 0.83) < 0.01, "about 67% and 83%")

# %% [markdown]
# ## Exercise 2 — `COVERAGE_SHAPE = 0.5`, and the plain Poisson interval
# Paragraphs twice as unequal (φ ≈ 1 + 2μ), with the Poisson interval that ignores
# overdispersion beside the other two:

# %%
hits = tokens.assign(hits=tokens.tokens.map(lambda t: t.count("派出所")))
station_rate = 10_000 * hits.hits.sum() / hits.n_tokens.sum()
uneven = stats.interval_coverage(hits.n_tokens, rate=station_rate, n_paragraphs=(5, 11),
                                 shape=0.5, n_sim=1000, seed=SEED,
                                 methods=("quasi_poisson", "poisson", "percentile"))
uneven

# %% [markdown]
# The quasi-Poisson interval still covers more than 95% (over 99%: conservative). The
# plain Poisson interval covers about 96% at 5 paragraphs and just under 95% at 11 —
# at this low rate ignoring overdispersion costs little coverage, because the exact
# Poisson interval is itself conservative when hits are few (many simulated texts have
# none: the `share_zero` column). What quasi-Poisson buys with its width (about 1.5
# to 1.7 times the Poisson interval's) is a guarantee that does not depend on the rate
# being low; the percentile bootstrap is the real casualty, at about 55% and 80%.

# %%
cov = uneven.set_index(["method", "n_paragraphs"]).coverage
width = uneven.set_index(["method", "n_paragraphs"]).mean_width
check.claim(cov["quasi_poisson"].min() > 0.99, "quasi-Poisson over 99%")
check.between(cov["poisson", 5], 0.955, 0.97, "Poisson about 96% at 5")
check.between(cov["poisson", 11], 0.94, 0.95, "just under 95% at 11")
ratio = width["quasi_poisson"] / width["poisson"]
check.claim(ratio.between(1.45, 1.75).all(), "1.5 to 1.7 times as wide")
check.claim(abs(cov["percentile", 5] - 0.55) < 0.01 and abs(cov["percentile", 11] - 0.80) < 0.01,
            "percentile about 55% and 80%")

# %% [markdown]
# ## Exercise 3 — `TFIDF_MIN_COUNT = 1`, then `TFIDF_MIN_CHARS = 1`
# The notebook's ranking as a function of the two filters:

# %%
cells = pd.DataFrame({"count": dfm.to_frame(d).stack(), "tfidf": weights.stack()})
cells = cells.rename_axis(["doc", "term"]).reset_index()


def top_five(min_count: int, min_chars: int) -> pd.DataFrame:
    keep = ((cells["count"] >= min_count) & ~cells.term.isin(stop)
            & (cells.term.str.len() >= min_chars))
    ranked = cells[keep].sort_values(["tfidf", "term"], ascending=[False, True])
    return ranked.assign(rank=ranked.groupby("doc").cumcount() + 1).query("rank <= 5")


# %%
base = top_five(2, 2)
changes = {f"min_count={c}, min_chars={n}": top_five(c, n).merge(
    base[["doc", "term"]], how="left", indicator=True).query("_merge == 'left_only'")
    for c, n in [(1, 2), (1, 1)]}
pd.concat(changes, names=["setting"])[["doc", "term", "count", "tfidf"]]

# %% [markdown]
# * **`TFIDF_MIN_COUNT = 1` changes nothing** in the top five. A term used once has
#   tf = 1/|d|, and idf is at most ln(12/2) ≈ 1.79 (a term in one article), so it can
#   at best tie a term used twice in more articles; every article has enough terms used
#   twice or more in few articles to fill its top five. The filter matters for the long
#   tail, not for the top.
# * **`TFIDF_MIN_CHARS = 1` brings back three single characters**: 办 ("handle",
#   Huangshan), 必 ("must", Qiqihar) and 干 ("do", the Changzhou study-group piece).
#   Each is the shared character of a parallel slogan that the segmenter split:
#   一窗办、延时办、容缺办… (six ways of "handling" a citizen's business), 有权必有责、
#   滥权必追责 ("power entails responsibility, abuse entails accountability"),
#   主动干、谋定干、盯着干、复盘干 (four ways of "doing" the work), printed below. The
#   *slogans* are distinctive; the lone characters are not terms at all, which is why
#   the notebook filters them (a phrase finder that keeps such series whole would be
#   the better fix).

# %%
new_terms = changes["min_count=1, min_chars=1"]
check.equal(len(changes["min_count=1, min_chars=2"]), 0, "min_count=1 changes nothing")
check.equal(dict(zip(new_terms.doc, new_terms.term, strict=True)),
            {"huangshan": "办", "qiqihar": "必", "changzhou_study_group": "干"},
            "three single characters")
check.close(np.log(12 / 2), 1.79, "ln(12/2) ≈ 1.79", tol=0.005)

# %%
for doc, term in zip(new_terms.doc, new_terms.term, strict=True):
    lists = tokens[tokens.article_id == doc].tokens
    contexts = ["".join(t[max(0, i - 2):i + 3]) for t in lists
                for i, w in enumerate(t) if w == term]
    print(doc, term, " | ".join(contexts[:4]))

# %% [markdown]
# ## Exercise 4 — collocations with only the general stopwords excluded

# %%
both = collocations.collocations(clauses, min_count=MIN_BIGRAM, exclude=stop)
general = collocations.collocations(clauses, min_count=MIN_BIGRAM,
                                    exclude=segment.load_stopwords("general"))
back = general[~general.bigram.isin(both.bigram)]
pd.Series({"pairs, both lists": len(both), "pairs, general list": len(general),
           "pairs back": len(back)})

# %%
back.head(15)[["bigram", "n12", "g2", "q_bh"]].round(1)

# %% [markdown]
# Ninety-four pairs come back, and the strongest are the boilerplate of Party and
# ministry prose that the boilerplate list removes word by word: 公安 工作 ("public
# security work"), 新 时代 ("new era"), 全面 深化改革 ("comprehensively deepen
# reform"), 学习 贯彻 ("study and implement"), 坚持 人民至上 ("uphold the people
# above all"), 牢牢 把握 ("firmly grasp"), 新 征程 ("new journey"). They are real
# collocations — fixed formulas — and exactly the ones that would bury the texts'
# particular pairs: the reason notebook 01 keeps the two lists apart.

# %%
check.equal(len(back), 94, "ninety-four pairs back")
check.claim({"公安 工作", "新 时代", "全面 深化改革", "学习 贯彻", "坚持 人民至上", "牢牢 把握",
             "新 征程"} <= set(back.head(15).bigram), "the formulas named")
check.equal(back.bigram.iloc[0], "公安 工作", "the strongest")

# %% [markdown]
# ## Exercise 5 — 群众 in the dispersion table

# %%
everyday = freq[(freq["count"] - int(freq.set_index("term").loc["群众", "count"])).abs() <= 3]
spread = count.dispersion(d, everyday.term.tolist() + ["专业+机制+大数据"])
spread.round(3)

# %% [markdown]
# 群众 ("the masses", 42 uses) is in ten of the eleven articles, with DP ≈ 0.40 — the
# spread of an everyday word: the other terms of similar count (执法 "law
# enforcement", 服务 "service", 创新 "innovation", all in ten articles) have DP between
# about 0.23 and 0.39. A formulation can be spread more evenly than that *for its
# count*: 专业+机制+大数据, with only 7 uses, has DP ≈ 0.31. DP alone does not separate
# the two kinds of term; DP at a given count, and n_docs, do.

# %%
row = spread.set_index("term")
check.equal([int(row.loc["群众", "count"]), int(row.loc["群众", "n_docs"])], [42, 10],
            "42 uses in ten articles")
check.close(row.loc["群众", "dp"], 0.40, "DP about 0.40", tol=0.005)
others = row.drop(["群众", "专业+机制+大数据"])
check.equal(sorted(others.index), sorted(["执法", "服务", "创新"]), "the terms of similar count")
check.claim((others.n_docs == 10).all(), "all in ten articles")
check.claim(abs(others.dp.min() - 0.23) < 0.005 and abs(others.dp.max() - 0.39) < 0.005,
            "between 0.23 and 0.39")
check.close(row.loc["专业+机制+大数据", "dp"], 0.31, "DP about 0.31", tol=0.005)

# %% [markdown]
# ## Exercise 6 — `count.zipf_mle(counts, xmin=1)`

# %%
counts = dfm.frequencies(d).set_index("term")["count"]  # every token, as in §5
fits = pd.DataFrame({"xmin chosen by KS": count.zipf_mle(counts),
                     "xmin = 1": count.zipf_mle(counts, xmin=1)})
fits.round(3)

# %% [markdown]
# With every type in the tail (3,121 instead of 835), s rises from 0.90 [0.84, 0.96] to
# 1.04 [1.00, 1.08], and the interval narrows. The KS distance is only a little larger
# (0.025 against 0.023): the KS rule chose f_min = 3 by a small margin, so the estimate
# moves by more than its own interval with a choice the data barely make. The narrow
# interval at xmin = 1 is false precision — it assumes the staircase of words seen once
# or twice follows the same power law — and the notebook's conclusion stands:
# consistent with Zipf's law, nothing finer.

# %%
auto, all_types = fits["xmin chosen by KS"], fits["xmin = 1"]
check.equal([int(all_types.n_tail), int(auto.n_tail), int(auto.xmin)], [3121, 835, 3],
            "3,121 vs 835 types; f_min = 3")
check.claim(round(auto.s, 2) == 0.90 and round(all_types.s, 2) == 1.04, "s 0.90 → 1.04")
check.claim([round(auto.s_low, 2), round(auto.s_high, 2)] == [0.84, 0.96], "[0.84, 0.96]")
check.claim([round(all_types.s_low, 2), round(all_types.s_high, 2)] == [1.00, 1.08],
            "[1.00, 1.08]")
check.claim(round(all_types.ks, 3) == 0.025 and round(auto.ks, 3) == 0.023, "KS 0.025 vs 0.023")
check.claim(all_types.s_low > auto.s_high, "moves by more than its interval")
