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
# # 01 · Segmentation: how Chinese text becomes tokens
#
# **Overview.** Written Chinese puts no spaces between words, so before anything can be
# counted a program must decide where words begin and end: *word segmentation* (分词
# *fēncí*). Every later notebook counts the tokens made here, so the choices made here —
# a segmenter, a dictionary, stopword lists — are choices in every result. By the end
# you will be able to:
#
# 1. explain jieba's three segmentation modes and its HMM for unknown words, on real
#    sentences from the corpus (§1);
# 2. read the **lexicon audit**: which reform formulations plain jieba breaks apart,
#    and how the project lexicon keeps them whole (§2);
# 3. tag tokens with parts of speech and keep only nouns and verbs (§3);
# 4. say what the two stopword lists remove and how they change a frequency list (§4);
# 5. trace a spaced, full-width or punctuated formulation through normalisation (§5).
#
# Every method's formula and intuition: the [methods glossary](../book/glossary.md).
#
# **Prerequisites**
#
# | Concept | Importance | Notes |
# |---|---|---|
# | `00_corpus_tour` | necessary | the corpus, paragraphs and cleaning |
# | pandas DataFrames | necessary | filtering rows, `value_counts` |
# | Reading Chinese | helpful | every Chinese term is glossed in English |
#
# *Time to learn: about 45 minutes (30 to read and run, 15 for the "Your turn" prompts).*

# %% [markdown]
# ## Imports and settings
# The only knobs are in the next cell (tagged `parameters`): the corpus folder, the
# export name, the terms whose example sentences §1 segments, how many top words §4
# lists, which part-of-speech families §3 keeps, and the term whose comma-separated
# variant §5 traces (any such variant of the corpus if that one is absent). Nothing
# here is random, so there is no seed.

# %% tags=["parameters"]
CORPUS = None  # a folder with raw/, manifest.csv and excluded.csv; None = bundled corpus
NOTEBOOK = "01_segmentation"  # results/tables/<NOTEBOOK>/
EXAMPLE_TERMS = ["两队一室", "情指行", "新质公安战斗力"]  # §1: one short sentence each
TOP_N = 20  # §4: length of the top-word lists
POS_KEEP = ("n", "v")  # §3: tag prefixes kept by the noun/verb filter
COMMA_TERM = "大部门大警种"  # §5: a term whose variant has an enumeration comma (、)

# %%
import logging

import pandas as pd

from helpers import check
from helpers.analysis import count
from helpers.figures import plotting
from helpers.text import corpus, lexicon, segment

BUNDLED = check.is_bundled(CORPUS)  # claims about the bundled texts are checked only then
FACTS = check.bundled_facts("01_segmentation") if BUNDLED else {}  # their ids and values
pd.set_option("display.max_colwidth", 120)
paragraphs = corpus.load_paragraphs(CORPUS)
len(paragraphs)

# %% [markdown]
# ## 1 jieba's modes and its HMM
# We segment with **jieba** (结巴, "stammer"), the most widely used open-source Chinese
# segmenter. It finds words with a dictionary of about 350,000 entries: it builds
# every path of dictionary words through the sentence and takes the most probable one.
# It has three modes:
#
# * **precise** (`lcut`, the default): one best segmentation, for text analysis;
# * **full** (`lcut(cut_all=True)`): *every* dictionary word found, overlapping — fast,
#   but a token list you cannot count;
# * **search** (`lcut_for_search`): precise, plus the shorter words inside long tokens,
#   for search-engine indexing.
#
# For stretches that are not in the dictionary, precise and search mode use a hidden
# Markov model (**HMM**) that labels each character as the beginning, middle, end of a
# word or a single-character word, and so can propose *new* words. We take one short
# sentence for each of three terms, straight from the corpus:

# %%
examples = segment.example_sentences(paragraphs, EXAMPLE_TERMS)
examples

