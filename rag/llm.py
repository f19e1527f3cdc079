"""LLM providers behind llama-index's LLM interface: local GGUF (llama.cpp), any OpenAI-compatible server, or a
deterministic fake for plumbing tests. Chosen by configuration (UNSCQA_LLM_PROVIDER)."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from llama_index.core.base.llms.types import (
    ChatMessage,
    ChatResponse,
    ChatResponseGen,
    CompletionResponse,
    CompletionResponseGen,
    LLMMetadata,
)
from llama_index.core.llms import LLM
from llama_index.core.llms.callbacks import llm_chat_callback, llm_completion_callback
from llama_index.core.llms.custom import CustomLLM
from pydantic import PrivateAttr

from unscqa.settings import Settings


class LLMUnavailable(RuntimeError):
    """The configured LLM cannot be used; the message names the setting or the install to fix it."""


def chatml(messages: Sequence[ChatMessage]) -> str:
    """Qwen2.5's chat template, so the local model sees the format it was tuned on."""
    parts = [f"<|im_start|>{m.role.value}\n{m.content}<|im_end|>\n" for m in messages]
    return "".join(parts) + "<|im_start|>assistant\n"


def load_llm(settings: Settings) -> LLM:
    if settings.llm_provider == "llama-cpp":
        return _llama_cpp(settings)
    if settings.llm_provider == "openai":
        return _openai_like(settings)
    if settings.llm_provider == "fake":
        return EchoLLM()
    raise LLMUnavailable(f"UNSCQA_LLM_PROVIDER must be llama-cpp, openai or fake, not {settings.llm_provider!r}")


def concurrent_answers(settings: Settings) -> int:
    """How many answers may be generated at once: one with the in-process model (llama-cpp: one model and one
    context, not safe to share between threads); up to `llm_concurrency` with a server (its parallel slots) and with
    the fake, which keeps no state."""
    if settings.llm_provider == "llama-cpp":
        return 1
    return max(1, settings.llm_concurrency)


def _llama_cpp(settings: Settings) -> LLM:
    try:
        import llama_cpp  # noqa: F401
        from llama_index.llms.llama_cpp import LlamaCPP
    except ImportError as err:
        raise LLMUnavailable("the local LLM needs llama-cpp-python and llama-index-llms-llama-cpp: run "
                             "`bash scripts/setup.sh` (it builds llama-cpp-python 0.3.36)") from err
    if not settings.llm_path.is_file():
        raise LLMUnavailable(f"no model at {settings.llm_path}: run `python -m unscqa.fetch_models "
                             "qwen2.5-coder-1.5b` or set UNSCQA_LLM_MODEL")
    import os

    threads = settings.threads or os.cpu_count() or 2

    def context() -> LLM:
        return LlamaCPP(model_path=str(settings.llm_path), temperature=0.0, max_new_tokens=settings.llm_max_tokens,
                        context_window=settings.llm_context, messages_to_prompt=chatml,
                        completion_to_prompt=lambda text: chatml([ChatMessage(role="user", content=text)]),
                        generate_kwargs={"stop": ["<|im_end|>", "<|endoftext|>"], "top_k": 1},
                        model_kwargs={"n_threads": threads, "n_batch": 512, "verbose": False}, verbose=False)

    if settings.llm_contexts <= 1:
        return context()
    about = LLMMetadata(context_window=settings.llm_context, num_output=settings.llm_max_tokens,
                        model_name=str(settings.llm_path))
    return ContextPool(context, settings.llm_contexts, about)


