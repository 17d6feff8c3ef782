"""What one turn has already read: a chat user's customer and the orders looked up.

A turn asks for the same things more than once (the dialogue resolves the order, the outcome
record asks for its platform; the dialogue and the outcome record both ask who the customer
is). `Engine.handle` opens a memo for the turn (a context variable, so it is seen by every task
the turn starts and by nothing else), and `IdentityService.customer_for` and `OrderHub.get_order`
answer from it. Any write of a binding or an order through the hub empties it, so a turn never
reads back less than it wrote. Outside a turn (the worker, the CLI) nothing is memoised.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.order import Order


@dataclass
class TurnMemo:
    customers: dict[tuple[str, str], str | None] = field(default_factory=dict)
    orders: dict[str, Order] = field(default_factory=dict)
    read: dict[str, Order] = field(default_factory=dict)
    """Every order this turn read or wrote, never forgotten: the bot's reply shows their numbers
    and details in full, and the transcript it stores must mask exactly those."""


_MEMO: ContextVar[TurnMemo | None] = ContextVar("turn_memo", default=None)


def current() -> TurnMemo | None:
    """The memo of the turn being handled, or None outside a turn."""
    return _MEMO.get()


@contextmanager
def turn() -> Iterator[TurnMemo]:
    memo = TurnMemo()
    token = _MEMO.set(memo)
    try:
        yield memo
    finally:
        _MEMO.reset(token)


def forget_customers() -> None:
    memo = _MEMO.get()
    if memo is not None:
        memo.customers.clear()


def remember_read(order: Order) -> None:
    memo = _MEMO.get()
    if memo is not None:
        memo.read[order.order_no] = order


def forget_orders() -> None:
    memo = _MEMO.get()
    if memo is not None:
        memo.orders.clear()


def remember_orders(orders: Iterator[Order] | list[Order]) -> None:
    memo = _MEMO.get()
    if memo is not None:
        for order in orders:
            memo.orders[order.order_no] = memo.read[order.order_no] = order
