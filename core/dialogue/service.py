"""Invoices (details collected, ticket to finance) and delivery problems (ticket to logistics)."""

from __future__ import annotations

from core.dialogue.context import Context
from core.dialogue.modify import modify_details
from core.dialogue.offers import offer_flow
from core.dialogue.resolve import run_with_order, start_flow
from core.dialogue.router import Router
from core.dialogue.state import DetailsStep
from core.dialogue.tickets import open_ticket
from core.order import Order, OrderStatus
from core.policies import Department, Priority
from core.understanding import Intent, ParsedAddress
from core.understanding.expect import Expectation, ExpectKind
from core.understanding.frame import actions_named

router = Router()


@router.intent(Intent.INVOICE)
async def ask_invoice(ctx: Context) -> None:
    await run_with_order(ctx, "invoice")


@router.order_flow("invoice")
async def start_invoice(ctx: Context, order: Order) -> None:
    said = ctx.understanding.entities
    if said.invoice_title:  # "发票抬头 上海某某科技有限公司 税号 …" in the first message
        await _request_invoice(
            ctx, order, said.invoice_title, said.tax_id, _billing(said.invoice_address)
        )
        return
    ctx.ask(
        DetailsStep(
            purpose="invoice",
            order_no=order.order_no,
            prompt=ctx.loc._(
                "For the invoice of order {order}, please send the invoice title (your name or "
                "company name) and, for a company, its tax ID.",
                order=order.order_no,
            ),
            expect=Expectation(kind=ExpectKind.FREE_TEXT, action=Intent.INVOICE.value),
        )
    )


@router.step("details")
async def details(ctx: Context) -> None:
    """Free text a flow asked for: the invoice title and tax id, or what to change."""
    step = ctx.pending
    assert isinstance(step, DetailsStep)
    if step.purpose == "modify":
        await modify_details(ctx, step)
    else:
        await invoice_details(ctx, step)


async def invoice_details(ctx: Context, step: DetailsStep) -> None:
    text = ctx.inbound.text.strip()
    order = await ctx.services.hub.get_order(step.order_no)
    if order is None:
        ctx.settle()
        ctx.say(ctx.loc._("Sorry, that order can no longer be found."))
        return
    if len(text) < 2:
        ctx.add(*step.parts())
        return
    said = ctx.understanding.entities
    tax_id = said.tax_id
    title = said.invoice_title or _title_of(text, tax_id)
    await _request_invoice(ctx, order, title, tax_id, _billing(said.invoice_address))


def _billing(address: ParsedAddress | None) -> str | None:
    """The company's address given with the invoice data, for finance: as typed, in order."""
    if address is None:
        return None
    parts = (
        address.line1,
        address.line2,
        address.subdistrict,
        address.district,
        address.city,
        address.province,
        address.postal_code,
        address.country,
    )
    return ", ".join(p for p in parts if p) or None


def _title_of(text: str, tax_id: str | None) -> str:
    """The invoice title is what the reply says besides its tax id (a person's name, say)."""
    rest = text.replace(tax_id, " ") if tax_id else text
    return " ".join(rest.split()).strip(" ,，;；:：")[:120]


async def _request_invoice(
    ctx: Context, order: Order, title: str, tax_id: str | None, billing: str | None = None
) -> None:
    ctx.settle()
    data = {"title": title, "tax_id": tax_id}
    if billing:
        data["billing_address"] = billing
    ticket = await open_ticket(
        ctx,
        order,
        "invoice",
        None,
        "invoice request",
        data,
        department=Department.FINANCE,
        priority=Priority.LOW,
    )
    ctx.say(
        ctx.loc._(
            "Thank you. Finance will issue the invoice for order {order} to “{title}” "
            "(ticket {ticket}) and send it to you here.",
            order=order.order_no,
            title=title,
            ticket=f"#{ticket.id}",
        )
    )


@router.intent(Intent.DELIVERY_ISSUE)
async def ask_delivery(ctx: Context) -> None:
    await run_with_order(ctx, "delivery")


@router.order_flow("delivery")
async def delivery_problem(ctx: Context, order: Order) -> None:
    if order.status is OrderStatus.DELIVERED and Intent.RETURN_REQUEST in actions_named(
        ctx.understanding.text
    ):  # "they arrived chipped, I want to return them": the return is the request
        await start_flow(ctx, "return", order)
        return
    ticket = await open_ticket(
        ctx,
        order,
        "delivery_issue",
        None,
        ctx.understanding.text or "delivery problem",
        department=Department.LOGISTICS,
        priority=Priority.HIGH,
    )
    ctx.say(
        ctx.loc._(
            "I'm sorry about that. I've opened a case with our logistics team (ticket "
            "{ticket}); they will check with the carrier and reply here.",
            ticket=f"#{ticket.id}",
        )
    )
    if order.status is OrderStatus.DELIVERED:  # one action offered: a plain yes takes it
        offer_flow(
            ctx,
            ctx.loc._("If an item arrived damaged or wrong, you can also return it right away."),
            lambda loc: loc._("Return or exchange"),
            "return",
            order,
        )
