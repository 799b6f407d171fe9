"""Turn validated file models into the frozen domain values of the RuleBase."""

from __future__ import annotations

from pathlib import Path

from dualuse.domain import Confidence
from dualuse.errors import RuleBaseError
from dualuse.rulebase.base import RuleBase
from dualuse.rulebase.conditions import parse_condition
from dualuse.rulebase.files import (
    ControlListFile,
    DesignationFile,
    EntryModel,
    InstrumentFile,
    ManifestFile,
    MeasureModel,
    MeasureSetModel,
    MeasureSetsFile,
    MeasuresFile,
    MilitaryUserModel,
    MilitaryUsersFile,
    PartyModel,
    SuspensionModel,
)
from dualuse.rulebase.model import (
    ControlEntry,
    CustomsCode,
    Exclusion,
    Instrument,
    ListedParty,
    Manifest,
    Measure,
    MeasureSet,
    MilitaryUser,
    Parameter,
    PartyName,
    Provision,
    Requirement,
    Suspension,
)


def rulebase(
    *,
    manifest: ManifestFile,
    instruments: list[tuple[str, InstrumentFile]],
    control_lists: list[tuple[str, ControlListFile]],
    designations: list[tuple[str, DesignationFile]],
    measure_sets: list[tuple[str, MeasureSetsFile]],
    measures: list[tuple[str, MeasuresFile]],
    military: list[tuple[str, MilitaryUsersFile]],
    digest: str,
    root: Path,
) -> RuleBase:
    """Assemble the RuleBase from parsed files (ids are checked for uniqueness by integrity)."""
    built_instruments = tuple(_instrument(f, m) for f, m in instruments)
    for file, model in instruments:
        stem = Path(file).stem
        if stem != model.id:
            raise RuleBaseError(file, model.id, "id", f"the file name must equal the instrument id ({stem!r})")
    entries = tuple(_entry(f, cl.instrument, e, cl.sources) for f, cl in control_lists for e in cl.entries)
    parties = tuple(_party(f, d, p) for f, d in designations for p in d.parties)
    sets = tuple(_measure_set(s) for _, file in measure_sets for s in file.measure_sets)
    built_measures = tuple(_measure(f, m) for f, file in measures for m in file.measures)
    users = tuple(_military_user(file, u) for _, file in military for u in file.users)
    completeness = {d.instrument: d.annex_completeness for _, d in designations if d.annex_completeness}
    return RuleBase(
        manifest=Manifest(
            manifest.jurisdiction,
            manifest.name,
            manifest.version,
            manifest.researched_as_of,
            dict(manifest.confidence_scale),
            tuple(manifest.date_rules),
            tuple(manifest.open_questions),
        ),
        instruments=built_instruments,
        entries=entries,
        parties=parties,
        measure_sets=sets,
        measures=built_measures,
        military_users=users,
        annex_completeness={k: (v.known, v.announced, v.note) for k, v in completeness.items()},
        digest=digest,
        root=root,
    )


def _suspension(s: SuspensionModel, file: str, owner: str) -> Suspension:
    if s.from_ is None:
        raise RuleBaseError(file, owner, "suspensions.from", "missing; a suspension or stop needs its first day")
    confidence = Confidence(s.confidence) if s.confidence else None
    return Suspension(s.clause, s.from_, s.until, s.by or s.instrument, s.by_statement, confidence, s.note)


def _extension(s: SuspensionModel, file: str, owner: str) -> Suspension:
    # A reported extension is carried as data and shown, but never applied; it runs to its own 'until'.
    if s.until is None:
        raise RuleBaseError(
            file, owner, "reported_extensions.until", "missing; a reported extension needs its last day"
        )
    return Suspension(
        s.clause,
        s.from_ or s.until,
        s.until,
        s.by,
        s.by_statement,
        Confidence(s.confidence) if s.confidence else None,
        s.note,
    )


