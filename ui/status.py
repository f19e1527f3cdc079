"""The status line above the chat: no documents yet (and how to add them), or what is loaded."""

from __future__ import annotations

import html

from rag.language import PHRASES
from ui.engines import Engines
from ui.strings import WORDS
from unscqa.services import Services


def has_documents(services: Services) -> bool:
    return bool(services.docstore.counts()["documents"])


def no_documents_status() -> str:
    return (f"⚠ {PHRASES['zh']['no_documents']}{WORDS['zh']['no_docs_upload']}<br>"
            f"{PHRASES['en']['no_documents']} {WORDS['en']['no_docs_upload']}")


def page_status(engines: Engines) -> str:
    """The banner when the page opens: no documents yet (and how to add them), or what is loaded."""
    services = engines.services
    if not has_documents(services):
        return no_documents_status()
    counts = services.docstore.counts()
    line = f"{counts['documents']} 份文件 documents · {counts['paragraphs']} 段 paragraphs"
    if not engines.models_loaded():
        line += " · 模型将在第一次提问时加载 models load on the first question"
    if services.settings.llm_provider == "openai":
        line += f" · LLM: {html.escape(services.settings.llm_base_url)}"
    return line
