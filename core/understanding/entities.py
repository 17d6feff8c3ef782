"""Entities in one message: order and tracking numbers, phones, e-mails, tax id and invoice
title, quantities and item references, a shipping address.

The work is split by kind: `order_numbers` (numbers of every kind, claimed in a fixed order so
one string is never two things), `invoice`, `numbers` (quantities and ordinals), `addresses`.
Quantities are read from the text with every number already claimed masked, so a price, a
date, a phone, a postal code or an order number is never a quantity. Input is capped at
`MAX_CHARS` and every pattern is linear, so even absurd input costs milliseconds.
"""

from __future__ import annotations

import re

from core.understanding import lexicon as lx
from core.understanding.addresses import extract_address
from core.understanding.counts import acting_clause
from core.understanding.invoice import find_invoice_title
from core.understanding.numbers import (
    Quantity,
    find_all,
    find_quantities,
    normalize,
    parse_ordinal,
    word_value,
)
from core.understanding.order_numbers import (
    MASK,
    extract_numbers,
    is_valid_s10,
    s10_check_digit,
)
from core.understanding.products import arabic_dual, mentions
from core.understanding.types import Entities, ItemRef, ParsedAddress

__all__ = ["MAX_CHARS", "extract_entities", "is_valid_s10", "s10_check_digit"]

#: longer text is cut here (Telegram's own limit is 4096): the work stays bounded
MAX_CHARS = 4096

_CN_CLASSIFIERS = "件个個双雙条條份台盒瓶包套只隻支本箱袋张張顶頂把副罐对對"
_CN_WHICH = re.compile(rf"([\u4e00-\u9fff]{{1,4}}?)的?那([{_CN_CLASSIFIERS}])")
_THE_ONE = re.compile(r"\bthe\s([a-z]{1,20}(?:\s[a-z]{1,20})?)\s(ones?)\b", re.I)
#: "x2", "2x mug"; not instalments ("en 3x sans frais", "em 12x sem juros")
_X_QTY = re.compile(
    r"(?<![\w.])[x×]\s?(\d{1,3})(?![\w.])"
    r"|(?<![\w.])(?<!en\s)(?<!em\s)(?<!in\s)(\d{1,3})\s?[x×](?![\w.])"
    r"(?!\s?(?:sans\sfrais|sem\sjuros|sin\sinter|cuotas|parcelas|meses|mois|months|monate))",
    re.I,
)
_ITEM_VERBS = re.compile(
    r"return|send back|refund|cancel|exchange|keep|devolver|cancelar|trocar|retourner|renvoyer|"
    r"annuler|zurück|stornieren|верн|отмен|возвра|kembalikan|retur|batal|trả|hủy|đổi|إرجاع|"
    r"ارجاع|إلغاء|退|换|換|取消|返品|返金|キャンセル|交換|반품|환불|취소|교환|คืน|ยกเลิก|เปลี่ยน",
    re.I,
)


def extract_items(masked: str, ents: Entities) -> None:
    """Quantities, item words, "all of them" and "the blue one" from the masked text."""
    quantities = [q for q in find_quantities(masked) if not _one_of_a_pair(masked, q)]
    counted: list[tuple[ItemRef, int]] = []
    for q in quantities:
        text = masked[q.start : q.end].replace(MASK, "")
        ref = ItemRef(text=text, quantity=q.value, words=list(q.words), out_of=q.out_of)
        ents.items.append(ref)
        counted.append((ref, q.start))
    for m in _CN_WHICH.finditer(masked):
        lead = re.sub(r"^.*?(?:退|换|換|要|是|把|就)", "", m.group(1)) or m.group(1)
        if lead and not re.search(r"[一二两三四五六七八九十]", lead):
            ents.items.append(ItemRef(text=m.group(0), words=[lead]))
    for m in _THE_ONE.finditer(masked):
        ents.items.append(ItemRef(text=m.group(0), words=m.group(1).lower().split()))
    for m in _X_QTY.finditer(masked):
        times = int(m.group(1) or m.group(2))
        if 0 < times <= 999:
            ents.items.append(ItemRef(text=m.group(0), quantity=times))
    every = find_all(masked)
    if every and _ITEM_VERBS.search(masked):
        ents.items.append(ItemRef(text=every.group(0), all_units=True))
    for item in ents.items:
        if item.quantity is not None and item.quantity not in ents.quantities:
            ents.quantities.append(item.quantity)
    # after the quantities: "a hoodie" counts one hoodie but is no quantity of the message
    starts = product_words(masked, quantities, ents)
    _count_acted_on(masked, ents.products, starts, counted)


