#!/usr/bin/env bash
# scripts/neo4j/fetch.sh -- download the Neo4j + APOC jars named in pom.xml from Maven Central
# into scripts/neo4j/target/lib. Skipped when the lib dir is newer than pom.xml. Output goes to stderr.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LIB="$HERE/target/lib"
STAMP="$LIB/.fetched"
[ "$STAMP" -nt "$HERE/pom.xml" ] && exit 0
echo "fetching Neo4j jars with Maven into $LIB" >&2
rm -rf "$LIB"   # a version bump must not leave old jars on the classpath
mvn -B -q -f "$HERE/pom.xml" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
  -DoutputDirectory="$LIB" -DincludeScope=runtime >&2
touch "$STAMP"
