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
# # 05 · Tracking formulations (提法) across texts
#
# **Overview.** Chinese official prose is built from **formulations** (提法 *tífǎ*):
# fixed, often numbered phrases — 两个确立 *liǎng gè quèlì* ("the Two Establishments"),
# 专业+机制+大数据 ("specialisation + mechanisms + big data") — that texts repeat word
# for word, usually between quotation marks. Bureaus also coin slogans and brand names of
# their own and mark them the same way. This notebook finds both, asks where each comes
# from, and asks what a corpus of a few texts can and cannot say about how they spread.
# By the end you will be able to:
#
# 1. extract every quoted phrase, including nested and unbalanced quotes (§1);
# 2. normalise variant spellings and sort quotes into speech, emphasis and formulations,
#    knowing where such rules fail (§2);
# 3. count every formulation per locality, quoted and unquoted, and set beside each one
#    a hand-coded **origin** — national, provincial, municipal or generic idiom (§3);
# 4. follow one formula through its two wordings, and one name through its two
#    meetings (§4);
# 5. show what the texts share: presence and overlap matrices (§5);
# 6. find passages shared verbatim, and say what such sharing can and cannot show (§6).
#
# Every method's formula and intuition: the [methods glossary](../book/glossary.md).
#
# **Prerequisites**
#
# | Concept | Importance | Notes |
# |---|---|---|
# | `00_corpus_tour` | necessary | the corpus, the manifest, paragraphs, the genres |
# | `01_segmentation` | necessary | clean-text normalisation, lexicon terms and variants, user lexicons (`lexicon=`) |
# | `04_cross_city_comparison` | necessary | the locality order, local and non-local texts, the journal's commission and its 2024 template (§5) |
# | `02_word_frequencies` | helpful | KWIC lines (`count.kwic`) |
# | Python sets, `re`; Chinese punctuation | helpful | “ ” ‘ ’ 「 」 and the enumeration comma 、 |
#
# *Time to learn: about 80 minutes (55 to read and run, 25 for the "Your turn" prompts).*

# %% [markdown]
# ## Imports and settings
# The next cell (tagged `parameters`) holds every knob: the corpus folder, the two
# thresholds of the quote classifier, the spread a formulation needs to enter the
# presence figures, the shingle length for text reuse, and the two worked examples of
# §4 (a formula's wordings; a meeting's sessions and the phrases that tell them apart).

# %% tags=["parameters"]
CORPUS = None  # a folder with raw/, manifest.csv and excluded.csv; None = bundled corpus
NOTEBOOK = "05_formulations"  # results/tables/<NOTEBOOK>/, results/figures/<NOTEBOOK>/
MAX_CHARS = 25  # a quote longer than this (or with 。！？) is speech, not a formulation
COMMON_FREQ = 20  # a quoted word this frequent in jieba's dictionary is an ordinary word
MIN_LOCALITIES = 2  # presence figures: formulations used by at least this many localities
MAX_ROWS = 36  # presence figures: at most this many formulations per figure (readable labels)
SHINGLE = 10  # text reuse: shared passages of at least this many characters
# §4a: two wordings of one formula, the older (20th Congress report's) first
WORDINGS = {"judicial": "在每一个司法案件中感受到公平正义",
            "police": "在每一起案件办理、每一件事情处理中都能感受到公平正义"}
# §4b: a meeting held more than once, its sessions, and phrases that settle the session
MEETING = "全国公安工作会议"
SESSIONS = {"2019": "2019-05-07", "2024": "2024-05-28"}
SESSION_CUES = {"时隔五年再次召开": "2024"}  # "convened again after five years" (2019 + 5)

# %%
import matplotlib.pyplot as plt
import pandas as pd

from helpers import check
from helpers.analysis import compare, count, formulations
from helpers.figures import plot_compare, plotting
from helpers.text import corpus

BUNDLED = check.is_bundled(CORPUS)  # claims about the bundled corpus are checked only on it
FACTS = check.bundled_facts("05_formulations") if BUNDLED else {}  # ids and values
pd.set_option("display.max_colwidth", 60)
pd.set_option("display.width", 200)
font = plotting.setup_fonts()

# %%
articles = corpus.load_articles(CORPUS)
paragraphs = corpus.load_paragraphs(CORPUS)
labels = compare.locality_labels(articles)  # local texts first, then non-local ones
localities = list(labels)
ids = plot_compare.article_order(articles, localities)  # the order of notebook 04
articles.set_index("article_id").loc[ids, ["locality", "admin_level", "date", "genre"]]

# %% [markdown]
# This table is the real unit of analysis, in the one order of notebooks 04 and 05
# (local texts, then non-local). **One article per city is a comparison of texts, not
# of cities**: a formulation "used in Qiqihar" is a formulation used in one signed
# article by Qiqihar's bureau chief, and a formulation "absent" from a place is absent
# from one text. Texts differ by genre, date, author and commission at least as much as
# by place (notebook 04), so every "locality" below reads as "the article(s) from that
# locality".

