"""A configurable REST/JSON order source, and the small JSON-over-HTTP client all connectors use.

A shop's own OMS, or a Chinese ERP aggregator, is plugged in by settings alone — base URL,
auth, endpoints and a declarative field mapping — with no code per shop. The mapping mirrors
the canonical order's shape; each leaf says where its value comes from:

- `"data.receiver.mobile"` — a dotted path into the shop's JSON (`items.0.sku` indexes lists);
- `{"const": "CNY"}` — a constant;
- `{"path": "status", "map": {"1": "paid", "2": "shipped"}, "default": "paid"}` — a value map;
- `{"join": ["first_name", "last_name"], "sep": " "}` — several values joined;
- `{"each": "goods", "fields": {...}}` — a list, each element mapped by `fields` (paths inside
  `fields` are relative to the element);
- a plain object — a nested object mapped field by field.

- `{"path": "created", "tz": "Asia/Shanghai"}` — a time without an offset, in that zone;
- `{"path": "oi_id", "as": "str"}` — the value as text (`"decimal"`: as an exact number);
  `"prefix": "jst:"` puts a text before it;
- `{"list": [{...}], "if": "l_id"}` — a one-element list, present only when `if` has a value
  (an ERP order that carries one parcel as plain fields).

A leaf whose value is missing is left out, so the canonical model's defaults apply. Request
bodies for writes are JSON templates: a string `"${address.city}"` is replaced by that value of
the request (`order_no`, `address`, `return`, `line_ids`), keeping its JSON type.

`shop sync` follows a source that configures `sync` (an endpoint listing orders modified in
a time window, `${since}`/`${until}` in the source's time zone and format, `${page}`), window
by window (`window_days`, as ERPs limit the range) and page by page.

Ready presets for common ERP/OMS aggregators live in `core/sources/presets/` (聚水潭
Jushuitan: `{"preset": "jushuitan", "auth": {...}}`); auth type `jushuitan` signs every call
the way its open platform requires.

Example (settings `ORDERSUPPORT_REST_SOURCES`, a JSON list):

```json
[{"name": "erp", "platform": "app", "base_url": "https://erp.example.cn/api",
  "auth": {"type": "header", "header": "X-Api-Key", "value": "..."},
  "order_no_pattern": "^E\\\\d{8}$",
  "endpoints": {
    "get_order": {"path": "/orders/{order_no}", "result": "data"},
    "customer_orders": {"path": "/orders", "params": {"buyer": "{customer_id}"},
                        "result": "data.list"},
    "search_orders": {"path": "/orders", "params": {"mobile": "{phone}", "email": "{email}"},
                      "result": "data.list"},
    "update_address": {"method": "POST", "path": "/orders/{order_no}/address",
                       "body": {"receiver": "${address.name}", "mobile": "${address.phone}"}}},
  "mapping": {"order_no": "order_sn", "status": {"path": "state", "map": {"10": "paid"}}, ...}}]
```
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

import aiohttp
import structlog
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from core.order import Address, Order, OrderStatus, Return, ReturnStatus
from core.sources.base import OrderNotFound
from core.sources.resilience import MalformedPayload, UpstreamError, client_timeout

log = structlog.get_logger(__name__)


# ----------------------------------------------------------------------------- HTTP


class HttpAnswer(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    status: int
    headers: dict[str, str]
    body: Any = None


class JsonHttp:
    """One aiohttp session per source; every request has a timeout; 5xx and non-JSON answers
    raise `UpstreamError` (a failure for the circuit breaker); 4xx answers are returned."""

    def __init__(
        self,
        base_url: str,
        *,
        headers: Mapping[str, str] | None = None,
        basic_auth: tuple[str, str] | None = None,
        params: Mapping[str, str] | None = None,
        timeout: float = 5.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._headers = {"Accept": "application/json", **(headers or {})}
        if basic_auth is not None:
            token = base64.b64encode(f"{basic_auth[0]}:{basic_auth[1]}".encode()).decode()
            self._headers["Authorization"] = f"Basic {token}"
        self._params = dict(params or {})
        self.timeout = timeout
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                headers=self._headers, timeout=client_timeout(self.timeout)
            )
        return self._session

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        raw_body: bytes | None = None,
        form: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> HttpAnswer:
        url = path if path.startswith(("http://", "https://")) else f"{self.base_url}{path}"
        query = {**self._params, **{k: str(v) for k, v in (params or {}).items()}}
        send_headers = dict(headers or {})
        data = raw_body
        if form is not None and raw_body is None:
            from urllib.parse import urlencode

            data = urlencode(form).encode()
            send_headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        elif body is not None and raw_body is None:
            data = json.dumps(body, ensure_ascii=False, default=str).encode()
            send_headers.setdefault("Content-Type", "application/json")
        async with self._client().request(
            method, url, params=query or None, data=data, headers=send_headers
        ) as response:
            text = await response.text()
            answer_headers = {k: v for k, v in response.headers.items()}
            if response.status >= 500:
                raise UpstreamError(f"{method} {path}: HTTP {response.status}")
            parsed: Any = None
            if text.strip():
                try:
                    parsed = json.loads(text)
                except ValueError as exc:
                    if response.status < 400:
                        raise MalformedPayload(f"{method} {path}: not JSON") from exc
                    parsed = text
            return HttpAnswer(status=response.status, headers=answer_headers, body=parsed)

    async def aclose(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


# ----------------------------------------------------------------------------- mapping

_MISSING = object()
_SPEC_KEYS = {"path", "const", "each", "join", "list"}


def dig(doc: Any, path: str) -> Any:
    """The value at a dotted path (`a.b.0.c`), or `_MISSING`."""
    current = doc
    for part in path.split("."):
        if isinstance(current, Mapping) and part in current:
            current = current[part]
        elif isinstance(current, list) and part.lstrip("-").isdigit():
            index = int(part)
            if not -len(current) <= index < len(current):
                return _MISSING
            current = current[index]
        else:
            return _MISSING
    return current


def _convert(spec: Mapping[str, Any], value: Any) -> Any:
    if spec.get("tz") and isinstance(value, str) and value.strip():
        from datetime import datetime
        from zoneinfo import ZoneInfo

        try:
            moment = datetime.fromisoformat(value.strip().replace("/", "-"))
        except ValueError:
            return value
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=ZoneInfo(spec["tz"]))
        value = moment.isoformat()
    if spec.get("prefix"):
        value = f"{spec['prefix']}{value}"
    if spec.get("as") == "str":
        value = str(value)
    elif spec.get("as") == "decimal":
        from decimal import Decimal, InvalidOperation

        try:
            value = str(Decimal(str(value)))
        except InvalidOperation:
            return value
    return value


def _leaf(spec: Any, doc: Any) -> Any:
    if isinstance(spec, str):
        value = dig(doc, spec)
        return _MISSING if value is None else value
    if "const" in spec:
        return spec["const"]
    if "list" in spec:
        present = dig(doc, spec["if"]) if spec.get("if") else True
        if present in (_MISSING, None, ""):
            return spec.get("default", _MISSING)
        return [map_document(fields, doc) for fields in spec["list"]]
    if "join" in spec:
        parts = [dig(doc, p) for p in spec["join"]]
        text = spec.get("sep", " ").join(str(p) for p in parts if p not in (_MISSING, None, ""))
        return text or spec.get("default", _MISSING)
    if "each" in spec:
        items = dig(doc, spec["each"])
        if not isinstance(items, list):
            return spec.get("default", _MISSING)
        return [map_document(spec["fields"], item) for item in items]
    value = dig(doc, spec["path"])
    if value in (_MISSING, None):
        return spec.get("default", _MISSING)
    if "map" in spec:
        key = str(value).lower() if isinstance(value, bool) else str(value)
        return spec["map"].get(key, spec.get("default", _MISSING))
    return _convert(spec, value)


def map_document(mapping: Mapping[str, Any], doc: Any) -> dict[str, Any]:
    """Apply a declarative mapping (see the module docstring) to one JSON document."""
    out: dict[str, Any] = {}
    for name, spec in mapping.items():
        if isinstance(spec, Mapping) and not (_SPEC_KEYS & spec.keys()):
            value: Any = map_document(spec, doc)
            if not value:
                continue
        else:
            value = _leaf(spec, doc)
        if value is not _MISSING:
            out[name] = value
    return out


def fill_template(template: Any, context: Mapping[str, Any]) -> Any:
    """Replace `"${dotted.path}"` strings in a JSON template by values from `context`."""
    if isinstance(template, str):
        match = re.fullmatch(r"\$\{([^}]+)\}", template)
        if match:
            value = dig(context, match.group(1))
            return None if value is _MISSING else value
        return template
    if isinstance(template, list):
        return [fill_template(t, context) for t in template]
    if isinstance(template, Mapping):
        return {k: fill_template(v, context) for k, v in template.items()}
    return template


# ----------------------------------------------------------------------------- config


class RestAuth(BaseModel):
    type: Literal["none", "bearer", "basic", "header", "query", "jushuitan"] = "none"
    token: SecretStr | None = None
    """Bearer token; for `jushuitan` the access_token."""
    app_key: str | None = None
    app_secret: SecretStr | None = None
    username: str | None = None
    password: SecretStr | None = None
    header: str = "X-Api-Key"
    param: str = "access_token"
    value: SecretStr | None = None


class RestEndpoint(BaseModel):
    method: str = "GET"
    path: str
    params: dict[str, str] = {}
    body: Any = None
    result: str | None = None
    """Dotted path to the order (or list of orders) in the answer; unset = the whole answer."""


class RestSync(BaseModel):
    """How `shop sync` lists the orders modified in a time window."""

    endpoint: str = "changed_orders"
    more: str | None = None
    """Dotted path to "another page follows" in the answer (else: a full page means more)."""
    page_size: int = 50
    window_days: float = 7
    """Longest window one query may cover (ERPs limit it; 聚水潭: 7 days)."""
    backfill_days: float = 30
    """How far back the first sync reaches."""
    timezone: str = "UTC"
    time_format: str = "%Y-%m-%d %H:%M:%S"


class RestSourceConfig(BaseModel):
    name: str
    platform: str = "app"
    base_url: str
    auth: RestAuth = RestAuth()
    timeout_seconds: float = 5.0
    order_no_pattern: str | None = None
    """Regex of this source's order numbers (routing hint); unset = may own any number."""
    customer_id_prefix: str = ""
    """Only customer ids with this prefix are asked for by id (e.g. "erp:")."""
    endpoints: dict[str, RestEndpoint] = Field(default_factory=dict)
    mapping: dict[str, Any]
    ok: dict[str, Any] | None = None
    """An answer is a success only when `{"path": "code", "equals": 0}` holds (ERPs answer
    HTTP 200 with an error code)."""
    sync: RestSync | None = None


