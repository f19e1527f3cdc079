"""The page behind a login in a real browser: `unscqa serve --users-file` (a user added with `unscqa users add`) on
the seeds, driven by Playwright through Debian's chromium (`bash scripts/setup_browser.sh`). A wrong password is
refused, the right one opens the page, and a question is answered. The hashing embedder and the fake LLM keep it fast
(no model is loaded); the server is started by the test and always stopped."""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_ui_browser import CHROMIUM, REPO, SERVE, VOTE, _screenshot, _serve
from tests.test_ui_browser import browser_page as browser_page  # the same headless Chromium fixture
from unscqa.services import Services
from unscqa.settings import Settings

pytestmark = pytest.mark.slow

NAME, PASSWORD = "alice", "correct-horse-battery-9"


def _requirements() -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"no browser at {CHROMIUM}: run `bash scripts/setup_browser.sh`")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed: run scripts/setup_browser.sh")
    pytest.importorskip("gradio")


def _cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", SERVE, *args], input=stdin, text=True, capture_output=True,
                          cwd=REPO, timeout=120)


@pytest.fixture()
def login_server(seeds_dir: Path, tmp_path: Path) -> Iterator[str]:
    """`unscqa serve` with a users file holding one user, on the seeds (hashing embedder, fake LLM); its URL."""
    _requirements()
    data = tmp_path / "data"
    settings = Settings.load(env={}, data_dir=data, embedding_backend="hashing", llm_provider="fake")
    assert Services(settings).ingest([seeds_dir]).count("ingested") == 5
    users = tmp_path / "users"
    added = _cli("users", "add", NAME, "--password-stdin", "--users-file", str(users), stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    assert PASSWORD not in users.read_text() and f"\n{NAME}:scrypt$" in users.read_text()
    yield from _serve(data, tmp_path, "--embedding-backend", "hashing", "--llm-provider", "fake", "--users-file",
                      str(users))


def _log_in(page, name: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.fill("input[data-testid='textbox']", name)
    page.fill("input[data-testid='password']", password)
    page.click("form button.primary, button.primary")  # "登录" or "Login", by the browser's language


def test_the_page_is_behind_the_login(login_server: str, browser_page, tmp_path: Path) -> None:
    with pytest.raises(urllib.error.HTTPError) as refused:  # the app's config is not served without a login
        urllib.request.urlopen(login_server + "config", timeout=10)
    assert refused.value.code == 401
    page = browser_page
    page.goto(login_server)
    page.wait_for_selector("input[data-testid='password']", timeout=60_000)
    assert page.locator("#uq-question").count() == 0, "nothing of the page before logging in"
    _log_in(page, NAME, "wrong-password-1")
    page.get_by_text(re.compile("凭据不正确|Incorrect Credentials")).wait_for(timeout=30_000)
    assert page.locator("#uq-question").count() == 0 and page.locator("input[data-testid='password']").count() == 1
    _screenshot(page, tmp_path, "ui-login-refused.png")
    _log_in(page, NAME, PASSWORD)
    page.wait_for_selector("#uq-question textarea", timeout=60_000)
    page.fill("#uq-question textarea", VOTE)
    page.click("#uq-send")
    page.wait_for_selector("#uq-chat .uq-answer, #uq-chat .uq-abstain, #uq-chat .uq-notice", timeout=60_000)
    assert page.locator("#uq-chat .uq-answer").count() == 1, page.inner_text("#uq-chat")
    assert "13票赞成" in page.inner_text("#uq-chat .uq-answer")
    _screenshot(page, tmp_path, "ui-login-answer.png")
