"""A seeded week of simulated traffic on the demo shop, and the outcome report it produces.

    python3 bench/outcomes_week.py [--format html|json|csv] [--output FILE] [--verbose]

Monday 2 March 2026 00:00 to Monday 9 March 00:00 (Asia/Shanghai), on a fresh demo shop seeded
at the start. Everything goes through the real `Engine` with typed messages, and button
payloads where a customer would click; staff act through `StaffActions`; the worker's jobs run
as the worker would (the proactive monitor every hour, the outcome sweep every ten minutes).
The clock is `time_machine`'s, moved from one moment of the script to the next, so the same
script always gives the same report. Each message reaches the engine a fixed delay after the
customer sent it (web 1 s, Telegram 2 s, WeChat 3 s): what the first-response times measure.

`SCENES` is the script; `tests/test_outcomes_week.py` works out every figure of the report by
hand from it and checks them. The report is taken on Tuesday 10 March, 12:00, when every soft
window of the week has closed.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import structlog
import time_machine

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.engine import Engine
from core.messages import Inbound, Reply
from core.outbound import NoticeKind
from core.outcomes.config import OutcomeSettings
from core.outcomes.render import render
from core.outcomes.report import OutcomeReport, build_report
from core.proactive.service import Proactive
from core.services import Services, build_services
from core.settings import Settings
from core.staff import StaffActions
from demo import generate_demo_orders

SHOP_TZ = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 3, 2, tzinfo=SHOP_TZ)
END = START + timedelta(days=7)
REPORT_AT = datetime(2026, 3, 10, 12, 0, tzinfo=SHOP_TZ)
DELAY = {"web": 1.0, "telegram": 2.0, "wechat": 3.0}
"""Seconds between the customer sending a message and the engine getting it."""
SWEEP_EVERY = timedelta(minutes=10)
PROACTIVE_EVERY = timedelta(hours=1)


@dataclass(frozen=True)
class Say:
    """The customer types `text` (or presses the button `payload`) at `minute` of the scene."""

    minute: float
    text: str = ""
    payload: str | None = None
    survey: int | None = None
    """Answer the satisfaction question waiting in this chat with this score (a button)."""


@dataclass(frozen=True)
class Staff:
    """A staff member acts on the scene's latest ticket at `minute`."""

    minute: float
    action: str
    """take_over | hand_back | resolve"""


@dataclass(frozen=True)
class Scene:
    name: str
    day: int
    """0 = Monday."""
    at: str
    """Local time in the shop's zone, "HH:MM"."""
    channel: str
    user: str
    steps: tuple[Say | Staff, ...]

    @property
    def start(self) -> datetime:
        hour, minute = (int(x) for x in self.at.split(":"))
        return START + timedelta(days=self.day, hours=hour, minutes=minute)


