"""The errors dualuse raises, all rooted at DualuseError.

    DualuseError
    ├── RuleBaseError    a rule file is broken: names the file, the record and the field
    ├── InputError       an input row is broken: names the file, the row and the field
    ├── CoverageError    a date or jurisdiction the rule base does not cover
    ├── LicenceError     a licence operation cannot be carried out
    └── StorageError     the store cannot be read or written

Legal uncertainty is never an exception: "needs review" is an outcome.
"""

from __future__ import annotations


class DualuseError(Exception):
    """The root of every error dualuse raises on purpose."""


class RuleBaseError(DualuseError):
    """A rule-base file is broken; the message names the file, the record and the field."""

    def __init__(self, file: str, record: str | None, field: str | None, problem: str) -> None:
        self.file = file
        self.record = record
        self.field = field
        self.problem = problem
        where = [file]
        if record:
            where.append(f"record {record}")
        if field:
            where.append(f"field {field}")
        super().__init__(f"{': '.join(where)}: {problem}")


class InputError(DualuseError):
    """An input row is broken; the message names the file, the row and the field."""

    def __init__(
        self, problem: str, *, file: str | None = None, row: int | None = None, field: str | None = None
    ) -> None:
        self.file = file
        self.row = row
        self.field = field
        self.problem = problem
        where = [
            part
            for part in (file, f"row {row}" if row is not None else None, f"field {field}" if field else None)
            if part
        ]
        super().__init__(f"{': '.join(where)}: {problem}" if where else problem)


class CoverageError(DualuseError):
    """The question falls outside what the rule base covers (for example a date before the law existed)."""


class LicenceError(DualuseError):
    """A licence operation cannot be carried out (unknown licence, overdraw, revoked)."""


class StorageError(DualuseError):
    """The store cannot be read or written."""
