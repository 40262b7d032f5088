"""Every command the README and docs/querying.md show in ```bash blocks, run as a reader runs it:
in a checkout holding the sample graph in ./kg-data (`sample_checkout` of
scripts/render_querying.py), `kg` and `python` from the environment. Each must succeed and print
something, so the docs cannot drift from what the commands do. A `kg serve` must say where it
listens and answer there; the curl commands go to a server started for them. Port 8000 is the
documented one; the commands here use a free port instead, since others may hold 8000. (The
```console transcripts are compared line by line by tests/test_querying_doc.py.)"""
from __future__ import annotations

import re
import subprocess
import sys
import threading

import httpx
import pytest

from conftest import ROOT
from test_api import free_port

sys.path.insert(0, str(ROOT / "scripts"))
from render_querying import DOCS, reader_env, sample_checkout, shell  # noqa: E402

BASH = re.compile(r"```bash\n(.*?)```", re.S)
#: Parts of the shown commands this test does not run, and why. Each must still be shown, so the
#: list cannot outlive what it excuses.
NOT_RUN = {
    "python3 -m venv .venv": "the environment this test runs in is that one",
    ".venv/bin/pip install -e .": "the environment this test runs in is that one",
    '.venv/bin/pip install -q -e ".[test]"': "the environment this test runs in is that one",
    ".venv/bin/python -m pytest": "this test is part of that run",
}
DOCUMENTED = "127.0.0.1:8000"


def shown() -> list[tuple[str, str]]:
    """(where, command) for every command of the docs' ```bash blocks, in order: continued lines
    joined, `&&` chains taken apart."""
    found = []
    for doc in DOCS:
        for block in BASH.findall(doc.read_text(encoding="utf-8")):
            for line in block.replace("\\\n", " ").splitlines():
                found += [(doc.name, part.strip()) for part in line.split(" && ") if part.strip()]
    return found


def serves(command: str) -> bool:
    return re.match(r"(\.venv/bin/)?kg serve\b", command) is not None


def to_run() -> list[tuple[str, str]]:
    """The commands run here: those that need no server first (the quick start's `kg ingest` may
    not write while a server has the store open), then `kg serve` and the requests to it."""
    commands = [(doc, c) for doc, c in shown() if c not in NOT_RUN]
    return sorted(commands, key=lambda dc: serves(dc[1]) or DOCUMENTED in dc[1])


@pytest.fixture(scope="module")
def checkout(tmp_path_factory):
    return sample_checkout(tmp_path_factory.mktemp("docs"))


@pytest.fixture(scope="module")
def port(checkout):
    """A read-only `kg serve` of the sample graph for the documented requests: its port."""
    port = free_port()
    server = start_server(f"kg serve --port {port}", checkout)
    yield port
    server.terminate()
    server.wait(timeout=20)


def start_server(command: str, checkout) -> subprocess.Popen:
    """`command` (a `kg serve`) started in the background, returned once it says it listens."""
    server = subprocess.Popen(["bash", "-c", f"exec {command}"], cwd=checkout, env=reader_env(), text=True,
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    said = []
    for line in server.stderr:
        said.append(line)
        if "listening; the explorer is at http://127.0.0.1:" in line:
            # The access log goes on: read it, or the server blocks once the pipe is full.
            threading.Thread(target=server.stderr.read, daemon=True).start()
            return server
    server.wait(timeout=20)
    raise AssertionError(f"{command} never said where it listens:\n{''.join(said)}")


def test_every_excused_command_is_still_shown():
    commands = {c for _, c in shown()}
    assert set(NOT_RUN) <= commands, set(NOT_RUN) - commands
    assert len(to_run()) >= 10


@pytest.mark.parametrize("doc, command", to_run(), ids=[f"{doc}: {c[:60]}" for doc, c in to_run()])
def test_the_shown_command_runs(request, checkout, doc, command):
    needs_corpus = "../shared" in command or re.search(r"\bkg eval( --part| *(#|$))", command)  # the annotated texts
    if needs_corpus and not (ROOT.parent / "shared").exists():
        pytest.skip("../shared (the corpus and the scorer) is not beside this checkout")
    if serves(command):
        port = free_port()
        server = start_server(f"{command} --port {port}", checkout)
        try:
            assert httpx.get(f"http://127.0.0.1:{port}/", timeout=30).status_code == 200
            assert httpx.get(f"http://127.0.0.1:{port}/docs", timeout=30).status_code == 200
        finally:
            server.terminate()
            server.wait(timeout=20)
        return
    if DOCUMENTED in command:
        command = command.replace(DOCUMENTED, f"127.0.0.1:{request.getfixturevalue('port')}")
    done = shell(f"set -o pipefail; {command}", checkout)
    assert done.returncode == 0, f"{command}\n{done.stderr}"
    assert done.stdout.strip(), f"{command} printed nothing\n{done.stderr}"
    if "curl" in command:
        assert '"error"' not in done.stdout, done.stdout
