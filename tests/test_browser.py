"""What a reader sees, in a real browser: Playwright driving Debian's chromium against a running
Datasette on the real built database. Screenshots go to tests/output/screenshots/."""

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from conftest import REPO
from service.build import build_database

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
SHOTS = REPO / "tests" / "output" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Datasette serving the real data, built fresh, on a free port."""
    import socket

    db = tmp_path_factory.mktemp("browser") / "ketamine.db"
    build_database(REPO / "data", db)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "datasette"), "serve", "--immutable", str(db),
         "--metadata", str(REPO / "metadata.yml"), "--port", str(port)],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=2).read()
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError("Datasette did not start")
            time.sleep(0.3)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), f"chromium not found at {CHROMIUM}: `make test` installs Debian's chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A page that records console errors and failed requests; the test fails if any occur."""
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    problems = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.problems = problems
    yield page
    page.close()
    assert problems == []


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_home_page(site, page):
    page.goto(site + "/")
    assert "Not legal advice" in page.inner_text("body")
    link = page.locator('a[href="/-/dashboards/world-map"]').first
    assert "World map" in link.inner_text()
    shot(page, "home")


def test_world_map_colours_known_statuses(site, page):
    page.goto(site + "/-/dashboards/world-map")
    page.wait_for_selector("#chart-ketamine-map svg path", timeout=20000)
    page.wait_for_function(
        "document.querySelectorAll('#chart-ketamine-map svg path[fill=\"#b2182b\"]').length > 0", timeout=20000)
    fills = page.eval_on_selector_all("#chart-ketamine-map svg path", "els => els.map(e => e.getAttribute('fill'))")
    assert fills.count("#b2182b") >= 5  # controlled
    assert fills.count("#d9d9d9") >= 50  # unknown, shown as grey, not as "legal"
    legend = page.inner_text("#chart-ketamine-map")
    assert "Unknown: not yet established" in legend and "Controlled under drug-control law" in legend
    page.wait_for_selector("#chart-esketamine-map svg path", timeout=20000)
    shot(page, "world-map")


def test_country_page_shows_status_and_citation(site, page):
    page.goto(site + "/country/GB")
    body = page.inner_text("body")
    assert "United Kingdom" in body and "Ketamine: Controlled under drug-control law" in body
    assert "Class B" in body and "Misuse of Drugs Act 1971" in body
    links = page.eval_on_selector_all("#ketamine a.source-link", "els => els.map(e => e.href)")
    assert links and all(re.match(r"https?://", href) for href in links)
    shot(page, "country-GB")


def test_canned_query_country(site, page):
    page.goto(site + "/ketamine/country?code=GB")
    rows = page.locator("table.rows-and-columns tbody tr")
    assert rows.count() >= 2
    assert "Class B" in page.inner_text("table.rows-and-columns")
    shot(page, "query-country-GB")


def test_map_click_opens_country_page(site, page):
    page.goto(site + "/-/dashboards/world-map")
    page.wait_for_function(
        "document.querySelectorAll('#chart-ketamine-map svg path[fill=\"#b2182b\"]').length > 0", timeout=20000)
    # Australia: the largest coloured shape in the southern half of the ketamine map.
    x, y = page.evaluate("""() => {
        const svg = document.querySelector('#chart-ketamine-map svg').getBoundingClientRect();
        const shapes = [...document.querySelectorAll('#chart-ketamine-map svg path[fill="#b2182b"]')]
          .map(p => [p, p.getBoundingClientRect()])
          .filter(([p, r]) => r.top + r.height / 2 > svg.top + svg.height * 0.55 && r.width < svg.width / 3);
        shapes.sort((a, b) => b[1].width * b[1].height - a[1].width * a[1].height);
        for (const [p, r] of shapes) {
          for (const f of [0.5, 0.4, 0.6, 0.3]) {
            const x = r.left + r.width * f, y = r.top + r.height * f;
            if (document.elementFromPoint(x, y) === p) return [x, y];
          }
        }
        return [0, 0];
    }""")
    with page.expect_navigation(timeout=10000):
        page.mouse.click(x, y)
    assert page.url.endswith("/country/AU")
    assert "Australia" in page.inner_text("h1")
