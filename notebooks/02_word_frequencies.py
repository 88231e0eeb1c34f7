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
# # 02 · Word frequencies: what the texts talk about
#
# **Overview.** With the tokens of `01_segmentation`, the simplest question is which
# words the texts use most. Simple counts mislead in three ways — longer texts have
# more of everything, frequent words are frequent everywhere, and a word's total says
# nothing about *where* it occurs — and each section below answers one of them. Each
# method is first computed by hand (pandas, or the scipy call you would use in any other
# project) on a tiny example, then with the helper that packages it. By the end you will
# be able to:
#
# 1. build the **documents × terms matrix** (`helpers.analysis.dfm`), the one count
#    table every later method reads, and list the top terms of the corpus and of each
#    locality as counts **and** rates per 10,000 tokens, with an interval for one text's
#    rate whose coverage you have *measured* (§1);
# 2. compute TF-IDF by hand and with `dfm.tfidf`, and read the terms most distinctive of
#    each article (§2);
# 3. find collocations with PMI and log-likelihood (G²), checked against
#    `scipy.stats.power_divergence`, with q-values for the many tests a ranking makes (§3);
# 4. read a keyword-in-context concordance, a dispersion plot and Gries's DP (§4);
# 5. fit Zipf's law by maximum likelihood, calibrate the fit against texts that follow
#    the law exactly, and read a word cloud for what it is (§5).
#
# Every method's formula and intuition: the [methods glossary](../book/glossary.md).
# Worked solutions to the *Your turn* prompts and the exercises:
# [`02_word_frequencies_solutions`](../solutions/02_word_frequencies_solutions.ipynb).
#
# **Prerequisites**
#
# | Concept | Importance | Notes |
# |---|---|---|
# | `00_corpus_tour` | necessary | the articles, their localities and metadata |
# | `01_segmentation` | necessary | tokens, the lexicon, the two stopword lists |
# | pandas | necessary | `DataFrame`, boolean filters, `groupby`, `explode`, `stack` |
# | NumPy arrays | helpful | element-wise arithmetic, `np.log` |
# | Logarithms | necessary | TF-IDF, PMI, G² and the Zipf plot are all logarithms |
# | Poisson counts, confidence intervals | helpful | §1 (rate intervals and their coverage) |
# | p-values, multiple testing | helpful | §3 (χ² tail of G², Benjamini–Hochberg q-values) |
# | Likelihood, maximum-likelihood fits | helpful | §5 (Zipf by MLE, Vuong's test) |
# | Sparse matrices (`scipy.sparse`) | helpful | what `dfm` stores; `dfm.to_frame` shows it dense |
# | matplotlib | helpful | reading the figures; the helpers draw them |
# | Reading Chinese | helpful | every Chinese term is glossed in English |
#
# *Time to learn: about 90 minutes to read and run the cells with care; the four
# "Your turn" prompts and the six exercises take another 60–90 minutes.*

# %% [markdown]
# ## Imports and settings
# The only knobs are in the next cell (tagged `parameters`). `SEED` fixes the
# simulations and the word-cloud layout, so every run gives the same numbers and
# pictures.

# %% tags=["parameters"]
CORPUS = None  # a folder with raw/, manifest.csv and excluded.csv; None = bundled corpus
NOTEBOOK = "02_word_frequencies"  # results/tables/<NOTEBOOK>/, results/figures/<NOTEBOOK>/
SEED = 20241109  # simulations, bootstrap and word-cloud layout
TOP_N, TOP_N_LOCAL = 20, 10  # §1: top terms of the corpus; per locality
RATE_TERM = "派出所"  # §1: one term followed across articles and localities
COVERAGE_N, COVERAGE_SIMS, COVERAGE_SHAPE = (5, 11), 1000, 1.0  # §1: coverage simulation
TFIDF_TOP, TFIDF_MIN_COUNT, TFIDF_MIN_CHARS = 5, 2, 2  # §2: top terms; min count; min length
MIN_BIGRAM, Q_MAX = 3, 0.05  # §3: minimum pair count; q-value threshold
KWIC_TERM = "两队一室"  # §4: the concordance term
DISPERSION_TERMS = ["两队一室", "情指行", "枫桥经验", "专业+机制+大数据", "新质公安战斗力",
                    "派出所"]  # §4
ZIPF_MIN_COUNT, ZIPF_NULL_SIMS = 2, 50  # §5: OLS on types seen >= 2 times; exact-Zipf texts
CLOUD_WORDS = 30  # §5: words in the word cloud (each drawn with its gloss)

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy.stats import power_divergence

import helpers.check as check
from helpers.analysis import collocations, count, dfm, stats
from helpers.figures import plot_words, plotting
from helpers.text import corpus, lexicon, segment

BUNDLED = check.is_bundled(CORPUS)  # claims about the bundled texts are checked only then
FACTS = check.bundled_facts("02_word_frequencies") if BUNDLED else {}  # their ids and values
pd.set_option("display.max_colwidth", 60)
font = plotting.setup_fonts()
font.name

# %% [markdown]
# We segment every paragraph **without** stopwords and keep the stopword lists (both,
# see notebook 01) aside: terms in them are left out of every list below, but they
# stay in the denominator of every rate, so a rate does not move when someone edits a
# stopword list. Rates are **per 10,000 running tokens** (words, not punctuation or
# numbers) throughout this notebook and in every axis label.

# %%
articles = corpus.load_articles(CORPUS)
paragraphs = corpus.load_paragraphs(CORPUS)

# %%
tokens = segment.tokenize_paragraphs(paragraphs, stopwords=False)
stop = segment.load_stopwords(True)
len(stop)

# %% [markdown]
# Every figure glosses its Chinese terms: a lexicon term with the lexicon's short label
# (情指行 · intel–command–operations), any other word with a gloss **in brackets**
# (公安 · (public security)) — place names from this corpus's metadata, general words
# from a short list in `helpers/data/general_glosses.csv` (`plotting.term_labels`), a few
# words particular to the bundled texts added below — and `(no gloss)` where none is known.

