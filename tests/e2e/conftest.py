"""Real-browser tests: Debian's Chromium, driven by Playwright, against the live server."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        if os.environ.get("NEWSROOM_E2E") == "require":
            pytest.fail("NEWSROOM_E2E=require but Chromium is not installed")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between browser steps are ordinary synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ar", viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


# Every page of every browser context a test opens reports its Content-Security-Policy
# violations (the securitypolicyviolation event, in popups too) and its script errors; a test
# that saw any fails. Chromium's "Failed to load resource" lines are left out: several tests
# ask for a 400, 404 or 429 on purpose.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile}:${event.lineNumber} (${event.sample})`);
}, true);
"""


def watch_context(context, problems: list[str]) -> None:
    context.add_init_script(REPORT_VIOLATIONS)

    def on_console(message):
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(f"{message.page.url if message.page else '?'}: {message.text}")

    context.on("console", on_console)
    context.on("weberror", lambda error: problems.append(f"script error: {error.error}"))


@pytest.fixture(autouse=True)
def browser_problems(request):
    """The CSP violations and script errors of the test's browser pages: none allowed."""
    if "browser" not in request.fixturenames:
        yield []
        return
    if "live_server" in request.fixturenames:
        # Set up the database first, so that it is emptied only after this fixture has closed
        # the test's pages: an open admin page keeps sending requests (the edit lock's
        # heartbeat) that would hold row locks against the flush.
        request.getfixturevalue("transactional_db")
    browser = request.getfixturevalue("browser")
    problems: list[str] = []
    contexts = []
    new_context = browser.new_context

    def watched_new_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        watch_context(context, problems)
        contexts.append(context)
        return context

    browser.new_context = watched_new_context
    try:
        yield problems
    finally:
        del browser.new_context
        for context in contexts:
            context.close()  # a no-op for one the test closed itself
    assert problems == [], "\n".join(problems)


@pytest.fixture
def shots(tmp_path):
    """Where screenshots go: NEWSROOM_SCREENSHOTS if set (to look at them), else a temp dir."""
    folder = Path(os.environ.get("NEWSROOM_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
