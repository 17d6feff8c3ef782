"""The `wechat` channel: a WeChat Official Account webhook and sender, on wechatpy.

Thin by design: it verifies and decodes what WeChat sends, turns it into an `Inbound`, and renders
the core's `Reply` as WeChat text (numbered choices), `msgmenu` or template messages. The core
decides everything else, including every word the customer reads.

- `WeChatWebhook.handle_request(method, query, body)` is framework-neutral; `register(app, ...)`
  mounts it on aiohttp at `GET/POST /webhooks/wechat`.
- WeChat waits 5 s and retries a message up to three times. Each message is claimed once in the
  `KeyStore` (Redis in production); the reply is passive when the core is done within the budget,
  otherwise `success` now and a customer-service message when the reply is ready. Never twice.
- `WeChatSender` sends customer-service messages inside the 48-hour window since the customer's
  last message (tracked in the `KeyStore`), template messages outside it.
- The access token lives in wechatpy's session storage: Redis when configured (shared by every
  process, refreshed under a Redis lock so one process's refresh never invalidates another's
  token), memory otherwise.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Coroutine, Mapping
from contextlib import AbstractContextManager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import redis as sync_redis
import requests
import structlog
import xmltodict
from aiohttp import web
from wechatpy import WeChatClient, parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.events import ClickEvent, SubscribeEvent, SubscribeScanEvent
from wechatpy.exceptions import InvalidSignatureException, WeChatClientException
from wechatpy.messages import BaseMessage, ImageMessage, TextMessage, VoiceMessage
from wechatpy.replies import TextReply
from wechatpy.session import SessionStorage
from wechatpy.session.memorystorage import MemoryStorage
from wechatpy.session.redisstorage import RedisStorage
from wechatpy.utils import check_signature

from core.engine import Engine
from core.i18n import Localizer, best_language
from core.keys import KeyStore
from core.messages import (
    MAX_TEXT,
    ButtonsPart,
    ConfirmPart,
    Inbound,
    OrderCardPart,
    Reply,
    TextPart,
)
from core.outbound import DeliveryFailed, NoticeKind, WeChatTemplate, as_template, template_data
from core.services import Services
from core.settings import Settings

log = structlog.get_logger(__name__)

CHANNEL = "wechat"
MAX_CLOCK_SKEW_SECONDS = 300
"""Signed requests older (or newer) than this are refused as replays."""
PATH = "/webhooks/wechat"
DEFAULT_API_BASE = "https://api.weixin.qq.com/cgi-bin/"
TEXT_LIMIT_BYTES = 2048
"""WeChat's limit for one text message (passive or customer-service), in UTF-8 bytes."""
DEFAULT_REPLY_BUDGET = 4.0
"""Seconds the webhook waits for the core before answering `success` (WeChat gives up at 5)."""
DEDUP_TTL_SECONDS = 3600
"""WeChat retries within ~15 s; a claimed message is remembered much longer than that."""
WINDOW_SECONDS = 48 * 3600
"""Customer-service messages are allowed for 48 hours after the customer's last message."""
WINDOW_MARGIN_SECONDS = 60
"""Treat the last minute of the window as closed, so a message is not refused in flight."""
TOKEN_TTL_MARGIN_SECONDS = 300
"""Refresh the access token this long before WeChat expires it (the old one lives 5 more min)."""
SHUTDOWN_GRACE_SECONDS = 10.0
"""How long shutdown waits for late replies still being worked on."""
SUCCESS = b"success"
APOLOGY = "Sorry, something went wrong on our side. Please try again in a moment."
"""The engine's own apology msgid, so it is already translated in every catalog."""

_UNSUPPORTED_TYPES = ("video", "shortvideo", "location", "link", "file", "miniprogrampage")


@dataclass(frozen=True)
class WeChatResponse:
    status: int
    body: bytes
    content_type: str = "text/plain; charset=utf-8"


def _plain(status: int, text: str) -> WeChatResponse:
    return WeChatResponse(status, text.encode())


