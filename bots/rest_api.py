"""The shop's REST API under `/api/` for ERP, CRM and OMS integrations, each route behind a
scoped bearer token, described at `/openapi.json` (`bots.openapi`, generated from `ENDPOINTS`).

Tokens: `ORDERSUPPORT_API_TOKEN` (the shop's own) has every scope; `ORDERSUPPORT_API_TOKENS`
adds named tokens with scopes (`core.settings.API_SCOPES`). No token configured at all: 503.
Missing or unknown token: 401 with `WWW-Authenticate: Bearer`; a token without the route's
scope: 403 naming the scope. Every error is RFC 9457 problem details
(`application/problem+json`); an order source that is down answers 503 with `Retry-After`.

    GET   /api/orders/{order_no}                 read:orders    the canonical order
    GET   /api/customers/{customer_id}/orders    read:orders    a customer's orders, newest first
    POST  /api/order-events                      write:orders   a canonical order, upserted + queued
    GET   /api/tickets                           read:tickets   ?order_no= &status= &customer_id=
    GET   /api/tickets/{ticket_id}               read:tickets
    PATCH /api/tickets/{ticket_id}               write:tickets  {"status", "note"?}
    POST  /api/tickets/{ticket_id}/assign        write:tickets  {"assignee"}

The web chat's own `/api/chat` and `/api/inbox` (`PUBLIC`) are open to the page; they are
described too.
"""

from __future__ import annotations

import hmac
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import structlog
from aiohttp import web
from pydantic import BaseModel, ValidationError

from adapters.shop_webhooks.changes import Rejected, canonical_change
from adapters.web.identity import ChatRequest, Identity
from bots.api_models import (
    PROBLEM_JSON,
    ChatError,
    ChatReplies,
    CustomerOrders,
    OrderEventAccepted,
    Problem,
    TicketAssignment,
    TicketList,
    TicketOut,
    TicketPatch,
)
from core.masking import mask_order_no
from core.order import Order, OrderStatus, is_order_no
from core.proactive.events import Event, body_digest
from core.proactive.service import Proactive
from core.services import Services
from core.settings import API_SCOPES
from core.sources import SourceUnavailable
from core.tickets import TicketStatus

log = structlog.get_logger(__name__)

SERVICES_KEY = web.AppKey("rest_services", Services)
PROACTIVE_KEY = web.AppKey("rest_proactive", Proactive)
TOKEN_NAME = web.RequestKey("rest_token_name", str)
"""The name of the token a request came with (logged and kept in ticket histories)."""
PUBLIC = {"/api/chat", "/api/inbox"}
"""The web chat's own endpoints: open to the page, not guarded by the shop's API token."""
ALL_SCOPES = frozenset(API_SCOPES)
RETRY_AFTER_SECONDS = 30
"""What a 503 for an order source that is down asks the caller to wait."""
MAX_LIMIT = 200
IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_SECONDS = 7 * 24 * 3600

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class Param:
    """A path or query parameter as OpenAPI describes it."""

    name: str
    where: str  # "path" | "query"
    schema: dict[str, Any]
    description: str
    required: bool = False


@dataclass(frozen=True)
class Endpoint:
    """One route: how it is mounted, what it needs and what it answers (`bots.openapi`)."""

    method: str
    path: str
    """aiohttp's path; `{name:regex}` appears as `{name}` in the description."""
    handler: Handler | None
    """None: mounted elsewhere (the web chat), described here."""
    operation_id: str
    summary: str
    scope: str | None
    """None: public (the web chat's own routes)."""
    responses: dict[int, tuple[type[BaseModel], str]]
    body: type[BaseModel] | None = None
    params: tuple[Param, ...] = ()
    tag: str = "orders"
    headers: tuple[Param, ...] = field(default=())


def problem(status: int, detail: str, **extra: Any) -> web.Response:
    body = Problem.of(status, detail, **extra).model_dump(mode="json", exclude_none=True)
    response = web.json_response(body, status=status, content_type=PROBLEM_JSON)
    if status == 401:
        response.headers["WWW-Authenticate"] = "Bearer"
    return response


def _model(model: BaseModel, status: int = 200) -> web.Response:
    return web.json_response(model.model_dump(mode="json"), status=status)


