"""Comparing texts across localities: reform themes, keyness, similarity and scaling.

Pure functions over the tables of :mod:`helpers.text.corpus` (paragraphs) and
:mod:`helpers.text.segment` (paragraphs with ``tokens``); every result is a pandas object in
a reproducible order. Taught in ``notebooks/04_cross_city_comparison.ipynb``.

* **Themes**: lexicon-term occurrences per paragraph (the same leftmost-longest matching
  that segmentation uses, :func:`helpers.text.segment.term_occurrences`), rates per 10,000
  characters with percentile bootstrap intervals over paragraphs, and the KWIC lines
  behind every number (:func:`theme_evidence`).
* **Keyness**: the 2×2 log-likelihood G² (as quanteda and scipy report; the two-cell
  Rayson & Garside 2000 form as an option) with Benjamini–Hochberg q-values, the
  log-ratio effect size (Hardie 2014) and its conservative bound (LRC), one group
  against the rest of the corpus: :func:`keyness` of two count mappings,
  :func:`keyness_dfm` of a documents × terms matrix with ``target=`` a group or a set
  of documents (quanteda's ``textstat_keyness``), :func:`keyness_by_group` for all groups.
* **Similarity**: TF-IDF vectors of articles, cosine similarity, average-linkage
  clustering, and correspondence analysis (SVD of standardised residuals, numpy only).

Every count comes from :mod:`helpers.analysis.dfm` (``dfm.build`` / ``group`` / ``trim``);
TF-IDF is ``dfm.tfidf(d, scheme="similarity")``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.cluster.hierarchy import linkage
from scipy.linalg import orthogonal_procrustes
from scipy.sparse.linalg import svds
from scipy.spatial.distance import squareform
from scipy.stats import beta as beta_dist
from scipy.stats import chi2

from helpers.analysis import count, dfm, stats
from helpers.text import clean, segment

#: ``admin_level`` values (from the manifest) of texts that speak for no locality: a
#: national outlet (``national``) or a text of unknown place (``unspecified``).
NONLOCAL_LEVELS: tuple[str, ...] = ("national", "unspecified")
#: Added to a zero count before taking the log-ratio (Hardie 2014 suggests 0.5).
ZERO_CORRECTION = 0.5

LexiconSpec = pd.DataFrame | str | Path | Mapping[str, object] | None


# --------------------------------------------------------------------------- lexicon
def _segment_spec(lexicon: LexiconSpec) -> object:
    """The ``lexicon=`` argument of :mod:`helpers.text.segment` for a compare lexicon:
    ``True`` (the bundled lexicon) for None, anything else as given."""
    return True if lexicon is None else lexicon


def lexicon_table(lexicon: LexiconSpec = None) -> pd.DataFrame:
    """The lexicon to score themes with: the package lexicon (``None``), a path, or a table.

    Exactly the table segmentation uses (:func:`helpers.text.segment.lexicon_frame`): the
    package lexicon for None, :func:`helpers.text.lexicon.read_dictionary` of a path or
    table in any dictionary format it reads (a table needs ``term`` and ``theme``;
    optional ``variants`` (a tuple or a ``|``-separated string of other surface forms),
    ``theme_zh`` and ``scored`` (False for themes that are time markers, left out of
    theme scoring; default True)). Output: a copy with terms and ``variants`` (tuples)
    normalised like clean text and a bool ``scored`` column. Taught in notebook 04, §1.
    """
    table = segment.lexicon_frame(_segment_spec(lexicon))
    if table is None:
        raise KeyError("compare: no lexicon to score themes with")
    table = table.copy()
    table["scored"] = [v if isinstance(v, bool) else str(v).strip().lower() not in
                       {"false", "0", "no", ""} for v in table.scored]
    return table.reset_index(drop=True)


class ThemeMatcher(NamedTuple):
    """One lexicon's term matching: a :class:`helpers.text.segment.Segmenter` of that
    lexicon, used for its matching only (see :func:`theme_matcher`)."""

    segmenter: segment.Segmenter  #: prepares text and finds the lexicon terms
    theme_of: dict[str, str]  #: term → theme
    scored: dict[str, bool]  #: theme → counted in theme scoring

    def prepare(self, text: str) -> str:
        """Clean-text normalisation, then this lexicon's variants → terms (as
        :func:`helpers.text.segment.prepare` with this lexicon)."""
        return self.segmenter.prepare(text)

    def occurrences(self, text: str) -> list[tuple[int, str]]:
        """(offset in the prepared text, term), left to right, longest term first:
        :func:`helpers.text.segment.term_occurrences` with this lexicon (tested)."""
        found, position = [], 0
        for piece, is_term in self.segmenter.pieces(self.segmenter.prepare(text)):
            if is_term:
                found.append((position, piece))
            position += len(piece)
        return found


def _no_cut(text: str, hmm: bool) -> list[str]:
    raise RuntimeError("compare's theme matcher finds lexicon terms; it does not segment")


_MATCHERS: dict[tuple, ThemeMatcher] = {}


def theme_matcher(lexicon: LexiconSpec = None) -> ThemeMatcher:
    """The matcher of *this* lexicon's terms and variants (cached by content).

    Matching is segmentation's own (:class:`helpers.text.segment.Segmenter`: clean-text
    normalisation, variants rewritten to their terms, leftmost-longest match), so theme
    hits are exactly :func:`helpers.text.segment.term_occurrences` and the lexicon
    tokens of :func:`helpers.text.segment.tokenize`, for the package lexicon and for a
    user's. The Segmenter gets a cutter that is never called, so no jieba dictionary is
    loaded for matching (``term_occurrences`` itself builds one: 3–4 s on first use).
    Taught in notebook 04, §1.
    """
    table = lexicon_table(lexicon)
    key = tuple(zip(table.term, table.theme, table.variants, table.scored, strict=True))
    if key not in _MATCHERS:
        scored = {theme: bool(part.all()) for theme, part in table.groupby("theme").scored}
        spec = _segment_spec(lexicon)
        matcher = segment.Segmenter(stopwords=False, cut=_no_cut, lexicon=(
            spec if spec is True or isinstance(spec, (str, Path)) else table))
        _MATCHERS[key] = ThemeMatcher(matcher, dict(zip(table.term, table.theme, strict=True)),
                                      scored)
    return _MATCHERS[key]


def scored_themes(lexicon: LexiconSpec = None) -> list[str]:
    """The themes counted in theme scoring (all but the time-marker themes), sorted."""
    return sorted(t for t, keep in theme_matcher(lexicon).scored.items() if keep)


# --------------------------------------------------------------------------- labels
def theme_names_zh(lexicon: LexiconSpec = None) -> dict[str, str]:
    """Theme → Chinese theme name (none for a theme whose ``theme_zh`` is empty or the
    theme itself, as in a user dictionary without Chinese theme names)."""
    table = lexicon_table(lexicon)
    if "theme_zh" not in table:
        return {}
    pairs = table[["theme", "theme_zh"]].drop_duplicates("theme")
    return {t: z for t, z in zip(pairs.theme, pairs.theme_zh, strict=True) if z and z != t}


def theme_label(theme: str, sep: str = "\n", *, lexicon: LexiconSpec = None) -> str:
    """``"反诈\\nAnti-fraud"`` for a lexicon theme; the English name if no Chinese is known."""
    zh = theme_names_zh(lexicon).get(theme)
    return f"{zh}{sep}{theme}" if zh else theme


def is_nonlocal(levels: Iterable[object],
                nonlocal_levels: Iterable[str] = NONLOCAL_LEVELS) -> list[bool]:
    """For each ``admin_level`` value: does the text speak for no locality?"""
    wanted = set(nonlocal_levels)
    return [str(level) in wanted for level in levels]


def locality_labels(articles: pd.DataFrame, sep: str = " ", *,
                    nonlocal_levels: Sequence[str] = NONLOCAL_LEVELS) -> dict[str, str]:
    """Locality → ``"<locality_zh> <locality>"`` (e.g. ``"甲城 A-city"``) from an articles table (columns locality,
    locality_zh, and admin_level if known).

    Order: the localities of local texts in manifest order, then those of non-local
    texts (``admin_level`` in ``nonlocal_levels``, read from the metadata, never from
    the names) in the order of ``nonlocal_levels``. Used by notebooks 04 and 05.
    """
    pairs = articles.drop_duplicates("locality")
    levels = pairs["admin_level"] if "admin_level" in pairs else pd.Series("", index=pairs.index)
    rank = {level: i for i, level in enumerate(nonlocal_levels)}
    keyed = [(rank.get(str(level), -1), pos, loc, zh) for pos, (loc, zh, level) in
             enumerate(zip(pairs.locality, pairs.locality_zh, levels, strict=True))]
    return {loc: f"{zh}{sep}{loc}" for _, _, loc, zh in sorted(keyed)}


def add_level(table: pd.DataFrame, articles: pd.DataFrame | None = None, *,
              nonlocal_levels: Iterable[str] = NONLOCAL_LEVELS) -> pd.DataFrame:
    """A copy of ``table`` with a ``level`` column, ``"non-local"`` or ``"local"``,
    keyed on the manifest's ``admin_level`` (never on locality names).

    ``table`` either has an ``admin_level`` column or an ``article_id`` column, in
    which case ``articles`` (with article_id, admin_level) supplies the level.
    Taught in notebook 04, §4.
    """
    out = table.copy()
    if "admin_level" in out:
        levels = out["admin_level"]
    elif articles is not None and "article_id" in out:
        levels = out["article_id"].map(dict(zip(articles.article_id, articles.admin_level,
                                                strict=True)))
        if levels.isna().any():
            unknown = sorted(set(out.article_id[levels.isna()]))
            raise KeyError(f"add_level: no admin_level for article(s) {unknown}")
    else:
        raise KeyError("add_level needs an admin_level column, or article_id and articles")
    out["level"] = ["non-local" if flag else "local"
                    for flag in is_nonlocal(levels, nonlocal_levels)]
    return out


# --------------------------------------------------------------------------- themes
def theme_hits(paragraphs: pd.DataFrame, lexicon: LexiconSpec = None) -> pd.DataFrame:
    """Every term occurrence of ``lexicon`` (default: the package lexicon) in the paragraphs.

    Input: paragraphs with article_id, locality, paragraph_no, text. Matching is
    :func:`theme_matcher` of the lexicon passed (variants normalised, leftmost-longest;
    for the package lexicon exactly the lexicon tokens of :func:`helpers.text.segment.tokenize`).
    Output, in corpus order: article_id, locality, paragraph_no, offset (in the prepared
    paragraph), term, theme, scored (False for time-marker themes, which the theme
    counts leave out). Taught in notebook 04, §1.
    """
    matcher = theme_matcher(lexicon)
    rows = [{"article_id": p.article_id, "locality": p.locality,
             "paragraph_no": p.paragraph_no, "offset": offset, "term": term,
             "theme": matcher.theme_of[term], "scored": matcher.scored[matcher.theme_of[term]]}
            for p in paragraphs.itertuples(index=False)
            for offset, term in matcher.occurrences(str(p.text))]
    return pd.DataFrame(rows, columns=["article_id", "locality", "paragraph_no", "offset",
                                       "term", "theme", "scored"])


def theme_counts(paragraphs: pd.DataFrame, lexicon: LexiconSpec = None, *,
                 scored_only: bool = True) -> pd.DataFrame:
    """Theme hits per paragraph, zeros included (the input of the bootstrap).

    ``scored_only`` (default) keeps only the scored themes: time markers (meeting and
    agenda references, lexicon column ``scored`` false) are not reform themes.
    Output: one row per paragraph × theme, paragraphs in corpus order and themes sorted:
    article_id, locality, paragraph_no, n_chars, theme, hits. Taught in notebook 04, §1.
    """
    matcher = theme_matcher(lexicon)
    hits = theme_hits(paragraphs, lexicon)
    tally = Counter(zip(hits.article_id, hits.paragraph_no, hits.theme, strict=True))
    themes = scored_themes(lexicon) if scored_only else sorted(matcher.scored)
    rows = [{"article_id": p.article_id, "locality": p.locality, "paragraph_no": p.paragraph_no,
             "n_chars": int(p.n_chars), "theme": theme,
             "hits": tally.get((p.article_id, p.paragraph_no, theme), 0)}
            for p in paragraphs.itertuples(index=False)
            for theme in themes]
    return pd.DataFrame(rows, columns=["article_id", "locality", "paragraph_no", "n_chars",
                                       "theme", "hits"])


def article_theme_counts(paragraphs: pd.DataFrame, lexicon: LexiconSpec = None, *,
                         scored_only: bool = True) -> pd.DataFrame:
    """Theme hits per *article*: the unit that varies between groups of texts.

    Output: one row per article × theme (articles in corpus order, themes sorted):
    article_id, locality, theme, hits, n_chars (the article's characters). The input of
    :func:`helpers.analysis.stats.permutation_rate_test`. Taught in notebook 04, §4.
    """
    counts = theme_counts(paragraphs, lexicon, scored_only=scored_only)
    order = {a: i for i, a in enumerate(dict.fromkeys(paragraphs.article_id))}
    out = counts.groupby(["article_id", "locality", "theme"], sort=False, as_index=False).agg(
        hits=("hits", "sum"), n_chars=("n_chars", "sum"))
    out = out.assign(_order=out.article_id.map(order)).sort_values(["_order", "theme"],
                                                                   kind="stable")
    return out.drop(columns="_order").reset_index(drop=True)


def theme_rates(paragraphs: pd.DataFrame, *, group: str = "locality", per: float = 10_000,
                n_boot: int = 2000, level: float = 0.95, seed: int = stats.DEFAULT_SEED,
                lexicon: LexiconSpec = None, method: str | None = None) -> pd.DataFrame:
    """Theme hits per ``per`` characters by ``group``, with an interval over each group's
    paragraphs (:func:`helpers.analysis.stats.bootstrap_rates`; ``method`` is passed on, None =
    its default).

    The interval answers one narrow question: how much would *this text's* rate move if
    its paragraphs had been a different draw of the same kind. It is not a test between
    groups of texts (use :func:`level_contrast`, which relabels articles). Input:
    paragraphs (with ``group`` and n_chars columns); only scored themes. Resampling
    depends on the seed and the group's name only, so every theme of a group sees the
    same resampled paragraphs. Output: one row per group × theme (sorted): group,
    theme, hits, n_chars, rate, low, high, n_rows (paragraphs) and ``method`` when the
    interval function reports it; rates rounded to 2 decimals. Taught in notebook 04, §1.
    """
    counts = theme_counts(paragraphs, lexicon)
    if group not in counts:
        counts[group] = paragraphs[group].repeat(counts.theme.nunique()).to_numpy()
    options = {} if method is None else {"method": method}
    parts = []
    for theme, part in counts.groupby("theme", sort=True):
        rates = stats.bootstrap_rates(part, group=group, count="hits", size="n_chars", per=per,
                                      n_boot=n_boot, level=level, seed=seed, **options)
        parts.append(rates.assign(theme=theme))
    out = pd.concat(parts, ignore_index=True)
    out[["rate", "low", "high"]] = out[["rate", "low", "high"]].round(2)
    columns = [group, "theme", "hits", "n_chars", "rate", "low", "high", "n_rows"]
    out = out[columns + (["method"] if "method" in out else [])]
    return out.sort_values([group, "theme"], kind="stable").reset_index(drop=True)


def level_contrast(paragraphs: pd.DataFrame, articles: pd.DataFrame, *,
                   lexicon: LexiconSpec = None, per: float = 10_000,
                   nonlocal_levels: Iterable[str] = NONLOCAL_LEVELS,
                   seed: int = stats.DEFAULT_SEED) -> pd.DataFrame:
    """Non-local vs local texts, theme by theme, tested at the unit that varies: articles.

    Articles are labelled by :func:`add_level` (manifest ``admin_level``); the test is
    :func:`helpers.analysis.stats.permutation_rate_test` (exact when the labellings are few).
    Output: one row per scored theme (sorted): theme, nonlocal_rate, local_rate (pooled
    hits per ``per`` characters), difference, p_permutation, q_bh, min_p, n_labellings,
    exact, nonlocal_hits, local_hits, nonlocal_with_hits, local_with_hits (articles with
    at least one hit), n_nonlocal, n_local (articles). Taught in notebook 04, §4.
    """
    units = add_level(article_theme_counts(paragraphs, lexicon), articles,
                      nonlocal_levels=nonlocal_levels)
    test = stats.permutation_rate_test(units, label="level", target="non-local", count="hits",
                                       size="n_chars", by="theme", per=per, seed=seed)
    side = units.assign(nonlocal_=units.level == "non-local", used=units.hits > 0)
    tally = side.groupby(["theme", "nonlocal_"]).agg(hits=("hits", "sum"), used=("used", "sum"))
    tally = tally.unstack("nonlocal_", fill_value=0)
    out = test.rename(columns={"target_rate": "nonlocal_rate", "rest_rate": "local_rate",
                               "n_target": "n_nonlocal", "n_rest": "n_local"})
    for column, source, flag in [("nonlocal_hits", "hits", True), ("local_hits", "hits", False),
                                 ("nonlocal_with_hits", "used", True),
                                 ("local_with_hits", "used", False)]:
        values = tally[source][flag] if flag in tally[source] else 0
        out[column] = out.theme.map(values).fillna(0).astype(int)
    columns = ["theme", "nonlocal_rate", "local_rate", "difference", "p_permutation", "q_bh",
               "min_p", "n_labellings", "exact", "nonlocal_hits", "local_hits",
               "nonlocal_with_hits", "local_with_hits", "n_nonlocal", "n_local"]
    out[["nonlocal_rate", "local_rate", "difference"]] = out[
        ["nonlocal_rate", "local_rate", "difference"]].round(2)
    return out[columns].reset_index(drop=True)


def rate_matrix(rates: pd.DataFrame, *, group: str = "locality", value: str = "rate",
                order: Iterable[str] | None = None) -> pd.DataFrame:
    """``rates`` (from :func:`theme_rates`) as a group × theme table of ``value``.

    Rows follow ``order`` if given (groups not in it are appended, sorted), columns are
    the themes sorted by name.
    """
    table = rates.pivot(index=group, columns="theme", values=value)
    groups = list(order or [])
    groups += sorted(g for g in table.index if g not in groups)
    return table.reindex([g for g in groups if g in table.index]).sort_index(axis=1)


def top_themes(rates: pd.DataFrame, *, group: str = "locality", n: int = 3) -> pd.DataFrame:
    """The ``n`` themes with the highest rate in each group (ties broken by theme name);
    themes with no hit are never listed.

    Output: group, rank (1 = highest), theme, rate, low, high.
    """
    ordered = rates[rates.rate > 0].sort_values([group, "rate", "theme"],
                                                ascending=[True, False, True], kind="stable")
    top = ordered.groupby(group, sort=True).head(n).copy()
    top["rank"] = top.groupby(group).cumcount() + 1
    return top[[group, "rank", "theme", "rate", "low", "high"]].reset_index(drop=True)


def theme_evidence(paragraphs: pd.DataFrame, locality: str, theme: str, *, window: int = 20,
                   lexicon: LexiconSpec = None) -> pd.DataFrame:
    """The KWIC lines behind one cell of the theme heatmap.

    Input: paragraphs, a locality and a theme (a time-marker theme works too). Output:
    one row per occurrence of the theme's terms in that locality's paragraphs, in corpus
    order, as :func:`helpers.analysis.count.kwic` gives them (article_id, locality, paragraph_no,
    offset, left, keyword, right) plus ``theme``. Only occurrences that
    :func:`theme_hits` counts are kept (a term inside a longer lexicon term, e.g. 社区警务
    inside 社区警务队, is not a hit), so the number of rows equals the cell's ``hits``.
    Taught in notebook 04, §1.
    """
    matcher = theme_matcher(lexicon)
    local = paragraphs[paragraphs.locality == locality]
    hits = theme_hits(local, lexicon)
    hits = hits[hits.theme == theme]
    counted = set(zip(hits.article_id, hits.paragraph_no, hits.offset, hits.term, strict=True))
    terms = sorted(t for t, th in matcher.theme_of.items() if th == theme)
    lines = [count.kwic(local, term, window=window, prepare_text=matcher.prepare)
             for term in terms]
    columns = ["article_id", "locality", "paragraph_no", "offset", "left", "keyword", "right"]
    lines = pd.concat([frame for frame in lines if not frame.empty] or
                      [pd.DataFrame(columns=columns)], ignore_index=True)
    keep = [key in counted for key in zip(lines.article_id, lines.paragraph_no, lines.offset,
                                          lines.keyword, strict=True)]
    order = {a: i for i, a in enumerate(dict.fromkeys(paragraphs.article_id))}
    evidence = lines.loc[np.array(keep, dtype=bool)].assign(
        theme=theme, _article=lambda d: d.article_id.map(order))
    evidence = evidence.sort_values(["_article", "paragraph_no", "offset"], kind="stable")
    return evidence.drop(columns="_article").reset_index(drop=True)


def phrase_counts(paragraphs: pd.DataFrame, phrases: Mapping[str, Sequence[str]], *,
                  by: str = "article_id") -> pd.DataFrame:
    """Occurrences of fixed wordings, grouped into named components, per ``by`` value.

    Input: paragraphs (``by``, paragraph_no, text) and component → wordings (e.g. the
    five modernisations of the 2024 framework, each with the wordings the texts use).
    Texts and wordings are normalised like clean text; matches may not overlap within
    one wording. Output: one row per component × wording × ``by`` value with at least one
    occurrence (components and wordings in the given order, ``by`` in corpus order):
    component, wording, ``by``, count, paragraphs (the paragraph numbers, joined by
    commas). Empty (with those columns) when nothing matches. Taught in notebook 04, §5.
    """
    texts = [(getattr(p, by), p.paragraph_no, clean.normalize_text(str(p.text)))
             for p in paragraphs.itertuples(index=False)]
    rows = []
    for component, wordings in phrases.items():
        for wording in wordings:
            needle = clean.normalize_text(wording)
            found: dict[object, list[int]] = {}
            for name, number, text in texts:
                n = text.count(needle) if needle else 0
                if n:
                    found.setdefault(name, []).extend([int(number)] * n)
            rows += [{"component": component, "wording": wording, by: name,
                      "count": len(numbers),
                      "paragraphs": ",".join(str(x) for x in dict.fromkeys(numbers))}
                     for name, numbers in found.items()]
    return pd.DataFrame(rows, columns=["component", "wording", by, "count", "paragraphs"])


# --------------------------------------------------------------------------- keyness
def log_likelihood(a: np.ndarray | float, b: np.ndarray | float, c: float, d: float
                   ) -> np.ndarray:
    """G² of a term with frequency ``a`` in a target of ``c`` tokens and ``b`` in a
    reference of ``d`` tokens (Rayson & Garside 2000).

    E1 = c·(a+b)/(c+d), E2 = d·(a+b)/(c+d), G² = 2·(a·ln(a/E1) + b·ln(b/E2)), with
    0·ln 0 = 0. Vectorised over ``a`` and ``b``. This is the two-cell keyness form of
    corpus linguistics (Wmatrix, the Lancaster log-likelihood calculator), kept as
    ``keyness(method="rayson")``. The default of :func:`keyness` is the four-cell G² of
    the 2×2 table (:func:`helpers.analysis.stats.g2_2x2`, also behind
    :func:`helpers.analysis.collocations.g2`), which adds the "other tokens" cells.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = np.where(a > 0, a * np.log(a / e1), 0.0)
        t2 = np.where(b > 0, b * np.log(b / e2), 0.0)
    return 2 * (t1 + t2)


def log_ratio(a: np.ndarray | float, b: np.ndarray | float, c: float, d: float, *,
              zero: float = ZERO_CORRECTION) -> np.ndarray:
    """Log-ratio effect size (Hardie 2014): log2 of (a/c) / (b/d).

    A zero count is replaced by ``zero`` (0.5 by default) so that terms found in only one
    corpus get a finite value; each unit is a doubling of the relative frequency.
    """
    a = np.where(np.asarray(a, dtype=float) == 0, zero, a)
    b = np.where(np.asarray(b, dtype=float) == 0, zero, b)
    return np.log2((a / c) / (b / d))


#: Keyness statistics offered by :func:`keyness`.
KEYNESS_METHODS: tuple[str, ...] = ("g2", "rayson")


def conservative_log_ratio(a: np.ndarray | float, b: np.ndarray | float, c: float, d: float,
                           *, level: float = 0.95) -> np.ndarray:
    """Conservative log-ratio (LRC, Evert's and Hardie's form): the bound of a
    confidence interval for the binary log-ratio that lies nearest zero, 0 if the
    interval contains 0.

    Given the term's f = a + b occurrences, a is binomial(f, π) with
    π = c·r₁ / (c·r₁ + d·r₂) for relative frequencies r₁ (target) and r₂ (reference), so
    log₂(r₁/r₂) = log₂(π/(1 − π) · d/c). The exact (Clopper–Pearson) interval for π at
    ``level`` maps to an interval for the log-ratio; LRC is its lower bound when that is
    above 0 (over-use), its upper bound when below 0 (under-use), else 0. No zero
    correction is needed: a term absent from the reference has a finite lower bound.
    Evert's implementation can also correct the level for the number of terms compared
    (Bonferroni): pass ``level = 1 − 0.05 / m``. Vectorised over ``a`` and ``b``.
    Taught in notebook 04 (§2, keyness).
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    f = a + b
    alpha = 1 - level
    with np.errstate(divide="ignore", invalid="ignore"):
        low = np.where(a > 0, beta_dist.ppf(alpha / 2, a, f - a + 1), 0.0)
        high = np.where(b > 0, beta_dist.ppf(1 - alpha / 2, a + 1, f - a), 1.0)
        lr_low = np.log2(low / (1 - low) * d / c)
        lr_high = np.log2(high / (1 - high) * d / c)
    return np.where(lr_low > 0, lr_low, np.where(lr_high < 0, lr_high, 0.0))


def min_expected(a: np.ndarray | float, b: np.ndarray | float, c: float, d: float
                 ) -> np.ndarray:
    """The smallest expected count of the four cells of the keyness 2×2 table:
    the χ² approximation of the p-value is poor below about 5 (Cochran's rule); for a
    rare term this is the term's expected count in the smaller corpus."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    n = c + d
    term = a + b
    return np.minimum(term * min(c, d) / n, (n - term) * min(c, d) / n)


def keyness(target: Mapping[str, int], reference: Mapping[str, int], *, min_count: int = 3,
            method: str = "g2", correction: str | None = None, level: float = 0.95,
            zero: float = ZERO_CORRECTION) -> pd.DataFrame:
    """Keyness of each term, target vs reference: G², p, BH q-value, log-ratio and LRC.

    Inputs: term → count in the target and in the reference (for a documents × terms
    matrix use :func:`keyness_dfm`). A term is *tested* if it
    occurs at least ``min_count`` times in the target or in the reference; q-values are
    over exactly those terms. ``method="g2"`` (default) is the full 2×2 G² of the table
    term / other tokens × target / reference (:func:`helpers.analysis.stats.g2_2x2`, as
    quanteda's "lr" and ``scipy.stats.power_divergence(lambda_="log-likelihood")``
    report); ``method="rayson"`` the
    two-cell form of Rayson & Garside (2000) (:func:`log_likelihood`, as in Wmatrix and
    older corpus tools). ``correction="williams"`` divides G² by Williams's q
    (:func:`helpers.analysis.stats.williams_q`; quanteda's default for "lr"). p is the χ² (1 d.f.) tail of G²;
    ``q_bh`` the Benjamini–Hochberg q-value (:func:`helpers.analysis.stats.bh_qvalues`);
    ``log_ratio`` Hardie's binary log of the ratio of relative frequencies with a zero
    count replaced by ``zero`` (0.5); ``lrc`` the conservative log-ratio at ``level``
    (:func:`conservative_log_ratio`; > 0 means reliably over-used, < 0 under-used);
    ``min_expected`` the smallest expected cell (:func:`min_expected`; < 5 makes the
    χ² p-value doubtful).

    Output: one row per tested term, sorted by G² descending then term: term,
    target_count, reference_count, target_per_10k, reference_per_10k, g2, p, q_bh,
    log_ratio, lrc, min_expected, direction (``"+"`` relatively more frequent in the
    target, ``"-"`` less). Rounded: rates, G², log-ratios and min_expected to 2
    decimals, p and q to 3 significant digits. Taught in notebook 04 (§2, keyness).
    """
    c, d = float(sum(target.values())), float(sum(reference.values()))
    terms = sorted(t for t in set(target) | set(reference)
                   if target.get(t, 0) >= min_count or reference.get(t, 0) >= min_count)
    a = np.array([target.get(t, 0) for t in terms], dtype=float)
    b = np.array([reference.get(t, 0) for t in terms], dtype=float)
    return _keyness_table(terms, a, b, c, d, method=method, correction=correction,
                          level=level, zero=zero)


def _keyness_table(terms: Sequence[str], a: np.ndarray, b: np.ndarray, c: float, d: float, *,
                   method: str, correction: str | None, level: float, zero: float
                   ) -> pd.DataFrame:
    """The keyness columns of :func:`keyness` for tested ``terms`` with target counts
    ``a`` (of ``c`` tokens) and reference counts ``b`` (of ``d`` tokens)."""
    if method not in KEYNESS_METHODS:
        raise ValueError(f"method must be one of {KEYNESS_METHODS}, not {method!r}")
    if correction not in (None, "none", "williams"):
        raise ValueError(f"correction must be None or 'williams', not {correction!r}")
    if len(terms) and c > 0 and d > 0:
        g2 = (stats.g2_2x2(a, c, a + b, c + d) if method == "g2"
              else log_likelihood(a, b, c, d))
        if correction == "williams":
            g2 = g2 / stats.williams_q(c, a + b, c + d)
        p = chi2.sf(g2, 1)
        lr, lrc = log_ratio(a, b, c, d, zero=zero), conservative_log_ratio(a, b, c, d,
                                                                           level=level)
        expected = min_expected(a, b, c, d)
    else:
        g2 = p = lr = lrc = expected = np.full(len(terms), np.nan)
    out = pd.DataFrame({
        "term": list(terms), "target_count": a.astype(int), "reference_count": b.astype(int),
        "target_per_10k": np.round(1e4 * a / c, 2) if c else 0.0,
        "reference_per_10k": np.round(1e4 * b / d, 2) if d else 0.0,
        "g2": np.round(g2, 2), "p": _signif(p), "q_bh": _signif(stats.bh_qvalues(p)),
        "log_ratio": np.round(lr, 2), "lrc": np.round(lrc, 2),
        "min_expected": np.round(expected, 2),
        "direction": np.where(a / max(c, 1) >= b / max(d, 1), "+", "-"),
    })
    out = out.sort_values(["g2", "term"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)


def _target_rows(d: dfm.DFM, target: object, by: str | None) -> np.ndarray:
    """Boolean mask of the documents of ``d`` that :func:`keyness_dfm`'s target names."""
    if by is not None:
        if by not in d.docvars.columns:
            raise KeyError(f"keyness_dfm: no document variable {by!r}; have "
                           f"{list(d.docvars.columns)}")
        mask = (d.docvars[by] == target).to_numpy()
        if not mask.any():
            raise KeyError(f"keyness_dfm: no document has {by} == {target!r}")
        return mask
    wanted = [target] if isinstance(target, str) or not isinstance(target, Iterable) \
        else list(target)
    known = set(d.docs)
    unknown = [w for w in wanted if w not in known]
    if unknown:
        raise KeyError(f"keyness_dfm: unknown document id(s) {unknown[:5]}; pass by= to "
                       "name a document variable")
    return np.asarray(d.docs.isin(wanted))


def keyness_dfm(d: dfm.DFM, target: object, *, by: str | None = None, min_count: int = 3,
                method: str = "g2", correction: str | None = None, level: float = 0.95,
                zero: float = ZERO_CORRECTION) -> pd.DataFrame:
    """:func:`keyness` on a documents × terms matrix, target documents vs all the others
    (quanteda's ``textstat_keyness(x, target = ...)``).

    ``d``: a :class:`helpers.analysis.dfm.DFM` (:func:`helpers.analysis.dfm.build`).
    ``target``: with ``by`` (a document variable), the value of ``by`` whose documents
    form the target (e.g. ``target="A-city", by="locality"``, or a level); without
    ``by``, a document id or a collection of document ids. The reference is every other
    document of ``d``. The other arguments and the output are those of :func:`keyness`
    (one row per tested term, G² of the full 2×2 table by default, p, q_bh,
    log_ratio, lrc, min_expected, direction; sorted by G² then term). Raises
    ``KeyError`` for an unknown document variable, value or id. Taught in notebook 04, §2.
    """
    mask = _target_rows(d, target, by)
    counts = d.counts.tocsr()
    a_all = np.asarray(counts[np.flatnonzero(mask)].sum(axis=0)).ravel()
    b_all = np.asarray(counts[np.flatnonzero(~mask)].sum(axis=0)).ravel()
    tested = ((a_all >= min_count) | (b_all >= min_count)) & (a_all + b_all > 0)
    a, b = a_all[tested].astype(float), b_all[tested].astype(float)
    return _keyness_table(list(d.terms[tested]), a, b, float(a_all.sum()), float(b_all.sum()),
                          method=method, correction=correction, level=level, zero=zero)


def _signif(values: np.ndarray, digits: int = 3) -> list[float]:
    """Round to ``digits`` significant digits (for p- and q-values in tables)."""
    return [float(f"{v:.{digits}g}") for v in np.asarray(values, dtype=float)]


def keyness_by_group(tokens: pd.DataFrame | dfm.DFM, *, group: str = "locality",
                     doc: str = "article_id", min_count: int = 3, method: str = "g2",
                     correction: str | None = None, level: float = 0.95,
                     zero: float = ZERO_CORRECTION) -> pd.DataFrame:
    """:func:`keyness_dfm` of each group against all other groups together.

    Input: one row per paragraph with columns ``group``, ``doc`` and ``tokens`` (from
    :func:`helpers.text.segment.tokenize_paragraphs`), or a DFM whose documents are the
    articles and which has the document variable ``group``. Output: one row per group ×
    tested term with the keyness columns (g2, p, q_bh, log_ratio, lrc, min_expected …;
    q-values over the terms tested *within that group*) plus ``group`` (first column),
    ``target_articles`` (articles of the group using the term) and ``n_articles``
    (articles of the whole corpus using the term: 1 means a single text carries it),
    groups sorted, then G² descending. With one article per group the "group" is a text:
    G² treats its tokens as independent draws, so q-values rank terms by how surprising
    their counts are, not by what generalises beyond the text. Taught in notebook 04, §2.
    """
    if isinstance(tokens, dfm.DFM):
        units, per_doc = tokens, tokens
    else:  # one unit per (article, group): a group need not be constant within an article
        keys = list(zip(tokens[doc], tokens[group], strict=True))
        unit_of = {key: i for i, key in enumerate(dict.fromkeys(keys))}
        units = dfm.build(tokens.assign(_unit=[unit_of[key] for key in keys]), by="_unit")
        per_doc = dfm.group(units, doc)
    n_articles = dfm.docfreq(per_doc)
    column = {t: j for j, t in enumerate(units.terms)}
    labels = units.docvars[group]
    parts = []
    for name in sorted(labels.unique()):
        table = keyness_dfm(units, name, by=group, min_count=min_count, method=method,
                            correction=correction, level=level, zero=zero)
        inside = dfm.docfreq(dfm.DFM(units.counts[np.flatnonzero((labels == name).to_numpy())],
                                     units.terms, units.docvars[labels == name]))
        table.insert(0, group, name)
        table["target_articles"] = [int(inside[column[t]]) for t in table.term]
        table["n_articles"] = [int(n_articles[column[t]]) for t in table.term]
        parts.append(table)
    return pd.concat(parts, ignore_index=True)


def top_keyness(table: pd.DataFrame, *, group: str = "locality", n: int = 8,
                min_target: int = 3, q_max: float = 0.05, only_passing: bool = True
                ) -> pd.DataFrame:
    """The ``n`` most distinctive terms of each group, highest G² first (ties by term).

    A term is a candidate if it is over-used (direction ``"+"``) and occurs at least
    ``min_target`` times in the group. It ``passes`` if its q-value is below ``q_max``
    *and* its conservative log-ratio is above 0 (the over-use survives both the
    multiplicity correction and the uncertainty of the effect size). By default only
    passing terms are returned — a group with none is absent; ``only_passing=False``
    returns the top ``n`` candidates with the ``passes`` column so that a chart can mark
    the others (:func:`helpers.figures.plot_compare.plot_keyness` does). Output: the keyness
    columns with ``rank`` (second column) and ``passes``.
    """
    keep = table[(table.direction == "+") & (table.target_count >= min_target)].copy()
    keep["passes"] = (keep.q_bh < q_max) & (keep.lrc > 0)
    if only_passing:
        keep = keep[keep.passes]
    keep = keep.sort_values([group, "g2", "term"], ascending=[True, False, True],
                            kind="stable")
    top = keep.groupby(group, sort=True).head(n).copy()
    top.insert(1, "rank", top.groupby(group).cumcount() + 1)
    return top.reset_index(drop=True)


# --------------------------------------------------------------------------- similarity
def doc_term_matrix(tokens: pd.DataFrame, *, doc: str = "article_id", min_count: int = 1,
                    min_docs: int = 1) -> pd.DataFrame:
    """Documents × terms table of counts.

    Same as ``dfm.to_frame(dfm.trim(dfm.build(tokens, by=doc), min_count=min_count,
    min_docs=min_docs))``.

    Input: paragraphs with ``doc`` and ``tokens``. Documents keep their first-appearance
    order, terms are sorted; a term is kept if it occurs ``min_count`` times in all and in
    at least ``min_docs`` documents. Output: a DataFrame (index ``doc``, columns
    ``term``) of int64 counts. Taught in notebook 04, §3; the DFM itself
    (:mod:`helpers.analysis.dfm`) is the form to group, weight and export.
    """
    d = dfm.trim(dfm.build(tokens, by=doc), min_count=min_count, min_docs=min_docs)
    return dfm.to_frame(d).rename_axis(index=doc, columns="term")


def cosine_similarity(vectors: pd.DataFrame, *, decimals: int = 3) -> pd.DataFrame:
    """Cosine similarity between the rows of ``vectors`` (documents × features), rounded."""
    values = vectors.to_numpy(dtype=float)
    norms = np.linalg.norm(values, axis=1)
    norms[norms == 0] = 1.0
    unit = values / norms[:, None]
    sims = np.clip(unit @ unit.T, -1.0, 1.0)
    np.fill_diagonal(sims, 1.0)
    return pd.DataFrame(np.round(sims, decimals), index=vectors.index, columns=vectors.index)


def average_linkage(similarity: pd.DataFrame) -> pd.DataFrame:
    """Hierarchical clustering (average linkage, UPGMA) on cosine distance 1 − similarity.

    Output: scipy's linkage matrix as a table, one row per merge: left, right (cluster
    ids; ids < n are the rows of ``similarity`` in order), distance, size. Pass
    ``.to_numpy()`` to :func:`scipy.cluster.hierarchy.dendrogram`.
    """
    merges = _linkage_matrix(similarity.to_numpy(dtype=float))
    out = pd.DataFrame(merges, columns=["left", "right", "distance", "size"])
    out[["left", "right", "size"]] = out[["left", "right", "size"]].astype(int)
    out["distance"] = out.distance.round(4)
    return out


class CAResult(NamedTuple):
    """Correspondence analysis: row and column coordinates, and inertia per dimension."""

    rows: pd.DataFrame  #: row principal coordinates dim1..dimk, mass, contribution to dim1/2
    columns: pd.DataFrame  #: column principal coordinates, mass, contributions
    inertia: pd.DataFrame  #: dimension, inertia (eigenvalue), share of total inertia


#: Above this many rows and columns, CA computes only its leading singular vectors.
_FULL_SVD_MAX = 300


def _leading_svd(matrix: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ``k`` leading singular triplets ``(u, sigma, v)`` of ``matrix``, largest first:
    LAPACK's full SVD for small matrices, ARPACK (``scipy.sparse.linalg.svds``, fixed
    start vector, so deterministic) when both sides exceed ``_FULL_SVD_MAX`` — the CA
    of 1,100 texts resampled 200 times (notebook 04, §3) would otherwise decompose the
    whole matrix each time."""
    k = min(k, *matrix.shape)
    if min(matrix.shape) <= _FULL_SVD_MAX or k >= min(matrix.shape) - 1:
        u, sigma, vt = np.linalg.svd(matrix, full_matrices=False)
        return u[:, :k], sigma[:k], vt[:k].T
    start = np.full(min(matrix.shape), 1.0 / np.sqrt(min(matrix.shape)))
    u, sigma, vt = svds(matrix, k=k, v0=start, tol=0, random_state=0)
    order = np.argsort(-sigma, kind="stable")
    return u[:, order], sigma[order], vt[order].T


def _ca_decomposition(counts: np.ndarray, n_components: int
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                                 np.ndarray]:
    """The arithmetic of :func:`correspondence_analysis` on a float array of counts
    with no empty row or column: ``(r, c, residuals, u, sigma, v)``, the signs of
    ``u`` and ``v`` fixed (largest absolute row loading of each dimension positive)."""
    p = counts / counts.sum()
    r, c = p.sum(axis=1), p.sum(axis=0)
    residuals = (p - np.outer(r, c)) / np.sqrt(np.outer(r, c))
    u, sigma, v = _leading_svd(residuals, n_components)
    # first row whose |loading| is the largest (ties within 1e-9 go to the first row)
    lead = (np.abs(u) >= np.abs(u).max(axis=0) - 1e-9).argmax(axis=0)
    signs = np.sign(u[lead, range(len(sigma))])
    signs[signs == 0] = 1.0
    return r, c, residuals, u * signs, sigma, v * signs


def _ca_row_coordinates(counts: np.ndarray, n_components: int, decimals: int) -> np.ndarray:
    """Row principal coordinates of :func:`correspondence_analysis` of ``counts``
    (documents × terms, float), rounded to ``decimals`` as it rounds them; the rows
    of empty documents are 0 (empty terms are left out first, as it leaves them out).
    The numpy path of the resampling loop of :func:`ca_axis_stability`."""
    rows, cols = counts.sum(axis=1) > 0, counts.sum(axis=0) > 0
    r, _, _, u, sigma, _ = _ca_decomposition(counts[np.ix_(rows, cols)], n_components)
    out = np.zeros((len(counts), n_components))
    out[rows, :len(sigma)] = np.round(u * sigma / np.sqrt(r)[:, None], decimals)
    return out


def correspondence_analysis(table: pd.DataFrame | dfm.DFM, *, n_components: int = 2,
                            decimals: int = 4) -> CAResult:
    """Correspondence analysis of a contingency table (e.g. articles × terms), numpy only.

    Input: a table of counts (e.g. :func:`doc_term_matrix`) or a DFM (its
    :func:`helpers.analysis.dfm.to_frame` is analysed). Taught in notebook 04, §3.

    With P = table / total, row masses r and column masses c, the standardised residuals
    S = D_r^-1/2 (P − r cᵀ) D_c^-1/2 are decomposed by SVD, S = U Σ Vᵀ. Row principal
    coordinates are D_r^-1/2 U Σ, column principal coordinates D_c^-1/2 V Σ; the squared
    singular values are the inertia of each dimension (their sum is χ²/total). Signs are
    fixed so that the largest absolute row loading of each dimension is positive (the
    first such row on ties), which makes the output deterministic. Contributions (``ctr_dimk``) are the share of a dimension's
    inertia due to a row or column. Rows or columns that sum to zero are dropped.
    """
    if isinstance(table, dfm.DFM):
        table = dfm.to_frame(table)
    counts = table.loc[table.sum(axis=1) > 0, table.sum(axis=0) > 0].astype(float)
    r, c, residuals, u, sigma, v = _ca_decomposition(counts.to_numpy(), n_components)
    k = len(sigma)
    dims = [f"dim{i + 1}" for i in range(k)]

    def frame(loadings: np.ndarray, mass: np.ndarray, index: pd.Index) -> pd.DataFrame:
        coords = loadings * sigma / np.sqrt(mass)[:, None]
        out = pd.DataFrame(coords, index=index, columns=dims)
        out["mass"] = mass
        for i, dim in enumerate(dims):
            out[f"ctr_{dim}"] = loadings[:, i] ** 2
        return out.round(decimals)

    total = float(np.square(residuals).sum())  # Σ σ² over every dimension (Frobenius)
    inertia = pd.DataFrame({"dimension": dims, "inertia": np.round(sigma ** 2, decimals),
                            "share": np.round(sigma ** 2 / total, decimals)})
    return CAResult(frame(u, r, counts.index), frame(v, c, counts.columns), inertia)


# --------------------------------------------------------------------------- support
def _paragraph_counts(tokens: pd.DataFrame, doc: str
                      ) -> tuple[list[object], np.ndarray, sparse.csr_matrix, list[str]]:
    """Documents (first-appearance order), the document of each paragraph (as an index),
    the paragraphs × terms count matrix (a DFM with one document per row, terms
    sorted) and the terms."""
    docs = list(dict.fromkeys(tokens[doc]))
    position = {name: i for i, name in enumerate(docs)}
    paragraphs = dfm.build(pd.DataFrame({"row": range(len(tokens)),
                                         "tokens": list(tokens.tokens)}), by="row")
    owner = np.array([position[name] for name in tokens[doc]])
    return docs, owner, paragraphs.counts, list(paragraphs.terms)


def _resample_doc_term(owner: np.ndarray, matrix: sparse.csr_matrix, n_docs: int,
                       rng: np.random.Generator) -> np.ndarray:
    """Documents × terms counts after resampling each document's paragraphs with
    replacement (as many draws as the document has paragraphs)."""
    picks = np.concatenate([rng.choice(np.flatnonzero(owner == d), size=(owner == d).sum())
                            for d in range(n_docs)])
    weights = sparse.csr_matrix((np.ones(len(picks)), (owner[picks], picks)),
                                shape=(n_docs, matrix.shape[0]))
    return np.asarray((weights @ matrix).todense())


def _tfidf_cosine(counts: np.ndarray, decimals: int = 3) -> np.ndarray:
    """Cosine similarity of the similarity-scheme TF-IDF vectors of documents × terms
    ``counts`` (:func:`helpers.analysis.dfm.idf`), rounded as :func:`cosine_similarity`
    rounds."""
    weights = counts * dfm.idf((counts > 0).sum(axis=0), counts.shape[0], scheme="similarity")
    norms = np.linalg.norm(weights, axis=1)
    norms[norms == 0] = 1.0
    unit = weights / norms[:, None]
    sims = np.clip(unit @ unit.T, -1.0, 1.0)
    np.fill_diagonal(sims, 1.0)
    return np.round(sims, decimals)


def _linkage_matrix(similarity: np.ndarray) -> np.ndarray:
    """scipy's average-linkage matrix on cosine distance 1 − ``similarity``."""
    distance = 1.0 - similarity
    distance = np.clip((distance + distance.T) / 2, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    return linkage(squareform(distance, checks=False), method="average")


def _clades(similarity: np.ndarray) -> list[frozenset[int]]:
    """The clade (set of leaves) formed at each merge of :func:`average_linkage`."""
    n = len(similarity)
    members: list[frozenset[int]] = [frozenset([i]) for i in range(n)]
    for left, right in _linkage_matrix(similarity)[:, :2].astype(int).tolist():
        members.append(members[left] | members[right])
    return members[n:]


def clade_support(tokens: pd.DataFrame, *, doc: str = "article_id", min_count: int = 1,
                  min_docs: int = 1, n_resamples: int = 200,
                  seed: int = stats.DEFAULT_SEED) -> pd.DataFrame:
    """Paragraph-bootstrap support of each clade of the article dendrogram.

    The tree is :func:`average_linkage` of :func:`cosine_similarity` of
    ``dfm.tfidf(scheme="similarity")`` of the article DFM trimmed by ``min_count``,
    ``min_docs`` (:func:`helpers.analysis.dfm.trim`) — the pipeline of notebook 04, §3. Each resample draws every article's paragraphs with replacement (as many as it
    has), rebuilds the counts, the term filter, the TF-IDF vectors, the similarities and
    the tree; a clade's support is the share of resamples whose tree contains exactly
    that set of articles as a clade (Felsenstein's bootstrap, with paragraphs as the
    resampled unit). Support measures how much a clade depends on which paragraphs a
    text happens to contain — not whether other texts by the same places would cluster.

    Input: paragraphs with ``doc`` and ``tokens``. Output: one row per merge of the
    original tree, in merge order (the rows of :func:`average_linkage`, so ``merge`` i
    is scipy's cluster n + i): merge, members (article ids in first-appearance order,
    joined by " + "), size, distance, support (rounded to 3 decimals). The root (all
    articles) always has support 1. Taught in notebook 04, §3.
    """
    docs, owner, matrix, _ = _paragraph_counts(tokens, doc)
    original = dfm.trim(dfm.build(tokens, by=doc), min_count=min_count, min_docs=min_docs)
    similarity = cosine_similarity(dfm.tfidf(original, scheme="similarity"))
    merges = average_linkage(similarity)
    clades = _clades(similarity.to_numpy(dtype=float))
    rng = np.random.default_rng(np.random.SeedSequence([seed, 3]))
    found = np.zeros(len(clades))
    for _ in range(n_resamples):
        counts = _resample_doc_term(owner, matrix, len(docs), rng)
        counts = counts[:, dfm.term_filter(counts, min_count=min_count, min_docs=min_docs)]
        present = set(_clades(_tfidf_cosine(counts)))
        found += [clade in present for clade in clades]
    return pd.DataFrame({
        "merge": range(len(clades)),
        "members": [" + ".join(str(docs[i]) for i in sorted(c)) for c in clades],
        "size": [len(c) for c in clades], "distance": merges.distance.to_numpy(),
        "support": np.round(found / n_resamples, 3)})


def _congruence(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Tucker's congruence coefficient between the columns of ``a`` and of ``b``
    (matrix: a's axes × b's axes)."""
    norms = np.outer(np.linalg.norm(a, axis=0), np.linalg.norm(b, axis=0))
    norms[norms == 0] = 1.0
    return (a.T @ b) / norms


def ca_axis_stability(tokens: pd.DataFrame, *, doc: str = "article_id", min_count: int = 8,
                      min_docs: int = 2, n_components: int = 2, n_resamples: int = 200,
                      seed: int = stats.DEFAULT_SEED) -> pd.DataFrame:
    """How stable are the axes of the correspondence-analysis map of the articles?

    The map is :func:`correspondence_analysis` of :func:`doc_term_matrix` (``min_count``,
    ``min_docs``: the terms of notebook 04, §3). Each resample draws every article's
    paragraphs with replacement, recounts the *same* terms and redoes the CA. Its article
    coordinates are compared with the original ones in two ways:

    * **as computed**: Tucker's congruence |φ| between resampled axis k and original
      axis k (sign-free), and whether axis k is *swapped* — the resampled axis that best
      matches original axis k (largest |φ|) is another one. Axes with near-equal inertia
      swap easily, and then "dimension 1" of one run is "dimension 2" of another;
    * **after orthogonal Procrustes** (:func:`scipy.linalg.orthogonal_procrustes`, rotation
      and reflection of the resampled map onto the original): the congruence of each
      axis once swaps and rotations within the plane are undone — whether the *plane*
      is stable even if its axes are not.

    Output: one row per dimension: dimension, inertia_share (original), share_swapped,
    congruence (mean |φ| as computed), congruence_procrustes (mean after rotation),
    congruence_procrustes_q05 (its 5th percentile), n_resamples; rounded to 3 decimals.
    Taught in notebook 04, §3.
    """
    table = doc_term_matrix(tokens, doc=doc, min_count=min_count, min_docs=min_docs)
    reference = correspondence_analysis(table, n_components=n_components, decimals=12)
    dims = [f"dim{i + 1}" for i in range(n_components)]
    target = reference.rows[dims].to_numpy(dtype=float)
    docs, owner, matrix, terms = _paragraph_counts(tokens, doc)
    keep = np.searchsorted(terms, list(table.columns))
    rng = np.random.default_rng(np.random.SeedSequence([seed, 5]))
    swapped = np.zeros(n_components)
    raw, rotated = [], []
    order = pd.Index(docs).get_indexer(table.index)  # the table's rows, in its order
    if (order < 0).any():  # cannot happen: the table is built from the same paragraphs
        raise ValueError("ca_axis_stability: a document of the table has no paragraphs")
    for _ in range(n_resamples):
        counts = _resample_doc_term(owner, matrix, len(docs), rng)[np.ix_(order, keep)]
        coords = _ca_row_coordinates(counts.astype(float), n_components, decimals=12)
        phi = np.abs(_congruence(target, coords))
        swapped += phi.argmax(axis=1) != np.arange(n_components)
        raw.append(np.diag(phi))
        rotation, _ = orthogonal_procrustes(coords, target)
        rotated.append(np.diag(np.abs(_congruence(target, coords @ rotation))))
    raw_a, rotated_a = np.array(raw), np.array(rotated)
    return pd.DataFrame({
        "dimension": dims, "inertia_share": reference.inertia.share.to_numpy(dtype=float),
        "share_swapped": swapped / n_resamples, "congruence": raw_a.mean(axis=0),
        "congruence_procrustes": rotated_a.mean(axis=0),
        "congruence_procrustes_q05": np.quantile(rotated_a, 0.05, axis=0),
        "n_resamples": n_resamples}).round(3)