def _instrument(file: str, m: InstrumentFile) -> Instrument:
    provisions = tuple(
        Provision(
            p.clause,
            p.text_en,
            p.text_zh,
            p.effective,
            Confidence(p.confidence) if p.confidence else None,
            tuple(p.sources),
            p.note,
        )
        for p in m.provisions
    )
    suspends = tuple(Suspension(s.clause, s.from_, s.until, s.instrument, None) for s in m.suspends if s.from_)
    extra: dict[str, object] = {
        "end_user_scope": m.end_user_scope,
        "extraterritorial": m.extraterritorial,
        "de_minimis": m.de_minimis,
        "related_list": m.related_list,
        "repeals": tuple(m.repeals),
        "consolidates": tuple(m.consolidates),
    }
    return Instrument(
        id=m.id,
        kind=m.kind,
        measure_kind=m.measure_kind,
        issuers=tuple(m.issuers),
        year=m.year,
        number=m.number,
        title_zh=m.title_zh,
        title_en=m.title_en,
        issued=m.issued,
        effective=m.effective,
        effective_by_clause=dict(m.effective_by_clause),
        status_reported=m.status_reported,
        scope=m.scope,
        destination=m.destination,
        suspensions=tuple(_suspension(s, file, m.id) for s in m.suspensions),
        stops=tuple(_suspension(s, file, m.id) for s in m.stops),
        reported_extensions=tuple(_extension(s, file, m.id) for s in m.reported_extensions),
        suspends=suspends,
        superseded_by=m.superseded.by if m.superseded else None,
        superseded_on=m.superseded.on if m.superseded else None,
        provisions=provisions,
        sources=tuple(m.sources),
        mofcom_urls_quoted=tuple(m.mofcom_urls_quoted),
        confidence=Confidence(m.confidence),
        notes=tuple(m.notes),
        extra=extra,
        file=file,
    )


def _entry(file: str, instrument: str, e: EntryModel, file_sources: list[str]) -> ControlEntry:
    parameters = tuple(
        Parameter(p.name, p.comparison, tuple(p.value) if isinstance(p.value, list) else p.value, p.unit, p.note)
        for p in e.parameters
    )
    return ControlEntry(
        id=e.id,
        kind=e.kind,
        codes=tuple(e.codes),
        sub_items=tuple(e.sub_items),
        family=e.family,
        description_en=e.description_en,
        description_zh=e.description_zh,
        customs_codes=tuple(CustomsCode(c.code, c.type) for c in e.reference_customs_codes),
        parameter_logic=e.parameter_logic,
        parameters=parameters,
        exclusions=tuple(Exclusion(x.description, tuple(x.terms)) for x in e.exclusions),
        instrument=instrument,
        sources=tuple(e.sources or file_sources),
        confidence=Confidence(e.confidence),
        notes=tuple(e.notes),
        file=file,
    )


def _party(file: str, d: DesignationFile, p: PartyModel) -> ListedParty:
    if not (p.names.en or p.names.zh or p.names.ja):
        raise RuleBaseError(file, p.id, "names", "at least one of en, zh or ja is required")
    return ListedParty(
        id=p.id,
        names={"en": p.names.en, "zh": p.names.zh, "ja": p.names.ja},
        aliases=tuple(PartyName(a.name, a.script, "alias", a.note) for a in p.aliases),
        country=p.country,
        country_note=p.country_note,
        type=p.type,
        list=d.list_name,
        instrument=d.instrument,
        listed_on=d.listed_on,
        measure_set=d.measure_set,
        annex_order=p.annex_order,
        sources=tuple(p.sources),
        confidence=Confidence(p.confidence),
        notes=tuple(p.notes),
        file=file,
    )


def _measure_set(s: MeasureSetModel) -> MeasureSet:
    return MeasureSet(
        s.id,
        s.list_name,
        s.applies_to,
        tuple(s.effects),
        tuple(Requirement(r.id, r.text) for r in s.requirements),
        tuple(s.measures),
        tuple(s.sources),
        Confidence(s.confidence),
        tuple(s.notes),
    )


def _measure(file: str, m: MeasureModel) -> Measure:
    return Measure(
        id=m.id,
        title=m.title,
        instrument=m.instrument,
        clause=m.clause,
        outcome=m.outcome,
        licensable=m.licensable,
        individual_licence_only=m.individual_licence_only,
        conditions=parse_condition(m.conditions),
        statement=m.statement,
        question=m.question,
        requirements=tuple(Requirement(r.id, r.text) for r in m.requirements),
        also_cites=tuple((c.instrument, c.clause) for c in m.also_cites),
        cites_designation=m.cites_designation,
        cites_classification=m.cites_classification,
        sources=tuple(m.sources),
        confidence=Confidence(m.confidence),
        interpretation=m.interpretation,
        file=file,
    )


def _military_user(file: MilitaryUsersFile, u: MilitaryUserModel) -> MilitaryUser:
    return MilitaryUser(
        u.id,
        file.country,
        {"en": u.names.en, "zh": u.names.zh, "ja": u.names.ja},
        tuple(u.aliases),
        u.basis,
        (file.interprets.instrument, file.interprets.clause or ""),
        tuple(u.sources),
        Confidence(u.confidence),
    )
