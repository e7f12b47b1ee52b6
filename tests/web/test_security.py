"""The web pages against a hostile browser: the app served by uvicorn on 127.0.0.1 and a real
HTTP client carrying cookies, ``Host`` and ``Origin`` headers."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from itsdangerous import TimestampSigner
from pydantic import SecretStr
from sqlalchemy import text

from monitor.app import App
from monitor.config import Settings, WebUser
from monitor.web.app import create_app
from monitor.web.security import HEADERS, hash_password
from tests.conftest import fetched_app
from tests.web.conftest import csrf, served

SECRET = "a-fixed-secret-for-restarts"


def _users(**roles: str) -> dict[str, WebUser]:
    return {name: WebUser(password_hash=hash_password(f"{name}-pass"), role=role)  # type: ignore[arg-type]
            for name, role in roles.items()}  # fmt: skip


@pytest.fixture
def signed_app(settings: Settings, feed_server: str) -> App:
    return fetched_app(settings, feed_server, web_users=_users(ana="reviewer", vic="viewer"),
                       web_secret=SecretStr(SECRET))  # fmt: skip


def _client(base_url: str, **kwargs: object) -> httpx.Client:
    """A browser on our own origin: sends ``Origin`` like a browser on every POST."""
    return httpx.Client(base_url=base_url, headers={"Origin": base_url}, **kwargs)  # type: ignore[arg-type]


def _sign_in(client: httpx.Client, name: str, password: str | None = None) -> httpx.Response:
    token = csrf(client.get("/login").text)
    return client.post("/login", data={"csrf": token, "name": name,
                                       "password": password or f"{name}-pass"})  # fmt: skip


def _review(
    client: httpx.Client, item_id: int, fields: dict[str, object] | None = None
) -> httpx.Response:
    token = csrf(client.get("/sections/II.A").text)
    data = {"csrf": token, "item_id": item_id, "section": "II.A", "decision": "accepted"}
    return client.post("/reviews", data={**data, **(fields or {})})


def _an_item(application: App) -> int:
    return next(i.id for i in application.repository().items()
                if any(m.section == "II.A" for m in i.matches))  # fmt: skip


def _to_login(response: httpx.Response) -> bool:
    return response.status_code == 303 and response.headers["location"] == "/login"


def test_sign_out_revokes_the_saved_cookie(signed_app: App) -> None:
    with served(create_app(signed_app)) as base, _client(base) as client:
        assert _sign_in(client, "ana").status_code == 303
        saved = dict(client.cookies)
        page = client.get("/sections/II.A")
        assert page.status_code == 200
        client.post("/logout", data={"csrf": csrf(page.text)})
        with _client(base, cookies=saved) as replay:
            assert _to_login(replay.get("/sections/II.A"))
            refused = replay.post("/reviews", data={"csrf": csrf(page.text), "item_id": 1,
                                                    "section": "II.A", "decision": "accepted"})  # fmt: skip
            assert _to_login(refused)
    assert signed_app.reviews.all() == {}


def test_removed_and_demoted_users_lose_their_rights_after_a_restart(signed_app: App) -> None:
    item_id = _an_item(signed_app)
    with served(create_app(signed_app)) as base, _client(base) as client:
        _sign_in(client, "ana")
        saved = dict(client.cookies)
    demoted = App(signed_app.settings.model_copy(update={"web_users": _users(ana="viewer")}))
    with served(create_app(demoted)) as base, _client(base, cookies=saved) as client:
        assert client.get("/sections/II.A").status_code == 200
        assert _review(client, item_id).status_code == 403
    removed = App(signed_app.settings.model_copy(update={"web_users": _users(vic="viewer")}))
    with served(create_app(removed)) as base, _client(base, cookies=saved) as client:
        assert _to_login(client.get("/"))
    assert signed_app.reviews.all() == {}


def test_a_signed_cookie_for_an_unknown_session_or_user_is_refused(signed_app: App) -> None:
    signer = TimestampSigner(SECRET)
    with served(create_app(signed_app)) as base:
        for session in ({"user": "ghost", "role": "reviewer"}, {"user": "ana", "role": "reviewer"},
                        {"sid": "guessed-token"}):  # fmt: skip
            data = base64.b64encode(json.dumps(session).encode())
            cookie = signer.sign(data).decode()
            with _client(base, cookies={"monitor_session": cookie}) as client:
                assert _to_login(client.get("/sections/II.A")), session


def test_sessions_expire(signed_app: App) -> None:
    now = [datetime(2026, 12, 3, 9, tzinfo=UTC)]
    web_app = create_app(signed_app, clock=lambda: now[0])
    with served(web_app) as base, _client(base) as client:
        _sign_in(client, "ana")
        assert client.get("/").status_code == 200
        now[0] += timedelta(hours=11, minutes=59)
        assert client.get("/").status_code == 200
        now[0] += timedelta(minutes=2)
        assert _to_login(client.get("/"))


def test_only_allowed_hosts_are_answered(settings: Settings, feed_server: str) -> None:
    application = fetched_app(settings, feed_server, web_hosts="monitor.example.org")
    with served(create_app(application)) as base:
        port = base.rsplit(":", 1)[1]
        for host in ("127.0.0.1", "localhost", f"localhost:{port}", "monitor.example.org"):
            assert httpx.get(base + "/", headers={"Host": host}).status_code == 200, host
        for host in ("evil.example", f"evil.example:{port}", "127.0.0.1.evil.example", ""):
            response = httpx.get(base + "/", headers={"Host": host})
            assert response.status_code == 400, host
            assert all(name in response.headers for name in HEADERS), host


def test_a_post_from_another_origin_is_refused(settings: Settings, feed_server: str) -> None:
    application = fetched_app(settings, feed_server)
    item_id = _an_item(application)
    with served(create_app(application)) as base:
        port = base.rsplit(":", 1)[1]
        with httpx.Client(base_url=base) as client:  # no Origin, no Referer
            assert _review(client, item_id).status_code == 403
        for origin in (f"http://evil.example:{port}", "null", f"http://localhost:{port}"):
            with httpx.Client(base_url=base, headers={"Origin": origin}) as client:
                assert _review(client, item_id).status_code == 403, origin
        rebound = {"Host": f"evil.example:{port}", "Origin": f"http://evil.example:{port}"}
        with httpx.Client(base_url=base, headers=rebound) as client:
            assert client.get("/sections/II.A").status_code == 400
        assert application.reviews.all() == {}
        with httpx.Client(base_url=base, headers={"Referer": base + "/sections/II.A"}) as client:
            assert _review(client, item_id).status_code == 303
        assert application.reviews.all()[(item_id, "II.A")].decision == "accepted"


def test_sign_in_is_throttled_per_user_and_per_address(signed_app: App) -> None:
    with served(create_app(signed_app)) as base:

        def attempt(address: str, name: str, password: str | None = None) -> int:
            transport = httpx.HTTPTransport(local_address=address)
            with _client(base, transport=transport) as client:
                return _sign_in(client, name, password).status_code

        assert [attempt("127.0.0.2", "ana", "wrong") for _ in range(5)] == [401] * 5
        assert attempt("127.0.0.3", "ana") == 429  # the right password, from elsewhere
        assert attempt("127.0.0.3", "vic") == 303  # another user from there is let in
        for number in range(5):
            attempt("127.0.0.4", f"guess{number}", "wrong")
        assert attempt("127.0.0.4", "vic") == 429  # the address sprayed names


@pytest.mark.parametrize("path, status", [
    ("/sections/II.B?min_score=abc", 400), ("/sections/II.B?min_score=nan", 400),
    ("/sections/II.B?until=9999-12-31", 400), ("/sections/II.B?since=tomorrow", 400),
    ("/sections/II.B?q=%00", 400), ("/items/99999999999999999999", 404),
    ("/developments/99999999999999999999", 404), ("/sections/nope", 404),
])  # fmt: skip
def test_bad_parameters_answer_400_or_404_with_the_headers(
    settings: Settings, feed_server: str, path: str, status: int
) -> None:
    application = fetched_app(settings, feed_server)
    with served(create_app(application)) as base:
        response = httpx.get(base + path)
    assert response.status_code == status, response.text
    assert all(name in response.headers for name in HEADERS)


def test_bad_reviews_are_refused_and_not_stored(settings: Settings, feed_server: str) -> None:
    application = fetched_app(settings, feed_server)
    item_id = _an_item(application)
    paragraph = application.watchlists.by_id("II.A").paragraphs[0]
    with served(create_app(application)) as base, _client(base) as client:
        for fields, status in (
            ({"item_id": 99999999}, 404),
            ({"item_id": "12345678901234567890"}, 400),
            ({"item_id": "-1"}, 400),
            ({"target_paragraph": "9" * 40}, 400),
            ({"target_paragraph": "9999"}, 400),
            ({"section": "IX.Z"}, 400),
            ({"decision": "moved", "target_section": "IX.Z"}, 400),
            ({"decision": "moved"}, 400),
            ({"decision": "maybe"}, 400),
            ({"comment": "x" * 5000}, 400),
        ):  # fmt: skip
            response = _review(client, item_id, fields)
            assert response.status_code == status, (fields, response.text)
            assert all(name in response.headers for name in HEADERS)
        assert application.reviews.all() == {}
        assert _review(client, item_id, {"target_paragraph": paragraph}).status_code == 303
    assert application.reviews.all()[(item_id, "II.A")].target_paragraph == paragraph


def test_an_unexpected_error_answers_500_with_the_headers(
    settings: Settings, feed_server: str
) -> None:
    application = fetched_app(settings, feed_server)
    with application.engine.begin() as connection:
        connection.execute(text("DROP TABLE reviews"))
    with served(create_app(application)) as base:
        response = httpx.get(base + "/sections/II.A")
    assert response.status_code == 500 and "Traceback" not in response.text
    assert all(name in response.headers for name in HEADERS)
