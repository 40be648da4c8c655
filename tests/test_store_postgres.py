"""What only the PostgreSQL store has; the shared contract runs in test_store.py.

Connection errors that need no server always run; the rest need a server at
``CROSSREAD_TEST_POSTGRES_URL`` (``.ci/run`` starts one) and skip without it.
Each test gets its own schema, dropped afterwards.
"""

from __future__ import annotations

import dataclasses
import json
import os
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from crossread.config import Settings
from crossread.errors import StoreError
from crossread.model import AnalyzedDocument, Document, IngestFailure, RemovedLine, Story
from crossread.pipeline import ingest
from crossread.store import open_store

psycopg = pytest.importorskip("psycopg", reason="PostgreSQL store tests need psycopg: pip install 'psycopg[binary]'")
from psycopg import sql  # noqa: E402
from psycopg.conninfo import conninfo_to_dict  # noqa: E402

from crossread.store import postgres as postgres_backend  # noqa: E402
from crossread.store.postgres import MIGRATIONS, PostgresStore, redact_url  # noqa: E402
from crossread.store.sqlite import SQLiteStore  # noqa: E402
from test_store import small_document  # noqa: E402

SECRET = "s3cret-Pw"


@pytest.fixture
def server_url() -> str:
    url = os.environ.get("CROSSREAD_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("PostgreSQL store tests need a server: set CROSSREAD_TEST_POSTGRES_URL=postgresql://USER@HOST:PORT/DB")
    return url


@pytest.fixture
def schema(server_url: str) -> Iterator[str]:
    name = f"crossread_test_{uuid.uuid4().hex[:12]}"
    yield name
    with psycopg.connect(server_url, autocommit=True) as db:
        db.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(name)))


@pytest.fixture
def pg_store(server_url: str, schema: str) -> Iterator[PostgresStore]:
    store = PostgresStore(server_url, schema=schema)
    yield store
    store.close()


@pytest.fixture
def raw(server_url: str, schema: str) -> Iterator[Any]:
    """A plain psycopg connection looking at the test's schema."""
    with psycopg.connect(server_url, autocommit=True) as db:
        db.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema)))
        yield db


def _url(server_url: str, **changes: str) -> str:
    """The test server's URL with another user, password or database."""
    params = {**conninfo_to_dict(server_url), **changes}
    auth = params.get("user", "") + (f":{params['password']}" if params.get("password") else "")
    return f"postgresql://{auth}@{params.get('host', 'localhost')}:{params.get('port', 5432)}/{params.get('dbname', '')}"


def _url_in_schema(server_url: str, schema: str) -> str:
    return server_url + ("&" if "?" in server_url else "?") + f"options=-csearch_path%3D{schema}"


# --------------------------------------------------------------------------- URLs and connection errors


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (f"postgresql://news:{SECRET}@db.example:5433/crossread", "postgresql://news:***@db.example:5433/crossread"),
        (
            f"postgres://news:{SECRET}@db.example/crossread?sslmode=require",
            "postgres://news:***@db.example/crossread?sslmode=require",
        ),
        (f"postgresql://db.example/crossread?password={SECRET}", "postgresql://db.example/crossread?password=***"),
        ("postgresql://news@db.example/crossread", "postgresql://news@db.example/crossread"),
    ],
)
def test_postgres_redact_url_hides_only_the_password(url: str, shown: str) -> None:
    assert redact_url(url) == shown


def test_postgres_store_rejects_a_url_of_another_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"is not a PostgreSQL URL: expected postgresql://") as raised:
        PostgresStore(f"mysql://news:{SECRET}@db.example/crossread")
    assert SECRET not in str(raised.value)


def test_postgres_store_rejects_a_malformed_url_without_showing_the_password() -> None:
    with pytest.raises(StoreError, match=r"not a valid PostgreSQL URL .*IPv6") as raised:
        PostgresStore(f"postgresql://news:{SECRET}@[::1")
    assert SECRET not in str(raised.value)
    assert raised.value.__cause__ is None  # psycopg's own message quotes the whole URL


def test_postgres_store_unreachable_server_names_host_and_port_not_the_password() -> None:
    with pytest.raises(StoreError) as raised:
        PostgresStore(f"postgresql://news:{SECRET}@127.0.0.1:1/crossread")
    message = str(raised.value)
    assert "cannot connect to PostgreSQL at 127.0.0.1:1 (database 'crossread')" in message
    assert "Is the server running" in message and SECRET not in message


