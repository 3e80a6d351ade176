"""The package as a user gets it: a wheel that carries every data file, in a venv of its own.

``kg`` there must come from the wheel, not this checkout: the venv's commands
run in a scratch folder, and the test checks where ``kg`` was imported from.
To stay fast the new venv reuses this environment's installed dependencies
(a ``.pth`` line; only site-packages folders process ``.pth`` files, so the
checkout's editable ``kg`` stays invisible) and the wheel goes in with
``--no-deps``; that the declared dependencies resolve is the second test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "hezbollah-israel-2006.md"

pytestmark = [pytest.mark.slow, pytest.mark.model]


def _run(*cmd, cwd: Path, env=None) -> subprocess.CompletedProcess:
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{cmd} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    src = tmp_path_factory.mktemp("src") / "kg-news"
    # build from a clean copy of the tracked files (what a fresh clone has)
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for name in files:
        if (ROOT / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, src / name)
    _run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "-o", out, src, cwd=src)
    (found,) = out.glob("kg_news-*.whl")
    return found


def test_the_wheel_alone_builds_queries_and_draws(wheel, tmp_path):
    env_dir = tmp_path / "v"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    target = Path(
        subprocess.run(
            [bin_dir / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    (target / "tested-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run(bin_dir / "python", "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel, cwd=tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("KG_STORE", "PYTHONPATH")}
    where = _run(bin_dir / "python", "-c", "import kg; print(kg.__file__)", cwd=work, env=env).stdout.strip()
    assert where.startswith(str(env_dir)), f"kg imported from {where}, not from the wheel"
    assert _run(bin_dir / "kg", "--version", cwd=work, env=env).stdout.strip() == "kg 0.1.0"
    built = _run(bin_dir / "kg", "build", SEED, "--store", "store", "--no-progress", cwd=work, env=env)
    assert "1 added" in built.stdout and "0 failed" in built.stdout
    rows = _run(
        bin_dir / "kg",
        "query",
        "allies-of",
        "--param",
        "actor=Hezbollah",
        "--format",
        "json",
        "--store",
        "store",
        cwd=work,
        env=env,
    )
    allies = {b["ally"]["value"].rsplit("/", 1)[-1] for b in json.loads(rows.stdout)["results"]["bindings"]}
    assert allies, "no ally of Hezbollah found in the seed document"
    _run(bin_dir / "python", "-m", "kg", "draw", "--store", "store", "-o", "g.html", cwd=work, env=env)
    page = (work / "g.html").read_text(encoding="utf-8")
    assert "vis.Network" in page and "Hezbollah" in page and "<script src" not in page
    assert _run(bin_dir / "kg", "validate", "--store", "store", cwd=work, env=env).stdout.startswith("conforms")


def test_the_declared_dependencies_resolve_beside_an_older_numpy(wheel, tmp_path):
    """A user's environment pins numpy lower (still within spaCy's range): pip must find a solution."""
    report = tmp_path / "report.json"
    _run(
        sys.executable,
        "-m",
        "pip",
        "install",
        "--dry-run",
        "--ignore-installed",
        "-q",
        "--report",
        report,
        wheel,
        "numpy==1.26.4",
        cwd=tmp_path,
    )
    chosen = {
        item["metadata"]["name"].lower(): item["metadata"]["version"]
        for item in json.loads(report.read_text())["install"]
    }
    assert chosen["numpy"] == "1.26.4" and chosen["kg-news"] == "0.1.0" and "spacy" in chosen
