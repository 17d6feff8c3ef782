"""Finding the order a customer means, and making sure they may see it.

Tied users need not repeat the order number: one open order is used, several are offered as
buttons. Anyone else who names an order must verify (last four digits of its phone, or its
e-mail) before any detail is shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from core.answers.status import order_choice_label
from core.dialogue.context import Context, option
from core.dialogue.router import Router
from core.dialogue.state import OrderNumberStep, VerifyStep
from core.i18n import Localizer
from core.identity import Verdict
from core.order import Order, OrderStatus, PaymentStatus
from core.policies import ExceptionKind
from core.policies.exceptions import detect_exceptions
from core.tracking.late import late_parcel
from core.understanding import Intent, lexicon
from core.understanding.expect import Expectation, ExpectedOption, ExpectKind, OptionFacts
from core.understanding.replies import verification_answer

router = Router()

FINISHED = {OrderStatus.DELIVERED, OrderStatus.CANCELLED, OrderStatus.CLOSED}
ORDER_PAGE = 20
"""Orders read to find the one a message is about: the open ones first, then the newest. A
customer with thousands of orders costs what one with a few does."""
UNSHIPPED = {OrderStatus.PENDING_PAYMENT, OrderStatus.PAID, OrderStatus.PICKING}

RELEVANT: dict[str, Callable[[Order], bool]] = {
    "payment": lambda o: o.payment.status is not PaymentStatus.SUCCEEDED,
    "return": lambda o: o.status is OrderStatus.DELIVERED,
    "refund": lambda o: bool(o.returns) or o.status is OrderStatus.CANCELLED,
    "cancel": lambda o: o.status in UNSHIPPED,
    "modify": lambda o: o.status in UNSHIPPED,
    "address": lambda o: o.status not in FINISHED,
    "delivery": lambda o: o.status in (OrderStatus.SHIPPED, OrderStatus.DELIVERED),
}
"""Which of a customer's orders a flow is most likely about, before asking which one."""

ASKED_ABOUT_TROUBLE = frozenset({"status", "delivery"})
"""Flows whose question, among several open orders, is most likely about the one in trouble."""


def _speaks_of_trouble(ctx: Context) -> bool:
    """ "It hasn't moved for a week", "被退回了": the question is about a problem."""
    return (
        ctx.understanding.intent is Intent.DELIVERY_ISSUE
        or lexicon.TROUBLE.search(lexicon.normalize(ctx.understanding.text)) is not None
    )


def _in_trouble(ctx: Context, order: Order) -> bool:
    """A late or stuck parcel, an exception event, a stock-out: what customers ask about when
    they ask where their order is (a failed payment is another question)."""
    findings = detect_exceptions(order, ctx.now, ctx.services.policy)
    if any(f.kind is not ExceptionKind.PAYMENT_FAILED for f in findings):
        return True
    return late_parcel(order, ctx.now, ctx.services.policy) is not None


async def order_in_trouble(ctx: Context) -> Order | None:
    """The one open order of a tied customer that is in trouble, when an unsure message speaks
    of trouble and may be about where an order is ("طلبي عالق في الجمارك": held at customs):
    what a human agent would see at a glance on the customer's account."""
    said = ctx.understanding
    likely = {said.intent, *(i for i, _ in said.alternatives)}
    if not likely & {Intent.ORDER_STATUS, Intent.DELIVERY_ISSUE} or not _speaks_of_trouble(ctx):
        return None
    customer_id = await ctx.services.identity.customer_for(ctx.channel, ctx.user_id)
    if customer_id is None:
        return None
    orders = await ctx.services.hub.list_customer_orders(customer_id, limit=ORDER_PAGE)
    troubled = [o for o in orders if o.status not in FINISHED and _in_trouble(ctx, o)]
    return troubled[0] if len(troubled) == 1 else None


