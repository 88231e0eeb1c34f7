"""Pattern search in tokens, like quanteda's ``kwic``: windows and positions in tokens.

:func:`helpers.analysis.count.kwic` searches characters. Here a document is its
sequence of tokens (the paragraphs of one document concatenated in order), and a match
is reported as quanteda reports it: ``doc, from, to, pre, keyword, post, pattern``, with
``from`` and ``to`` the 1-based token positions of the first and last matched token,
``pre`` and ``post`` the ``window`` tokens either side (joined by ``sep``).

A pattern is a string; whitespace separates the tokens of a **multi-term** pattern
(quanteda's ``phrase("社区 民警")``: 社区 followed by 民警). Each token pattern is matched
by ``valuetype``:

* ``"fixed"`` — the token equals it;
* ``"glob"`` — shell wildcards over the whole token (``*警`` : any token ending in 警);
* ``"regex"`` — :func:`re.search` in the token (a partial match, as quanteda's regex).

:func:`kwic_text` runs one regular expression over the *joined* tokens of a document,
so a character pattern can span token boundaries (``两个[^，]{2}``), and reports the
tokens the match touches. :func:`positions` gives, for several patterns, every match's
position relative to its document's length: the input of a lexical dispersion plot
(quanteda's ``textplot_xray``, :func:`helpers.figures.plot_beyond.plot_xray`).

Taught in ``notebooks/06_beyond_counting.ipynb`` (§2).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterable, Sequence

import pandas as pd

__all__ = ["KWIC_COLUMNS", "doc_tokens", "kwic", "kwic_text", "positions"]

KWIC_COLUMNS = ["doc", "from", "to", "pre", "keyword", "post", "pattern"]
VALUETYPES = ("fixed", "glob", "regex")


def doc_tokens(tokens: pd.DataFrame | Sequence[Sequence[str]] | dict[str, Sequence[str]], *,
               doc: str = "article_id", column: str = "tokens") -> dict[str, list[str]]:
    """Documents as token lists: a tokens table (rows concatenated per ``doc`` in order),
    a mapping doc → tokens, or a list of token lists (named ``text1``, ``text2`` … as
    quanteda names unnamed texts)."""
    if isinstance(tokens, pd.DataFrame):
        out: dict[str, list[str]] = {}
        for name, toks in zip(tokens[doc], tokens[column], strict=True):
            out.setdefault(name, []).extend(toks)
        return out
    if isinstance(tokens, dict):
        return {k: list(v) for k, v in tokens.items()}
    return {f"text{i + 1}": list(t) for i, t in enumerate(tokens)}


def _matcher(pattern: str, valuetype: str) -> Callable[[str], bool]:
    if valuetype == "fixed":
        return lambda token: token == pattern
    if valuetype == "glob":
        return lambda token: fnmatch.fnmatchcase(token, pattern)
    compiled = re.compile(pattern)
    return lambda token: compiled.search(token) is not None


def kwic(tokens, pattern: str | Iterable[str], *, window: int = 5, valuetype: str = "fixed",
         sep: str = " ", doc: str = "article_id") -> pd.DataFrame:
    """Every match of ``pattern`` (a string or several) in the documents of ``tokens``.

    ``tokens``: see :func:`doc_tokens`. Output: doc, from, to (1-based token positions),
    pre, keyword, post (``window`` tokens either side, joined by ``sep``), pattern; in
    document order, then position, then the order of the patterns. Overlapping matches
    of different patterns are all reported (as quanteda does).
    """
    if valuetype not in VALUETYPES:
        raise ValueError(f"valuetype must be one of {VALUETYPES}, not {valuetype!r}")
    patterns = [pattern] if isinstance(pattern, str) else list(pattern)
    if not patterns or any(not p.split() for p in patterns):
        raise ValueError("kwic needs non-empty patterns")
    compiled = [(p, [_matcher(part, valuetype) for part in p.split()]) for p in patterns]
    rows = []
    for name, toks in doc_tokens(tokens, doc=doc).items():
        for start in range(len(toks)):
            for text, parts in compiled:
                end = start + len(parts)
                if end <= len(toks) and all(m(t) for m, t in zip(parts, toks[start:end],
                                                                   strict=True)):
                    rows.append({"doc": name, "from": start + 1, "to": end,
                                 "pre": sep.join(toks[max(0, start - window):start]),
                                 "keyword": sep.join(toks[start:end]),
                                 "post": sep.join(toks[end:end + window]), "pattern": text})
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)


def kwic_text(tokens, regex: str, *, window: int = 5, sep: str = " ",
              doc: str = "article_id") -> pd.DataFrame:
    """A regular expression over each document's tokens joined without a separator; each
    match reported with the tokens it touches (``from``, ``to``: first and last token
    overlapping the match), ``match`` (the matched characters) and the token windows.
    Output: doc, from, to, pre, keyword, post, pattern, match."""
    compiled = re.compile(regex)
    rows = []
    for name, toks in doc_tokens(tokens, doc=doc).items():
        starts, at = [], 0
        for t in toks:
            starts.append(at)
            at += len(t)
        text = "".join(toks)
        for m in compiled.finditer(text):
            if m.end() == m.start():
                continue
            first = max(i for i, s in enumerate(starts) if s <= m.start())
            last = max(i for i, s in enumerate(starts) if s < m.end())
            rows.append({"doc": name, "from": first + 1, "to": last + 1,
                         "pre": sep.join(toks[max(0, first - window):first]),
                         "keyword": sep.join(toks[first:last + 1]),
                         "post": sep.join(toks[last + 1:last + 1 + window]),
                         "pattern": regex, "match": m.group(0)})
    return pd.DataFrame(rows, columns=[*KWIC_COLUMNS, "match"])


def positions(tokens, patterns: Iterable[str], *, valuetype: str = "fixed",
              doc: str = "article_id") -> pd.DataFrame:
    """Where each pattern occurs: doc, pattern, from, n_tokens (the document's length),
    relative (``(from − 1) / n_tokens``, 0 = the first token). Every document and
    pattern is listed in the output's categories even without a match (documents in
    order, patterns as given), so a dispersion plot shows empty rows too."""
    docs = doc_tokens(tokens, doc=doc)
    patterns = list(patterns)
    hits = kwic(docs, patterns, window=0, valuetype=valuetype)
    lengths = {name: len(t) for name, t in docs.items()}
    out = pd.DataFrame({"doc": pd.Categorical(hits["doc"], categories=list(docs)),
                        "pattern": pd.Categorical(hits.pattern, categories=patterns),
                        "from": hits["from"].astype(int),
                        "n_tokens": [lengths[d] for d in hits["doc"]]})
    out["relative"] = ((out["from"] - 1) / out.n_tokens.clip(lower=1)).round(4)
    return out
