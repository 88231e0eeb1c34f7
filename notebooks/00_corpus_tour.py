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
# **Prerequisites**
#
# | Concept | Importance | Notes |
# |---|---|---|
# | pandas DataFrames | necessary | selecting rows and columns, `groupby` |
# | Reading Chinese | helpful | every Chinese term is glossed in English |
# | Chinese political vocabulary | helpful | see `corpus/README.md` and the lexicon `helpers/data/lexicon.csv` |
#
# *Time to learn: 20 minutes.*

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

from helpers import corpus, plotting

pd.set_option("display.max_colwidth", 40)
font = plotting.setup_fonts()
font.name

# %% [markdown]
# `setup_fonts()` registered **Noto Sans CJK SC**, a font shipped by the `mplfonts`
# package that our requirements install, so the Chinese labels below render on any
# machine without a system CJK font.
#
# ## 1 What is in the corpus
# Five raw files hold eleven articles. They are political communication written
# 2022–2024 for police journals and newspapers: bureau chiefs (often also vice-mayors)
# and a Party theory-study group (理论学习中心组 *lǐlùn xuéxí zhōngxīnzǔ*) restating
# central policy and showcasing local practice; a national feature by Xinhua (新华社,
# the state news agency); and an unattributed study essay.

# %%
articles = corpus.load_articles(CORPUS)
articles[["article_id", "locality", "locality_zh", "admin_level", "genre", "n_chars"]]

# %% [markdown]
# Localities are prefecture-level cities (常州 Changzhou, 齐齐哈尔 Qiqihar, 黄山
# Huangshan, 宜昌 Yichang, 天水 Tianshui), districts (章丘 Zhangqiu in Jinan, 郑东
# Zhengdong New District in Zhengzhou), the national level (Xinhua) and one text of
# unknown origin. **What to notice:** Changzhou has three texts of three genres; every
# other place has one. Any "difference between cities" later is first a difference
# between texts.
#
# ## 2 The manifest
# `corpus/manifest.csv` has one row per article. Besides metadata it holds three
# *markers* that locate the article in its raw file — `span_start`, `body_start`,
# `span_end` — and the file's sha256 checksum. All are checked on every load.

# %%
manifest = corpus.load_manifest(CORPUS)
manifest[["article_id", "raw_file", "span_start", "body_start", "span_end"]]

# %% [markdown]
# Dates are as precise as the texts allow. Only the Xinhua feature prints a day; the
# others are inferred from events they mention, and `date_basis` says from what:

# %%
with pd.option_context("display.max_colwidth", 200):
    display(articles[["article_id", "date", "date_basis"]])

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
# ## 4 How long are the texts?
# Articles differ more than twofold in length, and the Xinhua feature is written in many
# short paragraphs while the journal articles use a few very long ones. This matters
# for everything that counts: a raw count of a term is larger in a longer text, so later
# notebooks use **rates** (per 10,000 characters or tokens), and paragraph-based
# methods see very different numbers of paragraphs per article.

# %%
paragraphs = corpus.load_paragraphs(CORPUS)
lengths = corpus.length_table(articles, paragraphs)
plotting.save_table(lengths, NOTEBOOK, "lengths")
lengths.drop(columns=["locality_zh", "genre"])

# %%
fig = plotting.plot_lengths(lengths, paragraphs)
plotting.save_figure(fig, NOTEBOOK, "lengths")
plt.show()

# %% [markdown]
# **What to notice:** the study essay has no paragraph breaks at all in its raw file;
# the cleaning cut it into *pseudo-paragraphs* of about 300 characters at sentence ends
# (`kind == "pseudo"`), so its dots are regular by construction, not by the author's
# choice. The Yichang article has four paragraphs of up to 900 characters.

# %%
paragraphs.groupby(["locality", "kind"]).size().unstack(fill_value=0)

# %% [markdown]
# ## 5 Cleaning, before and after
# Each artefact of the raw files is handled by a named rule in `helpers/clean.py`,
# tested on the line where it occurs. Two examples.
#
# **A page break in the middle of a word.** The Changzhou study group's article was
# laid out in columns; a page break split 消防 (*xiāofáng*, "fire safety") into 消 and
# 防 on two lines. A paragraph that does not end a sentence continues in the next one —
# unless it looks like a heading (short, no full stop).

# %%
example = corpus.before_after("changzhou_study_group", 5, CORPUS)
cut, mended = example.raw.index("⏎"), example.clean.index("消防和租赁")
print("raw lines", example.raw_lines)
print("raw:  ", example.raw[cut - 20:cut + 20])
print("clean:", example.clean[mended - 18:mended + 18])

# %% [markdown]
# **Spaces inside a formulation and half-width punctuation.** The Tianshui article
# typesets 专业+机制+大数据 (*zhuānyè + jīzhì + dà shùjù*, "specialisation +
# mechanisms + big data", the new policing model) with spaces; jieba would cut at every
# space. The study essay uses ASCII commas and has its title glued to the body.

# %%
tianshui = corpus.before_after("tianshui", 5, CORPUS)
start = tianshui.raw.index("紧扣")
print("raw:  ", tianshui.raw[start:start + 60])
print("clean:", tianshui.clean[tianshui.clean.index("紧扣"):][:55])

# %%
essay = segments[segments.raw_file.str.startswith("002")]
print(essay.iloc[0].status, "|", essay.iloc[0].text)
print(essay.iloc[1].status, "|", essay.iloc[1].text[:60])
print("clean:", paragraphs[paragraphs.article_id == "study_essay"].text.iloc[0][:60])

# %% [markdown]
# ## Exercises
# 1. Which article has the most headings, and why do the Yichang and Tianshui articles
#    have none? (Hint: look at `paragraphs[paragraphs.is_heading]` and at how those two
#    authors start their sections.)
# 2. Use `corpus.before_after("xinhua_national", n)` to find the paragraph made of two
#    raw lines joined by `merge_kickers`. What does a Xinhua "kicker" look like?
# 3. Copy `corpus/` to a scratch folder, change one character of a raw file, and call
#    `corpus.load_articles(that_folder)`. Read the error: what does it ask you to do?
# 4. How many characters were dropped as `credit` lines? Which metadata columns keep
#    their information?
#
# ## Limitations
# * **One article per place** (three for Changzhou): the corpus compares *texts*, not
#   cities. Genre (journal article, newspaper piece, news feature, study essay), author
#   (bureau chief, study group, reporters) and date differ with locality.
# * **Dates are inferred** for all eleven articles; two are known only as "after 2017" or
#   "after October 2022".
# * The study essay is **incomplete** (about 40% behind a paywall) and unattributed; its
#   pseudo-paragraphs are our construction.
# * Cleaning leaves a few printing errors as they are (see `corpus/README.md`), because
#   correcting them would mean editing the source.
#
# ## Summary
# The corpus is five raw files, never edited, turned into eleven articles by a checked
# manifest. Every raw line is accounted for. Articles differ twice over in length and
# far more in paragraphing, so later notebooks count in rates and treat paragraphs with
# care.
#
# ## What's next
# `01_segmentation.ipynb`: how Chinese text becomes tokens with jieba and the project
# lexicon.
#
# ## References
# * Manifest and provenance: `corpus/README.md`.
# * Cleaning rules: `helpers/clean.py` (one tested function per artefact).
# * Wickham, H. (2014). Tidy data. *Journal of Statistical Software* 59(10).