# ----------------------------------------------------------------------------- source


def _http_for(config: RestSourceConfig) -> JsonHttp:
    auth = config.auth
    headers: dict[str, str] = {}
    params: dict[str, str] = {}
    basic: tuple[str, str] | None = None
    given = auth.token or auth.value
    secret = given.get_secret_value() if given is not None else ""
    if auth.type == "bearer":
        headers["Authorization"] = f"Bearer {secret}"
    elif auth.type == "basic":
        password = auth.password.get_secret_value() if auth.password else ""
        basic = (auth.username or "", password)
    elif auth.type == "header":
        headers[auth.header] = secret
    elif auth.type == "query":
        params[auth.param] = secret
    return JsonHttp(
        config.base_url,
        headers=headers,
        basic_auth=basic,
        params=params,
        timeout=config.timeout_seconds,
    )


class RestOrderSource:
    """An `OrderSource` driven entirely by a `RestSourceConfig`."""

    remote = True

    def __init__(
        self,
        config: RestSourceConfig,
        http: JsonHttp | None = None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.config = config
        self._clock = clock
        self.name = config.name
        self.platform = config.platform
        self._http = http or _http_for(config)
        self._pattern = re.compile(config.order_no_pattern) if config.order_no_pattern else None

    def owns(self, order_no: str) -> bool:
        return self._pattern is None or bool(self._pattern.fullmatch(order_no))

    def map_order(self, doc: Any) -> Order:
        fields = map_document(self.config.mapping, doc)
        fields.setdefault("platform", self.platform)
        try:
            return Order.model_validate(fields)
        except ValidationError as exc:
            raise MalformedPayload(f"{self.name}: {exc.errors()[0]['msg']}") from exc

    async def _call(self, endpoint: str, context: Mapping[str, Any]) -> HttpAnswer:
        spec = self.config.endpoints.get(endpoint)
        if spec is None:
            raise ValueError(f"{self.name}: no '{endpoint}' endpoint configured")
        text_context = {k: v for k, v in context.items() if isinstance(v, str)}
        path = spec.path.format(**{k: _quote(v) for k, v in text_context.items()})
        params = {}
        for key, value in spec.params.items():
            try:
                filled = value.format(**text_context)
            except KeyError:
                continue
            if filled:
                params[key] = filled
        body = fill_template(spec.body, context) if spec.body is not None else None
        if self.config.auth.type == "jushuitan":
            form = jushuitan_form(self.config.auth, body or {}, str(int(self._clock())))
            answer = await self._http.request(spec.method, path, params=params, form=form)
        else:
            answer = await self._http.request(spec.method, path, params=params, body=body)
        ok = self.config.ok
        if ok and answer.status < 400 and dig(answer.body, ok["path"]) != ok.get("equals", 0):
            message = dig(answer.body, ok.get("message", "msg"))
            raise UpstreamError(
                f"{self.name} {endpoint}: {message if message is not _MISSING else ''}"[:200]
            )
        return answer

    def _result(self, endpoint: str, answer: HttpAnswer) -> Any:
        spec = self.config.endpoints[endpoint]
        if not spec.result:
            return answer.body
        value = dig(answer.body, spec.result)
        return None if value is _MISSING else value

    def _orders(self, endpoint: str, answer: HttpAnswer) -> list[Order]:
        if answer.status >= 400:
            raise UpstreamError(f"{self.name} {endpoint}: HTTP {answer.status}")
        docs = self._result(endpoint, answer)
        if docs is None:
            return []
        if not isinstance(docs, list):
            raise MalformedPayload(f"{self.name} {endpoint}: not a list")
        return [self.map_order(doc) for doc in docs]

    async def get_order(self, order_no: str) -> Order | None:
        answer = await self._call("get_order", {"order_no": order_no})
        if answer.status == 404:
            return None
        if answer.status >= 400:
            raise UpstreamError(f"{self.name} get_order: HTTP {answer.status}")
        doc = self._result("get_order", answer)
        if isinstance(doc, list):
            doc = doc[0] if doc else None
        return self.map_order(doc) if doc else None

    async def list_customer_orders(self, customer_id: str) -> list[Order]:
        prefix = self.config.customer_id_prefix
        if "customer_orders" not in self.config.endpoints or not customer_id.startswith(prefix):
            return []
        bare = customer_id[len(prefix) :]
        answer = await self._call("customer_orders", {"customer_id": bare})
        return self._orders("customer_orders", answer)

    async def search_orders(
        self, *, email: str | None = None, phone: str | None = None
    ) -> list[Order]:
        if "search_orders" not in self.config.endpoints or not (email or phone):
            return []
        context = {"email": email or "", "phone": phone or ""}
        return self._orders("search_orders", await self._call("search_orders", context))

    async def _write(self, endpoint: str, order_no: str, context: dict[str, Any]) -> Order:
        answer = await self._call(endpoint, {"order_no": order_no, **context})
        if answer.status == 404:
            raise OrderNotFound(order_no)
        if answer.status >= 400:
            raise ValueError(f"{self.name} refused {endpoint}: HTTP {answer.status}")
        doc = self._result(endpoint, answer)
        if isinstance(doc, Mapping) and doc:
            try:
                return self.map_order(doc)
            except MalformedPayload:
                pass  # an acknowledgement, not the order: read it back
        order = await self.get_order(order_no)
        if order is None:
            raise OrderNotFound(order_no)
        return order

    async def update_address(self, order_no: str, address: Address) -> Order:
        return await self._write(
            "update_address", order_no, {"address": address.model_dump(mode="json")}
        )

    async def create_return(self, order_no: str, ret: Return) -> Order:
        return await self._write("create_return", order_no, {"return": ret.model_dump(mode="json")})

    async def cancel(self, order_no: str, line_ids: list[str] | None = None) -> Order:
        if line_ids:
            raise ValueError("cancel some lines through create_return")
        order = await self._write("cancel", order_no, {"line_ids": line_ids or []})
        if order.status is not OrderStatus.CANCELLED:
            order = order.model_copy(update={"status": OrderStatus.CANCELLED})
        return order

    async def update_return(self, order_no: str, return_id: str, status: ReturnStatus) -> Order:
        if "update_return" not in self.config.endpoints:
            raise ValueError(f"{self.name}: no 'update_return' endpoint configured")
        context = {"return_id": return_id, "status": status.value}
        return await self._write("update_return", order_no, context)

    async def changed_since(
        self, cursor: str | None, *, after: str | None = None
    ) -> tuple[list[Order], str | None, bool]:
        """One page of orders modified since `cursor` (ISO time): (orders, where to go on,
        whether more follow). Windows of at most `window_days`, each paged."""
        sync = self.config.sync
        if sync is None or sync.endpoint not in self.config.endpoints:
            raise ValueError(f"{self.name}: no 'sync' configured, so it cannot be synced")
        now = datetime.fromtimestamp(self._clock(), UTC)
        if after:
            start_text, _, page_text = after.partition("|")
            start, page = datetime.fromisoformat(start_text), int(page_text or 1)
        else:
            start = (
                datetime.fromisoformat(cursor)
                if cursor
                else now - timedelta(days=sync.backfill_days)
            )
            page = 1
        end = min(start + timedelta(days=sync.window_days), now)
        zone = ZoneInfo(sync.timezone)
        context = {
            "cursor": start.isoformat(),
            "since": start.astimezone(zone).strftime(sync.time_format),
            "until": end.astimezone(zone).strftime(sync.time_format),
            "page": page,
            "page_size": sync.page_size,
        }
        answer = await self._call(sync.endpoint, context)
        orders = []
        docs = self._result(sync.endpoint, answer) if answer.status < 400 else None
        if answer.status >= 400 or (docs is not None and not isinstance(docs, list)):
            raise UpstreamError(f"{self.name} sync: HTTP {answer.status}")
        for doc in docs or []:
            try:
                orders.append(self.map_order(doc))
            except MalformedPayload:
                log.warning("rest_order_skipped", source=self.name)
        more_here = (
            bool(dig(answer.body, sync.more)) if sync.more else len(docs or []) >= sync.page_size
        )
        if more_here:
            return orders, f"{start.isoformat()}|{page + 1}", True
        if end < now:
            return orders, f"{end.isoformat()}|1", True
        return orders, None, False

    async def aclose(self) -> None:
        await self._http.aclose()


def jushuitan_form(auth: RestAuth, biz: Any, timestamp: str) -> dict[str, str]:
    """The signed form 聚水潭's open platform takes: system parameters, `biz` (the JSON
    business parameters) and `sign` = MD5 of app_secret + every other parameter's name and
    value, sorted by name (lower-case hex)."""
    params = {
        "app_key": auth.app_key or "",
        "access_token": auth.token.get_secret_value() if auth.token else "",
        "timestamp": timestamp,
        "charset": "utf-8",
        "version": "2",
        "biz": json.dumps(biz, ensure_ascii=False, separators=(",", ":")),
    }
    secret = auth.app_secret.get_secret_value() if auth.app_secret else ""
    text = secret + "".join(f"{k}{params[k]}" for k in sorted(params))
    params["sign"] = hashlib.md5(text.encode()).hexdigest()
    return params


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")
