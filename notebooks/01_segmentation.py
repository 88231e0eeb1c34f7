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
# **Prerequisites**
#
# | Concept | Importance | Notes |
# |---|---|---|
# | `00_corpus_tour` | necessary | the corpus, paragraphs and cleaning |
# | pandas DataFrames | necessary | filtering rows, `value_counts` |
# | Reading Chinese | helpful | every Chinese term is glossed in English |
#
# *Time to learn: 30 minutes.*

# %% [markdown]
# ## Imports and settings
# The only knobs are in the next cell (tagged `parameters`): the corpus folder, the
# export name, the terms whose example sentences §1 segments, how many top words §4
# lists, and which part-of-speech families §3 keeps. Nothing here is random, so there
# is no seed.

# %% tags=["parameters"]
CORPUS = None  # a folder with raw/, manifest.csv and excluded.csv; None = bundled corpus
NOTEBOOK = "01_segmentation"  # results/tables/<NOTEBOOK>/
EXAMPLE_TERMS = ["两队一室", "情指行", "新质公安战斗力"]  # §1: one short sentence each
TOP_N = 20  # §4: length of the top-word lists
POS_KEEP = ("n", "v")  # §3: tag prefixes kept by the noun/verb filter

# %%
import pandas as pd

from helpers import corpus, count, plotting, segment

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
# 两队一室 (*liǎng duì yī shì*, "two teams, one office": a community-policing team, a
# case-handling team and an integrated command office inside each police station);
# 情指行 (*qíng zhǐ xíng*, "intelligence–command–action", integrated operations); 新质
# 公安战斗力 (*xīn zhì gōng'ān zhàndòulì*, "new-quality public-security combat
# capability", modelled on 新质生产力, "new quality productive forces").
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
#
# ## 2 The lexicon audit
# `helpers/data/lexicon.csv` lists 110 reform terms — formulations (提法 *tífǎ*),
# institutions, programmes and concepts — each with an English gloss, pinyin, a theme
# and surface variants. The tokenizer cuts every lexicon term out as one token before
# jieba sees the rest of the text, and rewrites variants to their term first.
#
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
# * **Most lexicon terms (93 of 110) are split** by plain jieba, including the most
#   frequent ones:
#   中国式现代化 ("Chinese-style modernisation") → 中国式 / 现代化, 公安工作现代化
#   ("modernisation of public-security work") → 公安 / 工作 / 现代化. Without the
#   lexicon, counting these formulations means counting their parts, which also occur
#   everywhere else.
# * The terms plain jieba keeps are mostly three-character coinages glued by the
#   **HMM** (民转刑, "civil disputes escalating into crimes"; 放管服, "streamline,
#   delegate, serve") or dictionary words (严打, "strike hard"; 维稳, "stability
#   maintenance").
# * 情指行 and 黄赌毒 ("vice: prostitution, gambling and drugs") are **partly split**
#   only because one occurrence each is written as a variant (`n_as_variant`); 食药环
#   ("crimes against food, drug and environmental safety") is a real case of context:
#   in Yichang's 派出所食药环森专干 ("police-station specialists for food, drugs,
#   environment and forests") jieba cuts 食药 / 环森.
# * `n_whole_with_lexicon` equals `n_occurrences` for every term (a unit test checks
#   it on the whole corpus).
#
# Terms written in a variant form at least once:

# %%
audit[audit.n_as_variant > 0][["term", "gloss", "n_occurrences", "n_as_variant"]]

# %% [markdown]
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
# Nouns and verbs are more than half the tokens. The most frequent nouns and verbs
# (the two lists are not filtered for stopwords):

# %%
nouns = count.count_terms(segment.filter_pos(p, ("n",)) for p in pos_lists)
verbs = count.count_terms(segment.filter_pos(p, ("v",)) for p in pos_lists)
top_pos = pd.DataFrame({"noun": nouns.index[:10], "n_noun": nouns.values[:10],
                        "verb": verbs.index[:10], "n_verb": verbs.values[:10]})
plotting.save_table(top_pos, NOTEBOOK, "top_nouns_verbs")
top_pos

# %% [markdown]
# **What to notice:** after 是 ("to be"), the verbs are the exhortations of official
# prose — 推进 ("advance"), 坚持 ("uphold"), 建设 ("build"), 提升 ("raise") — and 工作
# ("work") and 治理 ("governance") count as verbs because the `v` prefix keeps `vn`
# (verbal nouns). A POS filter removes function words but not the boilerplate; that
# is what the stopword lists are for.
#
# ## 4 Stopwords
# The project has two switchable stopword lists (`helpers/data/`):
#
# * **general**: function words — particles (的, 了), pronouns, conjunctions (和),
#   prepositions, measure words, number words;
# * **boilerplate**: the verbs, intensifiers and generic nouns of official prose —
#   坚持 ("uphold"), 推进 ("advance"), 全面 ("comprehensive"), 工作 ("work") — that fill
#   every text whichever reform it stresses.
#
# Stopword removal is a filter after segmentation, so we segment once without it and
# apply each setting to the same tokens:

# %%
tokens = segment.tokenize_paragraphs(paragraphs, stopwords=False)
report = count.stopword_report(tokens.tokens)
plotting.save_table(report, NOTEBOOK, "stopword_report")
report.round(1)

