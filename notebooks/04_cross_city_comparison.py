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
# # 04 · Comparing localities: reform themes, keywords and similarity
#
# **Overview.** Seven local public-security bureaus (公安局 *gōng'ānjú*), a national news
# agency and an anonymous essayist all write about modernising police work. Which reform
# themes does each text stress, which words set it apart, and which texts resemble each
# other? By the end you will be able to:
#
# 1. measure how often each locality's text invokes fourteen reform themes, with bootstrap
#    intervals over paragraphs, and read the lines behind any number (§1);
# 2. find the words that distinguish one locality's text from all the others, with a
#    significance measure (G²) *and* an effect size (log-ratio) (§2);
# 3. compare whole articles by their vocabulary: TF-IDF cosine similarity, a dendrogram and
#    a correspondence-analysis map (§3);
# 4. set the two texts that do not speak for a locality — the Xinhua national feature and
#    the study essay — against the local articles (§4).
#
# **Prerequisites**
#
# | Concept | Importance | Notes |
# |---|---|---|
# | `00_corpus_tour` | necessary | the corpus, localities and paragraphs |
# | `01_segmentation` | necessary | tokens, the lexicon, stopword lists |
# | Rates and the bootstrap | helpful | `helpers.stats` (percentile intervals over paragraphs) |
# | Contingency tables, χ² | helpful | for keyness and correspondence analysis |
#
# *Time to learn: 40 minutes.*

# %% [markdown]
# ## Imports and settings
# The next cell (tagged `parameters`) holds every knob: corpus folder, export name, the
# bootstrap's seed and size, keyness thresholds, the vocabulary filter of the
# correspondence analysis, and which heatmap cell to open as evidence.

# %% tags=["parameters"]
CORPUS = None  # a folder with raw/, manifest.csv and excluded.csv; None = bundled corpus
NOTEBOOK = "04_cross_city_comparison"  # results/tables/<NOTEBOOK>/, results/figures/<NOTEBOOK>/
SEED = 20241109  # bootstrap seed (helpers.stats.DEFAULT_SEED)
N_BOOT = 2000  # bootstrap resamples per locality and theme
MIN_COUNT = 3  # keyness: keep terms seen >= 3 times in the target or the reference
N_TOP = 8  # distinctive terms per locality in the chart
CA_MIN_COUNT, CA_MIN_DOCS = 8, 2  # correspondence analysis: terms used >= 8 times, >= 2 articles
EVIDENCE = ("Zhengdong", "Proactive and preventive policing")  # heatmap cell to open

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from helpers import compare, corpus, lexicon, plot_compare, plotting, segment

pd.set_option("display.max_colwidth", 60)
pd.set_option("display.width", 200)
font = plotting.setup_fonts()

# %% [markdown]
# We work with the clean paragraphs, their tokens (both stopword lists removed: function
# words and political boilerplate such as 坚持 *jiānchí* "adhere to" or 推进 *tuījìn*
# "advance"), and bilingual locality labels such as "常州 Changzhou".

# %%
articles = corpus.load_articles(CORPUS)
paragraphs = corpus.load_paragraphs(CORPUS)
tokens = segment.tokenize_paragraphs(paragraphs)
labels = compare.locality_labels(articles)
order = list(labels)  # Changzhou … Zhengdong, then National, Unspecified
labels

# %% [markdown]
# ## 1 Reform themes by locality
# The project lexicon (`helpers/data/lexicon.csv`) assigns each of its terms to one of
# fourteen reform themes. The Chinese theme names are ours, for the figures:

# %%
themes = lexicon.themes()
themes = themes.assign(chinese=themes.theme.map(compare.THEME_ZH), example=themes.terms.str[0])
plotting.save_table(themes.drop(columns="terms"), NOTEBOOK, "themes")
themes[["theme", "chinese", "n_terms", "example"]]

# %% [markdown]
# A theme's count in a paragraph is the number of its lexicon terms found there, matched
# exactly as segmentation matches them (`segment.term_occurrences`: spaced and full-width
# variants normalised, the longest term wins, so 社区警务队 *shèqū jǐngwù duì*, "the
# station's community-policing team", is not also counted as 社区警务 "community
# policing"). The check: the number of theme hits equals the number of lexicon tokens.

