"""Signing a demo staff member in to the admin, in a browser context of its own."""

from django.urls import reverse


def sign_in(browser, live_server, username, width=1366, clock=False):
    """A page signed in as `username` (password newsroom-demo, as make_staff sets it), at
    `width` px; `clock` installs Playwright's fake clock first (timers the test moves on)."""
    context = browser.new_context(locale="ar", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    if clock:
        page.clock.install()
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", "newsroom-demo")
    page.click("input[type=submit]")
    page.wait_for_selector("#content-main")
    return page
