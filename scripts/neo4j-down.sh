#!/usr/bin/env bash
# scripts/neo4j-down.sh -- `make neo4j-down`: stop the dev Neo4j started by `make neo4j-up` (data in .neo4j/ is kept).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/neo4j/stop.sh .neo4j
