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
# # 04 · Comparing texts across places: reform themes, keywords and similarity
#
# **Overview.** Eleven texts on modernising public-security work (公安工作现代化 *gōng'ān
# gōngzuò xiàndàihuà*): nine written in or for a locality — five bureau chiefs' articles
# commissioned by one police journal, a district bureau's piece in a provincial Party
# daily, and three Changzhou pieces of three genres from one newspaper page — and two that
# speak for no locality: a Xinhua feature for Police Day and an unattributed study essay.
# Which reform themes does each text stress, which words set it apart, which texts resemble
# each other, and what explains the differences? By the end you will be able to:
#
# 1. measure how often each text invokes the lexicon's reform themes, with meeting and
#    agenda references set aside as time markers, and read the lines behind any number (§1);
# 2. find the words that distinguish one locality's text from the others, with a
#    significance measure corrected for the hundreds of terms tested per text (q-value)
#    and a conservative effect size (LRC) (§2);
# 3. compare whole articles by their vocabulary (cosine similarity, a dendrogram, a
#    correspondence-analysis map) and narrate only the structure that survives resampling (§3);
# 4. test non-local against local texts at the unit that varies, the article, with an
#    exact permutation test, and say how little two texts can show (§4);
# 5. trace one shared 2024 template through the journal articles and read it as what it is:
#    a common source within one commission, not diffusion between places (§5).
#
# **One article per city is a comparison of texts, not of cities.** Every "locality"
# difference below is a difference between texts, and genre, date and commission are the
# first explanations to try, before place.
#
# Every method's formula and intuition: the [methods glossary](../book/glossary.md).
#
# **Prerequisites**
#
# | Concept | Importance | Notes |
# |---|---|---|
# | `00_corpus_tour` | necessary | the corpus, the manifest (genre, date, outlet, level), paragraphs |
# | `01_segmentation` | necessary | tokens, the lexicon, stopword lists |
# | `02_word_frequencies` | necessary | rates per 10,000 characters, bootstrap intervals over paragraphs, TF-IDF, q-values |
# | Contingency tables, χ², permutation tests | helpful | for keyness, correspondence analysis and §4 |
# | numpy arrays, pandas `groupby`/`pivot_table` | helpful | the by-hand examples of §2 and §3 |
#
# *Time to learn: about 90 minutes (60 to read and run, 30 for the "Your turn" prompts).*

# %% [markdown]
# ## Imports and settings
# The next cell (tagged `parameters`) holds every knob: corpus folder, export name, the
# seeds and resample sizes, keyness thresholds, the vocabulary filter of the
# correspondence analysis, which heatmap cell to open as evidence (`None`: the highest),
# and the wordings of the 2024 framework traced in §5.

# %% tags=["parameters"]
CORPUS = None  # a folder with raw/, manifest.csv and excluded.csv; None = bundled corpus
NOTEBOOK = "04_cross_city_comparison"  # results/tables/<NOTEBOOK>/, results/figures/<NOTEBOOK>/
SEED = 20241109  # seed of every resampling (helpers.analysis.stats.DEFAULT_SEED)
N_BOOT = 2000  # §1: resamples, if the interval method is the percentile bootstrap
MIN_COUNT, Q_MAX = 3, 0.05  # keyness: test terms seen >= 3 times; pass: q_bh < Q_MAX, lrc > 0
N_TOP = 8  # distinctive terms per locality in the chart
CA_MIN_COUNT, CA_MIN_DOCS = 8, 2  # correspondence analysis: terms used >= 8 times, >= 2 articles
N_SUPPORT, MIN_SUPPORT = 200, 0.7  # §3: resamples; clades narrated if in >= 70% of them
EVIDENCE = None  # (locality, theme) heatmap cell to open; None = the highest rate
TEMPLATE = {  # §5: the 2024 framework (M: five modernisations, S: four functional systems)
    "M1 ideas": "思想观念现代化", "M2 organisation": "组织形态现代化|管理体制现代化",
    "M3 functions": "职能体系现代化", "M4 support": "支撑保障现代化",
    "M5 personnel": "队伍素质现代化|能力素质现代化", "S1 political security": "捍卫政治安全体系",
    "S2 social stability": "维护社会稳定体系", "S3 public safety": "公共安全治理体系",
    "S4 high-quality development": "服务高质量发展体系"}  # component -> wordings, "|" between

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import display
from scipy import stats

from helpers import check
from helpers.analysis import compare, count, dfm
from helpers.figures import plot_compare, plotting
from helpers.text import corpus, lexicon, segment

BUNDLED = check.is_bundled(CORPUS)  # claims about the bundled corpus are checked only on it
FACTS = check.bundled_facts("04_cross_city_comparison") if BUNDLED else {}  # ids and values
pd.set_option("display.max_colwidth", 60, "display.width", 200)
font = plotting.setup_fonts()

# %% [markdown]
# We work with the clean paragraphs, their tokens (both stopword lists removed: function
# words and political boilerplate such as 推进 *tuījìn* "advance"), and bilingual locality
# labels such as "常州 Changzhou". One order runs through every figure and table:
# `compare.locality_labels` puts the local texts in manifest order and the non-local ones
# last, and `plot_compare.article_order` sorts articles by it. Before any number, the
# texts themselves: who wrote what, where, when and for whom (from `corpus/manifest.csv`).

# %%
articles = corpus.load_articles(CORPUS)
paragraphs = corpus.load_paragraphs(CORPUS)
tokens = segment.tokenize_paragraphs(paragraphs)
labels = compare.locality_labels(articles)
order = list(labels)  # local texts in manifest order, then the non-local ones (admin_level)
ids = plot_compare.article_order(articles, order)  # articles in that order
columns = ["article_id", "locality", "level", "admin_level", "author_tier", "genre", "date",
           "n_paragraphs", "n_chars"]
texts = compare.add_level(articles).set_index("article_id").loc[ids].reset_index()
texts[[c for c in columns if c in texts]]

# %%
if BUNDLED:
    JOURNAL = set(FACTS["journal"])  # the commissioned five
    check.equal(int((texts.level == "local").sum()), 9, "nine local articles")
    check.equal(set(texts.article_id[texts.level == "non-local"]),
                set(FACTS["non_local_texts"]), "the two non-local texts")
    check.equal(set(articles.article_id[articles.raw_file == articles.raw_file.mode()[0]]),
                JOURNAL, "one raw file holds the five journal articles")
    dated = articles.set_index("article_id").date
    check.equal(dated[FACTS["feature"]], "2024-01-10", "the news feature: 10 January 2024")
    essay_text = "".join(paragraphs[paragraphs.article_id == FACTS["essay"]].text)
    check.claim("党" not in essay_text, "the essay never uses 党")

