"""Compile data/gazetteer/regions.tsv from the administrative divisions that companynameparser
ships (its data/pca.csv: province, city, district), adding the customary short forms.

Run after upgrading companynameparser: `python scripts/build_regions.py`.
"""
from __future__ import annotations

import csv
import importlib.resources
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "gazetteer" / "regions.tsv"
SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "地区", "省", "市", "盟")
# Economic regions that news uses as places; not administrative, so not in the package.
ECONOMIC = ["长三角", "长江三角洲", "珠三角", "珠江三角洲", "京津冀", "环渤海", "粤港澳大湾区", "大湾区",
            "成渝", "川渝", "成渝地区双城经济圈", "长江经济带", "中部长江经济带", "黄河流域", "黄土高原",
            "长江中游城市群", "关中平原城市群", "中原城市群", "东北", "西北", "西南", "华东", "华南", "华北",
            "华中", "东部", "中部", "西部", "中西部", "东中西部", "中国", "我国", "全国", "全省", "全市", "海外"]


def short(name: str) -> str | None:
    for suf in SUFFIXES:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[: -len(suf)]
    return None


def main() -> None:
    src = importlib.resources.files("companynameparser") / "data" / "pca.csv"
    names: dict[str, set[str]] = {}
    with src.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for level in ("sheng", "shi", "qu"):
                n = (row[level] or "").strip()
                if len(n) >= 2 and n not in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
                    names.setdefault(n, set())
                    s = short(n) if level != "qu" or n.endswith("市") else None
                    if s:
                        names[n].add(s)
    for n in ECONOMIC:
        names.setdefault(n, set())
    with OUT.open("w", encoding="utf-8") as out:
        out.write("# Regions: provinces, cities and county-level divisions with customary short forms, and\n"
                  "# economic regions. Source: compiled by scripts/build_regions.py from the administrative\n"
                  "# divisions shipped in the PyPI package companynameparser 0.1.8 (data/pca.csv, Apache-2.0),\n"
                  "# plus economic-region names listed in that script; facts only.\n"
                  "# name\ttype\taliases (| separated)\n")
        for n in sorted(names):
            al = "|".join(sorted(names[n] - {n}))
            out.write(f"{n}\tRegion\t{al}\n" if al else f"{n}\tRegion\n")


if __name__ == "__main__":
    main()
