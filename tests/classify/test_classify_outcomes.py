"""Classification outcomes as legal cases: the expected answer and the provision it rests on."""

from __future__ import annotations

from datetime import date

import pytest

from dualuse.classify import Classifier

SUSPENDED = date(2026, 5, 1)  # Ann 55–58, 61, 62 of 2025 suspended by Ann 70/2025 (2025-11-07 → 2026-11-10)
RESEARCHED = date(2026, 11, 21)  # the rule base's research date: the suspension window is over
BEFORE_55 = date(2025, 10, 1)  # Ann 55–58 of 2025 not yet in force
BEFORE_18 = date(2025, 3, 1)  # Ann 18/2025 (rare earths 1C902–1C908) not yet in force

# (description, customs code, day, status, top code or entry id, missing parameters, reason, instrument cited first)
CASES = [
    # The issue's own examples.
    ("Sm2O3 99.99% powder", None, SUSPENDED, "controlled", "1C902.b", (), None, "MOFCOM-GACC-2025-18"),
    ("酸化ジスプロシウム 3N", None, SUSPENDED, "controlled", "1C905", (), None, "MOFCOM-GACC-2025-18"),
    ("氧化铽粉", None, SUSPENDED, "controlled", "1C904.b", (), None, "MOFCOM-GACC-2025-18"),
    ("HPHT diamond grit 40/50 mesh", None, RESEARCHED, "controlled", "2C902.b", (), None, "MOFCOM-GACC-2025-55"),
    ("samarium oxide", None, SUSPENDED, "controlled", "1C902.b", (), None, "MOFCOM-GACC-2025-18"),
    ("antimony oxide", None, SUSPENDED, "review", "MOFCOM-GACC-2024-33/Sb-3", ("purity",), None, "MOFCOM-GACC-2024-33"),
    (
        "diamond micropowder",
        None,
        RESEARCHED,
        "review",
        "2C902.a",
        ("mean_particle_size",),
        None,
        "MOFCOM-GACC-2025-55",
    ),
    (
        "lithium-ion battery",
        None,
        RESEARCHED,
        "review",
        "3A001",
        ("gravimetric_energy_density",),
        None,
        "MOFCOM-GACC-2025-58",
    ),
    (
        "Li-ion battery pack 250 Wh/kg",
        None,
        RESEARCHED,
        "not_controlled",
        "3A001",
        (),
        "below_thresholds",
        "MOFCOM-GACC-2025-58",
    ),
    ("gold jewellery", None, RESEARCHED, "not_controlled", None, (), "no_family_matched", None),
    ("carbon steel bolts", None, RESEARCHED, "not_controlled", None, (), "no_family_matched", None),
    ("AA alkaline batteries", None, RESEARCHED, "not_controlled", None, (), "no_family_matched", None),
    ("table salt", "2501001100", RESEARCHED, "not_controlled", None, (), "no_family_matched", None),
    # Thresholds read from the rule base, in other units and languages.
    (
        "Antimony trioxide 99.8%",
        None,
        SUSPENDED,
        "not_controlled",
        "MOFCOM-GACC-2024-33/Sb-3",
        (),
        "below_thresholds",
        "MOFCOM-GACC-2024-33",
    ),
    ("三氧化二锑 4N", None, SUSPENDED, "controlled", "MOFCOM-GACC-2024-33/Sb-3", (), None, "MOFCOM-GACC-2024-33"),
    (
        "Synthetic diamond single crystal 16/18 mesh",
        None,
        RESEARCHED,
        "not_controlled",
        "2C902.b",
        (),
        "below_thresholds",
        "MOFCOM-GACC-2025-55",
    ),
    (
        "Synthetic diamond grit 30/40 mesh",
        None,
        RESEARCHED,
        "review",
        "2C902.b",
        ("mean_particle_size",),
        None,
        "MOFCOM-GACC-2025-55",
    ),
    ("金刚石微粉 W3.5", None, RESEARCHED, "controlled", "2C902.a", (), None, "MOFCOM-GACC-2025-55"),
    (
        "MPCVD reactor 6 kW, 2.45 GHz",
        None,
        SUSPENDED,
        "not_controlled",
        "MOFCOM-GACC-2024-33/SH-3",
        (),
        "below_thresholds",
        "MOFCOM-GACC-2024-33",
    ),
    (
        "MPCVD system 75 kW, 915 MHz",
        None,
        SUSPENDED,
        "controlled",
        "MOFCOM-GACC-2024-33/SH-3",
        (),
        None,
        "MOFCOM-GACC-2024-33",
    ),
    (
        "18650 lithium-ion cell 3.6 V 3000 mAh, weight 46 g",
        None,
        RESEARCHED,
        "not_controlled",
        "3A001",
        (),
        "below_thresholds",
        "MOFCOM-GACC-2025-58",
    ),
    (
        "リチウムイオン電池 エネルギー密度 310Wh/kg",
        None,
        RESEARCHED,
        "controlled",
        "3A001",
        (),
        None,
        "MOFCOM-GACC-2025-58",
    ),
    ("磷酸铁锂 压实密度2.55 克容量158", None, RESEARCHED, "controlled", "3C901.a.1", (), None, "MOFCOM-GACC-2025-58"),
    (
        "Curved CVD diamond dome window",
        None,
        SUSPENDED,
        "controlled",
        "MOFCOM-GACC-2024-33/SH-4",
        (),
        None,
        "MOFCOM-GACC-2024-33",
    ),
    (
        "UHMWPE fibre, tenacity 35 cN/dtex, modulus 1200 cN/dtex",
        None,
        SUSPENDED,
        "not_controlled",
        "MOFCOM-GACC-CMCEDD-2024-21/4.1",
        (),
        "below_thresholds",
        "MOFCOM-GACC-CMCEDD-2024-21",
    ),
    # Exclusions and denials the text states.
    (
        "Lab-grown diamond, 1.5 ct, polished, for jewellery",
        None,
        RESEARCHED,
        "not_controlled",
        "2C902.b",
        (),
        "exclusion_applies",
        "MOFCOM-GACC-2025-55",
    ),
    (
        "培育钻石 裸钻 首饰用",
        None,
        RESEARCHED,
        "not_controlled",
        "2C902.b",
        (),
        "exclusion_applies",
        "MOFCOM-GACC-2025-55",
    ),
    (
        "Tungsten powder 99.9%, FSSS 2 µm",
        None,
        SUSPENDED,
        "not_controlled",
        "1C117.c",
        (),
        "exclusion_applies",
        "MOFCOM-GACC-2025-10",
    ),
    (
        "Sintered NdFeB magnets, Dy-free and Tb-free",
        None,
        SUSPENDED,
        "not_controlled",
        "1C904.a",
        (),
        "form_not_listed",
        "MOFCOM-GACC-2025-18",
    ),
    (
        "NdFeB magnets grade N42",
        None,
        SUSPENDED,
        "review",
        "1C904.a",
        ("terbium_or_dysprosium_content",),
        None,
        "MOFCOM-GACC-2025-18",
    ),
    ("NdFeB magnets 45SH with Dy", None, SUSPENDED, "controlled", "1C905", (), None, "MOFCOM-GACC-2025-18"),
    # A family named, but not in a listed form.
    ("Bismuth oxide 99.99%", None, SUSPENDED, "not_controlled", None, (), "form_not_listed", None),
    ("Indium ingot 99.995%", None, SUSPENDED, "not_controlled", None, (), "form_not_listed", None),
    ("Cerium oxide polishing powder", None, RESEARCHED, "not_controlled", None, (), "no_family_matched", None),
    # Dates: suspended and not yet in force codes are reported, but make nothing controlled.
    (
        "HPHT diamond grit 40/50 mesh",
        None,
        SUSPENDED,
        "not_controlled",
        "2C902.b",
        (),
        "not_in_force",
        "MOFCOM-GACC-2025-55",
    ),
    (
        "HPHT diamond grit 40/50 mesh",
        None,
        BEFORE_55,
        "not_controlled",
        "2C902.b",
        (),
        "not_in_force",
        "MOFCOM-GACC-2025-55",
    ),
    (
        "Holmium oxide Ho2O3 99.9%",
        None,
        SUSPENDED,
        "not_controlled",
        "1C909.b",
        (),
        "not_in_force",
        "MOFCOM-GACC-2025-57",
    ),
    ("Holmium oxide Ho2O3 99.9%", None, RESEARCHED, "controlled", "1C909.b", (), None, "MOFCOM-GACC-2025-57"),
    ("Samarium oxide 99.9%", None, BEFORE_18, "not_controlled", "1C902.b", (), "not_in_force", "MOFCOM-GACC-2025-18"),
    # Pre-list items are named by entry id, in force and controlled.
    (
        "Semi-insulating GaAs wafers, 6 inch",
        None,
        SUSPENDED,
        "controlled",
        "MOFCOM-GACC-2023-23/Ga-5",
        (),
        None,
        "MOFCOM-GACC-2023-23",
    ),
    (
        "Natural flake graphite +100 mesh",
        None,
        SUSPENDED,
        "controlled",
        "MOFCOM-GACC-2023-39/G-2",
        (),
        None,
        "MOFCOM-GACC-2023-39",
    ),
    # Technology is not goods: only technology entries apply while the text speaks of it.
    ("稀土冶炼分离技术", None, RESEARCHED, "controlled", "1E902.a", (), None, "MOFCOM-2025-62"),
    (
        "Production technology for ammonium paratungstate",
        None,
        SUSPENDED,
        "controlled",
        "1E004",
        (),
        None,
        "MOFCOM-GACC-2025-10",
    ),
    # Purpose clauses give context, never the goods.
    ("Jet mill for NdFeB magnet powder", None, RESEARCHED, "controlled", "2B902.s", (), None, "MOFCOM-GACC-2025-56"),
    ("Pharmaceutical jet mill", None, RESEARCHED, "not_controlled", None, (), "no_family_matched", None),
]