# %%
hits = compare.theme_hits(paragraphs)
terms = set(lexicon.load_lexicon().term)
n_tokens = sum(token in terms for toks in tokens.tokens for token in toks)
len(hits), n_tokens

# %% [markdown]
# Texts differ in length (1,815 to 5,451 characters per locality), so we divide by
# length: hits per 10,000 characters. With one article per locality there is no sample
# of cities, so the interval answers a narrower question — *how much would this rate move
# if the text had been made of a different draw of its own paragraphs?* — by resampling
# paragraphs with replacement (`stats.bootstrap_rates`, 95% percentile interval).

# %%
rates = compare.theme_rates(paragraphs, n_boot=N_BOOT, seed=SEED)
plotting.save_table(rates, NOTEBOOK, "theme_rates")
rates.head(3)

# %%
fig = plot_compare.plot_theme_heatmap(rates, order=order, labels=labels)
plotting.save_figure(fig, NOTEBOOK, "theme_heatmap")
plt.show()

# %% [markdown]
# **What to notice.** Party leadership and loyalty (党的领导 *dǎng de lǐngdǎo*) is the
# most frequent theme in five of the seven local texts, and it is almost absent from the
# national feature (5 per 10,000) and the study essay (3). The Xinhua feature instead
# stresses grassroots and police-station reform (48) and intelligence–command–action
# integration (情指行 *qíng zhǐ xíng*, 29). The intervals are wide: a locality's text has
# only 4–17 paragraphs (Changzhou 32, Xinhua 51), and one paragraph dense in a theme can
# double its rate. Each locality's three strongest themes:

# %%
top = compare.top_themes(rates, n=3)
plotting.save_table(top, NOTEBOOK, "top_themes")
top.pivot(index="locality", columns="rank", values="theme").reindex(order)

# %% [markdown]
# ### Evidence behind a number
# Any cell can be opened. `theme_evidence(paragraphs, locality, theme)` returns the
# keyword-in-context (KWIC) lines of the theme's terms in that locality — exactly the hits
# counted in the cell. Here Zhengdong's 45.9 for proactive and preventive policing: the
# district's article (in 河南日报 *Hénán Rìbào*, Henan Daily) repeats 群防群治 *qúnfáng
# qúnzhì* ("mass prevention and mass governance") and its red-armband volunteers
# 红袖标 *hóng xiùbiāo*.

# %%
evidence = compare.theme_evidence(paragraphs, *EVIDENCE)
plotting.save_table(evidence, NOTEBOOK, "evidence_" + EVIDENCE[0].lower())
evidence[["article_id", "paragraph_no", "left", "keyword", "right"]]

# %%
cell = rates[(rates.locality == EVIDENCE[0]) & (rates.theme == EVIDENCE[1])]
cell[["hits", "n_chars", "rate", "low", "high", "n_rows"]]

# %% [markdown]
# The 9 lines are the 9 hits of the cell; 9 hits in 1,962 characters is 45.9 per 10,000.
# The interval [0, 108] shows how unevenly they are spread: they sit in three of the
# article's 17 paragraphs, five of them in paragraph 10 alone, so some resamples contain
# none and others contain paragraph 10 twice.
#
# ## 2 Keyness: what sets each text apart
# Raw frequencies reward the boilerplate every text shares. **Keyness** compares a term's
# frequency in a *target* (one locality's text) with a *reference* (all other texts).
# For a term seen *a* times among *c* target tokens and *b* times among *d* reference
# tokens, the expected counts under "no difference" are E₁ = c(a+b)/(c+d) and
# E₂ = d(a+b)/(c+d), and the **log-likelihood** statistic is G² = 2 Σ O ln(O/E)
# (Rayson & Garside 2000). G² says how sure we can be that a difference exists, not how
# large it is, so we add the **log-ratio** (Hardie 2014): log₂ of the ratio of the two
# relative frequencies — +1 means twice as frequent in the target, +3 eight times. A
# zero count is replaced by 0.5 before taking the ratio (otherwise the ratio would be
# infinite). Two more columns guard against flukes: a minimum frequency (`MIN_COUNT`)
# and `n_articles`, the number of articles in the corpus that use the term at all.