def _scopes_of(services: Services, given: str) -> tuple[str, frozenset[str]] | None:
    """The name and scopes of the bearer token `given`, or None when it is none of ours.
    Every configured token is compared (constant time each), whichever matches."""
    settings = services.settings
    found: tuple[str, frozenset[str]] | None = None
    if settings.api_token is not None:
        expected = f"Bearer {settings.api_token.get_secret_value()}"
        if hmac.compare_digest(given.encode(), expected.encode()):
            found = ("shop", ALL_SCOPES)
    for token in settings.api_tokens:
        expected = f"Bearer {token.token.get_secret_value()}"
        if hmac.compare_digest(given.encode(), expected.encode()) and found is None:
            found = (token.name, frozenset(token.scopes))
    return found


@web.middleware
async def _scoped_token(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not request.path.startswith("/api/") or request.path in PUBLIC:
        return await handler(request)
    services = request.app[SERVICES_KEY]
    if services.settings.api_token is None and not services.settings.api_tokens:
        return problem(503, "the REST API is off: set ORDERSUPPORT_API_TOKEN(S)")
    holder = _scopes_of(services, request.headers.get("Authorization", ""))
    if holder is None:
        return problem(401, "missing or wrong bearer token")
    name, scopes = holder
    resource = request.match_info.route.resource
    if resource is None:  # no route (404) or not this method (405)
        failure = getattr(request.match_info, "http_exception", None)
        status = failure.status if isinstance(failure, web.HTTPException) else 404
        return problem(status, "no such route" if status == 404 else "method not allowed")
    method = "GET" if request.method == "HEAD" else request.method
    needed = SCOPES.get((method, resource.canonical))
    if needed is not None and needed not in scopes:
        log.info("api_scope_refused", token=name, scope=needed)
        return problem(403, f"this token lacks the scope {needed}", required_scope=needed)
    request[TOKEN_NAME] = name
    try:
        return await handler(request)
    except SourceUnavailable:
        response = problem(503, "the shop's order system is not answering; try again shortly")
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


async def _json_body(request: web.Request, model: type[BaseModel]) -> Any:
    """The request's body as `model`, or a 400 problem to answer with."""
    try:
        doc = await request.json()
    except (ValueError, UnicodeDecodeError, RecursionError):
        return problem(400, "the body must be JSON")
    try:
        return model.model_validate(doc)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        return problem(400, f"{where}: {first['msg']}")


def _limit(request: web.Request, default: int = 50) -> int | web.Response:
    raw = request.query.get("limit", str(default))
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        return problem(400, f"limit: a whole number from 1 to {MAX_LIMIT}")
    return int(raw)


def _ticket_id(request: web.Request) -> int | None:
    raw = request.match_info["ticket_id"]
    return int(raw) if raw.isdigit() and len(raw) < 12 else None


# --- orders ----------------------------------------------------------------------------------


_NOT_AN_ORDER_NO = "an order number is 3 to 64 letters, digits or #-_/"


async def get_order(request: web.Request) -> web.Response:
    if not is_order_no(request.match_info["order_no"]):
        return problem(400, _NOT_AN_ORDER_NO)  # a NUL byte, 8,000 digits: never reaches a source
    order = await request.app[SERVICES_KEY].hub.get_order(request.match_info["order_no"])
    if order is None:
        return problem(404, "no such order")
    return _model(order)


async def customer_orders(request: web.Request) -> web.Response:
    limit = _limit(request)
    if isinstance(limit, web.Response):
        return limit
    status = request.query.get("status")
    if status is not None and status not in {s.value for s in OrderStatus}:
        return problem(400, f"status: one of {[s.value for s in OrderStatus]}")
    customer_id = request.match_info["customer_id"]
    found = await request.app[SERVICES_KEY].hub.list_customer_orders(customer_id)
    orders = [o for o in found if status is None or o.status.value == status]
    return _model(
        CustomerOrders(
            customer_id=customer_id,
            orders=orders[:limit],
            truncated=len(orders) > limit,
            unavailable=list(found.unavailable),
        )
    )


async def post_order_event(request: web.Request) -> web.Response:
    """The canonical order (the shape shop webhooks produce) upserted and queued: the same
    path as `/webhooks/shop/canonical`, authenticated by a token instead of a signature."""
    services = request.app[SERVICES_KEY]
    body = await request.read()
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return problem(400, "the body must be JSON: one canonical order")
    key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()[:160] or body_digest(body)
    seen_key = f"api-order-event:{key}"
    seen = await services.keys.get(seen_key)
    if seen is not None:
        return _model(OrderEventAccepted(order_no=seen, queued=False, duplicate=True))
    try:
        change = await canonical_change(services, "", doc)
    except Rejected as exc:
        return problem(400, str(exc))
    order = change.order
    assert order is not None  # a canonical body is always an order to store
    await services.orders.save(order)
    await services.keys.put(seen_key, order.order_no, IDEMPOTENCY_SECONDS)
    proactive = request.app.get(PROACTIVE_KEY)
    queued = False
    if proactive is not None:
        queued = await proactive.submit(
            Event(id=f"api:{key}", order_no=order.order_no, source="api")
        )
    log.info("api_order_event", token=request.get(TOKEN_NAME), order=mask_order_no(order.order_no))
    return _model(OrderEventAccepted(order_no=order.order_no, queued=queued), status=202)


# --- tickets ---------------------------------------------------------------------------------


async def list_tickets(request: web.Request) -> web.Response:
    status = request.query.get("status")
    if status is not None and status not in {s.value for s in TicketStatus}:
        return problem(400, f"status: one of {[s.value for s in TicketStatus]}")
    order_no = request.query.get("order_no")
    if order_no is not None and not is_order_no(order_no):
        return problem(400, _NOT_AN_ORDER_NO)
    tickets = await request.app[SERVICES_KEY].tickets.list(
        order_no=order_no,
        status=status,
        customer_id=request.query.get("customer_id"),
    )
    return _model(TicketList(tickets=[TicketOut.of(t) for t in tickets]))


async def get_ticket(request: web.Request) -> web.Response:
    ticket_id = _ticket_id(request)
    ticket = await request.app[SERVICES_KEY].tickets.get(ticket_id) if ticket_id else None
    if ticket is None:
        return problem(404, "no such ticket")
    return _model(TicketOut.of(ticket))


async def patch_ticket(request: web.Request) -> web.Response:
    ticket_id = _ticket_id(request)
    if ticket_id is None:
        return problem(404, "no such ticket")
    patch = await _json_body(request, TicketPatch)
    if isinstance(patch, web.Response):
        return patch
    ticket = await request.app[SERVICES_KEY].tickets.change(
        ticket_id, by=request[TOKEN_NAME], status=patch.status, note=patch.note
    )
    if ticket is None:
        return problem(404, "no such ticket")
    log.info("api_ticket_status", token=request[TOKEN_NAME], ticket=ticket_id, status=patch.status)
    return _model(TicketOut.of(ticket))


async def assign_ticket(request: web.Request) -> web.Response:
    ticket_id = _ticket_id(request)
    if ticket_id is None:
        return problem(404, "no such ticket")
    assignment = await _json_body(request, TicketAssignment)
    if isinstance(assignment, web.Response):
        return assignment
    ticket = await request.app[SERVICES_KEY].tickets.change(
        ticket_id,
        by=request[TOKEN_NAME],
        assignee=assignment.assignee,
        unassign=assignment.assignee is None,
    )
    if ticket is None:
        return problem(404, "no such ticket")
    log.info("api_ticket_assigned", token=request[TOKEN_NAME], ticket=ticket_id)
    return _model(TicketOut.of(ticket))


# --- the table -------------------------------------------------------------------------------

_AUTH_ERRORS: dict[int, tuple[type[BaseModel], str]] = {
    401: (Problem, "Missing or unknown bearer token"),
    403: (Problem, "The token lacks the route's scope"),
    503: (Problem, "The REST API is off, or the order source is not answering (Retry-After)"),
}
_ORDER_NO = Param("order_no", "path", {"type": "string"}, "The order number", required=True)
_CUSTOMER = Param("customer_id", "path", {"type": "string"}, "Our customer id", required=True)
_TICKET = Param("ticket_id", "path", {"type": "integer"}, "The ticket's id", required=True)
_LIMIT = Param(
    "limit", "query", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 50}, ""
)
_WHO = (Param("user", "query", {"type": "string", "maxLength": 128}, "A demo/visitor user id"),)

ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        "GET",
        "/api/orders/{order_no:.+}",  # "/" in Tokopedia numbers
        get_order,
        "getOrder",
        "One order in the canonical format",
        "read:orders",
        {
            200: (Order, "The order"),
            400: (Problem, "Not an order number"),
            404: (Problem, "No such order"),
            **_AUTH_ERRORS,
        },
        params=(_ORDER_NO,),
    ),
    Endpoint(
        "GET",
        "/api/customers/{customer_id}/orders",
        customer_orders,
        "listCustomerOrders",
        "A customer's orders, newest first, from every order source",
        "read:orders",
        {200: (CustomerOrders, "The orders"), 400: (Problem, "Bad filter"), **_AUTH_ERRORS},
        params=(
            _CUSTOMER,
            Param("status", "query", {"enum": [s.value for s in OrderStatus]}, "Only this status"),
            _LIMIT,
        ),
    ),
    Endpoint(
        "POST",
        "/api/order-events",
        post_order_event,
        "postOrderEvent",
        "An order event: the order's new state in the canonical format, upserted and queued for "
        "the proactive worker (as /webhooks/shop/canonical)",
        "write:orders",
        {
            200: (OrderEventAccepted, "Seen before (the same Idempotency-Key): nothing stored"),
            202: (OrderEventAccepted, "Stored and queued"),
            400: (Problem, "Not JSON, or not a canonical order"),
            **_AUTH_ERRORS,
        },
        body=Order,
        headers=(
            Param(
                IDEMPOTENCY_HEADER,
                "header",
                {"type": "string", "maxLength": 160},
                "Retries with the same key store nothing twice (default: a digest of the body)",
            ),
        ),
    ),
    Endpoint(
        "GET",
        "/api/tickets",
        list_tickets,
        "listTickets",
        "Tickets, most urgent first",
        "read:tickets",
        {200: (TicketList, "The tickets"), 400: (Problem, "Bad filter"), **_AUTH_ERRORS},
        params=(
            Param("order_no", "query", {"type": "string"}, "Only this order's"),
            Param("status", "query", {"enum": [s.value for s in TicketStatus]}, "Only this status"),
            Param("customer_id", "query", {"type": "string"}, "Only this customer's"),
        ),
        tag="tickets",
    ),
    Endpoint(
        "GET",
        "/api/tickets/{ticket_id}",
        get_ticket,
        "getTicket",
        "One ticket, with its assignee and the changes made through the API",
        "read:tickets",
        {200: (TicketOut, "The ticket"), 404: (Problem, "No such ticket"), **_AUTH_ERRORS},
        params=(_TICKET,),
        tag="tickets",
    ),
    Endpoint(
        "PATCH",
        "/api/tickets/{ticket_id}",
        patch_ticket,
        "changeTicketStatus",
        "Change a ticket's status (kept in its history with the token's name)",
        "write:tickets",
        {
            200: (TicketOut, "The changed ticket"),
            400: (Problem, "Not a status change"),
            404: (Problem, "No such ticket"),
            **_AUTH_ERRORS,
        },
        body=TicketPatch,
        params=(_TICKET,),
        tag="tickets",
    ),
    Endpoint(
        "POST",
        "/api/tickets/{ticket_id}/assign",
        assign_ticket,
        "assignTicket",
        "Assign a ticket to someone (null: to nobody)",
        "write:tickets",
        {
            200: (TicketOut, "The assigned ticket"),
            400: (Problem, "Not an assignment"),
            404: (Problem, "No such ticket"),
            **_AUTH_ERRORS,
        },
        body=TicketAssignment,
        params=(_TICKET,),
        tag="tickets",
    ),
)

