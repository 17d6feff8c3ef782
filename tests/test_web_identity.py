"""Who may see what on the web chat of the running server, in production settings (no demo
shortcut): the shop's signed customer sees her orders, a forged signature gets nothing, an
anonymous visitor must verify, and verification cannot be brute-forced by changing ids."""

from __future__ import annotations

import io
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import FormData
from aiohttp.test_utils import TestClient, TestServer
from PIL import Image

from adapters.web.photo import clean_photo
from bots.serve import create_app
from core.identity import make_token, sign_user
from core.services import Services, build_services
from core.settings import Settings
from tests.chat import store
from tests.factories import shipped

SECRET = "shop-signing-secret-of-at-least-32-bytes"
ORDER = "1234567890123451023"
TRACKING = "SF1234567890123"


def production(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = dict(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'shop.sqlite3'}",
        redis_url=None,
        seed_demo_if_empty=False,
        web_demo_users=False,
        web_identity_secret=SECRET,
        trusted_proxy_hops=1,
        rate_limit_chat_per_minute=1000,
        rate_limit_ip_per_minute=1000,
    )
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
async def running(tmp_path: Path) -> AsyncIterator[tuple[TestClient, Services]]:
    settings = production(tmp_path)
    services = await build_services(settings)
    await store(services, shipped())  # customer C-LI, tied on the web to "web-li"
    app = await create_app(settings, services)
    async with TestClient(TestServer(app)) as client:
        yield client, services
    await services.aclose()


async def ask(client: TestClient, text: str, **identity: Any) -> tuple[int, dict[str, Any]]:
    headers = identity.pop("headers", {})
    res = await client.post("/api/chat", json={"text": text, **identity}, headers=headers)
    return res.status, await res.json()


def shown(answer: dict[str, Any]) -> str:
    return str(answer.get("replies"))


async def test_a_signed_customer_sees_her_orders(running: tuple[TestClient, Services]) -> None:
    client, _ = running
    status, answer = await ask(
        client, "where is my order?", user_id="C-LI", user_hash=sign_user(SECRET, "C-LI")
    )
    assert status == 200 and TRACKING in shown(answer)


async def test_a_short_lived_signed_token_works_too(running: tuple[TestClient, Services]) -> None:
    client, _ = running
    token = make_token(SECRET, "C-LI", issued_at=int(time.time()), ttl_seconds=600)
    status, answer = await ask(client, "where is my order?", token=token)
    assert status == 200 and TRACKING in shown(answer)


def forgeries() -> dict[str, dict[str, Any]]:
    now = int(time.time())
    other = "another-shops-secret-also-32-bytes-long"
    return {
        "zeros": {"user_id": "C-LI", "user_hash": "0" * 64},
        "other-secret": {"user_id": "C-LI", "user_hash": sign_user(other, "C-LI")},
        "other-user": {"user_id": "C-LI", "user_hash": sign_user(SECRET, "C-WANG")},
        "no-hash": {"user_id": "C-LI"},
        "token-other-secret": {"token": make_token(other, "C-LI", issued_at=now, ttl_seconds=600)},
        "expired": {"token": make_token(SECRET, "C-LI", issued_at=now - 7200, ttl_seconds=600)},
        "too-long-lived": {
            "token": make_token(SECRET, "C-LI", issued_at=now, ttl_seconds=30 * 86400)
        },
        "garbage": {"token": "not.a.token"},
    }


@pytest.mark.parametrize("forgery", sorted(forgeries()))
async def test_a_forged_signature_gets_nothing(
    running: tuple[TestClient, Services], forgery: str
) -> None:
    client, services = running
    identity = forgeries()[forgery]
    status, answer = await ask(client, f"where is order {ORDER}?", locale="zh-CN", **identity)
    assert status == 403
    assert answer["replies"] == [] and TRACKING not in str(answer)
    english = "We couldn't confirm who you are. Please reload the page or sign in again."
    assert answer["message"] and answer["message"] != english  # told in Chinese
    assert await services.identity.customer_for("web", "u:C-LI") is None


async def test_the_demo_shortcut_is_off_in_production(running: tuple[TestClient, Services]) -> None:
    client, _ = running
    status, answer = await ask(client, "where is my order?", user="web-li")
    assert status == 200 and TRACKING not in shown(answer)  # an anonymous visitor, not web-li