# %% [markdown]
# The general list removes a fifth of all tokens with fewer than 200 different words;
# the boilerplate list removes as many tokens with 145 words; together they remove
# two tokens in five. The top words under each setting, side by side (`term count`):

# %%
top_by_setting = count.top_by_stopwords(tokens.tokens, n=TOP_N)
plotting.save_table(top_by_setting, NOTEBOOK, "top_words_by_stopwords", index=True)
top_by_setting

# %% [markdown]
# **What to notice.**
# * With **no** list the top is 的 (a possessive particle), 和 ("and"), 公安
#   ("public security"), 在 ("at") and 工作 ("work"): grammar and genre, not content.
# * The **general** list alone leaves the exhortative verbs (推进, 坚持, 加强) at the top.
# * The **boilerplate** list alone leaves the function words.
# * **Both** lists give a list where content words lead: 公安, 人民 ("the people"), 治理
#   ("governance"), 警务 ("policing"), 执法 ("law enforcement"), 改革 ("reform").
#
# Removing boilerplate is a modelling choice, not a cleaning step: how often a text
# says 坚持 or 推进 can itself say something about its genre or how closely it follows
# central documents. The later notebooks use both lists by default and say so.
#
# ## 5 Normalising variants
# The same formulation is not always written the same way. Cleaning
# (`clean.normalize_text`) removes typesetting spaces and unifies character widths;
# the lexicon then rewrites punctuated variants to their term. Four cases — three from
# the raw files, one constructed to show full-width characters, which this corpus
# happens not to use:

# %%
tianshui = corpus.before_after("tianshui", 5, CORPUS).raw
xinhua = corpus.before_after("xinhua_national", 17, CORPUS).raw
essay = corpus.before_after("study_essay", 1, CORPUS).raw
snippets = {
    "Tianshui: spaced formulation": tianshui[tianshui.index("“专业"):][:29],
    "Xinhua: enumeration comma": xinhua[xinhua.index("市县"):][:17],
    "Study essay: half-width commas": essay[:30],
    "constructed: full-width ＋": "深化“专业＋机制＋大数据”改革",
}
trace = segment.normalisation_trace(snippets)

# %%
plotting.save_table(trace, NOTEBOOK, "normalisation_trace")
trace.set_index(["case", "step"])

# %% [markdown]
# **What to notice.**
# * **Tianshui** typesets 专业 + 机制 + 大数据 ("specialisation + mechanisms + big data",
#   the new policing model) with spaces. jieba treats a space as a boundary, so
#   cleaning removes spaces between Chinese characters; the lexicon then keeps the
#   formulation as one token. Plain jieba makes four tokens and drops the `+`.
# * **Xinhua** writes 大部门、大警种制 ("the large-department, large-branch system"),
#   with an enumeration comma (、) inside the formulation. Cleaning leaves it (it is
#   real punctuation); the lexicon variant `大部门、大警种` rewrites it to 大部门大警种.
# * The **study essay** uses half-width commas (`,`) between Chinese characters.
#   They become full-width (`，`). For tokens this changes nothing (jieba drops both),
#   but sentence splitting and keyword-in-context lines rely on it.
# * The **constructed** full-width plus signs (＋) become ASCII `+`, so
#   `专业＋机制＋大数据` is the same token as the Tianshui spelling.
#
# ## Exercises
# 1. Add `"枫桥经验"` and `"民转刑"` to `EXAMPLE_TERMS` and re-run §1. Which modes keep
#    each term whole, and why does the HMM matter for one of them but not the other?
# 2. In the audit, find 黄赌毒 ("vice: prostitution, gambling and drugs"). Why is it
#    *partly* split? (Hint: look at `n_as_variant` and the lexicon's variants column.)
# 3. Set `POS_KEEP = ("n",)` and compare `segment.filter_pos(pairs, POS_KEEP)` with the
#    noun/verb version. What do you lose if you analyse nouns only?
# 4. With `count.top_by_stopwords(tokens.tokens, n=50)`, find a word in the top 50 of
#    the "both" column that you would call boilerplate. Would you add it to the list?
#    What would it cost?
#
# ## Limitations
# * **jieba's model is general-domain.** Outside the lexicon, errors remain, e.g. names
#   of people and places and local programme names not yet in the lexicon. The audit
#   covers lexicon terms only.
# * **The lexicon is ours**: 110 terms chosen by reading these texts. A formulation
#   not in it is counted through its parts; a term in it is protected from being
#   split even where another reading would be right.
# * **Leftmost-longest matching** means a lexicon term inside a longer lexicon term is
#   counted only as part of the longer one.
# * **POS tags are automatic** and errors are common for policy vocabulary (改革 is a
#   verb or a noun depending on context; jieba gives it one tag).
# * Stopword lists encode judgements; their files document each group and why.
#
# ## Summary
# jieba's precise mode with its HMM is the right mode for counting, but on its own it
# breaks most reform formulations into their parts. The project lexicon keeps all 110
# terms whole wherever they occur, including spaced, full-width and punctuated
# variants, and the audit table documents the difference term by term. Two switchable
# stopword lists remove function words and official boilerplate; with both on, content
# words lead the frequency list.
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
