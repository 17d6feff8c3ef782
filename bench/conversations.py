"""Whole typed conversations, judged by the shop state they leave behind.

    python3 bench/conversations.py [--set test] [--only ID] [--verbose] [--json OUT]

Each conversation in `bench/conversations/<set>/*.json` is played against a fresh shop: its
own SQLite file holding the demo shop plus `bench/conversations/shop_extra.json`, in-memory
sessions, one `Engine`. Every customer turn is typed text (`Inbound.text`, never a button
payload), as on WeChat. Afterwards the orders, the new returns, the new tickets and the bot's
replies are checked against the conversation's `expect` (see bench/conversations/README.md).

It is a benchmark, not a test: it prints one line per conversation and the success rate
overall, per language and per flow, and exits 0 whatever the score.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import logging
import re
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any, Literal, TextIO

import sqlalchemy as sa
import structlog
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.engine import Engine
from core.messages import Inbound
from core.order import Order
from core.policies import Department, Priority, ReturnReason
from core.services import Services, build_services
from core.settings import Settings
from core.sources.sql import validate_import
from core.storage.tables import orders as orders_table
from core.tickets import Ticket
from demo import generate_demo_orders

HERE = Path(__file__).resolve().parent / "conversations"
EXTRA_SHOP = HERE / "shop_extra.json"
REFERENCE = datetime(2026, 1, 1, tzinfo=UTC)
"""`shop_extra.json` is written as if it were this instant; the runner shifts it to now."""
DATETIME_FIELDS = frozenset(
    "placed_at paid_at at picked_up_at eta outbound_at delivered_at presale_ship_by created_at "
    "refunded_at".split()
)
DEFAULT_TIMEZONE = "Asia/Shanghai"

Language = Literal[
    "zh_Hans", "zh_Hant", "en", "es", "ru", "ja", "ko", "ar", "pt", "fr", "de", "vi", "th", "id"
]
Flow = Literal[
    "status",
    "address",
    "cancel",
    "return",
    "refund_status",
    "payment",
    "delivery",
    "invoice",
    "coupon",
    "policy",
    "handoff",
    "greeting",
]


# --------------------------------------------------------------------------------------------
# The conversation format
# --------------------------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ReturnExpect(_Strict):
    """One return the conversation must have created."""

    order_no: str
    lines: dict[str, Annotated[int, Field(ge=1)]]
    reason: ReturnReason | None = None
    refund_amount: Decimal | None = None
    status: str | None = None


class TicketExpect(_Strict):
    """One ticket the conversation must have opened (fields left out are not checked)."""

    order_no: str | None = None
    department: Department | None = None
    priority: Priority | None = None
    kind: str | None = None


class Expect(_Strict):
    """What must hold afterwards; every check is optional and all of them must hold."""

    orders: dict[str, dict[str, str | int]] = {}
    """order_no -> field path -> value (`re:` for a regex; a path to an object is its text)."""
    returns: list[ReturnExpect] | None = None
    """Exactly these new returns (None: not checked)."""
    no_new_returns: bool = False
    tickets: list[TicketExpect] = []
    """At least these new tickets, each matched by a different ticket."""
    no_new_tickets: bool = False
    replies_contain: list[str] = []
    """Over all bot replies: a case-insensitive substring, or `re:` and a Python regex."""
    replies_not_contain: list[str] = []


class Conversation(_Strict):
    id: Annotated[str, Field(pattern=r"^[A-Za-z_]+-[a-z_]+-\d{2,3}$")]
    language: Language
    channel: Literal["web", "wechat", "telegram"]
    user: str
    flow: Flow
    note: str = ""
    timezone: str | None = None
    turns: Annotated[list[Annotated[str, Field(min_length=1)]], Field(min_length=1)]
    expect: Expect


class Result(BaseModel):
    id: str
    language: str
    flow: str
    passed: bool
    failures: list[str]
    turns: list[str]
    replies: list[str]
    seconds: float
    errors: list[str] = []
    """Errors the core logged while handling the conversation (e.g. a dialogue crash)."""


_CONVERSATIONS = TypeAdapter(list[Conversation])


def load_set(name: str, root: Path = HERE) -> list[Conversation]:
    """Every conversation of a set, in file then list order; ids must be unique."""
    found: list[Conversation] = []
    for path in sorted((root / name).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        found.extend(_CONVERSATIONS.validate_python(data if isinstance(data, list) else [data]))
    ids = [c.id for c in found]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"duplicate conversation ids: {', '.join(duplicates)}")
    return found


def set_sha256(name: str, root: Path = HERE) -> str:
    """sha256 of the set's files concatenated in sorted order (`cat $(ls …|sort) | sha256sum`)."""
    digest = hashlib.sha256()
    for path in sorted((root / name).glob("*.json")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


# --------------------------------------------------------------------------------------------
# The shop every conversation starts from
# --------------------------------------------------------------------------------------------


def shift_datetimes(value: Any, delta: timedelta) -> Any:
    """The same document with every datetime field moved by `delta` (offsets kept)."""
    if isinstance(value, dict):
        return {
            key: (datetime.fromisoformat(item) + delta).isoformat()
            if key in DATETIME_FIELDS and isinstance(item, str)
            else shift_datetimes(item, delta)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [shift_datetimes(item, delta) for item in value]
    return value


def build_shop(now: datetime, extra: Path = EXTRA_SHOP) -> list[Order]:
    """The demo shop at `now` plus the extra orders shifted from `REFERENCE` to `now`."""
    orders = generate_demo_orders(now)
    if extra.exists():
        documents = json.loads(extra.read_text(encoding="utf-8"))
        orders += validate_import(shift_datetimes(documents, now - REFERENCE))
    numbers = [o.order_no for o in orders]
    if len(set(numbers)) != len(numbers):
        raise ValueError("shop_extra.json repeats an order number of the demo shop")
    return orders


# --------------------------------------------------------------------------------------------
# The judge: pure, so the test can feed it hand-made states
# --------------------------------------------------------------------------------------------

_SEGMENT = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:\[(?P<key>[^\]]+)\])?$")
_LIST_KEYS = ("line_id", "return_id", "tracking_no", "sku", "code")


