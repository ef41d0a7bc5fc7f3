# Makefile -- the two commands: `make demo` and `make test` (from a fresh clone; they build .venv).
# Also: `make neo4j-up` / `make neo4j-down` (dev Neo4j server), `make clean`.
# The work is in scripts/; targets here stay thin.
PYTHON ?= python3
VENV   := .venv
# The stamp lives inside .venv: newer than pyproject.toml <=> the deps are installed.
STAMP  := $(VENV)/.installed

.PHONY: demo test venv neo4j-up neo4j-down clean

demo: $(STAMP)
	$(VENV)/bin/geokg demo

test: $(STAMP)
	scripts/test.sh

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --disable-pip-version-check -e '.[dev]'
	touch $@

neo4j-up: $(STAMP)
	@scripts/neo4j-up.sh

neo4j-down:
	@scripts/neo4j-down.sh

clean:
	rm -rf $(VENV) *.egg-info scripts/neo4j/target geokg.db geokg.db.* alliance.html alliance.ttl
