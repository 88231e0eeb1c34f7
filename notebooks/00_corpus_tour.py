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
# # 00 · A tour of the corpus
#
# **Overview.** This notebook introduces the texts every later notebook analyses: eleven
# Chinese articles on reforming and modernising public-security work (公安改革
# *gōng'ān gǎigé*, "public-security reform"; 公安工作现代化 *gōng'ān gōngzuò
# xiàndàihuà*, "modernisation of public-security work"). By the end you will be able to:
#
# 1. say what the corpus contains and where each text comes from (§1);
# 2. read the **manifest**, the curated table that turns raw files into articles (§2);
# 3. check that every line of the raw files is accounted for — nothing is dropped silently (§3);
# 4. compare article and paragraph lengths across localities, and say why raw counts mislead (§4);
# 5. explain what the cleaning rules do, from two before/after examples (§5).
#
# Every method's formula and intuition: the [methods glossary](../book/glossary.md).
#
# **Prerequisites**
#
# | Concept | Importance | Notes |
# |---|---|---|
# | pandas DataFrames | necessary | selecting rows and columns, `groupby` |
# | Reading Chinese | helpful | every Chinese term is glossed in English |
# | Chinese political vocabulary | helpful | see `corpus/README.md` and the lexicon `helpers/data/lexicon.csv` |
#
# *Time to learn: about 35 minutes (25 to read and run, 10 for the "Your turn" prompts).*

# %% [markdown]
# ## Imports and settings
# The only knobs of this notebook are in the next cell (tagged `parameters`): the
# corpus folder (`None` = the bundled corpus, or the `POLICING_CORPUS_DIR` environment
# variable) and the name under which tables and figures are exported to `results/`.

# %% tags=["parameters"]
CORPUS = None  # a folder with raw/, manifest.csv and excluded.csv; None = bundled corpus
NOTEBOOK = "00_corpus_tour"  # results/tables/<NOTEBOOK>/, results/figures/<NOTEBOOK>/

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from helpers import check, paths
from helpers.figures import plotting
from helpers.text import clean, corpus

BUNDLED = check.is_bundled(CORPUS)  # claims about the bundled texts are checked only then
FACTS = check.bundled_facts("00_corpus_tour") if BUNDLED else {}  # their ids and values
pd.set_option("display.max_colwidth", 40)
font = plotting.setup_fonts()
font.name

# %% [markdown]
# `setup_fonts()` registered **Noto Sans CJK SC**, a font shipped by the `mplfonts`
# package that our requirements install, so the Chinese labels below render on any
# machine without a system CJK font.
#
# ## 1 What is in the corpus
# Five raw files hold eleven articles. They are political communication written between
# late 2022 and autumn 2024 for a police journal and for newspapers: bureau chiefs
# (three of them also vice-mayors) and a Party theory-study group (理论学习中心组 *lǐlùn
# xuéxí zhōngxīnzǔ*) restating central policy and showcasing local practice; a feature
# by Xinhua (新华社, the state news agency) for Police Day; and an anonymous web essay,
# very likely a commercial template (范文 *fànwén*, "model essay") sold by a document
# site.
#
# **Plain pandas first.** The corpus is a folder: raw text files and a `manifest.csv`
# with one row per article. Any CSV reader opens the manifest, and a `groupby` counts
# the articles per locality, with no helper at all:

# %%
manifest_file = paths.corpus_dir(CORPUS) / "manifest.csv"
plain = pd.read_csv(manifest_file, dtype=str) if manifest_file.is_file() else None
(plain.groupby("locality").size().rename("articles").to_frame()
 if plain is not None and "locality" in plain else print("this corpus has no manifest"))

# %% [markdown]
# `corpus.load_articles` reads the same file and does what the plain read does not: it
# checks every raw file against its sha256 checksum, cuts each article out of its raw
# file at the markers of §2, cleans it (§5), fills optional columns with defaults, and
# adds the text and its lengths. The same count from its table:

# %%
articles = corpus.load_articles(CORPUS)
articles.filter(items=["article_id", "locality", "locality_zh", "admin_level", "author_tier",
                       "genre", "n_chars"])  # the columns this corpus has

# %%
if plain is not None and "locality" in plain:
    check.claim(articles.groupby("locality").size().equals(plain.groupby("locality").size()),
                "the plain count and the helper's agree")
articles.groupby("locality").size().rename("articles").to_frame()

