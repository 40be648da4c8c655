"""The ``crossread`` command line, through typer's CliRunner and once as a real subprocess."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner, Result

from crossread.interfaces.cli import app

# typer vendors its own click: reach the commands by attribute, not by click's classes.
COMMANDS: dict[str, Any] = dict(getattr(typer.main.get_command(app), "commands", {}))
COMMAND_NAMES = sorted(COMMANDS)
SUMMARY_FIRST = "2 ingested, 0 skipped as duplicate, 0 failed"
SUMMARY_AGAIN = "0 ingested, 2 skipped as duplicate, 0 failed"
DOCUMENT_KEYS = {
    "id", "source_path", "source_id", "url", "outlet", "title", "published", "language", "text",
    "removed", "sentences", "mentions", "quotes", "dates", "amounts",
}  # fmt: skip
SUMMARY_KEYS = {"id", "title", "outlet", "published", "language", "sentences", "source_path"}


def _isolate(monkeypatch: pytest.MonkeyPatch, workdir: Path) -> None:
    """No crossread.toml or CROSSREAD_* variable of the developer's leaks into a test."""
    monkeypatch.chdir(workdir)
    for name in list(os.environ):
        if name.startswith("CROSSREAD_"):
            monkeypatch.delenv(name)


@pytest.fixture(autouse=True)
def isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _isolate(monkeypatch, tmp_path)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


@pytest.fixture(scope="module")
def example_db(tmp_path_factory: pytest.TempPathFactory, example_dir: Path) -> Iterator[Path]:
    """A store holding the bundled example, ingested once for the read-only commands."""
    db = tmp_path_factory.mktemp("cli") / "example.sqlite"
    with pytest.MonkeyPatch.context() as monkeypatch:
        _isolate(monkeypatch, db.parent)
        result = CliRunner().invoke(app, ["ingest", "--db", str(db), str(example_dir)])
    assert result.exit_code == 0, result.output
    yield db


def _document_ids(db: Path) -> list[str]:
    result = invoke("docs", "--db", str(db), "--json")
    assert result.exit_code == 0, result.output
    return [d["id"] for d in json.loads(result.stdout)["documents"]]


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- help


def test_cli_registers_the_documented_commands() -> None:
    assert {"ingest", "docs", "doc"} <= set(COMMAND_NAMES)
    result = invoke("--help")
    assert result.exit_code == 0
    for name in COMMAND_NAMES:
        assert name in result.stdout


@pytest.mark.parametrize("name", COMMAND_NAMES)
def test_cli_every_command_has_help_with_an_example(name: str) -> None:
    command = COMMANDS[name]
    assert command.help and command.help.strip(), f"`crossread {name}` has no help text (its docstring)"
    result = invoke(name, "--help")
    assert result.exit_code == 0, result.output
    text = _one_line(result.stdout)
    assert f"Example: crossread {name}" in text, f"`crossread {name} --help` shows no 'Example: crossread {name} ...' line"


@pytest.mark.parametrize("name", COMMAND_NAMES)
def test_cli_help_examples_use_only_real_options(name: str) -> None:
    command = COMMANDS[name]
    example = next(line for line in (command.help or "").splitlines() if "Example:" in line)
    words = shlex.split(example.split("Example:", 1)[1])
    options = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
    assert words[:2] == ["crossread", name]
    assert {w for w in words if w.startswith("-")} <= options


# --------------------------------------------------------------------------- ingest


def test_cli_ingest_the_example_then_again_as_duplicates(tmp_path: Path, example_dir: Path) -> None:
    db = str(tmp_path / "db.sqlite")
    first = invoke("ingest", "--db", db, str(example_dir))
    assert first.exit_code == 0, first.output
    assert first.stdout.strip().splitlines()[-2:] == [
        "stories: 2 documents clustered, 1 story in the library, 1 brief made and stored",
        SUMMARY_FIRST,
    ]
    again = invoke("ingest", "--db", db, str(example_dir))
    assert again.exit_code == 0, again.output
    assert again.stdout.strip().splitlines()[-1] == SUMMARY_AGAIN
    assert "clustered" not in again.stdout  # nothing new: no story phase to report
    assert len(_document_ids(Path(db))) == 2