# %%
if BUNDLED:
    per_place = articles.groupby("locality").size()
    check.equal(int(per_place.max()), 3, "one place has three articles")
    check.equal(int((per_place == 1).sum()), len(per_place) - 1, "every other place one")
    check.equal(len(articles), 11, "eleven texts")
    check.claim(articles.date.astype(str).str.startswith("2024").sum() > len(articles) / 2,
                "most texts are from 2024")
    check.claim(not {"province", "provincial", "central"} & set(articles.admin_level),
                "no provincial and no central text")

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

# %% [markdown]
# Why a stack and not the regular expressions one would write first, one per kind of
# mark? Each pattern takes everything from an opening mark to the next closing one of
# its kind: the nested ‘两个确立’ needs the second pattern and comes out without its
# depth, and the unclosed mark before 枫桥经验 swallows the next opening mark, so
# 枫桥经验，以及“一村一警 comes out as one "quote" and 一村一警 is lost:

# %%
import re  # noqa: E402  (only for this comparison)

re.findall(r"“([^”]*)”", unified), re.findall(r"‘([^’]*)’", unified)

# %%
demo_problems = formulations.quote_problems(unified)
plotting.save_table(demo_problems, NOTEBOOK, "demo_quote_problems")
demo_problems

# %% [markdown]
# The nested ‘两个确立’ is found at depth 1 inside the outer quote. The “ before 枫桥经验
# (*Fēngqiáo jīngyàn*, the "Fengqiao Experience" of settling disputes locally) is never
# closed; because Chinese does not nest “…” inside “…”, the next “ shows that it was left
# open, so it is reported and the two later quotes are still read correctly.
#
# Now the corpus. Each paragraph is prepared exactly as for segmentation
# (`segment.prepare`: spaces inside formulations removed, widths unified, lexicon variants
# rewritten to their term) and parsed:

# %%
quotes = formulations.quotes_table(paragraphs, max_chars=MAX_CHARS, common_freq=COMMON_FREQ)
plotting.save_table(quotes, NOTEBOOK, "quotes")
per_locality = quotes.groupby("locality").size().reindex(localities, fill_value=0)
plotting.save_table(per_locality.to_frame("quotes"), NOTEBOOK, "quotes_per_locality", index=True)
per_locality.to_frame("quotes")

# %% [markdown]
# The study essay (`Unspecified`) has no quotes at all: its source file carries no
# quotation marks, one of several signs that it is not an official text (notebook 00).
# Quotes inside quotes:

# %%
if BUNDLED:
    check.equal(int(per_locality[FACTS["essay_place"]]), 0, "no quotes in the study essay")
quotes[quotes.depth > 0][["article_id", "paragraph_no", "quote", "form"]]

# %% [markdown]
# And unbalanced marks — worth knowing before trusting the counts (the number printed is
# the number of problems found):

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
forms = forms.reindex([p for p in [*localities, "All"] if p in forms.index])  # the one order
plotting.save_table(forms, NOTEBOOK, "quote_forms_by_locality", index=True)
forms

# %%
examples = quotes.drop_duplicates("formulation").groupby("form").formulation
examples = examples.apply(lambda s: " | ".join(s.head(6))).to_frame("first examples")
plotting.save_table(examples, NOTEBOOK, "quote_form_examples", index=True)
examples

# %% [markdown]
# **Where the rules fail.** A short remark without a full stop passes as a formulation
# (the Xinhua feature's “我有户口啦”, "I've got my household registration!", written on
# a card in a photograph), and so does a line of poetry (“此心安处是吾乡”). Police
# formulations that happen to be dictionary words (“一站式” "one-stop") count as
# ordinary words and drop out of §3. The rules are a first sort, to be read, not a
# verdict; every row of `quotes.csv` can be checked against its paragraph.
#
# > **Your turn.** (1) Lower `COMMON_FREQ` to 5, then raise it to 200, and compare the
# > `form` column with the notebook's: which quotes change class, and which setting is
# > more often right? (2) Write a rule that flags short quoted remarks such as
# > “我有户口啦” as speech (for example: a first-person pronoun 我 or a sentence-final
# > particle 啦/吗/呢). What does it misclassify? (Solutions:
# > [Exercises 1 and 5](../solutions/05_formulations_solutions.ipynb).)

# %%
if BUNDLED:
    form_of = dict(zip(quotes.formulation, quotes.form, strict=False))
    check.equal([form_of[q] for q in ["我有户口啦", "此心安处是吾乡", "一站式"]],
                ["formulation", "formulation", "ordinary word"], "the rules' failures")