@pytest.mark.parametrize(
    ("description", "hs_code", "day", "status", "top", "missing", "reason", "instrument"),
    CASES,
    ids=[f"{c[0]} on {c[2]}" for c in CASES],
)
def test_outcome(
    classifier: Classifier,
    description: str,
    hs_code: str | None,
    day: date,
    status: str,
    top: str | None,
    missing: tuple[str, ...],
    reason: str | None,
    instrument: str | None,
) -> None:
    """Each order line gets the outcome, top code, missing facts, reason and first citation the law gives it."""
    result = classifier.classify(description, hs_code=hs_code, as_of=day)
    assert result.status == status
    assert result.reason == reason
    assert result.missing_parameters == missing
    if top is None:
        assert not result.codes or result.codes[0].verdict != "meets" or result.codes[0].status != "in_force"
    else:
        assert result.codes[0].label == top
        assert result.codes[0].citations[0].instrument == instrument


@pytest.mark.parametrize(
    ("description", "day", "code", "state"),
    [
        ("HPHT diamond grit 40/50 mesh", SUSPENDED, "2C902.b", "suspended"),
        ("HPHT diamond grit 40/50 mesh", BEFORE_55, "2C902.b", "not_yet_in_force"),
        ("HPHT diamond grit 40/50 mesh", RESEARCHED, "2C902.b", "in_force"),
        ("Samarium oxide", BEFORE_18, "1C902.b", "not_yet_in_force"),
        ("Samarium oxide", SUSPENDED, "1C902.b", "in_force"),
    ],
)
def test_code_status_on_the_day(classifier: Classifier, description: str, day: date, code: str, state: str) -> None:
    """A candidate code carries its instrument's status on the day asked about."""
    result = classifier.classify(description, as_of=day)
    assert result.codes[0].label == code
    assert result.codes[0].status == state


