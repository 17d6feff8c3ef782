"""Check answers_dev.jsonl: one JSON object a line, well-formed expectations, counts.

Run from the repository root: ``python3 core/data/nlu/dev/check_dev.py [FILE]`` (default
``answers_dev.jsonl``). Exits non-zero on the
first kind of problem found, after listing every problem, so a hand edit cannot silently
break the file the engineers tune on.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

PATH = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("answers_dev.jsonl")
LANGUAGES = "zh_Hans zh_Hant en es ru ja ko ar pt fr de vi th id".split()
STEPS = [
    "yes_no",
    "choice",
    "item",
    "quantity",
    "reason",
    "order_choice",
    "address",
    "order_number",
]
ACTIONS = {"cancel_order", "change_address", "return", "modify_order"}
FACTS = {"opened", "photos", "packaging"}
REASONS = {"no_reason", "defective", "damaged", "wrong_item", "size"}
ADDRESS_KEYS = {
    "country",
    "province",
    "city",
    "district",
    "postal_code",
    "line1",
    "line2",
    "name",
    "phone",
}
INTENTS = set(
    "order_status change_address cancel_order modify_order return_request refund_status "
    "payment_issue delivery_issue invoice coupon_price policy_question human_agent complaint "
    "greeting other".split()
)
MIN_PER_LANGUAGE = 45
# answers_dev3.jsonl has 14 rows per language by design, answers_dev4 to _dev10 20.
MIN_BY_FILE = {
    "answers_dev3.jsonl": 14,
    "answers_dev4.jsonl": 20,
    "answers_dev5.jsonl": 20,
    "answers_dev6.jsonl": 20,
    "answers_dev7.jsonl": 20,
    "answers_dev8.jsonl": 20,
    "answers_dev9.jsonl": 20,
    "answers_dev10.jsonl": 20,
}


def ascii_digits(text: str) -> str:
    """NFKC plus every script's decimal digits as ASCII (Thai ๓, Arabic-Indic ٣, full-width ３)."""
    out = []
    for ch in unicodedata.normalize("NFKC", text):
        value = unicodedata.decimal(ch, None)
        out.append(str(value) if value is not None else ch)
    return "".join(out)


def compact(text: str) -> str:
    """What an order number looks like once the customer's spaces are dropped."""
    return "".join(ascii_digits(text).split()).casefold()


def check_answer(row: dict[str, Any]) -> list[str]:
    """Problems with one row's expectation against its own step and context."""
    step, ctx, exp, reply = row["step"], row["context"], row["expected"], row["reply"]
    if exp.get("not_an_answer"):
        ok = exp.get("intent") in INTENTS and set(exp) == {"not_an_answer", "intent"}
        return [] if ok else [f"bad not-an-answer expectation {exp}"]
    if "answer" not in exp:
        return ["expected has no answer"]
    ans = exp["answer"]
    if step == "yes_no":
        problems = [] if ans in ("yes", "no", None) else [f"yes_no answer {ans!r}"]
        if not (ctx.get("action") in ACTIONS or ctx.get("fact") in FACTS):
            problems.append(f"yes_no context {ctx}")
        return problems
    if step == "choice":
        ids = [o["id"] for o in ctx["options"]]
        if len(ids) != len(set(ids)) or not all(o.get("label") for o in ctx["options"]):
            return ["options need unique ids and labels"]
        return [] if ans in ids else [f"choice answer {ans!r} not in {ids}"]
    if step == "item":
        lines = {i["line_id"]: i["quantity"] for i in ctx["items"]}
        qty = exp.get("quantity", "missing")
        if ans == "all":
            return [] if qty is None else ["'all' takes quantity null"]
        if ans not in lines:
            return [f"item answer {ans!r} not in {sorted(lines)}"]
        if qty is not None and not (isinstance(qty, int) and 1 <= qty <= lines[ans]):
            return [f"item quantity {qty!r} outside 1..{lines[ans]}"]
        return []
    if step == "quantity":
        ok = isinstance(ans, int) and 1 <= ans <= ctx["max"]
        return [] if ok else [f"quantity {ans!r} outside 1..{ctx['max']}"]
    if step == "reason":
        return [] if ans in REASONS else [f"reason {ans!r}"]
    if step == "order_choice":
        numbers = [o["order_no"] for o in ctx["orders"]]
        return [] if ans in numbers else [f"order {ans!r} not in {numbers}"]
    if step == "address":
        return check_address(ans, reply)
    if step == "order_number":
        ok = isinstance(ans, str) and ans and compact(ans) in compact(reply)
        return [] if ok else [f"order number {ans!r} not in the reply"]
    return [f"unknown step {step!r}"]


def check_address(parts: Any, reply: str) -> list[str]:
    """Every part is the reply's own text (phone: its digits, leading + kept)."""
    if not isinstance(parts, dict) or not parts or not set(parts) <= ADDRESS_KEYS:
        return [f"address parts {parts!r}"]
    problems = []
    for key, value in parts.items():
        if key == "phone":
            digits = "".join(c for c in ascii_digits(reply) if c.isdigit())
            bare = value.removeprefix("+")
            if not (bare.isdigit() and bare in digits):
                problems.append(f"phone {value!r} not the reply's digits")
        elif not value or value not in reply:
            problems.append(f"address {key}={value!r} not written in the reply")
    return problems


def main() -> int:
    """Validate the file, print counts per language and step, return the exit status."""
    rows: list[dict[str, Any]] = []
    problems: list[str] = []
    for n, line in enumerate(PATH.read_text(encoding="utf-8").splitlines(), 1):
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as err:
            problems.append(f"line {n}: not JSON ({err})")
    ids = Counter(r.get("id") for r in rows)
    problems += [f"duplicate id {i}" for i, c in ids.items() if c > 1]
    seen: set[tuple[str, str, str]] = set()
    for r in rows:
        missing = {"id", "language", "step", "question", "context", "reply", "expected"} - set(r)
        if missing:
            problems.append(f"{r.get('id')}: missing {sorted(missing)}")
            continue
        if r["language"] not in LANGUAGES or not r["id"].startswith(r["language"] + "-"):
            problems.append(f"{r['id']}: language {r['language']!r}")
        key = (r["language"], r["reply"], json.dumps(r["context"], sort_keys=True))
        if key in seen:
            problems.append(f"{r['id']}: same reply and context twice")
        seen.add(key)
        problems += [f"{r['id']}: {p}" for p in check_answer(r)]

    by_lang: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rows:
        kind = "not_answer" if r["expected"].get("not_an_answer") else r["step"]
        by_lang[r["language"]][kind] += 1
        by_lang[r["language"]]["total"] += 1
    cols = [*STEPS, "not_answer", "total"]
    print("lang     " + " ".join(f"{c[:8]:>8}" for c in cols))
    for lang in LANGUAGES:
        counts = by_lang[lang]
        print(f"{lang:8} " + " ".join(f"{counts[c]:>8}" for c in cols))
        if counts["total"] < MIN_BY_FILE.get(PATH.name, MIN_PER_LANGUAGE):
            problems.append(f"{lang}: only {counts['total']} rows")
        steps_here = {r["step"] for r in rows if r["language"] == lang}
        problems += [f"{lang}: no {s} step" for s in STEPS if s not in steps_here]
    total = len(rows)
    share = sum(c["not_answer"] for c in by_lang.values()) / max(total, 1)
    print(f"total {total}, not an answer {share:.1%}")
    for p in problems:
        print("PROBLEM", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
