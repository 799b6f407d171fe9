"""`dualuse classify`: being written (issue classify)."""

from __future__ import annotations


def classify() -> None:
    """Not yet implemented."""
    raise NotImplementedError("dualuse classify is being written")
