"""`Engine.handle(Inbound) -> Reply`: the data path of one customer message (DESIGN.md).

session (locked, loaded) -> language -> understanding, read against the question the bot is
waiting on -> dialogue -> localized Reply -> session saved. A crash inside the dialogue costs the
customer one apology in their language, never the conversation.

The dialogue dispatch order is one declared list (`Engine.stages`), first match wins:
1. a button payload (or the number of a numbered button typed on a text-only channel);
2. the reply read as the answer to the pending question (typed labels, ordinals, quantities,
   reasons, yes/no in words, an address, an order number...), or else to the question put
   aside by a topic switch (the customer went back to it without answering the detour); an
   optional question the reply does not answer is dropped here, and the rest goes on as if
   nothing were pending;
3. a new order number while the bot waits for a number or a verification: start over with it;
4. in a return, who pays for sending it back, asked or made the condition of a yes: answered
   for this return's reason; the return goes ahead when the yes waits on the shop paying and it
   does, else the question is put again;
4b. a change confirmed only on a condition ("only if it's free"): do nothing, show the change
   again for a yes or a no (a condition that is a request of its own goes to 6);
5. "never mind" / a plain no: drop the question, change nothing;
6. a plainly different request (a topic switch): answer it, keep the question, ask it again;
7. anything else while a question is pending: ask it again (and give up after a few tries);
8. otherwise the request itself, by intent, with everything the message said (its frame).
Afterwards, a question put aside is asked again, and further requests of the same message are
handled in turn.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from contextlib import suppress
from datetime import UTC, datetime, timedelta

import structlog
from redis.exceptions import RedisError

from core import turn_memo
from core.acceptance import Outage, is_outage, note_outage
from core.dialogue.confirm import answer_confirmation, resume_suspended, suspend
from core.dialogue.context import FLOW_INTENTS, Context
from core.dialogue.conversation import clarify
from core.dialogue.followup import answer_follow_up
from core.dialogue.resolve import (
    another_order_named,
    names_the_other_one,
    order_named_by_items,
    run_with_order,
    start_flow,
)
from core.dialogue.returns import reason_in_play, return_shipping_sentence
from core.dialogue.root import build_router
from core.dialogue.router import Router
from core.dialogue.state import (
    ConfirmStep,
    ConversationState,
    NoticeStep,
    OrderNumberStep,
    PendingStep,
    VerifyStep,
)
from core.i18n import Localizer, best_language
from core.inbox import delivered, take_waiting
from core.keys import event_key, seen_key
from core.knowledge import topic_of
from core.masking import entities_known, mask_text, order_known
from core.messages import Inbound, Reply, TextPart
from core.metrics import ops_metrics
from core.order import OrderStatus
from core.services import Services
from core.sessions import (
    HISTORY_LIMIT,
    Session,
    SessionConflict,
    locked,
    save_and_unlock,
    update_session,
)
from core.sources import SourceUnavailable
from core.staff_desk import StaffDesk
from core.understanding import Intent, Understander, Understanding, build_understander, lexicon
from core.understanding.conditions import conditional
from core.understanding.expect import ExpectKind
from core.understanding.frame import (
    NEGATABLE,
    action_only_asked_about,
    actions_named,
    asked_clauses,
    charged_twice,
    only_asking,
    return_quote_asked,
)
from core.understanding.postage import return_shipping_asked
from core.understanding.replies import praises_another_thing, yes_or_no

log = structlog.get_logger(__name__)

_CHOICE = re.compile(r"^\s*(\d{1,2})\s*[.)、]?\s*$")
_NO_CLARIFY = {Intent.AFFIRM, Intent.DENY, Intent.GREETING}
_NOT_A_TOPIC = {Intent.AFFIRM, Intent.DENY, Intent.GREETING, Intent.OTHER}
_SWITCH_CONFIDENCE = 0.6
_QUESTION = re.compile(r"[?？؟]")
MAX_RETRIES = 2
"""Unclear replies to one question before the bot stops asking it and listens afresh."""
PENDING_TTL = timedelta(hours=12)
"""A question older than this is forgotten: the next message starts afresh."""
AGENDA_PER_TURN = 2
SEEN_TTL = 400 * 24 * 3600
"""`seen:{channel}:{user}` marks a chat user who has written to us (Telegram: started the bot)."""
EVENT_TTL = 24 * 3600
"""A platform's event id is answered once within this: Telegram keeps undelivered updates for
24 hours, WeChat and Slack retry within minutes."""

Stage = Callable[[Context], Awaitable[bool]]


def _event_key(inbound: Inbound) -> str:
    return event_key(inbound.conversation_key, inbound.channel, inbound.event_id or "")


def _slow(ctx: Context) -> str:
    return ctx.loc._(
        "The shop's order system is slow to answer right now. Please ask me "
        "again in a few minutes; nothing you asked for is lost."
    )


class Engine:
    def __init__(
        self,
        services: Services,
        understander: Understander | None = None,
        router: Router | None = None,
        *,
        desk: StaffDesk | None = None,
    ) -> None:
        self.services = services
        self.understander = understander or build_understander(services.settings)
        self.router = router or build_router()
        self.desk = desk
        """Where customer messages go while staff have taken a conversation over (Slack)."""
        self.stages: tuple[Stage, ...] = (
            self._button,
            self._answer,
            self._leave_optional,
            self._answer_to_the_question_put_aside,
            self._new_order_number,
            self._return_shipping,
            self._on_condition,
            self._abort,
            self._switch_topic,
            self._ask_again,
            self._request,
        )
        """The dialogue dispatch order (see the module docstring): first match wins."""

    async def handle(self, inbound: Inbound) -> Reply:
        """The reply to one message; never raises. A platform event delivered again (the same
        `event_id`) gets a silent reply; any failure costs the customer one apology."""
        claimed = False
        try:
            if inbound.event_id and not await self.services.keys.claim(
                _event_key(inbound), EVENT_TTL
            ):
                log.info("event_repeated", channel=inbound.channel, event_id=inbound.event_id)
                return Reply(parts=[], silent=True)
            claimed = bool(inbound.event_id)
            with turn_memo.turn():
                return await self._handle(inbound)
        except Exception as exc:
            ops_metrics().errors.labels(component="engine").inc()
            if is_outage(exc):  # nothing answered: the platform must deliver it again
                if claimed:
                    with suppress(Exception):
                        await self.services.keys.clear(_event_key(inbound))
                log.warning("handle_outage", channel=inbound.channel, error=type(exc).__name__)
                note_outage(exc)
                raise Outage(type(exc).__name__) from exc
            log.exception("handle_failed", channel=inbound.channel)
            return await self.apology(inbound.locale_hint, inbound.conversation_key)

    async def apology(
        self, locale_hint: str | None = None, conversation_key: str | None = None
    ) -> Reply:
        """The apology for a failure, in the conversation's language when it can be read, else
        in the platform's locale hint (adapters use it when their own part fails)."""
        language = None
        if conversation_key is not None:
            with suppress(Exception):
                language = (await self.services.sessions.load(conversation_key)).language
        language = language or best_language(locale_hint, self.services.settings.default_locale)
        return Reply(parts=[TextPart(text=apology_text(Localizer(language)))], language=language)

    async def _handle(self, inbound: Inbound) -> Reply:
        key = inbound.conversation_key
        sessions, keys = self.services.sessions, self.services.keys
        seen = seen_key(inbound.channel, inbound.user_id)
        if inbound.user_id == inbound.chat_id:  # one slot: set as the lock is taken
            lock = locked(sessions, key, mark=(seen, SEEN_TTL), keys=keys)
        else:
            await keys.claim(seen, SEEN_TTL)
            lock = locked(sessions, key)
        async with lock as session:
            loaded = Session.model_validate(session.model_dump())  # a copy, 4x cheaper than deep
            if session.state.takeover is not None:
                ops_metrics().messages.labels(
                    channel=inbound.channel,
                    intent="relayed",
                    language=session.language or "unknown",
                    outcome="relayed_to_staff",
                ).inc()
                return await self._relay_to_staff(inbound, session, loaded)
            ctx = await self._context(inbound, session)
            failed = False
            outcome = "answered"
            try:
                await self._dispatch(ctx)
            except SourceUnavailable:
                failed = True
                outcome = "source_unavailable"
                log.warning("order_source_unavailable", channel=inbound.channel)
                self._keep_question(session, loaded)
                ctx.parts = [TextPart(text=_slow(ctx))]
            except Exception as exc:
                failed = True
                outcome = "failed"
                ops_metrics().errors.labels(component="dialogue").inc()
                if is_outage(exc):
                    self._keep_question(session, loaded)
                    if isinstance(exc, RedisError):  # the turn is the platform's to retry
                        raise
                    log.warning("database_unavailable", channel=inbound.channel)
                    ctx.parts = [TextPart(text=_slow(ctx))]
                else:
                    log.exception(
                        "dialogue_failed", channel=inbound.channel, intent=ctx.understanding.intent
                    )
                    ctx.parts = [TextPart(text=apology_text(ctx.loc))]
            await self.services.outcomes.after_turn(ctx, loaded.state, failed)
            reply = Reply(parts=ctx.parts, language=ctx.loc.language)
            known = entities_known(ctx.understanding.entities)
            self._remember(session, inbound, reply, [*known, *_shown_known()])
            await self._save_last(session, loaded)
        answer = ctx.understanding.answer
        if not failed and ctx.state.pending is not None:
            outcome = "asked"  # the turn ended on a question the bot waits on
        ops_metrics().messages.labels(
            channel=inbound.channel,
            intent=ctx.understanding.intent.value,
            language=reply.language or "unknown",
            outcome=outcome,
        ).inc()
        log.info(
            "handled",
            channel=inbound.channel,
            intent=ctx.understanding.intent.value,
            language=reply.language,
            answer=answer.method if answer else None,
        )
        return reply

    @staticmethod
    def _keep_question(session: Session, loaded: Session) -> None:
        """A turn that failed for want of a store or a source has not answered the question
        it found open: the confirmation (or any question) stays open, as the customer is told."""
        session.state.pending = loaded.state.pending
        session.state.suspended = loaded.state.suspended
        session.state.return_draft = loaded.state.return_draft

    async def _relay_to_staff(self, inbound: Inbound, session: Session, loaded: Session) -> Reply:
        """Staff own this conversation: the bot stays silent and passes the message on."""
        takeover = session.state.takeover
        assert takeover is not None
        if inbound.text:
            session.remember("customer", mask_text(inbound.text))
        await self._save(session, loaded)
        if self.desk is not None:
            await self.desk.customer_message(
                takeover.ticket, inbound.text or inbound.payload or "", session.language
            )
        log.info("relayed_to_staff", channel=inbound.channel, ticket=takeover.ticket)
        return Reply(parts=[], language=session.language or "en", silent=True)

    async def _context(self, inbound: Inbound, session: Session) -> Context:
        pending = session.state.pending
        if pending is not None and datetime.now(UTC) - pending.asked_at > PENDING_TTL:
            session.state.pending = None  # a question from yesterday is no longer open
        understanding = await self._understand(inbound, session)
        if inbound.text.strip() and not _languageless(inbound.text):
            session.language = best_language(
                understanding.language, self.services.settings.default_locale
            )
        elif session.language is None:
            session.language = best_language(
                inbound.locale_hint or understanding.language,
                self.services.settings.default_locale,
            )
        timezone = session.state.tz or self.services.settings.default_timezone
        return Context(
            inbound=inbound,
            session=session,
            understanding=understanding,
            loc=Localizer(session.language, timezone),
            services=self.services,
            now=datetime.now(UTC),
            router=self.router,
            understander=self.understander,
        )

    async def _understand(self, inbound: Inbound, session: Session) -> Understanding:
        text = inbound.text.strip()
        if not text:
            return Understanding(
                text="", language=session.language or "en", intent=Intent.OTHER, confidence=0.0
            )
        pending = session.state.pending
        return await self.understander.understand(
            text,
            locale_hint=inbound.locale_hint,
            previous_language=session.language,
            expect=pending.expect if pending is not None and not inbound.payload else None,
        )

    # --- dispatch --------------------------------------------------------------------------

    async def _dispatch(self, ctx: Context) -> None:
        for stage in self.stages:
            if await stage(ctx):
                break
        await self._afterwards(ctx)
        ctx.state.choices = [b.payload for b in Reply(parts=ctx.parts).buttons()]

    async def _button(self, ctx: Context) -> bool:
        payload = ctx.inbound.payload or self._typed_number(ctx)
        if not payload:
            return False
        await self._on_payload(ctx, payload)
        return True

    def _typed_number(self, ctx: Context) -> str | None:
        """On text-only channels buttons are numbered: "2" means the second one. A pending
        question reads its own numbers (and more) when it is answered."""
        if ctx.pending is not None:
            return None
        match = _CHOICE.match(ctx.inbound.text)
        choices = ctx.state.choices
        if match and 1 <= int(match.group(1)) <= len(choices):
            return choices[int(match.group(1)) - 1]
        return None

    async def _answer(self, ctx: Context) -> bool:
        pending, answer = ctx.pending, ctx.understanding.answer
        if pending is None or answer is None:
            return False
        if not answer.payload and pending.kind not in self.router.steps:
            return False  # a change said to a question that takes none ("changed my mind")
        if _assents_to_another_thing(ctx, pending, answer.payload):
            # "par mail c'est parfait, merci": no yes to the question; the rest of the
            # stages take it as the request it is, or ask the question again
            ctx.understanding = ctx.understanding.model_copy(update={"answer": None})
            return False
        ctx.flow = pending.flow
        rider = await self._rider(ctx, pending, answer.rest)
        if answer.payload:
            await self._on_payload(ctx, answer.payload)
        else:
            await self.router.steps[pending.kind](ctx)
        if rider is not None:  # "yes, go ahead. will it go back to my card?": asked after
            ctx.state.agenda.insert(0, rider)
            ctx.state.agenda_said.insert(0, answer.rest or "")
            ctx.state.last_said = ""
        return True

    async def _rider(self, ctx: Context, pending: PendingStep, rest: str | None) -> Intent | None:
        """The request a question said after a yes or no makes, unless the question asked
        already answers it: a confirmation of a cancellation or return says where the money
        goes and when, so "will the money go back to my card?" needs nothing more."""
        if not rest:
            return None
        alone = await self.understander.understand(
            rest, locale_hint=ctx.inbound.locale_hint, previous_language=ctx.loc.language
        )
        if not self._is_request(alone):
            return None
        if (
            isinstance(pending, ConfirmStep)
            and alone.intent is Intent.REFUND_STATUS
            and pending.change.action in ("cancel", "return")
        ):
            return None
        if (
            isinstance(pending, ConfirmStep)
            and pending.change.action == "return"
            and return_shipping_asked(rest)
        ):
            return None  # the return's guidance says who pays for sending it back
        return alone.intent

    async def _leave_optional(self, ctx: Context) -> bool:
        """An optional question (the satisfaction question) not answered: drop it, go on."""
        if ctx.pending is not None and ctx.pending.optional:
            ctx.settle()
        return False

    async def _answer_to_the_question_put_aside(self, ctx: Context) -> bool:
        suspended = ctx.state.suspended
        if suspended is None or ctx.pending is None or not ctx.inbound.text.strip():
            return False
        understanding = await self.understander.understand(
            ctx.inbound.text,
            locale_hint=ctx.inbound.locale_hint,
            previous_language=ctx.loc.language,
            expect=suspended.expect,
        )
        if understanding.answer is None:
            return False
        ctx.state.pending, ctx.state.suspended = suspended, None
        ctx.understanding = understanding
        return await self._answer(ctx)

    async def _new_order_number(self, ctx: Context) -> bool:
        """Another order number while the bot waits for a number or a verification."""
        pending = ctx.pending
        if not isinstance(pending, VerifyStep | OrderNumberStep):
            return False
        if not ctx.understanding.entities.order_numbers:
            return False
        ctx.settle()
        await run_with_order(ctx, pending.flow or "status")
        return True

    async def _return_shipping(self, ctx: Context) -> bool:
        """ "Who pays for sending it back?", "الشحن عليكم صح؟ … لو كذا سجلوا الإرجاع": in the
        middle of a return whose reason is known, the policy's answer for this return (not the
        general rules), and the step it interrupted stays open. A yes made to wait on the shop
        paying, when it does, is a yes: the return is registered (its guidance says who pays)."""
        pending = ctx.pending
        if pending is None or pending.flow != "return" or ctx.inbound.payload:
            return False
        if not return_shipping_asked(ctx.inbound.text):
            return False
        reason = reason_in_play(ctx)
        if reason is None:
            return False
        if (
            isinstance(pending, ConfirmStep)
            and reason.shop_at_fault
            and _assents_after_asking(ctx.inbound.text, pending.expect.action)
        ):
            await answer_confirmation(ctx, True)
            return True
        ctx.say(return_shipping_sentence(ctx, reason))
        ctx.add(*pending.parts())
        return True

    async def _on_condition(self, ctx: Context) -> bool:
        """A change confirmed on a condition ("only if there's no fee", "送料変わらないなら"):
        nothing is done and the customer decides knowing what it would do. A condition that is
        a request of its own (the return shipping policy) is answered by the topic switch,
        which then asks the question again."""
        pending = ctx.pending
        if not isinstance(pending, ConfirmStep) or not conditional(ctx.inbound.text):
            return False
        understanding = ctx.understanding
        if (
            self._is_request(understanding)
            and understanding.intent is not pending.intent
            and not (
                understanding.intent is Intent.POLICY_QUESTION
                and topic_of(understanding.text) is None
            )
        ):
            return False  # a policy the condition names is answered, a request taken up
        ctx.say(
            ctx.loc._(
                "I can't make it depend on a condition, but here is exactly what it would do, "
                "so you can decide:"
            )
        )
        ctx.add(*pending.parts())
        return True

    async def _abort(self, ctx: Context) -> bool:
        pending = ctx.pending
        if pending is None or isinstance(pending, NoticeStep):
            return False
        text = lexicon.normalize(ctx.inbound.text)
        if not (lexicon.ABORT.search(text) or _plain_no(text)):
            return False
        if actions_named(ctx.inbound.text):  # "算了，退吧": never mind the doubt, do it
            return False
        if self._is_request(ctx.understanding) and not lexicon.ABORT.fullmatch(text):
            return False
        ctx.settle()
        ctx.state.return_draft = None
        ctx.state.agenda, ctx.state.agenda_said = [], []
        ctx.say(ctx.loc._("All right, I haven't changed anything."))
        return True

    async def _switch_topic(self, ctx: Context) -> bool:
        """A different request in the middle of a flow: answer it, then ask again."""
        pending = ctx.pending
        if pending is None:
            return False
        if isinstance(pending, NoticeStep):
            await self.router.steps["notice"](ctx)
            return True
        understanding = ctx.understanding
        if not self._is_request(understanding):
            return False
        if understanding.intent is pending.intent:  # the same request again: start it afresh
            ctx.settle()
            await self._on_intent(ctx)
            return True
        suspend(ctx)
        await self._on_intent(ctx)
        return True

    async def _ask_again(self, ctx: Context) -> bool:
        pending = ctx.pending
        if pending is None:
            return False
        pending.retries += 1
        if pending.retries > MAX_RETRIES:
            ctx.settle()  # three replies that answer nothing: listen afresh
            return False
        if ctx.understanding.intent is Intent.GREETING:
            ctx.say(ctx.loc._("You're welcome!"))
        else:
            ctx.say(ctx.loc._("Sorry, I didn't quite get that."))
        ctx.add(*pending.parts())
        return True

    async def _request(self, ctx: Context) -> bool:
        understanding = ctx.understanding
        later = [
            (i, said)
            for i, said in zip(
                understanding.also,
                understanding.also_said or [""] * len(understanding.also),
                strict=False,
            )
            if i is not understanding.intent
        ]
        if (instead := _action_named_instead(understanding, later)) is not None:
            # "cancel the order with the backpack completely", read as a return with the
            # cancel asked in its clause: the action the message asks for by its verb
            later = [(i, s) for i, s in later if i is not instead[0]]
            understanding = understanding.model_copy(
                update={"intent": instead[0], "main_said": instead[1]}
            )
            ctx.understanding = understanding
        if _answer_first(understanding, later):
            # "I sent the block back and see no refund. Also, can I still return the mat?":
            # what the customer said first and needs no question of ours is answered first
            first, said = later[0]
            later = [(understanding.intent, understanding.main_said), *later[1:]]
            understanding = understanding.model_copy(update={"intent": first, "main_said": said})
            ctx.understanding = understanding
        ctx.state.agenda = [i for i, _ in later]
        ctx.state.agenda_said = [said for _, said in later]
        ctx.state.last_said = understanding.main_said
        if understanding.main_said and later:
            theirs = [s for i, s in later if not _refund_of(understanding.intent, i)]
            ctx.understanding = _without_their_numbers(understanding, theirs)
        await self._on_intent(ctx)
        return True

    async def _afterwards(self, ctx: Context) -> None:
        """With nothing left to answer, come back to a question put aside, else take the next
        request the customer made in the same message."""
        if ctx.pending is not None:
            return
        if resume_suspended(ctx):
            return
        for _ in range(AGENDA_PER_TURN):
            if not ctx.state.agenda or ctx.pending is not None:
                return
            intent = ctx.state.agenda.pop(0)
            said = ctx.state.agenda_said.pop(0) if ctx.state.agenda_said else ""
            if intent is Intent.PAYMENT_ISSUE and await self._cancelled_in_focus(ctx):
                continue  # "cancel it, the payment didn't work": nothing is left to pay
            if (
                intent is Intent.RETURN_REQUEST
                and ctx.state.last_flow == "refund"
                and await self._cancelled_in_focus(ctx)
            ):
                continue  # "I cancelled it, did the money come back?": its refund was told
            others = [ctx.state.last_said, *ctx.state.agenda_said]
            ctx.understanding = (await self._read_alone(ctx, said, others)).model_copy(
                update={"intent": intent, "confidence": 1.0, "answer": None}
            )
            await self.router.intents[intent](ctx)

    @staticmethod
    async def _cancelled_in_focus(ctx: Context) -> bool:
        focus = ctx.state.focus
        order = await ctx.services.hub.get_order(focus) if focus else None
        return order is not None and order.status is OrderStatus.CANCELLED

    async def _read_alone(self, ctx: Context, said: str, others: list[str]) -> Understanding:
        """One request of a message that makes several, read on its own clause (its items, its
        order number, its topic), else the message as it was. An order number said outside
        every other request's clause still counts: "Order 1043: where is it? Also an invoice"."""
        whole = ctx.understanding
        if not said.strip():
            return whole
        alone = await self.understander.understand(
            said, locale_hint=ctx.inbound.locale_hint, previous_language=ctx.loc.language
        )
        theirs = "\n".join(_alnum(o) for o in others)
        unclaimed = [n for n in whole.entities.order_numbers if _alnum(n) not in theirs]
        if alone.entities.order_numbers or not unclaimed:
            return alone
        entities = alone.entities.model_copy(update={"order_numbers": unclaimed})
        return alone.model_copy(update={"entities": entities})

    def _is_request(self, understanding: Understanding) -> bool:
        return (
            understanding.intent not in _NOT_A_TOPIC
            and understanding.confidence >= _SWITCH_CONFIDENCE
        )

    async def _on_payload(self, ctx: Context, payload: str) -> None:
        kind, _, value = payload.partition(":")
        if kind == "intent" and value in Intent._value2member_map_:
            update: dict[str, object] = {"intent": Intent(value), "confidence": 1.0}
            ctx.understanding = ctx.understanding.model_copy(update=update)
            ctx.take_up(ctx.state.frame)  # what the clarified message said still holds
            ctx.state.frame = None
            ctx.settle()
            await self.router.intents[Intent(value)](ctx)
        elif kind in self.router.payloads:
            await self.router.payloads[kind](ctx, value)
        else:
            ctx.understanding = ctx.understanding.model_copy(update={"intent": Intent.OTHER})
            await self.router.intents[Intent.OTHER](ctx)

    async def _on_intent(self, ctx: Context) -> None:
        understanding = ctx.understanding
        intent = understanding.intent
        last_flow = ctx.state.last_flow
        if await answer_follow_up(ctx):  # "is it the one with the scarf?", "when, then?"
            return
        if self._nothing_to_do(understanding):
            ctx.say(ctx.loc._("All right, I haven't changed anything."))  # "only the figure"
            return
        if last_flow and _order_put_right(ctx):
            await run_with_order(ctx, last_flow)  # "wrong number, I meant TH3310"
            return
        if intent is Intent.OTHER and understanding.entities.order_numbers:
            intent = Intent.ORDER_STATUS
        elif last_flow and intent in _NOT_A_TOPIC and names_the_other_one(ctx.inbound.text):
            await run_with_order(ctx, last_flow)  # "and the other one?"
            return
        elif (
            last_flow
            and (intent in _NOT_A_TOPIC or understanding.confidence < _SWITCH_CONFIDENCE)
            and (other := await another_order_named(ctx)) is not None
        ):
            # "and the rice cooker?"; "加湿器那单到哪了" asks its own question, the status
            flow = "status" if intent is Intent.ORDER_STATUS else last_flow
            await start_flow(ctx, flow, other)
            return
        elif _return_quote_asked(understanding):
            _drop_from_agenda(ctx, _QUOTE_ANSWERS)  # the quote answers them: nothing more to ask
            await run_with_order(ctx, "quote")  # "if I return the mug, how much do I get?"
            return
        elif action_only_asked_about(understanding.text, intent):
            await self._the_rules_only(ctx)  # "14 days to return it, right? just to know"
            return
        elif _second_charge(understanding):
            intent = Intent.PAYMENT_ISSUE  # "refund what you charged twice": the payment's
        elif (named := _the_action_named(understanding)) is not None:
            intent = named
        elif (
            understanding.confidence < self.services.settings.nlu_min_confidence
            and intent not in _NO_CLARIFY
            and not _status_of_a_named_order(understanding)
        ):
            described = await order_named_by_items(ctx) if intent is Intent.ORDER_STATUS else None
            if described is not None:
                # "trs rice cooker aku kpn dikirim?", unsure: the answer changes nothing and
                # shows the order its items name, so it is given rather than asked about
                await start_flow(ctx, "status", described)
                return
            await clarify(ctx)
            return
        ctx.settle()
        ctx.understanding = understanding.model_copy(update={"intent": intent})
        await self.router.intents[intent](ctx)

    def _nothing_to_do(self, understanding: Understanding) -> bool:
        """ "Thanks, I only wanted the figure, don't register anything yet", "De momento no
        devuelvo nada": the customer says they only asked, asks nothing new and names no action
        to take: nothing is started, not even a question of which one they mean."""
        text = understanding.text
        return (
            only_asking(text)
            and not actions_named(text)
            and not _QUESTION.search(text)
            and not understanding.entities.order_numbers
            and (
                understanding.intent in _NOT_A_TOPIC
                or understanding.confidence < self.services.settings.nlu_min_confidence
            )
        )

    async def _the_rules_only(self, ctx: Context) -> None:
        """An action only asked about: its rules, and the offer to go ahead; nothing started."""
        _drop_from_agenda(ctx, _ONLY_ASKED_ANSWERS)
        ctx.settle()
        ctx.understanding = ctx.understanding.model_copy(update={"intent": Intent.POLICY_QUESTION})
        await self.router.intents[Intent.POLICY_QUESTION](ctx)
        if ctx.pending is None:
            ctx.say(ctx.loc._("Nothing has been registered; just tell me if you want to go ahead."))

    # --- memory ----------------------------------------------------------------------------

    def _remember(self, session: Session, inbound: Inbound, reply: Reply, known: list[str]) -> None:
        """The transcript keeps masked text only: patterns, plus what understanding found. The
        bot's own reply shows the customer their orders in full (numbers, tracking numbers,
        address lines); it is masked by the patterns and by `known` — what understanding found
        and the personal strings of every order the turn read — without a second entity
        extraction."""
        if inbound.text:
            session.remember("customer", mask_text(inbound.text, known=known, extract=False))
        if reply.parts:
            session.remember("bot", mask_text(reply.text()[:1000], known=known, extract=False))

    async def _save_last(self, session: Session, loaded: Session) -> None:
        """The turn's last write: saved and unlocked in one round trip where the store can
        (`save_and_unlock`), with the web inbox's waiting parts taken out for the answer when
        the adapter asked (`core.inbox.handed_over`); after a conflict, `_save`'s merge, the
        parts left where they were."""
        taken = take_waiting(session)
        try:
            await save_and_unlock(self.services.sessions, session)
        except SessionConflict:
            if taken is not None:
                session.state.inbox = taken
            await self._save(session, loaded)
            return
        if taken is not None:
            delivered(taken)

    async def _save(self, session: Session, loaded: Session) -> None:
        """Save; if another writer got in first (a staff takeover, a notice), lay only what this
        turn changed on top of their version, so neither update is lost."""
        try:
            await self.services.sessions.save(session)
        except SessionConflict:

            def apply_turn(fresh: Session) -> None:
                merge_turn(fresh, loaded, session)

            await update_session(self.services.sessions, session.key, apply_turn)


