"""The rule base's content digest: one hash over every rule file, independent of line endings."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path


def content_digest(root: Path, files: Iterable[Path]) -> str:
    """SHA-256 over the relative path and text of every file, in path order."""
    sha = hashlib.sha256()
    for file in sorted(files, key=lambda p: p.relative_to(root).as_posix()):
        sha.update(file.relative_to(root).as_posix().encode())
        sha.update(b"\0")
        sha.update(file.read_bytes().replace(b"\r\n", b"\n"))
        sha.update(b"\0")
    return "sha256:" + sha.hexdigest()
