"""Short, stable labels for citations — "MOFCOM Ann 2026 No. 11", "ECL Art. 12" — and safe links."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

_LAW_TITLE = re.compile(r"^(?P<name>.+?) of the People's Republic of China$")


def citation_label(citation: Mapping[str, Any]) -> str:
    """The short label an officer writes in a file note, built from the citation's own fields.

    Announcements read "<issuer> Ann <year> No. <number>"; State Council regulations read "State
    Council Order No. <number>"; a national law is abbreviated from its title ("Export Control Law
    of the People's Republic of China" gives "ECL"). The clause follows: "cl. 1" or "Art. 12".
    """
    issuer = str(citation.get("issuer") or "")
    year = citation.get("year")
    number = citation.get("number")
    title = str(citation.get("title") or citation.get("instrument") or "")
    if number is not None and issuer == "State Council":
        head = f"State Council Order No. {number}"
    elif number is not None and year is not None:
        head = f"{_short_issuer(issuer)} Ann {year} No. {number}"
    elif law := _LAW_TITLE.match(title):
        head = "".join(word[0] for word in law.group("name").split() if word[:1].isupper())
    else:
        head = title or str(citation.get("instrument") or "unnamed instrument")
    clause = str(citation.get("clause") or "")
    if not clause:
        return head
    return f"{head} {'cl. ' + clause if clause[0].isdigit() else clause}"


def safe_url(url: object) -> str | None:
    """The URL if it is an http(s) web address, else None: a report never links to ``javascript:`` or files."""
    if not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    return None


def _short_issuer(issuer: str) -> str:
    # Joint announcements name several issuers; a long department name is shortened to its initials
    # ("CMC Equipment Development Department" -> "CMCEDD"), as the instrument ids already do.
    parts = []
    for part in issuer.split("+"):
        if " " in part.strip() and "(" not in part:
            parts.append("".join(ch for ch in part if ch.isupper()))
        else:
            parts.append(part.strip())
    return "+".join(parts)
