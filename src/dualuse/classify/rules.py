"""Tie the concepts a description names to control-list entries, by the rules of classification_rules.yaml.

A rule names an entry and the concepts that put goods under it: ``all`` must be named by the goods
themselves (outside purpose clauses), one of ``any`` too, one of ``context`` anywhere in the line, and
none of ``none``. A rule may also have its own words (trade names, formulas, CAS numbers) that point
straight at its entry. Three further kinds of rule keep the list's structure:

* a ``default`` rule applies when the goods name the element or material and nothing more specific
  ('samarium' alone reads as the metal, 1C902.a.1); a chemical form or an article the text names
  (oxide, target, magnet …) stops it;
* a ``fallback`` rule applies when nothing else of the same subject applied ('a samarium-doped crystal'
  is still a samarium-containing compound or mixture, 1C902.c);
* a ``technology`` rule needs the text to speak of technology, and while it does, goods rules do not
  apply (rare-earth separation technology is not rare-earth oxide);
* while the goods are a finished device (a charger, a solar panel, a smartphone, a wedding ring), goods
  rules for materials do not apply: a GaN charger is a charger, not gallium nitride.
"""

from __future__ import annotations

from dataclasses import dataclass

from dualuse.classify.terms import Hit
from dualuse.classify.vocabulary import Terms, Vocabulary

#: Base strength of each way a rule can match (before customs codes, declared codes and parameters).
STRENGTH = {"own term": 0.92, "concepts": 0.8, "default": 0.62, "fallback": 0.55}
#: Concept kinds that, when the goods name them, stop a default rule (the goods are something more specific).
BLOCKING_KINDS = frozenset({"chemical_form", "article"})


@dataclass(frozen=True, slots=True)
class Need:
    """A fact the rule needs: the concept must be named ('met'), is denied ('not_met') or unknown ('missing')."""

    concept: str
    ask: str


@dataclass(frozen=True, slots=True)
class Rule:
    """One compiled rule of classification_rules.yaml."""

    number: int
    entries: tuple[str, ...]
    kind: str
    all: tuple[str, ...]
    any: tuple[str, ...]
    none: tuple[str, ...]
    context: tuple[str, ...]
    default: bool
    fallback: bool
    own: str | None
    needs: tuple[Need, ...]
    incomplete: str | None
    parameters: tuple[str, ...] | None
    waive: tuple[str, ...]
    sub_items: tuple[tuple[str, tuple[str, ...]], ...]
    note: str | None

    @property
    def subject(self) -> str | None:
        """The concept the rule is about (its first 'all' concept): default and fallback rules share it."""
        return self.all[0] if self.all else None


@dataclass(frozen=True, slots=True)
class Presence:
    """Which concepts a description names: for the goods themselves ('core') and anywhere in the line."""

    core: dict[str, tuple[Hit, ...]]
    anywhere: dict[str, tuple[Hit, ...]]
    negated: frozenset[str]
    blocking: tuple[str, ...]
    devices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RuleMatch:
    """A rule that applies to the description, for one of its entries, with the words that made it apply."""

    rule: Rule
    entry_id: str
    how: str
    strength: float
    hits: tuple[Hit, ...]
    sub_item: tuple[str, Hit] | None


