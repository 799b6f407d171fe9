"""Screening finds designated parties in every script and variant, and nothing else."""

from __future__ import annotations

import pytest

from dualuse.screen import Screener
from tests.screen.conftest import AFTER_ALL_LISTINGS

# (query, country, expected party) — each a way a real document writes a listed party.
HITS = [
    ("Mitsubishi Heavy Industries Shipbuilding Co.", None, "MOFCOM-2026-11:01"),
    ("三菱造船株式會社", "JP", "MOFCOM-2026-11:01"),
    ("三菱造船", None, "MOFCOM-2026-11:01"),
    ("株式会社三菱造船", None, "MOFCOM-2026-11:01"),
    ("みつびしぞうせん", None, "MOFCOM-2026-11:01"),
    ("Mitsubishi Zosen K.K.", None, "MOFCOM-2026-11:01"),
    ("Mitubisi Zousen", None, "MOFCOM-2026-11:01"),
    ("MITSUBISHI HEAVY INDUSTRIES AERO ENGINES, LTD.", "JP", "MOFCOM-2026-11:02"),
    ("Mitsubishi Heavy Industries Aero Engnes", None, "MOFCOM-2026-11:02"),
    ("Mitsubishi Heavy Industries AeroEngines", None, "MOFCOM-2026-11:02"),
    ("三菱重工航空发动机有限公司", None, "MOFCOM-2026-11:02"),
    ("ミツビシジュウコウコウクウエンジン", None, "MOFCOM-2026-11:02"),
    ("ＩＨＩエアロスペース", None, "MOFCOM-2026-11:12"),
    ("IHIｴｱﾛｽﾍﾟｰｽ", None, "MOFCOM-2026-11:12"),
    ("I.H.I. Aerospace Co., Ltd.", None, "MOFCOM-2026-11:12"),
    ("IHI宇航株式会社", None, "MOFCOM-2026-11:12"),
    ("Kawasaki Heavy Industries Aerospace Systems Company", None, "MOFCOM-2026-11:06"),
    ("川崎重工業 航空宇宙システムカンパニー", None, "MOFCOM-2026-11:06"),
    ("KHI Aerospace Systems", None, "MOFCOM-2026-11:06"),
    ("Fujitsu Defense and National Security Ltd", None, "MOFCOM-2026-11:08"),
    ("富士通ディフェンス＆ナショナルセキュリティ", None, "MOFCOM-2026-11:08"),
    ("NEC Network & Sensor Systems", None, "MOFCOM-2026-11:15"),
    ("NEC航空宇宙系统", None, "MOFCOM-2026-11:16"),
    ("JMU", "JP", "MOFCOM-2026-11:17"),
    ("Japan Marine United Corp.", None, "MOFCOM-2026-11:17"),
    ("ジャパン・マリン・ユナイテッド", None, "MOFCOM-2026-11:17"),
    ("JAXA", None, "MOFCOM-2026-11:20"),
    ("国立研究開発法人宇宙航空研究開発機構", None, "MOFCOM-2026-11:20"),
    ("National Defense Academy", "JP", "MOFCOM-2026-11:19"),
    ("防衛大学校", None, "MOFCOM-2026-11:19"),
    ("SUBARU Corp", None, "MOFCOM-2026-12:01"),
    ("ENEOS(株)", None, "MOFCOM-2026-12:03"),
    ("Yusoki Kogyo K.K.", None, "MOFCOM-2026-12:04"),
    ("輸送機工業", None, "MOFCOM-2026-12:04"),
    ("Industries Heavy Sumitomo", None, "MOFCOM-2026-12:11"),
    ("住友重机械工业股份有限公司", None, "MOFCOM-2026-12:11"),
    ("Nitto Denko", None, "MOFCOM-2026-12:18"),
    ("ﾆｯﾄｰﾃﾞﾝｺｰ", None, "MOFCOM-2026-12:18"),
    ("Mitsui E and S", None, "MOFCOM-2026-28:01"),
    ("三井Ｅ＆Ｓ", None, "MOFCOM-2026-28:01"),
    ("Kawajyu Gifu Manufacturing", None, "MOFCOM-2026-27:06"),
    ("沖電気工業株式会社", None, "MOFCOM-2026-28:11"),
    ("Hosoya Pyro Engineering CoLtd", None, "MOFCOM-2026-28:19"),
    ("中山科學研究院", "TW", "MOFCOM-2025-35:03"),
    ("Zhongshan Kexue Yanjiuyuan", None, "MOFCOM-2025-35:03"),
    ("CSBC Corporation, Taiwan", "TW", "MOFCOM-2025-35:05"),
    ("Lockheed Martin Corp.", "US", "MOFCOM-2025-1:03"),
    ("L3Harris Technologies, Inc.", None, "MOFCOM-2025-1:05"),
    ("In-Situ", None, "MOFCOM-2025-22:12"),
    ("TechInsights Inc.", "CA", "UEL-2025-1009:TechInsights"),
]