def apology_text(loc: Localizer) -> str:
    """The one apology every channel gives when something fails on our side."""
    return loc._("Sorry, something went wrong on our side. Please try again in a moment.")


def busy_text(loc: Localizer) -> str:
    """What a chat customer reads when the service sheds load (`bots.serve`): not an error."""
    return loc._(
        "Many customers are writing to us right now. One moment, please, then send your "
        "message again."
    )


def _plain_no(normalized: str) -> bool:
    """A reply that is a no and nothing much else ("no", "нет, спасибо", "不用了")."""
    first = lexicon.NO.search(normalized)
    return (
        first is not None
        and first.start() == 0
        and lexicon.NO.coverage(normalized) >= 0.6
        and yes_or_no(normalized) == "no"
    )


def _languageless(text: str) -> bool:
    """Text with no words of any language (an e-mail, an order number, "2", "👍"): it must not
    change the language the conversation is in."""
    stripped = re.sub(r"\S+@\S+|https?://\S+|[#\w/-]*\d[\w/-]*", " ", text)
    return not re.search(r"[^\W\d_]{2,}", stripped)


def merge_turn(fresh: Session, loaded: Session, ours: Session) -> None:
    """Apply the difference between `loaded` and `ours` to `fresh`."""
    for name in ConversationState.model_fields:
        mine = getattr(ours.state, name)
        if getattr(loaded.state, name) != mine:
            setattr(fresh.state, name, mine)
    new_turns = [turn for turn in ours.history if turn not in loaded.history]
    fresh.history = [*fresh.history, *new_turns][-HISTORY_LIMIT:]
    fresh.language = ours.language


