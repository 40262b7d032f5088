"""The gazetteers in data/ against public reference lists kept outside the project.

The reference lists live in ../shared/reference (they are not ours to redistribute); the
project's own lists were compiled independently, and these tests measure their coverage.
"""
from __future__ import annotations

import csv
import json

import pytest

from conftest import ROOT, SHARED
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


@pytest.fixture(scope="module")
def build():
    """scripts/build_listed_companies.py, loaded as a module."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_listed_companies", ROOT / "scripts" / "build_listed_companies.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_listed_short_names_are_read_without_their_trading_marks(build):
    assert build.short_name("*ST中新") == "中新"
    assert build.short_name("万  科Ａ") == "万科"
    assert build.short_name("神城A退") == "神城"
    assert build.short_name("海立B股") == "海立"
    assert build.short_name("退市银鸽") == "银鸽"


def test_listed_short_names_that_read_as_words_places_or_parks_are_left_out(build):
    tags = {"新动力": "n", "北大荒": "ns", "京东方": "nz"}
    elsewhere = {"宁德时代"}
    assert build.kept("京东方", elsewhere, tags)
    assert build.kept("卓郎智能", elsewhere, tags)  # unknown to the dictionary: a name
    assert not build.kept("新动力", elsewhere, tags)  # an ordinary word
    assert not build.kept("北大荒", elsewhere, tags)  # a place
    assert not build.kept("苏州高新", elsewhere, tags)  # read as the park in park news
    assert not build.kept("宁德时代", elsewhere, tags)  # another gazetteer's entry wins
    assert not build.kept("万科", elsewhere, tags)  # two characters start too many other words


def test_the_listed_companies_file_is_what_the_script_keeps(build):
    """Every row is a kept name as the script writes it: none another gazetteer holds (a stale file
    after another list changes), none with a trading mark left on it."""
    import jieba.posseg

    rows = lexicon.data_rows(build.OUT)
    assert len(rows) > 5000
    assert {r[1] for r in rows} == {"Enterprise"}
    elsewhere, tags = build.listed_elsewhere(), jieba.posseg.dt.word_tag_tab
    assert [r[0] for r in rows if build.short_name(r[0]) != r[0] or not build.kept(r[0], elsewhere, tags)] == []
    assert lexicon.load().gazetteer["卓郎智能"].type == "Enterprise"


def test_a_listed_firm_named_by_its_short_name_alone_is_found():
    """Nothing in the sentence says 卓郎智能 is a firm; the exchanges' list does."""
    from extract.extractor import Extractor

    ctx = Extractor().context("卓郎智能的纺机订单已经排到了明年。")
    assert [(e.name, e.type) for e in ctx.entities] == [("卓郎智能", "Enterprise")]
