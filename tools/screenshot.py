"""Screenshot the graph page `make demo` drew, and put its counts in README.md's caption (`make screenshot`).

    python tools/screenshot.py out/graph.html docs/graph.png

Needs Debian's chromium and chromium-driver (`make browser`). The caption line of
README.md that shows docs/graph.png is rewritten with the page's own counts, so
the two cannot disagree (tests/test_readme.py checks them against a fresh build).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
CAPTION = re.compile(r"^!\[[^\]]*\]\(docs/graph\.png\)$", re.M)


def caption(actors: int, pairs: int) -> str:
    """The README line that shows the screenshot, with the counts it shows."""
    return (
        f"![The graph built from seeds/ by make demo: {actors} actors, {pairs} related pairs "
        "(kg draw, screenshot from headless Chromium)](docs/graph.png)"
    )


def shoot(page: Path, png: Path) -> tuple[int, int]:
    """Write ``png`` from ``page`` at 1280x900; return the page's (actors, related pairs)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait

    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must not go online
    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--hide-scrollbars",
        "--disable-background-networking",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
    try:
        driver.get(page.resolve().as_uri())
        WebDriverWait(driver, 60, poll_frequency=0.1).until(
            lambda d: d.execute_script("return window.kgStabilized === true"), "the page never drew its graph"
        )
        actors = int(driver.execute_script("return window.kgNodes.length"))
        pairs = int(driver.execute_script("return window.kgEdges.length"))
        png.parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(png))
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    return actors, pairs


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    actors, pairs = shoot(Path(argv[0]), Path(argv[1]))
    text = README.read_text(encoding="utf-8")
    if not CAPTION.search(text):
        print(f"{README}: no line showing docs/graph.png", file=sys.stderr)
        return 1
    README.write_text(CAPTION.sub(caption(actors, pairs), text, count=1), encoding="utf-8")
    print(f"wrote {argv[1]}: {actors} actors, {pairs} related pairs (README caption updated)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
