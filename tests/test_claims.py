"""Pure claim checks: question echoes, questions wanting several facts, invented names, article labels."""

from __future__ import annotations

from ingest.tokenize import tokenize
from rag.claims import asked_relation, asks_for_several, invented_words, relation_share, strip_question_echo
from rag.context import relevant_excerpt


def test_leading_clauses_that_repeat_the_question_are_dropped() -> None:
    question = "按照人权高专2013年1月向安理会的通报，叙利亚境内的暴力冲突已造成多少人丧生？"
    claim = "按照人权高专2013年1月向安理会的通报，叙利亚境内的暴力冲突已造成60000多人丧生。"
    assert strip_question_echo(claim, question) == "叙利亚境内的暴力冲突已造成60000多人丧生。"
    assert strip_question_echo("在巴马科，一个月内", question) == "在巴马科，一个月内"  # not an echo
    assert strip_question_echo("按照人权高专2013年1月向安理会的通报", question) == "按照人权高专2013年1月向安理会的通报"


def test_questions_wanting_several_facts() -> None:
    assert asks_for_several("安理会2013年1月派访问团去了哪个国家？是哪一天？")
    assert asks_for_several("2009年8月维和主席声明提到的两次辩论分别是在哪天举行的？")
    assert asks_for_several("Which countries does the Charter name as permanent members of the Security Council?")
    assert asks_for_several("When and where was the meeting held?")
    assert not asks_for_several("第2089(2013)号决议把联塞部队的任务期限延长到了哪一天？")
    assert not asks_for_several("Where was the March 2013 ministerial meeting held?")


def test_names_found_in_no_source_are_invented() -> None:
    sources = ["2013年3月17日在毛里塔尼亚伊斯兰共和国努瓦克肖特举行", "非洲联盟和平与安全事务专员拉姆丹·拉马姆拉的信"]
    question = "是哪位非洲联盟官员写信向秘书长通报努瓦克肖特部长级会议成果的？"
    assert invented_words("沙特阿拉伯伊斯兰共和国努瓦克肖特", sources, question) == ["沙特阿拉伯"]
    assert invented_words("拉姆丹·拉马姆拉", sources, question) == []
    assert invented_words("第二份半年期报告", sources, question) == []  # not a name: may be paraphrase
    assert invented_words("Ramtane Lamamra", sources, question) == []  # English is not checked word by word


def test_a_long_sentence_is_cut_into_clauses_so_its_last_clause_can_be_shown() -> None:
    sentence = ("6. Decides to establish, in accordance with rule 28 of its provisional rules of procedure, an Ad Hoc "
                "Sub-Committee of the Council to study, in consultation with the Secretary-General, ways and means by "
                "which the relevant resolutions of the Council can be effectively implemented, in the light of the "
                "flagrant refusal of South Africa to withdraw from Namibia, and to submit its recommendations by "
                "30 April 1970.")
    question = "By when was the Ad Hoc Sub-Committee to submit its recommendations?"
    excerpt = relevant_excerpt(sentence, set(tokenize(question)), 120)
    assert "by 30 April 1970." in excerpt and len(excerpt) < len(sentence)
    assert relevant_excerpt("短句。", set(), 120) == "短句。"


def test_a_paragraph_in_the_other_language_states_the_question_by_copied_numbers_and_glossary_terms() -> None:
    from rag.claims import said_share

    asked = asked_relation("第47(1948)号决议把委员会扩大到几个成员？")
    paragraph = "By resolution 47 (1948) the Council resolves that the Commission shall be increased to five"
    other = "Requests the Secretary-General to report by 1 June 1949"
    assert said_share(asked, paragraph) > said_share(asked, paragraph.replace("47", "48")) > said_share(asked, other)
    assert said_share("", paragraph) == 0.0


def test_claims_of_numbers_and_symbols_only_are_wordless() -> None:
    from rag.claims import is_wordless

    assert all(is_wordless(c) for c in ("26", "S/PRST/2020/3", "SC/14128", "1540(2004)"))
    assert not any(is_wordless(c) for c in ("Article 25", "第7章", "16次"))


def test_a_short_answer_source_must_be_about_what_was_asked() -> None:
    question = "安理会2013年1月举行了多少次公开会议？"
    assert "多少" not in asked_relation(question) and "公开会议" in asked_relation(question)
    about = "2013年1月，安理会举行了16次公开会议和12次磋商。"
    other = "联塞部队的任务期限获得延长。"
    assert relation_share(question, [about]) > 0.8
    assert relation_share(question, [other]) < 0.33
    assert relation_share(question, [other, about]) == relation_share(question, [about])  # the best source counts
    assert relation_share(question, []) == 0.0


def test_the_quote_of_an_answer_in_the_other_language_is_the_sentence_it_translates() -> None:
    """A claim verified by the bilingual glossary is cited with the sentence stating it, not with the paragraph's
    first sentence (characters shared across languages say nothing)."""
    from rag.context import best_quote

    article = ("一、安全理事会以联合国十五会员国组织之。中华民国、法兰西、苏维埃社会主义共和国联邦、大不列颠及北爱尔兰"
               "联合王国及美利坚合众国应为安全理事会常任理事国。大会应选举联合国其他十会员国为安全理事会非常任理事国。")
    assert best_quote(article, "France, the United States of America").startswith("中华民国、法兰西")
    assert best_quote(article, "十个非常任理事国由大会选举").startswith("大会应选举")  # same language: characters
