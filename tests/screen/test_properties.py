"""Invariants of normalisation and scoring, checked on generated names (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dualuse.errors import InputError
from dualuse.screen import Screener
from dualuse.screen.forms import NameForm
from dualuse.screen.normalise import Normaliser
from dualuse.screen.score import compare_characters, compare_words
from tests.screen.conftest import AFTER_ALL_LISTINGS

# Names built from what real names are made of: ASCII letters and digits, kana, common and
# traditional/Japanese kanji, full-width forms, punctuation and legal forms.
PIECES = st.sampled_from(
    ["Mitsubishi", "Heavy", "Industries", "IHI", "Aero", "NEC", "Co.,", "Ltd.", "K.K.", "&", "and", "(株)", "㈱",
     "株式会社", "株式會社", "有限公司", "三菱", "重工業", "造船", "電機", "发动机", "エンジン", "ｴﾝｼﾞﾝ", "みつびし",
     "ＩＨＩ", "Ｃｏ．", "Jūkō", "Kogyo", "-", "・", "/", "E&S", "I.H.I.", "The", "of", "Tokyo", "大学"]
)  # fmt: skip
NAMES = st.lists(
    st.one_of(PIECES, st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)),
    min_size=1,
    max_size=6,
).map(" ".join)
ASCII_NAMES = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 &.,-", min_size=1, max_size=40
)
ANY_TEXT = st.text(min_size=1, max_size=60)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in text)


def _screened(screener: Screener, name: str) -> list[tuple[str, float]] | None:
    try:
        result = screener.screen(name, as_of=AFTER_ALL_LISTINGS)
    except InputError:
        return None
    return [(m.entity_id, round(m.score, 9)) for m in (*result.matches, *result.related)]


@FAST
@given(NAMES)
def test_normalisation_is_idempotent_on_names(screener: Screener, name: str) -> None:
    """Normalising a normalised name changes nothing."""
    normaliser: Normaliser = screener.forms.normaliser
    once = normaliser.normalise(name).text
    assert normaliser.normalise(once).text == once


@FAST
@given(ANY_TEXT)
def test_normalisation_is_idempotent_on_any_text(screener: Screener, text: str) -> None:
    """Normalising any text twice gives what normalising it once gives."""
    normaliser: Normaliser = screener.forms.normaliser
    once = normaliser.normalise(text).text
    assert normaliser.normalise(once).text == once


@FAST
@given(NAMES)
def test_scores_lie_between_zero_and_one(screener: Screener, name: str) -> None:
    """Every reported score lies in [0, 1]."""
    for _, score in _screened(screener, name) or []:
        assert 0.0 <= score <= 1.0


@FAST
@given(NAMES, NAMES)
def test_comparisons_lie_between_zero_and_one(screener: Screener, left: str, right: str) -> None:
    """Word and character comparisons of any two names lie in [0, 1], and a name compared with itself scores 1."""
    builder = screener.forms
    forms: list[NameForm] = [*builder.query(left), *builder.query(right)]
    for a in forms:
        for b in forms:
            score = (
                compare_words(a, b).score if a.tokens and b.tokens else compare_characters(a.compact, b.compact).score
            )
            assert 0.0 <= score <= 1.0
        if a.tokens:
            assert compare_words(a, a).score == 1.0


@FAST
@given(ASCII_NAMES)
def test_full_width_and_half_width_score_the_same(screener: Screener, name: str) -> None:
    """A name typed in full-width characters is screened exactly like its half-width form."""
    assert _screened(screener, _full_width(name)) == _screened(screener, name)


@FAST
@given(ASCII_NAMES)
def test_upper_and_lower_case_score_the_same(screener: Screener, name: str) -> None:
    """Case never changes a score."""
    assert _screened(screener, name.upper()) == _screened(screener, name.lower())
