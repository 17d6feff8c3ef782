"""The demo shop that the embedded default runs on: realistic orders from several sales channels
(`demo.shop`) and its policies (`demo.policy`). Not part of `core/`: production never imports it
unless demo mode is on (`Settings.demo_mode`)."""

from demo.policy import demo_policy
from demo.shop import (
    DEMO_SCENARIOS,
    DEMO_SEED,
    DEMO_WAREHOUSES,
    DemoWarehouse,
    demo_customer,
    demo_customers,
    generate_demo_orders,
)

__all__ = [
    "DEMO_SCENARIOS",
    "DEMO_SEED",
    "DEMO_WAREHOUSES",
    "DemoWarehouse",
    "demo_customer",
    "demo_customers",
    "demo_policy",
    "generate_demo_orders",
]