def _one_of_a_pair(masked: str, q: Quantity) -> bool:
    """ "واحد الخياطة مفتوحة والثاني الياقة عوجا", "one has a loose seam, the other a stain":
    a "one" answered by "the other" later tells of each of several items, it counts none."""
    if q.value != 1:
        return False
    head = _CLAUSE_BREAK.split(masked[: q.start])[-1].strip()
    if head and not _CONJUNCTION.fullmatch(head):
        return False  # "return one mug, the other is fine": one counted by its verb
    return lx.THE_OTHER_ONE.search(lx.normalize(masked[q.end :])) is not None


_CLAUSE_BREAK = re.compile(r"[.,:;!?،؛。，：；！？\n]")
_CONJUNCTION = re.compile(r"(?:and|but|y|e|et|und|и|а|و|dan|và|แต่|而)", re.I)


#: What may stand between a count and its product word ("3 ly thủy tinh", "两袋猫粮", "2 of the
#: mugs") or after the word before its count ("お皿2枚", "จานเซรามิก 2 ใบ").
_COUNT_GAP = re.compile(r"\s?(?:\S{1,4}\s?)?(?:of the |de |des |dari |の)?")
_GAP_AFTER = 2
#: In Thai, Chinese and Japanese the count may follow the noun's modifier: "จานเซรามิก 2 ใบ".
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\u0e00-\u0e7f]")
_COUNTED_AFTER = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\u0e00-\u0e7f]{0,8}\s?")
#: An indefinite article or "one" just before the product word (an adjective may come
#: between): "a wool blanket", "una cafetera", "une machine", "einen Kaffeevollautomaten".
_ONE_BEFORE = re.compile(
    r"(?:^|\s)(?:a|an|one|un|una|uno|une|um|uma|ein|eine|einen|einem|einer|один|одна|одно|"
    r"một|sebuah|satu|seorang)\s(?:\w+\s)?$",
    re.I,
)


def product_words(masked: str, quantities: list[Quantity], ents: Entities) -> list[int]:
    """Every product word of the message, in `ents.products` ("the hoodie", "藍牙耳機"),
    counted when a quantity stands next to it (or an indefinite article: "una cafetera");
    the same word twice is named once. Returns where each was named."""
    starts: list[int] = []
    for m in mentions(masked):
        if any(m.text.casefold() in i.text.casefold() for i in ents.products):
            continue
        if word_value(m.text) is not None:
            continue  # "four" (an oven in French) in "cancel four of them": a count
        count = None
        for q in quantities:
            before = masked[q.end : m.start]
            if q.start <= m.start < q.end:
                count = q.value  # the quantity's own span holds the word: "2 mangkok pecah"
            elif q.end <= m.start and _COUNT_GAP.fullmatch(before) and len(before) <= 8:
                count = q.value
            elif m.end <= q.start <= m.end + _GAP_AFTER or (
                _UNSPACED.match(m.text) and _COUNTED_AFTER.fullmatch(masked[m.end : q.start])
            ):
                count = q.value
        if count is None and _ONE_BEFORE.search(masked[max(0, m.start - 12) : m.start]):
            count = 1
        if count is None and (dual := arabic_dual(m.text)) is not None:
            # "الثوبين": two, in the word's own ending, a count the message says outright
            count = dual
            if dual not in ents.quantities:
                ents.quantities.append(dual)
        ents.products.append(ItemRef(text=m.text, quantity=count, words=[m.text.casefold()]))
        starts.append(m.start)
    return starts