OTHER_ONE = re.compile(
    r"\b(the )?other( one)?\b|另一个|另外一个|那个呢|另一单|otro|otra|другой|другую|другом|"
    r"もう一つ|もうひとつ|다른|الآخر|outro|outra|l'autre|autre|andere|cái kia|อีกอัน|yang lain",
    re.IGNORECASE,
)
#: "another way", "outro jeito", "otra tarjeta", "eine andere Zahlungsart": another means of
#: paying or doing it, not the other order
_OTHER_MEANS = re.compile(
    r"\b(?:an)?other (?:way|method|means|option|card|payment)|"
    r"\b(?:otr[oa]s?|outr[oa]s?) (?:forma|manera|modo|jeito|método|metodo|meio|tarjeta|cartão|"
    r"cartao|opção|opción|vía|via)|"
    r"\b(?:autre|autres) (?:moyen|façon|facon|manière|maniere|méthode|carte|option)|"
    r"\bandere[nrs]? (?:weg|art|methode|möglichkeit|karte|zahlungs\w*)|"
    r"\bдруг(?:ой|им|ую|ая) (?:способ\w*|карт\w*|метод\w*)|"
    r"cách khác|phương thức khác|thẻ khác|วิธีอื่น|ช่องทางอื่น|บัตรอื่น|cara lain|metode lain|"
    r"kartu lain|طريقة (?:ثانية|تانية|أخرى|اخرى)|بطاقة (?:ثانية|تانية|أخرى|اخرى)|"
    r"其他方式|别的方式|其他支付|别的支付|他の方法|別の方法|다른 방법|다른 카드",
    re.IGNORECASE,
)


def names_the_other_one(text: str) -> bool:
    """ "And the other one?", "y el otro pedido": the other order, not another way of paying."""
    return OTHER_ONE.search(_OTHER_MEANS.sub(" ", text)) is not None


def ask_order_number(ctx: Context, flow: str, prompt: str) -> None:
    frame = ctx.request_frame()
    ctx.flow = flow
    ctx.ask(
        OrderNumberStep(
            flow=flow,
            prompt=prompt,
            expect=Expectation(kind=ExpectKind.ORDER_NUMBER),
            frame=frame,
        )
    )


def order_option(loc: Localizer, order: Order) -> ExpectedOption:
    """An order as an option: its label, and the words a customer may describe it by (its
    number, the number's last digits, its items)."""
    digits = re.sub(r"\D", "", order.order_no)
    words = [order.order_no, order.order_no.lstrip("#"), digits[-4:]]
    words += [item.title for item in order.items] + [item.sku for item in order.items]
    chosen = option(order_choice_label(loc, order), f"order:{order.order_no}", words=words)
    chosen.facts = OptionFacts(
        placed_at=order.placed_at,
        stage=_stage(order),
        platform=order.platform,
        amount=order.payment.amount,
        currency=order.currency,
        units=sum(item.quantity for item in order.items),
        tracking=[shipment.tracking_no for shipment in order.shipments],
    )
    return chosen


def _stage(order: Order) -> str:
    if order.status is OrderStatus.DELIVERED:
        return "delivered"
    if order.status is OrderStatus.SHIPPED:
        return "on_the_way"
    return "unshipped"


async def run_with_order(
    ctx: Context, flow: str, *, ask: str | None = None, proof: str | None = None
) -> None:
    """Resolve the order for `flow`, then run it; or ask what is missing (`ask`: in these
    words). `proof`: who the customer says they are, given just now without an order number."""
    order = await resolve_order(ctx, flow, ask=ask, proof=proof)
    if order is not None:
        await start_flow(ctx, flow, order)


async def start_flow(ctx: Context, flow: str, order: Order) -> None:
    ctx.settle()
    ctx.flow = flow
    ctx.state.focus = order.order_no
    ctx.state.last_flow = flow
    if order.customer.timezone:
        ctx.state.tz = order.customer.timezone
        if str(ctx.loc.tz) != order.customer.timezone:  # from now on, the customer's clock
            ctx.loc = Localizer(ctx.loc.language, order.customer.timezone)
    await ctx.router.order_flows[flow](ctx, order)


