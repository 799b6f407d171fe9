"""A seeded synthetic list of parties with realistic multi-script names, for throughput at scale.

The names follow the patterns of real trade counterparties: Japanese companies in kanji/katakana
with a romaji or English name (東洋精密工業株式会社 / Toyo Seimitsu Kogyo Co., Ltd.), Chinese
companies as city + brand + trade (深圳华信科技有限公司 / Shenzhen Huaxin Technology Co., Ltd.),
Korean companies in Hangul and Latin, and US/European companies in English. Group names the
Chinese lists also use (Mitsubishi, Sumitomo, Kawasaki, Fuji, Nippon) are in the pools on purpose,
so that the index meets long lists of shared words. None of these parties is real.
"""

from __future__ import annotations

import random

from dualuse.screen.sources import ExtraList, ExtraParty

JP_PREFIXES = [
    ("東洋", "Toyo"), ("日本", "Nippon"), ("東京", "Tokyo"), ("大阪", "Osaka"), ("中央", "Chuo"), ("新日本", "Shin-Nippon"),
    ("北海", "Hokkai"), ("九州", "Kyushu"), ("関西", "Kansai"), ("名古屋", "Nagoya"), ("横浜", "Yokohama"), ("神戸", "Kobe"),
    ("山田", "Yamada"), ("田中", "Tanaka"), ("佐藤", "Sato"), ("鈴木", "Suzuki"), ("高橋", "Takahashi"), ("渡辺", "Watanabe"),
    ("伊藤", "Ito"), ("中村", "Nakamura"), ("小林", "Kobayashi"), ("加藤", "Kato"), ("吉田", "Yoshida"), ("山本", "Yamamoto"),
    ("三菱", "Mitsubishi"), ("住友", "Sumitomo"), ("三井", "Mitsui"), ("川崎", "Kawasaki"), ("富士", "Fuji"), ("日立", "Hitachi"),
    ("太平洋", "Taiheiyo"), ("昭和", "Showa"), ("大和", "Yamato"), ("朝日", "Asahi"), ("旭", "Asahi"), ("明治", "Meiji"),
    ("大同", "Daido"), ("日東", "Nitto"), ("日新", "Nisshin"), ("八洲", "Yashima"), ("豊田", "Toyota"), ("松本", "Matsumoto"),
    ("北陸", "Hokuriku"), ("東北", "Tohoku"), ("中部", "Chubu"), ("四国", "Shikoku"), ("岡山", "Okayama"), ("広島", "Hiroshima"),
    ("京都", "Kyoto"), ("奈良", "Nara"), ("千代田", "Chiyoda"), ("丸の内", "Marunouchi"), ("新光", "Shinko"), ("光洋", "Koyo"),
]  # fmt: skip
JP_TRADES = [
    ("電機", "Denki", "Electric"), ("工業", "Kogyo", "Industries"), ("製作所", "Seisakusho", "Works"),
    ("化学", "Kagaku", "Chemical"), ("精密", "Seimitsu", "Precision"), ("重工", "Juko", "Heavy Industries"),
    ("商事", "Shoji", "Trading"), ("技研", "Giken", "Engineering"), ("航空", "Koku", "Aviation"),
    ("電子", "Denshi", "Electronics"), ("機械", "Kikai", "Machinery"), ("製鋼", "Seiko", "Steel Works"),
    ("通信", "Tsushin", "Communications"), ("造船", "Zosen", "Shipbuilding"), ("物産", "Bussan", "Trading"),
    ("システム", "Shisutemu", "Systems"), ("エンジニアリング", "Enjiniaringu", "Engineering"),
    ("テクノロジー", "Tekunoroji", "Technology"), ("マテリアル", "Materiaru", "Materials"), ("計器", "Keiki", "Instruments"),
    ("光学", "Kogaku", "Optical"), ("産業", "Sangyo", "Industry"), ("金属", "Kinzoku", "Metals"), ("薬品", "Yakuhin", "Pharmaceutical"),
]  # fmt: skip
CN_CITIES = [
    ("深圳", "Shenzhen"), ("上海", "Shanghai"), ("北京", "Beijing"), ("广州", "Guangzhou"), ("杭州", "Hangzhou"),
    ("苏州", "Suzhou"), ("南京", "Nanjing"), ("天津", "Tianjin"), ("重庆", "Chongqing"), ("成都", "Chengdu"),
    ("武汉", "Wuhan"), ("西安", "Xi'an"), ("青岛", "Qingdao"), ("大连", "Dalian"), ("宁波", "Ningbo"),
    ("厦门", "Xiamen"), ("东莞", "Dongguan"), ("佛山", "Foshan"), ("无锡", "Wuxi"), ("合肥", "Hefei"),
    ("长沙", "Changsha"), ("郑州", "Zhengzhou"), ("济南", "Jinan"), ("沈阳", "Shenyang"), ("哈尔滨", "Harbin"),
    ("台北", "Taipei"), ("新竹", "Hsinchu"), ("高雄", "Kaohsiung"), ("香港", "Hong Kong"), ("昆山", "Kunshan"),
]  # fmt: skip
CN_BRAND_CHARS = [
    ("华", "hua"), ("信", "xin"), ("中", "zhong"), ("天", "tian"), ("海", "hai"), ("光", "guang"), ("达", "da"),
    ("盛", "sheng"), ("宏", "hong"), ("远", "yuan"), ("鑫", "xin"), ("瑞", "rui"), ("恒", "heng"), ("泰", "tai"),
    ("新", "xin"), ("金", "jin"), ("隆", "long"), ("安", "an"), ("博", "bo"), ("创", "chuang"), ("科", "ke"),
    ("智", "zhi"), ("联", "lian"), ("通", "tong"), ("德", "de"), ("佳", "jia"), ("东", "dong"), ("方", "fang"),
    ("鼎", "ding"), ("腾", "teng"), ("凯", "kai"), ("越", "yue"), ("弘", "hong"), ("晟", "sheng"), ("航", "hang"),
    ("美", "mei"), ("嘉", "jia"), ("荣", "rong"), ("丰", "feng"), ("永", "yong"), ("昌", "chang"), ("宇", "yu"),
]  # fmt: skip
CN_TRADES = [
    ("科技", "Technology"), ("电子", "Electronics"), ("机械", "Machinery"), ("化工", "Chemical"), ("贸易", "Trading"),
    ("新材料", "New Materials"), ("精密", "Precision"), ("自动化", "Automation"), ("光电", "Optoelectronics"),
    ("通信", "Communication"), ("能源", "Energy"), ("半导体", "Semiconductor"), ("航空", "Aviation"), ("重工", "Heavy Industry"),
    ("仪器", "Instruments"), ("电气", "Electric"), ("物流", "Logistics"), ("进出口", "Import and Export"),
]  # fmt: skip
KR_BRANDS = [
    ("대한", "Daehan"), ("한국", "Hanguk"), ("동양", "Dongyang"), ("삼화", "Samhwa"), ("대성", "Daesung"),
    ("한일", "Hanil"), ("세원", "Sewon"), ("우진", "Woojin"), ("동진", "Dongjin"), ("태양", "Taeyang"),
    ("신한", "Shinhan"), ("경남", "Gyeongnam"), ("부산", "Busan"), ("서울", "Seoul"), ("미래", "Mirae"),
]  # fmt: skip
KR_TRADES = [("정밀", "Precision"), ("전자", "Electronics"), ("중공업", "Heavy Industries"), ("화학", "Chemical"),
             ("기계", "Machinery"), ("산업", "Industrial"), ("테크", "Tech"), ("항공", "Aerospace")]  # fmt: skip