# %% [markdown]
# 两队一室 (*liǎng duì yī shì*, "two teams, one office": a station's community-policing
# team and case-handling team, plus its integrated command office); 情指行 (*qíng zhǐ
# xíng*, integrated intelligence, command and operations); 新质公安战斗力 (*xīn zhì
# gōng'ān zhàndòulì*, "new-quality public-security combat effectiveness", the police
# counterpart of 新质生产力, "new quality productive forces").
#
# Each sentence under jieba's modes with its default dictionary, and under the
# project's tokenizer (precise mode with the project lexicon, §2). Punctuation is
# dropped; nothing else is.

# %%
modes = segment.compare_modes(examples.sentence)
plotting.save_table(modes, NOTEBOOK, "jieba_modes")
modes

# %% [markdown]
# **What to notice.**
# * *Precise* mode cuts 两队一室 into 两队 / 一室 and the slogan 新质公安战斗力 into three
#   words: fine for a general reader, wrong for us — a count of 两队一室 would be zero.
# * Without the **HMM**, characters the dictionary does not join fall apart into single
#   characters (一 / 室, 情 / 指 / 行, 新 / 质). With it, jieba *guesses* 情指行 and
#   新质 as new words — right here, but a guess is not a guarantee (§2 shows one that
#   goes wrong).
# * *Full* mode returns overlapping words (派出 and 派出所, 持续 and the nonsense 续完,
#   "continue-finish"): its tokens overlap, so they cannot be counted as a text.
# * *Search* mode adds 派出 inside 派出所 and 战斗 inside 战斗力: useful for an index,
#   double counting for us.
#
# The project therefore uses precise mode with the HMM on, plus a **domain lexicon**.

# %%
if BUNDLED:
    by_mode = modes.set_index(["sentence_no", "mode"]).tokens
    check.claim("两队 / 一室" in by_mode[1, "precise"], "precise cuts 两队一室")
    check.claim("新质 / 公安 / 战斗力" in by_mode[3, "precise"], "three words")
    check.claim("一 / 室" in by_mode[1, "precise, HMM off"]
                and "情 / 指 / 行" in by_mode[2, "precise, HMM off"]
                and "新 / 质" in by_mode[3, "precise, HMM off"], "HMM off: single characters")
    check.claim("情指行" in by_mode[2, "precise"].split(" / "), "the HMM guesses 情指行")
    check.claim("续完" in by_mode[2, "full (cut_all=True)"], "full mode: 续完")
    check.claim("派出 / 派出所" in by_mode[1, "search (cut_for_search)"]
                and "战斗 / 战斗力" in by_mode[3, "search (cut_for_search)"], "search adds")

# %% [markdown]
# **The call you would write elsewhere.** Outside this project, segmenting a sentence is
# one line of jieba, `jieba.lcut(sentence)` (precise mode, HMM on, default dictionary).
# The project's `segment.tokenize` is that call with three additions: the text is
# normalised first (§5), lexicon terms are cut out whole before jieba sees the rest (§2),
# and punctuation (and, by default, stopwords, §4) is dropped. The first example
# sentence both ways:

# %%
import jieba  # noqa: E402  (already loaded by segment; imported here to call it directly)

jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict ..." lines in the output
sentence = examples.sentence.iloc[0] if len(examples) else paragraphs.text.iloc[0][:60]
print("jieba.lcut:      ", " / ".join(jieba.lcut(sentence)))
print("segment.tokenize:", " / ".join(segment.tokenize(sentence, stopwords=False)))

# %%
if BUNDLED:
    check.claim("两队一室" not in jieba.lcut(sentence)
                and "两队一室" in segment.tokenize(sentence, stopwords=False),
                "jieba splits 两队一室, the tokenizer keeps it")

