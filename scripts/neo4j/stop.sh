#!/usr/bin/env bash
# scripts/neo4j/stop.sh HOME -- stop the Neo4j server whose pid is in HOME/neo4j.pid:
# SIGTERM (clean shutdown), wait up to 30 s, then SIGKILL. Does nothing if it is not running.
set -euo pipefail
PIDFILE="$1/neo4j.pid"
[ -f "$PIDFILE" ] || exit 0
PID="$(cat "$PIDFILE")"
# Only ever signal our own JVM: a stale pid file may name a recycled pid (zombies have no cmdline).
alive() { grep -qa Neo4jTestServer "/proc/$PID/cmdline" 2>/dev/null; }
if alive; then
  kill -TERM "$PID" 2>/dev/null || true
  for _ in $(seq 60); do alive || break; sleep 0.5; done
  if alive; then
    echo "neo4j (pid $PID) still up after 30 s, sending SIGKILL" >&2
    kill -KILL "$PID" 2>/dev/null || true
    for _ in $(seq 20); do alive || break; sleep 0.5; done
  fi
  echo "neo4j stopped (pid $PID)" >&2
fi
rm -f "$PIDFILE"