# %%
glosses = plotting.place_glosses(articles)  # this corpus's place names, for figure labels
if BUNDLED:  # words particular to the bundled texts: a pseudonym and fragments of its formulas
    glosses |= {"孙晓光": "a pseudonym", "以党": "fragment: 'take the Party's'",
                "办": "handle (fragment)", "N": "fragment: the N of '1+N'",
                "容缺办": "processing with items pending",
                "市县主战、派出所主防": "city/county bureaus fight, stations prevent"}

# %% [markdown]
# Nine local articles and two non-local texts. Three facts about this design come before
# any comparison of places:
#
# * **Commission.** The five bureau chiefs' articles (Qiqihar, Huangshan, Yichang,
#   Tianshui, Zhangqiu) were solicited by one journal for one occasion. The editor's note
#   says the journal "specially invited principal leaders of some city and county bureaus
#   to write signed articles" (本刊特约请部分市、县公安局主要负责同志撰写署名文章, raw file
#   001, line 5) on the Third Plenum of the 20th Central Committee (July 2024), and one
#   editor signs the compilation (line 122). What these five share may come from one
#   prompt and one editor.
# * **Time.** The journal articles were written after the National Public Security Work
#   Conference of May 2024 and the plenum of July 2024. The Xinhua feature (10 January
#   2024) predates both; the Zhengdong piece studies the 20th Party Congress report (late
#   2022 to 2023, inferred); the Changzhou page is probably from the first half of 2024;
#   the essay is undated. A term tied to the conference or the plenum cannot appear in
#   the earlier texts.
# * **Genre.** Signed articles by officials writing upwards, a newspaper theory-study
#   piece, a practitioner's essay, a first-person frontline account, a Police Day news
#   feature made of local showcases, and a study essay that looks like a commercial
#   template (it never uses 党 *dǎng*, "the Party"). Each genre has its own obligatory
#   vocabulary.
#
# The corpus has no central policy text (no Ministry of Public Security plan, no
# conference readout, no plenum decision), so nothing here measures "the centre".
#
# ## 1 Reform themes by locality
# The project lexicon (`helpers/data/lexicon.csv`) assigns each term to one theme. Themes
# whose `scored` value is false are **time markers**: meeting names and agenda slogans
# (二十大 *Èrshí Dà*, the 20th Party Congress; 二十届三中全会, the Third Plenum …). The
# journal articles were commissioned on the plenum, so naming it is obligatory and says
# nothing about a reform theme: these terms stay tokens, but theme scoring leaves them out.

# %%
themes = lexicon.themes().assign(example=lambda d: d.terms.str[0])
plotting.save_table(themes.drop(columns="terms"), NOTEBOOK, "themes")
themes[["theme", "theme_zh", "scored", "n_terms", "example"]]

# %% [markdown]
# A theme's count in a paragraph is the number of its terms found there, matched exactly
# as segmentation matches them (spaced and full-width variants normalised, the longest
# term wins, so 社区警务队 *shèqū jǐngwù duì*, "the station's community-policing team", is
# not also counted as 社区警务 "community policing"). The check: the number of hits, time
# markers included, equals the number of lexicon tokens; the last number is the time
# markers among them. (`compare.theme_hits(paragraphs, lexicon=my_lexicon)` matches the
# terms and variants of any lexicon you pass, with the same rules.)

# %%
hits = compare.theme_hits(paragraphs)
terms = set(compare.lexicon_table().term)
n_tokens = sum(token in terms for toks in tokens.tokens for token in toks)
len(hits), n_tokens, int((~hits.scored).sum())

# %% [markdown]
# The time markers deserve a look of their own: they date the texts and show the
# commission. Which meeting or agenda term does each article name, and how often?

# %%
markers = hits[~hits.scored].pivot_table(index="term", columns="article_id", values="offset",
                                         aggfunc="size", fill_value=0)
markers = markers.reindex(columns=[a for a in ids if a in markers.columns])
plotting.save_table(markers, NOTEBOOK, "time_markers", index=True)
markers if not markers.empty else print("no time-marker terms in this corpus")

# %% [markdown]
# **What to notice.** The Third Plenum (二十届三中全会) is named in each of the five
# journal articles and in no other text: that is the commission, not a local choice.
# 二十大 is most frequent in the Zhengdong piece, which studies the 20th Congress report
# paragraph by paragraph. 全国公安工作会议 (the National Public Security Work Conference)
# is one string for two meetings: Huangshan and Tianshui mean the conference of May 2024
# ("党中央时隔五年再次召开全国公安工作会议", file 001, line 35), while the Xinhua feature
# quotes Xi Jinping's speech at the 2019 one (file 003, line 9). None of these hits
# counts towards a theme below.
#
# > **Your turn.** Score the time markers as a theme of their own
# > (`compare.article_theme_counts(paragraphs, scored_only=False)`) and compute each
# > article's rate per 10,000 characters. Do the journal articles name meetings more
# > *often* than the other texts, or only *different* meetings? (Solution:
# > [Exercise 2](../solutions/04_cross_city_comparison_solutions.ipynb).)

# %%
if BUNDLED:
    named = {term: set(markers.columns[markers.loc[term] > 0]) for term in markers.index}
    check.equal(named["二十届三中全会"], JOURNAL, "the plenum: exactly the five journal pieces")
    check.equal(markers.loc["二十大"].idxmax(), FACTS["district_piece"], "二十大: the district piece")
    check.equal(named["全国公安工作会议"], set(FACTS["conference_texts"]), "the conference: 3 texts")

# %% [markdown]
# Texts differ in length, so we divide by length: hits per 10,000 characters (the rate
# unit of every theme table and axis in 04 and 05). The interval answers a narrow
# question only: *how much would this text's rate move if its paragraphs had been a
# different draw of the same kind?* (`stats.bootstrap_rates`; its default interval is
# built for few paragraphs and gives zero hits a non-zero upper bound: see notebook 02).
# It is not a test between texts; §4 is. Changzhou's column pools its three pieces.

# %%
rates = compare.theme_rates(paragraphs, n_boot=N_BOOT, seed=SEED)
plotting.save_table(rates, NOTEBOOK, "theme_rates")
rates.head(3)

