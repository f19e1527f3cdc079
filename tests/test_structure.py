"""Paragraph structure on small synthetic texts: furniture, wrapping, headings, labels, run-on text."""

from __future__ import annotations

import re

from ingest.structure import (
    FOOTNOTES_HEADING,
    analyse_layout,
    chapter_title,
    inline_heading,
    join_lines,
    split_paragraphs,
    split_run_on,
)

PDF_LETTER = """联合国 S/2020/1173
安全理事会
Distr.: General
30 November 2020
Chinese
Original: English

20-16057 (C)    *2016057*

2020年11月27日常驻联合国代表给安全理事会主席的信

谨随函转递安全理事会2020年2月工作评估(见附件)。虽然与安全
理事会其他成员进行过磋商。

2/9
S/2020/1173
S/2020/1173 3/9
20-16057 3/9
- 3 -

请将本信及其附件作为安全理事会文件分发为荷。

常驻联合国代表

特命全权大使

某某(签名)

3
13-30835 (C)    *1330835*
*1330835*
非洲

布隆迪

2月26日，安全理事会就布隆迪问题举行了一次非正式互动对话。他们还敦促

布隆迪当局确保选举做好准备。

中非共和国

2月20日，安全理事会就中非共和国问题举行了通报和磋商。
"""


def test_pdf_letter_furniture_headings_and_page_breaks() -> None:
    layout = analyse_layout(PDF_LETTER)
    texts = [p.text for p in layout.paragraphs]
    assert texts == [
        "谨随函转递安全理事会2020年2月工作评估(见附件)。虽然与安全理事会其他成员进行过磋商。",
        "请将本信及其附件作为安全理事会文件分发为荷。",
        "常驻联合国代表特命全权大使某某(签名)",
        "2月26日，安全理事会就布隆迪问题举行了一次非正式互动对话。他们还敦促布隆迪当局确保选举做好准备。",
        "2月20日，安全理事会就中非共和国问题举行了通报和磋商。",
    ]
    paths = [p.heading_path for p in layout.paragraphs]
    assert paths[0] == ("2020年11月27日常驻联合国代表给安全理事会主席的信",)
    assert paths[3] == ("非洲", "布隆迪") and paths[4] == ("非洲", "中非共和国")
    assert "S/2020/1173" in layout.furniture and "Distr.: General" in layout.furniture
    assert "30 November 2020" in layout.furniture
    assert not any(re.search(r"\d{2}-\d{5}|\*\d+\*|^\d+$|2/9", t) for t in texts)


def test_blank_line_wrapped_statement() -> None:
    text = """   安全理事会主席声明


 安全理事会主席在 2013 年 8 月 6 日安全理事会第 7015 次会议上，就安理会

审议的题为“联合国与区域和次区域组织在维护国际和平与安全领域中的合作”

的项目，代表安理会发表声明如下：

 “安全理事会回顾以往有关决议和主席声明强调联合国与区域和次区

域组织按照《联合国宪章》和区域和次区域组织有关规约建立有效伙伴关系

的重要性。

  “安理会回顾《联合国宪章》的宗旨和原则，重申安理会根据《宪章》

负有维护国际和平与安全的首要责任。
"""
    paragraphs = split_paragraphs(text)
    assert len(paragraphs) == 3
    assert paragraphs[0].text.startswith("安全理事会主席在2013年8月6日安全理事会第7015次会议上，就安理会审议")
    assert paragraphs[1].text.startswith("“安全理事会回顾") and paragraphs[2].text.startswith("“安理会回顾")
    assert "就安理会审议的题为“联合国与区域和次区域组织在维护国际和平与安全领域中的合作”的项目" in paragraphs[0].text
    assert paragraphs[1].text.endswith("建立有效伙伴关系的重要性。")
    assert all(p.heading_path == ("安全理事会主席声明",) for p in paragraphs)


def test_numbered_sections_and_labels() -> None:
    text = """三. 成果

4. 会议就马里总体局势得出以下结论：

马里总体局势

5. 与会者欢迎马里局势的积极发展。他们呼吁那些承诺派遣部队的国家履行

承诺。

(a) 采取适当的具体措施加强边界安全；

(b) 通过融合和联络股加强情报交流。
"""
    paragraphs = split_paragraphs(text)
    assert [p.label for p in paragraphs] == ["4.", "5.", "(a)", "(b)"]
    assert paragraphs[0].heading_path == ("三.成果",)
    assert paragraphs[1].heading_path == ("三.成果", "马里总体局势")
    assert paragraphs[1].text.endswith("履行承诺。")


RESOLUTION = """Resolution 999 (1970)
of 1 January 1970

The Security Council,

Expressing its concern with the grave
situation in the area,

1. Affirms that the fulfilment of Charter principles
requires peace-
keeping and co-
operation in the area:

(a) For guaranteeing freedom of navigation through
international waterways;

(b) For achieving a just settlement of the refugee
problem ;

2. Requests the Secretary-General to report.

Adopted at the 127th meet-
ing by 8 votes to none,
with 2 abstentions (Poland,
Union of Soviet Socialist
Republics).

12 Ibid., document S/3122.
"""


def test_english_resolution() -> None:
    layout = analyse_layout(RESOLUTION)
    assert layout.header == ("Resolution 999 (1970)", "of 1 January 1970")
    paragraphs = layout.paragraphs
    assert [p.label for p in paragraphs] == [None, None, "1.", "(a)", "(b)", "2.", None, None]
    assert paragraphs[1].text == "Expressing its concern with the grave situation in the area,"
    assert "requires peacekeeping and co-operation in the area:" in paragraphs[2].text
    assert paragraphs[6].text == ("Adopted at the 127th meeting by 8 votes to none, with 2 abstentions (Poland, "
                                  "Union of Soviet Socialist Republics).")
    assert paragraphs[7].heading_path == (FOOTNOTES_HEADING,)