# %% [markdown]
# > **Your turn.** Run §1's comparison of modes on a sentence with 枫桥经验 (*Fēngqiáo
# > jīngyàn*, the "Fengqiao Experience") and one with 民转刑 (*mín zhuǎn xíng*, civil
# > disputes turning into crimes): `segment.example_sentences(paragraphs, [...],
# > max_chars=200)` (民转刑 has no sentence of 60 characters or fewer), then
# > `segment.compare_modes`. Which modes keep each term whole, and why does the HMM
# > matter for one of them but not the other? (Solution:
# > [Exercise 1](../solutions/01_segmentation_solutions.ipynb).)
#
# ## 2 The lexicon audit
# `helpers/data/lexicon.csv` lists reform terms (formulations, 提法 *tífǎ*, institutions,
# programmes and concepts), each with an English gloss, a short label for figures,
# pinyin, a theme and surface variants. The tokenizer cuts every lexicon term out as one
# token before jieba sees the rest of the text, and rewrites variants to their term
# first. The themes, how many terms each has, and whether theme scoring counts them:

# %%
terms = lexicon.load_lexicon()
theme_table = lexicon.themes(terms)
print(len(terms), "terms in", len(theme_table), "themes")
theme_table[["theme", "theme_zh", "scored", "n_terms"]]

# %% [markdown]
# One theme is not scored: *Meetings and agenda references* (会议与议程提及). Its terms,
# such as 二十大 (the 20th Party Congress) and 二十届三中全会 (the Third Plenum of July
# 2024), date a text and name the prompt it answers; they stay whole tokens, but a rate
# of meeting names is not a rate of any reform theme, and counting them as "loyalty"
# would mistake an obligatory citation for a political signal. `helpers/data/README.md`
# gives each theme's rationale and an example.

# %%
if BUNDLED:
    check.equal(theme_table.loc[~theme_table.scored, "theme"].tolist(),
                ["Meetings and agenda references"], "one theme out of scoring")

# %% [markdown]
# The audit asks, for every term: how often does it occur, how often does *plain* jieba
# (no lexicon) return it as one token, and how often does the project tokenizer? This
# is the table a methods section needs: it shows exactly what the lexicon changes.

# %%
audit = segment.lexicon_audit(paragraphs.text)
plotting.save_table(audit, NOTEBOOK, "lexicon_audit")
audit.drop(columns=["gloss", "theme"]).head(15)

# %% [markdown]
# Columns: `n_occurrences` (in the corpus, counted as the tokenizer matches terms),
# `n_as_variant` (of those, written in another form), `n_whole_without_lexicon` (plain
# jieba returns the term as one token), `n_whole_with_lexicon` (the project tokenizer
# does), and `segmentation_without` (plain jieba's cut of the term on its own).
#
# How many terms does plain jieba break?

# %%
audit.status.value_counts()

# %% [markdown]
# The terms plain jieba keeps whole, or only sometimes:

# %%
audit[audit.status != "split"].drop(columns=["gloss", "theme"])

# %% [markdown]
# **What to notice.**
# * **Most lexicon terms are split** by plain jieba (the `split` count above), including
#   most of the frequent ones: 中国式现代化 ("Chinese modernisation") → 中国式 / 现代化,
#   公安工作现代化 ("modernisation of public-security work") → 公安 / 工作 / 现代化.
#   Without the lexicon, counting these formulations means counting their parts, which
#   also occur everywhere else.
# * The terms plain jieba keeps are dictionary words (法治, "rule of law"; 严打, "severe
#   crackdown"; 维稳, "stability maintenance") or short coinages glued by the **HMM**
#   (民转刑, "civil dispute turns criminal"; 放管服, "delegate–regulate–serve").
# * The **partly split** terms are split only where they are written as a variant
#   (`n_as_variant`): 情指行 spelled out as 情报、指挥、行动, 黄赌毒 written 毒赌黄, and
#   食药环 ("food, pharmaceutical and environmental crime") inside 食药环森 (with
#   forestry), which the lexicon rewrites to its term. That last one is the HMM guess
#   that goes wrong: in 派出所食药环森专干 ("station specialists for food, drug,
#   environmental and forestry crime") plain jieba cuts 食药 / 环森.
# * `n_whole_with_lexicon` equals `n_occurrences` for every term (a unit test checks
#   it on the whole corpus).