# %% [markdown]
# ## 3 Counting formulations, and where they come from
# We count every **formulation**: the normalised quotes classified `formulation` or
# `lexicon`, plus every lexicon term of kind slogan, programme or institution, quoted or
# not — a formulation is often used *without* quotation marks, so each one is counted
# everywhere it occurs:
#
# * lexicon terms as segmentation finds them; other phrases wherever they occur;
# * **a formulation inside a longer one is part of the longer one**: 1+N inside 1+1+N,
#   大数据 "big data" inside 专业+机制+大数据, 市县主战 inside the pair 市县主战、派出所主防
#   (occurrences that merely overlap are both counted);
# * an occurrence is **quoted** when a quote's normalised content is exactly the
#   formulation; everything else is **unquoted** (bare, or inside a longer quote).
#
# The nesting rule on a hand-made sentence:

# %%
formulations.maximal_occurrences("建立“1+1+N”机制，开展“1+N”活动，健全“市县主战、派出所主防”体系",
                                 ["1+N", "1+1+N", "市县主战、派出所主防", "市县主战"])

# %% [markdown]
# 1+N is counted once (its own quote), not twice, and 市县主战 not at all: here it is
# only half of the pair. Now the corpus; `source` says how a row entered the table
# (`quoted` only, `lexicon` only, `both`), `used_in` lists the localities that use it.

# %%
counts = formulations.formulation_counts(paragraphs, quotes, localities=localities)
plotting.save_table(counts, NOTEBOOK, "formulations_by_locality")
counts.shape

# %%
counts.head(10).drop(columns=["form", "theme", "total", "n_localities_quoted", "used_in"])

# %% [markdown]
# > **Your turn.** Some formulations found here are not lexicon terms, so segmentation
# > cuts them (红蓝对抗 "red-vs-blue drills" becomes 红蓝 | 对抗). Extend the lexicon in
# > a scratch copy: `mine = lexicon.read_dictionary(pd.DataFrame({"term": [...],
# > "theme": [...], "kind": "programme", "gloss": [...]}))` and
# > `my = pd.concat([lexicon.load_lexicon(), mine])`, then pass `lexicon=my` to `segment.tokenize`, `formulations.quotes_table` and
# > `formulations.formulation_counts` (the package's `lexicon.csv` is not touched).
# > What changes in the tokens, the quote classes and the counts? (Solution:
# > [Exercise 6](../solutions/05_formulations_solutions.ipynb).)

# %% [markdown]
# **Spread is a fact about these texts.** `spread` says only whether one locality or
# several use a formulation. It is tempting to read the column of the national news
# feature as "the centre" and call everything it uses national. That reading fails
# here, for a reason a count cannot see and a reader can. The feature is a Police Day
# news story made largely of *local* showcases (Guangzhou Zengcheng's "two lists",
# Beijing Haidian's community officer as "deputy Party secretary in police uniform",
# Suzhou's online police office), and the
# bureau chiefs quote central formulas the feature never needs. Where a formulation
# *comes from* is a separate question, answered by reading, not counting.
#
# **Origins, coded by hand.** `helpers/data/formulation_origins.csv` gives, for the
# formulations this notebook reports, an **origin** with its **basis** (a short reason,
# with the document or the words of the text that settle it):
#
# * **national** — issued by the Party Centre, Xi Jinping, the State Council or the
#   Ministry of Public Security (MPS), or a nationwide platform or category: 两个确立;
#   首违免罚 (local codification of the 首违不罚 rule of the 2021 revised Administrative
#   Penalty Law); 金钟罩 (one anti-fraud app promoted by police in many provinces);
# * **provincial** — a province's campaign or system: 主动创稳 (Gansu-wide); 1+4+N
#   (the text itself says 省公安厅 "the provincial department's");
# * **municipal** — a city's, district's or station's own programme or brand, including
#   local models that central media showcase: 迎客松义警, Zengcheng's 两张清单;
# * **generic idiom** — ordinary official language or police shorthand with no issuing
#   body: 最后一公里 "the last kilometre", 黄赌毒 "vice, gambling, drugs".
#
# Formulations nobody has coded are shown as **uncoded**, not guessed.

# %%
coded = formulations.add_origins(counts)
plotting.save_table(coded, NOTEBOOK, "formulations_with_origin")
by_origin = formulations.origin_by_spread(coded)
plotting.save_table(by_origin, NOTEBOOK, "origin_by_spread", index=True)
by_origin

# %% [markdown]
# Read the table by columns. The formulations that several texts share are mostly
# **national**, with generic idiom a distant second, and **not one** provincial or
# municipal formulation is shared by two localities: these texts do not borrow each
# other's brands. Formulations of one locality are mixed: there are about as many
# national ones, which only one text happens to use, as municipal ones. "Used in one
# locality" does not mean "local".

# %%
if BUNDLED:
    shared_rows = by_origin["several localities"].drop("all")
    check.claim(shared_rows["national"] > shared_rows.drop("national").sum(),
                "shared formulations: mostly national")
    check.equal(shared_rows.drop("national").idxmax(), "generic idiom", "generic idiom next")
    check.equal(int(shared_rows[["provincial", "municipal"]].sum()), 0, "no shared brand")
    once = by_origin["one locality"]
    check.claim(abs(once["national"] - once["municipal"]) <= 0.25 * once["municipal"],
                "one locality: about as many national as municipal formulations")

