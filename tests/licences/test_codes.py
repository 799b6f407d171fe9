"""A licence code covers itself and its sub-items, and nothing else."""

from __future__ import annotations

import pytest

from dualuse.licences import code_covers, normalise_code


@pytest.mark.parametrize(
    ("licence_code", "control_code", "covered"),
    [
        ("1C902", "1C902", True),
        ("1C902", "1C902.a.1", True),
        ("1C902.a", "1C902.a.1", True),
        ("1C902.a", "1C902.b", False),
        ("1C902.a", "1C902.ab", False),
        ("1C902.a.1", "1C902.a", False),
        ("1C902", "1C9021", False),
        ("1C902", "1C903.a", False),
        ("1c902.A", "1C902.a.1", True),
        (" 1C902 .a", "1C902.a.2", True),
        ("", "1C902", False),
    ],
)
def test_code_coverage(licence_code: str, control_code: str, covered: bool) -> None:
    """A licence code covers exactly the same entry and the entries nested under it."""
    assert code_covers(licence_code, control_code) is covered


def test_normalised_codes_ignore_case_and_spaces() -> None:
    """Codes typed with other case or stray spaces compare equal to the control list's spelling."""
    assert normalise_code(" 1c902 .A.1 ") == normalise_code("1C902.a.1")
