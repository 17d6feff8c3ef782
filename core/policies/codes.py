"""Codes shared by several policies. Plain string enums: the dialogue layer localizes them.

`Department` and `Priority` are defined here (free of storage imports) and re-exported by
`core.tickets`, so a policy outcome's department and priority go straight into a ticket.
"""

from __future__ import annotations

from enum import StrEnum


class ReturnReason(StrEnum):
    NO_REASON = "no_reason"
    DEFECTIVE = "defective"
    DAMAGED = "damaged"
    WRONG_ITEM = "wrong_item"
    SIZE = "size"

    @property
    def shop_at_fault(self) -> bool:
        """Defective, damaged or wrong: the shop pays return shipping, the 30-day window applies."""
        return self in SHOP_FAULT_REASONS


SHOP_FAULT_REASONS = frozenset(
    {ReturnReason.DEFECTIVE, ReturnReason.DAMAGED, ReturnReason.WRONG_ITEM}
)


class Department(StrEnum):
    WAREHOUSE = "warehouse"
    LOGISTICS = "logistics"
    FINANCE = "finance"
    SERVICE = "service"


class Priority(StrEnum):
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"
