"""The composition root: every object of a process, built once, in order, and nothing wired
after construction. The web process, the worker and the CLI all start here.

    settings -> foundation (storage, orders, identity, audit, ticket store)
             -> chat bots (Telegram's SDK bot, WeChat's API client) -> their senders
             -> the staff desk (Slack) on the foundation and the senders
             -> services (tickets that tell the business systems and the desk)
             -> the engine (with the desk) -> the channels' webhooks (with the engine)
             -> the proactive worker
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

import redis as sync_redis
import structlog

from adapters.slack import app as slack_app
from adapters.telegram.runtime import TelegramBot, build_runtime, open_bot, sender_of
from adapters.telegram.webhook import TelegramWebhook
from adapters.wechat.access_token import build_client
from adapters.wechat.sender import WeChatSender
from adapters.wechat.webhook import WeChatWebhook
from core.acceptance import InboundEvents
from core.engine import Engine
from core.outbound import Sender
from core.proactive.service import Proactive
from core.redis_client import connect_sync
from core.services import Foundation, Services, build_foundation, channel_senders, complete
from core.settings import Settings
from core.staff import StaffActions

log = structlog.get_logger(__name__)

SHUTDOWN_GRACE_SECONDS = 10.0
"""How long closing waits for work in flight (late replies, staff actions) before cancelling."""


@dataclass(frozen=True)
class Root:
    settings: Settings
    services: Services
    engine: Engine
    proactive: Proactive
    slack: slack_app.Slack | None
    telegram: TelegramWebhook | None
    """The Telegram runtime behind its webhook (also what `telegram poll` feeds)."""
    wechat: WeChatWebhook | None
    wechat_sender: WeChatSender | None
    owns_foundation: bool
    _sync_redis: sync_redis.Redis | None

    async def aclose(self) -> None:
        """Close what this root opened; a foundation handed in stays open for its owner."""
        if self.telegram is not None:
            with suppress(Exception):
                await self.telegram.close()
        if self.slack is not None:
            await self.slack.desk.background.close(grace_seconds=SHUTDOWN_GRACE_SECONDS)
        if self.wechat is not None:
            await self.wechat.background.close(grace_seconds=SHUTDOWN_GRACE_SECONDS)
        if self._sync_redis is not None:
            self._sync_redis.close()
        if self.owns_foundation:
            await self.services.aclose()


def _wechat_sender(
    settings: Settings, foundation: Foundation
) -> tuple[WeChatSender | None, sync_redis.Redis | None]:
    wechat = settings.wechat
    if not wechat.app_id or wechat.app_secret is None:
        if wechat.token is not None:
            log.warning("wechat_passive_only", reason="wechat_app_id or wechat_app_secret unset")
        return None, None
    sync = connect_sync(settings.redis_url) if settings.redis_url else None
    sender = WeChatSender(
        build_client(wechat, sync, settings.redis_prefix),
        foundation.keys,
        wechat.templates,
        timezone=settings.default_timezone,
        shop=settings.shop_name,
    )
    return sender, sync


async def build_root(
    settings: Settings,
    *,
    foundation: Foundation | None = None,
    telegram_polling: bool = False,
    extra_senders: tuple[Sender, ...] = (),
) -> Root:
    """Build a whole process. `foundation`: a caller's own (a test's), kept open on close;
    `extra_senders`: senders for channels mounted elsewhere (an embedding process, a test)."""
    owns = foundation is None
    base = foundation or await build_foundation(settings)
    bot: TelegramBot | None = None
    senders: list[Sender] = list(extra_senders)
    if settings.telegram.token is not None:
        bot = open_bot(settings.telegram, polling=telegram_polling)
        senders.append(sender_of(bot, base.keys))
    wechat_sender, sync = _wechat_sender(settings, base)
    if wechat_sender is not None:
        senders.append(wechat_sender)
    channels = channel_senders(base, senders)
    staff = StaffActions(base, channels, approval_kinds=settings.slack.approval_kinds)
    slack = slack_app.build(settings, staff, base.keys)
    services = complete(
        base,
        senders=channels,
        ticket_listeners=[slack.desk.ticket_opened] if slack is not None else [],
        change_listeners=[slack.desk.ticket_changed] if slack is not None else [],
    )
    engine = Engine(services, desk=slack.desk if slack is not None else None)
    telegram: TelegramWebhook | None = None
    if bot is not None:
        runtime = build_runtime(
            bot, engine, base.keys, base.identity, settings.telegram.link_secret
        )
        secret = settings.telegram.webhook_secret
        telegram = TelegramWebhook(
            runtime,
            secret.get_secret_value() if secret else None,
            events=InboundEvents(base.db, "telegram"),
        )
    wechat = None
    if settings.wechat.token is not None:
        wechat = WeChatWebhook(engine, settings.wechat, sender=wechat_sender)
    return Root(
        settings=settings,
        services=services,
        engine=engine,
        proactive=Proactive(services),
        slack=slack,
        telegram=telegram,
        wechat=wechat,
        wechat_sender=wechat_sender,
        owns_foundation=owns,
        _sync_redis=sync,
    )
