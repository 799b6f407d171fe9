"""Batch checking of order-book exports: reading CSV, XLSX and JSON-lines files as they come."""

from dualuse.batch.columns import CANONICAL_FIELDS, parse_mapping
from dualuse.batch.source import SourceInfo, SourceRow, inspect_source, order_plan, read_batches, read_chunks

__all__ = ["CANONICAL_FIELDS", "SourceInfo", "SourceRow", "inspect_source", "order_plan", "parse_mapping", "read_batches",
           "read_chunks"]  # fmt: skip
