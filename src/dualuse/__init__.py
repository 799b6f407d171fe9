"""dualuse: China's dual-use export-control regime applied to real trade transactions."""

__version__ = "0.1.0"

__all__ = ["__version__"]
