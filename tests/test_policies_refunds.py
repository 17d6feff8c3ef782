"""Refund money, hand-worked: every expected figure is worked out in the comment above it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

import pytest

from core.policies import (
    InvalidQuantityError,
    QuantityExceedsReturnableError,
    ReturnReason,
    UnknownLineError,
    applied_discounts,
    discount_shares,
    goods_paid,
    line_paid,
    quote_refund,
)
from tests.test_policies_helpers import (
    T0,
    earlier_return,
    fixed,
    item,
    make_order,
    percent,
    threshold,
)

# --- 1. largest remainder, ties to the earlier line ---------------------------------------


def test_tied_remainders_give_the_extra_cent_to_the_earlier_line():
    # 3 lines of 10.00, fixed 10.00: exact share 3.333.. each; floors 3.33 x 3 = 9.99,
    # 1 cent left, remainders tie (0.333..) -> the first line: A 3.34, B 3.33, C 3.33.
    order = make_order(
        items=[item("A", 1, "10.00"), item("B", 1, "10.00"), item("C", 1, "10.00")],
        discounts=[fixed("10.00")],
    )
    assert discount_shares(order) == {"A": D("3.34"), "B": D("3.33"), "C": D("3.33")}
    assert line_paid(order) == {"A": D("6.66"), "B": D("6.67"), "C": D("6.67")}


def test_returning_a_whole_line_refunds_its_paid_amount():
    # Same order: C paid 10.00 - 3.33 = 6.67.
    order = make_order(
        items=[item("A", 1, "10.00"), item("B", 1, "10.00"), item("C", 1, "10.00")],
        discounts=[fixed("10.00")],
    )
    quote = quote_refund(order, {"C": 1})
    assert quote.lines == {"C": D("6.67")}
    assert quote.total == D("6.67")
    assert not quote.threshold_lost


# --- 2. fixed + percent, partial quantities, half up --------------------------------------


def _fixed_and_percent_order(**kwargs):
    # A 3 x 19.90 = 59.70, B 2 x 45.00 = 90.00, goods 149.70.
    # fixed 5.00 + 10% of 149.70 = 14.97 -> discount 19.97.
    return make_order(
        items=[item("A", 3, "19.90"), item("B", 2, "45.00")],
        discounts=[fixed("5.00"), percent("10")],
        **kwargs,
    )


def test_fixed_and_percent_discounts_add_up_and_spread_by_largest_remainder():
    # 1997 cents: A 1997 x 59.70/149.70 = 796.399, B 1997 x 90/149.70 = 1200.601;
    # floors 796 + 1200 = 1996, 1 cent left -> B (.601 > .399). A 7.96, B 12.01.
    order = _fixed_and_percent_order()
    assert [d.amount for d in applied_discounts(order)] == [D("5.00"), D("14.97")]
    assert discount_shares(order) == {"A": D("7.96"), "B": D("12.01")}
    # paid: A 59.70 - 7.96 = 51.74, B 90.00 - 12.01 = 77.99, goods 129.73.
    assert line_paid(order) == {"A": D("51.74"), "B": D("77.99")}
    assert goods_paid(order) == D("129.73")


def test_one_of_three_units_refunds_a_third_of_the_line_rounded_half_up():
    # 51.74 / 3 = 17.2466.. -> 17.25
    quote = quote_refund(_fixed_and_percent_order(), {"A": 1})
    assert quote.total == D("17.25")


def test_exact_half_cent_rounds_up():
    # B: 77.99 / 2 = 38.995 -> 39.00
    quote = quote_refund(_fixed_and_percent_order(), {"B": 1})
    assert quote.total == D("39.00")


def test_last_units_of_a_line_refund_what_is_left_of_it():
    # B paid 77.99; the first unit already refunded 39.00 -> the last unit refunds 38.99.
    order = _fixed_and_percent_order(returns=[earlier_return({"B": 1}, "39.00")])
    quote = quote_refund(order, {"B": 1})
    assert quote.total == D("38.99")


def test_a_return_of_several_lines_adds_the_line_refunds():
    # A 2 of 3: 51.74 x 2/3 = 34.4933.. -> 34.49; B 1 of 2: 38.995 -> 39.00; total 73.49.
    quote = quote_refund(_fixed_and_percent_order(), {"A": 2, "B": 1})
    assert quote.lines == {"A": D("34.49"), "B": D("39.00")}
    assert quote.total == D("73.49")
    assert quote.shipping_refund == D("0")


# --- 3. JPY, no decimals ------------------------------------------------------------------


def _jpy_order(**kwargs):
    # A 3 x 1990 = 5970, B 1 x 3300, goods 9270 JPY, fixed 500.
    return make_order(
        currency="JPY",
        items=[item("A", 3, "1990"), item("B", 1, "3300")],
        discounts=[fixed("500")],
        payment={"method": "card", "status": "succeeded", "amount": "8770"},
        **kwargs,
    )


def test_jpy_shares_are_whole_yen():
    # A 500 x 5970/9270 = 322.006, B 500 x 3300/9270 = 177.994; floors 322 + 177 = 499,
    # 1 yen left -> B (.994). A 322, B 178; paid A 5648, B 3122.
    order = _jpy_order()
    assert discount_shares(order) == {"A": D("322"), "B": D("178")}
    assert line_paid(order) == {"A": D("5648"), "B": D("3122")}


def test_jpy_partial_return_rounds_to_whole_yen():
    # 5648 / 3 = 1882.67 -> 1883
    quote = quote_refund(_jpy_order(), {"A": 1})
    assert quote.total == D("1883")
    assert quote.total.as_tuple().exponent == 0


def test_jpy_last_units_take_the_rest():
    # A paid 5648, 1883 already refunded for one unit -> the last two refund 3765.
    order = _jpy_order(returns=[earlier_return({"A": 1}, "1883")])
    assert quote_refund(order, {"A": 2}).total == D("3765")


# --- 4. threshold discount lost (JPY) -----------------------------------------------------


def test_threshold_lost_refunds_paid_minus_kept_goods_and_shows_both_figures():
    # A 2 x 3000, B 1 x 5000, goods 11000; spend 10000 save 1000 applies.
    # shares: A 1000 x 6000/11000 = 545.45, B 454.55 -> floors 545 + 454, 1 yen to B (.55):
    # A 545, B 455; paid A 5455, B 4545, goods paid 10000.
    # Return one A: kept 3000 + 5000 = 8000 < 10000 -> discount lost:
    # refund = 10000 - 8000 - 0 = 2000. Had it been kept: 5455 / 2 = 2727.5 -> 2728.
    order = make_order(
        currency="JPY",
        items=[item("A", 2, "3000"), item("B", 1, "5000")],
        discounts=[threshold("10000", "1000", code="SPEND10K")],
    )
    quote = quote_refund(order, {"A": 1})
    assert quote.threshold_lost
    assert quote.lost_discount_codes == ("SPEND10K",)
    assert quote.total == D("2000")
    assert quote.total_if_discount_kept == D("2728")
    assert quote.discount_lost_amount == D("728")


def test_threshold_kept_when_kept_goods_exactly_reach_it():
    # A 2 x 100, B 1 x 200, spend 300 save 40: shares A 20, B 20; paid A 180, B 180.
    # Return one A: kept 100 + 200 = 300, still reaches 300 -> 180 / 2 = 90.00.
    order = make_order(
        items=[item("A", 2, "100.00"), item("B", 1, "200.00")],
        discounts=[threshold("300.00", "40.00")],
    )
    quote = quote_refund(order, {"A": 1})
    assert not quote.threshold_lost
    assert quote.total == quote.total_if_discount_kept == D("90.00")


def test_threshold_not_reached_at_purchase_is_not_applied():
    # goods 299.00 < 300.00: no discount, paid = subtotal.
    order = make_order(items=[item("A", 1, "299.00")], discounts=[threshold("300.00", "40.00")])
    assert applied_discounts(order) == []
    assert line_paid(order) == {"A": D("299.00")}


# --- 5. threshold lost with a percent discount kept, then the rest -----------------------


def _threshold_and_percent_order(**kwargs):
    # A 1 x 100, B 1 x 200, goods 300; spend 250 save 20 + 10% (30) = 50 off.
    # shares: A 50 x 100/300 = 16.667, B 33.333 -> floors 16.66 + 33.33 = 49.99,
    # 1 cent to A (.667): A 16.67, B 33.33; paid A 83.33, B 166.67, goods paid 250.00.
    return make_order(
        items=[item("A", 1, "100.00"), item("B", 1, "200.00")],
        discounts=[threshold("250.00", "20.00", code="T250"), percent("10")],
        **kwargs,
    )


def test_lost_threshold_keeps_the_other_discounts_on_kept_goods():
    # Return B: kept A 100 < 250 -> T250 lost, the 10% stays: kept value = 100 - 30 x 100/300
    # = 90.00; refund = 250.00 - 90.00 - 0 = 160.00. Had it been kept: 166.67.
    quote = quote_refund(_threshold_and_percent_order(), {"B": 1})
    assert quote.threshold_lost
    assert quote.total == D("160.00")
    assert quote.total_if_discount_kept == D("166.67")


def test_after_a_lost_threshold_the_rest_of_the_order_refunds_what_was_left():
    # B went back for 160.00; returning A now empties the order: 250.00 - 160.00 = 90.00.
    order = _threshold_and_percent_order(returns=[earlier_return({"B": 1}, "160.00")])
    quote = quote_refund(order, {"A": 1})
    assert quote.whole_order
    assert not quote.threshold_lost
    assert quote.total == D("90.00")


# --- 6. two threshold tiers, only the higher one lost -------------------------------------


def test_only_the_tier_no_longer_reached_is_lost():
    # A 300, B 250, goods 550: spend 200 save 20 and spend 500 save 60 both apply (80 off).
    # shares: A 80 x 300/550 = 43.636, B 36.364 -> floors 43.63 + 36.36, 1 cent to A (.636):
    # A 43.64, B 36.36; paid A 256.36, B 213.64, goods paid 470.00.
    # Return B: kept 300: below 500 (T500 lost), above 200 (T200 kept): kept value =
    # 300 - 20 x 300/550 = 289.0909 -> 289.09; refund = 470.00 - 289.09 = 180.91.
    order = make_order(
        items=[item("A", 1, "300.00"), item("B", 1, "250.00")],
        discounts=[threshold("200.00", "20.00", code="T200"), threshold("500.00", "60.00", "T500")],
    )
    quote = quote_refund(order, {"B": 1})
    assert quote.lost_discount_codes == ("T500",)
    assert quote.total == D("180.91")
    assert quote.total_if_discount_kept == D("213.64")


# --- 7. earlier returns, rejected ones ignored --------------------------------------------


def _four_units_order():
    # A 4 x 25.00 = 100.00, fixed 10.00 -> paid 90.00. One unit went back for 22.50
    # (90 / 4); a return of two units was rejected and does not count.
    return make_order(
        items=[item("A", 4, "25.00")],
        discounts=[fixed("10.00")],
        returns=[
            earlier_return({"A": 1}, "22.50", return_id="R1"),
            earlier_return({"A": 2}, "45.00", "rejected", return_id="R2"),
        ],
    )


def test_rejected_returns_do_not_count():
    # 3 units left; returning them all refunds 90.00 - 22.50 = 67.50.
    assert quote_refund(_four_units_order(), {"A": 3}).total == D("67.50")


def test_more_units_than_are_left_to_return_is_an_error():
    with pytest.raises(QuantityExceedsReturnableError) as info:
        quote_refund(_four_units_order(), {"A": 4})
    assert (info.value.requested, info.value.returnable) == (4, 3)


def test_unknown_line_is_an_error():
    with pytest.raises(UnknownLineError):
        quote_refund(_four_units_order(), {"Z": 1})


@pytest.mark.parametrize("lines", [{}, {"A": 0}, {"A": -1}])
def test_empty_or_non_positive_quantity_is_an_error(lines):
    with pytest.raises(InvalidQuantityError):
        quote_refund(_four_units_order(), lines)


# --- 8. shipping fee ----------------------------------------------------------------------


def _shipping_order(**kwargs):
    # A 1 x 80, B 2 x 60 = 120, goods 200, shipping 12.00, fixed 15.00:
    # shares A 15 x 80/200 = 6.00, B 9.00; paid A 74.00, B 111.00, goods paid 185.00.
    return make_order(
        items=[item("A", 1, "80.00"), item("B", 2, "60.00")],
        discounts=[fixed("15.00")],
        shipping_fee="12.00",
        **kwargs,
    )


def test_defective_whole_order_refunds_the_shipping_fee_too():
    # 185.00 goods + 12.00 shipping = 197.00
    quote = quote_refund(_shipping_order(), {"A": 1, "B": 2}, ReturnReason.DEFECTIVE)
    assert quote.shipping_refunded
    assert quote.shipping_refund == D("12.00")
    assert quote.goods_refund == D("185.00")
    assert quote.total == D("197.00")


def test_no_reason_whole_order_keeps_the_shipping_fee():
    quote = quote_refund(_shipping_order(), {"A": 1, "B": 2}, ReturnReason.NO_REASON)
    assert not quote.shipping_refunded
    assert quote.total == D("185.00")


def test_defective_partial_return_keeps_the_shipping_fee():
    # B 1 of 2: 111.00 / 2 = 55.50, no shipping.
    quote = quote_refund(_shipping_order(), {"B": 1}, ReturnReason.DEFECTIVE)
    assert not quote.shipping_refunded
    assert quote.total == D("55.50")


def test_defective_return_of_the_last_items_refunds_shipping():
    # A went back earlier for 74.00; B (both units) defective now: 111.00 + 12.00 = 123.00.
    order = _shipping_order(returns=[earlier_return({"A": 1}, "74.00")])
    quote = quote_refund(order, {"B": 2}, ReturnReason.WRONG_ITEM)
    assert quote.total == D("123.00")


# --- 9. KWD, three decimals ---------------------------------------------------------------


def test_three_decimal_currency_uses_fils():
    # A 3 x 1.250 = 3.750, B 2.000, goods 5.750, fixed 1.000:
    # A 1000 x 3750/5750 = 652.17 fils, B 347.83 -> floors 652 + 347, 1 fil to B (.83):
    # A 0.652, B 0.348; paid A 3.098, B 1.652. One A: 3.098 / 3 = 1.03267 -> 1.033.
    order = make_order(
        currency="KWD",
        items=[item("A", 3, "1.250"), item("B", 1, "2.000")],
        discounts=[fixed("1.000")],
    )
    assert discount_shares(order) == {"A": D("0.652"), "B": D("0.348")}
    assert quote_refund(order, {"A": 1}).total == D("1.033")


# --- 10. caps ----------------------------------------------------------------------------


def test_a_discount_never_exceeds_the_goods_total():
    # goods 30.00, fixed 50.00 -> discount cut to 30.00, paid 0.00, refund 0.00.
    order = make_order(items=[item("A", 1, "30.00")], discounts=[fixed("50.00")])
    assert [d.amount for d in applied_discounts(order)] == [D("30.00")]
    assert line_paid(order) == {"A": D("0.00")}
    assert quote_refund(order, {"A": 1}).total == D("0.00")


def test_percent_discount_rounds_half_up_to_the_cent():
    # 15% of 99.99 = 14.9985 -> 15.00; paid 84.99.
    order = make_order(items=[item("A", 1, "99.99")], discounts=[percent("15")])
    assert [d.amount for d in applied_discounts(order)] == [D("15.00")]
    assert goods_paid(order) == D("84.99")


def test_rounding_up_small_units_never_refunds_more_than_the_line_paid():
    # A 6 x 1.00, fixed 5.97 -> paid 0.03. Each single unit: 0.03 / 6 = 0.005 -> 0.01.
    # After three units (0.03 refunded) nothing is left: the fourth refunds 0.00.
    order = make_order(
        items=[item("A", 6, "1.00")],
        discounts=[fixed("5.97")],
        returns=[
            earlier_return({"A": 1}, "0.01", return_id=f"R{i}", at=T0 + timedelta(hours=i))
            for i in range(3)
        ],
    )
    assert quote_refund(order, {"A": 1}).total == D("0.00")
    assert quote_refund(order, {"A": 3}).total == D("0.00")
