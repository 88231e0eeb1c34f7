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
#    10,000 tokens, and say why raw counts mislead (§1);
# 2. compute and interpret TF-IDF, the terms most distinctive of each article (§2);
# 3. find collocations with PMI and log-likelihood (G²) instead of raw pair counts (§3);
# 4. read a keyword-in-context concordance and a dispersion plot (§4);
# 5. check Zipf's law on the corpus and read word clouds for what they are (§5).
#
# **Prerequisites**
#
# | Concept | Importance | Notes |
# |---|---|---|
# | `01_segmentation` | necessary | tokens, the lexicon, the two stopword lists |
# | pandas DataFrames | necessary | filtering, `groupby` |
# | Logarithms | helpful | for TF-IDF, PMI, G² and the Zipf plot |
# | Reading Chinese | helpful | every Chinese term is glossed in English |
#
# *Time to learn: 40 minutes.*

# %% [markdown]
# ## Imports and settings
# The only knobs are in the next cell (tagged `parameters`). `SEED` fixes the bootstrap
# and the word-cloud layouts, so every run gives the same numbers and pictures.

# %% tags=["parameters"]
CORPUS = None  # a folder with raw/, manifest.csv and excluded.csv; None = bundled corpus
NOTEBOOK = "02_word_frequencies"  # results/tables/<NOTEBOOK>/, results/figures/<NOTEBOOK>/
SEED = 20241109  # bootstrap resampling and word-cloud layout
TOP_N = 20  # §1: top terms of the corpus
TOP_N_LOCAL = 10  # §1: top terms per locality
RATE_TERM = "派出所"  # §1: one term followed across articles and localities
TFIDF_TOP, TFIDF_MIN_COUNT = 5, 2  # §2: terms per article; minimum count in the article
MIN_BIGRAM = 3  # §3: minimum pair count for a collocation
KWIC_TERM = "两队一室"  # §4: the concordance term
DISPERSION_TERMS = ["两队一室", "情指行", "枫桥经验", "专业+机制+大数据", "新质公安战斗力",
                    "派出所"]  # §4
ZIPF_MIN_COUNT = 2  # §5: fit the Zipf line on types seen at least this often
CLOUD_WORDS = 100  # §5: words in the corpus word cloud

# %%
import matplotlib.pyplot as plt
import pandas as pd

from helpers import collocations, corpus, count, lexicon, plot_words, plotting, segment, stats

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
# First, the size of each article in tokens. The longest (the Xinhua feature and the
# study essay) are more than three times the shortest (two short Changzhou newspaper
# pieces): a raw count in a long text is bigger for that reason alone.

# %%
by_article = count.group_tokens(tokens, "article_id")
sizes = by_article.map(len).rename("n_tokens").reset_index()

# %%
plotting.save_table(sizes, NOTEBOOK, "article_tokens")
sizes.set_index("article_id").T

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
# ("policing"), 执法 ("law enforcement"), 改革 ("reform"). None of the twenty is a
# lexicon term (the chart would add its English gloss): frequent words are rarely
# formulations.
#
# The reform formulations themselves are rarer. The most frequent **lexicon** terms,
# labelled with the English glosses of `helpers/data/lexicon.csv` (`rank` is the rank
# among all terms):

# %%
reform_terms = corpus_freq[corpus_freq.term.isin(lexicon.load_lexicon().term)].head(TOP_N)
plotting.save_table(reform_terms, NOTEBOOK, "top_lexicon_terms")
reform_terms.round(1)

# %%
fig = plot_words.plot_term_bars(reform_terms, title=f"Top {TOP_N} lexicon terms")
plotting.save_figure(fig, NOTEBOOK, "top_lexicon_terms")
plt.show()

# %% [markdown]
# 中国式现代化 ("Chinese-style modernisation") and 公安工作现代化 lead: the texts frame
# reform as *modernisation*, the language of the 20th Party Congress. Security
# concepts (国家安全, 政治安全: national and political security) and 人民至上 ("the
# people above all") come before any piece of police work; the first is 刑事技术
# (forensic science — all eleven in one Changzhou article), then 情指行.
#
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
#
# **Why counts mislead.** Follow one term, `RATE_TERM` (派出所), across the articles:

# %%
article_freq = count.term_frequencies(by_article, exclude=stop)

# %%
across = count.term_across_docs(article_freq, RATE_TERM)
plotting.save_table(across, NOTEBOOK, "rate_term_by_article")
across.round(1)