# %%
fig = plot_compare.plot_theme_heatmap(rates, order=order, labels=labels)
plotting.save_figure(fig, NOTEBOOK, "theme_heatmap")
plt.show()

# %%
top = compare.top_themes(rates, n=3)
plotting.save_table(top, NOTEBOOK, "top_themes")
top.pivot(index="locality", columns="rank", values="theme").reindex(order)

# %% [markdown]
# **What to notice.** No theme leads everywhere, and each text's strongest theme is
# explained first by what kind of text it is:
#
# * Zhangqiu's is the 2024 modernisation framework (53 per 10,000 characters): its five
#   section headings are the "five modernisations" (§5).
# * The Xinhua feature's is grassroots and police-station reform (56): written for Police
#   Day, it strings together police-station showcases from several provinces.
# * The study essay's is law-based and standardised enforcement (48), carried by 法治
#   *fǎzhì* ("rule of law", 15 of its 18 hits): generic governance prose, not Party doctrine.
# * Zhengdong's is mass participation and mobilisation (36): 群防群治 *qúnfáng qúnzhì*
#   ("mass prevention and mass control") and red-armband patrols (红袖标 *hóng xiùbiāo*),
#   that is, mass-line mobilisation, one use quoted from the 20th Congress report.
# * Changzhou's is people-centred legitimation (24), most of it in the forensic
#   technician's essay (10 of 13 hits, 8 of them 人民至上 *rénmín zhìshàng*, "the people
#   first", the phrase in its title).
#
# Loyalty formulas proper (党的领导与政治忠诚: 两个确立, 对党忠诚, 坚决听党指挥 …, meeting
# names left out) range from 0 in both non-local texts to 50 in Tianshui. They mark
# signed articles by officials writing upwards, where the loyalty litany is obligatory.
# The intervals are wide: a journal article has 4–7 paragraphs, and many upper bounds
# are several times the rate, so the order of places within a theme is not firm.

# %%
if BUNDLED:
    best = top[top["rank"] == 1].set_index("locality").theme
    strongest = FACTS["strongest_theme"]  # five texts -> the theme they stress most
    five = list(strongest)
    check.equal(best[five].tolist(), list(strongest.values()), "the strongest theme of five")
    cell_rate = rates.set_index(["locality", "theme"]).rate
    check.equal([round(cell_rate[p, best[p]]) for p in five], [53, 56, 48, 36, 24], "rates")
    essay = hits[(hits.article_id == FACTS["essay"]) & (hits.theme == best[FACTS["essay_place"]])]
    check.equal([int((essay.term == "法治").sum()), len(essay)], [15, 18], "法治: 15 of 18")
    three = FACTS["three_text_place"]
    people = hits[(hits.locality == three) & (hits.theme == best[three])]
    forensic = people[people.article_id == FACTS["forensics_article"]]
    check.equal([len(forensic), len(people), int((forensic.term == "人民至上").sum())],
                [10, 13, 8], "10 of 13 hits, 8 of them 人民至上")

# %%
if BUNDLED:
    loyalty = cell_rate.xs("Party leadership and loyalty", level="theme")
    check.equal(loyalty[FACTS["non_local_places"]].tolist(), [0.0, 0.0], "no loyalty formula")
    check.equal([loyalty.idxmax(), round(loyalty.max())], [FACTS["most_loyal_place"], 50], "50")
    sizes = paragraphs.groupby("article_id").size()[sorted(JOURNAL)]
    check.equal([int(sizes.min()), int(sizes.max())], [4, 7], "4-7 paragraphs per article")

# %% [markdown]
# ### Evidence behind a number
# Any cell can be opened. `theme_evidence(paragraphs, locality, theme)` returns the
# keyword-in-context (KWIC) lines of the theme's terms in that locality, exactly the hits
# counted in the cell. We open the highest cell of the heatmap (or the one named by
# `EVIDENCE`).

# %%
cell = (rates[(rates.locality == EVIDENCE[0]) & (rates.theme == EVIDENCE[1])] if EVIDENCE
        else rates.sort_values(["rate", "hits"], ascending=False, kind="stable").head(1))
place, theme = cell.locality.iloc[0], cell.theme.iloc[0]
evidence = compare.theme_evidence(paragraphs, place, theme)
plotting.save_table(evidence, NOTEBOOK, "evidence")
display(cell[["locality", "theme", "hits", "n_chars", "rate", "low", "high", "n_rows"]])
(evidence[["article_id", "paragraph_no", "left", "keyword", "right"]] if not evidence.empty
 else print(f"no occurrences of the terms of {theme} in {place}"))

# %%
evidence.groupby("paragraph_no").keyword.agg(["size", " ".join]).rename(
    columns={"size": "hits", "join": "terms"})

# %% [markdown]
# **What to notice.** The highest cell is Qiqihar's political and regime security (66 per
# 10,000 characters), and 11 of its 12 hits sit in one paragraph: the section in which
# the bureau chief sets out the first three of the 2024 "functional systems" (要完善捍卫
# 政治安全体系 … 维护社会稳定体系 …, §5) and lists the components of political security
# (政权安全、制度安全、意识形态安全, the security of the regime, the system and ideology).
# One paragraph written to a template makes the cell; the interval, whose upper bound is
# several hundred, says the same.
#
# > **Your turn.** (1) Open the cell with the second-highest rate with
# > `compare.theme_evidence(paragraphs, locality, theme)`: which terms carry it, and in
# > how many paragraphs? (2) Bring your own dictionary: a DataFrame with columns `term`
# > and `theme` passed as `compare.theme_rates(paragraphs, lexicon=my)` (the package
# > lexicon is not touched). Try a "rule of law" theme of 法治, 依法 and 法律 (*fǎzhì*,
# > *yīfǎ*, *fǎlǜ*: rule of law, according to law, law) and compare the study essay with
# > the local texts. (Solutions:
# > [Exercises 1 and 3](../solutions/04_cross_city_comparison_solutions.ipynb).)
#
# ## 2 Keyness: what sets each text apart
# Raw frequencies reward the boilerplate every text shares. **Keyness** compares a term's
# frequency in a *target* (one locality's text) with a *reference* (all the other
# texts). For a term seen *a* times among *c* target tokens and *b* times among *d*
# reference tokens, the 2×2 table (this term / all other tokens × target / reference)
# gives the **log-likelihood** G² = 2 Σ O ln(O/E) over its four cells, as quanteda and
# scipy report it (Dunning 1993). G² says how surprising the counts are, not how large
# the difference is, so we add the **log-ratio** (Hardie 2014), log₂ of the ratio of the
# two relative frequencies (+1: twice as frequent in the target), and its **conservative**
# form `lrc`, the end of its 95% interval nearer zero: a term with `lrc > 0` is over-used
# even at the unfavourable end. About 500 terms are tested per locality, so each p-value
# becomes a Benjamini–Hochberg **q-value** (the expected share of false discoveries among
# the terms at least as extreme).
#
# **By hand first.** A toy term seen 10 times in a 1,000-token target and 20 times in a
# 10,000-token reference. The 2×2 table, its expected counts under independence, G² from
# the formula, and the same number from scipy's `power_divergence` (the call to use
# outside this project; `ddof=2` leaves the 1 degree of freedom of a 2×2 table):

