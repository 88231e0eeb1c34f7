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
# # 05 · Tracking formulations (提法) across localities
#
# **Overview.** Chinese policy travels as **formulations** (提法 *tífǎ*): fixed,
# often numbered phrases coined at the centre — 两个确立 *liǎng gè quèlì* ("the Two
# Establishments"), 专业+机制+大数据 ("specialisation + mechanisms + big data") — which
# lower levels repeat word for word, usually between quotation marks. Localities also
# coin their own slogans and brand names, marked the same way. This notebook follows
# both. By the end you will be able to:
#
# 1. extract every quoted phrase from the corpus, including nested and unbalanced quotes (§1);
# 2. normalise variant spellings and sort quotes into speech, emphasis and formulations,
#    knowing where such rules fail (§2);
# 3. count every formulation per locality, quoted and unquoted, and separate national
#    formulations from local brands (§3);
# 4. show how formulations spread: a presence matrix and an overlap matrix (§4);
# 5. find passages that texts from different places share verbatim — traces of common
#    templates (§5).
#
# **Prerequisites**
#
# | Concept | Importance | Notes |
# |---|---|---|
# | `00_corpus_tour` | necessary | the corpus, localities and paragraphs |
# | `01_segmentation` | helpful | clean-text normalisation, lexicon variants |
# | `04_cross_city_comparison` | helpful | themes and keyness by locality |
# | Chinese punctuation | helpful | “ ” ‘ ’ 「 」 and the enumeration comma 、 |
#
# *Time to learn: 35 minutes.*

# %% [markdown]
# ## Imports and settings
# The next cell (tagged `parameters`) holds every knob: corpus folder, export name, the
# two thresholds of the quote classifier, the minimum spread of a formulation in the
# presence figure, and the shingle length used to detect text reuse.

# %% tags=["parameters"]
CORPUS = None  # a folder with raw/, manifest.csv and excluded.csv; None = bundled corpus
NOTEBOOK = "05_formulations"  # results/tables/<NOTEBOOK>/, results/figures/<NOTEBOOK>/
MAX_CHARS = 25  # a quote longer than this (or with 。！？) is speech, not a formulation
COMMON_FREQ = 20  # a quoted word this frequent in jieba's dictionary is an ordinary word
MIN_LOCALITIES = 2  # presence figure: formulations used by at least this many localities
SHINGLE = 10  # text reuse: shared passages of at least this many characters

# %%
import matplotlib.pyplot as plt
import pandas as pd

from helpers import compare, corpus, formulations, plot_compare, plotting

pd.set_option("display.max_colwidth", 60)
pd.set_option("display.width", 200)
font = plotting.setup_fonts()

# %%
articles = corpus.load_articles(CORPUS)
paragraphs = corpus.load_paragraphs(CORPUS)
labels = compare.locality_labels(articles)
list(formulations.LOCALITIES)

# %% [markdown]
# ## 1 Extracting quoted phrases
# Quotation marks come in several forms: Chinese curly quotes “…”, single quotes ‘…’ for a
# quote inside a quote, corner brackets 「…」 (common in traditional-character texts), and
# straight ASCII quotes "…" from web pages. `normalize_quote_marks` turns all of them into
# “…” and ‘…’; then a **stack** parser reads the text left to right: an opening mark is
# pushed, a closing mark closes the innermost open mark of its type. Marks that never
# find a partner are *reported*, not guessed. A hand-made example with all the
# difficulties — a nested quote, an unclosed quote, corner brackets and straight quotes:

# %%
sample = '他说：“要落实‘两个确立’。”又提出“枫桥经验，以及「一村一警」和"三个规定"。'
unified = formulations.normalize_quote_marks(sample)
print(unified)
demo = formulations.extract_quotes(unified)
plotting.save_table(demo, NOTEBOOK, "demo_quotes")
demo

# %%
demo_problems = formulations.quote_problems(unified)
plotting.save_table(demo_problems, NOTEBOOK, "demo_quote_problems")
demo_problems

