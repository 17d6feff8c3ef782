"""The root router: every dialogue module's handlers in one place."""

from __future__ import annotations

from core.dialogue import confirm, conversation, resolve, status
from core.dialogue.router import Router


def build_router() -> Router:
    root = Router()
    for module in (resolve, confirm, status, conversation):
        root.include(module.router)
    return root
