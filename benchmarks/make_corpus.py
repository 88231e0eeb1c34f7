"""Build replicated corpora (1, 10, 50 MB) for throughput benchmarks.

REPLICATED SEED TEXT, FOR THROUGHPUT ONLY: the bundled paragraphs
(``helpers.text.corpus.load_paragraphs()``) repeated in corpus order until the file holds at
least N MB (10^6 bytes) of UTF-8. Counts or topics computed from these files mean
nothing; they exist to time segmentation at a realistic size.

Output, under ``benchmarks/data/`` (git-ignored): ``replicated_seed_<N>MB.txt`` (one
paragraph per line, UTF-8, ``\\n`` line ends: the streaming format of
``helpers.scale.read_paragraph_lines``) and ``replicated_seed_<N>MB.json`` (the label,
copies, paragraphs, bytes, sha256).

Usage: ``.venv/bin/python benchmarks/make_corpus.py [--sizes 1 10 50]``
"""

from __future__ import annotations

import argparse
import hashlib
import json

from _common import DATA, LABEL, SIZES

from helpers.text import corpus


def build(size_mb: int, paragraphs: list[str]) -> dict[str, object]:
    """Write the ``size_mb`` corpus and its sidecar; return the sidecar's content."""
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"replicated_seed_{size_mb}MB.txt"
    lines = [f"{p}\n".encode() for p in paragraphs]
    target = size_mb * 1_000_000
    digest = hashlib.sha256()
    written = n_lines = 0
    with path.open("wb") as handle:
        while written < target:
            for line in lines:
                handle.write(line)
                digest.update(line)
                written += len(line)
                n_lines += 1
                if written >= target:
                    break
    info = {"label": LABEL, "file": path.name, "source": "helpers.text.corpus.load_paragraphs()",
            "seed_paragraphs": len(paragraphs), "paragraphs": n_lines,
            "copies": round(n_lines / len(paragraphs), 2), "bytes": written,
            "sha256": digest.hexdigest()}
    path.with_suffix(".json").write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n",
                                         encoding="utf-8")
    return info


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), metavar="MB")
    args = parser.parse_args()
    paragraphs = [str(t) for t in corpus.load_paragraphs().text]
    if any("\n" in p for p in paragraphs):
        raise SystemExit("a seed paragraph contains a line break; the format needs one per line")
    (DATA / "README.txt").parent.mkdir(parents=True, exist_ok=True)
    (DATA / "README.txt").write_text(LABEL + "\nMade by benchmarks/make_corpus.py; safe to "
                                     "delete.\n", encoding="utf-8")
    for size in args.sizes:
        info = build(size, paragraphs)
        print(f"{info['file']}: {info['paragraphs']} paragraphs ({info['copies']} copies of the "
              f"{info['seed_paragraphs']} seed paragraphs), {info['bytes']} bytes  [{LABEL}]")


if __name__ == "__main__":
    main()
