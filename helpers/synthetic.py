"""Corpus folders re-mixed from real paragraphs, for tests and benchmarks.

:func:`remix_folder` writes a folder in the any-corpus layout (one ``.txt`` file per
article plus ``metadata.csv``) whose articles are paragraphs of a real corpus drawn
at random and re-assembled: real Chinese prose, real vocabulary and heavy text reuse,
but invented articles, localities and dates. The files are written the way a user's
files arrive: UTF-8, UTF-8 with a byte-order mark, GBK, CRLF line ends, and one
article in traditional script, so the whole loading path is exercised.

THE ARTICLES ARE SYNTHETIC: counts, topics or comparisons computed from them say
nothing about any real text. Inputs: a paragraphs table (``corpus.load_paragraphs``);
output: the metadata table written to ``metadata.csv``. Used by
``tests/test_any_corpus_series.py`` and ``benchmarks/growth.py`` (×10 and ×100 the
bundled corpus: any number of articles; file and title numbers get as many digits as
the largest needs, at least three, so the files sort in article order).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["ENCODING_CYCLE", "LOCALITIES", "remix_folder", "to_traditional"]

#: How file ``i`` is written: ``ENCODING_CYCLE[i % 5]`` (encoding, line end).
ENCODING_CYCLE = (("utf-8", "\n"), ("gbk", "\n"), ("utf-8-sig", "\n"), ("utf-8", "\r\n"),
                  ("gbk", "\r\n"))
#: Invented localities (Chinese, English, admin level) assigned in turn.
LOCALITIES = (("甲市", "Jia City", "prefecture"), ("乙县", "Yi County", "county"),
              ("丙区", "Bing District", "district"), ("丁市", "Ding City", "prefecture"),
              ("全国", "Nationwide", "national"))

_SIMPLIFIED = "们这个国会说为与发学实现对关经来时后从动进种机员点务区党卫长问题警队办总统应该"
_TRADITIONAL = "們這個國會說為與發學實現對關經來時後從動進種機員點務區黨衛長問題警隊辦總統應該"


def to_traditional(text: str) -> str:
    """A rough simplified → traditional conversion (common characters only)."""
    return text.translate(str.maketrans(_SIMPLIFIED, _TRADITIONAL))


def _encode(text: str, encoding: str) -> bytes:
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:  # a character GBK lacks: GB18030 is its superset
        return text.encode("gb18030")


def remix_folder(paragraphs: pd.DataFrame, folder: Path, *, n_articles: int = 30,
                 seed: int = 20241109, per_article: tuple[int, int] = (6, 14),
                 traditional: int = 1) -> pd.DataFrame:
    """Write ``n_articles`` re-mixed articles and ``metadata.csv`` into ``folder``.

    ``paragraphs`` needs ``text`` and ``is_heading`` columns. Article ``i`` takes a
    random number of body paragraphs in ``per_article`` (drawn without replacement
    within the article; articles reuse each other's paragraphs), a title line made of
    the start of a heading, and is written with ``ENCODING_CYCLE[i % 5]``; the last
    ``traditional`` articles are converted to traditional script. Returns the metadata
    (``file, title, locality, locality_zh, admin_level, year, coder``; ``coder`` is a
    user column of no meaning, to show that any column travels as a document variable).
    """
    rng = np.random.default_rng(seed)
    body = [str(t) for t in paragraphs.loc[~paragraphs.is_heading.astype(bool), "text"]]
    headings = [str(t) for t in paragraphs.loc[paragraphs.is_heading.astype(bool), "text"]]
    if not body:
        raise ValueError("remix_folder: the paragraphs table has no body paragraphs")
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    width = max(3, len(str(n_articles)))
    for i in range(n_articles):
        n = int(rng.integers(per_article[0], per_article[1] + 1))
        chosen = [body[j] for j in rng.choice(len(body), size=min(n, len(body)), replace=False)]
        head = headings[int(rng.integers(len(headings)))] if headings else chosen[0]
        title = f"合成文章{i + 1:0{width}d}：{head[:16].rstrip('。，；：')}"
        text = "\n\n".join([title, *chosen]) + "\n"
        if i >= n_articles - traditional:
            text = to_traditional(text)
        encoding, newline = ENCODING_CYCLE[i % len(ENCODING_CYCLE)]
        name = f"article_{i + 1:0{width}d}.txt"
        (folder / name).write_bytes(_encode(text.replace("\n", newline), encoding))
        zh, en, level = LOCALITIES[i % len(LOCALITIES)]
        rows.append({"file": name, "title": title, "locality": en, "locality_zh": zh,
                     "admin_level": level, "year": 2020 + i % 5,
                     "coder": "AB"[i % 2]})
    metadata = pd.DataFrame(rows)
    metadata.drop(columns=["title"]).to_csv(folder / "metadata.csv", index=False,
                                            encoding="utf-8", lineterminator="\n")
    return metadata
