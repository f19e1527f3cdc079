"""rag.llm.ContextPool: one model context per system prompt, made on first use, least recently used one replaced."""

from __future__ import annotations

from llama_index.core.base.llms.types import ChatMessage, LLMMetadata, MessageRole

from rag.llm import ContextPool, EchoLLM

ABOUT = LLMMetadata(context_window=2048, num_output=160, model_name="echo")


def _messages(system: str, sentence: str) -> list[ChatMessage]:
    return [ChatMessage(role=MessageRole.SYSTEM, content=system),
            ChatMessage(role=MessageRole.USER, content=f"Sources:\n[1] (S/1, ¶1) {sentence}\n\nQuestion: ?")]


def _pool(size: int) -> tuple[ContextPool, list[EchoLLM]]:
    made: list[EchoLLM] = []

    def make() -> EchoLLM:
        made.append(EchoLLM())
        return made[-1]

    return ContextPool(make, size, ABOUT), made


def test_each_system_prompt_keeps_its_own_context() -> None:
    pool, made = _pool(2)
    assert made == []  # nothing is loaded before the first question
    english = pool.context("Write in English.")
    chinese = pool.context("Write in Chinese.")
    assert len(made) == 2 and english is not chinese
    assert pool.context("Write in English.") is english and pool.context("Write in Chinese.") is chinese
    assert len(made) == 2


def test_past_its_size_the_least_recently_used_context_is_reused_not_a_new_one_made() -> None:
    pool, made = _pool(2)
    first, second = pool.context("a"), pool.context("b")
    pool.context("a")  # "b" is now the least recently used
    third = pool.context("c")
    assert third is second and len(made) == 2
    assert pool.context("a") is first


def test_replies_come_from_the_context_of_the_prompts_system_message() -> None:
    pool, made = _pool(2)
    reply = "".join(chunk.delta or "" for chunk in pool.stream_chat(_messages("en", "The Council met twice.")))
    assert "ANSWER: The Council met twice." in reply
    assert pool.chat(_messages("zh", "安理会举行了两次会议。")).message.content.endswith("安理会举行了两次会议。")
    assert len(made) == 2 and pool.metadata == ABOUT
    assert "met twice" in pool.complete("[1] (S/1, ¶1) The Council met twice.", formatted=True).text
    assert len(made) == 2  # the bare completion took the least recently used context: none made
