"""The outcome report: every figure of `ordersupport report` and `/admin/outcomes`, computed
from the same rows the hooks write (`outcome_episodes`, `outcome_events`).

An episode belongs to the period it *started* in; facts (notices, compensation, refunds)
to the period they happened in. Days are the shop's days (`DEFAULT_TIMEZONE`). Medians and
90th percentiles are nearest-rank: the smallest value with at least half (nine tenths) of
the values at or below it, so every figure can be checked by hand.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from pydantic import BaseModel

from core.storage.tables import outcome_episodes, outcome_events

if TYPE_CHECKING:
    from core.outcomes.service import OutcomeService
    from core.settings import Settings

DECIDED = ("resolved_hard", "resolved_soft", "returned", "handed_off", "abandoned")
OUTCOME_NAMES = {
    "resolved_hard": "resolved (hard)",
    "resolved_soft": "resolved (soft)",
    "returned": "came back",
    "handed_off": "handed to staff",
    "abandoned": "abandoned",
    "answered": "answered, soft window open",
    "open": "in progress",
}


class Tally(BaseModel):
    """Episodes of one group (a day, an intent, a channel, a language) by outcome."""

    key: str
    episodes: int = 0
    resolved_hard: int = 0
    resolved_soft: int = 0
    returned: int = 0
    handed_off: int = 0
    abandoned: int = 0
    pending: int = 0
    """Not decided yet: in progress, or answered with the soft window still open."""

    @property
    def decided(self) -> int:
        return (
            self.resolved_hard
            + self.resolved_soft
            + self.returned
            + self.handed_off
            + (self.abandoned)
        )

    @property
    def resolved(self) -> int:
        return self.resolved_hard + self.resolved_soft

    def rate(self, part: int) -> float | None:
        return round(part / self.decided, 4) if self.decided else None

    @property
    def resolution_rate(self) -> float | None:
        return self.rate(self.resolved)

    @property
    def hard_rate(self) -> float | None:
        return self.rate(self.resolved_hard)

    @property
    def soft_rate(self) -> float | None:
        return self.rate(self.resolved_soft)

    @property
    def handoff_rate(self) -> float | None:
        return self.rate(self.handed_off)

    def add(self, outcome: str) -> None:
        self.episodes += 1
        if outcome in DECIDED:
            setattr(self, outcome, getattr(self, outcome) + 1)
        else:
            self.pending += 1

    def figures(self) -> dict[str, Any]:
        return {
            **self.model_dump(),
            "decided": self.decided,
            "resolution_rate": self.resolution_rate,
            "hard_rate": self.hard_rate,
            "soft_rate": self.soft_rate,
            "handoff_rate": self.handoff_rate,
        }


class Timing(BaseModel):
    count: int
    median_s: float | None
    p90_s: float | None


class Satisfaction(BaseModel):
    asked: int
    answered: int
    scores: dict[int, int]
    average: float | None
    csat: float | None
    """Share of answers that are 4 or 5."""


class Notices(BaseModel):
    sent: int
    by_exception: dict[str, int]
    answered: int
    choices: dict[str, int]
    answer_rate: float | None


class Money(BaseModel):
    currency: str
    count: int
    amount: Decimal


class Compensation(BaseModel):
    currency: str
    accepted: int
    given: Decimal
    budget: Decimal | None
    """The daily budget (`PROACTIVE_DAILY_BUDGET`) times the days of the period; None: none."""
    share_of_budget: float | None


class Roi(BaseModel):
    contacts_settled: int
    cost_per_contact: Decimal
    currency: str
    saved: Decimal
    minutes_per_contact: float
    hours_saved: float
    formula_saved: str
    formula_hours: str


class OutcomeReport(BaseModel):
    since: datetime
    until: datetime
    as_of: datetime
    timezone: str
    episodes: int
    """Episodes in which the customer asked for something."""
    no_request: int
    """Episodes without a request (a greeting, a thanks), in no rate."""
    customers: int
    customers_on_several_channels: int
    totals: dict[str, Any]
    by_day: list[dict[str, Any]]
    by_intent: list[dict[str, Any]]
    by_channel: list[dict[str, Any]]
    by_language: list[dict[str, Any]]
    detours: int
    returns: int
    """Episodes that came back to an earlier answered one (same customer and topic)."""
    handoff_reasons: dict[str, int]
    first_response: Timing
    resolution_time: Timing
    staff_response: Timing
    staff_handling: Timing
    satisfaction: Satisfaction
    notices: Notices
    compensation: list[Compensation]
    compensations: dict[str, int]
    """Compensations accepted, by option (coupon, priority shipping)."""
    refunds: list[Money]
    refunds_by: dict[str, int]
    changes: dict[str, int]
    complaints: int
    complaints_by_day: list[dict[str, Any]]
    roi: Roi


def parse_moment(value: str, timezone: str) -> datetime:
    """An ISO date (midnight of that day in the shop's time zone) or an ISO date and time
    (without an offset: the shop's time zone)."""
    text = value.strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        moment = datetime.fromisoformat(text)
        return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(timezone))
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(timezone))