SCENES: tuple[Scene, ...] = (
    Scene(
        "emma asks where her order is and rates 5",
        0,
        "09:00",
        "web",
        "demo-emma",
        (
            Say(0, "Where is my order?"),
            Say(25, survey=5),
        ),
    ),
    Scene(
        "ivan's failed payment, answered; the question goes unanswered",
        0,
        "10:30",
        "telegram",
        "100003",
        (Say(0, "Почему не прошла оплата?"),),
    ),
    Scene(
        "wang takes the coupon offered for his out-of-stock keyboard (WeChat, typed 1)",
        0,
        "09:30",
        "wechat",
        "oDemoOpenid0002",
        (Say(0, "1"),),
    ),
    Scene(
        "wang asks for a person; staff take over and hand back",
        0,
        "11:00",
        "web",
        "demo-wang",
        (
            Say(0, "转人工"),
            Staff(5, "take_over"),
            Staff(20, "hand_back"),
        ),
    ),
    Scene(
        "chen jing picks priority shipping for her late pre-sale (WeChat, typed 1)",
        0,
        "12:00",
        "wechat",
        "oDemoOpenid0004",
        (Say(0, "1"),),
    ),
    Scene(
        "liu yang will wait for his stalled parcel",
        0,
        "12:30",
        "wechat",
        "oDemoOpenid0003",
        (Say(0, "好的，我等"),),
    ),
    Scene(
        "li asks where her parcel is and thanks the bot",
        0,
        "14:00",
        "web",
        "demo-li",
        (
            Say(0, "我的快递到哪了？"),
            Say(3, "谢谢"),
        ),
    ),
    Scene(
        "emma returns a t-shirt, with a detour to the return policy",
        1,
        "09:00",
        "web",
        "demo-emma",
        (
            Say(0, "I want to return a t-shirt from #1038"),
            Say(1, "what is your return policy?"),
            Say(2, "Wrong size"),
            Say(3, "Yes"),
            Say(4, "thanks"),
        ),
    ),
    Scene(
        "oliver asks twice within the day: the first answer did not settle it",
        1,
        "10:00",
        "telegram",
        "100006",
        (
            Say(0, "where is my order?"),
            Say(480, "where is my order?"),
        ),
    ),
    Scene(
        "lukas asks again 25 hours later: both settled",
        2,
        "10:00",
        "telegram",
        "100007",
        (
            Say(0, "Wo ist meine Bestellung?"),
            Say(25 * 60, "Wo ist meine Bestellung?"),
        ),
    ),
    Scene(
        "emma on Telegram, then on the web about the same order",
        3,
        "09:00",
        "telegram",
        "100001",
        (Say(0, "Where is my order?"),),
    ),
    Scene("emma's second channel", 3, "09:30", "web", "demo-emma", (Say(0, "Where is my order?"),)),
    Scene(
        "a visitor names an order and never verifies",
        3,
        "13:00",
        "web",
        "visitor-1",
        (Say(0, "where is order 10517?"),),
    ),
    Scene(
        "wang starts an address change and drops it",
        4,
        "10:00",
        "web",
        "demo-wang",
        (
            Say(0, "我要改地址"),
            Say(1, "算了"),
        ),
    ),
    Scene(
        "lucia complains; staff take over and hand back",
        4,
        "11:00",
        "telegram",
        "100002",
        (
            Say(0, "Estoy muy descontenta con el servicio"),
            Staff(30, "take_over"),
            Staff(60, "hand_back"),
        ),
    ),
    Scene(
        "yuki gets her answer and rates it 2",
        5,
        "15:00",
        "web",
        "demo-yuki",
        (
            Say(0, "荷物はいつ届きますか？"),
            Say(1, payload="order:#JP1187"),
            Say(25, survey=2),
        ),
    ),
    Scene(
        "li at night on WeChat: the question waits for the morning",
        5,
        "23:30",
        "wechat",
        "oDemoOpenid0001",
        (
            Say(0, "我的快递到哪了"),
            Say(9 * 60, survey=5),
        ),
    ),
    Scene(
        "yuki on Telegram says hello and nothing more",
        6,
        "12:00",
        "telegram",
        "100004",
        (Say(0, "hello"),),
    ),
    Scene(
        "omar greets, then asks: his parcel is held at customs",
        6,
        "13:00",
        "web",
        "demo-omar",
        (
            Say(0, "مرحبا"),
            Say(1, "أين طلبي؟"),
        ),
    ),
)


@dataclass
class Recorder:
    """A sender for Telegram and WeChat that keeps what it was given."""

    channel: str
    sent: list[tuple[str, Reply, NoticeKind]] = field(default_factory=list)

    async def send(
        self, chat_id: str, reply: Reply, *, kind: NoticeKind = NoticeKind.REPLY
    ) -> None:
        self.sent.append((chat_id, reply, kind))


def settings_for(folder: Path) -> Settings:
    return Settings(
        database_url=f"sqlite+aiosqlite:///{folder / 'week.sqlite3'}",
        redis_url=None,
        seed_demo_if_empty=False,
        default_timezone="Asia/Shanghai",
        api_token="bench-token",
        proactive_daily_budget={"CNY": Decimal("50"), "USD": Decimal("20")},
        outcomes=OutcomeSettings(
            key="bench-outcomes-key",
            cost_per_human_contact=Decimal("4.00"),
            currency="USD",
            minutes_per_human_contact=8.0,
        ),
    )


