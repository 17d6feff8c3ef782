"""One masking module: field maskers, the free-text masker, and what it must leave alone."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.masking import (
    mask_address,
    mask_data,
    mask_email,
    mask_name,
    mask_order_no,
    mask_phone,
    mask_text,
    order_known,
)
from core.order import Order
from tests.factories import order, shipped


def test_field_maskers() -> None:
    assert mask_order_no("1234567890123451023") == "****1023"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("+44 20 7946 0958") == "442****0958"
    assert mask_name("张三") == "张*"
    assert mask_name("John Smith") == "J*** S***"
    assert mask_email("john.smith@example.com") == "j***@example.com"
    assert mask_address(order().shipping_address) == "CN 浙江省 杭州市"


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("where is order 1234567890123451023?", ["1234567890123451023"], ["****1023"]),
        ("my order #1043 hasn't arrived", ["1043"], ["my order"]),
        ("订单号 251108-530917742016358 还没发货", ["530917742016358"], ["****6358", "还没发货"]),
        ("order 10517 please", ["10517"], ["please"]),
        ("SF1234567890123 到哪了", ["1234567890123"], ["****0123", "到哪了"]),
        ("电话 13812345678 谢谢", ["13812345678"], ["138****5678", "谢谢"]),
        ("+44 20 7946 0958 is my phone", ["7946"], ["****0958"]),
        ("Li.Na@example.com", ["Li.Na@"], ["L***@example.com"]),
        (
            "浙江省杭州市西湖区文三路100号 张三 13912345678",
            ["文三路", "张三", "13912345678"],
            ["杭州市", "张*", "139****5678"],
        ),
        (
            "收件人：王小明，地址：北京市朝阳区建国路88号3栋2单元501室",
            ["王小明", "建国路", "501"],
            ["北京市朝阳区"],
        ),
        ("221B Baker Street, London NW1 6XE, UK", ["Baker", "221B", "NW1"], ["London", "UK"]),
        (
            "Apt 4B, 350 Fifth Avenue, New York, NY 10118-0110",
            ["Fifth", "4B", "10118"],
            ["New York"],
        ),
        ("Hauptstraße 12, 10115 Berlin", ["Hauptstraße", "10115"], ["Berlin"]),
        ("Calle Mayor 5, 28013 Madrid", ["Mayor 5", "28013"], ["Madrid"]),
        ("My name is John Smith", ["John", "Smith"], ["J*** S***"]),
    ],
)
def test_free_text_hides_personal_data(text: str, gone: list[str], kept: list[str]) -> None:
    masked = mask_text(text)
    for raw in gone:
        assert raw not in masked, (text, masked)
    for part in kept:
        assert part in masked, (text, masked)
    assert mask_text(masked) == masked


@pytest.mark.parametrize(
    "text",
    [
        "where is my order?",
        "我的订单到哪了",
        "12月5号发货",
        "I ordered 2 items",
        "by the way, 2 of them",
        "Your parcel is out for delivery.",
        "Order ****1023: shipped",
        "5678",
        "¿Dónde está mi pedido?",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert mask_text(text) == text


def test_known_strings_are_masked_wherever_they_occur() -> None:
    placed = Order.model_validate(shipped())
    text = (
        "Dear 李娜, we ship to 文三路100号; call 13812345678 or li.na@example.com (SF1234567890123)"
    )
    masked = mask_text(text, known=order_known(placed))
    for raw in ("李娜", "文三路100号", "13812345678", "li.na@example.com", "SF1234567890123"):
        assert raw not in masked
    assert "李*" in masked and "l***@example.com" in masked
    assert mask_text("Thanks, Jane Doe!", known=["Jane Doe"]) == "Thanks, J*** D***!"


def test_mask_data_walks_nested_values() -> None:
    data = {"a": ["call 13812345678", {"b": "order 1234567890123451023"}], "n": 3}
    assert mask_data(data) == {"a": ["call 138****5678", {"b": "order ****1023"}], "n": 3}


_LONG_DIGITS = re.compile(r"\d{7,}")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_masking_never_fails_and_is_stable(text: str) -> None:
    masked = mask_text(text)
    assert mask_text(masked) == masked


@settings(max_examples=100, deadline=None)
@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
    st.from_regex(r"1[3-9]\d{9}", fullmatch=True),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
)
def test_a_mobile_number_in_any_text_is_hidden(before: str, phone: str, after: str) -> None:
    masked = mask_text(f"{before} {phone} {after}")
    assert phone not in masked


@pytest.fixture
def extractions(monkeypatch) -> list[str]:
    """The texts the masker runs the entity extraction on, from here on."""
    import core.understanding.entities as entities

    calls: list[str] = []
    real = entities.extract_entities

    def counting(text: str, *args, **kwargs):
        calls.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(entities, "extract_entities", counting)
    return calls


def test_a_repeated_text_runs_the_entity_extraction_once(extractions) -> None:
    """Access-log request lines and common questions repeat on every turn: the extraction
    behind masking (a third of a log line's cost) runs for the first one only."""
    line = "POST /api/chat?visitor=7f3a91 HTTP/1.1 order 5123 4567 8901"
    first = mask_text(line)
    assert mask_text(line) == first
    assert extractions == [line]
    assert "8901" in first and "5123 4567" not in first


def test_a_text_whose_extraction_failed_is_masked_again_next_time(extractions, monkeypatch) -> None:
    import core.understanding.entities as entities

    def failing(text: str, *args, **kwargs):
        raise RuntimeError("model not loaded")

    text = "订单 98765432101 收件人 王小明 电话 13912345678"
    with monkeypatch.context() as patch:
        patch.setattr(entities, "extract_entities", failing)
        assert "13912345678" not in mask_text(text)
    mask_text(text)
    assert extractions == [text]
