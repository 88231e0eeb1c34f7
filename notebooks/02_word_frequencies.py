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
# nothing about *where* it occurs — and each section below answers one of them. By the
# end you will be able to:
#
# 1. list the top terms of the corpus and of each locality as counts **and** rates per
#    10,000 tokens, and give one text's rate an interval whose coverage you have
#    *measured* (§1);
# 2. compute and interpret TF-IDF, the terms most distinctive of each article (§2);
# 3. find collocations with PMI and log-likelihood (G²), with q-values for the many tests
#    a ranking makes (§3);
# 4. read a keyword-in-context concordance, a dispersion plot and Gries's DP (§4);
# 5. fit Zipf's law by maximum likelihood, calibrate the fit against texts that follow
#    the law exactly, and read word clouds for what they are (§5).
#
# Every method's formula and intuition: the [methods glossary](../book/glossary.md).
#
# **Prerequisites**
#
# | Concept | Importance | Notes |
# |---|---|---|
# | `01_segmentation` | necessary | tokens, the lexicon, the two stopword lists |
# | pandas DataFrames | necessary | filtering, `groupby` |
# | Logarithms | helpful | for TF-IDF, PMI, G² and the Zipf plot |
# | Confidence intervals, p-values | helpful | §1 (coverage), §3 (q-values), §5 (likelihood ratio) |
# | Reading Chinese | helpful | every Chinese term is glossed in English |
#
# *Time to learn: 45 minutes.*

# %% [markdown]
# ## Imports and settings
# The only knobs are in the next cell (tagged `parameters`). `SEED` fixes the
# simulations and the word-cloud layouts, so every run gives the same numbers and
# pictures.

# %% tags=["parameters"]
CORPUS = None  # a folder with raw/, manifest.csv and excluded.csv; None = bundled corpus
NOTEBOOK = "02_word_frequencies"  # results/tables/<NOTEBOOK>/, results/figures/<NOTEBOOK>/
SEED = 20241109  # simulations, bootstrap and word-cloud layout
TOP_N = 20  # §1: top terms of the corpus
TOP_N_LOCAL = 10  # §1: top terms per locality
RATE_TERM = "派出所"  # §1: one term followed across articles and localities
COVERAGE_N, COVERAGE_SIMS, COVERAGE_SHAPE = (5, 11), 1000, 1.0  # §1: coverage simulation
TFIDF_TOP, TFIDF_MIN_COUNT = 5, 2  # §2: terms per article; minimum count in the article
MIN_BIGRAM, Q_MAX = 3, 0.05  # §3: minimum pair count; q-value threshold
KWIC_TERM = "两队一室"  # §4: the concordance term
DISPERSION_TERMS = ["两队一室", "情指行", "枫桥经验", "专业+机制+大数据", "新质公安战斗力",
                    "派出所"]  # §4
ZIPF_MIN_COUNT, ZIPF_NULL_SIMS = 2, 50  # §5: OLS on types seen >= 2 times; exact-Zipf texts
CLOUD_WORDS = 100  # §5: words in the corpus word cloud

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import helpers.check as check
from helpers.analysis import collocations, count, stats
from helpers.figures import plot_words, plotting
from helpers.text import corpus, lexicon, segment

BUNDLED = check.is_bundled(CORPUS)  # claims about the bundled texts are checked only then
pd.set_option("display.max_colwidth", 60)
font = plotting.setup_fonts()
font.name

# %% [markdown]
# We segment every paragraph **without** stopwords and keep the stopword lists (both,
# see notebook 01) aside: terms in them are left out of every list below, but they
# stay in the denominator of every rate, so a rate does not move when someone edits a
# stopword list. Rates are per 10,000 *running* tokens (words, not punctuation or
# numbers).

# %%
articles = corpus.load_articles(CORPUS)
paragraphs = corpus.load_paragraphs(CORPUS)

# %%
tokens = segment.tokenize_paragraphs(paragraphs, stopwords=False)
stop = segment.load_stopwords(True)
len(stop)

