"""The rule layer over one message's frame: negation scope, several requests, the reason said.

- Negation: "don't cancel it, I still want it", "算了 别取消了 我还要的", "先别取消" name a
  cancellation to refuse it. When every mention of the verbs of the predicted request is negated,
  the message is not that request: another request in it wins, else it is a `deny`.
- Several requests: "where is #1043, and can I also get an invoice?" — clauses are split at
  sentence ends and "also"-words, classified alone, and the other confident requests are
  returned in the order said.
- Reason: the return reason the customer gives in passing ("they arrived chipped"), so the
  return flow does not ask for it again.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from core.understanding import lexicon as lx
from core.understanding.conditions import conditional
from core.understanding.facts import facts_in

__all__ = ["facts_in"]
from core.understanding.types import Intent

_NEGATABLE = {
    Intent.CANCEL_ORDER: "cancel_order",
    Intent.RETURN_REQUEST: "return_request",
    Intent.CHANGE_ADDRESS: "change_address",
}
NEGATABLE = _NEGATABLE
_REQUESTS = frozenset(Intent) - {Intent.AFFIRM, Intent.DENY, Intent.GREETING, Intent.OTHER}
REQUESTS = _REQUESTS
#: Sentence ends and the words that join a second request to a first.
_CLAUSES = re.compile(
    r"[.!?。！？\n;；]+|,\s*(?:and\s+)?also\b|\band\s+also\b|\balso\b,?|\bplus\b|"
    r"另外|还有|還有|顺便|順便|再就是|"
    r"\by\s+también\b|\bademás\b|\btambién\b|\bи\s+ещё\b|\bи\s+еще\b|\bа\s+также\b|\bтакже\b|"
    r"\baußerdem\b|\bund\s+noch\b|\bet\s+aussi\b|\baussi\b|\btambém\b|\balém\s+disso\b|"
    r"\bdan\s+juga\b|\bjuga\b|\bselain\s+itu\b|\bvới\s+lại\b|\bngoài\s+ra\b|\bcòn\b|"
    r"แล้วก็|อีกอย่าง|それと|あと、|それから|그리고|또한|وأيضا|وأيضاً|كمان",
    re.IGNORECASE,
)
MIN_CLAUSE = 6
"""Shortest clause worth classifying, in characters (3 in scripts without spaces)."""
ALSO_CONFIDENCE = 0.6
#: A clause that names its request outright (its verb, an order number) counts from here.
NAMED_CLAUSE_CONFIDENCE = 0.4
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


_SCOPE_ENDS = re.compile(r"[,，、،;；.!?。！？؟\n]+")


def _mentions(text: str, action: str) -> list[bool]:
    """Each mention of an action's verbs, with whether it is negated. A negator's scope ends
    at the punctuation of its clause: "no, cancel it" cancels; "só não curti. quero devolver"
    wants the return."""
    out: list[bool] = []
    for piece in _SCOPE_ENDS.split(_QUOTED.sub(" ", text)):
        n = _without_shipping_condition(lx.normalize(piece))
        out.extend(lx.negated(n, m.start(), m.end()) for m in lx.ACTION_VERBS[action].finditer(n))
    return out


#: Words in quotation marks are someone else's (the carrier's status: 「退回寄件人」,
#: «возврат отправителю»): no action the customer names.
_QUOTED = re.compile(r"「[^」]{0,60}」|『[^』]{0,60}』|“[^”]{0,60}”|«[^»]{0,60}»|„[^“”]{0,60}[“”]")


def _without_shipping_condition(n: str) -> str:
    """The text with its "not shipped yet" blanked out: the "not" of a condition ("nếu chưa
    giao thì hủy giúp em", "اذا لسه ما انشحن الغوه") is not the action's negation."""
    return lx.UNSHIPPED.pattern.sub(lambda m: " " * len(m.group(0)), n)


def refused_request(text: str, intent: Intent) -> bool:
    """Whether every mention of `intent`'s verbs in `text` is negated ("don't cancel it")."""
    action = _NEGATABLE.get(intent)
    if action is None:
        return False
    mentions = _mentions(text, action)
    return bool(mentions) and all(mentions)


def refused_at_last(text: str, intent: Intent) -> bool:
    """Whether the last mention of `intent`'s verbs is negated after one that is not: "I was
    going to cancel, but please don't cancel it", "tadinya mau cancel, tp jangan dicancel":
    the wish told, then given up; the customer's last word on it is the refusal. Not a
    request made outright beside the refusal of another one, without a change of mind. (For a
    return the last negated verb is mostly an exchange refused: "return it, no exchange".)"""
    action = _NEGATABLE.get(intent)
    if action is None:
        return False
    mentions = _mentions(text, action)
    if len(mentions) < 2 or not mentions[-1] or all(mentions):
        return False
    # "cancel the speaker one… but don't you dare cancel the coat": two orders, not a change
    # of mind, unless the message says it changed its mind
    return lx.GAVE_UP.search(lx.normalize(text)) is not None or not requests_action(text, intent)


def actions_named(text: str) -> list[Intent]:
    """The order actions whose verbs the message uses without negating them."""
    named = []
    for intent, action in _NEGATABLE.items():
        mentions = _mentions(text, action)
        if mentions and not all(mentions):
            named.append(intent)
    return named


def takes_off(text: str) -> bool:
    """ "Take the mug off my order", "quítame el café", "把杯子去掉", "убери чехол": the
    customer asks to take something off the order (a verb of removing, not negated)."""
    n = lx.normalize(text)
    return any(not lx.negated(n, m.start(), m.end()) for m in lx.TAKE_OFF.finditer(n))


def keeps_it(text: str) -> bool:
    """ "I still want it", "我还要的", "me lo quedo": the customer keeps what they have."""
    return lx.KEEP.search(lx.normalize(text)) is not None


def asks_nothing_new(text: str) -> bool:
    """ "I was just asking", "只是问问", "届くのを待ちます": the customer says their message asks
    nothing more than it did, or that they wait for the order as it is."""
    return lx.NOTHING_NEW.search(lx.normalize(text)) is not None


def reason_in(text: str, intent: Intent | None = None) -> str | None:
    """The return reason the message names. A fault of the shop named outright wins over the
    customer's own words around it ("sent the wrong one, I don't want a replacement"; damage
    over a defect: "arrived broken and doesn't work"); "I ordered X but got Y" in a return is a
    wrong item. A reason denied is not one: "it's not broken or anything, I just don't like
    it" gives the customer's own reason, not damage, and so does a denied fault alone."""
    n = lx.without_intensifiers(lx.normalize(text))
    named = {code for code, klass in lx.REASONS.items() if _affirmed(n, code, klass)}
    named |= {code for p in phrases(text) for code in lx.paired_reasons(lx.normalize(p))}
    faults = named & set(_DENIABLE)
    if {"damaged", "defective"} <= faults and not faults - {"damaged", "defective"}:
        faults = {"damaged"}
    if len(faults) == 1 and named - faults <= {"no_reason"}:
        return next(iter(faults))
    # "ordered size L but got an M", "pesan ukuran L tapi yang datang malah daster": a size
    # named only by its name tells what was ordered, not how it fits
    story = named - {"size"} if "size" in named and _sizes_only_named(text, n) else named
    told_wrong = (
        intent is Intent.RETURN_REQUEST
        or (
            intent is Intent.DELIVERY_ISSUE
            and not part_missing(text)
            and not delivered_not_received(text)
        )
    ) and not faults
    if (
        told_wrong
        and story <= {"no_reason"}
        and (
            _got_instead(n)
            or _not_what_was_ordered(n)
            or _instead_of_ordered(n)
            or _came_then_ordered(n)
        )
    ):
        return "wrong_item"
    if told_wrong and story <= {"no_reason"} and _two_sizes_ordered_and_got(text, n):
        return "wrong_item"  # "收到的是M號，我下單選的是L": the shop's mistake, not a fit
    if not faults and named <= {"no_reason", "size"} and _instead_in_the_box(n):
        return "wrong_item"  # "в коробке вместо утюга игрушка"
    # "a child's size came instead of the adult trousers I ordered": the size tells what came
    told_instead = intent in (Intent.RETURN_REQUEST, Intent.DELIVERY_ISSUE) and not faults
    if told_instead and named <= {"no_reason", "size"} and _instead_of_ordered(n):
        return "wrong_item"
    if len(named) == 1:
        code = next(iter(named))
        if code == "no_reason" and refused_request(text, Intent.RETURN_REQUEST):
            return None
        return code
    if not named and denied_reasons(text):
        return "no_reason"
    return None


def _sizes_only_named(text: str, n: str) -> bool:
    """Whether the message names a size only to say which was ordered or came ("ukuran L",
    "size 32", "toddler-size"): every word of size is the word "size" or a size's name, with a
    size itself beside it, none a complaint of fit ("too small", "the right size")."""
    nouns = [(m.start(), m.end()) for m in lx.SIZE_NOUNS.finditer(n)]
    only_nouns = all(
        any(s <= m.start() and m.end() <= e for s, e in nouns)
        for m in lx.REASONS["size"].finditer(n)
    ) and not any(c == "size" for c in lx.paired_reasons(n))
    # a size by its name ("ukuran L", "size 32", "toddler-size"), not "the right size"
    return only_nouns and (
        _LETTER_SIZE.search(unicodedata.normalize("NFKC", text)) is not None
        or any(_SIZE_NUMBER.match(n, e) for _, e in nouns)
        or any(" " in n[s:e] or "-" in n[s:e] for s, e in nouns)
    )


_SIZE_NUMBER = re.compile(r"\s?\d{1,3}(?!\d)")


def _two_sizes_ordered_and_got(text: str, n: str) -> bool:
    """Two letter sizes ("M", "L") with a word of ordering and one of receiving or a "but": one
    was ordered, the other came."""
    letters = {m.group(1) for m in _LETTER_SIZE.finditer(unicodedata.normalize("NFKC", text))}
    came = lx.GOT_INSTEAD.search(n) or lx.CONTRAST.search(n)  # "สั่ง S แต่ได้ XL มา"
    return len(letters) >= 2 and lx.ORDERED.search(n) is not None and came is not None


_LETTER_SIZE = re.compile(r"(?<![A-Za-z0-9])(XXS|XS|S|M|L|XL|XXL|XXXL|2XL|3XL|4XL)(?![A-Za-z0-9])")


def _instead_in_the_box(n: str) -> bool:
    """ "Inside, instead of the iron, a child's toy": "instead of" right after a word of what
    was inside the parcel names what should have been in it."""
    return any(
        lx.INSIDE.search(n[max(0, m.start() - 16) : m.start()]) for m in lx.INSTEAD_OF.finditer(n)
    )


def delivered_not_received(text: str) -> bool:
    """ "Tracking says delivered, but nothing came": a delivery problem, whatever the story's
    words about tracking make the message sound like (a status question)."""
    n = " ".join(_QUOTES.sub(" ", lx.normalize(text)).split())  # quoted: says 'diterima'
    status = lx.DELIVERED_STATUS.search(n)
    if status is None or lx.negated(n, status.start(), status.end()):
        return False
    return lx.NOT_RECEIVED.search(n) is not None


_QUOTES = re.compile(r"(?<!\w)'|'(?!\w)")


def part_missing(text: str) -> bool:
    """ "Ordered two mugs, only one came, where's the other?", "訂咗兩件 得一件到", "สั่ง 2 ใบ
    มาใบเดียว": a word of ordering and one of a part missing from what came, no order action
    named; a delivery problem, whatever the question of where the rest is sounds like."""
    n = lx.normalize(text)
    return (
        lx.ORDERED.search(n) is not None
        and lx.PART_MISSING.search(n) is not None
        and not actions_named(text)
    )


def parcel_lost(text: str) -> bool:
    """ "The courier says my parcel was lost", "包裹遗失了": a parcel named and a word of losing
    not negated; a delivery problem, whatever the words of tracking make it sound like."""
    n = lx.normalize(text)
    if lx.PARCEL.search(n) is None:
        return False
    return any(not lx.negated(n, m.start(), m.end()) for m in lx.LOST.finditer(n))


#: "Not the …" before what was ordered ("not the floral ones I ordered", "ไม่ใช่ลายดอกไม้ที่สั่ง");
#: in Japanese and Korean the "not" comes after it ("注文したものじゃない", "주문한 게 아니").
_NOT_THE = re.compile(
    r"(?<!\w)(?:not the|not what|no es el|no es la|no es lo|no son los|no son las|não é o|"
    r"não é a|não são os|não são as|pas celui|pas celle|pas ce que|pas ceux|pas celles|"
    r"nicht die|nicht das|nicht der|nicht den|не то|не тот|не та|не те|ليس|مش|مو|bukan|"
    r"không phải)(?!\w)|不是|並不是|并不是|ไม่ใช่"
)
_NOT_AFTER = re.compile(r"じゃない|じゃなく|ではない|ではなく|と違う|아니")


def _not_what_was_ordered(n: str) -> bool:
    """ "Grey stripes came, not the floral ones I ordered": a "not" shortly before (in
    Japanese and Korean after) the word of ordering tells a wrong item."""
    for ordered in lx.ORDERED.finditer(n):
        if _NOT_THE.search(n[max(0, ordered.start() - 40) : ordered.start()]):
            return True
        if _NOT_AFTER.search(n[ordered.end() : ordered.end() + 12]):
            return True
    return False


def _instead_of_ordered(n: str) -> bool:
    """ "A blender came instead of the coffee maker I ordered": "instead of", then shortly the
    word of ordering."""
    return any(lx.ORDERED.search(n[m.end() : m.end() + 60]) for m in lx.INSTEAD_OF.finditer(n))


def _came_then_ordered(n: str) -> bool:
    """ "It came engraved with an I, and I ordered an L": what came, then shortly a contrast
    ("but", "and I") and the word of ordering."""
    for got in lx.GOT_INSTEAD.finditer(n):
        if lx.negated(n, got.start(), got.end()):
            continue
        rest = n[got.end() : got.end() + 60]
        ordered = lx.ORDERED.search(rest)
        if ordered is None:
            continue
        between = rest[: ordered.start()]
        if lx.CONTRAST.search(between) or _AND_I.search(between):
            return True
    return False


#: "and (I)" right before the word of ordering: "…came with an I, and I ordered an L".
_AND_I = re.compile(r"(?<!\w)(?:and|y|e|et|und|и|а)(?:\s+(?:yo|eu|moi|ich|я))?\s*$")


def _got_instead(n: str) -> bool:
    """ "I ordered X, but got Y": a word of ordering, then a contrast, then what came."""
    for ordered in lx.ORDERED.finditer(n):
        rest = n[ordered.end() : ordered.end() + 90]
        for contrast in lx.CONTRAST.finditer(rest):
            tail = rest[contrast.start() : contrast.start() + 40]
            width = contrast.end() - contrast.start()
            # not the contrast word itself ("结果" is both "as it turned out" and "what came")
            got = next(
                (g for g in lx.GOT_INSTEAD.finditer(tail) if (g.start(), g.end()) != (0, width)),
                None,
            )
            if got and not lx.negated(tail, got.start(), got.end()):
                return True
    return False


def ordered_other(text: str) -> bool:
    """ "I ordered X, but Y came", "not the one I ordered", "Y instead of the X I ordered": a
    story of another thing than ordered, without the words of a wrong item."""
    n = lx.without_intensifiers(lx.normalize(text))
    return (
        _got_instead(n)
        or _not_what_was_ordered(n)
        or _instead_of_ordered(n)
        or _came_then_ordered(n)
        or _came_then_ordered_apart(text)
    )


def ordered_other_size(text: str) -> bool:
    """A story of another size than ordered, its sizes only named ("yg dateng ukuran 40, sy
    pesennya 41", "got a size 9, I ordered a 10"): the shop's mistake, not a fit."""
    n = lx.without_intensifiers(lx.normalize(text))
    return _sizes_only_named(text, n) and ordered_other(text)


#: Where a clause ends: punctuation.
_CLAUSE_END = re.compile(r"[,，、;；.!?。！？\n]+")


def _came_then_ordered_apart(text: str) -> bool:
    """What came in one clause, then a clause that opens with the word of ordering ("yg dateng
    malah X, sy pesennya Y", "收到的是38码 … 可我下单选的39", "got a 40, I ordered a 41"): one
    thing came, another was ordered."""
    # in a script without spaces, any space parts clauses ("写38 可我下单选的39")
    parts = re.split(r"\s+", text) if _UNSPACED_HEAD.search(text) else [text]
    clauses = [lx.normalize(c) for p in parts for c in _CLAUSE_END.split(p)]
    clauses = [c for c in clauses if c]
    for i, clause in enumerate(clauses):
        came = lx.GOT_INSTEAD.finditer(clause)
        if not any(not lx.negated(clause, m.start(), m.end()) for m in came):
            continue
        for later in clauses[i + 1 :]:
            ordered = lx.ORDERED.search(later)
            if ordered is None:
                continue
            head = later[: ordered.start()]
            if len(head.split()) <= 2 and (len(head) <= 3 or not _UNSPACED_HEAD.search(head)):
                return True
    return False


_UNSPACED_HEAD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\u0e00-\u0e7f]")


