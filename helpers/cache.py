"""A small on-disk cache keyed by content hashes, safe to delete at any time.

Entries are JSON files under ``cache_dir()/<namespace>/<key>.json``, written
atomically (temporary file in the same folder, then ``os.replace``). An entry that
cannot be read back (truncated, corrupt) is treated as missing and rebuilt. Nothing
is pickled.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from helpers.paths import cache_dir


def content_key(*parts: bytes | str) -> str:
    """sha256 over the given parts (each length-prefixed, so boundaries matter)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def entry_path(namespace: str, key: str) -> Path:
    """Where the entry ``key`` of ``namespace`` lives (the folder is not created)."""
    return cache_dir() / namespace / f"{key}.json"


def write_json_atomic(path: Path, value: Any) -> None:
    """Write ``value`` as JSON to ``path`` via a temporary file and an atomic rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"key": path.stem, "value": value}, handle, ensure_ascii=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_json(path: Path) -> tuple[bool, Any]:
    """``(True, value)`` for a readable, complete entry; ``(False, None)`` otherwise."""
    try:
        with path.open(encoding="utf-8") as handle:
            payload = json.load(handle)
    except (OSError, ValueError):
        return False, None
    if not isinstance(payload, dict) or payload.get("key") != path.stem or "value" not in payload:
        return False, None
    return True, payload["value"]


def cached_json(namespace: str, key: str, build: Callable[[], Any]) -> Any:
    """Return the cached value for ``key``, building and storing it when missing/corrupt
    (a cache folder that cannot be written to only means nothing is stored)."""
    path = entry_path(namespace, key)
    ok, value = read_json(path)
    if ok:
        return value
    value = build()
    try:
        write_json_atomic(path, value)
    except OSError:  # a read-only or full cache folder: the value is still the answer
        pass
    return value
