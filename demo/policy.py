"""The demo shop's policies: the defaults with the demo warehouses' countries and return
addresses. Only ever used in demo mode: a production start without `POLICY_FILE` refuses
(`core.services.load_policy`), so real customers never get a demo return address."""

from __future__ import annotations

from core.policies import ShopPolicy
from demo.shop import DEMO_WAREHOUSES


def demo_policy() -> ShopPolicy:
    """The default policies with the demo warehouses' countries and return addresses."""
    return ShopPolicy(
        warehouse_countries={code: w.country for code, w in DEMO_WAREHOUSES.items()},
        return_addresses={code: w.return_address for code, w in DEMO_WAREHOUSES.items()},
    )
