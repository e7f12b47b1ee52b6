"""Starlette application: server-rendered pages (Jinja2, ``templates/web``) and htmx actions.

Without ``web_users`` the pages are open (they listen on 127.0.0.1) and everyone reviews;
with users, every page needs sign-in and only reviewers may record decisions. Every form
carries a CSRF token.
"""

from __future__ import annotations

import secrets
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.exc import NoResultFound
from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from monitor.app import App
from monitor.developments.view import Development, gather
from monitor.outputs import notes as notes_module
from monitor.outputs.digest import period_bounds
from monitor.outputs.render import environment
from monitor.storage.reviews import Review
from monitor.types import StoredItem
from monitor.web.security import SecureHeaders, check_password, csrf_ok, csrf_token

STATIC = __import__("pathlib").Path(__file__).parent / "static"
WEEKS_SHOWN = 12
PUBLIC = ("/login", "/static")


def refused() -> HTMLResponse:
    return HTMLResponse("Refused: missing or wrong CSRF token.", 403)


def create_app(application: App) -> Starlette:
    settings = application.settings
    env = environment(settings.templates)
    secret = (
        settings.web_secret.get_secret_value() if settings.web_secret else secrets.token_hex(32)
    )

    def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        context.update(request=request, user=request.session.get("user"),
                       role=_role(request), csrf=csrf_token(request),
                       sections=application.watchlists.sections())  # fmt: skip
        return HTMLResponse(env.get_template(f"web/{name}.html.j2").render(context), status)

    def _role(request: Request) -> str:
        if not settings.web_users:
            return "reviewer"
        return str(request.session.get("role") or "")

    async def guard(request: Request, call_next: Any) -> Response:
        public = request.url.path.startswith(PUBLIC)
        if settings.web_users and not public and not request.session.get("user"):
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
        name = str(form.get("name") or "")
        user = check_password(settings.web_users, name, str(form.get("password") or ""))
        if user is None:
            return page(request, "login", 401, error="Unknown name or wrong password.")
        request.session.update(user=name, role=user.role, csrf=secrets.token_urlsafe(32))
        return RedirectResponse("/", status_code=303)

    async def logout(request: Request) -> Response:
        if await checked_form(request) is None:
            return refused()
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
        since = _day(q.get("since")) or settings.cycle_start
        until = _day(q.get("until")) or datetime.now(UTC).date()
        found = application.repository().items(*period_bounds(since, until), section=section_id,
                                               search=q.get("q") or None)  # fmt: skip
        reviews = application.reviews.all()
        kept = [item for item in found if _keep(_row(item, section_id, reviews), q)]
        rows = [_row(d.lead, section_id, reviews, d) for d in gather(kept)]
        return page(request, "section", section_id=section_id, rows=rows, filters=q,
                    item_count=len(kept),
                    since=since, until=until,
                    sources=sorted({i.source_id for i in found}),
                    languages=sorted({i.language or "" for i in found}))  # fmt: skip

    async def item_page(request: Request) -> Response:
        item_id = int(request.path_params["item_id"])
        repository = application.repository()
        found = repository.items(ids=[item_id])
        if not found:
            return HTMLResponse("No such item.", 404)
        item = found[0]
        reports = repository.items(developments=[item.development]) if item.development else [item]
        repeats = [other for other in reports if other.id != item.id]
        reviews = {k[1]: v for k, v in application.reviews.all().items() if k[0] == item_id}
        return page(request, "item", item=item, repeats=repeats, reviews=reviews)

    async def development_page(request: Request) -> Response:
        development_id = int(request.path_params["development_id"])
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
        development_id = int(request.path_params["development_id"])
        reviewer = str(request.session.get("user") or settings.reviewer)
        repository = application.repository()
        try:
            if form.get("merge"):
                repository.merge_developments(development_id, int(str(form["merge"])), reviewer,
                                              datetime.now(UTC))  # fmt: skip
                target = development_id
            else:
                target = repository.move_out(int(str(form["move_out"])), reviewer,
                                             datetime.now(UTC))  # fmt: skip
                target = development_id if repository.items(
                    developments=[development_id]) else target  # fmt: skip
        except (KeyError, ValueError, NoResultFound) as exc:
            return HTMLResponse(f"Bad correction: {exc}", 400)
        return RedirectResponse(f"/developments/{target}", status_code=303)

    async def review(request: Request) -> Response:
        if _role(request) != "reviewer":
            return HTMLResponse("Refused: reviewers only.", 403)
        form = await checked_form(request)
        if form is None:
            return refused()
        try:
            item_id, section_id = int(str(form["item_id"])), str(form["section"])
            decision = str(form["decision"])
            paragraph = str(form.get("target_paragraph") or "")
            repository = application.repository()
            (item,) = repository.items(ids=[item_id])
            # A decision on a development applies to every item that reports it.
            members = (
                repository.items(developments=[item.development]) if item.development else [item]
            )
            application.reviews.record_all([Review(
                member.id, section_id, decision,
                str(request.session.get("user") or settings.reviewer), datetime.now(UTC),
                str(form.get("target_section") or "") or None,
                int(paragraph) if paragraph.isdigit() else None,
                str(form.get("comment") or "") or None,
            ) for member in members])  # fmt: skip
        except (KeyError, ValueError) as exc:
            return HTMLResponse(f"Bad review: {exc}", 400)
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
    from starlette.middleware.base import BaseHTTPMiddleware

    middleware = [
        Middleware(SecureHeaders),
        Middleware(
            SessionMiddleware,
            secret_key=secret,
            same_site="strict",
            session_cookie="monitor_session",
        ),
        Middleware(BaseHTTPMiddleware, dispatch=guard),
    ]
    return Starlette(routes=routes, middleware=middleware)


def _notes(application: App) -> notes_module.Notes:
    settings = application.settings
    return notes_module.build(application.repository(), application.watchlists,
                              application.reviews.all(), settings.cycle_start,
                              datetime.now(UTC).date(), settings.report_language)  # fmt: skip


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
    if q.get("min_score") and match and match.score < float(q["min_score"] or 0):
        return False
    return not (q.get("state") and row["state"] != q["state"])


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
