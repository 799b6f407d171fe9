"""Which control codes a licence code covers: a code covers itself and every sub-item under it."""

from __future__ import annotations


def normalise_code(code: str) -> str:
    """A control code in the form used for comparison: trimmed, no inner spaces, case folded.

    The control list writes codes such as ``1C902.a.1``; operators type ``1c902.A.1`` or
    ``1C902 .a.1`` just as often, and these are the same entry.
    """
    return "".join(code.split()).strip(".").casefold()


def code_covers(licence_code: str, control_code: str) -> bool:
    """True where a licence issued for ``licence_code`` covers an item classified as ``control_code``.

    A code covers its own sub-items: ``1C902`` covers ``1C902.a.1``, and ``1C902.a`` covers
    ``1C902.a.1`` but not ``1C902.b`` (nor ``1C902.ab``, which is a different entry).
    """
    held = normalise_code(licence_code)
    wanted = normalise_code(control_code)
    if not held or not wanted:
        return False
    return wanted == held or wanted.startswith(held + ".")
