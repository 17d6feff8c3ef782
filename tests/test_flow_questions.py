"""Refund status, price explanations, invoices, policy answers, payment failures, delivery
problems, staff hand-offs and references to "the other" order."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.engine import Engine
from core.services import Services
from tests.chat import Chat, store
from tests.factories import iso, order_doc, shipped

ORDER = "1234567890123451023"


@pytest.fixture
def chat(engine: Engine) -> Chat:
    return Chat(engine)


def with_return(status: str = "approved") -> dict:
    doc = shipped(status="delivered", delivered_at=iso(timedelta(days=-3)))
    doc["items"] = [
        {
            "line_id": "A",
            "sku": "MUG",
            "title": "Mug",
            "category": "general",
            "quantity": 2,
            "unit_price": "50.00",
        },
        {
            "line_id": "B",
            "sku": "CUP",
            "title": "Cup",
            "category": "general",
            "quantity": 1,
            "unit_price": "75.00",
        },
    ]
    doc["discounts"] = [{"code": "TENOFF", "kind": "order_percent", "percent": "10"}]
    doc["payment"] = {"method": "wechat_pay", "status": "succeeded", "amount": "157.50"}
    # Goods 175, 10% = 17.50: shares A 100/175 × 17.5 = 10.00, B 7.50. Paid A 90, B 67.50.
    # Returning 1 of 2 mugs: 1/2 × 90 = ¥45.00.
    doc["returns"] = [
        {
            "return_id": "R-1",
            "created_at": iso(timedelta(days=-1)),
            "lines": [{"line_id": "A", "quantity": 1}],
            "reason": "no_reason",
            "refund_amount": "45.00",
            "status": status,
        }
    ]
    return doc


async def test_refund_status_names_the_return_amount_and_expected_day(
    chat: Chat, services: Services
) -> None:
    await store(services, with_return())
    text = (await chat.say("where is my refund?")).text()
    assert "R-1" in text and "¥45.00" in text


async def test_a_refunded_return_says_when_and_where_the_money_went(
    chat: Chat, services: Services
) -> None:
    doc = with_return("refunded")
    doc["returns"][0]["refunded_at"] = iso(timedelta(hours=-5))
    await store(services, doc)
    text = (await chat.say("where is my refund?")).text()
    assert "¥45.00" in text and "WeChat Pay" in text


async def test_why_only_this_much_is_explained_line_by_line(chat: Chat, services: Services) -> None:
    await store(services, with_return())
    text = (await chat.press("intent:coupon_price")).text()
    assert "TENOFF" in text and "−CN¥17.50" in text  # English formats yuan as CN¥
    assert "¥100.00 − CN¥10.00 = CN¥90.00" in text  # the mugs' share of the discount
    assert "¥45.00" in text  # the return refunds the paid share of one mug


async def test_invoice_details_go_to_finance(chat: Chat, services: Services) -> None:
    await store(services, order_doc())
    asked = await chat.say("能开发票吗")
    assert "1234567890123451023" in asked.text()
    await chat.say("杭州某某科技有限公司 91330106MA2KXXXX1X")
    [ticket] = await services.tickets.list(order_no=ORDER)
    assert (ticket.kind, ticket.department) == ("invoice", "finance")
    assert ticket.data["title"] == "杭州某某科技有限公司"
    assert ticket.data["tax_id"] == "91330106MA2KXXXX1X"


async def test_policy_question_answers_from_the_knowledge_base(chat: Chat) -> None:
    text = (await chat.say("what is your return policy?")).text()
    assert "7" in text and "14" in text and "30" in text


async def test_policy_question_without_topic_offers_topics(chat: Chat) -> None:
    reply = await chat.press("intent:policy_question")
    assert "topic:returns" in [b.payload for b in reply.buttons()]
    answer = await chat.press("topic:warranty")
    assert "one-year warranty" in answer.text()


@pytest.mark.parametrize(
    ("country", "code", "methods"),
    [
        ("CN", "insufficient_funds", ["Alipay", "UnionPay"]),
        ("US", "expired_card", ["PayPal", "Apple Pay"]),
    ],
)
async def test_payment_failure_is_explained_with_regional_alternatives(
    chat: Chat, services: Services, country: str, code: str, methods: list[str]
) -> None:
    doc = order_doc(status="pending_payment", paid_at=None)
    doc["payment"] = {"method": "card", "status": "failed", "failure_code": code, "amount": "98.00"}
    doc["shipping_address"]["country"] = country
    await store(services, doc)
    text = (await chat.say("my payment failed")).text()
    assert all(m in text for m in methods)


async def test_a_delivery_problem_opens_a_logistics_ticket(chat: Chat, services: Services) -> None:
    await store(services, shipped(status="delivered", delivered_at=iso(timedelta(hours=-2))))
    reply = await chat.say("快递显示签收了但我没收到")
    [ticket] = await services.tickets.list(order_no=ORDER)
    assert (ticket.department, ticket.priority) == ("logistics", "high")
    assert f"#{ticket.id}" in reply.text()


async def test_asking_for_a_person_opens_a_service_ticket(chat: Chat, services: Services) -> None:
    await store(services, order_doc())
    await chat.say("转人工")
    [ticket] = await services.tickets.list()
    assert (ticket.kind, ticket.department) == ("human_agent", "service")


async def test_and_the_other_one_answers_about_the_other_order(
    chat: Chat, services: Services
) -> None:
    await store(services, shipped(), order_doc(order_no="1234567890123459999", status="picking"))
    await chat.say("where is my order?")
    await chat.press("order:1234567890123451023")
    other = await chat.say("and the other one?")
    assert "1234567890123459999" in other.text()


async def test_replies_follow_the_customer_switching_language(
    chat: Chat, services: Services
) -> None:
    await store(services, shipped())
    assert (await chat.say("我的订单到哪了")).language == "zh_Hans"
    assert (await chat.say("where is my order?")).language == "en"
