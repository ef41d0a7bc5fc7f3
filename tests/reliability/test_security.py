"""Nobody in: ``geokg cypher`` refuses writes without ``--write``; credentials never leak.

Each refusal is checked on both stores, through the library and the CLI, and
the store is compared before and after (data, schema, other databases).
"""

from __future__ import annotations

import ssl
import subprocess
import threading
from pathlib import Path

import pytest

from geokg.errors import QueryError, StoreError
from geokg.graph.stores import GraphStore, open_store
from tests.conftest import SEED_CLAIMS, run_cli
from tests.graph.test_stores import seed_claims
from tests.reliability.harness import one_line_error, snapshot

BOTH = pytest.mark.parametrize(
    "store_spec", ["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)], indirect=True
)

# Written as an attacker would: any case, comments, subqueries, file loads, admin.
WRITES_BOTH = [
    "CREATE (:Actor {id: 'x', name: 'x'})",
    "create (:Actor {id: 'x', name: 'x'})",
    "MaTcH (a:Actor) SeT a.name = 'pwned'",
    "/* just reading */ MATCH (n) DETACH DELETE n",
    "// a comment\nMATCH (c:Claim) DELETE c",
    "MATCH (a:Actor {id: 'RUS'}) MERGE (a)-[:ACTS_FOR]->(a)",
    "MATCH (a:Actor) REMOVE a.name",
    "MATCH (n) RETURN n; MATCH (n) DETACH DELETE n",
]
WRITES = {
    "embedded": WRITES_BOTH + [
        "RETURN 1; COMMIT; CREATE (:Actor {id: 'x', name: 'x'})",
        "COMMIT; MATCH (n) DETACH DELETE n",
        "ROLLBACK; CREATE (:Item {id: 'y', name: 'y'})",
        "/* hidden */ commit",
        "MATCH (a:Actor) CALL { CREATE (:Item {id: 'y', name: 'y'}) } RETURN a",
        "COPY Actor FROM '/etc/hostname'",
        "LOAD FROM '/etc/hostname' (header=false) CREATE (:Actor {id: 'x', name: 'x'})",
        "CREATE NODE TABLE Evil(id STRING PRIMARY KEY)",
        "DROP TABLE RELATES",
        "ALTER TABLE Actor ADD evil STRING",
        "INSTALL httpfs",
        "LOAD EXTENSION json",
        "ATTACH '/tmp/other.lbug' AS other (dbtype lbug)",
        "EXPORT DATABASE '/tmp/geokg-export-must-not-exist'",
        "IMPORT DATABASE '/tmp/geokg-export-must-not-exist'",
        "CHECKPOINT",
        "CALL threads = 1",
    ],
    "neo4j": WRITES_BOTH + [
        "MATCH (a) CALL { CREATE (:Item {id: 'y', name: 'y'}) } RETURN a",
        "CALL () { CREATE (:Item {id: 'y', name: 'y'}) }",
        "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS",
        "LOAD CSV FROM 'file:///etc/hostname' AS row CREATE (:Actor {id: row[0]})",
        "CREATE DATABASE evil",
        "CREATE USER evil SET PASSWORD 'evil-password'",
        "CREATE INDEX evil FOR (n:Actor) ON (n.name)",
        "DROP CONSTRAINT actor_id",
        "STOP DATABASE neo4j",
        "CALL db.createLabel('Evil')",
        "CALL db.clearQueryCaches()",
        "CALL dbms.killConnections(['bolt-1'])",
        "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
        "CALL apoc.create.node(['Actor'], {id: 'apoc'})",
        "CALL apoc.cypher.doIt('CREATE (:Actor {id: \"doit\"})', {})",
        "CALL apoc.periodic.iterate('RETURN 1', 'CREATE (:Actor {id: \"it\"})', {})",
        "CALL apoc.trigger.add('t', 'RETURN 1', {})",
    ],
}  # fmt: skip


def everything(store: GraphStore) -> dict:
    """Data and schema: what a refused query must leave exactly as it was."""
    state = snapshot(store)
    state["names"] = sorted(map(str, store.query("MATCH (a:Actor) RETURN a.name").rows))
    if store.kind == "neo4j":
        state["schema"] = store.query("SHOW INDEXES YIELD name RETURN name ORDER BY name").rows
        state["dbs"] = store.query("SHOW DATABASES YIELD name RETURN name ORDER BY name").rows
    else:
        state["schema"] = store.query("CALL show_tables() RETURN name ORDER BY name").rows
    return state


def test_read_only_query_refuses_every_write(store: GraphStore) -> None:
    store.write_claims(seed_claims())
    before = everything(store)
    allowed = []
    for query in WRITES[store.kind]:
        try:
            store.query(query)
            allowed.append(query)
        except QueryError:
            pass
    assert allowed == []
    assert everything(store) == before
    assert not Path("/tmp/geokg-export-must-not-exist").exists()


@BOTH
def test_cypher_cli_refuses_writes_with_exit_4_and_changes_nothing(store_spec: str) -> None:
    assert run_cli("ingest", str(SEED_CLAIMS), "--store", store_spec).returncode == 0
    kind = "embedded" if not store_spec.startswith("bolt") else "neo4j"
    with open_store(store_spec) as store:
        before = everything(store)
    for query in (WRITES[kind][0], WRITES[kind][3], WRITES[kind][8], WRITES[kind][-1]):
        refused = run_cli("cypher", query, "--store", store_spec)
        assert refused.returncode == 4, (query, refused.stdout, refused.stderr)
        one_line_error(refused.stderr)
    with open_store(store_spec) as store:
        assert everything(store) == before


def test_reads_still_work(store: GraphStore) -> None:
    store.write_claims(seed_claims())
    assert store.query("MATCH (a:Actor {id: $id}) RETURN a.name", {"id": "RUS"}).rows == [
        ["Russia"]
    ]
    # The same words inside values are not statements.
    text = "x'; COMMIT; CREATE (n) // CALL dbms.killConnections() --write"
    assert store.query("RETURN $t AS t, 'a;b' AS u", {"t": text}).rows == [[text, "a;b"]]


# -- credentials -------------------------------------------------------------

SECRET = "pw-7f3a-s3cret"


@pytest.mark.parametrize(
    "spec",
    [
        "bolt://127.0.0.1:9",
        "neo4j://127.0.0.1:9",
        f"bolt://analyst:{SECRET}@127.0.0.1:9",
        f"neo4j+s://analyst:{SECRET}@127.0.0.1:9",
        f"bolt://analyst:{SECRET}@[::1",
    ],
)
def test_credentials_never_appear_in_messages(spec: str) -> None:
    env = {"NEO4J_USER": "analyst", "NEO4J_PASSWORD": SECRET}
    for args in (("stats",), ("ingest", str(SEED_CLAIMS)), ("cypher", "RETURN 1")):
        result = run_cli(*args, "--store", spec, env=env)
        assert result.returncode == 3, result.stderr
        line = one_line_error(result.stderr)
        assert SECRET not in result.stdout + result.stderr
        assert "analyst:" not in line


@pytest.mark.neo4j
def test_wrong_credentials_are_one_line_without_the_password() -> None:
    """The test server runs without auth: the message for a refused login comes from a real one."""
    from tests.conftest import neo4j_uri

    uri = neo4j_uri()
    result = run_cli("stats", "--store", uri, env={"NEO4J_USER": "neo4j", "NEO4J_PASSWORD": SECRET})
    assert SECRET not in result.stdout + result.stderr
    if result.returncode != 0:  # a server with auth on refuses: one line, no password
        assert result.returncode == 3
        one_line_error(result.stderr)


def test_neo4j_s_checks_the_certificate(tmp_path: Path) -> None:
    """``neo4j+s://`` to a server whose certificate is self-signed is refused, never trusted."""
    cert, key = self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    import socket

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]
    handshakes: list[str] = []
    tried = threading.Event()

    def serve() -> None:
        server.settimeout(60)
        try:
            while True:
                conn, _ = server.accept()
                try:
                    with context.wrap_socket(conn, server_side=True):
                        handshakes.append("accepted")
                except (ssl.SSLError, OSError) as exc:
                    handshakes.append(type(exc).__name__)
                tried.set()
        except OSError:
            return

    threading.Thread(target=serve, daemon=True).start()
    try:
        with pytest.raises(StoreError) as caught:
            open_store(f"neo4j+s://127.0.0.1:{port}")
        tried.wait(30)
    finally:
        server.close()
    assert f"127.0.0.1:{port}" in str(caught.value), str(caught.value)
    assert handshakes and "accepted" not in handshakes, handshakes


def self_signed(tmp_path: Path) -> tuple[Path, Path]:
    """A throw-away self-signed certificate for 127.0.0.1 (openssl)."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def test_no_password_on_the_command_line() -> None:
    """There is no option to pass a password: it comes from the environment only."""
    result = run_cli("cypher", "--help")
    assert "--password" not in result.stdout and "--user" not in result.stdout
