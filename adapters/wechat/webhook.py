"""The Official Account's webhook, framework-neutral: `WeChatWebhook.handle_request(method,
query, body)` verifies the signature (fresh: plain mode does not sign the body), decrypts safe
mode, reads the message and answers it; `mount(app, webhook)` serves it on aiohttp at
`GET/POST /webhooks/wechat`.

WeChat waits 5 s and retries a message up to three times. The engine answers one message id
once; the reply is passive when the core is done within the budget, otherwise `success` now and
a customer-service message when the reply is ready. Never twice.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from dataclasses import dataclass

import structlog
import xmltodict
from aiohttp import web
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidSignatureException
from wechatpy.messages import BaseMessage
from wechatpy.replies import TextReply
from wechatpy.utils import check_signature

from adapters.wechat.inbound import BadRequest, to_inbound
from adapters.wechat.render import TEXT_LIMIT_BYTES, cut_bytes, reply_text
from adapters.wechat.sender import WeChatSender, mask_openid
from core.acceptance import RETRY_AFTER_SECONDS, is_outage
from core.background import Background
from core.messages import Inbound, Reply
from core.outbound import NoticeKind
from core.ports import Conversations
from core.settings import WeChatSettings

log = structlog.get_logger(__name__)

PATH = "/webhooks/wechat"
MAX_CLOCK_SKEW_SECONDS = 300
"""Signed requests older (or newer) than this are refused as replays."""
SUCCESS = b"success"


@dataclass(frozen=True)
class WeChatResponse:
    status: int
    body: bytes
    content_type: str = "text/plain; charset=utf-8"


def _plain(status: int, text: str) -> WeChatResponse:
    return WeChatResponse(status, text.encode())


UNAVAILABLE = WeChatResponse(
    503,
    b'{"error": "temporarily unavailable, retry later", "retry_after": 5}',
    "application/json; charset=utf-8",
)
"""Not `success`: WeChat retries the message (three times within about 15 s)."""


def _cdata_safe(text: str) -> str:
    # wechatpy wraps reply text in CDATA, which "]]>" would end early.
    return text.replace("]]>", "]] >")


class WeChatWebhook:
    def __init__(
        self,
        engine: Conversations,
        wechat: WeChatSettings,
        *,
        sender: WeChatSender | None = None,
    ) -> None:
        if wechat.token is None:
            raise ValueError("wechat_token is required for the WeChat webhook")
        self.engine = engine
        self.sender = sender
        self.reply_budget = wechat.reply_budget_seconds
        self._token = wechat.token.get_secret_value()
        self._crypto: WeChatCrypto | None = None
        if wechat.aes_key is not None:
            if not wechat.app_id:
                raise ValueError("wechat_app_id is required with wechat_aes_key (safe mode)")
            self._crypto = WeChatCrypto(
                self._token, wechat.aes_key.get_secret_value(), wechat.app_id
            )
        self.background = Background("wechat_late_replies")

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
            message, inbound = self._read(query, body)
        except InvalidSignatureException:
            return _plain(403, "forged msg_signature")
        except Exception as exc:
            log.info("wechat_bad_request", reason=type(exc).__name__)
            return _plain(400, "malformed WeChat message")
        if inbound is None:
            return WeChatResponse(200, SUCCESS)
        try:
            return await self._answer(message, inbound, query)
        except Exception as exc:
            if is_outage(exc):  # Redis or the database is down: WeChat sends the message again
                log.warning("wechat_message_refused", reason=type(exc).__name__)
                return UNAVAILABLE
            # The adapter's own path failed (e.g. the key store is down): apologise, don't 500.
            log.exception("wechat_webhook_failed", openid=mask_openid(message.source))
            apology = await self.engine.apology(None, inbound.conversation_key)
            return self._passive(message, reply_text(apology), query)

    def _signed(self, query: Mapping[str, str]) -> bool:
        """A valid signature over a fresh timestamp: plain mode does not sign the body, so an
        old signed query must not be reusable with another body."""
        try:
            check_signature(self._token, query["signature"], query["timestamp"], query["nonce"])
            age = abs(time.time() - int(query["timestamp"]))
        except (KeyError, ValueError, InvalidSignatureException):
            return False
        return age <= MAX_CLOCK_SKEW_SECONDS

    def _read(self, query: Mapping[str, str], body: bytes) -> tuple[BaseMessage, Inbound | None]:
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
        return message, to_inbound(message, raw)

    async def _answer(
        self, message: BaseMessage, inbound: Inbound, query: Mapping[str, str]
    ) -> WeChatResponse:
        if self.sender is not None:
            await self.sender.touch(inbound.chat_id)
        task = asyncio.create_task(self.engine.handle(inbound))
        try:
            reply = await asyncio.wait_for(asyncio.shield(task), self.reply_budget)
        except TimeoutError:
            await self.background.spawn(self._deliver(inbound.chat_id, task))
            return WeChatResponse(200, SUCCESS)
        except asyncio.CancelledError:  # the web framework gave up on the request
            await self.background.spawn(self._deliver(inbound.chat_id, task))
            raise
        text = "" if reply.silent else reply_text(reply)
        if not text:
            return WeChatResponse(200, SUCCESS)
        if len(text.encode()) > TEXT_LIMIT_BYTES and self.sender is not None:
            await self.background.spawn(self._deliver(inbound.chat_id, task))
            return WeChatResponse(200, SUCCESS)
        return self._passive(message, cut_bytes(text, TEXT_LIMIT_BYTES)[0], query)

    def _passive(self, message: BaseMessage, text: str, query: Mapping[str, str]) -> WeChatResponse:
        xml = TextReply(message=message, content=_cdata_safe(text)).render()
        if query.get("encrypt_type") == "aes" and self._crypto is not None:
            xml = self._crypto.encrypt_message(xml, query["nonce"], query["timestamp"])
        return WeChatResponse(200, xml.encode(), "application/xml; charset=utf-8")

    async def _deliver(self, openid: str, task: asyncio.Task[Reply]) -> None:
        reply = await task
        if self.sender is None:
            log.warning("wechat_late_reply_dropped", openid=mask_openid(openid))
            return
        try:
            await self.sender.send(openid, reply, kind=NoticeKind.REPLY)
        except Exception:  # DeliveryFailed, or anything else: log it, never lose the loop
            log.exception("wechat_late_reply_failed", openid=mask_openid(openid))

    async def drain(self) -> None:
        """Wait for every late reply still being worked on (tests, shutdown)."""
        await self.background.drain()


WEBHOOK_KEY = web.AppKey("wechat_webhook", WeChatWebhook)


async def _route(request: web.Request) -> web.Response:
    body = await request.read() if request.method == "POST" else b""
    answer = await request.app[WEBHOOK_KEY].handle_request(request.method, request.query, body)
    headers = {"Content-Type": answer.content_type}
    if answer.status == 503:
        headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return web.Response(status=answer.status, body=answer.body, headers=headers)


def mount(app: web.Application, webhook: WeChatWebhook) -> None:
    """Serve `webhook` at `GET/POST /webhooks/wechat` (its owner, `bots.root`, closes it)."""
    app[WEBHOOK_KEY] = webhook
    app.router.add_get(PATH, _route)
    app.router.add_post(PATH, _route)