def test_charter_articles_and_chapters() -> None:
    text = """第一章：宗旨及原则
第一条
　　联合国之宗旨为：

　　一、维持国际和平及安全；

第四章：大会
组织
第九条
　　一、大会由联合国所有会员国组织之。

Chapter I: Purposes and Principles
Article 1
The Purposes of the United Nations are:
To maintain international peace and security;
COMPOSITION
Article 9
The General Assembly shall consist of all the Members of the United Nations.
"""
    paragraphs = split_paragraphs(text)
    assert [(p.heading_path, p.label) for p in paragraphs] == [
        (("第一章 宗旨及原则",), "第一条"),
        (("第一章 宗旨及原则",), "第一条"),
        (("第四章 大会", "组织"), "第九条"),
        (("Chapter I Purposes and Principles",), "Article 1"),
        (("Chapter I Purposes and Principles",), "Article 1"),
        (("Chapter I Purposes and Principles", "COMPOSITION"), "Article 9"),
    ]
    assert chapter_title("Chapter VII: Action with Respect to Threats") == "Chapter VII Action with Respect to Threats"


RUN_ON = (
    "2013年4月26日巴基斯坦常驻联合国代表给安全理事会主席的信巴基斯坦在2013年1月期间担任安全理事会主席。请将本信分发为荷。"
    "马苏德汗(签名)巴基斯坦担任安全理事会主席期间的安全理事会工作评价导言在2013年1月巴基斯坦担任主席期间，安理会的工作十分繁重。"
    + "安理会审议了一系列问题。" * 30
    + "非洲中非共和国鉴于中非共和国的局势迅速恶化，安理会于1月3日举行了全体磋商。"
    + "他们强调需要政治解决危机。" * 20
    + "1月24日，安理会通过了第2088(2013)号决议。"
    + "非洲联盟-联合国达尔富尔混合行动1月24日，安理会举行了一次通报会。"
    + "欧洲塞浦路斯1月16日，安理会举行了一次非公开会议。决议以14票赞成、1票弃权获得通过。"
    + "专题问题和其他问题维持和平1月21日，安理会举行公开辩论。"
    + "安全理事会主席在2009年8月5日安全理事会第6178次会议上，代表安理会发表声明。"
)


def test_run_on_text_is_cut_at_inline_headings_and_sentence_groups() -> None:
    paragraphs = split_paragraphs(RUN_ON)
    paths = [p.heading_path for p in paragraphs]
    assert paths[0] == ("2013年4月26日巴基斯坦常驻联合国代表给安全理事会主席的信",)
    assert paragraphs[0].text.endswith("马苏德汗(签名)")
    assert ("导言",) in paths and ("非洲", "中非共和国") in paths
    assert ("非洲", "非洲联盟-联合国达尔富尔混合行动") in paths
    assert ("欧洲", "塞浦路斯") in paths and ("专题问题和其他问题", "维持和平") in paths
    assert any("决议以14票赞成、1票弃权获得通过。" in p.text for p in paragraphs)
    assert any("。安全理事会主席在2009年8月5日" in p.text for p in paragraphs)  # a subject, not a heading
    assert not any(h.startswith("安全理事会主席") for path in paths for h in path)
    for paragraph in paragraphs:
        assert len(paragraph.text) <= 520
        assert paragraph.text[-1] in "。)”\""


def test_inline_heading_rules() -> None:
    assert inline_heading("马里1月10日，安理会举行全体磋商。") == "马里"
    assert inline_heading("利比亚在1月29日双月通报会上，特别代表指出。") == "利比亚"
    sentence = "中东局势，包括巴勒斯坦问题在1月23日举行的季度公开辩论中，特别协调员通报。"
    assert inline_heading(sentence) == "中东局势，包括巴勒斯坦问题"
    assert inline_heading("安理会还于1月22日通过了决议。") is None
    assert inline_heading("安全理事会主席在2009年8月5日安全理事会第6178次会议上，发表声明。") is None
    assert inline_heading("1月15日，安理会通过了主席声明。") is None


def test_statement_quotes_open_paragraphs() -> None:
    text = ('安全理事会主席的声明安全理事会主席在2009年8月5日会议上，代表安理会发表声明如下："安全理事会重申其决议。'
            + "安理会回顾其声明。" * 20 + '"安全理事会认为，维持和平是伙伴关系。"')
    units = split_run_on(text, first=True)
    assert units[0].kind == "heading" and units[0].text == "安全理事会主席的声明"
    paragraphs = [u.text for u in units if u.kind == "para"]
    assert paragraphs[0].endswith("发表声明如下：")
    assert paragraphs[1].startswith('"安全理事会重申') and paragraphs[-1] == '"安全理事会认为，维持和平是伙伴关系。"'


def test_join_lines() -> None:
    assert join_lines("安全", "理事会") == "安全理事会"
    assert join_lines("the grave", "situation") == "the grave situation"
    assert join_lines("meet-", "ing") == "meeting"
    assert join_lines("Secretary-", "General") == "Secretary-General"
    assert join_lines("self-", "determination") == "self-determination"
    assert join_lines("peace-", "keeping", frozenset({"peace-keeping"})) == "peace-keeping"


def test_same_text_same_paragraphs() -> None:
    assert split_paragraphs(PDF_LETTER) == split_paragraphs(PDF_LETTER)
    assert split_paragraphs(RUN_ON) == split_paragraphs(RUN_ON)


def test_degenerate_inputs() -> None:
    assert split_paragraphs("") == []
    assert split_paragraphs("\n\n  \n") == []
    one = "新增的一段：安全理事会再次开会。"
    assert [p.text for p in split_paragraphs(one)] == [one]
