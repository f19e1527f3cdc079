"""The one settings object. Environment variables (UNSCQA_*) are read here and nowhere else."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any


def default_cache_dir() -> Path:
    return Path.home() / ".cache" / "unscqa"


@dataclass(frozen=True)
class Settings:
    """Everything configurable, frozen; build it once with `Settings.load()` and pass it down explicitly."""

    data_dir: Path = Path("data")
    models_dir: Path = field(default_factory=lambda: default_cache_dir() / "models")
    embedding_model: str = "embeddinggemma-300m"  # folder name under models_dir, or an absolute path
    embedding_backend: str = "auto"  # bf16 where the CPU has native bf16, else int8; or fp32, int8, bf16, hashing
    embedding_runtime: str = "auto"  # what runs bf16/fp32: "openvino" (compiled graph, ~1.5x torch; exported beside
    # the model once), "torch", or "auto" (openvino when installed, but torch for bf16 on AMX CPUs, where torch's
    # AMX kernels were measured); int8 always runs on torch
    embedding_batch_size: int = 32
    embedding_max_tokens: int = 512
    chroma_mode: str = "persistent"  # "persistent" (on disk under data_dir) or "http" (a Chroma server)
    chroma_host: str = "localhost"
    chroma_port: int = 8000
    collection: str = "unscqa_chunks"
    ingest_engine: str = "local"  # "local" (this process) or "ray" (parse and embed on a Ray cluster's workers)
    ray_address: str = ""  # Ray cluster to join ("127.0.0.1:6379", "auto"); "" = start a private local Ray
    ray_workers: int = 0  # Ray embedding workers (one CPU and one model copy each); 0 = one per CPU of the cluster
    chunk_max_chars: int = 600
    chunk_subject_bytes: int = 0  # > 0: each chunk of a resolution is indexed (embedded and tokenised) with the
    # start of its first preambular paragraph, up to this many UTF-8 bytes (ingest.chunking.document_subject), so a
    # question describing the resolution finds the operative paragraph that never names it. Off: at 300, retrieval
    # gained on dev (132: hit@5 0.871 -> 0.914, content 0.757 -> 0.865) but not on test (101: hit@5 0.917 both),
    # and answers gained on dev (0.765 -> 0.780) and lost on test (0.792 -> 0.772); needs a store rebuild to change
    max_file_bytes: int = 50 * 1024 * 1024
    search_k: int = 10
    fusion_dense_weight: float = 0.5  # RRF weight of the dense ranking; BM25 gets 1.0
    fusion_named_weight: float = 1.0  # RRF weight of the ranking within each document the query names
    fusion_leaders: int = 2  # each retriever's first N hits are kept within the top 5 (tuned: bench/fusion_sweep.py)
    rrf_k: int = 60
    dense_ef_search: int = 3000  # candidates Chroma's HNSW search explores (ingest.vectorstore.set_ef_search). Its
    # default 100 missed 35 % of the exact 50 nearest chunks on the eval store (8,150 chunks, 60 questions) and
    # returned different ones in different processes; 1000 missed 1.1 %, 3000 0.2 % (two dev runs each identical);
    # the query costs about 10 ms more. Dev retrieval (132): hit@5 0.853 -> 0.871
    query_expansion: bool = True  # BM25 also searches the bilingual glossary's equivalents of the query's terms
    query_translation: bool = False  # the model translates a Chinese question into English and retrieval searches
    # both (rag.translate). Off: it helped dev (Chinese content 8 -> 11 of 22) and cost test (13 -> 12 of 19) and
    # 4-5 s of answer p50 with the bundled 1.5B model; worth re-measuring with a better model on an LLM server
    translation_lead: int = 1  # the Chinese question's own best paragraphs kept before those the translation finds
    reranker_model: str = ""  # local cross-encoder folder (name under models_dir, or absolute); "" = no reranking
    rerank_depth: int = 30  # paragraphs the reranker rescores before keeping the top k
    threads: int = 0  # torch threads; 0 = all cores
    answer_sources: int = 4  # paragraphs given to the LLM in one prompt (small prompts for the 1.5B model)
    answer_excerpt_chars: int = 220  # characters of each paragraph's most relevant sentences in the prompt
    answer_retries: int = 2  # single-source prompts after a reply that fails verification
    grounded_share: float = 0.6  # share of a claim's words its source must contain (same language)
    which_share: float = 0.7  # share of what a "which resolution …?" question describes (its quote, or its words
    # without "which resolution") that a retrieved resolution paragraph must state to be named as the answer
    # (rag.which; chosen on the dev split: 0.65 named a wrong resolution at depth 3, 0.7 none at depth 5)
    which_depth: int = 5  # retrieved paragraphs read for it
    relation_share: float = 0.33  # share of a short-answer question's words (date, count, duration, meeting, entity;
    # its asking words removed) that the answer's cited paragraphs (title and text) must state as written or by the
    # glossary (rag.claims.said_share), or the answer is another sentence's number or name (chosen on the dev
    # split with bench/relation_share.py: every right answer >= 0.38, wrong ones at 0.20-0.31 and 0.42-0.58; 0.33 keeps
    # "宪章哪一条规定了自卫权？" over Article 51 at 1/3: "自卫权" is not a substring of "自卫之自然权利"; those scores
    # were of the better of the two measures; the union was then checked on the same dev set: 0.78 -> 0.80)
    translation_similarity: float = 0.55  # cosine of a translated claim to its source sentence (translations scored
    # 0.61-0.72, unrelated pairs up to 0.5, on 18 hand pairs with EmbeddingGemma)
    alignment_similarity: float = 0.5  # cosine floor of a citation's aligned paragraph in the other official language
    # (rag.align; chosen on the dev split of evals/alignment_gold.jsonl: python -m evals.alignment)
    llm_provider: str = "llama-cpp"  # "llama-cpp" (local GGUF), "openai" (any OpenAI-compatible server), "fake"
    llm_model: str = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"  # GGUF under models_dir, or the server's model name
    llm_base_url: str = "http://127.0.0.1:8080/v1"  # for llm_provider "openai"
    llm_api_key: str = ""
    llm_max_tokens: int = 160
    llm_context: int = 2048
    llm_timeout: float = 60.0
    llm_contexts: int = 2  # llama-cpp: model contexts kept, one per system prompt (rag.llm.ContextPool), so a
    # question in the other language than the one before starts from a cached prompt (bench/prompt_cache.py: its
    # first token 3.0 s -> 0.15 s). Each context after the first costs ~5 s to load on first use and ~0.75 GB of
    # private memory (its KV cache and llama.cpp's repacked weights on x86; the mapped file is shared); 1 = one
    # context for all prompts
    users_file: str = ""  # name:hash lines (`unscqa users add`); "" = no login, only allowed on a loopback host
    # many users (issue 14): answers generated at once when the LLM is a server (llm_provider "openai"): at most
    # its parallel slots; the in-process model (llama-cpp) always answers one question at a time, the rest queue
    llm_concurrency: int = 4

    @property
    def embedding_path(self) -> Path:
        path = Path(self.embedding_model)
        return path if path.is_absolute() else self.models_dir / self.embedding_model

    @property
    def reranker_path(self) -> Path:
        path = Path(self.reranker_model)
        return path if path.is_absolute() else self.models_dir / self.reranker_model

    @property
    def llm_path(self) -> Path:
        path = Path(self.llm_model)
        return path if path.is_absolute() else self.models_dir / self.llm_model

    @property
    def users_path(self) -> Path | None:
        return Path(self.users_file) if self.users_file else None

    @property
    def db_path(self) -> Path:
        return self.data_dir / "unscqa.sqlite3"

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def bm25_dir(self) -> Path:
        return self.data_dir / "bm25"

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then UNSCQA_<FIELD> environment variables, then explicit overrides (CLI flags)."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f"UNSCQA_{f.name.upper()}")
            if raw is not None and raw != "":
                values[f.name] = _coerce(f.name, raw, cls.__dataclass_fields__[f.name].type)
        if "models_dir" not in values and env.get("UNSCQA_CACHE_DIR"):
            values["models_dir"] = Path(env["UNSCQA_CACHE_DIR"]) / "models"
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)


def _coerce(name: str, raw: str, type_name: object) -> Any:
    kind = str(type_name)
    try:
        if kind == "Path":
            return Path(raw)
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
        if kind == "bool":
            if raw.lower() not in ("1", "true", "yes", "on", "0", "false", "no", "off"):
                raise ValueError(raw)
            return raw.lower() in ("1", "true", "yes", "on")
    except ValueError as err:
        raise ValueError(f"UNSCQA_{name.upper()}={raw!r} is not a valid {kind}") from err
    return raw
