"""The embedder: the hashing stand-in, batch planning, and (slow) the real EmbeddingGemma backends.

Thresholds for the reduced-precision backends come from bench/embed_speed.py on 64 real mixed passages:
bf16 vs fp32 cosine is 0.9999 (mean and min); int8 vs fp32 is 0.995 mean / 0.991 min, and int8 also moves a
vector by up to ~0.008 of cosine depending on which batch it was padded into (activations are quantised per
batch). A broken quantisation (e.g. down_proj quantised too, or per-tensor everywhere) lands at 0.86-0.93, so
0.98 for int8 and 0.999 for bf16 pass healthy models with margin and still catch the known failure.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from ingest.embedder import (
    Embedder,
    EmbedderError,
    HashingEmbedder,
    SentenceTransformerEmbedder,
    load_embedder,
    plan_batches,
    resolve_backend,
)
from ingest.openvino_runtime import OpenVINOEmbedder
from unscqa.settings import Settings

Embed = Callable[[Embedder], np.ndarray]
INT8_MIN_COSINE = 0.98
BF16_MIN_COSINE = 0.999


def test_hashing_is_deterministic_normalised_and_float32() -> None:
    texts = ["安全理事会通过了第2089(2013)号决议", "The Security Council decides to extend the mandate", ""]
    first = HashingEmbedder().embed_documents(texts)
    second = HashingEmbedder().embed_documents(texts)
    assert first.dtype == np.float32 and first.shape == (3, 64)
    np.testing.assert_array_equal(first, second)
    np.testing.assert_allclose(np.linalg.norm(first, axis=1), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(HashingEmbedder().embed_query(texts[0]), first[0])


def test_hashing_similar_texts_are_closer_than_unrelated() -> None:
    embedder = HashingEmbedder()
    query = embedder.embed_query("第2089(2013)号决议的表决结果")
    docs = embedder.embed_documents(["安理会通过了第2089(2013)号决议，决议以14票赞成、1票弃权获得通过。",
                                     "The General Assembly elected five non-permanent members of the Council."])
    scores = docs @ query
    assert scores[0] > scores[1]


def test_hashing_empty_input_progress_and_protocol() -> None:
    embedder = HashingEmbedder(dimension=32)
    assert embedder.embed_documents([]).shape == (0, 32)
    done: list[int] = []
    embedder.embed_documents(["a", "b", "c"], progress=done.append)
    assert sum(done) == 3
    assert isinstance(embedder, Embedder)
    assert embedder.name == "hashing:32" != HashingEmbedder(dimension=64).name


def test_plan_batches_covers_everything_in_length_order_within_limits() -> None:
    lengths = [5, 300, 40, 40, 120, 7, 512, 60, 33, 9, 250, 18]
    batches = plan_batches(lengths, batch_size=4, token_budget=600)
    assert sorted(i for batch in batches for i in batch) == list(range(len(lengths)))
    flat = [lengths[i] for batch in batches for i in batch]
    assert flat == sorted(lengths, reverse=True)
    for batch in batches:
        assert len(batch) <= 4
        assert len(batch) == 1 or len(batch) * max(lengths[i] for i in batch) <= 600
    assert plan_batches([], 16, 1024) == []
    assert plan_batches([2000], 16, 1024) == [[0]]  # a text over budget still gets a batch of its own


def test_backend_names_and_errors(tmp_path: Path) -> None:
    assert resolve_backend("fp32") == "fp32"
    assert resolve_backend("auto") in ("bf16", "int8")
    with pytest.raises(ValueError, match="unknown embedding backend"):
        resolve_backend("fp16")
    settings = Settings.load(env={}, models_dir=tmp_path, embedding_backend="int8")
    with pytest.raises(EmbedderError, match="unscqa.fetch_models"):
        load_embedder(settings)
    assert isinstance(load_embedder(Settings.load(env={}, embedding_backend="hashing")), HashingEmbedder)


def test_missing_packages_say_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "modules.json").write_text("[]", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # makes `import sentence_transformers` fail
    with pytest.raises(EmbedderError, match="pip install"):
        SentenceTransformerEmbedder(tmp_path, backend="fp32")
    from ingest.embedder import resolve_runtime

    monkeypatch.setitem(sys.modules, "openvino", None)
    assert resolve_runtime("auto", "bf16") == "torch"  # the laptop without OpenVINO still embeds
    with pytest.raises(EmbedderError, match="pip install openvino"):
        resolve_runtime("openvino", "bf16")


# --- the real model -------------------------------------------------------------------------------------------

def _model_path() -> Path:
    path = Settings.load().embedding_path
    if not (path / "modules.json").is_file():
        pytest.skip(f"embedding model not assembled at {path}: run `python -m unscqa.fetch_models`")
    return path


@pytest.fixture(scope="module")
def fp32() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder(_model_path(), backend="fp32")


@pytest.fixture(scope="module")
def int8() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder(_model_path(), backend="int8")


@pytest.fixture(scope="module")
def bf16() -> SentenceTransformerEmbedder:
    if resolve_backend("auto") != "bf16":
        pytest.skip("no native bf16 on this CPU: the bf16 backend works but is too slow for the test budget")
    return SentenceTransformerEmbedder(_model_path(), backend="bf16")


@pytest.fixture(scope="module")
def ov_fp32() -> OpenVINOEmbedder:
    return OpenVINOEmbedder(_model_path(), precision="fp32")


@pytest.fixture(scope="module")
def ov_bf16() -> OpenVINOEmbedder:
    if resolve_backend("auto") != "bf16":
        pytest.skip("no native bf16 on this CPU")
    return OpenVINOEmbedder(_model_path(), precision="bf16")


def _window(text: str, marker: str, before: int = 250, after: int = 60) -> str:
    at = text.index(marker)
    return text[max(0, at - before): at + len(marker) + after]


@pytest.fixture(scope="module")
def passages() -> dict[str, str]:
    """Paragraph-sized pieces of the shared documents, read at test time (never copied into the repo)."""
    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    corpus = seeds.parent / "corpus" / "unsc-resolutions-en"
    if not seeds.is_dir() or not corpus.is_dir():
        pytest.skip(f"shared documents not found under {seeds.parent}")
    seed = {p.name[:3]: p.read_text(encoding="utf-8") for p in seeds.glob("*.txt")}
    english = [" ".join(p.read_text(encoding="utf-8", errors="replace").split())
               for p in sorted(corpus.glob("*.txt"))[150:500:150]]
    return {
        "vote_2089": _window(seed["000"], "14 票 赞成"),
        "sahel": _window(seed["002"], "毛里塔尼亚努瓦克肖特", before=20, after=280),
        "children": _window(seed["001"], "保护儿童调解人实用指南", before=150, after=40),
        "regional": seed["004"][:400],
        "short": "安理会听取了关于海地局势的通报。",
        **{f"en{i}": text[:250 + 150 * i] for i, text in enumerate(english)},
    }


@pytest.fixture(scope="module")
def together(passages: dict[str, str]) -> Embed:
    """All passages embedded in one call per backend, computed once and shared by the tests below."""
    done: dict[str, np.ndarray] = {}

    def embed(embedder: Embedder) -> np.ndarray:
        key = repr(embedder)  # the runtime's and the precision's: OpenVINO's bf16 shares torch's bf16 `name`
        if key not in done:
            done[key] = embedder.embed_documents(list(passages.values()))
        return done[key]

    return embed


@pytest.mark.slow
def test_shapes_dtype_normalisation_and_empty_input(fp32: SentenceTransformerEmbedder) -> None:
    assert fp32.dimension == 768 and fp32.name.endswith(":fp32:512")
    assert fp32.embed_documents([]).shape == (0, 768)
    done: list[int] = []
    docs = fp32.embed_documents(["Resolution 2089 (2013)", "第2089(2013)号决议"], progress=done.append)
    query = fp32.embed_query("表决结果")
    assert docs.dtype == np.float32 and docs.shape == (2, 768) and sum(done) == 2
    assert query.dtype == np.float32 and query.shape == (768,)
    np.testing.assert_allclose(np.linalg.norm(np.vstack([docs, query]), axis=1), 1.0, atol=1e-5)


@pytest.mark.slow
def test_truncates_texts_longer_than_max_tokens(fp32: SentenceTransformerEmbedder) -> None:
    long_text = "The Security Council reaffirms its commitment to the sovereignty of Cyprus. " * 200
    assert max(fp32.token_lengths([long_text])) == fp32.max_tokens
    vector = fp32.embed_documents([long_text])
    assert vector.shape == (1, 768) and np.isfinite(vector).all()


@pytest.mark.slow
@pytest.mark.parametrize("backend, min_cosine", [("fp32", 0.99999), ("bf16", BF16_MIN_COSINE),
                                                 ("int8", INT8_MIN_COSINE), ("ov_fp32", 0.99999),
                                                 ("ov_bf16", BF16_MIN_COSINE)])
def test_length_bucketing_keeps_input_order(backend: str, min_cosine: float, passages: dict[str, str],
                                            together: Embed, request: pytest.FixtureRequest) -> None:
    """Each row is its own text's vector, whatever batch it was padded into."""
    embedder: Embedder = request.getfixturevalue(backend)
    texts = list(passages.values())
    rows = together(embedder)
    for index in (0, 4, len(texts) - 1):  # a long Chinese one, the shortest, the longest English one
        alone = embedder.embed_documents([texts[index]])[0]
        assert float(rows[index] @ alone) >= min_cosine, (backend, index)


