"""Rate limits for the chat API, the REST API and the platform webhooks.

`rate_limit_middleware(limiter, rules)` is an aiohttp middleware; put it first, before the
bearer-token check, so guessing tokens is limited too. Each `Rule` applies to requests whose path
starts with one of its prefixes and counts them per client IP or per chat user; the `Limiter`
counts:
- with Redis, a sliding window kept by a Lua script (a sorted set per key, shared by every web
  process);
- without it, `KeyStore.hit` (a fixed window in the process).

Browsers and API clients that go over a limit get `429 Too Many Requests` with `Retry-After`.

Platform webhooks are different: Telegram, WeChat, Slack and the shop platforms deliver from a
few shared addresses, and they answer a 429 or 5xx by retrying (Telegram and WeChat hold back
*every* later update of the bot meanwhile; Slack and Shopify disable a hook that keeps failing).
So a platform rule first checks the request's own signature (`verify`):
- a signed request is counted per chat user of that platform (`user_of`), never in a shared IP
  bucket, and load we choose to shed is answered the way the platform takes as delivered
  (`shed`: 200, WeChat's `success`), so it neither retries nor gives up on the hook;
- an unsigned one (forged, or a misconfigured sender) is counted per IP in the rule's own
  bucket and gets 429: real platforms never land there, and the handler would refuse it anyway.
Shop webhooks carry orders, which must never be shed: their rules have `limit=0` (no limit for
signed requests).

The counters hold no personal data: IPs and user ids are keyed by a truncated SHA-256.
If the limiter's store fails the request passes (a limiter must not become an outage).
With Redis, every rule a request falls under is counted by one script call: one round trip (on
a Cluster, where one call's keys must share a slot, the counts go out concurrently).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import math
import re
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import parse_qs

import structlog
from aiohttp import web
from aiohttp.typedefs import Middleware
from pydantic import SecretStr
from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster

from core.keys import KeyStore

if TYPE_CHECKING:
    from core.settings import Settings

log = structlog.get_logger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
UserOf = Callable[[web.Request, bytes], str | None]
Verify = Callable[[web.Request, bytes], bool]
Shed = Callable[[web.Request], web.StreamResponse]
MAX_SIGNATURE_AGE = 300
"""Slack and WeChat signatures over a timestamp older than this are not trusted (replays)."""

_SLIDING_WINDOWS = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local decisions = {}
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[3 * i - 2])
  local window_ms = tonumber(ARGV[3 * i - 1])
  local member = ARGV[3 * i]
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window_ms)
  local count = redis.call('ZCARD', key)
  if count < limit then
    redis.call('ZADD', key, now, member)
    redis.call('PEXPIRE', key, window_ms)
    decisions[i] = {1, count + 1, 0}
  else
    local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
    local wait = window_ms
    if oldest[2] then wait = tonumber(oldest[2]) + window_ms - now end
    decisions[i] = {0, count, wait}
  end
end
return decisions
"""
"""Each key (KEYS[i]) is its own sliding window: ARGV holds (limit, window in ms, a fresh
member) per key. Counted one key after another as if each had its own call; one call
counts a request under every rule it falls under."""


def delivered(_: web.Request) -> web.StreamResponse:
    """What a platform reads as "delivered, do not retry": an empty 200."""
    return web.Response(status=200, text="")


def wechat_delivered(_: web.Request) -> web.StreamResponse:
    """WeChat's own word for a message that needs no reply."""
    return web.Response(status=200, text="success")


@dataclass(frozen=True)
class Rule:
    name: str
    prefixes: tuple[str, ...]
    limit: int
    """Requests per window; 0 = no limit (for signed requests of a platform rule)."""
    window_seconds: int = 60
    per: Literal["ip", "user"] = "ip"
    user_of: UserOf | None = None
    """For `per="user"`: who sent the request, from the request and its body (None: skip)."""
    drop: bool = False
    """Answer with `shed` (an empty 200) instead of 429."""
    methods: frozenset[str] = field(default_factory=lambda: frozenset({"POST"}))
    verify: Verify | None = None
    """A platform rule: True when the request carries the platform's valid signature. Signed
    requests are counted per `user_of` and shed with `shed`; unsigned ones per IP (429)."""
    shed: Shed = delivered
    unverified_limit: int = 60
    """Per IP and window, for requests of a platform rule that fail `verify`."""
    exact: bool = False
    """Only the paths themselves, not what lies under them."""

    def applies(self, request: web.Request) -> bool:
        return request.method in self.methods and any(
            request.path == p or (not self.exact and request.path.startswith(p.rstrip("/") + "/"))
            for p in self.prefixes
        )


