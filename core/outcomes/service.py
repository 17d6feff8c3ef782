"""Outcome events, stored: the engine's turns become episodes in SQL, and the facts around them
(hand-offs, staff times, proactive notices, compensation, refunds, satisfaction) join them.

Every entry point is called from one narrow hook (README, "Outcomes", lists them) and never
raises into its caller: a failure to record an outcome is logged, the customer's turn goes on.
Each outcome is decided once, by a conditional UPDATE, and counted for Prometheus by whoever
decided it, so the counters and the report agree.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
import structlog
from pydantic import SecretStr
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from core.metrics import OutcomeMetrics, outcome_metrics
from core.outcomes.config import OutcomeSettings
from core.outcomes.episodes import GENERIC, Change, TurnRecord, plan_turn
from core.outcomes.track import HandoffNote, OutcomeTrack, RatingNote
from core.outcomes.writer import BatchWriter
from core.storage.tables import outcome_episodes, outcome_events, outcome_surveys

if TYPE_CHECKING:
    from core.dialogue.context import Context
    from core.dialogue.state import ConversationState, PendingStep
    from core.order import Order
    from core.outbound import Senders
    from core.sessions import SessionStore
    from core.settings import Settings
    from core.sources import OrderHub
    from core.tickets import Ticket

log = structlog.get_logger(__name__)

episodes, events, surveys = outcome_episodes, outcome_events, outcome_surveys

SOURCES: dict[str, tuple[str, ...]] = {
    "answered": ("open",),
    "handed_off": ("open", "answered", "resolved_hard"),
    "abandoned": ("open",),
    "no_request": ("open",),
    "resolved_hard": ("answered",),
    "resolved_soft": ("answered",),
    "returned": ("answered",),
}
"""The outcomes an episode may move to, from which: each is decided once."""

FINAL = frozenset(
    {"resolved_hard", "resolved_soft", "returned", "handed_off", "abandoned", "no_request"}
)
NOT_A_TOPIC = frozenset({"greeting", "affirm", "deny", "other"})
SWITCH_CONFIDENCE = 0.6
"""As the engine's: below it a reply to a pending question is not taken as a new request."""
COUNTED = (
    episodes.c.channel,
    episodes.c.language,
    episodes.c.intent,
    episodes.c.handoff_reason,
    episodes.c.started_at,
    episodes.c.bot_done_at,
)
"""What counting a decided outcome needs (its labels, and the time to resolution)."""
RELEASES = frozenset({"hand_back", "resolve", "approve", "reject"})
"""Staff actions that give the conversation back to the bot."""


@dataclass
class TurnWrite:
    """What one turn leaves to store: its episode changes and its satisfaction question. Plain
    values, no context: it is written after the turn (`core.outcomes.writer`)."""

    changes: list[Change]
    customer_key: str
    conversation: str
    """The conversation itself (satisfaction questions are sent to it)."""
    conversation_key: str
    """Its pseudonymous key (what episodes carry)."""
    platform: str | None
    at: datetime
    survey: dict[str, Any] | None
    """The satisfaction question to queue; None drops a queued one."""