@pytest.mark.slow
@pytest.mark.parametrize("backend, min_cosine", [("bf16", BF16_MIN_COSINE), ("int8", INT8_MIN_COSINE),
                                                 ("ov_fp32", 0.99999), ("ov_bf16", BF16_MIN_COSINE)])
def test_reduced_precision_stays_close_to_fp32(backend: str, min_cosine: float, fp32: SentenceTransformerEmbedder,
                                               together: Embed, request: pytest.FixtureRequest) -> None:
    """torch's fp32 is the reference for every precision and runtime (OpenVINO runs the same model's graph)."""
    embedder: Embedder = request.getfixturevalue(backend)
    cosine = (together(embedder) * together(fp32)).sum(axis=1)
    assert cosine.min() >= min_cosine, cosine
    query = "第2089(2013)号决议的表决结果"
    assert float(embedder.embed_query(query) @ fp32.embed_query(query)) >= min_cosine


@pytest.mark.slow
def test_openvino_shares_the_torch_name_and_loads_by_settings(fp32: SentenceTransformerEmbedder,
                                                              ov_fp32: OpenVINOEmbedder) -> None:
    """Same precision, same `name`: a store built by either runtime is the other's; `auto` picks OpenVINO (but
    for bf16 on AMX), and int8 stays on torch (OpenVINO has no faster int8 for this model here)."""
    from ingest import openvino_runtime
    from ingest.embedder import resolve_runtime

    assert ov_fp32.name == fp32.name and ov_fp32.dimension == fp32.dimension
    assert openvino_runtime.is_exported(_model_path())
    assert resolve_runtime("auto", "int8") == "torch" and resolve_runtime("torch", "fp32") == "torch"
    with pytest.MonkeyPatch.context() as patch:  # each kind of CPU as if it were this one
        patch.setattr("ingest.embedder.cpu_bf16", lambda: "avx512_bf16")
        assert resolve_runtime("auto", "bf16") == "openvino"
        patch.setattr("ingest.embedder.cpu_bf16", lambda: "amx")  # bf16 stays on torch's measured AMX kernels
        assert resolve_runtime("auto", "bf16") == "torch" and resolve_runtime("auto", "fp32") == "openvino"
        assert resolve_runtime("openvino", "bf16") == "openvino"
    with pytest.raises(ValueError, match="unknown embedding runtime"):
        resolve_runtime("onnx", "fp32")
    lazy = load_embedder(Settings.load(env={}, embedding_backend="fp32"))
    assert lazy.name == fp32.name
    assert isinstance(lazy.load(), OpenVINOEmbedder)  # type: ignore[attr-defined]


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["fp32", "bf16", "int8", "ov_bf16"])
def test_chinese_query_ranks_the_relevant_passage_first(backend: str, passages: dict[str, str], together: Embed,
                                                        request: pytest.FixtureRequest) -> None:
    embedder: Embedder = request.getfixturevalue(backend)
    names = list(passages)
    scores = together(embedder) @ embedder.embed_query("第2089(2013)号决议的表决结果")
    ranked = [names[i] for i in np.argsort(-scores)]
    assert ranked[0] == "vote_2089", dict(zip(names, scores.round(3), strict=True))