def resolve(document: Any, path: str) -> Any:
    """`status`, `shipping_address.city`, `items[L1].quantity`, `shipments[0].carrier`.

    A `[key]` picks the list element whose line_id/return_id/tracking_no/sku/code is `key`, or
    the element at that index. Raises KeyError when the path leads nowhere."""
    current = document
    for segment in path.split("."):
        match = _SEGMENT.match(segment)
        if match is None or not isinstance(current, dict) or match["name"] not in current:
            raise KeyError(path)
        current = current[match["name"]]
        key = match["key"]
        if key is not None:
            if not isinstance(current, list):
                raise KeyError(path)
            picked = [
                e for e in current if isinstance(e, dict) and key in (e.get(k) for k in _LIST_KEYS)
            ]
            if (
                not picked
                and key.lstrip("-").isdigit()
                and -len(current) <= int(key) < len(current)
            ):
                picked = [current[int(key)]]
            if not picked:
                raise KeyError(path)
            current = picked[0]
    return current


def as_text(value: Any) -> str:
    """A value as the customer would read it; an object's (an address's) values joined."""
    if isinstance(value, dict):
        return " ".join(as_text(v) for v in value.values() if v not in (None, "", [], {}))
    if isinstance(value, list):
        return " ".join(as_text(v) for v in value)
    return "" if value is None else str(value)


def _same(actual: Any, expected: str | int) -> bool:
    text = as_text(actual)
    if isinstance(expected, str) and expected.startswith("re:"):
        return re.search(expected[3:], text) is not None
    try:
        return Decimal(text) == Decimal(str(expected))
    except (InvalidOperation, ValueError):
        return text == str(expected)


def _matches_text(pattern: str, text: str) -> bool:
    if pattern.startswith("re:"):
        return re.search(pattern[3:], text) is not None
    return pattern.casefold() in text.casefold()


