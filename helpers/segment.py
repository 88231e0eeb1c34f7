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
import warnings
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

with warnings.catch_warnings():  # jieba 0.42.1 imports pkg_resources on some setuptools
    warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
    import jieba
    import jieba.posseg

from helpers import cache, clean, corpus
from helpers.lexicon import lexicon_bytes, load_lexicon, normalize_variants
from helpers.paths import cache_dir

jieba.setLogLevel(logging.WARNING)  # silence "Building prefix dict…" before first use

DATA = Path(__file__).resolve().parent / "data"
STOPWORD_FILES: dict[str, Path] = {
    "general": DATA / "stopwords_general.txt",
    "boilerplate": DATA / "stopwords_boilerplate.txt",
}
#: Bump when the tokenisation logic changes, to invalidate cached tokens.
CACHE_VERSION = "2"

_KEEP = re.compile(r"[\u3400-\u9fffA-Za-z]")  # a token needs a letter or a Chinese character
_TOKENIZERS: dict[str, jieba.Tokenizer] = {}
_PATTERNS: dict[str, re.Pattern[str]] = {}

StopwordSpec = bool | str | Iterable[str] | None


# --------------------------------------------------------------------------- stopwords
def read_stopword_file(path: Path) -> frozenset[str]:
    """Words of one list: one per line, ``#`` comments and blank lines ignored."""
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.add(word)
    return frozenset(words)


def _stopword_names(spec: StopwordSpec) -> tuple[str, ...]:
    if spec is True:
        return tuple(STOPWORD_FILES)
    if spec is False or spec is None:
        return ()
    names = (spec,) if isinstance(spec, str) else tuple(spec)
    unknown = [n for n in names if n not in STOPWORD_FILES]
    if unknown:
        raise ValueError(f"unknown stopword list(s) {unknown}; choose from {list(STOPWORD_FILES)}")
    return tuple(n for n in STOPWORD_FILES if n in names)


def load_stopwords(which: StopwordSpec = True) -> frozenset[str]:
    """Stopwords to remove.

    ``True`` → both lists; ``"general"`` → function words only; ``"boilerplate"`` →
    political boilerplate only; ``False``/``None`` → none. A list of names combines.
    """
    words: set[str] = set()
    for name in _stopword_names(which):
        words |= read_stopword_file(STOPWORD_FILES[name])
    return frozenset(words)


# --------------------------------------------------------------------------- jieba
def get_tokenizer(lexicon: bool = True) -> jieba.Tokenizer:
    """A jieba tokenizer (own instance, not jieba's global one).

    With ``lexicon=True`` every lexicon term is in its user dictionary, with a
    frequency high enough (``suggest_freq``) to keep the term whole. jieba's own
    dictionary cache goes to ``cache_dir()/jieba``.
    """
    key = cache.content_key(lexicon_bytes()) if lexicon else "plain"
    if key not in _TOKENIZERS:
        tokenizer = jieba.Tokenizer()
        tokenizer.tmp_dir = str(cache_dir() / "jieba")
        Path(tokenizer.tmp_dir).mkdir(parents=True, exist_ok=True)
        if lexicon:
            for term in load_lexicon().term:
                tokenizer.add_word(term, tag="nz")
            for term in load_lexicon().term:
                tokenizer.suggest_freq(term, tune=True)
        _TOKENIZERS[key] = tokenizer
    return _TOKENIZERS[key]


def prepare(text: str, *, lexicon: bool = True) -> str:
    """Clean-text normalisation, then (with the lexicon) variants → terms."""
    text = clean.normalize_text(text)
    return normalize_variants(text, load_lexicon()) if lexicon else text


def _term_pattern() -> re.Pattern[str]:
    key = cache.content_key(lexicon_bytes())
    if key not in _PATTERNS:
        terms = sorted(load_lexicon().term, key=lambda t: (-len(t), t))
        _PATTERNS[key] = re.compile("|".join(re.escape(t) for t in terms))
    return _PATTERNS[key]


def _pieces(text: str, lexicon: bool) -> list[tuple[str, bool]]:
    """Split prepared text into (piece, is_lexicon_term) runs.

    With the lexicon, every term occurrence (leftmost, longest first) is its own
    piece, so a term comes out as one token wherever it occurs, whatever jieba's
    dictionary would prefer in context (e.g. 党和国家 | 安全 vs 党和 | 国家安全).
    """
    if not lexicon:
        return [(text, False)]
    pieces, pos = [], 0
    for match in _term_pattern().finditer(text):
        if match.start() > pos:
            pieces.append((text[pos:match.start()], False))
        pieces.append((match.group(0), True))
        pos = match.end()
    if pos < len(text):
        pieces.append((text[pos:], False))
    return pieces


