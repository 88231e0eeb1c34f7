"""A small on-disk cache keyed by content hashes, safe to delete at any time.

Entries are JSON files under ``cache_dir()/<namespace>/<key>.json`` (:func:`cached_json`)
or files of bytes such as PNG images (:func:`cached_bytes`), written atomically
(temporary file in the same folder, then ``os.replace``). An entry that cannot be read
back (truncated, corrupt) is treated as missing and rebuilt. Nothing is pickled.
:func:`switched_on` reads the environment switches that bypass a cache.
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


#: Values of a switch variable that turn its cache off (any case, spaces ignored).
OFF = ("off", "0", "false", "no")


def switched_on(env: str, flag: bool | None = None) -> bool:
    """Whether a cache is used: ``flag`` if given, else on unless the environment
    variable ``env`` is one of :data:`OFF` (e.g. ``POLICING_TOPIC_CACHE=off``)."""
    if flag is not None:
        return bool(flag)
    return os.environ.get(env, "on").strip().lower() not in OFF


def entry_path(namespace: str, key: str, suffix: str = ".json") -> Path:
    """Where the entry ``key`` of ``namespace`` lives (the folder is not created)."""
    return cache_dir() / namespace / f"{key}{suffix}"


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and an atomic rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json_atomic(path: Path, value: Any) -> None:
    """Write ``value`` as JSON to ``path`` via a temporary file and an atomic rename."""
    text = json.dumps({"key": path.stem, "value": value}, ensure_ascii=False)
    _write_atomic(path, text.encode("utf-8"))


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


def _cached(path: Path, read: Callable[[Path], tuple[bool, Any]], build: Callable[[], Any],
            write: Callable[[Path, Any], None], keep: Callable[[Any], bool] | None) -> Any:
    """The one read → build → store of every cache here: the entry at ``path`` if ``read``
    accepts it, else ``build()``, stored unless ``keep`` rejects it (a cache folder that
    cannot be written to only means nothing is stored: the value is still the answer)."""
    ok, value = read(path)
    if ok:
        return value
    value = build()
    if keep is None or keep(value):
        try:
            write(path, value)
        except OSError:
            pass
    return value


def cached_json(namespace: str, key: str, build: Callable[[], Any], *,
                keep: Callable[[Any], bool] | None = None) -> Any:
    """Return the cached value for ``key``, building and storing it when missing/corrupt;
    ``keep(value)`` False: returned but not stored (e.g. a result that warned)."""
    return _cached(entry_path(namespace, key), read_json, build, write_json_atomic, keep)


def cached_bytes(namespace: str, key: str, build: Callable[[], bytes], *, suffix: str,
                 valid: Callable[[bytes], bool]) -> bytes:
    """The bytes cached as ``<namespace>/<key><suffix>``, built and stored when missing or
    when ``valid`` rejects what is read (a truncated file), as :func:`cached_json`."""
    def read(path: Path) -> tuple[bool, bytes | None]:
        try:
            data = path.read_bytes()
        except OSError:
            return False, None
        return valid(data), data

    return _cached(entry_path(namespace, key, suffix), read, build, _write_atomic, None)
