"""The root router: every dialogue module's handlers in one place."""

from __future__ import annotations

from core.dialogue import (
    address,
    cancel,
    confirm,
    conversation,
    modify,
    notices,
    offers,
    payment,
    policy,
    refunds,
    resolve,
    returns,
    satisfaction,
    service,
    status,
)
from core.dialogue.router import Router

MODULES = (
    resolve,
    confirm,
    status,
    address,
    cancel,
    modify,
    returns,
    refunds,
    payment,
    service,
    policy,
    conversation,
    notices,
    satisfaction,
    offers,
)


def build_router() -> Router:
    root = Router()
    for module in MODULES:
        root.include(module.router)
    return root
