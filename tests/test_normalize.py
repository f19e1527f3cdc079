"""Normalisation edge cases: segmented Chinese, symbols, dates, Latin words, brackets, widths, invisible chars."""

from __future__ import annotations

import pytest

from ingest.normalize import (
    collapse_whitespace,
    count_scripts,
    fold_width,
    is_cjk,
    normalize_inline,
    normalize_line,
    normalize_text,
    remove_cjk_spaces,
    repair_symbols,
    strip_invisible,
    tidy_brackets,
)


@pytest.mark.parametrize(("raw", "expected"), [
    ("第2089 ( 2013 ) 号 决议", "第2089(2013)号决议"),
    ("通过 了 2087 ( 2013 ) 号 决议", "通过了2087(2013)号决议"),
    ("根据第 2046 ( 2012 ) 号 决议 ，", "根据第2046(2012)号决议，"),
    ("主席 声明 ( PRST/200 4/16 ) 安理会", "主席声明(PRST/2004/16)安理会"),
    ("综合 主席 声明 ( S/PRST/2013/1 ) 。", "综合主席声明(S/PRST/2013/1)。"),
    ("报告 ( S/2013/7 ) 。", "报告(S/2013/7)。"),
])
def test_symbols_in_segmented_chinese(raw: str, expected: str) -> None:
    assert normalize_line(raw) == expected


def test_symbols_never_get_spaces_inserted() -> None:
    for symbol in ("S/PRST/2013/1", "S/2013/163", "S/RES/2511 (2020)", "S/268/Rev.1/Corr.1"):
        assert normalize_line(symbol) == symbol


@pytest.mark.parametrize(("raw", "expected"), [
    ("PRST/200 4/16", "PRST/2004/16"),
    ("S/ 2013/7", "S/2013/7"),
    ("S /PRST/2013/1", "S/PRST/2013/1"),
    ("S/2013/ 163", "S/2013/163"),
    ("PRST/20 4/16", "PRST/20 4/16"),  # not a year: ambiguous, left alone
    ("in 2004 16 cases", "in 2004 16 cases"),
])
def test_repair_symbols(raw: str, expected: str) -> None:
    assert repair_symbols(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("2013年 1月", "2013年1月"),
    ("2013年 4月 26日 巴基斯坦", "2013年4月26日巴基斯坦"),
    ("2 月 14 日，", "2月14日，"),
    ("1月 8-11日", "1月8-11日"),
    ("14 票 赞成 、 1 票 弃权", "14票赞成、1票弃权"),
    ("( 2015-2024年 )", "(2015-2024年)"),
])
def test_dates_and_numbers(raw: str, expected: str) -> None:
    assert normalize_line(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("Distr. General", "Distr. General"),
    ("United Nations 安全 理事会", "United Nations安全理事会"),
    ("组织 Je Klere 基金会 执行 主任 Marie Yolène Gilles 也", "组织Je Klere基金会执行主任Marie Yolène Gilles也"),
    ('名 为 "Bab al-Shams" 的 营地', '名为"Bab al-Shams"的营地'),
    ("resolution 425 (1978), 426 (1978)", "resolution 425 (1978), 426 (1978)"),
    ("Adopted at the 39th meeting by 10 votes to none", "Adopted at the 39th meeting by 10 votes to none"),
])
def test_latin_words_keep_their_spaces(raw: str, expected: str) -> None:
    assert normalize_line(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("中东 ( 包括 巴勒斯坦 问题 ) 、", "中东(包括巴勒斯坦问题)、"),
    ("工作 评价 （ 见 附件 ） 。", "工作评价（见附件）。"),
    ("西非 ( 西非 办 ) 1月 25日", "西非(西非办)1月25日"),
    ("(Union of Soviet Socialist Republics )", "(Union of Soviet Socialist Republics)"),
    ("resolution 242 (1967) and", "resolution 242 (1967) and"),
])
def test_brackets(raw: str, expected: str) -> None:
    assert normalize_line(raw) == expected


def test_tidy_brackets_alone() -> None:
    assert tidy_brackets("第2089 (2013)号") == "第2089(2013)号"
    assert tidy_brackets("resolutions 425 (1978)") == "resolutions 425 (1978)"


def test_full_width_letters_and_digits_fold_but_chinese_punctuation_stays() -> None:
    assert fold_width("ＡＢ１２") == "AB12"
    assert fold_width("ｓ／ｐｒｓｔ") == "s／prst"
    assert normalize_line("第２５１１（２０２０）号决议，。：；（）“”") == "第2511（2020）号决议，。：；（）“”"


def test_invisible_characters_and_bom_are_removed() -> None:
    assert strip_invisible("\ufeff安\u200b理\u200d会\u00ad") == "安理会"
    assert normalize_line("\ufeffS/2013/\u200b163") == "S/2013/163"


def test_nfc() -> None:
    assert normalize_line("Yole\u0300ne") == "Yolène"


def test_whitespace_collapses() -> None:
    assert collapse_whitespace("  a \t\u3000 b\u00a0c  ") == "a b c"
    assert normalize_line("\u3000\u3000联合国之宗旨为：") == "联合国之宗旨为："
    assert remove_cjk_spaces("安 理 会 and UN") == "安理会and UN"


def test_normalize_text_keeps_lines_and_one_blank_line() -> None:
    text = "第一行 文字\r\n\r\n\r\n第二 行\rthird  line\n\n"
    assert normalize_text(text) == "第一行文字\n\n第二行\nthird line"
    assert normalize_inline("a\nb 安 全") == "a b安全"


def test_scripts_and_cjk() -> None:
    assert is_cjk("安") and is_cjk("，") and is_cjk("㈠") and not is_cjk("a") and not is_cjk("“")
    assert count_scripts("安理会 met UN") == (3, 5)


def test_normalisation_is_idempotent() -> None:
    for raw in ("第2089 ( 2013 ) 号 决议", "Distr. General", "( PRST/200 4/16 )", "2 月 14 日，安理会"):
        once = normalize_line(raw)
        assert normalize_line(once) == once
