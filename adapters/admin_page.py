"""The staff page `/admin/outcomes` (the outcome report with its charts).

The page is behind the shop's token (`ORDERSUPPORT_API_TOKEN`): a bearer header (scripts,
dashboards), or the token typed once into the page's form, which sets an HttpOnly, SameSite
cookie holding an HMAC of the token (never the token itself). Without a token set the page
answers 503, like the REST API. `?since=&until=` pick the period (ISO dates, the shop's days),
`?format=json|csv` the same figures as data. `/metrics` (the same counters, for Prometheus) is
the web process's own (`bots.observability`).

The page is given a narrow port (`StaffPage`: the outcome service, the token, the shop's name
and time zone), not the whole `Services`.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from html import escape

from aiohttp import web
from pydantic import SecretStr

from core.outcomes.render import render, render_html
from core.outcomes.report import build_report, period
from core.outcomes.service import OutcomeService


@dataclass(frozen=True)
class StaffPage:
    """What the staff page is given."""

    outcomes: OutcomeService
    api_token: SecretStr | None
    """`ORDERSUPPORT_API_TOKEN`: unset, the page answers 503."""
    shop_name: str
    timezone: str
    """The shop's days, for `?since=&until=`."""


PAGE_KEY = web.AppKey("admin_page", StaffPage)
COOKIE = "os_admin"
PAGE = "/admin/outcomes"
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
TYPES = {"json": "application/json", "csv": "text/csv", "html": "text/html"}


def _cookie_value(token: str) -> str:
    return hmac.new(token.encode(), b"ordersupport admin page", hashlib.sha256).hexdigest()


def _token(request: web.Request) -> str | None:
    token = request.app[PAGE_KEY].api_token
    return token.get_secret_value() if token is not None else None


def _allowed(request: web.Request, token: str) -> bool:
    given = request.headers.get("Authorization", "")
    if hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    cookie = request.cookies.get(COOKIE, "")
    return hmac.compare_digest(cookie.encode(), _cookie_value(token).encode())


def _next(value: str) -> str:
    """Where to go after signing in: this page only, with its query (no open redirect)."""
    return value if value == PAGE or value.startswith(PAGE + "?") else PAGE


def _login_page(next_url: str, message: str = "", status: int = 401) -> web.Response:
    note = f'<p class="error">{escape(message)}</p>' if message else ""
    body = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Outcomes: sign in'
        "</title><style>body{font-family:sans-serif;margin:40px}input{font:inherit}"
        ".error{color:#b04a4a}</style></head><body><h1>Outcomes</h1>"
        f"<p>Staff only: enter the shop's API token.</p>{note}"
        '<form method="post" action="/admin/login"><input type="password" name="token" '
        'autocomplete="current-password" aria-label="API token" autofocus> '
        f'<input type="hidden" name="next" value="{escape(_next(next_url))}">'
        '<button type="submit">Sign in</button></form></body></html>'
    )
    return web.Response(text=body, status=status, content_type="text/html", headers=HEADERS)


def _off() -> web.Response:
    return web.Response(
        text="the staff page is off: set ORDERSUPPORT_API_TOKEN", status=503, headers=HEADERS
    )


def _form(since: str, until: str) -> str:
    def link(fmt: str) -> str:
        return f"{PAGE}?since={escape(since)}&amp;until={escape(until)}&amp;format={fmt}"

    return (
        f'<form method="get" action="{PAGE}">from <input type="date" name="since" '
        f'value="{escape(since)}"> to <input type="date" name="until" value="{escape(until)}"> '
        f'<button type="submit">Show</button> · <a href="{link("json")}">JSON</a> · '
        f'<a href="{link("csv")}">CSV</a></form>'
    )


async def outcomes_page(request: web.Request) -> web.Response:
    staff_page = request.app[PAGE_KEY]
    token = _token(request)
    if token is None:
        return _off()
    if not _allowed(request, token):
        return _login_page(str(request.rel_url))
    fmt = request.query.get("format", "html")
    if fmt not in TYPES:
        return web.json_response({"error": "format is html, json or csv"}, status=400)
    timezone = staff_page.timezone
    try:
        start, end = period(request.query.get("since"), request.query.get("until"), timezone)
    except ValueError as exc:
        return web.json_response({"error": f"since/until: {exc}"}, status=400)
    report = await build_report(staff_page.outcomes, start, end)
    if fmt != "html":
        text = render(report, fmt)
        return web.Response(text=text, content_type=TYPES[fmt], headers=HEADERS)
    since_day = start.astimezone(end.tzinfo).date().isoformat()
    until_day = end.date().isoformat()
    page = render_html(report, shop=staff_page.shop_name, form=_form(since_day, until_day))
    return web.Response(text=page, content_type="text/html", headers=HEADERS)


async def login(request: web.Request) -> web.Response:
    token = _token(request)
    if token is None:
        return _off()
    form = await request.post()
    given = str(form.get("token", ""))
    next_url = _next(str(form.get("next", PAGE)))
    if not hmac.compare_digest(given.encode(), token.encode()):
        return _login_page(next_url, "That token is not right.")
    response = web.HTTPSeeOther(next_url, headers=HEADERS)
    response.set_cookie(
        COOKIE,
        _cookie_value(token),
        httponly=True,
        samesite="Strict",
        secure=request.secure,
        path="/admin",
        max_age=12 * 3600,
    )
    raise response


def register(app: web.Application, staff_page: StaffPage) -> None:
    app[PAGE_KEY] = staff_page
    app.router.add_get(PAGE, outcomes_page)
    app.router.add_post("/admin/login", login)
