"""scripts/llm_server.sh end to end: llama-cpp-python's OpenAI-compatible server with the bundled GGUF on a free
localhost port, answering through the project's own `openai` provider; always stopped afterwards."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from unscqa.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "llm_server.sh"
ALIAS = "unscqa-test-model"

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def script(*args: str, env: dict[str, str], timeout: float = 90) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=timeout,
                          cwd=REPO)


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """(base URL, log file) of a started server; stopped (killed if need be) whatever the test does."""
    try:
        import llama_cpp.server.app  # noqa: F401
    except ImportError as err:
        pytest.skip(f"llama_cpp.server's packages are not installed ({err}): pip install -c constraints.txt "
                    "fastapi uvicorn pydantic-settings sse-starlette starlette-context")
    model = Settings.load(env={k: v for k, v in os.environ.items() if k != "UNSCQA_LLM_MODEL"}).llm_path
    if not model.is_file():
        pytest.skip(f"no bundled GGUF at {model}: run scripts/setup.sh")
    port = free_port()
    # HOST and PORT in the environment would rebind llama_cpp.server: the script must shield it from them
    env = {**os.environ, "UNSCQA_LLM_SERVER_DIR": str(tmp_path), "UNSCQA_LLM_SERVER_ALIAS": ALIAS,
           "UNSCQA_LLM_SERVER_MODEL": str(model), "UNSCQA_LLM_SERVER_CTX": "1024", "UNSCQA_LLM_SERVER_WAIT": "90",
           "HOST": "0.0.0.0", "PORT": "1"}
    pid_file, log = tmp_path / f"llm-server-{port}.pid", tmp_path / f"llm-server-{port}.log"
    try:
        started = script("start", "--port", str(port), env=env, timeout=120)
        assert started.returncode == 0, started.stderr
        yield f"http://127.0.0.1:{port}/v1", log
        again = script("start", "--port", str(port), env=env)
        assert "already running" in again.stdout
    finally:
        pid = pid_file.read_text().strip() if pid_file.is_file() else ""
        stopped = script("stop", "--port", str(port), env=env, timeout=30)
        if pid and Path(f"/proc/{pid}").exists():
            os.kill(int(pid), signal.SIGKILL)
        assert stopped.returncode == 0, stopped.stderr
    assert not pid_file.exists()
    assert "not running" in script("stop", "--port", str(port), env=env).stdout


def test_script_serves_the_bundled_model_to_the_openai_provider(server: tuple[str, Path]) -> None:
    from llama_index.core.base.llms.types import ChatMessage, MessageRole

    from rag.llm import load_llm

    base_url, log = server
    settings = Settings.load(env={}, llm_provider="openai", llm_base_url=base_url, llm_model=ALIAS,
                             llm_max_tokens=8, llm_timeout=60.0)
    reply = load_llm(settings).chat([ChatMessage(role=MessageRole.SYSTEM, content="Answer in one word."),
                                     ChatMessage(role=MessageRole.USER, content="What colour is the sky?")])
    assert (reply.message.content or "").strip()
    assert f"Uvicorn running on {base_url.removesuffix('/v1')}" in log.read_text()  # 127.0.0.1, not $HOST