# %%
if BUNDLED:
    status = audit.set_index("term").status
    check.claim((status == "split").mean() > 0.8, "most terms are split")
    check.at_least((audit.head(15).status == "split").sum(), 10, "most of the frequent ones")
    check.equal(status[["中国式现代化", "公安工作现代化"]].tolist(), ["split", "split"], "split")
    check.claim(set(status[["法治", "严打", "维稳", "民转刑", "放管服"]]) == {"whole"}, "whole")
    partly = audit[audit.status == "partly split"]
    check.equal(sorted(partly.term), sorted(["情指行", "黄赌毒", "食药环"]), "partly split")
    check.claim(((partly.n_occurrences - partly.n_whole_without_lexicon)
                 <= partly.n_as_variant).all(), "split only where written as a variant")
    check.claim("食药 / 环森" in " / ".join(segment.cut_plain("派出所食药环森专干")), "环森")
check.claim((audit.n_whole_with_lexicon == audit.n_occurrences).all(), "whole-term guarantee")

# %% [markdown]
# Terms written in a variant form at least once:

# %%
audit[audit.n_as_variant > 0][["term", "gloss", "n_occurrences", "n_as_variant"]]

# %% [markdown]
# > **Your turn.** In the audit, find 黄赌毒 ("vice: prostitution, gambling and drugs").
# > Why is it *partly* split? Look at `n_as_variant` and at the lexicon's `variants`
# > column. (Solution: [Exercise 2](../solutions/01_segmentation_solutions.ipynb).)
#
# ## 3 Parts of speech
# jieba can also tag each token with its part of speech (POS), using the tag set of
# the ICTCLAS analyser: `n` noun, `v` verb, `vn` verbal noun (改革, "reform", is both),
# `a` adjective, `d` adverb, `p` preposition, `uj` the particle 的 … The tokenizer tags
# every lexicon term `nz` ("other proper noun"). Here is the first example sentence:

# %%
pairs = segment.tokenize_pos(examples.sentence.iloc[0])
pd.DataFrame(pairs, columns=["token", "tag"]).T

# %% [markdown]
# A noun/verb filter keeps tokens whose tag starts with one of `POS_KEEP` (here `n*`
# and `v*`, which includes `nz`, `vn`, `vd`):

# %%
segment.filter_pos(pairs, POS_KEEP)

# %% [markdown]
# Over the whole corpus (one tagger for all paragraphs: building jieba's tagger reads
# its whole dictionary, so we build it once):

# %%
pos_lists = segment.tokenize_pos_many(paragraphs.text)
pos = segment.pos_table(pos_lists)
plotting.save_table(pos, NOTEBOOK, "pos_tags")
pos.head(12).round(3)

# %% [markdown]
# Nouns and verbs (tags `n*` and `v*`) are more than half the tokens. The most frequent
# nouns and verbs (the two lists are not filtered for stopwords):

# %%
nouns = count.count_terms(segment.filter_pos(p, ("n",)) for p in pos_lists)
verbs = count.count_terms(segment.filter_pos(p, ("v",)) for p in pos_lists)
top_pos = pd.DataFrame({"noun": nouns.index[:10], "n_noun": nouns.values[:10],
                        "verb": verbs.index[:10], "n_verb": verbs.values[:10]})
plotting.save_table(top_pos, NOTEBOOK, "top_nouns_verbs")
top_pos

# %%
if BUNDLED:
    check.at_least(pos[pos.tag.str.match(r"[nv]")].share.sum(), 0.5, "more than half")
    check.equal(top_pos.verb.iloc[0], "是", "是 first")
    check.claim({"推进", "坚持", "建设", "提升", "工作", "治理"} <= set(top_pos.verb), "verbs")

