"""The built website in a real browser (`make site-test`): headless Chromium, no network.

The site is served from this machine (127.0.0.1) and Chromium is told that no other host
exists. Every page is visited, and a page fails when

* it asks for anything from another host (fonts, scripts, styles, math),
* the browser console reports an error (a missing file shows up there too),
* an image does not load,
* math is left unrendered (a formula without MathJax output, or `$...$` left in the text),
* a link to another page of the site, or to a section of one, leads nowhere.

A screenshot of each page is saved in `site-test/`.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("COURSE_SITE_DIR", ROOT / "site"))
SHOTS = Path(os.environ.get("COURSE_SITE_SHOTS", ROOT / "site-test"))
PAGES = sorted(p.relative_to(SITE).as_posix() for p in SITE.glob("*.html"))
LEFTOVER_MATH = re.compile(r"\$\$|\\\(|\\\[|\$[^$\n]{0,80}[\\^_{][^$\n]{0,80}\$")

if not PAGES:
    pytest.exit(f"no built site in {SITE}: run `make site` first", returncode=2)


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)


@functools.cache
def ids_in(page: Path) -> frozenset[str]:
    parser = _Ids()
    parser.feed(page.read_text(encoding="utf-8"))
    return frozenset(parser.ids)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium must not fetch drivers either
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not binary or not driver_path:
        pytest.exit(
            "Chromium and its driver are needed: apt-get install chromium chromium-driver",
            returncode=2,
        )
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,1400",
        # No other host exists for this browser: names do not resolve, and the proxy that
        # anything else would need is a closed port.
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
        "--proxy-server=http://127.0.0.1:9",
        "--proxy-bypass-list=127.0.0.1",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    yield driver
    driver.quit()


def _requested_urls(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


WAIT_FOR_PAGE = """
const done = arguments[arguments.length - 1];
document.querySelectorAll('img').forEach(img => { img.loading = 'eager'; });
const images = Array.from(document.images).map(img => img.complete ? null :
    new Promise(r => { img.onload = img.onerror = r; }));
const math = (window.MathJax && MathJax.startup && MathJax.startup.promise) || null;
Promise.all([...images, math]).then(() => done(true), () => done(false));
"""

INSPECT_PAGE = """
const broken = Array.from(document.images)
    .filter(img => !(img.complete && img.naturalWidth > 0))
    .map(img => img.getAttribute('src'));
const formulas = Array.from(document.querySelectorAll('.math'));
const unrendered = formulas.filter(el => !el.querySelector('mjx-container'))
    .map(el => el.textContent.slice(0, 60));
const clone = document.body.cloneNode(true);
clone.querySelectorAll('pre, code, script, style, .math, mjx-container, textarea')
    .forEach(el => el.remove());
const links = Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'));
return {broken, formulas: formulas.length, unrendered, text: clone.textContent, links};
"""


@pytest.mark.parametrize("page", PAGES)
def test_page(page, server, browser):
    browser.get_log("performance")  # forget the previous page's requests
    browser.get_log("browser")
    url = urljoin(server, page)
    browser.get(url)
    browser.execute_async_script(WAIT_FOR_PAGE)
    found = browser.execute_script(INSPECT_PAGE)
    SHOTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(SHOTS / (Path(page).stem + ".png")))
    problems = []

    for requested in _requested_urls(browser):
        parts = urlsplit(requested)
        if parts.scheme in ("data", "blob", "about", "chrome-extension"):
            continue
        if not requested.startswith(server):
            problems.append(f"asks for {requested} from another host")

    for entry in browser.get_log("browser"):
        if entry["level"] == "SEVERE":
            problems.append(f"console error: {entry['message'][:200]}")

    problems += [f"image does not load: {src}" for src in found["broken"]]
    problems += [f"math not rendered: {text!r}" for text in found["unrendered"]]
    leftover = LEFTOVER_MATH.search(found["text"])
    if leftover:
        start = max(0, leftover.start() - 30)
        problems.append(f"raw math in the text: {found['text'][start : leftover.end() + 30]!r}")

    for href in found["links"]:
        target = urlsplit(urljoin(url, href))
        if target.scheme not in ("http", "https") or not urljoin(url, href).startswith(server):
            continue  # links to other sites are references to read, not resources
        path = SITE / unquote(target.path.lstrip("/"))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            problems.append(f"broken link: {href}")
        elif target.fragment and path.suffix == ".html":
            if unquote(target.fragment) not in ids_in(path):
                problems.append(f"broken link to a section: {href}")

    assert not problems, f"{page}:\n  " + "\n  ".join(dict.fromkeys(problems))


def test_every_notebook_has_a_page_with_outputs():
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    for notebook in notebooks:
        page = SITE / (notebook.stem + ".html")
        assert page.is_file(), f"no page for {notebook.name}"
        text = page.read_text(encoding="utf-8")
        assert "cell_output" in text, f"{page.name} shows no executed outputs"
    assert (SITE / "glossary.html").is_file()
