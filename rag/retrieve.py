"""Hybrid retrieval as llama-index components: dense (Chroma) + BM25 (jieba) fused by weighted RRF,
then chunks merged back into whole paragraphs."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from llama_index.core.postprocessor.types import BaseNodePostprocessor
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode
from llama_index.core.vector_stores.types import (
    FilterOperator,
    MetadataFilter,
    MetadataFilters,
    VectorStoreQuery,
)
from pydantic import PrivateAttr

from ingest.chunking import index_context
from ingest.docstore import DocStore
from ingest.embedder import Embedder
from ingest.keyword_index import KeywordIndex
from ingest.metadata import find_symbols, resolution_parts
from ingest.records import HEADER_LABEL, HEADER_NUMBER, Paragraph
from ingest.tokenize import tokenize
from ingest.vectorstore import ChunkVectors
from rag.citations import normalize_for_match
from rag.extract import SYMBOL as _SYMBOL
from rag.extract import (
    article_labels,
    article_numbers,
    asks_about_adoption,
    mentions,
    resolution_numbers,
    states_adoption,
)
from rag.filters import SearchFilters
from rag.glossary import expand_query
from rag.language import detect_language
from rag.links import newest_first, newest_versions, parse_symbol, versions_named
from rag.plan import plan_question
from rag.rerank import PairScorer, Reranker

MODES = ("hybrid", "bm25", "dense")
MAX_NAMED = 4  # documents named in one query that get a ranking of their own
HEAD = 5  # the places where each retriever's leaders are kept


@dataclass(frozen=True)
class ParagraphHit:
    """One retrieved paragraph, whole, with where it came from and how it ranked."""

    doc_id: str
    symbol: str | None
    title: str
    paragraph: int
    text: str
    score: float
    heading_path: tuple[str, ...] = ()
    label: str | None = None
    date: str | None = None
    source_stem: str = ""
    names: str = ""  # the document's names, read with the text when the question asks which document it is

    @property
    def article(self) -> str | None:
        """The paragraph's label when its text does not start with it ("第五十一条", "Article 41"): the Charter
        states an article's number only there, so the prompt, the citation and verification must see it."""
        if self.label and self.label != HEADER_LABEL and not self.text.lstrip().startswith(self.label):
            return self.label
        return None

    @property
    def checked_text(self) -> str:
        """What a claim's facts are checked against: the paragraph with its article label (as `Citation` does)."""
        return "\n".join(part for part in (self.article, self.text, self.names) if part)


