"""The order-support core: platform-neutral, multilingual. Imports no chat SDK."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.engine import Engine
    from core.messages import Inbound, Reply

__all__ = ["Engine", "Inbound", "Reply"]


def __getattr__(name: str) -> Any:
    """`core.Engine` without importing the whole engine for `import core.order`."""
    if name == "Engine":
        from core.engine import Engine

        return Engine
    if name in ("Inbound", "Reply"):
        from core import messages

        return getattr(messages, name)
    raise AttributeError(name)
