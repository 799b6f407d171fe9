"""Helpers for the batch-check tests: order books made from the bundled example."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "shipments.csv"


def example_rows() -> tuple[list[str], list[dict[str, str]]]:
    """The bundled example's header and rows."""
    with EXAMPLE.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]], encoding: str = "utf-8") -> Path:
    """Write rows as CSV in ``encoding``."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


@pytest.fixture
def big_order_book(tmp_path: Path) -> Path:
    """The example repeated to 1,800 rows with unique order ids (real order books repeat lines)."""
    header, rows = example_rows()
    many = [{**row, "order_id": f"SO-{n:06d}"} for n in range(1, 1801) for row in [rows[(n - 1) % len(rows)]]]
    return write_csv(tmp_path / "book.csv", header, many)
