"""Questions about the order just answered: is it the right one, when will it come, what now.

Right after an answer about one order (its status, its payment) customers ask about that same
order in words that name no request: "is it the one with the blue scarf too?", "the 6-cup one,
not the 3-cup?", "when will I get it then?", "so what do I do now?". A model reads such a
message as nothing in particular (or as a change of the order); a human agent answers it from
the order on the screen. So does this: the order's own items confirm (or correct) what the
customer describes, its dates say when, its state says what to do next.
"""

from __future__ import annotations

import re
from datetime import timedelta

from core.answers.labels import status_label
from core.answers.status import answer_status
from core.dialogue.context import Context
from core.dialogue.items import title_score
from core.dialogue.resolve import ORDER_PAGE, start_flow
from core.order import Item, Order, OrderStatus
from core.policies import delivery_days
from core.understanding import Intent
from core.understanding import lexicon as lx
from core.understanding.frame import actions_named, asks_where
from core.understanding.products import describe, kind_score, product, sizes_match

FOLLOWED = frozenset({"status", "payment", "delivery"})
"""Answers a question about the same order may follow."""
_OPEN_INTENTS = frozenset(
    {
        Intent.AFFIRM,
        Intent.DENY,
        Intent.GREETING,
        Intent.OTHER,
        Intent.ORDER_STATUS,
        Intent.POLICY_QUESTION,
    }
)
"""Readings that leave the question to the order at hand (below `_SURE`, any reading does)."""
_SURE = 0.6