def _mask_openid(openid: str) -> str:
    return f"****{openid[-4:]}" if openid else ""


# --- rendering ------------------------------------------------------------------------------


def _numbered(labels: list[str], start: int) -> list[str]:
    return [f"{start + i}. {label}" for i, label in enumerate(labels)]


def reply_lines(reply: Reply, *, number_buttons: bool = True) -> list[str]:
    """A reply as lines of text; buttons numbered across the whole reply ("1. label").

    The numbering matches `Reply.buttons()`, which is how the core maps a typed number back.
    With `number_buttons=False` the button labels are left out (they go into a `msgmenu`).
    """
    lines: list[str] = []
    number = 1
    for part in reply.parts:
        match part:
            case TextPart(text=text):
                lines.append(text)
            case ButtonsPart(text=text, buttons=buttons):
                lines.append(text)
                labels = [b.label for b in buttons]
                if number_buttons:
                    lines.extend(_numbered(labels, number))
                number += len(labels)
            case ConfirmPart(text=text, yes=yes, no=no):
                lines.append(text)
                if number_buttons:
                    lines.extend(_numbered([yes.label, no.label], number))
                number += 2
            case OrderCardPart():
                lines.extend([part.title, part.status])
                lines.extend(f"{f.label}: {f.value}" for f in part.fields)
                lines.extend(part.lines)
    return [line for line in lines if line]


def reply_text(reply: Reply, *, number_buttons: bool = True) -> str:
    return "\n".join(reply_lines(reply, number_buttons=number_buttons))


def _cut_bytes(text: str, limit: int) -> tuple[str, str]:
    """The longest head of `text` that fits in `limit` UTF-8 bytes, and the rest."""
    head = text.encode()[:limit].decode(errors="ignore")
    return head, text[len(head) :]