# %% [markdown]
# Localities are prefecture-level cities (常州 Changzhou, 齐齐哈尔 Qiqihar, 黄山
# Huangshan, 宜昌 Yichang, 天水 Tianshui) and districts (章丘 Zhangqiu in Jinan, 郑东
# Zhengdong New District in Zhengzhou). Two texts speak for no locality: the Xinhua
# feature (`admin_level` national) and the essay (unspecified). We call them
# **non-local texts**, never "central" ones: the corpus holds no Party or ministry
# document, the Xinhua piece is reportage and the essay is anonymous. `author_tier` says
# where in the police hierarchy a text is written from.
#
# **What to notice:** one locality has three texts, from three tiers and of three
# genres; every other place has one. **One article per city is a comparison of texts,
# not of cities**: any "difference between cities" later is first a difference between
# texts, authors, genres and dates.
#
# *How the claims are checked.* A cell like the next one holds the sentences above to
# the data: under `if BUNDLED:` it asserts them with `check`, and fails the notebook when
# one stops being true. The article ids and place names such a claim is about come from
# `FACTS` (the notebook's entry of `corpus/bundled_facts.json`, read by
# `check.bundled_facts`), never typed into the code, so the code runs unchanged on any
# corpus.

# %%
per_place = articles.groupby("locality").size()
if BUNDLED:
    check.equal(sorted(per_place.unique().tolist()), [1, 3], "one locality has three texts")
    three = articles[articles.locality == per_place.idxmax()]
    check.equal(three.author_tier.nunique(), 3, "three tiers")
    check.equal(three.genre.nunique(), 3, "three genres")
    check.equal(set(articles.loc[articles.locality.isin(FACTS["non_local_places"]),
                                 "admin_level"]), {"national", "unspecified"}, "non-local")

# %% [markdown]
# ## 2 The manifest
# `corpus/manifest.csv` has one row per article. Besides metadata it holds three
# *markers* that locate the article in its raw file — `span_start`, `body_start`,
# `span_end` — and the file's sha256 checksum. All are checked on every load.

# %%
manifest = corpus.load_manifest(CORPUS)
manifest[["article_id", "raw_file", "span_start", "body_start", "span_end"]]

# %% [markdown]
# > **Your turn.** Copy `corpus/` to a scratch folder, change one character of a raw
# > file, and call `corpus.load_articles(that_folder)`. Read the error: what does it
# > ask you to do, and why is a checksum the right test? (Solution:
# > [Exercise 3](../solutions/00_corpus_tour_solutions.ipynb).)

# %% [markdown]
# Dates are as precise as the texts allow: a year, a day, or a range `start/end` of
# months. Only the Xinhua feature prints a day and month; the others are inferred from
# events they mention, and `date_basis` says from what (`corpus/README.md` has the
# reasoning):

# %%
with pd.option_context("display.max_colwidth", 400):
    display(articles[["article_id", "date", "date_basis"]])

# %% [markdown]
# Read the dates before reading any comparison. The five journal pieces were written in
# the same few months of 2024, on a prompt the journal set (the Third Plenum of July 2024) and
# under one editor; the Xinhua feature (January 2024) and Zhengdong (probably 2022–23)
# predate both the May 2024 national conference and that plenum, so they *cannot* use
# their formulas. Time and commission explain many differences before place does.

# %%
if BUNDLED:
    journal = articles[articles.outlet == articles.outlet.value_counts().idxmax()]
    check.equal(len(journal), 5, "five pieces share one outlet")
    check.equal(set(journal.date), {"2024-07/2024-09"}, "written July to September 2024")
    dated = articles.set_index("article_id").date
    check.equal(dated[FACTS["feature"]], "2024-01-10", "the feature: January 2024")
    check.claim(dated[FACTS["district_piece"]].startswith("2022"), "district: late 2022")
    check.equal(int(articles.author_role.str.contains("副市长").sum()), 3, "three vice-mayors")

# %%
plotting.save_table(manifest, NOTEBOOK, "manifest")
articles.outlet.value_counts()

# %% [markdown]
# ## 3 Accounting for the raw text
# Cleaning removes things: navigation links, a paywall notice, bylines. A careful
# analysis can say exactly what was removed and why. `account_for_raw_text()` returns
# one row for every non-blank raw line, with its fate:
#
# * `body` — article text; `header` — title and byline before the body (kept as metadata);
# * `dropped` — removed by a named cleaning rule (`site_chrome`, `paywall`, `credit`);
# * `excluded` — outside every article, listed with a reason in `corpus/excluded.csv`.

# %%
segments = corpus.account_for_raw_text(CORPUS)
fate = segments.pivot_table(index="raw_file", columns="status", values="line_no",
                            aggfunc="count", fill_value=0)
plotting.save_table(fate, NOTEBOOK, "raw_line_accounting", index=True)
fate

