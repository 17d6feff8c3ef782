"""Changing the shipping address: ask, parse, show back, confirm, act by order status."""

from __future__ import annotations

import re
from typing import Any

from core.answers.labels import address_text, carrier_label
from core.dialogue.confirm import ask_confirmation
from core.dialogue.context import Context
from core.dialogue.resolve import run_with_order
from core.dialogue.router import Router
from core.dialogue.state import AddressChange, AddressStep
from core.dialogue.tickets import open_ticket
from core.masking import mask_phone
from core.order import Address, Order
from core.personal import SEALED_ADDRESS, masked_address, seal_address
from core.policies import AddressAction, address_change_outcome
from core.tickets import Ticket
from core.understanding import Intent, ParsedAddress, Understanding
from core.understanding.addresses import whole_address
from core.understanding.corrections import Correction, correct_fields, find_correction
from core.understanding.expect import Expectation, ExpectKind
from core.understanding.replies import Reply, address_piece_of

router = Router()

CN_MOBILE = re.compile(r"^1[3-9]\d{9}$")


@router.intent(Intent.CHANGE_ADDRESS)
async def ask_address_change(ctx: Context) -> None:
    await run_with_order(ctx, "address")


@router.order_flow("address")
async def start_address_change(ctx: Context, order: Order) -> None:
    outcome = address_change_outcome(order)
    if outcome.action is AddressAction.CANNOT_CHANGE:
        ctx.say(
            ctx.loc._(
                "Order {order} can no longer be changed: it has been delivered, cancelled or "
                "closed.",
                order=order.order_no,
            )
        )
        return
    correction = _one_number_put_right(ctx.understanding)
    if correction is not None:
        corrected = _corrected_address(order.shipping_address, correction)
        if corrected is not None:  # "flat 84, not 48; the rest is the same"
            _confirm(ctx, order, corrected)
            return
    if ctx.understanding.entities.address is not None:
        await _take_address(ctx, order, ctx.understanding.entities.address)
        return
    _ask_address(
        ctx,
        order,
        ctx.loc._(
            "Is this about order {order}? Please send the new full address, with the "
            "recipient's name and phone number.",
            order=order.order_no,
        ),
    )


def _ask_address(
    ctx: Context, order: Order, prompt: str, partial: ParsedAddress | None = None
) -> None:
    ctx.flow = "address"
    ctx.ask(
        AddressStep(
            order_no=order.order_no,
            prompt=prompt,
            expect=Expectation(kind=ExpectKind.ADDRESS),
            partial=partial,
        )
    )


@router.step("address")
async def new_address_step(ctx: Context) -> None:
    pending = ctx.pending
    assert isinstance(pending, AddressStep)
    order = await ctx.services.hub.get_order(pending.order_no)
    parsed = _completed(pending.partial, ctx.understanding)
    if order is None:
        ctx.settle()
        ctx.say(ctx.loc._("Sorry, that order can no longer be found."))
        return
    correction = _one_number_put_right(ctx.understanding)
    if correction is not None:
        ctx.flow = "address"
        await _take_correction(ctx, order, pending.partial, correction)
        return
    if parsed is None:
        ctx.add(*pending.parts())
        return
    ctx.flow = "address"
    piece = ctx.understanding.answer is not None and ctx.understanding.answer.method == (
        "address_piece"
    )
    await _take_address(ctx, order, parsed, piece=piece)


def _one_number_put_right(understanding: Understanding) -> Correction | None:
    """A correction of one number of the address given before ("flat 84, not 48"); a reply
    that types a whole address is that address, whatever its words ("jl melati 3 no 12 …")."""
    if whole_address(understanding.entities.address):
        return None
    return find_correction(understanding.text)


#: Where a wrong number of an address may stand; the other fields repeat parts of these.
_SEARCHED = ("line1", "line2", "district", "subdistrict", "postal_code")


def _corrected_address(address: Address, correction: Correction) -> Address | None:
    """The address with the one number the customer said was wrong put right; None when that
    number stands nowhere in it, or in more than one place."""
    fields = address.model_dump()
    changed = correct_fields(
        {k: fields[k] for k in _SEARCHED if k in fields}, correction, _SEARCHED
    )
    return None if changed is None else address.model_copy(update=changed)


def _corrected_partial(partial: ParsedAddress, correction: Correction) -> ParsedAddress | None:
    fields = {k: v for k, v in partial.model_dump().items() if isinstance(v, str) or v is None}
    changed = correct_fields(fields, correction, _SEARCHED)
    return None if changed is None else ParsedAddress.model_validate(changed)