def denied_reasons(text: str) -> set[str]:
    """The shop's faults the message names only to deny them ("nada roto", "nicht kaputt")."""
    n = lx.without_intensifiers(lx.normalize(text))
    return {
        code
        for code in _DENIABLE
        if lx.REASONS[code].finditer(n) and not _affirmed(n, code, lx.REASONS[code])
    }


#: Reasons a negator before the word denies. Not `size` ("not my size" is a size problem) nor
#: `no_reason`, whose words carry their own negation ("don't like", "不喜欢").
_DENIABLE = ("damaged", "defective", "wrong_item")


def _affirmed(n: str, code: str, klass: lx.WordClass) -> bool:
    hits = klass.finditer(n)
    if code not in _DENIABLE:
        return bool(hits)
    return any(not _denied(n, m) for m in hits)


def _denied(n: str, m: re.Match[str]) -> bool:
    """A reason word right after a negator, within two words ("not broken", "no está roto",
    "没坏", "nichts kaputt"); words that are negative themselves ("doesn't work") are not."""
    if lx.NEGATOR_BEFORE.pattern.match(m.group(0)):
        return False
    if lx.DENY_FAULT_NEXT.pattern.match(n[m.end() :].lstrip()):
        return True
    if _UNSPACED.search(m.group(0)):
        before = n[max(0, m.start() - 10) : m.start()].rstrip()
        after = n[m.end() : m.end() + 8]
        return (
            lx.negated(n, m.start(), m.end())
            or any(d.end() >= len(before) - 1 for d in lx.DENY_FAULT.finditer(before))
            or any(d.start() <= 6 for d in lx.DENY_FAULT_AFTER.finditer(after))
        )
    before = " ".join(n[: m.start()].split()[-2:])
    return lx.NEGATOR_BEFORE.search(before) is not None or lx.DENY_FAULT.search(before) is not None


