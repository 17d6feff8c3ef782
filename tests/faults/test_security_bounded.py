"""Issue 16, case 1: no request, however large or absurd, holds the server up. Masking and entity
extraction are linear with a length cap, and a badly signed Slack request is refused before its
body is parsed, masked or logged.

Before the fix a 32 KB unsigned POST to `/slack/events` stalled every request for 52 s (masking
the body slack-bolt logs), an 8,000-digit URL for 3.3 s and a 4,000-digit chat message for 0.7 s.
The bounds below are generous (seconds where the work takes milliseconds): they tell "bounded"
from "quadratic", not fast from slow."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from core.masking import CUT, MAX_CHARS, mask_text
from core.understanding.entities import extract_entities
from tests.faults.service import API_TOKEN, json_logs, serving

GENEROUS = 20.0
"""Seconds: far above what bounded work takes on a loaded 2-core machine, far below a stall."""

ABSURD = {
    "digits": "1" * 32_000,
    "mobile prefixes": "138" * 11_000,
    "letters": "x" * 32_000,
    "dots": "1." * 16_000,
    "dashes": "1-" * 16_000,
    "an e-mail local part": "a" * 32_000 + "@",
    "street words": "Main " * 6_400 + "street",
    "chinese road": "文三路" * 10_000,
}


async def test_masking_and_extraction_of_absurd_texts_is_bounded() -> None:
    def work() -> list[str]:
        out = []
        for text in ABSURD.values():
            extract_entities(text)
            out.append(mask_text(text))
        return out

    masked = await asyncio.wait_for(asyncio.to_thread(work), GENEROUS)
    assert all(len(m) <= MAX_CHARS + len(CUT) for m in masked)


def test_a_text_longer_than_the_cap_is_cut_and_its_head_masked() -> None:
    text = "call 13812345678 please " + "x" * 50_000
    masked = mask_text(text)
    assert masked.endswith(CUT) and len(masked) <= MAX_CHARS + len(CUT)
    assert "13812345678" not in masked and "138****5678" in masked


async def test_a_32_kb_unsigned_slack_post_is_refused_without_holding_up_others(
    tmp_path: Path, capsys: Any
) -> None:
    body = ("payload=" + "13812345678 " * 2_700).encode()  # 32 KB, with phones in it
    with json_logs(capsys) as logs:
        async with serving(tmp_path) as running:
            client = running.client

            async def big() -> int:
                headers = {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-Slack-Request-Timestamp": "1700000000",
                    "X-Slack-Signature": "v0=" + "0" * 64,
                }
                async with client.post("/slack/events", data=body, headers=headers) as res:
                    return res.status

            async def other() -> int:
                async with client.get("/healthz") as res:
                    return res.status

            statuses = await asyncio.wait_for(asyncio.gather(big(), other()), GENEROUS)
        lines = logs()
    assert statuses == [401, 200]
    assert not any("13812345678" in str(line) or "138****5678" in str(line) for line in lines)


async def test_an_8000_digit_url_is_answered_400_and_the_access_log_keeps_its_status(
    tmp_path: Path, capsys: Any
) -> None:
    with json_logs(capsys) as logs:
        async with serving(tmp_path) as running:
            res = await asyncio.wait_for(
                running.client.get(
                    "/api/orders/" + "1" * 8_000,
                    headers={"Authorization": f"Bearer {API_TOKEN}"},
                ),
                GENEROUS,
            )
            assert res.status == 400
        lines = logs()
    access = [line["event"] for line in lines if line.get("logger") == "aiohttp.access"]
    assert access and '" 400 ' in access[-1]
    assert "1" * 20 not in access[-1]


async def test_a_4000_digit_chat_message_gets_an_answer(tmp_path: Path, capsys: Any) -> None:
    with json_logs(capsys):
        async with serving(tmp_path) as running:
            res = await asyncio.wait_for(
                running.client.post("/api/chat", json={"user": "web-fuzz", "text": "1" * 4_000}),
                GENEROUS,
            )
            assert res.status == 200
            assert (await res.json())["replies"]
