"""How a citation's check and its aligned paragraph are said, in one short line each, in both of the page's
languages: for the panel's hover, the Markdown and .docx footnotes and the CLI. Pure functions of the records
(rag.citations.Check, Aligned); no logic beyond choosing the words."""

from __future__ import annotations

from rag.citations import Aligned, Check, Citation

CHECK_WORDS = {
    "zh": {
        "lead": "核实：", "sep": "；", "list": "、",
        "quote": "引文原文一致（第{a}–{b}字）", "quote_lost": "引文与原文一致",
        "numbers": "数字{items}一致", "symbols": "文号{items}一致",
        "translated": "译文与原句相似度{s:.2f}", "verbatim": "逐字取自原文",
        "zh": "中文本", "en": "英文本",
        "aligned": "{version} {place}（按{basis}对齐，相似度{s:.2f}{facts}）", "facts": "，数字{items}一致",
        "no_aligned": "无经核对的{version}对应段落（{reason}）",
        "basis": {"header": "文件标题", "closest": "内容最接近", "article": "第{n}条", "paragraph": "第{n}段"},
        "reasons": {"facts differ": "数字不一致", "below similarity floor": "相似度不足",
                    "no candidate": "没有对应编号的段落"},
    },
    "en": {
        "lead": "verified: ", "sep": "; ", "list": ", ",
        "quote": "quote exact (characters {a}–{b})", "quote_lost": "quote found",
        "numbers": "{items} match", "symbols": "{items} match",
        "translated": "translated claim matched its source sentence at {s:.2f}",
        "verbatim": "taken verbatim from the source",
        "zh": "Chinese text", "en": "English text",
        "aligned": "{version} {place} (aligned by {basis}, similarity {s:.2f}{facts})", "facts": "; {items} match",
        "no_aligned": "no checked paragraph in the {version} ({reason})",
        "basis": {"header": "the header", "closest": "closest content", "article": "Article {n}",
                  "paragraph": "paragraph {n}"},
        "reasons": {"facts differ": "numbers differ", "below similarity floor": "too dissimilar",
                    "no candidate": "no paragraph with that number"},
    },
}


def _words(language: str) -> dict:  # type: ignore[type-arg]
    return CHECK_WORDS.get(language, CHECK_WORDS["en"])


def check_line(check: Check | None, language: str) -> str:
    """"核实：引文原文一致（第12–80字）；数字13、2一致" / "verified: quote exact (characters 12–80); 13, 2 match";
    "" when the citation carries no check."""
    if check is None:
        return ""
    say = _words(language)
    parts = [say["quote"].format(a=check.quote_start, b=check.quote_end) if check.quote_start >= 0
             else say["quote_lost"]]
    if check.numbers:
        parts.append(say["numbers"].format(items=say["list"].join(check.numbers)))
    if check.symbols:
        parts.append(say["symbols"].format(items=say["list"].join(check.symbols)))
    if check.similarity is not None:
        parts.append(say["translated"].format(s=check.similarity))
    if check.verbatim:
        parts.append(say["verbatim"])
    return say["lead"] + say["sep"].join(parts)


def basis_words(basis: str, language: str) -> str:
    """What an alignment was found by: "article 51" -> "第51条" / "Article 51"; "paragraph (b)" -> "第(b)段"."""
    kind, _, value = basis.partition(" ")
    return _words(language)["basis"].get(kind, kind).format(n=value)


def version_name(language_of_text: str, language: str) -> str:
    """"英文本" / "English text": how the other version is named in `language`."""
    return _words(language)[language_of_text]


def aligned_line(citation: Citation, language: str) -> str:
    """Where the cited paragraph is in the other official language and how that was checked, or why it is not
    shown; "" when the store holds no other version."""
    say = _words(language)
    aligned: Aligned | None = citation.aligned
    if aligned is not None:
        basis = basis_words(aligned.basis, language)
        facts = say["facts"].format(items=say["list"].join(aligned.facts)) if aligned.facts else ""
        return say["aligned"].format(version=version_name(aligned.language, language), place=aligned.place,
                                     basis=basis, s=aligned.similarity, facts=facts)
    if citation.alignment and citation.alignment != "no other version":
        other = "en" if _cited_language(citation) == "zh" else "zh"
        reason = say["reasons"].get(citation.alignment, citation.alignment)
        return say["no_aligned"].format(version=version_name(other, language), reason=reason)
    return ""


def _cited_language(citation: Citation) -> str:
    from rag.language import detect_language

    return detect_language(citation.text)
