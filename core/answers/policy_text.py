"""One plain sentence for each policy code: refusals, notes, payment reasons and actions."""

from __future__ import annotations

from core.i18n import Localizer
from core.policies import Note, PaymentAction, PaymentReason, Refusal


def refusal_sentence(loc: Localizer, refusal: Refusal, item: str, deadline: str = "") -> str:
    sentences = {
        Refusal.NOT_DELIVERED: loc._("{item} hasn't been delivered yet, so it can't be returned."),
        Refusal.ORDER_CANCELLED: loc._("This order was cancelled, so there is nothing to return."),
        Refusal.ORDER_CLOSED: loc._("This order is closed and can no longer be returned."),
        Refusal.ALREADY_RETURNED: loc._("{item} has already been returned."),
        Refusal.WINDOW_EXPIRED: loc._("{item}: the return period ended on {deadline}."),
        Refusal.CUSTOM_OR_DIGITAL: loc._(
            "{item} is made to order or digital, so it can only be returned if it is defective "
            "or wrong."
        ),
        Refusal.PERISHABLE_DAMAGE_ONLY: loc._(
            "{item} is perishable: it can only be claimed if it arrived damaged, within 48 hours "
            "of delivery and with photos."
        ),
        Refusal.PERISHABLE_CLAIM_EXPIRED: loc._(
            "{item}: damage claims must be made within 48 hours of delivery, and that time has "
            "passed."
        ),
        Refusal.DAMAGE_CLAIM_EXPIRED: loc._(
            "{item}: damage claims must be made within 48 hours of delivery, and that time has "
            "passed."
        ),
        Refusal.HYGIENE_OPENED: loc._(
            "{item} is a hygiene product and can only be returned unopened."
        ),
        Refusal.FRAGILE_NEEDS_PACKAGING: loc._(
            "{item} is fragile and can only be returned in its original packaging."
        ),
        Refusal.PHOTOS_REQUIRED: loc._("{item}: we need photos of the damage to accept the claim."),
    }
    return sentences[refusal].format(item=item, deadline=deadline)


def note_sentence(loc: Localizer, note: Note) -> str:
    sentences = {
        Note.ORIGINAL_PACKAGING: loc._("Please pack fragile items in their original packaging."),
        Note.PHOTOS_WITHIN_CLAIM_WINDOW: loc._(
            "Please send photos of the damage here within 48 hours of delivery."
        ),
        Note.UNOPENED_ONLY: loc._("Hygiene products must be unopened."),
        Note.DEFECTIVE_OR_WRONG_ONLY: loc._(
            "Made-to-order and digital items go back only if defective or wrong."
        ),
        Note.DAMAGE_CLAIM_ONLY: loc._("Perishable items can only be claimed if damaged."),
    }
    return sentences[note]


def payment_reason_sentence(loc: Localizer, reason: PaymentReason) -> str:
    sentences = {
        PaymentReason.NOT_ENOUGH_FUNDS: loc._(
            "The payment failed because there wasn't enough money on the account."
        ),
        PaymentReason.OVER_LIMIT: loc._("The payment failed because it was over the card's limit."),
        PaymentReason.BLOCKED_FOR_SECURITY: loc._("The payment was stopped by a security check."),
        PaymentReason.CARD_EXPIRED: loc._("The payment failed because the card has expired."),
        PaymentReason.VERIFICATION_FAILED: loc._(
            "The payment failed because the verification step was not completed."
        ),
        PaymentReason.DECLINED_BY_BANK: loc._("Your bank declined the payment."),
        PaymentReason.CONNECTION_PROBLEM: loc._(
            "The payment failed because of a connection problem, not because of your account."
        ),
        PaymentReason.UNKNOWN: loc._("The payment did not go through."),
    }
    return sentences[reason]


def payment_action_sentence(loc: Localizer, action: PaymentAction) -> str:
    sentences = {
        PaymentAction.RETRY_LATER: loc._("Please try again in a few minutes."),
        PaymentAction.TOP_UP_AND_RETRY: loc._("Top up the account and try again."),
        PaymentAction.USE_ANOTHER_CARD: loc._("Try another card."),
        PaymentAction.USE_ANOTHER_METHOD: loc._("Or choose another payment method."),
        PaymentAction.CONTACT_BANK: loc._("Your bank can tell you more and lift the block."),
        PaymentAction.UPDATE_CARD_DETAILS: loc._("Update the card details, then try again."),
        PaymentAction.VERIFY_3DS: loc._(
            "Complete the bank's security check (SMS code or banking app) when you pay."
        ),
        PaymentAction.VERIFY_IN_APP: loc._(
            "Confirm the payment in the app with your payment password, face or fingerprint."
        ),
        PaymentAction.CONTACT_SUPPORT: loc._("If it keeps failing, I can pass it to a colleague."),
    }
    return sentences[action]
