"""The embeddable widget in headless Chromium, on a plain HTML page of a pretend shop served from
another origin: a signed customer sees her orders, an anonymous visitor must verify, a forged
`user_hash` gets nothing; answered buttons are disabled, a photo joins the claim, Arabic is
mirrored, and no glyph is missing (tofu) in zh, ja, ko, th or ar.

Screenshots: `ORDERSUPPORT_SCREENSHOTS=docs/screenshots python3 -m pytest
tests/test_web_widget_in_browser.py` also writes the zh, ja, th and ar ones there."""

from __future__ import annotations

import io
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from aiohttp import web
from PIL import Image
from playwright.async_api import Frame, Page, async_playwright

from bots.serve import create_app
from core.identity import sign_user
from core.services import Services, build_services
from core.settings import Settings
from tests.chat import store
from tests.factories import iso, shipped
from tests.test_web_page_in_browser import CHROMIUM, FLAGS

SECRET = "pretend-shop-signing-secret-32-bytes!"
TRACKING = "SF1234567890123"
ORDER = "1234567890123451023"
SHOTS = os.environ.get("ORDERSUPPORT_SCREENSHOTS")
if SHOTS:
    Path(SHOTS).mkdir(parents=True, exist_ok=True)

SHOP_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Pretend Shop</title>
<style>body {{ font-family: sans-serif; margin: 0; }} header {{ padding: 16px;
background: #222; color: #fff; }} main {{ padding: 16px; }}</style></head>
<body><header>Pretend Shop</header><main><h1>{heading}</h1><p>Mugs, teapots, towels.</p></main>
<script src="{support}/widget.js" {identity} data-locale="{locale}" async></script>
</body></html>"""


@dataclass
class Sites:
    support: str
    shop: str


async def _serve(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}"


@pytest.fixture
async def sites(tmp_path: Path) -> AsyncIterator[Sites]:
    shop_app = web.Application()
    support_url: list[str] = []

    async def shop_page(request: web.Request) -> web.Response:
        user = request.query.get("as")
        if user == "forged":
            identity = f'data-user-id="C-LI" data-user-hash="{"0" * 64}"'
        elif user:
            identity = f'data-user-id="{user}" data-user-hash="{sign_user(SECRET, user)}"'
        else:
            identity = ""
        locale = request.query.get("locale", "en")
        html = SHOP_PAGE.format(
            lang=locale, heading="Teapots", support=support_url[0], identity=identity, locale=locale
        )
        return web.Response(text=html, content_type="text/html")

    shop_app.router.add_get("/", shop_page)
    shop_runner, shop = await _serve(shop_app)
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'shop.sqlite3'}",
        redis_url=None,
        seed_demo_if_empty=False,
        web_demo_users=False,
        web_identity_secret=SECRET,
        web_embed_origins=[shop],
    )
    services: Services = await build_services(settings)
    doc = shipped(status="delivered", delivered_at=iso(-timedelta(hours=5)))
    await store(services, doc)
    support_runner, support = await _serve(await create_app(settings, services))
    support_url.append(support)
    yield Sites(support, shop)
    await support_runner.cleanup()
    await shop_runner.cleanup()
    await services.aclose()


@pytest.fixture
async def browser() -> AsyncIterator[object]:
    async with async_playwright() as pw:
        launched = await pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield launched
        await launched.close()


async def open_chat(browser: object, url: str, width: int = 1280) -> tuple[Page, Frame]:
    context = await browser.new_context(viewport={"width": width, "height": 820})  # type: ignore[attr-defined]
    page: Page = await context.new_page()
    await page.goto(url)
    await page.click(".os-launcher")
    handle = await page.wait_for_selector(".os-panel iframe")
    frame = await handle.content_frame()
    assert frame is not None
    await frame.wait_for_selector("body[data-ready='1']")
    await frame.wait_for_selector(".buttons button")
    return page, frame


async def say(frame: Frame, text: str) -> None:
    before = await frame.locator(".msg.bot, .card, .error").count()
    await frame.fill("#text", text)
    await frame.press("#text", "Enter")
    await frame.wait_for_function(
        "n => document.querySelectorAll('.msg.bot, .card, .error').length > n", arg=before
    )


async def test_a_signed_customer_sees_her_orders(browser: object, sites: Sites) -> None:
    _, frame = await open_chat(browser, f"{sites.shop}/?as=C-LI&locale=zh-CN")
    await say(frame, "我的订单到哪了")
    await frame.wait_for_selector(".card")
    assert TRACKING in await frame.inner_text("#log")


async def test_an_anonymous_visitor_must_verify(browser: object, sites: Sites) -> None:
    _, frame = await open_chat(browser, f"{sites.shop}/?locale=en")
    await say(frame, f"where is order {ORDER}?")
    assert "last four digits" in await frame.inner_text("#log")
    assert TRACKING not in await frame.inner_text("#log")
    await say(frame, "5678")
    await frame.wait_for_selector(".card")
    assert TRACKING in await frame.inner_text("#log")


async def test_a_forged_user_hash_gets_nothing(browser: object, sites: Sites) -> None:
    _, frame = await open_chat(browser, f"{sites.shop}/?as=forged&locale=zh-CN")
    await say(frame, "我的订单到哪了")
    log = await frame.inner_text("#log")
    assert TRACKING not in log and "****1023" not in log
    assert "无法确认您的身份" in await frame.inner_text(".error")


async def test_an_answered_questions_buttons_are_disabled(browser: object, sites: Sites) -> None:
    _, frame = await open_chat(browser, f"{sites.shop}/?as=C-LI&locale=en")
    first = frame.locator(".buttons button").first
    await first.click()
    await frame.wait_for_selector(".card")
    assert await first.is_disabled() and "chosen" in (await first.get_attribute("class") or "")
    assert await frame.locator(".buttons").first.locator("button:enabled").count() == 0


async def test_a_photo_joins_the_damage_claim(browser: object, sites: Sites) -> None:
    _, frame = await open_chat(browser, f"{sites.shop}/?as=C-LI&locale=en")
    await say(frame, "my parcel arrived damaged")
    picture = io.BytesIO()
    Image.new("RGB", (640, 480), (180, 90, 30)).save(picture, format="JPEG")
    before = await frame.locator(".msg.bot").count()
    await frame.set_input_files(
        "#photo",
        files=[{"name": "box.jpg", "mimeType": "image/jpeg", "buffer": picture.getvalue()}],
    )
    await frame.wait_for_function(
        "n => document.querySelectorAll('.msg.bot').length > n", arg=before
    )
    assert "added the photo to order 1234567890123451023" in await frame.inner_text("#log")
    assert await frame.locator(".msg.me img").count() == 1


async def test_arabic_mirrors_the_whole_layout(browser: object, sites: Sites) -> None:
    page, frame = await open_chat(browser, f"{sites.shop}/?as=C-LI&locale=ar")
    assert await frame.evaluate("document.documentElement.dir") == "rtl"
    form_direction = await frame.eval_on_selector(
        "form > div", "e => getComputedStyle(e).direction"
    )
    assert form_direction == "rtl"
    send = await frame.eval_on_selector("#send", "e => e.getBoundingClientRect().left")
    attach = await frame.eval_on_selector("#attach", "e => e.getBoundingClientRect().left")
    assert send < attach  # the send button sits on the left in a right-to-left row
    launcher = await page.eval_on_selector(".os-launcher", "e => e.getBoundingClientRect().left")
    assert launcher < 100  # the launcher moves to the left corner


async def test_on_a_390px_phone_the_chat_fills_the_screen(browser: object, sites: Sites) -> None:
    page, frame = await open_chat(browser, f"{sites.shop}/?as=C-LI&locale=en", width=390)
    box = await page.eval_on_selector(".os-panel", "e => e.getBoundingClientRect().toJSON()")
    assert box["width"] == 390 and box["left"] == 0
    overflow = await frame.evaluate("document.documentElement.scrollWidth")
    assert overflow <= 390


# --- what a visitor sees: every glyph there, in every script ----------------------------------

TOFU_CHECK = """
() => {
  const canvas = document.createElement("canvas");
  canvas.width = 64; canvas.height = 64;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  function pixels(ch, font) {
    ctx.clearRect(0, 0, 64, 64);
    ctx.font = font; ctx.fillStyle = "#000"; ctx.textBaseline = "top";
    ctx.fillText(ch, 4, 4);
    return ctx.getImageData(0, 0, 64, 64).data.join(",");
  }
  ctx.clearRect(0, 0, 64, 64);
  const blank = ctx.getImageData(0, 0, 64, 64).data.join(",");
  const missing = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    if (!parent || !parent.offsetParent && parent !== document.body) continue;
    const style = getComputedStyle(parent);
    const font = `${style.fontStyle} ${style.fontWeight} 32px ${style.fontFamily}`;
    const tofu = [pixels("\\u0378", font), pixels("\\uFFFF", font)];
    for (const ch of node.textContent) {
      if (/\\s|\\p{M}|\\p{Cf}/u.test(ch) || seen.has(font + ch)) continue;
      seen.add(font + ch);
      const drawn = pixels(ch, font);
      if (drawn === blank || tofu.includes(drawn)) missing.push(ch);
    }
  }
  return missing;
}
"""

LANGS = {
    "zh": ("zh-CN", "我的订单到哪了"),
    "ja": ("ja", "荷物はいつ届きますか？"),
    "ko": ("ko", "제 주문은 어디에 있나요?"),
    "th": ("th", "คำสั่งซื้อของฉันอยู่ที่ไหน"),
    "ar": ("ar", "أين طلبي؟"),
}


async def test_the_tofu_check_notices_a_missing_glyph(browser: object, sites: Sites) -> None:
    _, frame = await open_chat(browser, f"{sites.shop}/?as=C-LI&locale=en")
    await frame.evaluate(
        "() => { const s = document.createElement('div'); s.className = 'msg bot';"
        " s.textContent = 'x\\u0378y'; document.getElementById('log').appendChild(s); }"
    )
    assert "\u0378" in await frame.evaluate(TOFU_CHECK)


@pytest.mark.parametrize("lang", sorted(LANGS))
@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
async def test_no_glyph_is_missing(browser: object, sites: Sites, lang: str, width: int) -> None:
    locale, question = LANGS[lang]
    page, frame = await open_chat(browser, f"{sites.shop}/?as=C-LI&locale={locale}", width)
    await say(frame, question)
    await frame.wait_for_selector(".card")
    assert await frame.evaluate(TOFU_CHECK) == []
    name = f"web-chat-{lang}-{'desktop' if width > 500 else 'phone'}.png"
    if SHOTS and lang != "ko":
        await page.screenshot(path=str(Path(SHOTS) / name))