# %% [markdown]
# The bases, by origin, for the formulations several localities share:

# %%
# the bases name places; on another corpus they stay in formulations_with_origin.csv
columns = ["formulation", "origin", "basis", "used_in"] if BUNDLED else [
    "formulation", "origin", "used_in"]
shared_coded = coded[coded.spread == "several localities"][columns]
plotting.save_table(shared_coded, NOTEBOOK, "shared_formulations_origin")
shared_coded.sort_values("origin", key=lambda s: s.map(
    {o: i for i, o in enumerate([*formulations.ORIGINS, formulations.UNCODED])}), kind="stable")

# %% [markdown]
# Two groups deserve a closer look. First, formulations used **only by non-local texts**
# (the national news feature and the essay) whose origin is municipal or provincial:
# local practices that central media showcase as models (典型经验 *diǎnxíng jīngyàn*).
# Second, **national** formulations used by **one local text only**: central formulas
# that only one article quotes in full, such as the Six Musts (六个必须坚持) of the 20th
# Party Congress report and the police's sixteen-character charge (对党忠诚、服务人民、
# 执法公正、纪律严明), both quoted only by the Changzhou study group.

# %%
nonlocal_places = set(articles.locality[compare.is_nonlocal(articles.admin_level)])
only_nonlocal = coded.used_in.str.split("; ").map(lambda used: set(used) <= nonlocal_places)
showcased = coded[only_nonlocal & coded.origin.isin(["municipal", "provincial"])][columns]
plotting.save_table(showcased, NOTEBOOK, "local_models_in_nonlocal_texts")
if showcased.empty:
    print("no municipal or provincial formulation is used only by non-local texts here")
showcased

# %%
national_once = coded[(coded.origin == "national") & (coded.spread == "one locality")]
plotting.save_table(national_once[columns], NOTEBOOK, "national_in_one_locality")
if national_once.empty:
    print("no national formulation is used by one locality only in this corpus")
national_once.groupby("used_in").formulation.apply(" ".join).to_frame("national, one text")

# %%
if BUNDLED:
    six_musts = formulations.kwic_formulation(paragraphs, "六个必须坚持")
    check.equal(set(six_musts.article_id), {FACTS["study_group"]}, "Six Musts: study group")
    only_there = set(national_once[national_once.used_in == FACTS["three_text_place"]].formulation)
    check.claim({"六个必须坚持", "对党忠诚服务人民执法公正纪律严明"} <= only_there
                or {"六个必须坚持", "对党忠诚、服务人民、执法公正、纪律严明"} <= only_there,
                "Six Musts and the 16-character charge: one place only")
    check.claim(len(showcased) >= 5, "several local models only in non-local texts")
    check.claim({"两张清单", "穿警服的副书记", "网上警务室"} <= set(showcased.formulation),
                "Zengcheng, Haidian and Suzhou showcased by the feature")

# %% [markdown]
# And the candidates for **local brands**: formulations coded municipal, per locality.
# Compare them with the uncoded single-locality rows (`formulations_with_origin.csv`):
# many of those are brands too, and some are central, which is why they stay uncoded
# until someone reads them.
#
# > **Your turn.** Pick three `uncoded` rows of `formulations_with_origin.csv`, read them
# > with `formulations.kwic_formulation`, and code them in a scratch copy of the origins
# > file: `pd.concat([formulations.load_origins(), mine]).to_csv(path)`, then
# > `formulations.add_origins(counts, formulations.load_origins(path))`. What evidence did
# > each need? (Solution: [Exercise 3](../solutions/05_formulations_solutions.ipynb).)

# %%
municipal = coded[coded.origin == "municipal"]
if municipal.empty:
    print("no formulation coded municipal occurs in this corpus")
brands = municipal.groupby("used_in").formulation.apply(" ".join)
brands = brands.reindex([p for p in localities if p in brands.index]).to_frame("municipal")
plotting.save_table(brands, NOTEBOOK, "municipal_by_locality", index=True)
brands

# %% [markdown]
# **Reading the origins.** A bottom-up trace is in the texts themselves: Huangshan's
# joint review of guesthouses (联审模式) "was affirmed by the Ministry of Public Security,
# which held an on-site meeting to promote it" (获得公安部肯定并召开现场会推广). Local
# pilots become national models (试点 → 推广) as well as central formulas going down. The
# coding says where a formulation was *issued*; it does not say in which direction it
# moved between the texts of this corpus. Any formulation can be looked up in context:

# %%
example = showcased.formulation.iloc[0] if len(showcased) else counts.formulation.iloc[0]
context = formulations.kwic_formulation(paragraphs, example)
plotting.save_table(context, NOTEBOOK, "kwic_example")
print(example)
context