# %% [markdown]
# Everything that is not body text, with the rule or reason that removed it:

# %%
removed = segments[segments.status.isin(["dropped", "excluded"])]
removed.assign(text=removed.text.str.slice(0, 30))[["raw_file", "line_no", "status",
                                                    "reason", "text"]]

# %% [markdown]
# > **Your turn.** How many characters were dropped as `credit` lines (photo and
# > editor credits)? Which metadata columns keep their information? (Solution:
# > [Exercise 4](../solutions/00_corpus_tour_solutions.ipynb).)

# %% [markdown]
# ## 4 How long are the texts?
# How much longer is the longest article than the shortest, and how differently are the
# texts cut into paragraphs?

# %%
paragraphs = corpus.load_paragraphs(CORPUS)
lengths = corpus.length_table(articles, paragraphs)
plotting.save_table(lengths, NOTEBOOK, "lengths")
ratio = lengths.n_chars.max() / lengths.n_chars.min()
print(f"longest / shortest article: {ratio:.1f}")
lengths.drop(columns=["locality_zh", "genre"])

# %% [markdown]
# The longest article is almost four times as long as the shortest (the ratio printed
# above), and the paragraphing differs even more: the Xinhua feature is written in many
# short paragraphs (median under 100 characters), the Yichang article in four very long
# ones. This matters for everything that counts: a raw count of a term is larger in a
# longer text, so later notebooks use **rates** (per 10,000 characters or tokens), and
# paragraph-based methods see very different numbers of paragraphs per article.

# %%
if BUNDLED:
    check.between(ratio, 3.5, 4.0, "almost four times as long")
    by_id = lengths.set_index("article_id")
    check.claim(by_id.loc[FACTS["feature"], "median_paragraph_chars"] < 100, "short paragraphs")
    check.equal(by_id.median_paragraph_chars.idxmax(), FACTS["longest_paragraphs"], "longest paragraphs")
    check.equal(int(by_id.loc[FACTS["longest_paragraphs"], "n_paragraphs"]), 4, "four paragraphs")

# %%
fig = plotting.plot_lengths(lengths, paragraphs)
plotting.save_figure(fig, NOTEBOOK, "lengths")
plt.show()

# %% [markdown]
# **What to notice:** the essay has no paragraph breaks at all in its raw file; the
# cleaning cut it into *pseudo-paragraphs* of 300 to 450 characters at sentence ends
# (`kind == "pseudo"`), so its dots are regular by construction, not by the author's
# choice. The Yichang article's four paragraphs run up to about 900 characters.

# %%
kinds = paragraphs.groupby(["locality", "kind"]).size().unstack(fill_value=0)
pseudo = paragraphs[paragraphs.kind == "pseudo"].n_chars
if BUNDLED:
    check.equal(paragraphs.loc[paragraphs.kind == "pseudo", "article_id"].unique().tolist(),
                [FACTS["essay"]], "only the essay has pseudo-paragraphs")
    check.claim(pseudo.between(300, 450).all(), "pseudo-paragraphs of 300 to 450 characters")
    check.between(lengths.max_paragraph_chars.max(), 850, 950, "about 900 characters")
kinds

# %% [markdown]
# ## 5 Cleaning, before and after
# Each artefact of the raw files is handled by a named rule in `helpers/text/clean.py`,
# tested on the line where it occurs. The examples below are found in the data, not
# typed in: the first body paragraph that spans several raw lines, the first raw line
# with a spaced `+`, and the first text without paragraph breaks.
#
# **A page break in the middle of a word.** Pages laid out in columns break lines
# anywhere, even inside a word. A paragraph that does not end a sentence continues in
# the next one, unless it looks like a heading (short, no full stop).

# %%
mended = paragraphs[paragraphs.raw_lines.str.contains("-") & ~paragraphs.is_heading]
if mended.empty:
    print("no paragraph of this corpus was mended across a line break")
else:
    first = mended.iloc[0]
    example = corpus.before_after(first.article_id, int(first.paragraph_no), CORPUS)
    cut = example.raw.index("⏎")
    tail = clean.normalize_text(example.raw[:cut].strip())[-8:]
    join = example.clean.index(tail) + len(tail)
    print(first.article_id, "paragraph", first.paragraph_no, "raw lines", example.raw_lines)
    print("raw:  ", example.raw[cut - 20:cut + 20])
    print("clean:", example.clean[join - 18:join + 18])

# %% [markdown]
# Here the break fell inside 消防 (*xiāofáng*, "fire safety"), printed as 消 and 防 on
# two lines; the clean text has the word whole.

