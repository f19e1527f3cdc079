"""The page in a real browser: `unscqa serve` on the seeds with the real models, driven by Playwright through
Debian's chromium (set up with `bash scripts/setup_browser.sh`). Screenshots go to the test's folder and to
out/screenshots/ in the repository."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from unscqa.settings import Settings

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VOTE = "第2511(2020)号决议的表决结果如何？"
CLI = "import sys; from unscqa.cli import main as m; sys.exit(m.main(sys.argv[1:]))"
# `unscqa serve`, registering the subcommand when the command table does not list it (yet)
SERVE = ("import sys; from unscqa.cli import main as m; m.COMMANDS.setdefault('serve', 'unscqa.cli.serve_cmd'); "
         "sys.exit(m.main(sys.argv[1:]))")


def _requirements() -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"no browser at {CHROMIUM}: run `bash scripts/setup_browser.sh`")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("playwright is not installed: run `bash scripts/setup_browser.sh`")
    settings = Settings.load()
    if not settings.llm_path.is_file() and settings.llm_provider == "llama-cpp":
        pytest.skip(f"LLM not at {settings.llm_path}: run scripts/setup.sh")
    if not settings.embedding_path.is_dir():
        pytest.skip(f"embedding model not at {settings.embedding_path}: run scripts/setup.sh")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture()
def server(real_seeded, tmp_path: Path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """`unscqa serve` on a copy of the seeds ingested with the real models; yields its URL."""
    data = tmp_path / "data"
    shutil.copytree(real_seeded.settings.data_dir, data)
    yield from _serve(data, tmp_path)


@pytest.fixture()
def bilingual_server(real_seeded, corpus_dir: Path, tmp_path: Path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """`unscqa serve` on the seeds plus resolution 368 (1975) in Chinese and in English (real models)."""
    data = tmp_path / "data"
    shutil.copytree(real_seeded.settings.data_dir, data)
    pair = [corpus_dir / "unsc-resolutions-zh" / "S_RES_0368_1975_ZH.txt",
            corpus_dir / "unsc-resolutions-en" / "S_RES_0368_1975_EN_GOLD.txt"]
    ingest = subprocess.run([sys.executable, "-c", CLI, "ingest", "--data-dir", str(data), *map(str, pair)],
                            cwd=REPO, capture_output=True, text=True, timeout=600)
    assert ingest.returncode == 0, ingest.stdout + ingest.stderr
    yield from _serve(data, tmp_path)


def _serve(data: Path, tmp_path: Path, *options: str) -> Iterator[str]:
    """`unscqa serve --data-dir DATA [options]` on a free port until the generator is closed; yields its URL."""
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen([sys.executable, "-c", SERVE, "serve", "--data-dir", str(data), "--port", str(port),
                                *options], cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.time() + 120
        while True:
            if process.poll() is not None:
                pytest.fail(f"unscqa serve exited with {process.returncode}:\n{(tmp_path / 'serve.log').read_text()}")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.time() > deadline:
                pytest.fail(f"unscqa serve did not start:\n{(tmp_path / 'serve.log').read_text()}")
            time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture()
def browser_page(tmp_path: Path):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True,
            viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        try:
            yield context.new_page()
        finally:
            context.close()


def _screenshot(page, tmp_path: Path, name: str) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=True)
    keep = REPO / "out" / "screenshots"
    keep.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, keep / name)
    return path


@pytest.fixture(scope="session")
def browser_requirements() -> None:
    """Session-scoped and requested first, so a missing browser skips before any model is loaded."""
    _requirements()


def test_page_answers_with_a_clickable_citation(browser_requirements: None, server: str,
                                                browser_page, tmp_path: Path) -> None:
    page = browser_page
    page.goto(server)
    page.wait_for_selector("#uq-question textarea", timeout=60_000)
    page.wait_for_selector("#uq-chat")
    assert page.get_by_text("第2511(2020)号决议的表决结果如何？").count() >= 1, "example questions on the empty chat"
    _screenshot(page, tmp_path, "ui-empty.png")
    page.fill("#uq-question textarea", VOTE)
    page.click("#uq-send")
    page.wait_for_selector("#uq-chat .uq-answer, #uq-chat .uq-abstain, #uq-chat .uq-notice", timeout=180_000)
    assert page.locator("#uq-chat .uq-answer").count() == 1, page.inner_text("#uq-chat")
    answer = page.inner_text("#uq-chat .uq-answer")
    assert "13" in answer and "2" in answer, answer
    chip = page.locator("#uq-chips label").first
    chip.wait_for(timeout=10_000)
    assert chip.inner_text().startswith("[1]")
    chip.click()
    page.wait_for_selector("#uq-panel mark", timeout=30_000)
    assert "13票赞成" in page.inner_text("#uq-panel mark")
    assert page.locator("#uq-panel .uq-context").count() >= 1, "neighbouring paragraphs are shown"
    _screenshot(page, tmp_path, "ui-answer.png")
    page.click("#uq-whole")
    page.wait_for_selector("#uq-panel .uq-doc-body .uq-cited mark", timeout=30_000)
    page.click("#uq-chat .uq-answer .uq-chip")  # the chip inside the answer opens the paragraph view again
    page.wait_for_selector("#uq-panel .uq-doc-body", state="detached", timeout=30_000)
    assert "13票赞成" in page.inner_text("#uq-panel mark")
    page.click("#uq-whole")
    page.wait_for_selector("#uq-panel .uq-doc-body .uq-cited mark", timeout=30_000)
    page.set_viewport_size({"width": 420, "height": 900})
    time.sleep(0.5)
    _screenshot(page, tmp_path, "ui-narrow.png")


def test_citation_in_both_languages_with_its_check_and_docx_footnotes(browser_requirements: None,
                                                                      bilingual_server: str, browser_page,
                                                                      tmp_path: Path) -> None:
    """Click a citation: the cited paragraph and the same paragraph of the other official language side by side;
    hover: how it was verified; the .docx briefing's footnote quotes both and says the check."""
    from ui.briefing import read_docx_footnotes

    page = browser_page
    page.goto(bilingual_server)
    page.wait_for_selector("#uq-question textarea", timeout=60_000)
    page.fill("#uq-question textarea", "第368(1975)号决议是哪一天通过的？")  # answered from the header ¶0
    page.click("#uq-send")
    page.wait_for_selector("#uq-chat .uq-answer, #uq-chat .uq-abstain, #uq-chat .uq-notice", timeout=180_000)
    assert page.locator("#uq-chat .uq-answer").count() == 1, page.inner_text("#uq-chat")
    chip = page.locator("#uq-chat .uq-answer .uq-chip").first
    title = chip.get_attribute("title") or ""
    assert "核实：" in title and "一致" in title, title  # the hover says how the citation was verified
    chip.hover()
    chip.click()
    page.wait_for_selector("#uq-panel .uq-side-by-side .uq-aligned", timeout=30_000)
    cited = page.inner_text("#uq-panel .uq-cited-side .uq-cited")
    aligned = page.inner_text("#uq-panel .uq-aligned")
    both = cited + aligned  # the header in both official languages, whichever version was cited
    assert "Resolution 368 (1975) of 17 April 1975" in both and "一九七五年四月十七日" in both, (cited, aligned)
    assert "¶0" in cited and "¶0" in aligned
    assert page.locator("#uq-panel .uq-cited mark").count() == 1
    assert "核实：" in page.inner_text("#uq-panel .uq-check")
    _screenshot(page, tmp_path, "ui-side-by-side.png")
    page.click("#uq-briefing")
    link = page.locator("#uq-briefing-file a").first
    link.wait_for(timeout=30_000)
    with page.expect_download(timeout=30_000) as download:
        link.click()
    path = tmp_path / "briefing.docx"
    download.value.save_as(str(path))
    notes = read_docx_footnotes(path)
    assert notes and "核实：" in notes[0] and ("英文本" in notes[0] or "中文本" in notes[0]), notes
