"""Generate a realistic, seeded shipments file for the batch benchmark.

Real order books repeat: a few hundred customers, a few hundred catalogue items, many lines each.
The generator draws customers and items from a catalogue built from the bundled rule base's
designated parties (a minority of lines) and ordinary companies and goods (the majority), in English,
Chinese and Japanese, over a year of ship dates.

    python bench/check/generate.py --rows 1000000 --out bench/check/out/shipments_1m.csv
"""

from __future__ import annotations

import argparse
import csv
import random
from datetime import date, timedelta
from pathlib import Path

from dualuse.rulebase import load_rulebase

HEADERS = ["order_id", "ship_date", "exporter", "exporter_country", "item_description", "hs_code", "origin",
           "quantity", "unit", "destination", "end_user", "end_user_country", "end_use", "military_end_use"]  # fmt: skip

ITEMS = [
    ("Samarium oxide Sm2O3 99.99% powder", "2846901940"), ("Dysprosium oxide Dy2O3 99.9%", ""),
    ("酸化ジスプロシウム 3N", ""), ("氧化铽粉 99.99%", ""), ("Gallium metal 6N ingot", "8112929010"),
    ("Germanium dioxide GeO2 99.999%", "2825600002"), ("Ammonium paratungstate APT", "2841801000"),
    ("Tungsten carbide powder", "2849902000"), ("Antimony trioxide Sb2O3 99.5%", "2825800010"),
    ("Lithium-ion battery pack 250 Wh/kg", "85076000"), ("Lithium-ion cell 320 Wh/kg", "85076000"),
    ("Holmium oxide Ho2O3 99.9%", ""), ("HPHT diamond grit 40/50 mesh", "71051020"),
    ("Natural flake graphite for battery anodes", "2504101000"), ("Indium phosphide wafer 3 inch", "2853904051"),
    ("Stainless steel ball valves DN50", "84818040"), ("A4 copy paper 80 gsm", "48025610"),
    ("Office chairs with mesh back", "94013000"), ("Cotton T-shirts", "61091000"), ("LED desk lamps", "94052000"),
    ("Ceramic floor tiles 60x60", "69072100"), ("Aluminium window frames", "76101000"),
    ("Polyester fabric rolls", "54076100"), ("Bicycle tyres 26 inch", "40115000"), ("Steel wire rope 12 mm", "73121000"),
]  # fmt: skip
ORDINARY_CUSTOMERS = [
    ("Toyota Motor Corporation", "JP"), ("トヨタ自動車株式会社", "JP"), ("Panasonic Holdings", "JP"), ("株式会社デンソー", "JP"),
    ("Kyoto Opto Devices Co., Ltd.", "JP"), ("Osaka Ceramics Co., Ltd.", "JP"), ("Magnetwerk Hanau GmbH", "DE"),
    ("Samsung SDI", "KR"), ("Seoul Laser Co., Ltd.", "KR"), ("Arizona Wafer Inc.", "US"), ("New York Jewelers LLC", "US"),
    ("Bangkok Plastics Co., Ltd.", "TH"), ("Hanoi Chemicals JSC", "VN"), ("Amsterdam Bikes B.V.", "NL"),
    ("Pune Solar Pvt Ltd", "IN"), ("Sheffield Hardmetals Ltd", "GB"), ("台灣電子材料股份有限公司", "TW"),
    ("Lyon Optique SAS", "FR"), ("Kuantan Processing Sdn Bhd", "MY"), ("Gulf Process Trading LLC", "AE"),
]  # fmt: skip
EXPORTERS = [("Baotou Rare Earth Trading Co., Ltd.", "CN"), ("Ganzhou Metals Co., Ltd.", "CN"),
             ("Xiamen Tungsten Trading", "CN"), ("Ningde Cells Co., Ltd.", "CN"), ("包头稀土贸易有限公司", "CN"),
             ("Lion City Metals Pte. Ltd.", "SG")]  # fmt: skip
END_USES = ["Permanent magnets for EV motors", "LED chips", "Industrial catalysts", "Office use", "",
            "Flame retardant", "Medical lasers", "乗用車用モーター", "民用电子产品", "Semiconductor research"]  # fmt: skip


def main() -> None:
    """Write the file."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--out", type=Path, default=Path("bench/check/out/shipments.csv"))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    rulebase = load_rulebase()
    listed = [
        (p.names.get("en") or p.names.get("zh") or p.names.get("ja") or p.id, p.country) for p in rulebase.parties
    ]
    # A customer's business (its end use and what it declares) belongs to the customer, and an item comes
    # from its supplier: order books repeat these together, as ERP master data does.
    customers = [(name, country, rng.choice(END_USES), rng.choice(("false", "false", "")))
                 for name, country in ORDINARY_CUSTOMERS * 5 + listed]  # about one line in five to a listed party
    supplier = {item: rng.choice(EXPORTERS) for item, _ in ITEMS}
    start = date(2026, 1, 5)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for number in range(1, args.rows + 1):
            item, hs_code = rng.choice(ITEMS)
            customer, country, end_use, declared = rng.choice(customers)
            exporter, exporter_country = supplier[item]
            day = start + timedelta(days=rng.randrange(0, 300, 7))  # weekly sailings: dates repeat
            writer.writerow([
                f"SO-{number:08d}", day.isoformat(), exporter, exporter_country, item, hs_code, "CN",
                rng.choice((10, 50, 100, 500, 1000)), "kg", country, customer, country, end_use, declared,
            ])  # fmt: skip
    print(f"wrote {args.rows:,} rows to {args.out}")


if __name__ == "__main__":
    main()