# %%
if BUNDLED:
    check.claim("消 ⏎ 防" in example.raw and "消防" in example.clean, "the break splits 消防")

# %% [markdown]
# > **Your turn.** (1) A news feature can put a **kicker** — a short line that frames a
# > section — directly above the section's heading; the rule `merge_kickers` joins the
# > two raw lines into one heading. Use `corpus.before_after(article_id, paragraph_no)`
# > on the news feature's paragraphs whose `raw_lines` is a range: what do its kickers
# > look like? (2) Which article has the most headings (`paragraphs[paragraphs.is_heading]`),
# > and why do some articles have none? Look at how their authors open each section.
# > (Solutions: [Exercises 2 and 1](../solutions/00_corpus_tour_solutions.ipynb).)

# %% [markdown]
# **Spaces inside a formulation.** A text may typeset 专业+机制+大数据 (*zhuānyè + jīzhì
# + dà shùjù*, "specialisation + mechanisms + big data", the new policing model) with
# spaces; jieba would cut at every space. Cleaning removes spaces between Chinese
# characters and around the `+`:

# %%
body = segments[segments.status == "body"]
spaced = body[body.text.str.contains(r"\S \+ \S")]
if spaced.empty:
    print("no raw line of this corpus has a spaced '+'")
else:
    line = spaced.iloc[0]
    start = max(line.text.index(" + ") - 8, 0)
    print(line.article_id, "raw line", line.line_no)
    print("raw:  ", line.text[start:start + 40])
    print("clean:", clean.normalize_text(line.text[start:start + 40]))

# %%
if BUNDLED:
    check.equal(line.article_id, FACTS["spaced_formulation_text"], "whose spaced formulation")

# %% [markdown]
# **A text without paragraph breaks, half-width punctuation, a title glued to the
# body.** The essay arrives as one long raw line: ASCII commas between Chinese
# characters, and the title running straight into the first sentence. The loader splits
# that line at `body_start` into a header part and a body part (same line number):

# %%
unbroken = paragraphs.loc[paragraphs.kind == "pseudo", "article_id"].unique()
if len(unbroken) == 0:
    print("every text of this corpus has paragraph breaks")
else:
    lines = segments[segments.article_id == unbroken[0]]
    for row in lines.head(2).itertuples():
        print(row.status, "line", row.line_no, "|", row.text[:60])
    print("clean:", paragraphs[paragraphs.article_id == unbroken[0]].text.iloc[0][:60])

# %%
if BUNDLED:
    check.equal(unbroken.tolist(), [FACTS["essay"]], "the essay is the text without breaks")
    check.claim("," in lines.text.iloc[1] and "," not in paragraphs[
        paragraphs.article_id == FACTS["essay"]].text.iloc[0], "half-width commas normalised")

# %% [markdown]
# ## Exercises
# The "Your turn" prompts sit in the sections that teach their method: §2 (Exercise 3),
# §3 (Exercise 4) and §5 (Exercises 1 and 2). Worked, executed solutions:
# [`solutions/00_corpus_tour_solutions`](../solutions/00_corpus_tour_solutions.ipynb).
#
# ## Limitations
# * **Design** (§1): three texts for Changzhou, one for every other place. Genre
#   (journal article, newspaper piece, news feature, template essay), author tier
#   (bureau leadership, detachment, station, reporters) and date differ with locality.
# * **Dates are inferred** for all eleven articles; Changzhou's and Zhengdong's ranges
#   are probable, not certain, and the essay's date is unknown.
# * **Commission and editing**: five texts answer one journal's prompt under one editor,
#   so what they share may be the prompt's, not the places'.
# * The essay is **incomplete** (about 40% behind a paywall), anonymous and probably a
#   commercial template; its pseudo-paragraphs are our construction.
# * Cleaning leaves a few printing errors as they are (see `corpus/README.md`), because
#   correcting them would mean editing the source.
#
# ## Summary
# The corpus is five raw files, never edited, turned into eleven articles by a checked
# manifest. Every raw line is accounted for. The longest article is almost four times
# the shortest, and paragraphing differs even more, so later notebooks count in rates
# and treat paragraphs with care. Dates, genres and the journal's commission differ
# with place, so a comparison of these texts is not a comparison of cities.
#
# ## What's next
# `01_segmentation.ipynb`: how Chinese text becomes tokens with jieba and the project
# lexicon.
#
# ## References
# * Manifest and provenance: `corpus/README.md`.
# * Cleaning rules: `helpers/text/clean.py` (one tested function per artefact).
# * Wickham, H. (2014). Tidy data. *Journal of Statistical Software* 59(10).