# %% [markdown]
# The nested ‘两个确立’ is found at depth 1 inside the outer quote. The “ before 枫桥经验
# (*Fēngqiáo jīngyàn*, the "Fengqiao Experience" of resolving disputes locally) is never
# closed; because Chinese does not nest “…” inside “…”, the next “ shows that it was left
# open, so it is reported and the two later quotes are still read correctly.
#
# Now the corpus. Each paragraph is prepared exactly as for segmentation
# (`segment.prepare`: spaces inside formulations removed, widths unified, lexicon variants
# rewritten to their term) and parsed:

# %%
quotes = formulations.quotes_table(paragraphs, max_chars=MAX_CHARS, common_freq=COMMON_FREQ)
plotting.save_table(quotes, NOTEBOOK, "quotes")
per_locality = quotes.groupby("locality").size().reindex(labels, fill_value=0)
plotting.save_table(per_locality.to_frame("quotes"), NOTEBOOK, "quotes_per_locality", index=True)
per_locality.to_frame("quotes")

# %% [markdown]
# 343 quotes, none in the study essay (`Unspecified`), whose source file carries no
# quotation marks at all. Quotes inside quotes:

# %%
quotes[quotes.depth > 0][["article_id", "paragraph_no", "quote", "form"]]

# %% [markdown]
# And unbalanced marks — none in this corpus, which is worth knowing before trusting
# the counts:

# %%
problems = formulations.corpus_problems(paragraphs)
plotting.save_table(problems, NOTEBOOK, "quote_problems")
len(problems)

# %% [markdown]
# ## 2 Normalising and classifying quotes
# The same formulation can be typeset in several ways. `normalize_formulation` applies
# the clean-text rules and the lexicon's variant list, unifies middle dots and trims
# commas and spaces at the ends, so that variants count as one formulation:

# %%
variants = ["专业 + 机制 + 大数据", "专业＋机制＋大数据", " 两个确立 ", "一村（格）一警",
            "情报、指挥、行动", "大景区•花满城", "１＋Ｎ"]
normalised = pd.DataFrame({"as printed": variants,
                           "normalised": [formulations.normalize_formulation(v) for v in variants]})
plotting.save_table(normalised, NOTEBOOK, "normalisation_examples")
normalised

# %% [markdown]
# Quotation marks do more than mark formulations: they mark reported speech, local brand
# names, and ordinary words used with emphasis or irony (“混” *hùn*, "to drift along";
# “龙头” *lóngtóu*, "dragon's head", i.e. the leading role). `classify_form` sorts each
# quote by explicit rules, in order: a **lexicon** term; **speech** (a sentence end
# 。！？ or more than `MAX_CHARS` characters); a **single character**; an **ordinary word**
# (frequency ≥ `COMMON_FREQ` in jieba's general-purpose dictionary); otherwise a
# **formulation**.

# %%
forms = pd.crosstab(quotes.locality, quotes.form, margins=True)
plotting.save_table(forms, NOTEBOOK, "quote_forms_by_locality", index=True)
forms

# %%
examples = quotes.drop_duplicates("formulation").groupby("form").formulation
examples = examples.apply(lambda s: " | ".join(s.head(6))).to_frame("first examples")
plotting.save_table(examples, NOTEBOOK, "quote_form_examples", index=True)
examples

