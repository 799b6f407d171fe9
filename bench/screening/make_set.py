"""Build the labelled screening set, bench/screening/labelled.jsonl, from the rule base (seeded).

Positives: every name of every designated party in each script the rule base gives, plus
constructed variants of it (legal-form swaps, full width, half-width kana, kyūjitai, simplified,
traditional, katakana and hiragana readings, romaji in Hepburn, Kunrei, passport and macron
spellings, pinyin, case, punctuation, abbreviations, typing errors, spacing, word order, dotted
acronyms). Negatives: the hand-written names in hard_negatives.yaml, some also in upper case or
full width. The script refuses to write a negative that is, once normalised, a listed name.

Readings (katakana, hiragana, romaji) are produced with pykakasi, the same reader the matcher
uses for listed names, so they test the kana and romaji pipeline rather than reading accuracy;
the Kunrei, passport and macron spellings test the folding, which pykakasi does not do.

    .venv/bin/python bench/screening/make_set.py        # rewrites labelled.jsonl
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import jaconv
import opencc
import orjson
import pykakasi
import yaml
from pypinyin import lazy_pinyin

from dualuse.rulebase import load_rulebase
from dualuse.rulebase.model import ListedParty, PartyName
from dualuse.screen.normalise import Normaliser
from dualuse.screen.vocabulary import load_vocabulary

HERE = Path(__file__).parent
OUTPUT = HERE / "labelled.jsonl"
NEGATIVES = HERE / "hard_negatives.yaml"
SEED = 20261121
AS_OF = "2026-11-21"

LATIN_LEGAL = re.compile(
    r"(?:,?\s+(?:Co\.,?\s*Ltd\.?|Co\.\s*Limited|Company\s+Limited|Co\.|Ltd\.?|Limited|Corporation|Corp\.|Inc\.|"
    r"Incorporated|Company|LLC|Limited Partnership|K\.K\.|KK))+\s*$",
    re.IGNORECASE,
)
LATIN_FORMS = ["", " Co., Ltd.", " Corporation", " K.K.", " Kabushiki Kaisha", " Inc.", " Ltd.", " Limited", " Corp."]
JA_FORMS = ["株式会社", "(株)", "㈱", "株式會社", "（株）"]
ZH_FORMS = ["有限公司", "公司", "股份有限公司", "株式会社"]
ABBREVIATIONS = {
    "Industries": "Ind.",
    "Corporation": "Corp.",
    "Technology": "Tech.",
    "Technologies": "Techs.",
    "International": "Intl",
    "Engineering": "Eng.",
    "Systems": "Sys.",
    "Manufacturing": "Mfg.",
    "Defense": "Defence",
    "Center": "Centre",
    "Machinery": "Mach.",
}
HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
KATAKANA = re.compile("[\u30a0-\u30ff]")


class Variants:
    """Constructs query variants of listed names with one seeded random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.kakasi = pykakasi.kakasi()
        self.t2s = opencc.OpenCC("t2s")
        self.s2t = opencc.OpenCC("s2t")
        self.jp2t = opencc.OpenCC("jp2t")

    # ------------------------------------------------------------------ Latin names
    def latin(self, name: str) -> Iterator[tuple[str, str, str]]:
        core = LATIN_LEGAL.sub("", name).strip().rstrip(",")
        rng = self.rng
        yield rng.choice([name.upper(), name.lower(), name.title()]), "case", "latin"
        yield _full_width(name), "full_width", "latin"
        form = rng.choice([f for f in LATIN_FORMS if f.strip() and f.strip() not in name])
        yield core + form, "legal_form_swap", "latin"
        yield core, "legal_form_removed", "latin"
        if "&" in name:
            yield " ".join(name.replace("&", " and ").split()), "punctuation", "latin"
        elif " and " in name:
            yield name.replace(" and ", " & "), "punctuation", "latin"
        elif re.search(r"[.,-]", name):
            yield re.sub(r"[.,]", "", name).replace("-", " "), "punctuation", "latin"
        abbreviated = core
        for word, short in ABBREVIATIONS.items():
            abbreviated = re.sub(rf"\b{word}\b", short, abbreviated)
        if abbreviated != core:
            yield abbreviated, "abbreviation", "latin"
        words = core.split()
        long_words = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
        if long_words:
            i = rng.choice(long_words)
            words_typo = list(words)
            words_typo[i] = _typo(words[i], rng)
            yield " ".join(words_typo), "typo", "latin"
        if len(words) >= 2:
            i = rng.randrange(len(words) - 1)
            yield " ".join([*words[:i], words[i] + words[i + 1], *words[i + 2 :]]), "spacing", "latin"
            yield " ".join([*words[1:], words[0]]), "word_order", "latin"
        elif words and len(words[0]) >= 7:
            cut = len(words[0]) // 2
            yield f"{words[0][:cut]} {words[0][cut:]}", "spacing", "latin"
        acronyms = [w for w in words if 2 <= len(w) <= 4 and w.isupper() and w.isalpha()]
        if acronyms:
            dotted = core.replace(acronyms[0], ".".join(acronyms[0]) + ".", 1)
            yield dotted, "acronym_dots", "latin"

    # ------------------------------------------------------------------ Japanese names
    def japanese(self, name: str) -> Iterator[tuple[str, str, str]]:
        rng = self.rng
        core = name
        for form in ("株式会社", "(株)", "（株）"):
            core = core.replace(form, "")
        core = core.strip()
        if core != name:
            yield rng.choice([f for f in JA_FORMS if f not in name]) + core, "legal_form_swap", "ja"
            yield core, "legal_form_removed", "ja"
        else:
            yield core + "株式会社", "legal_form_swap", "ja"
        widened = _full_width(name) if re.search("[A-Za-z0-9&]", name) else None
        if widened and widened != name:
            yield widened, "full_width", "ja"
        narrowed = unicodedata.normalize("NFKC", name)
        if narrowed != name:
            yield narrowed, "half_width", "ja"
        if KATAKANA.search(name):
            yield jaconv.z2h(name, kana=True, ascii=False, digit=False), "half_width_kana", "ja"
        old = self.jp2t.convert(name)
        if old != name:
            yield old, "kyujitai", "ja"
        simplified = self.t2s.convert(old)
        if simplified not in (name, old):
            yield simplified, "simplified_from_ja", "zh-Hans"
        parts = [p for p in self.kakasi.convert(core) if str(p["orig"]).strip()]
        if HAN.search(core):
            yield "".join(str(p["kana"]) for p in parts), "katakana_reading", "kana"
        if HAN.search(core) or KATAKANA.search(core):
            yield "".join(str(p["hira"]) for p in parts), "hiragana_reading", "kana"
        hepburn = [str(p["hepburn"]) for p in parts if str(p["hepburn"]).strip()]
        if HAN.search(core) or KATAKANA.search(core):
            suffix = rng.choice(["", " Co., Ltd.", " K.K.", " Kabushiki Kaisha"])
            yield _title(hepburn) + suffix, "romaji_hepburn", "romaji"
            yield _title([str(p["kunrei"]) for p in parts if str(p["kunrei"]).strip()]), "romaji_kunrei", "romaji"
            yield _title([str(p["passport"]) for p in parts if str(p["passport"]).strip()]), "romaji_passport", "romaji"
            yield _title([_macrons(w) for w in hepburn]), "romaji_macron", "romaji"

    # ------------------------------------------------------------------ Chinese names
    def chinese(self, name: str, country: str, script: str) -> Iterator[tuple[str, str, str]]:
        rng = self.rng
        if script == "zh-Hant":
            yield self.t2s.convert(name), "simplified", "zh-Hans"
        else:
            traditional = self.s2t.convert(name)
            if traditional != name:
                yield traditional, "traditional", "zh-Hant"
        for form in ("股份有限公司", "有限公司", "株式会社", "公司"):
            if name.endswith(form):
                core = name[: -len(form)]
                yield core + rng.choice([f for f in ZH_FORMS if f != form]), "legal_form_swap", script
                yield core, "legal_form_removed", script
                break
        else:
            yield name + rng.choice(ZH_FORMS[:3]), "legal_form_swap", script
        if re.search("[A-Za-z]", name):
            yield _full_width(name), "full_width", script
        if country in ("CN", "TW", "HK", "MO"):
            syllables = [s for s in lazy_pinyin(self.t2s.convert(name)) if s.strip()]
            paired = ["".join(syllables[i : i + 2]).capitalize() for i in range(0, len(syllables), 2)]
            yield " ".join(paired), "pinyin", "pinyin"
            yield " ".join(s.capitalize() for s in syllables), "pinyin_syllables", "pinyin"


