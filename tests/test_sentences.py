"""Sentence splitting: Chinese stops and closing quotes, English abbreviations, labels and symbols."""

from __future__ import annotations

import pytest

from ingest.sentences import split_sentences, split_sentences_en, split_sentences_zh


def test_chinese_stops() -> None:
    text = "安理会通过了决议。他说：“我们欢迎。”随后散会！是吗？是；不是。"
    expected = ["安理会通过了决议。", "他说：“我们欢迎。”", "随后散会！", "是吗？", "是；", "不是。"]
    assert split_sentences(text) == expected


def test_closing_quote_stays_with_its_sentence() -> None:
    expected = ["“安全理事会重申其决议。”", "安理会还回顾。"]
    assert split_sentences_zh("“安全理事会重申其决议。”安理会还回顾。") == expected


def test_ascii_quote_after_a_stop_opens_the_next_paragraph_of_a_statement() -> None:
    text = '声明如下："安全理事会重申其决议。"安全理事会认为，这是好的。"'
    assert split_sentences(text) == ['声明如下："安全理事会重申其决议。', '"安全理事会认为，这是好的。"']


def test_chinese_enumeration_is_not_split_at_the_number() -> None:
    assert split_sentences("原则：1.维护独立。2.承认目标。") == ["原则：1.维护独立。", "2.承认目标。"]


@pytest.mark.parametrize("text", [
    "Mr. Smith cited No. 5 of the report.",
    "The U.N. Security Council met at 3.5 p.m. today.",
    "See para. 3 of document S/2013/163.",
    "Distr. General and Vol. 2 apply.",
    "It recalls S/RES/242 (1967) and S/PRST/2013/1 today.",
    "J. Smith and e.g. others.",
])
def test_english_no_false_splits(text: str) -> None:
    assert split_sentences_en(text) == [text]


def test_english_splits() -> None:
    text = "The Council recalled S/RES/242 (1967). It decided to act. Done! Why? Because."
    assert split_sentences(text) == ["The Council recalled S/RES/242 (1967).", "It decided to act.", "Done!", "Why?",
                                     "Because."]


def test_english_labels_are_kept_with_their_sentence() -> None:
    text = "1. Decides to extend the mandate. 2. Requests a report. (a) For peace. (b) For security."
    assert split_sentences(text) == ["1. Decides to extend the mandate.", "2. Requests a report.", "(a) For peace.",
                                     "(b) For security."]


def test_mixed_text() -> None:
    expected = ["安理会开会。", "The Council met.", "随后散会。"]
    assert split_sentences("安理会开会。The Council met. 随后散会。") == expected


def test_sentences_are_verbatim_slices() -> None:
    text = "  安理会通过了决议。 他说：“好。”\nThe Council met. Mr. Smith spoke.  "
    position = 0
    for sentence in split_sentences(text):
        found = text.find(sentence, position)
        assert found >= 0 and sentence == sentence.strip() and sentence
        position = found + len(sentence)


def test_empty_and_unterminated() -> None:
    assert split_sentences("") == [] and split_sentences("   ") == []
    assert split_sentences("没有句号的文字") == ["没有句号的文字"]
