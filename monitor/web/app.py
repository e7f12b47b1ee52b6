"""Starlette application: server-rendered pages (Jinja2, ``templates/web``) and htmx actions.

Without ``web_users`` the pages are open (they listen on 127.0.0.1) and everyone reviews;
with users, every page needs sign-in and only reviewers may record decisions. Sessions are
server-side (revoked at sign-out, expired after ``MONITOR_WEB_SESSION_HOURS``); the user and
the role are read from the configuration on every request. Every request must name an allowed
``Host``; every state-changing one must come from our own origin and carry the CSRF token.
Bad parameters answer 400, unknown ids 404.
"""

from __future__ import annotations

import dataclasses
import math
import secrets
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.exc import NoResultFound
from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from monitor.app import App
from monitor.developments.view import Development, gather
from monitor.outputs import notes as notes_module
from monitor.outputs.digest import period_bounds
from monitor.outputs.render import environment
from monitor.outputs.review import check_review
from monitor.storage.repository import Repository
from monitor.storage.reviews import Review
from monitor.types import StoredItem
from monitor.web.security import (
    SAFE_METHODS,
    SecureHeaders,
    allowed_hosts,
    check_password,
    csrf_ok,
    csrf_token,
    host_name,
    same_origin,
)
from monitor.web.throttle import LoginThrottle

STATIC = __import__("pathlib").Path(__file__).parent / "static"
WEEKS_SHOWN = 12
PUBLIC = ("/login", "/static")
# The largest id a query may name (SQLite's and PostgreSQL's bigint); larger is no such row.
MAX_ID = 2**63 - 1
MAX_PARAMETER = 500


def refused() -> HTMLResponse:
    return HTMLResponse("Refused: missing or wrong CSRF token.", 403)


