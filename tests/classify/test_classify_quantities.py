"""Reading technical quantities from order lines: units, sieve sizes, purity grades and bounds."""

from __future__ import annotations

import math

import pytest

from dualuse.classify.quantities import QuantityReader
from dualuse.classify.text import prepare, purpose_markers
from dualuse.classify.vocabulary import Vocabulary, load_vocabulary
from dualuse.rulebase import RuleBase


@pytest.fixture(scope="module")
def vocabulary(rulebase: RuleBase) -> Vocabulary:
    """The bundled classification vocabulary."""
    return load_vocabulary(rulebase)


# (text, dimension, low, high, keyword): the first quantity read, in the base unit of its dimension (µm for length)
CASES = [
    ("Sm2O3 99.99% powder", "fraction", 99.99, 99.99, None),
    ("purity ≥99.99%", "fraction", 99.99, 100.0, "purity"),
    ("纯度 99.999%", "fraction", 99.999, 99.999, "purity"),
    ("酸化ジスプロシウム 3N", "fraction", 99.9, 99.9, None),
    ("tellurium 5N", "fraction", 99.999, 99.999, None),
    ("germanium 4N5", "fraction", 99.995, 99.995, None),
    ("99,99 %", "fraction", 99.99, 99.99, None),
    ("diamond grit 40/50 mesh", "length", 300.0, 425.0, "particle_size"),
    ("钼粉 -325目", "length", 0.0, 45.0, None),
    ("+100 mesh flake graphite", "length", 150.0, math.inf, None),
    ("D50 3-5 µm", "length", 3.0, 5.0, "particle_size"),
    ("0.5 micron", "length", 0.5, 0.5, None),
    ("800 nm powder", "length", 0.8, 0.8, None),
    ("金刚石微粉 M1/2", "length", 1.0, 2.0, None),
    ("微粉 W3.5", "length", 0.0, 3.5, None),
    ("cylinder bore 650 mm", "length", 650_000.0, 650_000.0, "bore_diameter"),
    ("能量密度300Wh/kg", "specific_energy", 300.0, 300.0, "gravimetric_energy_density"),
    ("cell, 3.6 V 3000 mAh, weight 46 g", "voltage", 3.6, 3.6, None),
    ("specific capacity 158 mAh/g", "specific_capacity", 158.0, 158.0, "specific_capacity"),
    ("compaction density 2.6 g/cm3", "mass_density", 2.6, 2.6, "compacted_density"),
    ("压实密度2.55 克容量158", "mass_density", 2.55, 2.55, "compacted_density"),
    ("microwave power 15 kW", "power", 15.0, 15.0, "microwave_power"),
    ("2.45 GHz", "frequency", 2450.0, 2450.0, None),
    ("design pressure 5.5 GPa", "pressure", 5500.0, 5500.0, "design_pressure"),
    ("magnetic field 1.5 T", "magnetic_field", 1.5, 1.5, "magnetic_field"),
    ("5,000 m3/day", "volume_rate", 5000.0, 5000.0, None),
    ("tenacity 40 g/d", "linear_strength", 35.304, 35.304, "tenacity"),
    ("EPD < 50 cm-2", "defect_density", 0.0, 49.99995, "dislocation_density"),
]


@pytest.mark.parametrize(("text", "dimension", "low", "high", "keyword"), CASES, ids=[c[0] for c in CASES])
def test_first_quantity(
    vocabulary: Vocabulary, text: str, dimension: str, low: float, high: float, keyword: str | None
) -> None:
    """The first quantity of the text is read with its dimension, its range in base units and its keyword."""
    found = QuantityReader(vocabulary).read(prepare(text, purpose_markers(vocabulary.terms.purpose)))
    first = found[0]
    assert first.dimension == dimension
    assert first.low == pytest.approx(low, rel=1e-5, abs=1e-4)
    assert first.high == pytest.approx(high, rel=1e-5, abs=1e-4) if math.isfinite(high) else math.isinf(first.high)
    assert first.keyword == keyword


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18650 cell 3.6 V 3000 mAh, weight 46 g", 234.8),
        ("EV battery pack 75 kWh, weight 450 kg", 166.7),
    ],
)
def test_energy_density_worked_out(vocabulary: Vocabulary, text: str, expected: float) -> None:
    """A battery's gravimetric energy density is worked out from its stated energy (or charge × voltage) and weight."""
    found = QuantityReader(vocabulary).read(prepare(text, purpose_markers(vocabulary.terms.purpose)))
    derived = [m for m in found if m.dimension == "specific_energy"]
    assert [round(m.low, 1) for m in derived] == [expected]


@pytest.mark.parametrize(
    "text",
    ["Sm2O3", "NCM811 precursor", "18650 cells", "order 2024-55", "grade 5 titanium", "Y30 ferrite", "SmCo5"],
)
def test_numbers_without_units_are_not_quantities(vocabulary: Vocabulary, text: str) -> None:
    """Digits in formulas, model numbers and dates are not read as quantities."""
    found = QuantityReader(vocabulary).read(prepare(text, purpose_markers(vocabulary.terms.purpose)))
    assert found == []