async def _take_correction(
    ctx: Context, order: Order, partial: ParsedAddress | None, correction: Correction
) -> None:
    """A reply that puts one number right ("hẻm 45/21, not 45/12"): of the address given so
    far, else of the order's own; a correction of neither is not taken as an address (its
    words would be stored as one), the full address is asked for instead."""
    if partial is not None and (fixed := _corrected_partial(partial, correction)) is not None:
        await _take_address(ctx, order, fixed)
        return
    corrected = _corrected_address(order.shipping_address, correction)
    if corrected is not None:
        _confirm(ctx, order, corrected)
        return
    _ask_address(ctx, order, _ask_in_full(ctx), partial)


def _ask_the_rest(ctx: Context) -> str:
    return ctx.loc._(
        "Thanks, I have that part of the address. Please send the rest of it: street and "
        "number, area or postal code, and city."
    )


def _ask_in_full(ctx: Context) -> str:
    return ctx.loc._(
        "I couldn't read a complete address. Please send it in full: for China "
        "province, city, district and street with number; elsewhere street and number, "
        "postal code, city and country."
    )


@router.amended("address")
async def correct_shown_address(ctx: Context, change: AddressChange, answer: Any) -> None:
    """Asked to confirm an address, the customer puts one number of it right ("c'est au 16,
    pas au 14"): that address, so changed, shown again for confirmation."""
    order = await ctx.services.hub.get_order(change.order_no)
    if order is None:
        ctx.say(ctx.loc._("Sorry, that order can no longer be found."))
        return
    correction = find_correction(ctx.understanding.text)
    corrected = None if correction is None else _corrected_address(change.address, correction)
    if corrected is None:
        _ask_address(ctx, order, _ask_in_full(ctx))
        return
    _confirm(ctx, order, corrected)


def _completed(partial: ParsedAddress | None, understanding: Understanding) -> ParsedAddress | None:
    """The address given so far, completed by this reply (a missing phone, a postal code)."""
    given = understanding.entities.address
    piece = None
    if given is None:
        piece = address_piece_of(
            Reply(understanding.text, understanding.entities, understanding.intent, 0.0)
        )
    if given is None and piece is None and understanding.entities.phones:
        given = ParsedAddress(phone=understanding.entities.phones[0])
    if given is None and piece is None:
        return None
    if partial is None:
        return given or piece
    merged = partial.model_dump()
    if given is not None:
        merged.update({k: v for k, v in given.model_dump().items() if v})
    elif piece is not None:
        # a piece completes what is missing ("Dubai Marina, Dubai" after "Marina Gate 2 apt
        # 1204"); it does not overwrite what was given
        merged.update({k: v for k, v in piece.model_dump().items() if v and not merged.get(k)})
    return ParsedAddress.model_validate(merged)


def _missing(parsed: ParsedAddress, country: str) -> list[str]:
    if country == "CN":
        needed = {"province": parsed.province, "city": parsed.city, "line1": parsed.line1}
    else:
        # Bangkok and Hong Kong's regions are a top level with no city below them
        town = parsed.city or parsed.province
        # a district below the city places the street as well as a postal code does (Seoul's
        # 마포구, Hanoi's quận), and so does a ward below that (Vũng Tàu's "Phường 4", a
        # kelurahan): the courier finds the code, so the customer isn't asked for it
        postal = parsed.postal_code or parsed.district or parsed.subdistrict
        needed = {"city": town, "postal_code": postal, "line1": parsed.line1}
    return [name for name, value in needed.items() if not value]


def _merge(order: Order, parsed: ParsedAddress) -> Address:
    """The new address: every part the customer gave (unit, floor, building, ward and postal
    code included), the recipient's name and phone from the order when not given."""
    current = order.shipping_address
    line1 = parsed.line1 or current.line1
    if parsed.subdistrict and parsed.subdistrict not in line1:
        # the ward, colonia or แขวง is written after its street ("123 Lê Lợi, P. Bến Thành")
        line1 = f"{line1}, {parsed.subdistrict}"
    return Address(
        name=parsed.name or current.name,
        phone=parsed.phone or current.phone,
        country=(parsed.country or current.country).upper(),
        province=parsed.province,
        city=parsed.city or parsed.province or current.city,
        district=parsed.district,
        line1=line1,
        line2=parsed.line2 or None,
        postal_code=parsed.postal_code,
    )


