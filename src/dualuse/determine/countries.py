"""Country codes: ISO 3166-1 alpha-2, plus the names order books actually use, in three languages."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_ISO = (
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY "
    "BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM "
    "FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT "
    "JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN "
    "MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT "
    "PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL "
    "TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
)
ISO_CODES = frozenset(_ISO.split())

_NAMES = {
    "JAPAN": "JP", "日本": "JP", "にほん": "JP", "ニッポン": "JP", "JPN": "JP",
    "CHINA": "CN", "PRC": "CN", "中国": "CN", "中國": "CN", "中华人民共和国": "CN", "CHN": "CN",
    "PEOPLE'S REPUBLIC OF CHINA": "CN",
    "UNITED STATES": "US", "UNITED STATES OF AMERICA": "US", "USA": "US", "U.S.": "US", "U.S.A.": "US",
    "美国": "US", "美國": "US", "米国": "US", "アメリカ": "US",
    "TAIWAN": "TW", "台湾": "TW", "台灣": "TW", "KOREA": "KR", "SOUTH KOREA": "KR", "韩国": "KR", "韓国": "KR",
    "GERMANY": "DE", "德国": "DE", "ドイツ": "DE", "FRANCE": "FR", "UNITED KINGDOM": "GB", "UK": "GB",
    "SINGAPORE": "SG", "新加坡": "SG", "シンガポール": "SG", "HONG KONG": "HK", "香港": "HK",
    "VIETNAM": "VN", "VIET NAM": "VN", "越南": "VN", "ベトナム": "VN", "THAILAND": "TH", "泰国": "TH", "タイ": "TH",
    "MALAYSIA": "MY", "INDIA": "IN", "印度": "IN", "CANADA": "CA", "加拿大": "CA", "AUSTRALIA": "AU",
    "NETHERLANDS": "NL", "ITALY": "IT", "SPAIN": "ES", "RUSSIA": "RU", "俄罗斯": "RU", "MEXICO": "MX",
    "INDONESIA": "ID", "PHILIPPINES": "PH", "BRAZIL": "BR", "SWITZERLAND": "CH", "ISRAEL": "IL",
}  # fmt: skip


def normalise_country(text: str) -> str | None:
    """The ISO alpha-2 code for a code or common name ('jp', 'Japan', '日本' → 'JP'); None if unknown."""
    return _normalised(text)


@lru_cache(maxsize=4096)  # order books repeat a few spellings of a few countries on every line
def _normalised(text: str) -> str | None:
    key = unicodedata.normalize("NFKC", text).strip().upper()
    if key in ISO_CODES:
        return key
    return _NAMES.get(key)