#: "Is it the right order?", "the correct one", "c'est bien celle…", "الطلب الصح": whether
#: the order (or item) is the one the customer means.
RIGHT_ONE = lx.WordClass(
    bare=True,
    entries="""
right order, correct order, right one, correct one, right item, correct item, right package,
right parcel, is it the one, is that the one, is this the one, the one with, same order,
pedido correcto, pedido bueno, el correcto, la correcta, es el de, es el que, es la de,
encomenda certa, pedido certo, a certa, o certo, é mesmo, é esse, é essa, é a de, é o de, é a que,
é o que,
bonne commande, bon colis, la bonne, le bon, c'est bien, c'est celle, c'est celui, est-ce bien,
il s'agit bien,
richtig*, dieselbe, ist das die, ist es die, ist das der, ist das auch,
тот заказ, тот самый, та самая, правильный заказ, нужный заказ, это тот, это та, верный заказ,
是那个, 是这个, 是不是那个, 是不是这个, 对吗, 对吧, 没错吧, 对的吗, 是那单, 是这单, 正确的订单,
合って, 間違いない, この注文で, あの注文で, 맞나요, 맞죠, 맞는 주문, 맞는지, 그거 맞,
الصح, الصحيح, هو ده, هي دي, هو هذا, هذا هو, نفس الطلب, مش غلط, مو غلط,
bener yg, bener yang, benar yang, betul yang, yang bener, yg bener, yg benar, yang benar,
pesanan yang benar, udah bener, sudah benar,
đúng đơn, đơn đúng, đúng là đơn, có phải đơn, phải đơn, đúng món, đúng cái,
ใช่ออเดอร์, ถูกออเดอร์, ออเดอร์ที่ถูก, ใช่อันที่, ใช่ไหม, ใช่มั้ย, ถูกต้องไหม, ใช่รึเปล่า,
ใช่หรือเปล่า, อันเดียวกัน
""",
)
#: "When", of an arrival: when will it come, how long, how many days.
WHEN = lx.WordClass(
    bare=True,
    entries="""
when, how long, how soon, how many days, what day, eta, cuándo, cuando, cuánto tarda,
cuántos días, quando, quanto tempo, quantos dias, quand, combien de temps, combien de jours,
wann, wie lange, wie viele tage, когда, сколько ждать, сколько дней, через сколько, いつ,
何日, 언제, 며칠, 什么时候, 多久, 几天, 哪天, 何时, เมื่อไหร่, กี่วัน, วันไหน, متى, امتى, إمتى,
كم يوم, kapan, berapa lama, berapa hari, khi nào, bao giờ, bao lâu, mấy ngày, hôm nào
""",
)
#: Arriving, receiving: what a "when" is about when it asks about the order itself.
ARRIVE = lx.WordClass(
    bare=True,
    entries="""
arrive*, get it, receive*, deliver*, come, coming, ship*, send, sent, llega*, recib*, entreg*,
envía*, envia*, chega*, receb*, envi*, arriv*, reçoi*, recevoir, livr*, expédi*, kommt,
ankommen, bekomme*, erhalte*, geliefert, liefer*, verschick*, versand*, придёт, придет,
получу, доставят, доставка, отправят, 届, 着, 来る, 발송, 도착, 받을, 배송, 到, 收到, 发货, 送达,
寄, ได้รับ, ถึง, ส่ง, يوصل, توصل, يوصلني, استلم, يتشحن, يتبعت, يشحن, sampai, nyampe, datang,
dikirim, diterima, nhận, giao, tới, đến, gửi
""",
)
#: A day the parcel is wanted by ("can it arrive by the weekend?", "¿llega antes del viernes?",
#: "周末前能到吗"): with an arriving, a question of when it comes.
BY_A_DAY = lx.WordClass(
    bare=True,
    entries="""
by the weekend, by this weekend, before the weekend, by friday, by saturday, by sunday,
by tomorrow, in time for, antes del fin de semana, para el fin de semana, antes del viernes,
para el sábado, a tiempo para, até ao fim de semana, até o fim de semana, até sexta, até sábado,
antes do fim de semana, a tempo para, avant le week-end, d'ici le week-end, avant vendredi,
pour samedi, à temps pour, bis zum wochenende, vor dem wochenende, bis freitag, bis samstag,
rechtzeitig, до выходных, к выходным, до пятницы, к субботе, к пятнице, вовремя, 周末前, 周末之前,
周五前, 周六前, 来得及, 赶得上, 週末まで, 週末までに, 金曜までに, 土曜までに, 間に合, 주말까지,
주말 전에, 금요일까지, 토요일까지, قبل الويكند, قبل نهاية الاسبوع, قبل الجمعه, sebelum weekend,
sebelum akhir pekan, sebelum hari sabtu, keburu, trước cuối tuần, kịp cuối tuần, kịp không,
ก่อนเสาร์อาทิตย์, ก่อนสุดสัปดาห์, ทันไหม, ทันมั้ย
""",
)
#: "What do I do now?": what the customer is to do next about the order.
WHAT_NOW = lx.WordClass(
    bare=True,
    entries="""
what do i do, what should i do, what can i do, what do i need to do, what now, what next,
what am i supposed to do, how do i fix, qué hago, que hago, qué debo hacer, qué tengo que hacer,
qué puedo hacer, y ahora qué, o que eu faço, o que faço, o que devo fazer, o que tenho que fazer,
o que posso fazer, que dois-je faire, qu'est-ce que je dois faire, je fais quoi, que faire,
qu'est-ce que je fais, on fait quoi, was soll ich tun, was soll ich machen, was muss ich tun,
was kann ich tun, was mache ich, wie geht es weiter, was soll ich jetzt tun,
was soll ich jetzt machen, was muss ich jetzt tun, was mache ich jetzt, was tun,
что мне делать, что делать, что теперь,
как быть, 怎么办, 该怎么办, 我该怎么做, 要怎么做, 怎么处理, どうすれば, どうしたら, 어떻게 해야,
어떡해, 어떻게 하면, 뭘 해야, اعمل ايه, اسوي ايش, شو اعمل, ماذا افعل, وش اسوي, ايش اسوي,
ايش المفروض, المفروض اعمل, gimana dong, harus gimana, aku harus apa, saya harus bagaimana,
terus gimana, apa yang harus, trus gimana, làm sao, phải làm gì, làm thế nào, giờ sao, làm gì,
ทำยังไง, ต้องทำยังไง, ทำอย่างไร, ต้องทำอะไร, ทำไงดี
""",
)

_INDIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_DECIMAL = re.compile(r"(?<=\d)[.,](?=\d)")
_NUMBER = re.compile(r"\d+(?:_\d+)?")
_TITLE_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


async def answer_follow_up(ctx: Context) -> bool:
    """Answer a question about the order just discussed from the order itself; False when the
    message is not one (it asks for something else, names another order, nothing is open)."""
    state, said = ctx.state, ctx.understanding
    if ctx.pending is not None or not state.focus or state.last_flow not in FOLLOWED:
        return False
    if said.intent not in _OPEN_INTENTS and said.confidence >= _SURE:
        return False
    text = said.text
    if said.entities.order_numbers or actions_named(text):
        return False
    n = lx.normalize(text)
    if not _may_be_a_follow_up(text, n):
        return False  # decided on the text alone: a turn that is none reads no order here
    order = await _order_in_focus(ctx)
    if order is None:
        return False
    if WHAT_NOW.search(n) and order.status is OrderStatus.PENDING_PAYMENT:
        await start_flow(ctx, "payment", order)  # unpaid: paying is what comes next
        return True
    if RIGHT_ONE.search(n) or _described(order, text):
        await _confirm_the_order(ctx, order, text)
        return True
    if lx.asks(text) and not asks_where(text) and _says_what_it_means(text):
        # "is it the grey one in L?": what they describe is not in it; unless another of
        # their orders holds it ("and the rice cooker?" asks about that one)
        if await _other_order_holding(ctx, order, text) is None:
            await _confirm_the_order(ctx, order, text)
            return True
    if WHEN.search(n) and ARRIVE.search(n) and lx.MONEY_BACK.search(n) is None:
        await say_when(ctx, order)
        return True
    return False


def _may_be_a_follow_up(text: str, n: str) -> bool:
    """Whether one of the questions below may be asked: "where is my order?" again, or a
    thanks, is none (the status flow answers the first) and must not cost a read."""
    when = WHEN.search(n) is not None and ARRIVE.search(n) is not None
    if RIGHT_ONE.search(n) or WHAT_NOW.search(n) or when:
        return True
    return lx.asks(text) and (not asks_where(text) or _says_what_it_means(text))


async def _order_in_focus(ctx: Context) -> Order | None:
    focus = ctx.state.focus
    order = await ctx.services.hub.get_order(focus) if focus else None
    if order is None or not await ctx.services.identity.may_see(order, ctx.channel, ctx.user_id):
        return None
    return order


# ------------------------------------------------------------------------------ right order


def _numbers(text: str) -> tuple[set[float], set[float]]:
    """The numbers a message says (Arabic-Indic digits too), and those it says it does not
    mean ("not the 3-cup one", "bukan yg 1 liter", "ไม่ใช่ 5 ฟุต")."""
    n = lx.normalize(_DECIMAL.sub("_", text.translate(_INDIC_DIGITS)))
    said: set[float] = set()
    refused: set[float] = set()
    for m in _NUMBER.finditer(n):
        value = float(m.group(0).replace("_", "."))
        (refused if lx.negated(n, m.start(), m.end()) else said).add(value)
    return said - refused, refused


def _fits(item: Item, text: str) -> tuple[bool, bool]:
    """(whether the message names the item, whether it says something the item is not): its
    kind, its title's words, its colour, its size, the numbers of its variant."""
    description = describe(text)
    made = product(item.title, item.sku)
    named = (
        kind_score(description.kinds, made) > 0
        or title_score(item.title, text) > 0
        or bool(description.colours & made.colours)
    )
    said, _ = _numbers(text)  # one refused alone is too unsure a "not" ("không dầu 5L")
    variant = {float(v.replace(",", ".")) for v in _TITLE_NUMBER.findall(item.title)}
    contradicted = bool(
        (description.colours and made.colours and not description.colours & made.colours)
        or (description.size is not None and made.sizes and not sizes_match(description, made))
        or (variant and said and not said & variant)
    )
    return named, contradicted


