"""Hostile and odd inputs (tests/data/bad/, see its README): what the extractor, `kg extract`,
`kg ingest` and `POST /articles` do with each. Nothing may crash, and one bad file never stops
the others."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT

BAD = ROOT / "tests" / "data" / "bad"
#: file → the one-line error every entry point reports for it
REFUSED = {"empty.txt": "empty input", "whitespace-only.txt": "empty input", "binary.bin": "binary data"}
#: file → names that must be found in it (as written, or as an alias)
FOUND = {
    "truncated-utf8.txt": {"合肥高新区", "本源量子", "中国科学技术大学", "量子计算联合实验室"},
    "gb18030.txt": {"合肥高新区", "本源量子", "中国科学技术大学", "量子信息"},
    "big5.txt": {"合肥高新區", "中國科學技術大學", "中国科学技术大学", "量子計算聯合實驗室"},
    "traditional.txt": {"合肥高新區", "中國科學技術大學", "中国科学技术大学", "量子計算聯合實驗室"},
    "markup.html": {"合肥高新区", "本源量子", "中国科学技术大学"},
    "mixed-zh-en.txt": {"合肥高新区", "本源量子", "中国科学技术大学"},
    "separators.txt": {"合肥高新区", "科大讯飞", "本源量子"},
    "long-names.txt": {"合肥高新区", "中关村科技园区"},
    "带 空格 的 文件名 news.txt": {"合肥高新区", "本源量子"},
}


def kg(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], input=stdin, capture_output=True, timeout=300)


def names(article: dict) -> set[str]:
    return {n for e in article["entities"] for n in (e["name"], *e["aliases"])}


def check_offsets(article: dict) -> None:
    """Every mention and evidence span indexes into the article's text, and relationships join
    entities of the same line."""
    text = article["text"]
    ids = {e["id"] for e in article["entities"]}
    for e in article["entities"]:
        for start, end in e["mentions"]:
            assert 0 <= start < end <= len(text)
    for r in article["relations"]:
        assert r["source"] in ids and r["target"] in ids
        ev = r["evidence"]
        assert 0 <= ev["start"] < ev["end"] <= len(text)
        assert text[ev["start"]:ev["end"]] == ev["sentence"]


def test_kg_extract_reports_each_bad_file_and_extracts_the_rest(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(tmp_path / "loop2.txt")
    (tmp_path / "loop2.txt").symlink_to(loop)
    files = sorted(str(p) for p in BAD.iterdir())
    out = kg("extract", *files, str(loop))
    assert out.returncode == 1
    errors = out.stderr.decode().splitlines()
    for name, message in REFUSED.items():
        assert any(line.startswith(f"kg extract: {BAD / name}: {message}") for line in errors), errors
    assert any(str(loop) in line and "symbolic link" in line for line in errors), errors
    assert len(errors) == len(REFUSED) + 1, errors
    articles = [json.loads(line) for line in out.stdout.decode().splitlines()]
    by_source: dict[str, list[dict]] = {}
    for a in articles:
        by_source.setdefault(a["source"], []).append(a)
        check_offsets(a)
    for name, expected in FOUND.items():
        found = set().union(*(names(a) for a in by_source[str(BAD / name)]))
        assert expected <= found, (name, expected - found)
    # a directory is walked: its nested file is read
    assert str(BAD / "a-directory" / "nested" / "article.txt") in by_source


def test_markup_is_not_text(extractor):
    """Names inside scripts, styles, comments and attributes are not news."""
    from extract.normalize import decode

    page = decode((BAD / "markup.html").read_bytes())
    assert "<" not in page and "document.write" not in page and "font-family" not in page
    found = set().union(*(names(a.to_dict()) for a in extractor.extract(page, "markup.html")))
    assert not found & {"苏州工业园区", "北京大学", "清华大学", "中国科学院", "中关村科技园区"}


def test_encodings_give_the_same_facts(extractor):
    """GB18030 bytes read the same as the UTF-8 text; Big5 the same as Traditional Chinese in
    UTF-8 (names as written, simplified forms as aliases)."""
    from extract.normalize import decode

    def extracted(name: str) -> list[dict]:
        out = [a.to_dict() for a in extractor.extract(decode((BAD / name).read_bytes()), "x")]
        return [{k: a[k] for k in ("text", "entities", "relations")} for a in out]

    assert extracted("gb18030.txt") == extracted("带 空格 的 文件名 news.txt")
    assert extracted("big5.txt") == extracted("traditional.txt")


def test_long_names_are_bounded(extractor):
    from extract.normalize import decode

    for a in extractor.extract(decode((BAD / "long-names.txt").read_bytes()), "x"):
        assert all(len(e.name) <= 40 for e in a.entities)


def test_kg_ingest_skips_bad_files_and_loads_the_rest(tmp_path):
    store = str(tmp_path / "graph")
    out = kg("ingest", "--store", store, str(BAD))
    assert out.returncode == 1
    err = out.stderr.decode()
    assert "empty.txt: empty input" in err and "whitespace-only.txt: empty input" in err
    assert "binary.bin" not in err  # not a text file's name: a directory walk leaves it out
    assert "input(s) not read" in out.stdout.decode()
    again = kg("ingest", "--store", store, str(BAD))
    assert " 0 new" in again.stdout.decode()
    stats = json.loads(kg("stats", "--store", store, "--format", "json").stdout)
    extracted = {json.loads(line)["doc_id"] for line in kg("extract", str(BAD)).stdout.splitlines()}
    assert stats["articles"] == len(extracted)  # the same text in three files is one article


@pytest.mark.reliability
def test_twenty_megabytes_on_one_line(tmp_path, extractor):
    """No line breaks at all: articles are cut into bounded pieces and every offset still holds."""
    from extract.batch import extract_all, jobs

    chars = (20 << 20) // 3 + 1  # three UTF-8 bytes each
    line = ("合肥高新区集聚量子信息企业，本源量子与中国科学技术大学签署合作协议" * (chars // 30))[:chars]
    path = tmp_path / "one-line.txt"
    path.write_text(line)
    assert path.stat().st_size >= 20 << 20
    pieces = 0
    for a in extract_all(jobs([str(path)]), workers=2):
        d = a.to_dict()
        assert len(d["text"]) <= 20_000
        check_offsets(d)
        pieces += 1
    assert pieces >= chars // 20_000


_ALPHABET = st.sampled_from(list(
    "合肥高新区中国科学技术大学本源量子实验室研究所产业链园区公司集团有限签约入驻合作与和、，。；：！？（）《》“”"
    "0123456789ABCxyz \n\t\u3000·—…") + ["高新技术产业开发区", "重点实验室", "有限公司", "、、、", "\r\n", "\x00", "\ufeff"])
_TEXT = st.one_of(st.text(max_size=400), st.lists(_ALPHABET, max_size=300).map("".join))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_TEXT)
def test_any_text_extracts_without_error(extractor, text):
    for a in extractor.extract(text, "hypothesis"):
        check_offsets(a.to_dict())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600))
def test_any_bytes_decode_or_are_refused(extractor, data):
    from extract.normalize import InputError, decode

    try:
        text = decode(data)
    except InputError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    for a in extractor.extract(text, "hypothesis"):
        check_offsets(a.to_dict())


def test_the_readme_lists_every_file():
    listed = (BAD / "README.md").read_text()
    for p in BAD.iterdir():
        if p.name != "README.md":
            assert f"`{p.name}`" in listed or f"`{p.name}/`" in listed, p.name


def test_post_articles_answers_each_file(tmp_path):
    from test_api import KEY, Server

    srv = Server(str(tmp_path / "graph"), KEY, tmp_path)
    try:
        for p in sorted(BAD.iterdir()):
            if p.is_dir() or p.name == "README.md":
                continue
            r = srv.http.post("/articles", headers={"X-API-Key": KEY}, files={"file": (p.name, p.read_bytes())})
            if p.name in REFUSED:
                assert r.status_code == 422, (p.name, r.text)
                assert r.json()["error"]["code"] == "bad_input"
                assert REFUSED[p.name] in r.json()["error"]["message"]
            else:
                assert r.status_code == 200, (p.name, r.text)
                found = set().union(*(names(a) for a in r.json()["extraction"]))
                assert FOUND[p.name] <= found, p.name
        assert srv.http.get("/health").status_code == 200
    finally:
        srv.stop()


def test_a_fault_on_one_article_is_reported_and_the_others_are_extracted():
    """A date no calendar has makes the extractor raise on that article; it comes back as a
    Failure (one line on stderr, exit status 1 in `kg extract`) and the next article is extracted."""
    from extract.batch import Failure, Job, extract_all

    broken = Job("合肥高新区聚焦人工智能产业。", "a.txt", None, "not a date", "article", ())
    fine = Job("合肥高新区聚焦人工智能产业。", "b.txt", None, None, "article", ())
    first, second = list(extract_all([broken, fine]))
    assert isinstance(first, Failure) and first.source == "a.txt" and "extractor failed" in first.message
    assert not isinstance(second, Failure) and second.source == "b.txt" and second.relations