# %%
a, b, c, d = 10, 20, 1_000, 10_000  # term in target, term in reference, target and reference sizes
observed = np.array([[a, b], [c - a, d - b]])  # rows: this term / other tokens
expected = observed.sum(axis=1, keepdims=True) * observed.sum(axis=0) / observed.sum()
g2_by_hand = 2 * (observed * np.log(observed / expected)).sum()
g2_scipy, p_scipy = stats.power_divergence(observed, expected, ddof=2, axis=None,
                                           lambda_="log-likelihood")
toy = compare.keyness({"term": a, "other": c - a}, {"term": b, "other": d - b}, min_count=1)
round(float(g2_by_hand), 2), round(float(g2_scipy), 2), float(toy.g2.iloc[0])

# %% [markdown]
# The three agree (the helper rounds to two decimals). `compare.keyness` adds what the
# formula leaves out: the p-value, the q-value over all tested terms, the log-ratio and
# its conservative bound:

# %%
toy.set_index("term").loc["term", ["g2", "p", "log_ratio", "lrc"]]

# %% [markdown]
# The log-ratio is log₂((10/1,000)/(20/10,000)) = log₂ 5 ≈ 2.32: five times as frequent
# in the target; the conservative bound says at least about twice (2^1.06) at the
# unfavourable end of its interval. `compare.keyness_by_group` runs `keyness` once per
# locality, each against all the other texts:

# %%
keyness = compare.keyness_by_group(tokens, min_count=MIN_COUNT)
key_table = keyness[["locality", "term", "target_count", "reference_count", "g2", "p", "q_bh",
                     "log_ratio", "lrc", "min_expected", "direction", "n_articles"]]
plotting.save_table(key_table, NOTEBOOK, "keyness")
key_table[key_table.direction == "+"].head(5)  # the first locality's most over-used terms

# %% [markdown]
# G² treats a text's tokens as independent draws, which the words of a text are not, so
# a q-value ranks terms by how surprising their counts are *in this text*; it does not
# show that the place differs. How many terms pass both filters (q < `Q_MAX` and
# `lrc` > 0) in each locality, out of how many tested:

# %%
passing = compare.top_keyness(keyness, n=10_000, min_target=MIN_COUNT, q_max=Q_MAX)
summary = keyness.groupby("locality").size().rename("tested").to_frame().assign(
    passing=passing.groupby("locality").size()).fillna(0).astype(int).reindex(order)
summary

# %% [markdown]
# The chart shows the `N_TOP` strongest candidates of each locality (over-used, seen at
# least `MIN_COUNT` times); terms that fail the q or LRC filter are drawn hollow and
# marked "n.s.".

# %%
distinctive = compare.top_keyness(keyness, n=N_TOP, min_target=MIN_COUNT, q_max=Q_MAX,
                                  only_passing=False)
plotting.save_table(distinctive, NOTEBOOK, "distinctive_terms")
fig = plot_compare.plot_keyness(distinctive, order=order, labels=labels, ncols=2,
                                glosses=glosses)
plotting.save_figure(fig, NOTEBOOK, "distinctive_terms")
plt.show()

# %%
(passing.groupby("locality").term.apply(lambda s: " ".join(s.head(N_TOP)))
 .reindex(order).fillna("—").to_frame("terms passing q and LRC"))

# %% [markdown]
# **What to notice.** Two of the five journal articles (Qiqihar, Zhangqiu) have no term
# that passes, and Yichang only its own name: written to one prompt, they share their
# vocabulary with the rest of the corpus. Elsewhere one of the two strongest keywords is
# the place's own name (常州, 黄山, 天水, 郑东), a sanity check and a reminder that keyness
# finds *any* difference. Beyond names, what passes describes genre and occasion rather
# than local policy:
#
# * Changzhou: the forensic essay (刑事技术 *xíngshì jìshù*, "forensic science", and
#   人民至上) and the volunteer story (星期九 *xīngqī jiǔ*, "Day Nine", the volunteer squad
#   for young offenders, and 孙晓光, a pseudonym the text marks 化名).
# * Zhengdong: 二十大 and 报告, a study of the 20th Congress report, and 群防群治.
# * Tianshui: 以党 is a segmentation artefact. The text's loyalty formula
#   以党的旗帜为旗帜、以党的方向为方向、以党的意志为意志 ("take the Party's banner, direction
#   and will as one's own") is cut as 以党 | 的 … three times. Keyness found loyalty
#   language that the lexicon does not list, and only because of a tokeniser error.
# * The Xinhua feature: 社区, 派出所, 社区民警 (community, police station, community
#   officer), the vocabulary of station showcases. The study essay: 治理 *zhìlǐ*
#   ("governance"), 协同 ("coordination"), 法治.
#
# **Tokenizer leftovers, kept and marked.** Besides 以党, two tokens in the chart are
# pieces, not words: Huangshan's 办 ("handle", which passes) is what jieba leaves of a
# list of service slogans (一窗办、延时办、容缺办 …), and Yichang's lone N (which does
# not pass) is the N of its numbered formulas (1+1+N, 1+4+N, 1+9+N). We do not filter
# them out of the table: a filter would hide what the tokenizer did. The fix belongs at
# the tokenizer, a user lexicon with those slogans and formulas (`lexicon=`, notebook 05,
# Exercise 6), and the chart labels them as fragments.
#
# > **Your turn.** Set `MIN_COUNT = 5` in the parameters cell and re-run §2. Which
# > localities keep a term that passes, and why do fewer terms get tested *and* fewer
# > pass? (Solution: [Exercise 5](../solutions/04_cross_city_comparison_solutions.ipynb).)