# %%
glosses = plotting.place_glosses(articles)
names = plotting.article_labels(articles)  # article id → readable name for figures
if BUNDLED:  # words particular to the bundled texts
    glosses |= FACTS["glosses"]

# %% [markdown]
# ## 1 Counts and rates
# ### The documents × terms matrix
# quanteda's lesson for text analysis: count the tokens **once**, into a table with one
# row per document and one column per term (a *document-feature matrix*, dfm), and let
# every method read that table. `dfm.build` makes it from the tokens: a sparse matrix
# of counts (most cells are 0: a term is absent from most documents), the vocabulary,
# and the *document variables* — every column of the tokens table that is constant
# within a document (here the locality and the raw file).

# %%
d = dfm.build(tokens, by="article_id")  # one row per article, one column per term
d

# %%
d.docvars

# %% [markdown]
# **From scratch, then the helper.** The same counts with plain pandas: one row per
# token (`explode`), then `groupby` and `size`. `dfm.frequencies` gives the same count
# for every term (checked in the cell), plus `docfreq`, the number of documents that
# contain it:

# %%
long = tokens[["article_id", "tokens"]].explode("tokens").dropna()  # one row per token
by_hand = long.groupby("tokens").size()  # term → count, the pandas way
freq = dfm.frequencies(d)  # term, count, docfreq, rank
check.claim(by_hand.sort_index().tolist() == freq.sort_values("term")["count"].tolist(),
            "pandas groupby and dfm.frequencies give the same counts")
freq.head(5)

# %% [markdown]
# The matrix itself, for the five most frequent terms (`dfm.to_frame` makes it dense;
# fine for a corpus this small). Its row sums are the articles' sizes in tokens:

# %%
dfm.to_frame(d)[freq.term.head(5)].assign(n_tokens=d.sizes())

# %% [markdown]
# *Your turn 1.* Which terms (stopwords left out) occur in **every** article? Filter
# `dfm.frequencies(dfm.remove(d, stop))` on `docfreq`. How many are there, and what
# score will TF-IDF (§2) give them? (Solution: [Your turn 1](../solutions/02_word_frequencies_solutions.ipynb).)
#
# ### Sizes, counts and rates
# First, the size of each article in tokens. The longest (the study essay and the
# Xinhua feature) are more than three times the shortest (two short Changzhou newspaper
# pieces): a raw count in a long text is bigger for that reason alone.

# %%
sizes = d.sizes().reset_index()  # tokens per article: the matrix's row sums

# %%
plotting.save_table(sizes, NOTEBOOK, "article_tokens")
sizes.set_index("article_id").T

# %%
if BUNDLED:
    ordered = sizes.sort_values("n_tokens").article_id.tolist()
    check.equal(set(ordered[-2:]), set(FACTS["two_longest"]), "the two longest")
    check.equal(set(ordered[:2]), set(FACTS["two_shortest"]), "the two shortest")
    check.claim(sizes.n_tokens.nlargest(2).min() > 3 * sizes.n_tokens.nsmallest(2).max(),
                "more than three times")

# %% [markdown]
# The top terms of the whole corpus, stopwords removed from the matrix (`dfm.remove`),
# with counts and rates per 10,000 tokens (the denominator is every running token of
# the corpus, stopwords included):

# %%
n_corpus = int(d.sizes().sum())  # all running tokens, stopwords included
corpus_freq = dfm.frequencies(dfm.remove(d, stop)).assign(
    rate=lambda f: 10_000 * f["count"] / n_corpus)

# %%
top_corpus = corpus_freq.head(TOP_N)
plotting.save_table(top_corpus, NOTEBOOK, "top_terms_corpus")
top_corpus.round(1)

# %%
fig = plot_words.plot_term_bars(top_corpus, glosses=glosses,
                                title=f"Top {TOP_N} terms of the corpus (stopwords excluded)")
plotting.save_figure(fig, NOTEBOOK, "top_terms_corpus")
plt.show()

# %% [markdown]
# **What to notice:** the top of the list is the vocabulary every text shares: 公安
# (*gōng'ān*, "public security"), 人民 ("the people"), 治理 ("governance"), 警务
# ("policing"), 执法 ("law enforcement"), 改革 ("reform"). Only one of the twenty is a
# lexicon term (its label carries no brackets in the chart), 法治 ("rule of law"):
# frequent words are rarely formulations.

# %%
lexicon_terms = set(lexicon.load_lexicon().term)
if BUNDLED:
    check.claim({"公安", "人民", "治理", "警务", "执法", "改革"} <= set(top_corpus.term),
                "the shared vocabulary tops the list")
    check.equal(top_corpus.term[top_corpus.term.isin(lexicon_terms)].tolist(), ["法治"],
                "one lexicon term in the top")

# %% [markdown]
# The reform formulations themselves are rarer. The most frequent **lexicon** terms,
# labelled with the short English labels of `helpers/data/lexicon.csv` (`rank` is the
# rank among all terms):

# %%
reform_terms = corpus_freq[corpus_freq.term.isin(lexicon_terms)].head(TOP_N)
plotting.save_table(reform_terms, NOTEBOOK, "top_lexicon_terms")
reform_terms.round(1)

# %%
fig = plot_words.plot_term_bars(reform_terms, title=f"Top {TOP_N} lexicon terms")
plotting.save_figure(fig, NOTEBOOK, "top_lexicon_terms")
plt.show()

# %% [markdown]
# 法治 ("rule of law") leads, then 中国式现代化 ("Chinese-style modernisation") and
# 公安工作现代化 ("modernisation of public-security work"): the texts frame reform as
# *modernisation*, the language of the 20th Party Congress. 国家安全 ("national
# security") and 人民至上 ("the people above all") come before any piece of police work;
# the first is 刑事技术 (forensic science), frequent only because one Changzhou article
# is about it.

# %%
if BUNDLED:
    check.equal(reform_terms.term.head(3).tolist(), ["法治", "中国式现代化", "公安工作现代化"],
                "the three most frequent lexicon terms")
    first_work = reform_terms.term.tolist().index("刑事技术")
    check.claim({"国家安全", "人民至上"} <= set(reform_terms.term[:first_work]),
                "security concepts before forensic science")
    forensic = dfm.to_frame(d)["刑事技术"]
    check.equal(forensic.idxmax(), FACTS["forensics_article"], "one article")
    check.equal(int(forensic.max()), int(forensic.sum()), "all in that article")

