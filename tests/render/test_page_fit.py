"""The demo graph fits the drawing area the side panel leaves free, in a wide and a narrow window,
after a resize and with the panel hidden: every actor can be seen and clicked (headless Debian Chromium).

The graph is the one ``make demo`` draws: ``seeds/`` built by the real NLP stage.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_browser import NEEDS_CHROMIUM, chromium, load, next_frame, wait

from kg.render.draw import draw

pytest_plugins = ["nlp_fixtures"]  # the demo graph is built with the real NLP stage (model tier)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
WIDE, NARROW = (1400, 900), (900, 700)

pytestmark = [pytest.mark.browser, pytest.mark.slow, NEEDS_CHROMIUM]

#: Each node's centre on the page, the drawing area and the panel (page pixels), and what a click
#: at the centre would reach: the element there, and the node the network finds there.
WHERE = """
const net = window.kgNetwork, area = document.getElementById('mynetwork').getBoundingClientRect();
const side = document.getElementById('kg-side').getBoundingClientRect();
const canvas = document.querySelector('#mynetwork canvas');
const nodes = Object.entries(net.getPositions()).map(([id, p]) => {
  const d = net.canvasToDOM(p), x = area.left + d.x, y = area.top + d.y;
  const hit = document.elementFromPoint(x, y);
  return {id, x, y, onCanvas: hit === canvas, found: net.getNodeAt(d) !== undefined};
});
const box = r => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width});
return {nodes, area: box(area), side: box(side), panel: getComputedStyle(document.getElementById('kg-side')).display,
        width: innerWidth, height: innerHeight};
"""


@pytest.fixture(scope="module")
def demo_page(nlp, tmp_path_factory):
    from kg.ingest import build
    from kg.store import open_store

    with open_store("memory") as store:
        build([SEEDS], store, progress=False)
        return draw(store, tmp_path_factory.mktemp("demo") / "graph.html")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("chromium-fit")) as driver:
        yield driver


def resize(driver, size: tuple[int, int]) -> None:
    driver.set_window_size(*size)
    wait(driver, lambda d: d.execute_script("return innerWidth") == size[0], f"the window never took {size}")
    next_frame(driver)
    next_frame(driver)  # the resize observer's fit is drawn


def placed(driver) -> dict:
    return driver.execute_script(WHERE)


def assert_every_actor_visible_and_clickable(seen: dict, *, panel: bool) -> None:
    area, side = seen["area"], seen["side"]
    assert seen["nodes"], "the demo graph drew no actors"
    if panel:
        assert side["width"] > 0 and area["right"] <= side["left"] + 1  # the drawing area ends where the panel starts
    else:
        assert seen["panel"] == "none" and area["width"] >= seen["width"] - 1  # the graph takes the whole width
    outside = [n["id"] for n in seen["nodes"] if not (area["left"] <= n["x"] <= area["right"])]
    outside += [n["id"] for n in seen["nodes"] if not (area["top"] <= n["y"] <= min(area["bottom"], seen["height"]))]
    assert outside == [], f"actors outside the drawing area {area}: {outside}"
    if panel:
        under = [n["id"] for n in seen["nodes"] if side["left"] <= n["x"] <= side["right"]]
        assert under == [], f"actors under the side panel {side}: {under}"
    covered = [n["id"] for n in seen["nodes"] if not n["onCanvas"]]
    assert covered == [], f"a click at these actors' centres reaches something else: {covered}"
    assert [n["id"] for n in seen["nodes"] if not n["found"]] == []


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["1400x900", "900x700"])
def test_every_actor_sits_in_the_free_drawing_area(browser, demo_page, size):
    resize(browser, size)
    load(browser, demo_page)
    seen = placed(browser)
    assert len(seen["nodes"]) >= 15
    assert_every_actor_visible_and_clickable(seen, panel=True)


def test_a_resized_window_and_a_hidden_panel_fit_the_graph_again(browser, demo_page):
    resize(browser, NARROW)
    load(browser, demo_page)
    narrow_scale = browser.execute_script("return window.kgNetwork.getScale()")
    resize(browser, WIDE)
    assert_every_actor_visible_and_clickable(placed(browser), panel=True)
    assert browser.execute_script("return window.kgNetwork.getScale()") > narrow_scale  # more room: drawn larger
    resize(browser, NARROW)
    assert_every_actor_visible_and_clickable(placed(browser), panel=True)
    with_panel = browser.execute_script("return window.kgNetwork.getScale()")

    toggle = browser.find_element("id", "kg-toggle")
    assert toggle.text == "Hide panel"
    toggle.click()
    next_frame(browser)
    next_frame(browser)
    assert toggle.text == "Show panel"
    assert_every_actor_visible_and_clickable(placed(browser), panel=False)
    assert browser.execute_script("return window.kgNetwork.getScale()") > with_panel
    toggle.click()
    next_frame(browser)
    next_frame(browser)
    assert_every_actor_visible_and_clickable(placed(browser), panel=True)


def test_a_view_the_reader_chose_is_kept_on_resize_and_a_double_click_shows_everything(browser, demo_page):
    resize(browser, WIDE)
    load(browser, demo_page)
    pair = browser.find_element("css selector", "#kg-contested .kg-pair")
    browser.execute_script("document.getElementById('kg-contested').open = true;")
    pair.find_element("css selector", ".kg-show").click()  # zooms in on the contested pair
    next_frame(browser)
    chosen = browser.execute_script("return window.kgNetwork.getScale()")
    resize(browser, (1300, 900))
    assert browser.execute_script("return window.kgNetwork.getScale()") == pytest.approx(chosen, rel=0.2)
    from selenium.webdriver.common.action_chains import ActionChains

    canvas = browser.find_element("css selector", "#mynetwork canvas")
    spot = browser.execute_script("""
        const net = window.kgNetwork, c = document.querySelector('#mynetwork canvas');
        for (let y = 5; y < c.clientHeight; y += 10) for (let x = 5; x < c.clientWidth; x += 10) {
          if (net.getNodeAt({x, y}) === undefined && net.getEdgeAt({x, y}) === undefined) return {x, y};
        }
        return null;""")
    assert spot, "no empty background to double-click"
    ActionChains(browser).move_to_element_with_offset(
        canvas, spot["x"] - canvas.size["width"] // 2, spot["y"] - canvas.size["height"] // 2
    ).double_click().perform()
    next_frame(browser)
    assert_every_actor_visible_and_clickable(placed(browser), panel=True)
