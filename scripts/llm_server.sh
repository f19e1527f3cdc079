#!/usr/bin/env bash
# An OpenAI-compatible LLM server for a team: llama-cpp-python's own server (python -m llama_cpp.server) with the
# bundled Qwen2.5-Coder-1.5B GGUF, bound to 127.0.0.1. It runs ONE request at a time (one model, behind a lock;
# the Python server has no parallel slots): further requests wait their turn.
#
#   scripts/llm_server.sh [start] [--port N] [--alias NAME] [--model GGUF] [--threads N] [--foreground] [-- ARGS]
#   scripts/llm_server.sh stop [--port N]
#   scripts/llm_server.sh status [--port N]
#
# `start` returns once GET /v1/models answers with the alias (or fails with the log's tail); --foreground runs the
# server in this terminal instead. ARGS after `--` go to llama_cpp.server (e.g. -- --api_key SECRET).
# Then: UNSCQA_LLM_PROVIDER=openai UNSCQA_LLM_BASE_URL=http://127.0.0.1:PORT/v1 UNSCQA_LLM_MODEL=ALIAS unscqa serve
#
# Script-only environment (defaults in brackets; these are not unscqa settings): UNSCQA_LLM_SERVER_PORT [8080],
# UNSCQA_LLM_SERVER_ALIAS [qwen2.5-coder-1.5b], UNSCQA_LLM_SERVER_MODEL [models dir/qwen2.5-coder-1.5b-instruct-
# q4_k_m.gguf], UNSCQA_LLM_SERVER_THREADS [all cores], UNSCQA_LLM_SERVER_CTX [4096], UNSCQA_LLM_SERVER_WAIT [120 s],
# UNSCQA_LLM_SERVER_DIR [~/.cache/unscqa/llm-server: pid and log files]; the models dir as for unscqa
# (UNSCQA_MODELS_DIR, else UNSCQA_CACHE_DIR/models).
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE=${UNSCQA_CACHE_DIR:-$HOME/.cache/unscqa}
MODELS=${UNSCQA_MODELS_DIR:-$CACHE/models}
PORT=${UNSCQA_LLM_SERVER_PORT:-8080}
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
        --alias) ALIAS=${2:?--alias needs a name}; shift 2 ;;
        --model) MODEL=${2:?--model needs a GGUF path}; shift 2 ;;
        --threads) THREADS=${2:?--threads needs a number}; shift 2 ;;
        --foreground) FOREGROUND=1; shift ;;
        --) shift; EXTRA=("$@"); break ;;
        -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument $1 (see --help)" ;;
    esac
done
[[ $PORT =~ ^[0-9]+$ ]] || die "--port must be a number, not $PORT"
PIDFILE=$RUN_DIR/llm-server-$PORT.pid
LOG=$RUN_DIR/llm-server-$PORT.log
URL=http://127.0.0.1:$PORT/v1

# The pid in the pid file, if that process is still our server (a pid can be reused after a crash).
running_pid() {
    [ -f "$PIDFILE" ] || return 1
    local pid
    pid=$(cat "$PIDFILE")
    [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "llama_cpp.server" || return 1
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

# A clean environment: llama_cpp.server reads HOST, PORT, CONFIG_FILE and every setting's name (MODEL, API_KEY...)
# from the environment, which must not silently rebind it or change the model.
server_command() {
    local env=(env -i "PATH=$PATH" "HOME=$HOME" "LANG=${LANG:-C.UTF-8}")
    [ -n "${TMPDIR:-}" ] && env+=("TMPDIR=$TMPDIR")
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
    "$PYTHON" -c "import llama_cpp.server.app" 2>/dev/null \
        || die "llama_cpp.server needs its packages: $PYTHON -m pip install -c constraints.txt fastapi uvicorn \
pydantic-settings sse-starlette starlette-context PyYAML (scripts/setup.sh installs them)"
    [ -f "$MODEL" ] || die "no model at $MODEL: run .venv/bin/unscqa setup qwen2.5-coder-1.5b (or --model)"
    port_free || die "port $PORT on 127.0.0.1 is taken (another server?): choose --port"
    mkdir -p "$RUN_DIR"
    server_command
    if [ "$FOREGROUND" = 1 ]; then
        echo $$ >"$PIDFILE"
        echo "llm_server: serving $ALIAS at $URL (Ctrl-C stops)" >&2
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
    echo "llm_server: running (pid $pid) at $URL, model $ALIAS, log $LOG"
}

case "$ACTION" in
    start) start_server ;;
    stop) stop_server ;;
    status)
        if pid=$(running_pid); then echo "llm_server: running (pid $pid) at $URL (log $LOG)"
        else echo "llm_server: not running on port $PORT"; exit 3; fi ;;
esac