# %% [markdown]
# ### Per locality — texts, not cities
# `dfm.group` sums the rows that share a document variable: here the locality
# (Changzhou's three articles are pooled). The `TOP_N_LOCAL` terms of each, by rate
# (the order within a locality is the same for counts and rates):
#
# **One article per city is a comparison of texts, not of cities.** Here and in every
# later section, a difference between two localities is a difference between two
# authors, outlets, genres and dates as much as two places, and no number in this
# notebook says what a city's police write in general.

# %%
by_locality = dfm.group(d, "locality")
local_freq = count.term_frequencies(by_locality, exclude=stop)  # doc, term, count, rate …
top_local = count.top_terms(local_freq, TOP_N_LOCAL)

# %%
plotting.save_table(top_local, NOTEBOOK, "top_terms_locality")
count.side_by_side(top_local)

# %% [markdown]
# Place names come near the top in several localities (常州 Changzhou, 宜昌 Yichang,
# 黄山 Huangshan, 郑东 Zhengdong): authors name their own bureau. The Xinhua feature
# (`National`) is about police stations — 社区 ("community") and 派出所 (*pàichūsuǒ*,
# "police station") top its list.

# %%
if BUNDLED:
    own = FACTS["own_place_names"]  # locality -> its name in Chinese
    check.claim(all(((top_local.doc == place) & (top_local.term == name)).any()
                    for place, name in own.items()), "place names near the top")
    feature_top = top_local[top_local.doc == FACTS["feature_place"]].term.head(2).tolist()
    check.equal(feature_top, ["社区", "派出所"], "社区 and 派出所 top the feature's list")

# %% [markdown]
# **Why counts mislead.** Follow one term, `RATE_TERM` (派出所), across the articles:

# %%
article_freq = count.term_frequencies(d, exclude=stop)

# %%
across = count.term_across_docs(article_freq, RATE_TERM)
plotting.save_table(across, NOTEBOOK, "rate_term_by_article")
across.round(1)

# %% [markdown]
# Ranked by count and by rate the articles come out in different orders (the two rank
# columns): the short Changzhou community piece mentions 派出所 twice — 4th by count,
# 2nd by rate.

# %%
if BUNDLED:
    check.claim((across.rank_by_count != across.rank_by_rate).any(), "the two orders differ")
    piece = across.set_index("doc").loc[FACTS["volunteer_story"]]
    check.equal([int(piece["count"]), int(piece.rank_by_count), int(piece.rank_by_rate)],
                [2, 4, 2], "twice, 4th by count, 2nd by rate")

# %% [markdown]
# ### How much would one text's rate move?
# A single rate per text hides how much it depends on which paragraphs the text happens
# to contain. An interval over the paragraphs answers exactly that question — *how much
# would this one text's rate move* if its paragraphs had come out a little differently —
# and nothing more: it says nothing about the city (see above). Comparing *groups* of
# texts needs a test over articles, not paragraphs: `stats.permutation_rate_test`, used
# in notebook 04.
#
# Which interval? The usual percentile bootstrap (resample the paragraphs, take the 2.5%
# and 97.5% quantiles of the rate) is unreliable over the 4–11 paragraphs these texts
# have, and a text with no hit gets the useless interval [0, 0]. We use a
# **quasi-Poisson exact interval** instead (`stats.rate_interval`): the exact Poisson
# interval of the count, widened by the dispersion φ that the paragraphs show (how much
# more they vary than counting noise, never less than 1), and widened again for having
# estimated φ from so few paragraphs. Zero hits get the exact Poisson upper bound
# (−ln 0.025 ≈ 3.7 expected hits). Its coverage — the share of 95% intervals that
# contain the true rate — is *measured* below, in a simulation set to this corpus:
# paragraph lengths drawn from the corpus's own, the rate of `RATE_TERM`, and paragraphs
# more variable than Poisson (gamma–Poisson with shape `COVERAGE_SHAPE`, i.e. φ ≈ 1 + μ
# for a paragraph expecting μ hits; the paragraph dispersion of `RATE_TERM` is printed
# first).

# %%
hits = tokens.assign(hits=tokens.tokens.map(lambda t: t.count(RATE_TERM)))
term_rate = 10_000 * hits.hits.sum() / hits.n_tokens.sum()
phi = stats.overdispersion(hits, group="article_id", count="hits", size="n_tokens")
pd.Series({"rate per 10,000": round(float(term_rate), 1), "dispersion φ": round(float(phi), 2)})

# %%
coverage = stats.interval_coverage(hits.n_tokens, rate=term_rate, n_paragraphs=COVERAGE_N,
                                   shape=COVERAGE_SHAPE, n_sim=COVERAGE_SIMS, seed=SEED)
plotting.save_table(coverage, NOTEBOOK, "interval_coverage")
coverage

# %% [markdown]
# **Method note.** The table above is the measured coverage of nominal 95% intervals at 5
# and 11 paragraphs: the quasi-Poisson interval covers about 95% or more (it errs on the
# conservative side when hits are few), while the percentile bootstrap covers clearly
# less at 5 paragraphs and still less than 95% at 11. The unit tests
# (`tests/test_stats.py`) repeat the measurement at a higher rate, where the
# quasi-Poisson coverage is closer to 95%.

# %%
qp = coverage[coverage.method == "quasi_poisson"].set_index("n_paragraphs").coverage
boot = coverage[coverage.method == "percentile"].set_index("n_paragraphs").coverage
if BUNDLED:
    check.claim((qp >= 0.94).all(), "the quasi-Poisson interval covers about 95% or more")
    check.claim((boot < 0.95).all() and boot[min(COVERAGE_N)] < qp[min(COVERAGE_N)] - 0.05,
                "the percentile bootstrap covers less")

# %% [markdown]
# The rate of `RATE_TERM` per locality, with these intervals (the `method` column names
# the interval):