# %%
if BUNDLED:
    count_passing = summary.passing
    check.equal(count_passing[FACTS["no_keyword_places"]].tolist(), [0, 0], "no term passes")
    ((place, name),) = FACTS["only_its_name"].items()
    check.equal(passing[passing.locality == place].term.tolist(), [name], "only its name")
    first_two = passing.groupby("locality").term.apply(lambda s: list(s.head(2)))
    check.claim(all(name in first_two[place] for place, name in FACTS["own_place_names"].items()),
                "the place name is among the two strongest keywords")
    passed = {(r.locality, r.term) for r in passing.itertuples()}
    check.claim(all({(place, t) for t in terms} <= passed
                    for place, terms in FACTS["passing_terms"].items()),
                "the terms named above pass")

# %%
if BUNDLED:
    party, ban, formulas = (FACTS[k] for k in ("party_phrase_place", "ban_place", "n_place"))
    cut = count.kwic(paragraphs[paragraphs.locality == party], "以党的", window=6)
    check.equal([len(cut), int(passing.set_index(["locality", "term"]).target_count[
        party, "以党"])], [3, 3], "以党的 three times, all of that text's 以党 tokens")
    check.claim((ban, "办") in passed, "办 passes for one text")
    n_row = distinctive[(distinctive.locality == formulas) & (distinctive.term == "N")]
    check.equal(n_row.passes.tolist(), [False], "N is charted and does not pass")
    check.claim(len(count.kwic(paragraphs[paragraphs.locality == ban], "容缺办",
                               window=4)) > 0, "容缺办 in that text's slogan list")
    n_text = "".join(paragraphs[paragraphs.locality == formulas].text)
    check.claim(all(f in n_text for f in ["1+1+N", "1+4+N", "1+9+N"]), "1+…+N formulas")
    check.between(summary.tested.min(), 450, 600, "about 500 tested per locality")
    check.between(summary.tested.max(), 450, 600, "about 500 tested per locality")

# %% [markdown]
# ## 3 How similar are the articles?
# We now compare whole **articles** (eleven, Changzhou's three kept apart). Each becomes a
# TF-IDF vector: a term's count, weighted up when few articles use it (idf =
# ln((1+n)/(1+df)) + 1), the vector scaled to length 1. The cosine of two vectors is their
# similarity (1 = same word proportions, 0 = no shared terms).
#
# **By hand first**, on two toy count vectors over three terms: the dot product divided
# by the two lengths, then the helper, which does the same for every pair of rows.

# %%
u, v = np.array([2.0, 1.0, 0.0]), np.array([1.0, 1.0, 1.0])
by_hand = u @ v / (np.linalg.norm(u) * np.linalg.norm(v))
float(round(by_hand, 3)), float(compare.cosine_similarity(pd.DataFrame([u, v])).at[0, 1])

# %% [markdown]
# The TF-IDF weights come from the one document-feature matrix of the series (`dfm`,
# notebook 02): `dfm.tfidf(d, scheme="similarity")` is the weighting above, with the
# rows scaled to length 1. (Notebook 02's `"rank"` scheme, which drops the +1 so that a
# term in every document scores 0, ranks terms *within* a text; for similarity the shared
# vocabulary must still count.) scikit-learn's `TfidfVectorizer(smooth_idf=True)` uses the
# same formula. The heatmap leaves out the diagonal (each text with itself), spreads its
# colours over the range of the pairs, and lists the articles in the one order.

# %%
d_articles = dfm.build(tokens, by="article_id")  # articles × terms counts
similarity = compare.cosine_similarity(dfm.tfidf(d_articles, scheme="similarity"))
similarity = similarity.loc[ids, ids]
plotting.save_table(similarity, NOTEBOOK, "cosine_similarity", index=True)
d_articles.shape

# %%
fig = plot_compare.plot_similarity(similarity, title="Cosine similarity of TF-IDF vectors "
                                   "文章相似度", label="cosine similarity",
                                   names=plotting.article_labels(articles))
plotting.save_figure(fig, NOTEBOOK, "cosine_similarity")
plt.show()

# %%
upper = [(a, b) for i, a in enumerate(similarity.index) for b in similarity.index[i + 1:]]
pairs = pd.DataFrame([(a, b, similarity.at[a, b]) for a, b in upper],
                     columns=["article", "other", "cosine"]).sort_values(
    "cosine", ascending=False, kind="stable").reset_index(drop=True)
pairs.head(5)

# %% [markdown]
# **What to notice.** The three most similar pairs are all journal articles (Qiqihar,
# Tianshui, Zhangqiu), and even they reach only about 0.3: the texts share a genre and a
# prompt more than a wording. The first-person account of Changzhou's volunteer squad
# (`changzhou_community`) resembles nothing (at most 0.06).

# %%
if BUNDLED:
    check.equal(set(pairs.article[:3]) | set(pairs.other[:3]), set(FACTS["most_similar_three"]),
                "the three most similar pairs: among three journal texts")
    check.close(pairs.cosine.max(), 0.3, decimals=1, message="at most about 0.3")
    story = FACTS["volunteer_story"]
    check.at_most(similarity.loc[story].drop(story).max(),
                  0.06, "the volunteer story resembles nothing")

# %% [markdown]
# **Hierarchical clustering** joins the two closest articles, then the closest groups,
# with the distance between groups the *average* of their members' cosine distances
# (1 − similarity). A dendrogram draws a tree whether or not the data support one, so
# each clade gets a **support** value: each article's paragraphs are resampled with
# replacement (`N_SUPPORT` times), TF-IDF, cosine and clustering are redone, and the
# support is the share of resamples in which the clade appears (`compare.clade_support`).
# Clades below `MIN_SUPPORT` are greyed out.

# %%
merges = compare.average_linkage(similarity)
plotting.save_table(merges, NOTEBOOK, "linkage")
support = compare.clade_support(tokens, n_resamples=N_SUPPORT, seed=SEED)
plotting.save_table(support, NOTEBOOK, "clade_support")
by_clade = {frozenset(m.split(" + ")): s for m, s in zip(support.members, support.support,
                                                          strict=True)}
fig = plot_compare.plot_dendrogram(merges, labels=list(similarity.index), support=by_clade,
                                   min_support=MIN_SUPPORT,
                                   names=plotting.article_labels(articles))