# %% [markdown]
# **Where the rules fail.** A short remark without a full stop passes as a formulation
# (the Xinhua feature's “我有户口啦” "I've got my household registration!", “改动电线前要
# 记得先向供电部门申报”, a safety tip), and a poem line (“此心安处是吾乡”) too. Police
# formulations that happen to be dictionary words (“一站式” "one-stop") count as
# ordinary words and drop out of §3. The rules are a first sort, to be read, not a
# verdict; every row of `quotes.csv` can be checked against its paragraph.
#
# ## 3 Counting formulations per locality
# We now count every **formulation**: the normalised quotes classified `formulation` or
# `lexicon`, plus every lexicon term of kind slogan, programme or institution, quoted or
# not. A formulation is often used *without* quotation marks (Changzhou's articles use
# 人民至上 "the people above all" eleven times, never as a quote of its own), so each one
# is counted everywhere it occurs:
#
# * lexicon terms exactly as segmentation counts them (longest term wins);
# * other phrases wherever they occur, except inside a lexicon term (大数据 "big data"
#   inside 专业+机制+大数据 is part of that formula);
# * an occurrence is **quoted** when a quote's normalised content is exactly the
#   formulation; everything else is **unquoted** (bare, or inside a longer quote).
#
# `source` says how a row entered the table (`quoted` only, `lexicon` only, `both`).

# %%
counts = formulations.formulation_counts(paragraphs, quotes)
plotting.save_table(counts, NOTEBOOK, "formulations_by_locality")
counts.shape

# %%
counts.head(10).drop(columns=["form", "theme", "total", "n_localities_quoted"])

# %% [markdown]
# **National or local?** From the localities that use a formulation, `diffusion_class`
# assigns one of four classes: *national* when the Xinhua feature uses it (with or
# without local texts), *shared* when two or more localities use it but Xinhua does not,
# *local* when exactly one locality does.

# %%
diffusion = pd.crosstab(counts.diffusion, counts.source, margins=True)
plotting.save_table(diffusion, NOTEBOOK, "diffusion_by_source", index=True)
diffusion

# %% [markdown]
# Of 276 formulations, 103 are national in the brief's sense — in the Xinhua text (54) or
# shared by several localities (49) — and 173 occur in one locality only. Most
# formulations enter the table through a quote (211 of 276); the lexicon adds 39 that no
# text quotes, all of them used without quotation marks somewhere.

# %%
spread = counts[counts.diffusion != "local: one locality"]
spread = spread.groupby("diffusion").formulation.apply(lambda s: " ".join(s.head(14)))
plotting.save_table(spread.to_frame(), NOTEBOOK, "national_and_shared_examples", index=True)
spread.to_frame()

# %% [markdown]
# The formulas that travel furthest are the operating model 专业+机制+大数据 (seven
# localities, always quoted), 情指行 (*qíng zhǐ xíng*, "intelligence–command–action"
# integration, six) and the police-station structure 两队一室 (*liǎng duì yī shì*, "two
# teams, one office", four). The loyalty formulas 两个确立 and 两个维护 (*liǎng gè wéihù*,
# "the Two Safeguards") appear in four bureau chiefs' articles and never in the Xinhua
# feature, which speaks of mechanisms, not loyalty (as in notebook 04).
#
# **Local brands.** Formulations used by one locality only are *candidates*: the list
# mixes real local brands with central formulations that only one text happens to quote.

# %%
local = counts[counts.diffusion == "local: one locality"]
used_by = local[list(formulations.LOCALITIES)].idxmax(axis=1)
plotting.save_table(local.assign(locality=used_by), NOTEBOOK, "local_candidates")
brands = local.groupby(used_by).formulation.apply(lambda s: " ".join(s.head(10)))
brands = brands.reindex(labels).dropna().to_frame("first ten")
plotting.save_table(brands, NOTEBOOK, "local_candidates_examples", index=True)
brands

# %% [markdown]
# Reading the lists: 迎客松义警 *yíngkèsōng yìjǐng* (Huangshan's "Welcoming Pine"
# volunteer police), 首违免罚 (no fine for a first minor offence), 公安小脑 (Yichang's
# "Police Cerebellum" data platform), 星期九 (Changzhou's "Ninth Day" squad), 红袖标
# (Zhengdong's red armbands) are local brands. But 六个必须坚持 ("the Six Musts" of the
# 20th Party Congress report) and 对党忠诚、服务人民、执法公正、纪律严明 (the force's
# sixteen-character general requirement) are central formulations that only the Changzhou
# study group quotes in full. Counting cannot tell them apart; reading can. The context
# of any formulation is one call away:

