"""Where orders come from: the `OrderSource` interface, its connectors, and the `OrderHub`."""

from core.sources.base import OrderNotFound, OrderSource, SourceUnavailable
from core.sources.hub import OrderHub

__all__ = ["OrderHub", "OrderNotFound", "OrderSource", "SourceUnavailable"]