def _the_action_named(understanding: Understanding) -> Intent | None:
    """ "Del pedido MX3101 cancélame nada más el café, la cafetera sí la quiero": the model
    is unsure (a story, a keep-clause), leaning to that action, another one or to nothing, but
    the message asks for one order action by its own verb, not negated, and the model has it
    among its likely labels: that is the request, not a clarifying question."""
    if understanding.confidence >= _ACTION_OVER_MODEL or understanding.intent not in _ACTIONS:
        return None
    named = actions_named(understanding.text)
    likely = {understanding.intent, *(i for i, _ in understanding.alternatives)}
    if len(named) == 1 and named[0] in likely:
        return named[0]
    return None


def _action_named_instead(
    understanding: Understanding, later: list[tuple[Intent, str]]
) -> tuple[Intent, str] | None:
    """The order action a clause of the message asks for by its verb, when the model reads the
    whole message as another order action that no verb of it names: one request, misread (a
    cancellation of an order not yet shipped read as a return), not two."""
    if understanding.intent not in NEGATABLE:
        return None
    named = actions_named(understanding.text)
    if len(named) != 1 or named[0] is understanding.intent:
        return None
    return next(((i, said) for i, said in later if i is named[0] and said), None)


def _return_quote_asked(understanding: Understanding) -> bool:
    """ "If I send back just the dripper, how much would I get back?": a quote (`frame`)."""
    return understanding.intent in _QUOTE_MISREAD and return_quote_asked(understanding.text)


