#!/usr/bin/env bash
# scripts/neo4j-up.sh -- `make neo4j-up`: start (or reuse) a long-running dev Neo4j on
# 127.0.0.1:${NEO4J_PORT:-7687} with its data in .neo4j/ (kept between runs; auth off).
# Prints only the export line on stdout, so `eval "$(make -s neo4j-up)"` works once .venv exists.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
NHOME="$PWD/.neo4j"
if [ -f "$NHOME/neo4j.pid" ] && grep -qa Neo4jTestServer "/proc/$(cat "$NHOME/neo4j.pid")/cmdline" 2>/dev/null; then
  PORT="$(cat "$NHOME/port")"
  echo "dev neo4j already running (pid $(cat "$NHOME/neo4j.pid"), port $PORT)" >&2
else
  PORT="${NEO4J_PORT:-7687}"
  PID="$(scripts/neo4j/start.sh "$NHOME" "$PORT")"
  echo "$PORT" > "$NHOME/port"
  echo "dev neo4j up (pid $PID, port $PORT, log $NHOME/server.out); stop it with: make neo4j-down" >&2
fi
echo "export NEO4J_URI=bolt://127.0.0.1:$PORT NEO4J_USER=neo4j NEO4J_PASSWORD="