def positives(rb_parties: tuple[ListedParty, ...], rng: random.Random) -> Iterator[dict[str, object]]:
    """Every listed name in its own script, and its variants."""
    make = Variants(rng)
    for party in rb_parties:
        for listed in party.all_names():
            script = _script(listed)
            yield _record(listed.name, party, "original", script, source=listed.name, rng=rng)
            if script == "latin":
                variants = make.latin(listed.name)
            elif script == "ja":
                variants = make.japanese(listed.name)
            else:
                variants = make.chinese(listed.name, party.country, script)
            for query, kind, query_script in variants:
                if query and query != listed.name:
                    yield _record(query, party, kind, query_script, source=listed.name, rng=rng)


def negatives(rng: random.Random) -> Iterator[dict[str, object]]:
    """The hand-written hard negatives, and upper-case and full-width copies of the parents."""
    groups = yaml.safe_load(NEGATIVES.read_text(encoding="utf-8"))["groups"]
    for group in groups:
        for name in group["names"]:
            script = _query_script(name, group.get("country"))
            country = group.get("country") if group.get("country") not in (None, "EU") and rng.random() < 0.5 else None
            yield {"query": name, "country": country, "expected": [], "variant": group["kind"], "script": script}
            if group["kind"] == "parent" and script == "latin":
                yield {
                    "query": name.upper(),
                    "country": None,
                    "expected": [],
                    "variant": "parent_case",
                    "script": script,
                }
                yield {
                    "query": _full_width(name),
                    "country": None,
                    "expected": [],
                    "variant": "parent_full_width",
                    "script": script,
                }