#: What a return supposed with its amount asked is read as: the rules, a refund, a price, the
#: return itself ("wenn ich den Lautsprecher zurückschicke, wie viel bekäme ich?") or the
#: status of the order it would come from ("si cuando me llegue devuelvo…").
_QUOTE_MISREAD = frozenset(
    {
        Intent.POLICY_QUESTION,
        Intent.REFUND_STATUS,
        Intent.COUPON_PRICE,
        Intent.OTHER,
        Intent.RETURN_REQUEST,
        Intent.ORDER_STATUS,
    }
)


#: What a quote answers besides the amount: the return only supposed, the rules of it, the
#: refund and the discount it would change.
_QUOTE_ANSWERS = frozenset(
    {
        Intent.POLICY_QUESTION,
        Intent.REFUND_STATUS,
        Intent.COUPON_PRICE,
        Intent.RETURN_REQUEST,
        Intent.OTHER,
    }
)


#: What the rules of an action only asked about answer: the action and the rules themselves.
_ONLY_ASKED_ANSWERS = frozenset(
    {Intent.POLICY_QUESTION, Intent.RETURN_REQUEST, Intent.CANCEL_ORDER, Intent.OTHER}
)


def _drop_from_agenda(ctx: Context, answered: frozenset[Intent]) -> None:
    """The message's further requests without those the answer given covers."""
    said = ctx.state.agenda_said or [""] * len(ctx.state.agenda)
    kept = [(i, s) for i, s in zip(ctx.state.agenda, said, strict=False) if i not in answered]
    ctx.state.agenda = [i for i, _ in kept]
    ctx.state.agenda_said = [s for _, s in kept] if ctx.state.agenda_said else []


