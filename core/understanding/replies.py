"""A typed reply read as the answer to the question the bot asked (`Expectation`).

Tried in order, cheapest and most certain first: the number or ordinal of an option, its label
or one of its words typed (exactly, then fuzzily), the closed word classes of `lexicon` (yes/no
with negation scope, "all of them", return reasons), then semantic similarity between the reply
and the options (the encoder, when installed). A reply none of these reads is *not an answer*:
the engine then treats it as a new request, or asks again.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
from rapidfuzz import fuzz

from core.understanding import lexicon as lx
from core.understanding import products as pr
from core.understanding.addresses import address_piece, whole_address
from core.understanding.conditions import FALLBACK, conditional
from core.understanding.corrections import find_correction
from core.understanding.counts import KEEP, acting_count, relative_quantity, sets_aside
from core.understanding.expect import (
    Answer,
    Expectation,
    ExpectedOption,
    ExpectKind,
    OptionFacts,
)
from core.understanding.facts import fact_answer, facts_in
from core.understanding.frame import denied_reasons, ordered_other, ordered_other_size
from core.understanding.numbers import (
    cn_number,
    find_quantities,
    normalize,
    parse_ordinal,
    parse_quantity,
)
from core.understanding.semantic import Encoder, SemanticTier
from core.understanding.types import Entities, Intent, ParsedAddress

_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
_BARE_NUMBER = re.compile(r"^\s*(?:no\.?\s*|#|nº\s*|第)?(\d{1,2})\s*(?:[.)、]|号|番)?\s*$", re.I)
#: "la 4", "Nummer 2", "số 3", "ข้อ 1", "yg ke 4", "option 2": the number of an option, with
#: the word a language puts before it.
_NUMBERED = re.compile(
    r"^\s*(?:the\s+|la\s+|el\s+|le\s+|lo\s+|a\s+|o\s+|die\s+|der\s+|das\s+)?"
    r"(?:number|num|nr|no|option|opción|opcion|opção|opcao|choix|nummer|número|numero|номер|"
    r"вариант|số|ข้อ|ตัวเลือก|yg\s+ke|yang\s+ke|nomor|no\.|n°|nº|رقم|الخيار|번|選択肢|选|選)?\.?\s*"
    r"(\d{1,2})\s*(?:번|番|号|號)?\s*[.!)]?\s*$",
    re.I,
)
#: Words around an option's number said in words ("number three", "选三", "2番で", "2번이요").
_NUMBER_WORDS = re.compile(
    r"\b(?:number|option|no|nr|num|номер|вариант|número|numero|opción|opção|nummer|số|nomor|"
    r"رقم)\b|^(?:选|選|第)|(?:号|號|番|番で|で|번|번이요|이요|요)$"
)
#: An option's number after a word for "number" in a short reply ("pilih nomor 2 ya",
#: "la número 3 por favor", "رقم ١", "вариант 2", "ข้อ 2 ค่ะ").
_MARKED_NUMBER = re.compile(
    r"(?<![^\W\d_])(?:no|nomor|nmr|nr|number|num|número|numero|n°|nº|#|номер|вариант|số|"
    r"رقم|เบอร์|ข้อ|opción|opcion|opção|opcao|option|variante|choix|auswahl)\.?\s?(\d{1,2})(?!\d)",
    re.I,
)
_VERIFY_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_VERIFY_DIGITS = re.compile(r"(?<!\d)(\d{4})(?!\d)")
VERIFY_MAX = 80
"""Longest reply read for a verification answer ("the last 4 digits are 0188")."""
_WORD = re.compile(r"[^\W\d_]{2,}|\d+", re.UNICODE)
_PIECES = re.compile(r"[,，、;；.!?。！？\n]+")

#: Semantic similarity needed to take an option, and the lead it needs over the next one.
#: E5 scores of unrelated sentences sit around 0.75-0.80, so the scale is narrow.
SEMANTIC_MIN = 0.9
SEMANTIC_MARGIN = 0.03
#: For items and orders: the level and the lead over the next option (see `_semantic_option`).
ITEM_MIN = 0.8
ITEM_LEAD = 0.025
#: The same for the nearest known typed answers (prototypes) of a slot.
PROTOTYPE_MIN = 0.85
PROTOTYPE_MARGIN = 0.008
FUZZY_MIN = 82
#: Confidence of a reply's own intent needed to take it as the option of that intent.
INTENT_OPTION_MIN = 0.35
INTENT_VALUES = frozenset(i.value for i in Intent)
_THANKS = lx.WordClass("""
thanks, thank you, thx, cheers, 谢谢, 謝謝, 多谢, gracias, obrigad*, merci, danke, спасибо,
ありがと*, 감사*, 고마*, شكر*, makasih, terima kasih, cảm ơn, ขอบคุณ
""")


def _thanks(normalized: str) -> bool:
    return _THANKS.search(normalized) is not None


def is_thanks(text: str) -> bool:
    """ "Thanks!", "谢谢", "ok cảm ơn nha": a thank-you, not a hello."""
    return _thanks(lx.normalize(text))


#: Words that say nothing about which option is meant ("the one", "that", "please").
_FILLER = lx.WordClass("""
the, one, ones, a, an, that, this, it, them, please, i, want, would, like, to, of, my, is, for,
el, la, los, las, lo, uno, una, le, les, un, une, der, die, das, den, ein, eine, o, os, as, um, uma,
это, этот, эта, тот, та, то, yang, itu, ini, cái, con, chiếc, อัน, ตัว,
那个, 那個, 这个, 這個, 那件, 这件, 的, 要, 我要, 嗰个, 嗰件, 嗰条, 呢个, 呢件, 嗰, 呢, 嘅,
of, with, and, for, in, on, de, del, do, da, dos, das, des, du, di, y, e, et, und, mit, con, com,
avec, para, pour, für, von, для, с, и, в, на, от, из, dan, untuk, dari, và, với, của, و, في, من,
مع, حق, على, عن
""")


@dataclass(frozen=True)
class Reply:
    """What the interpreter gets: the text and what understanding already found in it."""

    text: str
    entities: Entities
    intent: Intent
    confidence: float


def interpret(expect: Expectation, reply: Reply, tier: SemanticTier | None = None) -> Answer | None:
    """The reply as an answer to `expect`, or None when it is not one."""
    text = reply.text.strip()
    if not text:
        return None
    echo = _ECHOED.match(text) if expect.fact is not None else None
    if echo is not None and len(echo.group(0).split()) <= 5 and lx.normalize(text[echo.end() :]):
        # "l'emballage d'origine ? non, jeté", "照片？没有": the question typed back, then its
        # answer, which is read alone
        text = text[echo.end() :].strip()
        reply = Reply(text, reply.entities, reply.intent, reply.confidence)
    expect = with_meanings(expect)
    answer = _read(expect, reply, tier)
    if answer is not None and _cancels_instead(expect, reply):
        return None  # "cancel the whole order then" to "which item to return?": a cancellation
    if answer is not None and _changes_phone_instead(expect, reply):
        return None  # "please change the recipient's number" to a menu without it
    if answer is None or answer.method in SURE:
        return answer or _chosen_then_asked(expect, reply)
    if expect.kind is ExpectKind.YES_NO and (told := _answered_then_asked(expect, reply)):
        return told
    if (
        answer.method != "amend"
        and _asks_instead(expect, reply)
        and not _asks_after_one_order(expect, reply, answer.method)
        and not _reason_told_apart(expect, reply, answer)
    ):
        # "what is your return policy?" is a question, not a return reason; "continue, but
        # can I drop it off?" chose, then asked
        return _chosen_then_asked(expect, reply)
    sure = expect.kind is ExpectKind.REASON and answer.method == "lexicon"
    if not sure and _another_request(expect, reply, answer.method):
        if _first_clause_answers(expect, reply, answer):
            return answer  # "the cheaper one, I used the 20% code on it": chosen, then a story
        return None  # "the coupon didn't apply": another matter, whatever words it shares
    return answer


def _reason_told_apart(expect: Expectation, reply: Reply, answer: Answer) -> bool:
    """Asked why, a reason said outright in a reply with no question mark ("quando chegou já
    veio rachada", "用了两次就不加热了 … 你看怎么弄吧"), or in a clause that asks nothing: a
    question or a "when it came" elsewhere in the story does not take it back."""
    if expect.kind is not ExpectKind.REASON and not _reason_options(expect):
        return False
    if answer.method != "lexicon" or answer.payload is None:
        return False
    option = expect.option(answer.payload)
    code = option.meaning if option is not None else None
    if not _QUESTION_MARK.search(reply.text):
        return code in reason_hits(reply.text)  # "quando chegou…": a story's "when", no question
    pieces = [q for p in _PIECES.split(reply.text) for q in _story_pieces(p)]
    return any(code in reason_hits(p) for p in pieces if p.strip() and not lx.asks(p))


_QUESTION_MARK = re.compile("[?？؟¿]")


def _story_pieces(piece: str) -> list[str]:
    """A piece of a story in a script written without spaces split where it has one (a space
    stands for a comma there: "用了两次就不加热了 插上电灯是亮的"); other pieces whole."""
    return piece.split() if _UNSPACED.search(piece) else [piece]


def _split_at_question(text: str) -> tuple[str, str] | None:
    """The clauses before the first one that asks, and the rest from it; None when the
    reply asks nothing or asks from its first clause."""
    ends = [m.end() for m in _ANSWER_CLAUSES.finditer(text)]
    breaks = [*_SIDE_BREAK.finditer(text), *_UNSPACED_BREAK.finditer(text)]
    breaks += _TURN_ASIDE.finditer(text)
    ends = sorted({*ends, *(m.start() for m in breaks), len(text)})
    starts = [0, *ends[:-1]]
    clauses = [(a, text[a:b]) for a, b in zip(starts, ends, strict=True) if lx.normalize(text[a:b])]
    asking = next((i for i, (_, c) in enumerate(clauses) if _asks_aside(c)), None)
    if asking is None or asking == 0:
        return None
    side = {m.start() for m in breaks}
    # "對，改成這個。另外我的卡一直刷不過，是額度嗎？", "yes. also my card didn't go through,
    # was it the limit?": the matter turned to by "also" begins where the word is; its story
    # ("刷不過", "didn't") is the question's, not a no to the answer before it
    turn = next((i for i in range(1, asking + 1) if clauses[i][0] in side), asking)
    return " ".join(c for _, c in clauses[:turn]), text[clauses[turn][0] :].strip()


#: A space between two words of a script written without spaces (Han, kana, Thai): a clause
#: break ("退吧退吧 钱是原路退回花呗吗", "ยกเลิกได้เลยค่ะ แล้วเงินคืน…ใช่มั้ยคะ").
_UNSPACED_BREAK = re.compile(
    r"(?<=[\u3040-\u30ff\u3400-\u9fff\u0e00-\u0e7f])\s+(?=[\u3040-\u30ff\u3400-\u9fff\u0e00-\u0e7f])"
)


def _answered_then_asked(expect: Expectation, reply: Reply) -> Answer | None:
    """A yes or no said first, then a question or another request ("да, оформляйте. деньги на
    ту же карту вернутся?", "no, leave it. how long is delivery to Lyon?"): the clauses before
    the first question answer on their own; what follows rides along (`Answer.rest`),
    taken up once the answer is acted on."""
    split = _split_at_question(reply.text)
    if split is None:
        return None
    head, rest = split
    said = None
    if expect.fact is not None:  # "no photos yet... should I take some?"
        told = fact_answer(head, expect.fact)
        said = None if told is None else "yes" if told else "no"
    said = said or yes_or_no(head, expect.action)
    if said is None or _ends_unsure(head, expect.action):
        return None
    option = expect.option(said)
    if option is None:
        return None
    return Answer(kind=expect.kind, payload=option.id, rest=rest, confidence=0.9, method="lexicon")


#: Where a question or a request is added to an answer without a comma: "yes cancel it but
#: will the money…", "好 退 但…", "ايوه … بس …", "and also tell me…".
_JOINS = (
    r"(?:but|and|also|btw|by the way|pero|y|e|mas|mais|et|aber|und|но|а|и|tapi|dan|nhưng|và|"
    r"لكن|بس)"
)
_SIDE_BREAK = re.compile(
    rf"(?<=\s){_JOINS}(?=\s)|(?<=.)(?:但是|但|不过|不過|顺便|順便|另外|还有|還有|可是|けど|でも|"
    r"ところで|ついでに|그리고|근데|그런데|(?<=\s)แต่)"
)
#: Words that open another matter at the start of a sentence or clause: "also", "another
#: thing", "por cierto", "otra cosa", "au fait", "übrigens", "кстати", "对了", "ところで",
#: "그리고", "على فكرة", "oh ya", "nhân tiện", "อีกเรื่อง".
_TURN_ASIDE = re.compile(
    r"(?:(?<=[,，、;；.!?。！？\n])|(?<=[,，、;；.!?。！？\n]\s)|^)"
    r"(?:also|btw|by the way|another thing|one more thing|besides|plus|"
    r"por cierto|otra cosa|además|ademas|aparte|también|"
    r"aliás|alias|outra coisa|além disso|também|"
    r"au fait|autre chose|aussi|par ailleurs|d'ailleurs|"
    r"übrigens|noch was|noch etwas|außerdem|ach ja|"
    r"кстати|ещё вопрос|еще вопрос|и ещё|и еще|ещё одно|еще одно|также|"
    r"另外|还有|還有|顺便|順便|对了|對了|ところで|ついでに|それと|あと|"
    r"그리고|근데|그런데|참고로|"
    r"على فكرة|بالمناسبة|وكمان|كمان|وشي ثاني|"
    r"oh ya|satu lagi|selain itu|"
    r"tiện thể|nhân tiện|còn nữa|ngoài ra|với lại|"
    r"อีกเรื่อง|อีกอย่าง|นอกจากนี้)(?![^\W\d_])",
    re.I,
)
_JOIN_FIRST = re.compile(rf"^\s*{_JOINS}\s+", re.I)
#: Asking to be told something, as a request rather than a question: "tell me if…", "me fala
#: se…", "dime cuándo…", "顺便问一下", "教えて", "kasih tau".
_TELL_ME = lx.WordClass("""
tell me, let me know, me fala, me diz, me diga, me avisa, me conta, dime, dígame, díganme,
avísame, dis-moi, dites-moi, sag mir, sagen sie mir, скажите, подскажите, скажи, 告诉我,
问一下, 想问, 顺便问, 教えて, 알려, قولي, قول لي, خبرني, kasih tau, kasih tahu, kabarin,
cho mình hỏi, cho em hỏi, cho mình biết, cho em biết, ขอถาม
""")


def _asks_aside(clause: str) -> bool:
    """A clause that asks a question or asks to be told something."""
    clause = _JOIN_FIRST.sub("", clause)  # "but how long…" asks as "how long…"
    return lx.asks(clause) or _TELL_ME.search(lx.normalize(clause)) is not None


#: A "but" that turns from an answer to a question ("continue, but can I drop it off?").
_BUT = re.compile(
    r"(?<![^\W\d_])(?:but|pero|mas|mais|aber|но|а|tapi|tp|nhưng|nhung|لكن|بس|ولكن)(?![^\W\d_])"
    r"|แต่|けど|けれど|でも|但是|不过|不過|근데|그런데|하지만",
    re.I,
)
#: Readings of a clause that pick an option on their own.
_CHOSEN = frozenset({"label", "concept", "lexicon", "fuzzy", "number", "number_word", "ordinal"})


def _chosen_then_asked(expect: Expectation, reply: Reply) -> Answer | None:
    """An option chosen, then a question ("続けます、けどラベルはコンビニで印刷できますか",
    "давайте купон, но его можно потом потратить?"): the choice stands, and the question rides
    along (`Answer.rest`) to be answered once the choice is acted on."""
    if expect.kind is not ExpectKind.CHOICE or any(o.facts for o in expect.options):
        return None
    text = reply.text
    turn = _BUT.search(text) or _ANSWER_CLAUSES.search(text)
    if turn is not None and turn.start() > 0:
        head, rest = text[: turn.start()], text[turn.start() :].lstrip(" ,，、.。")
    else:
        head, rest = "", ""
    if not lx.asks(rest) and (split := _clauses_then_question(text)) is not None:
        head, rest = split  # "那我等等吧 不急 大概要等多久": the question a clause of its own
    if not head or not lx.asks(rest) or lx.asks(head) or len(lx.normalize(head).split()) > 4:
        return None
    alone = _read(expect, Reply(head, Entities(), Intent.OTHER, 0.0), None)
    if alone is None or alone.method not in _CHOSEN:
        return None
    return alone.model_copy(update={"rest": rest.strip(), "confidence": 0.85})


def _clauses_then_question(text: str) -> tuple[str, str] | None:
    """The clauses before the first that asks, and the rest from it, clauses parted as
    `_CLAUSES` parts them (a space between words of a script written without spaces too);
    None when no clause asks or the first one does."""
    starts = [0, *(m.end() for m in _CLAUSES.finditer(text))]
    for start in reversed(starts[1:]):  # the last clause that asks, alone
        rest = text[start:]
        if lx.normalize(rest) and lx.asks(rest):
            head = text[:start]
            return None if lx.asks(head) else (head.strip(" ,，、.。"), rest.strip())
    return None


#: A phone number, as people name it when they want it changed ("so dt", "电话", "เบอร์โทร").
_PHONE_WORDS = lx.WordClass(
    bare=True,
    entries="""
phone number, phone no, phone, mobile number, number on the order, teléfono, telefono, celular,
número de teléfono, número de celular, telefone, número de telefone, téléphone, numéro de
téléphone, telefonnummer, handynummer, rufnummer, номер телефона, телефон*, nomor hp, no hp,
nomor telepon, no telp, số điện thoại, số đt, sđt, sdt, เบอร์โทร, เบอร์, رقم الجوال,
رقم الهاتف, رقم التلفون, رقم الموبايل, 电话, 电话号码, 手机号, 手机号码, 联系电话, 電話番号,
携帯番号, 전화번호, 연락처
""",
)
#: A verb of changing, typed with or without Vietnamese marks ("doi", "đổi").
_CHANGE_ANY = lx.WordClass(
    bare=True,
    entries="""
change, update, correct, fix, cambiar, cambia, cambien, corregir, mudar, muda, trocar, troca,
alterar, changer, changez, modifier, ändern, ändert, korrigieren, поменя*, измени*, смени*,
исправ*, ganti, ubah, đổi, thay đổi, sửa, cập nhật, เปลี่ยน, แก้, غير, تغيير, عدل, تعديل,
改, 换, 換, 更改, 修改, 変更, 変え, 直し, 바꾸, 바꿔, 변경, 수정
""",
)


def _changes_phone_instead(expect: Expectation, reply: Reply) -> bool:
    """ "nhờ shop đổi số điện thoại" to "what can I help with? tracking / returns / …": a
    change of the phone on an order (the address flow's matter), when no option is about it —
    not a status question nor any option sharing a word with it."""
    if not _is_menu(expect):
        return False
    offered = set().union(*(_option_concepts(o) for o in expect.options))
    if "address" in offered or any(o.meaning == "change_address" for o in expect.options):
        return False
    n = lx.normalize(reply.text)
    return _PHONE_WORDS.search(n) is not None and _CHANGE_ANY.search(n) is not None


def _cancels_instead(expect: Expectation, reply: Reply) -> bool:
    """ "Cancel the whole order then" to "which item?" or "the whole order or some items?" of a
    return: a cancellation asked instead, not the whole of what is returned (unless an option
    is itself a cancellation, or the question serves one)."""
    if expect.kind not in (ExpectKind.ITEM, ExpectKind.CHOICE) or expect.action == "cancel_order":
        return False
    if _is_menu(expect) or any(o.facts for o in expect.options):
        return False
    if any("cancel" in _option_concepts(o) for o in expect.options):
        return False
    return "cancel" in lx.concepts(lx.normalize(reply.text))


def _first_clause_answers(expect: Expectation, reply: Reply, answer: Answer) -> bool:
    """Whether the reply's first clause alone picks the same option precisely (by its facts,
    its position, its description): what follows is said about it, no other request."""
    pieces = [p for p in _PIECES.split(reply.text) if p.strip()]
    if len(pieces) < 2 or answer.method not in _PRECISE | {"fuzzy"}:
        return False
    first = pieces[0]
    n = lx.normalize(first)
    if any(klass.search(n) for klass in lx.ACTION_VERBS.values()):
        return False
    alone = _read(expect, Reply(first, Entities(), Intent.OTHER, 0.0), None)
    if alone is None or alone.payload != answer.payload:
        return False
    if alone.method == "fuzzy":  # "ähnlichen Artikel, aber in schwarz": most of its label typed
        option = next((o for o in expect.options if o.id == alone.payload), None)
        if option is None:
            return False
        label = _tokens(option.label)
        return bool(label) and _overlap(option, n) >= LABEL_SHARE * len(label)
    return alone.method in _PRECISE


#: Ways of reading that leave no doubt the reply answers the question.
SURE = frozenset({"number", "label", "address", "phone", "order_number", "verify", "correction"})
#: How sure understanding must be that a reply is another request for it not to be an answer.
ANOTHER_REQUEST = 0.85


#: Requests that go with the one asked about: a damaged parcel is a reason for its return.
_KIN = {"return_request": {"delivery_issue"}, "cancel_order": {"refund_status"}}


#: Requests a reply to a question of this kind may well come with ("return two of the mugs"
#: to "which item?", "it arrived broken" to "why?"), when the question does not say its action.
_COMPATIBLE = {
    ExpectKind.ITEM: {"return_request", "delivery_issue", "cancel_order"},
    ExpectKind.QUANTITY: {"return_request", "delivery_issue", "cancel_order"},
    ExpectKind.REASON: {"return_request", "delivery_issue"},
    ExpectKind.CHOICE: {"return_request", "cancel_order"},
    ExpectKind.YES_NO: {"return_request", "delivery_issue"},
}
#: Without a known action, how sure understanding must be of another request.
ANOTHER_REQUEST_UNKNOWN = 0.7


#: Ways of reading that find the option in what the reply says of it (its kind and size, the
#: matter it is about): another request must then be surer to win.
DESCRIBED = frozenset(
    {"described", "concept", "lexicon", "variants", "facts", "number_word", "quantity"}
)
ANOTHER_REQUEST_DESCRIBED = 0.85
#: Readings precise enough that a complaint said with them is no other request.
_PRECISE = frozenset({"facts", "ordinal", "described", "number_word"})


def _another_request(expect: Expectation, reply: Reply, method: str = "") -> bool:
    """Whether the reply is plainly another request than the one the question serves."""
    if reply.intent not in _ORDER_INTENTS:
        return False
    if reply.intent is Intent.COMPLAINT and method in _PRECISE:
        return False  # "yang paling lama" (the oldest; "lama" is also a long wait)
    if method in _NAMED and _just_names(reply.text):
        return False  # "the grinder order", "die blaue Tasse": a thing named, no request
    if method == "lexicon" and lx.ALL.coverage(lx.without_idioms(lx.normalize(reply.text))) >= 0.5:
        return False  # "honestly, the whole lot, everything": all of it, said with feeling
    if method == "facts" and _names_by_facts(reply.text):
        return False  # "la del black friday": an order named by its day, no coupon asked for
    said = reply.intent.value
    if expect.action is not None:
        return (
            reply.confidence >= ANOTHER_REQUEST
            and said != expect.action
            and said not in _KIN.get(expect.action, set())
        )
    meanings = {o.meaning for o in expect.options if o.meaning}
    if said in meanings or (meanings & set(lx.REASONS) and said in _COMPATIBLE[ExpectKind.REASON]):
        return False  # a menu's own request, a reason's own story
    if _is_menu(expect):
        return False
    offered = set().union(*(_option_concepts(o) for o in expect.options))
    if INTENT_CONCEPTS.get(said, set()) & offered:
        return False  # "quero o reembolso" to "coupon, or cancel and refund?"
    compatible = _COMPATIBLE.get(expect.kind, set())
    if any(o.facts is not None for o in expect.options):
        compatible = {"order_status"}  # which order: the one a status question is about
    needed = ANOTHER_REQUEST_DESCRIBED if method in DESCRIBED else ANOTHER_REQUEST_UNKNOWN
    return reply.confidence >= needed and said not in compatible


#: Readings that found the option by what the reply calls it.
_NAMED = frozenset({"described", "fuzzy"})


def _names_by_facts(text: str) -> bool:
    """Whether a reply is a short description of an order (five words at most, no verb of any
    request, no question): the words of a sale or a date in it ask for nothing."""
    n = lx.normalize(text)
    if len(n.split()) > 5 or lx.asks(text):
        return False
    return not any(klass.search(n) for klass in lx.ACTION_VERBS.values())


def _just_names(text: str) -> bool:
    """Whether a reply is only a short name (three words at most, no verb of any request):
    what the intent model makes of it ("order" in "the grinder order") is no request."""
    n = lx.normalize(text)
    if len(n.split()) > 3 or _UNSPACED.search(n):
        return False
    return not any(klass.search(n) for klass in lx.ACTION_VERBS.values())


#: The matter (`lexicon.CONCEPTS`) of each request, to tell a request an option offers from
#: another one.
INTENT_CONCEPTS = {
    "cancel_order": {"cancel"},
    "return_request": {"return", "refund"},
    "refund_status": {"refund"},
    "change_address": {"address"},
    "coupon_price": {"coupon"},
    "human_agent": {"human"},
    "order_status": {"status"},
    "payment_issue": {"original", "coupon"},
    "modify_order": {"exchange", "colour"},
}
#: The matters of a menu's requests: asked for with no option about them, no option is chosen.
_REQUESTS = frozenset({"human", "status", "cancel", "return", "refund", "address"})


def _is_menu(expect: Expectation) -> bool:
    """A question whose options are requests ("What can I help you with?")."""
    return sum(1 for o in expect.options if o.meaning in INTENT_VALUES) >= 2


def _option_concepts(option: ExpectedOption) -> set[str]:
    return lx.concepts(lx.normalize(" ".join([option.label, *option.words[:1]])))


def _asks_for_unoffered(options: Sequence[ExpectedOption], n: str) -> bool:
    """Whether a reply asks for a matter (a person, a refund…) that no option is about: a word
    it shares with a label is then no choice of it."""
    said = lx.concepts(lx.without_idioms(n)) & _REQUESTS
    offered = set().union(*(_option_concepts(o) for o in options))
    return bool(said) and not said & offered


def _without_refusing(text: str) -> str | None:
    """The reply without its clauses that hold a word of negation ("баланс мне не нужен"),
    when another clause is left; else None."""
    clauses = [c for c in _CLAUSES.split(text) if lx.normalize(c)]
    kept = [c for c in clauses if not lx.NEGATOR_BEFORE.search(lx.normalize(c))]
    return " ".join(kept) if kept and len(kept) < len(clauses) else None


def _concept_option(options: Sequence[ExpectedOption], n: str) -> ExpectedOption | None:
    """The one option that is about more of the matters the reply names than any other."""
    said = lx.concepts(n)
    scored = sorted(
        ((len(said & _option_concepts(o)), i) for i, o in enumerate(options)), reverse=True
    )
    if said and scored[0][0] > 0 and (len(scored) < 2 or scored[1][0] < scored[0][0]):
        return options[scored[0][1]]
    # "แค่บางชิ้น" (just some) between the whole order and a label the lexicon cannot read
    opposite = {"part": "whole", "drop": "continue", "whole": "part", "continue": "drop"}
    for mine, other in opposite.items():
        if len(options) == 2 and mine in said:
            hit = [o for o in options if other in _option_concepts(o)]
            if len(hit) == 1 and not any(mine in _option_concepts(o) for o in options):
                return next(o for o in options if o is not hit[0])
    # "lieber nicht weitermachen" between going on and stopping: the option not refused
    refused = lx.concepts(n, refused=True)
    if len(options) == 2 and refused:
        hit = [o for o in options if refused & _option_concepts(o)]
        if len(hit) == 1:
            return next(o for o in options if o is not hit[0])
    return None


#: Readings that find one order in what the reply says of it.
_ORDER_NAMED = frozenset({"described", "fuzzy", "facts", "label", "ordinal"})


def _asks_after_one_order(expect: Expectation, reply: Reply, method: str) -> bool:
    """ "где кроссовки?", "where's the one with the mug?", "耳機嗰張單到咗未": asked which order,
    a question after the state of one order names it (the status is what is being asked)."""
    if method not in _ORDER_NAMED or not any(o.facts for o in expect.options):
        return False
    n = lx.normalize(reply.text)
    return "status" in lx.concepts(n) or reply.intent is Intent.ORDER_STATUS


def _asks_instead(expect: Expectation, reply: Reply) -> bool:
    """A question typed instead of the answer ("when will it arrive?", "habt ihr die auch in
    Weiß?"); to a yes/no question, a reply that opens with its yes or no still answers it
    ("yes, but when will the refund come?")."""
    if not lx.asks(reply.text):
        return False
    if _is_menu(expect):  # "where's my package?" to "what can I help you with?"
        return False
    if expect.kind is ExpectKind.YES_NO:
        if _declines_action(reply.text, expect.action):
            return False  # "ไม่คืนแล้ว ขอเปลี่ยนไซส์แทนได้ไหม": refused, the question is what instead
        first = _ANSWER_CLAUSES.split(reply.text.strip())[0]
        n = lx.normalize(first)
        if _has_it(expect, reply.text):
            return False  # "tenho, mas só da caixa, serve?": had, then asked about it
        if _fact_told_first(expect, reply.text):
            return False  # "拆了 不拆怎么知道坏了": told, then a question that asks nothing
        opens = next((m for k in (lx.YES, lx.NO) if (m := k.search(n)) is not None), None)
        # "yes, but when will the refund come?" answers; "可以店到店退货吗?" asks
        return opens is None or opens.start() > 0 or lx.asks(first)
    return True


def _said_reason(klass: lx.WordClass, n: str) -> list[str]:
    """The words of a reason the reply says, not those it denies ("no está roto, me queda
    chico": not damaged); a denial reaches to the end of its clause ("bukan rusak, cuma
    kekecilan")."""
    said: list[str] = []
    for clause in lx.clauses(n):
        said += [
            m.group(0) for m in klass.finditer(clause) if not lx.negated(clause, m.start(), m.end())
        ]
    return said


def _denies(piece: str) -> bool:
    """A clause that only denies a reason ("不是坏了", "not broken")."""
    n = lx.normalize(piece)
    found = [m for k in lx.REASONS.values() for m in k.finditer(n)]
    return bool(found) and all(lx.negated(n, m.start(), m.end()) for m in found)


def _reason_options(expect: Expectation) -> bool:
    return sum(1 for o in expect.options if o.meaning in lx.REASONS) >= 2


def _without_assent(n: str) -> str:
    """A normalized reply without its words of assent and politeness: what is left is what it
    says of the matter ("ได้ค่ะ ตกลงตามนั้น" leaves "ตามนั้น")."""
    for klass in (lx.YES, lx.POLITENESS):
        n = klass.pattern.sub(" ", n)
    return " ".join(n.split())


def _assents_without_reason(text: str) -> bool:
    """A reply to "why?" that agrees or asks for the return ("yes, just return it", "退吧",
    "sí, devuélvelo") and names no reason in words the lexicon knows."""
    return not reason_hits(text) and yes_or_no(text, "return_request") == "yes"


#: The request each matter of a menu's label stands for.
CONCEPT_INTENTS = {
    "status": "order_status",
    "return": "return_request",
    "refund": "return_request",
    "address": "change_address",
    "human": "human_agent",
    "cancel": "cancel_order",
    "coupon": "coupon_price",
}


def with_meanings(expect: Expectation) -> Expectation:
    """The options with the meanings their labels say, where none was declared: return
    reasons ("Wrong item", "Ya no lo quiero") and the requests of a menu ("Track my order",
    "Talk to a person"), so that reasons and requests typed in words find them."""
    if expect.kind not in (ExpectKind.CHOICE, ExpectKind.REASON) or all(
        o.meaning for o in expect.options
    ):
        return expect
    reasons: dict[str, str] = {}
    intents: dict[str, str] = {}
    for o in expect.options:
        if o.meaning:
            continue
        n = lx.normalize(o.label)
        codes = {code for code, klass in lx.REASONS.items() if _said_reason(klass, n)}
        if len(codes) == 1:
            reasons[o.id] = codes.pop()
        wanted = {CONCEPT_INTENTS[c] for c in lx.concepts(n) if c in CONCEPT_INTENTS}
        if len(wanted) == 1:
            intents[o.id] = wanted.pop()
    chosen: dict[str, str] = {}
    known = [o.meaning for o in expect.options if o.meaning]
    if (
        len(set(reasons.values())) == len(reasons)
        and len(reasons) + len([m for m in known if m in lx.REASONS]) >= 2
    ):
        chosen = reasons
    elif (
        len(set(intents.values())) == len(intents) >= 2
        and len(intents) + len([m for m in known if m in INTENT_VALUES]) >= 3
    ):
        chosen = intents  # a menu, some of whose requests were declared ("Track my order")
    if not chosen:
        return expect
    options = [
        o.model_copy(update={"meaning": chosen[o.id]}) if o.id in chosen else o
        for o in expect.options
    ]
    return expect.model_copy(update={"options": options})


def address_piece_of(reply: Reply) -> ParsedAddress | None:
    """A piece of an address the reply gives (`addresses.address_piece`); not when it names
    an order, a quantity or an e-mail (those are something else said)."""
    ents = reply.entities
    if ents.order_numbers or ents.tracking_numbers or ents.emails or ents.quantities:
        return None
    piece = address_piece(normalize(reply.text), ents.phones)
    if piece is None or piece.line1 or piece.postal_code:
        return piece  # a street with its number or a postcode outweighs the model's label
    if reply.intent in (Intent.AFFIRM, Intent.DENY, Intent.GREETING):
        return None  # "Yes", "Thanks": a word taken for a place, no place
    return piece


def _read(expect: Expectation, reply: Reply, tier: SemanticTier | None) -> Answer | None:
    text = reply.text.strip()
    match expect.kind:
        case ExpectKind.YES_NO:
            return _yes_no_answer(expect, reply, tier)
        case ExpectKind.QUANTITY:
            return _quantity_answer(expect, reply)
        case ExpectKind.ADDRESS:
            whole = whole_address(reply.entities.address)  # "jl melati 3 no 12 …, bekasi"
            if not whole and find_correction(text) is not None:  # "flat 84, not 48": one part
                return Answer(kind=expect.kind, confidence=0.9, method="correction")
            if reply.entities.address is not None:
                return Answer(kind=expect.kind, confidence=0.9, method="address")
            if reply.entities.phones and len(text) <= 40:
                return Answer(kind=expect.kind, confidence=0.8, method="phone")
            if address_piece_of(reply) is not None:  # "Marina Gate 2 apt 1204": the rest later
                return Answer(kind=expect.kind, confidence=0.7, method="address_piece")
            return None
        case ExpectKind.ORDER_NUMBER:
            if not reply.entities.order_numbers and verification_given(text):
                # "the last 4 digits of my phone: 5678": who they are, no order number
                return Answer(kind=expect.kind, confidence=0.9, method="verify")
            number = order_number_answer(text, reply.entities)
            if number is None:
                return None
            return Answer(kind=expect.kind, value=number, confidence=0.9, method="order_number")
        case ExpectKind.VERIFY:
            if verification_answer(text) is not None:
                return Answer(kind=expect.kind, confidence=0.95, method="verify")
            return None
        case ExpectKind.FREE_TEXT:
            return _free_text_answer(expect, reply)
        case _:  # CHOICE, ITEM, REASON: one (or all) of the options
            # an item or an order picked, then taken back for another (not "尺寸不對", wrong size)
            picks = (
                expect.kind is ExpectKind.ITEM
                or any(o.facts for o in expect.options)
                or _reason_options(expect)  # "the one about not wanting it… no, the faulty one"
            )
            returned = _without_kept(text) if expect.kind is ExpectKind.ITEM else None
            if returned is not None:  # "return the two straps, keep the band itself"
                rest = Reply(returned, Entities(), reply.intent, reply.confidence)
                on_its_own = _option_answer(expect, rest, None)
                as_said = _option_answer(expect, reply, tier)
                if on_its_own is not None and (
                    as_said is None or as_said.payload != on_its_own.payload
                ):
                    return on_its_own
            orders = any(o.facts for o in expect.options)
            fine = _without_fine(text) if expect.kind is ExpectKind.ITEM or orders else None
            if fine is not None:  # "just one of the blocks. the mat's fine": not the mat
                rest = Reply(fine, Entities(), reply.intent, reply.confidence)
                on_its_own = _option_answer(expect, rest, None)
                as_said = _option_answer(expect, reply, tier)
                if on_its_own is not None and (
                    as_said is None or as_said.payload != on_its_own.payload
                ):
                    return on_its_own
            denied = _without_denied(text) if picks else None
            if denied is not None:  # "nicht die weißen, die grünen", "不是洗碗机那单，是前天的"
                rest = Reply(denied, Entities(), reply.intent, reply.confidence)
                on_its_own = _option_answer(expect, rest, None)
                if on_its_own is not None:
                    return on_its_own
            said_instead = taken_back(text) if picks else rather_said(text)
            if said_instead is not None:  # "the pink one, oh no, the blue", "A じゃなくて B"
                instead = Reply(said_instead, Entities(), reply.intent, reply.confidence)
                answer = _option_answer(expect, instead, tier)
                if answer is not None and (
                    answer.method == "lexicon" or not _reason_options(expect)
                ):
                    return answer  # a reason said instead in so many words ("尺寸不對" is none)
            return _option_answer(expect, reply, tier)


#: Words that take back what was just said, for what follows instead: "oh no wait", "不对",
#: "じゃなくて", "말고", "não pera", "ой нет, точнее", a bare "no" between two clauses.
_TAKE_BACK = re.compile(
    r"(?<![^\W\d_])(?:no\s*,?\s*wait|wait\s*,?\s*no|no\s+sorry|sorry|i\s+mean|actually|"
    r"or\s+rather|scratch\s+that|no\s*,?\s*espera|espera|perdón|perdon|mejor\s+dicho|o\s+sea|"
    r"n[ãa]o\s*,?\s*pera|pera|quer\s+dizer|aliás|alias|ou\s+melhor|non\s*,?\s*attends|"
    r"attends|pardon|je\s+veux\s+dire|ou\s+plutôt|nein\s*,?\s*warte|warte|ich\s+meine|"
    r"bueno\s*,?\s*no|bom\s*,?\s*não|enfin\s*,?\s*non|oder\s+besser|besser\s+gesagt|"
    r"ой\s*,?\s*нет|точнее|вернее|то\s+есть|в\s+смысле|"
    r"eh\s+salah|maksudnya|maksud\s+saya|maksudku|à\s+không|à\s+nhầm|ý\s+là|ý\s+mình\s+là|"
    r"قصدي|اقصد|أقصد|عفوا)(?![^\W\d_])"
    r"|(?:^|[,，、.。…!！]\s*)(?:no|não|nao|non|nein|nee|нет|không|bukan|لا)\s*[,，、.。…!！]"
    r"|(?:哦|噢|啊)?不[对對]|哦不|噢不|啊不|唔係|唔啱|说错了|講錯|我是说|我是說|じゃなくて|ではなくて|ではなく|"
    r"じゃなく|いや|やっぱり|말고|아니고|아니라|ไม่ใช่|เอ้ย|หมายถึง|不是不是|아니\s?아니|ผิดๆ"
    # "深型の…あ、ちがうちがう、浅いほう": a "wrong" standing as its own clause ("サイズが違う"
    # is a reason, and stays one)
    r"|(?:^|(?<=[、,，.。…!！\s]))(?:あ|ああ|あっ)?[、,\s]*"
    r"(?:ちがう|違う|違います|ちがいます|間違えた|まちがえた)(?:ちがう|違う)?(?=[、,，.。…!！\s])",
    re.IGNORECASE,
)


#: Where a reply's clauses part: punctuation, and in scripts written without spaces a space.
_CLAUSES = re.compile(r"[,，、;；.!?。！？\n،؛]+|(?<=[\u3040-\u30ff\u3400-\u9fff\u0e00-\u0e7f])\s+")


def _without_kept(text: str) -> str | None:
    """The reply without the clauses that say what is kept ("杯子退三个 留一个",
    "return the mugs, keep the plates"), when some clause is left; else None."""
    clauses = [c for c in _CLAUSES.split(text) if lx.normalize(c)]
    if len(clauses) < 2:
        return None
    kept = [c for c in clauses if KEEP.search(lx.normalize(c))]
    if not kept or len(kept) == len(clauses):
        return None
    return " ".join(c for c in clauses if c not in kept)


def _without_fine(text: str) -> str | None:
    """The reply without the clauses that say a thing is fine ("the mat's fine", "人蔘那盒沒問題",
    "الجزمة والشورت تمام بس الشنطة…": split at its "but" too), when such a clause names
    something and another clause is left; else None."""
    clauses = [
        part
        for clause in _CLAUSES.split(text)
        for piece in _BUT.split(clause)
        for part in _after_fine(piece)
        if lx.normalize(part)
    ]
    if len(clauses) < 2:
        return None
    fine = []
    for clause in clauses:
        n = lx.normalize(clause)
        said = [m for m in lx.FINE.finditer(n) if not lx.negated(n, m.start(), m.end())]
        if said and lx.FINE.coverage(n) < 1.0:
            fine.append(clause)
    if not fine or len(fine) == len(clauses):
        return None
    return " ".join(c for c in clauses if c not in fine)


#: What a clause opens with when it names what is NOT chosen: "not the white ones", "no los
#: rojos", "nicht die weißen", "не щётку", "مو السوداء", "不是洗碗机那单", "ko phải đơn sách",
#: "bukan yg merah", "ไม่ใช่อันสีดำ". A verb negated ("no llegó el rojo") is no such clause.
_NOT_THIS = lx.WordClass(
    bare=True,
    entries="""
not the, not that, not those, not this, not my, not the one, no el, no la, no los, no las, no lo,
no es el, no es la, no son los, no son las, não o, não a, não os, não as, não é o, não é a, nao o,
nao a, nao os, nao as, pas le, pas la, pas les, pas celui, pas celle, pas ceux, pas celles,
non pas, nicht die, nicht der, nicht den, nicht das, nicht dem, nicht diese, nicht diesen, не тот,
не та, не те, не то, не этот, не эта, не эти, не, مو, مش, مب, ليس, ليست, مهو, مهي, bukan, bkn,
bukan yg, bukan yang, không phải, ko phải, k phải, hông phải, chẳng phải, ไม่ใช่, 不是, 不要, 唔係,
唔要
""",
)


def _without_denied(text: str) -> str | None:
    """The reply without its clauses that name what is not meant ("nicht die weißen, die
    grünen": the green ones), when such a clause names a thing and another clause is left."""
    clauses = [
        part for clause in _CLAUSES.split(text) for part in _BUT.split(clause) if lx.normalize(part)
    ]
    if len(clauses) < 2:
        return None
    denied = []
    for clause in clauses:
        opening = lx.normalize(clause)
        m = _NOT_THIS.search(opening)
        if m is None or m.start() != 0 or m.end() >= len(opening):
            continue
        named = opening[m.end() :]
        if pr.describe(named).says_anything:
            denied.append(clause)
    if not denied or len(denied) == len(clauses):
        return None
    return " ".join(c for c in clauses if c not in denied)


def _after_fine(piece: str) -> list[str]:
    """A piece cut after each word of its saying a thing is fine, which ends a clause
    ("케이스는 괜찮아요 충전기요": the case is fine, the charger)."""
    folded = lx.normalize(piece)
    if len(folded) != len(piece):
        return [piece]
    cuts = [m.end() for m in lx.FINE.finditer(folded) if m.end() < len(piece)]
    return [piece[a:b] for a, b in zip([0, *cuts], [*cuts, len(piece)], strict=True)]


#: A choice taken back for a better one: "no, mejor", "no, better", "non, plutôt", "nein,
#: lieber", "não, melhor", "нет, лучше", "eh nggak, mending".
_RATHER = re.compile(
    r"(?<![^\W\d_])(?:no|não|nao|non|nein|нет|gak|nggak|không|لا)\s*[,，.…]*\s*"
    r"(?:mejor|better|rather|plutôt|plutot|lieber|eher|melhor|лучше|mending|mendingan|thôi|"
    r"الأحسن|الاحسن)(?![^\W\d_])",
    re.I,
)


def rather_said(text: str) -> str | None:
    """What a reply chooses after taking its first choice back ("la de que no lo quiero… no,
    mejor la de fallas" -> "la de fallas"), or None."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    last = None
    for m in _RATHER.finditer(folded):
        last = m
    if last is None:
        return None
    rest = folded[last.end() :].strip(" ,，、.。…!！-")
    return rest if lx.normalize(rest) else None


def taken_back(text: str) -> str | None:
    """What a reply says instead of what it took back ("粉的那个 哦不对 是蓝的" -> "是蓝的",
    "o preto... não pera, o branco" -> "o branco", "아이보리 말고 차콜이요" -> "차콜이요"): the
    words after the last word of taking back, or None when nothing was taken back."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    last = None
    for m in _TAKE_BACK.finditer(folded):
        last = m
    if last is None:
        return None
    rest = text[last.end() :] if len(folded) == len(text) else folded[last.end() :]
    rest = rest.strip(" ,，、.。…!！-")
    return rest if lx.normalize(rest) else None


#: What is not an order number in a reply to "what is your order number?": a phone after its
#: label, an e-mail, a price.
_NOT_THE_NUMBER = re.compile(
    r"(?:tel|tél|telefon|teléfono|telefone|phone|mobile|cel|cell|handy|my number is|mon tel|"
    r"номер телефона|тел|телефон|sđt|số điện thoại|เบอร์|โทร|جوال|هاتف|電話|电话|手机|手機|"
    r"전화|폰|hp|wa)\.?\s*[:：]?\s*\+?[\d\s().-]{6,}"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?:[$€£¥₽₩฿]|rp|r\$|usd|eur|cny|rub|元|円|원|₫|đ)\s?[\d.,\s]+|[\d][\d.,\s]*\s?(?:₽|руб|€|元|円|원|đ|₫|บาท|ريال|درهم)",
    re.IGNORECASE,
)
_PIECE = re.compile(r"[#A-Za-z0-9][A-Za-z0-9/-]*")


def _number_like(token: str) -> bool:
    """A piece of an order number as typed: it has a digit, or it is a short code in capitals
    ("FR", "ABCDE"), not a word of the sentence."""
    if any(c.isdigit() for c in token):
        return True
    return token.isupper() and 2 <= len(token) <= 5


def _number_runs(text: str) -> list[str]:
    """Runs of number-like pieces with only spaces between them, each joined without them."""
    runs: list[str] = []
    run: list[str] = []
    last_end = -1
    for m in _PIECE.finditer(text):
        piece = m.group(0)
        adjacent = last_end >= 0 and not text[last_end : m.start()].strip()
        if not _number_like(piece) or (run and not adjacent):
            if run:
                runs.append("".join(run))
            run = [piece] if _number_like(piece) else []
        else:
            run.append(piece)
        last_end = m.end()
    if run:
        runs.append("".join(run))
    return [r for r in runs if sum(c.isdigit() for c in r) >= 3 and 3 <= len(r) <= 64]


def order_number_answer(text: str, entities: Entities) -> str | None:
    """The order number a reply to "what is your order number?" gives: the one understanding
    found, whole even if the customer typed it in groups ("3412 9087 6543 2198 765"), else
    letters and digits typed in groups ("FR 2150"); never a labelled phone, an e-mail or a
    price."""
    rest = _digits_to_ascii(unicodedata.normalize("NFKC", text))
    rest = _NOT_THE_NUMBER.sub(" ", rest)
    for phone in entities.phones:
        rest = rest.replace(phone, " ")
    runs = _number_runs(rest)
    found = entities.order_numbers[0] if entities.order_numbers else None
    if found is not None:
        bare = found.lstrip("#").upper()
        longer = [
            r
            for r in runs
            if bare in r.lstrip("#").upper()
            and len(r) > len(found)
            and not _site_prefix(r.lstrip("#").upper().replace(bare, "", 1), bare)
        ]
        return max(longer, key=len) if longer else found
    if not runs:
        return None
    best = max(runs, key=len)
    return "#" + best[1:].upper() if best.startswith("#") else best.upper()


def _site_prefix(extra: str, number: str) -> bool:
    """ "MLM 2000006291137745": letters alone before a long all-digit number are the code of
    the marketplace's site, not a part of the number (groups of digits are: "3412 9087 …")."""
    return extra.isalpha() and number.isdigit() and len(number) >= 10


def verification_answer(text: str) -> str | None:
    """The e-mail address or the four digits a short reply gives to prove who one is ("手机尾号
    4321", "final 5678", "my email is x@y.com"); None if it gives neither or both kinds."""
    if len(text) > VERIFY_MAX:
        return None
    text = _digits_to_ascii(text)
    emails = _VERIFY_EMAIL.findall(text)
    rest = _VERIFY_EMAIL.sub(" ", text)
    digits = _VERIFY_DIGITS.findall(rest)
    if len(emails) == 1 and not digits:
        return str(emails[0])
    if len(digits) == 1 and not emails:
        return str(digits[0])
    return None


def verification_given(text: str) -> bool:
    """Whether a short reply gives the answer to a verification in so many words ("les 4
    derniers chiffres de mon portable : 5678", "手机尾号 4321"), whatever else is asked."""
    return verification_answer(text) is not None and (
        lx.LAST_DIGITS.search(lx.normalize(text)) is not None
        or _VERIFY_EMAIL.search(text) is not None
    )


def _digits_to_ascii(text: str) -> str:
    """Full-width, Arabic-Indic, Thai... digits as ASCII ones (NFKC leaves most of them)."""
    return "".join(str(int(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in text)


# --------------------------------------------------------------------------- yes / no
def yes_or_no(text: str, action: str | None = None, intent: Intent | None = None) -> str | None:
    """ "yes", "no" or None for a reply to a yes/no question about `action` (an intent label).

    Negation scope comes first ("don't cancel it", "先别取消" decline a cancellation), then the
    action itself named ("嗯 取消吧", "да, отменяйте" confirm it; naming a cancellation while
    something else is being confirmed declines that), keeping ("I still want it"), "never
    mind", then the first yes- or no-word of the reply. Said in several clauses, the last one
    that decides is what counts ("算了，退吧", "no wait, yes go ahead", "ok… actually no")."""
    if _no_then_instead(lx.normalize(text)):
        return "no"  # "nee, lieber umtauschen als zurückschicken": declined for another thing
    clauses = [c for c in _ANSWER_CLAUSES.split(text) if lx.normalize(c)]
    kept = [c for c in clauses if not FALLBACK.search(lx.normalize(c))]
    if kept and len(kept) < len(clauses):
        # "iya, tolong dibatalkan, gpp kalo ga pasti", "yes, even if it's late": the clause
        # that accepts the action failing decides nothing; its "not" declines nothing
        return yes_or_no(", ".join(kept), action, intent)
    pieces = [p for p in _CJK_SPACE.split(clauses[-1]) if p.strip()] if clauses else []
    if (
        len(clauses) + len(pieces) > 2
        and _reason_only(pieces[-1], action)
        and yes_or_no(pieces[-1], action) == "no"
    ):
        # "iya batalin aja, udh ga butuh", "好 退吧 不需要了": the last clause gives the reason,
        # its negation is the reason's, not a no
        before = [*clauses[:-1], *pieces[:-1]]
        return yes_or_no(", ".join(before), action, intent)
    if len(clauses) > 1 and _ONLY.match(lx.normalize(clauses[-1])):
        # "不要全部取消，只取消手機殼就好", "no, only the blue one": the whole as asked is declined
        if yes_or_no(" ".join(clauses[:-1]), action) == "no":
            return "no"
    if len(clauses) > 1 and not _corrected_after(clauses):
        last = yes_or_no(clauses[-1], action)
        if last == "yes" and action == "change_address" and _kept_address(clauses):
            return "no"  # "não muda não, o endereço tá certo": the address as it is is right
        if last == "yes" and _ASKED_LAST.search(text):
            # "先不要取消，我想換另一張卡付款，這樣可以嗎？", "don't cancel, I'll pay by card,
            # ok?": a question at the end asks whether the rest is fine; the rest decides
            rest = yes_or_no(" ".join(clauses[:-1]), action)
            if rest is not None:
                return rest
        if last == "no" and _no_thanks(clauses[-1], action):
            # "對，整筆取消，不用了謝謝", "sí, cancélalo, no gracias": a no that closes the chat,
            # not one that takes back the action confirmed by its verb before it ("ok, no
            # thanks" stays a no)
            head = " ".join(clauses[:-1])
            verbs = lx.ACTION_VERBS.get(action or "")
            if verbs is not None and verbs.search(lx.normalize(head)):
                said = yes_or_no(head, action)
                if said is not None:
                    return said
        if last == "yes" and _fine_after_no(clauses, action):
            return "no"  # "nah leave it, the M is fine actually": why nothing is to change
        if last == "no" and _yes_then_fine(clauses, action):
            return "yes"  # "Ja, passt so", "sí, está bien así": the change shown is fine
        if last == "no" and _keeps_another_thing(clauses, action):
            return "yes"  # "yes, I'm sending the mug back. The plates I'll keep."
        if last is not None:
            return last
    n = lx.normalize(text)
    if not n:
        return "yes" if _THUMBS.search(text) else None  # "👍", "👌"
    asking = "?" in text or "？" in text
    verbs = lx.ACTION_VERBS.get(action or "")
    if action is not None and not asking and _put_off(n, verbs, len(clauses) < 2):
        return "no"  # "bitte noch keine Rücksendung anlegen", "не оформляйте", "先别帮我退"
    cancel = lx.ACTION_VERBS["cancel_order"]
    for klass in {k for k in (verbs, cancel) if k is not None}:
        hits = klass.finditer(n)
        if not hits:
            continue
        if all(lx.negated(n, m.start(), m.end()) for m in hits):
            return "no"
        if asking:
            break  # "how do returns work?" names the action without asking for it
        if klass is verbs:
            return "yes"
        return "no"  # "cancel it" while a return or an address change waits: drop that
    if lx.KEEP.search(n) and action in ("cancel_order", "return_request"):
        return "no"
    as_is = lx.AS_IS.search(n) if action is not None else None
    if as_is is not None and not _assents_as_it_is(n, as_is):
        return "no"
    first_yes, first_no = lx.YES.search(n), lx.NO.search(n)
    if first_no is None and lx.YES_LEADING.fullmatch(n.split()[0]):
        return "yes"  # "得 唔該晒"
    while first_yes is not None and (_copula(n, first_yes) or _after_doubt(n, first_yes)):
        # "门牌号是16号", "weiß nicht genau" (not exactly sure): no yes
        first_yes = lx.YES.pattern.search(n, first_yes.end())
    if first_yes is not None and _tag_particle(n, first_yes):
        first_yes = None  # "refund sy kok blm masuk ya": the "ya" of a question, no yes
    if any(
        m is not None and u.start() <= m.start() < u.end()
        for u in lx.UNSURE.finditer(n)
        for m in (first_yes, first_no)
    ):
        return None  # "not sure", "no sé": the yes/no word belongs to the doubt
    if first_yes is not None and _yes_word_negated(n, first_yes):
        return "no"  # "nicht richtig", "das stimmt nicht", "не верно", "not correct"
    if lx.ABORT.search(n) and not (first_yes and first_yes.start() == 0):
        return "no"
    if first_yes and (first_no is None or first_yes.start() <= first_no.start()):
        if first_no is None or not _longer_no_at(n, first_yes):
            return "yes"
    if first_no is not None:
        return "no"
    if first_yes is None and _not_yet(n):
        return "no"  # "belum kak", "nel", "pas encore", "まだです"
    if lx.UNSURE.search(n):
        return None
    if intent is Intent.AFFIRM:
        return "yes"
    if intent is Intent.DENY:
        return "no"
    return None


def _put_off(n: str, verbs: lx.WordClass | None, one_clause: bool) -> bool:
    """Whether a clause declines carrying the action out, or puts it off: a verb of carrying
    out negated ("melden Sie sie nicht an", "не оформляйте", "まだ登録しないで"), or a "not
    yet" beside the action in a script with spaces ("noch keine Rücksendung", "todavía no
    registres la devolución", "don't file it yet"). A thank-you or a question before it is
    no assent."""
    for m in lx.CARRY_OUT.finditer(n):
        if lx.negated(n, m.start(), m.end()):
            return True
    if not one_clause or _UNSPACED.search(n) or lx.NOT_NOW.search(n) is None:
        return False
    if lx.NEGATOR_BEFORE.search(n) is None and lx.NEGATOR_AFTER.search(n) is None:
        return False
    return lx.CARRY_OUT.search(n) is not None or (verbs is not None and verbs.search(n) is not None)


#: A space between two words of a script without spaces: a clause break ("好 退吧 不需要了").
_CJK_SPACE = re.compile(r"(?<=[\u3040-\u30ff\u3400-\u9fff])\s+(?=[\u3040-\u30ff\u3400-\u9fff])")


def _reason_only(clause: str, action: str | None) -> bool:
    """Whether a clause only gives a return reason ("udh ga butuh", "no longer needed", "不需要
    了"): with the reason's words taken out, nothing in it says yes or no."""
    if not reason_hits(clause):
        return False
    n = lx.without_intensifiers(lx.written_out(lx.normalize(clause)))
    for klass in lx.REASONS.values():
        n = klass.pattern.sub(" ", n)
    n = " ".join(n.split())
    return not n or yes_or_no(n, action) is None


#: Noes of everyday speech and "not yet", that say no as a reply's first words: "nel", "nop",
#: "nan", "not yet", "pas encore", "noch nicht", "belum", "chưa", "还没".
_NOT_YET = lx.WordClass("""
nel, nop, nopes, nones, nan, nan merci, naw, not yet, nope not yet, no not yet, pas encore,
noch nicht, aún no, aun no, todavía no, todavia no, ainda não, ainda nao, ещё нет, еще нет,
belum, blm, blom, belom, belum kak, chưa, chua, chưa ạ, 还没, 还没呢, 没呢, 还没有
""")
#: Words for both "still" and "not yet" ("ยัง", "아직", "まだ", "لسه"): a no only said alone
#: ("아직 있어요" is "I still have it").
_STILL = lx.WordClass("""
ยัง, ยังเลย, 아직, 아직요, 아직이요, まだ, まだです, まだっす, لسه, لسا, لسى
""")


def _not_yet(n: str) -> bool:
    """Whether a normalized reply opens with a no of everyday speech or a "not yet", or is
    only a word for "still" that says "not yet"."""
    m = _NOT_YET.pattern.match(n)
    if m is not None and (m.end() == len(n) or n[m.end()] == " "):
        return True
    return _STILL.fullmatch(" ".join(lx.POLITENESS.pattern.sub(" ", n).split()))


_ASKED_LAST = re.compile(r"[?？]\s*$")
#: Verbs of changing, bare, and the word for an address: "don't change it, the address is right".
_CHANGE = lx.WordClass("""
change, changes, changing, update, mude, muda, mudar, altere, alterar, altera, cambies, cambie,
cambiar, cambia, modifie*, changez, changer, ändern, ändere, ändert, изменя*, измени*, меня*,
поменя*, 改, 换, 換, 変更, 変え, 바꾸, 바꿔, 변경, تغير, تغيير, غير, ubah, ganti, đổi, sửa, เปลี่ยน
""")
_ADDRESS_WORD = lx.WordClass("""
address, the address, dirección, direccion, endereço, endereco, adresse, адрес, 地址, 住所, 주소,
عنوان, العنوان, alamat, địa chỉ, ที่อยู่
""")


def _kept_address(clauses: Sequence[str]) -> bool:
    """Whether a reply refuses the change, then says the address (as it is) is right: "pera,
    não muda não, o endereço tá certo", "nein, nicht ändern, die alte Adresse stimmt"."""
    last = lx.normalize(clauses[-1])
    if _ADDRESS_WORD.search(last) is None or _CHANGE.search(last) is not None:
        return False
    head = lx.normalize(" ".join(clauses[:-1]))
    hits = list(_CHANGE.finditer(head))
    return bool(hits) and all(lx.negated(head, m.start(), m.end()) for m in hits)


def _fine_after_no(clauses: Sequence[str], action: str | None) -> bool:
    """Whether a no is followed by the state as it is said fine ("nah leave it, the M is fine
    actually", "nein, passt schon", "non merci, c'est bon", "нет, всё нормально"): a reason not
    to act, no yes; a yes said outright or the action named beside it still decides."""
    last = lx.normalize(clauses[-1])
    if lx.FINE_AS_IT_IS.search(last) is None:
        return False
    verbs = lx.ACTION_VERBS.get(action or "")
    if verbs is not None and verbs.search(last) is not None:
        return False  # "no wait, fine, cancel it"
    rest = " ".join(lx.FINE_AS_IT_IS.pattern.sub(" ", last).split())
    if rest and yes_or_no(rest, action) is not None:
        return False  # "no wait, yes that's fine"
    said = (yes_or_no(c, action) for c in reversed(clauses[:-1]))
    return next((s for s in said if s is not None), None) == "no"  # "no… ok yes, fine": yes


def _no_thanks(clause: str, action: str | None) -> bool:
    """ "不用了谢谢", "no thanks", "nein danke": a polite no with a thank-you and no request."""
    n = lx.normalize(clause)
    verbs = lx.ACTION_VERBS.get(action or "")
    return (
        _thanks(n)
        and lx.NO.search(n) is not None
        and (verbs is None or verbs.search(n) is None)
        and not lx.ABORT.search(n)
        and not lx.KEEP.search(n)
    )


def _no_then_instead(n: str) -> bool:
    """A no opening the reply with a preference after it ("nee, lieber umtauschen", "no, I'd
    rather exchange it", "아니 차라리 교환해 주세요"): what was asked is declined for something
    else, whatever action words the preference names."""
    no = lx.NO.pattern.match(n)
    if no is None:
        return False
    yes = lx.YES.pattern.match(n)
    if yes is not None and yes.end() > no.end():
        return False  # "no problem, rather today"
    return lx.PREFER.pattern.search(n, no.end()) is not None


_DENIALS = ("不是", "不对", "不對", "唔係", "唔啱")


def _corrected_after(clauses: Sequence[str]) -> bool:
    """ "不对，不是这个地址，是浦东那个": after a denial, a clause opening with the copula 是 says
    what is meant instead; it is no yes."""
    last = lx.normalize(clauses[-1])
    if not last.startswith(("是", "係")) or lx.YES.fullmatch(last):
        return False
    return any(d in lx.normalize(c) for c in clauses[:-1] for d in _DENIALS)


#: A restriction opening a clause: "only the case", "只取消手機殼", "solo uno", "nur die Hülle".
_ONLY = re.compile(
    r"(?:only|just|solo|sólo|nomás|nada más|só|apenas|seulement|juste|uniquement|nur|"
    r"lediglich|только|лишь|hanya|cuma|chỉ|فقط|بس)(?!\w)|只|仅|僅|ただ"
)
_COPULA_BEFORE = frozenset("我就都也还還要")


def says_only(text: str) -> bool:
    """Whether a reply restricts what it names: "only the keyboard", "只取消滤网", "nur die
    Flasche"."""
    return _ONLY.search(lx.normalize(text)) is not None


def _copula(n: str, yes: re.Match[str]) -> bool:
    """Whether a Chinese "是" joins two words ("门牌号是16号", "快递是她收的"): no yes."""
    start = yes.start()
    return (
        yes.group(0) == "是"
        and start > 0
        and bool(_HAN.match(n[start - 1]))
        and n[start - 1] not in _COPULA_BEFORE
        and yes.end() < len(n)
    )


#: Words that end a sentence as a tag ("..., ya", "..., right?"), not as a yes.
_TAGS = frozenset({"ya", "yah", "yaa", "right"})


def _after_doubt(n: str, yes: re.Match[str]) -> bool:
    """Whether a yes-word goes with the doubt right before it ("weiß nicht genau", "не знаю
    точно", "not sure exactly"): it says how unsure, no yes."""
    return any(yes.start() - 1 <= m.end() <= yes.start() for m in lx.UNSURE.finditer(n))


def _yes_word_negated(n: str, yes: re.Match[str]) -> bool:
    """A yes-word with a negator right before it ("not correct", "nicht richtig", "не верно",
    "pas correct", "مو صح") or right after it ("stimmt nicht"): a no. Only the word next to
    it counts: in "don't worry, yes go ahead" the negator is another clause's."""
    last = n[: yes.start()].split()[-1:]
    if last and lx.NEGATOR_BEFORE.fullmatch(last[0]):
        return True
    after = n[yes.end() :].split()[:1]
    return bool(after) and after[0] in ("nicht", "not", "pas")


def _tag_particle(n: str, yes: re.Match[str]) -> bool:
    """Whether the only yes-word is a tag at the end of a sentence of three words or more."""
    return (
        yes.group(0) in _TAGS
        and yes.end() == len(n)
        and len(n[: yes.start()].split()) >= 3
        and lx.YES.search(n[: yes.start()]) is None
    )


_ANSWER_CLAUSES = re.compile(r"[,，、;；.!?。！？…\n]+")
_THUMBS = re.compile("[\U0001f44d\U0001f44c\u2705\U0001f646\u2714\u2611\U0001f197]")


def _longer_no_at(n: str, yes: re.Match[str]) -> bool:
    """A no-phrase that starts where the yes-word does and is longer ("not really" vs "not")."""
    no = lx.NO.pattern.match(n, yes.start())
    return no is not None and no.end() > yes.end()


#: Confirmations whose quantity a customer may change instead of answering yes or no.
AMENDABLE = ("return_request", "cancel_order")


#: "I have" said alone, the answer to "do you have photos / the box?" in its own verb.
_HAVE = lx.WordClass("""
i have, i do, i've got, i have them, i have it, tengo, sí tengo, tenho, sim tenho, j'en ai, j'ai,
oui j'en ai, hab ich, habe ich, ja hab ich, есть, да есть, 有, 有的, 有啊, 有呀, 有喔, あります,
はいあります, 있어요, 있습니다, 네 있어요, عندي, ايوه عندي, نعم عندي, ada, ada kak, có, có ạ, มี,
มีค่ะ, มีครับ
""")
#: The fact questions that ask whether the customer has something.
_HAD = frozenset({"has_photos", "original_packaging"})


def _has_it(expect: Expectation, text: str) -> bool:
    """Whether a reply to "do you have …?" opens with "I have" as a clause of its own
    ("tenho, mas só do lado de fora", "有的 但是有点模糊"): a yes, whatever it adds."""
    if expect.fact not in _HAD:
        return False
    first = _SIDE_BREAK.split(_ANSWER_CLAUSES.split(text.strip())[0])[0]
    said = " ".join(lx.POLITENESS.pattern.sub(" ", lx.normalize(first)).split())
    if _HAVE.fullmatch(said):
        return True
    if _HAVE.search(said) is None or lx.ALL.search(said) is None:
        return False
    # "tenho tudo", "I have everything", "j'ai tout gardé": had, all of it
    for klass in (_HAVE, lx.STILL_HAVE, lx.ALL):
        said = klass.pattern.sub(" ", said)
    return all(w in _KEPT_WORDS for w in said.split())


#: Words that may stand beside "I have all of it" ("still", "kept").
_KEPT_WORDS = frozenset({"still", "ainda", "todavía", "todavia", "aún", "encore", "noch", "gardé"})


#: A first clause that ends in a question mark: the question typed back ("the box? tossed it").
_ECHOED = re.compile(r"\s*¿?[^?？¿؟,，、.。!！;；]+[?？؟]")


def _fact_told_first(expect: Expectation, text: str) -> bool:
    """Whether a reply to a fact question tells the fact in its first words, asking nothing
    there ("有拆啦 不拆怎麼知道…", "拆开了啊 不拆开怎么试"): what follows, even put as a question,
    only says why."""
    if expect.fact is None:
        return False
    if _ECHOED.match(text):
        return False  # "照片？没有": the question typed back, then its answer
    first = _SIDE_BREAK.split(_ANSWER_CLAUSES.split(text.strip())[0])[0]
    first = _CJK_SPACE.split(first.strip())[0]
    # "posso tirar amanhã", "kann ich heute Abend machen": "I can", no question without its mark
    asking = lx.asks(first) and (_QUESTION_MARK.search(text) is not None or _UNSPACED.search(first))
    return not asking and fact_answer(first, expect.fact) is not None


def _yes_no_answer(expect: Expectation, reply: Reply, tier: SemanticTier | None) -> Answer | None:
    bare = _BARE_NUMBER.match(reply.text)
    if bare and 1 <= int(bare.group(1)) <= len(expect.options):  # "1" on a numbered channel
        numbered = expect.options[int(bare.group(1)) - 1]
        return Answer(kind=expect.kind, payload=numbered.id, confidence=0.97, method="number")
    if reply.intent is Intent.HUMAN_AGENT and "human" in lx.concepts(lx.normalize(reply.text)):
        return None  # "just put me through to a person": a hand-off asked for, no answer
    if expect.action is not None and conditional(reply.text):
        return None  # "only if the label is free": the condition is to be answered first
    declined = _declines_action(reply.text, expect.action)
    if expect.action in AMENDABLE and not declined:
        amended = _amended_quantity(reply)
        if amended is not None:
            return Answer(kind=expect.kind, quantity=amended, confidence=0.8, method="amend")
    if expect.action == "change_address" and find_correction(reply.text) is not None:
        # "no, it's 16, not 14": a no to the address shown, which the flow puts right
        no = expect.option("no")
        payload = no.id if no else None
        return Answer(kind=expect.kind, payload=payload, confidence=0.9, method="correction")
    if expect.action == "return_request" and not declined:
        reason = _reason_named(reply.text)
        if reason is not None:
            return Answer(kind=expect.kind, reason=reason, confidence=0.8, method="amend")
    said: str | None = None
    if expect.fact is not None:  # "拆了 用过两次" to "has it been opened?"
        told = fact_answer(reply.text, expect.fact)
        said = None if told is None else "yes" if told else "no"
    if said is None and _has_it(expect, reply.text):
        said = "yes"  # "tengo, pero solo de la caja"
    if said is not None and _ends_unsure(reply.text, expect.action):
        return None  # "creo que la tiré, déjame buscar": a guess, to be checked
    if said is None and _ends_unsure(reply.text, expect.action):
        if _declines_first(reply.text, expect.action):
            said = "no"  # "不退了，我再想想": declined for now, nothing to do
        else:
            return None  # "不好说 我再想想", "ok... let me think about it": undecided at the end
    if said is None:
        said = yes_or_no(reply.text, expect.action, reply.intent)
    method = "lexicon"
    if said is None:
        n = lx.normalize(reply.text)
        if lx.UNSURE.search(n):
            return None  # "hmm not sure": no guess
        if (yes := lx.YES.search(n)) is not None and _tag_particle(n, yes):
            return None  # its one yes-word is a tag: a statement or a question
        # A guess by meaning would turn greetings and questions into yeses and noes: only the
        # options' own words are tried.
        chosen = _option_answer(expect, reply, tier)
        if chosen is not None and chosen.method == "fuzzy":
            courteous = " ".join(lx.POLITENESS.pattern.sub(" ", n).split())
            if _fuzzy_option(expect.options, courteous) is None:
                return None  # the "bitte" of "Ja, bitte" typed in another sentence: no answer
        return chosen
    option = expect.option(said)
    if option is None:
        return None
    return Answer(kind=expect.kind, payload=option.id, confidence=0.9, method=method)


def _declines_action(text: str, action: str | None) -> bool:
    """Whether the reply refuses the asked action in so many words ("ไม่คืนแล้ว ขอเปลี่ยนไซส์
    แทน", "nicht zurückschicken, lieber eine andere Größe", "不退了，…"): a size or a count said
    after it is what is wanted instead, no amendment of the action."""
    verbs = lx.ACTION_VERBS.get(action or "")
    if verbs is None:
        return False
    n = lx.normalize(text)
    hits = verbs.finditer(n)
    if hits and all(lx.negated(n, m.start(), m.end()) for m in hits):
        return True
    return _no_then_instead(n) or lx.ABORT.pattern.match(n) is not None  # "不退了，…"


_FILLER_DOUBTS = frozenset({"what", "hm", "hmm", "啊"})


#: The "as it is" words that ask to leave things alone ("leave it", "déjalo así", "そのままで"),
#: as against those that only call the state fine ("passt so", "está bien así", "这样就行").
_LEAVE_IT = re.compile(
    r"leave|keep|d[ée]j|deix|laiss|lass|остав|保持|不用改|不改|そのまま|그대로 두|خليه|biar|tetap|"
    r"để|giữ|ไว้",
    re.IGNORECASE,
)


def _assents_as_it_is(n: str, as_is: re.Match[str]) -> bool:
    """ "Ja, passt so", "sí, está bien así", "はい、このままでいいです": a yes said first, then the
    shown change called fine as it is — a yes; "nee, passt so" and "yes, leave it" stay a no."""
    before = n[: as_is.start()]
    return (
        lx.YES.search(before) is not None
        and lx.NO.search(before) is None
        and _LEAVE_IT.match(as_is.group(0)) is None
    )


def _yes_then_fine(clauses: Sequence[str], action: str | None) -> bool:
    """A yes, then the change shown called fine as it is in a clause of its own."""
    last = lx.normalize(clauses[-1])
    as_is = lx.AS_IS.search(last)
    if as_is is None or _LEAVE_IT.match(as_is.group(0)) or lx.NO.search(last):
        return False
    said = (yes_or_no(c, action) for c in reversed(clauses[:-1]))
    return next((v for v in said if v is not None), None) == "yes"


def _keeps_another_thing(clauses: Sequence[str], action: str | None) -> bool:
    """A yes about the action or an item ("oui, je confirme le retour du foulard", "yes, I'm
    sending the dripper back"), then another item kept ("la robe, je la garde", "the t-shirts
    I'll keep"): what is kept is not what the yes is about, so it is no no."""
    verbs = lx.ACTION_VERBS.get(action or "")
    if verbs is None:
        return False
    k = next((i for i, c in enumerate(clauses) if lx.KEEP.search(lx.normalize(c))), 0)
    if k < 1:
        return False
    before = clauses[k - 1]
    if k > 1 and len(before.split()) <= 3 and yes_or_no(before, action) is None:
        k -= 1  # "la robe, je la garde": the thing kept, said in a clause of its own
    head, rest = " ".join(clauses[:k]), " ".join(clauses[k:])
    if yes_or_no(head, action) != "yes" or lx.NO.search(lx.normalize(rest)):
        return False
    kept, said = pr.describe(rest).kinds, pr.describe(head).kinds
    n = lx.normalize(head)
    named = any(not lx.negated(n, m.start(), m.end()) for m in verbs.finditer(n))
    return bool(kept) and (bool(said) or named) and not kept <= said


def _declines_first(text: str, action: str | None) -> bool:
    """Whether a reply that ends in doubt declined before it ("no, let me think about it",
    "不退了，我再想想"): a no for now; a yes before the doubt stays undecided."""
    n = lx.normalize(text)
    doubts = [m for m in lx.UNSURE.finditer(n) if m.group(0) not in _FILLER_DOUBTS]
    head = n[: doubts[-1].start()].strip() if doubts else ""
    return bool(head) and yes_or_no(head, action) == "no"


def _ends_unsure(text: str, action: str | None = None) -> bool:
    """Whether a reply ends in doubt: after its last word of doubt, nothing says yes or no
    ("hmm, I don't know… ok fine, cancel it" decides; "sure… let me think" does not)."""
    n = lx.normalize(text)
    doubts = [m for m in lx.UNSURE.finditer(n) if m.group(0) not in _FILLER_DOUBTS]
    if not doubts:
        return False
    rest = n[doubts[-1].end() :].strip()
    return not rest or yes_or_no(rest, action) is None


def _reason_named(text: str) -> str | None:
    """The one return reason a short reply names ("wrong size", "no, it's defective")."""
    if len(lx.normalize(text).split()) > 8:
        return None
    named = reason_hits(text)
    return next(iter(named)) if len(named) == 1 else None


#: Negators of a reason beside those of an action: "not broken", "bukan rusak", "고장난 건
#: 아니고", "壊れてはいない", "مو خربان".
_NOT_BEFORE = lx.WordClass("""
bukan, tidak, tdk, gak, ga, nggak, enggak, bkn, không phải, ko phải, ko phai, khong phai,
không bị, ko bị, ليس, ليست, مو, مب, مش, not really, ไม่ใช่, ไม่ได้
""")
_NOT_AFTER = lx.WordClass("""
아니고, 아니라, 아니에요, 아닌데, 아니, 없고, じゃない, じゃなくて, ではない, ではなく, てない,
ていない, てはいない, はいない, はない
""")
#: Broken after some use is a defect, not damage in transit: "用兩天就壞了", "broke after a
#: week", "через неделю сломался", "dipakai 2 hari rusak".
_AFTER_USE = re.compile(
    r"用了?\s?[0-9一二两三四五六七八九十几幾半]{1,3}\s?(?:天|次|周|週|个月|個月|下)"
    r"|(?:after|within)\s(?:a|one|two|three|few|\d{1,2})\s(?:days?|weeks?|months?|uses?)"
    r"|(?:después\sde|depois\sde|au\sbout\sd[e']|nach|через|после|setelah|baru|sau|بعد)\s"
    r"\S{1,12}\s?(?:d[ií]as?|semanas?|jours?|semaines?|tag(?:en)?|woche|дн[яей]|недел[юи]|"
    r"hari|minggu|ngày|tuần|يوم|أيام|ايام|اسبوع|أسبوع)"
    r"|dipakai|dùng\s\d|ใช้ไป|ใช้ได้|使って|使ったら|使用中|쓰다가|사용\s?중|며칠\s?만에"
    # the first use: "the first time I used it", "la primera vez que la usé", "beim ersten
    # Benutzen", "при первом использовании", "第一次用", "初めて使った", "처음 쓰", "أول مرة"
    r"|(?:the\s)?first\stime\s(?:i|we)\s(?:used|wore|tried|put|opened|plugged)|first\suse"
    r"|primera\svez\sque|primeira\svez\sque|la\spremière\sfois|première\sutilisation"
    r"|beim\sersten\s(?:benutzen|gebrauch|tragen|mal|einsatz)|erste[nm]?\s(?:benutzung|gebrauch)"
    r"|(?:при|после)\sпервом\s(?:использовании|применении)|в\sпервый\sже\sраз|в\sпервый\sраз"
    r"|第一次用|第一次穿|第一次戴|刚用一次|才用一次|初めて使|一回使|처음\s?(?:쓰|써|사용|입)"
    r"|(?:أول|اول)\sمر[هة]|(?:pertama\skali|baru\ssekali)\s(?:pakai|dipakai|make|dipake)"
    r"|lần\sđầu\s(?:dùng|xài|mặc)|lan\sdau\s(?:dung|xai|mac)|ใช้ครั้งแรก|ครั้งแรกที่ใช้",
    re.I,
)


def reason_hits(text: str) -> dict[str, int]:
    """How often each return reason is said outright, clause by clause: a reason negated is
    not said ("no está roto, me queda chico" is a size), where words of two reasons overlap the
    longer phrase is the one meant ("por engano" over "engano"), and damage that came after
    some use is a defect."""
    hits: dict[str, int] = {}
    for clause in _PIECES.split(text):
        n = lx.without_intensifiers(lx.written_out(lx.normalize(clause)))  # "ga bisa" = "gak bisa"
        if not n:
            continue
        found = [
            (m.start(), m.end(), code)
            for code, klass in lx.REASONS.items()
            for m in klass.finditer(n)
            if not _reason_negated(n, m.start(), m.end())
            and not (code in _DENIABLE and _fault_denied(n, m.start(), m.end()))
        ]
        for start, end, code in found:
            if any(
                s <= start and end <= e and e - s > end - start and c != code for s, e, c in found
            ):
                continue  # inside a longer phrase of another reason
            if code == "size" and _magnitude_of_damage(n, start, end, found):
                continue  # "خدش كبير", "a big scratch": how big the damage is, no size
            if code == "damaged" and _AFTER_USE.search(n):
                code = "defective"
            hits[code] = hits.get(code, 0) + 1
        for code in lx.paired_reasons(n) - {c for _, _, c in found}:
            hits[code] = hits.get(code, 0) + 1  # "le quedó enorme", "the seam split"
    return hits


def _magnitude_of_damage(
    n: str, start: int, end: int, found: Sequence[tuple[int, int, str]]
) -> bool:
    """Whether a word of size stands right next to a word of damage or defect ("a big
    scratch", "خدش كبير", "une grosse rayure"): it says how big the fault is."""
    return any(
        c in ("damaged", "defective") and (0 <= start - e <= 1 or 0 <= s - end <= 1)
        for s, e, c in found
    )


#: Faults a word of denial takes back ("rien de cassé", "nada roto", "брака никакого нет"); not
#: size nor the customer's own reasons, whose words carry their negation ("no me gusta").
_DENIABLE = frozenset({"damaged", "defective", "wrong_item"})


def _fault_denied(n: str, start: int, end: int) -> bool:
    """A fault word with a word that denies it right before it ("nothing broken", "rien de
    cassé", "nichts kaputt") or right after it ("брака нет", "брака никакого нет", "defeito
    nenhum"); words negative themselves ("doesn't work", "не работает") are not denied."""
    if lx.NEGATOR_BEFORE.pattern.match(n[start:end]):
        return False
    if lx.DENY_FAULT_NEXT.pattern.match(n[end:].lstrip()):
        return True
    if _UNSPACED.search(n[start:end]):
        return False  # the unspaced scripts' denials are `_reason_negated`'s
    before = " ".join(n[:start].split()[-2:])
    return lx.DENY_FAULT.search(before) is not None


def _reason_negated(n: str, start: int, end: int) -> bool:
    if lx.negated(n, start, end):
        return True
    if _UNSPACED.search(n[start:end]) and not (_THAI.match(n[start]) and n[:start].endswith(" ")):
        before = n[max(0, start - 6) : start].rstrip()
        if any(m.end() >= len(before) - 1 for m in _NOT_BEFORE.finditer(before)):
            return True
    elif _NOT_BEFORE.search(" ".join(n[:start].split()[-3:])):
        return True
    return any(m.start() <= 5 for m in _NOT_AFTER.finditer(n[end : end + 12]))


def _amended_quantity(reply: Reply) -> int | None:
    """ "Only one pair then", "两个就行": a quantity said instead of a plain yes or no."""
    n = lx.normalize(reply.text)
    if lx.YES.fullmatch(n) or lx.NO.fullmatch(n):
        return None
    said = reply.entities.quantities
    quantity = said[-1] if said else None  # "two? then just one": the last
    if quantity is None and len(n.split()) <= 3:  # "una", "两个": a bare count, not a sentence
        quantity = parse_quantity(reply.text)
    return quantity if quantity is not None and 0 < quantity < 100 else None


# --------------------------------------------------------------------------- quantities
def _quantity_answer(expect: Expectation, reply: Reply) -> Answer | None:
    n = lx.normalize(reply.text)
    maximum = expect.max_quantity or 999
    quantity: int | None
    relative = relative_quantity(reply.text, expect.max_quantity)
    if relative is not None:  # "all but one", "keep one, the rest", "a couple", "half a dozen"
        quantity = relative
    elif _relative_too_many(reply.text, expect.max_quantity):
        return None  # "half a dozen" of four: asked again, not taken as four
    elif lx.HALF.search(n) and maximum < 999:
        quantity = max(1, maximum // 2)
    elif lx.BOTH.search(n) and maximum >= 2 and parse_quantity(reply.text) in (None, 2):
        quantity = 2
    elif lx.ALL.search(n):
        quantity = maximum
    else:
        quantity = parse_quantity(reply.text)
        if quantity is None and len(reply.entities.quantities) == 1:
            quantity = reply.entities.quantities[0]
    if quantity is None or quantity <= 0:
        return None
    quantity = min(quantity, maximum)
    payload = f"{expect.quantity_payload}:{quantity}" if expect.quantity_payload else None
    # a bare number is surely the answer; a number said in words ("quero falar com um
    # atendente") gives way to another request said with it
    method = "number" if _BARE_COUNT.fullmatch(reply.text) else "quantity"
    return Answer(
        kind=expect.kind, payload=payload, quantity=quantity, confidence=0.9, method=method
    )


_BARE_COUNT = re.compile(r"\s*[#x×]?\s*\d{1,3}\s*[.!]?\s*")


def _relative_too_many(text: str, ordered: int | None) -> bool:
    """A loose count ("a dozen", "a couple") above the units ordered: no count of them."""
    return ordered is not None and relative_quantity(text, None) not in (None, *range(ordered + 1))


# --------------------------------------------------------------------------- free text
_ORDER_INTENTS = frozenset(Intent) - {Intent.AFFIRM, Intent.DENY, Intent.GREETING, Intent.OTHER}


def _free_text_answer(expect: Expectation, reply: Reply) -> Answer | None:
    """Free text is an answer unless it is plainly another request."""
    if (
        reply.intent in _ORDER_INTENTS
        and reply.confidence >= 0.8
        and expect.action
        not in (
            None,
            reply.intent.value,
        )
    ):
        return None
    if len(reply.text.strip()) < 2:
        return None
    return Answer(kind=expect.kind, confidence=0.7, method="free_text")


# --------------------------------------------------------------------------- options
def _option_answer(expect: Expectation, reply: Reply, tier: SemanticTier | None) -> Answer | None:
    options = expect.options
    if not options:
        return None
    text = reply.text.strip()
    n = lx.normalize(text)
    if expect.kind in (ExpectKind.CHOICE, ExpectKind.ITEM) and _none_of_them(n):
        return None  # "ninguna de esas, quiero saber…": no option, whatever follows
    quantity = _quantity_with_item(expect, reply)

    def answer(option: ExpectedOption, confidence: float, method: str) -> Answer:
        units = quantity
        all_said = lx.ALL.search(lx.without_idioms(n))
        if option.units and option.meaning != "all":
            # "half of the crackers", "退三个 留一个", "all of them but one": of that line
            relative = relative_quantity(text, option.units)
            if relative is not None and (units is None or sets_aside(text)):
                units = relative  # a count said ("одну пару") stands, unless beside units kept
            if units is None and all_said:
                units = option.units  # "the white t-shirts, all of them"
        return Answer(
            kind=expect.kind,
            payload=option.id,
            quantity=units,
            confidence=confidence,
            method=method,
        )

    # 1. the number of a numbered option, or an ordinal ("the second one", "第二个")
    bare = _BARE_NUMBER.match(text) or _NUMBERED.match(text)
    if bare and 1 <= int(bare.group(1)) <= len(options) and expect.kind is not ExpectKind.QUANTITY:
        return answer(options[int(bare.group(1)) - 1], 0.97, "number")
    dated = any(o.facts for o in options) and _option_by_facts(options, n, text) is not None
    if expect.kind is ExpectKind.CHOICE and len(n.split()) <= 3 and len(n) <= 16 and not dated:
        said = parse_quantity(_NUMBER_WORDS.sub(" ", n)) or cn_number(_NUMBER_WORDS.sub("", n))
        named = _fuzzy_option(options, n) or _concept_option(options, lx.without_idioms(n))
        other = pr.THE_OTHER.search(n) is not None  # "另一个" is the other one, not one
        if said and 1 <= said <= len(options) and named is None and not other:
            return answer(options[said - 1], 0.85, "number_word")  # "two", "选三", "номер три"
    marked = _MARKED_NUMBER.search(_digits_to_ascii(text)) if not dated else None
    if marked and len(n.split()) <= 6 and 1 <= int(marked.group(1)) <= len(options):
        rest = lx.normalize(_MARKED_NUMBER.sub(" ", _digits_to_ascii(text)))
        named = _fuzzy_option(options, rest) or _concept_option(options, lx.without_idioms(rest))
        if named is None:  # "pilih nomor 2 ya"; not "hủy đơn số 2", an option named
            return answer(options[int(marked.group(1)) - 1], 0.9, "number")
    choosable = _numbered(options)
    index = _position(text, len(choosable)) if not dated else None  # "ที่สั่งวันที่ 1": a date
    if index is not None and 0 <= index < len(choosable):
        return answer(choosable[index], 0.9, "ordinal")
    # 2. a label or a word of an option, typed exactly
    for option in options:
        if n in {lx.normalize(option.label), *(lx.normalize(w) for w in option.words)}:
            return answer(option, 0.97, "label")
    # 3. meanings the lexicon knows: all of them, yes/no options, return reasons
    by_meaning = _lexicon_option(expect, n, reply)
    if by_meaning is not None:
        return answer(by_meaning, 0.88, "lexicon")
    # 3a. the matter an option is about, named in other words ("get my money back" for
    # "Cancel and get a full refund", "lấy voucher", "كمّل" for "متابعة")
    if (
        expect.kind is ExpectKind.CHOICE
        and not any(o.facts for o in options)
        and not _reason_options(expect)
    ):
        by_concept = _concept_option(options, lx.without_idioms(n))
        if by_concept is None and (unrefused := _without_refusing(text)) is not None:
            # "на карту, баланс мне не нужен": the matter of the clause that refuses left out
            by_concept = _concept_option(options, lx.without_idioms(lx.normalize(unrefused)))
        if by_concept is None and pr.describe(text).colours:
            # "mándame el gris": a colour named, for the one option about another colour
            about = [o for o in options if "colour" in _option_concepts(o)]
            by_concept = about[0] if len(about) == 1 else None
        if by_concept is not None:
            return answer(by_concept, 0.85, "concept")
    # 3b. an order named by when or how it stands ("yesterday's", "the one not shipped yet")
    by_facts = (
        _option_by_facts(options, n, text)
        or _option_by_price(options, text)
        or _option_by_number_part(options, text)
        or _option_by_units(options, reply)
    )
    if by_facts is not None:
        return answer(by_facts, 0.85, "facts")
    # 4. the product described: its kind in any language, colour, size, "the bigger one"
    if expect.kind is ExpectKind.ITEM and (counted := _line_counted(options, reply)) is not None:
        return answer(counted, 0.85, "counted")  # "just one of the blocks, the mat is fine"
    if expect.kind is ExpectKind.ITEM or any(o.facts for o in options):
        described = _described_option(options, text)
        if described is not None:
            return answer(described, 0.85, "described")
    # 4b. "ordered black, got pink", "pedí la M y llegó L": another product than ordered
    if (wrong := expect.option("wrong_item")) is not None and _two_variants(text):
        return answer(wrong, 0.8, "variants")
    # 5. label or item words inside the reply, fuzzily; asked why, a word of assent ("ได้ค่ะ",
    # "ok") is no word of a reason's label
    fuzzy = _fuzzy_option(options, _without_assent(n) if _reason_options(expect) else n)
    if fuzzy is not None and _reason_options(expect) and not _mostly_label(fuzzy, n):
        # a reason's label is a sentence: a story sharing a word or two with it ("no está
        # roto…" and "Está defectuoso", "收到" in "收到時已損壞") names no reason by them
        fuzzy = None
    if fuzzy is not None and expect.kind is ExpectKind.CHOICE and _asks_for_unoffered(options, n):
        fuzzy = None  # "cho e gặp nhân viên thật": a person asked for, no option is one
    if fuzzy is not None:
        return answer(fuzzy, 0.85, "fuzzy")
    # 5b. asked why, a yes ("ok", "係 退個喇叭得啦", "ได้ค่ะ ตกลงตามนั้น", "yes, just return the
    # speaker") that names no reason outright answers nothing: the question is put again (the
    # nearest reason by meaning to "return the speaker" is no evidence of any)
    if _reason_options(expect) and _assents_without_reason(text):
        return None
    # 6. meaning: the nearest typed answers we know (reasons), else the options' own words
    if tier is not None:
        if _reason_options(expect):
            pieces = [p for p in _PIECES.split(text) if len(p.strip()) > 1 and not _denies(p)]
            pieces = pieces or [text]
            code = plausible_reason(reason_by_meaning(tier, pieces), text)
            if code is not None and (chosen := expect.option(code)) is not None:
                return answer(chosen, 0.75, "semantic")
        semantic = _semantic_option(options, text, tier.encoder, expect.kind)
        if semantic is not None:
            return answer(semantic, 0.75, "semantic")
    if _reason_options(expect) and denied_reasons(text) and not reason_hits(text):
        # "ist nix kaputt, brauch ihn nur nicht": a fault denied, nothing else said of it
        if (own := expect.option("no_reason")) is not None:
            return answer(own, 0.75, "lexicon")
    return None


#: "None of those": every option refused at once, at the head of a reply.
_NONE_OF_THEM = lx.WordClass(
    bare=True,
    entries="""
none of those, none of them, none of these, neither of them, neither, ninguna de esas,
ninguna de estas, ninguno de esos, ninguno de estos, nenhum desses, nenhuma dessas,
nenhum deles, nenhuma delas, aucune de celles-là, aucun de ceux-là, ni l'un ni l'autre,
keine davon, keins davon, keiner davon, weder noch, ни один из них, ни одна из них,
ни то ни другое, ни один, 都不是, 这俩都不是, 这些都不是, 都不对, 一个都不是, 兩個都不是, 都唔係,
どれも違う, どれでもない, どちらでもない, 둘 다 아니, 다 아니에요, 아무것도 아니,
ولا وحدة, ولا واحد, ولا شي منهم, ولا واحدة منهم, bukan semua, gak ada yg, nggak ada yang,
tidak ada yang, không cái nào, không phải cái nào, ไม่ใช่ทั้งหมด, ไม่ใช่สักอัน, ไม่มีอันไหน
""",
)


def _none_of_them(n: str) -> bool:
    """Whether a normalised reply opens by refusing every option ("none of those, …")."""
    m = _NONE_OF_THEM.search(n)
    return m is not None and m.start() == 0


#: Share of a reply's words an option's label must hold for the reply to be that label
#: typed loosely ("taile ne convien pas", "damagd in tranist").
LABEL_SHARE = 0.5


def _mostly_label(option: ExpectedOption, n: str) -> bool:
    """Whether a normalized reply is mostly an option's label (or one of its words) retyped:
    at most three words, or half of its words found in the label."""
    said = _tokens(n)
    if len(n.split()) <= 3 and not _UNSPACED.search(n):
        return True
    return bool(said) and _overlap(option, n) >= LABEL_SHARE * len(said)


REASON_MIN = 0.86
REASON_MARGIN = 0.008
SHOP_FAULT = frozenset({"damaged", "defective", "wrong_item"})


def plausible_reason(code: str | None, text: str) -> str | None:
    """A reason found by meaning, checked against what the message says outright: a defect of
    something "still sealed in the original box" or never used is not one (the customer has
    not used it), and a size needs a word of size ("l'odeur est trop forte" is too strong, not
    too small): both are then the customer's own reason."""
    if code is not None and code in lx.REASONS:
        klass = lx.REASONS[code]
        if any(klass.search(lx.normalize(c)) for c in _PIECES.split(text)) and not reason_hits(
            text
        ).get(code):
            return None  # "не брак, просто мал": the customer says it is not that
    if code in ("defective", "damaged") and facts_in(text).get("opened") is False:
        return "no_reason"
    if code == "defective" and lx.UNUSED.search(lx.normalize(text)):
        return "no_reason"  # "encore dans sa boîte, jamais allumée": not used, so no defect seen
    if code == "size" and not lx.SIZE_HINTS.search(lx.normalize(text)):
        return "no_reason"
    return code


def reason_by_meaning(tier: SemanticTier | None, phrases: Sequence[str]) -> str | None:
    """A return reason said in words no list holds ("思ったより薄かった", "the handle came
    off"): the reason whose known answers come nearest to an explaining phrase. Between two of
    the customer's own reasons (changed mind, size) either will do; a fault of the shop
    (damage, defect, wrong item) must come clearly first, and when one is about as near as the
    customer's reason, nothing is assumed and the flow asks."""
    if tier is None or tier.prototypes is None or not phrases:
        return None
    best: tuple[float, str] | None = None
    for vector in tier.encoder.embed(list(phrases)):
        ranked = tier.prototypes.closest("reason", vector)
        if len(ranked) < 2 or ranked[0][1] < REASON_MIN:
            continue
        (value, sim), (runner, near) = ranked[0], ranked[1]
        if sim - near < REASON_MARGIN and (value in SHOP_FAULT) != (runner in SHOP_FAULT):
            continue  # a fault or a matter of taste: too close to tell
        if best is None or sim > best[0]:
            best = (sim, value)
    return best[1] if best else None


def _nearest_prototype(
    tier: SemanticTier | None, slot: str, text: str, allowed: set[str]
) -> str | None:
    """What the nearest known typed answers of `slot` mean, when they agree clearly enough."""
    if tier is None or tier.prototypes is None:
        return None
    ranked = tier.prototypes.closest(slot, tier.encoder.embed([text])[0], allowed)
    if not ranked:
        return None
    (value, best), other = ranked[0], (ranked[1][1] if len(ranked) > 1 else 0.0)
    return value if best >= PROTOTYPE_MIN and best - other >= PROTOTYPE_MARGIN else None


def _option_by_facts(
    options: Sequence[ExpectedOption], n: str, text: str = ""
) -> ExpectedOption | None:
    """The one option whose facts the reply names: placed yesterday or today, delivered, not
    shipped, on a platform named in the reply."""
    known = [o for o in options if o.facts is not None]
    if len(known) < 2:
        return None
    n = lx.written_out(n)  # "yg blm dikirim", "udah sampe"
    tests: list[Callable[[OptionFacts], bool]] = []
    # the same tests read loosely: "last month" for about a month ago, when a product said
    # with it must agree ("la del mes pasado, la silla" of five weeks ago)
    loose: list[Callable[[OptionFacts], bool]] = []
    month = lx.month_named(n)
    weekday = lx.weekday_named(n)
    # the day as typed: normalising drops the dot of "11.11"
    day = lx.date_named(unicodedata.normalize("NFKC", text).casefold() if text else n)
    if day is not None:  # "双十一买的", "don mua hom 11/11", "el del 3 de noviembre"
        tests.append(
            lambda f: f.placed_at is not None and (f.placed_at.month, f.placed_at.day) in day
        )
    elif weekday is not None:  # "上礼拜五晚上下的那单", "el del viernes pasado"
        on = _weekday_date(weekday, last_week=lx.LAST_WEEK.search(n) is not None)
        tests.append(lambda f: f.placed_at is not None and _days_ago(f.placed_at) == on)
    elif (back := lx.days_ago_named(n)) is not None:  # "el de antes de ayer", "قبل ٣ أيام"
        # "3 days ago" is said loosely: a day either way, from three days back
        slack = 0 if back <= 2 else 1
        tests.append(lambda f: abs((_days_ago(f.placed_at) or -9) - back) <= slack)
    elif lx.YESTERDAY.search(n):
        tests.append(lambda f: _days_ago(f.placed_at) == 1)
    elif lx.TODAY.search(n):
        tests.append(lambda f: _days_ago(f.placed_at) == 0)
    elif lx.LAST_WEEK.search(n):  # "last week's", "上禮拜買的"
        tests.append(lambda f: 5 <= (_days_ago(f.placed_at) or -1) <= 14)
        if sum(1 for o in known if o.facts and tests[-1](o.facts)) > 1:
            # two orders within two weeks: last week is the week before this one
            tests[-1] = lambda f: _last_calendar_week(f.placed_at)
    elif month is not None:  # "October's order", "10月の"
        tests.append(lambda f: f.placed_at is not None and f.placed_at.month == month)
    elif lx.LAST_MONTH.search(n):  # "先月の注文", "the one from last month"
        last = (datetime.now(UTC).replace(day=1) - timedelta(days=1)).month
        tests.append(lambda f: f.placed_at is not None and f.placed_at.month == last)
        loose.append(
            lambda f: (
                f.placed_at is not None
                and (
                    f.placed_at.month == last
                    or MONTH_AGO[0] <= (_days_ago(f.placed_at) or 0) <= MONTH_AGO[1]
                )
            )
        )
    loose = loose or list(tests)
    delivered, on_the_way = lx.DELIVERED.search(n), lx.ON_THE_WAY.search(n)
    if lx.UNSHIPPED.search(n):
        tests.append(lambda f: f.stage == "unshipped")
    elif delivered is not None:
        if lx.negated(n, delivered.start(), delivered.end()):  # "the one that hasn't arrived"
            tests.append(lambda f: f.stage != "delivered")
            if on_the_way is not None and not lx.negated(n, on_the_way.start(), on_the_way.end()):
                tests.append(lambda f: f.stage == "on_the_way")  # "not here yet, on its way"
        else:
            tests.append(lambda f: f.stage == "delivered")
    elif on_the_way is not None:
        if lx.negated(n, on_the_way.start(), on_the_way.end()):  # "not shipped", "未发出"
            tests.append(lambda f: f.stage == "unshipped")
        else:
            tests.append(lambda f: f.stage == "on_the_way")
    platforms = {o.facts.platform for o in known if o.facts and o.facts.platform}
    named = [p for p in platforms if re.search(rf"(?<!\w){re.escape(p.lower())}(?!\w)", n)]
    if len(named) == 1:
        tests.append(lambda f: f.platform == named[0])
    hits = [o for o in known if o.facts is not None and all(t(o.facts) for t in tests)]
    older, newer = lx.OLDER.search(n), lx.NEWER.search(n)
    if (older is None) != (newer is None):  # "the older one", "最近的那个": by when it was placed
        # "the newest one, placed yesterday": the comparison stands when the date is loose
        dated = [o for o in (hits if hits else known) if o.facts and o.facts.placed_at]
        if len(dated) >= 2:
            dated.sort(key=lambda o: o.facts.placed_at if o.facts and o.facts.placed_at else 0)
            return dated[0] if older else dated[-1]
    cheaper, dearer = pr.CHEAPER.search(n), pr.DEARER.search(n)
    if (cheaper is None) != (dearer is None):  # "the cheaper one", "贵的那个": by what it cost
        priced = [o for o in (hits if tests else known) if o.facts and o.facts.amount is not None]
        amounts = {o.facts.amount for o in priced if o.facts}
        currencies = {o.facts.currency for o in priced if o.facts}
        if len(priced) >= 2 and len(amounts) == len(priced) and len(currencies) == 1:
            priced.sort(key=lambda o: o.facts.amount if o.facts and o.facts.amount else 0)
            return priced[0] if cheaper else priced[-1]
    if not tests:
        return None
    product = _described_option(known, text) if text else None
    if product is not None and product.facts is not None:
        # a product said with the date: both must agree, the date read loosely
        return product if all(t(product.facts) for t in loose + tests[len(loose) :]) else None
    return hits[0] if len(hits) == 1 else None


#: "Last month", read loosely: placed this many days ago at least and at most.
MONTH_AGO = (20, 62)


def _weekday_date(weekday: int, *, last_week: bool) -> int:
    """How many days ago the day of the week a reply names was: the last one before today, or
    with "last week" ("上礼拜五", "letzte Woche Freitag") the one of the week before this one."""
    today = datetime.now(UTC).date().weekday()
    if last_week:
        return today + 7 - weekday
    return (today - weekday - 1) % 7 + 1


def _option_by_number_part(options: Sequence[ExpectedOption], text: str) -> ExpectedOption | None:
    """ "the one ending in 17", "el 3301": the one order whose number ends with (or else holds)
    the digits the reply gives."""
    numbered = [(o, re.sub(r"\D", "", o.words[0])) for o in options if o.facts and o.words]
    if len(numbered) < 2:
        return None
    if (tracked := _option_by_tracking(options, text)) is not None:
        return tracked
    for run in re.findall(r"(?<!\d)\d{2,8}(?!\d)", _digits_to_ascii(text)):
        for test in (str.endswith, str.__contains__):
            hits = [o for o, digits in numbered if digits and test(digits, run)]
            if len(hits) == 1:
                return hits[0]
    # "尾數RD嗰張", "the one ending in 2RD": the letters a number ends with, typed as capitals
    for run in _CAPITALS_RUN.findall(unicodedata.normalize("NFKC", text)):
        hits = [
            o for o, _ in numbered if re.sub(r"[^0-9A-Z]", "", o.words[0].upper()).endswith(run)
        ]
        if len(hits) == 1:
            return hits[0]
    return None


#: A tracking number as carriers write them: ten characters or more of capitals and digits,
#: most of them digits ("1Z8V93A20372184784", "YT7538104492106", "9400111899223856041187").
_TRACKING_RUN = re.compile(r"(?<![A-Za-z0-9])(?=[A-Z]*\d)[A-Z0-9]{10,34}(?![A-Za-z0-9])")
#: The word for a tracking number, in every language: what makes the digits said its part.
_TRACKING_WORD = lx.WordClass(
    bare=True,
    entries="""
tracking, tracking number, tracking no, tracking #, tracking code, track number, waybill, awb,
número de seguimiento, numero de seguimiento, guía, guia, número de guía, seguimiento, rastreo,
código de rastreio, codigo de rastreio, rastreio, numéro de suivi, numero de suivi, suivi,
sendungsnummer, trackingnummer, tracking-nummer, sendungsverfolgung, трек, трек-номер,
трек номер, трекномер, номер отслеживания, 快递单号, 运单号, 運單號, 物流单号, 物流單號, 单号, 單號,
追跡番号, 問い合わせ番号, お問い合わせ番号, 伝票番号, 운송장, 운송장 번호, 송장번호, 송장 번호,
رقم التتبع, رقم الشحنة, رقم الشحنه, التتبع, resi, no resi, nomor resi, mã vận đơn, ma van don,
vận đơn, mã theo dõi, เลขพัสดุ, เลขแทร็ก, เลขติดตาม
""",
)


def _tracking_numbers(option: ExpectedOption) -> list[str]:
    """The tracking numbers an order option carries: in its facts, or shown in its label."""
    known = list(option.facts.tracking) if option.facts else []
    shown = _TRACKING_RUN.findall(unicodedata.normalize("NFKC", option.label).upper())
    number = re.sub(r"[^0-9A-Z]", "", (option.words[0] if option.words else "").upper())
    return known + [t for t in shown if t != number and not number.endswith(t)]


def _option_by_tracking(options: Sequence[ExpectedOption], text: str) -> ExpectedOption | None:
    """ "the one w/ tracking ending 4784", "快递单号YT75…那个": the one order whose tracking
    number is the one typed, or ends with the digits said after the word for it."""
    tracked = [
        (o, [re.sub(r"[^0-9A-Z]", "", t.upper()) for t in _tracking_numbers(o)]) for o in options
    ]
    tracked = [(o, ts) for o, ts in tracked if ts]
    if not tracked:
        return None
    typed = unicodedata.normalize("NFKC", _digits_to_ascii(text)).upper()
    whole = {re.sub(r"[^0-9A-Z]", "", t) for t in _TRACKING_RUN.findall(typed)}
    hits = [o for o, ts in tracked if whole & set(ts)]
    if len(hits) == 1:
        return hits[0]
    said = _TRACKING_WORD.search(lx.normalize(text))
    if said is None:
        return None
    for run in re.findall(r"(?<!\d)\d{3,8}(?!\d)", typed):
        hits = [o for o, ts in tracked if any(t.endswith(run) for t in ts)]
        if len(hits) == 1:
            return hits[0]
    return None


_EN_COUNTS = {"one": 1, "a single": 1, "two": 2, "three": 3, "four": 4, "five": 5}
#: "where I got just one", "the one with two": a count said after what came (English words
#: the entity pass leaves, as "one" is also a pronoun there).
_GOT_COUNT = re.compile(
    r"(?<!\w)(?:got|received|came with|with|had)\s(?:only\s|just\s)?"
    r"(one|a single|two|three|four|five)(?!\w)"
)
_UNITS_IN_SUMMARY = re.compile(r"[×x]\s?(\d{1,3})(?!\d)")


def _option_by_units(options: Sequence[ExpectedOption], reply: Reply) -> ExpectedOption | None:
    """ "The one with just one in it", "两个的那单": the one order of as many units as the
    reply counts, its summary showing them ("… ×2"; no count shown is one)."""
    n = lx.normalize(reply.text)
    said = set(reply.entities.quantities) | {q.value for q in find_quantities(n)}
    said |= {_EN_COUNTS[m.group(1)] for m in _GOT_COUNT.finditer(n)}
    if len(said) != 1:
        return None
    count = said.pop()
    shown = [o for o in options if o.facts is not None]
    if len(shown) < 2:
        return None
    units: dict[str, int] = {}
    for o in shown:
        counts = _UNITS_IN_SUMMARY.findall(o.label)
        known = o.facts.units if o.facts else None
        units[o.id] = known or (sum(int(c) for c in counts) if counts else 1)
    hits = [o for o in shown if units[o.id] == count]
    return hits[0] if len(hits) == 1 else None


_CAPITALS_RUN = re.compile(r"(?<![A-Za-z0-9])[0-9]*[A-Z][A-Z0-9]{1,7}(?![A-Za-z0-9])")


_CURRENCY = (
    r"(?:[$€£¥₽₩฿₫]|rp\.?|r\$|usd|eur|sar|aed|đ|vnd|원|円|元|块|บาท|руб\.?|ريال|درهم|"
    r"euros?|dollars?|reais|baht)"
)
#: Money as people say it after an amount, slang too ("15 balles", "20 bucks", "500 баксов").
_MONEY_SAID = re.compile(
    rf"\s?(?:{_CURRENCY}|balles?|bucks?|pesos?|real|reales|mangos|лв|бакс\w*|рубл\w*|جنيه|دينار"
    r"|ريال|بات|ribu|rb|nghìn|ngàn|k)(?![a-zà-ỹ])",
    re.I,
)
#: A price shown: its currency before or after it; thousands may be grouped with spaces
#: ("24 990 ₽"); a currency letter is not the first of a word ("3 đôi" is no 3 đồng), nor a
#: currency before a number the one after a count ("×1 ¥329" is 329).
_SHOWN_NUMBER = r"(\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?|\d[\d.,]*\d|\d)"
_PRICE_SHOWN = re.compile(
    rf"{_CURRENCY}\s?{_SHOWN_NUMBER}|{_SHOWN_NUMBER}\s?{_CURRENCY}(?![a-zà-ỹ]|\s?\d)", re.I
)
_PRICE_SAID = re.compile(
    r"(?<![\d.,])(\d[\d.,]*\d|\d)\s?(k|rb|ribu|nghìn|ngàn|nghin|ngan|千|万)?", re.I
)
_MULTIPLIERS = {"k": 1000, "rb": 1000, "ribu": 1000, "nghìn": 1000, "ngàn": 1000}
_MULTIPLIERS |= {"nghin": 1000, "ngan": 1000, "千": 1000, "万": 10000}


def _amount(raw: str) -> float | None:
    """ "159.000" -> 159000, "24.00" -> 24, "59,90" -> 59.9, "1,299" -> 1299."""
    raw = re.sub(r"(?<=\d)[ \u00a0\u202f](?=\d{3})", "", raw)
    m = re.fullmatch(r"(\d{1,3}(?:[.,]\d{3})+|\d+)(?:[.,](\d{1,2}))?", raw)
    if m is None:
        return None
    whole = float(re.sub(r"[.,]", "", m.group(1)))
    return whole + (float(f"0.{m.group(2)}") if m.group(2) else 0.0)


#: A price shown after the word for price ("ราคา 3,990", "Preis: 49,90", "价格 599").
_PRICE_LABELLED = re.compile(
    r"(?<![^\W\d_])(?:price|precio|preço|preco|prix|preis|цена|harga|giá|السعر|سعر)\s?[:：]?\s?"
    rf"{_SHOWN_NUMBER}|(?:ราคา|价格|價格|售价|售價|価格|値段|가격)\s?[:：]?\s?{_SHOWN_NUMBER}",
    re.I,
)


def shown_amounts(text: str) -> set[float]:
    """The prices a text shows with their currency ("$59.90", "1.299 €", "19800원") or after
    the word for price ("ราคา 3,990")."""
    text = unicodedata.normalize("NFKC", text)
    shown = {
        a
        for m in _PRICE_SHOWN.finditer(text)
        if (a := _amount(m.group(1) or m.group(2))) is not None
    }
    return shown | {
        a
        for m in _PRICE_LABELLED.finditer(text)
        if (a := _amount(m.group(1) or m.group(2))) is not None
    }


#: A price said roughly: "五百多", "三千多块", "อันสามพันกว่า", "3000円台", "40-something",
#: "40 y pico", "с лишним": at least that much, short of the next step of its last digit.
_ABOVE_AFTER = (
    r"(?:\s?(?:块|塊|元|円|원|บาท)?\s?(?:多|几|幾|来块|出头|出頭|台|대|กว่า|ちょっと|ちょい|여)"
    r"(?!\s?(?:天|日|号|號|月|年|周|週|星期|礼拜|禮拜|个|個|件|小时|小時|分钟|分鐘|岁|歲|次|วัน|เดือน|ปี|ชิ้น|อัน))"
    r"|[\s-]?(?:something|odd|ish|plus|y pico|y algo|e pouco|e poucos|e pouquinho|et quelques|"
    r"et des poussières|und ein paar|und etwas|с чем-то|с лишним|lebih|an|mấy|hơn|وشوية|و شوي)"
    r"(?![^\W\d_]))"
)
#: A price said about so much: "around 40 bucks", "unos 40", "около 500", "ประมาณ 3000",
#: "40ドルくらい", "4만원 정도", "大概五百".
_ABOUT_BEFORE = (
    r"(?:around|about|roughly|approximately|approx\.?|circa|ca\.|~|unos|unas|cerca de|"
    r"alrededor de|aproximadamente|uns|umas|por volta de|environ|à peu près|etwa|ungefähr|rund|"
    r"около|примерно|где-то|sekitar|kira-kira|kurang lebih|khoảng|tầm|chừng|ประมาณ|ราวๆ|ราว|"
    r"حوالي|حوالى|تقريبا|تقريباً|大概|大约|大約|差不多|약)\s?"
)
_ABOUT_AFTER = (
    r"\s?(?:左右|上下|くらい|ぐらい|位|程度|ほど|前後|쯤|정도|가량|más o menos|mas o menos|"
    r"more or less|or so|mais ou menos|plus ou moins|oder so|или около того|an đó|kurang lebih)"
)
_SPELLED = (
    r"[0-9][0-9.,]*|[一二两兩三四五六七八九十百千万萬零〇]+"
    r"|(?:หนึ่ง|เอ็ด|สอง|ยี่|สาม|สี่|ห้า|หก|เจ็ด|แปด|เก้า|สิบ|ร้อย|พัน|หมื่น|แสน)+"
)
#: The unit said after a number ("3k", "150rb", "4만"), then its money ("bucks", "块").
_SAID_UNIT = (
    r"\s?(k|rb|ribu|nghìn|ngàn|千|万|萬|百|พัน|ร้อย|หมื่น|만|천|lucas|luca|mil|grand|"
    r"тыс\.?|тыщ\w*|косар\w*|jt|juta|triệu|củ|الف|ألف|آلاف)?"
    rf"(?:\s?{_CURRENCY}|\s?(?:bucks?|balles?|pesos?|рубл\w*|бакс\w*|块|塊))?"
)
_ROUGH = (
    (re.compile(rf"(?<![0-9])({_SPELLED}){_SAID_UNIT}{_ABOVE_AFTER}", re.I), True),
    (re.compile(rf"{_ABOUT_BEFORE}({_SPELLED}){_SAID_UNIT}(?![^\W\d_])", re.I), False),
    (re.compile(rf"(?<![0-9])({_SPELLED}){_SAID_UNIT}{_ABOUT_AFTER}", re.I), False),
)
_CJK_VALUES = dict(
    zip("零〇一二两兩三四五六七八九", (0, 0, 1, 2, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True)
)
_CJK_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000, "萬": 10000}
_TH_DIGITS = {
    "หนึ่ง": 1,
    "เอ็ด": 1,
    "สอง": 2,
    "ยี่": 2,
    "สาม": 3,
    "สี่": 4,
    "ห้า": 5,
    "หก": 6,
    "เจ็ด": 7,
    "แปด": 8,
    "เก้า": 9,
}
_TH_UNITS = {"สิบ": 10, "ร้อย": 100, "พัน": 1000, "หมื่น": 10000, "แสน": 100000}
_UNIT_AFTER = {"k": 1000, "rb": 1000, "ribu": 1000, "nghìn": 1000, "ngàn": 1000, "千": 1000}
_UNIT_AFTER |= {"万": 10000, "萬": 10000, "百": 100, "พัน": 1000, "ร้อย": 100, "หมื่น": 10000}
_UNIT_AFTER |= {"만": 10000, "천": 1000}
#: Thousands and millions in everyday words: "60 lucas", "30 mil", "5 grand", "40 тыщ".
_UNIT_AFTER |= dict.fromkeys(("lucas", "luca", "mil", "grand", "тыс", "тыс.", "الف", "ألف"), 1000)
_UNIT_AFTER |= dict.fromkeys(("آلاف",), 1000) | dict.fromkeys(("jt", "juta", "triệu", "củ"), 10**6)


def _spelled_number(raw: str) -> int | None:
    """ "五百" -> 500, "一千五" -> 1500, "สามพัน" -> 3000, "3,990" -> 3990: a number in digits
    or in Chinese or Thai numerals (a count of units after each digit)."""
    if raw[0].isdigit():
        value = _amount(raw.rstrip(".,"))
        return int(value) if value is not None else None
    table, units = (
        (_CJK_VALUES, _CJK_UNITS)
        if _HAN.match(raw) or raw[0] in "〇"
        else (
            _TH_DIGITS,
            _TH_UNITS,
        )
    )
    total, digit, last_unit, pos = 0, None, 0, 0
    words = sorted([*table, *units], key=len, reverse=True)
    while pos < len(raw):
        word = next((w for w in words if raw.startswith(w, pos)), None)
        if word is None:
            return None
        pos += len(word)
        if word in table:
            digit = table[word]
        else:
            last_unit = units[word]
            total += (1 if digit is None else digit) * last_unit
            digit = None
    if digit is not None:  # "一千五" is 1500: the digit after a unit counts the next one down
        total += digit * (last_unit // 10 if last_unit >= 100 else 1)
    return total or None


def _rough_price(text: str) -> tuple[float, float] | None:
    """The range a price said roughly stands for: "五百多" [500, 600), "around 40" [32, 48]."""
    for pattern, above in _ROUGH:
        for m in pattern.finditer(text):
            value = _spelled_number(m.group(1))
            if value is None or value <= 0:
                continue
            unit = (m.group(2) or "").lower()
            thousands = unit.startswith(("тыщ", "косар"))  # "40 тыщ", "3 косаря"
            value *= 1000 if thousands else _UNIT_AFTER.get(unit, 1)
            if above:
                step = 1
                while value % (step * 10) == 0:
                    step *= 10
                return float(value), float(value + step)
            return value * 0.8, value * 1.2
    return None


def _option_by_price(options: Sequence[ExpectedOption], text: str) -> ExpectedOption | None:
    """ "the $129 one", "o de 59,90", "19800원짜리", "yg 89rb": the one order whose price, as
    its label or summary shows it, is the amount the reply gives (cents may be left out)."""
    priced: list[tuple[ExpectedOption, set[float]]] = []
    for o in options:
        if o.facts is None:
            continue
        shown = unicodedata.normalize("NFKC", " ".join([o.label, *o.words]))
        amounts = shown_amounts(shown)
        if o.facts.amount is not None:
            amounts.add(float(o.facts.amount))
        priced.append((o, amounts))
    if sum(1 for _, a in priced if a) < 2:
        return None
    numbers = [re.sub(r"\D", "", o.words[0]) for o in options if o.facts and o.words]
    said: set[float] = set()
    typed = _digits_to_ascii(unicodedata.normalize("NFKC", text))
    for m in _PRICE_SAID.finditer(typed):
        value = _amount(m.group(1))
        money = _MONEY_SAID.match(typed, m.end(1)) is not None  # "celle à 15 balles": a price
        if not money and any(n.endswith(m.group(1)) for n in numbers if n):
            continue  # "the one ending in 0023": a part of its number
        if value is not None:
            said.add(value * _MULTIPLIERS.get((m.group(2) or "").lower(), 1))
    hits = [
        o
        for o, amounts in priced
        if any(abs(a - v) < 0.01 or int(a) == v for a in amounts for v in said)
    ]
    if len(hits) != 1 and (rough := _rough_price(typed)) is not None:
        low, high = rough  # "五百多那个", "the one around 40 bucks"
        hits = [o for o, amounts in priced if any(low <= a <= high for a in amounts)]
    return hits[0] if len(hits) == 1 else None


def _last_calendar_week(moment: datetime | None) -> bool:
    """Whether a moment fell in the week (Monday to Sunday) before this one."""
    if moment is None:
        return False
    monday = datetime.now(UTC).date() - timedelta(days=datetime.now(UTC).date().weekday())
    return monday - timedelta(days=7) <= moment.astimezone(UTC).date() < monday


def _days_ago(moment: datetime | None) -> int | None:
    if moment is None:
        return None
    return (datetime.now(UTC).date() - moment.astimezone(UTC).date()).days


#: "on the list", "de la lista", "リストの": where the options stand, said with a position.
_ON_THE_LIST = re.compile(
    r"\s(?:on|in|from)\s(?:the|your|this)\s(?:list|menu)\b|\s(?:de|en)\s(?:la|tu)\slista\b|"
    r"\s(?:da|na)\slista\b|\s(?:de|sur)\sla\sliste\b|\s(?:auf|in)\sder\sliste\b|\sв\sсписке\b",
    re.I,
)
#: The middle one of an odd number of options: "the middle one", "真ん中のやつ", "가운데 거".
_MIDDLE = lx.WordClass("""
middle, the middle one, in the middle, del medio, de en medio, el de en medio, do meio, du milieu,
celui du milieu, mittlere*, in der mitte, средн*, посередине, 中间, 中间的, 中間, 真ん中, まんなか,
가운데, 중간, الوسط, اللي في النص, yang tengah, tengah, ở giữa, cái giữa, ตรงกลาง, อันกลาง
""")


#: The first and the last of the options as listed, said by where they stand: "the top one",
#: "上面那個", "一番上の", "맨 위", "el de arriba"; "the bottom one", "最下面那个", "el de abajo".
_TOP = lx.WordClass("""
the top one, top one, the one on top, the one at the top, at the top, el de arriba,
la de arriba, el de más arriba, o de cima, a de cima, o primeiro de cima, celui du haut,
celle du haut, en haut, der obere, die obere, das obere, ganz oben, верхний, верхнюю, самый верхний,
yang atas, yang paling atas, paling atas, cái trên cùng, cái trên, trên cùng, อันบน, อันบนสุด,
บนสุด, اللي فوق, الي فوق, الأعلى, 上面那个, 上面那個, 最上面, 上面的, 上面那单, 上面那張,
上面那张, 一番上, 上のやつ, 上のほう, 맨 위, 맨위, 위에 거, 위에꺼, 위의 거
""")
_BOTTOM = lx.WordClass("""
the bottom one, bottom one, the one at the bottom, at the bottom, el de abajo,
la de abajo, el de más abajo, o de baixo, a de baixo, celui du bas, celle du bas, en bas,
der untere, die untere, das untere, ganz unten, нижний, нижнюю, самый нижний, yang bawah,
yang paling bawah, paling bawah, cái dưới cùng, cái dưới, dưới cùng, อันล่าง, อันล่างสุด,
ล่างสุด, اللي تحت, الي تحت, الأسفل, 下面那个, 下面那個, 最下面, 下面的, 下面那单, 下面那張,
下面那张, 一番下, 下のやつ, 下のほう, 맨 아래, 맨아래, 밑에 거, 아래 거, 아래꺼
""")


def _position(text: str, count: int) -> int | None:
    """The index of the option a reply picks by its position, when the position is most of
    the reply: "the second one", "the last one on the list", "die zweite Bestellung, Ende
    November" (the first clause), "真ん中のやつ"; not "send it first when it's in" nor "third
    time I write"."""
    for said in (text, _PIECES.split(text.strip())[0]):
        n = lx.normalize(_ON_THE_LIST.sub("", said))
        if not n or len(n) > 40 or not (len(n.split()) <= 4 or _UNSPACED.search(n)):
            continue
        if lx.LAST_WEEK.search(n):
            continue  # "last week's order": a date, not the last option
        ordinal = parse_ordinal(said)
        if ordinal is not None:
            return count - 1 if ordinal == -1 else ordinal - 1
        if count % 2 == 1 and count > 1 and _MIDDLE.search(n):
            return count // 2
        top, bottom = _TOP.search(n), _BOTTOM.search(n)
        if count > 1 and (top is None) != (bottom is None):
            return 0 if top else count - 1
    return None


def _numbered(options: Sequence[ExpectedOption]) -> list[ExpectedOption]:
    """Options an ordinal counts: items and choices, not "all of them"."""
    return [o for o in options if o.meaning != "all"] or list(options)


def _quantity_with_item(expect: Expectation, reply: Reply) -> int | None:
    """How many of the item a reply says ("2 of the mugs", "ثوب واحد", "الطرحتين"); never a
    size ("the shoes in 40") nor more than any line holds."""
    if expect.kind is not ExpectKind.ITEM:
        return None
    if len(reply.entities.quantities) == 1:
        quantity: int | None = reply.entities.quantities[0]
    else:
        quantity = parse_quantity(reply.text) or pr.arabic_dual(reply.text)
    if quantity is None and len(set(reply.entities.quantities)) > 1:
        quantity = acting_count(reply.text)  # "买了三根…退两根吧 留一根": the two
    if quantity is None or not 0 < quantity < 100:
        return None
    said = pr.describe(reply.text)
    if said.size is not None and not said.size_is_letter and float(quantity) == said.size:
        return None
    most = max((o.units or 0 for o in expect.options), default=0)
    return quantity if not most or quantity <= most else None


def _lexicon_option(expect: Expectation, n: str, reply: Reply) -> ExpectedOption | None:
    raw = reply.text
    meanings = {o.meaning for o in expect.options if o.meaning}
    everything = expect.option("all") or _labelled(expect.options, lx.ALL)
    whole = _all_said(lx.without_idioms(n))  # "oi tudo bem?" is a hello
    if whole is not None and lx.negated(n, whole.start(), whole.end()):
        whole = None  # "nicht alles", "не весь": a part, read by the options' matters
    lines = [o for o in expect.options if o.meaning != "all"]
    if whole is None and len(lines) == 2 and lx.BOTH.search(n):
        whole = lx.BOTH.search(n)  # "両方", "beides": both of the two lines
    if everything is not None and whole and (line := _line_of_count(expect, reply, lines)):
        return line  # "세 개 다" (all three) of the one line of three, "les deux lots de verres"
    if everything is not None and whole and not _names_one_option(expect.options, n, lines):
        return everything  # "全部都退", "komplett" for "the whole order"
    yes = expect.option("yes") or _labelled(expect.options, lx.YES)
    no = expect.option("no") or _labelled(expect.options, lx.NO)
    if yes is not None and no is not None and yes is not no:
        said = yes_or_no(reply.text, expect.action, reply.intent)
        if said is not None:
            return yes if said == "yes" else no
    if reply.intent.value in meanings and reply.confidence >= INTENT_OPTION_MIN:
        return expect.option(reply.intent.value)  # "it doesn't fit" when asked what was meant
    first = expect.options[0]
    if first.meaning in INTENT_VALUES and yes_or_no(reply.text) == "yes" and not _thanks(n):
        return first  # "do you mean A, B or C?" "yes": the likeliest, A ("ok, thanks": no)
    reasons = [m for m in meanings if m in lx.REASONS]
    if reasons:
        named = reason_hits(reply.text)
        hits = {r: named[r] for r in reasons if named.get(r)}
        if set(named) == {"size"} and "wrong_item" in reasons and ordered_other_size(raw):
            return expect.option("wrong_item")  # "yg dateng ukuran 40, sy pesennya 41"
        if len(hits) == 1 or (hits and _damage_over_defect(hits)):
            preferred = "defective" if _prefer_defect(raw) else "damaged"
            best = max(hits, key=lambda r: (hits[r], r == preferred))
            return expect.option(best)
        # a reason no option is known to mean: the one option whose label the lexicon could
        # not read ("me arrependi" when "Desisti da compra" is the only unknown label)
        if not named and "wrong_item" in reasons and ordered_other(raw):
            return expect.option("wrong_item")  # "주문한 건 A인데 B가 왔어요": another thing came
        other = [c for c in lx.REASONS if c not in reasons and _said_reason(lx.REASONS[c], raw)]
        unknown = [o for o in expect.options if not o.meaning]
        if len(other) == 1 and len(unknown) == 1 and not hits:
            return unknown[0]
    return None


def _line_counted(options: Sequence[ExpectedOption], reply: Reply) -> ExpectedOption | None:
    """The one line the words said with a count name ("one of the blocks" beside "the mat's
    fine"), where the reply speaks of another line too: the count goes with its own words."""
    acted = (_without_kept(reply.text) or reply.text).casefold()
    named: dict[str, tuple[ExpectedOption, str]] = {}
    for ref in reply.entities.items:
        if ref.quantity is None or not ref.words or ref.text.casefold() not in acted:
            continue
        words = " ".join(ref.words)
        line = _fuzzy_option(options, lx.normalize(words)) or _described_option(options, words)
        if line is not None:
            named[line.id] = (line, ref.text)
    if len(named) != 1:
        return None
    [(chosen, said)] = named.values()
    rest = lx.normalize(reply.text.casefold().replace(said.casefold(), " "))
    other = _described_option(options, rest) or _fuzzy_option(options, rest)
    named_too = any(
        _overlap(o, rest) >= 1.0 for o in options if o is not chosen and o.meaning != "all"
    )
    return chosen if (other is not None and other is not chosen) or named_too else None


def _all_said(n: str) -> re.Match[str] | None:
    """The first word of "all" in a normalized reply, a Korean one of one syllable only as a
    word of its own ("세 개 다", "다 반품"): "들어온다고" ends a verb, says no "all"."""
    for m in lx.ALL.finditer(n):
        word = m.group(0)
        glued = m.start() > 0 and _HANGUL.match(n[m.start() - 1])
        if not (len(word) == 1 and _HANGUL.match(word) and glued):
            return m
    return None


_HANGUL = re.compile(r"[\uac00-\ud7af]")


def _line_of_count(
    expect: Expectation, reply: Reply, lines: Sequence[ExpectedOption]
) -> ExpectedOption | None:
    """The one line a count said with "all" or "both" is all of ("세 개 다 반품" of 2 masks and 3
    lip masks, "les deux lots de verres"): its units are that count, the order's are more;
    "both" so counted must name the line too (of two lines, it is both of them)."""
    said = _quantity_with_item(expect, reply)
    units = [o.units or 0 for o in lines]
    if said is None or not all(units) or sum(units) <= said:
        return None
    hits = [o for o in lines if o.units == said]
    if len(hits) != 1:
        return None
    n = lx.normalize(reply.text)
    if lx.ALL.search(lx.without_idioms(n)) is None or lx.BOTH.search(n) is not None:
        return hits[0] if _fuzzy_option(lines, n) is hits[0] else None
    return hits[0]


def _labelled(options: Sequence[ExpectedOption], klass: lx.WordClass) -> ExpectedOption | None:
    """The one option whose label says what `klass` says ("Yes, continue", "The whole order")."""
    # a return reason is never the yes, the no or the whole order ("ไซซ์ไม่พอดี" holds a "not")
    hits = []
    for o in options:
        label = lx.normalize(o.label)
        m = klass.search(label)
        # the label opens with it ("Yes, continue"), not a word inside ("ขนาดไม่พอดี")
        opens = (
            m is not None and m.start() == 0 and (m.end() == len(label) or label[m.end()] == " ")
        )
        if opens and o.meaning not in lx.REASONS:
            hits.append(o)
    return hits[0] if len(hits) == 1 else None


def _damage_over_defect(hits: dict[str, int]) -> bool:
    """ "arrived cracked, it doesn't work" names both: one of them is the reason."""
    return set(hits) == {"damaged", "defective"}


#: Words of damage that say only "broken": with a word of a defect ("total kaputt, geht nicht
#: an", "壞了，按鈕沒反應") the thing does not work, and the defect is the reason.
_JUST_BROKEN = lx.WordClass("""
broken, broke, kaputt, 坏了, 坏掉, rusak, roto, rota, cassé, cassée, bể, hỏng, se rompió
""")


def _prefer_defect(text: str) -> bool:
    """Whether every damage the reply names is a bare "broken" (then a defect it also names is
    the reason); cracked, dented, crushed in transit stays damage."""
    words = [
        m
        for clause in _PIECES.split(text)
        for n in [lx.normalize(clause)]
        for m in lx.REASONS["damaged"].finditer(n)
        if not _reason_negated(n, m.start(), m.end())
    ]
    return bool(words) and all(_JUST_BROKEN.fullmatch(m.group(0)) for m in words)


def _names_one_option(
    options: Sequence[ExpectedOption], n: str, lines: Sequence[ExpectedOption] = ()
) -> bool:
    """Whether the reply names one line: "alle Tassen" is that line, but "les deux pulls"
    between two pullovers names both."""
    named = [o for o in options if o.meaning != "all" and _overlap(o, n) >= 1.0]
    if len(lines) == 2 and len(named) == 2 and lx.BOTH.search(n):
        return _described_option(options, n) is not None
    if len(lines) > 2 and len(named) == len(lines):
        return False  # "all of it: sheets, pillowcases, blanket": each line named, all of them
    return bool(named) or _described_option(options, n) is not None


def _tokens(text: str) -> set[str]:
    """The content words of a text, accents left out ("huy don" is "hủy đơn"); runs of Han,
    kana and Hangul as their pairs of characters."""
    n = _unaccented(pr.fold(text))
    words = {w for w in _WORD.findall(n) if not _FILLER.fullmatch(w)}
    for run in re.findall(r"[\u3400-\u9fff\u3040-\u30ff\uac00-\ud7af]+", n):
        # some pairs of hiragana are grammar ("ない", "です"), not names of things
        words.update(
            run[i : i + 2] for i in range(len(run) - 1) if run[i : i + 2] not in _KANA_GRAMMAR
        )
        if len(run) == 1:
            words.add(run)
        # a Han character is a word of its own often enough ("杯子" for "马克杯", "褲子" for
        # "寬褲", "浅色" for "浅蓝色"); function words and classifiers are left out
        words.update(c for c in run if _HAN.match(c) and c not in _HAN_FUNCTION)
    return words


_HAN = re.compile(r"[\u3400-\u9fff]")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
_KANA_GRAMMAR = frozenset(
    "ない です ます した まし って ので から けど ても では には ある いる ませ せん でし たい "
    "しい がな いな った".split()
)
_UNITS_SHOWN = re.compile(r"\s×\s?[\d.,\s]+$")
_HAN_FUNCTION = frozenset(
    "的了个件条只双对那这哪一二两三四五六七八九十退换要我你都也和与跟把给吧呢啊吗子全部所有整些分码号嗰嘅咗啲"
)


def _overlap(option: ExpectedOption, n: str) -> float:
    """How many of the reply's content words an option's label and words contain."""
    said = _tokens(n)
    if not said:
        return 0.0
    label = _UNITS_SHOWN.sub("", option.label)  # "Mug × 1": the 1 is no word of the mug's
    named = set().union(*(_tokens(t) for t in (label, *option.words)))
    hits = sum(1 for w in said if w in named or any(_close(w, x) for x in named))
    return float(hits)


def _close(a: str, b: str) -> bool:
    """Same word up to a typo or an inflection ("headphone" ~ "headphones", "camiseta" ~
    "camisetas")."""
    if _UNSPACED.search(a):
        return False
    if min(len(a), len(b)) == 3 and max(len(a), len(b)) == 4 and a.rstrip("s") == b.rstrip("s"):
        return True  # a plural of a short word ("lots" ~ "lot", "mugs" ~ "mug")
    if min(len(a), len(b)) < 4:
        return False
    if a.startswith(b) or b.startswith(a):
        return True  # an ending added ("headphone" ~ "headphones")
    if a.isascii() and b.isascii() and _sounds(a) == _sounds(b):
        return True  # a name typed as it sounds ("bosh" ~ "bosch", "filips" ~ "philips")
    # a typo in a short word is as often another word ("charge" / "change", "khong" / "hong")
    shortest, ratio = min(len(a), len(b)), fuzz.ratio(a, b)
    return (shortest >= 7 and ratio >= FUZZY_MIN) or (shortest >= 5 and ratio >= 88)


_SOUNDS = (
    (re.compile("sch"), "sh"),
    (re.compile("ph"), "f"),
    (re.compile("ck"), "k"),
    (re.compile("c(?=[aou])"), "k"),
    (re.compile(r"(.)\1"), r"\1"),
    (re.compile("y"), "i"),
)


def _sounds(word: str) -> str:
    """A Latin word as it sounds, spellings of one sound made one: "bosch" and "bosh"."""
    for pattern, sound in _SOUNDS:
        word = pattern.sub(sound, word)
    return word


def _fuzzy_option(options: Sequence[ExpectedOption], n: str) -> ExpectedOption | None:
    scored = sorted(
        ((_overlap(o, n), i) for i, o in enumerate(options) if o.meaning != "all"), reverse=True
    )
    if not scored or scored[0][0] <= 0:
        return None
    if len(scored) > 1 and scored[1][0] >= scored[0][0]:
        return None
    return options[scored[0][1]]


def _semantic_option(
    options: Sequence[ExpectedOption], text: str, encoder: Encoder, kind: ExpectKind
) -> ExpectedOption | None:
    """The option whose label or words mean most nearly what the reply says.

    For items (and orders, known by their items) the reply and each of its pieces are
    compared, and the option must lead the next one clearly: product names in another
    language come out near each other ("ثوب" and "Cotton Thobe" 0.82, "Prayer Rug" 0.77), so a
    lead, not a level, tells them apart. Other options need a high level as well."""
    # The label and the first of its words (an item's title): the labels in other languages
    # are there to be typed, and embedding them all would cost more than it tells.
    candidates: list[tuple[int, str]] = [
        (i, phrase)
        for i, option in enumerate(options)
        if option.meaning != "all"
        for phrase in (option.label, *option.words[:1])
        if phrase.strip()
    ]
    if len(candidates) < 2:
        return None
    pieces = [text]
    if kind is ExpectKind.ITEM:
        pieces += [p.strip() for p in _PIECES.split(text) if len(p.strip()) > 1 and p != text]
    vectors = encoder.embed([*pieces, *(p for _, p in candidates)])
    found: tuple[float, int] | None = None
    for row in range(len(pieces)):
        sims = vectors[len(pieces) :] @ vectors[row]
        best: dict[int, float] = {}
        for (i, _), sim in zip(candidates, sims, strict=True):
            best[i] = max(best.get(i, -1.0), float(sim))
        ranked = sorted(best.items(), key=lambda kv: -kv[1])
        if len(ranked) < 2:
            continue
        (top_i, top), lead = ranked[0], ranked[0][1] - ranked[1][1]
        if kind is ExpectKind.ITEM:
            ok = top >= ITEM_MIN and lead >= ITEM_LEAD
        else:
            ok = top >= SEMANTIC_MIN and lead >= SEMANTIC_MARGIN
        if ok and (found is None or lead > found[0]):
            found = (lead, top_i)
    return options[found[1]] if found else None


def similarity(encoder: Encoder, text: str, phrases: Sequence[str]) -> np.ndarray:
    """Similarity of `text` to each phrase (for benchmarks and tuning tools)."""
    vectors = encoder.embed([text, *phrases])
    sims: np.ndarray = vectors[1:] @ vectors[0]
    return sims


def _two_variants(text: str) -> bool:
    """Whether a reply names two colours or two sizes: what was ordered and what came."""
    said = pr.describe(text)
    letters = {m.group(1) for m in pr.LETTER_SIZE.finditer(unicodedata.normalize("NFKC", text))}
    return len(said.colours) >= 2 or len(letters) >= 2


def _product_of(option: ExpectedOption) -> pr.Product:
    """What an option's label and words say of its product (an item's title and SKU, an
    order's summary)."""
    label = _UNITS_SHOWN.sub("", option.label)
    extra = " ".join(w for w in option.words if w and w != label)
    return pr.product(label, extra)


def _described_option(options: Sequence[ExpectedOption], text: str) -> ExpectedOption | None:
    """The one option the reply describes by kind, colour, size or comparison: "السماعة" for
    AirPods, "носки" for socks, "the black pair", "size M", "die größeren Schuhe". Each thing
    said narrows the options that fit; a kind none of them is, says nothing."""
    said = pr.describe(text)
    if not said.says_anything:
        return None
    lines = [o for o in options if o.meaning != "all"]
    if len(lines) == 1 and len(options) > 1 and said.kinds:
        # "deux bols sur les quatre" to an order of bowls: the one line, named by its kind
        return lines[0] if pr.kind_score(said.kinds, _product_of(lines[0])) >= 2.0 else None
    if len(lines) < 2:
        return None
    made = {o.id: _product_of(o) for o in lines}
    fitting = lines
    narrowed = False
    if said.unwanted:  # "the headphones themselves, not the case": the case is out
        kept = [o for o in lines if not said.unwanted & _head_kinds(made[o.id])]
        if kept and len(kept) < len(lines):
            fitting, narrowed = kept, True
    if said.kinds:
        scores = {o.id: pr.kind_score(said.kinds, made[o.id]) for o in fitting}
        top = max(scores.values())
        if top > 0:
            kept = [o for o in fitting if scores[o.id] == top]
            narrowed = narrowed or len(kept) < len(fitting)
            fitting = kept
    if said.for_whom:  # "the one for my daughter": the kids' line, "untuk suami": the men's
        aimed = [o for o in fitting if pr.made_for(o.label) & said.for_whom]
        if aimed and len(aimed) < len(fitting):
            fitting, narrowed = aimed, True
    if said.not_main_unit:  # "本体ではない方": the case or the filter made for it
        parts = [o for o in fitting if pr.is_accessory(_UNITS_SHOWN.sub("", o.label))]
        if parts and len(parts) < len(fitting):
            fitting, narrowed = parts, True
    if said.main_unit:  # "本体のほうです": not the filter nor the stand made for it
        whole = [o for o in fitting if max(made[o.id].kinds.values(), default=0.0) >= 1.0]
        if whole and len(whole) < len(fitting):
            fitting, narrowed = whole, True
    if said.colours:
        coloured = [o for o in fitting if made[o.id].colours & said.colours]
        if not coloured:  # "藍色の" (indigo, read as blue) for a title in "Indigo" (navy)
            near = pr.near_colours(said.colours)
            coloured = [o for o in fitting if made[o.id].colours & near]
        if coloured and len(coloured) < len(fitting):
            fitting, narrowed = coloured, True
    if said.size is not None:
        sized = [o for o in fitting if pr.sizes_match(said, made[o.id])]
        if sized and len(sized) < len(fitting):
            fitting, narrowed = sized, True
    if len(fitting) > 1 and said.longer != said.shorter:  # "the short-sleeved", "長的那條"
        long_word = pr.LONGER if said.longer else pr.SHORTER
        worded = _title_says(fitting, long_word)
        pick = worded or _by_measure(fitting, made, most=said.longer, keys=("capacity",))
        if pick is not None:
            fitting, narrowed = [pick], True
    if len(fitting) > 1 and said.bigger != said.smaller:
        sized = [o for o in fitting if made[o.id].sizes] if not said.kinds else fitting
        if len(sized) < 2 and _one_kind(fitting, made):
            sized = fitting  # "the big one" of two bottles, 500ml and 1L: by their capacity
        extreme = _by_size(sized, made, biggest=said.bigger) if len(sized) >= 2 else None
        # else the one title that says it is the big (or small) one ("Bath Towel Large")
        extreme = extreme or _title_says(fitting, pr.BIGGER if said.bigger else pr.SMALLER)
        if extreme is not None:
            fitting, narrowed = [extreme], True
    if len(fitting) > 1 and said.cheaper != said.dearer:  # "the cheaper one": by its tier
        pick = _by_measure(fitting, made, most=said.dearer, keys=("tier", "capacity"))
        if pick is not None:
            fitting, narrowed = [pick], True
    if len(fitting) > 1:  # what else the reply says of them ("the Levi's", "the 511")
        overlaps = {o.id: _overlap(o, lx.normalize(text)) for o in fitting}
        best = max(overlaps.values())
        if best > 0 and sum(1 for v in overlaps.values() if v == best) == 1:
            fitting, narrowed = [o for o in fitting if overlaps[o.id] == best], True
    return fitting[0] if narrowed and len(fitting) == 1 else None


def _one_kind(options: Sequence[ExpectedOption], made: dict[str, pr.Product]) -> bool:
    """Whether the options are variants of one product (their measures compare): of one kind,
    or titled alike but for the measure ("Glass Jar 1.5L", "Glass Jar 350ml")."""
    heads = [_head_kinds(made[o.id]) for o in options]
    if heads and all(heads) and set.intersection(*heads):
        return True
    bare = {pr.without_capacity(_UNITS_SHOWN.sub("", o.label)) for o in options}
    return len(options) >= 2 and len(bare) == 1


def _head_kinds(made: pr.Product) -> set[str]:
    """The kinds a title is of (not what comes with it): "Kopfhörer-Etui" is a case."""
    return {k for k, weight in made.kinds.items() if weight >= 1.0}


def _title_says(options: Sequence[ExpectedOption], klass: lx.WordClass) -> ExpectedOption | None:
    """The one option whose title (its label, without the units shown) has a word of `klass`."""
    hits = [o for o in options if klass.search(pr.fold(_UNITS_SHOWN.sub("", o.label)))]
    return hits[0] if len(hits) == 1 else None


def _by_measure(
    options: Sequence[ExpectedOption],
    made: dict[str, pr.Product],
    *,
    most: bool,
    keys: tuple[str, ...],
) -> ExpectedOption | None:
    """The one option with the most (or least) of the first measure all of them have: the
    capacity ("350ml" < "500ml"), the tier ("Basic" < "Premium")."""
    for key in keys:
        known = [(o, getattr(made[o.id], key)) for o in options]
        known = [(o, v) for o, v in known if v is not None]
        values = [v for _, v in known]
        if len(known) < 2 or len(set(values)) < 2:
            continue
        pick = max(values) if most else min(values)
        hits = [o for o, v in known if v == pick]
        return hits[0] if len(hits) == 1 else None
    return None


def _by_size(
    options: Sequence[ExpectedOption], made: dict[str, pr.Product], *, biggest: bool
) -> ExpectedOption | None:
    """The biggest (or smallest) of variants: compared at the first size their titles write
    differently ("W32 L32" < "W34 L32", "S" < "M", "EU 39" < "EU 40")."""
    sizes = [made[o.id].sizes for o in options]
    if not all(sizes) or len({len(s) for s in sizes}) != 1:
        return _by_measure(options, made, most=biggest, keys=("capacity", "tier"))
    for position in range(len(sizes[0])):
        values = [s[position] for s in sizes]
        if len(set(values)) > 1:
            pick = max(values) if biggest else min(values)
            hits = [o for o, v in zip(options, values, strict=True) if v == pick]
            return hits[0] if len(hits) == 1 else None
    return None


def _unaccented(n: str) -> str:
    """Latin letters without their accents (many type Vietnamese, Spanish, French without)."""
    if n.isascii():
        return n
    kept: list[str] = []
    base = ""
    for c in unicodedata.normalize("NFD", n.replace("đ", "d")):
        if unicodedata.combining(c):
            if not ("a" <= base <= "z"):
                kept.append(c)  # a mark of another script (kana, Cyrillic, Thai) stays
            continue
        base = c
        kept.append(c)
    return unicodedata.normalize("NFC", "".join(kept))


#: What a yes-word may be said of and still be a yes to the question: the question itself
#: ("that's perfect", "c'est parfait", "das wäre super", "así está perfecto", "这样很好",
#: "それで大丈夫", "그렇게 좋아요", "كذا تمام"), everything, or nothing much ("really", "very").
_ABOUT_IT = lx.WordClass("""
that, this, it, that's, thats, it's, its, is, was, would, be, will, would be, will be, sounds,
looks, seems, all, everything, all of it, so, then, really, very, just, totally, all good, ok so,
eso, esto, así, asi, está, esta, es, sería, seria, será, me parece, parece, todo, entonces, pues,
muy, lo, la, queda,
isso, isto, assim, tá, ta, é, seria, fica, ficaria, tudo, então, entao, pode ser, muito, bem,
c'est, ce, ça, ca, cela, ceci, est, sera, serait, tout, alors, comme ça, très, tres, vraiment,
das, dies, es, ist, wäre, waere, wär, klingt, alles, so, dann, sehr, echt, wirklich, hört sich,
это, так, всё, все, будет, звучит, тогда, ну, очень, вот,
这样, 這樣, 这个, 這個, 那, 那就, 就, 都, 很, 也, 那样, 那樣, 这, 這, 那个, 那個, 还, 還, 挺, 真,
非常, 就这样, 就這樣, 全部,
それ, これ, それで, これで, では, じゃあ, で, は, も, 全部, とても,
그거, 이거, 그럼, 그렇게, 다, 그게, 이게, 그래서, 아주, 정말, 너무,
هذا, هذي, هيك, كذا, كله, يعني, كدا, ذا, خلاص, جدا, مرة, والله,
itu, ini, begitu, gitu, gini, semua, sudah, udah, deh, aja, saja, sangat, banget,
vậy, thế, như vậy, như thế, cái đó, đó, này, là, thì, rồi, tất cả, rất, quá,
แบบนั้น, แบบนี้, อันนี้, อันนั้น, นั้น, นี้, ก็, ทั้งหมด, มาก,
amount, the amount, refund, the refund, price, sum, figure, total, importe, monto, cantidad,
reembolso, valor, montant, remboursement, prix, somme, betrag, erstattung, preis, summe,
сумма, возврат денег, цена, 金额, 金額, 退款, 价格, 價格, 钱, 錢, 返金, 금액, 환불, المبلغ,
الاسترداد, jumlah, nominal, số tiền, hoàn tiền, จำนวนเงิน, เงินคืน
""")


def praises_another_thing(text: str, asked: str) -> bool:
    """Whether the yes-words of a reply are said of something the question did not name:
    "by e-mail would be perfect, thanks", "par mail c'est parfait", "por correo está
    perfecto". Praise of another thing (a way to be sent something, a day, a colour) answers
    another question than the one asked, so it is no assent to it; "perfect, thanks", "that's
    fine", "la devolución está perfecta" (the question's own matter) stay yeses."""
    about = lx.normalize(asked)
    praised = False
    for clause in _CLAUSES.split(text):  # a space parts clauses of Thai, Chinese, Japanese
        n = lx.normalize(clause)
        yes = lx.YES.search(n)
        if yes is None:
            continue
        before = lx.without_intensifiers(n[: yes.start()])
        before = lx.POLITENESS.pattern.sub(" ", before)
        before = " ".join(_ABOUT_IT.pattern.sub(" ", before).split())
        if not before:
            return False  # "yes", "c'est parfait": said of the question
        words = [before] if _UNSPACED.search(before) else [w for w in before.split() if len(w) > 2]
        if not words:
            return False  # "so ok", "c'est bon": a word or two of no matter
        if any(_named_in(w, about) for w in words):
            return False  # "the new address is fine", "住所はそれで大丈夫": the question's matter
        if any(klass.search(before) for klass in (*lx.ACTION_VERBS.values(), lx.CARRY_OUT)):
            return False  # "returning it is fine": the action asked
        praised = True
    return praised


def _named_in(word: str, about: str) -> bool:
    """Whether a word of a reply (a run of an unspaced script) is named in the question."""
    if _UNSPACED.search(word):
        return any(word[i : i + 2] in about for i in range(len(word) - 1))
    return word in about.split() or any(_close(word, w) for w in about.split())
