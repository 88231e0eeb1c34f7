"""Phrase mining: multi-token formulations found without quotation marks.

Official prose repeats fixed phrases (提法) that a segmenter cuts into ordinary words:
plain jieba splits 严格规范公正文明执法 into 严格 | 规范 | 公正 | 文明 | 执法. A phrase
miner looks for token sequences that occur together far more often than their words'
frequencies predict, so that such phrases can be found in a new corpus before anyone has
put them in a lexicon.

**The score** is quanteda's ``textstat_collocations(method = "lambda")`` (Blaheta &
Johnson 2001), extended to any size n. Every window of n consecutive tokens *within a
clause* (clauses never straddle a comma or a full stop) is one observation. For a
candidate w1 … wn, each window falls into one of 2ⁿ cells, according to which of its n
positions match the candidate's word at that position (cell c has b_c matching
positions; the cell with all n positions matching is the candidate's count). With
counts n_c and a smoothing constant s (0.5)::

    λ = Σ_c (−1)^(n − b_c) · ln(n_c + s)          σ = √( Σ_c 1 / (n_c + s) )       z = λ / σ

For n = 2 λ is the log odds ratio of the 2×2 table, ln((n11 + s)(n00 + s) / ((n10 + s)
(n01 + s))): 0 when the two words are independent, large when they occur together and
rarely apart. For n > 2 it is the n-way interaction of a saturated log-linear model: how
much more the whole sequence is bound together than its parts. z is λ in units of its
approximate standard error; it rewards evidence (frequency) as well as strength.

For n > 2, λ is the *highest-order* interaction only: once 警务 改革 and 改革 新 and 新 机制
are bound, the four-way term of 警务改革新机制 adds little and can be negative, so
quanteda's z ranks long phrases below their parts (tested in notebook 06 on a planted
phrase). Phrase discovery therefore ranks by **z_min**, the weakest joint (Silva &
Lopes 1999, "fair dispersion point" idea): split the phrase at every point k into a
left and a right part, collapse the 2ⁿ cells into the 2×2 table left-part-matches ×
right-part-matches, take that table's z, and keep the minimum over k. A phrase is as
cohesive as its weakest joint; for n = 2 z_min equals z.

A candidate must occur ``min_count`` times in ``min_docs`` documents (document spread:
one text repeating its own slogan is not a formulation of the corpus), and it may not
begin or end with a function word (``edge_stopwords``: 的, 和, 是 … inside a phrase are
fine). :func:`maximal` drops a phrase that never occurs outside a longer, credible mined
phrase (严格规范公正 inside 严格规范公正文明执法).

**Character-level candidates** (:func:`formula_candidates`) catch what tokens cannot:
formulas with plus signs (``1+N``, ``专业+机制+大数据``, ``1+4+N``) and numbered
formulas (两个确立, 四个意识, 五大安全), by regular expressions over the prepared text.

**Validation** (:func:`validate`): the quoted formulations of notebook 05
(:func:`helpers.analysis.formulations.quotes_table`, forms ``formulation`` and
``lexicon``) and the lexicon are labelled sets. Recall is the share of the labelled
phrases the miner finds among those it *could* find (at least two tokens under the
mining segmentation and frequent and spread enough); precision is the share of mined
phrases that are a labelled phrase (exact match, and the looser "part of one").
:func:`new_candidates` lists the high-scoring phrases that are neither.

Taught in ``notebooks/06_beyond_counting.ipynb`` (§1).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from helpers.text import segment

__all__ = ["PHRASE_COLUMNS", "clause_tokens", "findable_table", "formula_candidates", "lambda_score", "maximal",
           "mine", "new_candidates", "weakest_split", "phrase_key", "plant", "shuffled", "trim_plus", "validate"]

PHRASE_COLUMNS = ["phrase", "tokens", "size", "count", "n_docs", "lambda", "sigma", "z",
                  "z_min", "split"]
_NOT_WORD = re.compile(r"[^0-9A-Za-z\u3400-\u9fff\U00020000-\U0003134f]+")
#: Plus formulas: two or more parts joined by +, each part letters, digits or CJK.
PLUS_FORMULA = re.compile(r"[0-9A-Za-z\u4e00-\u9fff]{1,8}(?:\+[0-9A-Za-z\u4e00-\u9fff]{1,8})+")
#: Numbered formulas: a numeral from 两/二 to 十 (not 一: 一个 is the article "a") not
#: preceded by another numeral (二十大 is a congress), a measure word (个 大 项 条 张 种 到),
#: then two characters: 两个确立, 五大安全, 四个意识. Longer ones (六个必须坚持) are cut to
#: their first two characters: a candidate to read, not a finished formulation.
NUMBERED_FORMULA = re.compile(r"(?<![一二两三四五六七八九十百千第])[二两三四五六七八九十]"
                              r"(?:个|大|项|条|张|种|到)[\u4e00-\u9fff]{2}")


def phrase_key(phrase: str) -> str:
    """The phrase with everything but letters, digits and ideographs removed (and
    lower-cased), so that ``专业+机制+大数据`` and the mined 专业 机制 大数据 compare equal."""
    return _NOT_WORD.sub("", str(phrase)).lower()


def clause_tokens(paragraphs: pd.DataFrame, *, lexicon: segment.LexiconSpec = False,
                  stopwords: segment.StopwordSpec = False, doc: str = "article_id"
                  ) -> pd.DataFrame:
    """One row per clause: ``doc``, paragraph_no, clause_no, tokens (list of str).

    Clauses come from :func:`helpers.text.segment.tokenize_clauses_many` (cached); by
    default with no lexicon and no stopwords, so that lexicon terms stay split into
    ordinary words and can be rediscovered (the validation of §1).
    """
    rows = []
    per_text = segment.tokenize_clauses_many(paragraphs["text"], stopwords=stopwords,
                                             lexicon=lexicon)
    for p, clauses in zip(paragraphs.itertuples(index=False), per_text, strict=True):
        for i, tokens in enumerate(clauses):
            rows.append({doc: getattr(p, doc), "paragraph_no": p.paragraph_no,
                         "clause_no": i, "tokens": tokens})
    return pd.DataFrame(rows, columns=[doc, "paragraph_no", "clause_no", "tokens"])


def lambda_score(cells: Sequence[float] | np.ndarray, size: int, *, smoothing: float = 0.5
                 ) -> tuple[float, float, float]:
    """λ, σ and z of a 2ⁿ table of window counts (see the module docstring).

    ``cells[c]`` counts the windows whose matching positions are the bits of ``c`` (bit
    i set: position i matches), so ``cells[2**size - 1]`` is the phrase's count.
    """
    cells = np.asarray(cells, dtype=float)
    if len(cells) != 2 ** size:
        raise ValueError(f"lambda_score: need 2**{size} cells, got {len(cells)}")
    matches = np.array([bin(c).count("1") for c in range(2 ** size)])
    signs = np.where((size - matches) % 2 == 0, 1.0, -1.0)
    smoothed = cells + smoothing
    lam = float((signs * np.log(smoothed)).sum())
    sigma = float(np.sqrt((1.0 / smoothed).sum()))
    return lam, sigma, lam / sigma


def weakest_split(match: np.ndarray, *, smoothing: float = 0.5) -> tuple[float, int]:
    """The weakest joint of a phrase: min over split points k of the z of the 2×2 table
    "first k words match" × "last n − k words match" over the windows (``match``:
    windows × n booleans). Returns (z_min, k). For n = 2 it is quanteda's z."""
    best, where = np.inf, 1
    for k in range(1, match.shape[1]):
        left, right = match[:, :k].all(axis=1), match[:, k:].all(axis=1)
        cells = [np.sum(~left & ~right), np.sum(left & ~right), np.sum(~left & right),
                 np.sum(left & right)]
        z = lambda_score(cells, 2, smoothing=smoothing)[2]
        if z < best:
            best, where = z, k
    return float(best), where


