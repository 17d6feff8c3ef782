"""Outcomes a shop can see: episodes of conversations, how each ended, satisfaction, ROI.

`episodes` decides, turn by turn, where one request (an episode) starts and how it ends;
`service` stores that in SQL (no message text, no personal data: pseudonymous keys only) and
counts it for Prometheus (`core.metrics`); `survey` asks the satisfaction question; `report`
reads the same rows back as the figures of `ordersupport report` and `/admin/outcomes`.

Kept free of imports on purpose: `core.dialogue.state` imports `core.outcomes.track`.
"""
