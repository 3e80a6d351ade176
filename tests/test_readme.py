"""Every command in README.md runs, in order, in a scratch copy of the repo.

Fenced blocks tagged ``sh`` run with bash; blocks tagged ``python`` run with
this interpreter; ``console`` / ``text`` blocks are sample output and are not
run. ``make test`` is the one command left out: it is this test suite, and CI
runs it (``.ci/run``). The copy shares this environment's ``.venv`` and make
is told not to reinstall into it (``-o``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```", re.S | re.M)


def readme_blocks() -> list[tuple[str, str]]:
    return [
        (lang, body) for lang, body in FENCE.findall(README.read_text(encoding="utf-8")) if lang in ("sh", "python")
    ]


def scratch_copy(dest: Path) -> Path:
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split("\n")
    for name in filter(None, files):
        src = ROOT / name
        if src.is_file() and not name.startswith(("out/", "kg-store/")):
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    (dest / ".venv").symlink_to(Path(sys.prefix))
    return dest


def test_readme_has_runnable_blocks_for_every_cli_command():
    text = "\n".join(body for lang, body in readme_blocks() if lang == "sh")
    for command in (
        "build",
        "remove",
        "export",
        "query",
        "queries",
        "validate",
        "stats",
        "extract",
        "eval",
        "analyze",
        "draw",
        "serve",
    ):
        assert re.search(rf"\bkg {command}\b", text), f"README runs no `kg {command}`"
    assert "make demo" in text and "make test" in text


def test_readme_names_every_named_query():
    from kg.queries import named_queries

    listed = re.search(r"Named queries live in .*?\(`kg queries` lists them\):(.*?)\. ", README.read_text(), re.S)
    assert listed, "README no longer lists the named queries where it says where they live"
    names = set(re.findall(r"`([a-z-]+)`", listed.group(1)))
    assert names == set(named_queries()), f"README lists {sorted(names)}, `kg queries` has {sorted(named_queries())}"


def test_readme_blocks_that_write_under_out_create_it():
    """A block pasted on its own (the pip path has no `make demo` to make out/ first) must not fail
    on `--store out/...` or `> out/...`: kg refuses a store whose parent folder is missing."""
    for lang, body in readme_blocks():
        if lang != "sh":
            continue
        writes = re.search(r"kg build \S+ --store out/|> out/", body)
        if writes:
            made = re.search(r"mkdir -p out\b", body)
            assert made and made.start() < writes.start(), f"README block writes under out/ before making it:\n{body}"


#: A Python block and the output README.md says it prints (a ``text`` block after the word "prints").
SHOWN_OUTPUT = re.compile(r"^```python\n(.*?)^```\n\s*prints\s*\n\s*```text\n(.*?)^```", re.S | re.M)


@pytest.mark.slow
@pytest.mark.model
def test_readme_python_prints_what_the_readme_shows(tmp_path):
    shown = SHOWN_OUTPUT.findall(README.read_text(encoding="utf-8"))
    assert shown, "README shows no Python block with its output"
    for code, output in shown:
        done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"README Python block failed:\n{code}\n--- stderr\n{done.stderr[-3000:]}"
        printed = [line.rstrip() for line in done.stdout.splitlines()]
        assert printed == output.splitlines(), f"README says the block prints:\n{output}\nit prints:\n{done.stdout}"


@pytest.mark.slow
@pytest.mark.model
def test_readme_commands_run(tmp_path):
    repo = scratch_copy(tmp_path / "repo")
    env = {**os.environ, "PATH": f"{Path(sys.prefix) / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    env.pop("KG_STORE", None)
    before = {p for p in repo.rglob("*") if ".venv" not in p.parts}
    prelude = 'set -euo pipefail\nmake() { command make -o .venv/.installed "$@"; }\n'
    for i, (lang, body) in enumerate(readme_blocks()):
        if lang == "sh":
            script = "\n".join(line for line in body.splitlines() if line.strip() != "make test")
            cmd = ["bash", "-c", prelude + script]
        else:
            cmd = [sys.executable, "-c", body]
        done = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, (
            f"README block {i} ({lang}) failed with {done.returncode}:\n{body}\n"
            f"--- stdout\n{done.stdout[-3000:]}\n--- stderr\n{done.stderr[-3000:]}"
        )
    # the examples write only under out/ (make clean removes it): nothing left beside the user's files
    left = sorted(
        str(p.relative_to(repo))
        for p in repo.rglob("*")
        if ".venv" not in p.parts and p not in before and p.relative_to(repo).parts[0] != "out"
    )
    assert left == [], f"README examples wrote outside out/: {left}"


@pytest.mark.slow
@pytest.mark.model
def test_the_screenshot_caption_counts_are_the_demo_graph(tmp_path):
    caption = re.search(
        r"^!\[[^\]]*?(\d+) actors, (\d+) related pairs[^\]]*\]\(docs/graph\.png\)$",
        README.read_text(encoding="utf-8"),
        re.M,
    )
    assert caption, "README shows docs/graph.png without its counts (make screenshot writes them)"
    from kg.ingest import build
    from kg.render.draw import draw
    from kg.store import open_store

    with open_store(str(tmp_path / "store")) as store:  # what make demo builds and draws
        build([ROOT / "seeds"], store, progress=False)
        page = draw(store, tmp_path / "graph.html").read_text(encoding="utf-8")
    drawn = re.search(r"(\d+) actors, (\d+) related pairs", page)
    assert drawn and drawn.groups() == caption.groups(), (
        f"README says {caption.groups()} (actors, pairs), make demo draws {drawn and drawn.groups()}: "
        "run make screenshot"
    )