# %%
keyness = compare.keyness_by_group(tokens, min_count=MIN_COUNT)
plotting.save_table(keyness, NOTEBOOK, "keyness_by_locality")
keyness[keyness.locality == "Yichang"].head(5)

# %% [markdown]
# The p-values assume independent tokens, which words in a text are not; read them as a
# ranking aid, not as tests. The `N_TOP` most over-used terms of each locality (seen at
# least three times in its text), as small multiples:

# %%
distinctive = compare.top_keyness(keyness, n=N_TOP, min_target=MIN_COUNT)
plotting.save_table(distinctive, NOTEBOOK, "distinctive_terms")
fig = plot_compare.plot_keyness(distinctive, order=order, labels=labels)
plotting.save_figure(fig, NOTEBOOK, "distinctive_terms")
plt.show()

# %%
distinctive.groupby("locality").term.apply(" ".join).reindex(order).to_frame("top terms")

# %% [markdown]
# **What to notice.** The strongest keyword of most local texts is the place's own name
# (常州 Changzhou, 宜昌 Yichang, 郑东 Zhengdong, 黄山 Huangshan, 天水 Tianshui) — a sanity
# check, and a reminder that keyness finds *any* difference. Beyond names:
# Changzhou's three articles are marked by 刑事技术 *xíngshì jìshù* ("forensic science",
# 11 uses, all in the forensic technician's essay), 人民至上 *rénmín zhìshàng* ("the
# people above all"), a name from the volunteer story (孙晓光) and 星期九 *xīngqī jiǔ*
# ("Ninth Day", the volunteer squad for young offenders); the study essay by 治理 *zhìlǐ* ("governance", 46 uses) and 协同
# *xiétóng* ("coordination"); the Xinhua feature by 社区 *shèqū* ("community") and 派出所
# *pàichūsuǒ* ("police station"); Zhengdong by 二十大 (the 20th Party Congress) and 学史
# *xué shǐ* ("studying Party history"). The Qiqihar, Zhangqiu and Tianshui lists are
# weak (G² at most 14, mostly on 3–6 occurrences): these three articles are alike.
#
# ## 3 How similar are the articles?
# We now compare whole **articles** (eleven, Changzhou's three kept apart). Each becomes
# a TF-IDF vector: a term's count, weighted up when few articles use it (idf =
# ln((1+n)/(1+df)) + 1), the vector scaled to length 1. The cosine of the angle between
# two vectors is their similarity (1 = same word proportions, 0 = no shared terms).
# `compare.tfidf` is a small vectoriser of our own.

# %%
doc_term = compare.doc_term_matrix(tokens)
similarity = compare.cosine_similarity(compare.tfidf(doc_term))
plotting.save_table(similarity, NOTEBOOK, "cosine_similarity", index=True)
doc_term.shape

# %%
fig = plot_compare.plot_similarity(similarity, title="Cosine similarity of TF-IDF vectors "
                                   "文章相似度")
plotting.save_figure(fig, NOTEBOOK, "cosine_similarity")
plt.show()

# %% [markdown]
# The most similar pair is Qiqihar–Tianshui (0.33), then Tianshui–Zhangqiu (0.31): three
# bureau chiefs' articles from the same journal compilation. The first-person account of
# Changzhou's volunteer squad (`changzhou_community`) resembles nothing (≤ 0.06).
#
# **Hierarchical clustering** joins the two closest articles, then the closest groups,
# with the distance between groups the *average* of their members' cosine distances
# (1 − similarity).

# %%
merges = compare.average_linkage(similarity)
plotting.save_table(merges, NOTEBOOK, "linkage")
fig = plot_compare.plot_dendrogram(merges, labels=list(similarity.index))
plotting.save_figure(fig, NOTEBOOK, "dendrogram")
plt.show()

