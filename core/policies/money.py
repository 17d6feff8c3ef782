"""Exact money arithmetic in a currency's minor unit (Babel's precision), never floats.

Exact intermediate values are `Fraction`s; every figure that leaves this package is a `Decimal`
quantized to the currency's minor unit (0 decimals for JPY, 2 for CNY, 3 for KWD).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from babel.numbers import get_currency_precision

ZERO = Decimal("0")


@lru_cache(maxsize=256)
def precision(currency: str) -> int:
    """Number of decimals of the currency's minor unit (JPY 0, CNY 2, KWD 3)."""
    return get_currency_precision(currency)


def quantum(currency: str) -> Decimal:
    """The minor unit as a Decimal: 0.01 for CNY, 1 for JPY."""
    return Decimal(1).scaleb(-precision(currency))


def to_units(amount: Decimal | Fraction, currency: str) -> Fraction:
    """An amount expressed in minor units (exact, possibly fractional)."""
    units: Fraction = Fraction(amount) * 10 ** precision(currency)
    return units


def from_units(units: int, currency: str) -> Decimal:
    """Whole minor units back to a Decimal with the currency's number of decimals."""
    return (Decimal(units).scaleb(-precision(currency))).quantize(quantum(currency))


def round_half_up_units(value: Fraction) -> int:
    """Round an exact value to the nearest integer, halves away from zero."""
    if value < 0:
        return -round_half_up_units(-value)
    floor = value.numerator // value.denominator
    return floor + 1 if value - floor >= Fraction(1, 2) else floor


def round_money(amount: Decimal | Fraction, currency: str) -> Decimal:
    """Round half up to the currency's minor unit."""
    return from_units(round_half_up_units(to_units(amount, currency)), currency)


def allocate(total: Decimal, weights: Sequence[Decimal | Fraction], currency: str) -> list[Decimal]:
    """Split `total` over `weights` in minor units by largest remainder.

    The parts add up exactly to `total` (which must be a whole number of minor units). Each
    part is the floor of its exact proportional share, and the units left over go one each to
    the largest fractional remainders; ties go to the earlier position. With all weights zero
    the total is split evenly.
    """
    if not weights:
        if total:
            raise ValueError("cannot allocate a non-zero amount over no weights")
        return []
    units = to_units(total, currency)
    if units.denominator != 1:
        raise ValueError(f"{total} is not a whole number of minor units of {currency}")
    total_units = int(units)
    sign = -1 if total_units < 0 else 1
    total_units = abs(total_units)
    fractions = [Fraction(w) for w in weights]
    if any(w < 0 for w in fractions):
        raise ValueError("weights must not be negative")
    weight_sum = sum(fractions, Fraction(0))
    if weight_sum == 0:
        fractions = [Fraction(1)] * len(weights)
        weight_sum = Fraction(len(weights))
    exact = [total_units * w / weight_sum for w in fractions]
    parts = [e.numerator // e.denominator for e in exact]
    left = total_units - sum(parts)
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in by_remainder[:left]:
        parts[i] += 1
    return [from_units(sign * p, currency) for p in parts]
