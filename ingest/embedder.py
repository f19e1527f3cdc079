"""Text embedders: a small provider interface, the local EmbeddingGemma implementation, and a model-free one.

The vectors of a data directory are only comparable with vectors from the same model run the same way, so every
embedder has a `name` (model + backend + truncation) that is stored with its vectors; a changed name means
"re-embed", not "mix".

Speed on a CPU comes from three things measured in `bench/embed_speed.py`: length-bucketed batches (sorted by
token count, capped by a padded-token budget, so little time is spent on padding), reduced precision
(bf16 where the CPU has native bf16 matrix units, else int8 dynamic quantisation of the quantisation-tolerant
Linear layers), and `torch.inference_mode`; bf16 and fp32 then run ~1.5x faster on OpenVINO's compiled graph of the
same model (`ingest/openvino_runtime.py`, the `embedding_runtime` setting).
"""

from __future__ import annotations

import os
import re
import threading
import warnings
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

if TYPE_CHECKING:
    from unscqa.settings import Settings

BACKENDS = ("fp32", "int8", "bf16", "auto")
DOCUMENT_PROMPT = "title: none | text: "  # EmbeddingGemma's retrieval prompts (config_sentence_transformers.json)
QUERY_PROMPT = "task: search result | query: "
# Layers quantised by the "int8" backend. down_proj (and the Dense heads outside the transformer) stay fp32:
# its input has large activation outliers, and quantising down_proj alone drops the cosine to the fp32 vectors
# to ~0.93 (every Linear: ~0.90). The four listed cost ~0.001-0.003 each (together: 0.995 mean, 0.991 min on
# 64 real passages); v_proj/o_proj would cost 0.007/0.003 more for little speed.
INT8_LAYERS = ("q_proj", "k_proj", "gate_proj", "up_proj")
DEFAULT_TOKEN_BUDGET = 2048  # padded tokens per forward pass: 2048 embedded ~10% faster than 1024 here (bf16)


class EmbedderError(RuntimeError):
    """The embedder cannot be built: model folder missing, or a required package not installed."""


@runtime_checkable
class Embedder(Protocol):
    """What ingestion and retrieval need from an embedding model."""

    name: str  # identifies model + backend; stored with vectors so a changed embedder is detected

    @property
    def dimension(self) -> int: ...

    def embed_documents(self, texts: Sequence[str],
                        progress: Callable[[int], None] | None = None) -> np.ndarray:
        """float32 (len(texts), dimension), L2-normalised rows; progress(k) after each k texts are done."""
        ...

    def embed_query(self, text: str) -> np.ndarray:
        """float32 (dimension,), L2-normalised."""
        ...


def normalise(matrix: np.ndarray) -> np.ndarray:
    """L2-normalise rows in float32 (reduced-precision models return rows whose norm is only ~1)."""
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0).astype(np.float32)


def plan_batches(lengths: Sequence[int], batch_size: int, token_budget: int,
                 max_spread: int | None = None) -> list[list[int]]:
    """Group indices into batches of similar length, longest first.

    A batch is padded to its longest member, so sorting by length wastes little compute on padding; the
    budget (batch size x longest length) keeps long texts in small batches and lets short ones go in full ones.
    `max_spread`: no member more than this many tokens shorter than the batch's longest (a runtime whose padding
    must stay near real tokens: ingest.openvino_runtime.padding_spread).
    """
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    batches: list[list[int]] = []
    current: list[int] = []
    for index in order:
        longest = lengths[current[0]] if current else lengths[index]
        if current and (len(current) >= batch_size or (len(current) + 1) * longest > token_budget
                        or (max_spread is not None and longest - lengths[index] > max_spread)):
            batches.append(current)
            current = []
        current.append(index)
    if current:
        batches.append(current)
    return batches


def cpu_bf16() -> str | None:
    """The CPU's native bf16 as torch sees it: "amx", "avx512_bf16" or None."""
    import torch

    cpu = getattr(torch, "cpu", None)
    for probe, kind in (("_is_amx_tile_supported", "amx"), ("_is_avx512_bf16_supported", "avx512_bf16")):
        if bool(getattr(cpu, probe, lambda: False)()):
            return kind
    return None


def resolve_backend(backend: str) -> str:
    """"auto" -> "bf16" on CPUs with native bf16 (AMX or AVX512-BF16; ~2.2x fp32 here), else "int8" (~1.3x)."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown embedding backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    if backend != "auto":
        return backend
    return "bf16" if cpu_bf16() else "int8"


def force_hub_offline() -> None:
    """Call before importing sentence-transformers: huggingface_hub reads these once, and a local model folder
    must never trigger a download."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"


