"""Fusion rules of the retriever, on hand-made rankings: leaders kept in sight, adoption lines promoted."""

from __future__ import annotations

from pathlib import Path

from llama_index.core.schema import NodeWithScore, TextNode

from rag.extract import resolution_numbers, states_adoption
from rag.retrieve import keep_leaders, promote
from unscqa.services import Services
from unscqa.settings import Settings


def _ranking(*ids: str) -> list[NodeWithScore]:
    return [NodeWithScore(node=TextNode(id_=i, text=""), score=1.0 / (n + 1)) for n, i in enumerate(ids)]


def _ids(ranking: list[NodeWithScore]) -> list[str]:
    return [hit.node.node_id for hit in ranking]


def test_each_retrievers_leaders_stay_in_the_head() -> None:
    fused = _ranking("a", "b", "c", "d", "e", "f", "x")
    dense = _ranking("x", "a")  # only dense found x: it sank to the bottom of the fusion
    out = keep_leaders(fused, [_ranking("a", "b"), dense], per=2, head=5)
    assert _ids(out) == ["a", "b", "c", "d", "x", "e", "f"]  # x enters the top 5; fused order otherwise kept
    assert _ids(keep_leaders(fused, [dense], per=0, head=5)) == _ids(fused)
    assert len(out) == len(fused)


def test_promoted_chunks_come_first_interleaved_per_resolution() -> None:
    fused = _ranking("p1", "p2", "t82", "p3")
    out = promote(fused, [_ranking("t82", "t82b"), _ranking("t83")])
    assert _ids(out) == ["t82", "t83", "t82b", "p1", "p2", "p3"]
    assert {hit.score for hit in out[:3]} == {fused[0].score}


def test_listed_resolutions_and_adoption_lines_are_recognised() -> None:
    assert resolution_numbers("How many abstentions did resolutions 221 (1966) and 232 (1966) have?") == ["221", "232"]
    assert resolution_numbers("第2089(2013)号决议和第2511(2020)号决议") == ["2089", "2511"]
    assert resolution_numbers("What happened in 1966 (see annex 3 (1966))?") == []  # no resolution word
    assert states_adoption("Adopted unanimously at the 2046th meeting.")
    assert states_adoption("Adopted at the 1277th meeting.")
    assert states_adoption("安理会还一致通过了第2086(2013)号决议。")
    assert not states_adoption("Recalling its resolution 181 (1963) adopted on 7 August 1963,")


def test_vote_question_on_a_named_resolution_ranks_its_adoption_line_first(corpus_dir: Path,
                                                                            hashing_settings: Settings) -> None:
    folder = corpus_dir / "unsc-resolutions-en"
    files = [folder / f"S_RES_{n:04d}_{y}_EN_GOLD.txt" for n, y in ((221, 1966), (232, 1966), (242, 1967))]
    services = Services(hashing_settings)
    services.ingestor().ingest(files, show_progress=False)
    hits = services.search().search("How many abstentions did resolutions 221 (1966) and 232 (1966) have?", k=5)
    assert [h.text.startswith("Adopted") for h in hits[:2]] == [True, True]
    assert {h.source_stem[:10] for h in hits[:2]} == {"S_RES_0221", "S_RES_0232"}
    topical = services.search().search("oil shipments to Beira for Southern Rhodesia", k=5)
    assert not topical[0].text.startswith("Adopted")  # not a vote question: no promotion


def test_a_named_charter_article_is_found_by_its_label(corpus_dir: Path, hashing_settings: Settings) -> None:
    charter = corpus_dir / "un-charter"
    services = Services(hashing_settings)
    services.ingestor().ingest([charter / "raw_un_charter_zh.txt", charter / "raw_un_charter_en.txt"],
                               show_progress=False)
    hits = services.search().search("宪章第五十一条规定了什么？", k=4)
    assert hits[0].label == "第五十一条" and "自卫" in hits[0].text  # the number is in no paragraph's text
    hits = services.search().search("What does Article 39 of the Charter say?", k=4)
    assert hits[0].label == "Article 39" and hits[1].label == "第三十九条"  # the question's language first
    assert all(h.label != "Article 39" for h in services.search().search("article 39 of the Convention", k=4)[:1])


def test_charter_articles_named_in_a_question() -> None:
    from rag.extract import article_numbers, chinese_numeral, mentions

    assert article_numbers("第598(1987)号决议援引了《联合国宪章》第三十九条。") == [39]
    assert article_numbers("Acting under Articles 39 and 40 of the Charter") == [39, 40]
    assert article_numbers("article 5 of the Convention") == [] and article_numbers("第五条") == []  # not the Charter
    assert [chinese_numeral(n) for n in (10, 11, 39, 105, 110)] == ["十", "十一", "三十九", "一百零五", "一百一十"]
    assert mentions("Acting under Articles 39 and 40 of the Charter,", "art:40")
    assert not mentions("Article 391", "art:39") and mentions("第三十九条\n安全理事会应断定", "art:39")
