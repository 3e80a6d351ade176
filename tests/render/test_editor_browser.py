"""The ``/sparql`` editor in headless Debian Chromium with the network off: it loads from the endpoint alone,
runs a named query against the endpoint and shows its rows."""

from __future__ import annotations

import pytest
from servers import fake_extract, make_docs
from test_browser import NEEDS_CHROMIUM, chromium, requested_urls, wait

from kg.render.serve import start_endpoint
from kg.store import open_store

pytestmark = [pytest.mark.browser, pytest.mark.server, NEEDS_CHROMIUM]


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    path = tmp_path_factory.mktemp("editor") / "store"
    with open_store(path) as store:
        for doc, mentions in fake_extract(make_docs(12)):
            store.replace_document(doc, mentions)
    with start_endpoint(path, port=0) as running:
        yield running


@pytest.fixture(scope="module")
def offline_browser(tmp_path_factory):
    """Chromium that can reach loopback only: every other host fails to resolve, and a dead proxy takes the rest."""
    with chromium(
        tmp_path_factory.mktemp("chromium-editor"),
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
        "--proxy-server=http://127.0.0.1:9",  # loopback is never sent to a proxy
    ) as driver:
        yield driver


def test_the_editor_runs_a_named_query_offline_and_shows_rows(offline_browser, endpoint):
    from selenium.webdriver.common.by import By

    driver = offline_browser
    driver.get_log("performance")
    driver.get(endpoint.editor_url)
    wait(
        driver,
        lambda d: d.execute_script("return !!(window.kgYasgui && document.querySelector('.CodeMirror'))"),
        "the editor never loaded",
    )
    # the kg prefixes are listed on the page, and the named queries are tabs
    listed = driver.find_element(By.ID, "kg-prefixes").get_attribute("textContent")
    assert "kg:" in listed and "actor:" in listed and "rdfs:" in listed
    tabs = [t.get_attribute("textContent").strip() for t in driver.find_elements(By.CSS_SELECTOR, ".tabPanel, .tab a")]
    assert any(t.startswith("allies-of") for t in tabs), tabs
    # a person clicks the tab of a named query, then the run button
    tab = next(
        t
        for t in driver.find_elements(By.CSS_SELECTOR, ".tab a")
        if t.get_attribute("textContent").strip().startswith("allies-of")
    )
    tab.click()
    wait(
        driver,
        lambda d: d.execute_script("return window.kgYasgui.getTab().getName()").startswith("allies-of"),
        "clicking the tab did not select it",
    )
    query = driver.execute_script("return window.kgYasgui.getTab().getQuery()")
    assert "kg query allies-of --param actor=" in query and "VALUES" in query
    panel = driver.execute_script("return window.kgYasgui.getTab().getId()")
    driver.find_element(By.CSS_SELECTOR, f"[id='{panel}'] .yasqe_queryButton").click()
    rows = wait(
        driver,
        lambda d: d.find_elements(By.CSS_SELECTOR, f"[id='{panel}'] .yasr table tbody tr"),
        "no result rows were shown",
    )
    assert len(rows) > 0
    header = driver.find_element(By.CSS_SELECTOR, f"[id='{panel}'] .yasr table thead").text
    assert "ally" in header and "mentions" in header
    # everything fetched over the network came from the endpoint itself (Chromium's own chrome:// resources,
    # such as a favicon it draws for a tab, and data: URLs never leave the browser)
    urls = [u for u in requested_urls(driver) if not u.startswith(("data:", "chrome:", "chrome-extension:"))]
    assert urls and all(u.startswith(endpoint.url + "/") for u in urls), urls


def test_the_graph_page_links_the_editor(offline_browser, endpoint):
    from selenium.webdriver.common.by import By

    offline_browser.get(endpoint.url + "/")
    link = wait(
        offline_browser,
        lambda d: d.find_elements(By.CSS_SELECTOR, "a#kg-endpoint[href='/sparql']"),
        "the graph page has no link to the editor",
    )
    link[0].click()
    wait(offline_browser, lambda d: d.execute_script("return !!window.kgYasgui"), "the link did not open the editor")
