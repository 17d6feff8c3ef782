"""Rate limits per chat user and per IP for the chat API, the REST API and the webhooks.

`rate_limit_middleware(services, rules)` is an aiohttp middleware; put it first, before the
bearer-token check, so guessing tokens is limited too. Each `Rule` applies to requests whose path
starts with one of its prefixes and counts them per client IP or per chat user:
- with Redis (`services.redis`), a sliding window kept by a Lua script (a sorted set per key,
  shared by every web process);
- without it, `services.keys.hit` (a fixed window in the process).

A limited request gets `429 Too Many Requests` with `Retry-After`, or, for rules with
`drop=True`, `200` and nothing processed: Telegram and WeChat stop delivering *all* updates of
the bot while one webhook call fails, so one flooding user must not stall everyone else.

The counters hold no personal data: IPs and user ids are keyed by a truncated SHA-256.
If the limiter's store fails the request passes (a limiter must not become an outage).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

import structlog
from aiohttp import web

log = structlog.get_logger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
UserOf = Callable[[web.Request, bytes], str | None]

_SLIDING_WINDOW = """
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window_ms = tonumber(ARGV[2])
local member = ARGV[3]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window_ms)
local count = redis.call('ZCARD', key)
if count < limit then
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, window_ms)
  return {1, count + 1, 0}
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
local wait = window_ms
if oldest[2] then wait = tonumber(oldest[2]) + window_ms - now end
return {0, count, wait}
"""


@dataclass(frozen=True)
class Rule:
    name: str
    prefixes: tuple[str, ...]
    limit: int
    window_seconds: int = 60
    per: Literal["ip", "user"] = "ip"
    user_of: UserOf | None = None
    """For `per="user"`: who sent the request, from the request and its body (None: skip)."""
    drop: bool = False
    """Answer 200 with an empty body instead of 429 (platform webhooks)."""
    methods: frozenset[str] = field(default_factory=lambda: frozenset({"POST"}))

    def applies(self, request: web.Request) -> bool:
        return request.method in self.methods and any(
            request.path == p or request.path.startswith(p.rstrip("/") + "/") for p in self.prefixes
        )


# --- who sent it ------------------------------------------------------------------------------


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None


def chat_user(_: web.Request, body: bytes) -> str | None:
    """`POST /api/chat`: the `user` of the JSON body."""
    data = _json(body)
    user = data.get("user") if isinstance(data, dict) else None
    return f"web:{user.strip()[:128]}" if isinstance(user, str) and user.strip() else None


def telegram_user(_: web.Request, body: bytes) -> str | None:
    """A Telegram update: `from.id` of its message, callback query or other member."""
    data = _json(body)
    if not isinstance(data, dict):
        return None
    for value in data.values():
        if isinstance(value, dict):
            sender = value.get("from") or value.get("chat")
            if isinstance(sender, dict) and isinstance(sender.get("id"), int | str):
                return f"telegram:{sender['id']}"
    return None


_WECHAT_FROM = re.compile(rb"<FromUserName>\s*<!\[CDATA\[([^\]]{1,128})\]\]>", re.I)


def wechat_user(request: web.Request, body: bytes) -> str | None:
    """A WeChat message: its `openid` query parameter, else the plain-mode `FromUserName`."""
    openid = request.query.get("openid")
    if openid:
        return f"wechat:{openid[:128]}"
    match = _WECHAT_FROM.search(body[:4096])
    return f"wechat:{match.group(1).decode(errors='replace')}" if match else None


def default_rules(settings: Any = None) -> list[Rule]:
    """The limits `serve` uses; the numbers come from settings when they have them:
    `rate_limit_chat_per_minute` (per web user, default 30), `rate_limit_ip_per_minute`
    (per IP on the chat and REST API, default 120), `rate_limit_webhook_per_minute` (per chat
    user on the Telegram and WeChat webhooks, default 60)."""

    def number(name: str, default: int) -> int:
        value = getattr(settings, name, None)
        return int(value) if isinstance(value, int) and value > 0 else default

    chat = number("rate_limit_chat_per_minute", 30)
    per_ip = number("rate_limit_ip_per_minute", 120)
    webhook = number("rate_limit_webhook_per_minute", 60)
    return [
        Rule("chat-user", ("/api/chat",), chat, per="user", user_of=chat_user),
        Rule("api-ip", ("/api",), per_ip, methods=frozenset({"GET", "POST", "PUT", "DELETE"})),
        Rule("telegram-user", ("/webhooks/telegram",), webhook, per="user",
             user_of=telegram_user, drop=True),
        Rule("wechat-user", ("/webhooks/wechat",), webhook, per="user",
             user_of=wechat_user, drop=True),
        Rule("webhook-ip", ("/webhooks", "/slack"), per_ip * 10),
    ]  # fmt: skip


# --- counting ---------------------------------------------------------------------------------


@dataclass
class Decision:
    allowed: bool
    count: int
    retry_after: int = 0


class Limiter:
    """Counts hits per rule and client in Redis (sliding window) or the KeyStore (fixed)."""

    def __init__(self, services: Any, prefix: str | None = None) -> None:
        self._redis = getattr(services, "redis", None)
        self._keys = services.keys
        settings = getattr(services, "settings", None)
        self._prefix = prefix if prefix is not None else getattr(settings, "redis_prefix", "os:")
        self._script = self._redis.register_script(_SLIDING_WINDOW) if self._redis else None

    async def hit(self, rule: Rule, who: str) -> Decision:
        digest = hashlib.sha256(who.encode()).hexdigest()[:24]
        if self._script is not None:
            key = f"{self._prefix}rl:{rule.name}:{digest}"
            allowed, count, wait = await self._script(
                keys=[key], args=[rule.limit, rule.window_seconds * 1000, uuid.uuid4().hex]
            )
            return Decision(bool(int(allowed)), int(count), max(1, math.ceil(int(wait) / 1000)))
        key = f"rl:{rule.name}:{digest}"
        count = await self._keys.hit(key, rule.window_seconds)
        if count <= rule.limit:
            return Decision(True, count)
        return Decision(False, count, max(1, await self._keys.remaining(key)))


def client_ip(request: web.Request, forwarded_hops: int = 0) -> str:
    """The peer address; behind `forwarded_hops` trusted proxies, the address they saw."""
    if forwarded_hops > 0:
        chain = [
            p.strip() for p in request.headers.get("X-Forwarded-For", "").split(",") if p.strip()
        ]
        if len(chain) >= forwarded_hops:
            return chain[-forwarded_hops]
    return request.remote or "unknown"


def rate_limit_middleware(
    services: Any,
    rules: Iterable[Rule] | None = None,
    *,
    forwarded_hops: int | None = None,
) -> Any:
    """An aiohttp middleware applying `rules` (default: `default_rules(services.settings)`).

    `forwarded_hops`: how many reverse proxies in front of the app append to X-Forwarded-For
    (default: the `trusted_proxy_hops` setting, else 0 = use the peer address)."""
    settings = getattr(services, "settings", None)
    chosen = list(rules) if rules is not None else default_rules(settings)
    hops = forwarded_hops
    if hops is None:
        hops = getattr(settings, "trusted_proxy_hops", 0)
        hops = hops if isinstance(hops, int) else 0
    limiter = Limiter(services)

    @web.middleware
    async def rate_limit(request: web.Request, handler: Handler) -> web.StreamResponse:
        applying = [rule for rule in chosen if rule.applies(request)]
        if not applying:
            return await handler(request)
        body = b""
        if any(rule.per == "user" for rule in applying) and request.can_read_body:
            body = await request.read()  # cached: the handler reads it again for free
        for rule in applying:
            who = (
                client_ip(request, hops)
                if rule.per == "ip"
                else (rule.user_of(request, body) if rule.user_of else None)
            )
            if not who:
                continue
            try:
                decision = await limiter.hit(rule, f"{rule.per}:{who}")
            except Exception:  # the limiter's store is down: let the request through
                log.warning("rate_limit_unavailable", rule=rule.name, exc_info=True)
                continue
            if not decision.allowed:
                log.info("rate_limited", rule=rule.name, path=request.path)
                if rule.drop:
                    return web.Response(status=200, text="")
                return web.json_response(
                    {"error": "too many requests", "retry_after": decision.retry_after},
                    status=429,
                    headers={"Retry-After": str(decision.retry_after)},
                )
        return await handler(request)

    return rate_limit