class HybridRetriever(BaseRetriever):
    """Chunk-level retriever: weighted reciprocal rank fusion of a BM25 and a dense ranking, plus a ranking within
    each document the query names by symbol; each retriever's leaders kept in the top 5; for vote questions on
    named resolutions, the passages stating their adoption first. Weights tuned with bench/fusion_sweep.py."""

    def __init__(self, *, embedder: Embedder, vectors: ChunkVectors, keyword_index: KeywordIndex,
                 docstore: DocStore, mode: str = "hybrid", depth: int = 50, dense_weight: float = 0.5,
                 keyword_weight: float = 1.0, named_weight: float = 1.0, rrf_k: int = 60, leaders: int = 2,
                 filters: SearchFilters | None = None, expand: bool = True) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        super().__init__()
        self.embedder, self.vectors, self.keyword_index, self.docstore = embedder, vectors, keyword_index, docstore
        self.mode, self.depth, self.rrf_k, self.leaders = mode, depth, rrf_k, leaders
        self.dense_weight, self.keyword_weight, self.named_weight = dense_weight, keyword_weight, named_weight
        self.filters = filters or SearchFilters()
        self.expand = expand  # add the bilingual glossary's equivalents of the query's terms to the BM25 query

    def _documents(self) -> dict[str, Any]:
        """Document metadata for filtering, reloaded only when the store changed (keeps queries fast)."""
        generation = self.docstore.generation()
        if getattr(self, "_cached_generation", None) != generation:
            self._cached_documents = {d.doc_id: d for d in self.docstore.documents()}
            self._cached_generation = generation
        return self._cached_documents

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        documents = self._documents()
        allowed = set(documents) if self.filters.is_empty else self.filters.allowed(documents.values())
        if not allowed:
            return []
        query = query_bundle.query_str
        named = ([] if self.mode == "dense" else  # dense-only stays the plain baseline it is compared against
                 sorted(named_documents(query, documents.values()) & allowed)[:MAX_NAMED])
        rankings = self._rankings(query, tokenize(query), allowed, documents, named)
        fused = self._fuse(rankings)
        if self.mode == "hybrid":  # each retriever's own best hits stay in sight (a cross-lingual question
            fused = keep_leaders(fused, [r for _, r in rankings[:2]], self.leaders, HEAD)  # has no BM25 match)
        numbers = resolution_numbers(query)
        if self.mode != "dense" and numbers and asks_about_adoption(query):
            firsts = [self._adoption_lines(doc_id) for doc_id in named]  # "how was resolution N adopted?"
            firsts += [self._tallies_mentioning(n, allowed) for n in numbers[:MAX_NAMED]]
            fused = promote(fused, firsts)
        plan = plan_question(query)
        if self.mode != "dense" and named and plan.kind == "date" and plan.asks_adoption:  # "when was N adopted?"
            language = detect_language(query)  # both texts of a resolution may be held: the question's first
            ordered = sorted(named, key=lambda d: documents[d].language != language)
            fused = promote(fused, [self._headers(ordered)])  # its header states the date
        articles = article_numbers(query)[:MAX_NAMED]
        if self.mode != "dense" and articles:  # "《联合国宪章》第三十九条": the number is only in the article's label
            fused = promote(fused, [self._articles(articles, query, allowed)])
        return fused

    def _articles(self, numbers: list[int], query: str, allowed: set[str]) -> list[NodeWithScore]:
        """The chunks of the Charter articles named, those in the query's language first."""
        chinese = detect_language(query) == "zh"
        labels = [label for n in numbers for label in article_labels(n)[:: 1 if chinese else -1]]
        found = [row for row in self.docstore.labelled_chunks(labels) if row[1] in allowed]
        found.sort(key=lambda row: labels.index(row[3]))
        return [_chunk_node(chunk_id, doc_id, paragraph) for chunk_id, doc_id, paragraph, _ in found]

    def _rankings(self, query: str, tokens: list[str], allowed: set[str], documents: dict[str, Any],
                  named: list[str]) -> list[tuple[float, list[NodeWithScore]]]:
        """(weight, ranking) pairs: global BM25 first, global dense second, then one per named document."""
        rankings: list[tuple[float, list[NodeWithScore]]] = []
        if self.mode in ("hybrid", "bm25"):
            # a Chinese question about an English paragraph shares no words with it: its glossary terms do
            expanded = tokens + [t for t in expand_query(query) if t not in tokens] if self.expand else tokens
            rankings.append((self.keyword_weight, self._keyword(expanded, allowed, documents)))
        if self.mode in ("hybrid", "dense"):
            rankings.append((self.dense_weight, self._dense(query, allowed)))
        rankings += [(self.named_weight, self._within(query, tokens, doc_id, documents)) for doc_id in named]
        return rankings

    def _tallies_mentioning(self, number: str, allowed: set[str]) -> list[NodeWithScore]:
        """Chunks anywhere that name resolution `number` and state how a resolution was adopted (a monthly
        assessment saying "安理会还一致通过了第2086(2013)号决议")."""
        hits = [h for h in self.keyword_index.search([number], self.depth) if h.doc_id in allowed]
        texts = self.docstore.chunk_texts([h.chunk_id for h in hits])
        return [_chunk_node(h.chunk_id, h.doc_id, h.paragraph) for h in hits
                if (text := texts.get(h.chunk_id, "")) and states_adoption(text) and mentions(text, f"res:{number}")]

    def _within(self, query: str, query_tokens: list[str], doc_id: str,
                documents: dict[str, Any]) -> list[NodeWithScore]:
        """The paragraphs of one document the query names, ranked on their own: a global ranking buries them
        under every other document that shares the query's words. The words naming the document match all of
        its chunks (they carry its context), so only the rest of the query ranks within it."""
        naming = set(tokenize(index_context(documents[doc_id], Paragraph(number=0, text=""))))
        tokens = [t for t in query_tokens if t not in naming]
        rankings = [(self.keyword_weight, self._keyword(tokens, {doc_id}, documents))]
        if self.mode == "hybrid":
            rankings.append((self.dense_weight, self._dense(query, {doc_id}, restrict=True)))
        return self._fuse(rankings)

    def _headers(self, doc_ids: list[str]) -> list[NodeWithScore]:
        return [_chunk_node(chunk_id, doc_id, paragraph) for doc_id in doc_ids
                for chunk_id, paragraph, _ in self.docstore.document_chunks(doc_id) if paragraph == HEADER_NUMBER]

    def _adoption_lines(self, doc_id: str) -> list[NodeWithScore]:
        return [_chunk_node(chunk_id, doc_id, paragraph)
                for chunk_id, paragraph, text in self.docstore.document_chunks(doc_id) if states_adoption(text)]

    def _keyword(self, tokens: list[str], allowed: set[str], documents: dict[str, Any]) -> list[NodeWithScore]:
        restrict = None if len(allowed) == len(documents) else allowed
        hits = self.keyword_index.search(tokens, self.depth, restrict)
        return [_chunk_node(h.chunk_id, h.doc_id, h.paragraph, h.score) for h in hits if h.doc_id in allowed]

    def _dense(self, query: str, allowed: set[str], *, restrict: bool = False) -> list[NodeWithScore]:
        filters = None
        if len(allowed) <= 500 and (restrict or not self.filters.is_empty):
            filters = MetadataFilters(filters=[MetadataFilter(key="doc_id", value=sorted(allowed),
                                                              operator=FilterOperator.IN)])
        vector = self._query_vector(query)
        result = self.vectors.store.query(VectorStoreQuery(query_embedding=[float(x) for x in vector],
                                                           similarity_top_k=self.depth, filters=filters))
        nodes = result.nodes or []
        scores = result.similarities or [0.0] * len(nodes)
        return [NodeWithScore(node=n, score=s) for n, s in zip(nodes, scores, strict=False)
                if n.metadata.get("doc_id") in allowed]

    def _query_vector(self, query: str) -> Any:
        """One embedding per query, however many dense rankings it feeds (one tuple: safe across threads)."""
        cached = getattr(self, "_cached_vector", None)
        if cached is None or cached[0] != query:
            cached = (query, self.embedder.embed_query(query))
            self._cached_vector = cached
        return cached[1]

    def _fuse(self, rankings: list[tuple[float, list[NodeWithScore]]]) -> list[NodeWithScore]:
        if len(rankings) == 1:
            return rankings[0][1]
        fused: dict[str, float] = {}
        first: dict[str, NodeWithScore] = {}
        for weight, ranking in rankings:
            for rank, hit in enumerate(ranking, 1):
                fused[hit.node.node_id] = fused.get(hit.node.node_id, 0.0) + weight / (self.rrf_k + rank)
                first.setdefault(hit.node.node_id, hit)
        order = sorted(fused, key=lambda cid: -fused[cid])
        return [NodeWithScore(node=first[cid].node, score=fused[cid]) for cid in order]


