"""Reliability, full part: kill -9 a real ingest at 5 random points (ingest and clustering), resume, check the stories.

The invariant after the resume: every stored document is in exactly one story,
no story is empty, no document is stored twice, and every article of the batch
is stored. After each kill: the store opens, and no document is stored half
(each has its sentences).

Kill points, from a seeded random generator: 1-2. the ``crossread ingest``
process (local engine, then pool engine) once a random number of documents is
stored; 3. inside a document's transaction (at a random row insert); 4. inside
clustering, at a random batch of the clusterer; 5. inside the transaction that
saves the stories (at a random row). Points 3-5 run the library in a child
process that SIGKILLs itself there: a real kill -9, at a chosen place.

Slow (about a minute and a half): run by ``make reliability``, or with
``CROSSREAD_RELIABILITY=1 pytest tests/test_reliability_kill.py``.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

import pytest

from conftest import shared_data

pytestmark = pytest.mark.skipif(
    not os.environ.get("CROSSREAD_RELIABILITY"), reason="the kill -9 suite runs in `make reliability` (CROSSREAD_RELIABILITY=1)"
)

SEED = 12
ARTICLES = 80
SRC = Path(__file__).resolve().parents[1] / "src"
ENV = {**os.environ, "PYTHONPATH": str(SRC)}
POLL_SECONDS = 0.05
# The child of kill points 3-5: the library, with a SIGKILL planted at one place.
KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from crossread.pipeline import ingest, update_stories
    from crossread.stages import cluster
    from crossread.store.sqlite import SQLiteStore

    db, folder, where, at = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    calls = {"n": 0}

    def count_then_die(original):
        def wrapped(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] >= at:
                os.kill(os.getpid(), signal.SIGKILL)
            return original(*args, **kwargs)
        return wrapped

    store = SQLiteStore(db)
    if where == "document":
        store._insert = count_then_die(store._insert)
        ingest([folder], store, None)
    elif where == "clusterer":
        cluster.StoryClusterer.add = count_then_die(cluster.StoryClusterer.add)
        update_stories(store, batch_size=5)
    elif where == "save_stories":  # only save_stories inserts rows here: the k-th story row, mid-transaction
        store._insert = count_then_die(store._insert)
        update_stories(store, batch_size=5)
    print("not killed", flush=True)
    """
)


def _counts(db: Path) -> tuple[int, int]:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as raw:
            documents = raw.execute("SELECT count(*) FROM documents").fetchone()[0]
            stories = raw.execute("SELECT count(*) FROM story_documents").fetchone()[0]
        return int(documents), int(stories)
    except sqlite3.Error:
        return 0, 0


def _kill_cli_at(db: Path, folder: Path, engine: str, documents: int) -> bool:
    """Run ``crossread ingest`` and SIGKILL it once ``documents`` are stored; False if it finished first."""
    command = [sys.executable, "-m", "crossread", "ingest", "--engine", engine, "--workers", "1", "--db", str(db), str(folder)]
    child = subprocess.Popen(command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    while child.poll() is None:
        if _counts(db)[0] >= documents:
            os.killpg(child.pid, signal.SIGKILL)  # the driver and its workers, as a crash or the OOM killer would
            child.wait()
            return True
        time.sleep(POLL_SECONDS)
    return False


def _kill_library_at(db: Path, folder: Path, where: str, at: int) -> bool:
    result = subprocess.run(
        [sys.executable, "-c", KILLER, str(db), str(folder), where, str(at)], env=ENV, capture_output=True, text=True, check=False
    )
    if result.returncode not in (-signal.SIGKILL, 0):
        raise AssertionError(result.stderr[-2000:])
    return result.returncode == -signal.SIGKILL


def _check_after_kill(db: Path) -> None:
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        half = raw.execute("SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.doc_id = d.id)")
        assert half.fetchone()[0] == 0
        members = Counter(r[0] for r in raw.execute("SELECT doc_id FROM story_documents"))
        assert set(members.values()) <= {1}


def test_reliability_kill_9_at_five_points_then_resume_keeps_every_document_in_one_story(tmp_path: Path) -> None:
    pick = random.Random(SEED)
    folder = tmp_path / "batch"
    folder.mkdir()
    texts = sorted(shared_data("polnear").rglob("*.txt"))[:ARTICLES]
    for path in texts:
        (folder / path.name).write_bytes(path.read_bytes())
    db = tmp_path / "store.sqlite"
    killed = [
        _kill_cli_at(db, folder, "local", pick.randint(5, 25)),
        _kill_cli_at(db, folder, "pool", pick.randint(30, 50)),
        _kill_library_at(db, folder, "document", pick.randint(50, 400)),
    ]
    _check_after_kill(db)
    stored, _ = _counts(db)
    assert 0 < stored < ARTICLES  # the kills left work to do
    killed += [
        _kill_library_at(db, folder, "clusterer", pick.randint(2, 4)),
        _kill_library_at(db, folder, "save_stories", pick.randint(1, 3)),
    ]
    _check_after_kill(db)
    assert killed == [True] * 5
    resumed = subprocess.run(
        [sys.executable, "-m", "crossread", "ingest", "--engine", "local", "--db", str(db), str(folder)],
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    assert resumed.returncode == 0, resumed.stdout[-2000:] + resumed.stderr[-2000:]
    with sqlite3.connect(db) as raw:
        stored_ids = [r[0] for r in raw.execute("SELECT id FROM documents")]
        members = Counter(r[0] for r in raw.execute("SELECT doc_id FROM story_documents"))
        empty = raw.execute(
            "SELECT count(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM story_documents d WHERE d.story_id = s.id)"
        )
        assert empty.fetchone()[0] == 0
        assert raw.execute("SELECT count(*) FROM failures").fetchone()[0] == 0
    assert len(stored_ids) == len(set(stored_ids)) == ARTICLES
    assert set(members) == set(stored_ids) and set(members.values()) == {1}
