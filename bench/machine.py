"""How fast this machine runs plain Python right now, printed next to a benchmark's figures.

The CI machines are shared virtual machines whose speed drifts: a plain loop has run 1.8 times
slower on one day than on another, and every CPU-bound figure moves with it. A figure read next
to this one can be compared with figures taken on other days.
"""
from __future__ import annotations

import time
from pathlib import Path

LOOP = 20_000_000


def loop_seconds() -> float:
    """Seconds for LOOP additions in a pure-Python loop (lower is faster)."""
    t = time.perf_counter()
    total = 0
    for i in range(LOOP):
        total += i
    return time.perf_counter() - t


def describe() -> str:
    return f"machine speed: {LOOP // 1_000_000}M-addition Python loop in {loop_seconds():.2f} s (lower is faster)"


def rss_mb() -> float:
    """This process's resident memory (Linux /proc)."""
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024