# %% [markdown]
# ## 4 Two worked examples
# ### 4a One formula, two wordings
# The promise that the people "feel fairness and justice" in every case is a stock
# formula of political-legal work with two wordings, set in the `parameters` cell. The
# older one, about **judicial** cases (在每一个司法案件中感受到公平正义), is the wording
# of the 20th Party Congress report (October 2022), which Xi first used in 2013; the
# **police** one (在每一起案件办理、每一件事情处理中都能感受到公平正义, "in the handling
# of every case and every matter") adapts it to enforcement and services. Which texts use which? The search runs on the
# clean text, before lexicon variants are rewritten, so the wordings stay apart:

# %%
found = {name: count.kwic(paragraphs, phrase, window=12, prepare_text=str)
         for name, phrase in WORDINGS.items()}
for name, phrase in WORDINGS.items():
    if found[name].empty:
        print(f"no occurrences of {phrase} in this corpus")
wordings = pd.concat(found, names=["wording", None]).reset_index(level=0)
wordings = wordings.merge(articles[["article_id", "date", "genre"]], on="article_id")
plotting.save_table(wordings, NOTEBOOK, "justice_formula_wordings")
wordings[["wording", "article_id", "locality", "date", "genre", "left", "right"]]

# %% [markdown]
# One text — Zhengdong's newspaper article, the earliest dated text of the corpus
# (late 2022 to 2023) and a study piece on the 20th Congress report that quotes it
# paragraph by paragraph — has the report's judicial wording. Every other use has the
# police wording, in three texts of 2024, from a Changzhou forensic technician to two
# bureau chiefs. The wording a text uses follows the **source it
# draws on** (the Congress report, or police-system documents), not its place: the
# police wording is not a Heilongjiang or an Anhui variant. With dated texts from more
# years, the switch from one wording to the other could be dated; here it can only be
# shown.
#
# > **Your turn.** Add a third wording to `WORDINGS`: 公平正义是执法司法工作的生命线
# > ("fairness and justice are the lifeline of enforcement and judicial work"). Is it a
# > wording of the same formula, or a different one? Read its lines before you decide.
# > (Solution: [Exercise 4](../solutions/05_formulations_solutions.ipynb).)

# %%
if BUNDLED:
    by_wording = wordings.groupby("wording").article_id.apply(lambda s: sorted(set(s)))
    district = FACTS["district_piece"]
    check.equal(by_wording["judicial"], [district], "judicial wording: the district piece only")
    check.equal(len(by_wording["police"]), 3, "police wording: three texts")
    check.claim(district not in by_wording["police"], "no text uses both")
    dated = articles[articles.date.astype(str).str.match(r"\d{4}")].sort_values("date")
    check.equal(dated.article_id.iloc[0], district, "the district piece: the earliest dated")
    check.claim(wordings[wordings.wording == "police"].date.str.startswith("2024").all(),
                "police wording: texts of 2024")

# %% [markdown]
# ### 4b One name, two meetings
# 全国公安工作会议, the National Public Security Work Conference convened by the Party
# Centre, has met twice in this era: in May 2019 and, "after an interval of five years"
# (时隔五年), in May 2024. One string therefore names two events, and counting it as one
# "diffusing formulation" merges them. `which_meeting` settles the session where the
# text allows: by a phrase of the article (`SESSION_CUES`), else by the article's date
# (a text cites the latest session held before it was written), else "undecided".

# %%
mentions = formulations.kwic_formulation(paragraphs, MEETING, window=14)
if mentions.empty:
    print(f"no occurrences of {MEETING} in this corpus")
sessions = formulations.which_meeting(mentions, articles, SESSIONS, cues=SESSION_CUES)
plotting.save_table(sessions, NOTEBOOK, "meeting_sessions")
sessions[["article_id", "date", "left", "right", "meeting", "meeting_basis"]]

# %% [markdown]
# The national news feature, dated January 2024, can only mean the 2019 session (it
# quotes Xi's call of that year to push police reform "in depth"). Huangshan says the
# Centre convened the conference "again after five years", so its four mentions are of
# 2024. Tianshui's one mention is settled by its date: the journal pieces were written
# between late July and September 2024, after the conference and the Third Plenum. A
# text whose date straddled a session would stay "undecided": the code does not guess.

# %%
if BUNDLED:
    session_of = sessions.groupby("article_id").meeting.agg(lambda s: sorted(set(s)))
    for article_id, (session, mentions) in FACTS["conference_sessions"].items():
        check.equal(session_of[article_id], [session], f"{article_id}: the {session} session")
        if mentions is not None:
            check.equal(int((sessions.article_id == article_id).sum()), mentions, "mentions")

# %% [markdown]
# ## 5 What the texts share: presence and overlap
# The **presence matrix** has one row per formulation used by at least `MIN_LOCALITIES`
# localities and one column per locality: dark when the text quotes it, light when it
# uses it only without quotation marks. Rows are sorted by the number of localities,
# then by which localities use them, so blocks of shared vocabulary appear as blocks of
# colour. One figure per origin (split after `MAX_ROWS` rows) keeps the labels readable.

# %%
presence = formulations.presence_matrix(coded, quotes, localities=localities,
                                        min_localities=MIN_LOCALITIES)