def create_app(
    application: App,
    host: str = "127.0.0.1",
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    throttle: LoginThrottle | None = None,
) -> Starlette:
    """The web pages over ``application``, answering for ``host`` (the bound address)."""
    settings = application.settings
    env = environment(settings.templates)
    secret = (
        settings.web_secret.get_secret_value() if settings.web_secret else secrets.token_hex(32)
    )
    hosts = allowed_hosts(host, settings.web_host_names)
    throttle = throttle or LoginThrottle()
    lifetime = timedelta(hours=settings.web_session_hours)

    def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        context.update(request=request, user=request.state.user,
                       role=_role(request), csrf=csrf_token(request),
                       sections=application.watchlists.sections())  # fmt: skip
        return HTMLResponse(env.get_template(f"web/{name}.html.j2").render(context), status)

    def _role(request: Request) -> str:
        return str(request.state.role)

    def signed_in(request: Request) -> tuple[str | None, str]:
        """The session's user and role: a live server-side session of a configured user."""
        if not settings.web_users:
            return None, "reviewer"
        token = request.session.get("sid")
        name = application.web_sessions.user(str(token), clock()) if token else None
        user = settings.web_users.get(name) if name else None
        if name is None or user is None:
            request.session.pop("sid", None)
            return None, ""
        return name, user.role

    async def guard(request: Request, call_next: Any) -> Response:
        if host_name(request.headers.get("host", "")) not in hosts:
            return PlainTextResponse("Refused: unknown Host (see MONITOR_WEB_HOSTS).", 400)
        if request.method not in SAFE_METHODS and not same_origin(request):
            return PlainTextResponse("Refused: cross-origin request.", 403)
        request.state.user, request.state.role = signed_in(request)
        public = request.url.path.startswith(PUBLIC)
        if settings.web_users and not public and request.state.user is None:
            return RedirectResponse("/login", status_code=303)
        return await call_next(request)

    async def checked_form(request: Request) -> FormData | None:
        """The posted form, or ``None`` when its CSRF token (field or header) is wrong."""
        form = await request.form()
        submitted = request.headers.get("x-csrf-token") or str(form.get("csrf") or "")
        return form if csrf_ok(request, submitted) else None

    async def login(request: Request) -> Response:
        if request.method == "GET":
            return page(request, "login")
        form = await checked_form(request)
        if form is None:
            return refused()
        name = str(form.get("name") or "")[:MAX_PARAMETER]
        keys = (f"user:{name}", f"address:{request.client.host if request.client else ''}")
        wait = throttle.wait(*keys)
        if wait > 0:
            return page(request, "login", 429, error="Too many failed sign-ins: try again in "
                        f"{math.ceil(wait / 60)} minute(s).")  # fmt: skip
        user = check_password(settings.web_users, name, str(form.get("password") or ""))
        if user is None:
            throttle.failed(*keys)
            return page(request, "login", 401, error="Unknown name or wrong password.")
        throttle.succeeded(keys[0])
        old = request.session.get("sid")
        if old:
            application.web_sessions.revoke(str(old))
        request.session.clear()
        request.session.update(sid=application.web_sessions.create(name, clock(), lifetime),
                               csrf=secrets.token_urlsafe(32))  # fmt: skip
        return RedirectResponse("/", status_code=303)

    async def logout(request: Request) -> Response:
        if await checked_form(request) is None:
            return refused()
        token = request.session.get("sid")
        if token:
            application.web_sessions.revoke(str(token))
        request.session.clear()
        return RedirectResponse("/login", status_code=303)

    async def overview(request: Request) -> Response:
        today = datetime.now(UTC).date()
        items = application.repository().items(*period_bounds(settings.cycle_start, today))
        week_start = today - timedelta(days=6)
        rows = []
        for section_id, title, _ in application.watchlists.sections():
            dated = [
                i.date.date() for i in items if any(m.section == section_id for m in i.matches)
            ]
            weekly = Counter((today - d).days // 7 for d in dated)
            rows.append({
                "id": section_id, "title": title, "cycle": len(dated),
                "week": sum(1 for d in dated if d >= week_start),
                "weeks": [weekly.get(n, 0) for n in reversed(range(WEEKS_SHOWN))],
            })  # fmt: skip
        peak = max([max(r["weeks"]) for r in rows] + [1])
        return page(request, "overview", rows=rows, peak=peak, cycle_start=settings.cycle_start)

    async def section(request: Request) -> Response:
        section_id = request.path_params["section_id"]
        if section_id not in {s for s, _, _ in application.watchlists.sections()}:
            return HTMLResponse("No such section.", 404)
        q = request.query_params
        since = _day(q.get("since"), "since") or settings.cycle_start
        until = _day(q.get("until"), "until") or datetime.now(UTC).date()
        search = _text(q.get("q"), "q")
        _score(q.get("min_score"))
        found = application.repository().items(*period_bounds(since, until), section=section_id,
                                               search=search or None)  # fmt: skip
        reviews = application.reviews.all()
        kept = [item for item in found if _keep(_row(item, section_id, reviews), q)]
        rows = [_row(d.lead, section_id, reviews, d) for d in gather(kept)]
        return page(request, "section", section_id=section_id, rows=rows, filters=q,
                    item_count=len(kept),
                    since=since, until=until,
                    sources=sorted({i.source_id for i in found}),
                    languages=sorted({i.language or "" for i in found}))  # fmt: skip

    async def item_page(request: Request) -> Response:
        item_id = _path_id(request, "item_id")
        item, reports = _with_reports(application.repository(), item_id)
        repeats = [other for other in reports if other.id != item.id]
        reviews = {k[1]: v for k, v in application.reviews.all().items() if k[0] == item_id}
        return page(request, "item", item=item, repeats=repeats, reviews=reviews)

    async def development_page(request: Request) -> Response:
        development_id = _path_id(request, "development_id")
        found = gather(application.repository().items(developments=[development_id]))
        if not found:
            return HTMLResponse("No such development.", 404)
        return page(request, "development", development=found[0])

    async def correct(request: Request) -> Response:
        """A reviewer's grouping correction: merge another development in, or move an item
        out."""
        if _role(request) != "reviewer":
            return HTMLResponse("Refused: reviewers only.", 403)
        form = await checked_form(request)
        if form is None:
            return refused()
        development_id = _path_id(request, "development_id")
        reviewer = str(request.state.user or settings.reviewer)
        repository = application.repository()
        try:
            if form.get("merge"):
                repository.merge_developments(development_id, _id(form["merge"], "merge"),
                                              reviewer, datetime.now(UTC))  # fmt: skip
                target = development_id
            else:
                target = repository.move_out(_id(form["move_out"], "move_out"), reviewer,
                                             datetime.now(UTC))  # fmt: skip
                target = development_id if repository.items(
                    developments=[development_id]) else target  # fmt: skip
        except (KeyError, ValueError, NoResultFound) as exc:
            return PlainTextResponse(f"Bad correction: {exc}", 400)
        return RedirectResponse(f"/developments/{target}", status_code=303)

    async def review(request: Request) -> Response:
        if _role(request) != "reviewer":
            return HTMLResponse("Refused: reviewers only.", 403)
        form = await checked_form(request)
        if form is None:
            return refused()
        try:
            item_id, section_id = _id(form["item_id"], "item_id"), str(form["section"])
            paragraph = str(form.get("target_paragraph") or "").strip()
            proposed = Review(
                item_id, section_id, str(form["decision"]),
                str(request.state.user or settings.reviewer), datetime.now(UTC),
                str(form.get("target_section") or "") or None,
                _id(paragraph, "target_paragraph") if paragraph else None,
                str(form.get("comment") or "") or None,
            )  # fmt: skip
            check_review(proposed, application.watchlists)
        except (KeyError, ValueError) as exc:
            return PlainTextResponse(f"Bad review: {exc}", 400)
        # A decision on a development applies to every item that reports it.
        _, members = _with_reports(application.repository(), item_id)
        application.reviews.record_all(
            [dataclasses.replace(proposed, item_id=member.id) for member in members]
        )
        development = gather(members)[0]
        row = _row(development.lead, section_id, application.reviews.all(), development)
        if request.headers.get("hx-request"):
            return page(request, "_row", row=row, section_id=section_id)
        return RedirectResponse(f"/sections/{section_id}", status_code=303)

    async def processes(request: Request) -> Response:
        items = application.repository().items(
            *period_bounds(settings.cycle_start, datetime.now(UTC).date())
        )
        timeline = []
        for watchlist in application.watchlists.watchlists:
            for process in watchlist.processes:
                events = sorted((i for i in items if any(process.id in m.processes
                                                          for m in i.matches)),
                                key=lambda i: i.date)  # fmt: skip
                timeline.append({"process": process, "section": watchlist.section,
                                 "events": events})  # fmt: skip
        return page(request, "processes", timeline=timeline)

    async def sources(request: Request) -> Response:
        now = datetime.now(UTC)
        return page(request, "sources", rows=application.repository().source_status(), now=now)

    async def digests(request: Request) -> Response:
        return page(request, "digests", periods=application.store.recent_digests(limit=52))

    async def digest_file(request: Request) -> Response:
        name = request.path_params["name"]
        path = (settings.out_dir / "digests" / name).resolve()
        archive = (settings.out_dir / "digests").resolve()
        if path.parent != archive or not path.is_file() or path.suffix not in (".html", ".txt"):
            return HTMLResponse("No such digest.", 404)
        return FileResponse(path)

    async def notes_page(request: Request) -> Response:
        built = _notes(application)
        fmt = request.path_params.get("fmt")
        if fmt == "md":
            text = notes_module.render(built, settings.templates, "md")
            return Response(text, media_type="text/markdown; charset=utf-8", headers={
                "Content-Disposition": 'attachment; filename="notes.md"'})  # fmt: skip
        if fmt == "docx":
            path = settings.out_dir / "notes-web.docx"
            path.parent.mkdir(parents=True, exist_ok=True)
            notes_module.write_docx(built, path)
            return FileResponse(path, filename="notes.docx")
        return page(request, "notes", notes=built)

    routes = [
        Route("/", overview),
        Route("/login", login, methods=["GET", "POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/sections/{section_id}", section),
        Route("/items/{item_id:int}", item_page),
        Route("/developments/{development_id:int}", development_page),
        Route("/developments/{development_id:int}/corrections", correct, methods=["POST"]),
        Route("/reviews", review, methods=["POST"]),
        Route("/processes", processes),
        Route("/sources", sources),
        Route("/digests", digests),
        Route("/digests/{name}", digest_file),
        Route("/notes", notes_page),
        Route("/notes.{fmt}", notes_page),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    middleware = [
        Middleware(SecureHeaders),
        Middleware(
            SessionMiddleware,
            secret_key=secret,
            same_site="strict",
            session_cookie="monitor_session",
            max_age=int(lifetime.total_seconds()),
        ),
        Middleware(BaseHTTPMiddleware, dispatch=guard),
    ]
    return Starlette(routes=routes, middleware=middleware)


def _notes(application: App) -> notes_module.Notes:
    settings = application.settings
    return notes_module.build(application.repository(), application.watchlists,
                              application.reviews.all(), settings.cycle_start,
                              datetime.now(UTC).date(), settings.report_language)  # fmt: skip


def _with_reports(repository: Repository, item_id: int) -> tuple[StoredItem, list[StoredItem]]:
    """The item and every item of its development (itself alone when ungrouped); 404 when
    there is no such item."""
    found = repository.items(ids=[item_id])
    if not found:
        raise HTTPException(404, "No such item.")
    item = found[0]
    return item, repository.items(developments=[item.development]) if item.development else [item]


def _row(
    item: StoredItem,
    section_id: str,
    reviews: dict[tuple[int, str], Review],
    development: Development | None = None,
) -> dict[str, Any]:
    match = next((m for m in item.matches if m.section == section_id), None)
    if development is not None:
        match = development.match(section_id) or match
    review = reviews.get((item.id, section_id))
    return {"item": item, "match": match, "review": review, "development": development,
            "state": review.decision if review else "unreviewed"}  # fmt: skip


def _keep(row: dict[str, Any], q: Any) -> bool:
    item, match = row["item"], row["match"]
    if q.get("source") and item.source_id != q["source"]:
        return False
    if q.get("language") and (item.language or "") != q["language"]:
        return False
    if q.get("min_score") and match and match.score < _score(q["min_score"]):
        return False
    return not (q.get("state") and row["state"] != q["state"])


def _bad(name: str, what: str) -> HTTPException:
    return HTTPException(400, f"Bad parameter {name}: {what}.")


def _day(value: str | None, name: str) -> date | None:
    """A query's day; 400 unless ISO (YYYY-MM-DD) and before year 9999."""
    if not value:
        return None
    try:
        day = date.fromisoformat(value[:MAX_PARAMETER])
    except ValueError:
        raise _bad(name, "not a date like 2026-11-25") from None
    if day.year >= 9999:
        raise _bad(name, "too far in the future")
    return day


def _score(value: str | None) -> float:
    if not value:
        return 0.0
    try:
        score = float(value[:MAX_PARAMETER])
    except ValueError:
        raise _bad("min_score", "not a number") from None
    if not math.isfinite(score):
        raise _bad("min_score", "not a number")
    return score


def _text(value: str | None, name: str) -> str:
    if value and (len(value) > MAX_PARAMETER or "\x00" in value):
        raise _bad(name, f"longer than {MAX_PARAMETER} characters or holding a NUL character")
    return value or ""


def _id(value: object, name: str) -> int:
    """A posted id; ``ValueError`` unless it is a number a row could have."""
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or len(text) > 19 or int(text) > MAX_ID:
        raise ValueError(f"{name}: not an id")
    return int(text)


def _path_id(request: Request, name: str) -> int:
    """An id from the path; 404 when no row could have it."""
    value = int(request.path_params[name])
    if value > MAX_ID:
        raise HTTPException(404, "No such page.")
    return value
