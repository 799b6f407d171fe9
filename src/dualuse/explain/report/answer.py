"""What the report files say of one determination, worked out once however many rows share it.

An order book repeats itself, so a batch check issues the same determination (apart from the row's
own id and input digest) to many rows. ``answer_of`` reads a determination once into an Answer: the
columns checked.csv appends, the object checked.jsonl carries, and what the row adds to the summary.
``format_rows`` then turns rows into the bytes of the files. Worker processes call it for their
chunks and the report writer calls it for rows it is handed one by one, so both paths write the same
bytes.
"""

from __future__ import annotations

import csv
from array import array
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import Any

import orjson

from dualuse.explain.report import reading
from dualuse.explain.report.citations import citation_label
from dualuse.explain.report.columns import SEPARATOR
from dualuse.explain.report.neutralise import FORMULA_TRIGGERS, neutralise_cell

#: The keys of a determination that checked.jsonl copies as they are.
_KEPT = ("id", "outcome", "individual_licence_only", "requirements", "as_of", "input_digest", "rulebase_version",
         "rulebase_digest", "engine_version")  # fmt: skip
VERSION_KEYS = ("rulebase_version", "rulebase_digest", "engine_version")


@dataclass(frozen=True, slots=True)
class Contribution:
    """What one determined row adds to the run's summary: its outcome and the rules, parties and families behind it."""

    outcome: str
    individual_licence_only: bool
    has_questions: bool
    #: (rule, title, outcome contributed) per contributing rule, each rule once.
    rules: tuple[tuple[str, str, str], ...]
    #: (entity id, (name, language, English name, list, status)) per screening hit on a listed party.
    parties: tuple[tuple[str, tuple[str, str, str, str, str]], ...]
    families: tuple[str, ...]
    as_of: str | None
    versions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Answer:
    """The report files' view of one determination, without the id and input digest of the row it answers."""

    outcome: str
    #: The values of the output columns after "outcome" up to "as_of" (see columns.OUTPUT_COLUMNS), as text.
    columns: tuple[str, ...]
    contribution: Contribution = field(compare=False)
    #: The checked.jsonl object (``compact``) as JSON, cut where each row's own values go (the ``own_keys``):
    #: one piece more than own keys. Kept as bytes rather than objects: a worker holds thousands of answers.
    compact_pieces: tuple[bytes, ...] = field(default=(), compare=False)
    own_keys: tuple[str, ...] = field(default=(), compare=False)
    #: ``safe_columns`` and an empty error column as the UTF-8 end of a checked.csv line (after the row's cells).
    csv_tail: bytes = field(default=b"", compare=False)

    @property
    def safe_columns(self) -> tuple[str, ...]:
        """The columns neutralised for a spreadsheet, ready to append to a row's cells."""
        return tuple(neutralise_cell(value) for value in self.columns)


def compact(determination: Mapping[str, Any]) -> dict[str, Any]:
    """The answer for one row: outcome, reasons, questions, citations, codes and parties hit, and versions."""
    return _Reading(determination).compact()


def contribution_of(determination: Mapping[str, Any]) -> Contribution:
    """What a determined row adds to the summary counts."""
    return _Reading(determination).contribution()


def answer_of(determination: Mapping[str, Any], run_versions: Mapping[str, str], run_as_of: str) -> Answer:
    """Read a determination (``Determination.to_dict()``) once for every report file."""
    read = _Reading(determination)
    columns = (
        str(determination.get("outcome") or ""),
        "true" if determination.get("individual_licence_only") else "false",
        SEPARATOR.join(read.reasons),
        SEPARATOR.join(read.questions),
        SEPARATOR.join(reading.unique(_label(c) for c in read.citations)),
        SEPARATOR.join(read.codes),
        SEPARATOR.join(hit.label() for hit in read.hits),
        *(str(determination.get(key) or run_versions.get(key, "")) for key in VERSION_KEYS),
        str(determination.get("as_of") or run_as_of),
    )
    answer = read.compact()
    own_keys = tuple(key for key in _OWN if key in answer)
    tail: list[str] = []
    # A CSV line is its fields' texts joined by commas, so the answer's part is written once for all its rows.
    csv.writer(_Lines(tail)).writerow([*(neutralise_cell(value) for value in columns), ""])
    return Answer(
        outcome=str(determination.get("outcome") or "") or "unknown",
        columns=columns,
        contribution=read.contribution(),
        compact_pieces=_pieces(answer, own_keys),
        own_keys=own_keys,
        csv_tail=tail[0].encode(),
    )


#: The keys of the checked.jsonl object whose values are each row's own.
_OWN = ("id", "input_digest")


def _pieces(answer: Mapping[str, Any], own_keys: Sequence[str]) -> tuple[bytes, ...]:
    """The answer's JSON with its own keys' values left out: the pieces between them, in order."""
    marks = {key: f"\x00{key}\x00" for key in own_keys}  # text validated input never holds (no control characters)
    text = orjson.dumps({**answer, **marks}, default=str)
    pieces = []
    for key in own_keys:
        before, _, text = text.partition(orjson.dumps(marks[key]))
        pieces.append(before)
    return (*pieces, text)


