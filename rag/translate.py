"""Query translation for retrieval across languages: a Chinese question about an English document shares few
words with it (阿道夫·艾希曼 / Adolf Eichmann, 劫持飞机 / hijacking), and the glossary names only the Council's
own terms. The model translates the question into English; the question and its translation are searched as one
query (BM25 gets both vocabularies, the dense side both phrasings); the original question's best paragraph stays
first. Measured on the eval's dev split (49 Chinese questions with gold evidence, the store CI builds): hit@2
32 -> 34, hit@4 37 -> 40, hit@1 unchanged; searching the translation alone lost paragraphs the Chinese question
found (hit@1 29 -> 19), and so did fusing the two rankings without keeping the first paragraph.

Answers, same code and store, `unscqa eval --full` with UNSCQA_QUERY_TRANSLATION=0|1: dev Chinese questions (66)
0.651 -> 0.697 (content 8 -> 11 of 22), but test Chinese content questions (19) 13 -> 12 right, the gate sample's
hand-written test questions 20 -> 18 of 26, and answer p50 +4-5 s (one more model call). A rule that helps dev and
costs test is not on by default: setting `query_translation` (off).

Pure logic besides `translated_question`, which asks the model once."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from llama_index.core.base.llms.types import ChatMessage, MessageRole

from rag.plan import QueryPlan
from rag.retrieve import ParagraphHit

SYSTEM = ("Translate the user's question into English. Keep names, numbers, dates and document symbols. "
          "Reply with the English question only.")
NO_TRANSLATION = ("vote", "meeting")  # answered from the named document's own lines, whatever the language
_PREFIX = re.compile(r"^\s*(?:english(?:\s+translation)?|translation|question)\s*[:：]\s*", re.I)
_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[A-Za-z]{2,}")
MIN_WORDS = 4  # a reply with fewer English words is not a question's translation ("Article 23")


def wants_translation(plan: QueryPlan) -> bool:
    """A Chinese question whose answer is not one of a named document's own lines (its vote, its meeting, its
    adoption date): those are found by the document's name in either language."""
    return plan.language == "zh" and plan.kind not in NO_TRANSLATION and not plan.asks_adoption


def translation_messages(question: str) -> list[ChatMessage]:
    return [ChatMessage(role=MessageRole.SYSTEM, content=SYSTEM), ChatMessage(role=MessageRole.USER, content=question)]


def repaired_translation(reply: str) -> str | None:
    """The one repair path for the model's reply: its first non-empty line without a "Translation:" label or
    quotes; None when that is not an English question (mostly Chinese still, or a few words only)."""
    line = next((raw.strip() for raw in reply.splitlines() if raw.strip()), "")
    line = _PREFIX.sub("", line).strip().strip("\"'“”‘’`")
    if len(_WORD.findall(line)) < MIN_WORDS or len(_CJK.findall(line)) * 4 > len(line):
        return None
    return line


def translated_question(llm: Any, question: str) -> str | None:
    """The model's English translation of the question (repaired), or None."""
    reply = "".join(chunk.delta or "" for chunk in llm.stream_chat(translation_messages(question)))
    return repaired_translation(reply)


def led_by(first: Sequence[ParagraphHit], second: Sequence[ParagraphHit], lead: int) -> list[ParagraphHit]:
    """`first`'s best `lead` paragraphs, then `second`'s ranking without them, then the rest of `first`; as long
    as the longer of the two."""
    head = list(first[:lead])
    seen = {(h.doc_id, h.paragraph) for h in head}
    out = head
    for hit in [*second, *first[lead:]]:
        if (hit.doc_id, hit.paragraph) not in seen:
            seen.add((hit.doc_id, hit.paragraph))
            out.append(hit)
    return out[:max(len(first), len(second))]