# --- who sent it ------------------------------------------------------------------------------


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


def chat_user(request: web.Request, body: bytes) -> str | None:
    """`POST /api/chat`: the web visitor. A signed customer counts under her id and signature
    (so forged signatures never use up her allowance), a visitor under the cookie's id, the
    demo shortcut under its `user`."""
    data = _json(body)
    data = data if isinstance(data, dict) else {}
    token = data.get("token")
    if isinstance(token, str) and token:
        return f"web:t:{_digest(token[:2048])}"
    user_id, user_hash = data.get("user_id"), data.get("user_hash")
    if isinstance(user_id, str) and user_id and isinstance(user_hash, str):
        return f"web:s:{_digest(user_id[:128], user_hash[:128])}"
    visitor = request.cookies.get("os_visitor")
    if visitor:
        return f"web:v:{visitor[:64]}"
    user = data.get("user")
    return f"web:{user.strip()[:128]}" if isinstance(user, str) and user.strip() else None


def telegram_user(_: web.Request, body: bytes) -> str | None:
    """A Telegram update: `from.id` of its message, callback query or other member."""
    data = _json(body)
    if not isinstance(data, dict):
        return None
    for value in data.values():
        if isinstance(value, dict):
            sender = value.get("from") or value.get("user") or value.get("chat")
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


def _slack_body(request: web.Request, body: bytes) -> dict[str, Any]:
    if request.content_type == "application/x-www-form-urlencoded":
        try:
            form = parse_qs(body.decode(), max_num_fields=100)
        except (UnicodeDecodeError, ValueError):
            return {}
        if "payload" in form:  # interactivity: one JSON field
            data = _json(form["payload"][0].encode())
            return data if isinstance(data, dict) else {}
        return {k: v[0] for k, v in form.items()}  # a slash command
    data = _json(body)
    return data if isinstance(data, dict) else {}


def slack_user(request: web.Request, body: bytes) -> str | None:
    """A Slack request: the staff member behind an event, a button press or a slash command;
    for an event that names nobody (a deletion), its workspace."""
    data = _slack_body(request, body)

    def inner(value: Any, key: str) -> Any:
        return value.get(key) if isinstance(value, dict) else None

    event = inner(data, "event")
    candidates = [
        inner(event, "user"),
        inner(inner(event, "message"), "user"),
        inner(inner(event, "previous_message"), "user"),
        inner(inner(data, "user"), "id"),
        data.get("user_id"),
    ]
    for candidate in candidates:
        if isinstance(candidate, str) and candidate:
            return f"slack:{candidate[:64]}"
    team = data.get("team_id") or inner(data.get("team"), "id")
    return f"slack:team:{str(team)[:64]}" if team else None


# --- is it really the platform? -----------------------------------------------------------------


def _secret(value: SecretStr | None) -> str | None:
    return (value.get_secret_value() or None) if value is not None else None


def _fresh(stamp: str, now: float | None = None) -> bool:
    try:
        return abs((time.time() if now is None else now) - int(stamp)) <= MAX_SIGNATURE_AGE
    except ValueError:
        return False


def telegram_verifier(settings: Settings) -> Verify:
    """The secret token Telegram sends in `X-Telegram-Bot-Api-Secret-Token`."""
    secret = _secret(settings.telegram.webhook_secret)

    def verify(request: web.Request, _: bytes) -> bool:
        given = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        return bool(secret and given) and hmac.compare_digest(
            str(given).encode(), str(secret).encode()
        )

    return verify


def wechat_verifier(settings: Settings) -> Verify:
    """WeChat's `signature`: SHA-1 over the sorted token, timestamp and nonce, fresh."""
    token = _secret(settings.wechat.token)

    def verify(request: web.Request, _: bytes) -> bool:
        query = request.query
        signature, stamp, nonce = (query.get(k, "") for k in ("signature", "timestamp", "nonce"))
        if not (token and signature and stamp and _fresh(stamp)):
            return False
        expected = hashlib.sha1("".join(sorted([token, stamp, nonce])).encode()).hexdigest()
        return hmac.compare_digest(signature.encode(), expected.encode())

    return verify


