"""Every kind of private-chat message gets an outcome, in both SDKs, through the running server:
answered (text, captions), attached (photos join the claim), a clear answer in the customer's
language (voice, stickers, places, ...), or a logged ignore (service messages). Real update JSON
(tests/fixtures/telegram, shaped as the Bot API documents) posted to `/webhooks/telegram`."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import structlog
from aiohttp.test_utils import TestClient, TestServer

from adapters.telegram.kinds import Kind, classify
from adapters.telegram.webhook import SECRET_HEADER, WEBHOOK, WEBHOOK_PATH
from bots.serve import create_app
from core.i18n import Localizer
from core.logs import configure_logging
from core.services import Services, build_services
from core.settings import Settings
from core.storage.tables import audit_log
from tests.chat import store
from tests.factories import iso, shipped
from tests.fake_telegram import Call, FakeTelegram

pytestmark = [
    pytest.mark.filterwarnings("ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning"),
    pytest.mark.filterwarnings("ignore:.*timedelta.*:telegram.warnings.PTBDeprecationWarning"),
]

FIXTURES = Path(__file__).parent / "fixtures" / "telegram" / "private_chat_updates.json"
UPDATES: dict[str, dict[str, Any]] = json.loads(FIXTURES.read_text())
TOKEN = "123456:TEST-token-of-the-fake-bot"
SECRET = "webhook-secret_42"
USER = "777001"
CANNOT_READ = "Sorry, I can only read text messages and photos. Please type your question."
SERVICE = [
    "pinned_message",
    "successful_payment",
    "web_app_data",
    "write_access_allowed",
    "users_shared",
    "message_auto_delete_timer_changed",
]


def update(name: str) -> dict[str, Any]:
    return json.loads(json.dumps(UPDATES[name]))


@dataclass
class Server:
    client: TestClient
    services: Services
    fake: FakeTelegram

    async def post(self, name: str) -> list[Call]:
        """Post one fixture update; return the messages the customer got in answer."""
        before = len(self.fake.sent())
        res = await self.client.post(
            WEBHOOK_PATH, data=json.dumps(update(name)), headers={SECRET_HEADER: SECRET}
        )
        assert res.status == 200, name
        await self.client.server.app[WEBHOOK].drain()
        return self.fake.sent()[before:]


@pytest.fixture(params=["aiogram", "ptb"])
async def server(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Server]:
    async with FakeTelegram() as fake:
        settings = Settings(
            database_url=f"sqlite+aiosqlite:///{tmp_path / 'shop.sqlite3'}",
            redis_url=None,
            seed_demo_if_empty=False,
            telegram_token=TOKEN,
            telegram_webhook_secret=SECRET,
            telegram_api_base=fake.base_url,
            telegram_framework=request.param,
        )
        services = await build_services(settings)
        doc = shipped(
            order_no="#1043",
            status="delivered",
            delivered_at=iso(timedelta(days=-1)),
            currency="USD",
        )
        doc["customer"]["channels"].append({"channel": "telegram", "user_id": USER})
        await store(services, doc)
        app = await create_app(settings, services)
        async with TestClient(TestServer(app)) as client:
            yield Server(client, services, fake)
        await services.aclose()


@pytest.fixture
def logs(capsys: pytest.CaptureFixture[str]) -> Iterator[pytest.CaptureFixture[str]]:
    configure_logging("INFO")
    yield capsys
    structlog.reset_defaults()


def texts(calls: list[Call]) -> list[str]:
    return [call.text for call in calls]


# --- answered -----------------------------------------------------------------------------


async def test_a_text_message_is_answered(server: Server) -> None:
    sent = await server.post("text")
    assert sent and all(call.chat_id == USER for call in sent)
    assert "#1043" in "\n".join(texts(sent)) or "1043" in "\n".join(texts(sent))


async def test_a_photo_with_a_caption_reads_the_caption_and_the_photo_joins_the_claim(
    server: Server,
) -> None:
    sent = texts(await server.post("photo_with_caption"))
    assert len(sent) >= 2
    assert "logistics team" in sent[0]  # the caption opened the damage case
    assert sent[-1] == "Thank you, I've added the photo to order #1043."
    async with server.services.db.connect() as conn:
        rows = (
            await conn.execute(
                sa.select(audit_log.c.after).where(audit_log.c.action == "claim.photo_received")
            )
        ).all()
    media = [(json.loads(r.after) if isinstance(r.after, str) else r.after)["media"] for r in rows]
    assert media == ["AgACAgIAAxkBAAIBQ2d4s7photoLarge1280"]


async def test_a_photo_alone_asks_which_order_it_is_about(server: Server) -> None:
    assert texts(await server.post("photo")) == [
        "Thank you for the photo. Which order is it about?"
    ]


async def test_a_photo_sent_as_a_file_is_a_photo(server: Server) -> None:
    assert texts(await server.post("photo_as_file")) == [
        "Thank you for the photo. Which order is it about?"
    ]


async def test_an_edited_message_is_read_again(server: Server) -> None:
    sent = "\n".join(texts(await server.post("edited_text")))
    assert "#1043" in sent


async def test_an_edited_photo_caption_is_read_but_the_photo_not_attached_twice(
    server: Server,
) -> None:
    sent = texts(await server.post("edited_photo_caption"))
    assert sent and "added the photo" not in "\n".join(sent)


# --- a clear answer, in the customer's language ---------------------------------------------


async def test_a_voice_note_asks_politely_for_text_in_the_customers_language(
    server: Server,
) -> None:
    sent = await server.post("voice")  # from a Spanish-speaking customer
    assert sent[0].text == Localizer("es")._(CANNOT_READ)
    assert sent[0].text != CANNOT_READ
    assert sent[0].keyboard, "the main menu comes with it"


@pytest.mark.parametrize("name", ["audio", "video", "video_note"])
async def test_audio_and_video_ask_for_text(server: Server, name: str) -> None:
    assert texts(await server.post(name))[0] == CANNOT_READ


async def test_a_sticker_gets_a_clear_answer_in_russian(server: Server) -> None:
    assert texts(await server.post("sticker"))[0] == Localizer("ru")._(CANNOT_READ)


@pytest.mark.parametrize(
    "name", ["animation", "document", "location", "venue", "contact", "poll", "dice"]
)
async def test_things_the_bot_cannot_read_get_a_clear_answer(server: Server, name: str) -> None:
    assert texts(await server.post(name))[0] == CANNOT_READ


async def test_a_captioned_video_answers_the_caption_and_says_what_it_can_read(
    server: Server,
) -> None:
    sent = texts(await server.post("video_with_caption"))
    assert "#1043" in sent[0]
    assert sent[-1] == CANNOT_READ


# --- logged, not answered --------------------------------------------------------------------


@pytest.mark.parametrize("name", SERVICE)
async def test_service_messages_are_logged_and_not_answered(
    server: Server, name: str, logs: pytest.CaptureFixture[str]
) -> None:
    assert await server.post(name) == []
    logged = logs.readouterr().out
    assert "telegram_message_ignored" in logged and name in logged


async def test_a_customer_blocking_the_bot_is_logged(
    server: Server, logs: pytest.CaptureFixture[str]
) -> None:
    assert await server.post("my_chat_member_kicked") == []
    logged = logs.readouterr().out
    assert "telegram_member_update_ignored" in logged and "kicked" in logged


async def test_group_messages_are_not_answered(server: Server) -> None:
    assert await server.post("group_text") == []


async def test_logs_carry_the_kind_and_never_the_content(
    server: Server, logs: pytest.CaptureFixture[str]
) -> None:
    for name in ("photo_with_caption", "contact", "location", "voice", "pinned_message"):
        await server.post(name)
    logged = logs.readouterr().out
    assert "telegram_message" in logged and "kind=photo" in logged.replace("'", "")
    for private in ("Emma", "Clark", "emma_c", "4155550188", "arrived damaged", "31.230416"):
        assert private not in logged, private


# --- the fixtures are real, and every kind the SDKs know has an outcome ---------------------


def test_every_fixture_parses_in_both_sdks() -> None:
    from aiogram.types import Update as AiogramUpdate
    from telegram import Update as PtbUpdate

    for name, data in UPDATES.items():
        assert AiogramUpdate.model_validate(data).update_id == data["update_id"], name
        parsed = PtbUpdate.de_json(json.loads(json.dumps(data)), None)
        assert parsed is not None and parsed.update_id == data["update_id"], name


NOT_CONTENT = {
    "unknown",
    "any",
    "business_connection_id",
    "effect_id",
    "reply_to_story",
    "sender_boost_count",
    "sender_business_bot",
    "suggested_post_info",
}


def sdk_content_types() -> set[str]:
    from aiogram.enums import ContentType
    from telegram.constants import MessageType

    return ({c.value for c in ContentType} | {m.value for m in MessageType}) - NOT_CONTENT


@pytest.mark.parametrize("name", sorted(sdk_content_types()))
def test_every_content_type_the_sdks_know_has_an_outcome(name: str) -> None:
    found = classify({name: {"file_id": "x"} if name != "text" else "hello"})
    assert found.kind is not Kind.UNKNOWN