def term_occurrences(text: str) -> list[tuple[int, str]]:
    """Lexicon terms in ``text``: (offset in the prepared text, term), left to right.

    Uses exactly the matching that :func:`tokenize` uses (variants normalised,
    leftmost-longest), so theme counts and token counts agree.
    """
    return [(m.start(), m.group(0)) for m in _term_pattern().finditer(prepare(text))]


def is_word(token: str, *, keep_numbers: bool = False) -> bool:
    """False for whitespace, punctuation and (unless ``keep_numbers``) bare numbers."""
    if _KEEP.search(token):
        return True
    return keep_numbers and any(ch.isdigit() for ch in token)


def tokenize(text: str, *, stopwords: StopwordSpec = True, lexicon: bool = True,
             hmm: bool = True, keep_numbers: bool = False) -> list[str]:
    """Tokens of ``text`` in order.

    ``stopwords``: see :func:`load_stopwords`; ``lexicon``: use the project lexicon
    (variants normalised, terms kept whole); ``hmm``: jieba's HMM for unknown words;
    ``keep_numbers``: keep tokens such as ``2023``.
    """
    stop = load_stopwords(stopwords)
    tokenizer = get_tokenizer(lexicon)
    tokens: list[str] = []
    for piece, is_term in _pieces(prepare(text, lexicon=lexicon), lexicon):
        tokens.extend([piece] if is_term else tokenizer.lcut(piece, HMM=hmm))
    return [t for t in tokens if is_word(t, keep_numbers=keep_numbers) and t not in stop]


def tokenize_pos(text: str, *, lexicon: bool = True, hmm: bool = True) -> list[tuple[str, str]]:
    """(token, part-of-speech tag) pairs from jieba.posseg, punctuation removed.

    Tags follow jieba/ICTCLAS: ``n`` noun, ``v`` verb, ``vn`` verbal noun, ``nz``
    other proper noun (lexicon terms), … No stopword removal.
    """
    tagger = jieba.posseg.POSTokenizer(get_tokenizer(lexicon))
    pairs: list[tuple[str, str]] = []
    for piece, is_term in _pieces(prepare(text, lexicon=lexicon), lexicon):
        pairs.extend([(piece, "nz")] if is_term
                     else [(p.word, p.flag) for p in tagger.lcut(piece, HMM=hmm)])
    return [(word, flag) for word, flag in pairs if is_word(word)]


# --------------------------------------------------------------------------- corpus level
def _stopword_bytes(spec: StopwordSpec) -> bytes:
    return b"".join(name.encode() + STOPWORD_FILES[name].read_bytes()
                    for name in _stopword_names(spec))


def tokenize_paragraphs(paragraphs: pd.DataFrame | None = None, *,
                        stopwords: StopwordSpec = True, lexicon: bool = True,
                        hmm: bool = True, keep_numbers: bool = False,
                        corpus_path: str | Path | None = None) -> pd.DataFrame:
    """Tokens of every paragraph (cached).

    Input: a paragraphs table with a ``text`` column (default
    ``corpus.load_paragraphs(corpus_path)``). Output: a copy with a ``tokens``
    column (list of str) and ``n_tokens``. The cache key covers the texts, lexicon,
    stopword files, jieba version and options; a second call with the same inputs
    reads ``cache_dir()/tokens/<key>.json`` instead of segmenting.
    """
    if paragraphs is None:
        paragraphs = corpus.load_paragraphs(corpus_path)
    texts = [str(t) for t in paragraphs["text"]]
    options = {"stopwords": list(_stopword_names(stopwords)), "lexicon": lexicon, "hmm": hmm,
               "keep_numbers": keep_numbers, "jieba": jieba.__version__,
               "version": CACHE_VERSION}
    key = cache.content_key(json.dumps(texts, ensure_ascii=False),
                            lexicon_bytes() if lexicon else b"", _stopword_bytes(stopwords),
                            json.dumps(options, sort_keys=True))

    def build() -> list[list[str]]:
        return [tokenize(t, stopwords=stopwords, lexicon=lexicon, hmm=hmm,
                         keep_numbers=keep_numbers) for t in texts]

    tokens = cache.cached_json("tokens", key, build)
    out = paragraphs.copy()
    out["tokens"] = tokens
    out["n_tokens"] = [len(t) for t in tokens]
    return out
