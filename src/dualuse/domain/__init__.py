"""Frozen value types shared by every part of dualuse."""

from dualuse.domain.citation import Citation
from dualuse.domain.confidence import Confidence
from dualuse.domain.window import Window

__all__ = ["Citation", "Confidence", "Window"]
