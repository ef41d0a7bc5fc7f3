#!/usr/bin/env bash
# scripts/neo4j/start.sh HOME PORT -- (re)start the Neo4j server (Neo4jTestServer.java) with its data in
# HOME and Bolt on 127.0.0.1:PORT; auth and usage reporting off. Stops a server still recorded in
# HOME/neo4j.pid first, launches the JVM detached (log: HOME/server.out), waits for Bolt
# (NEO4J_START_TIMEOUT s, default 180) and prints the JVM pid on stdout (also kept in HOME/neo4j.pid).
# It is also the restart command tests get in GEOKG_NEO4J_RESTART: after a kill -9 the same HOME
# is reused and Neo4j recovers from its transaction log.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ $# -eq 2 ] || { echo "usage: $0 HOME PORT" >&2; exit 2; }
NHOME="$(mkdir -p "$1" && cd "$1" && pwd)"
PORT="$2"
PY="${PYTHON:-$HERE/../../.venv/bin/python}"   # needs the neo4j driver
LIB="$HERE/target/lib"

"$HERE/fetch.sh"
"$HERE/stop.sh" "$NHOME"
# A port someone else listens on would make the Bolt check below pass against *their* server.
"$PY" -c 'import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try: s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError as e: sys.exit(f"port {sys.argv[1]} is busy: {e}")' "$PORT"

# The server class, compiled once (the single-file launcher compiled it at every start: ~2 s).
CLASSES="$HERE/target/classes"
if [ ! "$CLASSES/Neo4jTestServer.class" -nt "$HERE/Neo4jTestServer.java" ]; then
  mkdir -p "$CLASSES"
  BUILD="$(mktemp -d "$HERE/target/javac.XXXXXX")"   # starts running at once each build their own
  "${JAVA_HOME:+$JAVA_HOME/bin/}javac" -nowarn -cp "$LIB/*" -d "$BUILD" "$HERE/Neo4jTestServer.java"
  mv -f "$BUILD/Neo4jTestServer.class" "$CLASSES/"   # a rename: never half a class
  rm -rf "$BUILD"
fi

mkdir -p "$NHOME/plugins"
cp "$LIB"/apoc-*.jar "$NHOME/plugins/"   # APOC must be on the classpath AND in plugins/
echo "=== start $(date -Is) port $PORT" >> "$NHOME/server.out"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# nohup + no shared stdio: the JVM outlives this script (and a test's subprocess pipe).
nohup "$JAVA" -Xms"${NEO4J_HEAP:-1g}" -Xmx"${NEO4J_HEAP:-1g}" -XX:+ExitOnOutOfMemoryError \
  -Dpagecache="${NEO4J_PAGECACHE:-256m}" -Dbolt.host=127.0.0.1 -Dbolt.port="$PORT" \
  -Dio.netty.tryReflectionSetAccessible=true -Djdk.nio.maxCachedBufferSize=1024 -Dfile.encoding=UTF-8 \
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
  -cp "$LIB/*:$CLASSES" Neo4jTestServer "$NHOME" \
  </dev/null >>"$NHOME/server.out" 2>&1 &
PID=$!
echo "$PID" > "$NHOME/neo4j.pid"

if ! "$PY" - "$PORT" "$PID" <<'PY'; then
import os, sys, time
from neo4j import GraphDatabase
port, pid = sys.argv[1], sys.argv[2]
deadline = time.monotonic() + float(os.environ.get("NEO4J_START_TIMEOUT", "180"))
def alive() -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return b"Neo4jTestServer" in f.read()
    except OSError:
        return False
while True:
    if not alive():
        sys.exit("neo4j JVM exited during startup")
    try:
        with GraphDatabase.driver(f"bolt://127.0.0.1:{port}", auth=None) as driver:
            with driver.session() as session:   # one try per loop (execute_query would retry)
                session.run("RETURN 1").consume()   # the default database is up, not just the socket
        break
    except Exception as e:
        if time.monotonic() > deadline:
            sys.exit(f"neo4j not ready on port {port} after timeout: {e}")
        time.sleep(0.1)   # a refused connection costs nothing; Bolt is used as soon as it is up
PY
  echo "--- tail of $NHOME/server.out" >&2; tail -n 60 "$NHOME/server.out" >&2 || true
  [ -f "$NHOME/logs/debug.log" ] && { echo "--- tail of logs/debug.log" >&2; tail -n 30 "$NHOME/logs/debug.log" >&2; }
  "$HERE/stop.sh" "$NHOME"
  exit 1
fi
echo "$PID"