def test_open_store_rejects_a_url_it_cannot_serve_without_showing_it(tmp_path: Path) -> None:
    settings = Settings(database=str(tmp_path / "db.sqlite"), database_url=f"mysql://news:{SECRET}@db.example/crossread")
    with pytest.raises(StoreError, match=r"'mysql' URLs are not supported.*unset it to use the SQLite file") as raised:
        open_store(settings)
    assert SECRET not in str(raised.value)


def test_postgres_store_login_failure_names_the_user_and_server_not_the_password(server_url: str) -> None:
    params = conninfo_to_dict(server_url)
    with pytest.raises(StoreError) as raised:
        PostgresStore(_url(server_url, user="crossread_no_such_role", password=SECRET))
    message = str(raised.value)
    assert message.startswith(f"cannot log in to PostgreSQL at {params['host']}:{params.get('port', 5432)}")
    assert "crossread_no_such_role" in message and "Check the user name and password" in message
    assert SECRET not in message


def test_postgres_store_unknown_database_says_how_to_create_it(server_url: str) -> None:
    with pytest.raises(StoreError, match=r"crossread_no_such_db.*does not exist.*createdb") as raised:
        PostgresStore(_url(server_url, dbname="crossread_no_such_db", password=SECRET))
    assert SECRET not in str(raised.value)


# --------------------------------------------------------------------------- schema and migrations


def test_postgres_store_new_schema_is_at_the_latest_version_in_native_types(pg_store: PostgresStore, raw: Any) -> None:
    assert pg_store.schema_version == len(MIGRATIONS)
    versions = [r[0] for r in raw.execute("SELECT version FROM crossread_schema ORDER BY version")]
    assert versions == list(range(1, len(MIGRATIONS) + 1))
    types = dict(
        ((r[0], r[1]), r[2])
        for r in raw.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema()"
        )
    )
    assert types["documents", "headings"] == types["dates", "evidence"] == "jsonb"
    assert types["documents", "ingested_at"] == types["failures", "at"] == "timestamp with time zone"
    assert types["sentences", "is_heading"] == "boolean"
    assert types["amounts", "value"] == "double precision"
    assert types["mentions", "start"] == "integer"
    assert types["documents", "search"] == "tsvector"
    assert types["cluster_stories", "profile"] == types["cluster_recent", "profile"] == "bytea"
    assert types["cluster_stories", "hot"] == "boolean" and types["cluster_stories", "seq"] == "bigint"
    assert types["cluster_meta", "value"] == "text"  # JSON as written: JSONB would reorder the counters' keys


