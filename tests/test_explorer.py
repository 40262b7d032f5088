"""The explorer page in a real headless Chromium (Debian's /usr/bin/chromium, driven by
Playwright): search, open a card, expand a node; the screenshot is kept for a look."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from test_api import PARK, read_only_server  # noqa: F401  (a fixture: the sample graph, served)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOT = Path(__file__).resolve().parent.parent / "build" / "explorer.png"

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="Chromium not installed: apt-get install chromium fonts-wqy-zenhei (.ci/run does)")


def test_search_card_expand_and_screenshot(read_only_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        failed: list[str] = []
        page.on("pageerror", lambda exc: failed.append(str(exc)))
        page.on("requestfailed", lambda req: failed.append(req.url))
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
        browser.close()
    assert SCREENSHOT.stat().st_size > 10_000
    assert not failed, failed
