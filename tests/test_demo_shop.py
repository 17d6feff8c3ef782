"""The demo shop (the `demo` package): realistic, consistent, deterministic demo orders.

Each test states one property the rest of the system (and the README) relies on.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import pytest
from babel.numbers import get_currency_precision

from core.order import Category, DiscountKind, Order, OrderStatus, PaymentStatus, ReturnStatus
from demo import (
    DEMO_SCENARIOS,
    DEMO_WAREHOUSES,
    demo_customer,
    demo_customers,
    generate_demo_orders,
)

NOW = datetime(2025, 11, 11, 10, 0, tzinfo=UTC)
OPEN = {OrderStatus.PENDING_PAYMENT, OrderStatus.PAID, OrderStatus.PICKING, OrderStatus.SHIPPED}
EU = {"AT", "BE", "DE", "DK", "ES", "FI", "FR", "GR", "IE", "IT", "NL", "PL", "PT", "SE"}
EVENT_CODES = {
    "accepted",
    "picked_up",
    "in_transit",
    "arrived_at_hub",
    "out_for_delivery",
    "delivered",
    "customs_hold",
    "address_problem",
    "returned_to_sender",
}
EXCEPTION_EVENTS = {"customs_hold", "address_problem", "returned_to_sender"}
LOCALES = {"zh_Hans", "zh_Hant", "en", "es", "ru", "ja", "ko", "ar", "pt", "fr", "de", "vi", "th"}
LOCALES |= {"id"}


@pytest.fixture(scope="module")
def orders() -> list[Order]:
    return generate_demo_orders(NOW)


@pytest.fixture(scope="module")
def by_no(orders: list[Order]) -> dict[str, Order]:
    return {o.order_no: o for o in orders}


def scenario(by_no: dict[str, Order], name: str) -> Order:
    return by_no[DEMO_SCENARIOS[name]]


def minor(currency: str) -> Decimal:
    return Decimal(1).scaleb(-get_currency_precision(currency))


def discount_value(order: Order, kind: DiscountKind, d) -> Decimal:
    goods = order.goods_total
    if kind is DiscountKind.ORDER_PERCENT:
        return goods * d.percent / 100
    if kind is DiscountKind.THRESHOLD:
        return d.amount if goods >= d.threshold else Decimal(0)
    return d.amount


def crosses_border(order: Order) -> bool:
    assert order.warehouse is not None
    return DEMO_WAREHOUSES[order.warehouse.code].country != order.shipping_address.country


def hours_since_last_event(order: Order) -> float:
    last = max(e.at for s in order.shipments for e in s.events)
    return (NOW - last).total_seconds() / 3600


def is_late(order: Order) -> bool:
    if order.status is not OrderStatus.SHIPPED:
        return False
    limit = 7 * 24 if crosses_border(order) else 72
    return hours_since_last_event(order) > limit


def return_window_days(order: Order) -> int:
    country = order.shipping_address.country
    return 7 if country == "CN" else 14 if country in EU else 30


def orders_of(orders: list[Order], user_id: str) -> list[Order]:
    return [o for o in orders if o.is_tied_to("web", user_id)]


# ------------------------------------------------------------------------ shape and validity


def test_every_order_validates_as_the_canonical_model(orders):
    for order in orders:
        again = Order.model_validate_json(order.model_dump_json())
        assert again == order


def test_there_are_at_least_sixty_orders(orders):
    assert len(orders) >= 60


def test_order_numbers_are_unique(orders):
    numbers = [o.order_no for o in orders]
    assert len(numbers) == len(set(numbers))


def test_same_now_gives_identical_orders():
    first = [o.model_dump(mode="json") for o in generate_demo_orders(NOW)]
    second = [o.model_dump(mode="json") for o in generate_demo_orders(NOW)]
    assert first == second


def test_another_now_keeps_order_numbers_and_shifts_times():
    later = NOW + timedelta(days=30)
    a, b = generate_demo_orders(NOW), generate_demo_orders(later)
    assert [o.order_no for o in a] == [o.order_no for o in b]
    shift = {
        y.placed_at.astimezone(UTC) - x.placed_at.astimezone(UTC) for x, y in zip(a, b, strict=True)
    }
    assert shift == {timedelta(days=30)}


def test_naive_now_is_taken_as_utc():
    naive = NOW.replace(tzinfo=None)
    dump = [o.model_dump(mode="json") for o in generate_demo_orders(naive)]
    assert dump == [o.model_dump(mode="json") for o in generate_demo_orders(NOW)]


def test_generation_is_fast():
    start = time.perf_counter()
    generate_demo_orders(NOW)
    assert time.perf_counter() - start < 5


def test_no_time_lies_in_the_future_except_etas_and_ship_by_dates(orders):
    for o in orders:
        times = [o.placed_at, o.paid_at, o.delivered_at]
        times += [o.warehouse.outbound_at] if o.warehouse else []
        times += [e.at for s in o.shipments for e in s.events]
        times += [s.picked_up_at for s in o.shipments]
        times += [t for r in o.returns for t in (r.created_at, r.refunded_at)]
        assert all(t <= NOW for t in times if t is not None), o.order_no


def test_every_status_is_present(orders):
    assert {o.status for o in orders} == set(OrderStatus)


def test_every_item_category_is_present(orders):
    assert {i.category for o in orders for i in o.items} == set(Category)


def test_all_sales_channels_are_present(orders):
    platforms = {o.platform for o in orders}
    expected = {"tmall", "jd", "pdd", "douyin", "shopify", "woocommerce", "app", "mini_program"}
    assert expected | {"web"} <= platforms


def test_several_currencies_are_present(orders):
    assert {"CNY", "USD", "EUR", "GBP", "JPY"} <= {o.currency for o in orders}


def test_many_shipping_countries_are_present(orders):
    countries = {o.shipping_address.country for o in orders}
    assert {"CN", "US", "DE", "FR", "ES", "GB", "JP", "RU", "BR", "SA", "AE"} <= countries


def test_multi_item_orders_with_quantities_above_one_exist(orders):
    assert any(len(o.items) >= 3 and any(i.quantity > 1 for i in o.items) for o in orders)


def test_all_three_coupon_kinds_are_used(orders):
    assert {d.kind for o in orders for d in o.discounts} == set(DiscountKind)


def test_tmall_style_threshold_coupon_exists(orders):
    assert any(
        d.kind is DiscountKind.THRESHOLD and d.threshold == 300 and d.amount == 30
        for o in orders
        if o.platform == "tmall"
        for d in o.discounts
    )


# ------------------------------------------------------------------------ money


def test_payment_equals_goods_minus_discounts_plus_shipping_in_minor_units(orders):
    for o in orders:
        unit = minor(o.currency)
        discounts = sum((discount_value(o, d.kind, d) for d in o.discounts), Decimal(0))
        expected = (o.goods_total - discounts + o.shipping_fee).quantize(unit, ROUND_HALF_UP)
        assert o.payment.amount == expected, o.order_no
        assert o.payment.amount.as_tuple().exponent == unit.as_tuple().exponent, o.order_no


def test_percent_discounts_are_exact_in_the_minor_unit(orders):
    for o in orders:
        for d in o.discounts:
            if d.kind is DiscountKind.ORDER_PERCENT:
                value = o.goods_total * d.percent / 100
                assert value == value.quantize(minor(o.currency)), o.order_no


def test_threshold_discounts_are_only_present_when_reached(orders):
    for o in orders:
        for d in o.discounts:
            if d.kind is DiscountKind.THRESHOLD:
                assert o.goods_total >= d.threshold, o.order_no


def test_jpy_amounts_have_no_minor_unit(orders):
    jpy = [o for o in orders if o.currency == "JPY"]
    assert jpy
    for o in jpy:
        assert o.payment.amount == o.payment.amount.to_integral_value()
        assert all(i.unit_price == i.unit_price.to_integral_value() for i in o.items)


def test_refunds_never_exceed_what_was_paid_for_the_goods(orders):
    for o in orders:
        refunded = sum((r.refund_amount for r in o.returns), Decimal(0))
        assert refunded <= o.payment.amount - o.shipping_fee, o.order_no


def test_partial_return_refund_spreads_the_fixed_coupon_by_largest_remainder(by_no):
    # WILLKOMMEN15 (15.00) over lines 79.00 / 27.00 / 34.00: the cable line carries 2.89,
    # so it paid 24.11 and 2 of its 3 units refund round-half-up(2/3 x 24.11) = 16.07.
    order = scenario(by_no, "lukas_return_approved")
    assert order.returns[0].refund_amount == Decimal("16.07")


# ------------------------------------------------------------------------ order numbers


@pytest.mark.parametrize(
    ("platform", "pattern"),
    [
        ("tmall", r"\d{18,19}"),
        ("jd", r"\d{12}"),
        ("pdd", r"\d{6}-\d{15}"),
        ("douyin", r"\d{19}"),
        ("shopify", r"#[A-Z]{0,2}\d{4}"),
        ("woocommerce", r"\d{5}"),
        ("app", r"APP\d{13}"),
        ("web", r"WEB\d{13}"),
        ("mini_program", r"MP\d{14}"),
    ],
)
def test_order_numbers_look_like_the_platforms_own(orders, platform, pattern):
    numbers = [o.order_no for o in orders if o.platform == platform]
    assert numbers
    for no in numbers:
        assert re.fullmatch(pattern, no), no


# ------------------------------------------------------------------------ logistics


def _s10_ok(no: str) -> bool:
    digits = no[2:10]
    check = 11 - sum(int(c) * w for c, w in zip(digits, (8, 6, 4, 2, 3, 5, 9, 7), strict=True)) % 11
    return {10: 0, 11: 5}.get(check, check) == int(no[10])


def _ups_ok(no: str) -> bool:
    total = 0
    for pos, char in enumerate(no[2:17], 1):
        value = int(char) if char.isdigit() else (ord(char) - ord("A") + 2) % 10
        total += value if pos % 2 else 2 * value
    return (10 - total % 10) % 10 == int(no[17])


def _gs1_ok(no: str) -> bool:
    total = sum(int(c) * (3 if k % 2 == 0 else 1) for k, c in enumerate(reversed(no[:-1])))
    return (10 - total % 10) % 10 == int(no[-1])


TRACKING = {
    "SF Express": lambda n: re.fullmatch(r"SF\d{13}", n),
    "YTO": lambda n: re.fullmatch(r"YT\d{13}", n),
    "ZTO": lambda n: re.fullmatch(r"7\d{13}", n),
    "JD Logistics": lambda n: re.fullmatch(r"JDV[A-E]\d{11}", n),
    "UPS": lambda n: re.fullmatch(r"1Z[0-9A-Z]{16}", n) and _ups_ok(n),
    "USPS": lambda n: re.fullmatch(r"9400\d{18}", n) and _gs1_ok(n),
    "DHL": lambda n: re.fullmatch(r"00340434\d{12}", n) and _gs1_ok(n),
    "DHL Express": lambda n: re.fullmatch(r"\d{10}", n) and int(n[:9]) % 7 == int(n[9]),
    "Yamato": lambda n: re.fullmatch(r"\d{12}", n) and int(n[:11]) % 7 == int(n[11]),
    "Cainiao": lambda n: re.fullmatch(r"LP00\d{12}", n),
    "China Post": lambda n: re.fullmatch(r"R[A-Z]\d{9}CN", n) and _s10_ok(n),
    "Correos": lambda n: re.fullmatch(r"PQ[0-9A-Z]{20}[A-Z]", n),
}


def test_tracking_numbers_match_their_carriers_format_and_check_digit(orders):
    seen = set()
    for o in orders:
        for s in o.shipments:
            seen.add(s.carrier)
            assert TRACKING[s.carrier](s.tracking_no), (s.carrier, s.tracking_no)
    assert {"SF Express", "YTO", "ZTO", "JD Logistics", "DHL", "UPS", "USPS"} <= seen
    assert {"Yamato", "Correos", "Cainiao", "China Post"} <= seen


def test_upu_s10_example_check_digit_is_computed_like_the_demo():
    assert _s10_ok("RR123456785CN")


def test_tracking_event_status_codes_come_from_the_shared_vocabulary(orders):
    codes = {e.status for o in orders for s in o.shipments for e in s.events}
    assert codes <= EVENT_CODES
    assert codes == EVENT_CODES


def test_domestic_chinese_carriers_describe_events_in_chinese(orders):
    for o in orders:
        for s in o.shipments:
            if s.carrier in {"SF Express", "YTO", "ZTO", "JD Logistics"}:
                if o.shipping_address.country == "CN":
                    assert all(re.search(r"[\u4e00-\u9fff]", e.description) for e in s.events)


def test_yamato_describes_events_in_japanese_and_correos_in_spanish(orders):
    yamato = [e for o in orders for s in o.shipments if s.carrier == "Yamato" for e in s.events]
    correos = [e for o in orders for s in o.shipments if s.carrier == "Correos" for e in s.events]
    assert yamato and all(re.search(r"[\u3040-\u30ff]", e.description) for e in yamato)
    assert correos and any("Entregado" in e.description for e in correos)


def test_shipped_and_delivered_parcels_left_a_known_warehouse_before_pickup(orders):
    for o in orders:
        if o.shipments:
            assert o.warehouse is not None and o.warehouse.code in DEMO_WAREHOUSES
            assert o.warehouse.outbound_at is not None
            first = min(e.at for s in o.shipments for e in s.events)
            assert o.warehouse.outbound_at <= first + timedelta(hours=1)


def test_delivered_orders_have_a_delivery_time_matching_the_carrier(orders):
    for o in orders:
        if o.status is OrderStatus.DELIVERED and o.shipments:
            delivered = [e.at for s in o.shipments for e in s.events if e.status == "delivered"]
            assert delivered and o.delivered_at == max(delivered), o.order_no


def test_shipped_parcels_on_their_way_have_an_eta(orders):
    for o in orders:
        for s in o.shipments:
            if o.status is OrderStatus.SHIPPED and s.latest_event().status not in EXCEPTION_EVENTS:
                assert s.eta is not None, o.order_no


def test_warehouses_cover_china_europe_and_the_us():
    assert {"SH-01", "GZ-02", "NL-AMS", "US-LAX"} <= set(DEMO_WAREHOUSES)


# ------------------------------------------------------------------------ proactive exceptions


def test_stock_out_is_a_backordered_item_on_a_paid_order(by_no):
    order = scenario(by_no, "stock_out")
    assert order.status is OrderStatus.PAID
    assert any(i.backordered for i in order.items)


def test_exactly_one_non_presale_order_is_still_in_the_warehouse_48h_after_payment(orders):
    stuck = [
        o.order_no
        for o in orders
        if o.status in {OrderStatus.PAID, OrderStatus.PICKING}
        and o.presale_ship_by is None
        and o.paid_at is not None
        and NOW - o.paid_at > timedelta(hours=48)
        and (o.warehouse is None or o.warehouse.outbound_at is None)
    ]
    assert stuck == [DEMO_SCENARIOS["not_out_48h"]]


def test_presale_order_is_past_its_ship_by_date_and_not_shipped(by_no):
    order = scenario(by_no, "presale_overdue")
    assert order.status is OrderStatus.PAID
    assert order.presale_ship_by is not None and order.presale_ship_by < NOW
    assert order.paid_at is not None and NOW - order.paid_at > timedelta(hours=48)


def test_a_presale_order_not_yet_due_exists_and_is_paid_long_ago(by_no):
    order = scenario(by_no, "presale_not_due")
    assert order.presale_ship_by is not None and order.presale_ship_by > NOW
    assert order.paid_at is not None and NOW - order.paid_at > timedelta(hours=48)


def test_late_domestic_parcel_has_no_event_for_more_than_72_hours(by_no):
    order = scenario(by_no, "late_domestic")
    assert order.status is OrderStatus.SHIPPED and not crosses_border(order)
    assert hours_since_last_event(order) > 72


def test_late_cross_border_parcel_has_no_event_for_more_than_7_days(by_no):
    order = scenario(by_no, "late_cross_border")
    assert order.status is OrderStatus.SHIPPED and crosses_border(order)
    assert hours_since_last_event(order) > 7 * 24


def test_only_the_intended_parcels_are_late(orders):
    late = {o.order_no for o in orders if is_late(o)}
    assert late == {DEMO_SCENARIOS["late_domestic"], DEMO_SCENARIOS["late_cross_border"]}


@pytest.mark.parametrize("event", sorted(EXCEPTION_EVENTS))
def test_exception_event_is_the_latest_event_of_a_shipped_order(by_no, event):
    order = scenario(by_no, event)
    assert order.status is OrderStatus.SHIPPED
    assert order.shipments[0].latest_event().status == event


def test_only_the_intended_orders_carry_exception_events(orders):
    flagged = {
        o.order_no
        for o in orders
        for s in o.shipments
        if s.latest_event() is not None and s.latest_event().status in EXCEPTION_EVENTS
    }
    assert flagged == {DEMO_SCENARIOS[name] for name in EXCEPTION_EVENTS}


def test_failed_payments_cover_every_failure_code_on_open_orders(orders):
    failed = [o for o in orders if o.payment.status is PaymentStatus.FAILED]
    open_codes = {o.payment.failure_code for o in failed if o.status in OPEN}
    assert len(open_codes) == 7
    assert all(o.paid_at is None for o in failed)


def test_pending_payment_without_failure_exists(by_no):
    order = scenario(by_no, "pending_payment")
    assert order.status is OrderStatus.PENDING_PAYMENT
    assert order.payment.status is PaymentStatus.PENDING and order.paid_at is None


# ------------------------------------------------------------------------ returns


def test_delivered_orders_fall_both_inside_and_outside_return_windows(orders):
    inside, outside = set(), set()
    for o in orders:
        if o.status is OrderStatus.DELIVERED:
            age = NOW - o.delivered_at
            window = timedelta(days=return_window_days(o))
            (inside if age <= window else outside).add(o.shipping_address.country)
    assert {"CN", "US"} <= inside and {"ES", "DE"} & inside
    assert {"CN", "JP", "FR"} <= outside


@pytest.mark.parametrize(
    ("name", "inside"),
    [
        ("li_delivered_in_window", True),
        ("li_delivered_out_of_window", False),
        ("emma_delivered_threshold", True),
        ("lucia_return_requested", True),
        ("yuki_delivered_out_of_window", False),
        ("omar_delivered_in_window", True),
        ("sophie_delivered_out_of_window", False),
        ("oliver_delivered_in_window", True),
        ("lukas_return_approved", True),
        ("fatima_delivered_in_window", True),
        ("liuyang_delivered_in_window", True),
    ],
)
def test_named_delivered_order_is_where_its_name_says_in_the_return_window(by_no, name, inside):
    order = scenario(by_no, name)
    window = timedelta(days=return_window_days(order))
    assert (NOW - order.delivered_at <= window) is inside


def test_existing_returns_cover_requested_approved_received_and_refunded(orders):
    statuses = {r.status for o in orders for r in o.returns}
    assert {
        ReturnStatus.REQUESTED,
        ReturnStatus.APPROVED,
        ReturnStatus.RECEIVED,
        ReturnStatus.REFUNDED,
    } <= statuses


def test_refunded_return_has_a_refund_time_after_its_request(orders):
    refunded = [r for o in orders for r in o.returns if r.status is ReturnStatus.REFUNDED]
    assert refunded
    assert all(r.refunded_at is not None and r.refunded_at >= r.created_at for r in refunded)


def test_returns_are_made_after_delivery(orders):
    for o in orders:
        for r in o.returns:
            assert o.delivered_at is not None and r.created_at >= o.delivered_at, o.order_no


# ------------------------------------------------------------------------ customers


def test_about_fifteen_customers_with_valid_locales_and_time_zones():
    customers = demo_customers()
    assert 15 <= len(customers) <= 20
    assert len({c.id for c in customers}) == len(customers)
    for c in customers:
        assert c.locale in LOCALES
        ZoneInfo(c.timezone)
        assert c.phone and c.email


@pytest.mark.parametrize(
    ("user", "name", "locale", "tz"),
    [
        ("demo-li", "李娜", "zh_Hans", "Asia/Shanghai"),
        ("demo-wang", "王伟", "zh_Hans", "Asia/Shanghai"),
        ("demo-emma", "Emma Johnson", "en", "America/New_York"),
        ("demo-lucia", "Lucía García", "es", "Europe/Madrid"),
        ("demo-ivan", "Иван Петров", "ru", "Europe/Moscow"),
        ("demo-yuki", "佐藤由紀", "ja", "Asia/Tokyo"),
        ("demo-omar", "عمر الفاروق", "ar", "Asia/Riyadh"),
        ("demo-chen", "陳美玲", "zh_Hant", "Asia/Taipei"),
    ],
)
def test_named_web_demo_user_is_tied_to_its_customer_with_orders(orders, user, name, locale, tz):
    customer = demo_customer("web", user)
    assert customer is not None
    assert (customer.name, customer.locale, customer.timezone) == (name, locale, tz)
    mine = orders_of(orders, user)
    assert len(mine) >= 2
    assert all(o.customer == customer for o in mine)


def test_some_customers_have_telegram_or_wechat_bindings():
    channels = {b.channel for c in demo_customers() for b in c.channels}
    assert {"web", "telegram", "wechat"} <= channels
    assert demo_customer("telegram", "100001") is not None
    assert demo_customer("wechat", "oDemoOpenid0001") is not None


def test_some_customers_with_orders_have_no_web_binding(orders):
    untied = {
        o.customer.id for o in orders if not any(b.channel == "web" for b in o.customer.channels)
    }
    assert len(untied) >= 3


def test_an_unknown_chat_user_is_tied_to_nobody():
    assert demo_customer("web", "demo-nobody") is None


def test_every_order_carries_its_customers_current_record(orders):
    customers = {c.id: c for c in demo_customers()}
    assert all(o.customer == customers[o.customer.id] for o in orders)


def test_demo_li_has_exactly_one_open_order_shipped_by_sf_express_with_events(orders):
    mine = orders_of(orders, "demo-li")
    open_orders = [o for o in mine if o.status in OPEN]
    assert len(open_orders) == 1
    (order,) = open_orders
    assert order.status is OrderStatus.SHIPPED
    assert order.shipments[0].carrier == "SF Express" and order.shipments[0].events
    assert order.shipments[0].eta is not None and order.shipments[0].eta > NOW
    assert {OrderStatus.DELIVERED, OrderStatus.CLOSED} <= {o.status for o in mine}
    assert order.customer.phone == "13812345678"


def test_demo_wang_has_several_open_orders_including_picking_and_a_stock_out(orders):
    open_orders = [o for o in orders_of(orders, "demo-wang") if o.status in OPEN]
    assert len(open_orders) >= 3
    assert any(o.status is OrderStatus.PICKING for o in open_orders)
    assert any(
        o.status is OrderStatus.PAID and any(i.backordered for i in o.items) for o in open_orders
    )


def test_demo_emma_has_a_shipped_ups_order_with_eta_and_a_returnable_threshold_order(orders):
    mine = orders_of(orders, "demo-emma")
    assert all(o.shipping_address.country == "US" for o in mine)
    shipped = [o for o in mine if o.status is OrderStatus.SHIPPED]
    assert len(shipped) == 1 and shipped[0].shipments[0].carrier == "UPS"
    assert shipped[0].shipments[0].eta is not None
    assert any(
        o.status is OrderStatus.DELIVERED
        and any(d.kind is DiscountKind.THRESHOLD for d in o.discounts)
        and len(o.items) >= 3
        and any(i.quantity > 1 for i in o.items)
        and NOW - o.delivered_at <= timedelta(days=30)
        for o in mine
    )


@pytest.mark.parametrize(
    ("user", "country", "currency"),
    [("demo-lucia", "ES", "EUR"), ("demo-yuki", "JP", "JPY"), ("demo-omar", "SA", None)],
)
def test_regional_demo_users_ship_to_their_country(orders, user, country, currency):
    mine = orders_of(orders, user)
    assert all(o.shipping_address.country == country for o in mine)
    if currency:
        assert all(o.currency == currency for o in mine)


def test_every_scenario_names_an_existing_order(by_no):
    missing = [name for name, no in DEMO_SCENARIOS.items() if no not in by_no]
    assert not missing


def test_order_times_carry_a_realistic_local_offset(by_no):
    assert scenario(by_no, "li_open_shipped_sf").placed_at.utcoffset() == timedelta(hours=8)
    assert scenario(by_no, "yuki_shipped_yamato").placed_at.utcoffset() == timedelta(hours=9)


def test_orders_per_customer_are_spread_over_several_customers(orders):
    per_customer: dict[str, int] = defaultdict(int)
    for o in orders:
        per_customer[o.customer.id] += 1
    assert len(per_customer) >= 15


@pytest.mark.parametrize(
    "now",
    [
        datetime(2024, 3, 10, 7, 30, tzinfo=UTC),  # US spring-forward day
        datetime(2025, 10, 26, 1, 15, tzinfo=UTC),  # EU fall-back night
        datetime(2026, 2, 17, 16, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
    ],
)
def test_the_scenarios_hold_whenever_the_demo_is_seeded(now):
    orders = generate_demo_orders(now)
    by_no = {o.order_no: o for o in orders}
    late = set()
    for o in orders:
        if o.status is OrderStatus.SHIPPED:
            last = max(e.at for s in o.shipments for e in s.events)
            limit = timedelta(days=7) if crosses_border(o) else timedelta(hours=72)
            if now - last > limit:
                late.add(o.order_no)
    assert late == {DEMO_SCENARIOS["late_domestic"], DEMO_SCENARIOS["late_cross_border"]}
    li_open = [o for o in orders if o.is_tied_to("web", "demo-li") and o.status in OPEN]
    assert len(li_open) == 1
    overdue = by_no[DEMO_SCENARIOS["presale_overdue"]].presale_ship_by
    assert overdue is not None and overdue < now
    outside = by_no[DEMO_SCENARIOS["li_delivered_out_of_window"]]
    assert now - outside.delivered_at > timedelta(days=7)
