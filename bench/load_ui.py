"""Load check of the chat page: N simulated users (default 10), each with its own Gradio session, ask questions
through `gradio_client` (the page's own "/ask" event: queue, streaming and per-session state included) for a
fixed duration, then report errors (must be 0), answer latency p50/p95/max, answers per minute, and how many
answers were first told their place in the queue ("排队中，前面还有 N 个问题" / "Queued, N ahead").

Usage:
  .venv/bin/python bench/load_ui.py --url http://127.0.0.1:7860/          # against a running `unscqa serve`
  .venv/bin/python bench/load_ui.py --llm-provider fake --duration 60      # starts its own server on the seeds
  .venv/bin/python bench/load_ui.py --llm-provider openai --llm-base-url http://127.0.0.1:8080/v1 \
      --llm-model qwen2.5-coder-1.5b --llm-concurrency 4                   # answers from an LLM server

Localhost only. With the in-process model answers run one at a time, so latency grows with the number of users
(with the real LLM at ~5-15 s per answer, 10 users wait up to ~10 answers); with a server, up to --llm-concurrency
answers are generated at once (as fast as the server serves them).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
QUESTIONS = [
    "第2511(2020)号决议的表决结果如何？", "第2089(2013)号决议的表决结果如何？", "2020年2月安理会举行了多少次公开会议？",
    "How many public meetings did the Security Council hold in February 2020?", "第9999号决议的表决结果如何？",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
SERVE = ("import sys; from unscqa.cli import main as m; m.COMMANDS.setdefault('serve', 'unscqa.cli.serve_cmd'); "
         "sys.exit(m.main(sys.argv[1:]))")
MAX_REQUESTS_PER_USER = 100_000  # a bound on each user's loop besides the clock


PLACE = re.compile(r"(?:排队中，前面还有|Queued,) (\d+)")


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    places: list[int] = field(default_factory=list)  # per answer: the most questions it was told were ahead (0: none)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def ok(self, seconds: float, place: int = 0) -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.places.append(place)

    def fail(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def user(number: int, url: str, deadline: float, results: Results, timeout: float) -> None:
    """One simulated user: its own client (own session), questions in turn, until the deadline."""
    from gradio_client import Client

    try:
        client = Client(url, verbose=False)
    except Exception as err:
        results.fail(f"user {number}: cannot connect: {err}")
        return
    for request in range(MAX_REQUESTS_PER_USER):
        if time.time() >= deadline:
            break
        question = QUESTIONS[(number + request) % len(QUESTIONS)]
        started = time.perf_counter()
        try:
            job = client.submit(question, [], "", "", "", [], api_name="/ask")
            outputs = job.result(timeout=timeout)
            seconds = time.perf_counter() - started
        except Exception as err:
            results.fail(f"user {number}: {question}: {type(err).__name__}: {err}")
            continue
        problem = check(outputs, question, request + 1)
        if problem:
            results.fail(f"user {number}: {question}: {problem}")
        else:
            results.ok(seconds, most_ahead(job.outputs()))


def most_ahead(updates: list[object]) -> int:
    """The largest "N ahead" the status line said during one answer (0 when it never waited)."""
    found = [int(m.group(1)) for update in updates if isinstance(update, (list, tuple)) and len(update) > 3
             for m in PLACE.finditer(str(update[3]))]
    return max(found, default=0)


def check(outputs: object, question: str, turns: int) -> str:
    """'' when the final output is this user's own conversation (`turns` questions, the last one `question`)
    ending in a verified answer or an abstention; else what is wrong."""
    if not isinstance(outputs, (list, tuple)) or len(outputs) < 2:
        return f"unexpected output {outputs!r:.200}"
    messages = outputs[1]
    if not messages:
        return "empty chat"
    texts = [_text(m.get("content")) for m in messages]
    if len(messages) != 2 * turns or html.unescape(texts[-2]) != question:
        return f"conversation mixed up: {len(messages)} messages for {turns} questions"
    if "uq-answer" in texts[-1] or "uq-abstain" in texts[-1]:
        return ""
    return f"not an answer: {texts[-1][:200]}"


def _text(content: object) -> str:
    if isinstance(content, list) and content and isinstance(content[0], dict):
        return str(content[0].get("text", ""))
    return str(content)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(args: argparse.Namespace, workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    data = Path(args.data_dir) if args.data_dir else workdir / "data"
    common = ["--data-dir", str(data)]
    if args.embedding_backend:
        common += ["--embedding-backend", args.embedding_backend]
    if not (data / "unscqa.sqlite3").exists():
        if not SEEDS.is_dir():
            sys.exit(f"error: no data at {data} and no seeds at {SEEDS} to ingest")
        print(f"ingesting {SEEDS} into {data} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "unscqa.cli.main", "ingest", str(SEEDS), "--quiet", *common],
                       cwd=REPO, check=True)
    port = free_port()
    log = (workdir / "serve.log").open("wb")
    llm = ["--llm-provider", args.llm_provider]
    llm += ["--llm-base-url", args.llm_base_url] if args.llm_base_url else []
    llm += ["--llm-concurrency", str(args.llm_concurrency)] if args.llm_concurrency else []
    env = {**os.environ, **({"UNSCQA_LLM_MODEL": args.llm_model} if args.llm_model else {})}
    process = subprocess.Popen([sys.executable, "-c", SERVE, "serve", "--port", str(port), *llm, *common], cwd=REPO,
                               stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 180
    while time.time() < deadline:
        if process.poll() is not None:
            sys.exit(f"error: the server exited:\n{(workdir / 'serve.log').read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return process, url
        except OSError:
            time.sleep(0.5)
    process.terminate()
    sys.exit("error: the server did not start within 180 s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running page (localhost only); omit to start a server")
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--duration", type=float, default=120.0, help="seconds of load (default 120)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds one answer may take")
    parser.add_argument("--llm-provider", default="fake", choices=["llama-cpp", "openai", "fake"],
                        help="for the server this script starts (default fake)")
    parser.add_argument("--llm-base-url", help="for --llm-provider openai: the server (default: settings)")
    parser.add_argument("--llm-model", help="for --llm-provider openai: the server's model name (default: settings)")
    parser.add_argument("--llm-concurrency", type=int, help="answers at once with --llm-provider openai (default: "
                                                            "settings, 4)")
    parser.add_argument("--embedding-backend", choices=["int8", "fp32", "hashing"],
                        help="for the server this script starts (default: hashing with the fake LLM, else settings)")
    parser.add_argument("--data-dir", help="for the server this script starts (default: a temporary copy of the "
                                           "seeds, ingested first)")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()
    if not 1 <= args.users <= 64 or not 0 < args.duration <= 3600:
        parser.error("--users must be 1..64 and --duration 0..3600 s")
    if args.url is None and args.embedding_backend is None and args.llm_provider == "fake":
        args.embedding_backend = "hashing"
    process = None
    workdir = Path(tempfile.mkdtemp(prefix="unscqa-load-"))
    try:
        if args.url:
            host = urllib.parse.urlparse(args.url).hostname or ""
            if host not in LOCAL_HOSTS:
                parser.error(f"--url must be on this machine (127.0.0.1/localhost), not {host!r}")
            url = args.url
        else:
            process, url = start_server(args, workdir)
        results = Results()
        print(f"{args.users} users against {url} for {args.duration:.0f} s ...", file=sys.stderr)
        started = time.time()
        deadline = started + args.duration
        threads = [threading.Thread(target=user, args=(n, url, deadline, results, args.timeout), daemon=True)
                   for n in range(args.users)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.duration + args.timeout + 60)
        elapsed = time.time() - started
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(workdir, ignore_errors=True)
    report = summarize(results, args, elapsed)
    print(json.dumps(report, ensure_ascii=False, indent=2))
    for error in results.errors[:10]:
        print(f"error: {error}", file=sys.stderr)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    return 1 if results.errors or not results.latencies else 0


def summarize(results: Results, args: argparse.Namespace, elapsed: float) -> dict[str, object]:
    latencies = results.latencies
    numbers = {"p50_s": percentile(latencies, 0.5), "p95_s": percentile(latencies, 0.95), "max_s": max(latencies),
               "mean_s": statistics.fmean(latencies)} if latencies else {}
    return {"users": args.users, "duration_s": round(elapsed, 1), "llm_provider": args.llm_provider if not args.url
            else "(running server)", "llm_concurrency": args.llm_concurrency, "answers": len(latencies),
            "errors": len(results.errors),
            "answers_per_min": round(60 * len(latencies) / elapsed, 1) if elapsed else 0.0,
            "told_their_place": sum(1 for p in results.places if p), "most_ahead": max(results.places, default=0),
            **{k: round(v, 3) for k, v in numbers.items()}}


if __name__ == "__main__":
    sys.exit(main())
