"""Privacy requests: export everything held about a customer; erase what their chats left."""

from __future__ import annotations

import json

import sqlalchemy as sa

from core.engine import Engine
from core.privacy import ERASED, erase_customer, export_customer, pseudonym
from core.services import Services
from core.storage.tables import audit_log, channel_bindings
from core.tickets import Department, NewTicket
from tests.chat import Chat, store
from tests.factories import shipped


async def conversation(engine: Engine, services: Services) -> int:
    await store(services, shipped())
    chat = Chat(engine)
    await chat.say("where is my order? my phone is 13812345678")
    await services.identity.bind("telegram", "777001", "C-LI", how="verified")
    ticket = await services.tickets.open(
        NewTicket(
            kind="human_agent",
            department=Department.SERVICE,
            summary="wants a person",
            order_no="1234567890123451023",
            customer_id="C-LI",
            conversation="web:web-li",
            data={
                "history": [{"by": "staff", "text": "Called 李娜 on 13812345678"}],
                "channel": "web",
            },
        )
    )
    return ticket.id


async def test_export_holds_orders_bindings_tickets_audit_and_decrypted_sessions(
    engine: Engine, services: Services
) -> None:
    ticket_id = await conversation(engine, services)
    await services.audit.record("bot", "order.viewed", order_no="1234567890123451023")
    export = await export_customer(services, "C-LI")
    json.dumps(export)  # JSON as it is
    assert [o["order_no"] for o in export["orders"]] == ["1234567890123451023"]
    assert ("telegram", "777001") in {(b["channel"], b["user_id"]) for b in export["bindings"]}
    assert {"channel": "web", "user_id": "web-li"} in export["chat_identities"]
    assert [t["id"] for t in export["tickets"]] == [ticket_id]
    assert any(e["action"] == "order.viewed" for e in export["audit"])
    [session] = export["sessions"]
    assert session["key"] == "web:web-li" and session["history"][0]["role"] == "customer"
    async with services.db.connect() as conn:
        last = (await conn.execute(sa.select(audit_log).order_by(audit_log.c.id.desc()))).first()
    assert (last.actor, last.action) == ("staff:cli", "privacy.export")
    assert "C-LI" not in json.dumps(last.after) and pseudonym(services, "C-LI") in json.dumps(
        last.after
    )


async def test_erase_removes_sessions_bindings_and_free_text_and_keeps_the_audit_chain(
    engine: Engine, services: Services
) -> None:
    ticket_id = await conversation(engine, services)
    before = await services.audit.export_head()
    summary = await erase_customer(services, "C-LI")
    assert summary.sessions_deleted == 1 and summary.bindings_deleted >= 1
    assert summary.tickets_scrubbed == 1 and summary.orders_kept == 1
    assert summary.customer == pseudonym(services, "C-LI") != "C-LI"
    assert (await services.sessions.load("web:web-li")).version == 0
    async with services.db.connect() as conn:
        left = (
            await conn.execute(
                sa.select(channel_bindings).where(channel_bindings.c.customer_id == "C-LI")
            )
        ).all()
        last = (await conn.execute(sa.select(audit_log).order_by(audit_log.c.id.desc()))).first()
    assert left == []
    ticket = await services.tickets.get(ticket_id)
    assert ticket is not None and ERASED in ticket.summary
    stored = json.dumps(ticket.model_dump(mode="json"), ensure_ascii=False)
    for raw in ("李娜", "13812345678", "C-LI", "web:web-li"):
        assert raw not in stored
    assert ticket.data["channel"] == "web"
    assert (last.actor, last.action) == ("staff:cli", "privacy.erase")
    assert "C-LI" not in json.dumps(last.after)
    verdict = await services.audit.verify(before)  # the log was appended to, not rewritten
    assert verdict.ok and verdict.count == before.count + 1
    again = await export_customer(services, "C-LI")
    assert again["sessions"] == [] and again["bindings"] == []
    assert [ERASED in t["summary"] for t in again["tickets"]] == [True]  # kept by order number