# %%
rates = stats.bootstrap_rates(hits, group="locality", count="hits", size="n_tokens", seed=SEED)
plotting.save_table(rates, NOTEBOOK, "rate_term_by_locality")
rates.round(1)

# %%
rate_label = plotting.term_labels([RATE_TERM], glosses=glosses)[RATE_TERM]
fig = plot_words.plot_rate_intervals(
    rates, group="locality", title=f"{rate_label}: rate with 95% quasi-Poisson interval")
plotting.save_figure(fig, NOTEBOOK, "rate_term_by_locality")
plt.show()

# %% [markdown]
# **What to notice:** the intervals are wide, and widest where a text has few long
# paragraphs (Yichang's four); the text with no hit still gets an upper bound. Only the
# Xinhua feature's interval lies clear of all the others' rates: a statement about that
# text's paragraphs.

# %%
if BUNDLED:
    check.equal(int(rates.set_index("locality").loc[FACTS["fewest_paragraphs_place"], "n_rows"]), 4,
                "four paragraphs")
    check.equal((rates.high - rates.low).idxmax(), rates.index[rates.locality == FACTS["fewest_paragraphs_place"]][0],
                "the widest interval")
    check.claim(((rates.hits == 0) <= (rates.high > 0)).all(), "zero hits, positive bound")
    top = rates.set_index("locality").rate.idxmax()
    check.equal(top, FACTS["feature_place"], "the news feature")
    others = rates[rates.locality != top]
    check.claim(others.rate.max() < rates.set_index("locality").loc[top, "low"],
                "its interval lies clear of the other rates")

# %% [markdown]
# ## 2 Distinctive terms: TF-IDF
# Frequent terms are frequent everywhere. TF-IDF (term frequency × inverse document
# frequency) weighs a term's frequency in one article by how few articles use it. This
# notebook uses the **`rank` scheme** of `dfm.tfidf` (one of its two named schemes; the
# other, `similarity`, is for the cosine similarities of notebook 04):
#
# * tf(t, d) = count(t, d) / |d| — relative frequency, so long and short articles compare;
# * idf(t) = ln((1 + N) / (1 + df(t))) — N articles, df = articles containing t;
#   smoothed as if one extra article contained every term. A term in every article
#   gets idf 0;
# * tf-idf = tf × idf, with no normalisation of the rows.
#
# **By hand first**, on three toy documents, with nothing but pandas and NumPy:

# %%
toy = pd.DataFrame({"doc": ["a", "b", "c"],
                    "tokens": [["公安", "改革", "改革", "社区"], ["公安", "社区"],
                               ["公安", "法治", "法治"]]})
toy_counts = toy.explode("tokens").groupby(["doc", "tokens"]).size().unstack(fill_value=0)
tf = toy_counts.div(toy_counts.sum(axis=1), axis=0)  # count / |d|
idf = np.log((1 + len(toy_counts)) / (1 + (toy_counts > 0).sum()))  # ln((1+N)/(1+df))
(tf * idf).round(3)

# %% [markdown]
# 公安 is in all three documents: idf 0, so tf-idf 0 everywhere. 改革 and 法治 are each
# in one document with the same count, but 法治's document is shorter, so its tf (2/3)
# and tf-idf are higher. The helper gives the same table (checked in the cell):

# %%
toy_dfm = dfm.build(toy, by="doc")
helper = dfm.tfidf(toy_dfm, scheme="rank")
check.claim(np.allclose(helper.to_numpy(), (tf * idf).loc[helper.index, helper.columns]),
            "dfm.tfidf(scheme='rank') is tf × idf by hand")
helper.round(3)

# %% [markdown]
# In other projects you would likely meet scikit-learn's `TfidfVectorizer` (not
# installed here). Its defaults are the **`similarity`** scheme, not this one: raw
# counts as tf, idf + 1 (so a term in every document keeps weight 1) and each row
# scaled to length 1.
#
# *Your turn 2.* Compute the `similarity` scheme by hand on the toy documents (raw
# counts × (idf + 1), then divide each row by its Euclidean length) and compare with
# `dfm.tfidf(toy_dfm, scheme="similarity")`. Does 公安 still score 0? (Solution:
# [Your turn 2](../solutions/02_word_frequencies_solutions.ipynb).)
#
# On the corpus, one call gives the documents × terms table of weights; `stack` makes
# it long (one row per article × term). Terms seen fewer than `TFIDF_MIN_COUNT` times in
# an article are left out (a word used once is not what the article is about), and so
# are tokens shorter than `TFIDF_MIN_CHARS` characters: single characters such as 干
# ("do"), 必 ("must") or 办 ("handle") are what the segmenter leaves of parallel
# slogans (主动干、谋定干… "do it proactively, do it with a plan …") and, with few
# articles, their idf is as high as a name's. This is a **filter**, not a change of the
# tokenizer: they stay in every count and size (exercise 3 shows what it removes).

# %%
weights = dfm.tfidf(d, scheme="rank")  # documents × terms
cells = pd.DataFrame({"count": dfm.to_frame(d).stack(), "tfidf": weights.stack()})
cells = cells.rename_axis(["doc", "term"]).reset_index()
keep = ((cells["count"] >= TFIDF_MIN_COUNT) & ~cells.term.isin(stop)
        & (cells.term.str.len() >= TFIDF_MIN_CHARS))
position = {doc: i for i, doc in enumerate(d.docs)}  # articles in corpus order
ranked = cells[keep].sort_values(["tfidf", "term"], ascending=[False, True])
ranked = ranked.sort_values("doc", key=lambda s: s.map(position), kind="stable")
ranked["rank"] = ranked.groupby("doc", sort=False).cumcount() + 1
top_distinctive = ranked[ranked["rank"] <= TFIDF_TOP].reset_index(drop=True)

# %%
plotting.save_table(top_distinctive, NOTEBOOK, "tfidf_top")
count.side_by_side(top_distinctive).T

# %%
titles = {a: f"{names[a]} · {zh}" for a, zh in zip(articles.article_id, articles.locality_zh,
                                                     strict=True)}