class SentenceTransformerEmbedder:
    """A local sentence-transformers model (EmbeddingGemma-300M by default) on the CPU, never touching the network.

    backend: "fp32" (reference), "int8" (dynamic int8 on the tolerant Linear layers), "bf16" (whole model in
    bfloat16; fast only with native bf16 hardware), "auto" (bf16 where native, else int8).
    """

    def __init__(self, path: Path, *, backend: str = "int8", batch_size: int = 16, max_tokens: int = 512,
                 threads: int = 0, token_budget: int = DEFAULT_TOKEN_BUDGET) -> None:
        path = Path(path)
        if not (path / "modules.json").is_file():
            raise EmbedderError(f"embedding model not found at {path}: run `python -m unscqa.fetch_models` "
                                "(or scripts/setup.sh) to assemble it")
        force_hub_offline()
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as err:
            raise EmbedderError(
                f"the local embedder needs torch and sentence-transformers ({err.name} is missing): "
                "pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu && "
                "pip install sentence-transformers") from err

        self.backend = resolve_backend(backend)
        if threads > 0:
            torch.set_num_threads(threads)
        self._torch = torch
        self.batch_size = max(1, batch_size)
        self.max_tokens = max_tokens
        self.token_budget = max(token_budget, 1)
        model = _quiet_load(SentenceTransformer, path)
        model.max_seq_length = max_tokens
        model.eval()
        if self.backend == "int8":
            _quantise_int8(model, torch)
        elif self.backend == "bf16":
            model.to(torch.bfloat16)
        self._model = model
        prompts = dict(getattr(model, "prompts", None) or {})
        # Prefer the model's own prompt names; fall back to the literal prompts if a config lacks them.
        self._document = {"prompt_name": "document"} if "document" in prompts else {"prompt": DOCUMENT_PROMPT}
        self._query = {"prompt_name": "query"} if "query" in prompts else {"prompt": QUERY_PROMPT}
        self._document_prefix = prompts.get("document", DOCUMENT_PROMPT)
        get_dimension = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        dimension = get_dimension()
        if not dimension:
            raise EmbedderError(f"cannot tell the embedding dimension of the model at {path}")
        self.dimension = int(dimension)
        self.name = f"{path.name}:{self.backend}:{max_tokens}"

    def __repr__(self) -> str:
        return f"SentenceTransformerEmbedder({self.name!r}, batch_size={self.batch_size})"

    def token_lengths(self, texts: Sequence[str]) -> list[int]:
        """Token count of each text as the model will see it (prompt included, truncated to max_tokens)."""
        encoded = self._model.tokenizer([self._document_prefix + t for t in texts], add_special_tokens=True,
                                        truncation=True, max_length=self.max_tokens)
        return [len(ids) for ids in encoded["input_ids"]]

    def embed_documents(self, texts: Sequence[str],
                        progress: Callable[[int], None] | None = None) -> np.ndarray:
        """Embed in length-sorted, token-budgeted batches, then put the rows back in input order."""
        texts = list(texts)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        for batch in plan_batches(self.token_lengths(texts), self.batch_size, self.token_budget):
            out[batch] = self._encode([texts[i] for i in batch], self._document)
            if progress is not None:
                progress(len(batch))
        return out

    def embed_query(self, text: str) -> np.ndarray:
        return self._encode([text], self._query)[0]

    def _encode(self, texts: list[str], prompt: dict[str, str]) -> np.ndarray:
        with self._torch.inference_mode():
            vectors = self._model.encode(texts, batch_size=len(texts), show_progress_bar=False,
                                         convert_to_numpy=True, normalize_embeddings=False, **prompt)
        return normalise(vectors)


def _quiet_load(factory: Callable[..., Any], path: Path) -> Any:
    """Load without transformers' per-weight progress bar (noise on every CLI command)."""
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:  # pragma: no cover - sentence-transformers depends on transformers
        return factory(str(path), device="cpu", local_files_only=True)
    was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        return factory(str(path), device="cpu", local_files_only=True)
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()


def _quantise_int8(model: Any, torch: Any) -> None:
    """Dynamic int8 (weights per channel, activations per batch) on the INT8_LAYERS Linear layers, in place."""
    from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

    transformer = model[0]
    spec = {name: per_channel_dynamic_qconfig for name, module in transformer.named_modules()
            if isinstance(module, torch.nn.Linear) and name.rsplit(".", 1)[-1] in INT8_LAYERS}
    if not spec:
        raise EmbedderError("int8 backend: no quantisable Linear layers found in the model's transformer")
    with warnings.catch_warnings():  # torch.ao.quantization announces its move to torchao on every call
        warnings.simplefilter("ignore")
        quantize_dynamic(transformer, spec, inplace=True)


_WORD = re.compile(r"\s+")