_PHRASE_BREAKS = re.compile(r"[,，、،;；.!?。！？؟\n]+|\s[-–—]\s")


def phrases(text: str) -> list[str]:
    """The comma-separated pieces of a message ("I want to return it", "it's too small")."""
    parts = [p.strip() for p in _PHRASE_BREAKS.split(text)]
    return [p for p in parts if len(p) >= (2 if _UNSPACED.search(p) else 4)]


_CODE_ONLY = re.compile(r"^[\W\d_]*(?:[#A-Za-z]{0,4}[\d/-]{3,}[\W\d_]*)*$")


def explains(phrase: str) -> bool:
    """Whether a piece of a message says something of its own: not the request itself ("I want
    to return it"), not an order number, not only politeness ("please", "亲")."""
    if frame_request(phrase) or _CODE_ONLY.match(phrase):
        return False
    n = lx.normalize(phrase)
    if lx.POLITENESS.coverage(n) >= 0.6:
        return False
    return len(n.split()) >= 2 or (bool(_UNSPACED.search(n)) and len(n) >= 4)


def frame_request(phrase: str) -> bool:
    """Whether the phrase names an order action (return, cancel, change the address)."""
    return bool(actions_named(phrase))


def clauses(text: str) -> list[str]:
    return [c for c, _ in clauses_asking(text)]


_QUESTION_END = re.compile(r"^\s*[?？]")


@lru_cache(maxsize=256)
def clauses_asking(text: str) -> tuple[tuple[str, bool], ...]:
    """The clauses of a message, each with whether it asks for something: a question ("…?")
    or a request form ("could you", "我想", "quisiera", "お願い", "tolong", "giúp"). In a long
    message those carry the request; the story and the thanks around them do not."""
    out: list[tuple[str, bool]] = []
    start = 0
    for m in [*_CLAUSES.finditer(text), None]:
        end = m.start() if m else len(text)
        part = text[start:end].strip(" ,，、")
        if m and _ONLY_A_REQUEST_FORM.fullmatch(part) and not _QUESTION_END.match(m.group(0)):
            # "Et j'aimerais aussi qu'un conseiller me rappelle": the "also" splits the wish
            # from what is wished; the two are one clause, the "also" in it
            continue
        if len(part) >= (3 if _UNSPACED.search(part) else MIN_CLAUSE):
            asks = bool(m and _QUESTION_END.match(m.group(0))) or asking(part)
            out.append((part, asks))
        if m:
            start = m.end()
    return tuple(out)


