"""Word segmentation with jieba, the project lexicon and two documented stopword lists.

``tokenize`` segments one text; ``tokenize_paragraphs`` segments the whole corpus,
paragraph by paragraph, with an on-disk cache keyed by the content of the clean
text, the lexicon, the stopword lists, the jieba version and the options.

Pipeline for one text: clean-text normalisation (spaces, widths) → lexicon variants
rewritten to their terms → lexicon terms cut out as whole tokens (leftmost-longest
match) → jieba on the text between them (precise mode, HMM on; the terms are also in
its user dictionary, which matters for ``lexicon=False`` comparisons and POS tags) →
tokens without punctuation, whitespace and bare numbers → stopwords removed. Taught in ``notebooks/01_segmentation.ipynb``.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import warnings
import weakref
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from helpers import cache
from helpers.errors import CorpusError
from helpers.paths import DATA_DIR, cache_dir
from helpers.text import clean

if TYPE_CHECKING:
    import jieba
    import jieba.posseg
    import pandas as pd

# pandas, helpers.text.corpus and helpers.text.lexicon (which need pandas) are imported where they
# are used: a process that segments with the bundled lexicon and stopword lists (a pool
# worker, a script) starts without them once their derived data is cached (see
# _bundled_lexicon_data); the public functions behave as before.


def _jieba() -> Any:
    """The jieba module, imported on first use (a process segmenting with another
    backend never loads it) and silenced ("Building prefix dict…")."""
    with warnings.catch_warnings():  # jieba 0.42.1 imports pkg_resources on some setuptools
        warnings.filterwarnings("ignore", message="pkg_resources is deprecated",
                                category=UserWarning)
        import jieba
    jieba.setLogLevel(logging.WARNING)
    return jieba

DATA = DATA_DIR
#: The bundled lexicon (:data:`helpers.text.lexicon.LEXICON_PATH`).
LEXICON_PATH: Path = DATA / "lexicon.csv"
STOPWORD_FILES: dict[str, Path] = {
    "general": DATA / "stopwords_general.txt",
    "boilerplate": DATA / "stopwords_boilerplate.txt",
}
#: Bump when the tokenisation logic changes, to invalidate cached tokens.
CACHE_VERSION = "2"

#: A token needs a letter or an ideograph of any CJK block (Extension B+ included).
_KEEP = re.compile(f"[{clean.CJK_IDEOGRAPHS}A-Za-z]")
_TOKENIZERS: dict[str, jieba.Tokenizer] = {}
_PATTERNS: dict[str, re.Pattern[str] | None] = {}
_TAGGERS: dict[int, jieba.posseg.POSTokenizer] = {}
_SEGMENTERS: dict[tuple, Segmenter] = {}

StopwordSpec = bool | str | Path | Iterable[str] | None
"""``True`` (both bundled lists), ``False``/``None`` (none), a bundled list name
(``"general"``, ``"boilerplate"``), a path to a stopword file, or a list/set whose items
are bundled list names or words."""
LexiconSpec = Union[bool, str, Path, "pd.DataFrame", Mapping[str, object], None]  # noqa: UP007
"""``True`` (the bundled lexicon), ``False``/``None`` (none), or a user dictionary: a
path or a table/dict in any form :func:`helpers.text.lexicon.read_dictionary` accepts."""


# --------------------------------------------------------------------------- stopwords
def read_stopword_file(path: str | Path) -> frozenset[str]:
    """Words of one list: one per line, ``#`` comments and blank lines ignored. The
    encoding is detected (UTF-8 with or without BOM, GBK, Big5)."""
    path = Path(path)
    if not path.is_file():
        raise CorpusError(path, "stopword file not found.",
                          fix="check the path, or pass a bundled list name: "
                          f"{', '.join(STOPWORD_FILES)}.")
    from helpers.text import corpus

    words = set()
    for line in corpus.decode_bytes(path.read_bytes(), path).text.splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.add(clean.normalize_text(word))
    return frozenset(words)


def _is_path_spec(spec: object) -> bool:
    return isinstance(spec, Path) or (isinstance(spec, str) and spec not in STOPWORD_FILES
                                      and ("/" in spec or "\\" in spec or "." in spec
                                           or Path(spec).is_file()))


def _stopword_names(spec: StopwordSpec) -> tuple[str, ...]:
    """The bundled list names of a spec made only of names (ValueError otherwise)."""
    if spec is True:
        return tuple(STOPWORD_FILES)
    if spec is False or spec is None:
        return ()
    names = (spec,) if isinstance(spec, (str, Path)) else tuple(spec)
    unknown = [n for n in names if n not in STOPWORD_FILES]
    if unknown:
        raise ValueError(f"unknown stopword list(s) {unknown}; choose from {list(STOPWORD_FILES)}"
                         ", or pass a file path or a list of words")
    return tuple(n for n in STOPWORD_FILES if n in names)


def _is_names_spec(spec: StopwordSpec) -> bool:
    if spec is True or spec is False or spec is None:
        return True
    if isinstance(spec, str):
        return not _is_path_spec(spec)  # an unknown plain name is an error, as a name
    if isinstance(spec, Path):
        return False
    return all(isinstance(n, str) and n in STOPWORD_FILES for n in spec)


def load_stopwords(which: StopwordSpec = True) -> frozenset[str]:
    """Stopwords to remove.

    ``True`` → both bundled lists; ``"general"`` → function words only;
    ``"boilerplate"`` → political boilerplate only; ``False``/``None`` → none; a path
    (``str`` with a ``/`` or ``.``, or ``Path``) → the words of that file (one per line,
    ``#`` comments); a list/set → its items, where a bundled list name stands for its
    words (``["general", "我市"]``). Raises ``ValueError`` for an unknown list name and
    :class:`CorpusError` for a missing file.
    """
    if _is_names_spec(which):
        words: set[str] = set()
        for name in _stopword_names(which):
            words |= _bundled_stopwords(name)
        return frozenset(words)
    if isinstance(which, (str, Path)):
        return read_stopword_file(which)
    words = set()
    for item in which:  # type: ignore[union-attr]
        item = str(item).strip()
        if item in STOPWORD_FILES:
            words |= _bundled_stopwords(item)
        elif item:
            words.add(clean.normalize_text(item))
    return frozenset(words)


_BUNDLED: dict[tuple[str, str], object] = {}


def _bundled_cached(name: str, data: bytes, build: Callable[[], Any]) -> Any:
    """``build()`` for a bundled file's content, memoised in this process and in
    ``cache_dir()/bundled/`` (JSON) by the sha256 of ``data`` and :data:`CACHE_VERSION`:
    an edited file has another key, so it is read again."""
    key = (name, cache.content_key(name.encode(), CACHE_VERSION.encode(), data))
    if key not in _BUNDLED:
        _BUNDLED[key] = cache.cached_json("bundled", key[1], build)
    return _BUNDLED[key]


def _bundled_stopwords(name: str) -> frozenset[str]:
    """The words of a bundled stopword list (:func:`read_stopword_file`, cached)."""
    path = STOPWORD_FILES[name]
    return frozenset(_bundled_cached(f"stopwords:{name}", path.read_bytes(),
                                     lambda: sorted(read_stopword_file(path))))


def _bundled_lexicon_data() -> tuple[list[str], dict[str, str]]:
    """Terms (in :func:`helpers.text.lexicon.load_lexicon` order) and variant → term map of
    the bundled lexicon (cached by the file's content, so without pandas when warm)."""
    def build() -> dict[str, object]:
        from helpers.text.lexicon import load_lexicon, variant_map
        frame = load_lexicon()
        return {"terms": list(frame.term), "variants": variant_map(frame)}

    data = _bundled_cached("lexicon", LEXICON_PATH.read_bytes(), build)
    return list(data["terms"]), dict(data["variants"])


def _lexicon_data(spec: LexiconSpec) -> tuple[list[str], dict[str, str]] | None:
    """``(terms, variant → term)`` of a lexicon spec, terms in the order of
    :func:`lexicon_frame`; None for no lexicon."""
    if spec is True:
        return _bundled_lexicon_data()
    frame = lexicon_frame(spec)
    if frame is None:
        return None
    from helpers.text.lexicon import variant_map
    return list(frame.term), variant_map(frame)


def _file_id(path: str | Path) -> tuple[str, int, int]:
    path = Path(path).resolve()
    try:
        stat = path.stat()
    except OSError:
        return (str(path), -1, -1)
    return (str(path), stat.st_mtime_ns, stat.st_size)


def _stopword_id(spec: StopwordSpec) -> Hashable:
    """A cheap memo key for a stopword spec (files by path, mtime and size)."""
    if _is_names_spec(spec):
        return ("names", _stopword_names(spec))
    if isinstance(spec, (str, Path)):
        return ("file", _file_id(spec))
    return ("words", frozenset(str(w) for w in spec))  # type: ignore[union-attr]


def _stopword_bytes(spec: StopwordSpec) -> bytes:
    """The content of a stopword spec, for cache keys (bundled lists: name + file bytes)."""
    if _is_names_spec(spec):
        return b"".join(name.encode() + STOPWORD_FILES[name].read_bytes()
                        for name in _stopword_names(spec))
    return b"user stopwords\n" + "\n".join(sorted(load_stopwords(spec))).encode("utf-8")


# --------------------------------------------------------------------------- lexicon specs
_FRAME_IDS: dict[int, tuple[weakref.ref, str]] = {}


def _is_bundled(spec: LexiconSpec) -> bool:
    return spec is True


def _is_frame(spec: object) -> bool:
    """True for a pandas DataFrame (pandas is not imported for the question)."""
    pandas = sys.modules.get("pandas")
    return pandas is not None and isinstance(spec, pandas.DataFrame)


def _lexicon_id(spec: LexiconSpec) -> Hashable:
    """A cheap memo key for a lexicon spec (a table by its content, once per object)."""
    if spec is True:
        return ("bundled",)  # edits of the file: _files_signature() is in every memo key
    if spec is False or spec is None:
        return ("none",)
    if isinstance(spec, (str, Path)):
        return ("file", _file_id(spec))
    if _is_frame(spec):
        known = _FRAME_IDS.get(id(spec))
        if known is None or known[0]() is not spec:
            digest = cache.content_key(spec.to_csv(index=False))
            _FRAME_IDS[id(spec)] = (weakref.ref(spec), digest)
            known = _FRAME_IDS[id(spec)]
        return ("frame", known[1])
    return ("mapping", cache.content_key(json.dumps(spec, ensure_ascii=False, sort_keys=True,
                                                    default=list)))


_USER_LEXICONS: dict[Hashable, pd.DataFrame] = {}


def lexicon_frame(spec: LexiconSpec = True) -> pd.DataFrame | None:
    """The lexicon table of a spec: the bundled lexicon for ``True``, None for
    ``False``/``None``, :func:`helpers.text.lexicon.read_dictionary` of anything else."""
    from helpers.text.lexicon import load_lexicon, read_dictionary

    if spec is True:
        return load_lexicon()
    if spec is False or spec is None:
        return None
    key = _lexicon_id(spec)
    if key not in _USER_LEXICONS:
        _USER_LEXICONS[key] = read_dictionary(spec)  # type: ignore[arg-type]
    return _USER_LEXICONS[key]


def _lexicon_bytes(spec: LexiconSpec) -> bytes:
    """The content of a lexicon spec, for cache keys (bundled: the file's bytes)."""
    if spec is True:
        return LEXICON_PATH.read_bytes()  # helpers.text.lexicon.lexicon_bytes()
    frame = lexicon_frame(spec)
    if frame is None:
        return b""
    from helpers.text.lexicon import dictionary_bytes
    return b"user lexicon\n" + dictionary_bytes(frame)


# --------------------------------------------------------------------------- jieba
_TOKENIZER_CLASS: list[type] = []


def _tokenizer_class() -> type:
    """``jieba.Tokenizer`` with a faster ``calc`` (the best route through the word
    graph), defined on first use.

    jieba's ``calc`` takes the ``max`` of a generator of ``(log probability, end)``
    tuples at every character; this one runs the same loop without the generator and
    tuple comparisons. Every probability is the same expression evaluated in the same
    order, so the floats are identical, and ties go to the larger end, as ``max`` of
    those tuples does: the routes, hence the tokens, are jieba's (tested on the corpus
    and on random text). About 15–20 % less time per text. jieba's POS tagger goes
    through the same method.
    """
    if not _TOKENIZER_CLASS:
        from math import log

        class Tokenizer(_jieba().Tokenizer):  # type: ignore[misc, name-defined]
            """jieba's tokenizer, ``calc`` without a generator (same routes)."""

            def calc(self, sentence: str, DAG: dict[int, list[int]],  # noqa: N803
                     route: dict[int, tuple[float, int]]) -> None:
                n = len(sentence)
                route[n] = (0, 0)
                logtotal = log(self.total)
                get = self.FREQ.get
                for idx in range(n - 1, -1, -1):
                    ends = DAG[idx]
                    if len(ends) == 1:
                        x = ends[0]
                        route[idx] = (log(get(sentence[idx:x + 1]) or 1) - logtotal
                                      + route[x + 1][0], x)
                        continue
                    best_p, best_x = 0.0, -1
                    for x in ends:  # ascending: on a tie the later end wins, as in max()
                        p = log(get(sentence[idx:x + 1]) or 1) - logtotal + route[x + 1][0]
                        if best_x < 0 or p >= best_p:
                            best_p, best_x = p, x
                    route[idx] = (best_p, best_x)

        _TOKENIZER_CLASS.append(Tokenizer)
    return _TOKENIZER_CLASS[0]


#: jieba's own dictionary as ``(FREQ, total)``, loaded once per process (never mutated).
_JIEBA_DICTIONARY: list[tuple[dict[str, int], int]] = []


def _jieba_dictionary(tmp_dir: str) -> tuple[dict[str, int], int]:
    """jieba's prefix dictionary ``(FREQ, total)``, read once per process.

    Reading it (jieba's marshal cache in ``tmp_dir``, built from its ``dict.txt`` the
    first time) takes about 0.6–0.9 s; every tokenizer of :func:`get_tokenizer` starts
    from a copy of it (about 15 ms), so a notebook that segments with the lexicon and
    without it (§ the plain baseline of notebook 01) reads it once, not twice.
    """
    if not _JIEBA_DICTIONARY:
        base = _jieba().Tokenizer()
        base.tmp_dir = tmp_dir
        Path(tmp_dir).mkdir(parents=True, exist_ok=True)
        base.initialize()
        _JIEBA_DICTIONARY.append((base.FREQ, base.total))
    return _JIEBA_DICTIONARY[0]


def get_tokenizer(lexicon: LexiconSpec = True) -> jieba.Tokenizer:
    """A jieba tokenizer (own instance, not jieba's global one).

    With a lexicon (``True``: the bundled one, or a user dictionary) every term is in
    its user dictionary, with a frequency high enough (``suggest_freq``) to keep the
    term whole. jieba's own dictionary cache goes to ``cache_dir()/jieba``.
    """
    data = _lexicon_data(lexicon)
    key = "plain" if data is None else cache.content_key(_lexicon_bytes(lexicon))
    if key not in _TOKENIZERS:
        tokenizer = _tokenizer_class()()
        tokenizer.tmp_dir = str(cache_dir() / "jieba")
        freq, total = _jieba_dictionary(tokenizer.tmp_dir)
        tokenizer.FREQ, tokenizer.total = dict(freq), total  # its own copy: add_word
        tokenizer.initialized = True
        if data is not None:
            for term in data[0]:
                tokenizer.add_word(term, tag="nz")
            for term in data[0]:
                tokenizer.suggest_freq(term, tune=True)
        _TOKENIZERS[key] = tokenizer
    return _TOKENIZERS[key]


Cutter = Callable[[str, bool], list[str]]
"""A function ``(text, hmm) -> tokens`` that segments text without lexicon terms.

A cutter used by :class:`Segmenter` must treat ``"\n"`` as a hard boundary returned as
a token of its own (``cut(a + "\n" + b) == cut(a) + ["\n"] + cut(b)`` when neither
contains ``"\n"`` or ``"\r"``): jieba, jieba_fast and rjieba do (tested), so a whole
chunk of paragraphs is cut in one call."""

#: Paragraph and lexicon-term boundary in the text handed to the cutter.
_MARK = "\n"
#: Most token types the keep/drop memo of a :class:`Segmenter` holds before it restarts.
_MEMO_LIMIT = 1_000_000


def _trie_alternatives(words: Iterable[str]) -> list[str]:
    """Regular-expression alternatives, one per distinct first character, that match
    what the alternation of ``words`` sorted longest first matches: at each position
    the longest word starting there.

    The words are written as a trie (``公安(?:改革|机关)?``), greedy, so the regex
    engine tests one branch per character instead of every word in turn; leftmost-
    longest matches are the same (tested against the plain alternation).
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def render(node: dict[str, dict]) -> str:
        alternatives = [re.escape(char) + render(node[char]) for char in sorted(node) if char]
        if not alternatives:
            return ""
        if len(alternatives) == 1 and "" not in node:
            return alternatives[0]
        return "(?:" + "|".join(alternatives) + ")" + ("?" if "" in node else "")

    return [re.escape(char) + render(trie[char]) for char in sorted(trie) if char]


def _words_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """Leftmost-longest matcher of ``words`` (None for no words); see
    :func:`_trie_alternatives`."""
    alternatives = _trie_alternatives(words)
    return re.compile("|".join(alternatives)) if alternatives else None


class Segmenter:
    """The tokenisation pipeline with everything it needs built once.

    Holds the stopword set, the jieba tokenizer (built at the first cut; or another
    ``cut`` function, e.g. a fast backend from :mod:`helpers.scale`), the variant
    pattern and the term pattern of the lexicon (the bundled one, a user dictionary,
    or none). ``Segmenter(...)
    .tokenize(text)`` is what :func:`tokenize` returns for the same options;
    :func:`tokenize` keeps one Segmenter per option set and rebuilds it when the
    lexicon or a stopword file changes on disk. ``stopword_set`` (a ready set of
    words) replaces ``stopwords`` when given.

    :meth:`tokenize_flat` does the work for a whole batch of texts at once (one
    regex pass for the lexicon terms, one call of the cutter, one filtering pass);
    :meth:`tokenize` and :meth:`tokenize_many` are that method for one text and for a
    list. Texts containing ``"\n"`` or ``"\r"`` take the piece-by-piece path of
    :meth:`pieces`, which gives the same tokens.
    """

    def __init__(self, *, stopwords: StopwordSpec = True, lexicon: LexiconSpec = True,
                 hmm: bool = True, keep_numbers: bool = False,
                 cut: Cutter | None = None, stopword_set: frozenset[str] | None = None) -> None:
        self.stopwords = (load_stopwords(stopwords) if stopword_set is None
                          else frozenset(stopword_set))
        data = _lexicon_data(lexicon)
        self.lexicon = data is not None
        self.hmm, self.keep_numbers = hmm, keep_numbers
        self._lexicon_spec = lexicon
        self.cut: Cutter = self._jieba_cut if cut is None else cut
        terms, self.variants = data if data is not None else ([], {})
        self.variant_pattern = _words_pattern(self.variants)
        self.term_pattern = _term_pattern(lexicon) if data is not None else None
        # One pass over a joined batch: lexicon terms and paragraph ends, captured.
        self._split_pattern = re.compile(
            "(" + "|".join([*_trie_alternatives(terms), re.escape(_MARK)]) + ")")
        self._batchable = not any(_MARK in w or "\r" in w
                                  for w in [*terms, *self.variants, *self.variants.values()])
        self._kept: set[str] = {_MARK}  # token types judged to stay (and the boundary mark)
        self._dropped: set[str] = set()

    def _jieba_cut(self, text: str, hmm: bool) -> list[str]:
        """The default cutter: jieba with the lexicon, built at the first cut (reading
        jieba's dictionary takes 0.6–0.9 s, and :meth:`prepare` and :meth:`pieces`,
        e.g. for a KWIC of cached tokens, never cut)."""
        tokenizer = get_tokenizer(self._lexicon_spec)
        self.cut = lambda text, hmm: tokenizer.lcut(text, HMM=hmm)
        return self.cut(text, hmm)

    def prepare(self, text: str) -> str:
        """Clean-text normalisation, then (with the lexicon) variants → terms."""
        text = clean.normalize_text(text)
        if self.variant_pattern is not None:
            text = self.variant_pattern.sub(self._variant, text)
        return text

    def _variant(self, match: re.Match[str]) -> str:
        return self.variants[match.group(0)]

    def pieces(self, prepared: str) -> list[tuple[str, bool]]:
        """Split prepared text into (piece, is_lexicon_term) runs.

        With the lexicon, every term occurrence (leftmost, longest first) is its own
        piece, so a term comes out as one token wherever it occurs, whatever jieba's
        dictionary would prefer in context (e.g. 党和国家 | 安全 vs 党和 | 国家安全).
        """
        if self.term_pattern is None:
            return [(prepared, False)]
        pieces, pos = [], 0
        for match in self.term_pattern.finditer(prepared):
            if match.start() > pos:
                pieces.append((prepared[pos:match.start()], False))
            pieces.append((match.group(0), True))
            pos = match.end()
        if pos < len(prepared):
            pieces.append((prepared[pos:], False))
        return pieces

    def tokenize(self, text: str) -> list[str]:
        """Tokens of ``text`` in order (see :func:`tokenize`)."""
        return self.tokenize_flat([text])[0]

    def tokenize_many(self, texts: Iterable[str]) -> list[list[str]]:
        """``[self.tokenize(t) for t in texts]``, computed as one batch."""
        flat, offsets = self.tokenize_flat(list(texts))
        return [flat[start:end] for start, end in zip(offsets[:-1], offsets[1:], strict=True)]

    def tokenize_flat(self, texts: Sequence[str]) -> tuple[list[str], list[int]]:
        """Tokens of every text, concatenated, and ``len(texts) + 1`` offsets: the
        tokens of ``texts[i]`` are ``flat[offsets[i]:offsets[i + 1]]`` (the layout of an
        Arrow list array).

        The texts are normalised one by one, joined with ``"\n"``, their variants
        replaced by one substitution pass, split at lexicon terms and paragraph ends by
        one regex pass, cut by one call of the cutter (terms and
        paragraph ends become ``"\n"`` in its input), filtered by one pass over the
        tokens, and the terms put back in place. Equals the piece-by-piece reference
        (:meth:`pieces`, each piece cut alone); a batch with ``"\n"`` or ``"\r"`` inside
        a prepared text is done piece by piece.
        """
        normalized = [clean.normalize_text(str(text)) for text in texts]
        joined = _MARK.join(normalized)
        if (self._batchable and normalized and "\r" not in joined
                and joined.count(_MARK) == len(normalized) - 1):
            # variants hold no "\n" (``_batchable``), so one substitution over the
            # joined texts is the per-text substitution of :meth:`prepare`, joined
            if self.variant_pattern is not None:
                joined = self.variant_pattern.sub(self._variant, joined)
            result = self._flat_batch(joined + _MARK, len(normalized))
            if result is not None:
                return result
        prepared = [self.prepare(str(text)) for text in texts]
        flat: list[str] = []
        offsets = [0]
        for text in prepared:
            tokens: list[str] = []
            for piece, is_term in self.pieces(text):
                tokens.extend([piece] if is_term else self.cut(piece, self.hmm))
            self._judge_all(tokens)
            kept = self._kept
            flat.extend(t for t in tokens if t in kept and t != _MARK)
            offsets.append(len(flat))
        return flat, offsets

    def _flat_batch(self, text: str, n_texts: int) -> tuple[list[str], list[int]] | None:
        """:meth:`tokenize_flat` of prepared texts each followed by ``"\n"``; None if
        the cutter did not return one ``"\n"`` token per boundary."""
        if self.term_pattern is not None:
            parts = self._split_pattern.split(text)
            events = parts[1::2]  # lexicon terms and "\n" (paragraph ends), in order
            tokens = self.cut(_MARK.join(parts[0::2]), self.hmm)
        else:
            events = None
            tokens = self.cut(text, self.hmm)
        self._judge_all(tokens if events is None else [*tokens, *events])
        kept = self._kept
        marked = list(filter(kept.__contains__, tokens))  # kept tokens and every mark
        flat: list[str] = []
        offsets = [0]
        pos = 0
        find = marked.index
        try:
            for event in events if events is not None else (_MARK,) * n_texts:
                end = find(_MARK, pos)
                if end > pos:
                    flat += marked[pos:end]
                if event == _MARK:
                    offsets.append(len(flat))
                elif event in kept:
                    flat.append(event)
                pos = end + 1
        except ValueError:  # fewer marks than boundaries
            return None
        return (flat, offsets) if pos == len(marked) else None  # more marks: None

    def _judge_all(self, tokens: Iterable[str]) -> None:
        """Put every token type not judged yet into the keep or the drop memo."""
        kept, dropped = self._kept, self._dropped
        types = set(tokens)
        new = types - kept
        new.difference_update(dropped)
        if not new:
            return
        if len(kept) + len(dropped) + len(new) > _MEMO_LIMIT:  # bounded memory: restart
            kept.clear()
            dropped.clear()
            kept.add(_MARK)
            new = types - kept  # every type of this batch, judged again
        stopwords, keep_numbers = self.stopwords, self.keep_numbers
        for token in new:
            if token not in stopwords and is_word(token, keep_numbers=keep_numbers):
                kept.add(token)
            else:
                dropped.add(token)


def _files_signature() -> tuple[tuple[str, int, int], ...]:
    """(path, mtime, size) of the lexicon and stopword files: a cheap test for edits."""
    paths = [LEXICON_PATH, *STOPWORD_FILES.values()]
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths)


def _segmenter(stopwords: StopwordSpec = True, lexicon: LexiconSpec = True, hmm: bool = True,
               keep_numbers: bool = False) -> Segmenter:
    simple = (stopwords is True or stopwords is False or stopwords is None
              or isinstance(stopwords, str) and stopwords in STOPWORD_FILES)
    key = ((stopwords if simple else _stopword_id(stopwords)),
           (lexicon if lexicon is True or lexicon is False else _lexicon_id(lexicon)),
           hmm, keep_numbers, _files_signature())
    if key not in _SEGMENTERS:
        _SEGMENTERS[key] = Segmenter(stopwords=stopwords, lexicon=lexicon, hmm=hmm,
                                     keep_numbers=keep_numbers)
    return _SEGMENTERS[key]


def prepare(text: str, *, lexicon: LexiconSpec = True) -> str:
    """Clean-text normalisation, then (with the lexicon) variants → terms."""
    return _segmenter(False, lexicon).prepare(text)


def _term_pattern(lexicon: LexiconSpec = True) -> re.Pattern[str] | None:
    data = _lexicon_data(lexicon)
    if data is None:
        return None
    key = cache.content_key(_lexicon_bytes(lexicon))
    if key not in _PATTERNS:
        _PATTERNS[key] = _words_pattern(data[0])
    return _PATTERNS[key]


def _pieces(text: str, lexicon: LexiconSpec) -> list[tuple[str, bool]]:
    """:meth:`Segmenter.pieces` of the default segmenter."""
    return _segmenter(False, lexicon).pieces(text)


def term_occurrences(text: str, *, lexicon: LexiconSpec = True) -> list[tuple[int, str]]:
    """Lexicon terms in ``text``: (offset in the prepared text, term), left to right.

    Uses exactly the matching that :func:`tokenize` uses with the same ``lexicon``
    (variants normalised, leftmost-longest), so theme counts and token counts agree.
    """
    segmenter = _segmenter(False, lexicon)
    if segmenter.term_pattern is None:
        return []
    return [(m.start(), m.group(0)) for m in segmenter.term_pattern.finditer(
        segmenter.prepare(text))]


def is_word(token: str, *, keep_numbers: bool = False) -> bool:
    """False for whitespace, punctuation and (unless ``keep_numbers``) bare numbers."""
    if _KEEP.search(token):
        return True
    return keep_numbers and any(ch.isdigit() for ch in token)


def tokenize(text: str, *, stopwords: StopwordSpec = True, lexicon: LexiconSpec = True,
             hmm: bool = True, keep_numbers: bool = False) -> list[str]:
    """Tokens of ``text`` in order.

    ``stopwords``: see :func:`load_stopwords` (bundled list names, a file, a list of
    words); ``lexicon``: ``True`` the bundled lexicon, ``False`` none, or a user
    dictionary (path, DataFrame with ``term, theme``, quanteda/cntext YAML or CSV; see
    :func:`helpers.text.lexicon.read_dictionary`) — its terms are kept whole and their
    variants rewritten; ``hmm``: jieba's HMM for unknown words; ``keep_numbers``: keep
    tokens such as ``2023``. Ideographs of every CJK block are kept (``王𫖮同志``).
    """
    return _segmenter(stopwords, lexicon, hmm, keep_numbers).tokenize(text)


def _get_tagger(lexicon: LexiconSpec) -> jieba.posseg.POSTokenizer:
    """jieba's POS tagger over :func:`get_tokenizer` (building one reads the whole
    dictionary, so it is kept per tokenizer)."""
    tokenizer = get_tokenizer(lexicon)
    key = id(tokenizer)
    if key not in _TAGGERS:
        _jieba()
        import jieba.posseg  # ~0.2 s of tables: only when POS tags are asked for
        _TAGGERS[key] = jieba.posseg.POSTokenizer(tokenizer)
    return _TAGGERS[key]


def tokenize_pos(text: str, *, lexicon: LexiconSpec = True,
                 hmm: bool = True) -> list[tuple[str, str]]:
    """(token, part-of-speech tag) pairs from jieba.posseg, punctuation removed.

    Tags follow jieba/ICTCLAS: ``n`` noun, ``v`` verb, ``vn`` verbal noun, ``nz``
    other proper noun (lexicon terms), … No stopword removal.
    """
    tagger = _get_tagger(lexicon)
    pairs: list[tuple[str, str]] = []
    for piece, is_term in _pieces(prepare(text, lexicon=lexicon), lexicon):
        pairs.extend([(piece, "nz")] if is_term
                     else [(p.word, p.flag) for p in tagger.lcut(piece, HMM=hmm)])
    return [(word, flag) for word, flag in pairs if is_word(word)]


# --------------------------------------------------------------------------- corpus level
def _tokens_key(texts: Sequence[str], stopwords: StopwordSpec, lexicon: LexiconSpec,
                options: Mapping[str, object]) -> str:
    """Cache key of the tokens of ``texts``: the texts, the content of the lexicon and
    stopwords (bundled files or the user's), the jieba version and ``options``."""
    bundled_stop = _is_names_spec(stopwords)
    bundled_lexicon = lexicon is True or lexicon is False or lexicon is None
    options = {"stopwords": list(_stopword_names(stopwords)) if bundled_stop else "user",
               "lexicon": bool(lexicon) if bundled_lexicon else "user", **options,
               "jieba": _jieba().__version__, "version": CACHE_VERSION}
    return cache.content_key(json.dumps(list(texts), ensure_ascii=False),
                             _lexicon_bytes(lexicon) if lexicon is not False else b"",
                             _stopword_bytes(stopwords), json.dumps(options, sort_keys=True))


def _cached_per_text(texts: Iterable[str], stopwords: StopwordSpec, lexicon: LexiconSpec,
                     options: Mapping[str, object],
                     build: Callable[[list[str]], list[Any]]) -> list[Any]:
    """``build(texts)`` (one result per text), cached under ``cache_dir()/tokens/`` with
    the key of :func:`_tokens_key`: the one cache of every ``*_many`` function here, so a
    re-run neither segments nor loads jieba's dictionary."""
    texts = [str(t) for t in texts]
    key = _tokens_key(texts, stopwords, lexicon, options)
    return cache.cached_json("tokens", key, lambda: build(texts))


#: Version of :func:`tokenize_clauses`'s own rules in the clause cache key (bump it when
#: they change; :data:`CACHE_VERSION` covers the tokenisation they share).
CLAUSES_VERSION = "1"


def tokenize_clauses_many(texts: Iterable[str], *, stopwords: StopwordSpec = False,
                          lexicon: LexiconSpec = True, hmm: bool = True
                          ) -> list[list[list[str]]]:
    """:func:`tokenize_clauses` of every text, in order (cached).

    Output: one list of clauses (each a list of tokens) per text. Cached like
    :func:`tokenize_paragraphs` (``cache_dir()/tokens/``, keyed by the texts, the
    lexicon and stopwords by content, the jieba version and the options), so a re-run
    neither segments again nor loads jieba's dictionary. Taught in notebook 02, §3
    (word pairs within clauses); :func:`helpers.analysis.phrases.clause_tokens` uses it.
    """
    options = {"hmm": hmm, "unit": "clauses", "clause_break": CLAUSE_BREAK.pattern,
               "clauses_version": CLAUSES_VERSION}
    return _cached_per_text(texts, stopwords, lexicon, options, lambda texts: [
        tokenize_clauses(t, stopwords=stopwords, lexicon=lexicon, hmm=hmm) for t in texts])


def tokenize_many(texts: Iterable[str], *, stopwords: StopwordSpec = True,
                  lexicon: LexiconSpec = True, hmm: bool = True,
                  keep_numbers: bool = False) -> list[list[str]]:
    """:func:`tokenize` of every text, in order (cached as :func:`tokenize_paragraphs`,
    whose entries these are: a re-run neither segments nor loads jieba's dictionary).
    Used for short texts too (the labelled phrases of
    :func:`helpers.analysis.phrases.validate`, notebook 06)."""
    def build(texts: list[str]) -> list[list[str]]:
        segmenter = _segmenter(stopwords, lexicon, hmm, keep_numbers)
        return [segmenter.tokenize(t) for t in texts]

    return _cached_per_text(texts, stopwords, lexicon,
                            {"hmm": hmm, "keep_numbers": keep_numbers}, build)


def tokenize_paragraphs(paragraphs: pd.DataFrame | None = None, *,
                        stopwords: StopwordSpec = True, lexicon: LexiconSpec = True,
                        hmm: bool = True, keep_numbers: bool = False,
                        corpus_path: str | Path | None = None) -> pd.DataFrame:
    """Tokens of every paragraph (cached).

    Input: a paragraphs table with a ``text`` column (default
    ``corpus.load_paragraphs(corpus_path)``); ``stopwords`` and ``lexicon`` as in
    :func:`tokenize` (a user dictionary or stopword list too). Output: a copy with a
    ``tokens`` column (list of str) and ``n_tokens``. The cache key covers the texts,
    the content of the lexicon and stopwords (bundled files or the user's), the jieba
    version and the options; a second call with the same inputs reads
    ``cache_dir()/tokens/<key>.json`` instead of segmenting.
    """
    if paragraphs is None:
        from helpers.text import corpus
        paragraphs = corpus.load_paragraphs(corpus_path)
    tokens = tokenize_many(paragraphs["text"], stopwords=stopwords, lexicon=lexicon, hmm=hmm,
                           keep_numbers=keep_numbers)
    out = paragraphs.copy()
    out["tokens"] = tokens
    out["n_tokens"] = [len(t) for t in tokens]
    return out


# --------------------------------------------------------------------------- teaching and audits
# Added for notebooks/01_segmentation.ipynb: jieba's modes, the lexicon audit, POS filters,
# normalisation traces. They reuse the functions above and change none of them.

#: jieba's segmentation modes as compared in :func:`compare_modes` (label, mode, HMM).
JIEBA_MODES: tuple[tuple[str, str, str], ...] = (
    ("precise", "precise", "on"),
    ("precise, HMM off", "precise", "off"),
    ("full (cut_all=True)", "full", "n/a"),
    ("search (cut_for_search)", "search", "on"),
)


def cut_plain(text: str, mode: str = "precise", *, hmm: bool = True) -> list[str]:
    """Tokens of ``text`` from jieba *without* the project lexicon, in one of its modes.

    ``mode``: ``"precise"`` (``lcut``, the default everywhere else), ``"full"``
    (``lcut(cut_all=True)``: every dictionary word found, overlapping) or ``"search"``
    (``lcut_for_search``: precise, plus the shorter dictionary words inside long
    tokens). The text gets clean-text normalisation only (no variants); punctuation,
    whitespace and bare numbers are dropped, nothing else (no stopwords).
    """
    tokenizer = get_tokenizer(lexicon=False)
    prepared = prepare(text, lexicon=False)
    if mode == "precise":
        tokens = tokenizer.lcut(prepared, HMM=hmm)
    elif mode == "full":
        tokens = tokenizer.lcut(prepared, cut_all=True)
    elif mode == "search":
        tokens = tokenizer.lcut_for_search(prepared, HMM=hmm)
    else:
        raise ValueError(f"unknown jieba mode {mode!r}; choose precise, full or search")
    return [t for t in tokens if is_word(t)]


def compare_modes(sentences: Iterable[str]) -> pd.DataFrame:
    """Each sentence segmented by jieba's modes and by the project's tokenizer.

    Output: one row per (sentence, mode), in input order then the order of
    :data:`JIEBA_MODES` followed by ``"precise + project lexicon"`` (:func:`tokenize`
    with ``stopwords=False``). Columns: sentence_no (1-based), mode, hmm (``on`` /
    ``off`` / ``n/a`` — full mode has no HMM), lexicon (bool), n_tokens, tokens
    (joined with ``" / "``).
    """
    import pandas as pd

    rows = []
    for number, sentence in enumerate(sentences, start=1):
        for label, mode, hmm in JIEBA_MODES:
            tokens = cut_plain(sentence, mode, hmm=hmm != "off")
            rows.append({"sentence_no": number, "mode": label, "hmm": hmm, "lexicon": False,
                         "n_tokens": len(tokens), "tokens": " / ".join(tokens)})
        tokens = tokenize(sentence, stopwords=False)
        rows.append({"sentence_no": number, "mode": "precise + project lexicon", "hmm": "on",
                     "lexicon": True, "n_tokens": len(tokens), "tokens": " / ".join(tokens)})
    return pd.DataFrame(rows, columns=["sentence_no", "mode", "hmm", "lexicon", "n_tokens",
                                       "tokens"])


def example_sentences(paragraphs: pd.DataFrame, terms: Iterable[str], *,
                      max_chars: int = 60) -> pd.DataFrame:
    """For each term, the first sentence (corpus order) of at most ``max_chars``
    characters that contains it, as written in the clean text.

    ``paragraphs`` needs columns article_id, paragraph_no, text. Output: one row per
    term that was found, in the order given: term, article_id, paragraph_no, sentence.
    Sentences come from :func:`helpers.text.clean.split_sentences`.
    """
    import pandas as pd

    sentences = [(p.article_id, p.paragraph_no, s) for p in paragraphs.itertuples(index=False)
                 for s in clean.split_sentences(str(p.text))]
    rows = []
    for term in terms:
        for article_id, paragraph_no, sentence in sentences:
            if term in sentence and len(sentence) <= max_chars:
                rows.append({"term": term, "article_id": article_id,
                             "paragraph_no": paragraph_no, "sentence": sentence})
                break
    return pd.DataFrame(rows, columns=["term", "article_id", "paragraph_no", "sentence"])


def lexicon_audit(texts: Iterable[str], lexicon: pd.DataFrame | None = None) -> pd.DataFrame:
    """How jieba treats every lexicon term, without and with the project lexicon.

    Input: texts (e.g. the paragraph texts of the corpus) and the lexicon (default
    :func:`helpers.text.lexicon.load_lexicon`). Output: one row per lexicon term, columns

    * term, gloss, theme;
    * n_occurrences — occurrences in the texts as the tokenizer matches them
      (variants rewritten, leftmost-longest; :func:`term_occurrences`);
    * n_as_variant — how many of those are written as a variant (``大部门、大警种``);
    * n_whole_without_lexicon — times plain jieba (default dictionary, precise mode,
      HMM on, variants not rewritten) returns the term as one token;
    * n_whole_with_lexicon — times :func:`tokenize` returns it as one token;
    * segmentation_without — plain jieba's cut of the term on its own (``" / "``);
    * status — ``whole`` if plain jieba keeps every occurrence whole, ``split`` if
      none, ``partly split`` otherwise, ``absent`` with no occurrence.

    Sorted by n_occurrences (descending), then term.
    """
    import pandas as pd

    from helpers.text.lexicon import load_lexicon, variant_map

    spec: LexiconSpec = True if lexicon is None else lexicon
    lexicon = load_lexicon() if lexicon is None else lexicon_frame(lexicon)
    texts = [str(t) for t in texts]
    occurrences = Counter(term for text in texts
                          for _, term in term_occurrences(text, lexicon=spec))
    with_lexicon = Counter(t for text in texts
                           for t in tokenize(text, stopwords=False, lexicon=spec))
    without = Counter(t for text in texts for t in tokenize(text, stopwords=False,
                                                              lexicon=False))
    mapping = variant_map(lexicon)
    as_variant: Counter[str] = Counter()
    if mapping:
        pattern = re.compile("|".join(re.escape(v) for v in sorted(mapping,
                                                                    key=lambda v: (-len(v), v))))
        as_variant.update(mapping[m.group(0)] for text in texts
                          for m in pattern.finditer(clean.normalize_text(text)))
    rows = []
    for row in lexicon.itertuples(index=False):
        n, n_without = occurrences[row.term], without[row.term]
        status = ("absent" if n == 0 else "whole" if n_without >= n
                  else "split" if n_without == 0 else "partly split")
        rows.append({"term": row.term, "gloss": row.gloss, "theme": row.theme,
                     "n_occurrences": n, "n_as_variant": as_variant[row.term],
                     "n_whole_without_lexicon": n_without,
                     "n_whole_with_lexicon": with_lexicon[row.term],
                     "segmentation_without": " / ".join(cut_plain(row.term)),
                     "status": status})
    audit = pd.DataFrame(rows)
    return audit.sort_values(["n_occurrences", "term"], ascending=[False, True],
                             kind="stable").reset_index(drop=True)


#: Version of :func:`tokenize_pos`'s own rules in the POS cache key (bump when they change).
POS_VERSION = "1"


def tokenize_pos_many(texts: Iterable[str], *, lexicon: LexiconSpec = True,
                      hmm: bool = True) -> list[list[tuple[str, str]]]:
    """``[tokenize_pos(t) for t in texts]``, cached like :func:`tokenize_paragraphs`
    (``cache_dir()/tokens/``; key: the texts, the lexicon's content, the jieba version,
    the options and :data:`POS_VERSION`). Taught in notebook 01 (parts of speech)."""
    options = {"hmm": hmm, "unit": "pos", "pos_version": POS_VERSION}
    pairs = _cached_per_text(texts, False, lexicon, options, lambda texts: [
        tokenize_pos(text, lexicon=lexicon, hmm=hmm) for text in texts])
    return [[(word, flag) for word, flag in text] for text in pairs]


def filter_pos(pairs: Iterable[tuple[str, str]],
               prefixes: Iterable[str] = ("n", "v")) -> list[str]:
    """Tokens whose POS tag starts with one of ``prefixes``, in order.

    The default keeps nouns and verbs: ``n``, ``nr``, ``ns``, ``nz`` (which includes
    every lexicon term), ``v``, ``vn``, ``vd``, … Pass e.g. ``("n",)`` for nouns only
    or ``("nz", "vn")`` for exact tag families.
    """
    prefixes = tuple(prefixes)
    return [token for token, flag in pairs if flag.startswith(prefixes)]


def pos_table(pos_lists: Iterable[Iterable[tuple[str, str]]]) -> pd.DataFrame:
    """Token counts per POS tag.

    Input: lists of (token, tag) pairs, e.g. from :func:`tokenize_pos_many`. Output:
    one row per tag with columns tag, n_tokens, share (of all tokens), examples (the
    three most frequent tokens with that tag, ties by token, joined with ``" / "``).
    Sorted by n_tokens (descending), then tag.
    """
    import pandas as pd

    counts: Counter[tuple[str, str]] = Counter(pair for pairs in pos_lists for pair in pairs)
    total = sum(counts.values())
    rows = []
    for flag in sorted({flag for _, flag in counts}):
        tagged = sorted(((n, token) for (token, f), n in counts.items() if f == flag),
                        key=lambda nt: (-nt[0], nt[1]))
        n_tokens = sum(n for n, _ in tagged)
        rows.append({"tag": flag, "n_tokens": n_tokens, "share": n_tokens / total,
                     "examples": " / ".join(token for _, token in tagged[:3])})
    table = pd.DataFrame(rows, columns=["tag", "n_tokens", "share", "examples"])
    return table.sort_values(["n_tokens", "tag"], ascending=[False, True],
                             kind="stable").reset_index(drop=True)


#: Steps of :func:`normalisation_trace`, in order.
NORMALISATION_STEPS: tuple[str, ...] = (
    "raw", "clean text (spaces, widths)", "variants → terms", "tokens, plain jieba",
    "tokens, with lexicon",
)


def normalisation_trace(snippets: dict[str, str]) -> pd.DataFrame:
    """What normalisation does to each snippet, step by step.

    Input: case name → a piece of *raw* text. Output: one row per (case, step), cases
    in input order and steps as in :data:`NORMALISATION_STEPS`: the raw text,
    :func:`helpers.text.clean.normalize_text`, :func:`prepare` (lexicon variants rewritten
    to their terms), then plain-jieba tokens and :func:`tokenize` tokens (no
    stopwords), joined with ``" / "``. Columns: case, step, text.
    """
    import pandas as pd

    rows = []
    for case, raw in snippets.items():
        texts = (raw, clean.normalize_text(raw), prepare(raw),
                 " / ".join(tokenize(raw, stopwords=False, lexicon=False)),
                 " / ".join(tokenize(raw, stopwords=False)))
        rows.extend({"case": case, "step": step, "text": text}
                    for step, text in zip(NORMALISATION_STEPS, texts, strict=True))
    return pd.DataFrame(rows, columns=["case", "step", "text"])


#: Punctuation that ends a clause (quotation marks and 《》 do not: they sit inside one).
CLAUSE_BREAK = re.compile(r"[，。；：！？、…—（）【】()\[\];:!?,\n]+")


def tokenize_clauses(text: str, *, stopwords: StopwordSpec = False, lexicon: LexiconSpec = True,
                     hmm: bool = True) -> list[list[str]]:
    """Tokens of ``text`` clause by clause: one list per stretch between clause
    punctuation (:data:`CLAUSE_BREAK`), empty clauses dropped.

    The text is prepared first (so variants such as ``大部门、大警种`` become their
    term before the ``、`` could cut them); the concatenated lists equal
    :func:`tokenize` of the whole text. Use for word pairs that must not straddle a
    comma or a full stop.
    """
    stop = load_stopwords(stopwords)
    tokenizer = get_tokenizer(lexicon)
    lists = []
    for clause in CLAUSE_BREAK.split(prepare(text, lexicon=lexicon)):
        tokens: list[str] = []  # as in tokenize(), on text prepared once for all clauses
        for piece, is_term in _pieces(clause, lexicon):
            tokens.extend([piece] if is_term else tokenizer.lcut(piece, HMM=hmm))
        lists.append([t for t in tokens if is_word(t) and t not in stop])
    return [tokens for tokens in lists if tokens]