# %%
fig = plot_words.plot_bars_by_group(top_distinctive, value="tfidf", titles=titles,
                                    glosses=glosses, xlabel="tf-idf (rank scheme)",
                                    title=f"Top {TFIDF_TOP} terms of each article by TF-IDF")
plotting.save_figure(fig, NOTEBOOK, "tfidf_top")
plt.show()

# %% [markdown]
# **What to notice.**
# * Place names and people come first where an article names itself: 常州, 宜昌, 黄山
#   (and 大黄山, "Greater Huangshan"), 郑东; 孙晓光, the pseudonym of a schoolboy whose
#   story the Changzhou community piece tells, helped by the 星期九 (*xīngqī jiǔ*,
#   "Ninth Day") volunteer squad for young offenders.
# * Then each article's own subject: 刑事技术 ("forensic science") for the Changzhou
#   forensics piece; 社区, 社区民警 ("community police officers") for Xinhua; 治理 and
#   协同 ("governance", "coordination") for the study essay; 二十大 (the 20th Party
#   Congress) for Zhengdong.
# * Some distinctive terms are quirks of one text or of segmentation: in the Xinhua
#   feature 一张 ("a [photo]", from an anecdote about a family photo); in Tianshui 以党,
#   a fragment of the triple parallel 以党的旗帜为旗帜、以党的方向为方向、以党的意志为意志
#   ("take the Party's banner, direction and will as one's own"), which the segmenter
#   cuts after 以党. TF-IDF finds what is particular to a text, including its quirks;
#   read the KWIC lines (§4) before interpreting a term.

# %%
if BUNDLED:
    check.equal(len(d.docs), 11, "the eleven bundled articles")
    check.claim((top_distinctive.term.str.len() >= 2).all(), "no single characters")
    for article_id, terms in FACTS["distinctive_terms"].items():  # article -> its top terms
        found = set(top_distinctive[top_distinctive.doc == article_id].term)
        check.claim(set(terms) <= found, f"{terms} among the top terms of {article_id}")

# %% [markdown]
# ## 3 Collocations: PMI and G²
# Which words go together? Counting adjacent pairs rewards pairs of frequent words.
# Pairs are taken between neighbouring tokens **within a clause** (between commas,
# full stops, enumeration commas …), so never across a paragraph boundary or a comma.
# The most frequent raw pairs, with nothing excluded:

# %%
clauses = [clause for of_text in segment.tokenize_clauses_many(paragraphs.text)
           for clause in of_text]  # one list of clauses per paragraph, flattened
len(clauses)

# %%
raw_pairs = collocations.frequent_pairs(clauses, n=10)
plotting.save_table(raw_pairs, NOTEBOOK, "frequent_pairs")
raw_pairs

# %% [markdown]
# Frequent words, frequent pairs. An association measure compares a pair's observed
# count O with the count E expected if its two words were independent (E = n1 · n2 / N:
# n1 pairs start with the first word, n2 end with the second, N pairs in all):
#
# * **PMI** = log2(O / E): how many times more often than chance, in powers of two.
#   It favours rare pairs, so we require at least `MIN_BIGRAM` occurrences;
# * **G²** (log-likelihood ratio over the 2×2 table of the pair): the evidence that
#   the pair is not chance; it grows with both strength and frequency. Its χ² tail gives
#   a p-value, and since a ranking of pairs makes one test per pair, the table adds the
#   Benjamini–Hochberg **q-value** over every pair tested (`q_bh`).
#
# Pairs with a stopword are left out (they still count in N):

# %%
colloc = collocations.collocations(clauses, min_count=MIN_BIGRAM, exclude=stop)
plotting.save_table(colloc, NOTEBOOK, "collocations")
colloc.head(20).round(3)

# %%
pd.Series({"pairs shown": len(colloc), f"q < {Q_MAX}": int((colloc.q_bh < Q_MAX).sum()),
           "median expected count E": round(float(colloc.expected.median()), 3)})

# %% [markdown]
# Every pair shown passes q < 0.05, so multiplicity is not what limits this table: the
# χ² p-value of G² assumes independent tokens and expected counts of about 5 or more,
# and the median expected count here is far below 1. Read G² and q as a *ranking* of
# how surprising a pair is, not as a probability. The same pairs ordered by PMI:

# %%
if BUNDLED:
    check.claim((colloc.q_bh < Q_MAX).all(), "every pair passes q < 0.05")
    check.claim(colloc.expected.median() < 1, "the median expected count is below 1")

# %%
colloc.sort_values(["pmi", "bigram"], ascending=[False, True]).head(10).round(3)

# %% [markdown]
# **G² by hand, then with scipy.** For the top pair, the 2×2 table counts the pairs with
# (first word, second word) = (w1, w2), (w1, other), (other, w2) and (other, other);
# the expected counts are its row total × column total / N, and
# G² = 2 Σ O ln(O / E) (a cell with O = 0 adds nothing). `scipy.stats.power_divergence` with
# `lambda_="log-likelihood"` is the same statistic (the Cressie–Read family at λ = 0);
# `ddof=2` leaves the 1 degree of freedom of a 2×2 table (4 cells − 1 − 2).

# %%
# G² of the top pair's 2×2 table by hand: 2 Σ O ln(O / E), a zero cell adding 0.
top_pair = colloc.iloc[0] if len(colloc) else None  # the pair with the largest G²
if top_pair is not None:
    n12, n1, n2, n_all = (int(top_pair[c]) for c in ["n12", "n1", "n2", "N"])
    observed = np.array([n12, n1 - n12, n2 - n12, n_all - n1 - n2 + n12], dtype=float)
    expected = np.outer([n1, n_all - n1], [n2, n_all - n2]).ravel() / n_all
    seen = observed > 0
    g2_hand = 2 * np.sum(observed[seen] * np.log(observed[seen] / expected[seen]))

# %%
if top_pair is None:
    print(f"no pair seen {MIN_BIGRAM} times or more in this corpus")