def split_text(text: str, limit: int = TEXT_LIMIT_BYTES) -> list[str]:
    """Chunks of at most `limit` UTF-8 bytes, cut at line ends where a line allows it."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if len(candidate.encode()) <= limit:
            current = candidate
            continue
        if current:
            chunks.append(current)
        current = line
        while len(current.encode()) > limit:
            head, current = _cut_bytes(current, limit)
            chunks.append(head)
    if current:
        chunks.append(current)
    return chunks


def _cdata_safe(text: str) -> str:
    # wechatpy wraps reply text in CDATA, which "]]>" would end early.
    return text.replace("]]>", "]] >")


# --- the access token, shared through Redis ----------------------------------------------------


class SharedTokenClient(WeChatClient):
    """`WeChatClient` against a configurable API base, with its token in shared storage.

    The token is read from the storage on every call (its TTL there is WeChat's expiry minus a
    margin), so any process may fetch it and all others use it. Fetching happens under `lock`
    (a Redis lock across processes), and a process that waited re-reads the token first.
    """

    def __init__(
        self,
        appid: str,
        secret: str,
        *,
        api_base: str = DEFAULT_API_BASE,
        session: SessionStorage | None = None,
        lock: Callable[[], AbstractContextManager[Any]] | None = None,
        timeout: float = 10.0,
    ) -> None:
        super().__init__(appid, secret, session=session or MemoryStorage(), timeout=timeout)
        self.API_BASE_URL = api_base if api_base.endswith("/") else f"{api_base}/"
        self._lock = lock or _thread_lock()

    @property
    def access_token(self) -> str:
        token = self.session.get(self.access_token_key)
        return token or self._refresh(stale=None)

    def fetch_access_token(self) -> dict[str, Any]:
        """Called by wechatpy when WeChat says the token is invalid: replace that one."""
        token = self._refresh(stale=self.session.get(self.access_token_key))
        return {"access_token": token}

    def _refresh(self, stale: str | None) -> str:
        with self._lock():
            current = self.session.get(self.access_token_key)
            if current and current != stale:
                return str(current)  # another process refreshed it while we waited
            res = self._http.get(
                f"{self.API_BASE_URL}token",
                params={
                    "grant_type": "client_credential",
                    "appid": self.appid,
                    "secret": self.secret,
                },
                timeout=self.timeout,
            )
            result = self._handle_token_response(res)
            ttl = max(60, int(result.get("expires_in", 7200)) - TOKEN_TTL_MARGIN_SECONDS)
            self.session.set(self.access_token_key, result["access_token"], ttl)
            return str(result["access_token"])

    def _handle_token_response(self, res: requests.Response) -> dict[str, Any]:
        try:
            res.raise_for_status()
            result = res.json()
        except (requests.RequestException, ValueError) as exc:
            raise WeChatClientException(None, str(exc), client=self, response=res) from exc
        if result.get("errcode") or "access_token" not in result:
            raise WeChatClientException(
                result.get("errcode"), result.get("errmsg"), client=self, response=res
            )
        return dict(result)


def _thread_lock() -> Callable[[], AbstractContextManager[Any]]:
    lock = threading.Lock()
    return lambda: lock


def build_client(settings: Settings, redis: sync_redis.Redis | None = None) -> SharedTokenClient:
    """The WeChat API client of these settings; the token is shared through `redis` if given."""
    if not settings.wechat.app_id or settings.wechat.app_secret is None:
        raise ValueError("wechat_app_id and wechat_app_secret are required to call the WeChat API")
    session: SessionStorage = MemoryStorage()
    lock: Callable[[], AbstractContextManager[Any]] | None = None
    if redis is not None:
        session = RedisStorage(redis, prefix=f"{settings.redis_prefix}wechatpy")
        lock_name = f"{settings.redis_prefix}wechatpy:{settings.wechat.app_id}_token_lock"

        def lock() -> AbstractContextManager[Any]:
            return redis.lock(lock_name, timeout=30, blocking_timeout=30)

    return SharedTokenClient(
        settings.wechat.app_id,
        settings.wechat.app_secret.get_secret_value(),
        api_base=settings.wechat.api_base or DEFAULT_API_BASE,
        session=session,
        lock=lock,
    )


# --- outbound ------------------------------------------------------------------------------


class WeChatSender:
    """`core.outbound.Sender` for WeChat: customer-service messages in the 48-hour window,
    template messages (a `WeChatTemplate` per `NoticeKind` value, each key filled and fitted to
    its type) outside it."""

    channel = CHANNEL

    def __init__(
        self,
        client: WeChatClient,
        keys: KeyStore,
        templates: Mapping[str, str | WeChatTemplate | dict[str, Any]] | None = None,
        *,
        text_limit: int = TEXT_LIMIT_BYTES,
        timezone: str = "Asia/Shanghai",
        shop: str = "",
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.client = client
        self.keys = keys
        self.templates = {kind: as_template(t) for kind, t in (templates or {}).items()}
        self.text_limit = text_limit
        self.timezone = timezone
        self.shop = shop
        self.clock = clock

    @staticmethod
    def _window_key(openid: str) -> str:
        return f"wechat:window:{openid}"

    async def touch(self, openid: str) -> None:
        """The customer just wrote: (re)open their 48-hour customer-service window."""
        key = self._window_key(openid)
        if not await self.keys.claim(key, WINDOW_SECONDS):
            await self.keys.clear(key)
            await self.keys.claim(key, WINDOW_SECONDS)

    async def in_window(self, openid: str) -> bool:
        return await self.keys.remaining(self._window_key(openid)) > WINDOW_MARGIN_SECONDS

    async def send(
        self, chat_id: str, reply: Reply, *, kind: NoticeKind = NoticeKind.REPLY
    ) -> None:
        if reply.silent or not reply.parts:
            return
        if await self.in_window(chat_id):
            await self._call(self._send_custom, chat_id, reply)
            return
        template = self.templates.get(str(kind))
        if template is None:
            raise DeliveryFailed(f"outside the 48-hour window and no template for {kind}")
        await self._call(self._send_template, chat_id, reply, template)

    async def _call(self, fn: Callable[..., None], *args: Any) -> None:
        try:
            await asyncio.to_thread(fn, *args)
        except (WeChatClientException, requests.RequestException, sync_redis.RedisError) as exc:
            code = getattr(exc, "errcode", None)
            log.warning("wechat_send_failed", openid=_mask_openid(args[0]), errcode=code)
            raise DeliveryFailed(f"WeChat refused the message (errcode {code})") from exc

    def _send_custom(self, openid: str, reply: Reply) -> None:
        buttons = reply.buttons()
        if not buttons:
            for chunk in split_text(reply_text(reply), self.text_limit):
                self.client.message.send_text(openid, chunk)
            return
        chunks = split_text(reply_text(reply, number_buttons=False), self.text_limit) or [""]
        for chunk in chunks[:-1]:
            self.client.message.send_text(openid, chunk)
        menu = {
            "head_content": chunks[-1],
            "list": [{"id": str(i), "content": b.label} for i, b in enumerate(buttons, 1)],
            "tail_content": "",
        }
        self.client.message.send_msg_menu(openid, menu)

    def _send_template(self, openid: str, reply: Reply, template: WeChatTemplate) -> None:
        data = template_data(
            template, reply, now=self.clock(), timezone=self.timezone, shop=self.shop
        )
        self.client.message.send_template(openid, template.template_id, data, url=template.url)


# --- inbound -------------------------------------------------------------------------------


class BadRequest(ValueError):
    """The body is not a WeChat message we can read."""


@dataclass(frozen=True)
class _Incoming:
    message: BaseMessage
    inbound: Inbound | None
    """None: a WeChat event that needs no answer (unsubscribe, template receipts, ...)."""
    dedup_key: str


def to_inbound(message: BaseMessage, raw: Mapping[str, Any]) -> Inbound | None:
    """The core's view of one WeChat message, or None for events that need no answer."""
    openid = message.source
    if not openid:
        raise BadRequest("FromUserName is missing")
    msg_type = str(raw["MsgType"]).lower()
    text, payload = "", None
    if isinstance(message, TextMessage):
        text = message.content or ""
        menu_id = raw.get("bizmsgmenuid")
        if menu_id and str(menu_id).isdigit():
            text = str(menu_id)  # a msgmenu item: its id is the choice's number
    elif isinstance(message, VoiceMessage):
        text = (message.recognition or "").strip()
        payload = None if text else "unsupported:voice"
    elif isinstance(message, ImageMessage):
        payload = f"image:{message.media_id}"
    elif isinstance(message, SubscribeEvent | SubscribeScanEvent):
        payload = "event:subscribe"
    elif isinstance(message, ClickEvent):
        payload = message.key or None
        if payload is None:
            return None
    elif msg_type == "event" or msg_type.startswith("device_"):
        return None  # menu links, location reports, template receipts, unsubscribe, ...
    else:
        payload = f"unsupported:{msg_type[:64]}"
    return Inbound(
        channel=CHANNEL,
        user_id=openid,
        chat_id=openid,
        text=text[:MAX_TEXT],
        payload=payload,
        event_id=_event_id(message),
        locale_hint=None,
        timestamp=datetime.fromtimestamp(message.time, UTC) if message.time else datetime.now(UTC),
    )