WEST_FIRST = [
    "Apex", "Summit", "Pioneer", "Atlas", "Liberty", "Eagle", "Falcon", "Orion", "Vector", "Nova", "Titan", "Delta",
    "Sierra", "Pacific", "Atlantic", "Northern", "Southern", "Western", "Eastern", "Global", "United", "American",
    "General", "Advanced", "Precision", "Integrated", "Applied", "Dynamic", "Strategic", "Tactical", "Quantum", "Fusion",
    "Blue", "Red", "Green", "Silver", "Golden", "Iron", "Steel", "Granite", "Cedar", "Hudson", "Potomac", "Columbia",
    "Meridian", "Horizon", "Frontier", "Keystone", "Cascade", "Redwood", "Lockwood", "Harris", "Marvin", "Boeing",
]  # fmt: skip
WEST_SECOND = [
    "Systems", "Technologies", "Industries", "Aerospace", "Defense", "Dynamics", "Labs", "Solutions", "Robotics",
    "Materials", "Photonics", "Engineering", "Electronics", "Logistics", "Analytics", "Manufacturing", "Energy",
    "Devices", "Instruments", "Networks", "Semiconductor", "Marine", "Aviation", "Sensors", "Controls", "Holdings",
]  # fmt: skip
WEST_FORMS = ["Inc.", "LLC", "Corp.", "Corporation", "Ltd.", "GmbH", "S.A.", "Co.", "Company", ""]


