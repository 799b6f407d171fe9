"""Batch checking of order-book exports: reading CSV, XLSX and JSON-lines files as they come."""

from dualuse.batch.columns import CANONICAL_FIELDS, parse_mapping
from dualuse.batch.source import SourceInfo, SourceRow, inspect_source, read_batches

__all__ = ["CANONICAL_FIELDS", "SourceInfo", "SourceRow", "inspect_source", "parse_mapping", "read_batches"]