WEB_CHAT: tuple[Endpoint, ...] = (
    Endpoint(
        "POST",
        "/api/chat",
        None,  # served by adapters.web: described here
        "chat",
        "One chat turn of the web channel: the bot's replies",
        None,
        {200: (ChatReplies, "The replies"), 400: (ChatError, "Malformed request")},
        body=ChatRequest,
        tag="web chat",
    ),
    Endpoint(
        "GET",
        "/api/inbox",
        None,
        "inbox",
        "What arrived for a web user since their last request (staff, notices)",
        None,
        {200: (ChatReplies, "The waiting replies"), 400: (ChatError, "Malformed request")},
        params=_WHO,
        tag="web chat",
    ),
    Endpoint(
        "POST",
        "/api/inbox",
        None,
        "inboxSigned",
        "As GET, for a signed user (the identity in the body)",
        None,
        {200: (ChatReplies, "The waiting replies"), 400: (ChatError, "Malformed request")},
        body=Identity,
        tag="web chat",
    ),
)


def template(path: str) -> str:
    """An aiohttp path with its regexes dropped: `/api/orders/{order_no}`."""
    return re.sub(r"\{(\w+):[^}]+\}", r"{\1}", path)


SCOPES: dict[tuple[str, str], str] = {
    (e.method, template(e.path)): e.scope for e in ENDPOINTS if e.scope is not None
}
"""The scope each guarded route needs, by method and route template."""


def register(app: web.Application, services: Services, proactive: Proactive | None = None) -> None:
    """Mount the REST API and its token check; `proactive` queues the order events."""
    app[SERVICES_KEY] = services
    if proactive is not None:
        app[PROACTIVE_KEY] = proactive
    app.middlewares.append(_scoped_token)
    for endpoint in ENDPOINTS:
        assert endpoint.handler is not None
        app.router.add_route(endpoint.method, endpoint.path, endpoint.handler)
