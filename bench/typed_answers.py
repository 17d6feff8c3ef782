"""Typed answers to the bot's own questions: `python bench/typed_answers.py [--no-encoder]`.

Reads the frozen set `data/nlu/eval/fresh/answers.jsonl` (never trained or tuned on; see its
ANSWERS.md), builds for each row the `Expectation` the bot's flow would declare for that question
(the same option ids, labels and words the flows use), and runs the shipped understander on the
reply. Prints the share understood per step and per language: an answered row counts when the
answer (and, for items, the quantity) is right; an address row when every expected part is kept;
a "not an answer" row when the reply is *not* consumed (its intent is reported apart). Also the
understanding latency per reply.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.dialogue.context import in_every_language  # noqa: E402
from core.i18n import Localizer  # noqa: E402
from core.understanding.expect import (  # noqa: E402
    Expectation,
    ExpectedOption,
    ExpectKind,
    OptionFacts,
)
from core.understanding.local import LocalUnderstander  # noqa: E402
from core.understanding.replies import shown_amounts  # noqa: E402
from core.understanding.types import (  # noqa: E402
    LANGUAGES,
    Intent,
    Understanding,
)

SET = ROOT / "core" / "data" / "nlu" / "eval" / "fresh" / "answers.jsonl"
ACTIONS = {
    "cancel_order": "cancel_order",
    "change_address": "change_address",
    "return": "return_request",
    "modify_order": "modify_order",
}
REASONS = ("no_reason", "defective", "damaged", "wrong_item", "size")
CODES = frozenset(REASONS) | {i.value for i in Intent}
#: The sets' fact questions as the return flow's flags.
FACTS = {"opened": "opened", "photos": "has_photos", "packaging": "original_packaging"}


def norm(text: Any) -> str:
    return " ".join(unicodedata.normalize("NFKC", str(text)).casefold().split())


def expectation(row: dict[str, Any]) -> Expectation:
    """What the bot's flow declares when it asks this question (see core/dialogue)."""
    from core.answers.labels import reason_label

    loc = Localizer(row["language"])
    step, context = row["step"], row["context"]
    if step == "yes_no":
        options = [
            ExpectedOption(
                id="yes",
                label=loc._("Yes, go ahead"),
                meaning="yes",
                words=in_every_language(lambda lc: lc._("Yes")),
            ),
            ExpectedOption(
                id="no",
                label=loc._("No"),
                meaning="no",
                words=in_every_language(lambda lc: lc._("No")),
            ),
        ]
        asked = context.get("action") or context.get("fact")
        return Expectation(
            kind=ExpectKind.YES_NO,
            options=options,
            action=ACTIONS.get(asked or ""),
            fact=FACTS.get(asked or ""),
        )
    if step == "choice":
        # An option whose id is one of our codes (a return reason, an intent) carries that
        # meaning, as the flows' own options do.
        options = [
            ExpectedOption(
                id=o["id"], label=o["label"], meaning=o["id"] if o["id"] in CODES else None
            )
            for o in context["options"]
        ]
        return Expectation(kind=ExpectKind.CHOICE, options=options)
    if step == "item":
        options = [
            ExpectedOption(
                id="all",
                label=loc._("All items"),
                meaning="all",
                words=in_every_language(lambda lc: lc._("All items")),
            )
        ] + [
            ExpectedOption(
                id=i["line_id"],
                label=f"{i['title']} × {i['quantity']}",
                words=[i["title"], i.get("sku", "")],
                units=i["quantity"],
            )
            for i in context["items"]
        ]
        return Expectation(kind=ExpectKind.ITEM, options=options)
    if step == "quantity":
        top = int(context["max"])
        options = [ExpectedOption(id=f"qty:{n}", label=str(n)) for n in range(1, min(top, 9) + 1)]
        return Expectation(
            kind=ExpectKind.QUANTITY, options=options, max_quantity=top, quantity_payload="qty"
        )
    if step == "reason":
        options = [
            ExpectedOption(
                id=code,
                label=reason_label(loc, code),
                meaning=code,
                words=in_every_language(lambda lc, c=code: reason_label(lc, c)),
            )
            for code in REASONS
        ]
        return Expectation(kind=ExpectKind.REASON, options=options)
    if step == "order_choice":
        options = []
        for o in context["orders"]:
            digits = "".join(ch for ch in o["order_no"] if ch.isdigit())
            label = f"****{o['order_no'][-4:]} · {o['summary']} · {o.get('status', '')}"
            options.append(
                ExpectedOption(
                    id=o["order_no"],
                    label=label,
                    words=[o["order_no"], o["order_no"].lstrip("#"), digits[-4:], o["summary"]],
                    facts=OptionFacts(
                        placed_at=placed_at(o.get("placed", ""), row["language"]),
                        stage=STAGES.get(o.get("status", "")),
                        platform=platform_of(o["order_no"], o["summary"]),
                        amount=amount_of(o["summary"]),
                    ),
                )
            )
        return Expectation(kind=ExpectKind.CHOICE, options=options)
    if step == "address":
        return Expectation(kind=ExpectKind.ADDRESS)
    if step == "order_number":
        return Expectation(kind=ExpectKind.ORDER_NUMBER)
    raise ValueError(step)


