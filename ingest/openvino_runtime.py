"""The same embedding model run by OpenVINO: ~1.5x the speed of torch for the same precision on this CPU.

torch runs EmbeddingGemma layer by layer from Python; OpenVINO compiles the whole graph (fused attention, norms and
matmuls) once. The model is converted from the bundled weights, never downloaded: `export` traces the
sentence-transformers pipeline (transformer, mean pooling, both Dense heads, normalisation) with `torch.export`
and saves OpenVINO's IR beside the model (`<model>-openvino/`, ~1.2 GB, about a minute, once; `fetch_models` and
the first load do it). Vectors are the same model's within cosine 0.999 of torch fp32 (tests/test_embedder.py),
so an embedder's `name` (what the store checks) is the precision's, whichever runtime computes it.

OpenVINO's converter reports usage to Google Analytics unless told otherwise; `export` runs it with its telemetry
stubbed out (nothing leaves the machine).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ingest.embedder import (
    DOCUMENT_PROMPT,
    QUERY_PROMPT,
    EmbedderError,
    force_hub_offline,
    normalise,
    plan_batches,
)

PRECISIONS = {"bf16": "bf16", "fp32": "f32"}  # our backend name -> OpenVINO's INFERENCE_PRECISION_HINT
IR_NAME = "model.xml"
STAMP = "export.json"
MAX_TOKENS = 2048  # the longest input the exported graph accepts (the embedder truncates to max_tokens first)


def available() -> bool:
    """Whether openvino is installed, without importing it (a no-op re-ingest loads nothing heavy)."""
    if "openvino" in sys.modules:  # imported, or blocked (None)
        return sys.modules["openvino"] is not None
    return importlib.util.find_spec("openvino") is not None


def export_dir(model_path: Path) -> Path:
    return model_path.parent / f"{model_path.name}-openvino"


def is_exported(model_path: Path) -> bool:
    """An export of this model by this OpenVINO version is on disk (the stamp is written last)."""
    stamp = export_dir(model_path) / STAMP
    try:
        recorded = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(recorded == _stamp(model_path))


def _stamp(model_path: Path) -> dict[str, Any]:
    import openvino

    weights = model_path / "model.safetensors"
    return {"model": model_path.name, "weights_bytes": weights.stat().st_size if weights.exists() else None,
            "openvino": openvino.get_version().split("-")[0]}


def _say(message: str) -> None:
    print(message, file=sys.stderr)  # stderr: a command's stdout (ask --json) stays its own


def export(model_path: Path, log: Callable[[str], None] = _say) -> Path:
    """Convert the sentence-transformers model at `model_path` to OpenVINO IR beside it; returns the IR folder.
    Written to a temporary folder and renamed, so an interrupted export leaves nothing half-written."""
    target = export_dir(model_path)
    if is_exported(model_path):
        return target
    sys.modules.setdefault("openvino_telemetry", None)  # type: ignore[arg-type]  # ImportError -> OVC's stub
    force_hub_offline()
    try:
        import openvino as ov
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError as err:
        raise EmbedderError(f"exporting the embedding model for OpenVINO needs {err.name}: "
                            "pip install openvino torch==2.13.0 sentence-transformers") from err
    log(f"exporting {model_path.name} for OpenVINO into {target} (once, about a minute)")
    model = SentenceTransformer(str(model_path), device="cpu", local_files_only=True).eval()

    class Pipeline(torch.nn.Module):  # the whole sentence-transformers pipeline, ids in, unit vectors out
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            return self.model({"input_ids": input_ids, "attention_mask": attention_mask})["sentence_embedding"]

    example = model.tokenizer([DOCUMENT_PROMPT + "an example passage of a few words", QUERY_PROMPT + "a query"],
                              padding=True, return_tensors="pt")
    batch, tokens = torch.export.Dim("batch"), torch.export.Dim("tokens", max=MAX_TOKENS)
    with torch.inference_mode():
        program = torch.export.export(
            Pipeline().eval(), (example["input_ids"], example["attention_mask"]), strict=False,
            dynamic_shapes={"input_ids": {0: batch, 1: tokens}, "attention_mask": {0: batch, 1: tokens}})
        converted = ov.convert_model(program)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        ov.save_model(converted, str(work / IR_NAME), compress_to_fp16=False)
        (work / STAMP).write_text(json.dumps(_stamp(model_path)), encoding="utf-8")
        if not is_exported(model_path):  # another process (a Ray worker) may have finished first
            shutil.rmtree(target, ignore_errors=True)
            try:
                os.replace(work, target)
            except OSError:
                if not is_exported(model_path):
                    raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def padding_spread(model_path: Path) -> int:
    """How much longer than the shortest text of a batch its longest may be. With bidirectional sliding-window
    attention (window 512: ±256 positions), a padding position farther than half a window from every real token
    attends to nothing; the compiled graph turns that row into NaN, and the NaN reaches the real rows through the
    next layer's values (torch masks with a finite minimum instead). A quarter window keeps a wide margin."""
    try:
        config = json.loads((model_path / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        config = {}
    window = config.get("sliding_window")
    return max(1, int(window) // 4) if isinstance(window, int) and window > 0 else MAX_TOKENS


class OpenVINOEmbedder:
    """EmbeddingGemma compiled by OpenVINO: the same prompts, truncation and length-bucketed batches as the torch
    embedder, and the same `name` for the same precision."""

    def __init__(self, path: Path, *, precision: str = "bf16", batch_size: int = 32, max_tokens: int = 512,
                 threads: int = 0, token_budget: int = 2048, log: Callable[[str], None] = _say) -> None:
        if precision not in PRECISIONS:
            raise EmbedderError(f"OpenVINO runs the embedder in {', '.join(PRECISIONS)}, not {precision!r}")
        try:
            import openvino as ov
            from transformers import AutoTokenizer
        except ImportError as err:
            raise EmbedderError(f"the OpenVINO embedder needs {err.name}: pip install openvino transformers") from err
        path = Path(path)
        force_hub_offline()
        folder = export(path, log=log)
        config: dict[str, Any] = {"INFERENCE_PRECISION_HINT": PRECISIONS[precision], "PERFORMANCE_HINT": "LATENCY"}
        if threads > 0:
            config["INFERENCE_NUM_THREADS"] = threads
        core = ov.Core()
        self._compiled = core.compile_model(core.read_model(str(folder / IR_NAME)), "CPU", config)
        self._tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
        self._local = threading.local()  # one infer request per thread
        prompts_file = path / "config_sentence_transformers.json"  # the model's own prompts, as ST reads them
        prompts = json.loads(prompts_file.read_text(encoding="utf-8")).get("prompts", {}) \
            if prompts_file.is_file() else {}
        self._document_prefix = prompts.get("document", DOCUMENT_PROMPT)
        self._query_prefix = prompts.get("query", QUERY_PROMPT)
        self.backend, self.batch_size, self.token_budget = precision, max(1, batch_size), max(1, token_budget)
        self.max_tokens = min(max_tokens, MAX_TOKENS)
        self.dimension = int(self._compiled.outputs[0].get_partial_shape()[1].get_length())
        self.max_spread = padding_spread(path)
        self.name = f"{path.name}:{precision}:{max_tokens}"

    def __repr__(self) -> str:
        return f"OpenVINOEmbedder({self.name!r}, batch_size={self.batch_size})"

    def _ids(self, texts: Sequence[str], prefix: str) -> list[list[int]]:
        encoded = self._tokenizer([prefix + t for t in texts], add_special_tokens=True, truncation=True,
                                  max_length=self.max_tokens)
        return [list(ids) for ids in encoded["input_ids"]]

    def token_lengths(self, texts: Sequence[str]) -> list[int]:
        return [len(ids) for ids in self._ids(texts, self._document_prefix)]

    def embed_documents(self, texts: Sequence[str],
                        progress: Callable[[int], None] | None = None) -> np.ndarray:
        ids = self._ids(list(texts), self._document_prefix)
        lengths = [len(i) for i in ids]
        out = np.zeros((len(ids), self.dimension), dtype=np.float32)
        for batch in plan_batches(lengths, self.batch_size, self.token_budget, self.max_spread):
            out[batch] = self._run([ids[i] for i in batch])
            if progress is not None:
                progress(len(batch))
        return out

    def embed_query(self, text: str) -> np.ndarray:
        return self._run(self._ids([text], self._query_prefix))[0]

    def _run(self, ids: list[list[int]]) -> np.ndarray:
        width = max(len(i) for i in ids)
        input_ids = np.full((len(ids), width), self._tokenizer.pad_token_id or 0, dtype=np.int64)
        mask = np.zeros((len(ids), width), dtype=np.int64)
        for row, tokens in enumerate(ids):  # right padding, as sentence-transformers pads
            input_ids[row, :len(tokens)] = tokens
            mask[row, :len(tokens)] = 1
        request = getattr(self._local, "request", None)
        if request is None:
            request = self._local.request = self._compiled.create_infer_request()
        vectors = np.array(request.infer({"input_ids": input_ids, "attention_mask": mask})[0], dtype=np.float32)
        if not np.isfinite(vectors).all():  # never stored: Chroma would refuse it, a search would rank it anywhere
            raise EmbedderError(f"OpenVINO returned a non-finite vector for a batch of lengths "
                                f"{sorted(len(i) for i in ids)}; set UNSCQA_EMBEDDING_RUNTIME=torch")
        return normalise(vectors)
