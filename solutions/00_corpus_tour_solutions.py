# %% [markdown]
# # 00 · Solutions: a tour of the corpus
#
# Worked solutions to the exercises of [`00_corpus_tour`](../notebooks/00_corpus_tour.ipynb).
# Try each exercise first. These solutions are about the bundled corpus (they name its
# articles), and the checks under each answer hold the prose to the data: if the corpus
# or the cleaning changes, this notebook fails instead of giving a stale answer.

# %% tags=["parameters"]
CORPUS = None  # solutions are written for the bundled corpus

# %%
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from helpers import check
from helpers.errors import CorpusError
from helpers.paths import corpus_dir
from helpers.text import corpus

check.claim(check.is_bundled(CORPUS), "these solutions are written for the bundled corpus")
pd.set_option("display.max_colwidth", 60)
articles = corpus.load_articles(CORPUS)
paragraphs = corpus.load_paragraphs(CORPUS)

# %% [markdown]
# ## Exercise 1 — headings
# *Which article has the most headings, and why do the Yichang and Tianshui articles
# have none?*
#
# Count the paragraphs flagged as headings per article:

# %%
headings = paragraphs.groupby("article_id").is_heading.sum().sort_values(ascending=False)
headings.head(4)

# %% [markdown]
# The Changzhou study-group article has the most headings. Yichang and Tianshui have
# none because their authors start each section *inside* a paragraph: a numbered
# lead sentence (一、牢牢把握…) or a parallel "坚持把…，做到…" sentence followed by the
# body in the same line. A line that goes on after its first sentence is body text, not
# a heading, so the cleaning keeps these as ordinary paragraphs:

# %%
for article in ("yichang", "tianshui"):
    starts = paragraphs[paragraphs.article_id == article].text.str[:34].head(4)
    print(article, *starts, sep="\n  ")

# %%
check.equal(headings.index[0], "changzhou_study_group", "most headings")
check.equal(int(headings["yichang"]) + int(headings["tianshui"]), 0, "none in those two")
check.claim(paragraphs[paragraphs.article_id == "yichang"].text.str.match("[一二三]、").sum() >= 3,
            "Yichang's sections are numbered lead sentences")

# %% [markdown]
# ## Exercise 2 — the Xinhua kicker
# *Find the paragraph made of two raw lines joined by `merge_kickers`. What does a kicker
# look like?*
#
# Paragraphs joined from several raw lines have a range in `raw_lines`:

# %%
xinhua = paragraphs[paragraphs.article_id == "xinhua_national"]
joined = xinhua[xinhua.raw_lines.str.contains("-")]
joined[["paragraph_no", "raw_lines", "is_heading", "text"]]

# %%
corpus.before_after("xinhua_national", int(joined.paragraph_no.iloc[0]), CORPUS)

# %% [markdown]
# Three paragraphs were joined, all three section headings of the feature. Each is a
# kicker — the short line a news feature puts above a section heading to frame it, here
# a slogan-like phrase such as «“情指行”一体化实战化» ending in a dash — followed by the
# heading proper on the next raw line. The cleaning joins the two lines into one
# heading, so the section is not split into a one-line "paragraph" and its title.

# %%
check.equal(len(joined), 3, "three joined paragraphs")
check.claim(joined.is_heading.all(), "joined lines are headings")
check.claim(joined.text.str.contains("——").all(), "kicker — heading")

# %% [markdown]
# ## Exercise 3 — a changed raw file
# *Copy `corpus/` to a scratch folder, change one character of a raw file, and load it.*

# %%
scratch = Path(tempfile.mkdtemp()) / "corpus"
shutil.copytree(corpus_dir(CORPUS), scratch)
raw = sorted((scratch / "raw").glob("*.txt"))[0]
text = raw.read_text(encoding="utf-8")
raw.write_text(text.replace("公安", "公按", 1), encoding="utf-8")
try:
    corpus.load_articles(scratch)
except CorpusError as error:
    message = str(error).replace(str(scratch), "<scratch>")
print(message[:700])

# %% [markdown]
# Loading stops: the file's sha256 no longer matches the manifest, for every article the
# file holds, and the error says what to do — restore the original (raw files are kept
# byte-for-byte), or, if the file was replaced on purpose, put the new checksum (printed
# in the message) in `raw_sha256`. Nothing is loaded from a file that changed silently.

# %%
check.claim("sha256 changed" in message and "Fix:" in message, "names the problem and the fix")
shutil.rmtree(scratch.parent)

# %% [markdown]
# ## Exercise 4 — credit lines
# *How many characters were dropped as `credit` lines? Which metadata columns keep
# their information?*

# %%
fates = corpus.account_for_raw_text(CORPUS)
credits = fates[(fates.status == "dropped") & (fates.reason == "credit")]
print(len(credits), "credit lines,", int(credits.text.str.len().sum()), "characters")
credits[["raw_file", "text"]]

# %% [markdown]
# Five lines: an author's biography, a Xinhua dateline with the reporters' names, an
# editor credit, a byline mark and an author's unit. Their content is not lost: it is
# in the manifest's `author`, `author_role`, `unit` and `outlet` columns.

# %%
manifest = corpus.load_manifest(CORPUS)
manifest[["article_id", "author", "author_role", "unit"]].iloc[[1, 9, 10]]

# %%
check.equal(len(credits), 5, "five credit lines")
check.claim(manifest.loc[manifest.article_id == "xinhua_national", "author"].str.contains(
    "熊丰").all(), "the Xinhua reporters are in the author column")
