"""The SDK-free part of the Telegram channel: rendering, deep-link tokens, limits, payloads."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys

import pytest

from adapters.telegram.callbacks import callback_data, resolve_callback
from adapters.telegram.incoming import start_argument
from adapters.telegram.limits import TelegramLimits
from adapters.telegram.render import MESSAGE_LIMIT, KeyButton, render, utf16_len
from core.identity import link_key, sign_link, verify_link
from core.keys import MemoryKeyStore
from core.messages import (
    Button,
    ButtonsPart,
    CardField,
    ConfirmPart,
    OrderCardPart,
    Reply,
    TextPart,
)
from tests.fake_telegram import FakeClock

KEY = link_key("123456:TEST-token")


def test_the_shared_modules_import_no_chat_sdk() -> None:
    code = (
        "import sys, adapters.telegram.handler, adapters.telegram.render\n"
        "sdks = {'aiogram', 'telegram', 'wechatpy', 'slack_bolt', 'slack_sdk'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in sdks))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- rendering --------------------------------------------------------------------------


def test_text_and_an_order_card_share_one_message_with_a_bold_title() -> None:
    reply = Reply(
        parts=[
            TextPart(text="Order ****1023 is on its way."),
            OrderCardPart(
                title="Order ****1023",
                status="Shipped",
                fields=[CardField(label="Carrier", value="SF Express")],
                lines=["2 × Mug"],
            ),
        ]
    )
    [message] = render(reply)
    assert message.html == (
        "Order ****1023 is on its way.\n\n<b>Order ****1023</b>\nShipped\nCarrier: SF Express\n"
        "2 × Mug"
    )
    assert message.keyboard == []


def test_all_core_text_is_escaped_including_card_titles_labels_and_buttons_text() -> None:
    reply = Reply(
        parts=[
            OrderCardPart(
                title="<i>T</i>",
                status="a & b",
                fields=[CardField(label="<x>", value="1 < 2")],
            ),
            ButtonsPart(text="<script>", buttons=[Button(label="<b>go</b>", payload="p")]),
        ]
    )
    [message] = render(reply)
    assert "<b>&lt;i&gt;T&lt;/i&gt;</b>" in message.html
    assert "a &amp; b" in message.html and "&lt;x&gt;: 1 &lt; 2" in message.html
    assert "&lt;script&gt;" in message.html
    assert message.keyboard == [[KeyButton("<b>go</b>", "p")]]  # button labels are plain text


def test_buttons_are_one_per_row_and_a_confirm_is_yes_and_no_side_by_side() -> None:
    buttons = render(
        Reply(
            parts=[
                ButtonsPart(
                    text="Pick",
                    buttons=[Button(label="A", payload="a"), Button(label="B", payload="b")],
                )
            ]
        )
    )
    assert buttons[0].keyboard == [[KeyButton("A", "a")], [KeyButton("B", "b")]]
    confirm = render(
        Reply(
            parts=[
                ConfirmPart(
                    text="Change it?",
                    yes=Button(label="Yes", payload="yes"),
                    no=Button(label="No", payload="no"),
                )
            ]
        )
    )
    assert confirm[0].html == "Change it?"
    assert confirm[0].keyboard == [[KeyButton("Yes", "yes"), KeyButton("No", "no")]]


def test_a_keyboard_without_text_of_its_own_still_gets_a_message() -> None:
    [message] = render(Reply(parts=[ButtonsPart(buttons=[Button(label="A", payload="a")])]))
    assert message.html.strip() and message.keyboard


def test_text_after_buttons_starts_a_new_message() -> None:
    reply = Reply(
        parts=[
            ButtonsPart(text="Menu", buttons=[Button(label="A", payload="a")]),
            TextPart(text="More"),
        ]
    )
    assert [(m.html, bool(m.keyboard)) for m in render(reply)] == [("Menu", True), ("More", False)]


def test_a_silent_reply_renders_to_nothing() -> None:
    assert render(Reply(parts=[TextPart(text="hi")], silent=True)) == []


def test_splitting_never_breaks_an_escape_and_counts_utf16() -> None:
    text = "😀&<" * 2000  # each emoji is two UTF-16 units; & and < grow when escaped
    messages = render(Reply(parts=[TextPart(text=text)]))
    assert len(messages) > 1
    assert all(utf16_len(m.html) <= MESSAGE_LIMIT for m in messages)
    assert all(not re.search(r"&[a-z]*$", m.html) for m in messages)
    joined = "".join(m.html for m in messages)
    assert joined.replace("&amp;", "&").replace("&lt;", "<") == text


def test_a_long_line_is_split_at_a_space_when_there_is_one() -> None:
    words = " ".join(f"word{i}" for i in range(1500))
    messages = render(Reply(parts=[TextPart(text=words)]))
    assert all(utf16_len(m.html) <= MESSAGE_LIMIT for m in messages)
    assert all(re.fullmatch(r"(word\d+ ?)+", m.html) for m in messages)


def test_a_long_bold_title_stays_well_formed_when_split() -> None:
    [*messages] = render(Reply(parts=[OrderCardPart(title="T" * 5000, status="s")]))
    assert all(m.html.count("<b>") == m.html.count("</b>") for m in messages)


# --- callback data ----------------------------------------------------------------------


async def test_short_payloads_are_the_callback_data_themselves() -> None:
    store = MemoryKeyStore()
    assert await callback_data(store, "intent:order_status") == "intent:order_status"
    assert await resolve_callback(store, "intent:order_status") == "intent:order_status"


async def test_long_or_ambiguous_payloads_go_through_the_store() -> None:
    store = MemoryKeyStore()
    for payload in ("order:" + "é" * 40, "k:looks-like-a-key"):
        data = await callback_data(store, payload)
        assert data.startswith("k:") and len(data.encode()) <= 64
        assert await resolve_callback(store, data) == payload


async def test_an_expired_stored_payload_resolves_to_none() -> None:
    clock = FakeClock()
    store = MemoryKeyStore(clock=clock)
    data = await callback_data(store, "x" * 100)
    clock.now += 31 * 24 * 3600
    assert await resolve_callback(store, data) is None


# --- deep links -------------------------------------------------------------------------


def test_a_link_token_round_trips_and_fits_the_start_parameter() -> None:
    token = sign_link(KEY, "C-" + "9" * 30, now=1_000)
    assert len(token) <= 64 and re.fullmatch(r"[A-Za-z0-9_-]+", token)
    check = verify_link(KEY, token, now=2_000)
    assert (check.customer_id, check.reason) == ("C-" + "9" * 30, "ok")


def test_a_link_token_expires() -> None:
    token = sign_link(KEY, "C-LI", ttl_seconds=60, now=1_000)
    assert verify_link(KEY, token, now=1_059).reason == "ok"
    assert verify_link(KEY, token, now=1_060).customer_id is None
    assert verify_link(KEY, token, now=1_060).reason == "expired"


def test_a_token_signed_with_another_key_or_altered_is_forged() -> None:
    token = sign_link(KEY, "C-LI", now=1_000)
    assert verify_link(link_key("other"), token, now=1_000).reason == "forged"
    tampered = sign_link(KEY, "C-LJ", now=1_000)[:-3] + token[-3:]
    assert verify_link(KEY, tampered, now=1_000).customer_id is None


@pytest.mark.parametrize("token", ["", "!!", "abc", "A" * 65])
def test_garbage_tokens_are_malformed(token: str) -> None:
    assert verify_link(KEY, token).reason == "malformed"


def test_customer_ids_too_long_for_a_start_parameter_are_refused() -> None:
    with pytest.raises(ValueError):
        sign_link(KEY, "C" * 33)


@pytest.mark.parametrize(
    ("text", "argument"),
    [("/start", ""), ("/start abc", "abc"), ("/start@ShopBot abc ", "abc"), ("/help", None)],
)
def test_start_commands_are_recognised(text: str, argument: str | None) -> None:
    assert start_argument(text) == argument


# --- send limits (aiolimiter) -----------------------------------------------------------


async def test_a_waiting_chat_does_not_hold_up_other_chats() -> None:
    limits = TelegramLimits(per_second=1000, per_chat_interval=0.2)
    await limits.wait("busy")
    busy = asyncio.create_task(limits.wait("busy"))
    quiet = asyncio.create_task(limits.wait("quiet"))
    done, _ = await asyncio.wait({busy, quiet}, return_when=asyncio.FIRST_COMPLETED)
    assert done == {quiet}
    await busy


async def test_a_chat_may_send_again_after_its_interval() -> None:
    limits = TelegramLimits(per_second=1000, per_chat_interval=0.05)
    loop = asyncio.get_running_loop()
    started = loop.time()
    for _ in range(3):
        await limits.wait("chat-1")
    assert loop.time() - started >= 0.09  # the 2nd and 3rd message each waited their turn