def test_cli_ingest_reports_each_bad_file_and_stores_the_good_ones(tmp_path: Path, example_dir: Path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    for source in example_dir.glob("*.txt"):
        (batch / source.name).write_bytes(source.read_bytes())
    (batch / "empty.txt").write_bytes(b"")
    (batch / "binary.txt").write_bytes(bytes(range(256)) * 8)
    db = tmp_path / "db.sqlite"
    result = invoke("ingest", "--db", str(db), str(batch))
    assert result.exit_code == 1, result.output
    assert result.stdout.strip().splitlines()[-1] == "2 ingested, 0 skipped as duplicate, 2 failed"
    errors = _one_line(result.stderr)
    assert f"failed: {batch / 'empty.txt'}: empty file" in errors
    assert f"failed: {batch / 'binary.txt'}: binary file" in errors
    assert len(_document_ids(db)) == 2


def test_cli_ingest_of_a_missing_path_fails_with_exit_1(tmp_path: Path) -> None:
    result = invoke("ingest", "--db", str(tmp_path / "db.sqlite"), str(tmp_path / "missing.txt"))
    assert result.exit_code == 1
    assert f"failed: {tmp_path / 'missing.txt'}: no such file or folder" in _one_line(result.stderr)
    assert result.stdout.strip().endswith("0 ingested, 0 skipped as duplicate, 1 failed")


def test_cli_ingest_prints_each_failure_on_one_line(tmp_path: Path) -> None:
    missing = tmp_path / ("a-long-folder-name-" * 4) / "missing.txt"
    result = invoke("ingest", "--db", str(tmp_path / "db.sqlite"), str(missing))
    assert result.stderr.splitlines() == [f"failed: {missing}: no such file or folder (read)"]


def test_cli_console_script_ingests_the_example(tmp_path: Path, example_dir: Path) -> None:
    script = Path(sys.executable).with_name("crossread")
    assert script.exists(), f"console script not installed at {script}; run `make install`"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CROSSREAD_")}
    done = subprocess.run(
        [str(script), "ingest", "--db", str(tmp_path / "db.sqlite"), str(example_dir)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == SUMMARY_FIRST
    assert "Traceback" not in done.stderr


# --------------------------------------------------------------------------- docs and doc


def test_cli_docs_json_lists_the_documents(example_db: Path) -> None:
    result = invoke("docs", "--db", str(example_db), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "crossread.documents/1"
    assert len(data["documents"]) == 2
    for row in data["documents"]:
        assert set(row) >= SUMMARY_KEYS, SUMMARY_KEYS - set(row)
        assert isinstance(row["id"], str) and row["id"]
        assert isinstance(row["sentences"], int) and row["sentences"] > 0
        assert row["language"] == "en"
        assert Path(row["source_path"]).suffix == ".txt"


def test_cli_docs_table_shows_every_id(example_db: Path) -> None:
    result = invoke("docs", "--db", str(example_db))
    assert result.exit_code == 0, result.output
    for doc_id in _document_ids(example_db):
        assert doc_id in result.stdout


def _doc_json(db: Path, doc_id: str) -> dict[str, Any]:
    result = invoke("doc", "--db", str(db), doc_id, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_cli_doc_json_has_the_documented_keys_and_consistent_spans(example_db: Path) -> None:
    for doc_id in _document_ids(example_db):
        data = _doc_json(example_db, doc_id)
        assert set(data) >= DOCUMENT_KEYS, DOCUMENT_KEYS - set(data)
        assert data["id"] == doc_id
        text = data["text"]
        assert data["sentences"] and data["mentions"]
        for removed in data["removed"]:
            assert {"line", "reason"} <= set(removed)
        for name in ("sentences", "mentions", "dates", "quotes", "amounts"):
            for item in data[name]:
                assert 0 <= item["start"] <= item["end"] <= len(text)
                assert text[item["start"] : item["end"]] == item["text"], (name, item)


def test_cli_doc_accepts_a_unique_id_prefix(example_db: Path) -> None:
    doc_id = _document_ids(example_db)[0]
    assert _doc_json(example_db, doc_id[:8])["id"] == doc_id


def test_cli_doc_markdown(example_db: Path) -> None:
    doc_id = _document_ids(example_db)[0]
    result = invoke("doc", "--db", str(example_db), doc_id, "--format", "md")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# ")
    assert "## Text" in result.stdout
    assert f"- **id**: {doc_id}" in result.stdout


def test_cli_doc_with_an_unknown_id_exits_2_with_a_clear_message(example_db: Path) -> None:
    result = invoke("doc", "--db", str(example_db), "zzzz-no-such-id")
    assert result.exit_code == 2
    assert result.stdout == ""
    message = _one_line(result.stderr)
    assert "no document has id 'zzzz-no-such-id'" in message
    assert "crossread docs" in message


def test_cli_doc_shows_a_bracketed_id_verbatim_in_its_error(example_db: Path) -> None:
    result = invoke("doc", "--db", str(example_db), "[bold]x")
    assert result.exit_code == 2
    assert "'[bold]x'" in result.stderr


READ_COMMANDS = [["docs"], ["doc", "d0"], ["stories"], ["story", "s0"]]


@pytest.mark.parametrize(
    "command",
    [pytest.param(c, id=c[0]) for c in READ_COMMANDS if c[0] in COMMAND_NAMES]
    + [pytest.param(["ingest", "nothing.txt"], id="ingest")],
)
def test_cli_store_that_is_not_a_database_exits_2_without_a_traceback(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "notes.sqlite"
    db.write_bytes(b"These are my notes, not a database.\n" * 200)
    result = invoke(command[0], "--db", str(db), *command[1:])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "not a database" in _one_line(result.stderr)