def _chunk_node(chunk_id: str, doc_id: str, paragraph: int, score: float = 1.0) -> NodeWithScore:
    """A chunk as a ranking entry: the merger needs only where it is, not its text."""
    return NodeWithScore(node=TextNode(id_=chunk_id, text="", metadata={"doc_id": doc_id, "paragraph": paragraph}),
                         score=score)


def keep_leaders(fused: list[NodeWithScore], rankings: list[list[NodeWithScore]], per: int,
                 head: int) -> list[NodeWithScore]:
    """The fused ranking, except that the first `per` hits of every ranking are within its first `head`.

    Rank fusion sums evidence, so a passage only one retriever finds (the English paragraph answering a Chinese
    question: dense finds it first, BM25 not at all) sinks below passages both half-match; the eval showed it."""
    leaders = {hit.node.node_id for ranking in rankings for hit in ranking[:per]}
    if not leaders or per <= 0:
        return fused
    chosen = {hit.node.node_id for hit in fused if hit.node.node_id in leaders}
    for hit in fused:
        if len(chosen) >= head:
            break
        chosen.add(hit.node.node_id)
    top = [hit for hit in fused if hit.node.node_id in chosen]
    return top + [hit for hit in fused if hit.node.node_id not in chosen]


def promote(ranking: list[NodeWithScore], firsts: list[list[NodeWithScore]]) -> list[NodeWithScore]:
    """The chunks of `firsts` go first (the lists interleaved, so each named resolution gets a top place), then
    the rest of the ranking in its order; promoted chunks take the ranking's top score."""
    front: dict[str, NodeWithScore] = {}
    for group in itertools.zip_longest(*firsts):
        for hit in group:
            if hit is not None:
                front.setdefault(hit.node.node_id, hit)
    top = ranking[0].score if ranking else 1.0
    return ([NodeWithScore(node=hit.node, score=top) for hit in front.values()]
            + [hit for hit in ranking if hit.node.node_id not in front])


def named_documents(query: str, documents: Iterable[Any]) -> set[str]:
    """Documents whose own symbol the query names ("第242(1967)号决议", "resolution 242", "S/2013/163", which
    names its revisions and corrigenda too: the newest version answers, `newest_first`)."""
    numbers = set(resolution_numbers(query))
    symbols = {normalize_for_match(m.group(0)) for m in _SYMBOL.finditer(query)}
    if not numbers and not symbols:
        return set()
    named = set()
    for doc in documents:
        if not doc.symbol:
            continue
        own = resolution_parts(doc.symbol)
        version = parse_symbol(doc.symbol)  # every version of a document named (S/2013/163 -> its Rev.1 too)
        if (own and own[0] in numbers) or normalize_for_match(version.document if version else doc.symbol) in symbols:
            named.add(doc.doc_id)
    return named