# %% [markdown]
# **What to notice:** after 是 ("to be"), the verbs are the exhortations of official
# prose: 推进 ("advance"), 坚持 ("uphold"), 建设 ("build"), 提升 ("raise"); and 工作
# ("work") and 治理 ("governance") count as verbs because the `v` prefix keeps `vn`
# (verbal nouns). A POS filter removes function words but not the boilerplate; that
# is what the stopword lists are for.
#
# > **Your turn.** Set `POS_KEEP = ("n",)` and compare `segment.filter_pos(pairs,
# > POS_KEEP)` with the noun/verb version. What do you lose if you analyse nouns only?
# > (Solution: [Exercise 3](../solutions/01_segmentation_solutions.ipynb).)
#
# ## 4 Stopwords
# The project has two switchable stopword lists (`helpers/data/`):
#
# * **general**: function words — particles (的, 了), pronouns, conjunctions (和),
#   prepositions, measure words, number words;
# * **boilerplate**: the verbs, intensifiers and generic nouns of official prose:
#   坚持 ("uphold"), 推进 ("advance"), 全面 ("comprehensive"), 工作 ("work"), which fill
#   every text whichever reform it stresses, and compounds of them (深入开展, "carry out
#   in depth"). Words that carry meaning for this research question stay *off* the
#   list even when frequent: 发展 ("development") and 统筹 ("coordinate", as in
#   coordinating development and security), 责任 ("responsibility"), 核心 ("core", as in
#   the Party Centre with Xi at its core), 特色 ("characteristics", the marker of local
#   branding), 常态化 ("normalised", of campaigns made routine) and 护航 ("escort").
#
# Stopword removal is a filter after segmentation, so we segment once without it and
# apply each setting to the same tokens:

# %%
tokens = segment.tokenize_paragraphs(paragraphs, stopwords=False)
report = count.stopword_report(tokens.tokens)
plotting.save_table(report, NOTEBOOK, "stopword_report")
report.round(1)

# %% [markdown]
# Each list removes about a fifth of all tokens (`pct_removed`) with fewer than 200
# different words (`n_types_removed`); together they remove about two tokens in five.

# %%
if BUNDLED:
    removed = report.set_index("setting")
    for setting in ("general", "boilerplate"):
        check.between(removed.loc[setting, "pct_removed"], 18, 22, f"{setting}: a fifth")
        check.at_most(removed.loc[setting, "n_types_removed"], 199, f"{setting}: < 200 words")
    check.between(removed.loc["both", "pct_removed"], 38, 42, "two tokens in five")

# %% [markdown]
# Every entry of both lists can fire: it is a token of this corpus or a single jieba
# token (a unit test checks this; entries jieba always splits, such as 新时代 → 新 / 时代,
# were removed). Compound boilerplate is the leak to watch: jieba joins two listed
# words into one token that a word list misses. The query below finds every token of
# the corpus made of two boilerplate words and says whether the list has it:

# %%
boilerplate = segment.load_stopwords("boilerplate")
vocabulary = count.count_terms(tokens.tokens)
compounds = pd.DataFrame(
    [(t, n, t in boilerplate) for t, n in vocabulary.items()
     if any(t[:i] in boilerplate and t[i:] in boilerplate for i in range(1, len(t)))],
    columns=["token", "count", "listed"])
plotting.save_table(compounds, NOTEBOOK, "boilerplate_compounds")
compounds.head(10)

# %%
if BUNDLED:
    check.claim(compounds.listed.all(), "every compound of two listed words is listed")

# %% [markdown]
# The top words under each setting, side by side (`term count`):

# %%
top_by_setting = count.top_by_stopwords(tokens.tokens, n=TOP_N)
plotting.save_table(top_by_setting, NOTEBOOK, "top_words_by_stopwords", index=True)
top_by_setting

