"""`kg build` as a user runs it: --force re-extracts, a store error that repeats is one line and a stop."""

from __future__ import annotations

import pytest
from conftest import IRAN, ISIS, mention
from typer.testing import CliRunner

import kg.ingest.run as run_mod
from kg.cli import app
from kg.errors import StoreError
from kg.store.embedded import OxigraphStore

runner = CliRunner()


class Recorder:
    """The default extractor replaced by hand-made mentions; records the documents parsed."""

    def __init__(self):
        self.parsed: list[str] = []

    def __call__(self, workers: int = 1):
        def extract(docs):
            for doc in docs:
                self.parsed.append(doc.id)
                yield doc, [mention(doc.id, IRAN, "fights", ISIS, "conflict")]

        return extract


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    folder = tmp_path / "news"
    folder.mkdir()
    for i in range(12):
        (folder / f"n{i:02d}.txt").write_text(f"Iran fights ISIS, day {i}.", encoding="utf-8")
    recorder = Recorder()
    monkeypatch.setattr(run_mod, "default_extractor", recorder)
    return folder, str(tmp_path / "store"), recorder


def test_force_re_extracts_and_rewrites_unchanged_documents(corpus):
    folder, store, recorder = corpus
    first = runner.invoke(app, ["build", str(folder), "--store", store, "--no-progress"])
    assert first.exit_code == 0 and "12 added" in first.stdout
    again = runner.invoke(app, ["build", str(folder), "--store", store, "--no-progress"])
    assert "12 unchanged" in again.stdout and len(recorder.parsed) == 12  # skipped before parsing
    forced = runner.invoke(app, ["build", str(folder), "--store", store, "--no-progress", "--force"])
    assert forced.exit_code == 0 and "12 updated" in forced.stdout
    assert len(recorder.parsed) == 24  # parsed again
    stats = runner.invoke(app, ["stats", "--store", store])
    assert "12 documents" in stats.stdout and "12 assertions" in stats.stdout


def test_a_full_disk_is_one_error_line_not_one_warning_per_document(corpus, monkeypatch):
    folder, store, _ = corpus

    def full(self, items):
        raise StoreError(f"store {self.location}: write failed, nothing written: IO error: No space left on device")

    monkeypatch.setattr(OxigraphStore, "write_documents", full)
    result = runner.invoke(app, ["build", str(folder), "--store", store, "--no-progress"])
    assert result.exit_code == 1
    errors = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(errors) == 1 and "Traceback" not in result.output, result.output
    assert errors[0].startswith("kg: error: store ") and "No space left on device; build stopped:" in errors[0]
    assert "n00.txt" in errors[0] and "warning" not in result.stderr
