"""Addresses from 20 markets as customers type them: `python bench/addresses.py [--misses]`.

Runs the shipped understander on each reply of `tests/data/addresses_by_country.jsonl` (written
by hand from general knowledge, before the parser was changed; see `tests/data/README.md`) as the
answer to the address question, and scores it with the comparison of `bench/typed_answers.py`
(`address_kept`: every expected part kept, line1/line2 as token sets, phones as digits):

- *kept*: the part is somewhere in the parse (what `typed_answers.py` grades);
- *in place*: the part is in its own field (line 1 with the sub-district folded in, as the
  address flow does; line 2 with its building, floor and unit pieces).

Prints per market the share of whole addresses right and of parts right, per field, and beside
each the figure recorded in `bench/addresses_baseline.json` (the parser before this set was used;
`--save-baseline` rewrites it).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.typed_answers import address_kept  # noqa: E402
from core.understanding.expect import Expectation, ExpectKind  # noqa: E402
from core.understanding.local import LocalUnderstander  # noqa: E402
from core.understanding.types import ParsedAddress  # noqa: E402

SET = ROOT / "tests" / "data" / "addresses_by_country.jsonl"
BASELINE = ROOT / "bench" / "addresses_baseline.json"
FIELDS = (
    "country",
    "province",
    "city",
    "district",
    "postal_code",
    "line1",
    "line2",
    "name",
    "phone",
)
#: the parse's fields that hold an expected field's value when it is "in place"
PLACES = {
    "line1": ("line1", "subdistrict"),
    "line2": ("line2", "building", "floor", "unit"),
}


def as_parsed(parsed: ParsedAddress | None) -> Any:
    """What `address_kept` reads of an understanding: its entities' address."""
    return SimpleNamespace(entities=SimpleNamespace(address=parsed))


def in_place(field: str, value: Any, parsed: ParsedAddress | None) -> bool:
    """The expected value is in its own field of the parse (same comparison, one field)."""
    if parsed is None:
        return False
    only = {name: getattr(parsed, name) for name in PLACES.get(field, (field,))}
    return address_kept({field: value}, as_parsed(ParsedAddress(**only)))


def score(rows: list[dict[str, Any]], misses: bool) -> dict[str, Any]:
    u = LocalUnderstander(encoder=None)
    expect = Expectation(kind=ExpectKind.ADDRESS)
    whole: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # kept, in place, rows
    parts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    fields: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    times: list[float] = []
    for row in rows:
        started = time.perf_counter()
        got = u.understand_sync(row["reply"], expect=expect)
        times.append(time.perf_counter() - started)
        parsed = got.entities.address
        want = row["expected"]
        kept = address_kept(want, got)
        placed = all(in_place(k, v, parsed) for k, v in want.items())
        market = row["country"]
        for key in (market, "ALL"):
            whole[key][0] += kept
            whole[key][1] += placed
            whole[key][2] += 1
        wrong = []
        for k, v in want.items():
            k_ok = address_kept({k: v}, got)
            p_ok = in_place(k, v, parsed)
            for key, table in ((market, parts), ("ALL", parts), (k, fields)):
                table[key][0] += k_ok
                table[key][1] += p_ok
                table[key][2] += 1
            if not p_ok:
                wrong.append(f"{k}={v!r}" + ("" if k_ok else " (lost)"))
        if misses and wrong:
            have = parsed.model_dump(exclude_none=True) if parsed else None
            print(f"MISS {row['id']}: {row['reply']!r}\n  want {'; '.join(wrong)}\n  got  {have}")
    times.sort()
    return {
        "whole": {k: v for k, v in whole.items()},
        "parts": {k: v for k, v in parts.items()},
        "fields": {k: v for k, v in fields.items()},
        "p50_ms": 1000 * times[len(times) // 2],
        "p99_ms": 1000 * times[min(len(times) - 1, int(0.99 * len(times)))],
    }


def pct(cell: list[int] | None, i: int) -> str:
    return f"{100 * cell[i] / cell[2]:5.1f}" if cell and cell[2] else "    -"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=SET)
    parser.add_argument("--misses", action="store_true", help="print each part not in place")
    parser.add_argument("--save-baseline", action="store_true", help=f"rewrite {BASELINE.name}")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.set.read_text("utf-8").splitlines() if line.strip()]
    now = score(rows, args.misses)
    if args.save_baseline:
        BASELINE.write_text(json.dumps(now, indent=1, sort_keys=True) + "\n", "utf-8")
    before = json.loads(BASELINE.read_text("utf-8")) if BASELINE.exists() else {}
    print(f"== addresses ({args.set.name}, {len(rows)} replies); figures now (before)")
    print(
        f"{'market':8} {'rows':>4}  {'whole kept':>15} {'in place':>15}  "
        f"{'parts kept':>15} {'in place':>15}"
    )
    markets = [*sorted(k for k in now["whole"] if k != "ALL"), "ALL"]
    for m in markets:
        w, p = now["whole"][m], now["parts"][m]
        bw, bp = before.get("whole", {}).get(m), before.get("parts", {}).get(m)
        print(
            f"{m:8} {w[2]:4}  {pct(w, 0)} ({pct(bw, 0)}) {pct(w, 1)} ({pct(bw, 1)})  "
            f"{pct(p, 0)} ({pct(bp, 0)}) {pct(p, 1)} ({pct(bp, 1)})"
        )
    print("per field: kept / in place (before)")
    for f in FIELDS:
        c, b = now["fields"].get(f), before.get("fields", {}).get(f)
        if c:
            print(f"  {f:12} {c[2]:4}  {pct(c, 0)} ({pct(b, 0)}) {pct(c, 1)} ({pct(b, 1)})")
    print(f"latency per reply: p50 {now['p50_ms']:.1f} ms, p99 {now['p99_ms']:.1f} ms")


if __name__ == "__main__":
    main()