plotting.save_table(presence, NOTEBOOK, "presence_matrix", index=True)
origin_of = coded.set_index("formulation").origin
presence.groupby(origin_of.reindex(presence.index)).size().to_frame("rows")

# %%
glosses = {}  # figure glosses of words outside the lexicon, added to the general list
if BUNDLED:  # formulas particular to the bundled texts
    glosses = {"容缺办": "processing with items pending", "红蓝对抗": "red-vs-blue drills",
               "市县主战、派出所主防": "city/county bureaus fight, stations prevent",
               "有困难找组织": "in need, turn to the organisation", "四强": "the 'four strongs'",
               "国之大者": "the nation's greatest matters", "N": "fragment: the N of '1+N'",
               "坚持党的全面领导": "uphold the Party's overall leadership",
               "坚持人民至上": "uphold 'the people first'"}

# %%
term_labels = plotting.term_labels(presence.index, glosses=glosses)  # a gloss on every row
for origin in [*formulations.ORIGINS, formulations.UNCODED]:
    rows = presence[origin_of.reindex(presence.index).to_numpy() == origin]
    if rows.empty:
        print(f"no {origin} formulation is used by {MIN_LOCALITIES}+ localities")
    starts = range(0, len(rows), MAX_ROWS)
    for k, start in enumerate(starts, 1):
        part = f" ({k} of {len(starts)})" if len(starts) > 1 else ""
        fig = plot_compare.plot_presence_panel(
            rows.iloc[start:start + MAX_ROWS], labels=labels, term_labels=term_labels,
            title=f"{origin}{part}: formulations used by {MIN_LOCALITIES}+ localities 提法的分布")
        plotting.save_figure(fig, NOTEBOOK, f"presence_{origin.replace(' ', '_')}{part and k}")
        plt.show()

# %% [markdown]
# **What to notice.** A cross-section shows what is **shared**, not which way it
# travelled: nothing in one set of texts, most of them from one year, says that a formula
# went "from the centre" to a locality rather than from a pilot city to the ministry and
# then to others (§3). Three readings survive.
#
# * **The operating model is nearly everywhere.** 专业+机制+大数据 and 情指行
#   ("integrated intelligence, command and operations") are used in six or seven of the
#   nine localities and quoted (dark) wherever they appear: the texts flag them as
#   formulas.
# * **The loyalty litany marks a genre.** 两个确立, 两个维护 ("the Two Safeguards"), 四个
#   意识 ("Four Consciousnesses") and 四个自信 ("Four Confidences") appear only in the
#   signed articles of the police journal. These are the most central formulas there are;
#   they open every central document on policing. Their absence from the news feature
#   says that a Police Day news story is reportage, while a bureau chief's signed article
#   is a position-taking piece (表态 *biǎotài*) written upward, in which the litany is
#   obligatory. It says nothing about where the formulas circulate.
# * **Shared station vocabulary points to a common source.** The news feature and
#   Qiqihar share the parts of the police-station reform (社区警务队 "community-policing
#   team", 案件办理队 "case-handling team", 综合指挥室 "integrated command office"):
#   both reproduce the MPS's standard definition of 两队一室, not each other.

# %%
if BUNDLED:
    loyalty = ["两个确立", "两个维护", "四个意识", "四个自信"]
    genre_of = dict(zip(articles.locality, articles.genre, strict=False))
    users = {p for f in loyalty for p in coded.set_index("formulation").at[f, "used_in"].split("; ")}
    check.equal({genre_of[p] for p in users}, {"signed article by a bureau chief"},
                "the loyalty litany: only the journal's signed articles")
    station = coded.set_index("formulation").loc[["社区警务队", "案件办理队", "综合指挥室"], "used_in"]
    check.equal(set(station), {FACTS["station_vocabulary_users"]}, "station vocabulary: two texts")
    model_rows = presence.loc[["专业+机制+大数据", "情指行"]]
    check.equal(model_rows.gt(0).sum(axis=1).tolist(), [7, 6], "the model: six or seven places")
    check.claim(((model_rows == 0) | (model_rows == 2)).all().all(), "quoted wherever used")

# %% [markdown]
# **Overlap.** For two localities A and B, the Jaccard index |A ∩ B| / |A ∪ B| is the
# share of their formulations they have in common (all formulations, local brands
# included). With one text per place it measures how alike two *texts* are. By hand with
# Python sets on two toy texts, then the helper on the same two as a presence table:

# %%
text_a, text_b = {"两个确立", "枫桥经验", "情指行"}, {"情指行", "枫桥经验", "一网通办", "1+N"}
toy_presence = pd.DataFrame({"A": [f in text_a for f in sorted(text_a | text_b)],
                             "B": [f in text_b for f in sorted(text_a | text_b)]},
                            index=sorted(text_a | text_b)).astype(int)
len(text_a & text_b) / len(text_a | text_b), float(formulations.jaccard_overlap(toy_presence).at[
    "A", "B"])

# %% [markdown]
# Two shared formulations out of five distinct ones: 0.4 either way. The corpus:

# %%
jaccard = formulations.jaccard_overlap(
    formulations.presence_matrix(coded, quotes, localities=localities))
plotting.save_table(jaccard, NOTEBOOK, "jaccard_overlap", index=True)
fig = plot_compare.plot_overlap(jaccard, labels=labels)
plotting.save_figure(fig, NOTEBOOK, "jaccard_overlap")
plt.show()

# %%
pairs = jaccard.where(~pd.DataFrame(
    [[i <= j for j in range(len(jaccard))] for i in range(len(jaccard))],
    index=jaccard.index, columns=jaccard.columns)).stack().sort_values(ascending=False)
pairs.head(5).to_frame("jaccard")

# %% [markdown]
# Overlaps are small (the largest pairs are printed above): most of what each text puts
# between quotation marks is its own. The closest pairs are journal articles written
# to one commission on the Third Plenum (notebook 04): one prompt and one editor make
# texts alike, whatever their places.

# %%
if BUNDLED:
    check.at_most(pairs.max(), 0.3, "overlaps are small")
    journal = set(articles.locality[articles.genre == "signed article by a bureau chief"])
    check.claim(set(pairs.index[0]) <= journal, "closest pair: two journal articles")

# %% [markdown]
# ## 6 Text reuse: shared passages
# Formulations are short. Do texts also share whole clauses? A **shingle** is a
# character n-gram; we index every `SHINGLE`-character shingle of every paragraph, keep
# those found in paragraphs of two *different* localities (Changzhou's three articles
# count as one place), and merge overlapping shingles on the same alignment into
# **maximal shared passages**. `formulations.passage_reuse` keeps one row per passage
# and pair of localities, with `n_pairs`, the pairs of paragraphs behind it
# (`formulations.shared_passages` lists every pair, a table that grows with the square
# of how often a paragraph is repeated). Below: the pairs, then the distinct passages.

# %%
shared = formulations.passage_reuse(paragraphs, min_chars=SHINGLE)
plotting.save_table(shared, NOTEBOOK, "shared_passages")
passages = formulations.passage_spread(shared)
plotting.save_table(passages, NOTEBOOK, "shared_passages_distinct")
int(shared.n_pairs.sum()), len(passages)

# %%
passages.head(12)

# %% [markdown]
# A shingle set is a one-liner, `{text[i:i + n] for i in range(len(text) - n + 1)}`,
# which is what `formulations.shingles` returns; two texts share a passage when their
# sets meet:

# %%
clause = "深刻领悟两个确立的决定性意义"
by_hand = {clause[i:i + SHINGLE] for i in range(len(clause) - SHINGLE + 1)}
by_hand == formulations.shingles(clause, SHINGLE), len(by_hand)

# %% [markdown]
# **What verbatim sharing can show.** Two texts that share a 30-character clause did
# not write it independently: the passage has a common origin. Here the origins are
# visible. The longest passage is the loyalty litany ("deeply grasp the decisive
# significance of the Two Establishments, strengthen the Four Consciousnesses, firm up
# the Four Confidences, achieve the Two Safeguards"), a sentence that opens virtually
# every Party document since 2021: it shows the genre, not a template of this
# compilation. The justice formula of §4a follows. Qiqihar and the news feature share
# the MPS's definition of the new policing model (完善以做专警种为关键、以运行机制为牵引、
# 以大数据赋能为支撑的…), again a common ministry source.
#
# **What it cannot show.** Who copied whom: both texts usually quote a third source
# that is not in the corpus. Nor does the absence of a shared passage show independence:
# two texts can follow one template in paraphrase. The strongest evidence of a 2024
# template in the journal articles — the "five modernisations" and the "four functional
# systems" of public-security modernisation, shared by Qiqihar, Zhangqiu and Huangshan —
# shows up verbatim only in one short run (printed below), and otherwise in parallel
# headings and lists that shingles do not catch (notebook 04, §5).
#
# > **Your turn.** Set `SHINGLE = 8` and re-run §6. How many passages are added, and are
# > they still evidence of a common source, or just common phrases such as 习近平总书记
# > ("General Secretary Xi Jinping")? (Solution:
# > [Exercise 2](../solutions/05_formulations_solutions.ipynb).)

# %%
if BUNDLED:
    top = passages.iloc[0]
    check.claim("两个确立" in top.passage and "两个维护" in top.passage, "longest: the litany")
    justice = passages[passages.passage.str.contains(WORDINGS["police"])]
    check.claim(len(justice) > 0 and justice.index[0] <= 2, "the justice formula follows")
    model = passages[passages.passage.str.contains("以做专警种为关键")]
    check.claim(model.localities.str.contains(FACTS["model_place"]).all(), "model definition")

