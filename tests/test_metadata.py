"""Metadata extraction: symbols, own symbol, dates, document type, title, subjects, language."""

from __future__ import annotations

import pytest

from ingest.metadata import (
    canonical_symbol,
    chinese_number,
    detect_doc_type,
    detect_language,
    document_date,
    english_number,
    find_symbols,
    first_date,
    own_symbol,
    resolution_title,
    spelled_date,
    split_subject_line,
    symbol_from_filename,
)


def test_find_symbols_canonical_deduplicated_in_order() -> None:
    text = ("安理会通过了第2511(2020)号决议和主席声明(S/PRST/2013/1)。2004年5月17日(PRST/2004/16)和报告(S/2013/163)。"
            "又见S/RES/2511 (2020)、S/RES/2511(2020)和第2511(2020)号决议，以及主席声明(S/PRST/安理会发表。")
    assert find_symbols(text) == ("S/RES/2511 (2020)", "S/PRST/2013/1", "S/PRST/2004/16", "S/2013/163")


def test_find_symbols_english_resolution_lists() -> None:
    text = ("Recalling its resolutions 425 (1978), 426 (1978), 501 (1982) and 520 (1982), and General Assembly "
            "resolution 1514 (1960), document S/18990 and S/268/Rev.1/Corr.1.")
    assert find_symbols(text) == ("S/RES/425 (1978)", "S/RES/426 (1978)", "S/RES/501 (1982)", "S/RES/520 (1982)",
                                  "S/18990", "S/268/Rev.1/Corr.1")


def test_find_symbols_ignores_general_assembly_numbers_and_broken_symbols() -> None:
    assert find_symbols("大会第67/19号决议和大会第46/182号决议。主席声明(S/PRST/") == ()


@pytest.mark.parametrize(("raw", "expected"), [
    ("S/RES/2511(2020)", "S/RES/2511 (2020)"),
    ("S/RES/2511  (2020)", "S/RES/2511 (2020)"),
    ("PRST/2004/16", "S/PRST/2004/16"),
    ("S/2013/163", "S/2013/163"),
])
def test_canonical_symbol(raw: str, expected: str) -> None:
    assert canonical_symbol(raw) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("S_RES_0242_1967_EN_GOLD.txt", "S/RES/242 (1967)"),
    ("S_RES_0001_1946_EN_GOLD.txt", "S/RES/1 (1946)"),
    ("S_2013_163.txt", "S/2013/163"),
    ("S_PRST_2013_1.txt", "S/PRST/2013/1"),
    ("000_2842183f001a0bce.txt", None),
    ("", None),
])
def test_symbol_from_filename(name: str, expected: str | None) -> None:
    assert symbol_from_filename(name) == expected


def test_own_symbol_sources() -> None:
    assert own_symbol("x.txt", ["Resolution 242 (1967)", "of 22 November 1967"], []) == "S/RES/242 (1967)"
    assert own_symbol("x.txt", [], ["Distr.: General", "S/2020/1173"]) == "S/2020/1173"
    assert own_symbol("x.txt", [], ["[S/654]"]) is None
    assert own_symbol("x.txt", [], ["20-16057 3/9", "联合国 S/2020/1173*"]) == "S/2020/1173"
    assert own_symbol("x.txt", [], ["S/RES/2511 (2020)"]) == "S/RES/2511 (2020)"
    assert own_symbol("S_RES_0039_1948_EN_GOLD.txt", ["39 (1948). Resolution of 20 January 1948"], []) == \
        "S/RES/39 (1948)"


def test_dates() -> None:
    assert first_date("2013年4月26日巴基斯坦常驻联合国代表给安全理事会主席的信") == "2013-04-26"
    assert first_date("Resolution 242 (1967) of 22 November 1967") == "1967-11-22"
    assert first_date("no date 2013年13月40日") is None
    assert chinese_number("一九四五") == 1945 and chinese_number("一千九百四十五") == 1945
    assert chinese_number("二十六") == 26 and chinese_number("十") == 10 and chinese_number("abc") is None
    assert english_number("one thousand nine hundred and forty-five") == 1945
    assert english_number("twenty-sixth") == 26 and english_number("many") is None
    assert spelled_date("公历一千九百四十五年六月二十六日签订于金山市。") == "1945-06-26"
    assert spelled_date("DONE at the city of San Francisco the twenty-sixth day of June, one thousand nine hundred "
                        "and forty-five.") == "1945-06-26"


def test_document_date_by_type() -> None:
    letter = "2013年3月27日秘书长给安全理事会主席的信"
    assert document_date("letter", letter, [], "谨随函转递2012年3月20日的信。", []) == "2013-03-27"
    statement = "安全理事会主席在2009年8月5日安全理事会第6178次会议上，就2004年5月17日的声明"
    assert document_date("presidential_statement", "安全理事会主席的声明", [], statement, []) == "2009-08-05"
    assert document_date("resolution", "", ["Resolution 242 (1967)", "of 22 November 1967"], "", []) == "1967-11-22"
    assert document_date("other", "Note", [], "text", ["30 November 2020"]) == "2020-11-30"
    assert document_date("other", "Note", [], "no date here", []) is None


def test_doc_types() -> None:
    assert detect_doc_type("", "", "S_RES_0242_1967_EN_GOLD.txt", []) == "resolution"
    assert detect_doc_type("Resolution 1 (1946)", "", "x.txt", ["Resolution 1 (1946)"]) == "resolution"
    assert detect_doc_type("", "", "raw_un_charter_zh.txt", []) == "charter"
    assert detect_doc_type("安全理事会主席声明", "安全理事会主席在…", "x.txt", []) == "presidential_statement"
    assert detect_doc_type("2020年11月9日比利时常驻联合国代表给安全理事会主席的信",
                           "谨随函转递安全理事会工作评估(见附件)。", "x.txt", []) == "assessment"
    assert detect_doc_type("2013年3月27日秘书长给安全理事会主席的信", "谨随函转递的信。", "x.txt", []) == "letter"
    assert detect_doc_type("Letter dated 5 May 2013 from the Secretary-General", "text", "x.txt", []) == "letter"
    assert detect_doc_type("秘书长关于马里局势的报告", "", "x.txt", []) == "report"
    assert detect_doc_type("Something", "text", "x.txt", []) == "other"


def test_titles_and_subjects_and_language() -> None:
    assert resolution_title(["6 (1946). Resolution of 17 May 1946 21"]) == "6 (1946). Resolution of 17 May 1946"
    assert resolution_title(["Resolution 242 (1967)", "of 22 November 1967"]) == \
        "Resolution 242 (1967) of 22 November 1967"
    subjects, rest = split_subject_line("%%%REGIONAL SECURITY|PEACEBUILDING||AFRICA|\n\n 正文")
    assert subjects == ("REGIONAL SECURITY", "PEACEBUILDING", "AFRICA") and rest == "\n 正文"
    assert split_subject_line("没有主题行") == ((), "没有主题行")
    assert detect_language("安全理事会主席的声明 S/PRST/2013/1 Distr. General") == "zh"
    assert detect_language("The Security Council, recalling 安理会") == "en"
    assert detect_language("") == "en"
