"""Find out how a text export is encoded, and check every byte of it before any row is used.

Order books come as UTF-8 (with or without a byte-order mark), as Shift_JIS/CP932 from
Japanese Excel, as GB18030/GBK from Chinese systems and as Windows-1252 from European ones.
The encoding is decided on the first stretch of non-ASCII text; every later line must be in
the same encoding. A file that switches encoding part-way (a CP932 row pasted into a UTF-8
file) would give garbled names, which a screening cannot match, so it is stopped with the
row and column of the first byte that does not fit.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from charset_normalizer import from_bytes

from dualuse.errors import InputError

#: Legacy encodings we recognise, besides UTF-8.
LEGACY_ENCODINGS = ("cp932", "gb18030", "cp1252")
#: What people call these encodings, for messages.
ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with byte-order mark",
    "cp932": "Shift_JIS/CP932",
    "gb18030": "GB18030/GBK",
    "cp1252": "Windows-1252",
}
#: Longest line we accept; anything longer is a broken export, not an order line.
LONGEST_LINE = 1_000_000

_SAMPLE = 256 * 1024
_CHUNK = 1024 * 1024
_UTF8_BOM = codecs.BOM_UTF8
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class TextProblem(Exception):
    """A byte-level problem found while scanning; the reader turns it into an InputError with row and column.

    ``kind`` is "binary" (a NUL byte), "long_line" or "undecodable". ``line_start`` is the byte
    offset of the line that has the problem, ``offset`` the offset of the problem itself.
    """

    def __init__(self, kind: str, line_index: int, line_start: int, offset: int, detail: str) -> None:
        """Record where the problem is and what it is."""
        super().__init__(detail)
        self.kind = kind
        self.line_index = line_index
        self.line_start = line_start
        self.offset = offset
        self.detail = detail


def detect_encoding(sample: bytes, *, complete: bool) -> str | None:  # noqa: PLR0911 - one answer per case
    """The encoding of a sample of a text file; None while it is plain ASCII, which every encoding reads alike.

    ``complete`` says the sample is the whole file, so its last character cannot be cut in two.
    """
    if sample.startswith(_UTF8_BOM):
        return "utf-8-sig"
    if sample.isascii():
        return None
    lines = sample.splitlines()
    if not complete:
        lines = lines[:-1] or lines
    good = bad = 0
    for line in lines:
        if not line.isascii():
            if _decodes(line, "utf-8", complete=True):
                good += 1
            else:
                bad += 1
    # A UTF-8 file with a few rows in another encoding is still UTF-8: the scan then names those rows.
    if good and good >= bad:
        return "utf-8"
    if not bad and _decodes(sample, "utf-8", complete=complete):
        return "utf-8"
    candidates = [name for name in LEGACY_ENCODINGS if _decodes(sample, name, complete=complete)]
    if len(candidates) > 1:
        best = from_bytes(sample, cp_isolation=candidates).best()
        if best is not None and best.encoding in candidates:
            return str(best.encoding)
    if candidates:
        return candidates[0]
    return "utf-8"  # the scan will name the first byte that is not UTF-8


def pyarrow_encoding(encoding: str) -> str:
    """The name to give pyarrow: its own fast UTF-8 (which drops a byte-order mark itself), else Python's codec."""
    return "utf8" if encoding in ("utf-8", "utf-8-sig") else encoding