else:
    g2_scipy, p_scipy = power_divergence(observed, expected, ddof=2, lambda_="log-likelihood")
    check.close(g2_hand, top_pair.g2, "G² by hand = collocations' G²", tol=1e-6)
    check.close(g2_scipy, top_pair.g2, "scipy's G² = collocations' G²", tol=1e-6)
    print(pd.Series({"pair": top_pair.bigram, "G² by hand": round(g2_hand, 3),
                     "G² scipy": round(float(g2_scipy), 3), "G² helper": round(top_pair.g2, 3),
                     "p scipy": f"{p_scipy:.3g}", "p helper": f"{top_pair.p:.3g}"}).to_string())

# %% [markdown]
# *Your turn 3.* Do the same for 人民 群众 ("the popular masses") with
# `scipy.stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")`,
# which computes the expected counts for you. Then compute its PMI by hand:
# log2(O / E). (Solution: [Your turn 3](../solutions/02_word_frequencies_solutions.ipynb).)

# %% [markdown]
# **What to notice.**
# * By **G²** the top pairs are fixed names and formulas of Party prose: 习近平 总书记
#   ("General Secretary Xi Jinping"), 人民 群众 ("the popular masses"), 二十大 报告
#   ("report to the 20th Party Congress"), 民族 复兴 ("national rejuvenation"), and
#   情指行 一体化 ("integration" of intelligence, command and action) — a formulation
#   the lexicon could add as one term.
# * By **PMI** the top pairs are those seen exactly `MIN_BIGRAM` times whose words occur
#   nowhere else, such as 行稳 致远 ("steady progress, far-reaching"). PMI measures
#   exclusivity, G² evidence.

# %%
if BUNDLED:
    check.claim({"习近平 总书记", "人民 群众", "二十大 报告", "民族 复兴", "情指行 一体化"}
                <= set(colloc.head(10).bigram), "the top pairs by G²")
    by_pmi = colloc.sort_values(["pmi", "bigram"], ascending=[False, True]).head(3)
    check.claim("行稳 致远" in set(by_pmi.bigram), "行稳 致远 near the top by PMI")
    check.claim(((by_pmi.n12 == MIN_BIGRAM) & (by_pmi.n1 == MIN_BIGRAM)
                 & (by_pmi.n2 == MIN_BIGRAM)).all(), "seen exactly MIN_BIGRAM times")

# %% [markdown]
# ## 4 Terms in context: KWIC and dispersion
# A count says how often, not how. A keyword-in-context (KWIC) concordance lists every
# occurrence with its neighbours; sorted by the right context, repeated phrases line up.
# Here `KWIC_TERM`, 两队一室 ("two teams, one office"):

# %%
lines = count.kwic(paragraphs, KWIC_TERM, window=15, sort="right")
plotting.save_table(lines, NOTEBOOK, "kwic")
lines.drop(columns=["offset"]) if len(lines) else print(f"no occurrences of {KWIC_TERM}")

# %% [markdown]
# The contexts attach the term to 派出所 (police stations) and to verbs of
# implementation — 推进 ("advance"), 深化 ("deepen"), 设立 and 设置 ("set up"), 做精做实
# ("refine and consolidate"): a central reform that each text reports carrying out,
# not a local invention.

# %%
if BUNDLED:
    context = " ".join(lines.left + lines.keyword + lines.right)
    check.claim(all(w in context for w in ["派出所", "推进", "深化", "设立", "设置", "做精做实"]),
                "the contexts named")

# %% [markdown]
# A **dispersion plot** shows where terms occur along the corpus: one row per term, a
# tick per occurrence, x = position in the concatenated token stream, articles in
# corpus order and separated by grey lines.

# %%
positions = count.term_positions(tokens, DISPERSION_TERMS)
spans = count.article_spans(tokens)

# %%
fig = plot_words.plot_dispersion(positions, spans, DISPERSION_TERMS, names=names,
                                glosses=glosses, title="Where the terms occur")
plotting.save_figure(fig, NOTEBOOK, "dispersion")
plt.show()

# %% [markdown]
# Gries's **DP** summarises the same picture: 0 = spread over the articles exactly in
# proportion to their length, larger = concentrated. Its maximum is 1 minus the smallest
# article's share of the corpus, so **DP_norm** = DP / (1 − min share) (Lijffijt & Gries
# 2012) rescales it to 0–1. Neither removes the effect of frequency: a term seen 4 times
# cannot be spread over 11 articles in proportion to their length, so compare the DP of
# terms with similar counts (the `count` column).

# %%
spread = count.dispersion(d, DISPERSION_TERMS)  # sizes and counts from the matrix
plotting.save_table(spread, NOTEBOOK, "dispersion")
spread.round(3)

# %% [markdown]
# **What to notice:** 专业+机制+大数据 (the new policing model) appears once in each of
# seven articles — the most evenly spread of these terms, the mark of a central
# formulation every author repeats. 派出所, far more frequent than 枫桥经验
# (*Fēngqiáo jīngyàn*, the "Fengqiao Experience" of settling disputes locally), has a
# lower DP although more than half of it is in one text, the Xinhua feature about police
# stations; 枫桥经验 is used four times in four articles, as widely as four uses can be,
# yet its DP is the highest: DP penalises a rare term for missing the other articles.

# %% [markdown]
# *Your turn 4.* Compute DP by hand for 派出所 from the matrix: the articles' shares
# s = `d.sizes() / d.sizes().sum()`, the term's shares v = its column of
# `dfm.to_frame(d)` divided by its total, DP = ½ Σ |v − s|. Does it match the table?
# (Solution: [Your turn 4](../solutions/02_word_frequencies_solutions.ipynb).)

# %%
if BUNDLED:
    row = spread.set_index("term")
    check.equal(row.loc["专业+机制+大数据", ["count", "n_docs"]].tolist(), [7, 7], "once in seven")
    check.equal(spread.set_index("term").dp.idxmin(), "专业+机制+大数据", "the most even")
    check.claim(row.loc["派出所", "dp"] < row.loc["枫桥经验", "dp"], "派出所 less concentrated")
    share = positions[positions.term == "派出所"].article_id.value_counts(normalize=True)
    check.equal(share.idxmax(), FACTS["feature"], "most of 派出所 in the news feature")
    check.claim(share.max() > 0.5, "more than half in one text")
    check.equal(row.loc["枫桥经验", ["count", "n_docs"]].tolist(), [4, 4], "four in four")
    check.equal(row.dp.idxmax(), "枫桥经验", "the highest DP")
    check.claim(row.loc["派出所", "count"] > 5 * row.loc["枫桥经验", "count"], "far more frequent")

