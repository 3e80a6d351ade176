"""Every command that writes a file (export, draw, analyze) writes it whole or leaves nothing behind."""

from __future__ import annotations

import os

import pytest
from typer.testing import CliRunner

from kg.analysis.examples import write_story
from kg.cli import app

runner = CliRunner()
COMMANDS = {
    "export ttl": ["export", "-o", "{out}.ttl"],
    "export gexf": ["export", "-o", "{out}.gexf"],
    "draw": ["draw", "-o", "{out}.html"],
    "analyze": ["analyze", "--format", "markdown", "-o", "{out}.md"],
}


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    location = str(tmp_path_factory.mktemp("story") / "store")
    write_story(location)
    return location


def run(story: str, args: list[str], out) -> object:
    return runner.invoke(app, [a.format(out=out) for a in args] + ["--store", story])


def only_error_line(result) -> str:
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("kg: error: ") and "Traceback" not in result.output, result.output
    return lines[0]


@pytest.mark.parametrize("name", COMMANDS)
def test_a_folder_in_the_way_is_one_line_and_nothing_is_written(story, tmp_path, name):
    args = COMMANDS[name]
    target = tmp_path / ("g" + args[-1].split("}")[1])
    target.mkdir()
    result = run(story, args, tmp_path / "g")
    assert result.exit_code == 1 and "it is a folder" in only_error_line(result)
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name] and list(target.iterdir()) == []


@pytest.mark.parametrize("name", COMMANDS)
def test_a_write_that_fails_leaves_no_part_file_and_no_half_file(story, tmp_path, monkeypatch, name):
    def disk_full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    result = run(story, COMMANDS[name], tmp_path / "sub" / "g")
    assert result.exit_code == 1 and "No space left on device" in only_error_line(result)
    assert list((tmp_path / "sub").iterdir()) == []


@pytest.mark.parametrize("name", COMMANDS)
def test_a_file_is_replaced_whole(story, tmp_path, name):
    args = COMMANDS[name]
    target = tmp_path / ("g" + args[-1].split("}")[1])
    target.write_text("an older version")
    result = run(story, args, tmp_path / "g")
    assert result.exit_code == 0, result.output
    assert target.read_text() != "an older version" and target.stat().st_size > 100
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]
