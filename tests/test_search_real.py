"""Hybrid search with the real EmbeddingGemma model on the seeds (slow: embeds the seeds once per session)."""

from __future__ import annotations

import pytest

from unscqa.services import Services

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("query,must_contain", [
    ("第2089(2013)号决议 表决", "决议以14票赞成、1票弃权获得通过"),
    ("第2511(2020)号决议的表决结果如何？", "以13票赞成、2票弃权通过了第2511(2020)号决议"),
])
def test_hybrid_search_ranks_the_answering_paragraph_first(real_seeded: Services, query: str,
                                                           must_contain: str) -> None:
    hits = real_seeded.search().search(query, k=5)
    assert must_contain in hits[0].text


def test_dense_search_finds_a_paraphrase(real_seeded: Services) -> None:
    hits = real_seeded.search(mode="dense").search("萨赫勒地区安全合作的部长级会议", k=5)
    assert any("努瓦克肖特" in h.text for h in hits)


def test_results_are_whole_paragraphs_with_their_numbers(real_seeded: Services) -> None:
    for hit in real_seeded.search().search("维持和平行动", k=10):
        stored = real_seeded.docstore.paragraph(hit.doc_id, hit.paragraph)
        assert stored is not None and stored.text == hit.text