async def resolve_order(
    ctx: Context, flow: str, *, ask: str | None = None, proof: str | None = None
) -> Order | None:
    numbers = ctx.understanding.entities.order_numbers
    if numbers:
        return await _named_order(ctx, flow, numbers[0])
    customer_id = await ctx.services.identity.customer_for(ctx.channel, ctx.user_id)
    if customer_id is None:
        proof = proof or verification_told(ctx.inbound.text)
        if proof is not None and await order_by_contact(ctx, flow, proof):
            return None
        if proof is not None:  # the same words whether or not the contact is known
            ask = ctx.loc._("Thanks. To find the right order, please send me its order number too.")
        ask_order_number(
            ctx, flow, ask or ctx.loc._("Please send me your order number and I'll look it up.")
        )
        return None
    orders = await ctx.services.hub.list_customer_orders(customer_id, limit=ORDER_PAGE)
    if not orders:
        ask_order_number(
            ctx, flow, ctx.loc._("I can't find any orders for you. What is your order number?")
        )
        return None
    focus = ctx.state.focus
    if focus and ctx.state.suspended is not None and not names_the_other_one(ctx.inbound.text):
        discussed = next((o for o in orders if o.order_no == focus), None)
        if discussed is not None:  # a question in the middle of a flow: about its order
            return discussed
    if focus and names_the_other_one(ctx.inbound.text):
        others = [o for o in orders if o.order_no != focus and o.status not in FINISHED]
        others = others or [o for o in orders if o.order_no != focus]
        if others:  # "and the other order, the quilt?": the other one its items name
            return _described_order(ctx, others) or others[0]
    asked = _action_phrases(ctx, flow)
    named = (asked and _described_order(ctx, orders, text=asked, across=True)) or _described_order(
        ctx, orders
    )
    if named is not None:  # "京东那单保温杯的发票": the order with the cup, whatever else is open
        return named
    if focus and _just_answered(ctx):
        discussed = next((o for o in orders if o.order_no == focus), None)
        if discussed is not None:
            # "and when will it arrive?" right after its status, or after being told it can no
            # longer be cancelled: a follow-up naming no order is about the one just answered
            return discussed
    matters = RELEVANT.get(flow)
    relevant = [o for o in orders if matters is not None and matters(o)]
    if len(relevant) == 1:
        return relevant[0]
    open_orders = relevant or [o for o in orders if o.status not in FINISHED]
    if len(open_orders) == 1:
        return open_orders[0]
    if flow in ASKED_ABOUT_TROUBLE and _speaks_of_trouble(ctx):
        troubled = [o for o in open_orders if _in_trouble(ctx, o)]
        if len(troubled) == 1:  # "what happened to my parcel?": the one with a problem
            return troubled[0]
    if len(open_orders) > 1:
        described = (
            _described_order(ctx, open_orders)
            or await _order_by_meaning(ctx, open_orders)
            or _described_order(ctx, open_orders, across=True)
        )
        if described is not None:
            return described
        frame = ctx.request_frame()
        ctx.flow = flow
        ctx.choose(
            ctx.loc._("You have several open orders. Which one do you mean?"),
            [order_option(ctx.loc, o) for o in open_orders[:8]],
            purpose="order",
            kind=ExpectKind.ITEM,  # orders are told apart by their items
        )
        if ctx.pending is not None:
            ctx.pending.frame = frame
        return None
    return orders[0]


FOLLOW_UP_WINDOW = timedelta(hours=1)
"""How long after the bot's last answer a message naming no order is still about that order:
the same question two days later is a new one, about whatever is open then."""


def _just_answered(ctx: Context) -> bool:
    history = ctx.session.history
    return bool(history) and datetime.now(UTC) - history[-1].at <= FOLLOW_UP_WINDOW


async def order_by_contact(ctx: Context, flow: str, proof: str) -> bool:
    """A visitor tied to no customer who gives an e-mail, or a phone's last four digits, but
    no order number: when exactly one order of the customers with that contact fits what they
    described by its items, that order is theirs, verified as if they had named it. The
    description is the second factor: a contact alone (an e-mail is easy to know) never opens
    an order, not even a customer's only one. True when handled (the flow runs, or the visitor
    is told to wait); False: no single order fits, and the order number is to be asked, in
    words that tell nothing about the contact or its orders."""
    if await _say_if_locked(ctx):
        return True
    email = proof if "@" in proof else None
    candidates = await ctx.services.hub.orders_by_contact(
        email=email, last_digits=None if email else proof
    )
    match = _contact_match(ctx, candidates)
    verdict = await ctx.services.identity.verify_contact(match, ctx.channel, ctx.user_id, proof)
    if verdict is Verdict.LOCKED:
        await _say_if_locked(ctx)
        return True
    if verdict is not Verdict.OK or match is None:
        return False
    ctx.say(ctx.loc._("Thank you, you're verified."))
    await start_flow(ctx, flow, match)
    return True


