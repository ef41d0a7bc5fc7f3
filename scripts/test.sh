#!/usr/bin/env bash
# scripts/test.sh -- the body of `make test` (the Makefile has already built .venv):
# installs Chromium if missing, starts a throw-away Neo4j on a free 127.0.0.1 port unless NEO4J_URI
# is set, then runs ruff, mypy and pytest (two processes side by side; or once, with the
# arguments in PYTEST_ARGS). The server is
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
# Two pytest processes side by side (the machine has two cores): (a) the tests that share the
# Neo4j server, in turn, then the reliability tests; (b) all the others. The halves
# take about the same time. tests/conftest.py marks every test that reaches Neo4j `neo4j` and
# fails one that reaches it unmarked. With PYTEST_ARGS set (say, a folder), or PYTEST_SPLIT=0,
# pytest runs once, as given.
SIDE_A_DIRS=(tests/reliability)
pytest_split() {
  local logs rc_a=0 rc_b=0 pid
  logs="$(mktemp -d "${TMPDIR:-/tmp}/geokg-pytest.XXXXXX")"
  {
    pytest -m neo4j --basetemp="$logs/tmp-a1" -p no:cacheprovider && rc=0 || rc=$?
    pytest -m "not neo4j" --basetemp="$logs/tmp-a2" -p no:cacheprovider "${SIDE_A_DIRS[@]}" \
      && rc2=0 || rc2=$?
    if [ "$rc" -ne 0 ]; then exit "$rc"; fi
    exit "$rc2"
  } > "$logs/a.log" 2>&1 &
  pid=$!
  local ignores=()
  for d in "${SIDE_A_DIRS[@]}"; do ignores+=(--ignore "$d"); done
  pytest -m "not neo4j" --basetemp="$logs/tmp-b" "${ignores[@]}" || rc_b=$?
  wait "$pid" || rc_a=$?
  echo "=== pytest -m neo4j, then ${SIDE_A_DIRS[*]} (ran alongside the above)"
  cat "$logs/a.log"
  rm -rf "$logs"
  [ "$rc_b" -ne 0 ] && return "$rc_b"
  return "$rc_a"
}
if [ "${PYTEST_SPLIT:-$([ -z "${PYTEST_ARGS:-}" ] && echo 1 || echo 0)}" = 1 ]; then
  step pytest_split
else
  # shellcheck disable=SC2086  # PYTEST_ARGS is split into words on purpose
  step pytest ${PYTEST_ARGS:-}
fi
exit "$status"
