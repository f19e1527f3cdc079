"""The answering prompt: its messages and the reading of the model's reply."""

from __future__ import annotations

from rag.prompt import SYSTEM, build_messages, parse_reply


def test_the_question_comes_after_the_sources() -> None:
    messages = build_messages("何时？", [], "zh")
    assert messages[0].content == SYSTEM["zh"]
    assert str(messages[1].content).endswith("问题：何时？")


def test_a_reply_in_the_format_is_read_field_by_field() -> None:
    reply = parse_reply("SOURCE: 2\nQUOTE: “until 30 June 2013”\nANSWER: Until 30 June 2013")
    assert (reply.sources, reply.quote, reply.answer, reply.not_found) == ((2,), "until 30 June 2013",
                                                                         "Until 30 June 2013", False)
    assert parse_reply("NOT_FOUND").not_found