class ParagraphMerger(BaseNodePostprocessor):
    """Chunks of one paragraph become one node holding the paragraph's full text (best chunk's score)."""

    top_n: int = 10
    _docstore: DocStore = PrivateAttr()

    def __init__(self, docstore: DocStore, top_n: int = 10) -> None:
        super().__init__(top_n=top_n)  # type: ignore[call-arg]  # a pydantic field declared above
        self._docstore = docstore

    @classmethod
    def class_name(cls) -> str:
        return "ParagraphMerger"

    def _postprocess_nodes(self, nodes: list[NodeWithScore],
                           query_bundle: QueryBundle | None = None) -> list[NodeWithScore]:
        merged: list[NodeWithScore] = []
        seen: set[tuple[str, int]] = set()
        documents: dict[str, Any] = {}
        for hit in nodes:
            key = (str(hit.node.metadata["doc_id"]), int(hit.node.metadata["paragraph"]))
            if key in seen:
                continue
            seen.add(key)
            doc = documents.get(key[0]) or self._docstore.document_summary(key[0])
            paragraph = self._docstore.paragraph(*key)
            if doc is None or paragraph is None:
                continue  # stale entry of a document removed meanwhile
            documents[key[0]] = doc
            node = TextNode(id_=f"{key[0]}:{key[1]}", text=paragraph.text, metadata={
                "doc_id": key[0], "paragraph": key[1], "symbol": doc.symbol or "", "title": doc.title,
                "heading_path": list(paragraph.heading_path), "label": paragraph.label or "",
                "date": doc.date or "", "source_stem": doc.source_stem})
            merged.append(NodeWithScore(node=node, score=hit.score))
            if len(merged) >= self.top_n:
                break
        return merged


def to_hit(node: NodeWithScore) -> ParagraphHit:
    meta = node.node.metadata
    return ParagraphHit(doc_id=meta["doc_id"], symbol=meta["symbol"] or None, title=meta["title"],
                        paragraph=int(meta["paragraph"]), text=node.node.get_content(), score=float(node.score or 0),
                        heading_path=tuple(meta["heading_path"]), label=meta["label"] or None,
                        date=meta["date"] or None, source_stem=meta["source_stem"])


class ParagraphSearch:
    """Query -> ranked whole paragraphs: the hybrid retriever, the paragraph merger, then the optional reranker
    (which rescores the top `rerank_depth` paragraphs and keeps k)."""

    def __init__(self, retriever: HybridRetriever, docstore: DocStore, *, scorer: PairScorer | None = None,
                 rerank_depth: int = 30) -> None:
        self.retriever = retriever
        self.docstore = docstore
        self.scorer = scorer
        self.rerank_depth = rerank_depth
        self._newer: dict[str, str] = {}
        self._newer_generation = -1

    def search(self, query: str, k: int = 10) -> list[ParagraphHit]:
        """The k best paragraphs; those of a version the store holds a newer version of come after the rest,
        unless the query names that version (S/2013/163/Rev.1)."""
        bundle = QueryBundle(query)
        nodes = self.retriever.retrieve(bundle)
        depth = max(k, self.rerank_depth) if self.scorer is not None else k
        merged = ParagraphMerger(self.docstore, top_n=depth).postprocess_nodes(nodes, query_bundle=bundle)
        if self.scorer is not None:
            merged = Reranker(self.scorer, top_n=k).postprocess_nodes(merged, query_bundle=bundle)
        hits = [to_hit(n) for n in merged]
        order = newest_first([h.symbol for h in hits], self.newer_versions(), versions_named(find_symbols(query)))
        return [hits[i] for i in order]

    def newer_versions(self) -> dict[str, str]:
        """{symbol of a superseded version the store holds: the newest version it holds} (rag.links rules),
        reloaded only when the store changed."""
        generation = self.docstore.generation()
        if generation != self._newer_generation:
            self._newer = newest_versions(d.symbol for d in self.docstore.documents())
            self._newer_generation = generation
        return self._newer

    def header(self, doc_id: str) -> ParagraphHit | None:
        """A document's header paragraph ¶0 (its symbol and date as its text states them), if it has one."""
        doc = self.docstore.document_summary(doc_id)
        paragraph = self.docstore.paragraph(doc_id, HEADER_NUMBER)
        if doc is None or paragraph is None:
            return None
        return ParagraphHit(doc_id=doc_id, symbol=doc.symbol, title=doc.title, paragraph=HEADER_NUMBER,
                            text=paragraph.text,
                            score=0.0, heading_path=paragraph.heading_path, label=paragraph.label, date=doc.date,
                            source_stem=doc.source_stem)