# %% [markdown]
# ## 1 Counts and rates
# First, the size of each article in tokens. The longest (the study essay and the
# Xinhua feature) are more than three times the shortest (two short Changzhou newspaper
# pieces): a raw count in a long text is bigger for that reason alone.

# %%
by_article = count.group_tokens(tokens, "article_id")
sizes = by_article.map(len).rename("n_tokens").reset_index()

# %%
plotting.save_table(sizes, NOTEBOOK, "article_tokens")
sizes.set_index("article_id").T

# %%
if BUNDLED:
    ordered = sizes.sort_values("n_tokens").article_id.tolist()
    check.equal(set(ordered[-2:]), {"study_essay", "xinhua_national"}, "the two longest")
    check.equal(set(ordered[:2]), {"changzhou_forensics", "changzhou_community"}, "shortest")
    check.claim(sizes.n_tokens.nlargest(2).min() > 3 * sizes.n_tokens.nsmallest(2).max(),
                "more than three times")

# %% [markdown]
# The top terms of the whole corpus, with counts and rates:

# %%
whole = count.group_tokens(tokens.assign(corpus="corpus"), "corpus")
corpus_freq = count.term_frequencies(whole, exclude=stop)

# %%
top_corpus = count.top_terms(corpus_freq, TOP_N)
plotting.save_table(top_corpus, NOTEBOOK, "top_terms_corpus")
top_corpus.round(1)

# %%
fig = plot_words.plot_term_bars(top_corpus, title=f"Top {TOP_N} terms (stopwords excluded)")
plotting.save_figure(fig, NOTEBOOK, "top_terms_corpus")
plt.show()

# %% [markdown]
# **What to notice:** the top of the list is the vocabulary every text shares: 公安
# (*gōng'ān*, "public security"), 人民 ("the people"), 治理 ("governance"), 警务
# ("policing"), 执法 ("law enforcement"), 改革 ("reform"). Only one of the twenty is a
# lexicon term (the chart adds its English gloss), 法治 ("rule of law"): frequent words
# are rarely formulations.

# %%
lexicon_terms = set(lexicon.load_lexicon().term)
if BUNDLED:
    check.claim({"公安", "人民", "治理", "警务", "执法", "改革"} <= set(top_corpus.term),
                "the shared vocabulary tops the list")
    check.equal(top_corpus.term[top_corpus.term.isin(lexicon_terms)].tolist(), ["法治"],
                "one lexicon term in the top")

# %% [markdown]
# The reform formulations themselves are rarer. The most frequent **lexicon** terms,
# labelled with the English glosses of `helpers/data/lexicon.csv` (`rank` is the rank
# among all terms):

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
    forensic = by_article.map(lambda t: t.count("刑事技术"))
    check.equal(forensic.idxmax(), "changzhou_forensics", "one Changzhou article")
    check.equal(int(forensic.max()), int(forensic.sum()), "all in that article")

# %% [markdown]
# Per locality (Changzhou's three articles are pooled), the `TOP_N_LOCAL` terms by
# rate (the order within a locality is the same for counts and rates):

# %%
local_freq = count.term_frequencies(count.group_tokens(tokens, "locality"), exclude=stop)
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
    own = {"Changzhou": "常州", "Yichang": "宜昌", "Huangshan": "黄山", "Zhengdong": "郑东"}
    check.claim(all(((top_local.doc == place) & (top_local.term == name)).any()
                    for place, name in own.items()), "place names near the top")
    check.equal(top_local[top_local.doc == "National"].term.head(2).tolist(), ["社区", "派出所"],
                "社区 and 派出所 top the Xinhua list")

# %% [markdown]
# **Why counts mislead.** Follow one term, `RATE_TERM` (派出所), across the articles:

# %%
article_freq = count.term_frequencies(by_article, exclude=stop)

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
    piece = across.set_index("doc").loc["changzhou_community"]
    check.equal([int(piece["count"]), int(piece.rank_by_count), int(piece.rank_by_rate)],
                [2, 4, 2], "twice, 4th by count, 2nd by rate")

