"""Check a messages_devN.jsonl (hand-written development messages) for format and consistency.

Run after any hand edit: ``python3 core/data/nlu/dev/check_messages.py [messages_dev3.jsonl]``.
Prints counts per language, style and label, then every problem found; exits 1 on a problem.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

#: The file checked: the first argument (a name beside this script or a path), else dev2.
PATH = Path(__file__).with_name(sys.argv[1] if len(sys.argv) > 1 else "messages_dev2.jsonl")
#: Ids are <language>-d<N>-<nnn>, N taken from the file's name (messages_dev3 -> d3).
TAG = "d" + PATH.stem.removeprefix("messages_dev")
LANGUAGES = "zh_Hans zh_Hant en es ru ja ko ar pt fr de vi th id".split()
LABELS = set(
    "order_status change_address cancel_order modify_order return_request refund_status "
    "payment_issue delivery_issue invoice coupon_price policy_question human_agent complaint "
    "greeting affirm deny other".split()
)
STYLES = {"short", "normal", "long", "colloquial"}
REASONS = {None, "no_reason", "defective", "damaged", "wrong_item", "size"}
REQUIRED = ["id", "language", "intent", "style", "order_numbers", "items", "reason", "text"]
OPTIONAL = {"also", "tracking_numbers", "address"}
ADDRESS_KEYS = {"country", "city", "postal_code", "line1", "line2"}
#: Sets written to a weighted label mix, and the labels that mix leaves out on purpose
#: (messages_dev11: the labels shops confuse most, no affirm, deny or other).
WEIGHTED_WITHOUT = {"d11": {"affirm", "deny", "other"}}
#: Rows a language must have (messages_dev2 and _dev3 have 40, the later sets 30 by design).
MIN_PER_LANGUAGE = 40 if TAG in ("d2", "d3") else 30


def check_row(row: dict[str, Any], where: str) -> list[str]:
    """Return the problems of one row (empty when it is well-formed)."""
    errors = []
    missing = [k for k in REQUIRED if k not in row]
    if missing:
        return [f"{where}: missing {missing}"]
    unknown = set(row) - set(REQUIRED) - OPTIONAL
    if unknown:
        errors.append(f"{where}: unknown fields {sorted(unknown)}")
    text = row["text"]
    if not isinstance(text, str) or not text.strip():
        errors.append(f"{where}: empty text")
        return errors
    if row["language"] not in LANGUAGES:
        errors.append(f"{where}: language {row['language']!r}")
    if not row["id"].startswith(f"{row['language']}-{TAG}-"):
        errors.append(f"{where}: id {row['id']!r} does not match <language>-{TAG}-<nnn>")
    if row["intent"] not in LABELS:
        errors.append(f"{where}: intent {row['intent']!r}")
    for label in row.get("also", []):
        if label not in LABELS or label == row["intent"]:
            errors.append(f"{where}: also {label!r}")
    if "also" in row and not row["also"]:
        errors.append(f"{where}: empty also")
    if row["style"] not in STYLES:
        errors.append(f"{where}: style {row['style']!r}")
    if row["reason"] not in REASONS:
        errors.append(f"{where}: reason {row['reason']!r}")
    for key in ("order_numbers", "tracking_numbers"):
        for number in row.get(key, []):
            if number not in text:
                errors.append(f"{where}: {key} {number!r} not in text")
    if set(row["order_numbers"]) & set(row.get("tracking_numbers", [])):
        errors.append(f"{where}: a number is both order and tracking number")
    for item in row["items"]:
        if set(item) != {"text", "quantity"}:
            errors.append(f"{where}: item keys {sorted(item)}")
            continue
        if item["text"] not in text:
            errors.append(f"{where}: item {item['text']!r} not in text")
        q = item["quantity"]
        if q is not None and (not isinstance(q, int) or q < 1):
            errors.append(f"{where}: quantity {q!r}")
    address = row.get("address")
    if address is not None:
        if not address or set(address) - ADDRESS_KEYS:
            errors.append(f"{where}: address keys {sorted(address)}")
        for key, value in address.items():
            if key != "country" and value not in text:
                errors.append(f"{where}: address {key} {value!r} not in text")
    return errors


def main() -> int:
    """Check the file, print counts and problems."""
    errors: list[str] = []
    rows: list[dict[str, Any]] = []
    for n, line in enumerate(PATH.read_text(encoding="utf-8").splitlines(), 1):
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"line {n}: not JSON ({exc})")
            continue
        if not isinstance(row, dict):
            errors.append(f"line {n}: not an object")
            continue
        errors += check_row(row, f"line {n} ({row.get('id')})")
        rows.append(row)
    for key in ("id", "text"):
        for value, count in Counter(r.get(key) for r in rows).items():
            if count > 1:
                errors.append(f"duplicate {key}: {value!r} ({count}x)")
    print(f"{PATH.name}: {len(rows)} rows, sha256 {hashlib.sha256(PATH.read_bytes()).hexdigest()}")
    print(
        "| language | n | short | normal | long | colloquial | long+colloquial "
        "| with order no. | labels covered |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for lang in LANGUAGES:
        mine = [r for r in rows if r.get("language") == lang]
        styles = Counter(r.get("style") for r in mine)
        hard = styles["long"] + styles["colloquial"]
        with_no = sum(1 for r in mine if r.get("order_numbers"))
        labels = {str(r.get("intent")) for r in mine}
        n = len(mine)
        print(
            f"| {lang} | {n} | {styles['short']} | {styles['normal']} | {styles['long']} "
            f"| {styles['colloquial']} | {hard} ({100 * hard // max(n, 1)}%) | {with_no} "
            f"| {len(labels & LABELS)}/17 |"
        )
        if n < MIN_PER_LANGUAGE:
            errors.append(f"{lang}: {n} rows, fewer than {MIN_PER_LANGUAGE}")
        if 2 * hard < n:
            errors.append(f"{lang}: long+colloquial {hard} is less than half of {n}")
        if LABELS - labels - WEIGHTED_WITHOUT.get(TAG, set()):
            errors.append(f"{lang}: labels never the intent: {sorted(LABELS - labels)}")
    label_counts = Counter(r.get("intent") for r in rows)
    print("labels: " + ", ".join(f"{k} {v}" for k, v in sorted(label_counts.items())))
    reasons = Counter(r.get("reason") for r in rows if r.get("reason"))
    print("reasons: " + ", ".join(f"{k} {v}" for k, v in sorted(reasons.items())))
    print(
        f"with also: {sum(1 for r in rows if r.get('also'))}, with tracking numbers: "
        f"{sum(1 for r in rows if r.get('tracking_numbers'))}, with items: "
        f"{sum(1 for r in rows if r.get('items'))}, with an address: "
        f"{sum(1 for r in rows if r.get('address'))}"
    )
    for error in errors:
        print("ERROR", error)
    print(f"{len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