# %% [markdown]
# ## 5 Zipf's law and word clouds
# In most texts a word's frequency is roughly proportional to 1 / rank^s with s near 1
# (Zipf's law): a straight line of slope −s on log–log axes. Here all running tokens
# count (stopwords included), since the law is about the whole text. The usual check
# draws a least-squares (OLS) line through the log–log points:

# %%
counts = dfm.frequencies(d).set_index("term")["count"]  # every token, stopwords included
ranks = count.rank_frequency(counts)

# %%
fits = pd.DataFrame({m: count.zipf_fit(ranks, min_count=m) for m in (1, ZIPF_MIN_COUNT, 5)})
plotting.save_table(fits.T, NOTEBOOK, "zipf_fits", index=True)
fits.T.rename_axis("min_count").round(3)

# %% [markdown]
# The slope depends on which points are fitted, and OLS on a log–log plot is not a way
# to fit a distribution: the points are not independent (each rank's count bounds the
# next) and the many words seen once or twice form flat steps that pull the line. The
# fit that statistics offers is **maximum likelihood** on the *frequency distribution*
# (Clauset, Shalizi & Newman 2009): the share of types seen f times follows
# P(f) ∝ f^−α for f ≥ f_min, with α estimated exactly for integer counts and f_min
# chosen where the law fits best (Kolmogorov–Smirnov distance). A rank exponent s and a
# frequency exponent α describe the same law when **α = 1 + 1/s**, so Zipf's s = 1 is
# α = 2, and the fit reports s = 1/(α − 1) with its 95% interval:

# %%
mle = count.zipf_mle(counts)
plotting.save_table(mle.to_frame().T, NOTEBOOK, "zipf_mle")
mle.round(3)

# %% [markdown]
# Is the tail a power law at all? A lognormal often fits word frequencies as well. The
# likelihood-ratio test of Vuong (1989) compares the two over the same tail: R > 0
# favours the power law, R < 0 the lognormal, and its p-value says whether the data can
# tell them apart.

# %%
versus = count.zipf_vs_lognormal(counts, mle)
plotting.save_table(versus.to_frame().T, NOTEBOOK, "zipf_vs_lognormal")
versus

# %% [markdown]
# Finally, the calibration: what do these fits give on texts that follow Zipf's law
# **exactly**? `count.zipf_null` draws `ZIPF_NULL_SIMS` synthetic texts of the corpus's
# size (same number of tokens, a vocabulary giving the same number of types) from an
# exact s = 1 law and fits each one both ways (the MLE over the same tail, counts ≥
# f_min of the corpus fit):

# %%
null = count.zipf_null(int(counts.sum()), len(counts), n_sim=ZIPF_NULL_SIMS,
                       min_count=ZIPF_MIN_COUNT, xmin=int(mle["xmin"]), seed=SEED)
plotting.save_table(null, NOTEBOOK, "zipf_null")
calibration = pd.DataFrame({
    "corpus": [fits.loc["slope", ZIPF_MIN_COUNT], mle["s"]],
    "exact Zipf, 2.5%": null[["ols_slope", "mle_s"]].quantile(0.025).to_numpy(),
    "exact Zipf, 97.5%": null[["ols_slope", "mle_s"]].quantile(0.975).to_numpy()},
    index=["OLS slope", "MLE s"])
calibration.round(3)

# %%
fig = plot_words.plot_zipf(ranks, count.zipf_fit(ranks, min_count=ZIPF_MIN_COUNT), mle=mle,
                          glosses=glosses)
plotting.save_figure(fig, NOTEBOOK, "zipf")
plt.show()

# %% [markdown]
# **What to notice.** A text drawn from an exact s = 1 law, of this corpus's size, gives
# an OLS slope of about −0.87, not −1: at this size the line is biased towards flat, and
# most of the corpus's distance from −1 is that bias. What remains — the corpus's OLS
# slope is a little flatter than the exact-Zipf range — sits in the staircase of words
# seen once or twice, which no power law describes in a sample this small; it is not
# evidence that the texts are "flatter than Zipf". By maximum likelihood over the tail
# (counts ≥ f_min) the corpus lies inside the range exact-Zipf texts produce: consistent
# with Zipf's law, and nothing finer can be said from about eleven thousand tokens. The
# lognormal fits the tail slightly better than the power law (R < 0 in the Vuong test
# above, with a marginal p-value): the corpus does not single out a power law either. Above
# f_min the fitted law (dashed) follows the points; the most frequent words (的, 和)
# lie below it: fewer types reach their counts than the law predicts.

# %%
if BUNDLED:
    low, high = calibration.loc["MLE s", ["exact Zipf, 2.5%", "exact Zipf, 97.5%"]]
    check.claim(low <= mle["s"] <= high, "MLE s inside the exact-Zipf range")
    check.close(null.ols_slope.mean(), -0.87, "about −0.87", tol=0.02)
    ols, ols_high = calibration.loc["OLS slope", ["corpus", "exact Zipf, 97.5%"]]
    check.claim(ols_high < ols < ols_high + 0.05, "a little flatter than the exact-Zipf range")
    check.claim(versus["loglik_ratio"] < 0 and versus["p_value"] > 0.01, "slightly better")
    check.between(counts.sum(), 10_500, 12_000, "about eleven thousand tokens")
    check.equal(ranks.term.head(2).tolist(), ["的", "和"], "the most frequent words")
    curve = count.zipf_model_curve(mle, float(counts.max()))
    check.claim(np.interp(counts.iloc[1], curve["count"], curve["rank"]) > 2, "和 below the law")