def test_batches_split_where_padding_would_outrun_the_attention_window() -> None:
    lengths = [10, 400, 12, 130, 300, 11]
    parts = plan_batches(lengths, batch_size=16, token_budget=10_000, max_spread=128)
    assert sorted(i for part in parts for i in part) == list(range(6))
    assert all(lengths[max(p, key=lengths.__getitem__)] - lengths[min(p, key=lengths.__getitem__)] <= 128
               for p in parts)
    assert parts == [[1, 4], [3, 2, 5, 0]]  # longest first; a batch is measured from its longest text
    assert plan_batches(lengths, batch_size=16, token_budget=10_000) == [[1, 4, 3, 2, 5, 0]]  # no limit asked


@pytest.mark.slow
def test_a_short_text_beside_a_long_one_is_its_own_vector(ov_fp32: OpenVINOEmbedder,
                                                          fp32: SentenceTransformerEmbedder) -> None:
    """Padded far past the attention window, the short text's row came back NaN from the compiled graph."""
    long_text = "The Security Council reaffirms its commitment to the sovereignty of Cyprus. " * 30
    together = ov_fp32.embed_documents([long_text, "短文本", "short"])
    assert np.isfinite(together).all()
    alone = fp32.embed_documents([long_text, "短文本", "short"])
    assert (together * alone).sum(axis=1).min() >= 0.9999
