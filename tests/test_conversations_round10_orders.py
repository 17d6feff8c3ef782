"""Which order a message concerns (round 10): the order the conversation is about, the order
its items describe, every order when the customer asks about all of them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from core.engine import Engine
from core.order import OrderStatus
from core.services import Services
from core.understanding import Intent
from tests.chat import Chat, store
from tests.factories import iso, order_doc, shipped


@pytest.fixture
def chat(engine: Engine) -> Chat:
    return Chat(engine)


def _item(line_id: str, title: str, price: str = "100.00") -> dict[str, Any]:
    return {
        "line_id": line_id,
        "sku": f"SKU-{line_id}-{abs(hash(title)) % 1000}",
        "title": title,
        "category": "general",
        "quantity": 1,
        "unit_price": price,
    }


def _paid(order_no: str, *titles: str, hours_ago: int = 2) -> dict[str, Any]:
    total = f"{100 * len(titles)}.00"
    return order_doc(
        order_no=order_no,
        items=[_item(f"L{n}", t) for n, t in enumerate(titles, 1)],
        placed_at=iso(timedelta(hours=-hours_ago)),
        paid_at=iso(timedelta(hours=-hours_ago)),
        payment={"method": "alipay", "status": "succeeded", "amount": total},
    )


def _on_its_way(order_no: str, title: str, tracking_no: str) -> dict[str, Any]:
    doc = shipped(order_no=order_no)
    doc["items"] = [_item("L1", title)]
    doc["payment"] = {"method": "alipay", "status": "succeeded", "amount": "100.00"}
    doc["shipments"][0]["tracking_no"] = tracking_no
    return doc


# --- a follow-up naming no order is about the order the bot just answered about ------------


@pytest.mark.parametrize(
    ("boots", "cancel", "follow_up", "other_item"),
    [
        (
            "Hiking boots",
            "Please cancel the hiking boots",
            "fine, so when will they get to me?",
            "Desk lamp",
        ),
        (
            "Botas de montaña",
            "Quiero anular las botas de montaña",
            "bueno, entonces ¿cuándo me llegan?",
            "Lámpara de escritorio",
        ),
        (
            "Chaussures de randonnée",
            "Je voudrais annuler les chaussures de randonnée",
            "d'accord, et elles arrivent quand alors ?",
            "Lampe de bureau",
        ),
    ],
    ids=["en", "es", "fr"],
)
async def test_a_follow_up_after_a_refused_cancel_is_about_that_order(
    chat: Chat, services: Services, boots: str, cancel: str, follow_up: str, other_item: str
) -> None:
    await store(
        services,
        _on_its_way("7781001", boots, "SF7781001000001"),
        _paid("7781002", other_item),
    )
    refused = await chat.say(cancel)
    assert "7781001" in refused.text()
    reply = await chat.say(follow_up)
    assert "SF7781001000001" in reply.text(), reply.text()
    assert "7781002" not in reply.text() and not reply.buttons()
    order = await services.hub.get_order("7781001")
    assert order is not None and order.status is OrderStatus.SHIPPED


# --- "all my orders": a line for every order not yet delivered --------------------------


def _delivered(order_no: str, title: str) -> dict[str, Any]:
    doc = shipped(order_no=order_no, status="delivered", delivered_at=iso(timedelta(days=-4)))
    doc["items"] = [_item("L1", title)]
    doc["payment"] = {"method": "alipay", "status": "succeeded", "amount": "100.00"}
    doc["shipments"][0]["tracking_no"] = "SF7782003000003"
    return doc


_THREE_ORDERS = {
    "en": ("Wool scarf", "Electric kettle", "Yoga mat"),
    "es": ("Bufanda de lana", "Hervidor eléctrico", "Esterilla de yoga"),
    "zh_Hans": ("羊毛围巾", "电热水壶", "瑜伽垫"),
}


async def _three_orders(services: Services, language: str) -> None:
    scarf, kettle, mat = _THREE_ORDERS[language]
    await store(
        services,
        _on_its_way("7782001", scarf, "SF7782001000001"),
        _paid("7782002", kettle),
        _delivered("7782003", mat),
    )


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Could you go through all my orders and tell me which haven't come yet?"),
        ("es", "¿Me revisas todos mis pedidos? No sé cuáles faltan por llegar"),
        ("zh_Hans", "帮我看看所有订单，哪些还没到？"),
    ],
    ids=["en", "es", "zh_Hans"],
)
async def test_asking_about_all_orders_lists_every_order_not_yet_delivered(
    chat: Chat, services: Services, language: str, message: str
) -> None:
    await _three_orders(services, language)
    reply = await chat.say(message)
    text = reply.text()
    scarf, kettle, mat = _THREE_ORDERS[language]
    assert "7782001" in text and "SF7782001000001" in text and scarf in text, text
    assert "7782002" in text and kettle in text, text
    assert "7782003" not in text and mat not in text and not reply.buttons(), text
    assert not await services.tickets.list()


@pytest.mark.parametrize(
    ("language", "overview", "follow_up"),
    [
        ("en", "which of my orders are still on the way?", "ok, and the scarf's tracking number?"),
        (
            "es",
            "¿cuáles de mis pedidos siguen sin llegar?",
            "vale, ¿y el número de seguimiento de la bufanda?",
        ),
        ("zh_Hans", "我的订单都到哪了？", "好的，那围巾的快递单号是多少？"),
    ],
    ids=["en", "es", "zh_Hans"],
)
async def test_after_the_overview_an_item_named_picks_its_order(
    chat: Chat, services: Services, language: str, overview: str, follow_up: str
) -> None:
    await _three_orders(services, language)
    listed = (await chat.say(overview)).text()
    assert "7782001" in listed and "7782002" in listed, listed
    reply = await chat.say(follow_up)
    text = reply.text()
    assert "SF7782001000001" in text and "7782002" not in text and not reply.buttons(), text


# --- a cancellation asked by its verb is a cancellation, however the model reads it ------


class _ReadsAReturn:
    """The engine's understanding, except that the first message is read as a return with the
    cancellation it asks for in one of its clauses (as a story around the request can make
    the model read it)."""

    def __init__(self, inner: Any, clause: str) -> None:
        self.inner, self.clause, self.first = inner, clause, True

    async def understand(self, text: str, *args: Any, **kwargs: Any) -> Any:
        said = await self.inner.understand(text, *args, **kwargs)
        if not self.first or self.clause not in text:
            return said
        self.first = False
        return said.model_copy(
            update={
                "intent": Intent.RETURN_REQUEST,
                "confidence": 0.62,
                "also": [Intent.CANCEL_ORDER],
                "also_said": [self.clause],
                "main_said": text,
            }
        )

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


@pytest.mark.parametrize(
    ("tent", "raincoat", "story", "clause", "keep", "yes"),
    [
        (
            "Camping tent",
            "Rain jacket",
            "I hurt my knee, so the trip is off.",
            "Could you cancel the order with the tent completely?",
            "The rain jacket please NOT, I need that one anyway.",
            "yes",
        ),
        (
            "Tienda de campaña",
            "Chubasquero",
            "Me lesioné la rodilla y no hay viaje.",
            "¿Podéis anular por completo el pedido de la tienda de campaña?",
            "El chubasquero por favor NO, ese lo necesito igual.",
            "sí",
        ),
        (
            "Zelt für 2 Personen",
            "Regenjacke",
            "Ich hab mir das Knie verletzt, die Reise fällt aus.",
            "Könnt ihr die Bestellung mit dem Zelt komplett stornieren?",
            "Die Regenjacke bitte NICHT, die brauche ich noch.",
            "ja",
        ),
    ],
    ids=["en", "es", "de"],
)
async def test_a_cancel_asked_by_its_verb_wins_over_a_return_no_verb_names(
    engine: Engine,
    services: Services,
    tent: str,
    raincoat: str,
    story: str,
    clause: str,
    keep: str,
    yes: str,
) -> None:
    engine.understander = _ReadsAReturn(engine.understander, clause)
    kept = _paid("7784002", raincoat, hours_ago=5)
    await store(services, _paid("7784001", tent), kept, _delivered("7784003", "Coffee mug"))
    chat = Chat(engine)
    asked = await chat.say(f"{story} {clause} {keep}")
    text = asked.text()
    assert "7784001" in text and "7784002" not in text and "7784003" not in text, text
    await chat.say(yes)
    order = await services.hub.get_order("7784001")
    assert order is not None and order.status is OrderStatus.CANCELLED
    for other_no in ("7784002", "7784003"):
        other = await services.hub.get_order(other_no)
        assert other is not None and other.status is not OrderStatus.CANCELLED
        assert not other.returns