# %% [markdown]
# ### How much would one text's rate move?
# A single rate per text hides how much it depends on which paragraphs the text happens
# to contain. An interval over the paragraphs answers exactly that question — *how much
# would this one text's rate move* if its paragraphs had come out a little differently —
# and nothing more. **One article per city is a comparison of texts, not of cities**:
# no interval here says what a city's police write in general, and a difference between
# two localities is a difference between two authors, outlets and dates as much as two
# places. (Comparing *groups* of texts needs a test over articles, not paragraphs:
# `stats.permutation_rate_test`, used in notebook 04.)
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
fig = plot_words.plot_rate_intervals(rates, group="locality", title=f"{RATE_TERM}, 95% intervals")
plotting.save_figure(fig, NOTEBOOK, "rate_term_by_locality")
plt.show()

# %% [markdown]
# **What to notice:** the intervals are wide, and widest where a text has few long
# paragraphs (Yichang's four); the text with no hit still gets an upper bound. Only the
# Xinhua feature's interval lies clear of all the others' rates — about one text's
# paragraphs, not about places.

# %%
if BUNDLED:
    check.equal(int(rates.set_index("locality").loc["Yichang", "n_rows"]), 4, "four paragraphs")
    check.equal((rates.high - rates.low).idxmax(), rates.index[rates.locality == "Yichang"][0],
                "the widest interval")
    check.claim(((rates.hits == 0) <= (rates.high > 0)).all(), "zero hits, positive bound")
    top = rates.set_index("locality").rate.idxmax()
    check.equal(top, "National", "the Xinhua feature")
    others = rates[rates.locality != top]
    check.claim(others.rate.max() < rates.set_index("locality").loc[top, "low"],
                "its interval lies clear of the other rates")

# %% [markdown]
# ## 2 Distinctive terms: TF-IDF
# Frequent terms are frequent everywhere. TF-IDF (term frequency × inverse document
# frequency) weighs a term's frequency in one article by how few articles use it:
#
# * tf(t, d) = count(t, d) / |d| — relative frequency, so long and short articles compare;
# * idf(t) = ln((1 + N) / (1 + df(t))) — N articles, df = articles containing t;
#   smoothed as if one extra article contained every term. A term in every article
#   gets idf 0; with the eleven bundled articles a term in one article gets
#   ln(12/2) ≈ 1.79;
# * tf-idf = tf × idf.
#
# Terms seen fewer than `TFIDF_MIN_COUNT` times in an article are left out (a word
# used once is not what the article is about).

# %%
distinctive = count.tfidf(by_article, exclude=stop, min_count=TFIDF_MIN_COUNT)
top_distinctive = count.top_terms(distinctive, TFIDF_TOP)

# %%
plotting.save_table(top_distinctive, NOTEBOOK, "tfidf_top")
count.side_by_side(top_distinctive).T

# %%
titles = dict(zip(articles.article_id, articles.article_id + " · " + articles.locality_zh,
                  strict=True))

# %%
fig = plot_words.plot_bars_by_group(top_distinctive, value="tfidf", titles=titles, xlabel="tf-idf")
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
#   feature 一张 ("a [photo]", from an anecdote about a family photo). TF-IDF finds what
#   is particular to a text, including its quirks; read the KWIC lines (§4) before
#   interpreting a term.

# %%
if BUNDLED:
    check.equal(len(by_article), 11, "the eleven bundled articles")
    expected = {"changzhou_study_group": ["常州"], "yichang": ["宜昌"],
                "huangshan": ["黄山", "大黄山"], "zhengdong": ["郑东", "二十大"],
                "changzhou_community": ["孙晓光", "星期九"], "changzhou_forensics": ["刑事技术"],
                "xinhua_national": ["社区", "社区民警", "一张"], "study_essay": ["治理", "协同"]}
    for article_id, terms in expected.items():
        found = set(top_distinctive[top_distinctive.doc == article_id].term)
        check.claim(set(terms) <= found, f"{terms} among the top terms of {article_id}")