#: A piece that is nothing but a conjunction and a wish ("and I'd like", "et j'aimerais",
#: "y quisiera", "und ich möchte"): a clause cut short by an "also" after it.
_ONLY_A_REQUEST_FORM = re.compile(
    r"(?:(?:and|y|e|et|und|и|dan|và|و)\s+)?(?:i'd like|i would like|i want|i'd|i would|"
    r"we'd|we would|j'aimerais|"
    r"je voudrais|je souhaite|quisiera|quiero|me gustaría|gostaria|queria|quero|ich möchte|"
    r"ich hätte gern|ich würde gern|я хочу|хотел бы|хотела бы|хочу|saya mau|saya ingin|"
    r"mình muốn|tôi muốn|أريد|اريد|أبغى|ابغى)",
    re.IGNORECASE,
)


def asking(clause: str) -> bool:
    """Whether a clause uses a request form of its language, beyond politeness alone
    ("よろしくお願いします", "please and thank you")."""
    n = lx.normalize(clause)
    return lx.ASKING.search(n) is not None and lx.POLITENESS.coverage(n) < 0.6


def requests_in_clauses(
    text: str, classify: Callable[[str], tuple[Intent, float]]
) -> list[tuple[Intent, float, str]]:
    """The confident requests the message's clauses make, in the order said, each once, with
    their confidence and the clause that makes it; empty for a message of one clause. A clause
    that asks where something is ("À mà đơn loa bluetooth giờ đang ở đâu vậy?", "wo ist mein
    Paket") asks for its order's status even when the model finds no request in it."""
    asked = clauses_asking(text)
    if len(asked) < 2:
        return []
    found: list[tuple[Intent, float, str]] = []
    for part, asks in asked:
        if only_an_order_number(part):
            continue  # "…, o pedido tá parado. pedido WEB…301": the number of the request made
        intent, confidence = classify(part)
        named = actions_named(part)
        if len(named) == 1 and (
            intent not in _REQUESTS
            or confidence < NAMED_CLAUSE_CONFIDENCE
            or (confidence < ALSO_CONFIDENCE and asks_for_action(part, named[0]))
        ):
            # "I need to return two of the four frames, the glass was cracked": the verb asked
            # for outright says more than an unsure reading of its story
            intent, confidence = named[0], max(confidence, NAMED_CLAUSE_CONFIDENCE)
        elif intent is Intent.DELIVERY_ISSUE and _exchange_of_what_came(part, asks):
            intent = Intent.RETURN_REQUEST
        elif (
            asks
            and confidence < ALSO_CONFIDENCE
            and (intent in _NEGATABLE or intent in _PARCEL_READINGS)
            and _of_another_order(part)
            and not named
            and lx.MONEY_BACK.search(lx.normalize(part)) is None
        ):
            # "¿y el otro pedido, ya lo enviaron?": a parcel matter of another order, asked
            # with no action named (an unsure cancel or return read has no verb to stand on),
            # asks how that order stands
            intent, confidence = Intent.ORDER_STATUS, max(confidence, NAMED_CLAUSE_CONFIDENCE)
        elif (
            asks
            and confidence < ALSO_CONFIDENCE
            and intent is not Intent.REFUND_STATUS
            and _of_another_order(part)
            and not named
            and lx.MONEY_BACK.search(lx.normalize(part)) is not None
        ):
            # "e o estorno do outro pedido, já caiu?": the money of another order, asked with
            # no action named, asks where that refund stands
            intent, confidence = Intent.REFUND_STATUS, max(confidence, NAMED_CLAUSE_CONFIDENCE)
        elif (
            asks
            and confidence < ALSO_CONFIDENCE
            and intent is not Intent.HUMAN_AGENT
            and person_to_call(part)
        ):
            intent, confidence = Intent.HUMAN_AGENT, max(confidence, NAMED_CLAUSE_CONFIDENCE)
        elif intent is Intent.OTHER and asks_where(part):
            intent = Intent.ORDER_STATUS
        elif asks and asks_if_it_came(part) and confidence < NAMED_CLAUSE_CONFIDENCE:
            # "ma commande EU1019…, elle est bien arrivée ?": whether it came, its status
            intent, confidence = Intent.ORDER_STATUS, NAMED_CLAUSE_CONFIDENCE
        if intent is Intent.ORDER_STATUS and (delivered_not_received(part) or parcel_lost(part)):
            intent = Intent.DELIVERY_ISSUE  # "it says delivered, I got nothing": no status asked
        if intent is Intent.CHANGE_ADDRESS and lx.ADDRESS_RIGHT.search(lx.normalize(part)):
            continue  # "same address obviously": the address stays, no change asked
        if intent in _TOLD_DONE_ACTIONS and told_done(part) and not asks_for_action(part, intent):
            continue  # "I cancelled it on the 12th": the story, not a second request
        if (
            intent in _REQUESTS
            and intent not in [i for i, _, _ in found]
            and (
                confidence >= ALSO_CONFIDENCE
                or (confidence >= NAMED_CLAUSE_CONFIDENCE and _names_its_request(part, intent))
                or (
                    confidence >= OTHER_ORDER_CONFIDENCE
                    and intent not in _NEGATABLE  # an action on it is asked by its verb
                    and asks
                    and _of_another_order(part)
                )
            )
            and not refused_request(part, intent)
        ):
            found.append((intent, confidence, part))
    return found


#: What a question about another order's parcel is read as when the model is unsure of it.
_PARCEL_READINGS = (Intent.DELIVERY_ISSUE, Intent.OTHER, Intent.ORDER_STATUS)
#: A clause that asks about another order than the message's ("and the other order, has it
#: left yet?") counts from here: it can only be a request of its own.
OTHER_ORDER_CONFIDENCE = 0.3


def _of_another_order(clause: str) -> bool:
    """ "¿Y el otro pedido, ya salió?", "в другом заказе поменяйте…", "อีกออเดอร์นึงส่งหรือยัง":
    the clause is about another order than the one the message is about."""
    return lx.OTHER_ORDER.search(lx.normalize(clause)) is not None


def person_to_call(clause: str) -> bool:
    """ "Y quisiera que un agente me llame", "и пусть менеджер перезвонит": a person named and
    a verb of calling or speaking with them, a person asked for however the model reads it."""
    n = lx.normalize(clause)
    return lx.CONCEPTS["human"].search(n) is not None and lx.CALL_ME.search(n) is not None


def _exchange_of_what_came(clause: str, asks: bool) -> bool:
    """ "The hoodie came blue, I ordered green, please exchange it": a clause that asks for an
    exchange of an item in hand (a wrong one, the wrong size, a defect) asks for a return by
    exchange (what came told against what was ordered), however much its story sounds like a
    delivery gone wrong; not one that tells the parcel never came or was lost."""
    n = lx.normalize(clause)
    if not (asks or asking(clause)) or lx.EXCHANGE.search(n) is None:
        return False
    if delivered_not_received(clause) or parcel_lost(clause) or part_missing(clause):
        return False
    told = reason_in(clause, Intent.RETURN_REQUEST)
    if told == "damaged":
        return False  # broken on the way: the exchange is as much the delivery's remedy
    return told in ("wrong_item", "size", "defective") or lx.ORDERED.search(n) is not None


_NUMBER_FILLER = re.compile(
    r"(?<![^\W\d_])(?:n[°º]|nº|no|nr|num|number|numbers|número|numero|numéro|nummer|номер|"
    r"nomor|số|là|is|es|est|ist|é|my|mi|mon|ma|meu|minha|meine?|mein|мой|the|el|la|le|o|a|"
    r"de|do|da|du|des|der|die|das|of|for|id|ref)(?![^\W\d_])|号|號|码|碼|是|は|の|는|은|رقم|"
    r"หมายเลข|เลขที่"
)