async def test_an_anonymous_visitor_gets_a_cookie_and_must_verify(
    running: tuple[TestClient, Services],
) -> None:
    client, _ = running
    res = await client.post("/api/chat", json={"text": f"where is order {ORDER}?"})
    cookie = res.cookies["os_visitor"]
    assert cookie["httponly"] and len(cookie.value) == 32
    assert "last four digits" in shown(await res.json())
    status, answer = await ask(client, "5678")  # the session cookie carries the visitor on
    assert status == 200 and TRACKING in shown(answer)


async def test_changing_ids_does_not_help_guess_the_phone_digits(
    running: tuple[TestClient, Services],
) -> None:
    client, _ = running
    guesses = [f"{n:04d}" for n in range(30)]
    for guess in guesses:  # every guess from a fresh visitor id, as the attacker did
        client.session.cookie_jar.clear()
        await ask(client, f"where is order {ORDER}?")
        await ask(client, guess)
    client.session.cookie_jar.clear()
    await ask(client, f"where is order {ORDER}?")
    _, answer = await ask(client, "5678")  # the right answer, but this address is locked
    assert TRACKING not in shown(answer)
    assert "Too many wrong answers" in shown(answer)


async def test_one_order_locks_after_wrong_answers_from_many_addresses(
    running: tuple[TestClient, Services],
) -> None:
    client, _ = running
    for n in range(6):
        client.session.cookie_jar.clear()
        headers = {"X-Forwarded-For": f"203.0.113.{n}"}
        await ask(client, f"where is order {ORDER}?", headers=headers)
        await ask(client, f"{1000 + n}", headers=headers)
    client.session.cookie_jar.clear()
    headers = {"X-Forwarded-For": "198.51.100.77"}
    await ask(client, f"where is order {ORDER}?", headers=headers)
    _, answer = await ask(client, "5678", headers=headers)
    assert TRACKING not in shown(answer) and "Too many wrong answers" in shown(answer)


async def test_the_page_words_come_in_the_visitors_language(
    running: tuple[TestClient, Services],
) -> None:
    client, _ = running
    res = await client.get("/chat/words", params={"locale": "ar-SA"})
    words = await res.json()
    assert words["language"] == "ar" and words["direction"] == "rtl"
    assert words["send"] != "Send" and words["placeholder"] != "Ask about your order…"
    assert len(words["suggestions"]) == 4 and all(s["payload"] for s in words["suggestions"])


async def test_the_widget_script_carries_its_words_in_every_language(
    running: tuple[TestClient, Services],
) -> None:
    client, _ = running
    res = await client.get("/widget.js")
    script = await res.text()
    assert res.content_type == "application/javascript"
    assert "/*WORDS*/{}" not in script and '"zh_Hans": {"open"' in script


async def test_production_pages_may_be_framed_only_by_the_shops_origins(tmp_path: Path) -> None:
    settings = production(tmp_path, web_embed_origins=["https://shop.example"])
    services = await build_services(settings)
    async with TestClient(TestServer(await create_app(settings, services))) as client:
        policy = (await client.get("/")).headers["Content-Security-Policy"]
    await services.aclose()
    assert "frame-ancestors 'self' https://shop.example" in policy


# --- photos --------------------------------------------------------------------------------


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (3000, 2000), (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (31.0, 13.0, 49.0)}  # GPS: where the customer lives
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_a_photo_is_scaled_down_and_loses_its_metadata() -> None:
    cleaned = Image.open(io.BytesIO(clean_photo(jpeg_with_gps())))
    assert max(cleaned.size) == 2048
    assert not cleaned.getexif()


async def test_a_signed_customer_sends_a_photo_for_her_claim(
    running: tuple[TestClient, Services],
) -> None:
    client, _ = running
    identity = {"user_id": "C-LI", "user_hash": sign_user(SECRET, "C-LI")}
    await ask(client, "my parcel arrived damaged", **identity)
    form = FormData()
    for key, value in identity.items():
        form.add_field(key, value)
    form.add_field("locale", "en")
    form.add_field("photo", jpeg_with_gps(), filename="IMG_1.jpg", content_type="image/jpeg")
    res = await client.post("/chat/photo", data=form)
    assert res.status == 200
    assert "added the photo to order 1234567890123451023" in shown(await res.json())


async def test_something_that_is_not_a_photo_is_refused_in_the_visitors_language(
    running: tuple[TestClient, Services],
) -> None:
    client, _ = running
    form = FormData()
    form.add_field("locale", "ja")
    form.add_field("photo", b"%PDF-1.7 not an image", filename="x.jpg", content_type="image/jpeg")
    res = await client.post("/chat/photo", data=form)
    assert res.status == 415
    assert "JPEG" in (await res.json())["message"]