# %%
if BUNDLED:
    text_of = dict(zip(articles.article_id, articles.text, strict=True))
    for marker, users in FACTS["template_users"].items():  # a phrase of the 2024 template
        check.equal([a for a in text_of if marker in text_of[a]], users, f"who writes {marker}")
    template = ["捍卫政治安全体系", "维护社会稳定体系", "公共安全治理体系", "服务高质量发展体系",
                "思想观念现代化", "组织形态现代化", "职能体系现代化", "支撑保障现代化", "素质现代化"]
    runs = passages[passages.passage.apply(lambda text: any(k in text for k in template))]
    check.equal(len(runs), 1, "one short verbatim run of the 2024 template")

# %%
if BUNDLED:
    print(runs[["passage", "n_chars", "localities"]].to_string(index=False))
longest = shared.drop_duplicates("passage").head(6).drop(columns=["offset_a", "offset_b",
                                                                   "n_pairs"])
plotting.save_table(longest, NOTEBOOK, "longest_shared_passages")
longest

# %%
reuse = formulations.reuse_matrix(shared, localities=localities)
plotting.save_table(reuse, NOTEBOOK, "reuse_by_locality_pair", index=True)
reuse.rename(index=labels, columns=labels)

# %% [markdown]
# Counts of distinct shared passages per pair (a maximal passage for one pair can be a
# sub-passage of another pair's). The journal articles share most with each other;
# the news feature shares little verbatim with any of them.

# %%
if BUNDLED:
    upper = reuse.where(~pd.DataFrame([[i <= j for j in range(len(reuse))]
                                       for i in range(len(reuse))],
                                      index=reuse.index, columns=reuse.columns)).stack()
    check.claim(set(upper.idxmax()) <= journal, "most reuse: two journal articles")
    check.at_most(reuse[FACTS["feature_place"]].max(), upper.max() / 2, "the feature shares little")

# %% [markdown]
# ## Exercises
# The "Your turn" prompts sit in the sections that teach their method: §2 (Exercises 1
# and 5), §3 (6 and 3), §4a (4) and §6 (2). Worked, executed solutions:
# [`solutions/05_formulations_solutions`](../solutions/05_formulations_solutions.ipynb).
#
# ## Limitations
# * **This corpus cannot show diffusion.** Eleven texts, most from 2024 (the design is
#   set out after the first table): a formulation's presence in several texts shows that they
#   share it, not where it started, in which order it spread, or whether a bureau uses
#   it outside this one article. No dated series, no central documents, no provincial texts are included.
# * **"Local" means "in one text".** A central formulation quoted by one article looks
#   local; only the hand-coded origin corrects that, and only for the formulations
#   coded. The origin coding is one reader's, with a stated basis; its national /
#   provincial / municipal lines can be argued (a city pilot later adopted by the MPS is
#   coded where it is issued today).
# * **Genre, date and commission, not place.** The loyalty litany separates signed
#   journal articles from a news feature; the journal pieces resemble each other because
#   one editor commissioned them on one topic. These explanations come before locality.
# * **Quotes are not formulations.** The classifier is a set of transparent rules; it
#   misses speech without a full stop and drops formulations that are dictionary words.
# * **The lexicon shapes the counts**: unquoted uses are only found for phrases someone
#   quoted or the lexicon lists, and the nesting rule depends on which longer phrases
#   are known.
# * **Verbatim sharing** shows common wording, not who copied whom, and its absence
#   does not show independence.
#
# ## Summary
# Quotation marks are the texts' own annotation of formulations, but also of speech,
# emphasis and brand names; a stack parser extracts them and simple rules sort them,
# with errors we can list. Counting where formulations occur tells us what the texts
# *share*; a hand-coded origin tells us where a formulation was *issued*, and the two
# differ: national formulas that one article alone quotes, local models that only
# central media show. Formulas shared by many texts are mostly national; the loyalty
# litany marks the genre of signed position-taking articles; the station vocabulary
# shared by the news feature and Qiqihar, and the longest shared passages, point to
# common ministry and Party sources. The justice formula's two wordings show that what
# a text repeats follows its source, and the conference name shows that one string can
# name two events.
#
# ## What's next
# Follow a formulation over time: with dated texts from several years, the presence
# matrix becomes a diffusion curve and the two wordings of §4a can be dated. Code the
# `uncoded` rows, and extend a user lexicon with the formulations found here (the §3
# "Your turn") so that the other notebooks, given `lexicon=`, count them as single tokens.
#
# ## References
# * Schoenhals, M. (1992). *Doing Things with Words in Chinese Politics: Five Studies*.
#   Institute of East Asian Studies, University of California, Berkeley.
# * Qian, G. (钱钢) and the China Media Project. *The Decoding China Dictionary* (on
#   official formulations, 提法).
# * Heilmann, S. (2008). Policy experimentation in China's economic rise. *Studies in
#   Comparative International Development* 43(1), 1–26 (pilots and their promotion).
# * Broder, A. Z. (1997). On the resemblance and containment of documents. *Proc.
#   Compression and Complexity of Sequences*, 21–29 (shingling).
# * Jaccard, P. (1912). The distribution of the flora in the alpine zone. *New Phytologist*
#   11(2), 37–50.