# %% [markdown]
# ## 3 Collocations: PMI and G²
# Which words go together? Counting adjacent pairs rewards pairs of frequent words.
# Pairs are taken between neighbouring tokens **within a clause** (between commas,
# full stops, enumeration commas …), so never across a paragraph boundary or a comma.
# The most frequent raw pairs, with nothing excluded:

# %%
clauses = [c for text in paragraphs.text for c in segment.tokenize_clauses(text)]
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
fig = plot_words.plot_dispersion(positions, spans, DISPERSION_TERMS)
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
spread = count.dispersion(by_article, DISPERSION_TERMS)
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

# %%
if BUNDLED:
    row = spread.set_index("term")
    check.equal(row.loc["专业+机制+大数据", ["count", "n_docs"]].tolist(), [7, 7], "once in seven")
    check.equal(spread.set_index("term").dp.idxmin(), "专业+机制+大数据", "the most even")
    check.claim(row.loc["派出所", "dp"] < row.loc["枫桥经验", "dp"], "派出所 less concentrated")
    share = positions[positions.term == "派出所"].article_id.value_counts(normalize=True)
    check.equal(share.idxmax(), "xinhua_national", "most of 派出所 in the Xinhua feature")
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
counts = count.count_terms(tokens.tokens)
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
fig = plot_words.plot_zipf(ranks, count.zipf_fit(ranks, min_count=ZIPF_MIN_COUNT), mle=mle)
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
# They are good for a first look and bad for comparison: length of a word, colour and
# position carry no information, and sizes are hard to compare. Corpus-wide, stopwords
# excluded:

# %%
frequencies = dict(zip(corpus_freq.term, corpus_freq["count"], strict=True))

# %%
fig = plot_words.plot_wordcloud(frequencies, font_path=font, random_state=SEED,
                                max_words=CLOUD_WORDS)
plotting.save_figure(fig, NOTEBOOK, "wordcloud_corpus")
plt.show()

# %% [markdown]
# Per locality (each cloud scaled to its own most frequent word, so sizes do not
# compare across panels):

# %%
names = dict(zip(articles.locality, articles.locality_zh + " " + articles.locality,
                 strict=False))

# %%
fig = plot_words.plot_wordclouds(local_freq, font_path=font, random_state=SEED, titles=names)
plotting.save_figure(fig, NOTEBOOK, "wordclouds_locality")
plt.show()

# %% [markdown]
# ## Exercises
# 1. Set `RATE_TERM = "改革"` ("reform"). Which article ranks first by count and which
#    by rate? How wide are the intervals, and what does the coverage table say now?
# 2. Set `COVERAGE_SHAPE = 0.5` (paragraphs even more unequal). Does the quasi-Poisson
#    interval still cover 95%? Pass `methods=("quasi_poisson", "poisson")` to
#    `stats.interval_coverage`: what does ignoring overdispersion cost?
# 3. Change `TFIDF_MIN_COUNT` to 1. Which new terms enter the top five, and would you
#    call them distinctive?
# 4. Run `collocations.collocations(clauses, min_count=MIN_BIGRAM,
#    exclude=segment.load_stopwords("general"))` — only function words excluded. Which
#    boilerplate formulas (e.g. 新 时代, "new era") come back?
# 5. Add 群众 ("the masses") to `DISPERSION_TERMS`. Is it spread like a formulation or
#    like an everyday word? Compare its DP with a term of similar count.
# 6. Fit `count.zipf_mle(counts, xmin=1)`. How does s change when every type is in the
#    tail, and what does the Kolmogorov–Smirnov distance (`ks`) say about that fit?
#
# ## Limitations
# * **Texts, not cities.** One article per place (three for Changzhou): differences
#   between localities are differences between authors, genres and dates as much as
#   places, and no interval in this notebook generalises beyond the texts.
# * **Everything depends on segmentation and the stopword lists** (notebook 01): a
#   formulation outside the lexicon is counted through its parts.
# * **Eleven documents** make idf coarse: df takes only eleven values, and a term can be
#   "distinctive" because one author likes a word.
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
# Counts must be turned into rates before texts of different lengths are compared, and
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
