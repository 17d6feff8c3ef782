"""Localized answers built from orders: status texts and order cards."""
