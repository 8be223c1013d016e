"""The staff console in headless Chromium: sign in, take over, reply (seen on the shopper's chat page), hand back.

Drives Debian's Chromium (`/usr/bin/chromium`, installed by `make pytest` where possible) with
Playwright; skips with the reason when either is missing. The real app runs under uvicorn on a
free loopback port, on a private copy of the demo store.
"""

from __future__ import annotations

import importlib.util
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from shopcrew.api import create_app
from shopcrew.handoff.staff_accounts import create_staff
from shopcrew.settings import Settings
from shopcrew.store.database import open_store, session_factory

CHROMIUM = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else (shutil.which("chromium") or "")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "console test password"

if importlib.util.find_spec("playwright") is None:
    pytest.skip("playwright is not installed (pip install -e '.[dev]')", allow_module_level=True)
if not CHROMIUM:
    pytest.skip(
        "Debian's chromium is not installed (`make pytest` installs it as root; else apt-get install chromium)",
        allow_module_level=True,
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(demo_settings: Settings) -> Iterator[str]:
    """The real app on a free loopback port; yields its base URL."""
    engine = open_store(demo_settings)
    with session_factory(engine)() as session:
        create_staff(session, "Alice", password=PASSWORD)
        session.commit()
    engine.dispose()
    port = _free_port()
    config = uvicorn.Config(create_app(demo_settings), host="127.0.0.1", port=port, log_level="warning")
    app_server = uvicorn.Server(config)
    thread = threading.Thread(target=app_server.run, daemon=True)
    thread.start()
    # Startup builds the assistant (and trains the classifier when its cache is cold): give it time.
    deadline = time.monotonic() + 180
    while not app_server.started:
        if not thread.is_alive():
            pytest.fail("the app failed to start (its error is in the captured log)")
        if time.monotonic() > deadline:
            pytest.fail("the app did not start within 180 s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        app_server.should_exit = True
        thread.join(timeout=10)


def test_take_over_reply_hand_back_in_the_console(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            _walk_through(browser, server, tmp_path, expect)
        finally:
            browser.close()


def _walk_through(browser: Any, server: str, tmp_path: Path, expect: Any) -> None:
    expect.set_options(timeout=10_000)
    # The shopper asks for a person on the web chat.
    shopper = browser.new_context().new_page()
    shopper.goto(f"{server}/")
    shopper.fill("#text", "I want to talk to a real person")
    shopper.press("#text", "Enter")
    expect(shopper.locator(".message.assistant").last).to_contain_text("member of our team")
    conversation_id = shopper.evaluate("localStorage.getItem('shopcrew.conversation_id')")
    assert conversation_id

    staff = browser.new_context().new_page()
    staff.goto(f"{server}/console")
    # A wrong password is a clear error, not a crash.
    staff.fill("#signin-name", "Alice")
    staff.fill("#signin-password", "not the password")
    staff.click("#signin-submit")
    expect(staff.locator("#signin-error")).to_have_text("wrong staff name or password")
    staff.fill("#signin-password", PASSWORD)
    staff.click("#signin-submit")
    expect(staff.locator("#staff-name")).to_have_text("Alice (agent)")

    item = staff.locator(f'.queue-item[data-conversation-id="{conversation_id}"]')
    expect(item).to_contain_text("shopper asked for a person")
    expect(item).to_contain_text("unassigned")
    item.locator("button").click()
    expect(staff.locator("#packet .packet-reason")).to_have_text("shopper asked for a person")
    expect(staff.locator("#reply-send")).to_be_disabled()

    staff.click("#take-over")
    expect(staff.locator("#action-status")).to_have_text("taken from the handoff queue")
    expect(staff.locator("#conv-meta")).to_contain_text("owned by Alice")
    staff.fill("#reply-text", "Hi, I'm Alice from the team. What can I do for you?")
    staff.click("#reply-send")
    expect(staff.locator("#transcript .entry.human")).to_contain_text("Alice from the team")
    staff.fill("#note-text", "Seems to be about a late parcel")
    staff.click("#note-add")
    expect(staff.locator("#transcript .entry.staff-note")).to_contain_text("late parcel")

    # The shopper's page shows the person's reply (it polls), and never the internal note.
    expect(shopper.locator(".message.human .text")).to_have_text(
        "Hi, I'm Alice from the team. What can I do for you?"
    )
    expect(shopper.locator(".messages")).not_to_contain_text("late parcel")
    staff.screenshot(path=str(tmp_path / "console.png"), full_page=True)

    staff.click("#hand-back")
    expect(staff.locator("#conv-meta")).to_contain_text("assistant (support)")
    expect(shopper.locator(".message.note").last).to_contain_text("You're back with Sam")
    shopper.screenshot(path=str(tmp_path / "chat.png"), full_page=True)

    # The assistant answers the next message itself.
    with shopper.expect_response(lambda r: r.url.endswith("/v1/messages")) as answered:
        shopper.fill("#text", "what is your return policy?")
        shopper.press("#text", "Enter")
    turn = answered.value.json()
    assert turn["owner"] != "human" and turn["reply"]
    expect(shopper.locator(".message.assistant").last).to_contain_text(turn["reply"][:40])
    staff.wait_for_timeout(100)
    expect(staff.locator("#queue-empty")).to_be_visible()
