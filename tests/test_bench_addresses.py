"""The hand-written address set is well-formed and covers every market it claims."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

SET = Path(__file__).parent / "data" / "addresses_by_country.jsonl"
KEYS = {"country", "province", "city", "district", "postal_code", "line1", "line2", "name", "phone"}
MARKETS = "CN TW HK US GB ES MX RU JP KR SA AE EG BR PT FR DE VN TH ID".split()


def rows() -> list[dict]:
    return [json.loads(line) for line in SET.read_text("utf-8").splitlines() if line.strip()]


def test_every_market_has_at_least_eight_addresses() -> None:
    counts = Counter(r["country"] for r in rows())
    assert {m: counts[m] for m in MARKETS if counts[m] < 8} == {}


def test_every_row_expects_only_canonical_parts_and_a_street() -> None:
    for r in rows():
        want = r["expected"]
        assert set(want) <= KEYS, r["id"]
        assert want.get("line1"), r["id"]
        phone = want.get("phone")
        assert phone is None or phone.lstrip("+").isdigit(), r["id"]


def test_ids_are_unique() -> None:
    ids = [r["id"] for r in rows()]
    assert len(ids) == len(set(ids))