def test_postgres_store_migrates_an_older_schema_on_open(
    server_url: str, schema: str, raw: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = PostgresStore(server_url, schema=schema)
    old.add_document(small_document("d01"))
    old.close()
    upgrade = "ALTER TABLE documents ADD COLUMN note TEXT;\nCREATE TABLE notes (doc_id TEXT, note TEXT);\n"
    monkeypatch.setattr(postgres_backend, "MIGRATIONS", (*MIGRATIONS, upgrade))
    upgraded = PostgresStore(server_url, schema=schema)
    assert upgraded.schema_version == len(MIGRATIONS) + 1
    assert upgraded.get_document("d01") == small_document("d01")
    upgraded.close()
    again = PostgresStore(server_url, schema=schema)  # re-opening does not migrate again
    assert again.schema_version == len(MIGRATIONS) + 1
    again.close()
    assert raw.execute("SELECT count(*) FROM crossread_schema").fetchone()[0] == len(MIGRATIONS) + 1


def test_postgres_store_migration_11_drops_the_cluster_blob_and_marks_it_for_reclustering(
    server_url: str, schema: str, raw: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(postgres_backend, "MIGRATIONS", MIGRATIONS[:10])  # as crossread with schema version 10 left it
    old = PostgresStore(server_url, schema=schema)
    old.add_document(small_document("d01"))
    old.close()
    raw.execute("""INSERT INTO cluster_state (id, state) VALUES (1, '{"version": 3, "stories": []}')""")
    raw.execute("INSERT INTO stories (id, title) VALUES ('s-old', 'old')")
    raw.execute("INSERT INTO story_documents (story_id, doc_id) VALUES ('s-old', 'd01')")
    monkeypatch.undo()
    store = PostgresStore(server_url, schema=schema)
    assert store.schema_version == len(MIGRATIONS) == 12
    assert raw.execute("SELECT to_regclass('cluster_state')").fetchone()[0] is None
    assert [s.id for s in store.list_stories()] == ["s-old"]  # listed until the next run clusters again
    assert (store.load_cluster_state() or {})["cluster_meta"] == [("version", "0")]  # another version's: re-cluster
    store.close()


def test_postgres_store_failed_migration_rolls_back_to_the_old_version(
    server_url: str, schema: str, raw: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    PostgresStore(server_url, schema=schema).close()
    monkeypatch.setattr(postgres_backend, "MIGRATIONS", (*MIGRATIONS, "CREATE TABLE notes (x TEXT);\nTHIS IS NOT SQL;\n"))
    with pytest.raises(StoreError, match=rf"migration to schema version {len(MIGRATIONS) + 1} failed.*syntax error"):
        PostgresStore(server_url, schema=schema)
    assert raw.execute("SELECT max(version) FROM crossread_schema").fetchone()[0] == len(MIGRATIONS)
    assert raw.execute("SELECT to_regclass('notes')").fetchone()[0] is None


def test_postgres_store_rejects_a_schema_from_a_newer_crossread(server_url: str, schema: str, raw: Any) -> None:
    PostgresStore(server_url, schema=schema).close()
    raw.execute("INSERT INTO crossread_schema (version) VALUES (%s)", (len(MIGRATIONS) + 5,))
    with pytest.raises(StoreError, match=rf"schema version {len(MIGRATIONS) + 5} is newer.*upgrade crossread"):
        PostgresStore(server_url, schema=schema)


def test_postgres_stores_opening_a_new_schema_at_once_migrate_it_once(server_url: str, schema: str, raw: Any) -> None:
    stores: list[PostgresStore] = []
    barrier = threading.Barrier(4)

    def open_one() -> None:
        barrier.wait()
        stores.append(PostgresStore(server_url, schema=schema))

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(stores) == 4 and all(store.schema_version == len(MIGRATIONS) for store in stores)
    versions = [r[0] for r in raw.execute("SELECT version FROM crossread_schema ORDER BY version")]
    assert versions == list(range(1, len(MIGRATIONS) + 1))
    for store in stores:
        store.close()


# --------------------------------------------------------------------------- transactions and concurrency


def test_postgres_store_concurrent_writers_store_each_document_once(server_url: str, schema: str, raw: Any) -> None:
    documents = [small_document(f"d{n:02}", source_path=f"{n}.txt") for n in range(20)]
    writers = [PostgresStore(server_url, schema=schema) for _ in range(3)]
    results: dict[int, list[bool]] = {}
    barrier = threading.Barrier(len(writers))

    def write(n: int, store: PostgresStore) -> None:
        barrier.wait()
        order = documents if n % 2 == 0 else list(reversed(documents))
        results[n] = [store.add_document(item) for item in order]

    threads = [threading.Thread(target=write, args=(n, store)) for n, store in enumerate(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(sum(found) for found in results.values()) == len(documents)
    assert sorted(s.id for s in writers[0].list_documents()) == sorted(d.document.id for d in documents)
    assert raw.execute("SELECT count(*) FROM sentences").fetchone()[0] == 2 * len(documents)
    for store in writers:
        store.close()


@pytest.mark.parametrize(("first_commits", "second_result"), [(True, False), (False, True)], ids=["commit", "rollback"])
def test_postgres_store_writer_of_the_same_id_waits_for_the_first_transaction(
    server_url: str, schema: str, monkeypatch: pytest.MonkeyPatch, first_commits: bool, second_result: bool
) -> None:
    first, second = PostgresStore(server_url, schema=schema), PostgresStore(server_url, schema=schema)
    inside, release = threading.Event(), threading.Event()
    insert_many = first._insert_many

    def pause_inside_the_transaction(table: str, rows: Any) -> None:
        inside.set()
        release.wait(10)
        if not first_commits:
            raise RuntimeError("the first writer fails")
        insert_many(table, rows)

    monkeypatch.setattr(first, "_insert_many", pause_inside_the_transaction)
    outcome: dict[str, Any] = {}

    def run(name: str, store: PostgresStore) -> None:
        try:
            outcome[name] = store.add_document(small_document("d01"))
        except RuntimeError as exc:
            outcome[name] = exc

    one = threading.Thread(target=run, args=("first", first))
    one.start()
    assert inside.wait(10)
    two = threading.Thread(target=run, args=("second", second))
    two.start()
    two.join(0.5)
    assert two.is_alive(), "the second writer must wait on the first one's uncommitted row"
    release.set()
    one.join(10)
    two.join(10)
    assert (outcome["first"] is True) is first_commits
    assert outcome["second"] is second_result
    assert second.get_document("d01") == small_document("d01")
    first.close()
    second.close()


@pytest.mark.parametrize("interruption", [KeyboardInterrupt(), psycopg.OperationalError("server closed")], ids=["ctrl-c", "db"])
def test_postgres_store_write_interrupted_after_the_document_row_rolls_back(
    pg_store: PostgresStore, raw: Any, monkeypatch: pytest.MonkeyPatch, interruption: BaseException
) -> None:
    tables: list[str] = []

    def fail(table: str, rows: Any) -> None:
        tables.append(table)
        raise interruption

    monkeypatch.setattr(pg_store, "_insert_many", fail)
    expected = StoreError if isinstance(interruption, psycopg.Error) else KeyboardInterrupt
    with pytest.raises(expected):
        pg_store.add_document(small_document("d01"))
    assert tables == ["sentences"]  # the document row was written before, in the same transaction
    monkeypatch.undo()
    assert not pg_store.has_document("d01")
    assert raw.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    assert pg_store.add_document(small_document("d01")) is True


def test_postgres_store_iter_documents_pages_through_every_document_once(
    pg_store: PostgresStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(postgres_backend, "ITER_PAGE_SIZE", 2)
    added = [small_document(f"d{n:02}", source_path=f"{n}.txt") for n in range(5)]
    for item in reversed(added):
        pg_store.add_document(item)
    seen = []
    for analyzed in pg_store.iter_documents():  # the store stays usable between pages
        seen.append(analyzed)
        pg_store.record_failure(IngestFailure(analyzed.document.source_path, "test", "written while iterating"))
    assert seen == added


def test_postgres_store_failed_write_is_a_store_error_naming_the_document(pg_store: PostgresStore) -> None:
    good = small_document("d01", source_path="wire.jsonl:7")
    too_far = dataclasses.replace(good.mentions[0], start=2**40)  # INTEGER offsets: documents up to 2 GiB
    bad = dataclasses.replace(good, mentions=(too_far,))
    with pytest.raises(StoreError, match=r"document d01 \(wire.jsonl:7\).*out of range.*nothing of it was written"):
        pg_store.add_document(bad)
    assert pg_store.add_document(good) is True


def test_postgres_store_records_failures_with_a_timestamp(pg_store: PostgresStore, raw: Any) -> None:
    pg_store.record_failure(IngestFailure("feeds.jsonl:3", "read", "malformed JSON line"))
    rows = raw.execute("SELECT source_path, stage, reason, at <= now() FROM failures").fetchall()
    assert rows == [("feeds.jsonl:3", "read", "malformed JSON line", True)]


# --------------------------------------------------------------------------- NUL and JSON


def test_postgres_store_keeps_nul_and_the_escape_character(pg_store: PostgresStore, raw: Any) -> None:
    text = "Minsk\x00talks \ufffe0 \ufffe\ufffe end\x00"
    document = Document("d01", "a\x00.jsonl", text, "text", title="T\x00", removed_lines=(RemovedLine("x\x00", "nul", 1),))
    analyzed = AnalyzedDocument(document, date_evidence=("\x00", "\ufffe"))
    assert pg_store.add_document(analyzed) is True
    assert pg_store.get_document("d01") == analyzed
    assert [s.source_path for s in pg_store.list_documents()] == ["a\x00.jsonl"]
    stored_text, stored_lines = raw.execute("SELECT text, removed_lines FROM documents").fetchone()
    assert "\x00" not in stored_text and stored_lines[0]["line"] == "x\ufffe0"
    meta = [("key\x00", '["\\u0000", "\ufffe"]'), ("nested\ufffe0", "1")]
    pg_store.save_stories([Story("s\x00", ("d01",), None, None, "t\x00")], {"cluster_meta": (meta, [])})
    assert (pg_store.load_cluster_state() or {})["cluster_meta"] == sorted(meta)
    assert pg_store.list_stories() == [Story("s\x00", ("d01",), None, None, "t\x00")]
    assert [hit.id for hit in pg_store.search_documents("end\x00")] == ["d01"]


def test_postgres_store_cluster_state_keeps_key_order_numbers_and_bytes(pg_store: PostgresStore) -> None:
    counters = json.dumps({"postings_read": 0, "candidates_scored": 3, "big": 1e300, "a": 2.5})
    profile = bytes(range(256))
    state = {"cluster_meta": ([("counters", counters)], []), "cluster_stories": ([("s1", 2**40, False, profile)], [])}
    pg_store.save_stories([], state)
    loaded = pg_store.load_cluster_state()
    assert loaded is not None and loaded["cluster_meta"] == [("counters", counters)]  # the JSON text as written
    assert loaded["cluster_stories"] == [("s1", 2**40, False, profile)]


# --------------------------------------------------------------------------- search


def _search_corpus(store: PostgresStore) -> None:
    texts = {
        "d01": ("Talks in Minsk", "Pompeo met Lukashenko in Minsk on Saturday. Oil supplies were discussed."),
        "d02": ("Weather", "Rain in Vilnius; talks were held in Minsk. <b>Roads</b> closed."),
        "d03": ("Été à Minsk", "Le président biélorusse a reçu le secrétaire d'État."),
    }
    for n, (doc_id, (title, text)) in enumerate(texts.items()):
        store.add_document(AnalyzedDocument(Document(doc_id, f"{n}.txt", text, "text", title=title)))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("minsk", ["d01", "d03", "d02"]),  # title matches first, then text only
        ("Minsk Vilnius", ["d02"]),  # every word is required
        ("Vilnius OR Lukashenko", []),  # "or" is a word, not an operator
        ("-Vilnius Minsk", ["d02"]),  # nor is "-"
        ('"talks minsk"', ["d01", "d02"]),  # nor are quotes: words anywhere
        ("président", ["d03"]),
        ("talk", []),  # no stemming, like SQLite
    ],
)
def test_postgres_store_search_reads_queries_as_plain_words(pg_store: PostgresStore, query: str, expected: list[str]) -> None:
    _search_corpus(pg_store)
    assert [hit.id for hit in pg_store.search_documents(query)] == expected


def test_postgres_store_search_snippet_is_the_text_around_the_match_without_markup(pg_store: PostgresStore) -> None:
    _search_corpus(pg_store)
    [hit] = pg_store.search_documents("supplies")
    assert hit.title == "Talks in Minsk"
    assert "Oil supplies were discussed" in hit.snippet
    assert "<" not in hit.snippet and "**" not in hit.snippet


def test_postgres_store_search_uses_the_tsvector_index(pg_store: PostgresStore, raw: Any) -> None:
    _search_corpus(pg_store)
    raw.execute("SET enable_seqscan = off")
    plan = "\n".join(
        r[0] for r in raw.execute("EXPLAIN SELECT id FROM documents WHERE search @@ plainto_tsquery('simple', 'minsk')")
    )
    assert "documents_search" in plan


# --------------------------------------------------------------------------- end to end


def test_postgres_ingest_of_the_example_matches_sqlite(
    server_url: str, schema: str, nlp: Language, example_dir: Path, tmp_path: Path
) -> None:
    with psycopg.connect(server_url, autocommit=True) as db:
        db.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    store = open_store(Settings(database_url=_url_in_schema(server_url, schema)))
    assert isinstance(store, PostgresStore)
    report = ingest([example_dir], store, nlp)
    assert len(report.ingested) == 2 and not report.failures
    assert ingest([example_dir], store, nlp).duplicates == report.ingested  # re-ingest is a no-op

    sqlite = SQLiteStore(tmp_path / "db.sqlite")
    ingest([example_dir], sqlite, nlp)
    [story] = store.list_stories()
    assert store.list_stories() == sqlite.list_stories() and len(story.doc_ids) == 2
    assert store.load_cluster_state() == sqlite.load_cluster_state()
    assert list(store.iter_documents()) == list(sqlite.iter_documents())
    for query in ("Pompeo", "Lukashenko", "Minsk oil"):
        assert [h.id for h in store.search_documents(query)] == [h.id for h in sqlite.search_documents(query)]
    assert "Pompeo" in store.search_documents("Pompeo")[0].snippet
    store.close()
    sqlite.close()
