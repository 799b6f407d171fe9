"""Determination bodies: a determination that many rows of a batch run share, kept once by its content.

A batch run gives the same answer to every row that orders the same thing from the same party on
the same terms; only the row's id and input digest differ. ``encode_body`` takes those two out and
compresses the rest under its SHA-256; ``issued_output`` puts a row's own back, so every reader sees
the determination exactly as it was issued to that row. Bodies are JSON compressed with Zstandard.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

import orjson
import zstandard
from sqlalchemy import Connection, FromClause, Join, select

from dualuse.store.bulk import BulkInsert
from dualuse.store.schema import determination_bodies, determinations

#: Decoded bodies kept by a reader, so a run that repeats a few thousand answers decodes each once.
_DECODED_CACHE = 2_000
#: Bodies are JSON compressed with Zstandard (level 1: a 5 KB body takes ~15 µs and shrinks to a third).
#: Its (de)compressors may not be shared between threads, so each thread keeps its own.
_CODECS = threading.local()


def _compressor() -> zstandard.ZstdCompressor:
    if not hasattr(_CODECS, "compressor"):
        _CODECS.compressor = zstandard.ZstdCompressor(level=1)
    return _CODECS.compressor  # type: ignore[no-any-return]


def _decompressor() -> zstandard.ZstdDecompressor:
    if not hasattr(_CODECS, "decompressor"):
        _CODECS.decompressor = zstandard.ZstdDecompressor()
    return _CODECS.decompressor  # type: ignore[no-any-return]


def encode_body(determination: Mapping[str, Any]) -> tuple[str, bytes]:
    """The key and the stored form of a determination, without its row's id and input digest."""
    key, text = body_of(determination)
    return key, compress_body(text)


def body_of(determination: Mapping[str, Any]) -> tuple[str, bytes]:
    """The key of a determination's body and its JSON, before compression (``compress_body``)."""
    encoded = orjson.dumps({**determination, "id": None, "input_digest": None})
    return "sha256:" + hashlib.sha256(encoded).hexdigest(), encoded


def compress_body(text: bytes) -> bytes:
    """The stored form of a body's JSON."""
    return _compressor().compress(text)


def keep_bodies(connection: Connection, bodies: Mapping[str, bytes]) -> None:
    """Store bodies inside the caller's transaction; a body already kept (same key, same content) is skipped."""
    _BODIES.execute(connection, list(bodies.items()))


_BODIES = BulkInsert(determination_bodies, ("body_key", "body"), ignore_duplicates=True)


def with_bodies(selectable: FromClause) -> Join:
    """``selectable`` (which includes ``determinations``) joined to the bodies its determinations refer to."""
    return selectable.outerjoin(determination_bodies, determination_bodies.c.body_key == determinations.c.body_key)


class BodyReader:
    """Turns stored rows back into determinations as issued, decoding each shared body once."""

    def __init__(self, cache_size: int = _DECODED_CACHE) -> None:
        self._decoded: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._cache_size = cache_size

    def output(self, output: Mapping[str, Any] | None, body_key: str | None, body: bytes | None, *,
               row_id: str | None, input_digest: str | None) -> dict[str, Any] | None:  # fmt: skip
        """The determination as issued to one row: kept inline (``output``) or shared (``body``), else None."""
        if output is not None:
            return dict(output)
        if body_key is None or body is None:
            return None
        decoded = self.decoded(body_key, body)
        return {**decoded, "id": row_id, "input_digest": input_digest}

    def decoded(self, body_key: str, body: bytes) -> dict[str, Any]:
        """A body decoded (shared: do not change it), with null id and input digest."""
        found = self._decoded.get(body_key)
        if found is not None:
            self._decoded.move_to_end(body_key)
            return found
        found = dict(orjson.loads(_decompressor().decompress(body)))
        self._decoded[body_key] = found
        if len(self._decoded) > self._cache_size:
            self._decoded.popitem(last=False)
        return found


def load_body(connection: Connection, body_key: str) -> bytes | None:
    """One stored body by its key, or None."""
    found = connection.execute(
        select(determination_bodies.c.body).where(determination_bodies.c.body_key == body_key)
    ).scalar()
    return bytes(found) if found is not None else None
