"""Every GraphQL document the Shopify connector sends is valid for the pinned Admin API version.

The schema is Shopify's own introspection copy (tests/fixtures/shopify/README.md). Without it
the tests are skipped locally with the command that fetches it; in CI (`CI=true`) they fail.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from core.order import Address, Return, ReturnLine, ReturnStatus
from core.sources import shopify
from core.tracking.status import SHOPIFY_EVENT
from tests import shopify_schema
from tests.fake_shopify import FakeShopify, shopify_config

if not shopify_schema.available():
    reason = f"no Shopify Admin schema: run `python3 tests/shopify_schema.py fetch` ({__name__})"
    if os.environ.get("CI"):
        raise RuntimeError(reason)
    pytest.skip(reason, allow_module_level=True)

DOCUMENTS = {
    name: value
    for name, value in vars(shopify).items()
    if name.isupper() and isinstance(value, str) and ("query " in value or "mutation " in value)
}


def test_the_connector_defaults_to_the_pinned_api_version() -> None:
    assert shopify.DEFAULT_API_VERSION == shopify_schema.API_VERSION
    assert shopify.ShopifyConfig(base_url="x", access_token="t").api_version == "2026-10"


def test_the_connector_has_the_documents_it_sends() -> None:
    assert set(DOCUMENTS) >= {
        "FIND_ORDERS",
        "UPDATED_ORDERS",
        "FIND_CUSTOMERS",
        "ORDER_UPDATE",
        "REFUND_CREATE",
        "RETURN_CREATE",
        "RETURN_REASONS_QUERY",
        "ORDER_CANCEL",
    }


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_each_document_validates_without_deprecated_parts(name: str) -> None:
    assert shopify_schema.check(DOCUMENTS[name]) == []


def test_a_deprecated_field_is_caught() -> None:
    old = "query Q { customers(first: 1) { nodes { email } } }"
    assert shopify_schema.check(old) == ["deprecated field Customer.email"]


def test_a_deprecated_input_field_in_the_variables_is_caught() -> None:
    variables = {
        "returnInput": {
            "orderId": "gid://shopify/Order/1",
            "notifyCustomer": False,
            "returnLineItems": [],
        }
    }
    assert shopify_schema.check(shopify.RETURN_CREATE, variables) == [
        "deprecated input field ReturnInput.notifyCustomer at $returnInput"
    ]


def test_every_mapped_decline_code_exists() -> None:
    codes = shopify_schema.enum_values("OrderTransactionErrorCode")
    assert set(shopify.FAILURE_CODES) <= codes


def test_every_mapped_fulfilment_status_exists() -> None:
    known = shopify_schema.enum_values("FulfillmentEventStatus") | shopify_schema.enum_values(
        "FulfillmentDisplayStatus"
    )
    assert set(SHOPIFY_EVENT) <= known
    assert set(shopify._FAILED_FULFILMENTS) <= shopify_schema.enum_values("FulfillmentStatus")


def test_the_order_statuses_read_exist() -> None:
    financial = shopify_schema.enum_values("OrderDisplayFinancialStatus")
    fulfilment = shopify_schema.enum_values("OrderDisplayFulfillmentStatus")
    assert {"PENDING", "EXPIRED", "REFUNDED", "VOIDED", "PAID", "AUTHORIZED"} <= financial
    assert {
        "FULFILLED",
        "PARTIALLY_FULFILLED",
        "IN_PROGRESS",
        "PENDING_FULFILLMENT",
        "ON_HOLD",
        "SCHEDULED",
    } <= fulfilment


@pytest.fixture
async def fake() -> AsyncIterator[FakeShopify]:
    server = await FakeShopify().start()
    yield server
    await server.stop()


async def test_every_operation_the_connector_runs_is_accepted_with_its_variables(
    fake: FakeShopify,
) -> None:
    """The fake checks each request against the schema (as Shopify does) and keeps the
    problems: running every operation leaves none."""
    source = shopify.ShopifySource(shopify_config(fake))
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    try:
        await source.get_order("#1043")
        await source.search_orders(email="li.na@example.com", phone="13812345678")
        await source.changed_since("2026-11-01T00:00:00+00:00")
        address = Address(
            name="Wang Fang",
            phone="+447700900999",
            country="GB",
            city="Leeds",
            line1="1 Park Row",
            postal_code="LS1 5AB",
        )
        await source.update_address("#1043", address)
        for order_no, line_id, reason in (("#1044", "900011", "size"), ("#1043", "900002", "x")):
            ret = Return(
                return_id="R",
                created_at=now,
                reason=reason,
                status=ReturnStatus.APPROVED,
                lines=[ReturnLine(line_id=line_id, quantity=1)],
                refund_amount=Decimal("10.00"),
            )
            await source.create_return(order_no, ret)
        await source.cancel("#1043")
    finally:
        await source.aclose()
    sent = {op for op, _ in fake.calls}
    assert sent >= {
        "FindOrders",
        "FindCustomers",
        "UpdatedOrders",
        "OrderUpdate",
        "ReturnReasonDefinitions",
        "ReturnCreate",
        "RefundCreate",
        "OrderCancel",
    }
    assert fake.invalid == []