class HashingEmbedder:
    """Character n-gram feature hashing: deterministic, instant, no model. For plumbing tests, not for quality.

    Texts sharing many 1-3 character n-grams (works for Chinese and English alike) get a high cosine.
    """

    def __init__(self, dimension: int = 64) -> None:
        if dimension < 2:
            raise ValueError("dimension must be at least 2")
        self.dimension = dimension
        self.name = f"hashing:{dimension}"

    def __repr__(self) -> str:
        return f"HashingEmbedder(dimension={self.dimension})"

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dimension, dtype=np.float32)
        normalised = _WORD.sub(" ", text.lower()).strip()
        for n in (1, 2, 3):
            for start in range(len(normalised) - n + 1):
                digest = zlib.crc32(f"{n}|{normalised[start:start + n]}".encode())  # stable across runs
                vector[digest % self.dimension] += 1.0 if digest & 0x80000000 else -1.0
        norm = float(np.linalg.norm(vector))
        if norm == 0.0:  # empty text (or cancelling signs): a fixed unit vector keeps cosine defined
            vector[0] = 1.0
            return vector
        return vector / norm

    def embed_documents(self, texts: Sequence[str],
                        progress: Callable[[int], None] | None = None) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row] = self._vector(text)
        if progress is not None and len(texts):
            progress(len(texts))
        return out

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector(text)


class LazyEmbedder:
    """An embedder loaded on first use: its name (what the store checks) is known without loading the model, so a
    re-ingest that changes nothing, or a command that never embeds, does not pay the model's load (~15 s)."""

    def __init__(self, name: str, factory: Callable[[], Embedder]) -> None:
        self.name = name
        self._factory = factory
        self._loaded: Embedder | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"LazyEmbedder({self.name!r}, loaded={self._loaded is not None})"

    def load(self) -> Embedder:
        with self._lock:
            if self._loaded is None:
                self._loaded = self._factory()
                if self._loaded.name != self.name:
                    raise EmbedderError(f"embedder {self._loaded.name!r} loaded where {self.name!r} was expected")
            return self._loaded

    @property
    def loaded(self) -> bool:
        return self._loaded is not None

    @property
    def dimension(self) -> int:
        return self.load().dimension

    def embed_documents(self, texts: Sequence[str],
                        progress: Callable[[int], None] | None = None) -> np.ndarray:
        return self.load().embed_documents(texts, progress)

    def embed_query(self, text: str) -> np.ndarray:
        return self.load().embed_query(text)


RUNTIMES = ("auto", "torch", "openvino")


def resolve_runtime(runtime: str, backend: str) -> str:
    """What computes a backend's vectors. "auto": the runtime measured fastest for it on this kind of CPU
    (bench/ingest.py, docs/scale.md): OpenVINO for fp32, and for bf16 on AVX512-BF16 without AMX (1.5x torch bf16);
    torch for bf16 on AMX (its oneDNN AMX kernels gave 3.16x the llama-index default there; OpenVINO was not
    measured on AMX) and for int8 (OpenVINO has no faster int8 for this model). Torch too without OpenVINO."""
    if runtime not in RUNTIMES:
        raise ValueError(f"unknown embedding runtime {runtime!r} (expected one of {', '.join(RUNTIMES)})")
    if backend == "int8" or runtime == "torch":
        return "torch"
    from ingest import openvino_runtime

    if runtime == "openvino":
        if not openvino_runtime.available():
            raise EmbedderError("embedding_runtime openvino needs the openvino package: pip install openvino")
        return "openvino"
    if backend == "bf16" and cpu_bf16() == "amx":
        return "torch"
    return "openvino" if openvino_runtime.available() else "torch"


def load_embedder(settings: Settings) -> Embedder:
    """The embedder the settings ask for: "hashing" (tests), else the local model with that backend, run by the
    settings' runtime, loaded when something first needs embedding."""
    if settings.embedding_backend == "hashing":
        return HashingEmbedder()
    path, backend, max_tokens = Path(settings.embedding_path), resolve_backend(settings.embedding_backend), \
        settings.embedding_max_tokens
    if not (path / "modules.json").is_file():  # said now, not at the first embedding
        raise EmbedderError(f"embedding model not found at {path}: run `python -m unscqa.fetch_models` "
                            "(or scripts/setup.sh) to assemble it")
    runtime = resolve_runtime(settings.embedding_runtime, backend)

    def build() -> Embedder:
        if runtime == "openvino":
            from ingest.openvino_runtime import OpenVINOEmbedder

            return OpenVINOEmbedder(path, precision=backend, batch_size=settings.embedding_batch_size,
                                    max_tokens=max_tokens, threads=settings.threads)
        return SentenceTransformerEmbedder(path, backend=backend, batch_size=settings.embedding_batch_size,
                                           max_tokens=max_tokens, threads=settings.threads)

    return LazyEmbedder(f"{path.name}:{backend}:{max_tokens}", build)