def new_returns(before: Mapping[str, Order], after: Mapping[str, Order]) -> list[dict[str, Any]]:
    """Returns present after the conversation and not before, with their order number."""
    found = []
    for order_no, order in after.items():
        old = {r.return_id for r in before[order_no].returns} if order_no in before else set()
        for ret in order.returns:
            if ret.return_id not in old:
                found.append(
                    {
                        "order_no": order_no,
                        "lines": {line.line_id: line.quantity for line in ret.lines},
                        "reason": ret.reason,
                        "refund_amount": ret.refund_amount,
                        "status": ret.status.value,
                    }
                )
    return found


def _return_matches(want: ReturnExpect, got: Mapping[str, Any]) -> bool:
    return (
        want.order_no == got["order_no"]
        and want.lines == got["lines"]
        and (want.reason is None or want.reason.value == got["reason"])
        and (want.refund_amount is None or want.refund_amount == Decimal(got["refund_amount"]))
        and (want.status is None or want.status == got["status"])
    )


def _ticket_matches(want: TicketExpect, got: Ticket) -> bool:
    return (
        (want.order_no is None or want.order_no == got.order_no)
        and (want.department is None or want.department == got.department)
        and (want.priority is None or want.priority == got.priority)
        and (want.kind is None or want.kind == got.kind)
    )


def _pair(
    wants: Sequence[Any], gots: Sequence[Any], matches: Callable[[Any, Any], bool]
) -> list[Any]:
    """The wanted items no distinct found item matches (greedy, in order)."""
    free = list(range(len(gots)))
    missing = []
    for want in wants:
        hit = next((k for k in free if matches(want, gots[k])), None)
        if hit is None:
            missing.append(want)
        else:
            free.remove(hit)
    return missing


def _describe_return(ret: Mapping[str, Any] | ReturnExpect) -> str:
    data = ret.model_dump(mode="json", exclude_none=True) if isinstance(ret, BaseModel) else ret
    lines = ",".join(f"{k}x{v}" for k, v in data["lines"].items())
    parts = [str(data["order_no"]), lines]
    parts += [str(data[k]) for k in ("reason", "refund_amount") if data.get(k) is not None]
    return " ".join(parts)


def _describe_ticket(ticket: Ticket | TicketExpect) -> str:
    fields = ("order_no", "department", "priority", "kind")
    return "/".join(str(getattr(ticket, f)) for f in fields if getattr(ticket, f) is not None)


def judge(
    expect: Expect,
    before: Mapping[str, Order],
    after: Mapping[str, Order],
    tickets: Sequence[Ticket],
    replies: Sequence[str],
) -> list[str]:
    """Every expectation that does not hold, as a short sentence; empty means PASS."""
    failures: list[str] = []
    for order_no, fields in expect.orders.items():
        order = after.get(order_no)
        if order is None:
            failures.append(f"order {order_no}: not in the shop")
            continue
        document = order.model_dump(mode="json")
        for path, wanted in fields.items():
            try:
                actual = resolve(document, path)
            except KeyError:
                failures.append(f"order {order_no}: no field {path}")
                continue
            if not _same(actual, wanted):
                failures.append(f"order {order_no}: {path} is {as_text(actual)!r}, not {wanted!r}")

    created = new_returns(before, after)
    if expect.returns is not None:
        for want in _pair(expect.returns, created, _return_matches):
            seen = "; ".join(_describe_return(r) for r in created) or "none"
            failures.append(f"return {_describe_return(want)} missing (new returns: {seen})")
        if len(created) > len(expect.returns):
            failures.append(f"{len(created)} new returns, expected {len(expect.returns)}")
    if expect.no_new_returns and created:
        seen = "; ".join(_describe_return(r) for r in created)
        failures.append(f"unexpected new return: {seen}")

    for want in _pair(expect.tickets, tickets, _ticket_matches):
        seen = "; ".join(_describe_ticket(t) for t in tickets) or "none"
        failures.append(f"ticket {_describe_ticket(want)} missing (new tickets: {seen})")
    if expect.no_new_tickets and tickets:
        seen = "; ".join(_describe_ticket(t) for t in tickets)
        failures.append(f"unexpected new ticket: {seen}")

    text = "\n".join(replies)
    for pattern in expect.replies_contain:
        if not _matches_text(pattern, text):
            failures.append(f"replies lack {pattern!r}")
    for pattern in expect.replies_not_contain:
        if _matches_text(pattern, text):
            failures.append(f"replies contain {pattern!r}")
    return failures