# %% [markdown]
# **Word clouds** show the same counts as the bar chart in §1, with size for frequency.
# They are good for a first look and bad for comparison: the length of a word, colour
# and position carry no information, and sizes are hard to compare. So that every word
# in it can be read by someone without Chinese, the cloud below draws only the
# `CLOUD_WORDS` most frequent terms, each with its gloss (stopwords excluded). We draw
# no cloud per locality: the table of §1 compares them better than clouds whose sizes
# are each scaled to their own most frequent word.

# %%
frequencies = dict(zip(corpus_freq.term, corpus_freq["count"], strict=True))

# %%
fig = plot_words.plot_wordcloud(frequencies, font_path=font, random_state=SEED,
                                max_words=CLOUD_WORDS, glosses=glosses)
plotting.save_figure(fig, NOTEBOOK, "wordcloud_corpus")
plt.show()

# %% [markdown]
# ## Exercises
# Worked solutions: [`02_word_frequencies_solutions`](../solutions/02_word_frequencies_solutions.ipynb).
#
# 1. Set `RATE_TERM = "改革"` ("reform"). Which article ranks first by count and which
#    by rate? How wide are the intervals, and what does the coverage table say now?
# 2. Set `COVERAGE_SHAPE = 0.5` (paragraphs even more unequal). Does the quasi-Poisson
#    interval still cover 95%? Pass `methods=("quasi_poisson", "poisson")` to
#    `stats.interval_coverage`: what does ignoring overdispersion cost?
# 3. Set `TFIDF_MIN_COUNT = 1`, then also `TFIDF_MIN_CHARS = 1`. Which new terms enter
#    the top five, and would you call them distinctive?
# 4. Run `collocations.collocations(clauses, min_count=MIN_BIGRAM,
#    exclude=segment.load_stopwords("general"))` — only function words excluded. Which
#    boilerplate formulas (e.g. 新 时代, "new era") come back?
# 5. Add 群众 ("the masses") to `DISPERSION_TERMS`. Is it spread like a formulation or
#    like an everyday word? Compare its DP with a term of similar count.
# 6. Fit `count.zipf_mle(counts, xmin=1)`. How does s change when every type is in the
#    tail, and what does the Kolmogorov–Smirnov distance (`ks`) say about that fit?
#
# ## Limitations
# * **Texts, not cities** (§1): no interval or ranking here generalises beyond the
#   eleven texts.
# * **Everything depends on segmentation and the stopword lists** (notebook 01): a
#   formulation outside the lexicon is counted through its parts.
# * **Eleven documents** make idf coarse: df takes only eleven values, and a term can be
#   "distinctive" because one author likes a word. The length filter of §2 drops
#   single-character fragments from the ranking but not longer ones (以党).
# * **Glosses** in brackets are short dictionary senses written for the figures, not
#   readings of each occurrence; the KWIC lines are the evidence.
# * **Collocations are adjacent pairs only**, within clauses; longer formulas and
#   discontinuous patterns (坚持…不动摇) are not captured. Their p- and q-values assume
#   independent tokens and large expected counts, which these pairs do not have.
# * **Rate intervals** treat a text's paragraphs as exchangeable draws; neighbouring
#   paragraphs of one text are not independent, and the measured coverage holds for the
#   simulated process, not necessarily for every term.
# * **Zipf at this size**: about eleven thousand tokens cannot distinguish s = 1 from nearby values or a
#   power law from a lognormal.
#
# ## Summary
# One documents × terms matrix, built once, gave every count, rate, TF-IDF weight and
# dispersion of this notebook; each was checked against a by-hand computation. Counts
# must be turned into rates before texts of different lengths are compared, and
# a rate needs an interval — one whose coverage has been measured — before anyone says
# how firmly a text uses a term; a difference between places needs more than one text
# per place. TF-IDF surfaces the vocabulary particular to each article — often its own
# place names and subject — while association measures (G², PMI with a minimum count)
# find fixed phrases that raw pair counts bury under frequent words. KWIC lines and
# dispersion show how a term is used and where. Fitted properly and calibrated against
# exact-Zipf texts of the same size, the corpus is consistent with Zipf's law.
#
# ## What's next
# Later notebooks build on the same tokens: topic models for themes, and
# `04_cross_city_comparison` for keyness — G² with q-values and conservative
# log-ratios — and for tests between groups of texts at the level of articles.
#
# ## References
# * Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate.
#   *Journal of the Royal Statistical Society B* 57(1), 289–300.
# * Church, K. W. & Hanks, P. (1990). Word association norms, mutual information, and
#   lexicography. *Computational Linguistics* 16(1), 22–29.
# * Clauset, A., Shalizi, C. R. & Newman, M. E. J. (2009). Power-law distributions in
#   empirical data. *SIAM Review* 51(4), 661–703.
# * Dunning, T. (1993). Accurate methods for the statistics of surprise and
#   coincidence. *Computational Linguistics* 19(1), 61–74.
# * Evert, S. (2005). *The Statistics of Word Cooccurrences: Word Pairs and
#   Collocations*. PhD thesis, University of Stuttgart.
# * Garwood, F. (1936). Fiducial limits for the Poisson distribution. *Biometrika*
#   28(3/4), 437–442.
# * Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora.
#   *International Journal of Corpus Linguistics* 13(4), 403–437.
# * Lijffijt, J. & Gries, S. Th. (2012). Correction to Stefan Th. Gries' "Dispersions and
#   adjusted frequencies in corpora". *International Journal of Corpus Linguistics*
#   17(1), 147–149.
# * Manning, C. D., Raghavan, P. & Schütze, H. (2008). *Introduction to Information
#   Retrieval*, ch. 6 (tf-idf weighting). Cambridge University Press.
# * Vuong, Q. H. (1989). Likelihood ratio tests for model selection and non-nested
#   hypotheses. *Econometrica* 57(2), 307–333.
# * Zipf, G. K. (1949). *Human Behavior and the Principle of Least Effort*.
#   Addison-Wesley. Piantadosi, S. T. (2014). Zipf's word frequency law in natural
#   language: a critical review and future directions. *Psychonomic Bulletin & Review*
#   21(5), 1112–1130.
# * Mueller, A. *wordcloud* (version 1.9.6). https://github.com/amueller/word_cloud
