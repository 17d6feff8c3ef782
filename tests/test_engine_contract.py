"""What every adapter may rely on from the engine: a platform event delivered twice is answered
once, and nothing it is handed makes it raise — a failure costs one apology in the customer's
language."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.acceptance import Outage
from core.engine import Engine
from core.keys import MemoryKeyStore
from core.messages import Inbound
from core.services import Services


def message(event_id: str | None, text: str = "hello", locale: str | None = "en") -> Inbound:
    return Inbound(
        channel="telegram",
        user_id="42",
        chat_id="42",
        text=text,
        event_id=event_id,
        locale_hint=locale,
    )


async def test_a_platform_event_delivered_twice_is_answered_once(engine: Engine) -> None:
    first = await engine.handle(message("123456:7"))
    again = await engine.handle(message("123456:7"))
    assert first.parts and not first.silent
    assert again.silent and again.parts == []


async def test_messages_without_an_event_id_are_each_answered(engine: Engine) -> None:
    replies = [await engine.handle(message(None)) for _ in range(2)]
    assert all(r.parts and not r.silent for r in replies)


class BrokenKeys(MemoryKeyStore):
    async def claim(self, key: str, ttl_seconds: int) -> bool:
        raise RuntimeError("a bug outside the dialogue")


class UnreachableKeys(MemoryKeyStore):
    async def claim(self, key: str, ttl_seconds: int) -> bool:
        raise ConnectionError("the key store is down")


async def test_a_failure_outside_the_dialogue_costs_one_apology_in_the_customers_language(
    services: Services,
) -> None:
    engine = Engine(replace(services, keys=BrokenKeys()))
    reply = await engine.handle(message("123456:8", text="hola", locale="es"))
    assert reply.language == "es"
    assert reply.text() == (await engine.apology("es")).text()
    assert "Sorry" not in reply.text()


async def test_a_key_store_that_cannot_be_reached_is_an_outage_for_the_platform_to_retry(
    services: Services,
) -> None:
    """Not an apology that looks like an answer: the webhook answers 503 and the platform
    delivers the message again (`core.acceptance`)."""
    engine = Engine(replace(services, keys=UnreachableKeys()))
    with pytest.raises(Outage):
        await engine.handle(message("123456:9", text="hola", locale="es"))