class _Reading:
    """The parts of one determination the report files use, each read once."""

    def __init__(self, determination: Mapping[str, Any]) -> None:
        self.determination = determination
        self.contributing = reading.contributing_findings(determination)
        self.reasons = reading.statements(self.contributing)
        self.questions = reading.questions(determination)
        self.citations = reading.citations(determination)
        self.codes = reading.control_codes(determination)
        self.hits = reading.party_hits(determination)

    def compact(self) -> dict[str, Any]:
        determination = self.determination
        answer = {key: determination.get(key) for key in _KEPT if key in determination}
        answer["reasons"] = self.reasons
        answer["questions"] = self.questions
        answer["citations"] = [dict(c) for c in self.citations]
        answer["control_codes"] = self.codes
        answer["parties_hit"] = [hit.label() for hit in self.hits]
        answer["rules"] = [str(f.get("rule")) for f in self.contributing]
        return answer

    def contribution(self) -> Contribution:
        determination = self.determination
        rules = {
            str(f.get("rule")): (str(f.get("rule")), str(f.get("title") or f.get("rule")), str(f.get("outcome")))
            for f in self.contributing
        }
        parties = tuple(
            (hit.entity_id, (hit.display_name, hit.display_language, hit.english_name, hit.list_label, hit.status))
            for hit in self.hits
        )
        as_of = determination.get("as_of")
        return Contribution(
            outcome=str(determination.get("outcome") or "") or "unknown",
            individual_licence_only=bool(determination.get("individual_licence_only")),
            has_questions=bool(self.questions),
            rules=tuple(rules.values()),
            parties=parties,
            families=tuple(reading.families(determination)),
            as_of=as_of if isinstance(as_of, str) and as_of else None,
            versions=tuple(str(determination.get(key) or "") for key in VERSION_KEYS),
        )


def _label(citation: Mapping[str, Any]) -> str:
    """A citation's label, worked out once per distinct citation (an order book cites the same few)."""
    key = tuple((name, value) for name, value in citation.items() if isinstance(value, (str, int, type(None))))
    return _cached_label(key)


@lru_cache(maxsize=4096)
def _cached_label(fields: tuple[tuple[str, Any], ...]) -> str:
    return citation_label(dict(fields))


@dataclass(frozen=True, slots=True)
class LineToWrite:
    """One row for the report files: its number, its cells in header order, and its answer or error."""

    number: int
    cells: tuple[str, ...]
    answer: Answer | None = None
    row_id: str | None = None
    input_digest: str | None = None
    error: str | None = None
    #: The cells by header as JSON, where the caller has it already.
    cells_json: bytes | None = None


def cells_json(cells: Sequence[str], headers: Sequence[str]) -> bytes:
    """A row's cells by header, as the JSON checked.jsonl and the store hold."""
    return orjson.dumps(dict(zip(headers, cells, strict=True)))


def line_of(number: int, cells: Mapping[str, object], headers: Sequence[str], *,
            determination: Mapping[str, Any] | None, answer: Answer | None, error: str | None) -> LineToWrite:  # fmt: skip
    """The line to write for a row: its cells in header order, its answer, and the id and digest it was issued."""
    return LineToWrite(number, cells_in_order(cells, headers), answer, row_id=_key_text(determination, "id"),
                       input_digest=_key_text(determination, "input_digest"), error=error)  # fmt: skip


def cells_in_order(cells: Mapping[str, object], headers: Sequence[str]) -> tuple[str, ...]:
    """A row's cells in header order, as text (a reader that hands over None or a number still gets clean text)."""
    if tuple(cells) == tuple(headers) and all(type(value) is str for value in cells.values()):
        return tuple(cells.values())  # type: ignore[arg-type]  # all str, checked above
    return tuple("" if cells.get(h) is None else str(cells.get(h)) for h in headers)


def _key_text(determination: Mapping[str, Any] | None, key: str) -> str | None:
    value = determination.get(key) if determination is not None else None
    return None if value is None else str(value)


@dataclass(frozen=True, slots=True)
class Lines:
    """Consecutive rows' lines of one report file, packed: one UTF-8 buffer and where each row's line ends.

    Packed, a block of thousands of rows crosses from a worker process to the writer as two objects
    instead of thousands, and is written with one call.
    """

    data: bytes = b""
    ends: array[int] = field(default_factory=lambda: array("Q"))

    @classmethod
    def of(cls, lines: Sequence[bytes]) -> Lines:
        """The packed form of ``lines``."""
        return cls(b"".join(lines), array("Q", accumulate(map(len, lines))))

    def __len__(self) -> int:
        return len(self.ends)

    def line(self, index: int) -> bytes:
        """Row ``index``'s line."""
        return self.data[self.ends[index - 1] if index else 0 : self.ends[index]]


