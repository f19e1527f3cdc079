"""The bilingual glossary: Chinese questions gain English keywords and English questions Chinese ones."""

from __future__ import annotations

import time

import pytest

from ingest.tokenize import tokenize
from rag.glossary import ENTRIES, entry_counts, expand_query, glossary_matches, parse_table, translated_share

WESTERN_SAHARA = "摩洛哥组织向西撒哈拉进军之后，安理会要求摩洛哥做什么？"
CYPRUS = "Which resolution set up a peace-keeping force in Cyprus?"


def _has_all(tokens: list[str], text: str) -> bool:
    return set(tokenize(text)) <= set(tokens)


def test_chinese_question_reaches_the_english_paragraph() -> None:
    tokens = expand_query(WESTERN_SAHARA)
    assert _has_all(tokens, "Morocco")
    assert _has_all(tokens, "Western Sahara")
    assert _has_all(tokens, "calls upon") or _has_all(tokens, "withdraw")
    paragraph = set(tokenize("Deplores the holding of the march; calls upon Morocco immediately to withdraw from the "
                             "Territory of Western Sahara all the participants in the march"))
    assert len(paragraph & set(tokens)) >= 5  # morocco, western, sahara, march, call, upon


def test_english_question_reaches_the_chinese_paragraph() -> None:
    tokens = expand_query(CYPRUS)
    assert _has_all(tokens, "设立")
    assert _has_all(tokens, "塞浦路斯")
    assert all(not token.isascii() for token in tokens)  # Chinese tokens only, not the question's own words


@pytest.mark.parametrize("query", ["今天天气怎么样？", "What is the weather like today?", "", "   ", "？？"])
def test_no_glossary_term_no_expansion(query: str) -> None:
    assert expand_query(query) == []


def test_longest_match_first_in_chinese() -> None:
    [entry] = glossary_matches("南罗得西亚")
    assert entry.en == ("Southern Rhodesia",)  # not also 罗得西亚 (Rhodesia)
    indonesia = expand_query("印度尼西亚问题")
    assert "indonesia" in indonesia and "india" not in indonesia
    somalia = expand_query("索马里局势")
    assert "somalia" in somalia and "mali" not in somalia
    assert "mali" in expand_query("马里局势")


def test_longest_match_and_word_boundaries_in_english() -> None:
    south_africa = expand_query("arms embargo against South Africa")
    assert _has_all(south_africa, "南非") and not _has_all(south_africa, "非洲")
    assert not _has_all(expand_query("Somalia"), "马里")
    assert not _has_all(expand_query("Romania and women"), "阿曼")  # no "oman" inside other words
    assert _has_all(expand_query("Sahara"), "撒哈拉") and not _has_all(expand_query("Sahara"), "西撒哈拉")
    council = expand_query("the Security Council met")  # one entry, not 安全 (security) and 理事会 (council)
    assert _has_all(council, "安理会")
    assert _has_all(expand_query("a peace-keeping force"), "维持和平部队")


def test_english_matching_ignores_case_and_joins_inflections() -> None:
    assert expand_query("WESTERN SAHARA") == expand_query("western sahara") == expand_query("Western Sahara")
    assert _has_all(expand_query("Western Sahara"), "西撒哈拉")
    assert _has_all(expand_query("The Council condemned the raid"), "谴责")  # "condemned" finds "condemns"
    assert _has_all(expand_query("calls upon the parties"), "要求")


def test_order_is_stable_follows_the_query_and_has_no_repeats() -> None:
    tokens = expand_query("以色列撤出贝鲁特，以色列撤出贝鲁特")
    assert tokens == expand_query("以色列撤出贝鲁特，以色列撤出贝鲁特")
    assert len(tokens) == len(set(tokens))
    assert tokens.index("israel") < tokens.index("withdraw") < tokens.index("beirut")


def test_blocked_phrases_do_not_fire_their_shorter_terms() -> None:
    assert "request" not in expand_query("请问摩洛哥的情况")  # 请问 is "may I ask", not 请 (requests)
    assert "request" in expand_query("安理会请秘书长提出报告")


def test_traditional_script_of_the_1946_48_texts() -> None:
    assert _has_all(expand_query("安全理事會"), "Security Council")
    assert _has_all(expand_query("希臘邊境"), "Greece")
    assert _has_all(expand_query("印度尼西亞問題"), "Indonesia")
    assert _has_all(expand_query("聯合國憲章"), "United Nations Charter")
    assert _has_all(expand_query("Security Council"), "安理會")