# --------------------------------------------------------------------------------------------
# Playing a conversation
# --------------------------------------------------------------------------------------------


class _ErrorLog:
    """A structlog processor that keeps the core's error events and drops every log line."""

    def __init__(self) -> None:
        self.events: list[str] = []

    def __call__(self, _: Any, method: str, event: dict[str, Any]) -> dict[str, Any]:
        if method in {"error", "exception", "critical"}:
            self.events.append(str(event.get("event")))
        raise structlog.DropEvent


@contextmanager
def quiet_logs(verbose: bool) -> Iterator[_ErrorLog]:
    """Silence the core's logs while the benchmark runs (the figures are its output), keep the
    core's errors for the results, and put the logging configuration back afterwards."""
    saved = structlog.get_config()
    root = logging.getLogger()
    level = root.level
    errors = _ErrorLog()
    structlog.configure(
        processors=[errors],
        wrapper_class=structlog.make_filtering_bound_logger(logging.ERROR),
        cache_logger_on_first_use=False,
    )
    root.setLevel(logging.WARNING if verbose else logging.CRITICAL)
    try:
        yield errors
    finally:
        structlog.configure(**saved)
        root.setLevel(level)


async def _all_orders(services: Services) -> dict[str, Order]:
    async with services.db.connect() as conn:
        documents = (await conn.scalars(sa.select(orders_table.c.doc))).all()
    found = [Order.model_validate(doc) for doc in documents]
    return {o.order_no: o for o in found}


async def make_template(directory: Path, shop: Sequence[Order]) -> Path:
    """One migrated SQLite file holding the shop; each conversation gets a copy of it."""
    path = directory / "template.sqlite3"
    services = await build_services(_settings(path, DEFAULT_TIMEZONE))
    try:
        await services.orders.replace_all(shop)
        await services.audit.record("system", "shop.demo_seeded", after={"orders": len(shop)})
    finally:
        await services.aclose()
    return path


def _settings(path: Path, timezone: str) -> Settings:
    return Settings(
        database_url=f"sqlite+aiosqlite:///{path}",
        redis_url=None,
        seed_demo_if_empty=False,
        default_timezone=timezone,
    )


async def play(
    conversation: Conversation,
    template: Path,
    before: Mapping[str, Order],
    directory: Path,
    errors: _ErrorLog,
) -> Result:
    """Play the customer's turns on a fresh copy of the shop, then judge what it left."""
    started = time.perf_counter()
    path = directory / f"{conversation.id}.sqlite3"
    await asyncio.to_thread(shutil.copyfile, template, path)
    errors.events.clear()
    replies: list[str] = []
    failures: list[str] = []
    services = await build_services(_settings(path, conversation.timezone or DEFAULT_TIMEZONE))
    try:
        existing = {t.id for t in await services.tickets.list()}
        engine = Engine(services)
        for turn in conversation.turns:
            inbound = Inbound(
                channel=conversation.channel,
                user_id=conversation.user,
                chat_id=conversation.user,
                text=turn,
            )
            try:
                replies.append((await engine.handle(inbound)).text())
            except Exception as exc:  # the engine must not raise; record it and go on
                replies.append("")
                failures.append(f"turn {len(replies)} raised {type(exc).__name__}: {exc}")
        after = await _all_orders(services)
        tickets = [t for t in await services.tickets.list() if t.id not in existing]
    finally:
        await services.aclose()
    await asyncio.to_thread(path.unlink, missing_ok=True)
    failures += judge(conversation.expect, before, after, tickets, replies)
    return Result(
        id=conversation.id,
        language=conversation.language,
        flow=conversation.flow,
        passed=not failures,
        failures=failures,
        turns=list(conversation.turns),
        replies=replies,
        seconds=round(time.perf_counter() - started, 3),
        errors=list(errors.events),
    )


