"""Serve the chat page (Gradio) on this machine: ask questions, read the cited paragraphs, manage documents.

Binds to 127.0.0.1 by default; there is no public share link. Answers queue and run one at a time; each browser
tab keeps its own conversation.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from unscqa.services import Services
from unscqa.settings import Settings

HELP = "serve the chat page (localhost)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to bind (default 127.0.0.1; 0.0.0.0 exposes it to the network)")
    parser.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    parser.add_argument("--llm-provider", choices=["llama-cpp", "openai", "fake"], help="UNSCQA_LLM_PROVIDER")
    parser.add_argument("--llm-base-url", help="OpenAI-compatible server for --llm-provider openai "
                                               "(UNSCQA_LLM_BASE_URL)")
    parser.add_argument("--preload", action="store_true",
                        help="load the embedding model and the LLM before serving (else on the first question)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    overrides = {k: v for k, v in (("llm_provider", args.llm_provider), ("llm_base_url", args.llm_base_url)) if v}
    if overrides:
        settings = replace(settings, **overrides)
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
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: serving on {args.host}: anyone who can reach this address can use the page",
              file=sys.stderr)
    print(f"unscqa: http://{'localhost' if args.host == '127.0.0.1' else args.host}:{args.port} "
          f"(data: {settings.data_dir}, LLM: {settings.llm_provider})", file=sys.stderr, flush=True)
    ui.launch(services, host=args.host, port=args.port)
    return 0