def _second_charge(understanding: Understanding) -> bool:
    """ "Please check and give back what you charged twice": a refund of a second charge of the
    one payment, no return of goods (no item named) nor a return's refund."""
    return (
        understanding.intent in _CHARGE_MISREAD
        and not understanding.entities.items
        and charged_twice(understanding.text)
    )


_CHARGE_MISREAD = frozenset(
    {Intent.RETURN_REQUEST, Intent.REFUND_STATUS, Intent.AFFIRM, Intent.DENY, Intent.OTHER}
)


_ACTIONS = frozenset(
    {
        Intent.CANCEL_ORDER,
        Intent.RETURN_REQUEST,
        Intent.CHANGE_ADDRESS,
        Intent.MODIFY_ORDER,
        Intent.OTHER,
    }
)
"""Labels an order action named by its verb may overrule (not a question about a policy)."""
_ACTION_OVER_MODEL = 0.6


def _status_of_a_named_order(understanding: Understanding) -> bool:
    """ "Wo bleibt meine Kaffeemühle? Bestellnummer WEB…" read as a status question, unsure: the
    answer changes nothing and shows the order, so it is given rather than asked about."""
    return understanding.intent is Intent.ORDER_STATUS and bool(
        understanding.entities.order_numbers
    )


_ANSWERED_OUTRIGHT = frozenset({Intent.REFUND_STATUS})
"""Requests the bot answers without asking anything back."""


