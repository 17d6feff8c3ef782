"""The Telegram channel without any chat SDK: what aiogram and python-telegram-bot share.

- rendering a core `Reply` into Telegram HTML messages (escaped, split at 4096 characters) with
  inline keyboards (callback data of at most 64 bytes; longer payloads are stored under a short
  id and sent as `k:<id>`);
- signed, expiring `/start` deep-link tokens that tie a Telegram user to a customer;
- dedup keys for update ids, the per-chat and global rate limiter, retries on 429;
- `classify`, what a private-chat message is (text, a photo, a voice note, a sticker, a
  service message, ...) from its Bot API fields, so both SDKs answer every kind alike;
- `TelegramHandler`, the one path of an update into the core, and `TelegramSender`, the
  `core.outbound.Sender` of the channel. The SDK modules only translate their objects and
  errors into the small `BotApi` protocol below.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import hmac
import html
import struct
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

import structlog

from core.i18n import Localizer, best_language
from core.messages import (
    MAX_TEXT,
    ButtonsPart,
    ConfirmPart,
    Inbound,
    OrderCardPart,
    Reply,
    TextPart,
)
from core.outbound import DeliveryFailed, NoticeKind
from core.services import Services
from core.settings import Settings

log = structlog.get_logger(__name__)

CHANNEL = "telegram"
MESSAGE_LIMIT = 4096
"""Telegram's longest message text (counted here in UTF-16 units of the HTML, which is safe)."""
CALLBACK_DATA_LIMIT = 64
"""Longest `callback_data` in bytes."""
START_PARAMETER_LIMIT = 64
"""Longest deep-link `start` parameter; allowed characters A-Z a-z 0-9 _ -."""
STORED_PREFIX = "k:"
STORED_TTL_SECONDS = 30 * 24 * 3600
DEDUP_TTL_SECONDS = 24 * 3600
"""Telegram keeps undelivered updates for 24 hours, so a retried update comes within that."""
LINK_TTL_SECONDS = 3 * 24 * 3600
EMPTY_TEXT = "…"
"""Telegram refuses empty messages; a keyboard with no text of its own gets this."""
START_EVENT = "event:start"
APOLOGY = "Sorry, something went wrong on our side. Please try again in a moment."
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]
"""What the bot asks Telegram for: a customer's messages and edits, button presses, and whether
the customer blocked or restarted the bot (logged)."""

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]


# --- rendering ----------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyButton:
    """One inline keyboard button: its label and the core payload it stands for."""

    text: str
    payload: str


@dataclass
class OutMessage:
    """One Telegram message: HTML text and inline keyboard rows (payloads, not yet encoded)."""

    html: str
    keyboard: list[list[KeyButton]] = field(default_factory=list)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


@dataclass(frozen=True)
class _Line:
    text: str
    bold: bool = False

    def html(self) -> str:
        return f"<b>{_esc(self.text)}</b>" if self.bold else _esc(self.text)


def _lines(text: str, bold: bool = False) -> list[_Line]:
    return [_Line(t, bold) for t in text.split("\n")]


def _card_lines(card: OrderCardPart) -> list[_Line]:
    lines = [_Line(card.title, bold=True)]
    if card.status:
        lines.append(_Line(card.status))
    lines.extend(_Line(f"{f.label}: {f.value}") for f in card.fields)
    for line in card.lines:
        lines.extend(_lines(line))
    return lines


def _split_line(line: _Line, limit: int) -> list[str]:
    """HTML pieces of one line, each within `limit`, preferring to cut at a space."""
    overhead = 7 if line.bold else 0  # <b></b>
    pieces: list[str] = []
    rest = line.text
    while rest:
        size, cut, best_space = 0, 0, 0
        for i, ch in enumerate(rest):
            size += utf16_len(_esc(ch))
            if size + overhead > limit:
                break
            cut = i + 1
            if ch.isspace():
                best_space = i + 1
        if cut < len(rest) and best_space > cut // 2:
            cut = best_space
        cut = max(cut, 1)
        pieces.append(_Line(rest[:cut], line.bold).html())
        rest = rest[cut:]
    return pieces or [""]