async def run(
    conversations: Sequence[Conversation], *, verbose: bool = False, out: TextIO | None = None
) -> list[Result]:
    """Play and judge every conversation, printing one line each as it finishes."""
    out = out or sys.stdout
    shop = build_shop(datetime.now(UTC))
    before = {o.order_no: o for o in shop}
    results: list[Result] = []
    with (
        quiet_logs(verbose) as errors,
        tempfile.TemporaryDirectory(prefix="bench-conversations-") as tmp,
    ):
        directory = Path(tmp)
        template = await make_template(directory, shop)
        for conversation in conversations:
            result = await play(conversation, template, before, directory, errors)
            results.append(result)
            print(result_line(result), file=out, flush=True)
            if verbose:
                print(transcript(result), file=out, flush=True)
    return results


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


def result_line(result: Result) -> str:
    verdict = "pass" if result.passed else "FAIL"
    line = f"{result.id:<22} {result.language:<8} {result.flow:<14} {verdict}"
    return line if result.passed else f"{line}  {result.failures[0]}"


def transcript(result: Result) -> str:
    lines = []
    for turn, reply in zip(result.turns, result.replies, strict=False):
        lines.append(f"    customer: {turn}")
        lines.extend(f"    bot:      {row}" for row in (reply or "(no reply)").splitlines())
    lines.extend(f"    ! {failure}" for failure in result.failures)
    lines.extend(f"    ! core logged an error: {event}" for event in result.errors)
    return "\n".join(lines)


def rates(results: Iterable[Result], key: str) -> dict[str, tuple[int, int]]:
    """Passed and total per value of `key` (language or flow), in first-seen order."""
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for result in results:
        cell = table[getattr(result, key)]
        cell[0] += result.passed
        cell[1] += 1
    return {name: (passed, total) for name, (passed, total) in table.items()}


def _pct(passed: int, total: int) -> str:
    return f"{100 * passed / total:5.1f}%" if total else "  n/a"


def summary(results: Sequence[Result], sha256: str) -> str:
    passed = sum(r.passed for r in results)
    lines = [
        "",
        f"set sha256 {sha256}",
        f"overall    {passed}/{len(results)}  {_pct(passed, len(results))}",
    ]
    for key in ("language", "flow"):
        lines.append(f"per {key}:")
        for name, (ok, total) in sorted(rates(results, key).items()):
            lines.append(f"  {name:<14} {ok:>3}/{total:<3} {_pct(ok, total)}")
    return "\n".join(lines)


def to_json(results: Sequence[Result], set_name: str, sha256: str) -> dict[str, Any]:
    def table(key: str) -> dict[str, dict[str, int]]:
        return {k: {"passed": p, "total": t} for k, (p, t) in rates(results, key).items()}

    return {
        "set": set_name,
        "sha256": sha256,
        "finished_at": datetime.now(UTC).isoformat(),
        "passed": sum(r.passed for r in results),
        "total": len(results),
        "per_language": table("language"),
        "per_flow": table("flow"),
        "results": [r.model_dump() for r in results],
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="test", help="folder under bench/conversations/")
    parser.add_argument("--only", action="append", help="conversation id (repeatable)")
    parser.add_argument("--verbose", action="store_true", help="print every transcript")
    parser.add_argument("--json", type=Path, help="write the results to this file")
    args = parser.parse_args(argv)
    conversations = load_set(args.set)
    if args.only:
        wanted = set(args.only)
        unknown = wanted - {c.id for c in conversations}
        if unknown:
            parser.error(f"unknown conversation id: {', '.join(sorted(unknown))}")
        conversations = [c for c in conversations if c.id in wanted]
    sha256 = set_sha256(args.set)
    results = asyncio.run(run(conversations, verbose=args.verbose))
    print(summary(results, sha256))
    if args.json:
        args.json.write_text(
            json.dumps(to_json(results, args.set, sha256), ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
