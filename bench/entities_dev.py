"""Entities of whole messages against a gold file: `python3 bench/entities_dev.py [PATH]`.

    python3 bench/entities_dev.py core/data/nlu/dev/messages_dev2.jsonl --misses

Reads a file in the fresh set's format (`core/data/nlu/eval/fresh/README.md`: gold
`order_numbers`, `tracking_numbers`, `items` with quantities) and runs entity extraction alone
(no model: it takes a second). Prints per language and in all:

- order numbers: precision and recall, compared as `bench/nlu.py` compares them (as written,
  spaces dropped) and normalised (full-width, Thai and Arabic-Indic digits as ASCII, case
  folded): the product canonicalises what it finds, the gold keeps what was typed;
- tracking numbers: found as tracking, taken for an order number, missed; order numbers taken
  for tracking numbers;
- quantities: precision and recall of the (message, quantity) pairs, and the share of messages
  whose set of quantities is exactly the gold one, among those where either side has one.

`--misses` prints every wrong message; it refuses the frozen evaluation files, which are never
looked into.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.understanding.entities import extract_entities  # noqa: E402
from core.understanding.numbers import normalize  # noqa: E402

FROZEN = ROOT / "core" / "data" / "nlu" / "eval"
DEFAULT = ROOT / "core" / "data" / "nlu" / "dev" / "messages_dev2.jsonl"
FIELDS = ("otp", "ofp", "ofn", "ntp", "nfp", "nfn", "tt", "t_as_o", "tmiss", "o_as_t")
QFIELDS = ("qtp", "qfp", "qfn", "qok", "qn")


def canon(number: str) -> str:
    return unicodedata.normalize("NFKC", normalize(number)).replace(" ", "").casefold()


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}%" if b else "  n/a"


def score(row: dict[str, Any], counts: dict[str, int]) -> list[str]:
    """Add one message's figures to `counts`; return what it got wrong."""
    ents = extract_entities(row["text"])
    wrong: list[str] = []
    gold_raw = {n.replace(" ", "") for n in row["order_numbers"]}
    got_raw = {n.replace(" ", "") for n in ents.order_numbers}
    counts["otp"] += len(gold_raw & got_raw)
    counts["ofp"] += len(got_raw - gold_raw)
    counts["ofn"] += len(gold_raw - got_raw)
    gold, got = {canon(n) for n in row["order_numbers"]}, {canon(n) for n in ents.order_numbers}
    # a grouped tracking number is kept as its digits ("4912-3387-5501": 491233875501)
    tracking_gold = {canon(n).replace("-", "") for n in row.get("tracking_numbers") or []}
    tracking_got = {canon(n).replace("-", "") for n in ents.tracking_numbers}
    counts["ntp"] += len(gold & got)
    counts["nfp"] += len(got - gold)
    counts["nfn"] += len(gold - got)
    counts["tt"] += len(tracking_gold & tracking_got)
    counts["t_as_o"] += len(tracking_gold & got)
    counts["tmiss"] += len(tracking_gold - tracking_got - got)
    counts["o_as_t"] += len(gold & tracking_got)
    if got != gold:
        wrong.append(f"orders gold {sorted(gold)} got {sorted(got)}")
    if tracking_gold != tracking_got:
        wrong.append(f"tracking gold {sorted(tracking_gold)} got {sorted(tracking_got)}")
    qgold = {int(i["quantity"]) for i in row["items"] if i.get("quantity") is not None}
    qgot = set(ents.quantities)
    counts["qtp"] += len(qgold & qgot)
    counts["qfp"] += len(qgot - qgold)
    counts["qfn"] += len(qgold - qgot)
    if qgold or qgot:
        counts["qn"] += 1
        counts["qok"] += qgold == qgot
    if qgold != qgot:
        items = [(i["text"], i.get("quantity")) for i in row["items"]]
        wrong.append(f"quantities gold {sorted(qgold)} {items} got {sorted(qgot)}")
    return wrong


def line(name: str, c: dict[str, int]) -> str:
    o = (
        f"P {pct(c['otp'], c['otp'] + c['ofp'])} R {pct(c['otp'], c['otp'] + c['ofn'])}  "
        f"norm P {pct(c['ntp'], c['ntp'] + c['nfp'])} R {pct(c['ntp'], c['ntp'] + c['nfn'])}"
    )
    t = f"trk {c['tt']}/{c['tt'] + c['t_as_o'] + c['tmiss']} as-order {c['t_as_o']}"
    q = (
        f"qty P {pct(c['qtp'], c['qtp'] + c['qfp'])} R {pct(c['qtp'], c['qtp'] + c['qfn'])} "
        f"exact {pct(c['qok'], c['qn'])} ({c['qok']}/{c['qn']})"
    )
    return f"{name:8} orders {o}  | {t} o-as-trk {c['o_as_t']} | {q}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--misses", action="store_true", help="print each wrong message")
    args = parser.parse_args()
    frozen = FROZEN.resolve() in args.path.resolve().parents
    if args.misses and frozen:
        parser.error("--misses is for development files: the evaluation set is not looked into")
    rows = [json.loads(x) for x in args.path.read_text("utf-8").splitlines() if x.strip()]
    per: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(FIELDS + QFIELDS, 0))
    total: dict[str, int] = dict.fromkeys(FIELDS + QFIELDS, 0)
    started = time.perf_counter()
    for row in rows:
        counts = dict.fromkeys(FIELDS + QFIELDS, 0)
        wrong = score(row, counts)
        for key, value in counts.items():
            per[row["language"]][key] += value
            total[key] += value
        if args.misses and wrong:
            print(f"MISS {row['id']}: {row['text']!r}")
            for w in wrong:
                print(f"     {w}")
    elapsed = time.perf_counter() - started
    print(f"== entities of {args.path.name} ({len(rows)} messages, {elapsed:.2f} s)")
    for lang in sorted(per):
        print(line(lang, per[lang]))
    print(line("ALL", total))


if __name__ == "__main__":
    main()