def _answer_first(understanding: Understanding, later: list[tuple[Intent, str]]) -> bool:
    """Whether the next request, said before the first one in the message, is answered outright
    while the first is an order action that will ask questions: the answer then comes first, so
    the action's questions do not hold it back."""
    if understanding.intent not in _ACTIONS or not later or not understanding.main_said:
        return False
    first, said = later[0]
    if first not in _ANSWERED_OUTRIGHT or not said:
        return False
    text = understanding.text
    return 0 <= text.find(said) < text.find(understanding.main_said)


def _order_put_right(ctx: Context) -> bool:
    """ "Sorry, wrong number: I meant TH3310": right after a flow on one order, another order
    number with words that say the first was a mistake, and no other action asked for. The
    same request, for the order meant."""
    said = ctx.understanding
    numbers = said.entities.order_numbers
    focus = _alnum(ctx.state.focus or "")
    if not numbers or not focus or all(_alnum(n) in focus for n in numbers):
        return False
    if lexicon.WRONG_ORDER.search(lexicon.normalize(said.text)) is None:
        return False
    flow_intent = FLOW_INTENTS.get(ctx.state.last_flow or "")
    return all(a is flow_intent for a in actions_named(said.text))


_REFUNDED_BY = frozenset({Intent.RETURN_REQUEST, Intent.CANCEL_ORDER})