# %% [markdown]
# Ranked by count and by rate the articles come out in different orders: the short
# Changzhou community piece (475 tokens) mentions 派出所 twice — 4th by count, 2nd by
# rate — while Yichang's three mentions in 1,113 tokens rank 2nd (tied) by count, 4th
# by rate. A single number per article also hides how much the rate depends on which
# paragraphs the text happens to contain, so per locality we add 95% bootstrap
# intervals, resampling paragraphs (`helpers.stats`):

# %%
hits = tokens.assign(hits=tokens.tokens.map(lambda t: t.count(RATE_TERM)))

# %%
rates = stats.bootstrap_rates(hits, group="locality", count="hits", size="n_tokens", seed=SEED)
plotting.save_table(rates, NOTEBOOK, "rate_term_by_locality")
rates.round(1)

# %%
fig = plot_words.plot_rate_intervals(rates, group="locality", title=f"{RATE_TERM}, 95% intervals")
plotting.save_figure(fig, NOTEBOOK, "rate_term_by_locality")
plt.show()

# %% [markdown]
# **What to notice:** the intervals are wide, and for localities with few long
# paragraphs (Yichang has four) they are very wide. One article per place is a
# comparison of *texts*, not of cities: the intervals describe how stable a text's
# rate is over its own paragraphs, not what a city's police say in general.
#
# ## 2 Distinctive terms: TF-IDF
# Frequent terms are frequent everywhere. TF-IDF (term frequency × inverse document
# frequency) weighs a term's frequency in one article by how few articles use it:
#
# * tf(t, d) = count(t, d) / |d| — relative frequency, so long and short articles compare;
# * idf(t) = ln((1 + N) / (1 + df(t))) — N = 11 articles, df = articles containing t;
#   smoothed as if one extra article contained every term. A term in every article
#   gets idf 0; a term in one article gets ln(12/2) ≈ 1.79;
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
#   协同 ("governance", "coordination") for the study essay; 学史 ("studying Party
#   history") and 二十大 (the 20th Party Congress) for Zhengdong.
# * Some distinctive terms are quirks of one text or of segmentation: in the Xinhua
#   feature 一张 ("a [photo]", from an anecdote about a family photo) and 一般 (left
#   over from 铁一般, "iron-like"). TF-IDF finds what is particular to a text,
#   including its quirks; read the KWIC lines (§4) before interpreting a term.
#
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
#   the pair is not chance; it grows with both strength and frequency.
#
# Pairs with a stopword are left out of the output (they still count in N):

# %%
colloc = collocations.collocations(clauses, min_count=MIN_BIGRAM, exclude=stop)
plotting.save_table(colloc, NOTEBOOK, "collocations")
colloc.head(20).round(2)

# %% [markdown]
# The same pairs ordered by PMI:

# %%
colloc.sort_values(["pmi", "bigram"], ascending=[False, True]).head(10).round(2)

# %% [markdown]
# **What to notice.**
# * By **G²** the top pairs are fixed names and formulas of Party prose: 习近平 总书记
#   ("General Secretary Xi Jinping"), 人民 群众 ("the popular masses"), 二十大 报告
#   ("report to the 20th Party Congress"), 民族 复兴 ("national rejuvenation"), and
#   情指行 一体化 ("integration" of intelligence, command and action) — a formulation
#   the lexicon could add as one term.
# * By **PMI** the top pairs are those seen exactly `MIN_BIGRAM` times whose words occur
#   nowhere else: 行稳 致远 ("steady progress, far-reaching"), 急难 愁 盼 ("urgent,
#   difficult, worrying, longed-for" — the people's concerns). PMI measures exclusivity,
#   G² evidence.
# * Pairs are only as good as segmentation: 急难愁盼 is one four-character phrase that
#   jieba split into three tokens.
#
# ## 4 Terms in context: KWIC and dispersion
# A count says how often, not how. A keyword-in-context (KWIC) concordance lists every
# occurrence with its neighbours; sorted by the right context, repeated phrases line up.
# Here 两队一室 ("two teams, one office"):

# %%
lines = count.kwic(paragraphs, KWIC_TERM, window=15, sort="right")
plotting.save_table(lines, NOTEBOOK, "kwic")
lines.drop(columns=["offset"])

# %% [markdown]
# The contexts attach the term to 派出所 (police stations) and to verbs of
# implementation — 推进 ("advance"), 深化 ("deepen"), 设立 and 设置 ("set up"), 做精做实
# ("refine and consolidate"): a central reform that each text reports carrying out,
# not a local invention.
#
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
# proportion to their length, near 1 = all in one small part of the corpus.

# %%
spread = count.dispersion(by_article, DISPERSION_TERMS)
plotting.save_table(spread, NOTEBOOK, "dispersion")
spread.round(3)