def _count_acted_on(
    masked: str, products: list[ItemRef], starts: list[int], counted: list[tuple[ItemRef, int]]
) -> None:
    """The count of the request, not of the purchase: "ordered six candles… could you cancel
    four of them" counts four candles, "买了二十盒滴鸡精…取消其中十盒" ten. The count of the clause
    that asks for the action goes to the one product named in that clause, or, when none is, to
    the product named last before it if that one was uncounted or counted more (its whole); a
    count before it that names its item ("二十盒滴鸡精") becomes that part of its whole."""
    acted = acting_clause(masked)
    if acted is None:
        return
    value, start, end = acted
    whole = [r for r, at in counted if at < start and r.words and (r.quantity or 0) > value]
    if whole and not any(start <= at < end for at in starts):
        whole[-1].out_of, whole[-1].quantity = whole[-1].quantity, value
    inside = [p for p, at in zip(products, starts, strict=True) if start <= at < end]
    if inside:
        if len({p.text.casefold() for p in inside}) == 1:
            for p in inside:
                p.quantity = value
        return
    before = [p for p, at in zip(products, starts, strict=True) if at < start]
    if before and (before[-1].quantity is None or before[-1].quantity > value):
        before[-1].quantity = value


_MASKED_RUN = re.compile(MASK + "+")


def _address_text(norm: str, masked: str, ents: Entities) -> str:
    """The text the address is read from: the numbers claimed as something (phone, order or
    tracking number, e-mail, tax id) blanked, but a span masked only as a date or a price given
    back: in an address "3-5-12" and "12/3" are house numbers."""
    kept = {
        re.sub(r"\D", "", v)
        for v in (*ents.phones, *ents.order_numbers, *ents.tracking_numbers, ents.tax_id or "")
    } - {""}
    out = []
    last = 0
    for run in _MASKED_RUN.finditer(masked):
        out.append(masked[last : run.start()])
        original = norm[run.start() : run.end()]
        digits = re.sub(r"\D", "", original)
        claimed = "@" in original or "://" in original or digits in kept
        if claimed or (len(digits) >= 6 and any(digits in k or k in digits for k in kept)):
            out.append(" " * (run.end() - run.start()))
        else:
            out.append(original)
        last = run.end()
    out.append(masked[last:])
    return "".join(out)


def _for_the_invoice(norm: str, ents: Entities, address: ParsedAddress) -> bool:
    """Whether the address is the invoice's: written after the invoice's own data (the
    company's tax id, and its name: "Công ty TNHH …, MST 0312345678, địa chỉ 45 Điện Biên Phủ …",
    "Rechnung an Müller GmbH, USt-IdNr. …, Anschrift …"), with no request to change the
    delivery address between them. An address before the invoice data is where the order
    goes ("ship it to 5 Main St; the invoice to ACME Ltd")."""
    if not ents.tax_id:
        return False  # a company named alone may be where it goes ("บริษัท … จำกัด ชั้น 8 …")
    data = [norm.find(v) for v in (ents.invoice_title, ents.tax_id) if v and v in norm]
    if not data:
        return False
    places = (address.line1, address.city, address.district, address.subdistrict)
    written = [norm.find(v) for v in places if v and v in norm]
    if not written or min(written) < min(data):
        return False
    between = lx.normalize(norm[min(data) : min(written)])
    return lx.ACTION_VERBS["change_address"].search(between) is None


def extract_entities(text: str) -> Entities:
    ents = Entities()
    norm = normalize(text[:MAX_CHARS])
    masked = extract_numbers(norm, ents)
    ents.invoice_title = find_invoice_title(norm)
    address = None
    if len(norm) >= 8:
        address = extract_address(_address_text(norm, masked, ents), ents.phones)
    if address is not None and _for_the_invoice(norm, ents, address):
        ents.invoice_address = address
    elif address is not None:
        ents.address = address
        if address.phone is None and ents.phones:
            address.phone = ents.phones[0]
    extract_items(masked, ents)
    position = parse_ordinal(norm)  # a short reply only: "the second one", "第二个"
    if position is not None:
        ents.items.append(ItemRef(text=norm.strip(), ordinal=position))
    return ents