def test_charter_chapters_and_articles() -> None:
    assert _has_all(expand_query("宪章第七章"), "Chapter VII Charter")
    assert _has_all(expand_query("第51条规定的自卫权"), "Article 51 self-defence")
    assert _has_all(expand_query("Article 51"), "第五十一条")


def test_table_size_and_required_equivalents() -> None:
    counts = entry_counts()
    assert counts["places"] >= 250 and counts["vocabulary"] >= 250 and counts["bodies"] >= 40
    pairs = {
        ("以色列", "Israel"), ("南非", "South Africa"), ("西撒哈拉", "Western Sahara"), ("塞浦路斯", "Cyprus"),
        ("纳米比亚", "Namibia"), ("南罗得西亚", "Southern Rhodesia"), ("贝鲁特", "Beirut"),
        ("沃尔维斯湾", "Walvis Bay"), ("戈兰高地", "Golan Heights"), ("刚果", "Congo"), ("朝鲜", "Korea"),
        ("克什米尔", "Kashmir"), ("巴勒斯坦", "Palestine"), ("也门", "Yemen"), ("马里", "Mali"), ("希臘", "Greece"),
        ("聯合國", "United Nations"),
        ("安理会", "Security Council"), ("大会", "General Assembly"), ("秘书长", "Secretary-General"),
        ("国际法院", "International Court of Justice"), ("军事参谋团", "Military Staff Committee"),
        ("联合国紧急部队", "United Nations Emergency Force"), ("联塞部队", "UNFICYP"),
        ("脱离接触观察员部队", "Disengagement Observer Force"), ("联黎部队", "UNIFIL"),
        ("停战监督组织", "Truce Supervision Organization"), ("托管理事会", "Trusteeship Council"),
        ("原子能委员会", "Atomic Energy Commission"), ("要求", "calls upon"), ("呼吁", "appeals"),
        ("谴责", "condemns"), ("强烈谴责", "strongly condemns"), ("痛惜", "deplores"), ("设立", "set up"),
        ("授权", "authorizes"), ("任务期限", "mandate"), ("停火", "cease-fire"), ("撤军", "withdrawal"),
        ("种族隔离", "apartheid"), ("雇佣军", "mercenaries"), ("无效", "null and void"), ("斡旋", "good offices"),
        ("小组委员会", "sub-committee"), ("核武器", "nuclear weapons"), ("第七章", "Chapter VII"),
    }
    table = {(zh, en) for entry in ENTRIES for zh in entry.zh for en in entry.en}
    assert not pairs - table


def test_table_rejects_a_malformed_entry() -> None:
    assert parse_table("以色列 = Israel/Israeli | 请问 =", "t")[1].en == ()
    with pytest.raises(ValueError):
        parse_table("以色列 Israel", "t")


def test_a_query_takes_well_under_a_millisecond() -> None:
    queries = [WESTERN_SAHARA, CYPRUS] * 100
    for query in queries[:2]:
        expand_query(query)  # tokenizer and matchers built once
    start = time.perf_counter()
    for query in queries:
        expand_query(query)
    assert (time.perf_counter() - start) / len(queries) < 1e-3


def test_translated_share_counts_the_claim_words_the_other_language_paragraph_states() -> None:
    condemns = "2. Condemns the military action launched by Israel in flagrant violation of the Charter;"
    assert translated_share("谴责以色列的军事行动", condemns) == 1.0
    assert translated_share("要求伊朗撤军", condemns) == 0.0  # glossary terms, but not this paragraph's
    embargo = "to break all economic relations with Southern Rhodesia, including an embargo on oil;"
    assert 0.5 <= translated_share("对石油实行禁运", embargo) < 1.0  # 实行 has no equivalent in the paragraph
    suspension = "大会经安全理事会之建议，得停止其会员权利及特权之行使。"
    assert translated_share("Israel must pay compensation", suspension) == 0.0
    assert translated_share("", condemns) == 0.0
    # an article named is a fact (its number), not words a paragraph can state by its label
    assert translated_share("第二十四条", "Article 24\nIn order to ensure prompt and effective action...") == 0.0
