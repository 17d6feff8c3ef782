"""Entities: order vs tracking numbers vs phones, e-mails, quantities, items, addresses."""

from __future__ import annotations

import pytest

from core.understanding.entities import extract_entities, is_valid_s10, s10_check_digit


@pytest.mark.parametrize(
    ("text", "order"),
    [
        ("淘宝订单 2087654321098765432 到哪了", "2087654321098765432"),
        ("订单123456789012345678还没发", "123456789012345678"),
        ("京东订单1234567890123取消", "1234567890123"),
        ("拼多多 240315-123456789012345 退款", "240315-123456789012345"),
        ("order #1043 hasn't arrived", "#1043"),
        ("Any news on 114-3941689-8772232?", "114-3941689-8772232"),
        ("cancel TM20251101001 please", "TM20251101001"),
    ],
)
def test_order_numbers_of_major_platforms_are_found(text, order):
    assert extract_entities(text).order_numbers == [order]


def test_shopify_order_number_keeps_the_hash():
    assert extract_entities("#1043").order_numbers == ["#1043"]


@pytest.mark.parametrize(
    ("text", "tracking"),
    [
        ("顺丰 SF1234567890123 一直没更新", "SF1234567890123"),
        ("运单号YT7412589630147", "YT7412589630147"),
        ("UPS 1Z999AA10123456784 stuck", "1Z999AA10123456784"),
        ("where is RR123456785CN", "RR123456785CN"),
        ("中通快递 73123456789012 到哪了", "73123456789012"),
        ("tracking number 9405511899223197428490", None),
    ],
)
def test_tracking_numbers_are_not_order_numbers(text, tracking):
    ents = extract_entities(text)
    if tracking:
        assert ents.tracking_numbers == [tracking]
        assert ents.order_numbers == []


def test_s10_check_digit_is_validated():
    assert s10_check_digit("12345678") == 5
    assert is_valid_s10("RR123456785CN")
    assert not is_valid_s10("RR123456784CN")
    assert extract_entities("RR123456784CN").tracking_numbers == []


def test_chinese_mobile_number_is_a_phone_not_an_order_number():
    ents = extract_entities("电话改成13812345678")
    assert ents.phones == ["13812345678"]
    assert ents.order_numbers == []


def test_phone_and_order_number_in_one_message_are_told_apart():
    ents = extract_entities("订单3021987654321 电话改成 139 1234 5678")
    assert ents.order_numbers == ["3021987654321"]
    assert ents.phones == ["13912345678"]


def test_international_phone_and_email():
    ents = extract_entities("call me on +44 20 7946 0958 or mail jo.smith+shop@example.co.uk")
    assert ents.phones == ["+442079460958"]
    assert ents.emails == ["jo.smith+shop@example.co.uk"]
    assert ents.order_numbers == []


def test_chinese_quantity_words():
    assert extract_entities("退其中两件").quantities == [2]
    assert extract_entities("退一件行吗").quantities == [1]
    assert extract_entities("买了三双袜子").quantities == [3]
    assert extract_entities("要十二个").quantities == [12]


def test_english_item_reference_with_quantity():
    items = extract_entities("return 2 of the mugs").items
    assert [(i.quantity, i.words) for i in items] == [(2, ["mugs"])]


def test_item_reference_by_description():
    items = extract_entities("I want to return the blue one").items
    assert items[0].words == ["blue"]
    assert items[0].quantity is None


def test_numbers_inside_order_numbers_are_not_quantities():
    assert extract_entities("order #1043 2 items missing").quantities == [2]
    assert extract_entities("订单 2087654321098765432").quantities == []


def test_chinese_address_is_split():
    addr = extract_entities("浙江省杭州市西湖区文三路100号 张三 13812345678").address
    assert addr is not None
    assert (addr.country, addr.province, addr.city, addr.district) == (
        "CN",
        "浙江省",
        "杭州市",
        "西湖区",
    )
    assert addr.line1 == "文三路100号"
    assert addr.name == "张三"
    assert addr.phone == "13812345678"


def test_chinese_address_after_a_lead_in():
    addr = extract_entities("地址改成上海市浦东新区张江路88号").address
    assert addr is not None
    assert (addr.province, addr.city, addr.district, addr.line1) == (
        "上海市",
        "上海市",
        "浦东新区",
        "张江路88号",
    )


def test_international_address_is_split():
    addr = extract_entities("221B Baker Street, London NW1 6XE, UK").address
    assert addr is not None
    assert (addr.country, addr.city, addr.postal_code, addr.line1) == (
        "GB",
        "London",
        "NW1 6XE",
        "221B Baker Street",
    )


def test_german_address_is_split():
    addr = extract_entities("neue Adresse: Hauptstraße 5, 10115 Berlin, Deutschland").address
    assert addr is not None
    assert (addr.country, addr.city, addr.postal_code) == ("DE", "Berlin", "10115")


def test_plain_message_has_no_address():
    assert extract_entities("where is my order, it's been 5 days").address is None
    assert extract_entities("我的订单到哪了").address is None


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("where is order 10517?", "10517"),
        ("订单10517到哪了", "10517"),
        ("my order number is 10482", "10482"),
        ("¿Dónde está mi pedido 10482?", "10482"),
    ],
)
def test_a_short_shop_order_id_right_after_an_order_word_is_an_order_number(
    text: str, number: str
) -> None:
    assert extract_entities(text).order_numbers == [number]


def test_an_amount_after_an_order_word_is_not_an_order_number() -> None:
    assert extract_entities("order of 150 dollars").order_numbers == []