def _pack(lines: list[_Line], limit: int) -> list[str]:
    """Join lines with newlines into as few chunks within `limit` as possible."""
    pieces: list[str] = []
    for line in lines:
        pieces.extend(_split_line(line, limit) if line.text else [""])
    chunks: list[str] = []
    current: str | None = None
    for piece in pieces:
        if current is None:
            current = piece
        elif utf16_len(current) + 1 + utf16_len(piece) <= limit:
            current = f"{current}\n{piece}"
        else:
            chunks.append(current)
            current = piece
    if current is not None:
        chunks.append(current)
    cleaned = [c.strip("\n") for c in chunks]
    return [c for c in cleaned if c.strip()] or [""]


def render(reply: Reply, limit: int = MESSAGE_LIMIT) -> list[OutMessage]:
    """Telegram messages for a reply: text and cards flow into one message until a part with
    buttons closes it (the keyboard goes on its last chunk); text over `limit` is split.
    A silent reply renders to nothing."""
    if reply.silent:
        return []
    messages: list[OutMessage] = []
    lines: list[_Line] = []

    def close(keyboard: list[list[KeyButton]]) -> None:
        chunks = _pack(lines, limit)
        if chunks == [""] and not keyboard:
            lines.clear()
            return
        chunks = [c or EMPTY_TEXT for c in chunks]
        messages.extend(OutMessage(c) for c in chunks)
        messages[-1].keyboard = keyboard
        lines.clear()

    def blank() -> None:
        if lines:
            lines.append(_Line(""))

    for part in reply.parts:
        match part:
            case TextPart(text=t):
                blank()
                lines.extend(_lines(t))
            case OrderCardPart():
                blank()
                lines.extend(_card_lines(part))
            case ButtonsPart(text=t, buttons=bs):
                if t:
                    blank()
                    lines.extend(_lines(t))
                close([[KeyButton(b.label, b.payload)] for b in bs])
            case ConfirmPart(text=t, yes=y, no=n):
                blank()
                lines.extend(_lines(t))
                close([[KeyButton(y.label, y.payload), KeyButton(n.label, n.payload)]])
    if lines:
        close([])
    return messages


# --- callback data ------------------------------------------------------------------------


class PayloadStore(Protocol):
    """Where payloads too long for callback data wait (`core.keys.KeyStore` is one)."""

    async def put(self, key: str, value: str, ttl_seconds: int) -> None: ...

    async def get(self, key: str) -> str | None: ...


def payload_store_for(services: Services) -> PayloadStore:
    """The services' key store: Redis, shared by every process, when configured."""
    return services.keys


def _stored_id(payload: str) -> str:
    digest = hashlib.sha256(payload.encode()).digest()[:12]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


async def callback_data(store: PayloadStore, payload: str) -> str:
    """The payload itself when it fits in 64 bytes, else `k:<id>` with the payload stored."""
    if len(payload.encode()) <= CALLBACK_DATA_LIMIT and not payload.startswith(STORED_PREFIX):
        return payload
    short = _stored_id(payload)
    await store.put(f"telegram:cb:{short}", payload, STORED_TTL_SECONDS)
    return f"{STORED_PREFIX}{short}"


async def resolve_callback(store: PayloadStore, data: str) -> str | None:
    """The payload behind callback data; None when a stored one has expired."""
    if not data.startswith(STORED_PREFIX):
        return data
    return await store.get(f"telegram:cb:{data[len(STORED_PREFIX) :]}")


# --- deep links -----------------------------------------------------------------------------

