"""Serve the chat page (Gradio) on this machine: ask questions, read the cited paragraphs, manage documents.

Binds to 127.0.0.1 by default; there is no public share link. Each browser tab keeps its own conversation. With the
in-process model answers run one at a time; with an LLM server (--llm-provider openai) up to --llm-concurrency at
once; a waiting question is told how many are ahead of it. Uploads are ingested while others keep asking. Any other
address needs a login: a users file (--users-file or UNSCQA_USERS_FILE, made with `unscqa users add`); with one, the
page asks for a name and password on any address.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import replace

from rag.llm import concurrent_answers
from unscqa.auth import UsersFileError, authenticator, is_loopback
from unscqa.cli.users_cmd import add_users_file_argument
from unscqa.services import Services
from unscqa.settings import Settings

HELP = "serve the chat page (localhost; other addresses need a login)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to bind (default 127.0.0.1; any other, e.g. 0.0.0.0, needs --users-file)")
    parser.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    parser.add_argument("--llm-provider", choices=["llama-cpp", "openai", "fake"], help="UNSCQA_LLM_PROVIDER")
    parser.add_argument("--llm-base-url", help="OpenAI-compatible server for --llm-provider openai "
                                               "(UNSCQA_LLM_BASE_URL)")
    parser.add_argument("--llm-concurrency", type=int, help="answers generated at once with --llm-provider openai "
                                                            "(UNSCQA_LLM_CONCURRENCY, default 4)")
    parser.add_argument("--preload", action="store_true",
                        help="load the embedding model and the LLM before serving (else on the first question)")
    add_users_file_argument(parser)


def login(host: str, settings: Settings) -> Callable[[str, str], bool] | None:
    """Gradio's `auth=` check when a users file is configured, None on a loopback host without one.
    UsersFileError (with the setting to set) for another host without one, or a missing, empty or broken file."""
    path = settings.users_path
    if path is not None:
        return authenticator(path)
    if is_loopback(host):
        return None
    raise UsersFileError(f"serving on {host} needs a login: create users with `unscqa users add NAME --users-file "
                         "FILE`, then pass --users-file FILE (or set UNSCQA_USERS_FILE); or serve on 127.0.0.1")


def run(args: argparse.Namespace, settings: Settings) -> int:
    overrides = {k: v for k, v in (("llm_provider", args.llm_provider), ("llm_base_url", args.llm_base_url),
                                   ("llm_concurrency", args.llm_concurrency), ("users_file", args.users_file)) if v}
    if overrides:
        settings = replace(settings, **overrides)
    try:
        auth = login(args.host, settings)
    except UsersFileError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    try:
        import gradio  # noqa: F401
    except ImportError:
        print("error: the chat page needs gradio: pip install -e '.[ui]'", file=sys.stderr)
        return 1
    import ui

    services = Services(settings)
    if args.preload:
        print("loading models...", file=sys.stderr, flush=True)
        embedder = services.embedder
        if hasattr(embedder, "load"):
            embedder.load()
        services.llm  # noqa: B018
    if not is_loopback(args.host):
        print(f"warning: serving on {args.host} over plain HTTP: put a TLS proxy in front (docs/deploy.md)",
              file=sys.stderr)
    login_note = f", login: {settings.users_path}" if auth else ""
    print(f"unscqa: http://{'localhost' if args.host == '127.0.0.1' else args.host}:{args.port} "
          f"(data: {settings.data_dir}, LLM: {settings.llm_provider}, {concurrent_answers(settings)} answer(s) at "
          f"once{login_note})", file=sys.stderr, flush=True)
    # auth passed only when configured: a ui.launch without that parameter fails closed (TypeError), never open
    ui.launch(services, host=args.host, port=args.port, auth=auth)
    return 0
