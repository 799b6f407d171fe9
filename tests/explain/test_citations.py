"""Short citation labels are built from the citation's fields, and only web links are linked."""

from __future__ import annotations

from typing import Any

import pytest

from dualuse.explain.report.citations import citation_label, safe_url


def cite(
    instrument: str, issuer: str, year: int | None, number: int | None, clause: str | None, title: str
) -> dict[str, Any]:
    """A citation dict as Citation.to_dict() gives it."""
    return {"instrument": instrument, "issuer": issuer, "year": year, "number": number, "clause": clause,
            "title": title, "url": None, "confidence": "high"}  # fmt: skip


@pytest.mark.parametrize(
    ("citation", "label"),
    [
        (cite("MOFCOM-2026-11", "MOFCOM", 2026, 11, None, "20 Japanese entities …"), "MOFCOM Ann 2026 No. 11"),
        (cite("MOFCOM-2026-1", "MOFCOM", 2026, 1, "1", "Japan"), "MOFCOM Ann 2026 No. 1 cl. 1"),
        (
            cite(
                "ECL-2020",
                "NPC Standing Committee",
                2020,
                None,
                "Art. 12",
                "Export Control Law of the People's Republic of China",
            ),
            "ECL Art. 12",
        ),
        (
            cite("REGS-792-2024", "State Council", 2024, 792, "Art. 19", "Regulations …"),
            "State Council Order No. 792 Art. 19",
        ),
        (cite("MOFCOM-GACC-2025-18", "MOFCOM+GACC", 2025, 18, None, "Rare earths"), "MOFCOM+GACC Ann 2025 No. 18"),
        (
            cite("MOFCOM-GACC-CMCEDD-2024-21", "MOFCOM+GACC+CMC Equipment Development Department", 2024, 21, None, "x"),
            "MOFCOM+GACC+CMCEDD Ann 2024 No. 21",
        ),
        (
            cite(
                "MOFCOM-GACC-2025-CAT2026",
                "MOFCOM+GACC",
                2025,
                None,
                None,
                "2026 dual-use import/export licence management catalogue",
            ),
            "2026 dual-use import/export licence management catalogue",
        ),
        ({"instrument": "X-1"}, "X-1"),
        ({}, "unnamed instrument"),
    ],
)
def test_citation_label(citation: dict[str, Any], label: str) -> None:
    """Each kind of instrument gets the label an officer would write in a file note."""
    assert citation_label(citation) == label


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://www.mofcom.gov.cn/zwgk/zcfb/art/2026/x.html", "https://www.mofcom.gov.cn/zwgk/zcfb/art/2026/x.html"),
        (
            "http://exportcontrol.mofcom.gov.cn/article/1209.html",
            "http://exportcontrol.mofcom.gov.cn/article/1209.html",
        ),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("file:///etc/passwd", None),
        ("codeidx:70470838600 (indexed GitHub file)", None),
        ("https://", None),
        (None, None),
        (42, None),
    ],
)
def test_safe_url(url: object, safe: str | None) -> None:
    """Only http and https addresses become links in the report."""
    assert safe_url(url) == safe