def only_an_order_number(clause: str) -> bool:
    """A clause that gives an order number and nothing else ("pedido WEB2025110900301",
    "Order #1043.", "订单号：2025…"): it is the number of the request the message makes, never a
    request of its own (a status question that would take the number away from it)."""
    if len(clause) > 64 or len(clause.split()) > 6 or not any(c.isdigit() for c in clause):
        return False  # a clause with words of its own, or no number: cheap to tell
    from core.understanding.order_numbers import ORDER_WORD, extract_numbers
    from core.understanding.types import Entities

    ents = Entities()
    masked = extract_numbers(clause, ents)
    if not ents.order_numbers:
        return False
    rest = _NUMBER_FILLER.sub(" ", ORDER_WORD.sub(" ", masked.replace("\x00", " ")))
    return not re.search(r"[^\W\d_]", rest)


_TOLD_DONE_ACTIONS = (Intent.CANCEL_ORDER, Intent.RETURN_REQUEST)


def asks_where(text: str) -> bool:
    """ "Where is…?", "到哪了", "ở đâu", "wo bleibt…": the customer asks where something is,
    and not where their money is (that is a refund's status)."""
    n = lx.normalize(text)
    return lx.WHERE.search(n) is not None and lx.MONEY_BACK.search(n) is None


def asks_if_it_came(clause: str) -> bool:
    """A question whether the parcel came or is on its way ("elle est bien arrivée ?", "ist sie
    schon unterwegs?", "chegou?"), naming no action: its status is asked."""
    n = lx.normalize(clause)
    return (
        (lx.DELIVERED.search(n) is not None or lx.ON_THE_WAY.search(n) is not None)
        and lx.MONEY_BACK.search(n) is None
        and not actions_named(clause)
    )


def _names_its_request(clause: str, intent: Intent) -> bool:
    """The clause says what the model guessed in so many words: the action's own verb ("Hủy
    giúp mình đơn…"), a person asked for, or an order number asked about ("Where's my order
    10533")."""
    if intent in actions_named(clause):
        return True
    if intent is Intent.HUMAN_AGENT:
        # "et j'aimerais qu'un conseiller me rappelle": the person asked for in so many words
        return lx.CONCEPTS["human"].search(lx.normalize(clause)) is not None
    if intent is Intent.ORDER_STATUS:
        if asks_where(clause):
            return True
        from core.understanding.order_numbers import extract_numbers  # it imports the lexicon
        from core.understanding.types import Entities

        ents = Entities()
        extract_numbers(lx.normalize(clause), ents)
        return bool(ents.order_numbers)
    return False


def _normalized_with_positions(text: str) -> tuple[str, list[int]]:
    """`lx.normalize(text)` with, for each of its characters, the index in `text` it came from:
    a phrase found in the normalized text cuts the message as the customer wrote it."""
    simplified = lx._to_simplified()
    chars: list[str] = []
    where: list[int] = []
    for i, c in enumerate(text):
        for d in unicodedata.normalize("NFKC", c).lower().replace("’", "'").replace("‘", "'"):
            d = lx._AR_MARKS.sub("", d.translate(simplified)).translate(lx._AR_FOLD)
            if not d:
                continue
            if lx._PUNCT.fullmatch(d) or d.isspace():
                if not chars or chars[-1] == " ":
                    continue
                d = " "
            chars.append(d)
            where.append(i)
    return "".join(chars), where


_CUT_EDGES = " ,，、،:：;；-–—…~〜'\"“”「」"


#: The "but", "well", "now" or "later" a side matter ends on before the point ("…? but",
#: "…, ну", "…不過", "…بس الحين", "…للكويت بعدين"): no part of what it asks.
_SIDE_TAIL = re.compile(
    r"(?:[\s,，、]+|(?<=[\u3040-\u9fff]))(?:but|but now|now|well|pero|pero bueno|mas|mais|"
    r"aber|но|ну|а|сейчас|不过|不過|但是|可是|喔不过|喔不過|でも|けど|근데|그런데|하지만|일단|"
    r"بس|بس الحين|لكن|tapi|tp|nhưng|mà|แต่|later|потом|後で|あとで|나중에|بعدين|nanti|sau)"
    r"[\s,，、،]*$",
    re.IGNORECASE,
)


def main_point(text: str) -> tuple[str, str] | None:
    """(the matter put aside, the one that matters) of a message that marks its point after a
    side matter: "btw do you do invoices? anyway, the main thing: where is order 123",
    "скидка работает? ладно, это потом. главное — добавьте фильтр", "那个之后再说，主要是…".
    The cut is where the mark of the point begins ("the main thing", "главное", "それより",
    "الأهم", "yg penting"), else, with no such mark, right after the words that put the first
    matter off ("but whatever", "不过那个之后再说", "nanti aja deh"). None when nothing comes
    before the mark or after it (a message that only opens with "the main thing is…")."""
    n, where = _normalized_with_positions(text)
    put_off = lx.PUT_OFF.finditer(n)
    cut = None
    for m in lx.MAIN_POINT.finditer(n):
        if any(p.start() <= m.start() < p.end() for p in put_off):
            continue  # "c'est pas ça l'important": the side matter's own words
        if m.start() > 0:
            cut = where[m.start()]
            break
    if cut is None:
        after = [p.end() for p in put_off if 0 < p.start() and p.end() < len(n) - 1]
        if not after:
            return None
        cut = where[after[0]]
    main = text[cut:].strip(_CUT_EDGES)
    side = text[:cut].strip(_CUT_EDGES)
    for p in put_off:
        # "vcs entregam no sábado? mas enfim": the matter is what comes before it is put off
        if 0 < p.start() and where[p.start()] < cut:
            before = text[: where[p.start()]].strip(_CUT_EDGES)
            if len(before) >= (3 if _UNSPACED.search(before) else MIN_CLAUSE):
                side = before
            break
    for _ in range(2):  # "…للكويت بعدين، بس الحين": a "later" before the "but now"
        side = _SIDE_TAIL.sub("", side).strip(_CUT_EDGES) or side
    for part in (side, main):
        if len(part) < (3 if _UNSPACED.search(part) else MIN_CLAUSE):
            return None
    return side, main


def asked_clauses(text: str) -> set[str]:
    """The clauses of a message that ask (a question, a request form)."""
    return {clause for clause, asks in clauses_asking(text) if asks}


