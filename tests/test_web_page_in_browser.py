"""The chat page in a real headless Chromium: type a question, see the answer and the card."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from playwright.async_api import Page, async_playwright

from bots.serve import create_app
from core.order import Order
from core.services import Services
from tests.factories import shipped

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
async def base_url(services: Services) -> AsyncIterator[str]:
    await services.orders.replace_all([Order.model_validate(shipped())])
    runner = web.AppRunner(await create_app(services.settings, services))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}"
    await runner.cleanup()


@pytest.fixture
async def page(tmp_path) -> AsyncIterator[Page]:  # type: ignore[no-untyped-def]
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        context = await browser.new_context(viewport={"width": 390, "height": 780})
        yield await context.new_page()
        await browser.close()


async def say(page: Page, text: str) -> None:
    await page.wait_for_selector("body[data-ready='1']")  # the greeting is on the page
    before = await page.locator(".msg.bot, .card").count()
    await page.fill("#text", text)
    await page.press("#text", "Enter")
    await page.wait_for_function(
        "n => document.querySelectorAll('.msg.bot, .card').length > n", arg=before
    )


async def test_a_tied_customer_types_a_question_and_sees_status_and_card(
    page: Page, base_url: str
) -> None:
    await page.goto(f"{base_url}/?user=web-li")
    await say(page, "我的订单怎么还没发货")
    await page.wait_for_selector(".card")
    bot_text = await page.inner_text("#log")
    assert "订单 1234567890123451023 正在配送途中" in bot_text
    assert "SF1234567890123" in bot_text
    assert await page.inner_text(".card .status") == "已发货"


async def test_a_stranger_is_asked_to_verify_and_then_sees_the_order(
    page: Page, base_url: str
) -> None:
    await page.goto(f"{base_url}/?user=someone-else")
    await say(page, "where is order 1234567890123451023")
    await page.wait_for_selector("text=last four digits")
    assert "SF1234567890123" not in await page.inner_text("#log")
    await say(page, "5678")
    await page.wait_for_selector(".card")
    assert "SF1234567890123" in await page.inner_text("#log")


async def test_buttons_are_clickable_and_answer(page: Page, base_url: str) -> None:
    await page.goto(f"{base_url}/?user=web-li")
    await say(page, "hello")
    await page.click(".buttons button:enabled >> nth=0")  # the answer's, not the greeting's
    await page.wait_for_selector(".card")
    assert "on its way" in await page.inner_text("#log")


async def test_customer_text_is_shown_escaped(page: Page, base_url: str) -> None:
    await page.goto(f"{base_url}/?user=web-li")
    await say(page, "<img src=x onerror=alert(1)>hello")
    await page.wait_for_selector(".msg.bot")
    assert await page.locator("#log img").count() == 0
    assert "<img src=x" in await page.inner_text(".msg.me")


async def test_arabic_replies_are_laid_out_right_to_left(page: Page, base_url: str) -> None:
    await page.goto(f"{base_url}/?user=web-li")
    await say(page, "أين طلبي؟")
    await page.wait_for_selector(".card")
    bubble = page.locator(".msg.bot", has_text="SF1234567890123").first
    assert await bubble.get_attribute("dir") == "rtl"
    direction = await bubble.evaluate("el => getComputedStyle(el).direction")
    assert direction == "rtl"
    assert "SF1234567890123" in await bubble.inner_text()
