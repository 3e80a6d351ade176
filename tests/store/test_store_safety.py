"""Store locations kg must not touch, and read-only commands that run beside a writer or on a read-only disk."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from servers import store_held_open
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import StoreError
from kg.store import open_store

runner = CliRunner()


def kg(*args: str):
    return runner.invoke(app, list(args))


def one_error_line(result) -> str:
    errors = [ln for ln in result.output.splitlines() if ln.startswith("kg: error: ")]
    assert len(errors) == 1 and "Traceback" not in result.output, result.output
    return errors[0]


def test_a_folder_of_other_files_is_refused_and_left_as_it_was(tmp_path):
    folder = tmp_path / "my-notes"
    folder.mkdir()
    (folder / "IDENTITY").write_text("my own file\n")  # a name RocksDB would overwrite
    (folder / "LOG").write_text("also mine\n")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    for command in (["stats"], ["query", "SELECT * WHERE { ?s ?p ?o }"], ["export"], ["validate"], ["remove", "a.txt"]):
        result = kg(*command, "--store", str(folder))
        assert result.exit_code == 1, command
        assert "is not a kg store" in one_error_line(result) and str(folder) in result.output
    with pytest.raises(StoreError, match="creates a store only in a new or empty folder"):
        open_store(folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_an_empty_location_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for command in (["stats"], ["export"]):
        result = kg(*command, "--store", "")
        assert result.exit_code == 1 and "store location is empty" in one_error_line(result)
    assert list(tmp_path.iterdir()) == []


def test_a_store_is_created_in_a_new_or_empty_folder_only(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = kg("stats", "--store", str(empty))
    assert result.exit_code == 1 and "no store here" in one_error_line(result)
    open_store(empty).close()  # a writer may create one there
    assert kg("stats", "--store", str(empty)).exit_code == 0
    open_store(tmp_path / "new").close()


def test_a_bad_endpoint_url_is_one_line():
    result = kg("stats", "--store", "http://[::1")
    assert result.exit_code == 1 and "not a valid URL" in one_error_line(result)


def test_read_only_commands_run_beside_a_writer(built, tmp_path):
    with store_held_open(built):
        assert "2 documents" in kg("stats", "--store", built).stdout
        result = kg("query", "SELECT ?a WHERE { ?a kg:supports ?b }", "--format", "json", "--store", built)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["results"]["bindings"]
        result = kg("export", "--store", built, "--format", "nquads", "-o", str(tmp_path / "out.nq"))
        assert result.exit_code == 0 and (tmp_path / "out.nq").stat().st_size > 0
        assert kg("validate", "--store", built).stdout.strip() == "conforms"
        with pytest.raises(StoreError, match="locked"):
            open_store(built)  # a second writer still waits


def test_a_read_only_open_writes_nothing(built):
    files = {p.name: p.stat().st_mtime_ns for p in Path(built).iterdir()}
    assert kg("stats", "--store", built).exit_code == 0
    assert kg("query", "actors", "--store", built).exit_code == 0
    assert {p.name: p.stat().st_mtime_ns for p in Path(built).iterdir()} == files


@pytest.fixture
def read_only_mount(built, tmp_path):
    """The store seen through a read-only bind mount (needs root and mount rights; skipped otherwise)."""
    target = tmp_path / "ro"
    target.mkdir()
    if sys.platform != "linux":
        pytest.skip("bind mounts are Linux")
    made = subprocess.run(["mount", "--bind", built, str(target)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"cannot bind-mount here: {made.stderr.decode().strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(target)], check=True, capture_output=True)
        yield str(target)
    finally:
        subprocess.run(["umount", str(target)], capture_output=True)


def test_read_only_commands_work_on_a_read_only_filesystem(read_only_mount, tmp_path):
    with pytest.raises(OSError):
        (Path(read_only_mount) / "probe").write_text("x")
    assert "2 documents" in kg("stats", "--store", read_only_mount).stdout
    result = kg("query", "allies-of", "--param", "actor=Iran", "--format", "csv", "--store", read_only_mount)
    assert result.exit_code == 0, result.output
    assert kg("export", "--store", read_only_mount, "-o", str(tmp_path / "g.ttl")).exit_code == 0
    result = kg("remove", "a.txt", "--store", read_only_mount)
    assert result.exit_code == 1 and one_error_line(result)
