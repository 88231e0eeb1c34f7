"""Official formulations (提法 *tífǎ*): quoted phrases, their spread across localities,
and verbatim text reuse.

Chinese official prose marks formulations with quotation marks (“两个确立”), but quotes
also mark local brand names (“迎客松义警”), ordinary words used with emphasis or as a
metaphor (“龙头”, “体检”) and reported speech. This module extracts every quote, normalises
it, sorts it into those forms by transparent rules, counts each formulation per locality
(quoted and unquoted uses; a formulation nested in a longer one counts as the longer
one), sets beside it a hand-coded origin (``helpers/data/formulation_origins.csv``:
national, provincial, municipal or generic idiom) and finds passages that two
localities share word for word. Where a formulation occurs in a corpus and where it was
issued are kept apart: nothing here treats one text or locality as "the centre".
Taught in ``notebooks/05_formulations.ipynb``.

Text flow: quote marks unified (:func:`normalize_quote_marks`) → clean-text
normalisation and lexicon variants (:func:`helpers.text.segment.prepare`) → quotes parsed with
a stack (nested ‘…’ inside “…”, unbalanced marks reported, never guessed).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import pandas as pd

from helpers.analysis import count
from helpers.errors import CorpusError
from helpers.paths import DATA_DIR
from helpers.text import segment
from helpers.text.lexicon import load_lexicon

#: Hand-coded origins of formulations (see helpers/data/README.md).
ORIGINS_PATH: Path = DATA_DIR / "formulation_origins.csv"
#: Where a formulation comes from, as coded by hand in ``formulation_origins.csv``:
#: the Party Centre or a central ministry; a province; a city, district or station;
#: or ordinary political idiom that belongs to no issuing body.
ORIGINS: tuple[str, ...] = ("national", "provincial", "municipal", "generic idiom")
#: The origin of a formulation nobody has coded yet.
UNCODED = "uncoded"
#: Lexicon kinds that are formulations (concepts such as 社会治理 are ordinary vocabulary).
FORMULATION_KINDS: tuple[str, ...] = ("slogan", "programme", "institution")
#: A quote this long, or one with a sentence end, is reported speech, not a formulation.
MAX_FORMULATION_CHARS = 25
#: A quoted word at least this frequent in jieba's general dictionary is an ordinary word.
COMMON_WORD_FREQ = 20

OPEN_CLOSE: dict[str, str] = {"“": "”", "‘": "’"}
CLOSE_OPEN: dict[str, str] = {v: k for k, v in OPEN_CLOSE.items()}
_BRACKETS = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})
_CJK = re.compile(r"[\u3400-\u9fff]")
_SENTENCE_END = re.compile(r"[。！？!?]")
_EDGE_PUNCT = "，、；：,;: "  # sentence ends (。！？) are kept: they mark speech
_DOTS = str.maketrans({"•": "·", "・": "·", "‧": "·", "∙": "·"})


# --------------------------------------------------------------------------- quotes
def normalize_quote_marks(text: str) -> str:
    """Unify quotation marks to Chinese curly quotes.

    「」 → “”, 『』 → ‘’; straight ``"`` alternate as “ and ” within the text; a straight
    ``'`` becomes ‘ or ’ (alternating) only when a neighbour is a Chinese character, so
    English apostrophes (``don't``) are left alone.
    """
    text = text.translate(_BRACKETS)
    out, double_open, single_open = [], False, False
    for i, ch in enumerate(text):
        if ch == '"':
            out.append("”" if double_open else "“")
            double_open = not double_open
        elif ch == "'" and (_CJK.match(text[i - 1] if i else " ")
                            or _CJK.match(text[i + 1] if i + 1 < len(text) else " ")):
            out.append("’" if single_open else "‘")
            single_open = not single_open
        else:
            out.append(ch)
    return "".join(out)


def prepare_for_quotes(text: str) -> str:
    """The text in which quotes are found and formulations counted: quote marks unified,
    then :func:`helpers.text.segment.prepare` (spaces, widths, lexicon variants → terms)."""
    return segment.prepare(normalize_quote_marks(text))


def _parse(text: str) -> tuple[list[dict], list[dict]]:
    """Quotes and problems of ``text`` (already normalised), by a stack of open marks.

    A closing mark closes the innermost open mark of its type; open marks above it are
    unclosed (reported, no quote emitted). A closing mark with no open mark of its type
    is reported as unopened. Chinese never nests a quote inside a quote of the same type
    (“…‘…’…” is the rule), so an opening mark while one of its type is still open means
    the earlier one was never closed: it and any marks opened after it are reported as
    unclosed. Marks still open at the end are unclosed.
    """
    stack: list[tuple[str, int]] = []
    quotes, problems = [], []
    for pos, ch in enumerate(text):
        if ch in OPEN_CLOSE:
            while any(mark == ch for mark, _ in stack):
                mark, start = stack.pop()
                problems.append({"offset": start, "mark": mark, "problem": "unclosed"})
            stack.append((ch, pos))
        elif ch in CLOSE_OPEN:
            opener = CLOSE_OPEN[ch]
            if not any(mark == opener for mark, _ in stack):
                problems.append({"offset": pos, "mark": ch, "problem": "unopened"})
                continue
            while stack[-1][0] != opener:
                mark, start = stack.pop()
                problems.append({"offset": start, "mark": mark, "problem": "unclosed"})
            _, start = stack.pop()
            quotes.append({"start": start, "end": pos + 1, "depth": len(stack),
                           "mark": opener + ch, "quote": text[start + 1:pos]})
    problems += [{"offset": start, "mark": mark, "problem": "unclosed"} for mark, start in stack]
    quotes.sort(key=lambda q: (q["start"], q["end"]))
    problems.sort(key=lambda p: p["offset"])
    return quotes, problems


def extract_quotes(text: str) -> pd.DataFrame:
    """Every balanced quoted phrase of ``text``.

    Input: a text, used as given (call :func:`prepare_for_quotes` first to unify marks and
    normalise it). Output: one row per quote in order of its opening mark: start (offset
    of the opening mark), end (after the closing mark), depth (0 = outermost, 1 = a ‘…’
    inside a “…”), mark (the pair, “” or ‘’), quote (the text between the marks).
    Unbalanced marks yield no row; see :func:`quote_problems`.
    """
    quotes, _ = _parse(text)
    return pd.DataFrame(quotes, columns=["start", "end", "depth", "mark", "quote"])


def quote_problems(text: str) -> pd.DataFrame:
    """Unbalanced quotation marks of ``text``: offset, mark, problem (``"unclosed"`` or
    ``"unopened"``), in text order."""
    _, problems = _parse(text)
    return pd.DataFrame(problems, columns=["offset", "mark", "problem"])


# --------------------------------------------------------------------------- normalising
def normalize_formulation(phrase: str) -> str:
    """The canonical form of a quoted phrase.

    :func:`prepare_for_quotes` (spaces inside formulations removed, full-width letters,
    digits and ``＋`` made ASCII, half-width punctuation made full-width, lexicon variants
    rewritten to their term: ``一村（格）一警`` → ``一村一警``), middle dots unified to
    ``·``, and commas, enumeration commas, colons or spaces at either end stripped.
    Sentence ends (。！？) are kept, so that :func:`classify_form` can recognise speech.
    """
    return prepare_for_quotes(phrase).translate(_DOTS).strip(_EDGE_PUNCT)


@lru_cache(maxsize=1)
def _general_dictionary() -> dict[str, int]:
    tokenizer = segment.get_tokenizer(lexicon=False)
    tokenizer.check_initialized()
    return dict(tokenizer.FREQ)


def general_word_frequency(word: str) -> int:
    """Frequency of ``word`` in jieba's general dictionary (0 if it is not a word there).

    The dictionary is built from general-purpose Chinese text, so a high frequency marks
    an ordinary word (龙头 "leading role", 体检 "check-up"), not a police formulation.
    """
    return int(_general_dictionary().get(word, 0))


def general_word_frequencies(words: Iterable[str]) -> dict[str, int]:
    """:func:`general_word_frequency` of every distinct word, as ``{word: frequency}``.

    Reading jieba's dictionary costs about half a second per process, so the answer is
    kept in the content-keyed cache (``cache_dir()/jieba_freq/``, keyed by the words and
    the jieba version, whose package ships the dictionary): a re-run of the same quotes
    reads a small JSON file instead (notebooks 05 and 06 through :func:`quotes_table`).
    """
    from helpers import cache

    unique = sorted({str(w) for w in words})
    key = cache.content_key("jieba-freq-1", segment._jieba().__version__, *unique)
    return cache.cached_json("jieba_freq", key,
                             lambda: {w: general_word_frequency(w) for w in unique})


def classify_form(phrase: str, *, lexicon_terms: Iterable[str] = (),
                  max_chars: int = MAX_FORMULATION_CHARS,
                  common_freq: int = COMMON_WORD_FREQ,
                  frequencies: Mapping[str, int] | None = None) -> str:
    """What a normalised quoted phrase most likely is, by rules in this order:

    1. ``"lexicon"`` — a term of the project lexicon;
    2. ``"speech"`` — reported speech or a quoted sentence: a sentence end (。！？) or
       more than ``max_chars`` characters;
    3. ``"single character"`` — one character (“防”, “打”: emphasis);
    4. ``"ordinary word"`` — a word of jieba's general dictionary with frequency at least
       ``common_freq`` (emphasis or metaphor: “龙头”, “撒手锏”);
    5. ``"formulation"`` — everything else: numbered formulas (“两个确立”), paired
       slogans (“市县主战、派出所主防”), programme and brand names (“迎客松义警”).

    The rules are transparent, not infallible: a short quoted remark without a full stop
    counts as a formulation, and a formulation that happens to be a dictionary word
    counts as an ordinary one. ``frequencies``: precomputed dictionary frequencies
    (:func:`general_word_frequencies`) with ``phrase`` among the words; default: looked up.
    """
    if phrase in set(lexicon_terms):
        return "lexicon"
    if _SENTENCE_END.search(phrase) or len(phrase) > max_chars:
        return "speech"
    if len(phrase) <= 1:
        return "single character"
    frequency = (general_word_frequency(phrase) if frequencies is None
                 else int(frequencies.get(phrase, 0)))
    if frequency >= common_freq:
        return "ordinary word"
    return "formulation"


def quotes_table(paragraphs: pd.DataFrame, *, lexicon: pd.DataFrame | None = None,
                 max_chars: int = MAX_FORMULATION_CHARS,
                 common_freq: int = COMMON_WORD_FREQ) -> pd.DataFrame:
    """Every quote of the corpus, normalised and classified.

    Input: paragraphs with article_id, locality, paragraph_no, text. Output, in corpus
    order: article_id, locality, paragraph_no, start, end, depth, quote (as in the
    prepared paragraph), formulation (:func:`normalize_formulation`), form
    (:func:`classify_form`).
    """
    lexicon = load_lexicon() if lexicon is None else lexicon
    terms = set(lexicon.term)
    rows = []
    for p in paragraphs.itertuples(index=False):
        for q in _parse(prepare_for_quotes(str(p.text)))[0]:
            rows.append({"article_id": p.article_id, "locality": p.locality,
                         "paragraph_no": p.paragraph_no, "start": q["start"], "end": q["end"],
                         "depth": q["depth"], "quote": q["quote"],
                         "formulation": normalize_formulation(q["quote"])})
    frequencies = general_word_frequencies(row["formulation"] for row in rows)
    for row in rows:
        row["form"] = classify_form(row["formulation"], lexicon_terms=terms,
                                    max_chars=max_chars, common_freq=common_freq,
                                    frequencies=frequencies)
    return pd.DataFrame(rows, columns=["article_id", "locality", "paragraph_no", "start", "end",
                                       "depth", "quote", "formulation", "form"])


def corpus_problems(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """:func:`quote_problems` of every paragraph: article_id, paragraph_no, offset, mark,
    problem, context (10 characters either side)."""
    rows = []
    for p in paragraphs.itertuples(index=False):
        text = prepare_for_quotes(str(p.text))
        for problem in _parse(text)[1]:
            at = problem["offset"]
            rows.append({"article_id": p.article_id, "paragraph_no": p.paragraph_no, **problem,
                         "context": text[max(0, at - 10):at + 11]})
    return pd.DataFrame(rows, columns=["article_id", "paragraph_no", "offset", "mark",
                                       "problem", "context"])


# --------------------------------------------------------------------------- counting
def _find_all(text: str, phrase: str) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of ``phrase`` in ``text``, left to right."""
    spans, start = [], text.find(phrase)
    while start >= 0:
        spans.append((start, start + len(phrase)))
        start = text.find(phrase, start + len(phrase))
    return spans


def maximal_occurrences(text: str, phrases: Iterable[str], *,
                        lexicon_terms: Iterable[str] = (),
                        lexicon: pd.DataFrame | bool = True) -> dict[str, int]:
    """How often each phrase occurs in ``text`` on its own, not nested in a longer one.

    Lexicon terms are found as segmentation finds them
    (:func:`helpers.text.segment.term_occurrences` with ``lexicon``, the bundled one by
    default or a user's table, leftmost-longest), any other phrase by
    its non-overlapping occurrences. An occurrence that lies inside an occurrence of a
    *longer* phrase of ``phrases`` or of a lexicon term is part of that one and is not
    counted: 1+N inside 1+1+N, 大数据 inside 专业+机制+大数据, 市县主战 inside
    市县主战、派出所主防. Occurrences that only overlap are both counted. ``text`` must be
    prepared (:func:`prepare_for_quotes`). Returns phrase → count, phrases sorted.
    Taught in notebook 05, §3.
    """
    lexicon_terms = set(lexicon_terms)
    spans: list[tuple[int, int, str]] = [(s, s + len(t), t)
                                         for s, t in segment.term_occurrences(text, lexicon=lexicon)]
    for phrase in sorted(set(phrases) - lexicon_terms):  # sorted: no hash-seed order
        spans += [(s, e, phrase) for s, e in _find_all(text, phrase)]
    found: dict[str, int] = defaultdict(int)
    for s, e, phrase in spans:
        if not any(s2 <= s and e <= e2 and e2 - s2 > e - s for s2, e2, _ in spans):
            found[phrase] += 1
    wanted = set(phrases)
    return {p: found[p] for p in sorted(found) if p in wanted}


def locality_columns(counts: pd.DataFrame) -> list[str]:
    """The locality columns of a :func:`formulation_counts` table (between
    ``formulation`` and ``source``, in the table's order)."""
    cols = list(counts.columns)
    return cols[cols.index("formulation") + 1:cols.index("source")]


def formulation_counts(paragraphs: pd.DataFrame, quotes: pd.DataFrame, *,
                       lexicon: pd.DataFrame | None = None,
                       forms: Iterable[str] = ("formulation", "lexicon"),
                       kinds: Iterable[str] = FORMULATION_KINDS,
                       localities: Sequence[str] | None = None) -> pd.DataFrame:
    """Occurrences of every formulation in every locality, quoted and unquoted.

    Formulations are the normalised quotes whose ``form`` is in ``forms`` (by default
    reported speech, single characters and ordinary words are left out) together with
    the lexicon terms of the given ``kinds`` (slogans, programmes, institutions), quoted
    or not. Counting is done on the prepared paragraphs (:func:`prepare_for_quotes`) by
    :func:`maximal_occurrences`: a formulation nested inside a longer one (1+N inside
    1+1+N) is a use of the longer one only. An occurrence is *quoted* when a quote's
    normalised content equals the formulation.

    ``localities`` gives the order of the locality columns (default: the order in which
    localities first appear in ``paragraphs``, i.e. manifest order); localities of the
    paragraphs not listed are appended, sorted. Output: one row per formulation used at
    least once: formulation, one count column per locality (all present, zeros
    included), then source (``quoted`` = found only as a quote, ``lexicon`` = a lexicon
    term never quoted, ``both``), form, theme (lexicon only), quoted_total,
    unquoted_total, total, n_localities (with any use), n_localities_quoted, spread
    (:func:`spread_class`), used_in (the localities with any use, ``"; "``-joined, in
    column order). Sorted by n_localities, total (both descending), then formulation.
    Taught in notebook 05, §3.
    """
    spec: pd.DataFrame | bool = True if lexicon is None else lexicon
    lexicon = load_lexicon() if lexicon is None else lexicon
    forms = set(forms)
    kept = quotes[quotes.form.isin(forms) & (quotes.formulation.str.len() > 0)]
    lexicon_terms = set(lexicon.term)
    formulation_terms = set(lexicon.loc[lexicon.kind.isin(list(kinds)), "term"])
    phrases = sorted(set(kept.formulation) | formulation_terms)
    listed = list(localities) if localities is not None else list(
        dict.fromkeys(paragraphs.locality))
    order = listed + sorted(set(paragraphs.locality) - set(listed))
    total: dict[str, dict[str, int]] = {f: defaultdict(int) for f in phrases}
    for p in paragraphs.itertuples(index=False):
        text = prepare_for_quotes(str(p.text))
        found = maximal_occurrences(text, phrases, lexicon_terms=lexicon_terms,
                                    lexicon=spec)
        for phrase, n in found.items():
            total[phrase][p.locality] += n
    quoted = kept.groupby(["formulation", "locality"]).size()
    theme_of = dict(zip(lexicon.term, lexicon.theme, strict=True))
    form_of = dict(zip(kept.formulation, kept.form, strict=False))
    rows = []
    for phrase in phrases:
        counts = {loc: max(total[phrase].get(loc, 0),
                           int(quoted.get((phrase, loc), 0))) for loc in order}
        q_counts = {loc: int(quoted.get((phrase, loc), 0)) for loc in order}
        if not sum(counts.values()):
            continue
        in_quotes, in_lexicon = phrase in form_of, phrase in formulation_terms
        used_in = [loc for loc in order if counts[loc]]
        rows.append({"formulation": phrase, **counts,
                     "source": "both" if in_quotes and in_lexicon else
                     "quoted" if in_quotes else "lexicon",
                     "form": "lexicon" if phrase in lexicon_terms else form_of[phrase],
                     "theme": theme_of.get(phrase, ""),
                     "quoted_total": sum(q_counts.values()),
                     "unquoted_total": sum(counts.values()) - sum(q_counts.values()),
                     "total": sum(counts.values()),
                     "n_localities": len(used_in),
                     "n_localities_quoted": sum(v > 0 for v in q_counts.values()),
                     "spread": spread_class(len(used_in)),
                     "used_in": "; ".join(used_in)})
    columns = ["formulation", *order, "source", "form", "theme", "quoted_total",
               "unquoted_total", "total", "n_localities", "n_localities_quoted", "spread",
               "used_in"]
    out = pd.DataFrame(rows, columns=columns)
    out = out.sort_values(["n_localities", "total", "formulation"],
                          ascending=[False, False, True], kind="stable")
    return out.reset_index(drop=True)


def spread_class(n_localities: int) -> str:
    """How many localities of the corpus use a formulation, as a class:
    ``"several localities"`` (2 or more), ``"one locality"`` or ``"unused"``.

    This is a fact about the texts in the corpus, not about where a formulation comes
    from: for that see :func:`load_origins`. Taught in notebook 05, §3.
    """
    if n_localities >= 2:
        return "several localities"
    return "one locality" if n_localities == 1 else "unused"


# --------------------------------------------------------------------------- origins
def load_origins(path: str | Path | None = None) -> pd.DataFrame:
    """The hand-coded origin of formulations (``helpers/data/formulation_origins.csv``).

    Columns: formulation (normalised by :func:`normalize_formulation`, so the file may
    write it as printed: 对党忠诚、服务人民… matches the lexicon term it is rewritten
    to), origin (one of :data:`ORIGINS`), basis (why: the document, campaign or place
    it comes from, with the evidence). Raises :class:`helpers.errors.CorpusError`
    naming the row for a bad header, an empty field, an unknown origin or a duplicate
    formulation. Taught in notebook 05, §3.
    """
    path = Path(path or ORIGINS_PATH)
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    if list(table.columns) != ["formulation", "origin", "basis"]:
        raise CorpusError(path, f"header is {list(table.columns)}, expected "
                          "['formulation', 'origin', 'basis'].", where="row 1")
    seen: dict[str, int] = {}
    for row_no, row in enumerate(table.itertuples(index=False), start=2):
        where = f"row {row_no} ({row.formulation})"
        for col in ("formulation", "origin", "basis"):
            if not str(getattr(row, col)).strip():
                raise CorpusError(path, f"empty {col}.", where=where)
        if row.origin not in ORIGINS:
            raise CorpusError(path, f"origin {row.origin!r} not in {list(ORIGINS)}.",
                              where=where)
        key = normalize_formulation(row.formulation)
        if key in seen:
            raise CorpusError(path, f"duplicate formulation {row.formulation!r} (also row "
                              f"{seen[key]}).", where=where)
        seen[key] = row_no
    return table.assign(formulation=list(seen)).reset_index(drop=True)


def add_origins(counts: pd.DataFrame, origins: pd.DataFrame | None = None) -> pd.DataFrame:
    """``counts`` (:func:`formulation_counts`) with the columns origin and basis of
    :func:`load_origins`; formulations nobody has coded get origin :data:`UNCODED` and an
    empty basis. Row order is kept. Taught in notebook 05, §3.
    """
    origins = load_origins() if origins is None else origins
    coded = origins.set_index("formulation")
    origin = counts.formulation.map(coded.origin).fillna(UNCODED)
    basis = counts.formulation.map(coded.basis).fillna("")
    return counts.assign(origin=origin.to_numpy(), basis=basis.to_numpy())


def origin_by_spread(counts: pd.DataFrame) -> pd.DataFrame:
    """Formulations by origin (rows, in :data:`ORIGINS` order then uncoded) and spread
    in the corpus (columns), with totals. Input: :func:`add_origins`. Taught in
    notebook 05, §3."""
    rows = [o for o in (*ORIGINS, UNCODED) if o in set(counts.origin)]
    cols = [c for c in ("several localities", "one locality") if c in set(counts.spread)]
    table = pd.crosstab(counts.origin, counts.spread).reindex(index=rows, columns=cols,
                                                              fill_value=0)
    table["all"] = table.sum(axis=1)
    table.loc["all"] = table.sum(axis=0)
    return table.rename_axis(index="origin", columns="spread")


# --------------------------------------------------------------------------- meetings
def _date_bounds(date: str) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """Earliest and latest day a manifest date can mean: ``2024-01-10``, ``2024-07``,
    ``2024``, or a range ``A/B`` of those; ``None`` when the date is unknown."""
    parts = [p.strip() for p in str(date).split("/") if p.strip()]
    if not parts or not all(re.fullmatch(r"\d{4}(-\d{2}){0,2}", p) for p in parts):
        return None

    def bounds(part: str) -> tuple[pd.Timestamp, pd.Timestamp]:
        start = pd.Timestamp(part + "-01" * (2 - part.count("-")))
        step = {0: pd.DateOffset(years=1), 1: pd.DateOffset(months=1)}.get(
            part.count("-"), pd.DateOffset(days=1))
        return start, start + step - pd.Timedelta(days=1)

    return bounds(parts[0])[0], bounds(parts[-1])[1]


def which_meeting(mentions: pd.DataFrame, articles: pd.DataFrame,
                  meetings: Mapping[str, str], *,
                  cues: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Which session of a recurring meeting each mention refers to, where the text allows.

    ``mentions``: KWIC lines (article_id, …); ``articles``: article_id and date
    (manifest); ``meetings``: label → ISO date of each session, e.g.
    ``{"2019": "2019-05-07", "2024": "2024-05-28"}``; ``cues``: text → label, a phrase
    whose presence in the article settles the session (``"时隔五年再次召开"`` → the
    session five years after the one before). Rules, in order: a cue found in the
    article gives its session; otherwise, when the article's whole date range lies
    after one session and before the next, a text cites the latest session held before
    it was written; otherwise ``"undecided"``. Output: ``mentions`` with columns date,
    meeting and meeting_basis. Taught in notebook 05, §4b.
    """
    cues = dict(cues or {})
    held = sorted((pd.Timestamp(day), label) for label, day in meetings.items())
    date_of = dict(zip(articles.article_id, articles.date.astype(str), strict=True))
    text_of = (dict(zip(articles.article_id, articles.text.astype(str), strict=True))
               if "text" in articles else {})
    meeting, basis = [], []
    for article in mentions.article_id:
        text = segment.prepare(text_of.get(article, ""))
        cue = next((c for c in cues if c in text), None)
        bounds = _date_bounds(date_of.get(article, ""))
        before = ([label for day, label in held if day <= bounds[0]],
                  [label for day, label in held if day <= bounds[1]]) if bounds else None
        if cue is not None:
            meeting.append(cues[cue])
            basis.append(f"the article says {cue}")
        elif before is None:
            meeting.append("undecided")
            basis.append("the article's date is unknown")
        elif before[0] and before[0] == before[1]:
            meeting.append(before[0][-1])
            basis.append(f"dated {date_of[article]}: the latest session before it")
        else:
            meeting.append("undecided")
            basis.append("dated before every session" if not before[1] else
                         f"dated {date_of[article]}, a range that spans a session")
    return mentions.assign(date=[date_of.get(a, "") for a in mentions.article_id],
                           meeting=meeting, meeting_basis=basis)


def presence_matrix(counts: pd.DataFrame, quotes: pd.DataFrame, *,
                    localities: Sequence[str] | None = None,
                    min_localities: int = 1) -> pd.DataFrame:
    """Formulation × locality presence: 2 = quoted there, 1 = used there but never
    quoted, 0 = absent.

    Inputs: :func:`formulation_counts` and :func:`quotes_table`. Rows are the
    formulations used in at least ``min_localities`` localities, sorted to show the
    pattern of sharing: most localities first, then by the pattern of localities (left
    to right), then by formulation. Columns: ``localities`` (default: the locality
    columns of ``counts``, :func:`locality_columns`). Taught in notebook 05, §5.
    """
    cols = list(localities) if localities is not None else locality_columns(counts)
    keep = counts[counts.n_localities >= min_localities]
    used = (keep.set_index("formulation")[cols] > 0).astype(int)
    quoted = set(zip(quotes.formulation, quotes.locality, strict=True))
    for phrase in used.index:
        for loc in cols:
            if used.at[phrase, loc] and (phrase, loc) in quoted:
                used.at[phrase, loc] = 2
    pattern = ["".join("1" if v else "0" for v in row) for row in used.to_numpy()]
    key = pd.DataFrame({"n": (used > 0).sum(axis=1).to_numpy(), "pattern": pattern,
                        "phrase": used.index.to_numpy()})
    key = key.sort_values(["n", "pattern", "phrase"], ascending=[False, False, True],
                          kind="stable")
    return used.iloc[key.index.to_numpy()].rename_axis(index="formulation", columns="locality")


def jaccard_overlap(presence: pd.DataFrame, *, decimals: int = 2) -> pd.DataFrame:
    """Locality × locality Jaccard index of the sets of formulations used:
    |A ∩ B| / |A ∪ B| (1 on the diagonal; 0 when both sets are empty)."""
    used = presence > 0
    names = list(used.columns)
    values = [[(lambda a, b: (a & b).sum() / (a | b).sum() if (a | b).sum() else 0.0)(
        used[x], used[y]) for y in names] for x in names]
    out = pd.DataFrame(values, index=names, columns=names).round(decimals)
    for name in names:
        out.at[name, name] = 1.0
    return out.rename_axis(index="locality", columns="locality")


# --------------------------------------------------------------------------- text reuse
def shingles(text: str, n: int = 10) -> set[str]:
    """The set of character n-grams (shingles) of ``text``."""
    return {text[i:i + n] for i in range(len(text) - n + 1)}


def _diagonal_runs(texts: Sequence[str], n: int, repeated: set[int]
                   ) -> list[tuple[int, int, int, int, int]]:
    """Maximal verbatim runs between every two *distinct* texts and between two copies
    of a text in ``repeated`` (``ta == tb``: every pair of its positions, i = j included).

    Each shared n-gram gives a pair of start positions; pairs on the same diagonal with
    consecutive starts merge into one passage of n + (k − 1) characters. Returns
    (text_a, start_a, text_b, start_b, length) with text_a ≤ text_b.
    """
    index: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for t, text in enumerate(texts):
        for i in range(len(text) - n + 1):
            index[text[i:i + n]].append((t, i))
    diagonals: dict[tuple[int, int, int], list[int]] = defaultdict(list)
    for places in index.values():
        for x, (ta, ia) in enumerate(places):
            for tb, ib in places[x if ta in repeated else x + 1:]:
                if ta == tb and ta not in repeated:
                    continue
                diagonals[(ta, tb, ia - ib)].append(ia)
                if ta == tb and ia != ib:  # the other copy's order of the two positions
                    diagonals[(ta, tb, ib - ia)].append(ib)
    runs = []
    for (ta, tb, shift), starts in diagonals.items():
        starts.sort()
        first = prev = starts[0]
        for s in [*starts[1:], None]:
            if s is not None and s == prev + 1:
                prev = s
                continue
            runs.append((ta, first, tb, first - shift, prev - first + n))
            if s is not None:
                first = prev = s
    return runs


def _distinct(texts: Sequence[str], n: int
              ) -> tuple[list[list[int]], list[tuple[int, int, int, int, int]]]:
    """Copies of each distinct text (positions in ``texts``, in order) and the runs
    between distinct texts (:func:`_diagonal_runs`)."""
    where: dict[str, list[int]] = defaultdict(list)
    for t, text in enumerate(texts):
        where[text].append(t)
    copies = list(where.values())
    repeated = {u for u, c in enumerate(copies) if len(c) > 1}
    return copies, _diagonal_runs(list(where), n, repeated)


def _pairs_of(run: tuple[int, int, int, int, int], copies: list[list[int]],
              groups: Sequence[str]) -> Iterator[tuple[int, int, int, int, int]]:
    """Every pair of occurrences of a distinct run in different groups, as
    (text_a, start_a, text_b, start_b, length) with text_a < text_b."""
    ua, sa, ub, sb, length = run
    for ta in copies[ua]:
        for tb in copies[ub]:
            if groups[ta] == groups[tb]:
                continue
            if ta < tb:
                yield ta, sa, tb, sb, length
            elif tb < ta and ua != ub:
                yield tb, sb, ta, sa, length


def _runs(texts: Sequence[str], groups: Sequence[str], n: int) -> list[tuple[int, int, int, int]]:
    """Maximal verbatim runs shared by two texts of different groups.

    Identical texts are aligned once (:func:`_diagonal_runs` over the distinct texts),
    then each run is given to every pair of their occurrences in different groups, so a
    paragraph repeated many times costs its pairs of occurrences, not its pairs of
    shingles. Returns (text_a, start_a, text_b, start_b, length) with text_a < text_b,
    sorted.
    """
    copies, runs = _distinct(texts, n)
    return sorted(pair for run in runs for pair in _pairs_of(run, copies, groups))


def common_passages(text_a: str, text_b: str, *, min_chars: int = 10) -> pd.DataFrame:
    """Maximal passages of at least ``min_chars`` characters found verbatim in both texts.

    Output: start_a, start_b, n_chars, passage — one row per aligned occurrence, sorted by
    start_a then start_b.
    """
    runs = _runs([text_a, text_b], ["a", "b"], min_chars)
    rows = [{"start_a": sa, "start_b": sb, "n_chars": length, "passage": text_a[sa:sa + length]}
            for _, sa, _, sb, length in runs]
    out = pd.DataFrame(rows, columns=["start_a", "start_b", "n_chars", "passage"])
    return out.sort_values(["start_a", "start_b"], kind="stable").reset_index(drop=True)


def shared_passages(paragraphs: pd.DataFrame, *, min_chars: int = 10,
                    group: str = "locality") -> pd.DataFrame:
    """Text reuse: maximal passages of ``min_chars``+ characters shared verbatim by
    paragraphs of two different groups (localities).

    Input: paragraphs with article_id, ``group``, paragraph_no, text (prepared with
    :func:`prepare_for_quotes` before matching). Overlapping shared shingles are merged
    into maximal passages. Output: one row per aligned pair of occurrences: n_chars,
    passage, then article, group and paragraph_no of side a and side b (a = the earlier
    paragraph in corpus order), offset_a, offset_b; sorted by n_chars descending, then
    passage and positions.
    """
    texts = [prepare_for_quotes(str(t)) for t in paragraphs.text]
    meta = paragraphs[["article_id", group, "paragraph_no"]].to_numpy().tolist()
    rows = []
    for ta, sa, tb, sb, length in _runs(texts, [m[1] for m in meta], min_chars):
        (aa, ga, pa), (ab, gb, pb) = meta[ta], meta[tb]
        rows.append({"n_chars": length, "passage": texts[ta][sa:sa + length],
                     "article_a": aa, f"{group}_a": ga, "paragraph_a": pa, "offset_a": sa,
                     "article_b": ab, f"{group}_b": gb, "paragraph_b": pb, "offset_b": sb})
    columns = ["n_chars", "passage", "article_a", f"{group}_a", "paragraph_a", "offset_a",
               "article_b", f"{group}_b", "paragraph_b", "offset_b"]
    out = pd.DataFrame(rows, columns=columns)
    order = {a: i for i, a in enumerate(dict.fromkeys(paragraphs.article_id))}
    out = out.assign(_a=out.article_a.map(order), _b=out.article_b.map(order))
    out = out.sort_values(["n_chars", "passage", "_a", "paragraph_a", "offset_a", "_b",
                           "paragraph_b", "offset_b"],
                          ascending=[False, True, True, True, True, True, True, True],
                          kind="stable")
    return out.drop(columns=["_a", "_b"]).reset_index(drop=True)


def passage_reuse(paragraphs: pd.DataFrame, *, min_chars: int = 10,
                  group: str = "locality") -> pd.DataFrame:
    """Text reuse, one row per shared passage and pair of groups — the size of what
    it shows, not of the number of copies.

    The rows of :func:`shared_passages` grow with the *square* of how often a passage is
    repeated (one row per pair of occurrences: 2.5 million rows and 3 GB for the ×100
    corpus of ``benchmarks/growth.py``). Here each (passage, ``group``_a, ``group``_b)
    is one row with ``n_pairs``, the number of pairs of occurrences it stands for
    (counted as they are enumerated, never stored), and the *first* such pair in corpus order (article,
    paragraph_no and offset of side a and b). Same columns as :func:`shared_passages`
    plus ``n_pairs``, sorted the same way, so ``drop_duplicates("passage")`` gives the
    same first rows; :func:`passage_spread` and :func:`reuse_matrix` accept it and give
    the same tables. Taught in notebook 05, §6.
    """
    texts = [prepare_for_quotes(str(t)) for t in paragraphs.text]
    meta = paragraphs[["article_id", group, "paragraph_no"]].to_numpy().tolist()
    groups = [m[1] for m in meta]
    order = {a: i for i, a in enumerate(dict.fromkeys(paragraphs.article_id))}
    copies, runs = _distinct(texts, min_chars)
    first: dict[tuple[str, str, str], tuple[int, int, int, int]] = {}
    n_pairs: dict[tuple[str, str, str], int] = defaultdict(int)
    for run in runs:
        passage = texts[copies[run[0]][0]][run[1]:run[1] + run[4]]
        for ta, sa, tb, sb, _ in _pairs_of(run, copies, groups):
            key, place = (passage, groups[ta], groups[tb]), (ta, sa, tb, sb)
            n_pairs[key] += 1
            if key not in first or place < first[key]:
                first[key] = place
    rows = []
    for (passage, ga, gb), (ta, sa, tb, sb) in first.items():
        (aa, _, pa), (ab, _, pb) = meta[ta], meta[tb]
        rows.append({"n_chars": len(passage), "passage": passage, "article_a": aa,
                     f"{group}_a": ga, "paragraph_a": pa, "offset_a": sa, "article_b": ab,
                     f"{group}_b": gb, "paragraph_b": pb, "offset_b": sb,
                     "n_pairs": n_pairs[(passage, ga, gb)],
                     "_a": order[aa], "_b": order[ab]})
    columns = ["n_chars", "passage", "article_a", f"{group}_a", "paragraph_a", "offset_a",
               "article_b", f"{group}_b", "paragraph_b", "offset_b", "n_pairs", "_a", "_b"]
    out = pd.DataFrame(rows, columns=columns)
    out = out.sort_values(["n_chars", "passage", "_a", "paragraph_a", "offset_a", "_b",
                           "paragraph_b", "offset_b"],
                          ascending=[False, True, True, True, True, True, True, True],
                          kind="stable")
    return out.drop(columns=["_a", "_b"]).reset_index(drop=True)


def passage_spread(shared: pd.DataFrame, *, group: str = "locality") -> pd.DataFrame:
    """One row per distinct shared passage of :func:`shared_passages` or
    :func:`passage_reuse`: passage, n_chars, n_localities and localities (the values of
    ``group`` whose texts contain it, ``"; "``-joined, sorted), n_pairs (aligned pairs of
    occurrences); sorted by n_chars descending then passage."""
    rows = []
    for passage, part in shared.groupby("passage", sort=True):
        places = sorted(set(part[f"{group}_a"]) | set(part[f"{group}_b"]))
        rows.append({"passage": passage, "n_chars": len(passage), "n_localities": len(places),
                     "localities": "; ".join(places),
                     "n_pairs": int(part.n_pairs.sum()) if "n_pairs" in part else len(part)})
    out = pd.DataFrame(rows, columns=["passage", "n_chars", "n_localities", "localities",
                                      "n_pairs"])
    return out.sort_values(["n_chars", "passage"], ascending=[False, True],
                           kind="stable").reset_index(drop=True)


def kwic_formulation(paragraphs: pd.DataFrame, phrase: str, *, window: int = 15
                     ) -> pd.DataFrame:
    """:func:`helpers.analysis.count.kwic` of ``phrase`` in the text quotes are found in
    (:func:`prepare_for_quotes`): article_id, locality, paragraph_no, offset, left,
    keyword, right, in corpus order."""
    return count.kwic(paragraphs, phrase, window=window, prepare_text=prepare_for_quotes)


def reuse_matrix(shared: pd.DataFrame, *, localities: Sequence[str] | None = None,
                 group: str = "locality") -> pd.DataFrame:
    """Locality × locality number of distinct passages shared verbatim (symmetric, zero
    diagonal). Input: :func:`shared_passages` or :func:`passage_reuse`; rows and columns: ``localities``
    (default: every locality of ``shared``, in order of first appearance). Taught in
    notebook 05, §6."""
    names = list(localities) if localities is not None else list(dict.fromkeys(
        [*shared[f"{group}_a"], *shared[f"{group}_b"]]))
    out = pd.DataFrame(0, index=names, columns=names)
    pairs = shared.drop_duplicates([f"{group}_a", f"{group}_b", "passage"])
    for a, b in zip(pairs[f"{group}_a"], pairs[f"{group}_b"], strict=True):
        if a in out.index and b in out.index:
            out.at[a, b] += 1
            if a != b:
                out.at[b, a] += 1
    return out.rename_axis(index="locality", columns="locality")