def slack_verifier(settings: Settings) -> Verify:
    """Slack's `v0=` HMAC-SHA256 over `v0:{timestamp}:{body}` with the signing secret."""
    secret = _secret(settings.slack.signing_secret)

    def verify(request: web.Request, body: bytes) -> bool:
        stamp = request.headers.get("X-Slack-Request-Timestamp", "")
        given = request.headers.get("X-Slack-Signature", "")
        if not (secret and stamp and given and _fresh(stamp)):
            return False
        mac = hmac.new(secret.encode(), b"v0:" + stamp.encode() + b":" + body, hashlib.sha256)
        return hmac.compare_digest(given.encode(), f"v0={mac.hexdigest()}".encode())

    return verify


def _hmac_b64(secret: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def shop_verifier(settings: Settings) -> Verify:
    """The shop platforms' HMACs of the raw body: ours (hex, `X-OrderSupport-Signature`),
    Shopify's (`X-Shopify-Hmac-Sha256`) and WooCommerce's (`X-WC-Webhook-Signature`), base64."""
    canonical = _secret(settings.shop_webhook_secret)
    shopify = _secret(settings.shopify.webhook_secret)
    woocommerce = _secret(settings.woocommerce.webhook_secret)

    def verify(request: web.Request, body: bytes) -> bool:
        headers = request.headers
        checks: list[tuple[str, str]] = []
        if canonical and "X-OrderSupport-Signature" in headers:
            expected = hmac.new(canonical.encode(), body, hashlib.sha256).hexdigest()
            checks.append((headers["X-OrderSupport-Signature"].strip().lower(), expected))
        if shopify and "X-Shopify-Hmac-Sha256" in headers:
            checks.append((headers["X-Shopify-Hmac-Sha256"], _hmac_b64(shopify, body)))
        if woocommerce and "X-WC-Webhook-Signature" in headers:
            checks.append((headers["X-WC-Webhook-Signature"], _hmac_b64(woocommerce, body)))
        return any(hmac.compare_digest(given.encode(), want.encode()) for given, want in checks)

    return verify


def default_rules(settings: Settings) -> list[Rule]:
    """The limits `serve` uses: `rate_limit_chat_per_minute` (per web visitor),
    `rate_limit_ip_per_minute` (per IP on the chat and REST API, and for unsigned webhook calls),
    `rate_limit_webhook_per_minute` (per chat user of a signed platform request)."""
    chat = max(1, settings.rate_limit_chat_per_minute)
    per_ip = max(1, settings.rate_limit_ip_per_minute)
    webhook = max(1, settings.rate_limit_webhook_per_minute)
    any_method = frozenset({"GET", "POST", "PUT", "DELETE"})
    return [
        Rule("chat-user", ("/api/chat",), chat, per="user", user_of=chat_user, exact=True),
        Rule("photo-ip", ("/chat/photo",), max(1, chat // 3)),
        Rule("page-ip", ("/chat/words", "/widget.js"), per_ip, methods=frozenset({"GET"})),
        Rule("api-ip", ("/api",), per_ip, methods=any_method),
        Rule(
            "telegram",
            ("/webhooks/telegram",),
            webhook,
            per="user",
            user_of=telegram_user,
            verify=telegram_verifier(settings),
            unverified_limit=per_ip,
        ),
        Rule(
            "wechat",
            ("/webhooks/wechat",),
            webhook,
            per="user",
            user_of=wechat_user,
            verify=wechat_verifier(settings),
            shed=wechat_delivered,
            unverified_limit=per_ip,
        ),
        Rule(
            "slack",
            ("/slack/events",),
            webhook,
            per="user",
            user_of=slack_user,
            verify=slack_verifier(settings),
            unverified_limit=per_ip,
        ),
        Rule(
            "shop", ("/webhooks/shop",), 0, verify=shop_verifier(settings), unverified_limit=per_ip
        ),
        Rule("files", ("/files",), per_ip, methods=frozenset({"GET"})),
    ]


# --- counting ---------------------------------------------------------------------------------


@dataclass
class Decision:
    allowed: bool
    count: int
    retry_after: int = 0


class Limiter:
    """Counts hits per rule and client in Redis (sliding window) or the KeyStore (fixed)."""

    def __init__(self, keys: KeyStore, redis: Redis | None = None, prefix: str = "os:") -> None:
        self._redis = redis
        self._keys = keys
        self._prefix = prefix
        self._script = self._redis.register_script(_SLIDING_WINDOWS) if self._redis else None

    async def hit(self, name: str, limit: int, window_seconds: int, who: str) -> Decision:
        return (await self.hit_many([(name, limit, window_seconds, who)]))[0]

    async def hit_many(self, hits: list[tuple[str, int, int, str]]) -> list[Decision]:
        """Count one request under several rules at once: (name, limit, window, who) each.
        With Redis, one script call counts them all: one round trip for the whole request (a
        pipeline of one script call a rule was two: redis-py asks SCRIPT EXISTS before every
        pipeline holding a script). On a Cluster, whose keys of one call must share a slot,
        each rule is its own call and the calls go out concurrently."""
        if self._script is None or self._redis is None:
            return [await self._fixed(*one) for one in hits]
        if isinstance(self._redis, RedisCluster):
            answers = await asyncio.gather(*(self._sliding([one]) for one in hits))
            return [self._decision(answer[0]) for answer in answers]
        return [self._decision(answer) for answer in await self._sliding(hits)]

    async def _sliding(self, hits: list[tuple[str, int, int, str]]) -> Any:
        assert self._script is not None
        keys: list[str] = []
        args: list[str | int] = []
        for name, limit, window_seconds, who in hits:
            digest = hashlib.sha256(who.encode()).hexdigest()[:24]
            keys.append(f"{self._prefix}rl:{name}:{digest}")
            args += [limit, window_seconds * 1000, uuid.uuid4().hex]
        return await self._script(keys=keys, args=args)

    @staticmethod
    def _decision(answer: Any) -> Decision:
        allowed, count, wait = answer
        return Decision(bool(int(allowed)), int(count), max(1, math.ceil(int(wait) / 1000)))

    async def _fixed(self, name: str, limit: int, window_seconds: int, who: str) -> Decision:
        digest = hashlib.sha256(who.encode()).hexdigest()[:24]
        key = f"rl:{name}:{digest}"
        count = await self._keys.hit(key, window_seconds)
        if count <= limit:
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


def _too_many(retry_after: int) -> web.Response:
    return web.json_response(
        {"error": "too many requests", "retry_after": retry_after},
        status=429,
        headers={"Retry-After": str(retry_after)},
    )


def rate_limit_middleware(
    limiter: Limiter, rules: Iterable[Rule], *, forwarded_hops: int = 0
) -> Middleware:
    """An aiohttp middleware applying `rules` (`serve` uses `default_rules(settings)`).

    `forwarded_hops`: how many reverse proxies in front of the app append to X-Forwarded-For
    (the `trusted_proxy_hops` setting; 0 = use the peer address)."""
    chosen = list(rules)
    hops = forwarded_hops

    async def count(hits: list[tuple[str, int, int, str]]) -> list[Decision | None]:
        try:
            return list(await limiter.hit_many(hits))
        except Exception:  # the limiter's store is down: let the request through
            log.warning("rate_limit_unavailable", rules=[h[0] for h in hits], exc_info=True)
            return [None] * len(hits)

    @web.middleware
    async def rate_limit(request: web.Request, handler: Handler) -> web.StreamResponse:
        applying = [rule for rule in chosen if rule.applies(request)]
        if not applying:
            return await handler(request)
        body = b""
        if any(r.per == "user" or r.verify for r in applying) and request.can_read_body:
            body = await request.read()  # cached: the handler reads it again for free
        # What each rule counts, then every count in one round trip, then the first refusal.
        plan: list[tuple[Rule, bool]] = []  # (rule, signed)
        hits: list[tuple[str, int, int, str]] = []
        for rule in applying:
            if rule.verify is not None and not rule.verify(request, body):
                ip = client_ip(request, hops)
                plan.append((rule, False))
                hits.append(
                    (f"{rule.name}-unsigned", rule.unverified_limit, rule.window_seconds, ip)
                )
                continue
            if rule.limit <= 0:
                continue
            who = (
                client_ip(request, hops)
                if rule.per == "ip"
                else (rule.user_of(request, body) if rule.user_of else None)
            )
            if not who:
                continue
            plan.append((rule, True))
            hits.append((rule.name, rule.limit, rule.window_seconds, f"{rule.per}:{who}"))
        decisions = await count(hits) if hits else []
        for (rule, signed), decision in zip(plan, decisions, strict=True):
            if decision is None or decision.allowed:
                continue
            if not signed:
                log.info("rate_limited", rule=rule.name, signed=False, path=request.path)
                return _too_many(decision.retry_after)
            if rule.verify is not None or rule.drop:
                log.info("load_shed", rule=rule.name, path=request.path, count=decision.count)
                return rule.shed(request)
            log.info("rate_limited", rule=rule.name, path=request.path)
            return _too_many(decision.retry_after)
        return await handler(request)

    return rate_limit
