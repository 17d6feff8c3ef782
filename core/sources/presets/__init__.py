"""Ready `REST_SOURCES` entries for ERP/OMS aggregators whose API documentation is public.

A settings entry `{"preset": "jushuitan", "auth": {"app_key": "...", "app_secret": "...",
"token": "..."}}` is the preset with the entry's own keys laid over it (objects merged key by
key), so a shop gives only its credentials, and may override any endpoint or mapping field.

- `jushuitan` (聚水潭 open platform, openweb.jushuitan.com, "订单查询" /open/orders/single/query):
  reads an order by its online number (`so_id`), follows modified orders for `shop sync`
  in windows of 7 days, maps status, receiver, items, parcel and payment; signs each call.
"""

from __future__ import annotations

import json
from copy import deepcopy
from typing import Any

from core.resources import package_dir

FOLDER = package_dir("core.sources.presets")
"""The presets, one JSON file each: package data, found as a wheel installs it."""


def names() -> list[str]:
    return sorted(p.stem for p in FOLDER.glob("*.json"))


def _merge(base: Any, over: Any) -> Any:
    if isinstance(base, dict) and isinstance(over, dict):
        merged = dict(base)
        for key, value in over.items():
            merged[key] = _merge(base.get(key), value) if key in base else value
        return merged
    return deepcopy(over)


def expand(entry: dict[str, Any]) -> dict[str, Any]:
    """A settings entry with its preset (if it names one) filled in."""
    name = entry.get("preset")
    if not name:
        return entry
    path = FOLDER / f"{name}.json"
    if not path.exists():
        raise ValueError(f"no REST source preset {name!r}; presets: {', '.join(names())}")
    preset = json.loads(path.read_text(encoding="utf-8"))
    rest = {k: v for k, v in entry.items() if k != "preset"}
    merged: dict[str, Any] = _merge(preset, rest)
    return merged