def amount_of(summary: str) -> Decimal | None:
    """The order's total when its summary shows one price, as the live flow's option knows it."""
    shown = shown_amounts(summary)
    return Decimal(str(shown.pop())) if len(shown) == 1 else None


#: The set's statuses as the stages the flows give their order options.
STAGES = {
    "paid": "unshipped",
    "picking": "unshipped",
    "pending_payment": "unshipped",
    "processing": "unshipped",
    "pending": "unshipped",
    "unfulfilled": "unshipped",
    "packed": "unshipped",
    "ready_to_ship": "unshipped",
    "shipped": "on_the_way",
    "in_transit": "on_the_way",
    "out_for_delivery": "on_the_way",
    "delivered": "delivered",
    "completed": "delivered",
}
_AGO = re.compile(r"(\d+|a|an)\s+(day|week|month)s?\s+ago")


def placed_at(text: str, language: str = "en") -> datetime | None:
    """ "3 days ago", "昨天", "hace 3 días": when the order was placed, as the flows know it (the
    set writes it in the customer's language; dateparser reads the other languages)."""
    now = datetime.now(UTC)
    if not re.search(r"[A-Za-z]", text) or language != "en":
        import dateparser

        lang = {"zh_Hans": "zh", "zh_Hant": "zh"}.get(language, language)
        found = dateparser.parse(
            text,
            languages=[lang, "en"],
            settings={"RETURN_AS_TIMEZONE_AWARE": True, "PREFER_DATES_FROM": "past"},
        )
        if found is not None:
            return found
    text = text.lower().strip()
    if text == "today":
        return now
    if text == "yesterday":
        return now - timedelta(days=1)
    if text == "last week":
        return now - timedelta(days=7)
    m = _AGO.search(text)
    if m:
        n = 1 if m.group(1) in ("a", "an") else int(m.group(1))
        return now - timedelta(days=n * {"day": 1, "week": 7, "month": 30}[m.group(2)])
    return None


def platform_of(order_no: str, summary: str) -> str | None:
    """The platform an order number's format says (the flows know it from the order)."""
    if re.fullmatch(r"\d{3}-\d{7}-\d{7}", order_no):
        return "amazon"
    if order_no.startswith("INV/"):
        return "tokopedia"
    return None


def correct(row: dict[str, Any], got: Understanding) -> bool:
    expected, answer = row["expected"], got.answer
    if expected.get("not_an_answer"):
        return answer is None
    step, want = row["step"], expected.get("answer")
    if step == "yes_no":
        return (answer is None) if want is None else (answer is not None and answer.payload == want)
    if answer is None:
        return False
    if step == "quantity":
        return answer.quantity == int(want)
    if step == "item":
        wanted = want if isinstance(want, list) else [want]
        ok = answer.payload in wanted and len(wanted) == 1
        if expected.get("quantity") is not None:
            ok = ok and answer.quantity == int(expected["quantity"])
        return ok
    if step in ("choice", "reason", "order_choice"):
        return answer.payload == want
    if step == "order_number":  # the number the order-number step goes on with
        number = answer.value or (got.entities.order_numbers or [""])[0]
        return norm(number.replace(" ", "")) == norm(want)
    if step == "address":
        return address_kept(want, got)
    return False


def words(text: Any) -> set[str]:
    """The words of a text, punctuation left out (the set's rule: "token sets, word order not
    significant"); scripts without spaces are compared character by character instead."""
    return set(re.findall(r"[^\W_]+", norm(text)))


def address_kept(want: dict[str, Any], got: Understanding) -> bool:
    """Every expected part is in the parse: a field's value somewhere in what was parsed (a
    unit line may be split into building, floor and unit), phones as digits."""
    parsed = got.entities.address
    if parsed is None:
        return False
    have = parsed.model_dump()
    flat = norm(" ".join(str(v) for v in have.values() if v))
    for key, value in want.items():
        if value is None:
            continue
        if key == "phone":
            if "".join(c for c in str(have.get("phone") or "") if c.isdigit() or c == "+") != value:
                return False
        elif key == "country" and have.get("country") and len(str(value)) != 2:
            if have["country"] not in country_codes(str(value)):
                return False  # the set writes the country as typed; the parse keeps its ISO code
        elif UNSPACED.search(str(value)):  # each spaced chunk whole, the chunks in any order
            if any(chunk not in "".join(flat.split()) for chunk in norm(value).split()):
                return False
        elif not words(value) <= words(flat):
            return False
    return True


