"""The web pages: handlers with the test client on a real database, security, and a browser."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from monitor.app import App
from monitor.config import Settings, WebUser
from monitor.web.app import create_app
from monitor.web.security import hash_password
from tests.conftest import fetched_app
from tests.web.conftest import browser, served
from tests.web.conftest import csrf as _csrf


def test_every_page_renders_and_review_is_stored(settings: Settings, feed_server: str) -> None:
    application = fetched_app(settings, feed_server)
    client = browser(create_app(application))
    overview = client.get("/")
    assert overview.status_code == 200 and "<svg" in overview.text and "II.A." in overview.text
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"):
        assert header in overview.headers
    section = client.get("/sections/II.A")
    assert section.status_code == 200
    item_id = int(re.search(r'href="/items/(\d+)"', section.text).group(1))  # type: ignore[union-attr]
    for path in (f"/items/{item_id}", "/processes", "/sources", "/digests", "/notes", "/notes.md"):
        assert client.get(path).status_code == 200, path
    assert client.get("/notes.docx").content[:2] == b"PK"
    response = client.post("/reviews", data={"csrf": _csrf(section.text), "item_id": item_id,
                                             "section": "II.A", "decision": "accepted"},
                           headers={"HX-Request": "true"})  # fmt: skip
    assert response.status_code == 200 and "accepted" in response.text
    assert application.reviews.all()[(item_id, "II.A")].decision == "accepted"
    accepted = client.get("/sections/II.A?state=accepted")
    assert accepted.text.count('class="state-accepted"') == 1


def test_filters_and_full_text_search(settings: Settings, feed_server: str) -> None:
    application = fetched_app(settings, feed_server)
    client = browser(create_app(application))
    everything = client.get("/sections/II.D").text
    found = client.get("/sections/II.D?q=mirror+bacteria").text
    assert found.count("<tr id=") < everything.count("<tr id=")
    assert found.count("<tr id=") >= 1 and "irror" in found, found[-700:]
    assert client.get("/sections/II.D?q=zzzznotaword").text.count("<tr id=") == 0
    french = client.get("/sections/II.A?language=fr").text
    assert "lang" not in french or french.count("<tr id=") <= everything.count("<tr id=")
    assert client.get("/sections/II.A?min_score=1.01").text.count("<tr id=") == 0


def test_a_post_without_csrf_token_is_refused(settings: Settings, feed_server: str) -> None:
    application = fetched_app(settings, feed_server)
    client = browser(create_app(application))
    client.get("/")
    response = client.post("/reviews", data={"item_id": 1, "section": "II.A",
                                             "decision": "accepted"})  # fmt: skip
    assert response.status_code == 403
    assert application.reviews.all() == {}


def test_sign_in_roles_and_no_page_for_anonymous(settings: Settings, feed_server: str) -> None:
    users = {"ana": WebUser(password_hash=hash_password("reviewer-pass"), role="reviewer"),
             "vic": WebUser(password_hash=hash_password("viewer-pass"), role="viewer")}  # fmt: skip
    application = fetched_app(settings, feed_server, web_users=users)
    client = browser(create_app(application))
    for path in ("/", "/sections/II.A", "/items/1", "/notes", "/notes.md", "/sources"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/login", path
    login = client.get("/login")
    wrong = client.post("/login", data={"csrf": _csrf(login.text), "name": "ana",
                                        "password": "nope"})  # fmt: skip
    assert wrong.status_code == 401
    viewer = browser(create_app(application))
    page = viewer.get("/login")
    viewer.post("/login", data={"csrf": _csrf(page.text), "name": "vic", "password": "viewer-pass"})
    section = viewer.get("/sections/II.A")
    assert section.status_code == 200 and "Accept" not in section.text
    refused = viewer.post("/reviews", data={"csrf": _csrf(section.text), "item_id": 1,
                                            "section": "II.A", "decision": "accepted"})  # fmt: skip
    assert refused.status_code == 403
    page = client.get("/login")
    client.post(
        "/login", data={"csrf": _csrf(page.text), "name": "ana", "password": "reviewer-pass"}
    )
    assert "Accept" in client.get("/sections/II.A").text


def test_feed_scripts_render_inert(settings: Settings, feed_server: str) -> None:
    application = fetched_app(settings, feed_server)
    client = browser(create_app(application))
    for path in ("/sections/II.B", "/notes", "/processes"):
        text = client.get(path).text
        assert "alert(" not in text and "onerror" not in text and "javascript:" not in text


CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.fixture
def live_server(settings: Settings, feed_server: str) -> Iterator[tuple[str, App]]:
    application = fetched_app(settings, feed_server)
    with served(create_app(application)) as base_url:
        yield base_url, application


@pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None,
                    reason="Chromium and chromedriver are not installed "
                           "(apt-get install chromium chromium-driver)")  # fmt: skip
def test_browser_filters_a_section_and_accepts_an_item(
    live_server: tuple[str, App], tmp_path: Path
) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    base, application = live_server
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM or ""
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1300,1800"):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER or ""), options=options)
    driver.implicitly_wait(5)
    try:
        driver.get(base + "/")
        assert "Developments by report section" in driver.page_source
        driver.find_element(By.LINK_TEXT, "II.B").click()
        wait = WebDriverWait(driver, 15)
        wait.until(expected_conditions.url_contains("/sections/II.B"))
        driver.find_element(By.NAME, "q").send_keys("drone")
        driver.find_element(By.ID, "apply").click()
        wait.until(expected_conditions.url_contains("q=drone"))
        rows = wait.until(expected_conditions.presence_of_all_elements_located(
            (By.CSS_SELECTOR, "#items tr[id^='row-']")))  # fmt: skip
        assert rows, "the filtered section lists items"
        row_id = rows[0].get_attribute("id")
        driver.find_element(By.CSS_SELECTOR, f"#{row_id} button.accept").click()
        wait.until(expected_conditions.text_to_be_present_in_element(
            (By.CSS_SELECTOR, f"#{row_id} td.state"), "accepted"))  # fmt: skip
        driver.save_screenshot(str(tmp_path / "review.png"))
        assert (tmp_path / "review.png").stat().st_size > 10_000
    finally:
        driver.quit()
    item_id = int((row_id or "row-0").removeprefix("row-"))
    assert application.reviews.all()[(item_id, "II.B")].decision == "accepted"


def test_development_pages_list_reports_and_take_corrections(
    settings: Settings, feed_server: str
) -> None:
    application = fetched_app(settings, feed_server)
    client = browser(create_app(application))
    section = client.get("/sections/II.D").text
    assert "reported by" in section and "developments (" in section
    link = re.search(r'href="/developments/(\d+)"', section)
    assert link, "a development reported by several outlets links to its page"
    development_id = int(link.group(1))
    page = client.get(f"/developments/{development_id}")
    assert page.status_code == 200 and "(lead)" in page.text
    reports = re.findall(r'<tr id="report-(\d+)"', page.text)
    assert len(reports) > 1
    item_page = client.get(f"/items/{reports[0]}").text
    assert f'href="/developments/{development_id}"' in item_page
    moved = client.post(f"/developments/{development_id}/corrections",
                        data={"csrf": _csrf(page.text), "move_out": reports[-1]})  # fmt: skip
    assert moved.status_code == 200  # followed the redirect to the development's page
    after = {i.id: i.development for i in application.repository().items()}
    assert after[int(reports[-1])] != development_id == after[int(reports[0])]
    no_token = client.post(f"/developments/{development_id}/corrections", data={"merge": "1"})
    assert no_token.status_code == 403
    assert client.get("/developments/99999999").status_code == 404
