"""The explorer page in a real headless Chromium (Debian's /usr/bin/chromium, driven by
Playwright): the overview it opens on, search, a card, expanding a node, a copied URL that
reopens the same view, a named query asked from the page and its answer as a table and a graph,
the graph in view downloaded; the screenshots are kept for a look."""
from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest

from test_api import PARK, read_only_server  # noqa: F401  (a fixture: the sample graph, served)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOT = Path(__file__).resolve().parent.parent / "build" / "explorer.png"
ANSWER_SCREENSHOT = SCREENSHOT.with_name("explorer-answer.png")
OVERVIEW_SCREENSHOT = SCREENSHOT.with_name("explorer-overview.png")

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="Chromium not installed: apt-get install chromium fonts-wqy-zenhei (.ci/run does)")


@contextmanager
def browser_page(failed: list[str]):
    """A page of a fresh headless Chromium, and `leave()`, which waits until every request the
    page made has finished. Page errors, failed requests and server errors land in `failed`.

    The test leaves a page (about:blank, the browser's close) only after `leave()`: a request
    still in flight would be cut off (net::ERR_ABORTED) and counted as failed for the test's
    doing, while one that never finishes must fail the test, not vanish with the page."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1400, "height": 900}, accept_downloads=True)
        in_flight: set = set()

        def request_failed(req) -> None:
            in_flight.discard(req)
            failed.append(f"{req.url} {req.failure}")

        def server_error(resp) -> None:
            if resp.status >= 500:
                failed.append(f"{resp.url} {resp.status}")

        def leave() -> None:
            for _ in range(200):
                if not in_flight:
                    return
                page.wait_for_timeout(50)
            raise AssertionError(f"requests unfinished after 10 s: {sorted(r.url for r in in_flight)}")

        page.on("pageerror", lambda exc: failed.append(str(exc)))
        page.on("request", lambda req: in_flight.add(req))  # (Playwright marks handlers: no bound built-ins)
        page.on("requestfinished", lambda req: in_flight.discard(req))
        page.on("requestfailed", request_failed)
        page.on("response", server_error)
        try:
            yield page, leave
            leave()
        finally:
            browser.close()


def test_search_card_expand_and_screenshot(read_only_server):
    failed: list[str] = []
    with browser_page(failed) as (page, leave):
        page.goto(f"http://127.0.0.1:{read_only_server.port}/")

        page.fill("#q", "科学园")
        page.click("button[type=submit]")
        page.locator("#results button.result", has_text="西安科学园").first.click()
        page.wait_for_selector("#card h2:has-text('西安科学园')")
        evidence = page.locator("#card blockquote.evidence")
        assert evidence.count() == 3 and "签约入驻西安科学园" in evidence.first.inner_text()
        page.wait_for_function("window.parkgraph.cy.nodes().length === 4")

        # Click a lab in the graph: its card opens and its neighbourhood (中国科学院) joins the graph.
        lab = page.evaluate("window.parkgraph.cy.nodes().filter(n => n.data('type') === 'Lab')[0].id()")
        page.evaluate(f"window.parkgraph.cy.getElementById({lab!r}).emit('tap')")
        page.wait_for_function("window.parkgraph.cy.getElementById('Institute:中国科学院').length === 1")
        assert page.evaluate(f"window.parkgraph.cy.getElementById({PARK!r}).hasClass('expanded')")
        page.wait_for_selector("#card h2:has-text('重点实验室')")

        # The evidence links open the article.
        page.locator("#card a.article-link").first.click()
        page.wait_for_selector("#article-view[open]")
        assert "本报讯" in page.inner_text("#article-text")
        page.click("#close-article")

        SCREENSHOT.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOT))

        # The view has a URL: opened in a new page, it shows the same card and the same graph.
        url, drawn = page.url, sorted(page.evaluate("window.parkgraph.cy.nodes().map(n => n.id())"))
        assert "#entity=" in url and "expand=" in url
        # Back goes to the view before: the park's card.
        page.go_back()
        page.wait_for_selector("#card h2:has-text('西安科学园')")
        leave()
        page.goto("about:blank")
        page.goto(url)
        page.wait_for_selector("#card h2:has-text('重点实验室')")
        page.wait_for_function(f"window.parkgraph.cy.nodes().length === {len(drawn)}")
        assert sorted(page.evaluate("window.parkgraph.cy.nodes().map(n => n.id())")) == drawn
        assert page.evaluate(f"window.parkgraph.cy.getElementById({PARK!r}).hasClass('expanded')")
    assert SCREENSHOT.stat().st_size > 10_000
    assert not failed, failed


def test_a_reply_for_a_view_left_behind_is_not_drawn(read_only_server):
    """The overview asks for its parks' neighbourhoods one after another; the first is held back
    until the researcher has opened an entity, then let through: the entity's graph stays its own."""
    failed: list[str] = []
    held: list = []
    holding = [True]

    def hold(route) -> None:
        if holding[0]:
            held.append(route)
        else:
            route.continue_()

    with browser_page(failed) as (page, leave):
        page.route("**/neighbors?*", hold)
        page.goto(f"http://127.0.0.1:{read_only_server.port}/")
        page.wait_for_selector("#card h2:has-text('Overview')")
        while not held:
            page.wait_for_timeout(50)
        holding[0] = False
        page.fill("#q", "科学园")
        page.click("button[type=submit]")
        page.locator("#results button.result", has_text="西安科学园").first.click()
        page.wait_for_function("window.parkgraph.cy.nodes().length === 4")
        for route in held:
            route.continue_()
        page.wait_for_timeout(1500)  # the overview's reply arrives, and its next requests would follow
        assert page.evaluate("window.parkgraph.cy.nodes().length") == 4
        assert page.evaluate("window.parkgraph.view().kind") == "entity"
    assert not failed