def _described(order: Order, text: str) -> bool:
    """The message describes an item of the order (and, asking, whether it is that one)."""
    if not lx.asks(text):
        return False
    return any(_fits(item, text)[0] for item in order.items)


def _says_what_it_means(text: str) -> bool:
    description = describe(text)
    return description.says_anything or bool(_numbers(text)[0])


def _items(ctx: Context, order: Order) -> str:
    return ctx.loc._(", ").join(f"{i.title} × {ctx.loc.number(i.quantity)}" for i in order.items)


async def _confirm_the_order(ctx: Context, order: Order, text: str) -> None:
    """Yes, this order holds what they describe; or not quite, or no — with what it holds, and
    the customer's other order that holds what they describe, if one does."""
    loc, number, items = ctx.loc, order.order_no, _items(ctx, order)
    fits = [_fits(item, text) for item in order.items]
    named = [f for f in fits if f[0]]
    if named and not any(contradicted for _, contradicted in named):
        ctx.say(
            loc._("Yes, that's the one: order {order} holds {items}.", order=number, items=items)
        )
        return
    if named:
        said = loc._("Not quite: order {order} holds {items}.", order=number, items=items)
    elif _says_what_it_means(text):
        said = loc._("No: order {order} holds {items}.", order=number, items=items)
    else:
        ctx.say(loc._("Order {order} holds {items}.", order=number, items=items))
        return
    other = await _other_order_holding(ctx, order, text)
    if other is not None:
        said += "\n" + loc._(
            "What you describe is in your order {order} ({status}).",
            order=other.order_no,
            status=status_label(loc, other.status),
        )
    ctx.say(said)


async def _other_order_holding(ctx: Context, order: Order, text: str) -> Order | None:
    """The customer's one other order whose items fit the description, with nothing against."""
    customer_id = await ctx.services.identity.customer_for(ctx.channel, ctx.user_id)
    if customer_id is None:
        return None
    orders = await ctx.services.hub.list_customer_orders(customer_id, limit=ORDER_PAGE)
    holding = [
        o
        for o in orders
        if o.order_no != order.order_no
        and any(
            named and not contradicted
            for named, contradicted in map(lambda item: _fits(item, text), o.items)
        )
    ]
    return holding[0] if len(holding) == 1 else None


# ------------------------------------------------------------------------------ when


def asks_when_it_comes(text: str) -> bool:
    """ "When will it arrive?", "can it get here by the weekend?", "周末前能到吗": the day the
    order would come, asked, not where it is now."""
    n = lx.normalize(text)
    return (WHEN.search(n) is not None or BY_A_DAY.search(n) is not None) and (
        ARRIVE.search(n) is not None and lx.MONEY_BACK.search(n) is None
    )


async def say_when(ctx: Context, order: Order) -> None:
    """Its status, and for a paid order still in the warehouse the day it should leave and how
    long delivery then takes (a shipped one's status has its expected delivery)."""
    await answer_status(ctx, order)
    if order.status not in (OrderStatus.PAID, OrderStatus.PICKING) or order.paid_at is None:
        return
    if order.presale_ship_by is not None or any(i.backordered for i in order.items):
        return  # the status answer said when (pre-sale) or why not (out of stock)
    hours = ctx.services.policy.warehouse_late_hours
    deadline = order.paid_at + timedelta(hours=hours)
    if deadline <= ctx.now:
        return  # late: the status answer apologised and asked the warehouse
    transit = delivery_days(order, ctx.services.policy)
    ctx.say(
        ctx.loc._(
            "Orders leave our warehouse within {hours} hours of payment, so it should leave by "
            "{deadline}; delivery then usually takes {days} days.",
            hours=ctx.loc.number(hours),
            deadline=ctx.loc.when(deadline),
            days=f"{transit.min}–{transit.max}",
        )
    )