# %% [markdown]
# Four articles of the journal compilation (Qiqihar, Tianshui, Zhangqiu, Huangshan) form
# the core cluster; the study essay joins it before the fifth, Yichang; the Changzhou
# study group pairs with
# Zhengdong, the two texts most devoted to Party study; the Xinhua feature, the forensic
# essay and the volunteer story join last. All distances are large (≥ 0.67): these texts
# share a genre, not a wording.
#
# ### A map: correspondence analysis
# **Correspondence analysis** (CA) places rows and columns of a count table in the same
# low-dimensional space. With P the article × term table divided by its total, row
# masses r and column masses c, it takes the singular value decomposition of the
# standardised residuals S = D_r^-½ (P − r cᵀ) D_c^-½ — the cells of a χ² test. Articles
# close together use terms in similar *proportions*; a term lies towards the articles
# that over-use it. Each dimension's share of the total inertia (χ²/n) says how much of
# the table it shows. We keep terms used at least `CA_MIN_COUNT` times in at least
# `CA_MIN_DOCS` articles, so that single-article rarities do not define the map.

# %%
ca_table = compare.doc_term_matrix(tokens, min_count=CA_MIN_COUNT, min_docs=CA_MIN_DOCS)
ca = compare.correspondence_analysis(ca_table)
plotting.save_table(ca.rows, NOTEBOOK, "ca_articles", index=True)
plotting.save_table(ca.columns, NOTEBOOK, "ca_terms", index=True)
plotting.save_table(ca.inertia, NOTEBOOK, "ca_inertia")
ca.inertia

# %%
fig = plot_compare.plot_ca_map(ca, n_terms=20)
plotting.save_figure(fig, NOTEBOOK, "ca_map")
plt.show()

# %% [markdown]
# **What to notice.** The two dimensions show only 38% of the inertia: a map of eleven
# very different texts cannot be faithful in two dimensions. Dimension 1 runs from the
# study essay (治理 governance, 协同 coordination; left) to the Xinhua feature (社区
# community, 派出所 police station, 社区民警 community officer; right): abstract doctrine
# against reported practice. Dimension 2 lifts the forensic essay (人民至上, 技术
# technique, 案件 cases) and the volunteer story above the bureau chiefs' articles, which
# sit together below the origin. The articles that contribute most to each dimension:

# %%
ca.rows.sort_values("ctr_dim1", ascending=False)[["dim1", "dim2", "ctr_dim1", "ctr_dim2"]]

# %% [markdown]
# ## 4 Central and local texts
# Two texts do not speak for a locality: the Xinhua national feature (`National`) and the
# unattributed study essay (`Unspecified`). Put together as "central" and set against the
# seven local articles, do they stress different themes?

# %%
levels = compare.add_level(paragraphs)
level_rates = compare.theme_rates(levels, group="level", n_boot=N_BOOT, seed=SEED)
plotting.save_table(level_rates, NOTEBOOK, "theme_rates_central_local")
level_rates.pivot(index="theme", columns="level", values="rate")

# %%
fig = plot_compare.plot_level_rates(level_rates)
plotting.save_figure(fig, NOTEBOOK, "theme_rates_central_local")
plt.show()

# %% [markdown]
# The intervals of Party leadership and loyalty do not overlap: 4.0 [0, 11.4] per 10,000
# characters in the central texts against 37.6 [24.4, 54.1] in the local ones. The
# central texts lead on grassroots and police-station reform (25.4 vs 7.1),
# intelligence–command–action integration (14.7 vs 6.1) and, narrowly, dispute
# resolution. They contain no term at all of law-based and standardised enforcement
# (执法规范化 *zhífǎ guīfànhuà*), which the local texts use at 12.7 per 10,000.
# Keyness of the central texts against the local ones, in both directions:

# %%
level_tokens = compare.add_level(tokens)
central = compare.keyness_by_group(level_tokens, group="level", min_count=MIN_COUNT)
central = central[central.level == "central"].drop(columns="level")
plotting.save_table(central, NOTEBOOK, "keyness_central_vs_local")
central.shape

# %%
columns = ["term", "target_count", "reference_count", "g2", "log_ratio", "n_articles"]
display(central[central.direction == "+"].head(8)[columns])
central[central.direction == "-"].head(8)[columns]