class TextFile:
    """A text export read in blocks of whole lines, every byte checked; ``encoding`` is known once scanned.

    Memory stays flat: at most one block (about a megabyte) and one line are held at a time.
    """

    def __init__(self, path: Path, encoding: str | None = None) -> None:
        """Open ``path``, read its first quarter megabyte and decide the encoding if it shows (or take ``encoding``)."""
        self.path = path
        with path.open("rb") as handle:
            sample = handle.read(_SAMPLE)
            complete = not handle.read(1)
        if not sample.strip():
            raise InputError("the file is empty: there is no header row and no data", file=str(path))
        if sample.startswith(_WIDE_BOMS):
            raise InputError(
                "the file is in UTF-16 or UTF-32, which we do not read; save it as CSV UTF-8", file=str(path)
            )
        self.newline = b"\n" if b"\n" in sample or b"\r" not in sample else b"\r"
        self._detected = encoding or detect_encoding(sample, complete=complete)

    @property
    def encoding(self) -> str:
        """The encoding decided so far; a file that is plain ASCII throughout is reported as UTF-8."""
        return self._detected or "utf-8"

    def blocks(self) -> Iterator[tuple[int, str]]:
        """(index of the first line, decoded text of whole lines) through the file; raises TextProblem."""
        newline = self.newline
        pending, offset, line_index = b"", 0, 0
        with self.path.open("rb") as handle:
            while True:
                chunk = handle.read(_CHUNK)
                data = pending + chunk
                cut = data.rfind(newline) + 1 if chunk else len(data)
                block, pending = data[:cut], data[cut:]
                if len(pending) > LONGEST_LINE:
                    line = line_index + block.count(newline)
                    raise self._long_line(handle, line, offset + cut, len(pending))
                if block:
                    yield line_index, self._check(block, offset, line_index)
                offset += cut
                line_index += block.count(newline)
                if not chunk:
                    return

    def _check(self, block: bytes, offset: int, line_index: int) -> str:
        newline = self.newline
        nul = block.find(b"\0")
        if nul >= 0:
            start = block.rfind(newline, 0, nul) + 1
            raise TextProblem(
                "binary", line_index + block.count(newline, 0, start), offset + start, offset + nul, "a NUL byte"
            )
        if len(block) > LONGEST_LINE:
            start = 0
            for index, line in enumerate(block.split(newline)):
                if len(line) > LONGEST_LINE:
                    raise TextProblem("long_line", line_index + index, offset + start, offset + start, str(len(line)))
                start += len(line) + 1
        if self._detected is None and not block.isascii():
            self._detected = detect_encoding(block, complete=True)
        encoding = "utf-8" if self.encoding == "utf-8-sig" else self.encoding
        skip = len(_UTF8_BOM) if offset == 0 and self.encoding == "utf-8-sig" else 0
        try:
            return block[skip:].decode(encoding)
        except UnicodeDecodeError as error:
            bad = skip + error.start
            start = block.rfind(newline, 0, bad) + 1
            line = block[start : block.find(newline, bad) if block.find(newline, bad) >= 0 else len(block)]
            raise TextProblem(
                "undecodable",
                line_index + block.count(newline, 0, start),
                offset + start,
                offset + bad,
                _undecodable(block[bad], encoding, line),
            ) from None

    def _long_line(self, handle: BinaryIO, line_index: int, line_start: int, so_far: int) -> TextProblem:
        # Read on to the end of the line, without keeping it, so the message can give its length.
        length = so_far
        while True:
            chunk = handle.read(_CHUNK)
            end = chunk.find(self.newline)
            if end >= 0 or not chunk:
                length += end if end >= 0 else 0
                return TextProblem("long_line", line_index, line_start, line_start, str(length))
            length += len(chunk)


def _decodes(data: bytes, encoding: str, *, complete: bool) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)().decode(data, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def _undecodable(byte: int, encoding: str, line: bytes) -> str:
    fits = [name for name in ("utf-8", *LEGACY_ENCODINGS) if name != encoding and _decodes(line, name, complete=True)]
    guess = f"; this row looks like {ENCODING_NAMES[fits[0]]}" if fits else ""
    return (
        f"byte 0x{byte:02X} is not {ENCODING_NAMES.get(encoding, encoding)} text, the encoding of the rest of the file{guess}. "
        "The file mixes encodings: save it again in one encoding (CSV UTF-8 is best)"
    )


def non_blank_lines(path: Path, limit: int, newline: bytes) -> int:
    """How many lines with more than whitespace the first ``limit`` bytes of a file hold, read a megabyte at a time."""
    count, left, tail = 0, limit, b""
    with path.open("rb") as handle:
        while left:
            data = handle.read(min(left, _CHUNK))
            if not data:
                break
            left -= len(data)
            lines = (tail + data).split(newline)
            tail = lines.pop()
            count += sum(1 for line in lines if line.strip())
    return count + bool(tail.strip())