# %%
context = formulations.kwic_formulation(paragraphs, "六个必须坚持")
plotting.save_table(context, NOTEBOOK, "kwic_six_musts")
context

# %% [markdown]
# ## 4 How formulations spread
# The **presence matrix** has one row per formulation used by at least `MIN_LOCALITIES`
# localities and one column per locality: dark when the locality quotes it, light when
# it uses it only without quotation marks. Rows are sorted by the number of localities,
# then national before not, then by which localities use them, so blocks of shared
# vocabulary appear as blocks of colour.

# %%
presence = formulations.presence_matrix(counts, quotes, min_localities=MIN_LOCALITIES)
plotting.save_table(presence, NOTEBOOK, "presence_matrix", index=True)
presence.shape

# %%
fig = plot_compare.plot_presence(presence, labels=labels)
plotting.save_figure(fig, NOTEBOOK, "presence_matrix")
plt.show()

# %% [markdown]
# **What to notice.** Two kinds of shared vocabulary. The operating-model formulas
# (专业+机制+大数据, 情指行) and the loyalty formulas (两个确立, 两个维护, 四个意识 "Four
# Consciousnesses", 四个自信 "Four Confidences") are *quoted* (dark) almost wherever they
# appear: the texts flag them as formulas. Institutional and campaign vocabulary — 隐患排查
# *yǐnhuàn páichá* ("screening for hidden hazards"), 公安铁军 ("an iron army of public
# security"), 二十届三中全会 (the Third Plenum of the 20th Central Committee) — is used
# without quotation marks (light): ordinary official language. The Xinhua column shares
# the police-station vocabulary (社区警务队 "community-policing team", 案件办理队
# "case-handling team", 综合指挥室 "integrated command office") with Qiqihar only; the
# loyalty block is local only. The study essay (`Unspecified`) has almost nothing.
#
# **Overlap.** For two localities A and B, the Jaccard index |A ∩ B| / |A ∪ B| is the
# share of their formulations they have in common (all formulations, local brands
# included):

# %%
jaccard = formulations.jaccard_overlap(formulations.presence_matrix(counts, quotes))
plotting.save_table(jaccard, NOTEBOOK, "jaccard_overlap", index=True)
fig = plot_compare.plot_overlap(jaccard, labels=labels)
plotting.save_figure(fig, NOTEBOOK, "jaccard_overlap")
plt.show()

# %% [markdown]
# Overlaps are small (at most 0.21, Qiqihar–Tianshui, then 0.19 Tianshui–Zhangqiu —
# the same pairs that were most similar by vocabulary in notebook 04): most of what each
# text puts between quotation marks is its own. The Xinhua feature's closest partner is
# Qiqihar (0.13), through the police-station vocabulary above.
#
# ## 5 Text reuse: shared passages
# Formulations are short. Do texts also share whole clauses? A **shingle** is a
# character n-gram; we index every `SHINGLE`-character shingle of every paragraph, keep
# those found in paragraphs of two *different* localities (Changzhou's three articles
# count as one place), and merge overlapping shingles on the same alignment into
# **maximal shared passages**.

# %%
shared = formulations.shared_passages(paragraphs, min_chars=SHINGLE)
plotting.save_table(shared, NOTEBOOK, "shared_passages")
passages = formulations.passage_spread(shared)
plotting.save_table(passages, NOTEBOOK, "shared_passages_distinct")
len(shared), len(passages)

# %%
passages.head(12)

# %% [markdown]
# **What to notice.** The longest shared passage (45 characters) is the loyalty litany
# "deeply grasp the decisive significance of the Two Establishments, strengthen the Four
# Consciousnesses, firm up the Four Confidences, achieve the Two Safeguards" in Qiqihar and
# Tianshui. The promise that "the masses feel fairness and justice in every case handled"
# (32 characters, a stock phrase of central political-legal work) appears in three
# places. Qiqihar and the Xinhua
# feature share 30 characters describing the new policing model (完善以做专警种为关键、以
# 运行机制为牵引、以大数据赋能为支撑的…). These are quotations from central documents and
# speeches — the template the articles were written from. The passages with their
# paragraphs, for checking:

