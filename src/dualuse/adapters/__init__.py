"""Adapters: the only code that does I/O (files, stores, list importers)."""