# Parents, holding and sister companies of listed parties, and ordinary companies sharing words
# with listed names: none is designated, in any script.
NOT_HITS = [
    "Mitsubishi Heavy Industries, Ltd.",
    "三菱重工業株式会社",
    "三菱重工",
    "MITSUBISHI HEAVY INDUSTRIES",
    "Kawasaki Heavy Industries, Ltd.",
    "川崎重工業株式会社",
    "IHI Corporation",
    "株式会社IHI",
    "NEC Corporation",
    "日本電気株式会社",
    "Fujitsu Limited",
    "富士通株式会社",
    "Mitsubishi Electric Corporation",
    "三菱電機",
    "ENEOS Holdings, Inc.",
    "Mitsui & Co., Ltd.",
    "Sumitomo Heavy Industries Himatex Co., Ltd.",
    "Global Nuclear Fuel - Japan Co., Ltd.",
    "Mitsubishi Materials Trading Corporation",
    "TDK-Lambda Corporation",
    "Hitachi Systems, Ltd.",
    "Heavy Industries Co., Ltd.",
    "Aerospace",
    "University of Tokyo",
    "東京大学",
    "Tokyo University of Science",
    "Sierra Nevada Brewing Co.",
    "Avex Inc.",
    "Samsung Heavy Industries",
    "현대중공업",
    "华为技术有限公司",
    "The Boeing Company",
    "Ministry of Defense",
    "防衛装備庁",
]


@pytest.mark.parametrize(("query", "country", "expected"), HITS)
def test_listed_party_is_a_hit(screener: Screener, query: str, country: str | None, expected: str) -> None:
    """A listed party written in any script or variant is the best hit."""
    result = screener.screen(query, country=country, as_of=AFTER_ALL_LISTINGS)
    assert result.matches, f"no hit for {query!r}; related: {[m.entity_id for m in result.related]}"
    assert result.matches[0].entity_id == expected


@pytest.mark.parametrize("query", NOT_HITS)
def test_unlisted_party_is_not_a_hit(screener: Screener, query: str) -> None:
    """A parent, sister company or unrelated company is never a hit."""
    result = screener.screen(query, as_of=AFTER_ALL_LISTINGS)
    assert result.matches == (), [(m.entity_id, m.score) for m in result.matches]


@pytest.mark.parametrize(
    ("query", "subsidiary"),
    [
        ("Mitsubishi Heavy Industries, Ltd.", "MOFCOM-2026-11:01"),
        ("三菱重工業", "MOFCOM-2026-11:02"),
        ("Kawasaki Heavy Industries", "MOFCOM-2026-11:06"),
        ("IHI Corporation", "MOFCOM-2026-11:12"),
    ],
)
def test_parent_is_reported_as_related_below_the_threshold(screener: Screener, query: str, subsidiary: str) -> None:
    """A parent's listed subsidiaries appear under related, below the hit threshold, for a reviewer."""
    result = screener.screen(query, as_of=AFTER_ALL_LISTINGS)
    related = {m.entity_id: m for m in result.related}
    assert subsidiary in related
    assert related[subsidiary].score < result.threshold
    assert "not itself listed" in related[subsidiary].explanation


@pytest.mark.parametrize(
    ("query", "listed_country", "other_country"),
    [("Lockheed Martin Corporation", "US", "JP"), ("SUBARU Corporation", "JP", "US")],
)
def test_a_different_country_lowers_the_score(
    screener: Screener, query: str, listed_country: str, other_country: str
) -> None:
    """The same name scores lower when the query's country differs from the listed party's."""
    same = screener.screen(query, country=listed_country, as_of=AFTER_ALL_LISTINGS).matches[0]
    other = screener.screen(query, country=other_country, as_of=AFTER_ALL_LISTINGS).matches[0]
    assert other.score < same.score
    assert any("country" in step for step in other.steps)


@pytest.mark.parametrize(
    ("address", "country"),
    [
        ("1-1 Marunouchi, Chiyoda-ku, Tokyo 100-0005, Japan", "JP"),
        ("東京都千代田区丸の内1-1 日本", "JP"),
        ("中国上海市浦东新区", "CN"),
        ("Arlington, VA, U.S.A.", "US"),
        ("Seoul, Republic of Korea", "KR"),
        ("Unit 5, Harbour Road", None),
    ],
)
def test_country_is_read_from_the_address(screener: Screener, address: str, country: str | None) -> None:
    """An address that ends (or, in CJK, starts) with a known country name gives the query's country."""
    assert screener.country_of(address) == country


def test_address_country_lowers_a_foreign_match_but_a_given_country_wins(screener: Screener) -> None:
    """The country read from an address counts like a given country, and a given country takes precedence."""
    plain = screener.screen("Lockheed Martin Corporation", as_of=AFTER_ALL_LISTINGS).matches[0]
    japan = screener.screen("Lockheed Martin Corporation", as_of=AFTER_ALL_LISTINGS, address="Tokyo, Japan")
    given = screener.screen("Lockheed Martin Corporation", "US", AFTER_ALL_LISTINGS, address="Tokyo, Japan")
    assert japan.country == "JP"
    assert japan.matches[0].score < plain.score
    assert given.matches[0].score == plain.score