def order_requests(
    main: Intent,
    confidence: float,
    in_clauses: list[tuple[Intent, float, str]],
    asked: set[str] | None = None,
) -> tuple[Intent, float, list[tuple[Intent, str]]]:
    """(the request to handle first, how sure, the others in order with their clauses; the
    first request's own clause, when a clause makes it, comes last and is not another one). The
    whole message's label leads when it is clear (a story's clauses each sound like requests of
    their own); when it is unsure, a message whose parts are each clear is taken part by part,
    first said first. A label that only a telling clause of the story sounds like, without its
    verb, gives way to the one request a question of the message asks: "…, elle est bien
    arrivée ? Je suis en déplacement à Bruxelles" asks whether it arrived, not to move it."""
    asked = asked or set()
    said = [(i, clause) for i, _, clause in in_clauses]
    asking = _asked_instead(main, in_clauses, asked)
    if asking is not None:
        first, sure, clause = asking
        rest = [(i, c) for i, _, c in in_clauses if i is not main and c != clause]
        return first, sure, [*_without_told(rest, asked), (first, clause)]
    first_said = _action_asked_first(main, in_clauses, asked)
    if first_said is not None:
        first, sure, clause = first_said
        rest = [(i, c) for i, _, c in in_clauses if i is not first]
        return first, max(sure, ALSO_CONFIDENCE), [*rest, (first, clause)]
    if asked:
        # "my address is written clearly, 181 Zhongxiao E Rd…; can it be sent to me again?":
        # an address told in a story that asks something else is no change of it
        in_clauses = [r for r in in_clauses if not _address_told(r[0], r[2], asked)]
        said = [(i, clause) for i, _, clause in in_clauses]
    if in_clauses and (confidence < ALSO_CONFIDENCE or main not in _REQUESTS):
        first, sure, clause = in_clauses[0]
        if clause in asked:
            said = [said[0], *_without_told(said[1:], asked)]
        if first is Intent.REFUND_STATUS:
            said = [said[0], *(r for r in said[1:] if not _when_of_the_money(*r))]
        return first, max(sure, confidence if first is main else 0.0), said
    if main is Intent.ORDER_STATUS:
        said = [(i, c) for i, c in said if not _where_it_stands_told(i, c, asked)]
    if main is Intent.REFUND_STATUS:
        said = [(i, c) for i, c in said if not _when_of_the_money(i, c)]
    return (
        main,
        confidence,
        [(i, c) for i, c in said if i is not main] + [(i, c) for i, c in said if i is main][:1],
    )


def _when_of_the_money(intent: Intent, clause: str) -> bool:
    """Beside a refund's status, "when can I expect it?" asks when the money comes, not where a
    parcel is: a status question that names no order, no parcel and no "where"."""
    return (
        intent is Intent.ORDER_STATUS
        and not _names_its_request(clause, intent)
        and lx.PARCEL.search(lx.normalize(clause)) is None
    )


def _address_told(intent: Intent, clause: str, asked: set[str]) -> bool:
    """A clause that sounds like a change of address but neither asks nor names the change."""
    return (
        intent is Intent.CHANGE_ADDRESS
        and clause not in asked
        and not _names_its_request(clause, intent)
    )


def _where_it_stands_told(intent: Intent, clause: str, asked: set[str]) -> bool:
    """Beside "where is my parcel?", a clause that only tells where the tracking shows it
    ("it has been at the Berlin hub for a few hours") is no delivery problem of its own: the
    status answer reads the tracking and hands a stuck or late parcel to logistics. Not one
    that tells it never came, or came short."""
    if intent is not Intent.DELIVERY_ISSUE or clause in asked:
        return False
    return not (delivered_not_received(clause) or parcel_lost(clause) or part_missing(clause))


def _asked_instead(
    main: Intent, in_clauses: list[tuple[Intent, float, str]], asked: set[str]
) -> tuple[Intent, float, str] | None:
    """The one request an asking clause makes, when the message's label comes only from
    clauses that tell and do not name it (see `order_requests`)."""
    if not asked or main not in _REQUESTS:
        return None
    told = [c for i, _, c in in_clauses if i is main]
    if not told or any(c in asked or _names_its_request(c, main) for c in told):
        return None
    if main is Intent.REFUND_STATUS and any(money_spoken(c) for c in told):
        return None  # "…and the money never came to my PayPal. When, then?": the money's when
    asking = [(i, p, c) for i, p, c in in_clauses if c in asked and i is not main]
    if main is Intent.DELIVERY_ISSUE and (
        any(delivered_not_received(c) or parcel_lost(c) for _, _, c in in_clauses)
        or part_missing(" ".join(c for _, _, c in in_clauses))
    ):
        return None  # the message tells the parcel, or part of it, never came: "please check"
        # asks to look into that, not where it is
    # only a question of where it is or whether it came: a request clause that refuses one
    # thing and asks another ("我不要退款，麻烦再给我补发一个") sounds like a return to the model,
    # and the story before it ("the parcel was lost") says what it is
    if len(asking) != 1 or asking[0][0] is not Intent.ORDER_STATUS:
        return None
    return asking[0]


#: The actions on an order a customer asks for by their verb.
_ORDER_ACTIONS = frozenset(
    {Intent.RETURN_REQUEST, Intent.CANCEL_ORDER, Intent.CHANGE_ADDRESS, Intent.MODIFY_ORDER}
)


def _action_asked_first(
    main: Intent, in_clauses: list[tuple[Intent, float, str]], asked: set[str]
) -> tuple[Intent, float, str] | None:
    """ "Please exchange the hoodie, it came in the wrong colour. Also, can I get the price
    difference?": two requests, each asked in a clause of its own; the first said is handled
    first, when it asks for an action on the order by its verb (or an exchange of what came),
    however much the later question's words make the whole message sound like that question."""
    if main not in _REQUESTS or len(in_clauses) < 2:
        return None
    first, sure, clause = in_clauses[0]
    if first is main or first not in _ORDER_ACTIONS or clause not in asked:
        return None
    if not any(i is main for i, _, c in in_clauses[1:] if c in asked):
        return None  # the message's label is not a later question: its own story, say
    if asks_for_action(clause, first) or (
        first is Intent.RETURN_REQUEST and _exchange_of_what_came(clause, True)
    ):
        return first, sure, clause
    return None


def _without_told(requests: list[tuple[Intent, str]], asked: set[str]) -> list[tuple[Intent, str]]:
    """Behind a request a question asks, the others that only a telling clause sounds like,
    without naming them ("Je suis en déplacement à Bruxelles" is no change of address)."""
    return [(i, c) for i, c in requests if c in asked or _names_its_request(c, i)]


def told_done(text: str) -> bool:
    """Whether the message tells a cancellation or return as already done ("I cancelled it
    before it shipped", "退了其中一条", "ยกเลิก...ไปแล้ว"), not negated."""
    n = lx.normalize(text)
    if lx.ACTION_DONE_SPLIT.search(n):
        return True
    return any(
        not lx.negated(n, m.start(), m.end()) and not _WISHED.match(n, m.end())
        for m in lx.ACTION_DONE.finditer(n)
    )


#: A Japanese past form that goes on into a wish is none: "キャンセルしたい" (I want to cancel).
_WISHED = re.compile(r"い|がっ")


def money_spoken(text: str) -> bool:
    """Whether the message speaks of money coming back, or names a sum ("64,90 €")."""
    n = lx.normalize(text)
    return lx.MONEY_BACK.search(n) is not None or lx.AMOUNT.search(text.lower()) is not None


#: A refusal said after the money it refuses: "Geld zurück will ich nicht", "деньги возвращать
#: не нужно", "hoàn tiền thì không cần", "退款就不用了".
_REFUSED_AFTER = re.compile(
    r"\s?(?:\S+\s){0,2}?(?:nicht|kein|không|не нужно|не надо|не хочу|no quiero|no lo quiero|"
    r"não quero|不要|不用|不需要|ไม่เอา|ไม่ต้อง|필요 없|안 해도)"
)