plotting.save_figure(fig, NOTEBOOK, "dendrogram")
plt.show()

# %%
clades = support[support["size"] < len(similarity)].assign(  # the root always has support 1
    outside=lambda d: [" + ".join(sorted(set(similarity.index) - set(m.split(" + "))))
                       for m in d.members])
supported = clades[clades.support >= MIN_SUPPORT]
display(clades.sort_values("support", ascending=False, kind="stable").head(5)[
    ["size", "support", "members", "outside"]])
supported if not supported.empty else print(f"no clade reaches {MIN_SUPPORT:.0%} support")

# %% [markdown]
# **What to notice.** One split is supported: the volunteer story against the ten other
# texts (in every resample). No other clade reaches 70%. The five journal articles form a
# clade in only about one resample in six, the closest pair, Qiqihar–Tianshui, in two of
# five: the
# order in which the tree joins the journal articles, and where it places the essay, the
# Xinhua feature and the Zhengdong piece, is not a finding. The texts written to one
# commission are closer to each other than to the rest (the table above), but the tree
# cannot resolve them further.
#
# > **Your turn.** Compute the cosine similarity of the articles from raw counts
# > (`dfm.to_frame(d_articles)` into `compare.cosine_similarity`) instead of TF-IDF. Do
# > the same three pairs come first, and why do all similarities rise? (Solution:
# > [Exercise 6](../solutions/04_cross_city_comparison_solutions.ipynb).)

# %%
if BUNDLED:
    check.equal(supported.outside.tolist(), [FACTS["volunteer_story"]], "one supported split")
    by_set = {frozenset(m.split(" + ")): v for m, v in zip(clades.members, clades.support,
                                                            strict=True)}
    check.between(by_set[frozenset(JOURNAL)], 0.14, 0.19, "the journal clade: one in six")
    check.between(by_set[frozenset(FACTS["clade_pair"])], 0.37, 0.43, "the pair: two in five")

# %% [markdown]
#
# ### A map: correspondence analysis
# **Correspondence analysis** (CA) places rows and columns of a count table in the same
# low-dimensional space. With P the article × term table divided by its total, row
# masses r and column masses c, it takes the singular value decomposition of the
# standardised residuals S = D_r^-½ (P − r cᵀ) D_c^-½, the cells of a χ² test. Articles
# close together use terms in similar *proportions*; a term lies towards the articles
# that over-use it. We keep terms used at least `CA_MIN_COUNT` times in at least
# `CA_MIN_DOCS` articles, so that single-article rarities do not define the map.

# %%
ca_table = dfm.trim(d_articles, min_count=CA_MIN_COUNT, min_docs=CA_MIN_DOCS)
ca = compare.correspondence_analysis(ca_table)
plotting.save_table(ca.rows, NOTEBOOK, "ca_articles", index=True)
plotting.save_table(ca.columns, NOTEBOOK, "ca_terms", index=True)
plotting.save_table(ca.inertia, NOTEBOOK, "ca_inertia")
ca.inertia

# %%
fig = plot_compare.plot_ca_map(ca, n_terms=20, row_labels=plotting.article_labels(articles),
                               glosses=glosses)
plotting.save_figure(fig, NOTEBOOK, "ca_map")
plt.show()

# %% [markdown]
# Two dimensions with nearly equal inertia may swap places, or rotate into each other,
# from one resample to the next. `compare.ca_axis_stability` resamples paragraphs within
# articles, redoes the CA, aligns each map to the original by a Procrustes rotation, and
# reports how often the two axes swap and how well each axis is recovered.

# %%
stability = compare.ca_axis_stability(tokens, min_count=CA_MIN_COUNT, min_docs=CA_MIN_DOCS,
                                      n_resamples=N_SUPPORT, seed=SEED)
plotting.save_table(stability, NOTEBOOK, "ca_axis_stability")
stability

# %% [markdown]
# **What to notice.** The two dimensions show 39% of the inertia, and their inertias are
# nearly equal. In the resamples the axes swap in about a third (dimension 1) and two
# fifths (dimension 2) of the cases, so neither can be named on its own ("dimension 1
# means X" would not survive). Rotated back onto the original map by Procrustes, the
# plane is recovered on average (congruence about 0.84) but poorly in the worst 5% of
# resamples. Read the plane, and only its coarse shape: three texts define it. The Xinhua
# feature and the study essay lie at opposite ends (together about 90% of the first
# dimension's inertia: station reportage against generic governance prose), and the
# forensic essay stands alone (61% of the second). The journal articles sit together
# away from all three, which the similarity table already showed. The map adds no
# finding beyond "these three texts are unlike the rest".

# %%
if BUNDLED:
    check.close(ca.inertia.share.sum(), 0.39, message="39% of the inertia")
    swaps = stability.set_index("dimension").share_swapped
    check.between(swaps["dim1"], 0.25, 0.4, "dim 1 swaps in about a third")
    check.between(swaps["dim2"], 0.35, 0.45, "dim 2 swaps in about two fifths")
    check.close(stability.congruence_procrustes.mean(), 0.84, decimals=2, message="0.84")
    check.at_most(stability.congruence_procrustes_q05.min(), 0.65, "poor in the worst 5%")
    ctr = ca.rows
    ends = [FACTS["feature"], FACTS["essay"]]
    check.close(ctr.loc[ends, "ctr_dim1"].sum(), 0.9, decimals=1, message="about 90% of dim 1")
    check.claim(ctr.loc[ends[0], "dim1"] * ctr.loc[ends[1], "dim1"] < 0, "opposite ends")
    check.equal([ctr.ctr_dim2.idxmax(), round(ctr.ctr_dim2.max(), 2)],
                [FACTS["forensics_article"], 0.61], "the forensic essay: 61% of dim 2")

# %% [markdown]
#
# ## 4 Non-local and local texts
# The manifest's `admin_level` marks two texts as speaking for no locality (`national`
# and `unspecified`): the Xinhua Police Day feature and the study essay. Neither is a
# central policy text, so the comparison is *non-local vs local*, not centre vs
# localities. Do the two stress different themes from the nine local articles?
#
# Only the **articles** vary between the two groups, so the test relabels articles.
# Under the null hypothesis that the label does not matter, every choice of 2 of the 11
# articles as "non-local" is equally likely; the p-value is the share of those choices
# whose difference in pooled rates is at least as large (in absolute value) as the
# observed one (`stats.permutation_rate_test`, exact: all labellings are enumerated).
# (The statistic is a difference of pooled rates, so a by-hand version is a loop over
# `itertools.combinations(range(11), 2)`; the helper does that loop and the
# Benjamini–Hochberg correction over themes.)
# Treating paragraphs as independent, as an interval over paragraphs would, is
# pseudo-replication: it counts one long text as dozens of observations.

