"""Rows of a file handed on a few thousand at a time, column by column, with the rows that could not be read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dualuse.errors import InputError

#: One row as a reader yields it: its number and its cells in header order, or what is wrong with it.
Record = tuple[int, Sequence[str] | InputError]


@dataclass(frozen=True, slots=True)
class Chunk:
    """Consecutive data rows. ``columns[i][j]`` is header i's cell in the readable row numbered ``numbers[j]``.

    ``errors`` holds the rows in the same stretch that could not be split into cells at all.
    """

    numbers: Sequence[int]
    columns: Sequence[Sequence[str]]
    errors: Sequence[tuple[int, InputError]] = ()

    @classmethod
    def from_records(cls, records: Sequence[Record], width: int) -> Chunk:
        """Gather row-by-row records into a chunk of ``width`` columns."""
        readable = [(number, cells) for number, cells in records if not isinstance(cells, InputError)]
        errors = [(number, cells) for number, cells in records if isinstance(cells, InputError)]
        columns = [list(column) for column in zip(*(cells for _number, cells in readable), strict=True)]
        return cls([number for number, _cells in readable], columns or [[] for _ in range(width)], errors)