# %% [markdown]
# **What to notice.** The central texts never use the token 党 *dǎng* ("the Party") —
# the local articles use it 29 times — nor 平安 *píng'ān* ("peace, public safety"),
# 整治 *zhěngzhì* ("rectification campaigns") or 政治安全 *zhèngzhì ānquán* ("political
# security"). They over-use 治理 (governance), 社区 (community) and 协同 (coordination).
# Local bureau chiefs display loyalty and campaign vocabulary; the national reporters and
# the essayist describe mechanisms. That is a difference of genre and author as much as
# of level (see Limitations).
#
# ## Exercises
# 1. Open another heatmap cell with `compare.theme_evidence(paragraphs, "Qiqihar",
#    "Security and stability")`. Which terms carry Qiqihar's rate of 44?
# 2. Set `MIN_COUNT = 5` and re-run §2. Which localities lose all their distinctive terms?
# 3. Re-run keyness with `segment.tokenize_paragraphs(paragraphs, stopwords="general")`
#    (boilerplate kept). Do exhortative verbs such as 坚持 or 推进 become keywords of the
#    study essay?
# 4. Drop the forensic essay and the volunteer story (`tokens[~tokens.article_id.isin([...])]`)
#    and redo the correspondence analysis. What does dimension 2 show now?
# 5. Bootstrap over *articles* instead of paragraphs for the central/local comparison:
#    why is that impossible with two central texts?
#
# ## Limitations
# * **One text per place** (Changzhou: three texts of three genres, pooled in §1–2): every
#   "locality" difference is a difference between texts, authors and genres. The
#   bootstrap measures paragraph-level instability within a text, not variation between
#   cities.
# * **Authors and audience**: five articles are by bureau chiefs (several also vice-mayors)
#   writing for a police journal after the Third Plenum of July 2024; Zhengdong writes for
#   a provincial Party daily; Xinhua writes news; the essay is an anonymous study text.
#   Dates differ (2022–2024, partly inferred), so "central vs local" is confounded with
#   genre and time.
# * **The lexicon decides what a theme is.** Its 110 terms are hand-picked; a theme
#   with few or rare terms (anti-fraud: 5) gets low rates everywhere.
# * Keyness p-values assume independent tokens; with 2,000–5,000 tokens per text,
#   G² below about 10 is weak evidence. Segmentation errors (e.g. 以党 "with the Party"
#   as one token) become keywords too.
# * TF-IDF, clustering and CA depend on the stopword lists and the vocabulary filter;
#   the CA map shows 38% of the inertia.
#
# ## Summary
# Local bureau chiefs' articles give Party leadership and loyalty about nine times the
# room it gets in the national feature and the essay (37.6 vs 4.0 per 10,000 characters), and they resemble one another more than
# anything else in the corpus. Keyness with effect sizes finds what each text adds
# (place names, local programmes, a text's own vocabulary), and correspondence analysis
# separates abstract doctrine (the essay) from reported practice (Xinhua). All of it is
# uncertain in ways the intervals show.
#
# ## What's next
# `05_formulations.ipynb`: which official formulations (提法 *tífǎ*) travel from the
# centre to the localities, and which phrases are local brands.
#
# ## References
# * Rayson, P. & Garside, R. (2000). Comparing corpora using frequency profiling. *Proc.
#   Workshop on Comparing Corpora*, ACL 2000, 1–6.
# * Hardie, A. (2014). Log Ratio — an informal introduction. ESRC Centre for
#   Corpus Approaches to Social Science (CASS), Lancaster University.
# * Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
#   *Computational Linguistics* 19(1), 61–74.
# * Greenacre, M. (2017). *Correspondence Analysis in Practice*, 3rd ed. Chapman & Hall/CRC.
# * Efron, B. & Tibshirani, R. (1993). *An Introduction to the Bootstrap*. Chapman & Hall.
# * Salton, G. & Buckley, C. (1988). Term-weighting approaches in automatic text retrieval.
#   *Information Processing & Management* 24(5), 513–523.
