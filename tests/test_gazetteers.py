"""The gazetteers in data/ against public reference lists kept outside the project.

The reference lists live in ../shared/reference (they are not ours to redistribute); the
project's own lists were compiled independently, and these tests measure their coverage.
"""
from __future__ import annotations

import csv
import json

import pytest

from conftest import SHARED
from extract import lexicon

REF = SHARED / "reference"
needs_reference = pytest.mark.skipif(not REF.is_dir(), reason="../shared/reference is not beside this checkout")


def coverage(names: list[str]) -> float:
    lex = lexicon.load()
    return sum(1 for n in names if n in lex.gazetteer) / len(names)


@needs_reference
def test_national_high_tech_zones():
    with (REF / "parks_unattributed" / "hitech_zones.tsv").open(encoding="utf-8") as fh:
        names = [row["name"] for row in csv.DictReader(fh, delimiter="\t")]
    assert coverage(names) >= 0.95


@needs_reference
def test_national_etdz():
    with (REF / "parks_unattributed" / "etdz_national.tsv").open(encoding="utf-8") as fh:
        names = [row["name"] for row in csv.DictReader(fh, delimiter="\t")]
    assert coverage(names) >= 0.9


@needs_reference
def test_double_first_class_universities():
    unis = json.loads((REF / "universities" / "universities.json").read_text(encoding="utf-8"))
    names = [u["name"] for u in unis if u.get("syl") or u.get("is_985") or u.get("is_211")]
    assert coverage(names) >= 0.9


@needs_reference
def test_cas_institutes_with_short_names():
    with (REF / "cas_institutes" / "cas_institutes_2014.tsv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r["type"] == "C" and r["name"].endswith("研究所")]
    assert coverage([r["name"] for r in rows]) >= 0.8


def test_every_data_file_names_its_source():
    for path in (lexicon.DATA / "gazetteer").glob("*.tsv"):
        head = path.read_text(encoding="utf-8").split("\n", 8)[:8]
        assert any(line.startswith("# Source:") or "Source:" in line for line in head), path