def synthetic_list(size: int = 100_000, seed: int = 7, label: str = "synthetic") -> ExtraList:
    """``size`` made-up parties with multi-script names (seeded; the same seed gives the same list)."""
    rng = random.Random(seed)
    parties = []
    makers = [(0.4, _japanese), (0.3, _chinese), (0.15, _korean), (0.15, _western)]
    for number in range(size):
        pick = rng.random()
        for share, maker in makers:
            if pick < share:
                names, country = maker(rng)
                break
            pick -= share
        else:  # pragma: no cover - shares add up to 1
            names, country = _western(rng)
        parties.append(ExtraParty(f"syn-{number:06d}", tuple(dict.fromkeys(names)), (country,), "synthetic"))
    return ExtraList(label, tuple(parties), f"synthetic(size={size}, seed={seed})")


def _japanese(rng: random.Random) -> tuple[list[str], str]:
    first = rng.choice(JP_PREFIXES)
    second = rng.choice(JP_PREFIXES) if rng.random() < 0.35 else None
    trade = rng.choice(JP_TRADES)
    extra = rng.choice(JP_TRADES) if rng.random() < 0.3 else None
    kanji = first[0] + (second[0] if second else "") + trade[0] + (extra[0] if extra else "")
    romaji = " ".join(p for p in (first[1], second[1] if second else "", trade[1], extra[1] if extra else "") if p)
    english = " ".join(p for p in (first[1], second[1] if second else "", trade[2], extra[2] if extra else "") if p)
    ja = rng.choice([f"{kanji}株式会社", f"株式会社{kanji}", kanji])
    latin = rng.choice([f"{romaji} Co., Ltd.", f"{english} Co., Ltd.", f"{english} Corporation", f"{romaji} K.K."])
    return [ja, latin], "JP"


def _chinese(rng: random.Random) -> tuple[list[str], str]:
    city = rng.choice(CN_CITIES)
    brand = rng.sample(CN_BRAND_CHARS, 2)
    trade = rng.choice(CN_TRADES)
    zh = f"{city[0]}{brand[0][0]}{brand[1][0]}{trade[0]}有限公司"
    en = f"{city[1]} {(brand[0][1] + brand[1][1]).capitalize()} {trade[1]} Co., Ltd."
    country = "TW" if city[1] in ("Taipei", "Hsinchu", "Kaohsiung") else ("HK" if city[1] == "Hong Kong" else "CN")
    return [zh, en], country


def _korean(rng: random.Random) -> tuple[list[str], str]:
    brand = rng.choice(KR_BRANDS)
    trade = rng.choice(KR_TRADES)
    suffix = rng.randrange(1, 100)
    return [f"{brand[0]}{trade[0]} 주식회사", f"{brand[1]} {trade[1]} {suffix} Co., Ltd."], "KR"


def _western(rng: random.Random) -> tuple[list[str], str]:
    words = [rng.choice(WEST_FIRST), rng.choice(WEST_FIRST) if rng.random() < 0.3 else "", rng.choice(WEST_SECOND)]
    if rng.random() < 0.3:
        words.append(rng.choice(WEST_SECOND))
    name = " ".join(w for w in words if w)
    form = rng.choice(WEST_FORMS)
    country = rng.choice(["US", "US", "US", "GB", "DE", "FR", "CA"])
    return [f"{name} {form}".strip()], country
