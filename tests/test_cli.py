"""`kg extract` as a user runs it: a real subprocess, real files, the JSON Lines contract."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import SAMPLE

KG = [sys.executable, "-m", "kg.cli"]
KEYS = {"doc_id", "source", "title", "date", "text", "entities", "relations"}


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*KG, *args], input=stdin, capture_output=True, timeout=120,
                          cwd=Path(__file__).resolve().parent.parent)


def test_extract_prints_the_contract_for_every_article():
    proc = run("extract", str(SAMPLE))
    assert proc.returncode == 0, proc.stderr.decode()
    lines = [json.loads(ln) for ln in proc.stdout.decode().splitlines()]
    assert len(lines) == 4
    for line in lines:
        assert KEYS <= set(line) and line["source"] == str(SAMPLE)
        assert len(line["doc_id"]) == 16
        for e in line["entities"]:
            assert {"id", "name", "type", "aliases", "mentions"} <= set(e)
            for s, t in e["mentions"]:
                assert 0 <= s < t <= len(line["text"])


def test_stdin_and_gb18030(tmp_path):
    text = "2024年5月8日，国盾量子正式入驻合肥高新区。"
    proc = run("extract", "-", stdin=text.encode("gb18030"))
    assert proc.returncode == 0
    line = json.loads(proc.stdout)
    assert line["source"] == "<stdin>" and line["text"] == text
    assert [r["type"] for r in line["relations"]] == ["SETTLED_IN"]


def test_bad_inputs_are_reported_and_the_rest_processed(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(os.urandom(64) + b"\x00" * 8)
    undecodable = tmp_path / "latin.txt"
    undecodable.write_bytes(bytes(range(128, 256)) * 3)
    nothing = tmp_path / "no-text"
    nothing.mkdir()
    good = tmp_path / "空格 名字.txt"
    good.write_text("西安高新区与西北工业大学签署战略合作协议。", encoding="utf-8")
    proc = run("extract", str(empty), str(binary), "/no/such/file", str(undecodable), str(nothing), str(good))
    assert proc.returncode == 1
    errors = proc.stderr.decode().splitlines()
    assert errors == [
        f"kg extract: {empty}: empty input",
        f"kg extract: {binary}: binary data (NUL bytes), not text",
        "kg extract: /no/such/file: no such file",
        f"kg extract: {undecodable}: undecodable bytes: not UTF-8, GB18030/GBK or Big5 text",
        f"kg extract: {nothing}: directory holds no text files",
    ]
    (line,) = [json.loads(ln) for ln in proc.stdout.decode().splitlines()]
    assert line["source"] == str(good)


def test_directories_are_walked_and_table_format(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("宁德时代位于宁德市。", encoding="utf-8")
    (tmp_path / "two.txt").write_text("合肥高新区聚焦人工智能、量子信息等主导产业。", encoding="utf-8")
    proc = run("extract", "--format", "table", str(tmp_path))
    assert proc.returncode == 0
    out = proc.stdout.decode()
    assert "合肥高新技术产业开发区 -HAS_CHAIN-> 人工智能" in out and "宁德时代" in out


def test_workers_give_the_same_output():
    one = run("extract", str(SAMPLE), str(SAMPLE))
    two = run("extract", "--workers", "2", str(SAMPLE), str(SAMPLE))
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout


def test_bad_date_option_is_a_usage_error():
    proc = run("extract", "--date", "yesterday", str(SAMPLE))
    assert proc.returncode == 2 and b"not an ISO date" in proc.stderr
