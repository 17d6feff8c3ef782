"""Validation errors of the policies: requests that cannot be quoted at all."""

from __future__ import annotations


class PolicyError(ValueError):
    """Base class: the request does not fit the order."""


class UnknownLineError(PolicyError):
    def __init__(self, line_id: str) -> None:
        super().__init__(f"unknown line_id {line_id!r}")
        self.line_id = line_id


class InvalidQuantityError(PolicyError):
    """A quantity below 1, or nothing to return at all."""

    def __init__(self, line_id: str | None, quantity: int) -> None:
        super().__init__(f"invalid quantity {quantity} for line {line_id!r}")
        self.line_id = line_id
        self.quantity = quantity


class QuantityExceedsReturnableError(PolicyError):
    """More units than are left to return on the line (after earlier, non-rejected returns)."""

    def __init__(self, line_id: str, requested: int, returnable: int) -> None:
        super().__init__(
            f"line {line_id!r}: {requested} requested, only {returnable} left to return"
        )
        self.line_id = line_id
        self.requested = requested
        self.returnable = returnable