class ContextPool(CustomLLM):
    """Up to `size` model contexts, one per system prompt, so each keeps its own prompt cached.

    llama.cpp reuses the longest token prefix its context has already read. One context read the English and the
    Chinese system prompts in turn, which differ on their fourth line, so a question in the other language than the
    one before re-read ~170 prompt tokens (~2.5 s on 2 cores). With a context per system prompt every prompt starts
    cached, and the model sees exactly the prompt it saw before. Contexts are made on first use; past `size` the least
    recently used one is replaced. The model file's mapped pages are shared; each context keeps its own KV cache and,
    on x86, llama.cpp's repacked copy of the weights (~0.75 GB private memory a context, measured).
    """

    size: int = 2
    about: LLMMetadata
    _make: Callable[[], LLM] = PrivateAttr()
    _contexts: OrderedDict[str, LLM] = PrivateAttr(default_factory=OrderedDict)

    def __init__(self, make: Callable[[], LLM], size: int, about: LLMMetadata) -> None:
        super().__init__(size=size, about=about)
        self._make = make

    def context(self, key: str) -> LLM:
        """The context for prompts that start with `key` (the system prompt), made or recycled as needed."""
        if key in self._contexts:
            self._contexts.move_to_end(key)
            return self._contexts[key]
        reused = self._contexts.popitem(last=False)[1] if len(self._contexts) >= self.size else self._make()
        self._contexts[key] = reused
        return reused

    @staticmethod
    def _key(messages: Sequence[ChatMessage]) -> str:
        first = messages[0] if messages else None
        return str(first.content) if first is not None and first.role == "system" else ""

    @property
    def metadata(self) -> LLMMetadata:
        return self.about

    @llm_chat_callback()
    def chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        return self.context(self._key(messages)).chat(messages, **kwargs)

    @llm_chat_callback()
    def stream_chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponseGen:
        return self.context(self._key(messages)).stream_chat(messages, **kwargs)

    @llm_completion_callback()
    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        return self.context("").complete(prompt, formatted=formatted, **kwargs)

    @llm_completion_callback()
    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponseGen:
        return self.context("").stream_complete(prompt, formatted=formatted, **kwargs)


def _openai_like(settings: Settings) -> LLM:
    try:
        from llama_index.llms.openai_like import OpenAILike
    except ImportError as err:
        raise LLMUnavailable("an OpenAI-compatible server needs llama-index-llms-openai-like: "
                             "pip install llama-index-llms-openai-like") from err

    class CheckedOpenAILike(OpenAILike):
        """Streamed replies must end with a finish reason (see `finished_stream`)."""

        def stream_chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponseGen:
            return finished_stream(super().stream_chat(messages, **kwargs), settings.llm_base_url)

    return CheckedOpenAILike(model=settings.llm_model, api_base=settings.llm_base_url,
                             api_key=settings.llm_api_key or "none", is_chat_model=True, temperature=0.0,
                             max_tokens=settings.llm_max_tokens, timeout=settings.llm_timeout, max_retries=0,
                             context_window=settings.llm_context)


def finished_stream(responses: Iterable[ChatResponse], base_url: str) -> ChatResponseGen:
    """A streamed reply passed on as it comes; LLMUnavailable at its end if no chunk carried a finish reason: the
    server cut it short. llama_cpp.server does so by default (interrupt_requests) as soon as another request
    arrives, which concurrent answers make certain; a cut reply must not pass for a whole one."""
    finished = False
    for response in responses:
        choices = getattr(response.raw, "choices", None) or []
        finished = finished or any(getattr(choice, "finish_reason", None) for choice in choices)
        yield response
    if not finished:
        raise LLMUnavailable(f"the LLM server at {base_url} ended its reply early (no finish reason): "
                             "llama_cpp.server interrupts a reply when another request arrives unless it runs with "
                             "`--interrupt_requests False` (scripts/llm_server.sh start -- --interrupt_requests "
                             "False); or answer one at a time: UNSCQA_LLM_CONCURRENCY=1")


class EchoLLM(CustomLLM):
    """Deterministic fake: answers with the first sentence of source [1] of the prompt, naming source 1.

    With no sources in the prompt it says it found nothing. Its reply depends on its input, so plumbing tests
    see real citations flow through verification.
    """

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(model_name="echo", context_window=8192, num_output=256)

    @llm_completion_callback()
    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        return CompletionResponse(text=self._reply(prompt))

    @llm_completion_callback()
    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponseGen:
        text = ""
        for piece in re.findall(r".{1,4}", self._reply(prompt), flags=re.S):
            text += piece
            yield CompletionResponse(text=text, delta=piece)

    @staticmethod
    def _reply(prompt: str) -> str:
        # the first sentence after the paragraph's own number ("7. The working group…"): a bare "7." answers nothing
        found = re.findall(r"^\[1\] \(.*?, ¶\d+\) (?:\(?\w{1,3}[.)]\s+)?(.+?[。.!?！？])", prompt, flags=re.M)
        if not found:
            return "NOT_FOUND"
        sentence = found[-1]  # the user message's source 1, not the system prompt's example
        return f"SOURCE: 1\nQUOTE: {sentence}\nANSWER: {sentence}"
