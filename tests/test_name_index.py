"""The embedded store's in-memory name index (kg/name_index.py) on its own."""
from __future__ import annotations

from kg.model import alias_id
from kg.name_index import NameIndex

ROWS = [(alias_id(t, n), f"{t}:{k}") for t, n, k in [
    ("Park", "西安高新技术产业开发区", "西安高新区"), ("Park", "西安高新区", "西安高新区"),
    ("Park", "西安科学园", "西安科学园"), ("Enterprise", "西安科学园发展有限公司", "西安科学园发展"),
    ("University", "西安交通大学", "西安交通大学"), ("University", "西交大", "西安交通大学"),
    ("Chain", "园", "园")]]


def test_substring_prefix_and_single_character():
    idx = NameIndex(ROWS)
    assert set(idx.search("高新", None, 10)) == {"Park:西安高新区"}
    assert idx.search("技术产业", None, 10) == ["Park:西安高新区"]
    assert set(idx.search("园", None, 10)) == {"Chain:园", "Park:西安科学园", "Enterprise:西安科学园发展"}
    assert idx.search("交大", None, 10) == ["University:西安交通大学"]
    assert idx.search("高新园", None, 10) == []  # every pair occurs, the text does not


def test_exact_names_come_first_and_limit_and_type_hold():
    idx = NameIndex(ROWS)
    assert idx.search("园", None, 1) == ["Chain:园"]
    assert idx.search("西安科学园", None, 10)[0] == "Park:西安科学园"
    assert idx.search("西安", "University", 10) == ["University:西安交通大学"]
    assert len(idx.search("西安", None, 2)) == 2


def test_removed_aliases_are_not_found_and_can_return():
    idx = NameIndex(ROWS)
    idx.remove([alias_id("University", "西交大")])
    assert idx.search("西交", None, 10) == []
    assert idx.search("交通", None, 10) == ["University:西安交通大学"]
    idx.add([(alias_id("University", "西交大"), "University:西安交通大学")])
    assert idx.search("西交", None, 10) == ["University:西安交通大学"]


def test_names_repeated_with_many_suffixes_are_found_in_stored_order():
    """No pair of characters is rare here, so the search intersects several posting lists."""
    rows = [(alias_id("Enterprise", f"维天运通#{n}"), f"Enterprise:维天运通#{n}") for n in range(300)]
    idx = NameIndex(rows)
    assert idx.search("维天运通#123", None, 10) == ["Enterprise:维天运通#123"]
    want = [k for _, k in rows if "维天运通#12" in k]
    assert idx.search("维天运通#12", None, 100) == ["Enterprise:维天运通#12"] + [k for k in want if k != "Enterprise:维天运通#12"]
    assert idx.search("运通#29", None, 100) == [k for _, k in rows if "运通#29" in k]