# %%
contrast = compare.level_contrast(paragraphs, articles, seed=SEED)
units = compare.add_level(compare.article_theme_counts(paragraphs), articles)  # the tested units
plotting.save_table(contrast, NOTEBOOK, "nonlocal_vs_local")
contrast[["theme", "nonlocal_rate", "local_rate", "difference", "p_permutation", "q_bh",
          "nonlocal_with_hits", "local_with_hits"]].round({"p_permutation": 3, "q_bh": 3})

# %%
design = contrast[["n_nonlocal", "n_local", "n_labellings", "min_p", "exact"]].drop_duplicates()
design.round({"min_p": 3})

# %% [markdown]
# **Read this first.** With 2 non-local articles out of 11 there are only C(11, 2) = 55
# labellings, so the smallest p-value this design can produce is 1/55 ≈ 0.018, and only
# if the two non-local texts are the two most extreme of all eleven. The test has little
# power: a p-value above 0.05 here is weak evidence of *no* difference, and a p-value
# below it would need the two texts to stand apart from all nine others.
#
# **What to notice.** No theme differs at the 5% level. The smallest p-value is for loyalty
# formulas (党的领导与政治忠诚): none in either non-local text, against 24 per 10,000
# characters pooled over the local ones, p = 0.09 (q = 0.54 after correcting for the
# themes tested). Seven of the nine local articles use such formulas; the two that do
# not are Changzhou's forensic essay and volunteer story, a technician's and a station
# officer's accounts, not leaders' statements. The largest difference the other way,
# grassroots and police-station reform (29 vs 8), is one text: 21 of the 22 non-local
# hits are in the Xinhua feature.
#
# What the two groups differ in besides "level": genre (a news feature and a probable
# template essay against signed articles, a theory-study piece and practitioners'
# accounts), time (the Xinhua feature predates the May 2024 conference and the July 2024
# plenum; the essay is undated) and authorship. The absence of loyalty formulas from the
# non-local pair is what genre predicts: a signed article by an official is a
# position-taking statement written upwards, in which the loyalty litany is obligatory;
# reportage and a probable template essay carry no such obligation. It does not show
# that "the centre" stresses loyalty less.
#
# > **Your turn.** Redo §4 with the Xinhua feature alone as non-local
# > (`compare.level_contrast(paragraphs, articles, nonlocal_levels=("national",))`). How
# > many labellings are there now, and what is the smallest attainable p? (Solution:
# > [Exercise 4](../solutions/04_cross_city_comparison_solutions.ipynb).)

# %%
if BUNDLED:
    check.equal(int(design.n_labellings.iloc[0]), 55, "55 labellings")
    check.close(design.min_p.iloc[0], 0.018, decimals=3, message="min p 1/55")
    check.claim((contrast.p_permutation >= 0.05).all(), "no theme at the 5% level")
    lowest = contrast.sort_values("p_permutation", kind="stable").iloc[0]
    check.equal(lowest.theme, "Party leadership and loyalty", "the smallest p: loyalty")
    check.equal([lowest.nonlocal_rate, round(lowest.local_rate), round(lowest.p_permutation, 2),
                 round(lowest.q_bh, 2)], [0.0, 24, 0.09, 0.54], "0 vs 24, p 0.09, q 0.54")
    check.equal(int(lowest.local_with_hits), 7, "seven of nine local articles")

# %%
if BUNDLED:
    loyal = units[(units.theme == lowest.theme) & (units.level == "local") & (units.hits == 0)]
    check.equal(set(loyal.article_id), {FACTS["forensics_article"], FACTS["volunteer_story"]},
                "the two")
    grass = contrast.set_index("theme").loc[contrast.set_index("theme").difference.idxmax()]
    check.equal(grass.name, "Grassroots and police-station reform", "largest the other way")
    check.equal([round(grass.nonlocal_rate), round(grass.local_rate), int(grass.nonlocal_hits)],
                [29, 8, 22], "29 vs 8, 22 hits")
    feature = units[(units.article_id == FACTS["feature"]) & (units.theme == grass.name)]
    check.equal(int(feature.hits.iloc[0]), 21, "21 of them in the news feature")

# %% [markdown]
# Each article's own rate, and the two pooled rates the test compares: with two dots on
# one side, a single text can make or unmake a "difference".

# %%
fig = plot_compare.plot_level_contrast(units, contrast)
plotting.save_figure(fig, NOTEBOOK, "nonlocal_vs_local")
plt.show()

# %% [markdown]
# ## 5 A worked example: one 2024 template in the journal articles
# The 2024 framework of public-security modernisation has two lists that appear in some
# journal articles as their organising structure: the **five modernisations** (思想观念,
# 组织形态, 职能体系, 支撑保障 and 队伍素质现代化: of ideas, organisation, functions, support
# and personnel) and the **four functional systems** (捍卫政治安全, 维护社会稳定, 公共安全治理
# and 服务高质量发展体系: defending political security, maintaining social stability,
# governing public safety, serving high-quality development). Which texts use which
# wording (`TEMPLATE` in the parameters cell)?

# %%
template = compare.phrase_counts(paragraphs, {k: v.split("|") for k, v in TEMPLATE.items()})
plotting.save_table(template, NOTEBOOK, "template_2024")
users = [a for a in ids if a in set(template.article_id)]
(template.pivot_table(index=["component", "wording"], columns="article_id", values="count",
                      fill_value=0, sort=False).reindex(columns=users).astype(int)
 if not template.empty else print("no wording of TEMPLATE occurs in this corpus"))

# %%
used = template.groupby("article_id").component.nunique().rename("components used")
texts.set_index("article_id")[["locality", "genre", "date"]].join(used).fillna(
    {"components used": 0}).astype({"components used": int})