# %% [markdown]
# **What to notice.**
# * With **no** list the top is 的 (a possessive particle), 和 ("and"), 公安
#   ("public security"), 在 ("at") and 工作 ("work"): grammar and genre, not content.
# * The **general** list alone leaves the exhortative verbs (推进, 坚持, 建设, 提升) and
#   the generic 工作 and 新 ("new") near the top.
# * The **boilerplate** list alone leaves the function words.
# * **Both** lists give a list where content words lead: 公安, 治理 ("governance"), 人民
#   ("the people"), 警务 ("policing"), 改革 ("reform"), 执法 ("law enforcement"), and
#   发展 ("development"), back in the top 20 now that it is not a stopword.

# %%
top_words = {setting: [cell.split(" ")[0] for cell in column]
             for setting, column in top_by_setting.items()}
if BUNDLED:
    check.equal(top_words["none"][:5], ["的", "和", "公安", "在", "工作"], "no list: top five")
    check.claim({"推进", "坚持", "建设", "提升", "工作", "新"} <= set(top_words["general"][:10]),
                "general: exhortations lead")
    check.claim(set(top_words["boilerplate"][:5]) & {"的", "和", "在", "是"}, "function words")
    check.claim({"公安", "治理", "人民", "警务", "改革", "执法"} <= set(top_words["both"][:10])
                and "发展" in top_words["both"], "both: content words")

# %% [markdown]
# Removing boilerplate is a modelling choice, not a cleaning step: how often a text
# says 坚持 or 推进 can itself say something about its genre or how closely it follows
# Party documents. The later notebooks use both lists by default and say so.
#
# > **Your turn.** With `count.top_by_stopwords(tokens.tokens, n=50)`, find a word in the
# > top 50 of the "both" column that you would call boilerplate. Would you add it to the
# > list, and what would it cost? (Solution:
# > [Exercise 4](../solutions/01_segmentation_solutions.ipynb).)
#
# ## 5 Normalising variants
# The same formulation is not always written the same way. Cleaning
# (`clean.normalize_text`) removes typesetting spaces and unifies character widths;
# the lexicon then rewrites punctuated variants to their term. Four cases: three found
# in the raw body lines (the first spaced `+`, the first lexicon variant written with an
# enumeration comma 、, the first half-width comma between Chinese characters) and one
# constructed to show full-width characters, which this corpus happens not to use:

# %%
body = corpus.account_for_raw_text(CORPUS).query("status == 'body'")
comma_variants = [v for v, term in lexicon.variant_map(terms).items() if "、" in v]
preferred = [v for v in comma_variants if lexicon.variant_map(terms)[v] == COMMA_TERM]
if preferred and body.text.str.contains("|".join(preferred)).any():
    comma_variants = preferred  # the parameter's term, if this corpus writes it that way

# %%
patterns = {
    "spaced formulation": r"(\S{0,6}\S \+ \S.{0,20})",
    "enumeration comma": "(.{0,4}(?:" + "|".join(comma_variants) + ").?)",
    "half-width commas": r"([\u4e00-\u9fff]{4,12},[\u4e00-\u9fff]{4,12})",
}
found = {case: body.text.str.extract(pattern)[0].dropna() for case, pattern in patterns.items()}
snippets = {case: hits.iloc[0] for case, hits in found.items() if len(hits)}
sources = {case: body.article_id[hits.index[0]] for case, hits in found.items() if len(hits)}
snippets["constructed: full-width ＋"] = "深化“专业＋机制＋大数据”改革"
print(sources)
trace = segment.normalisation_trace(snippets)

# %%
plotting.save_table(trace, NOTEBOOK, "normalisation_trace")
trace.set_index(["case", "step"])

# %%
if BUNDLED:
    check.equal(sources, FACTS["example_sources"], "where each example comes from")
    check.claim("大部门、大警种" in snippets["enumeration comma"], "the feature's 大部门、大警种制")