def _refund_of(intent: Intent, other: Intent) -> bool:
    """Whether `other` is what the refund asked about comes from: "I asked to return the dress
    of EU1052, when do I get my money?" asks about that order's refund, its number told in the
    return's clause."""
    return intent is Intent.REFUND_STATUS and other in _REFUNDED_BY


def _alnum(text: str) -> str:
    """Letters and digits only, case folded: an order number as it is written anywhere."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _without_their_numbers(understanding: Understanding, theirs: list[str]) -> Understanding:
    """Of a message making several requests, the first without the order numbers said only in
    the others' clauses: "cancel WEB…045, and where is my watch order?" asks where the watch
    is, not order …045. The rest of the message (its story, its items) stays the first's. A
    number told in a clause that asks for nothing and names no action ("I tried to pay for
    order WEB…217 and it was blocked. Can you cancel the order?") is the order the story is
    about: the first's too."""
    asked = asked_clauses(understanding.text)
    theirs = [t for t in theirs if t in asked or actions_named(t)]
    said = "\n".join(_alnum(t) for t in theirs)
    numbers = understanding.entities.order_numbers
    mine = [
        n for n in numbers if _alnum(n) not in said or _alnum(n) in _alnum(understanding.main_said)
    ]
    if mine == numbers:
        return understanding
    entities = understanding.entities.model_copy(update={"order_numbers": mine})
    return understanding.model_copy(update={"entities": entities})


def _shown_known() -> list[str]:
    """The personal strings of the orders this turn read: what its reply may show in full."""
    memo = turn_memo.current()
    if memo is None:
        return []
    return [value for order in memo.read.values() for value in order_known(order)]


def _assents_to_another_thing(ctx: Context, pending: PendingStep, payload: str | None) -> bool:
    """A typed yes to a yes/no question whose yes-words are said of something the question
    did not name ("by e-mail would be perfect, thanks"): no assent to the question."""
    if ctx.inbound.payload or pending.expect.kind is not ExpectKind.YES_NO:
        return False
    yes = pending.expect.option("yes")
    if yes is None or payload != yes.id:
        return False
    answer = ctx.understanding.answer
    if answer is None or answer.method not in ("lexicon", "fuzzy"):
        return False
    return praises_another_thing(ctx.inbound.text, pending.prompt or "")


_ASKED = re.compile("[?？؟]")


def _assents_after_asking(text: str, action: str | None) -> bool:
    """Whether what a reply says after its question (or its condition) is a yes: "…, right?
    If so, please register it", "…صح؟ … لو كذا سجلوا الإرجاع", "wenn ja, bitte anmelden"."""
    pieces = _ASKED.split(text)
    after = pieces[-1] if len(pieces) > 1 else text
    if not lexicon.normalize(after) or (len(pieces) == 1 and not conditional(text)):
        return False
    if yes_or_no(after, action) == "yes":
        return True
    n = lexicon.normalize(after)
    hits = lexicon.CARRY_OUT.finditer(n)
    return bool(hits) and not any(lexicon.negated(n, m.start(), m.end()) for m in hits)
