# %% [markdown]
# # 01 · Solutions: segmentation
#
# Worked solutions to the exercises of [`01_segmentation`](../notebooks/01_segmentation.ipynb).
# Try each exercise first. The solutions are about the bundled corpus, and the checks
# under each answer hold the prose to the data.

# %% tags=["parameters"]
CORPUS = None  # solutions are written for the bundled corpus

# %%
import pandas as pd

from helpers import check
from helpers.analysis import count
from helpers.text import corpus, segment

check.claim(check.is_bundled(CORPUS), "these solutions are written for the bundled corpus")
pd.set_option("display.max_colwidth", 90)
pd.set_option("display.width", 160)
paragraphs = corpus.load_paragraphs(CORPUS)


# %%
def term_tokens(modes: pd.DataFrame, term_chars: str) -> pd.Series:
    """Per mode, the tokens that share a character with the term (to see how it was cut)."""
    return modes.set_index("mode").tokens.map(
        lambda t: " / ".join(x for x in t.split(" / ") if set(x) & set(term_chars)))


# %% [markdown]
# ## Exercise 1 — 枫桥经验 and 民转刑 under jieba's modes
# 民转刑 has no sentence of 60 characters or fewer, so `example_sentences` needs a longer
# limit for it (`max_chars`). One sentence each:

# %%
examples = segment.example_sentences(paragraphs, ["枫桥经验", "民转刑"], max_chars=200)
fengqiao = segment.compare_modes(examples.sentence.iloc[:1])
minzhuanxing = segment.compare_modes(examples.sentence.iloc[1:])
pd.DataFrame({"枫桥经验": term_tokens(fengqiao, "枫桥经验"),
              "民转刑": term_tokens(minzhuanxing, "民转刑")})

# %% [markdown]
# * 枫桥经验 (the Fengqiao Experience) stays whole **only with the project lexicon**.
#   jieba's dictionary knows 枫桥 and 经验 as words, and the HMM only ever guesses inside
#   stretches the dictionary cannot cover, so switching it on or off changes nothing.
# * 民转刑 ("civil disputes turning into criminal cases") is not in jieba's dictionary at
#   all: without the HMM it falls apart into 民 / 转 / 刑; with the HMM jieba *guesses*
#   民转刑 — right here, but only a guess. The lexicon makes it certain.

# %%
f, m = (term_tokens(fengqiao, "枫桥经验"), term_tokens(minzhuanxing, "民转刑"))
check.equal(f["precise"], f["precise, HMM off"], "the HMM changes nothing for 枫桥经验")
check.equal(f["precise + project lexicon"], "枫桥经验", "the lexicon keeps it whole")
check.claim("枫桥经验" not in f.drop("precise + project lexicon").tolist(), "only the lexicon")
check.claim("民转刑" in m["precise"].split(" / "), "the HMM guesses 民转刑")
check.claim("民转刑" not in m["precise, HMM off"].split(" / "), "without it, single characters")

# %% [markdown]
# ## Exercise 2 — why 黄赌毒 is *partly* split
# The audit row and the lexicon's variants:

# %%
audit = segment.lexicon_audit(paragraphs.text)
row = audit.set_index("term").loc["黄赌毒"]
row[["n_occurrences", "n_as_variant", "n_whole_without_lexicon", "n_whole_with_lexicon"]]

# %%
from helpers.text import lexicon  # noqa: E402

lexicon.load_lexicon().set_index("term").loc["黄赌毒", "variants"]

# %% [markdown]
# Plain jieba already has 黄赌毒 ("vice: prostitution, gambling and drugs") in its own
# dictionary, so every occurrence written that way stays whole. One occurrence is written
# as a *variant* of the term (the reverse order, 毒赌黄), which jieba does not know and cuts; the lexicon rewrites the
# variant to the canonical term before segmenting, so with the lexicon all occurrences
# come out whole. "Partly split" means exactly: split only where written as a variant.

# %%
check.equal(int(row.n_occurrences - row.n_whole_without_lexicon), int(row.n_as_variant),
            "split exactly where written as a variant")
check.equal(int(row.n_whole_with_lexicon), int(row.n_occurrences), "whole with the lexicon")

# %% [markdown]
# ## Exercise 3 — nouns only
# The first example sentence of notebook 01 (the one with 两队一室), tagged:

# %%
sentence = segment.example_sentences(paragraphs, ["两队一室"]).sentence.iloc[0]
pairs = segment.tokenize_pos(sentence)
kept = {"nouns and verbs": segment.filter_pos(pairs, ("n", "v")),
        "nouns only": segment.filter_pos(pairs, ("n",))}
pd.Series({k: " / ".join(v) for k, v in kept.items()})

# %% [markdown]
# A noun-only filter keeps what the texts talk *about* (派出所, 两队一室) and drops what
# they *do* with it: the verbs 推进 ("advance"), 持续 ("continuously") and the verbal noun
# 改革 ("reform", tagged `vn`). For a corpus about reform that is a real loss — 改革,
# 打击 ("strike at"), 化解 ("defuse") carry the policy content. Nouns only is a choice
# for studying institutions and objects, not actions.

# %%
check.claim("改革" in kept["nouns and verbs"] and "改革" not in kept["nouns only"],
            "nouns only drops 改革")
check.claim("两队一室" in kept["nouns only"], "lexicon terms are tagged as nouns (nz)")

# %% [markdown]
# ## Exercise 4 — one more boilerplate word?
# The top 50 with both lists applied (tokens segmented once, without stopwords):

# %%
tokens = segment.tokenize_paragraphs(paragraphs, stopwords=False)
top = count.top_by_stopwords(tokens.tokens, n=50)
top["both"].head(20).tolist()

# %% [markdown]
# 保障 ("guarantee, support") is a candidate: many uses are stock phrases such as
# 提供…保障 ("provide a guarantee for …"). But the concordance shows what deleting it would cost:
# 职业保障 (officers' occupational welfare, part of force building) and 支撑保障现代化
# (one of the 2024 "five modernisations") use it as content.

# %%
lines = count.kwic(paragraphs, "保障", window=10)
lines[lines.left.str.endswith(("职业", "支撑")) | lines.right.str.startswith("现代化")][
    ["article_id", "left", "keyword", "right"]]

# %%
check.claim(any(str(w).startswith("保障") for w in top["both"].head(20)), "保障 in the top 20")
check.at_least(lines.left.str.contains("提供").sum(), 3, "stock phrase 提供…保障")
check.claim(lines.left.str.endswith("职业").any() and lines.left.str.endswith("支撑").any(),
            "保障 also carries content")
