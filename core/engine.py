"""`Engine.handle(Inbound) -> Reply`: the data path of one customer message (DESIGN.md).

session (locked, loaded) -> language -> understanding -> dialogue (pending step, button payload or
intent) -> localized Reply -> session saved. A crash inside the dialogue costs the customer one
apology in their language, never the conversation.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import structlog

from core.dialogue.confirm import offer_resume, suspend
from core.dialogue.context import Context
from core.dialogue.conversation import clarify
from core.dialogue.resolve import OTHER_ONE, run_with_order
from core.dialogue.root import build_router
from core.dialogue.router import Router
from core.i18n import Localizer, best_language
from core.masking import entities_known, mask_text
from core.messages import Inbound, Reply, TextPart
from core.services import Services
from core.sessions import HISTORY_LIMIT, Session, SessionConflict, update_session
from core.sources import SourceUnavailable
from core.staff_desk import StaffDesk
from core.understanding import Intent, Understander, Understanding, build_understander

log = structlog.get_logger(__name__)

_CHOICE = re.compile(r"^\s*(\d{1,2})\s*[.)、]?\s*$")
_NO_CLARIFY = {Intent.AFFIRM, Intent.DENY, Intent.GREETING}
_NOT_A_TOPIC = {Intent.AFFIRM, Intent.DENY, Intent.GREETING, Intent.OTHER}
_SWITCH_CONFIDENCE = 0.75
SEEN_TTL = 400 * 24 * 3600
"""`seen:{channel}:{user}` marks a chat user who has written to us (Telegram: started the bot)."""


class Engine:
    def __init__(
        self,
        services: Services,
        understander: Understander | None = None,
        router: Router | None = None,
    ) -> None:
        self.services = services
        self.understander = understander or build_understander(services.settings)
        self.router = router or build_router()
        self.desk: StaffDesk | None = None
        """Where customer messages go while staff have taken a conversation over (Slack)."""

    async def handle(self, inbound: Inbound) -> Reply:
        key = inbound.conversation_key
        await self.services.keys.claim(f"seen:{inbound.channel}:{inbound.user_id}", SEEN_TTL)
        async with self.services.sessions.lock(key):
            session = await self.services.sessions.load(key)
            loaded = session.model_copy(deep=True)
            takeover = session.state.get("takeover")
            if takeover:
                return await self._relay_to_staff(inbound, session, loaded, takeover)
            ctx = await self._context(inbound, session)
            try:
                await self._dispatch(ctx)
            except SourceUnavailable:
                log.warning("order_source_unavailable", channel=inbound.channel)
                ctx.parts = [TextPart(text=ctx.loc._(
                    "The shop's order system is slow to answer right now. Please ask me again in "
                    "a few minutes; nothing you asked for is lost."))]  # fmt: skip
            except Exception:
                log.exception(
                    "dialogue_failed", channel=inbound.channel, intent=ctx.understanding.intent
                )
                ctx.parts = [
                    TextPart(
                        text=ctx.loc._(
                            "Sorry, something went wrong on our side. Please try again in a moment."
                        )
                    )
                ]
            reply = Reply(parts=ctx.parts, language=ctx.loc.language)
            self._remember(session, inbound, reply, entities_known(ctx.understanding.entities))
            await self._save(session, loaded)
        log.info(
            "handled",
            channel=inbound.channel,
            intent=ctx.understanding.intent.value,
            language=reply.language,
        )
        return reply

    async def _relay_to_staff(
        self, inbound: Inbound, session: Session, loaded: Session, takeover: dict
    ) -> Reply:
        """Staff own this conversation: the bot stays silent and passes the message on."""
        if inbound.text:
            session.remember("customer", mask_text(inbound.text))
        await self._save(session, loaded)
        if self.desk is not None:
            await self.desk.customer_message(
                int(takeover["ticket"]), inbound.text or inbound.payload or "", session.language
            )
        log.info("relayed_to_staff", channel=inbound.channel, ticket=takeover["ticket"])
        return Reply(parts=[], language=session.language or "en", silent=True)

    async def _context(self, inbound: Inbound, session: Session) -> Context:
        understanding = await self._understand(inbound, session)
        if inbound.text.strip():
            session.language = best_language(
                understanding.language, self.services.settings.default_locale
            )
        elif session.language is None:
            session.language = best_language(
                inbound.locale_hint, self.services.settings.default_locale
            )
        timezone = session.state.get("tz") or self.services.settings.default_timezone
        return Context(
            inbound=inbound,
            session=session,
            understanding=understanding,
            loc=Localizer(session.language, timezone),
            services=self.services,
            now=datetime.now(UTC),
            router=self.router,
        )

    async def _understand(self, inbound: Inbound, session: Session) -> Understanding:
        text = inbound.text.strip()
        if not text:
            return Understanding(
                text="", language=session.language or "en", intent=Intent.OTHER, confidence=0.0
            )
        return await self.understander.understand(
            text, locale_hint=inbound.locale_hint, previous_language=session.language
        )

    async def _dispatch(self, ctx: Context) -> None:
        payload = ctx.inbound.payload or self._typed_choice(ctx)
        ctx.session.state.pop("choices", None)
        pending = ctx.pending
        if payload:
            await self._on_payload(ctx, payload)
        elif pending and ctx.understanding.intent is Intent.DENY and pending["kind"] != "confirm":
            ctx.settle()
            ctx.say(ctx.loc._("All right, I haven't changed anything."))
        elif pending and self._switches_topic(ctx, pending):
            suspend(ctx)
            await self._on_intent(ctx)
            offer_resume(ctx)
        elif pending and pending.get("kind") in self.router.steps:
            await self.router.steps[pending["kind"]](ctx)
        else:
            await self._on_intent(ctx)
        choices = [b.payload for b in Reply(parts=ctx.parts).buttons()]
        if choices:
            ctx.session.state["choices"] = choices

    def _typed_choice(self, ctx: Context) -> str | None:
        """On text-only channels buttons are numbered: "2" means the second one."""
        match = _CHOICE.match(ctx.inbound.text)
        choices = ctx.session.state.get("choices") or []
        if match and 1 <= int(match.group(1)) <= len(choices):
            return choices[int(match.group(1)) - 1]
        return None

    def _switches_topic(self, ctx: Context, pending: dict) -> bool:
        """A confident, different request in the middle of a flow: answer it, keep the flow."""
        understanding = ctx.understanding
        return (
            understanding.intent not in _NOT_A_TOPIC
            and understanding.confidence >= _SWITCH_CONFIDENCE
            and understanding.intent.value != pending.get("intent")
            and understanding.entities.address is None
            and pending.get("kind") != "verify"
        )

    async def _on_payload(self, ctx: Context, payload: str) -> None:
        kind, _, value = payload.partition(":")
        if kind == "intent" and value in Intent._value2member_map_:
            ctx.understanding = ctx.understanding.model_copy(
                update={"intent": Intent(value), "confidence": 1.0}
            )
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
        last_flow = ctx.session.state.get("last_flow")
        if intent is Intent.OTHER and understanding.entities.order_numbers:
            intent = Intent.ORDER_STATUS
        elif last_flow and intent in _NOT_A_TOPIC and OTHER_ONE.search(ctx.inbound.text):
            await run_with_order(ctx, last_flow)  # "and the other one?"
            return
        elif (
            understanding.confidence < self.services.settings.nlu_min_confidence
            and intent not in _NO_CLARIFY
        ):
            await clarify(ctx)
            return
        ctx.settle()
        ctx.understanding = understanding.model_copy(update={"intent": intent})
        await self.router.intents[intent](ctx)

    def _remember(self, session: Session, inbound: Inbound, reply: Reply, known: list[str]) -> None:
        """The transcript keeps masked text only: patterns, plus what understanding found."""
        if inbound.text:
            session.remember("customer", mask_text(inbound.text, known=known, extract=False))
        if reply.parts:
            session.remember("bot", mask_text(reply.text(), known=known)[:1000])

    async def _save(self, session: Session, loaded: Session) -> None:
        """Save; if another writer got in first (a staff takeover, a notice), lay only what this
        turn changed on top of their version, so neither update is lost."""
        try:
            await self.services.sessions.save(session)
        except SessionConflict:

            def apply_turn(fresh: Session) -> None:
                merge_turn(fresh, loaded, session)

            await update_session(self.services.sessions, session.key, apply_turn)


def merge_turn(fresh: Session, loaded: Session, ours: Session) -> None:
    """Apply the difference between `loaded` and `ours` to `fresh`."""
    for key in set(loaded.state) | set(ours.state):
        if loaded.state.get(key) != ours.state.get(key):
            if key in ours.state:
                fresh.state[key] = ours.state[key]
            else:
                fresh.state.pop(key, None)
    new_turns = [turn for turn in ours.history if turn not in loaded.history]
    fresh.history = [*fresh.history, *new_turns][-HISTORY_LIMIT:]
    fresh.language = ours.language