@dataclass(slots=True)
class Block:
    """Rows formatted for the report files, in row order, and what they add to the summary."""

    csv: Lines = field(default_factory=Lines)
    jsonl: Lines = field(default_factory=Lines)
    #: The output values of each row, as text (for checked.xlsx), when asked for.
    values: list[list[str]] | None = None
    contributions: Counter[Contribution] = field(default_factory=Counter)
    #: (row number, error) for rows that could not be checked, in order.
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def rows(self) -> int:
        """How many rows the block holds."""
        return len(self.csv)

    @classmethod
    def merged(cls, blocks: Sequence[Block], picks: Sequence[tuple[int, int]]) -> Block:
        """One block of the rows ``picks`` names, (block, row) pairs in the order wanted; summaries are added up."""
        values = None
        if any(block.values is not None for block in blocks):
            values = [blocks[part].values[index] for part, index in picks]  # type: ignore[index]
        merged = cls(Lines.of([blocks[part].csv.line(index) for part, index in picks]),
                     Lines.of([blocks[part].jsonl.line(index) for part, index in picks]), values)  # fmt: skip
        for block in blocks:
            merged.contributions.update(block.contributions)
            merged.errors.extend(block.errors)
        merged.errors.sort()
        return merged


def format_rows(lines: Sequence[LineToWrite], headers: Sequence[str], run_versions: Mapping[str, str],
                run_as_of: str, *, with_values: bool = False) -> Block:  # fmt: skip
    """Format rows for checked.csv and checked.jsonl (and checked.xlsx with ``with_values``)."""
    csv_lines: list[str] = []  # each row's line, as csv.writer writes it
    csv_bytes: list[bytes] = []
    jsonl: list[bytes] = []
    values: list[list[str]] | None = [] if with_values else None
    contributions: Counter[Contribution] = Counter()
    errors: list[tuple[int, str]] = []
    writer = csv.writer(_Lines(csv_lines))  # writes each row as one line, appended to csv_lines
    error_tail = (*(run_versions.get(key, "") for key in VERSION_KEYS), run_as_of)
    counted: dict[int, list[Any]] = {}  # contributions by identity: hashing one for every row costs more than the rest
    for line in lines:
        safe_cells = [_SAFE + cell if cell[:1] in _TRIGGERS else cell for cell in line.cells]
        answer = line.answer
        if answer is None:
            error = line.error or "the row was not checked"
            tail: tuple[str, ...] = ("",) * 7 + error_tail
            writer.writerow([*safe_cells, *tail, neutralise_cell(error)])
            csv_bytes.append(csv_lines.pop().encode())
            errors.append((line.number, error))
            determination = b"null"
        else:
            tail = answer.columns
            if line.error is None:  # the answer's columns as CSV are written once per answer, not once per row
                writer.writerow(safe_cells)
                csv_bytes.append(csv_lines.pop()[:-2].encode() + b"," + answer.csv_tail)
            else:
                writer.writerow([*safe_cells, *answer.safe_columns, neutralise_cell(line.error)])
                csv_bytes.append(csv_lines.pop().encode())
            seen = counted.get(id(answer.contribution))
            if seen is None:
                counted[id(answer.contribution)] = [answer.contribution, 1]
            else:
                seen[1] += 1
            determination = _determination_json(answer, line)
        # The object {"row", "input", "determination", "error"}, as orjson writes it, from its parts.
        jsonl.append(b"".join((b'{"row":', str(line.number).encode(), b',"input":',
                               line.cells_json or cells_json(line.cells, headers), b',"determination":', determination,
                               b',"error":', b"null" if line.error is None else orjson.dumps(line.error), b"}\n")))  # fmt: skip
        if values is not None:
            error_text = (line.error or "the row was not checked") if answer is None else (line.error or "")
            values.append([*line.cells, *tail, error_text])
    for contribution, count in counted.values():
        contributions[contribution] += count
    return Block(Lines.of(csv_bytes), Lines.of(jsonl), values, contributions, errors)


def _determination_json(answer: Answer, line: LineToWrite) -> bytes:
    pieces = answer.compact_pieces
    if len(pieces) == 1:
        return pieces[0]
    own = {"id": line.row_id, "input_digest": line.input_digest}
    joined = [pieces[0]]
    for key, piece in zip(answer.own_keys, pieces[1:], strict=True):
        joined += (orjson.dumps(own[key]), piece)
    return b"".join(joined)


#: neutralise_cell, inlined for the cells of every row: a cell starting with one of these gets a leading quote.
_TRIGGERS = frozenset(FORMULA_TRIGGERS)
_SAFE = "'"


class _Lines:
    """A file-like object for csv.writer that keeps each written row as a string of its own."""

    def __init__(self, lines: list[str]) -> None:
        self.write = lines.append