# %% [markdown]
# **What to notice.** Three texts use the framework, all three from the commissioned
# journal compilation, and no other text uses any part of it:
#
# * Zhangqiu is built on it: its five section headings are the five modernisations, and
#   its third section names all four functional systems ("以健全四大职能体系为牵引").
# * Huangshan lists the five modernisations in one closing sentence, with two wordings of
#   its own (管理体制 for 组织形态, 能力素质 for 队伍素质).
# * Qiqihar sets out the first three functional systems, word for word, as the tasks of
#   its first section.
#
# Yichang and Tianshui, from the same compilation, use neither list; the Xinhua feature
# of January 2024 and the earlier Zhengdong and Changzhou pieces do not either. What this
# supports is a **shared source**: three authors writing to one commission in the summer
# of 2024 draw on one framework, which none of them attributes and which the corpus
# cannot date. It explains part of why the journal articles resemble each other (§3) and
# why Qiqihar's top cell is political security (§1). It is not evidence that Zhangqiu
# learned from Huangshan, nor that the framework spread from place to place: a cross-
# section shows what is shared, not who took it from whom.

# %%
if BUNDLED:
    check.equal(set(users), set(FACTS["template_components"]), "three users")
    check.claim(set(users) <= JOURNAL, "all from the journal")
    check.equal(used.to_dict(), FACTS["template_components"], "components")
    heads = paragraphs[(paragraphs.article_id == FACTS["five_headings_article"])].text
    check.equal(sum(any(heads.str.match(rf"^[一二三四五]、聚焦{w}")) for w in [
        "思想观念现代化", "组织形态现代化", "职能体系现代化", "支撑保障现代化", "队伍素质现代化"]),
        5, "five section headings")

# %% [markdown]
# ## Exercises
# The "Your turn" prompts sit in the sections where their method is taught (§1: three,
# §2, §3 and §4: one each). Worked, executed solutions:
# [`solutions/04_cross_city_comparison_solutions`](../solutions/04_cross_city_comparison_solutions.ipynb)
# (Exercises 1–6: 1, 2 and 3 in §1, 5 in §2, 6 in §3, 4 in §4).
#
# ## Limitations
# * **Design** (see the overview): Changzhou's three texts of three genres are pooled in
#   §1–2, every other place has one text, and the intervals of §1 describe one text's
#   paragraphs, nothing beyond it.
# * **No central text, no provincial tier.** "Non-local" is two texts, a news feature and
#   an undated essay; with 2 of 11 articles an exact test cannot give p below 0.018 and
#   has little power. Genre, date and author are confounded with level and cannot be
#   separated with eleven texts.
# * **Commission and time.** The five journal articles share one prompt, one editor and
#   one occasion (the Third Plenum); the texts span late 2022 to 2024 (partly inferred).
#   Similarity among the journal articles is partly editorial, and no ordering in time
#   between places can be read off a cross-section.
# * **Authors' rank.** Three of the journal authors are vice-mayors, one a deputy district
#   head, one a member of his city's Party standing committee. Rank may shape how much
#   political language an article carries; with five authors it cannot be tested.
# * **The lexicon decides what a theme is.** Its terms were chosen by reading these
#   texts; a theme with few terms gets low rates everywhere; which themes count as time
#   markers is a judgement (the §1 "Your turn" on time markers shows what it changes).
# * **Keyness** treats a text's tokens as independent; the texts are short (270 to 1,052
#   tokens per article after stopword removal), so few terms pass q < 0.05 and LRC > 0,
#   and segmentation errors (以党) become keywords too.
# * **Similarity, clustering and CA** depend on the stopword lists and the vocabulary
#   filter; the CA map shows well under half of the inertia.

# %%
if BUNDLED:
    per_article = tokens.groupby("article_id").n_tokens.sum()
    check.equal([int(per_article.min()), int(per_article.max())], [270, 1052], "token range")
    roles = articles[articles.article_id.isin(JOURNAL)].author_role_en
    check.equal([int(roles.str.startswith("vice-mayor").sum()),
                 int(roles.str.startswith("deputy district head").sum()),
                 int(roles.str.contains("Standing Committee", case=False).sum())], [3, 1, 1],
                "three vice-mayors, a deputy district head, a standing-committee member")
    check.at_most(ca.inertia.share.sum(), 0.5, "CA: under half of the inertia")
    check.between(ca.inertia.share.sum(), 0.35, 0.45, "well under half")

# %% [markdown]
# ## Summary
# * Theme profiles differ text by text, and the first explanations are genre, occasion
#   and template: a framework-built article leads on the 2024 framework, a Police Day
#   feature on police stations, a governance essay on the rule of law, a Congress-report
#   study on mass mobilisation. Loyalty formulas appear in the officials' signed articles
#   and not in the news feature or the essay.
# * The commission is visible in the data: the Third Plenum is named in exactly the five
#   journal articles, their pairs are the most similar in the corpus, and three of them
#   share the 2024 framework of five modernisations and four functional systems — a
#   common source, not diffusion between places.
# * Non-local vs local, tested over articles: no theme differs at the 5% level (smallest
#   p = 0.09 for loyalty formulas; the smallest attainable is 0.018). Two texts cannot
#   carry a comparison of levels.
# * Keyness with q-values and a conservative effect size finds place names, the
#   vocabulary of genres and one segmentation artefact; two journal articles have no
#   distinctive term at all.
#
# ## What's next
# `05_formulations.ipynb`: which official formulations (提法 *tífǎ*) the texts share, with
# each formulation's origin coded by hand (national, provincial, municipal, generic), and
# the two wordings of the justice formula as a worked example.
#
# ## References
# * Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate: a practical
#   and powerful approach to multiple testing. *Journal of the Royal Statistical Society B*
#   57(1), 289–300.
# * Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
#   *Computational Linguistics* 19(1), 61–74.
# * Efron, B. & Tibshirani, R. (1993). *An Introduction to the Bootstrap*. Chapman & Hall.
# * Felsenstein, J. (1985). Confidence limits on phylogenies: an approach using the
#   bootstrap. *Evolution* 39(4), 783–791.
# * Good, P. (2005). *Permutation, Parametric and Bootstrap Tests of Hypotheses*, 3rd ed.
#   Springer.
# * Greenacre, M. (2017). *Correspondence Analysis in Practice*, 3rd ed. Chapman & Hall/CRC.
# * Hardie, A. (2014). Log Ratio — an informal introduction. ESRC Centre for Corpus
#   Approaches to Social Science (CASS), Lancaster University.
# * Salton, G. & Buckley, C. (1988). Term-weighting approaches in automatic text retrieval.
#   *Information Processing & Management* 24(5), 513–523.