def _contact_match(ctx: Context, candidates: list[Order]) -> Order | None:
    """The one order among a contact's that the visitor described by its items, clearly best."""
    if not candidates:
        return None
    return _described_order(ctx, candidates) or _described_order(ctx, candidates, across=True)


async def another_order_named(ctx: Context) -> Order | None:
    """After an answer about one order, another of the customer's orders that the message names
    by its items ("and the rice cooker?", "แล้วผ้าห่มล่ะ", "còn đơn máy xay sinh tố?"): the
    same question, asked about that one. After an answer about all of them (no order in
    focus), the one the message names: "and the tracking number of the rice cooker one?"."""
    focus = ctx.state.focus
    if not focus and ctx.state.last_flow is None:
        return None
    named = await order_named_by_items(ctx)
    return named if named is not None and named.order_no != focus else None


async def order_named_by_items(ctx: Context) -> Order | None:
    """The one of the customer's own orders whose items the message names, clearly best."""
    customer_id = await ctx.services.identity.customer_for(ctx.channel, ctx.user_id)
    if customer_id is None:
        return None
    orders = await ctx.services.hub.list_customer_orders(customer_id, limit=ORDER_PAGE)
    return _described_order(ctx, orders)


async def order_named_in(ctx: Context, text: str) -> Order | None:
    """The one of the customer's own orders whose items `text` (a piece of the message)
    names, clearly best."""
    customer_id = await ctx.services.identity.customer_for(ctx.channel, ctx.user_id)
    if customer_id is None:
        return None
    orders = await ctx.services.hub.list_customer_orders(customer_id, limit=ORDER_PAGE)
    return _described_order(ctx, orders, text=text)


async def _order_by_meaning(ctx: Context, orders: list[Order]) -> Order | None:
    """The order the message describes in words of its own ("мой заказ с часами", "كيس
    الوسادة الحريري"), read like an answer to "which item?" then over the items of every order
    (an order's label shows its first item only), the words of the request left out."""
    from core.dialogue.items import MEANT, item_mentions

    # Orders by their items' titles only: the label shown to the customer also holds the
    # status ("Pagado"), whose words are not the customer's description ("parado").
    by_order = [
        ExpectedOption(
            id=o.order_no,
            label=" · ".join(i.title for i in o.items),
            words=[*(i.title for i in o.items), *(i.sku for i in o.items)],
        )
        for o in orders[:8]
    ]
    answer = await ctx.read(Expectation(kind=ExpectKind.ITEM, options=by_order))
    if answer is not None and answer.method in MEANT:
        return next((o for o in orders if o.order_no == answer.payload), None)
    options = [
        ExpectedOption(id=f"{o.order_no}\n{i.line_id}", label=i.title, words=[i.title, i.sku])
        for o in orders[:8]
        for i in o.items
    ]
    if len(options) < 2:
        return None
    expect = Expectation(kind=ExpectKind.ITEM, options=options)
    answer = await ctx.read(expect, item_mentions(ctx.understanding.text))
    if answer is None or answer.payload is None or answer.method not in MEANT:
        return None
    order_no = answer.payload.partition("\n")[0]
    return next((o for o in orders if o.order_no == order_no), None)


_FLOW_ACTIONS = {"cancel": Intent.CANCEL_ORDER, "return": Intent.RETURN_REQUEST}


def _action_phrases(ctx: Context, flow: str) -> str:
    """The phrases of the message that name the flow's action, when others do not ("cancel the
    air fryer order if it hasn't shipped, the blender one I'll pay again"): the order they
    describe is the one to act on, not one the rest of the message speaks of, even when they
    name it only in another script or without its marks ("noi chien" for "Nồi chiên")."""
    from core.understanding import frame

    action = _FLOW_ACTIONS.get(flow)
    if action is None:
        return ""
    pieces = frame.phrases(ctx.understanding.text)
    asked = [p for p in pieces if action in frame.actions_named(p)]
    if not 0 < len(asked) < len(pieces):
        return ""
    # the verb itself describes no item ("キャンセル" of "ノイズキャンセリング")
    verbs = lexicon.ACTION_VERBS[frame.NEGATABLE[action]].pattern
    return " ".join(verbs.sub(" ", lexicon.normalize(p)) for p in asked)


