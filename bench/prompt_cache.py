"""Time to the first answer token of the local model, by what precedes the prompt in llama.cpp's cache.

Why: the model reads every prompt token it has not cached (about 55-75 tokens a second on 2 cores). The system
prompt names the answer's language, so with one model context a question in the other language than the one before
re-reads most of it; `llm_contexts` (rag.llm.ContextPool) keeps a context per system prompt. This prints the time to
first token for the same short user message after one in the same language and after one in the other language, and
how many tokens the prompt and its parts take.

    UNSCQA_LLM_CONTEXTS=1 .venv/bin/python bench/prompt_cache.py   # one context for both languages
    .venv/bin/python bench/prompt_cache.py                         # the default: one per system prompt
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from llama_index.core.base.llms.types import ChatMessage, MessageRole  # noqa: E402

from rag.prompt import SYSTEM  # noqa: E402
from unscqa.settings import Settings  # noqa: E402

USER = {"zh": "资料：\n[1] (S/2013/263, ¶1) 安理会于1月14日通过了第2087(2013)号决议。\n\n"
              "问题：安理会何时通过第2087号决议？",
        "en": "Sources:\n[1] (S/2013/263, ¶1) On 14 January the Council adopted resolution 2087 (2013).\n\n"
              "Question: When was resolution 2087 adopted?"}


def first_token_seconds(llm: object, language: str, user: str) -> float:
    messages = [ChatMessage(role=MessageRole.SYSTEM, content=SYSTEM[language]),
                ChatMessage(role=MessageRole.USER, content=user)]
    started = time.perf_counter()
    for _ in llm.stream_chat(messages):  # type: ignore[attr-defined]
        return time.perf_counter() - started
    return time.perf_counter() - started


def main() -> None:
    from rag.llm import ContextPool, load_llm

    settings = Settings.load()
    llm = load_llm(settings)
    model = llm.context(SYSTEM["zh"]) if isinstance(llm, ContextPool) else llm
    tokenize = model._model.tokenize  # type: ignore[attr-defined]
    print(f"model contexts (llm_contexts): {settings.llm_contexts}")
    for language in ("zh", "en"):
        print(f"system prompt ({language}): {len(tokenize(SYSTEM[language].encode()))} tokens; user message: "
              f"{len(tokenize(USER[language].encode(), add_bos=False))} tokens")
    first_token_seconds(llm, "zh", USER["zh"])
    for before, after in (("zh", "zh"), ("zh", "en"), ("en", "en"), ("en", "zh")):
        first_token_seconds(llm, before, USER[before] + " ")  # what the cache holds: the question before
        seconds = first_token_seconds(llm, after, USER[after])
        print(f"{after} after {before}: first token in {seconds:.2f} s")


if __name__ == "__main__":
    main()
