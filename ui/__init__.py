"""The Gradio page: `build_app(services)` builds it, `launch(services, ...)` serves it (localhost by default).

Gradio is imported lazily, so importing `ui` (e.g. for `ui.briefing`) does not need it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import gradio as gr

    from unscqa.services import Services

STYLE = Path(__file__).with_name("style.css")
FONTS = ["Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "sans-serif"]
MAX_THREADS = 64  # Gradio's worker threads: the questions let in at once (ui.app.ANSWER_WAITERS) and the rest


def _quiet_gradio() -> None:
    # no analytics or version checks from a local tool
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")


def build_app(services: Services) -> gr.Blocks:
    """The Blocks app (not launched): chat with citations, filters, source panel, documents tab."""
    _quiet_gradio()
    from ui.app import build_app as build

    return build(services)


def css() -> str:
    return STYLE.read_text(encoding="utf-8") if STYLE.is_file() else ""


def theme() -> Any:
    """Local fonts only (no web font downloads), CJK first."""
    import gradio as gr

    return gr.themes.Default(primary_hue="emerald", neutral_hue="slate", font=FONTS,
                             font_mono=["Noto Sans Mono CJK SC", "ui-monospace", "monospace"])


def launch(services: Services, host: str = "127.0.0.1", port: int = 7860, *, block: bool = True,
           quiet: bool = False, auth: Callable[[str, str], bool] | None = None) -> gr.Blocks:
    """Serve the page with Gradio's queue, behind Gradio's login when `auth` checks names and passwords. Each user
    has their own conversation; answers run one at a time with the in-process model, up to `llm_concurrency` at
    once with an LLM server, and a waiting question is told how many are ahead of it (`ui.engines.AnswerSlots`)."""
    demo = build_app(services)
    demo.queue(default_concurrency_limit=1)
    demo.launch(server_name=host, server_port=port, share=False, theme=theme(), css=css(), show_error=False,
                max_file_size=services.settings.max_file_bytes, prevent_thread_lock=not block, quiet=quiet,
                inbrowser=False, auth=auth, max_threads=MAX_THREADS)
    return demo