# %%
longest = shared.drop_duplicates("passage").head(6).drop(columns=["offset_a", "offset_b"])
plotting.save_table(longest, NOTEBOOK, "longest_shared_passages")
longest

# %%
reuse = formulations.reuse_matrix(shared)
plotting.save_table(reuse, NOTEBOOK, "reuse_by_locality_pair", index=True)
reuse.rename(index=labels, columns=labels)

# %% [markdown]
# Counts of distinct shared passages per pair (a maximal passage for one pair can be a
# sub-passage of another pair's). The journal articles share most with each other
# (Qiqihar–Tianshui 11, Qiqihar–Yichang 10); the Xinhua feature shares little verbatim.
#
# ## Exercises
# 1. Lower `COMMON_FREQ` to 5, then raise it to 200. Which quotes change class, and
#    which class is more often right?
# 2. Set `SHINGLE = 8`. How many passages are added, and are they still evidence of a
#    common template or just common phrases (e.g. 习近平总书记)?
# 3. Use `formulations.kwic_formulation(paragraphs, "坚持人民至上")`: is the Changzhou
#    forensic essay quoting the 20th Congress report or coining a slogan?
# 4. Add a variant to `helpers/data/lexicon.csv` (in a scratch copy) so that 四个铁一般标准
#    counts as 四个铁一般. What changes in §3?
# 5. Write a rule that flags Xinhua's quoted remarks (“我有户口啦”) as speech. What does it
#    misclassify?
#
# ## Limitations
# * **Quotes are not formulations.** The classifier is a set of transparent rules; it
#   misses speech without a full stop and drops formulations that are dictionary words.
# * **"Local" means "in one text".** A central formulation quoted by only one article is
#   classed local; a local brand copied by a neighbour would be classed shared. With one
#   article per place, absence proves nothing: a bureau chief may use a formulation in
#   every speech and not in this article.
# * **The lexicon shapes the counts**: unquoted uses are only found for phrases someone
#   quoted or the lexicon lists; a formulation nobody quotes and the lexicon lacks is
#   invisible.
# * The Xinhua feature is a news story with interviews; its speech quotes and its
#   reporting style differ from the bureau chiefs' programmatic prose (genre, date and
#   author, not only level, differ).
# * Shared passages show common wording, not who copied whom: both texts usually quote a
#   third, central source that is not in the corpus.
#
# ## Summary
# Quotation marks are the texts' own annotation of formulations, but also of speech,
# emphasis and brand names; a stack parser extracts them robustly and simple rules sort
# them, with errors we can list. The operating model 专业+机制+大数据 and 情指行 travel
# from the centre to almost every locality; loyalty formulas circulate among the local
# articles only; each locality quotes a dozen or more phrases no other text uses, its
# local brands among them. Verbatim shared
# passages up to 45 characters long show that the articles draw on common central
# templates.
#
# ## What's next
# Follow a formulation over time: with dated texts from several years, the presence
# matrix becomes a diffusion curve. Extend the lexicon with the formulations found here
# (§3) so that later notebooks count them as single tokens.
#
# ## References
# * Schoenhals, M. (1992). *Doing Things with Words in Chinese Politics: Five Studies*.
#   Institute of East Asian Studies, University of California, Berkeley.
# * Qian, G. (钱钢) and the China Media Project. *The Decoding China Dictionary* (on
#   official formulations, 提法).
# * Broder, A. Z. (1997). On the resemblance and containment of documents. *Proc.
#   Compression and Complexity of Sequences*, 21–29 (shingling).
# * Jaccard, P. (1912). The distribution of the flora in the alpine zone. *New Phytologist*
#   11(2), 37–50.