def _event_id(message: BaseMessage) -> str:
    if message.id:
        return str(message.id)
    event = getattr(message, "event", "") or ""
    return f"{message.source}:{message.time}:{event}"[:128]


# --- the webhook ---------------------------------------------------------------------------


class WeChatWebhook:
    """`handle_request(method, query, body)` for any web framework; see `register` for aiohttp."""

    def __init__(
        self,
        engine: Engine,
        services: Services,
        *,
        sender: WeChatSender | None = None,
        reply_budget: float = DEFAULT_REPLY_BUDGET,
    ) -> None:
        settings = services.settings
        if settings.wechat.token is None:
            raise ValueError("wechat_token is required for the WeChat webhook")
        self.engine = engine
        self.services = services
        self.sender = sender
        self.reply_budget = reply_budget
        self._token = settings.wechat.token.get_secret_value()
        self._crypto: WeChatCrypto | None = None
        if settings.wechat.aes_key is not None:
            if not settings.wechat.app_id:
                raise ValueError("wechat_app_id is required with wechat_aes_key (safe mode)")
            self._crypto = WeChatCrypto(
                self._token, settings.wechat.aes_key.get_secret_value(), settings.wechat.app_id
            )
        self._pending: set[asyncio.Task[None]] = set()

    async def handle_request(
        self, method: str, query: Mapping[str, str], body: bytes
    ) -> WeChatResponse:
        if not self._signed(query):
            return _plain(403, "forged or missing signature")
        if method.upper() == "GET":
            return _plain(200, query.get("echostr", ""))
        if method.upper() != "POST":
            return _plain(405, "GET or POST only")
        try:
            incoming = self._read(query, body)
        except InvalidSignatureException:
            return _plain(403, "forged msg_signature")
        except Exception as exc:
            log.info("wechat_bad_request", reason=type(exc).__name__)
            return _plain(400, "malformed WeChat message")
        try:
            return await self._answer(incoming, query)
        except Exception:
            # The adapter's own path failed (e.g. the key store is down): apologise, don't 500.
            log.exception("wechat_webhook_failed", openid=_mask_openid(incoming.message.source))
            if incoming.inbound is None:
                return WeChatResponse(200, SUCCESS)
            apology = await self._apology(incoming.inbound)
            return self._passive(incoming.message, reply_text(apology), query)

    def _signed(self, query: Mapping[str, str]) -> bool:
        """A valid signature over a fresh timestamp: plain mode does not sign the body, so an
        old signed query must not be reusable with another body."""
        try:
            check_signature(self._token, query["signature"], query["timestamp"], query["nonce"])
            age = abs(time.time() - int(query["timestamp"]))
        except (KeyError, ValueError, InvalidSignatureException):
            return False
        return age <= MAX_CLOCK_SKEW_SECONDS

    def _read(self, query: Mapping[str, str], body: bytes) -> _Incoming:
        xml = body.decode()
        if query.get("encrypt_type") == "aes":
            if self._crypto is None:
                raise BadRequest("an encrypted message, but no AES key is configured")
            xml = self._crypto.decrypt_message(
                xml, query.get("msg_signature", ""), query["timestamp"], query["nonce"]
            )
        raw = xmltodict.parse(xml)["xml"]
        if not isinstance(raw, dict) or not raw.get("MsgType"):
            raise BadRequest("no MsgType")
        message = parse_message(xml)
        inbound = to_inbound(message, raw)
        return _Incoming(message, inbound, self._dedup_key(message))

    @staticmethod
    def _dedup_key(message: BaseMessage) -> str:
        return f"wechat:seen:{message.target}:{_event_id(message)}"

    async def _answer(self, incoming: _Incoming, query: Mapping[str, str]) -> WeChatResponse:
        inbound = incoming.inbound
        if inbound is None:
            return WeChatResponse(200, SUCCESS)
        if not await self.services.keys.claim(incoming.dedup_key, DEDUP_TTL_SECONDS):
            log.info("wechat_retry_ignored", event_id=inbound.event_id)
            return WeChatResponse(200, SUCCESS)
        if self.sender is not None:
            await self.sender.touch(inbound.chat_id)
        task = asyncio.create_task(self._reply_to(inbound))
        try:
            reply = await asyncio.wait_for(asyncio.shield(task), self.reply_budget)
        except TimeoutError:
            self._later(self._deliver(inbound.chat_id, task))
            return WeChatResponse(200, SUCCESS)
        except asyncio.CancelledError:  # the web framework gave up on the request
            self._later(self._deliver(inbound.chat_id, task))
            raise
        text = "" if reply.silent else reply_text(reply)
        if not text:
            return WeChatResponse(200, SUCCESS)
        if len(text.encode()) > TEXT_LIMIT_BYTES and self.sender is not None:
            self._later(self._deliver(inbound.chat_id, task))
            return WeChatResponse(200, SUCCESS)
        return self._passive(incoming.message, _cut_bytes(text, TEXT_LIMIT_BYTES)[0], query)

    def _passive(self, message: BaseMessage, text: str, query: Mapping[str, str]) -> WeChatResponse:
        xml = TextReply(message=message, content=_cdata_safe(text)).render()
        if query.get("encrypt_type") == "aes" and self._crypto is not None:
            xml = self._crypto.encrypt_message(xml, query["nonce"], query["timestamp"])
        return WeChatResponse(200, xml.encode(), "application/xml; charset=utf-8")

    async def _reply_to(self, inbound: Inbound) -> Reply:
        try:
            return await self.engine.handle(inbound)
        except Exception:
            log.exception("wechat_core_failed", event_id=inbound.event_id)
            return await self._apology(inbound)

    async def _apology(self, inbound: Inbound) -> Reply:
        language = None
        with suppress(Exception):
            language = (await self.services.sessions.load(inbound.conversation_key)).language
        language = language or best_language(None, self.services.settings.default_locale)
        return Reply(parts=[TextPart(text=Localizer(language)._(APOLOGY))], language=language)

    async def _deliver(self, openid: str, task: asyncio.Task[Reply]) -> None:
        reply = await task
        if self.sender is None:
            log.warning("wechat_late_reply_dropped", openid=_mask_openid(openid))
            return
        try:
            await self.sender.send(openid, reply, kind=NoticeKind.REPLY)
        except Exception:  # DeliveryFailed, or anything else: log it, never lose the loop
            log.exception("wechat_late_reply_failed", openid=_mask_openid(openid))

    def _later(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def drain(self) -> None:
        """Wait for every late reply still being worked on (tests, shutdown)."""
        while self._pending:
            await asyncio.gather(*list(self._pending), return_exceptions=True)


# --- aiohttp -------------------------------------------------------------------------------

WEBHOOK_KEY = web.AppKey("wechat_webhook", WeChatWebhook)


async def _route(request: web.Request) -> web.Response:
    body = await request.read() if request.method == "POST" else b""
    answer = await request.app[WEBHOOK_KEY].handle_request(request.method, request.query, body)
    return web.Response(
        status=answer.status, body=answer.body, headers={"Content-Type": answer.content_type}
    )


def register(app: web.Application, engine: Engine, services: Services) -> WeChatSender | None:
    """Mount `GET/POST /webhooks/wechat` when `wechat_token` is set; nothing otherwise.

    Returns the sender to add to `core.outbound.Senders`, or None when the app id and secret
    (needed for any message not sent as a passive reply) are not set.
    """
    settings = services.settings
    if settings.wechat.token is None:
        return None
    sender: WeChatSender | None = None
    sync: sync_redis.Redis | None = None
    if settings.wechat.app_id and settings.wechat.app_secret is not None:
        sync = sync_redis.Redis.from_url(settings.redis_url) if settings.redis_url else None
        templates = settings.wechat.templates
        sender = WeChatSender(
            build_client(settings, sync),
            services.keys,
            templates,
            timezone=settings.default_timezone,
            shop=settings.shop_name,
        )
    else:
        log.warning("wechat_passive_only", reason="wechat_app_id or wechat_app_secret unset")
    budget = settings.wechat.reply_budget_seconds
    webhook = WeChatWebhook(engine, services, sender=sender, reply_budget=budget)
    app[WEBHOOK_KEY] = webhook
    app.router.add_get(PATH, _route)
    app.router.add_post(PATH, _route)

    async def finish(_: web.Application) -> None:
        with suppress(TimeoutError):
            await asyncio.wait_for(webhook.drain(), SHUTDOWN_GRACE_SECONDS)
        if sync is not None:
            sync.close()

    app.on_shutdown.append(finish)
    return sender