_MAC_BYTES = 12
_MAX_CUSTOMER_BYTES = (START_PARAMETER_LIMIT * 3 // 4) - 4 - _MAC_BYTES


def link_key(secret: str) -> bytes:
    """The signing key of deep links, derived from the bot token or a dedicated secret."""
    return hmac.new(b"ordersupport/telegram/deep-link/v1", secret.encode(), "sha256").digest()


def link_key_for(settings: Settings, bot_token: str | None = None) -> bytes:
    """A dedicated `telegram.link_secret` setting when present, else the bot token."""
    dedicated = settings.telegram.link_secret
    if dedicated is not None:
        return link_key(dedicated.get_secret_value())
    token = bot_token or (
        settings.telegram.token.get_secret_value() if settings.telegram.token else None
    )
    if not token:
        raise ValueError("no Telegram bot token configured")
    return link_key(token)


def _mac(key: bytes, body: bytes) -> bytes:
    return hmac.new(key, b"start\0" + body, "sha256").digest()[:_MAC_BYTES]


def sign_link(
    key: bytes, customer_id: str, *, ttl_seconds: int = LINK_TTL_SECONDS, now: float | None = None
) -> str:
    """A start parameter (≤ 64 chars, base64url) carrying the customer id and an expiry."""
    customer = customer_id.encode()
    if not customer or len(customer) > _MAX_CUSTOMER_BYTES:
        raise ValueError(f"customer id must be 1 to {_MAX_CUSTOMER_BYTES} bytes long")
    expires = int((time.time() if now is None else now) + ttl_seconds)
    body = struct.pack(">I", expires) + customer
    raw = body[:4] + _mac(key, body) + body[4:]
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@dataclass(frozen=True)
class LinkCheck:
    customer_id: str | None
    reason: str
    """"ok", "malformed", "forged" or "expired"."""
    expires_at: int = 0
    nonce: str = ""
    """Identifies this one token (for single use)."""


def verify_link(key: bytes, token: str, *, now: float | None = None) -> LinkCheck:
    try:
        if not token or len(token) > START_PARAMETER_LIMIT:
            raise ValueError(token)
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (ValueError, binascii.Error):
        return LinkCheck(None, "malformed")
    if len(raw) <= 4 + _MAC_BYTES:
        return LinkCheck(None, "malformed")
    expires_bytes, mac, customer = raw[:4], raw[4 : 4 + _MAC_BYTES], raw[4 + _MAC_BYTES :]
    if not hmac.compare_digest(mac, _mac(key, expires_bytes + customer)):
        return LinkCheck(None, "forged")
    (expires,) = struct.unpack(">I", expires_bytes)
    nonce = base64.urlsafe_b64encode(mac).decode().rstrip("=")
    if expires <= (time.time() if now is None else now):
        return LinkCheck(None, "expired", expires, nonce)
    try:
        return LinkCheck(customer.decode(), "ok", expires, nonce)
    except UnicodeDecodeError:
        return LinkCheck(None, "malformed")


def link_url(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start={token}"


def start_argument(text: str) -> str | None:
    """`"/start"` -> "", `"/start@ShopBot abc"` -> "abc"; None when not a /start command."""
    head, _, rest = text.strip().partition(" ")
    if head.split("@", 1)[0].lower() != "/start":
        return None
    return rest.strip()


# --- dedup ----------------------------------------------------------------------------------


def bot_id_of(token: str) -> str:
    return token.split(":", 1)[0]


def dedup_key(bot_id: str, update_id: int) -> str:
    return f"telegram:update:{bot_id}:{update_id}"


# --- limits ---------------------------------------------------------------------------------


class RateLimiter:
    """Telegram's limits: about 30 messages a second overall and one a second per chat.

    Each caller reserves its slot under a lock and then waits outside it, so a busy chat
    never holds up the others. `clock` and `sleep` are injectable for tests."""

    def __init__(
        self,
        *,
        per_second: int = 30,
        per_chat_interval: float = 1.0,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.per_second = per_second
        self.per_chat_interval = per_chat_interval
        self.clock = clock
        self.sleep = sleep
        self._lock = asyncio.Lock()
        self._chat_next: dict[str, float] = {}
        self._sent: deque[float] = deque()

    async def wait(self, chat_id: str) -> float:
        """Wait for this chat's turn and a free global slot; return the seconds waited."""
        waited = 0.0
        async with self._lock:
            now = self.clock()
            at = max(now, self._chat_next.get(chat_id, now))
            self._chat_next[chat_id] = at + self.per_chat_interval
            self._forget_idle_chats(now)
        if at > now:
            await self.sleep(at - now)
            waited += at - now
        async with self._lock:
            now = self.clock()
            while self._sent and self._sent[0] <= now - 1.0:
                self._sent.popleft()
            at = now
            if len(self._sent) >= self.per_second:
                at = max(at, self._sent[-self.per_second] + 1.0)
            if self._sent:
                at = max(at, self._sent[-1])
            self._sent.append(at)
        if at > now:
            await self.sleep(at - now)
            waited += at - now
        return waited

    def _forget_idle_chats(self, now: float) -> None:
        if len(self._chat_next) > 10_000:
            self._chat_next = {c: t for c, t in self._chat_next.items() if t > now}


# --- the SDK boundary -----------------------------------------------------------------------

Keyboard = list[list[tuple[str, str]]]
"""Rows of (label, callback_data)."""


class RateLimited(Exception):
    def __init__(self, retry_after: float) -> None:
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = retry_after


class Refused(Exception):
    """Telegram said no for good (blocked by the user, chat not found, bad request)."""


class Unavailable(Exception):
    """Network trouble or a Telegram server error: worth another try."""


class BotApi(Protocol):
    """The few Bot API calls the channel makes; each SDK module implements it around its Bot,
    raising `RateLimited`, `Refused` or `Unavailable` instead of its own errors."""

    token: str

    async def send_message(self, chat_id: str, text: str, keyboard: Keyboard | None) -> None: ...

    async def answer_callback(self, callback_id: str) -> None: ...

    async def clear_keyboard(self, chat_id: str, message_id: int) -> None: ...


# --- outbound -------------------------------------------------------------------------------


class TelegramSender:
    """`core.outbound.Sender` for Telegram: renders, respects the limits, retries 429s."""

    channel = CHANNEL

    def __init__(
        self,
        api: BotApi,
        store: PayloadStore,
        limiter: RateLimiter | None = None,
        *,
        max_attempts: int = 4,
        max_retry_after: float = 60.0,
    ) -> None:
        self.api = api
        self.store = store
        self.limiter = limiter or RateLimiter()
        self.max_attempts = max_attempts
        self.max_retry_after = max_retry_after

    async def send(
        self, chat_id: str, reply: Reply, *, kind: NoticeKind = NoticeKind.REPLY
    ) -> None:
        for message in render(reply):
            keyboard = [
                [(b.text, await callback_data(self.store, b.payload)) for b in row]
                for row in message.keyboard
            ]
            await self._send_one(str(chat_id), message.html, keyboard or None, kind)

    async def _send_one(
        self, chat_id: str, text: str, keyboard: Keyboard | None, kind: NoticeKind
    ) -> None:
        for attempt in range(1, self.max_attempts + 1):
            await self.limiter.wait(chat_id)
            try:
                await self.api.send_message(chat_id, text, keyboard)
                return
            except RateLimited as exc:
                wait = exc.retry_after
                if attempt == self.max_attempts or wait > self.max_retry_after:
                    raise DeliveryFailed(f"rate limited by Telegram ({kind})") from exc
                log.warning("telegram_rate_limited", retry_after=wait, attempt=attempt)
            except Refused as exc:
                raise DeliveryFailed(f"Telegram refused the message: {exc}") from exc
            except Unavailable as exc:
                if attempt == self.max_attempts:
                    raise DeliveryFailed(f"Telegram unreachable: {exc}") from exc
                wait = float(min(2 ** (attempt - 1), 8))
                log.warning("telegram_unavailable", error=str(exc), attempt=attempt)
            await self.limiter.sleep(wait)


# --- what a message is ----------------------------------------------------------------------


class Kind(StrEnum):
    """What the channel does with a private-chat message."""

    TEXT = "text"
    """Read as the customer's words."""
    PHOTO = "photo"
    """Joins the claim in progress (`image:<file id>`); its caption is read as text first."""
    ASK_FOR_TEXT = "ask_for_text"
    """Voice, audio, video: the customer is asked, politely, to type instead."""
    UNSUPPORTED = "unsupported"
    """Stickers, documents, places, polls, ...: a clear answer of what the bot can read."""
    SERVICE = "service"
    """Telegram's own notes (pinned, payments, web app data, ...): logged, not answered."""
    UNKNOWN = "unknown"
    """A field this code does not know yet (a newer Bot API): logged, not answered."""


ASK_FOR_TEXT: tuple[str, ...] = ("voice", "audio", "video", "video_note")
UNSUPPORTED: tuple[str, ...] = (
    "sticker",
    "animation",
    "document",
    "location",
    "venue",
    "contact",
    "poll",
    "dice",
    "game",
    "story",
    "checklist",
    "paid_media",
    "live_photo",
    "giveaway",
    "giveaway_winners",
    "invoice",
    "rich_message",
)
SERVICE: tuple[str, ...] = (
    "new_chat_members",
    "left_chat_member",
    "new_chat_title",
    "new_chat_photo",
    "delete_chat_photo",
    "group_chat_created",
    "supergroup_chat_created",
    "channel_chat_created",
    "message_auto_delete_timer_changed",
    "migrate_to_chat_id",
    "migrate_from_chat_id",
    "pinned_message",
    "successful_payment",
    "refunded_payment",
    "users_shared",
    "user_shared",
    "chat_shared",
    "gift",
    "unique_gift",
    "gift_upgrade_sent",
    "connected_website",
    "write_access_allowed",
    "passport_data",
    "proximity_alert_triggered",
    "boost_added",
    "chat_background_set",
    "checklist_tasks_done",
    "checklist_tasks_added",
    "direct_message_price_changed",
    "forum_topic_created",
    "forum_topic_edited",
    "forum_topic_closed",
    "forum_topic_reopened",
    "general_forum_topic_hidden",
    "general_forum_topic_unhidden",
    "giveaway_created",
    "giveaway_completed",
    "managed_bot_created",
    "paid_message_price_changed",
    "poll_option_added",
    "poll_option_deleted",
    "suggested_post_approved",
    "suggested_post_approval_failed",
    "suggested_post_declined",
    "suggested_post_paid",
    "suggested_post_refunded",
    "video_chat_scheduled",
    "video_chat_started",
    "video_chat_ended",
    "video_chat_participants_invited",
    "web_app_data",
    "chat_owner_left",
    "chat_owner_changed",
    "community_chat_added",
    "community_chat_removed",
    "community_chat_joined",
)
IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp", "image/heic", "image/heif")
"""Documents of these types are photos sent "as a file" (uncompressed): treated as photos."""


@dataclass(frozen=True)
class Classified:
    kind: Kind
    field: str
    """The Bot API field that decided it ("text", "photo", "voice", "pinned_message", ...)."""
    text: str = ""
    """The text, or the caption of a media message."""
    file_id: str | None = None
    """For a photo: the largest size's file id."""


def _largest_photo(sizes: Any) -> str | None:
    if not isinstance(sizes, list) or not sizes:
        return None
    best = max(
        (s for s in sizes if isinstance(s, Mapping) and s.get("file_id")),
        key=lambda s: (int(s.get("width") or 0) * int(s.get("height") or 0), s.get("file_size")),
        default=None,
    )
    return str(best["file_id"]) if best else None


def classify(message: Mapping[str, Any]) -> Classified:
    """What a message is, from its Bot API fields (`Message.to_dict()` in python-telegram-bot,
    `Message.model_dump(by_alias=True)` in aiogram: the same names either way)."""
    caption = str(message.get("caption") or "")
    if message.get("photo"):
        return Classified(Kind.PHOTO, "photo", caption, _largest_photo(message["photo"]))
    document = message.get("document")
    if isinstance(document, Mapping) and str(document.get("mime_type", "")) in IMAGE_TYPES:
        file_id = document.get("file_id")
        return Classified(Kind.PHOTO, "document", caption, str(file_id) if file_id else None)
    if message.get("text"):
        return Classified(Kind.TEXT, "text", str(message["text"]))
    for name in ASK_FOR_TEXT:
        if message.get(name):
            return Classified(Kind.ASK_FOR_TEXT, name, caption)
    for name in UNSUPPORTED:
        if message.get(name):
            return Classified(Kind.UNSUPPORTED, name, caption)
    for name in SERVICE:
        if message.get(name) not in (None, False, [], ""):
            return Classified(Kind.SERVICE, name)
    return Classified(Kind.UNKNOWN, "", caption)


# --- inbound --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Incoming:
    """The parts of a message or callback query update that the channel uses."""

    update_id: int
    user_id: int
    chat_id: int
    text: str = ""
    language_code: str | None = None
    callback_id: str | None = None
    callback_data: str | None = None
    message_id: int | None = None
    """For a callback query: the message whose keyboard was pressed."""
    photo_id: str | None = None
    """A photo's file id: it joins the claim in progress after the caption (`text`) is read."""
    media: str | None = None
    """A kind the bot cannot read (voice, sticker, ...): answered with what it can read."""
    edited: bool = False


def incoming_message(
    update_id: int, message: Mapping[str, Any], *, edited: bool = False
) -> Incoming | None:
    """The channel's view of a private-chat message, or None (logged) for a service message,
    a kind this code does not know, or a message without a sender. Never logs its content."""
    sender, chat = message.get("from"), message.get("chat")
    if not isinstance(sender, Mapping) or not isinstance(chat, Mapping):
        log.info("telegram_message_ignored", update_id=update_id, reason="no sender")
        return None
    found = classify(message)
    if found.kind in (Kind.SERVICE, Kind.UNKNOWN):
        fields = sorted(k for k in message if k not in ("from", "chat", "date", "message_id"))
        log.info(
            "telegram_message_ignored",
            update_id=update_id,
            kind=found.kind.value,
            field=found.field or None,
            fields=None if found.field else fields[:12],
        )
        return None
    if edited and found.kind is not Kind.TEXT and not found.text:
        log.info("telegram_edit_ignored", update_id=update_id, field=found.field)
        return None  # a re-cropped photo or swapped file: the first one was answered
    media = None
    if found.kind in (Kind.ASK_FOR_TEXT, Kind.UNSUPPORTED) and not edited:
        media = found.field
    log.info(
        "telegram_message",
        update_id=update_id,
        kind=found.kind.value,
        field=found.field,
        captioned=bool(found.text) and found.kind is not Kind.TEXT,
        edited=edited,
    )
    return Incoming(
        update_id=update_id,
        user_id=int(sender["id"]),
        chat_id=int(chat["id"]),
        text=found.text,
        language_code=sender.get("language_code") or None,
        photo_id=found.file_id if found.kind is Kind.PHOTO and not edited else None,
        media=media,
        edited=edited,
    )


def member_update(update_id: int, change: Mapping[str, Any]) -> None:
    """`my_chat_member`: the customer blocked (`kicked`) or restarted the bot; logged only."""
    new = change.get("new_chat_member")
    status = new.get("status") if isinstance(new, Mapping) else None
    log.info("telegram_member_update_ignored", update_id=update_id, status=status)


def apology(language_code: str | None, default_locale: str = "en") -> Reply:
    language = best_language(language_code, default_locale)
    return Reply(parts=[TextPart(text=Localizer(language)._(APOLOGY))], language=language)


class TelegramHandler:
    """One update into the core and its reply back out, the same for both SDKs."""

    def __init__(
        self,
        engine: Any,
        services: Services,
        *,
        limiter: RateLimiter | None = None,
        store: PayloadStore | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.engine = engine
        self.services = services
        self.limiter = limiter or RateLimiter()
        self.store = store or payload_store_for(services)
        self.clock = clock

    def sender(self, api: BotApi) -> TelegramSender:
        return TelegramSender(api, self.store, self.limiter)

    async def process(self, incoming: Incoming, api: BotApi) -> None:
        bot_id = bot_id_of(api.token)
        if not await self.services.keys.claim(
            dedup_key(bot_id, incoming.update_id), DEDUP_TTL_SECONDS
        ):
            log.info("telegram_duplicate_update", update_id=incoming.update_id)
            return
        try:
            inbounds = await self._inbounds(incoming, api)
        except Exception:
            log.exception("telegram_update_failed", update_id=incoming.update_id)
            inbounds = []
            await self._send(api, incoming, self._apology(incoming))
        for inbound in inbounds:
            try:
                reply = await self.engine.handle(inbound)
            except Exception:
                log.exception("telegram_update_failed", update_id=incoming.update_id)
                reply = self._apology(incoming)
            await self._send(api, incoming, reply)

    def _apology(self, incoming: Incoming) -> Reply:
        return apology(incoming.language_code, self.services.settings.default_locale)

    async def _send(self, api: BotApi, incoming: Incoming, reply: Reply) -> None:
        try:
            await self.sender(api).send(str(incoming.chat_id), reply)
        except DeliveryFailed as exc:
            log.warning(
                "telegram_reply_not_delivered", update_id=incoming.update_id, error=str(exc)
            )

    async def _inbounds(self, incoming: Incoming, api: BotApi) -> list[Inbound]:
        """What the core reads of one update, in order: the words (text or caption) first, then
        the photo that joins the claim, or the kind the bot cannot read."""
        if (
            incoming.callback_id is not None
            or incoming.text
            or not (incoming.photo_id or incoming.media)
        ):
            first = [await self._inbound(incoming, api)]
        else:
            first = []
        extra: list[str] = []
        if incoming.photo_id:
            extra.append(f"image:{incoming.photo_id}")
        if incoming.media:
            extra.append(f"unsupported:{incoming.media}")
        return first + [self._event(incoming, payload) for payload in extra]

    def _event(self, incoming: Incoming, payload: str) -> Inbound:
        return Inbound(
            channel=CHANNEL,
            user_id=str(incoming.user_id),
            chat_id=str(incoming.chat_id),
            payload=payload[:256],
            event_id=str(incoming.update_id),
            locale_hint=incoming.language_code[:35] if incoming.language_code else None,
        )

    async def _inbound(self, incoming: Incoming, api: BotApi) -> Inbound:
        payload: str | None = None
        text = incoming.text
        if incoming.callback_id is not None:
            await self._acknowledge(incoming, api)
            payload = await resolve_callback(self.store, incoming.callback_data or "")
            if payload is None:
                log.info("telegram_button_expired", update_id=incoming.update_id)
            text = ""
        elif not incoming.edited:
            argument = start_argument(text)
            if argument is not None:
                if argument:
                    await self._link(incoming, api.token, argument)
                payload, text = START_EVENT, ""
        return Inbound(
            channel=CHANNEL,
            user_id=str(incoming.user_id),
            chat_id=str(incoming.chat_id),
            text=text[:MAX_TEXT],
            payload=payload[:256] if payload else None,
            event_id=str(incoming.update_id),
            locale_hint=incoming.language_code[:35] if incoming.language_code else None,
        )

    async def _acknowledge(self, incoming: Incoming, api: BotApi) -> None:
        """Answer the press at once (stops the spinner) and take the keyboard away so the same
        choice cannot be made twice; both are best effort."""
        try:
            await api.answer_callback(incoming.callback_id or "")
        except (RateLimited, Refused, Unavailable) as exc:
            log.info("telegram_callback_answer_failed", error=str(exc))
        if incoming.message_id is not None:
            try:
                await api.clear_keyboard(str(incoming.chat_id), incoming.message_id)
            except (RateLimited, Refused, Unavailable) as exc:
                log.info("telegram_keyboard_not_cleared", error=str(exc))

    async def _link(self, incoming: Incoming, bot_token: str, token: str) -> None:
        """Tie the user to the link's customer; a bad, expired or reused link only logs."""
        key = link_key_for(self.services.settings, bot_token)
        check = verify_link(key, token, now=self.clock())
        user_id = str(incoming.user_id)
        if check.customer_id is None:
            log.warning("telegram_link_rejected", reason=check.reason)
            return
        ttl = max(1, int(check.expires_at - self.clock()))
        first_use = await self.services.keys.claim(f"telegram:link:{check.nonce}", ttl)
        if not first_use:
            bound = await self.services.identity.customer_for(CHANNEL, user_id)
            if bound != check.customer_id:
                log.warning("telegram_link_rejected", reason="used")
            return
        await self.services.identity.bind(
            channel=CHANNEL, user_id=user_id, customer_id=check.customer_id, how="link"
        )
        log.info("telegram_linked")


__all__ = [
    "CHANNEL",
    "MESSAGE_LIMIT",
    "BotApi",
    "Classified",
    "Incoming",
    "KeyButton",
    "Kind",
    "LinkCheck",
    "OutMessage",
    "RateLimited",
    "RateLimiter",
    "Refused",
    "TelegramHandler",
    "TelegramSender",
    "Unavailable",
    "apology",
    "callback_data",
    "classify",
    "incoming_message",
    "link_key",
    "link_key_for",
    "link_url",
    "member_update",
    "render",
    "resolve_callback",
    "sign_link",
    "verify_link",
]