# %% [markdown]
# **What to notice.**
# * **Tianshui** typesets 专业 + 机制 + 大数据 ("specialisation + mechanisms + big data",
#   the new policing model) with spaces. jieba treats a space as a boundary, so
#   cleaning removes spaces between Chinese characters; the lexicon then keeps the
#   formulation as one token. Plain jieba makes four tokens and drops the `+`.
# * **Xinhua** writes 大部门、大警种制 ("the large-department, large-branch system"),
#   with an enumeration comma (、) inside the formulation. Cleaning leaves it (it is
#   real punctuation); the lexicon variant `大部门、大警种` rewrites it to 大部门大警种.
# * The **essay** (probably a commercial template) uses half-width commas (`,`)
#   between Chinese characters. They become full-width (`，`). For tokens this changes
#   nothing (jieba drops both), but sentence splitting and keyword-in-context lines rely
#   on it.
# * The **constructed** full-width plus signs (＋) become ASCII `+`, so
#   `专业＋机制＋大数据` is the same token as the Tianshui spelling.
#
# ## Exercises
# The "Your turn" prompts sit at the end of the section that teaches their method: §1
# (Exercise 1), §2 (2), §3 (3) and §4 (4). Worked, executed solutions:
# [`solutions/01_segmentation_solutions`](../solutions/01_segmentation_solutions.ipynb).
#
# ## Limitations
# * **jieba's model is general-domain.** Outside the lexicon, errors remain, e.g. names
#   of people and places and local programme names not yet in the lexicon. The audit
#   covers lexicon terms only.
# * **The lexicon is ours**: terms chosen by reading these texts, every one attested in
#   them. A formulation not in it is counted through its parts; a term in it is
#   protected from being split even where another reading would be right (法治 is cut
#   out of 依法治理 unless that compound is a term too).
# * **Segmentation is the same for every text, but the texts are not comparable
#   samples**: one article per city is a comparison of texts, not of cities. A token
#   frequent in one locality's article says something about that article's genre,
#   author and date first.
# * **Leftmost-longest matching** means a lexicon term inside a longer lexicon term is
#   counted only as part of the longer one.
# * **POS tags are automatic** and errors are common for policy vocabulary (改革 is a
#   verb or a noun depending on context; jieba gives it one tag).
# * Stopword lists encode judgements; their files document each group and why.
#
# ## Summary
# jieba's precise mode with its HMM is the right mode for counting, but on its own it
# breaks most reform formulations into their parts. The project lexicon keeps every
# term whole wherever it occurs, including spaced, full-width and punctuated variants,
# and the audit table documents the difference term by term. Meeting names are kept as
# tokens but left out of theme scoring. Two switchable stopword lists remove function
# words and official boilerplate (compounds included); with both on, content words lead
# the frequency list.
#
# ## What's next
# `02_word_frequencies.ipynb`: what the texts talk about — counts and rates, TF-IDF,
# collocations, keyword in context, dispersion, Zipf's law and word clouds.
#
# ## References
# * Sun, J. *jieba: Chinese text segmentation* (version 0.42.1). https://github.com/fxsjy/jieba
# * Sproat, R. & Emerson, T. (2003). The First International Chinese Word Segmentation
#   Bakeoff. *Proceedings of the Second SIGHAN Workshop on Chinese Language Processing*.
# * Xue, N. (2003). Chinese word segmentation as character tagging. *Computational
#   Linguistics and Chinese Language Processing* 8(1), 29–48.
# * Zhang, H.-P., Yu, H.-K., Xiong, D.-Y. & Liu, Q. (2003). HHMM-based Chinese lexical
#   analyzer ICTCLAS. *Proceedings of the Second SIGHAN Workshop*, 184–187 (the POS
#   tag set).
# * Project lexicon and stopword lists: `helpers/data/README.md`.