def test_suspended_code_cites_the_suspending_instrument(classifier: Classifier) -> None:
    """A code suspended on the day cites both its own announcement and the announcement that suspends it."""
    result = classifier.classify("HPHT diamond grit 40/50 mesh", as_of=SUSPENDED)
    cited = [c.instrument for c in result.codes[0].citations]
    assert cited == ["MOFCOM-GACC-2025-55", "MOFCOM-GACC-2025-70"]


def test_pre_list_items_cite_the_unified_list(classifier: Classifier) -> None:
    """A pre-list item has no control code, is named by entry id and cites both its announcement and Ann 51/2024."""
    code = classifier.classify("Gallium nitride wafers", as_of=SUSPENDED).codes[0]
    assert code.code is None
    assert code.entry_id == "MOFCOM-GACC-2023-23/Ga-2"
    assert [c.instrument for c in code.citations] == ["MOFCOM-GACC-2023-23", "MOFCOM-MIIT-GACC-SCA-2024-51"]


@pytest.mark.parametrize(
    ("description", "declared", "status", "top", "clash"),
    [
        ("Samarium oxide 99.9%", "1C902.b", "controlled", "1C902.b", False),
        ("Rare earth material, see certificate of analysis", "1C904.b", "review", "1C904.b", False),
        ("Terbium oxide Tb4O7", "1C902.b", "controlled", "1C904.b", True),
        ("Goods as per contract", "1c902.A", "review", "1C902.a.1", False),
    ],
)
def test_declared_code(
    classifier: Classifier, description: str, declared: str, status: str, top: str, clash: bool
) -> None:
    """A declared control code is evidence, never enough alone, and a description that contradicts it is flagged."""
    result = classifier.classify(description, as_of=SUSPENDED, declared_code=declared)
    assert result.status == status
    assert result.codes[0].label == top
    assert ("does not fit the description" in result.explanation) == clash
