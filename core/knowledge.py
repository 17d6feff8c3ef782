"""The shop's answers to general questions (returns, shipping, warranty, payment, cancelling).

Built-in answers come from the gettext catalogs with the shop's policy figures filled in; a shop
can override any topic per locale with a JSON file (`ORDERSUPPORT_KNOWLEDGE_FILE`).
"""

from __future__ import annotations

import json
import re
from enum import StrEnum
from functools import cache
from pathlib import Path

from core.i18n import Localizer
from core.policies import ShopPolicy


class Topic(StrEnum):
    RETURNS = "returns"
    SHIPPING = "shipping"
    WARRANTY = "warranty"
    PAYMENT = "payment"
    CANCELLATION = "cancellation"


_TOPIC_WORDS: dict[Topic, re.Pattern[str]] = {
    Topic.RETURNS: re.compile(
        r"return|refund|退|换货|devol|reembols|возвра|返品|返金|반품|환불|استرج|إرجاع|devolu|"
        r"rembours|retour|renvoy|rückgabe|zurück|trả hàng|đổi trả|trả lại|hoàn tiền|คืน|"
        r"pengembalian|退貨|(?<!kiem )(?<!kiểm )\btra (?:hang|lai)\b|\bdoi tra\b|\bhoan tien\b",
        re.I,
    ),
    Topic.SHIPPING: re.compile(
        r"ship|deliver|运费|邮费|快递|多久|envío|entrega|достав|送料|配送|배송|شحن|frete|entrega|"
        r"livraison|versand|lieferung|giao hàng|vận chuyển|จัดส่ง|pengiriman|ongkir|運費",
        re.I,
    ),
    Topic.WARRANTY: re.compile(
        r"warrant|guarantee|保修|质保|garant|гарант|保証|보증|ضمان|bảo hành|รับประกัน|保固", re.I
    ),
    Topic.PAYMENT: re.compile(
        r"pay|付款|支付|俾錢|畀錢|pago|оплат|支払|결제|دفع|pagamento|paiement|zahl|thanh toán|"
        r"ชำระ|bayar",
        re.I,
    ),
    Topic.CANCELLATION: re.compile(
        r"cancel|取消|cancela|отмен|キャンセル|취소|إلغاء|annul|stornier|hủy|ยกเลิก|batal", re.I
    ),
}


#: The order actions' own verbs name their policy ("đổi trả được không?", "zurückschicken").
_TOPIC_OF_ACTION = {"return_request": Topic.RETURNS, "cancel_order": Topic.CANCELLATION}


def topic_of(text: str) -> Topic | None:
    from core.understanding import frame, lexicon

    if frame.asks_payment_methods(text):
        return Topic.PAYMENT  # "si no, ¿con qué puedo pagar?": the ways of paying, asked
    found = next((t for t, rx in _TOPIC_WORDS.items() if rx.search(text)), None)
    if found is not None:
        return found
    n = lexicon.normalize(text)
    named = next(
        (t for action, t in _TOPIC_OF_ACTION.items() if lexicon.ACTION_VERBS[action].search(n)),
        None,
    )
    if named is None and any(klass.search(n) for klass in lexicon.REASONS.values()):
        return Topic.RETURNS  # "if it arrives damaged?", "if it doesn't fit?": a return's rules
    return named


def topic_label(loc: Localizer, topic: Topic) -> str:
    labels = {
        Topic.RETURNS: loc._("Returns"),
        Topic.SHIPPING: loc._("Shipping times and fees"),
        Topic.WARRANTY: loc._("Warranty"),
        Topic.PAYMENT: loc._("Payment methods"),
        Topic.CANCELLATION: loc._("Cancelling an order"),
    }
    return labels[topic]


@cache
def _overrides(path: str) -> dict[str, dict[str, str]]:
    loaded: dict[str, dict[str, str]] = json.loads(Path(path).read_text(encoding="utf-8"))
    return loaded


def answer(loc: Localizer, topic: Topic, policy: ShopPolicy, file: str | None = None) -> str:
    if file:
        custom = _overrides(file).get(loc.language, {}).get(topic.value)
        if custom:
            return custom
    match topic:
        case Topic.RETURNS:
            return loc._(
                "You can return most items within {cn} days of delivery in mainland China, {eu} "
                "days in the EU and {other} days elsewhere, unused and with their packaging. "
                "Defective, damaged or wrong items can go back within {defect} days and we pay the "
                "return shipping. Made-to-order and digital items only if defective; perishables "
                "only as a damage claim within {hours} hours; hygiene products only unopened.",
                cn=policy.return_window("CN").days,
                eu=policy.eu_return_window_days,
                other=policy.default_return_window_days,
                defect=policy.defect_window_days,
                hours=policy.damage_claim_hours,
            )
        case Topic.SHIPPING:
            home, abroad = policy.delivery_days_domestic, policy.delivery_days_cross_border
            return loc._(
                "Orders leave our warehouse within 48 hours of payment (pre-sale items by the date "
                "shown on the product). Delivery usually takes {low}–{high} days within mainland "
                "China and {abroad_low}–{abroad_high} days abroad. The shipping fee is shown at "
                "checkout; a partial return does not refund it.",
                low=home.min,
                high=home.max,
                abroad_low=abroad.min,
                abroad_high=abroad.max,
            )
        case Topic.WARRANTY:
            return loc._(
                "Electronics carry a one-year warranty from delivery. If something stops "
                "working, tell me the order and what happened, and I'll arrange a repair, "
                "replacement or refund."
            )
        case Topic.PAYMENT:
            return loc._(
                "In mainland China you can pay with Alipay, WeChat Pay or UnionPay; elsewhere "
                "with a bank card, PayPal or Apple Pay. Refunds always go back to the method you "
                "paid with."
            )
        case Topic.CANCELLATION:
            return loc._(
                "You can cancel free of charge until the order ships, and get a full refund. "
                "Once it has shipped, you can return it after delivery."
            )
