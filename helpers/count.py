"""Counting tokens and finding terms in context.

Pure functions over the tables of :mod:`helpers.corpus` and :mod:`helpers.segment`.
Taught in ``notebooks/02_word_frequencies.ipynb``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import pandas as pd

from helpers.segment import prepare


def count_terms(token_lists: Iterable[Iterable[str]]) -> pd.Series:
    """Token → count over all lists, sorted by count (descending) then token.

    The tie-break on the token makes the order reproducible.
    """
    counts = Counter(token for tokens in token_lists for token in tokens)
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return pd.Series(dict(ordered), name="count", dtype="int64").rename_axis("term")


def kwic(paragraphs: pd.DataFrame, term: str, *, window: int = 20) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``term`` in the paragraph texts.

    ``paragraphs`` needs columns article_id, locality, paragraph_no, text. Texts are
    prepared as for segmentation (spaces, widths, lexicon variants → terms), so a
    spaced or full-width variant is found under its term. Output, in corpus order:
    article_id, locality, paragraph_no, offset (character position in the prepared
    paragraph), left, keyword, right (``window`` characters each side).
    """
    if not term:
        raise ValueError("kwic needs a non-empty term")
    rows = []
    pattern = re.compile(re.escape(term))
    for p in paragraphs.itertuples(index=False):
        text = prepare(str(p.text))
        for match in pattern.finditer(text):
            rows.append({"article_id": p.article_id, "locality": p.locality,
                         "paragraph_no": p.paragraph_no, "offset": match.start(),
                         "left": text[max(0, match.start() - window):match.start()],
                         "keyword": match.group(0),
                         "right": text[match.end():match.end() + window]})
    columns = ["article_id", "locality", "paragraph_no", "offset", "left", "keyword", "right"]
    return pd.DataFrame(rows, columns=columns)