#: "Still no…" before the money: it is missed, not refused ("still no refund", "toujours pas
#: de remboursement", "immer noch keine Erstattung", "до сих пор нет возврата", "还是没有退款").
_STILL_NONE = re.compile(
    r"(?:still no|still not|still haven't|still hasn't|toujours pas|toujours aucun|"
    r"todavía no|todavia no|aún no|aun no|todavía sin|ainda não|ainda sem|immer noch kein|"
    r"immer noch nicht|noch immer kein|noch keine|до сих пор нет|до сих пор не|всё ещё нет|"
    r"все еще нет|masih belum|belum juga|vẫn chưa|vẫn không|还是没|仍然没|一直没|還是沒|一直沒|"
    r"まだ|아직|لسه ما|لسا ما|ما زال|ยังไม่)[^.!?]*$"
)


def money_refused(text: str) -> bool:
    """ "I don't want a refund", "不要退款", "Geld zurück will ich nicht": money back named only
    to be refused, so what the customer wants is the item itself."""
    n = lx.normalize(text)
    hits = lx.CONCEPTS["refund"].finditer(n)
    if not hits:
        return False
    for m in hits:
        if _STILL_NONE.search(n[max(0, m.start() - 24) : m.start()]):
            continue  # "toujours pas de remboursement": the money missed, not refused
        if lx.negated(n, m.start(), m.end()):
            return True
        # the negation after the words: "Geld zurück will ich nicht", "hoàn tiền thì không"
        if _REFUSED_AFTER.match(n[m.end() : m.end() + 30]):
            return True
    return False


def asks_for_action(text: str, intent: Intent, *, exchange: bool = True) -> bool:
    """Whether a clause that asks ("我要退货", "I'd like to cancel…") names `intent`'s action
    without negating it and without telling it as done; with `exchange` False, an exchange
    ("交換していただけると") is not the return asked."""
    for clause, asks in clauses_asking(text):
        for phrase in phrases(clause) if intent in actions_named(clause) else []:
            said = phrase if exchange else lx.EXCHANGE.pattern.sub(" ", lx.normalize(phrase))
            named = intent in actions_named(said) and not told_done(phrase)
            if named and (asks or asking(phrase)):
                return True
    return False


#: The past forms a verb of an action ends in when it leads its phrase without a subject
#: ("Cancelled my order…", "Cancelé el pedido…", "Отменила заказ…", "Storniert am…").
_PAST_FORM = re.compile(r"(?:led|ed|é|ée|és|ées|ado|ada|ei|ou|iert|ила|ил|или|ен|ена|ён|ёна)$")


def requests_action(text: str, intent: Intent) -> bool:
    """Whether a phrase of the message asks for `intent`'s action itself, apart from the money:
    its verb, not negated, not told as done, in a request form ("please cancel it", "帮我取消",
    "キャンセルしたいです") or leading the phrase as an imperative ("Отмените заказ",
    "Cancel #1234"), in a phrase that does not speak of money. "Cancel it; how long is the
    refund?" asks to cancel; "I cancelled, where is my refund?", "the order I cancelled said
    refund to card" and "how long is the refund after cancelling?" do not."""
    action = _NEGATABLE.get(intent)
    if action is None:
        return False
    for phrase in phrases(text):
        n = lx.normalize(phrase)
        verbs = [
            m for m in lx.ACTION_VERBS[action].finditer(n) if not lx.negated(n, m.start(), m.end())
        ]
        if not verbs or told_done(phrase) or money_spoken(phrase):
            continue
        if asking(phrase):
            return True
        first = verbs[0]
        before = n[: first.start()].strip()
        word = n[first.start() :].split()[0] if not _UNSPACED.search(first.group(0)) else ""
        leads = not before or lx.POLITENESS.coverage(before) >= 0.99
        if leads and not _PAST_FORM.search(word):
            return True
    return False


def closes_with_action(text: str, intent: Intent) -> bool:
    """Whether the message's last clause names `intent`'s action, not negated, not told as done
    and not an exchange: a story told, then what to do about it ("…，退个碗", "…。花瓶だけ返品で",
    "…، برجع الفازة")."""
    pieces = [p.strip() for p in _SCOPE_ENDS.split(text) if p.strip()]
    if len(pieces) < 2:
        return False
    last = pieces[-1]
    said = lx.EXCHANGE.pattern.sub(" ", lx.normalize(last))
    return intent in actions_named(said) and not told_done(last)


#: The phrases of a message for `refund_of_the_cancellation`, the Arabic comma and question
#: mark too; and within them, where the money may be said, Thai phrases (a space ends one).
_CANCEL_PHRASES = re.compile(r"[,，、;；.!?。！？\n،؟]+")
_THAI_PHRASES = re.compile(r"(?<=[\u0e00-\u0e7f])\s+(?=[\u0e00-\u0e7f])")
#: The Japanese desiderative after the verb ("キャンセルしたい"): a wish, not the past "した".
_WISH_TO_CANCEL = re.compile(r"(?:キャンセル|取り消)したい")


def refund_of_the_cancellation(text: str) -> tuple[str, str] | None:
    """ "Cancel #1043, and how long does the refund take?", "请帮我取消，退款几天到账？",
    "hủy đơn giúp mình, tiền bao lâu thì hoàn lại?": a cancellation asked, then the money it
    brings back spoken of. The cancellation is the request; the money is a second one (the
    refund's timing), answered after it, never the other way round. The pieces (the
    cancellation's, the money's), or None when the cancellation is refused or told as done
    ("ยกเลิกไป 5 วันแล้ว เงินจะคืนเมื่อไหร่": where the money is, a refund's status)."""
    if refused_request(text, Intent.CANCEL_ORDER):
        return None
    phrases = [p.strip() for p in _CANCEL_PHRASES.split(text) if p and p.strip()]
    at = next((i for i, p in enumerate(phrases) if _cancellation_asked(p)), None)
    if at is None:
        return None
    thai = _THAI_PHRASES.split(phrases[at])
    verb = next((i for i, p in enumerate(thai) if Intent.CANCEL_ORDER in actions_named(p)), 0)
    cancel = phrases[at] if len(thai) == 1 else thai[verb]
    later = [*thai[verb + 1 :], *(q for p in phrases[at + 1 :] for q in _THAI_PHRASES.split(p))]
    for piece in later:
        n = lx.normalize(piece)
        money = [*lx.CONCEPTS["refund"].finditer(n), *lx.MONEY_BACK.finditer(n)]
        said = [m for m in money if not lx.negated(n, m.start(), m.end())]
        if said and not money_refused(piece):
            return cancel, piece
    return None


def _cancellation_asked(phrase: str) -> bool:
    """The phrase names a cancellation not told as done; a past form said with "please" ("ألغوا
    الطلب لو سمحتوا") or wished ("キャンセルしたい") asks for it."""
    if Intent.CANCEL_ORDER not in actions_named(phrase):
        return False
    n = lx.normalize(phrase)
    polite = [m for m in lx.POLITENESS.finditer(n) if not _THAI.search(m.group(0))]
    if polite or _WISH_TO_CANCEL.search(n) is not None:
        return True  # not the particles that end every Thai sentence ("ค่ะ", "ครับ")
    return not told_done(phrase)


_THAI = re.compile(r"[\u0e00-\u0e7f]")