@dataclass
class Week:
    services: Services
    engine: Engine
    staff: StaffActions
    clock: time_machine.Coordinates
    verbose: bool = False
    proactive: Proactive | None = None
    next_sweep: datetime = START
    next_scan: datetime = START
    log: list[str] = field(default_factory=list)

    def now(self) -> datetime:
        return datetime.now(UTC)

    async def advance(self, moment: datetime) -> None:
        """Move the clock to `moment`, running the worker's jobs at every tick on the way
        (outcome sweeps with nothing to do are skipped: they would change nothing)."""
        while True:
            await self.skip_idle_sweeps(moment)
            due = min(self.next_sweep, self.next_scan)
            if due > moment:
                break
            self.clock.move_to(due)
            if due == self.next_scan:
                assert self.proactive is not None
                await self.proactive.run_once(due)
                self.next_scan += PROACTIVE_EVERY
            if due == self.next_sweep:
                await self.services.outcomes.sweep(due, self.services.senders)
                self.next_sweep += SWEEP_EVERY
        if moment > self.now():
            self.clock.move_to(moment)

    async def skip_idle_sweeps(self, until: datetime) -> None:
        """Skip the ticks before anything is due (never past `until`: a message handled then
        may make something due sooner)."""
        due = await self.services.outcomes.next_due()
        limit = until if due is None else min(due, until)
        while self.next_sweep < limit:
            self.next_sweep += SWEEP_EVERY

    async def message(self, scene: Scene, say: Say, sent: datetime) -> None:
        await self.advance(sent)
        payload = say.payload
        if say.survey is not None:
            payload = await self.survey_button(scene, say.survey)
        await self.advance(sent + timedelta(seconds=DELAY[scene.channel]))
        inbound = Inbound(
            channel=scene.channel,
            user_id=scene.user,
            chat_id=scene.user,
            text=say.text,
            payload=payload,
            timestamp=sent,
        )
        reply = await self.engine.handle(inbound)
        self.note(f"{scene.channel}:{scene.user} > {say.text or payload}")
        self.note(f"    < {reply.text()[:160]!r}")

    async def survey_button(self, scene: Scene, score: int) -> str:
        session = await self.services.sessions.load(f"{scene.channel}:{scene.user}")
        pending = session.state.pending
        if pending is None or getattr(pending, "purpose", None) != "satisfaction":
            raise AssertionError(f"{scene.name}: no satisfaction question is waiting")
        return pending.expect.options[score - 1].id

    async def act(self, scene: Scene, step: Staff, at: datetime) -> None:
        await self.advance(at)
        tickets = [
            t
            for t in await self.services.tickets.list()
            if t.conversation == f"{scene.channel}:{scene.user}"
        ]
        ticket = max(tickets, key=lambda t: t.id)
        action = getattr(self.staff, step.action)
        await action(ticket.id, "slack:U0STAFF")
        self.note(f"staff {step.action} #{ticket.id}")

    def note(self, line: str) -> None:
        self.log.append(f"{self.now().astimezone(SHOP_TZ):%a %H:%M} {line}")
        if self.verbose:
            print(self.log[-1])


@asynccontextmanager
async def week(verbose: bool = False, folder: Path | None = None) -> AsyncIterator[Week]:
    """A fresh demo shop at the start of the week, with the clock held there; its database in
    `folder` (kept) or in a temporary one."""
    with (
        tempfile.TemporaryDirectory() as scratch,
        time_machine.travel(START, tick=False) as clock,
    ):
        settings = settings_for(folder or Path(scratch))
        services = await build_services(
            settings, senders=[Recorder(channel) for channel in ("telegram", "wechat")]
        )  # and the web channel's inbox
        try:
            await services.orders.replace_all(generate_demo_orders(datetime.now(UTC)))
            engine = Engine(services)
            staff = StaffActions(
                services, services.senders, approval_kinds=settings.slack.approval_kinds
            )
            yield Week(services, engine, staff, clock, verbose, Proactive(services))
        finally:
            await services.aclose()


async def play(run: Week) -> None:
    steps: list[tuple[datetime, int, Scene, Say | Staff]] = []
    for order, scene in enumerate(SCENES):
        for step in scene.steps:
            steps.append((scene.start + timedelta(minutes=step.minute), order, scene, step))
    for at, _, scene, step in sorted(steps, key=lambda s: (s[0], s[1])):
        if isinstance(step, Say):
            await run.message(scene, step, at)
        else:
            await run.act(scene, step, at)
    await run.advance(REPORT_AT)


async def simulate(verbose: bool = False, folder: Path | None = None) -> tuple[OutcomeReport, Week]:
    """Play the week and take its report (the services are closed afterwards; the database
    stays in `folder` when one is given)."""
    async with week(verbose, folder) as run:
        await play(run)
        report = await build_report(run.services.outcomes, START, END, now=REPORT_AT)
        return report, run


@contextmanager
def quiet_logs() -> Iterator[None]:
    """Only warnings and errors while the week plays (then the logging set up before)."""
    config = structlog.get_config()
    logging.disable(logging.WARNING)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)
        structlog.configure(**config)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--format", choices=("html", "json", "csv"), default="json")
    parser.add_argument("--output", "-o")
    parser.add_argument("--verbose", "-v", action="store_true", help="print every turn")
    args = parser.parse_args()
    with quiet_logs():
        report, _ = asyncio.run(simulate(args.verbose))
    text = render(report, args.format, shop="Demo Shop (simulated week)")
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"written: {args.output}")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