async def _take_address(
    ctx: Context, order: Order, parsed: ParsedAddress, piece: bool = False
) -> None:
    """`piece`: the reply gave a piece of the address ("Marina Gate 2 apt 1204"), kept; the rest
    is asked for, and the next piece completes it."""
    country = (parsed.country or order.shipping_address.country).upper()
    missing = _missing(parsed, country)
    if missing:
        prompt = _ask_the_rest(ctx) if piece and country != "CN" else _ask_in_full(ctx)
        _ask_address(ctx, order, prompt, parsed)
        return
    address = _merge(order, parsed)
    if address.country == "CN" and not CN_MOBILE.match(re.sub(r"\D", "", address.phone)[-11:]):
        _ask_address(
            ctx, order, ctx.loc._("Please add an 11-digit mobile number for the courier."), parsed
        )
        return
    _confirm(ctx, order, address)


def _confirm(ctx: Context, order: Order, address: Address) -> None:
    """The new address shown back (its phone masked), waiting for a yes."""
    ctx.flow = "address"
    ask_confirmation(
        ctx,
        AddressChange(order_no=order.order_no, address=address),
        ctx.loc._(
            "Change the delivery address of order {order} to: {address}?",
            order=order.order_no,
            # the phone is personal data: shown masked, like everywhere else in replies
            address=address_text(
                ctx.loc, address.model_copy(update={"phone": mask_phone(address.phone)})
            ),
        ),
    )


async def _address_ticket(
    ctx: Context, order: Order, kind: str, outcome: Any, summary: str, address: Address
) -> Ticket:
    """A ticket to act on a new address: masked in its data, and sealed for this ticket so
    that staff allowed to see personal data can reveal it (`StaffActions.reveal_address`)."""
    ticket = await open_ticket(
        ctx, order, kind, outcome, summary, {"address": masked_address(address)}
    )
    sealed = seal_address(ctx.services.settings.session_key, address, f"ticket:{ticket.id}")
    if sealed is not None:
        await ctx.services.tickets.update(ticket.id, data={SEALED_ADDRESS: sealed})
    return ticket


@router.confirmed("address")
async def change_address(ctx: Context, change: AddressChange) -> None:
    order = await ctx.services.hub.get_order(change.order_no)
    if order is None:
        ctx.say(ctx.loc._("Sorry, that order can no longer be found."))
        return
    address = change.address
    outcome = address_change_outcome(order, address.country)
    number = order.order_no
    summary = f"address change to {address.country} {address.province or ''} {address.city}"
    match outcome.action:
        case AddressAction.UPDATE_NOW:
            await ctx.services.operations.update_address(order, address, f"customer:{ctx.channel}")
            ctx.say(ctx.loc._("Done: order {order} will go to the new address.", order=number))
        case AddressAction.INTERCEPT_TICKET:
            ticket = await _address_ticket(
                ctx, order, "address_intercept", outcome, summary, address
            )
            ctx.say(
                ctx.loc._(
                    "Order {order} is already being packed. I've asked the warehouse to stop it "
                    "and change the address (ticket {ticket}); I'll tell you here whether it "
                    "worked.",
                    order=number,
                    ticket=f"#{ticket.id}",
                )
            )
        case AddressAction.REDIRECT_TICKET:
            ticket = await _address_ticket(
                ctx, order, "address_redirect", outcome, summary, address
            )
            ctx.say(
                ctx.loc._(
                    "Order {order} has already shipped. I've asked our logistics team to request a "
                    "redirect from the carrier (ticket {ticket}). The carrier decides, so I can't "
                    "promise it.",
                    order=number,
                    ticket=f"#{ticket.id}",
                )
            )
            for shipment in order.shipments:  # where it is now: the customer can follow it
                ctx.say(
                    ctx.loc._(
                        "Carrier: {carrier}, tracking number {tracking}.",
                        carrier=carrier_label(ctx.loc, shipment.carrier, shipment.tracking_no),
                        tracking=shipment.tracking_no,
                    )
                )
        case AddressAction.STAFF_TICKET:
            ticket = await _address_ticket(
                ctx, order, "address_country_change", outcome, summary, address
            )
            ctx.say(
                ctx.loc._(
                    "Sending order {order} to another country needs a colleague's check (ticket "
                    "{ticket}). They will contact you here.",
                    order=number,
                    ticket=f"#{ticket.id}",
                )
            )
        case AddressAction.CANNOT_CHANGE:
            ctx.say(
                ctx.loc._(
                    "Order {order} can no longer be changed: it has been delivered, cancelled or "
                    "closed.",
                    order=number,
                )
            )