def wants_the_item_not_money(text: str) -> bool:
    """Money back refused after a delivery went wrong ("the parcel went back to you, I don't
    want a refund, send it again"; "it came broken, no refund, I need the thing itself"): the
    customer wants the item delivered, a delivery problem. A defect or a wrong size with the
    money refused is an exchange, a return."""
    if not money_refused(text):
        return False
    told = reason_in(text, Intent.RETURN_REQUEST)
    if told in ("damaged", "wrong_item") or delivered_not_received(text):
        return True
    return lx.PARCEL.search(lx.normalize(text)) is not None and told not in ("defective", "size")


def return_quote_asked(text: str) -> bool:
    """ "If I send back just the dripper, do I lose the discount? How much would I get back?":
    a return supposed ("if", or "just asking"), an amount or the discount asked: a quote,
    neither the rules in general, nor a refund's status, nor the return itself."""
    n = lx.normalize(text)
    return (
        supposed(text)
        and (
            bool(_mentions(text, "return_request"))
            or lx.RETURN_SUPPOSED.search(n) is not None
            or _SEND_BACK.search(n) is not None
        )
        and (
            any(not _TIME_AFTER.match(n, m.end()) for m in lx.HOW_MUCH.finditer(n))
            or lx.CONCEPTS["coupon"].search(n) is not None
        )
    )


def price_asked_first(text: str) -> bool:
    """ "I used the 8,000 off coupon, was it applied right? And if I return the socks later,
    what happens to it?": before the return it supposes, the message asks about the discount in
    a question of its own (no return in it): how the order's price was worked out is asked too."""
    for sentence in _SENTENCES.findall(text):
        n = lx.normalize(sentence)
        if (
            _mentions(sentence, "return_request")
            or lx.RETURN_SUPPOSED.search(n)
            or supposed(sentence)
        ):
            return False
        if sentence.rstrip().endswith(_QUESTION_MARKS) and lx.CONCEPTS["coupon"].search(n):
            return True
    return False


_SENTENCES = re.compile(r"[^.!?。！？؟\n]+[.!?。！？؟]*")
_QUESTION_MARKS = ("?", "？", "؟")


def supposed(text: str) -> bool:
    """ "If I send it back…", "si la devuelvo…", "kalau aku retur…", or a message told as only a
    question ("just asking, not yet"): what it speaks of would happen, it is not asked for."""
    n = lx.normalize(text)
    return conditional(text) or lx.SUPPOSE_BARE.search(n) is not None or only_asking(text)


#: The English "send … back" with the thing sent between ("if I sent the whole order back").
_SEND_BACK = re.compile(r"\b(?:send|sent|sending)\s+(?:\S+\s+){0,5}?back\b")

#: "How many days", "combien de jours", "сколько дней", "多少天": a time asked, not an amount.
_TIME_AFTER = re.compile(
    r"\W*(?:\w+\W+)?(?:days?|weeks?|time|long|d[ií]as?|semanas?|jours?|semaines?|temps|tage?n?|"
    r"wochen?|zeit|дн|день|недел|времен|hari|minggu|ngày|tuần|يوم|ايام|أيام|اسبوع|"
    r"天|日|周|週|時間|时间|일|주|วัน|สัปดาห์)"
)


def bank_security_told(text: str) -> bool:
    """ "My bank texted me about a suspicious payment": a bank's security check is told."""
    return lx.BANK_SECURITY.search(lx.normalize(text)) is not None


def money_taken_told(text: str) -> bool:
    """ "The money left my account": the customer saw the money go, whatever the order says."""
    return lx.MONEY_TAKEN.search(lx.normalize(text)) is not None


def charged_twice(text: str) -> bool:
    """ "I see two charges of 38.80 on my card": a second charge of the one payment is told."""
    return lx.CHARGED_TWICE.search(lx.normalize(text)) is not None


def only_asking(text: str) -> bool:
    """ "Just asking, not returning it yet", "只是问问", "é só para saber", "nanya dulu, belum
    mau retur": the customer says the message only asks. What it supposes or asks about is to
    be answered (a quote, the rules, an estimate) with an offer, never started."""
    n = lx.normalize(text)
    if any(not _NOT_BEFORE.search(n[: m.start()]) for m in lx.ONLY_ASKING.finditer(n)):
        return True
    verbs = [lx.ACTION_VERBS[a] for a in ("return_request", "cancel_order")]
    if any(v.search(m.group(0)) for m in _EN_NOT_YET.finditer(n) for v in verbs):
        return True  # "not returning it yet"
    for m in lx.NOT_YET.finditer(n):
        after = n[m.end() :]
        for verb in verbs:
            hit = verb.search(after)
            if hit is not None and _JUST_BEFORE.fullmatch(after[: hit.start()]):
                return True  # "belum mau retur", "noch nicht zurückschicken", "まだ返品しない"
    return False


#: What may stand between a "not yet" and the verb it puts off: a short word ("belum mau retur",
#: "todavía no lo devuelvo") or a few characters of an unspaced script ("暂时不想退掉"); more,
#: and the "not yet" is of something else ("если ещё не отправили, отмените").
_JUST_BEFORE = re.compile(r"\s*(?:\w{1,5}\s+)?|\s*\w{0,3}")


def action_only_asked_about(text: str, intent: Intent) -> bool:
    """ "I have 14 days to return the coat, right? … just to know", "can I still cancel? just
    asking": a return or a cancellation the model reads as asked for, in a message that says
    it only asks and is no quote (`return_quote_asked`): the rules are the answer, not the
    flow."""
    return (
        intent in (Intent.RETURN_REQUEST, Intent.CANCEL_ORDER)
        and bool(_mentions(text, _NEGATABLE[intent]))
        and only_asking(text)
        and not return_quote_asked(text)
    )


#: "Not just asking": the marker denied.
_NOT_BEFORE = re.compile(r"(?:\bnot|\bno|不是|не)\s*$")
#: "Not returning it yet", "don't file it yet": an English verb between the "not" and the "yet".
_EN_NOT_YET = re.compile(
    r"\b(?:not\s+(?:going\s+to\s+)?\w+ing|(?:don't|do\s+not)\s+\w+)(?:\s+\w+){0,3}\s+yet\b"
)


def asks_payment_methods(text: str) -> bool:
    """ "Do you take PayPal?", "唔收嘅話可以用咩俾錢？", "¿qué formas de pago aceptan?": a
    question about the ways of paying the shop takes (a payment method named with a verb of
    taking it, or the ways of paying asked outright), not about a payment of an order."""
    n = lx.normalize(text)
    if not (lx.asks(text) or asking(text)) or charged_twice(text):
        return False
    if lx.PAY_WITH.search(n) is not None:
        return True
    return lx.ACCEPTS.search(n) is not None and lx.PAYING.search(n) is not None


def own_reason_of_the_unused(text: str, intent: Intent) -> str | None:
    """ "Everything is unworn with its tags", "the bowls are still in their unopened box": a
    return of items told unused or unopened, no fault of them told, is the customer's own
    decision (a fault is found by using a thing); None when a fault is named or denied."""
    if intent is not Intent.RETURN_REQUEST:
        return None
    n = lx.normalize(text)
    unused = lx.UNUSED.search(n) is not None or facts_in(text).get("opened") is False
    if not unused or any(klass.search(n) for klass in lx.REASONS.values()):
        return None
    return "no_reason"