def _windows(lists: Sequence[Sequence[int]], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Every window of ``n`` consecutive ids inside one row: ``(windows × n ids, row of
    each window)``, in row order then position."""
    lengths = np.fromiter((len(ids) for ids in lists), dtype=np.int64, count=len(lists))
    flat = np.fromiter((i for ids in lists for i in ids), dtype=np.int64,
                       count=int(lengths.sum()))
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    per_row = np.maximum(lengths - n + 1, 0)
    row = np.repeat(np.arange(len(lists)), per_row)
    first = np.repeat(starts, per_row) + (np.arange(int(per_row.sum()))
                                          - np.repeat(np.cumsum(per_row) - per_row, per_row))
    return flat[first[:, None] + np.arange(n)], row


def _subset_counts(grid: np.ndarray) -> np.ndarray:
    """``counts[w, T]``: windows that agree with window ``w`` on the positions in bit set
    ``T`` (``T = 0``: every window). Each subset's projection is ranked from a smaller
    subset's rank and one more column, so no tuple is ever hashed in Python."""
    n_windows, n = grid.shape
    ranks = np.zeros((n_windows, 2 ** n), dtype=np.int64)
    counts = np.empty((n_windows, 2 ** n), dtype=np.int64)
    counts[:, 0] = n_windows
    width = int(grid.max()) + 1 if n_windows else 1
    for subset in range(1, 2 ** n):
        top = subset.bit_length() - 1
        rest = subset & ~(1 << top)
        _, inverse, sizes = np.unique(ranks[:, rest] * width + grid[:, top],
                                      return_inverse=True, return_counts=True)
        ranks[:, subset] = inverse
        counts[:, subset] = sizes[inverse]
    return counts


def _exact_cells(at_least: np.ndarray, n: int) -> np.ndarray:
    """Windows whose matching positions are exactly each bit set, from the windows that
    match at least each bit set (Möbius inversion over supersets)."""
    cells = at_least.astype(np.int64).copy()
    for bit in range(n):
        for subset in range(2 ** n):
            if not subset & (1 << bit):
                cells[..., subset] -= cells[..., subset | (1 << bit)]
    return cells


def mine(clauses: pd.DataFrame, *, sizes: Iterable[int] = range(2, 7), min_count: int = 3,
         min_docs: int = 2, doc: str = "article_id", smoothing: float = 0.5,
         edge_stopwords: Iterable[str] | None = None, sort: str = "z_min") -> pd.DataFrame:
    """Score every token sequence of the given sizes seen ``min_count`` times in at least
    ``min_docs`` documents (``doc`` column), by λ and z (module docstring).

    Input: :func:`clause_tokens` (any table with ``doc`` and ``tokens``; sequences never
    cross rows). ``edge_stopwords``: words a phrase may not begin or end with (default:
    the bundled general stopword list; ``()`` for none). Output: phrase (tokens joined
    without a space), tokens (joined by a space), size, count, n_docs, lambda, sigma, z
    (quanteda's), z_min and split (:func:`weakest_split`); sorted by ``sort`` (default
    z_min; ``"z"`` for quanteda's order), descending, then phrase. The 2ⁿ cells of every
    candidate come from counts of partial matches (:func:`_subset_counts`), not from a
    scan of all windows per candidate, so the cost grows with the corpus, not with
    candidates × windows (``benchmarks/growth.py``).
    """
    edge = segment.load_stopwords("general") if edge_stopwords is None else frozenset(
        edge_stopwords)
    lists = [list(t) for t in clauses.tokens]
    names = sorted({t for toks in lists for t in toks})
    vocab = {t: i for i, t in enumerate(names)}
    ids = [[vocab[t] for t in toks] for toks in lists]
    owner_codes = pd.factorize(pd.Series(list(clauses[doc]), dtype=object))[0]
    rows = []
    for n in sorted(set(sizes)):
        grid, row = _windows(ids, n)
        if not len(grid):
            continue
        counts = _subset_counts(grid)
        full = 2 ** n - 1
        key_rank = np.unique(grid, axis=0, return_inverse=True)[1].ravel()
        first = np.unique(key_rank, return_index=True)[1]  # a window of each distinct key
        pairs = np.unique(np.stack([key_rank, owner_codes[row]], axis=1), axis=0)
        n_docs = np.bincount(pairs[:, 0], minlength=len(first))
        for rank in np.argsort(first, kind="stable"):  # keys in order of first occurrence
            w = first[rank]
            count = int(counts[w, full])
            if count < min_count or n_docs[rank] < min_docs:
                continue
            words = [names[i] for i in grid[w]]
            if words[0] in edge or words[-1] in edge:
                continue
            cells = _exact_cells(counts[w], n)
            lam, sigma, z = lambda_score(cells, n, smoothing=smoothing)
            z_min, split = _weakest_from_counts(counts[w], n, smoothing)
            rows.append({"phrase": "".join(words), "tokens": " ".join(words), "size": n,
                         "count": count, "n_docs": int(n_docs[rank]),
                         "lambda": round(lam, 3), "sigma": round(sigma, 3), "z": round(z, 3),
                         "z_min": round(z_min, 3), "split": split})
    table = pd.DataFrame(rows, columns=PHRASE_COLUMNS)
    return table.sort_values([sort, "phrase"], ascending=[False, True],
                             kind="stable").reset_index(drop=True)


def _weakest_from_counts(at_least: np.ndarray, n: int, smoothing: float) -> tuple[float, int]:
    """:func:`weakest_split` from the partial-match counts of one candidate."""
    best, where = np.inf, 1
    whole, total = int(at_least[2 ** n - 1]), int(at_least[0])
    for k in range(1, n):
        left = int(at_least[(1 << k) - 1])
        right = int(at_least[(2 ** n - 1) ^ ((1 << k) - 1)])
        cells = [total - left - right + whole, left - whole, right - whole, whole]
        z = lambda_score(cells, 2, smoothing=smoothing)[2]
        if z < best:
            best, where = z, k
    return float(best), where


def maximal(table: pd.DataFrame, *, min_z: float = -np.inf) -> pd.DataFrame:
    """Drop phrases absorbed by a longer phrase of ``table``: a phrase is dropped when a
    longer one contains its tokens, has the same count (the shorter never occurs
    outside it) and is itself credible, ``z_min >= min_z`` (e.g. the highest score of a
    shuffled corpus). Without ``min_z`` a weak extension absorbs a strong phrase:
    两个维护 "the Two Safeguards" would vanish into 做到两个维护 "achieve the Two
    Safeguards", whose verb is a weak joint. Each credible phrase lists its contiguous
    sub-sequences once (at most 15 for six tokens), so the check is linear in rows."""
    widest: dict[str, int] = {}
    for tokens, count, z_min in zip(table["tokens"], table["count"], table["z_min"],
                                    strict=True):
        if not z_min >= min_z:
            continue
        words = tokens.split(" ")
        for i in range(len(words)):
            for j in range(i + 1, len(words) + 1):
                if j - i < len(words):
                    inner = " ".join(words[i:j])
                    widest[inner] = max(widest.get(inner, -1), int(count))
    keep = [not widest.get(tokens, -1) >= count
            for tokens, count in zip(table["tokens"], table["count"], strict=True)]
    return table[keep].reset_index(drop=True)


_SCRIPT_RUN = re.compile(r"[0-9A-Za-z]+|[\u4e00-\u9fff]+")


def trim_plus(candidate: str) -> str:
    """Cut a plus formula's first and last parts back to the formula itself.

    Characters carry no word boundaries, so the regex also takes the words around a
    formula (推进专业+机制+大数据, 1+4+N矛盾). A part that mixes digits or letters with
    ideographs keeps only the run next to the plus sign (N矛盾 → N); an ideographic first
    part longer than two characters keeps only its last plain-jieba word (推进专业 →
    专业); an ideographic last part longer than three keeps its first word. Heuristic:
    read the KWIC lines before trusting a candidate.
    """
    parts = candidate.split("+")
    first_runs, last_runs = _SCRIPT_RUN.findall(parts[0]), _SCRIPT_RUN.findall(parts[-1])
    first, last = first_runs[-1], last_runs[0]
    if not first.isascii() and len(first) > 2:
        first = segment.cut_plain(first)[-1]
    if not last.isascii() and len(last) > 3:
        last = segment.cut_plain(last)[0]
    return "+".join([first, *parts[1:-1], last])


def formula_candidates(paragraphs: pd.DataFrame, *, doc: str = "article_id",
                       patterns: dict[str, re.Pattern[str]] | None = None,
                       prepare_text=None) -> pd.DataFrame:
    """Character-level formula candidates: plus formulas and numbered formulas.

    ``patterns``: kind → compiled regex (default :data:`PLUS_FORMULA` as ``"plus"`` and
    :data:`NUMBERED_FORMULA` as ``"numbered"``), run over each paragraph prepared like
    the quotes of notebook 05 (widths unified, spaces inside formulations removed;
    ``prepare_text`` to change it); plus formulas not opened by a quotation mark are cut back by
    :func:`trim_plus`. Output: candidate, kind, count, n_docs, docs
    (``"; "``-joined, first-seen order), sorted by n_docs, count (descending), candidate.
    """
    if prepare_text is None:
        from helpers.analysis.formulations import prepare_for_quotes as prepare_text
    patterns = patterns or {"plus": PLUS_FORMULA, "numbered": NUMBERED_FORMULA}
    found: dict[tuple[str, str], list[object]] = defaultdict(list)
    for p in paragraphs.itertuples(index=False):
        text = prepare_text(str(p.text))
        for kind, pattern in patterns.items():
            for match in pattern.finditer(text):
                quoted = text[max(0, match.start() - 1):match.start()] == "“"
                found_text = (trim_plus(match.group(0)) if kind == "plus" and not quoted
                              else match.group(0))
                found[(found_text, kind)].append(getattr(p, doc))
    rows = [{"candidate": c, "kind": k, "count": len(owners),
             "n_docs": len(set(owners)), "docs": "; ".join(map(str, dict.fromkeys(owners)))}
            for (c, k), owners in found.items()]
    out = pd.DataFrame(rows, columns=["candidate", "kind", "count", "n_docs", "docs"])
    return out.sort_values(["n_docs", "count", "candidate"], ascending=[False, False, True],
                           kind="stable").reset_index(drop=True)


def _gold_table(gold: Iterable[str], clauses: pd.DataFrame, doc: str, min_count: int,
                min_docs: int) -> pd.DataFrame:
    """Each labelled phrase with its token count under the mining segmentation and how
    often / in how many documents its key occurs in the clauses' joined tokens."""
    joined = [("".join(t), owner) for t, owner in zip(clauses.tokens, clauses[doc],
                                                      strict=True)]
    rows = []
    phrases = sorted({g for g in gold if phrase_key(g)})
    tokens = segment.tokenize_many(phrases, stopwords=False, lexicon=False)  # cached
    for phrase, phrase_tokens in zip(phrases, tokens, strict=True):
        key = phrase_key(phrase)
        n_tokens = len(phrase_tokens)
        hits = [(text.count(key), owner) for text, owner in joined if key in text]
        count = sum(h for h, _ in hits)
        n_docs = len({owner for _, owner in hits})
        rows.append({"phrase": phrase, "key": key, "n_tokens": n_tokens, "count": count,
                     "n_docs": n_docs,
                     "findable": n_tokens >= 2 and count >= min_count and n_docs >= min_docs})
    return pd.DataFrame(rows, columns=["phrase", "key", "n_tokens", "count", "n_docs",
                                       "findable"])


def validate(mined: pd.DataFrame, clauses: pd.DataFrame, gold: dict[str, Iterable[str]], *,
             doc: str = "article_id", min_count: int = 3, min_docs: int = 2,
             top: int | None = None) -> pd.DataFrame:
    """Recall and precision of ``mined`` (the first ``top`` rows, or all) against each
    labelled set of ``gold`` (name → phrases, e.g. quoted formulations, the lexicon).

    A labelled phrase is *findable* if it has at least two tokens under the mining
    segmentation and occurs ``min_count`` times in ``min_docs`` documents (keys compared
    with :func:`phrase_key`, so ``+`` and ``、`` do not matter). Output, one row per set:
    set, labelled, findable, found (findable phrases mined exactly), recall (found /
    findable), mined, exact (mined phrases equal to a labelled one), precision_exact,
    partial (mined phrases that are part of a labelled one or contain one),
    precision_partial.
    """
    mined = mined if top is None else mined.head(top)
    keys = [phrase_key(p) for p in mined.phrase]
    rows = []
    for name, phrases in gold.items():
        table = _gold_table(phrases, clauses, doc, min_count, min_docs)
        gold_keys = set(table.key)
        findable = set(table.key[table.findable])
        found = findable & set(keys)
        exact = sum(k in gold_keys for k in keys)
        partial = sum(any(k in g or g in k for g in gold_keys) for k in keys)
        n = len(keys)
        rows.append({"set": name, "labelled": len(table), "findable": len(findable),
                     "found": len(found),
                     "recall": round(len(found) / len(findable), 3) if findable else np.nan,
                     "mined": n, "exact": exact,
                     "precision_exact": round(exact / n, 3) if n else np.nan,
                     "partial": partial,
                     "precision_partial": round(partial / n, 3) if n else np.nan})
    return pd.DataFrame(rows)


def findable_table(clauses: pd.DataFrame, gold: Iterable[str], mined: pd.DataFrame, *,
                   doc: str = "article_id", min_count: int = 3, min_docs: int = 2
                   ) -> pd.DataFrame:
    """The labelled phrases with n_tokens, count, n_docs, findable and ``mined`` (found
    exactly by the miner), sorted: findable first, then by count (descending)."""
    table = _gold_table(gold, clauses, doc, min_count, min_docs)
    keys = {phrase_key(p) for p in mined.phrase}
    table["mined"] = table.key.isin(keys)
    return table.sort_values(["findable", "count", "phrase"], ascending=[False, False, True],
                             kind="stable").reset_index(drop=True)


def new_candidates(mined: pd.DataFrame, known: Iterable[str], *, n: int = 15) -> pd.DataFrame:
    """The ``n`` highest-z mined phrases that are neither a known phrase nor part of one
    nor contain one (keys by :func:`phrase_key`): candidate new formulations."""
    known_keys = {phrase_key(k) for k in known if phrase_key(k)}
    keep = [not any(phrase_key(p) in k or k in phrase_key(p) for k in known_keys)
            for p in mined.phrase]
    return mined[keep].head(n).reset_index(drop=True)


def shuffled(clauses: pd.DataFrame, *, seed: int = 0) -> pd.DataFrame:
    """The clauses with all tokens permuted across the corpus (clause lengths and the
    documents' vocabulary sizes kept): a corpus in which no phrase exists, the null of
    :func:`mine`."""
    rng = np.random.default_rng(seed)
    flat = [t for toks in clauses.tokens for t in toks]
    order = rng.permutation(len(flat))
    out, at = [], 0
    for toks in clauses.tokens:
        out.append([flat[i] for i in order[at:at + len(toks)]])
        at += len(toks)
    return clauses.assign(tokens=out)


def plant(clauses: pd.DataFrame, phrase: Sequence[str], n: int, *, seed: int = 0
          ) -> pd.DataFrame:
    """Insert the tokens of ``phrase`` at a random place of ``n`` random clauses (a known
    answer for :func:`mine`)."""
    rng = np.random.default_rng(seed)
    chosen = set(rng.choice(len(clauses), size=n, replace=False).tolist())
    out = []
    for i, toks in enumerate(clauses.tokens):
        toks = list(toks)
        if i in chosen:
            at = int(rng.integers(0, len(toks) + 1))
            toks = toks[:at] + list(phrase) + toks[at:]
        out.append(toks)
    return clauses.assign(tokens=out)