def test_overview_named_query_deep_link_and_downloads(read_only_server, tmp_path):
    base = f"http://127.0.0.1:{read_only_server.port}/"
    failed: list[str] = []
    with browser_page(failed) as (page, leave):
        # The overview: counts by type, the most connected parks (drawn too), the named queries as questions.
        page.goto(base)
        page.wait_for_selector("#card h2:has-text('Overview')")
        page.wait_for_selector("#card .top-parks li:has-text('合肥高新技术产业开发区')")
        assert "52 entities" in page.inner_text("#card")
        assert page.locator("#card .counts tr", has_text="Park").count() == 1
        assert page.locator("form.question").count() >= 9
        # Drawn: the ten parks, the first three with their neighbourhoods.
        page.wait_for_function("window.parkgraph.cy.nodes('.expanded').length === 3")
        assert page.evaluate("window.parkgraph.cy.nodes().length") > 10
        assert page.evaluate("window.parkgraph.cy.getElementById('Park:合肥高新技术产业开发区').hasClass('expanded')")
        page.screenshot(path=str(OVERVIEW_SCREENSHOT))

        # Ask a question from the page: the answer as a table and as a graph, under a URL of its own.
        form = page.locator("form.question[data-query=settled_in_park]")
        form.locator("input[name=park]").fill("西安科学园")
        form.locator("input[name=since]").fill("2024-01-01")
        form.locator("button[type=submit]").click()
        page.wait_for_selector("table.answer")
        assert page.locator("table.answer tbody tr").count() == 3
        assert "中国科学院黄土科学重点实验室" in page.inner_text("table.answer")
        page.wait_for_function("window.parkgraph.cy.edges().length === 3")
        assert page.evaluate(f"window.parkgraph.cy.getElementById({PARK!r}).length") == 1
        assert "#query=settled_in_park" in page.url and "since=2024-01-01" in page.url
        page.screenshot(path=str(ANSWER_SCREENSHOT))

        # The graph in view downloads as GraphML and CSV.
        with page.expect_download() as got:
            page.click("#downloads button[data-format=graphml]")
        graphml = Path(got.value.path()).read_text(encoding="utf-8")
        assert graphml.count("<node ") == 4 and graphml.count("<edge ") == 3 and "西安科学园" in graphml
        with page.expect_download() as got:
            page.click("#downloads button[data-format='edges.csv']")
        edges = Path(got.value.path()).read_text(encoding="utf-8").splitlines()
        assert len(edges) == 4 and all(",SETTLED_IN,Park:西安科学园," in e for e in edges[1:])

        # A deep link to a query's answer, opened cold; a name the graph lacks is answered so,
        # with the closest names, one click from the answer.
        leave()
        page.goto("about:blank")
        page.goto(base + "#query=settled_in_park&park=" + quote("西安科学"))
        page.wait_for_selector("#card .error:has-text('no Park is named')")
        page.click("#card button.suggestion:has-text('西安科学园')")
        page.wait_for_selector("table.answer")
        assert page.locator("table.answer tbody tr").count() == 3

        # A deep link to an entity with its neighbourhood expanded, opened cold.
        leave()
        page.goto("about:blank")
        page.goto(base + "#entity=" + quote(PARK) + "&expand=" + quote(PARK))
        page.wait_for_selector("#card h2:has-text('西安科学园')")
        page.wait_for_function("window.parkgraph.cy.nodes().length === 4")
    assert not failed, failed