def _described_order(
    ctx: Context, orders: list[Order], *, across: bool = False, text: str | None = None
) -> Order | None:
    """The order whose items the message names, clearly best ("cancel the order with the mugs";
    "抹茶のギフトセット" names the matcha gift set more than the gift card); with `across`, also
    by an item named only in another script or language ("ヘッドホン" for "Headphones"), a
    weaker sign than the meaning of the message (`_order_by_meaning`), so asked after it."""
    from core.dialogue.items import title_score

    text = text or ctx.understanding.text
    scored = sorted(
        (
            (max((title_score(i.title, text, across=across) for i in o.items), default=0), n)
            for n, o in enumerate(orders)
        ),
        reverse=True,
    )
    if not scored or scored[0][0] <= 0 or (len(scored) > 1 and scored[1][0] >= scored[0][0]):
        return None
    return orders[scored[0][1]]


async def _find(ctx: Context, order_no: str) -> Order | None:
    """The order by its number as typed, or as the shop writes it: with or without the "#" a
    Shopify number carries ("1038" is "#1038")."""
    order = await ctx.services.hub.get_order(order_no)
    if order is None and "/" in order_no:  # "INV/20251231/MPL/5519876" as a page shows it
        order = await ctx.services.hub.get_order(order_no.replace("/", "-"))
    if order is None and not order_no.startswith("#") and len(order_no) <= 12:
        order = await ctx.services.hub.get_order(f"#{order_no}")
    if order is None and order_no.startswith("#"):
        order = await ctx.services.hub.get_order(order_no[1:])
    return order


async def _own_order_by_digits(ctx: Context, typed: str) -> Order | None:
    """One of the customer's own orders, named by its digits without the shop's prefix ("đơn
    4415" is #VN4415, "Bestellung 2230" is #EU2230) or by the last digits of a long number:
    only among the orders this chat user may see, and only when one order fits."""
    if not typed.isdigit() or len(typed) < 4:
        return None
    customer_id = await ctx.services.identity.customer_for(ctx.channel, ctx.user_id)
    if customer_id is None:
        return None
    orders = await ctx.services.hub.list_customer_orders(customer_id, limit=ORDER_PAGE)
    digits = {o.order_no: re.sub(r"\D", "", o.order_no) for o in orders}
    exact = [o for o in orders if digits[o.order_no] == typed]
    found = exact or [o for o in orders if digits[o.order_no].endswith(typed)]
    return found[0] if len(found) == 1 else None


async def _named_order(ctx: Context, flow: str, order_no: str) -> Order | None:
    """The order, for a user who may see it. Anyone else is asked to verify — whether or not
    the number is an order, in the same words, so the answer never tells which numbers exist
    (the verification of a number that is no order fails like a wrong answer)."""
    order = await _find(ctx, order_no) or await _own_order_by_digits(ctx, order_no)
    if order is not None and await ctx.services.identity.may_see(order, ctx.channel, ctx.user_id):
        return order
    await _ask_verification(ctx, flow, order.order_no if order is not None else order_no)
    asked, given = ctx.pending, verification_told(ctx.inbound.text)
    if isinstance(asked, VerifyStep) and given is not None:
        # "cancel WEB…301, my phone ends in 5678": the proof came with the number
        question = asked.parts()
        ctx.parts = [p for p in ctx.parts if p not in question]
        await _verify(ctx, asked, given)
    return None


_TOLD_DIGITS = re.compile(r"\D{0,12}?(?<!\d)(\d{4})(?!\d)")
_TOLD_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def verification_told(text: str) -> str | None:
    """The proof of who one is that a message naming an order gives along with it: four
    digits right after words for a phone's last digits ("mi celular termina en 5678", "尾号
    4321"), or one e-mail address; None when it gives neither, or more than one."""
    n = lexicon.normalize(text)
    told = {
        m.group(1)
        for marker in lexicon.LAST_DIGITS.finditer(n)
        if (m := _TOLD_DIGITS.match(n, marker.end())) is not None
    }
    emails = set(_TOLD_EMAIL.findall(text))
    if len(told) + len(emails) != 1:
        return None
    return next(iter(told | emails))