def main() -> None:
    """Write labelled.jsonl (seeded; the same rule base gives the same file)."""
    rb = load_rulebase()
    rng = random.Random(SEED)
    normaliser = Normaliser(load_vocabulary(rb.root / "vocabulary"))
    listed = {normaliser.normalise(n.name).text: p.id for p in rb.parties for n in p.all_names()}
    records: list[dict[str, object]] = []
    seen: dict[str, list[str]] = {}
    for record in positives(rb.parties, rng):
        query = str(record["query"])
        if query in seen:
            if seen[query] != record["expected"]:
                raise SystemExit(f"query {query!r} is built for two parties: {seen[query]} and {record['expected']}")
            continue
        seen[query] = list(record["expected"])  # type: ignore[call-overload]
        records.append(record)
    for record in negatives(rng):
        query = str(record["query"])
        if query in seen:
            continue
        found = listed.get(normaliser.normalise(query).text)
        if found:
            raise SystemExit(f"hard negative {query!r} is, once normalised, a name of listed party {found}")
        seen[query] = []
        records.append(record)
    with OUTPUT.open("wb") as handle:
        for number, record in enumerate(records, start=1):
            line = {"id": f"q{number:04d}", **record, "as_of": AS_OF}
            handle.write(orjson.dumps(line) + b"\n")
    positive = sum(1 for r in records if r["expected"])
    print(f"wrote {len(records)} queries ({positive} positive, {len(records) - positive} negative) to {OUTPUT}")


def _record(
    query: str, party: ListedParty, variant: str, script: str, *, source: str, rng: random.Random
) -> dict[str, object]:
    country = party.country if rng.random() < 0.5 else None
    return {
        "query": query,
        "country": country,
        "expected": [party.id],
        "variant": variant,
        "script": script,
        "listed_name": source,
    }


def _script(name: PartyName) -> str:
    if name.script == "latin":
        return "latin"
    if name.script == "ja" or KATAKANA.search(name.name) or re.search("[\u3040-\u309f]", name.name):
        return "ja"
    return name.script


def _query_script(name: str, country: str | None) -> str:
    if re.search("[\u3040-\u30ff\uff66-\uff9f]", name) or (HAN.search(name) and country == "JP"):
        return "ja"
    if re.search("[\uac00-\ud7af]", name):
        return "ko"
    if HAN.search(name):
        traditional = opencc.OpenCC("t2s").convert(name) != name
        return "zh-Hant" if traditional else "zh-Hans"
    return "latin"


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in text)


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["substitute", "delete", "insert", "transpose"])
    letters = "abcdefghijklmnopqrstuvwxyz"
    if kind == "substitute":
        return word[:i] + rng.choice([c for c in letters if c != word[i].lower()]) + word[i + 1 :]
    if kind == "delete":
        return word[:i] + word[i + 1 :]
    if kind == "insert":
        return word[:i] + rng.choice(letters) + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _title(words: list[str]) -> str:
    return " ".join(w.capitalize() for w in " ".join(words).split())


def _macrons(word: str) -> str:
    return word.replace("ou", "ō").replace("uu", "ū").replace("oo", "ō").replace("aa", "ā")


if __name__ == "__main__":
    main()