@cache
def country_codes(name: str) -> frozenset[str]:
    """The ISO codes a country name stands for, in any of the set's languages (Babel's names)."""
    from babel import Locale

    want = norm(name)
    codes = set()
    for tag in (*LANGUAGES, "de_AT", "es_AR"):
        for code, label in Locale.parse(tag).territories.items():
            if len(code) == 2 and norm(label) == want:
                codes.add(code)
    short = {
        "香港": "HK",
        "澳門": "MO",
        "澳门": "MO",
        "台灣": "TW",
        "台湾": "TW",
    }  # Babel: 中國香港…
    if want in short:
        codes.add(short[want])
    return frozenset(codes)


UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-encoder", action="store_true", help="without the semantic tier")
    parser.add_argument(
        "--set", type=Path, default=SET, help="another file of the same format (the dev set)"
    )
    parser.add_argument("--misses", action="store_true", help="print each miss (dev set only)")
    parser.add_argument(
        "--no-latency", action="store_true", help="accuracy only: no warm and cold passes"
    )
    args = parser.parse_args()
    u = LocalUnderstander(encoder=None if args.no_encoder else True)
    rows = [json.loads(line) for line in args.set.read_text("utf-8").splitlines() if line.strip()]
    if args.misses and args.set.resolve() == SET.resolve():
        parser.error("--misses is for development sets: the evaluation set is not looked into")
    by_step: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    intents = [0, 0]
    times: list[float] = []
    for row in rows:
        expect = expectation(row)
        started = time.perf_counter()
        got = u.understand_sync(row["reply"], expect=expect)
        times.append(time.perf_counter() - started)
        ok = correct(row, got)
        if args.misses and not ok:
            a = got.answer
            print(
                f"MISS {row['id']} {row['step']}: {row['reply']!r} expected {row['expected']} "
                f"got {(a.payload, a.quantity, a.method) if a else None} intent {got.intent.value}"
            )
        key = "not an answer" if row["expected"].get("not_an_answer") else row["step"]
        by_step[key][0] += ok
        by_step[key][1] += 1
        by_lang[row["language"]][0] += ok
        by_lang[row["language"]][1] += 1
        if row["expected"].get("not_an_answer"):
            intents[0] += got.intent.value == row["expected"]["intent"]
            intents[1] += 1
    total = sum(v[0] for v in by_step.values()), sum(v[1] for v in by_step.values())
    tier = "with" if u.tier is not None else "without"
    print(
        f"== typed answers to the bot's questions ({args.set.name}, {total[1]} replies, {tier} "
        "the semantic tier)"
    )
    for key, (a, b) in sorted(by_step.items()):
        print(f"{key:15} {100 * a / b:6.1f}% ({a}/{b})")
    print(f"{'ALL':15} {100 * total[0] / total[1]:6.1f}% ({total[0]}/{total[1]})")
    print(
        "per language: "
        + ", ".join(f"{k} {100 * a / b:.0f}%" for k, (a, b) in sorted(by_lang.items()))
    )
    if intents[1]:
        print(
            f"intent of the not-an-answer replies: {100 * intents[0] / intents[1]:.1f}% "
            f"({intents[0]}/{intents[1]})"
        )
    print_latency("first pass (the accuracy pass: caches filling as replies come)", times)
    if args.no_latency:
        return
    print_latency("warm (every reply seen once before)", *replies_timed(u, rows))
    print_latency(
        "cold (caches emptied before each reply: never seen)", *replies_timed(u, rows, True)
    )


def replies_timed(
    u: LocalUnderstander, rows: list[dict[str, Any]], cold: bool = False
) -> tuple[list[float], list[float]]:
    """Seconds per reply, each read against its question, in wall and in CPU time (which
    other work on a shared machine does not inflate); `cold` empties every cache first."""
    wall, cpu = [], []
    for row in rows:
        expect = expectation(row)
        if cold:
            u.forget()
        started, cpu_started = time.perf_counter(), time.process_time()
        u.understand_sync(row["reply"], expect=expect)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    return wall, cpu


def print_latency(label: str, times: list[float], cpu: list[float] | None = None) -> None:
    def p(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    line = (
        f"latency per reply, {label}: p50 {p(times, 0.5):.1f} ms, p90 {p(times, 0.9):.1f} ms, "
        f"p99 {p(times, 0.99):.1f} ms, {len(times) / sum(times):,.0f} replies/second"
    )
    if cpu:
        line += (
            f"; CPU time p50 {p(cpu, 0.5):.1f} ms, p90 {p(cpu, 0.9):.1f} ms, "
            f"p99 {p(cpu, 0.99):.1f} ms"
        )
    print(line)


if __name__ == "__main__":
    main()
