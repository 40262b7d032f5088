from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "seed-page.txt"
GOLD = ROOT / "data" / "samples" / "seed-page.gold.json"
SHARED = ROOT.parent / "shared"
NEO4J_SERVER = ROOT / "scripts" / "neo4j-test-server"
#: The state directory of the Neo4j a test run starts for itself, apart from one a developer
#: started by hand (scripts/neo4j-test-server start keeps its own in .neo4j-test).
OWN_NEO4J_STATE = ROOT / ".neo4j-pytest"
NEO4J_JAR = ROOT / "tools" / "neo4j-server" / "target" / "neo4j-test-server-1.0.jar"
#: Said on a line of its own before the first run builds the test Neo4j, which takes minutes
#: with nothing else to show (the README says the same).
BUILDING_NEO4J = ("Building the test Neo4j with Maven (once; scripts/neo4j-test-server): about 170 MB of Maven "
                  "artifacts are downloaded into Maven's local repository (~/.m2/repository) and the build takes "
                  "about 120 MB in tools/neo4j-server/target, a few minutes on a first run. KG_SKIP_NEO4J=1 skips "
                  "the Neo4j tests instead.")


def _neo4j_missing() -> str | None:
    """Why the Neo4j tests cannot run here, or None: they use NEO4J_URI when it is set, and
    otherwise the test server this run starts, which needs Java (and Maven to build it once)."""
    if os.environ.get("KG_SKIP_NEO4J"):
        return "KG_SKIP_NEO4J is set: no Neo4j tests (unset it to run them on the project's own test Neo4j)"
    if os.environ.get("NEO4J_URI"):
        return None
    built = NEO4J_JAR.is_file()
    missing = [tool for tool in ("java", "mvn") if not shutil.which(tool) and not (tool == "mvn" and built)]
    if not missing:
        return None
    return (f"no Neo4j: {' and '.join(missing)} not found; install Java 17 and Maven (apt-get install "
            f"openjdk-17-jdk-headless maven) and the tests start one themselves, or set NEO4J_URI")


#: Why the Neo4j tests are skipped (None: they run).
NEO4J_SKIP = _neo4j_missing()
#: Store backends a test runs against: the embedded store always, Neo4j unless NEO4J_SKIP.
BACKENDS = ["ladybug", pytest.param("neo4j", marks=pytest.mark.skipif(NEO4J_SKIP is not None, reason=str(NEO4J_SKIP)))]


def pytest_configure(config: pytest.Config) -> None:
    """Start the project's own Neo4j test server for this run when NEO4J_URI is unset and it can
    be started, so the README's one test command runs the Neo4j tests too. It runs once per
    session, before any test module is imported: their skip marks read NEO4J_URI then."""
    if os.environ.get("NEO4J_URI") or NEO4J_SKIP:
        return
    env = {**os.environ, "NEO4J_TEST_STATE": str(OWN_NEO4J_STATE)}
    if not NEO4J_JAR.is_file():
        with config.pluginmanager.getplugin("capturemanager").global_and_fixture_disabled():
            print(f"\n{BUILDING_NEO4J}", file=sys.stderr, flush=True)
    started = subprocess.run([str(NEO4J_SERVER), "start"], env=env, capture_output=True, text=True)
    uri = next((line.split("=", 1)[1] for line in started.stdout.splitlines() if line.startswith("NEO4J_URI=")), None)
    if started.returncode or not uri:
        pytest.exit(f"scripts/neo4j-test-server start failed (Java and Maven are here, so the Neo4j tests "
                    f"would run):\n{started.stderr[-2000:]}", returncode=3)
    os.environ["NEO4J_URI"] = uri
    config.stash[_OWN_NEO4J] = env


def pytest_unconfigure(config: pytest.Config) -> None:
    env = config.stash.get(_OWN_NEO4J, None)
    if env is not None:
        subprocess.run([str(NEO4J_SERVER), "stop"], env=env, capture_output=True)
        del os.environ["NEO4J_URI"]


_OWN_NEO4J = pytest.StashKey[dict]()


@pytest.fixture(scope="session")
def extractor():
    from extract.extractor import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def sample_articles(extractor):
    from extract.normalize import decode

    return [a.to_dict() for a in extractor.extract(decode(SAMPLE.read_bytes()), str(SAMPLE))]


@pytest.fixture(scope="session")
def rules_extractor():
    """The hand-written stages alone: names from the rules, no tagger."""
    from extract.extractor import Extractor

    return Extractor(rules_only=True)


def facts(extractor, text: str) -> tuple[dict[str, str], set[tuple]]:
    """Entities (name -> type, Regions left out) and relations (source, type, target, props) of one article."""
    art = extractor.article(text, "test").to_dict()
    names = {e["id"]: e["name"] for e in art["entities"]}
    ents = {e["name"]: e["type"] for e in art["entities"] if e["type"] != "Region"}
    rels = {(names[r["source"]], r["type"], names[r["target"]], tuple(sorted(r["properties"].items())))
            for r in art["relations"]}
    return ents, rels


def rule_facts(extractor, text: str) -> tuple[dict[str, str], set[tuple]]:
    """As `facts`, with the relations the hand-written rules find (the trained model's features)
    rather than those the model keeps: what the rule tests pin down."""
    from extract.relations import rule_relations

    ctx = extractor.context(text)
    rels = rule_relations(ctx)
    names = [e.name for e in ctx.entities]
    ents = {e.name: e.type for e in ctx.entities if e.type != "Region"}
    return ents, {(names[r.source], r.type, names[r.target], tuple(sorted(r.properties.items()))) for r in rels}
