"""What screening compares against: the Chinese designations, users' extra lists and the military-user reference.

Every list is turned into ``Entry`` records of one shape, so the index and the comparison treat
them alike; what differs (legal effect, dates, citations) stays with the entry's origin.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dualuse.rulebase.model import ListedParty, MilitaryUser
from dualuse.screen.normalise import has_cjk

#: The ``list`` of a match against the military-user reference (never a designation).
MILITARY_USER_LIST = "military_user_reference"
#: The ``source`` of every match on a Chinese designation.
MOFCOM = "MOFCOM"


@dataclass(frozen=True, slots=True)
class ExtraParty:
    """A party on a list the user brings (a sanctions list, an in-house list), screened beside the Chinese lists.

    It carries no Chinese legal effect: a hit on it is reported with its source label only.
    """

    id: str
    names: tuple[str, ...]
    countries: tuple[str, ...] = ()
    list: str = ""
    schema: str = "LegalEntity"


@dataclass(frozen=True, slots=True)
class ExtraList:
    """A list the user brings, with the label its hits are reported under (for example 'OpenSanctions')."""

    label: str
    parties: tuple[ExtraParty, ...]
    origin: str = ""


@dataclass(frozen=True, slots=True)
class EntryName:
    """One name of an entry as the list gives it, with its script."""

    name: str
    script: str


@dataclass(frozen=True, slots=True)
class Entry:
    """One screenable record: a designated party, an extra-list party or a military-user reference."""

    entity_id: str
    list: str
    source: str
    names: dict[str, str | None]
    all_names: tuple[EntryName, ...]
    countries: tuple[str, ...]
    party: ListedParty | None = None
    extra: ExtraParty | None = None
    military: MilitaryUser | None = field(default=None)

    @property
    def country(self) -> str | None:
        """The entry's (first) country code."""
        return self.countries[0] if self.countries else None

    @property
    def has_japanese_name(self) -> bool:
        """True where a name is given in Japanese script (its Chinese names are then not read in Japanese)."""
        return any(n.script == "ja" for n in self.all_names)


def designated(party: ListedParty) -> Entry:
    """The entry for a party designated on a Chinese list."""
    names = tuple(EntryName(n.name, n.script) for n in party.all_names())
    return Entry(party.id, party.list, MOFCOM, dict(party.names), names, (party.country,), party=party)


def extra(party: ExtraParty, extra_list: ExtraList) -> Entry:
    """The entry for a party on a user's extra list (names sorted into en/zh/ja by their script)."""
    names = tuple(EntryName(n, script_of(n)) for n in party.names)
    shown: dict[str, str | None] = {"en": None, "zh": None, "ja": None}
    for name in names:
        key = {"latin": "en", "zh-Hans": "zh", "ja": "ja"}[name.script]
        shown[key] = shown[key] or name.name
    label = party.list or extra_list.label
    return Entry(party.id, label, extra_list.label, shown, names, party.countries, extra=party)


def military(user: MilitaryUser) -> Entry:
    """The entry for a body on the military-user reference (an interpretation of Ann 2026 No. 1, not a listing)."""
    scripts = {"en": "latin", "zh": "zh-Hans", "ja": "ja"}
    names = [EntryName(n, scripts[k]) for k, n in user.names.items() if n]
    names += [EntryName(a, script_of(a)) for a in user.aliases]
    return Entry(user.id, MILITARY_USER_LIST, "dualuse", dict(user.names), tuple(names), (user.country,), military=user)


def script_of(name: str) -> str:
    """'ja' where a name has kana, 'zh-Hans' where it has Chinese characters only, else 'latin'."""
    if not has_cjk(name):
        return "latin"
    if any("\u3040" <= ch <= "\u30ff" or "\uff66" <= ch <= "\uff9f" for ch in name):
        return "ja"
    return "zh-Hans"
