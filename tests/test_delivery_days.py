"""The delivery times a customer is told are the shop's own (`ShopPolicy.delivery_days_*`), by
whether the parcel crosses a border — in the shipping answer and in a status follow-up alike."""

from __future__ import annotations

import pytest

from core.i18n import Localizer
from core.knowledge import Topic, answer
from core.order import Order
from core.policies import ShopPolicy, delivery_days
from core.policies.config import BusinessDays
from tests.factories import order_doc

SLOW = ShopPolicy(
    delivery_days_domestic=BusinessDays(min=2, max=4),
    delivery_days_cross_border=BusinessDays(min=9, max=20),
)


@pytest.mark.parametrize(
    ("language", "home", "abroad"),
    [
        ("en", "2–4", "9–20"),
        ("fr", "2 à 4", "9 à 20"),
        ("zh_Hans", "2–4 天", "9–20 天"),
        ("ja", "2〜4日", "9〜20日"),
        ("ru", "2–4", "9–20"),
    ],
)
def test_the_shipping_answer_gives_the_shops_own_delivery_times(
    language: str, home: str, abroad: str
) -> None:
    text = answer(Localizer(language), Topic.SHIPPING, SLOW)
    assert home in text and abroad in text
    assert "1–3" not in text and "5–12" not in text


def test_a_parcel_to_another_country_than_the_warehouses_travels_the_cross_border_time() -> None:
    home = Order.model_validate(order_doc())
    abroad = Order.model_validate(
        order_doc(shipping_address={**order_doc()["shipping_address"], "country": "DE"})
    )
    assert delivery_days(home, SLOW) == BusinessDays(min=2, max=4)
    assert delivery_days(abroad, SLOW) == BusinessDays(min=9, max=20)