# %% [markdown]
# **What to notice:** 专业+机制+大数据 (the new policing model) appears once in each of
# seven articles — the most evenly spread of these terms, the mark of a central
# formulation every author repeats. 派出所 clusters in the Xinhua feature, which is
# about police stations; 枫桥经验 (*Fēngqiáo jīngyàn*, the "Fengqiao Experience" of
# settling disputes locally) appears in only four articles.
#
# ## 5 Zipf's law and word clouds
# In most texts a word's frequency is roughly proportional to 1 / rank^a with a near 1
# (Zipf's law): a straight line of slope −a on log–log axes. Here all running tokens
# count (stopwords included), since the law is about the whole text:

# %%
ranks = count.rank_frequency(count.count_terms(tokens.tokens))

# %%
fits = pd.DataFrame({m: count.zipf_fit(ranks, min_count=m) for m in (1, ZIPF_MIN_COUNT, 5)})
plotting.save_table(fits.T, NOTEBOOK, "zipf_fits", index=True)
fits.T.rename_axis("min_count").round(3)

# %%
fig = plot_words.plot_zipf(ranks, count.zipf_fit(ranks, min_count=ZIPF_MIN_COUNT))
plotting.save_figure(fig, NOTEBOOK, "zipf")
plt.show()

# %% [markdown]
# **What to notice:** the fitted slope is about −0.86 (types seen at least twice),
# flatter than Zipf's −1, and it depends on the choice of points: all types give −0.89,
# types seen five times or more −0.77. The many words seen once form flat steps at the
# bottom right; 11,700 tokens is a small sample for a power law.
#
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
#    by rate? Do the bootstrap intervals of the localities overlap?
# 2. Change `TFIDF_MIN_COUNT` to 1. Which new terms enter the top five, and would you
#    call them distinctive?
# 3. Run `collocations.collocations(clauses, min_count=MIN_BIGRAM,
#    exclude=segment.load_stopwords("general"))` — only function words excluded. Which
#    boilerplate formulas (e.g. 新 时代, "new era") come back?
# 4. Pass `tokens.tokens` (whole paragraphs) instead of `clauses` to
#    `collocations.collocations`. Find a pair that straddles a comma.
# 5. Add 群众 ("the masses") to `DISPERSION_TERMS`. Is it spread like a formulation or
#    like an everyday word?
#
# ## Limitations
# * **Texts, not cities.** One article per place (three for Changzhou): differences
#   between localities are differences between authors, genres and dates as much as
#   places.
# * **Everything depends on segmentation and the stopword lists** (notebook 01): a
#   formulation outside the lexicon is counted through its parts.
# * **Eleven documents** make idf coarse: df takes only eleven values, and a term can be
#   "distinctive" because one author likes a word.
# * **Collocations are adjacent pairs only**, within clauses; longer formulas and
#   discontinuous patterns (坚持…不动摇) are not captured.
# * **Bootstrap intervals** treat paragraphs as independent, which neighbouring
#   paragraphs of one text are not; with four paragraphs (Yichang) they are rough.
#
# ## Summary
# Counts must be turned into rates before texts of different lengths are compared, and
# a rate needs an interval before two texts are called different. TF-IDF surfaces the
# vocabulary particular to each article — often its own place names and subject —
# while association measures (G², PMI with a minimum count) find fixed phrases that raw
# pair counts bury under frequent words. KWIC lines and dispersion show how a term is
# used and where; the corpus follows a Zipf-like curve with slope about −0.86.
#
# ## What's next
# Later notebooks build on the same tokens: topic models for themes, and
# `04_cross_city_comparison` for keyness — log-likelihood with effect sizes — between
# localities.
#
# ## References
# * Manning, C. D., Raghavan, P. & Schütze, H. (2008). *Introduction to Information
#   Retrieval*, ch. 6 (tf-idf weighting). Cambridge University Press.
# * Church, K. W. & Hanks, P. (1990). Word association norms, mutual information, and
#   lexicography. *Computational Linguistics* 16(1), 22–29.
# * Dunning, T. (1993). Accurate methods for the statistics of surprise and
#   coincidence. *Computational Linguistics* 19(1), 61–74.
# * Evert, S. (2005). *The Statistics of Word Cooccurrences: Word Pairs and
#   Collocations*. PhD thesis, University of Stuttgart.
# * Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora.
#   *International Journal of Corpus Linguistics* 13(4), 403–437.
# * Zipf, G. K. (1949). *Human Behavior and the Principle of Least Effort*.
#   Addison-Wesley. Piantadosi, S. T. (2014). Zipf's word frequency law in natural
#   language: a critical review and future directions. *Psychonomic Bulletin & Review*
#   21(5), 1112–1130.
# * Mueller, A. *wordcloud* (version 1.9.6). https://github.com/amueller/word_cloud
