"""`dualuse screen`: being written (issue screen)."""

from __future__ import annotations


def screen() -> None:
    """Not yet implemented."""
    raise NotImplementedError("dualuse screen is being written")
