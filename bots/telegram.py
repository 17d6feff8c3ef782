"""The Telegram channel's commands: long polling for development (`telegram poll`),
deploy-time webhook registration (`telegram set-webhook URL`) and signed deep links (`link
telegram --customer ID`). The webhook itself is mounted by `serve` (`adapters.telegram`).

The framework is `settings.telegram.framework`: "aiogram" (default) or "ptb"."""

from __future__ import annotations

import asyncio
import signal
import sys

import structlog

from adapters.telegram.deeplinks import link_key_for, link_url
from adapters.telegram.handler import ALLOWED_UPDATES
from adapters.telegram.runtime import AIOGRAM, framework_of, token_of
from bots.root import build_root
from core.identity import sign_link
from core.services import Foundation
from core.settings import Settings

log = structlog.get_logger(__name__)

LINK_TEMPLATE = "https://t.me/<bot_username>?start={token}"


# --- polling (development) ------------------------------------------------------------------


async def _webhook_url(settings: Settings) -> str:
    framework = framework_of(settings.telegram)
    if framework == AIOGRAM:
        from adapters.telegram.with_aiogram import make_bot

        bot = make_bot(token_of(settings.telegram), settings.telegram.api_base)
        try:
            return (await bot.get_webhook_info()).url
        finally:
            await bot.session.close()
    from adapters.telegram.with_ptb import make_bot as make_ptb_bot

    async with make_ptb_bot(token_of(settings.telegram), settings.telegram.api_base) as ptb_bot:
        return (await ptb_bot.get_webhook_info()).url


async def poll(
    settings: Settings,
    foundation: Foundation,
    *,
    stop: asyncio.Event | None = None,
    replace_webhook: bool = False,
) -> int:
    """Long-poll getUpdates until `stop` is set (or SIGINT/SIGTERM when no event is given)."""
    current = await _webhook_url(settings)
    if current and not replace_webhook:
        print(
            f"a webhook is set ({current}); polling would remove it. "
            "Pass --replace-webhook to poll anyway.",
            file=sys.stderr,
        )
        return 1
    root = await build_root(settings, foundation=foundation, telegram_polling=True)
    assert root.telegram is not None
    runtime = root.telegram.runtime
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
    try:
        if current:
            await runtime.delete_webhook()
        print(f"telegram: polling with {framework_of(settings.telegram)}; Ctrl-C stops", flush=True)
        await runtime.poll(stop)
    finally:
        await root.aclose()
    return 0


def run_polling(settings: Settings, *, replace_webhook: bool = False) -> int:
    """`ordersupport telegram poll`: answer Telegram by long polling (development)."""
    if settings.telegram.token is None:
        print("set ORDERSUPPORT_TELEGRAM_TOKEN first", file=sys.stderr)
        return 2

    async def run() -> int:
        from bots.shop import seed_demo_if_empty
        from core.services import build_services

        services = await build_services(settings)
        try:
            if settings.seed_demo_if_empty:
                await seed_demo_if_empty(services)
            return await poll(settings, services, replace_webhook=replace_webhook)
        finally:
            await services.aclose()

    return asyncio.run(run())


# --- deploy-time webhook registration -------------------------------------------------------


async def register_webhook(settings: Settings, url: str) -> None:
    """setWebhook with the secret token; raises on refusal."""
    assert settings.telegram.webhook_secret is not None
    secret = settings.telegram.webhook_secret.get_secret_value()
    if framework_of(settings.telegram) == AIOGRAM:
        from adapters.telegram.with_aiogram import make_bot

        bot = make_bot(token_of(settings.telegram), settings.telegram.api_base)
        try:
            await bot.set_webhook(url=url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)
        finally:
            await bot.session.close()
        return
    from adapters.telegram.with_ptb import make_bot as make_ptb_bot

    async with make_ptb_bot(token_of(settings.telegram), settings.telegram.api_base) as ptb_bot:
        await ptb_bot.set_webhook(url=url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)


def set_webhook(settings: Settings, url: str) -> int:
    """`ordersupport telegram set-webhook URL`: point Telegram at this deployment's webhook."""
    if settings.telegram.token is None or settings.telegram.webhook_secret is None:
        print(
            "set ORDERSUPPORT_TELEGRAM_TOKEN and ORDERSUPPORT_TELEGRAM_WEBHOOK_SECRET first",
            file=sys.stderr,
        )
        return 2
    if not url.startswith("https://"):
        print("Telegram only calls https:// webhook URLs", file=sys.stderr)
        return 2
    try:
        asyncio.run(register_webhook(settings, url))
    except Exception as exc:
        print(f"setWebhook failed: {exc}", file=sys.stderr)
        return 1
    print(f"telegram webhook set: {url}")
    return 0


# --- deep links -----------------------------------------------------------------------------


async def bot_username(settings: Settings) -> str:
    if framework_of(settings.telegram) == AIOGRAM:
        from adapters.telegram.with_aiogram import make_bot

        bot = make_bot(token_of(settings.telegram), settings.telegram.api_base)
        try:
            me = await bot.get_me()
        finally:
            await bot.session.close()
        if not me.username:
            raise ValueError("the bot has no username")
        return me.username
    from adapters.telegram.with_ptb import make_bot as make_ptb_bot

    async with make_ptb_bot(token_of(settings.telegram), settings.telegram.api_base) as ptb_bot:
        username = ptb_bot.bot.username
    if not username:
        raise ValueError("the bot has no username")
    return username


def link_token(
    settings: Settings,
    customer_id: str,
    *,
    ttl_seconds: int | None = None,
    now: float | None = None,
) -> str:
    """The signed start parameter for `customer_id` (no network). The lifetime is
    `settings.telegram.link_ttl_seconds` unless given."""
    if ttl_seconds is None:
        ttl_seconds = settings.telegram.link_ttl_seconds
    return sign_link(link_key_for(settings), customer_id, ttl_seconds=ttl_seconds, now=now)


async def link_for(settings: Settings, customer_id: str, *, ttl_seconds: int | None = None) -> str:
    """A t.me link that ties whoever opens it to `customer_id`; when getMe fails, the link
    template with `<bot_username>` left for the operator to fill in."""
    token = link_token(settings, customer_id, ttl_seconds=ttl_seconds)
    try:
        return link_url(await bot_username(settings), token)
    except Exception as exc:
        log.warning("telegram_get_me_failed", error=str(exc))
        return LINK_TEMPLATE.format(token=token)


def issue_link(settings: Settings, customer_id: str) -> str:
    """`ordersupport link telegram --customer ID`: the deep link to send to the customer."""
    return asyncio.run(link_for(settings, customer_id))
