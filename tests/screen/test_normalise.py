"""Normalisation brings the spellings of one name together and says which steps it took."""

from __future__ import annotations

import pytest

from dualuse.screen import Screener
from dualuse.screen.romanise import is_romaji

# (written, normalised text, a step it must report)
NORMALISED = [
    ("三菱造船株式會社", "三菱造船", "traditional→simplified"),
    ("三菱造船株式會社", "三菱造船", "legal form 株式会社 removed"),
    ("沖電気工業", "冲电气工业", "Japanese kanji→simplified"),
    ("㈱トーキン", "トーキン", "legal form 株式会社 removed"),
    ("ENEOS(株)", "eneos", "legal form 株式会社 removed"),
    ("株式会社SUBARU", "subaru", "legal form 株式会社 removed"),
    ("ＩＨＩエアロスペース", "ihiエアロスペース", "full-width→half-width"),
    ("ﾄｰｷﾝ", "トーキン", "half-width katakana→full-width"),
    ("とーきん", "トーキン", "hiragana→katakana"),
    ("I.H.I. Aerospace K.K.", "ihi aerospace", "initials joined"),
    ("Mitsui E&S Co., Ltd.", "mitsui es", "legal form Co., Ltd. removed"),
    ("Fujitsu Defense & National Security, Ltd.", "fujitsu defense national security", "'&' read as 'and'"),
    ("The Fujikura Parachute Co., Ltd.", "fujikura parachute", "joining words set aside"),
    ("Mitsubishi Jūkōgyō Kabushiki Kaisha", "mitsubishi jukogyo", "accents removed"),
    ("Mitsubishi Jukogyo Kabushiki Kaisha", "mitsubishi jukogyo", "legal form Kabushiki Kaisha removed"),
    ("TCOM, Limited Partnership", "tcom", "legal form L.P. removed"),
    ("川崎重工業 航空宇宙システムカンパニー株式会社", "川崎重工业 航空宇宙システム", "legal form カンパニー removed"),
    ("台灣國際造船股份有限公司", "台湾国际造船", "legal form 股份有限公司 removed"),
    ("삼성전자 주식회사", "samseongjeonja", "spelled in Latin letters (unidecode)"),
    ("Kawasaki Heavy Ind.", "kawasaki heavy industries", "'ind' read as 'industries'"),
    ("National Institute for Defence Studies", "national institute defense studies", "'defence' read as 'defense'"),
]


@pytest.mark.parametrize(("written", "text", "step"), NORMALISED)
def test_name_is_normalised_with_its_steps(screener: Screener, written: str, text: str, step: str) -> None:
    """A name is brought to its comparable form and the step that did it is recorded."""
    normalised = screener.forms.normaliser.normalise(written)
    assert normalised.text == text
    assert step in normalised.steps


@pytest.mark.parametrize("written", ["Co., Ltd.", "株式会社", "Corporation", "The"])
def test_a_name_of_legal_form_words_only_is_kept(screener: Screener, written: str) -> None:
    """Removing legal forms and joining words never empties a name."""
    assert screener.forms.normaliser.normalise(written).text


# (a spelling, another spelling of the same romaji word)
ROMAJI_SPELLINGS = [
    ("juukougyou", "jukogyo"),
    ("zyuukougyou", "jukogyo"),
    ("mitubisi", "mitsubishi"),
    ("kawajyu", "kawaju"),
    ("toukyou", "tokyo"),
    ("ohno", "ono"),
    ("shimbun", "shinbun"),
]


@pytest.mark.parametrize(("spelling", "other"), ROMAJI_SPELLINGS)
def test_romaji_spellings_fold_together(screener: Screener, spelling: str, other: str) -> None:
    """Kunrei, passport and long-vowel spellings of a romaji word fold to the same key."""
    fold = screener.forms.romaniser.fold
    assert fold(spelling) == fold(other)


@pytest.mark.parametrize(
    ("word", "romaji"), [("mitsubishi", True), ("kawajyu", True), ("industries", False), ("harris", False)]
)
def test_only_romaji_words_are_folded_as_romaji(word: str, romaji: bool) -> None:
    """English words are not taken for romaji, so 'industries' is never folded like 'juukougyou'."""
    assert is_romaji(word) is romaji


@pytest.mark.parametrize(
    ("english", "folded"), [("industries", "industry"), ("systems", "system"), ("harris", "harris")]
)
def test_plural_endings_of_english_words_are_folded(screener: Screener, english: str, folded: str) -> None:
    """Plural endings are ignored in comparison keys; a final s after s, i or u stays."""
    assert screener.forms.romaniser.fold(english) == folded