class _Counted:
    """A new episode's values read like the row `_count` gets from a RETURNING clause."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.channel = values.get("channel")
        self.language = values.get("language")
        self.intent = values.get("intent")
        self.handoff_reason = values.get("handoff_reason")
        self.started_at = values.get("started_at")
        self.bot_done_at = values.get("bot_done_at")


def _same_columns(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """New episodes with the same columns each (one multi-row INSERT): a column one of them
    leaves out is given its default (NULL, or the column's own)."""
    names = {name for row in rows for name in row}
    filled = []
    for row in rows:
        missing = {name: _DEFAULTS.get(name) for name in names if name not in row}
        filled.append({**row, **missing} if missing else row)
    return filled


_DEFAULTS: dict[str, Any] = {
    column.name: getattr(column.default, "arg", None)
    for column in outcome_episodes.columns
    if column.default is not None and not callable(getattr(column.default, "arg", None))
}


@functools.lru_cache(maxsize=256)
def _returned_statement(asks: int) -> Any:
    """The "came back" UPDATE for a part with this many asks, built once: each call binds only
    its values (building the expression and its cache key each time was most of a small
    batch's CPU). Ask `i` binds `customer_i`, `topic_i`, `since_i`, `id_i`, `order_i` (None:
    any order) and `at_i`, when the episode ended (a customer asks once per part of a batch,
    `OutcomeService._write`)."""
    key_type, at_type = episodes.c.customer_key.type, episodes.c.ended_at.type
    conditions, ended = [], []
    for i in range(asks):
        customer = sa.bindparam(f"customer_{i}", type_=key_type)
        order = sa.bindparam(f"order_{i}", type_=episodes.c.order_key.type)
        conditions.append(
            sa.and_(
                episodes.c.customer_key == customer,
                episodes.c.intent == sa.bindparam(f"topic_{i}", type_=episodes.c.intent.type),
                episodes.c.bot_done_at >= sa.bindparam(f"since_{i}", type_=at_type),
                episodes.c.id != sa.bindparam(f"id_{i}", type_=episodes.c.id.type),
                sa.or_(
                    order.is_(None), episodes.c.order_key.is_(None), episodes.c.order_key == order
                ),
            )
        )
        ended.append((episodes.c.customer_key == customer, sa.bindparam(f"at_{i}", type_=at_type)))
    return (
        sa.update(episodes)
        .where(
            sa.or_(*(episodes.c.outcome == source for source in SOURCES["returned"])),
            sa.or_(*conditions),
        )
        .values(outcome="returned", ended_at=sa.case(*ended))
        .returning(episodes.c.id, episodes.c.customer_key, *COUNTED)
    )


_INSERT_EPISODES = sa.insert(episodes)
_DROP_SURVEYS = sa.delete(surveys).where(
    surveys.c.conversation.in_(sa.bindparam("conversations", expanding=True))
)


@functools.cache
def _queue_surveys(dialect: str) -> Any:
    """The satisfaction questions of a batch, each replacing its conversation's queued one (one
    upsert, built once per dialect)."""
    stmt = (postgresql if dialect == "postgresql" else sqlite).insert(surveys)
    replaced = {c.name: stmt.excluded[c.name] for c in surveys.columns if not c.primary_key}
    return stmt.on_conflict_do_update(index_elements=[surveys.c.conversation], set_=replaced)


class Keys:
    """Pseudonymous keys: HMAC-SHA256 of a customer id, a conversation, an order number."""

    def __init__(self, secret: str | None) -> None:
        self._secret = (secret or "ordersupport-outcomes").encode()

    def _key(self, kind: str, value: str) -> str:
        return hmac.new(self._secret, f"{kind}\n{value}".encode(), hashlib.sha256).hexdigest()

    def customer(self, customer_id: str) -> str:
        return self._key("customer", customer_id)

    def conversation(self, key: str) -> str:
        return self._key("conversation", key)

    def order(self, order_no: str) -> str:
        return self._key("order", order_no)


def _secret(settings: Settings) -> str | None:
    for value in (settings.outcomes.key, settings.audit_hmac_key, settings.session_key):
        if isinstance(value, SecretStr) and value.get_secret_value():
            return value.get_secret_value().split(",")[0].strip()
    return None


def step_topic(step: PendingStep | None) -> str | None:
    """The request a pending question belongs to; None for no question, a notice or the
    satisfaction question; `GENERIC` for a question of no flow."""
    from core.dialogue.context import FLOW_INTENTS

    if step is None or step.kind == "notice":
        return None
    if getattr(step, "purpose", None) == "satisfaction":
        return None
    if step.intent is not None:
        return step.intent.value
    if step.flow in FLOW_INTENTS:
        return FLOW_INTENTS[step.flow].value
    return GENERIC


def _asked(step: PendingStep | None) -> str | None:
    if step is None:
        return None
    purpose = getattr(step, "purpose", None)
    return f"{step.kind}:{purpose}" if purpose else step.kind


class OutcomeService:
    def __init__(
        self,
        settings: Settings,
        db: AsyncEngine,
        sessions: SessionStore,
        hub: OrderHub,
        metrics: OutcomeMetrics | None = None,
    ) -> None:
        self.settings = settings
        self.config: OutcomeSettings = settings.outcomes
        self.db = db
        self.sessions = sessions
        self.hub = hub
        self.keys = Keys(_secret(settings))
        self.metrics = metrics or outcome_metrics()
        self._writer: BatchWriter[TurnWrite] = BatchWriter(
            self._write_batch, linger=self.config.write_delay_seconds, name="outcomes"
        )

    async def _write_batch(self, writes: list[TurnWrite]) -> None:
        async with self.db.begin() as conn:
            await self._write(conn, writes)

    @property
    def enabled(self) -> bool:
        return self.config.enabled

    # --- the engine's turn ----------------------------------------------------------------

    def turn_record(self, ctx: Context, before: ConversationState, failed: bool) -> TurnRecord:
        """The turn as the planner needs it: what was asked for, what is pending, the times."""
        from core.dialogue.context import FLOW_INTENTS
        from core.outcomes.survey import is_thanks

        state, understanding = ctx.state, ctx.understanding
        track = state.outcomes or OutcomeTrack()
        intent = understanding.intent.value
        flow = ctx.flow if ctx.flow in FLOW_INTENTS else None
        pending_topic = step_topic(state.pending)
        clarifying = pending_topic == GENERIC and getattr(state.pending, "purpose", "") == "intent"
        threshold = (
            SWITCH_CONFIDENCE if before.pending is not None else self.settings.nlu_min_confidence
        )
        topic: str | None = None
        if flow is not None:
            topic = FLOW_INTENTS[flow].value
        elif intent not in NOT_A_TOPIC and not clarifying and understanding.confidence >= threshold:
            topic = intent
        if track.rating is not None and flow is None:
            topic = None
        order_key = self.keys.order(state.focus) if flow and state.focus else None
        now = datetime.now(UTC)
        return TurnRecord(
            channel=ctx.channel,
            language=ctx.loc.language,
            intent=intent,
            flow=flow,
            topic=topic,
            order_key=order_key,
            asked=_asked(state.pending),
            pending_topic=pending_topic,
            suspended_topic=step_topic(state.suspended),
            replied=bool(ctx.parts),
            failed=failed,
            thanks=topic is None and is_thanks(ctx.inbound.text),
            notice_answer=track.notice_answered,
            sent_at=min(ctx.inbound.timestamp, ctx.now),
            at=now,
            handoffs=list(track.handoffs),
            rating=track.rating,
        )

    async def after_turn(self, ctx: Context, before: ConversationState, failed: bool) -> None:
        """Record one engine turn (called once per `Engine.handle`, before the session is
        saved: the conversation's episodes live in `ctx.state.outcomes`)."""
        if not self.enabled:
            return
        try:
            await self._after_turn(ctx, before, failed)
        except Exception:  # outcomes must never cost the customer their answer
            log.exception("outcome_turn_failed", channel=ctx.channel)

    async def _after_turn(self, ctx: Context, before: ConversationState, failed: bool) -> None:
        turn = self.turn_record(ctx, before, failed)
        track = ctx.state.outcomes or OutcomeTrack()
        customer_id = await ctx.services.identity.customer_for(ctx.channel, ctx.user_id)
        conversation = ctx.inbound.conversation_key
        customer_key = (
            self.keys.customer(customer_id) if customer_id else self.keys.conversation(conversation)
        )
        plan = plan_turn(track, turn, self.config)
        platform = await self._platform(ctx) if turn.flow else None
        write = TurnWrite(
            changes=plan.changes,
            customer_key=customer_key,
            conversation=conversation,
            conversation_key=self.keys.conversation(conversation),
            platform=platform,
            at=turn.at,
            survey=self._survey(ctx, plan.track, customer_key, turn),
        )
        if turn.rating is not None or turn.handoffs:
            # Rare turns, written in the turn: a rating's result goes back into the track, and
            # a ticket's episode must be in SQL before staff act on the ticket.
            await self.flush()
            async with self.db.begin() as conn:
                await self._write(conn, [write])
                if turn.rating is not None:
                    await self._rate(conn, turn.rating, plan.track)
                    plan.track.survey = None
        else:
            await self._writer.put(write)
        ctx.state.outcomes = plan.track

    async def flush(self) -> None:
        """Write every turn record still buffered (a read of the episodes comes after this)."""
        await self._writer.flush()

    async def aclose(self) -> None:
        """Write what is buffered and stop the writer (the process is shutting down)."""
        await self._writer.aclose()

    async def _platform(self, ctx: Context) -> str | None:
        focus = ctx.state.focus
        if not focus:
            return None
        order = await self.hub.get_order(focus)
        return order.platform if order is not None else None

    async def _write(self, conn: AsyncConnection, writes: list[TurnWrite]) -> None:
        """Store the turns of a batch, in order, with as few statements as the batch allows:
        the batch is cut where a turn touches the customer or conversation of an earlier one
        (so a turn always sees what the turns before it wrote), and within each part the new
        episodes are one multi-row INSERT and the satisfaction questions one DELETE and one
        INSERT."""
        part: list[TurnWrite] = []
        touched: set[str] = set()
        for write in writes:
            marks = {write.customer_key, write.conversation}
            if marks & touched:
                await self._write_part(conn, part)
                part, touched = [], set()
            part.append(write)
            touched |= marks
        if part:
            await self._write_part(conn, part)

    async def _write_part(self, conn: AsyncConnection, part: list[TurnWrite]) -> None:
        asks = [
            (change, write.customer_key, write.at)
            for write in part
            for change in write.changes
            if change.check_return and change.mark.topic
        ]
        follows = await self._returned(conn, asks)
        new_rows: list[dict[str, Any]] = []
        updates: list[tuple[Change, dict[str, Any]]] = []
        moves: list[tuple[str, str]] = []
        for write in part:
            for change in write.changes:
                values = dict(change.values)
                values["customer_key"] = write.customer_key
                if write.platform and change.mark.topic:
                    values.setdefault("platform", write.platform)
                if change.mark.id in follows:
                    values["follows"] = follows[change.mark.id]
                if change.first_response_s is not None:
                    channel = str(values.get("channel") or "")
                    self.metrics.first_response.labels(channel=channel or "unknown").observe(
                        change.first_response_s
                    )
                if change.new:
                    values.update(id=change.mark.id, conversation_key=write.conversation_key)
                    if change.outcome is not None and "open" in SOURCES[change.outcome]:
                        values["outcome"] = change.outcome  # a new episode is open: it may move
                        self._count(change.outcome, _Counted(values))
                    elif change.outcome is not None:
                        moves.append((change.mark.id, change.outcome))
                    new_rows.append(values)
                else:
                    updates.append((change, values))
                    if change.outcome is not None:
                        moves.append((change.mark.id, change.outcome))
        if new_rows:
            await conn.execute(_INSERT_EPISODES, _same_columns(new_rows))
        for change, values in updates:
            delta = values.pop("turns", 0)
            await conn.execute(
                sa.update(episodes)
                .where(episodes.c.id == change.mark.id)
                .values(turns=episodes.c.turns + delta, **values)
            )
        for episode_id, outcome in moves:
            await self._move(conn, episode_id, outcome)
        # A conversation's queued question is replaced by its new one, or dropped: a part names
        # each conversation once, so a status batch (every turn queues one) is one statement.
        dropped = [w.conversation for w in part if w.survey is None]
        if dropped:
            await conn.execute(_DROP_SURVEYS, {"conversations": dropped})
        queued = [w.survey for w in part if w.survey is not None]
        if queued:
            await conn.execute(_queue_surveys(conn.dialect.name), queued)

    async def _move(
        self, conn: AsyncConnection, episode_id: str, outcome: str, **values: Any
    ) -> bool:
        """Move an episode to `outcome` if it may still go there; count it when final."""
        result = await conn.execute(
            sa.update(episodes)
            .where(episodes.c.id == episode_id, episodes.c.outcome.in_(SOURCES[outcome]))
            .values(outcome=outcome, **values)
            .returning(*COUNTED)
        )
        row = result.first()
        if row is None:
            return False
        self._count(outcome, row)
        return True

    def _count(self, outcome: str, row: Any) -> None:
        if outcome not in FINAL:
            return
        self.metrics.episodes.labels(
            outcome=outcome,
            channel=row.channel,
            language=row.language,
            intent=row.intent or "none",
        ).inc()
        if outcome == "handed_off":
            self.metrics.handoffs.labels(reason=row.handoff_reason or "unknown").inc()
        if outcome in ("resolved_hard", "resolved_soft") and row.bot_done_at and row.started_at:
            seconds = (_aware(row.bot_done_at) - _aware(row.started_at)).total_seconds()
            self.metrics.resolution.observe(max(0.0, seconds))

    async def _returned(
        self, conn: AsyncConnection, asks: list[tuple[Change, str, datetime]]
    ) -> dict[str, str]:
        """The customer came back on the same topic: earlier answers did not settle it. One
        UPDATE moves them to *returned* for every episode of the batch that just got its
        topic; returns, per such episode, the latest one it follows."""
        if not asks:
            return {}
        soft = timedelta(hours=self.config.soft_window_hours)
        whose: dict[tuple[str, str], str] = {}
        for change, customer_key, _ in asks:
            whose.setdefault((customer_key, str(change.mark.topic)), change.mark.id)
        if len(whose) < len(asks):  # two asks of one customer and topic: one at a time
            found: dict[str, str] = {}
            for ask in asks:
                found.update(await self._returned(conn, [ask]))
            return found
        params: dict[str, Any] = {}
        for i, (change, customer_key, at) in enumerate(asks):
            params.update(
                {
                    f"customer_{i}": customer_key,
                    f"topic_{i}": change.mark.topic,
                    f"since_{i}": at - soft,
                    f"id_{i}": change.mark.id,
                    f"order_{i}": change.mark.order_key,
                    f"at_{i}": at,
                }
            )
        rows = (await conn.execute(_returned_statement(len(asks)), params)).all()
        latest: dict[str, Any] = {}
        for row in rows:
            self._count("returned", row)
            episode = whose[(row.customer_key, row.intent)]
            best = latest.get(episode)
            if best is None or (_aware(row.bot_done_at), row.id) > (
                _aware(best.bot_done_at),
                best.id,
            ):
                latest[episode] = row
        return {episode: str(row.id) for episode, row in latest.items()}

    async def _rate(self, conn: AsyncConnection, rating: RatingNote, track: OutcomeTrack) -> None:
        result = await conn.execute(
            sa.update(episodes)
            .where(episodes.c.id == rating.episode, episodes.c.satisfaction.is_(None))
            .values(satisfaction=rating.score, satisfaction_at=rating.at)
        )
        if result.rowcount != 1:
            return
        self.metrics.satisfaction.labels(score=str(rating.score)).inc()
        if rating.score >= 4:
            moved = await self._move(
                conn,
                rating.episode,
                "resolved_hard",
                confirmed_at=rating.at,
                ended_at=rating.at,
            )
            if moved:
                for mark in (track.current, track.aside):
                    if mark is not None and mark.id == rating.episode:
                        mark.status = "resolved_hard"

    # --- notes the dialogue leaves during a turn ---------------------------------------------

    def note_handoff(self, ctx: Context, ticket: Ticket) -> None:
        """A ticket was opened in this turn (`core.dialogue.tickets.open_ticket`): the turn's
        episode is handed to staff, the ticket's kind is the reason."""
        track = ctx.state.outcomes or OutcomeTrack()
        track.handoffs = [
            *track.handoffs,
            HandoffNote(ticket=ticket.id, reason=ticket.kind, at=ticket.created_at),
        ]
        ctx.state.outcomes = track

    def note_rating(self, ctx: Context, episode: str, score: int) -> None:
        """A satisfaction answer (`core.dialogue.satisfaction`)."""
        track = ctx.state.outcomes or OutcomeTrack()
        track.rating = RatingNote(episode=episode, score=score, at=ctx.now)
        ctx.state.outcomes = track

    # --- staff ------------------------------------------------------------------------------

    async def staff_action(self, ticket: Ticket, what: str, at: datetime) -> None:
        """Every staff action on a ticket (`core.staff.StaffActions._record`): the first one,
        the take-over and the hand-back of its episode."""
        if not self.enabled:
            return
        try:
            await self.flush()
            async with self.db.begin() as conn:
                await conn.execute(
                    sa.update(episodes)
                    .where(episodes.c.ticket_id == ticket.id, episodes.c.staff_first_at.is_(None))
                    .values(staff_first_at=at)
                )
                if what == "take_over":
                    await conn.execute(
                        sa.update(episodes)
                        .where(episodes.c.ticket_id == ticket.id, episodes.c.takeover_at.is_(None))
                        .values(takeover_at=at)
                    )
                elif what in RELEASES:
                    result = await conn.execute(
                        sa.update(episodes)
                        .where(
                            episodes.c.ticket_id == ticket.id,
                            episodes.c.takeover_at.is_not(None),
                            episodes.c.handback_at.is_(None),
                        )
                        .values(handback_at=at)
                        .returning(episodes.c.takeover_at)
                    )
                    for (taken,) in result.all():
                        seconds = (at - _aware(taken)).total_seconds()
                        self.metrics.staff_handling.observe(max(0.0, seconds))
        except Exception:
            log.exception("outcome_staff_action_failed", ticket=ticket.id, action=what)

    # --- facts beside the episodes -------------------------------------------------------------

    async def _event(self, **values: Any) -> None:
        try:
            async with self.db.begin() as conn:
                await conn.execute(sa.insert(events).values(**values))
        except Exception:
            log.exception("outcome_event_failed", kind=values.get("kind"))

    def _customer(self, customer_id: str | None) -> str | None:
        return self.keys.customer(customer_id) if customer_id else None

    async def notice_sent(self, row: dict[str, Any], at: datetime) -> None:
        """A proactive notice reached the customer (`core.proactive.outbox.deliver_one`)."""
        if not self.enabled:
            return
        exception = str((row.get("payload") or {}).get("exception") or "notice")
        await self._event(
            at=at,
            kind="notice_sent",
            detail=exception[:60],
            ref=str(row.get("decision_id")),
            channel=row.get("channel"),
            customer_key=self._customer(row.get("customer_id")),
        )
        self.metrics.notices_sent.labels(exception=exception).inc()

    async def notice_choice(
        self, ctx: Context, decision: dict[str, Any], choice: str, *, first: bool
    ) -> None:
        """The customer answered a notice (`core.dialogue.notices._record_choice`): recorded
        apart, and the turn is no episode unless it starts a request (a cancellation)."""
        if not self.enabled:
            return
        track = ctx.state.outcomes or OutcomeTrack()
        track.notice_answered = True
        ctx.state.outcomes = track
        await self._event(
            at=ctx.now,
            kind="notice_answer" if first else "notice_rechoice",
            detail=choice,
            ref=str(decision.get("id")),
            channel=ctx.channel,
            customer_key=self._customer(decision.get("customer_id")),
        )
        if first:
            self.metrics.notice_answers.labels(choice=choice).inc()

    async def compensation(
        self, order: Order, option: str, amount: Decimal | None, channel: str, at: datetime
    ) -> None:
        """A compensation the customer accepted (`core.dialogue.notices._compensate`)."""
        if not self.enabled:
            return
        await self._event(
            at=at,
            kind="compensation",
            detail=option,
            channel=channel,
            customer_key=self._customer(order.customer.id),
            amount=str(amount) if amount is not None else None,
            currency=order.currency if amount is not None else None,
        )
        self.metrics.compensations.labels(option=option).inc()
        if amount is not None:
            self.metrics.compensation.labels(currency=order.currency).inc(float(amount))

    async def order_changed(
        self, order: Order, action: str, actor: str, refund: Decimal | None = None
    ) -> None:
        """A change made to an order (`core.operations.OrderOperations`); a refund with its
        amount when the change starts one (a return, the cancellation of a paid order)."""
        if not self.enabled:
            return
        by = "staff" if actor.startswith("staff:") else "bot"
        at = datetime.now(UTC)
        await self._event(
            at=at,
            kind="change",
            detail=action,
            actor=by,
            customer_key=self._customer(order.customer.id),
        )
        if refund is not None and refund > 0:
            await self._event(
                at=at,
                kind="refund",
                detail=action,
                actor=by,
                amount=str(refund),
                currency=order.currency,
                customer_key=self._customer(order.customer.id),
            )
            self.metrics.refunds.labels(by=by, currency=order.currency).inc()
            self.metrics.refund_amount.labels(by=by, currency=order.currency).inc(float(refund))

    # --- the worker's sweep -----------------------------------------------------------------

    async def settle(self, now: datetime) -> dict[str, int]:
        """Decide what time decides: soft resolutions, abandoned requests, retention."""
        counts = {"resolved_soft": 0, "abandoned": 0, "no_request": 0, "deleted": 0}
        if not self.enabled:
            return counts
        await self.flush()
        soft = timedelta(hours=self.config.soft_window_hours)
        idle = timedelta(hours=self.config.abandon_after_hours)
        cutoff = now - timedelta(days=self.config.retention_days)
        due = sa.or_(
            sa.and_(episodes.c.outcome == "answered", episodes.c.bot_done_at <= now - soft),
            sa.and_(episodes.c.outcome == "open", episodes.c.last_at <= now - idle),
            episodes.c.started_at < cutoff,
        )
        async with self.db.connect() as conn:  # a read first: most sweeps have nothing to do
            anything = await conn.scalar(sa.select(episodes.c.id).where(due).limit(1))
            anything = anything or await conn.scalar(
                sa.select(events.c.id).where(events.c.at < cutoff).limit(1)
            )
        if anything is None:
            return counts
        async with self.db.begin() as conn:
            rows = await conn.execute(
                sa.update(episodes)
                .where(episodes.c.outcome == "answered", episodes.c.bot_done_at <= now - soft)
                .values(outcome="resolved_soft", ended_at=episodes.c.bot_done_at)
                .returning(*COUNTED)
            )
            for row in rows.all():
                self._count("resolved_soft", row)
                counts["resolved_soft"] += 1
            for outcome, has_topic in (("abandoned", True), ("no_request", False)):
                topic = episodes.c.intent.is_not(None) if has_topic else episodes.c.intent.is_(None)
                rows = await conn.execute(
                    sa.update(episodes)
                    .where(episodes.c.outcome == "open", episodes.c.last_at <= now - idle, topic)
                    .values(outcome=outcome, ended_at=episodes.c.last_at)
                    .returning(*COUNTED)
                )
                for row in rows.all():
                    self._count(outcome, row)
                    counts[outcome] += 1
            gone = await conn.execute(sa.delete(episodes).where(episodes.c.started_at < cutoff))
            counts["deleted"] = gone.rowcount or 0
            await conn.execute(sa.delete(events).where(events.c.at < cutoff))
        return counts

    async def next_due(self) -> datetime | None:
        """The earliest moment a sweep would have something to do (a worker may sleep until
        then): a satisfaction question due, a soft window closing, a request going idle."""
        await self.flush()
        soft = timedelta(hours=self.config.soft_window_hours)
        idle = timedelta(hours=self.config.abandon_after_hours)
        async with self.db.connect() as conn:
            moments = [
                await conn.scalar(sa.select(sa.func.min(surveys.c.due_at))),
                await conn.scalar(
                    sa.select(sa.func.min(episodes.c.bot_done_at)).where(
                        episodes.c.outcome == "answered"
                    )
                ),
                await conn.scalar(
                    sa.select(sa.func.min(episodes.c.last_at)).where(episodes.c.outcome == "open")
                ),
            ]
        found = [
            _aware(m) + shift
            for m, shift in zip(moments, (timedelta(0), soft, idle), strict=True)
            if m is not None
        ]
        return min(found) if found else None

    async def sweep(self, now: datetime, senders: Senders) -> dict[str, int]:
        """Everything the worker does for outcomes at `now`: settle, then due questions."""
        from core.outcomes.survey import send_due_surveys

        counts = await self.settle(now)
        if self.enabled:
            counts["surveys"] = await send_due_surveys(self, senders, now)
        return counts

    def _survey(
        self, ctx: Context, track: OutcomeTrack, customer_key: str, turn: TurnRecord
    ) -> dict[str, Any] | None:
        """After a turn that settled a request, its satisfaction question to queue; after any
        other turn None (a queued one is dropped: the customer is busy, or moved on). A
        notice's choices left pending by the answer (a late parcel: "I'll wait") do not keep
        it back."""
        from core.outcomes.survey import holds_back

        current = track.current
        wanted = (
            self.config.satisfaction
            and current is not None
            and current.status in ("answered", "resolved_hard")
            and current.topic not in (None, "human_agent", "complaint")
            and turn.pending_topic is None
            and turn.suspended_topic is None
            and not holds_back(ctx.state.pending)
            and turn.rating is None
        )
        if not wanted or current is None:
            return None
        delay = timedelta(minutes=self.config.satisfaction_delay_minutes)
        return {
            "conversation": ctx.inbound.conversation_key,
            "episode_id": current.id,
            "customer_key": customer_key,
            "queued_at": turn.at,
            "due_at": turn.at + delay,
        }

    # --- privacy ----------------------------------------------------------------------------

    async def forget_customer(self, customer_id: str, conversations: Iterable[str]) -> int:
        """A privacy erase: the episodes and events stay (the shop's figures), their link to
        the customer goes (customer, conversation and order keys set to NULL). Returns rows."""
        await self.flush()
        customer = self.keys.customer(customer_id)
        conversation_keys = [self.keys.conversation(c) for c in conversations]
        linked = [customer, *conversation_keys]
        async with self.db.begin() as conn:
            first = await conn.execute(
                sa.update(episodes)
                .where(
                    sa.or_(
                        episodes.c.customer_key.in_(linked),
                        episodes.c.conversation_key.in_(conversation_keys),
                    )
                )
                .values(customer_key=None, conversation_key=None, order_key=None)
            )
            second = await conn.execute(
                sa.update(events).where(events.c.customer_key.in_(linked)).values(customer_key=None)
            )
            await conn.execute(
                sa.delete(surveys).where(
                    sa.or_(
                        surveys.c.customer_key.in_(linked),
                        surveys.c.conversation.in_(list(conversations)),
                    )
                )
            )
        return (first.rowcount or 0) + (second.rowcount or 0)

    async def customer_episodes(self, customer_id: str) -> list[dict[str, Any]]:
        """The episodes linked to a customer, for a privacy export."""
        await self.flush()
        key = self.keys.customer(customer_id)
        async with self.db.connect() as conn:
            rows = await conn.execute(
                sa.select(episodes)
                .where(episodes.c.customer_key == key)
                .order_by(episodes.c.started_at)
            )
            return [
                {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in r.items()}
                for r in rows.mappings().all()
            ]


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def build_outcomes(
    settings: Settings, db: AsyncEngine, sessions: SessionStore, hub: OrderHub
) -> OutcomeService:
    """The outcome service of one process (called from `core.services.build_services`)."""
    if _secret(settings) is None and not settings.demo_users:
        log.warning(
            "outcome_keys_unkeyed",
            effect="set ORDERSUPPORT_OUTCOMES_KEY: pseudonyms can be recomputed from ids",
        )
    return OutcomeService(settings, db, sessions, hub)