async def _ask_verification(ctx: Context, flow: str, order_no: str) -> None:
    if await _say_if_locked(ctx):
        return
    frame = ctx.request_frame()
    ctx.flow = flow
    ctx.ask(
        VerifyStep(
            frame=frame,
            flow=flow,
            order_no=order_no,
            prompt=ctx.loc._(
                "To protect your privacy, please confirm order {order}: send the last four "
                "digits of the phone number on the order, or its e-mail address.",
                order=order_no,
            ),
            expect=Expectation(kind=ExpectKind.VERIFY),
        )
    )


async def _say_if_locked(ctx: Context) -> bool:
    seconds = await ctx.services.identity.locked_seconds(ctx.channel, ctx.user_id)
    if not seconds:
        return False
    ctx.settle()
    minutes = max(1, -(-seconds // 60))
    ctx.say(
        ctx.loc.n_(
            "Too many wrong answers. For your security, please try again in {n} minute.",
            "Too many wrong answers. For your security, please try again in {n} minutes.",
            minutes,
        )
    )
    return True


@router.step("verify")
async def verify_step(ctx: Context) -> None:
    pending = ctx.pending
    assert isinstance(pending, VerifyStep)
    await _verify(ctx, pending, verification_answer(ctx.inbound.text) or ctx.inbound.text.strip())


async def _verify(ctx: Context, pending: VerifyStep, answer: str) -> None:
    flow = pending.flow or "status"
    order = await ctx.services.hub.get_order(pending.order_no)
    verdict = await ctx.services.identity.verify(
        order, ctx.channel, ctx.user_id, answer, order_no=pending.order_no
    )
    if verdict is Verdict.OK and order is not None:  # OK is only ever said of an order
        ctx.say(ctx.loc._("Thank you, you're verified."))
        ctx.take_up(pending.frame)
        await start_flow(ctx, flow, order)
    elif verdict is Verdict.LOCKED:
        await _say_if_locked(ctx)
    else:
        ctx.say(
            ctx.loc._(
                "That doesn't match our records for order {order}. Please check the order "
                "number and your answer, and try again.",
                order=pending.order_no,
            )
        )


@router.step("order_number")
async def order_number_step(ctx: Context) -> None:
    pending, answer = ctx.pending, ctx.understanding.answer
    if answer is not None and answer.value:  # typed in groups: "3412 9087 6543 2198 765"
        entities = ctx.understanding.entities.model_copy(update={"order_numbers": [answer.value]})
        ctx.understanding = ctx.understanding.model_copy(update={"entities": entities})
    given = pending.verification if isinstance(pending, OrderNumberStep) else None
    if answer is not None and answer.method == "verify":  # who they are, before the number
        given = verification_answer(ctx.inbound.text)
    told_now = given if answer is not None and answer.method == "verify" else None
    if pending is not None:
        ctx.take_up(pending.frame)
    await run_with_order(ctx, (pending.flow if pending else None) or "status", proof=told_now)
    asked = ctx.pending
    if given is None:
        return
    if isinstance(asked, OrderNumberStep):
        asked.verification = given  # still no number: kept for when it comes
    elif isinstance(asked, VerifyStep):  # the order it names, verified with what was said
        question = asked.parts()
        ctx.parts = [p for p in ctx.parts if p not in question]
        await _verify(ctx, asked, given)


@router.payload("order")
async def pick_order(ctx: Context, order_no: str) -> None:
    """A button press (or its number, or its description typed) naming one order."""
    pending = ctx.pending
    flow = (pending.flow if pending else None) or ctx.state.last_flow or "status"
    if pending is not None:
        ctx.take_up(pending.frame)
    order = await ctx.services.hub.get_order(order_no)
    if order is None or not await ctx.services.identity.may_see(order, ctx.channel, ctx.user_id):
        ctx.settle()
        ctx.say(ctx.loc._("Sorry, that order can no longer be found."))
        return
    await start_flow(ctx, flow, order)
