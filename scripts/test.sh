#!/usr/bin/env bash
# scripts/test.sh -- the body of `make test` (the Makefile has already built .venv):
# installs Chromium if missing, starts a throw-away Neo4j on a free 127.0.0.1 port unless NEO4J_URI
# is set, then runs ruff, mypy and pytest (extra pytest arguments in PYTEST_ARGS). The server is
# always stopped on exit. Exit code: the first failing step's (pytest's 5 "no tests" is a failure).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
export PATH="$ROOT/.venv/bin:$PATH"   # tests may call `geokg` in a subprocess

if [ ! -x /usr/bin/chromium ]; then   # for the `browser` tests (headless page checks)
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

if [ -n "${NEO4J_URI:-}" ]; then
  echo "using the Neo4j server at $NEO4J_URI"
  export NEO4J_USER="${NEO4J_USER-neo4j}" NEO4J_PASSWORD="${NEO4J_PASSWORD-}"
  unset GEOKG_NEO4J_PID GEOKG_NEO4J_HOME GEOKG_NEO4J_RESTART   # tests must not kill someone else's server
else
  NEO4J_HOME_DIR="$(mktemp -d "${TMPDIR:-/tmp}/geokg-neo4j.XXXXXX")"
  # shellcheck disable=SC2317  # run by the EXIT trap
  stop_neo4j() {
    local rc=$?
    scripts/neo4j/stop.sh "$NEO4J_HOME_DIR" || true
    if [ "$rc" -eq 0 ]; then rm -rf "$NEO4J_HOME_DIR"; else echo "neo4j home kept: $NEO4J_HOME_DIR" >&2; fi
    exit "$rc"
  }
  trap stop_neo4j EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  PORT="$(python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  t0=$SECONDS
  GEOKG_NEO4J_PID="$(scripts/neo4j/start.sh "$NEO4J_HOME_DIR" "$PORT")"
  echo "neo4j up on bolt://127.0.0.1:$PORT in $((SECONDS - t0)) s (pid $GEOKG_NEO4J_PID, home $NEO4J_HOME_DIR)"
  export NEO4J_URI="bolt://127.0.0.1:$PORT" NEO4J_USER=neo4j NEO4J_PASSWORD=
  export GEOKG_NEO4J_PID GEOKG_NEO4J_HOME="$NEO4J_HOME_DIR"
  GEOKG_NEO4J_RESTART="$(printf '%q %q %q' "$ROOT/scripts/neo4j/start.sh" "$NEO4J_HOME_DIR" "$PORT")"
  export GEOKG_NEO4J_RESTART
fi
export GEOKG_REQUIRE_NEO4J=1   # neo4j-marked tests fail, never skip, without a server

status=0
step() {
  echo "=== $*"
  local rc=0
  "$@" || rc=$?
  if [ "$rc" -ne 0 ]; then echo "=== FAILED (exit $rc): $*"; [ "$status" -ne 0 ] || status=$rc; fi
}
step ruff check geokg graph ingest queries tests bench
step mypy geokg graph ingest queries
# shellcheck disable=SC2086  # PYTEST_ARGS is split into words on purpose
step pytest ${PYTEST_ARGS:-}
exit "$status"