def period(
    since: str | None, until: str | None, timezone: str, now: datetime | None = None
) -> tuple[datetime, datetime]:
    """The report's period: the last seven days unless told."""
    end = parse_moment(until, timezone) if until else (now or datetime.now(UTC))
    start = parse_moment(since, timezone) if since else end - timedelta(days=7)
    if start >= end:
        raise ValueError("--since must be before --until")
    return start, end


def nearest_rank(values: Sequence[float], share: float) -> float | None:
    """The smallest value with at least `share` of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return round(ordered[rank - 1], 3)


def timing(values: Iterable[float]) -> Timing:
    data = [float(v) for v in values]
    return Timing(count=len(data), median_s=nearest_rank(data, 0.5), p90_s=nearest_rank(data, 0.9))


def _seconds(later: datetime | None, earlier: datetime | None) -> float | None:
    if later is None or earlier is None:
        return None
    return max(0.0, (later - earlier).total_seconds())


def _days(since: datetime, until: datetime, tz: ZoneInfo) -> list[date]:
    first, last = since.astimezone(tz).date(), (until - timedelta(microseconds=1)).astimezone(tz)
    days, day = [], first
    while day <= last.date():
        days.append(day)
        day += timedelta(days=1)
    return days


def _money(value: Any) -> Decimal:
    return Decimal(str(value)) if value not in (None, "") else Decimal(0)


def _tallies(rows: Iterable[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    groups: dict[str, Tally] = {}
    for row in rows:
        name = str(row[key] or "none")
        groups.setdefault(name, Tally(key=name)).add(row["outcome"])
    ordered = sorted(groups.values(), key=lambda t: (-t.episodes, t.key))
    return [t.figures() for t in ordered]


async def build_report(
    service: OutcomeService, since: datetime, until: datetime, *, now: datetime | None = None
) -> OutcomeReport:
    """The report for episodes started in [since, until), as of `now` (outcomes that time
    decides are settled first)."""
    as_of = now or datetime.now(UTC)
    await service.settle(as_of)
    settings = service.settings
    tz = ZoneInfo(settings.default_timezone)
    e, v = outcome_episodes, outcome_events
    async with service.db.connect() as conn:
        rows = [
            dict(r)
            for r in (
                await conn.execute(
                    sa.select(e)
                    .where(e.c.started_at >= since, e.c.started_at < until)
                    .order_by(e.c.started_at, e.c.id)
                )
            ).mappings()
        ]
        facts = [
            dict(r)
            for r in (
                await conn.execute(
                    sa.select(v).where(v.c.at >= since, v.c.at < until).order_by(v.c.at, v.c.id)
                )
            ).mappings()
        ]
    asked = [r for r in rows if r["intent"] is not None]
    totals = Tally(key="all")
    for row in asked:
        totals.add(row["outcome"])
    pending = Counter(r["outcome"] for r in asked if r["outcome"] not in DECIDED)

    days = _days(since, until, tz)
    by_day = {d.isoformat(): Tally(key=d.isoformat()) for d in days}
    complaints_day: dict[str, list[int]] = {d.isoformat(): [0, 0] for d in days}
    for row in asked:
        day = row["started_at"].astimezone(tz).date().isoformat()
        by_day.setdefault(day, Tally(key=day)).add(row["outcome"])
        counts = complaints_day.setdefault(day, [0, 0])
        counts[1] += 1
        counts[0] += row["intent"] == "complaint"

    customers: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row["customer_key"]:
            customers[row["customer_key"]].add(row["channel"])

    resolved = [r for r in asked if r["outcome"] in ("resolved_hard", "resolved_soft")]
    handed = [r for r in asked if r["outcome"] == "handed_off"]
    scores = Counter(int(r["satisfaction"]) for r in rows if r["satisfaction"] is not None)
    answered_scores = sum(scores.values())

    sent = [f for f in facts if f["kind"] == "notice_sent"]
    answers = [f for f in facts if f["kind"] == "notice_answer"]
    compensation = _compensation(facts, settings, len(days))
    refunds: dict[str, Money] = {}
    refunds_by: Counter[str] = Counter()
    for fact in facts:
        if fact["kind"] != "refund":
            continue
        currency = fact["currency"] or "?"
        entry = refunds.setdefault(currency, Money(currency=currency, count=0, amount=Decimal(0)))
        entry.count += 1
        entry.amount += _money(fact["amount"])
        refunds_by[fact["actor"] or "bot"] += 1

    config = service.config
    settled = totals.resolved
    cost = config.cost_per_human_contact
    saved = (cost * settled).quantize(Decimal("0.01"))
    hours = round(settled * config.minutes_per_human_contact / 60, 2)
    roi = Roi(
        contacts_settled=settled,
        cost_per_contact=cost,
        currency=config.currency,
        saved=saved,
        minutes_per_contact=config.minutes_per_human_contact,
        hours_saved=hours,
        formula_saved=(
            f"contacts settled by the bot (resolved hard {totals.resolved_hard} + soft "
            f"{totals.resolved_soft} = {settled}) × cost of one human contact "
            f"({cost} {config.currency}) = {saved} {config.currency}"
        ),
        formula_hours=(
            f"contacts settled ({settled}) × {config.minutes_per_human_contact:g} minutes of "
            f"agent time each ÷ 60 = {hours:g} hours"
        ),
    )
    return OutcomeReport(
        since=since,
        until=until,
        as_of=as_of,
        timezone=settings.default_timezone,
        episodes=len(asked),
        no_request=sum(1 for r in rows if r["intent"] is None),
        customers=len(customers),
        customers_on_several_channels=sum(1 for c in customers.values() if len(c) > 1),
        totals={
            **totals.figures(),
            "in_progress": pending.get("open", 0),
            "awaiting_soft_window": pending.get("answered", 0),
        },
        by_day=[t.figures() for t in by_day.values()],
        by_intent=_tallies(asked, "intent"),
        by_channel=_tallies(asked, "channel"),
        by_language=_tallies(asked, "language"),
        detours=sum(1 for r in asked if r["detour"]),
        returns=sum(1 for r in asked if r["follows"]),
        handoff_reasons=dict(
            Counter(r["handoff_reason"] or "unknown" for r in handed).most_common()
        ),
        first_response=timing(
            r["first_response_s"] for r in rows if r["first_response_s"] is not None
        ),
        resolution_time=timing(
            s for r in resolved if (s := _seconds(r["bot_done_at"], r["started_at"])) is not None
        ),
        staff_response=timing(
            s
            for r in handed
            if (s := _seconds(r["staff_first_at"], r["handed_off_at"])) is not None
        ),
        staff_handling=timing(
            s for r in asked if (s := _seconds(r["handback_at"], r["takeover_at"])) is not None
        ),
        satisfaction=Satisfaction(
            asked=sum(1 for r in rows if r["survey_asked_at"] is not None),
            answered=answered_scores,
            scores={score: scores.get(score, 0) for score in range(1, 6)},
            average=round(sum(k * n for k, n in scores.items()) / answered_scores, 2)
            if answered_scores
            else None,
            csat=round((scores[4] + scores[5]) / answered_scores, 4) if answered_scores else None,
        ),
        notices=Notices(
            sent=len(sent),
            by_exception=dict(Counter(f["detail"] for f in sent).most_common()),
            answered=len(answers),
            choices=dict(Counter(f["detail"] for f in answers).most_common()),
            answer_rate=round(len(answers) / len(sent), 4) if sent else None,
        ),
        compensation=compensation,
        compensations=dict(
            Counter(f["detail"] for f in facts if f["kind"] == "compensation").most_common()
        ),
        refunds=sorted(refunds.values(), key=lambda m: m.currency),
        refunds_by=dict(refunds_by),
        changes=dict(Counter(f["detail"] for f in facts if f["kind"] == "change").most_common()),
        complaints=sum(1 for r in asked if r["intent"] == "complaint"),
        complaints_by_day=[
            {"day": day, "complaints": c, "episodes": n, "rate": round(c / n, 4) if n else None}
            for day, (c, n) in complaints_day.items()
        ],
        roi=roi,
    )


def _compensation(facts: list[dict[str, Any]], settings: Settings, days: int) -> list[Compensation]:
    given: dict[str, list[Decimal]] = defaultdict(list)
    for fact in facts:
        if fact["kind"] == "compensation" and fact["currency"]:
            given[fact["currency"]].append(_money(fact["amount"]))
    budgets = {str(k).upper(): Decimal(str(v)) for k, v in settings.proactive_daily_budget.items()}
    result = []
    for currency in sorted(set(given) | set(budgets)):
        spent = sum(given.get(currency, []), Decimal(0))
        budget = budgets[currency] * days if currency in budgets else None
        result.append(
            Compensation(
                currency=currency,
                accepted=len(given.get(currency, [])),
                given=spent,
                budget=budget,
                share_of_budget=round(float(spent / budget), 4) if budget else None,
            )
        )
    return result
