"""The WeChat channel's `core.outbound.Sender`: customer-service messages in the 48-hour window
since the customer's last message (tracked in the key store), template messages outside it (a
`WeChatTemplate` per `NoticeKind` value, each key filled and fitted to its type)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import redis as sync_redis
import requests
import structlog
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException

from adapters.wechat.render import TEXT_LIMIT_BYTES, reply_text, split_text
from core.keys import KeyStore
from core.messages import Reply
from core.outbound import DeliveryFailed, NoticeKind, WeChatTemplate, as_template, template_data

log = structlog.get_logger(__name__)

CHANNEL = "wechat"
WINDOW_SECONDS = 48 * 3600
"""Customer-service messages are allowed for 48 hours after the customer's last message."""
WINDOW_MARGIN_SECONDS = 60
"""Treat the last minute of the window as closed, so a message is not refused in flight."""


def mask_openid(openid: str) -> str:
    return f"****{openid[-4:]}" if openid else ""


class WeChatSender:
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
            log.warning("wechat_send_failed", openid=mask_openid(args[0]), errcode=code)
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