class RuleSet:
    """The compiled rules, the concept hierarchy and the groups of classification_rules.yaml."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        """Compile every rule and the closure of every concept (itself, its parents, what it implies)."""
        concepts = vocabulary.terms.concepts
        self.groups = {name: tuple(members) for name, members in vocabulary.terms.groups.items()}
        self.kinds: dict[str, str] = {name: c.kind for name, c in concepts.items()}
        self.labels = {name: c.label or name.replace("_", " ") for name, c in concepts.items()}
        self.unlisted = frozenset(n for n, c in concepts.items() if c.kind == "element" and not c.listed)
        self.closure: dict[str, tuple[str, ...]] = {}
        for name in concepts:
            self.closure[name] = _closure(name, vocabulary)
        self.own_terms: dict[str, Terms] = {}
        self.own_formulas: dict[str, list[str]] = {}
        rules = []
        for number, model in enumerate(vocabulary.rules.rules, start=1):
            own = None
            if model.terms.model_dump(exclude_defaults=True) or model.formulas:
                own = f"@rule{number}"
                self.own_terms[own] = model.terms
                self.own_formulas[own] = list(model.formulas)
                # The rule's own words carry what they name: 'Production technology for APT' is about tungsten.
                carried = [c for name in (model.implies or model.all) for c in self._expand(name)]
                self.closure[own] = tuple(dict.fromkeys([own, *carried]))
            rules.append(
                Rule(
                    number=number,
                    entries=tuple(([model.entry] if model.entry else []) + model.entries),
                    kind=model.kind,
                    all=tuple(model.all),
                    any=tuple(model.any),
                    none=tuple(model.none),
                    context=tuple(model.context),
                    default=model.default,
                    fallback=model.fallback,
                    own=own,
                    needs=tuple(Need(n.concept, n.ask) for n in model.needs),
                    incomplete=model.incomplete,
                    parameters=tuple(model.parameters) if model.parameters is not None else None,
                    waive=tuple(model.waive_parameters_if),
                    sub_items=tuple((k, tuple(v)) for k, v in model.sub_items.items()),
                    note=model.note,
                )
            )
        self.rules = tuple(rules)
        # A rule can only apply when the goods name its own words or its first concept: index it by those,
        # so that each description looks at a handful of rules instead of all of them.
        self._by_trigger: dict[str, list[Rule]] = {}
        for rule in self.rules:
            triggers = [rule.own] if rule.own else []
            if rule.all:
                triggers += [rule.all[0], *self.groups.get(rule.all[0], ())]
            for trigger in dict.fromkeys(t for t in triggers if t):
                self._by_trigger.setdefault(trigger, []).append(rule)

    def _expand(self, name: str) -> tuple[str, ...]:
        """A concept's closure; a group name carries nothing (it names no single concept)."""
        return self.closure.get(name, ())

    def add_concept(self, name: str, kind: str, label: str) -> None:
        """Register a concept made outside the terms file (an exclusion's words)."""
        self.closure[name] = (name,)
        self.kinds[name] = kind
        self.labels[name] = label

    def presence(self, hits: list[Hit]) -> Presence:
        """Which concepts ``hits`` name, with their closures, and which the text denies."""
        core: dict[str, list[Hit]] = {}
        anywhere: dict[str, list[Hit]] = {}
        negated: set[str] = set()
        blocking: list[str] = []
        for hit in hits:
            closure = self.closure.get(hit.concept, (hit.concept,))
            if hit.negated:
                negated.update(closure)
                continue
            for concept in closure:
                anywhere.setdefault(concept, []).append(hit)
                if not hit.purpose:
                    core.setdefault(concept, []).append(hit)
            if not hit.purpose and self.kinds.get(hit.concept) in BLOCKING_KINDS:
                blocking.extend(c for c in closure if self.kinds.get(c) in BLOCKING_KINDS)
        return Presence(
            {k: tuple(v) for k, v in core.items()},
            {k: tuple(v) for k, v in anywhere.items()},
            frozenset(negated - set(anywhere)),
            tuple(dict.fromkeys(blocking)),
            tuple(c for c in core if self.kinds.get(c) == "device"),
        )

    def named(self, concept: str, pool: dict[str, tuple[Hit, ...]]) -> tuple[Hit, ...]:
        """The hits that name ``concept`` (or a member of the group of that name) in ``pool``."""
        if concept in pool:
            return pool[concept]
        for member in self.groups.get(concept, ()):
            if member in pool:
                return pool[member]
        return ()

    def match(self, presence: Presence) -> list[RuleMatch]:
        """Every rule that applies, one match per (rule, entry), in rule order."""
        technology = bool(self.named("technology", presence.core))
        normal: list[RuleMatch] = []
        waiting: list[Rule] = []
        triggered = {r.number: r for c in presence.core for r in self._by_trigger.get(c, ())}
        for rule in sorted(triggered.values(), key=lambda r: r.number):
            if not self._admissible(rule, presence, technology):
                continue
            own = presence.core.get(rule.own, ()) if rule.own else ()
            if own:
                normal += self._matches(rule, "own term", own, presence)
                continue
            found = self._concepts(rule, presence)
            if found is not None and (not (rule.default or rule.fallback) or (rule.default and rule.any)):
                normal += self._matches(rule, "concepts", found, presence)
            elif rule.default or rule.fallback:
                waiting.append(rule)
        matched_subjects = {m.rule.subject for m in normal}
        defaults: list[RuleMatch] = []
        for rule in waiting:
            if not rule.default or rule.subject in matched_subjects:
                continue
            subject_hits = self.named(rule.subject, presence.core) if rule.subject else ()
            blocked = [b for b in presence.blocking if b not in rule.any]
            if subject_hits and not blocked and all(self.named(c, presence.core) for c in rule.all):
                defaults += self._matches(rule, "default", subject_hits, presence)
        matched_subjects |= {m.rule.subject for m in defaults}
        fallbacks: list[RuleMatch] = []
        for rule in waiting:
            if not rule.fallback or rule.subject in matched_subjects:
                continue
            if rule.all and all(self.named(c, presence.core) for c in rule.all):
                fallbacks += self._matches(rule, "fallback", self.named(rule.all[0], presence.core), presence)
        return normal + defaults + fallbacks

    def _admissible(self, rule: Rule, presence: Presence, technology: bool) -> bool:
        if technology != (rule.kind == "technology"):
            return False
        if rule.kind == "goods" and presence.devices:  # a GaN charger is a charger, not gallium nitride
            return False
        if any(self.named(c, presence.core) for c in rule.none):
            return False
        return not rule.context or any(self.named(c, presence.anywhere) for c in rule.context)

    def _concepts(self, rule: Rule, presence: Presence) -> tuple[Hit, ...] | None:
        if not rule.all:
            return None
        hits: list[Hit] = []
        for concept in rule.all:
            named = self.named(concept, presence.core)
            if not named:
                return None
            hits.append(named[0])
        if rule.any:
            chosen = next((self.named(c, presence.core) for c in rule.any if self.named(c, presence.core)), ())
            if not chosen:
                return None
            hits.append(chosen[0])
        return tuple(dict.fromkeys(hits))

    def _matches(self, rule: Rule, how: str, hits: tuple[Hit, ...], presence: Presence) -> list[RuleMatch]:
        strength = STRENGTH[how]
        if how == "concepts":
            strength = min(0.9, strength + 0.03 * (len(rule.all) - 1) + (0.03 if rule.any else 0.0))
        if all(h.source == "element symbol" for h in hits):
            strength *= 0.85
        sub_item = None
        for letter, concepts in rule.sub_items:
            named = next((self.named(c, presence.core) for c in concepts if self.named(c, presence.core)), ())
            if named:
                sub_item = (letter, named[0])
                break
        return [RuleMatch(rule, entry, how, round(strength, 4), hits, sub_item) for entry in rule.entries]


def _closure(name: str, vocabulary: Vocabulary) -> tuple[str, ...]:
    concepts = vocabulary.terms.concepts
    seen: dict[str, None] = {}
    stack = [name]
    while stack:
        current = stack.pop(0)
        if current in seen or current not in concepts:
            continue
        seen[current] = None
        concept = concepts[current]
        if concept.parent:
            stack.append(concept.parent)
        stack.extend(concept.implies)
    return tuple(seen)
