"""Every shape a staff reply can arrive in from Slack reaches the customer: "also send to
channel" (`thread_broadcast`), files (`file_share`: links the customer can open), an edit of a
relayed reply (`message_changed`: a correction in the customer's language); a delete
(`message_deleted`) cannot unsend, and the thread says so. Payloads shaped as Slack documents
them (docs.slack.dev/reference/events/message/...), through the real slack-bolt app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from core.engine import Engine
from core.i18n import Localizer
from core.inbox import drain_inbox
from core.services import Services
from core.tickets import Ticket
from tests.chat import Chat, store
from tests.factories import order_doc
from tests.fake_slack import BOT_ID, STAFF, Desk, slack_desk

ORDER = "1234567890123451023"
PUBLIC = "https://support.shop.example"


@pytest.fixture
async def desk(services: Services, engine: Engine) -> AsyncIterator[Desk]:
    async with slack_desk(services, public_url=PUBLIC) as running:
        yield running


async def taken_over(desk: Desk, language: str = "en") -> Ticket:
    """A web customer asks for a person; staff take over; the notices so far are read."""
    assert desk.engine is not None
    chat = Chat(desk.engine)
    await store(desk.services, order_doc())
    question = {"en": f"where is my order {ORDER}?", "zh": f"我的订单{ORDER}到哪了"}[language]
    await chat.say(question)
    await chat.press("intent:human_agent")
    await desk.settle()
    [ticket] = await desk.services.tickets.list()
    assert await desk.press("take_over", ticket.id) == 200
    await drain_inbox(desk.services.sessions, "web-li")
    return ticket


async def customer_sees(desk: Desk) -> list[str]:
    return [part["text"] for part in await drain_inbox(desk.services.sessions, "web-li")]


async def staff_event(desk: Desk, ticket: Ticket, **event: Any) -> int:
    channel, ts = await desk.card(ticket.id)
    body = {
        "type": "message",
        "channel": channel,
        "user": STAFF,
        "thread_ts": ts,
        "channel_type": "channel",
        "event_ts": event.get("ts", "1700000700.000001"),
    }
    body.update(event)
    status, _ = await desk.slack.event(body)
    await desk.settle()
    return status


async def test_a_reply_also_sent_to_the_channel_reaches_the_customer(desk: Desk) -> None:
    ticket = await taken_over(desk)
    _, card_ts = await desk.card(ticket.id)
    status = await staff_event(
        desk,
        ticket,
        subtype="thread_broadcast",
        text="Your parcel leaves today.",
        ts="1700000701.000001",
        client_msg_id="c1",
        root={
            "type": "message",
            "text": "Ticket",
            "user": "U0BOT",
            "ts": card_ts,
            "thread_ts": card_ts,
            "reply_count": 1,
        },
    )
    assert status == 200
    assert await customer_sees(desk) == ["Your parcel leaves today."]
    assert desk.fake.called("reactions.add")[-1].params["name"] == "white_check_mark"


async def test_a_reply_with_a_file_reaches_the_customer_as_a_link_that_opens(
    desk: Desk,
) -> None:
    ticket = await taken_over(desk)
    photo = b"\x89PNG\r\n\x1a\n" + b"label" * 20
    file = desk.fake.add_file("F0LABEL1", "return-label.png", "image/png", photo)
    await staff_event(
        desk,
        ticket,
        subtype="file_share",
        text="Here is your return label.",
        files=[file],
        upload=False,
        ts="1700000702.000001",
    )
    [text] = await customer_sees(desk)
    first, link_line = text.split("\n")
    assert first == "Here is your return label."
    name, link = link_line.split(": ", 1)
    assert name == "return-label.png" and link.startswith(f"{PUBLIC}/files/")
    assert "slack" not in link and "F0LABEL1" not in link  # no Slack URL or id leaks out
    http: TestClient = desk.slack.http
    res = await http.get(link.removeprefix(PUBLIC))
    assert res.status == 200 and await res.read() == photo
    assert res.headers["Content-Type"] == "image/png"
    assert res.headers["X-Content-Type-Options"] == "nosniff"
    assert desk.fake.downloads == ["Bearer xoxb-test-token"]


async def test_a_file_that_is_not_an_image_is_a_download_that_cannot_run(desk: Desk) -> None:
    ticket = await taken_over(desk)
    page = b"<script>alert(1)</script>"
    file = desk.fake.add_file("F0HTML", "notes.html", "text/html", page)
    await staff_event(
        desk, ticket, subtype="file_share", text="", files=[file], ts="1700000703.000001"
    )
    [text] = await customer_sees(desk)
    link = text.split(": ", 1)[1]
    res = await desk.slack.http.get(link.removeprefix(PUBLIC))
    assert res.headers["Content-Type"] == "application/octet-stream"
    assert res.headers["Content-Disposition"].startswith("attachment")
    assert "sandbox" in res.headers["Content-Security-Policy"]


async def test_a_slack_connect_file_without_urls_is_fetched_through_files_info(
    desk: Desk,
) -> None:
    ticket = await taken_over(desk)
    desk.fake.add_file("F0CONNECT", "invoice.pdf", "application/pdf", b"%PDF-1.7 ...")
    hidden = {
        "id": "F0CONNECT",
        "mode": "file_access",
        "file_access": "check_file_info",
        "created": 0,
        "timestamp": 0,
        "user": "",
    }
    await staff_event(
        desk,
        ticket,
        subtype="file_share",
        text="Invoice attached",
        files=[hidden],
        ts="1700000704.000001",
    )
    [text] = await customer_sees(desk)
    link = text.split("\n")[1].split(": ", 1)[1]
    res = await desk.slack.http.get(link.removeprefix(PUBLIC))
    assert res.status == 200 and await res.read() == b"%PDF-1.7 ..."


async def test_an_unknown_or_expired_file_link_is_404(desk: Desk) -> None:
    res = await desk.slack.http.get("/files/not-a-token/x.png")
    assert res.status == 404


async def test_without_a_public_url_the_staff_member_is_told_the_file_did_not_go(
    services: Services, engine: Engine
) -> None:
    async with slack_desk(services) as desk:
        ticket = await taken_over(desk)
        file = desk.fake.add_file("F0X", "label.png", "image/png", b"png")
        await staff_event(
            desk,
            ticket,
            subtype="file_share",
            text="Label below",
            files=[file],
            ts="1700000705.000001",
        )
        assert await customer_sees(desk) == ["Label below"]
        [warning] = desk.fake.called("chat.postEphemeral")[-1:]
        assert "label.png did not reach the customer" in warning.text
        assert "ORDERSUPPORT_PUBLIC_URL" in warning.text


async def test_editing_a_relayed_reply_sends_a_correction_in_the_customers_language(
    desk: Desk,
) -> None:
    ticket = await taken_over(desk, "zh")
    channel, card_ts = await desk.card(ticket.id)
    await staff_event(desk, ticket, text="明天送达", ts="1700000706.000001")
    assert await customer_sees(desk) == ["明天送达"]
    status, _ = await desk.slack.event(
        {
            "type": "message",
            "subtype": "message_changed",
            "hidden": True,
            "channel": channel,
            "ts": "1700000760.000002",
            "event_ts": "1700000760.000002",
            "message": {
                "type": "message",
                "user": STAFF,
                "text": "后天送达",
                "ts": "1700000706.000001",
                "thread_ts": card_ts,
                "edited": {"user": STAFF, "ts": "1700000760.000000"},
            },
            "previous_message": {
                "type": "message",
                "user": STAFF,
                "text": "明天送达",
                "ts": "1700000706.000001",
                "thread_ts": card_ts,
            },
        }
    )
    await desk.settle()
    assert status == 200
    expected = Localizer("zh_Hans")._("Correction: {text}", text="后天送达")
    assert await customer_sees(desk) == [expected]
    assert expected != "Correction: 后天送达"


async def test_edits_that_change_no_words_and_edits_of_the_card_send_nothing(
    desk: Desk,
) -> None:
    ticket = await taken_over(desk)
    channel, card_ts = await desk.card(ticket.id)
    await staff_event(desk, ticket, text="On its way", ts="1700000707.000001")
    await customer_sees(desk)
    same = {
        "type": "message",
        "user": STAFF,
        "text": "On its way",
        "ts": "1700000707.000001",
        "thread_ts": card_ts,
        "attachments": [{"from_url": "https://t.example"}],
    }
    card = {
        "type": "message",
        "user": "U0BOT",
        "bot_id": BOT_ID,
        "text": "Ticket #1",
        "ts": card_ts,
        "blocks": [],
    }
    for message in (same, card):
        await desk.slack.event(
            {
                "type": "message",
                "subtype": "message_changed",
                "hidden": True,
                "channel": channel,
                "ts": "1700000770.000001",
                "message": message,
                "previous_message": same,
            }
        )
    await desk.settle()
    assert await customer_sees(desk) == []


async def test_deleting_a_relayed_reply_is_clearly_refused_in_the_thread(desk: Desk) -> None:
    ticket = await taken_over(desk)
    channel, card_ts = await desk.card(ticket.id)
    await staff_event(desk, ticket, text="Wrong customer, sorry", ts="1700000708.000001")
    await customer_sees(desk)
    status, _ = await desk.slack.event(
        {
            "type": "message",
            "subtype": "message_deleted",
            "hidden": True,
            "channel": channel,
            "ts": "1700000780.000001",
            "deleted_ts": "1700000708.000001",
            "previous_message": {
                "type": "message",
                "user": STAFF,
                "text": "Wrong customer, sorry",
                "ts": "1700000708.000001",
                "thread_ts": card_ts,
            },
        }
    )
    await desk.settle()
    assert status == 200
    note = desk.fake.posts(thread_ts=card_ts)[-1].text
    assert "had already reached the customer" in note and f"<@{STAFF}>" in note
    assert await customer_sees(desk) == []


async def test_other_subtypes_in_the_channel_are_ignored(desk: Desk) -> None:
    ticket = await taken_over(desk)
    channel, card_ts = await desk.card(ticket.id)
    for subtype in ("channel_join", "bot_message", "channel_topic"):
        await desk.slack.event(
            {
                "type": "message",
                "subtype": subtype,
                "channel": channel,
                "user": STAFF,
                "text": "x",
                "ts": "1700000790.000001",
                "thread_ts": card_ts,
            }
        )
    await desk.settle()
    assert await customer_sees(desk) == []
