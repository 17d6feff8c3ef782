"""Which order lines (and how many units) a customer means: "退其中两件", "2 of the mugs"."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from core.order import Item, Order
from core.understanding import Entities, products
from core.understanding.expect import Answer, Expectation, ExpectedOption, ExpectKind
from core.understanding.frame import actions_named, reason_in, takes_off
from core.understanding.lexicon import WordClass, to_simplified

if TYPE_CHECKING:
    from core.dialogue.context import Context

MEANT = ("fuzzy", "semantic", "label", "described")
"""Ways of reading a message that name an item (not a number or an ordinal said in passing)."""
_LATIN_WORD = re.compile(r"[^\W\d_][\w-]{2,}", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]+")
_THAI = re.compile(r"[\u0e00-\u0e7f]+")


def _score(words: list[str], haystack: str) -> int:
    return sum(1 for w in words if w and _word_in(w.lower(), haystack))


def _word_in(word: str, haystack: str) -> bool:
    """Whether an item word is in a title: a run of CJK or Thai anywhere in it; a word of
    letters only where a title word begins with it, or ends with it when it is long enough to
    be the head of a compound ("Flasche" of "Trinkflasche"): "aja" is not in "sajadah"."""
    if not _LATIN_WORD.fullmatch(word):
        return word in haystack
    return any(
        t.startswith(word)
        or (len(t) >= 3 and word.startswith(t))
        or (len(word) >= 5 and t.endswith(word))
        for t in _LATIN_WORD.findall(haystack)
    )


_HEAD = 5
"""Letters at least of a word taken for the head of a compound title word."""


def title_score(title: str, text: str, *, across: bool = True) -> float:
    """How much of an item's title the message repeats: words (or the head of a compound
    title word: "Rucksack" of "Wanderrucksack"), or CJK character pairs, Traditional and
    Simplified Chinese alike ("耳機" of "无线耳机"). A title the message repeats nothing of
    but names across scripts — the product's kind in another language or script
    ("ヘッドホン", "наушники" of "Wireless Headphones"), a Latin brand in Cyrillic ("сони" of
    "Sony") — scores `ACROSS_SCRIPTS`, below any word repeated; with `across` false, 0."""
    title, text = to_simplified(title), to_simplified(text.lower())
    score = _literal_score(title, text)
    if score == 0 and across and (_same_kind(title, text) or _transliterated(title, text)):
        return ACROSS_SCRIPTS
    return score


ACROSS_SCRIPTS = 0.5
"""The score of a title named only across scripts: less than one word of it repeated."""


def _literal_score(title: str, text: str) -> int:
    heads = [w for w in _LATIN_WORD.findall(text) if len(w) >= _HEAD]
    score = sum(
        1
        for w in _LATIN_WORD.findall(title.lower())
        if not _THAI.search(w) and (w in text or any(w.endswith(h) for h in heads))
    )
    for run in _CJK.findall(title):
        score += sum(1 for i in range(len(run) - 1) if run[i : i + 2] in text)
    for run in _THAI.findall(title):  # letters and vowel marks: three make a syllable or so
        score += sum(1 for i in range(len(run) - 2) if run[i : i + 3] in text)
    return score


def _same_kind(title: str, text: str) -> bool:
    """Whether the message names the kind of product the title is ("ヘッドホン", "耳机",
    "audífonos" for "Wireless Headphones"), in any language (`products.KINDS`)."""
    said = _kinds_said(text)
    return bool(said) and any(
        w >= 1.0 and k in said for k, w in products.product(title).kinds.items()
    )


@lru_cache(maxsize=1024)
def _kinds_said(text: str) -> frozenset[str]:
    return frozenset(products.kinds_in(text))


_CYRILLIC_WORD = re.compile(r"[а-яё]{3,}")
_TO_LATIN = str.maketrans(
    {
        letter: "" if latin == "-" else latin
        for letter, latin in zip(
            "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
            "a b v g d e e zh z i y k l m n o p r s t u f h ts ch sh sch - y - e yu ya".split(),
            strict=True,
        )
    }
)
#: How alike a Cyrillic word written in Latin letters and a title word must be ("soni" and
#: "sony", "samsung" and "samsung"; "ksiaomi" and "xiaomi").
_TRANSLIT_LIKE = 0.75


def _transliterated(title: str, text: str) -> bool:
    """Whether a Cyrillic word of the message is a Latin word of the title spelt in Cyrillic
    ("сони" for "Sony", "самсунг" for "Samsung"): a brand or name, as Russians type them."""
    words = [w.translate(_TO_LATIN) for w in _CYRILLIC_WORD.findall(text)]
    if not words:
        return False
    latin = [w for w in _LATIN_WORD.findall(title.lower()) if w.isascii() and len(w) >= 4]
    return any(SequenceMatcher(None, w, t).ratio() >= _TRANSLIT_LIKE for w in words for t in latin)


#: Where a message's pieces part: the punctuation of every script (Arabic "،" "؛" "؟" too).
_PIECE_BREAKS = re.compile(
    r"[,，、;；.!?。！？\n،؛؟]+|\s[-–—]\s|(?<=[\u0e00-\u0e7f])\s+(?=[\u0e00-\u0e7f])"
)
"""Thai has no punctuation between sentences: a space between Thai words ends one."""
_NUMBER_TOKEN = re.compile(r"[#A-Za-z0-9/-]*[0-9][A-Za-z0-9/-]*")


def _pieces(text: str) -> list[str]:
    return [p.strip() for p in _PIECE_BREAKS.split(text) if p.strip()]


#: Where one piece joins a second thought ("cancel the coffee and the coffee maker, send it").
_JOINS = re.compile(
    r"\s(?:and|but|y|pero|und|aber|et|mais|e|mas|и|а|но|và|nhưng|dan|tapi|และ|แต่)\s"
    r"|但是|但|可是|不过|不過|还有|和|同埋|以及|하지만|근데|けど|が、|لكن|(?<!\S)و(?=\S)"
    r"|(?<=[\u3040-\u30ff\u3400-\u9fff])\s+(?=[\u3040-\u30ff\u3400-\u9fff])",
    re.IGNORECASE,
)


def _keeps(piece: str) -> bool:
    """A piece that keeps what it names and asks for no action ("die Teelichter behalte ich",
    "la cafetera sí mándenla", "杯子我留着"): its items are not the ones to act on."""
    from core.understanding.frame import keeps_it

    wanted = keeps_it(piece) or _WANTED_TOO.search(piece) is not None
    return wanted and not actions_named(piece)


def _fine(piece: str) -> bool:
    """ "The tea lights are fine", "另一个没问题": told to be in order, not denied so."""
    from core.understanding import lexicon

    n = lexicon.normalize(piece)
    return any(not lexicon.negated(n, m.start(), m.end()) for m in lexicon.ITEM_FINE.finditer(n))


#: A Chinese thought that ends wanting what it names ("净化器和另一个滤网都要", "杯子也要"): a
#: keep, for the scope of the items only (to "取消整个订单吗？" a bare "都要" is no refusal).
_WANTED_TOO = re.compile(r"[都也还還](?:还|還)?要(?:的|了)?\s*$")


def _thoughts(text: str) -> list[str]:
    """The message's pieces, each cut again where a second thought joins it."""
    return [t.strip() for p in _pieces(text) for t in _JOINS.split(p) if t.strip()]


def _kept(text: str) -> list[str]:
    """The thoughts that keep what they name; a thought joined to a kept one with no request
    of its own is kept with it, before or after ("keeping the other two and the jacket",
    "净化器和另一个滤网照常发")."""
    kept: list[str] = []
    for piece in _pieces(text):
        thoughts = [t.strip() for t in _JOINS.split(piece) if t.strip()]
        keeps = [_keeps(t) for t in thoughts]
        for order in (range(len(thoughts)), range(len(thoughts) - 1, -1, -1)):
            keeping = False
            for i in order:
                keeping = keeps[i] or (keeping and not actions_named(thoughts[i]))
                keeps[i] = keeping
        # told to be fine: kept, that thought alone ("另一个没问题 就退那一个漏水的")
        fine = [_fine(t) and not actions_named(t) for t in thoughts]
        kept.extend(t for t, k, f in zip(thoughts, keeps, fine, strict=True) if k or f)
    return kept


def without_kept(text: str) -> str:
    """The message without the thoughts that keep what they name, so the items the customer
    keeps ("…, die Teelichter behalte ich") are never taken for the ones to return or cancel."""
    thoughts = _thoughts(text)
    kept = _kept(text)
    if not kept or len(kept) == len(thoughts):
        return text
    return " \n".join(t for t in thoughts if t not in kept)


def line_named_in(order: Order, text: str, available: dict[str, int]) -> str | None:
    """The one line whose title the message names best, if exactly one does. The piece of the
    message that asks for the action is its scope: "cancel only the coffee, I still want the
    coffee maker" names the coffee, not both; what the customer keeps is never the scope."""
    kept = _kept(text)
    if kept:  # a line the customer keeps is no candidate, if another one is left
        others = {k: v for k, v in available.items() if not _named_in(order, k, kept)}
        available = others or available
    text = without_kept(text)
    described = _describing_the_order(text) if takes_off(text) else []
    if described:  # "take the mug off the order with the lamp": the lamp names the order
        others = {k: v for k, v in available.items() if not _named_in(order, k, described)}
        available = others or available
    acting = [p for p in _thoughts(text) if actions_named(p) or takes_off(p)]
    if acting and len(acting) < len(_thoughts(text)):
        scoped = _best_line(order, " ".join(acting), available)
        if scoped is not None:
            return scoped
    return _best_line(order, text, available)


def _named_in(order: Order, line_id: str, pieces: list[str]) -> bool:
    item = order.item(line_id)
    return item is not None and any(title_score(item.title, p) > 0 for p in pieces)


def item_mentions(text: str) -> str:
    """The parts of a message that may name an item, one a line: each piece without its order
    numbers, order words and the verb of the request ("أريد إرجاع ثوب واحد من الطلب ME2031" ->
    "أريد" and "ثوب واحد من"), so that the words of the request do not drown the item's name
    when the message is compared with the item titles by meaning."""
    from core.understanding import lexicon
    from core.understanding.order_numbers import ORDER_WORD

    found: list[str] = []
    for piece in _pieces(without_kept(text)):
        piece = ORDER_WORD.sub(" ", _NUMBER_TOKEN.sub(" ", piece))
        n = lexicon.normalize(piece)
        cut = 0
        for verbs in lexicon.ACTION_VERBS.values():
            for hit in verbs.finditer(n):
                found.append(n[cut : hit.start()])
                cut = hit.end()
        found.append(n[cut:])
    return "\n".join(dict.fromkeys(f.strip() for f in found if _says_something(f)))


def _says_something(piece: str) -> bool:
    """Whether a piece has a word that could name an item, not only the request's filler."""
    from core.understanding import lexicon

    rest = _names_no_item().pattern.sub(" ", piece)
    rest = lexicon.POLITENESS.pattern.sub(" ", rest)
    return bool(_A_WORD.search(rest))


_A_WORD = re.compile(r"[^\W\d_]{2,}|[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


@cache
def _names_no_item() -> WordClass:
    """Words that name no item: "an item", "something", "i want to", "one of", "商品", "منتج"
    (a closed class: pronouns, articles, wanting, the generic nouns for a thing bought)."""
    return WordClass(_GENERIC)


_GENERIC = """
i, i'd, i'm, me, my, we, want, wanna, would, like, need, to, the, a, an, one, ones, of, from, in,
on, for, it, this, that, these, those, them, some, please, item, items, product, products, thing,
things, article, something, stuff, piece,
我, 我想, 我要, 想, 要, 的, 个, 件, 一件, 一个, 这个, 那个,
商品, 东西, 产品, 宝贝, 里, 里面, 中, 其中,
أريد, اريد, أود, من, في, منتج, المنتج, شيء, هذا, هذه, واحد,
хочу, хотел, хотела, бы, из, в, товар, вещь, что-то, один, одну, одна, это, мой, мою,
quiero, quisiera, me, gustaría, de, del, un, una, uno, el, la, los, las, artículo, producto,
algo, mi,
je, veux, voudrais, aimerais, un, une, le, la, les, du, des, de, article, produit,
quelque chose, mon, ma,
ich, möchte, will, würde, gern, gerne, einen, eine, ein, den, die, das, aus, von, artikel,
produkt, etwas, sache, meine, meinen,
eu, quero, queria, gostaria, um, uma, o, os, da, do, produto, coisa, meu, minha,
tôi, mình, muốn, cần, một, cái, của, trong, sản phẩm, món, đồ, này,
saya, aku, mau, ingin, mohon, satu, dari, di, barang, produk, ini, itu,
ฉัน, ผม, อยาก, ต้องการ, จะ, ชิ้น, สินค้า, ของ, จาก, ใน, อัน,
私, 私は, したい, 欲しい, 商品, もの, 品物, 一つ, ひとつ, の, を, から,
저, 제가, 나, 싶어요, 하고, 원해요, 제품, 상품, 물건, 하나, 에서, 이거
"""


def _best_line(order: Order, text: str, available: dict[str, int]) -> str | None:
    scored = sorted(
        ((title_score(i.title, text), i.line_id) for i in order.items if available.get(i.line_id)),
        reverse=True,
    )
    if scored and scored[0][0] > 0 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
        return scored[0][1]
    return None


_ONE = re.compile(
    r"\b(?:a|an|one|un|una|uno|une|ein|eine|einen|um|uma|один|одну|одна|satu|sebuah|một)\b"
    r"|一个|一件|一只|一双|一條|一条|一個|一隻|ひとつ|一つ|1つ|1個|하나|한 개|한개"
    r"|واحد|واحدة|ชิ้นเดียว|หนึ่ง|(?:ผืน|ชิ้น|อัน|ตัว|ใบ|คู่|ขวด|กล่อง|เครื่อง)(?:นึง|เดียว)",
    re.IGNORECASE,
)


def _one_or_all(text: str) -> int | None:
    """ "a t-shirt" is one; a bare "保温杯" says nothing about how many (None)."""
    return 1 if _ONE.search(text) else None


def lines_mentioned(
    order: Order, entities: Entities, available: dict[str, int], text: str = ""
) -> dict[str, int]:
    """line_id -> units the message names, limited to lines with units left; {} if unclear.

    A quantity without an item is taken for the only line there is; "the mugs" with no number
    means every unit left of that line; a line named by its title with no number and several
    units left maps to 0: which line is known, how many is still to be asked.
    """
    chosen: dict[str, int] = {}
    open_lines = [i for i in order.items if available.get(i.line_id, 0) > 0]
    uncounted: list[str] = []
    kept = _kept(text)
    for ref in entities.items:
        if any(ref.text and ref.text in t for t in kept):
            continue  # "…, die Teelichter behalte ich": kept, not meant
        words = [w for w in ref.words if len(w) > 1 or _CJK.fullmatch(w)]
        scored = [(_score(words, f"{i.title} {i.sku}".lower()), i) for i in open_lines]
        best = max(scored, key=lambda s: s[0], default=(0, None))
        if best[1] is not None and best[0] > 0:
            item = best[1]
            chosen[item.line_id] = min(
                ref.quantity or available[item.line_id], available[item.line_id]
            )
            if ref.quantity is None:
                uncounted.append(item.line_id)
    if len(chosen) == 1 and uncounted and len(set(entities.quantities)) == 1:
        # "保温杯那个，退一个就行": the one number of the message counts the one item it names
        chosen[uncounted[0]] = max(1, min(entities.quantities[0], available[uncounted[0]]))
    acting = acting_quantity(text, entities.quantities)
    if len(chosen) == 1 and acting is not None:
        # "I got two sets, one too many: return one set": the count of the request, not the story
        [line_id] = chosen
        chosen[line_id] = max(1, min(acting, available[line_id]))
    if not chosen and text:
        named = line_named_in(order, text, available)
        if named:
            # a count said only of what is kept ("the other two I keep") counts nothing asked
            kept_counts = {r.quantity for r in entities.items if any(r.text in t for t in kept)}
            counts = [q for q in entities.quantities if q not in kept_counts]
            wanted = acting or counts[0] if counts else _one_or_all(without_kept(text))
            if wanted is None and available[named] > 1:
                keeps = _units_kept(entities, kept, named, open_lines)
                if keeps and keeps < available[named]:  # "…, the other two I keep"
                    return {named: available[named] - keeps}
                return {named: 0}  # named, but how many is still to be asked
            chosen[named] = max(1, min(wanted or 1, available[named]))
    if not chosen and len(open_lines) == 1 and (entities.quantities or entities.items):
        only = open_lines[0]
        wanted = (
            acting or entities.quantities[0] if entities.quantities else available[only.line_id]
        )
        chosen[only.line_id] = max(1, min(wanted, available[only.line_id]))
    if chosen and text:
        chosen |= _single_lines_named_beside(order, text, kept, chosen, available)
        chosen = {i.line_id: chosen[i.line_id] for i in order.items if i.line_id in chosen}
    if len(chosen) == 1 and acting is None:
        [line_id] = chosen
        keeps = _units_kept(entities, kept, line_id, open_lines)
        if keeps and chosen[line_id] in (0, available[line_id]) and keeps < available[line_id]:
            # "three tees, one has a torn seam: return that one, I keep the other two"
            chosen[line_id] = available[line_id] - keeps
    return chosen


def _single_lines_named_beside(
    order: Order, text: str, kept: list[str], chosen: dict[str, int], available: dict[str, int]
) -> dict[str, int]:
    """Lines of one unit the request names by their title beside a line it counts ("退個喇叭同埋
    一條線", "return the speaker and one of the cables"): one request for both, each line's
    one unit. Not a line the customer keeps."""
    acting = [p for p in _pieces(without_kept(text)) if actions_named(p)]
    # each named in a thought of its own, joined by "and": "the cardigan's socks" is no second
    # line ("가디건이랑 같이 온 양말": the socks that came with the cardigan)
    thoughts = [t for p in acting for t in _JOINS.split(p) if t.strip()]
    if len(thoughts) < 2:
        return {}
    counted = [order.item(line_id) for line_id in chosen]

    def named_alone(title: str, thought: str) -> bool:
        score = title_score(title, thought, across=False)
        return score > 0 and all(
            c is None or title_score(c.title, thought, across=False) < score for c in counted
        )

    return {
        item.line_id: 1
        for item in order.items
        if item.line_id not in chosen
        and available.get(item.line_id, 0) == 1
        and any(named_alone(item.title, t) for t in thoughts)
        and not _named_in(order, item.line_id, kept)
    }


def _units_kept(
    entities: Entities, kept: list[str], line_id: str, open_lines: list[Item]
) -> int | None:
    """The units of `line_id` a thought that keeps says it keeps ("I keep the other two", "2
    cái kia em giữ"): a count in it that names no other line of the order."""
    for ref in entities.items:
        if not ref.quantity or not any(ref.text and ref.text in t for t in kept):
            continue
        words = [w for w in ref.words if len(w) > 1]
        scored = [(_score(words, f"{i.title} {i.sku}".lower()), i.line_id) for i in open_lines]
        best = max(scored, default=(0, line_id))
        if best[0] == 0 or best[1] == line_id:
            return ref.quantity
    return None


def acting_quantity(text: str, said: list[int]) -> int | None:
    """Of a message's different counts, the one said in the clause that asks for the action:
    "买了两个滤网，取消一个就行", "セット2つ頼んだけど、1セットだけ返品したい", "I bought 3,
    return 2 of them"; "einen Filter stornieren" beside "2 Filter bestellt" is one. None when
    the counts do not differ or no asking clause says one."""
    if not said or not text:
        return None
    from core.understanding.numbers import find_quantities

    for thought in reversed(_thoughts(without_kept(text))):
        if not actions_named(thought):
            continue
        counts = [q.value for q in find_quantities(thought) if q.value in said]
        if counts:
            return counts[-1] if len(set(said)) > 1 else None
        if 1 not in said and _one_or_all(thought) == 1:
            return 1
    return None


_ORDER_DESCRIPTOR = re.compile(
    r"\b(?:order|purchase|pedido|compra|commande|bestellung|заказ\w*|pesanan|đơn(?: hàng)?|"
    r"encomenda)\s+(?:with|containing|that has|that had|for the|con|de la|del|com|avec|mit|"
    r"с|со|dengan|yang|có|chứa)\b"
    r"|(?<![我你您他她这那這們们下买買拍订訂])(?:的|那个|那個|那笔|那筆)(?:订单|訂單|单子|單子|单|單)"
    r"|(?:那|这|這)(?:单|單)|(?:が入った|の)注文|(?:이|가)? ?들어있는 주문|"
    r"ออเดอร์ที่มี|คำสั่งซื้อที่มี|الطلب الذي (?:فيه|يحتوي)",
    re.IGNORECASE,
)


_DESCRIBED_SPAN = 24
"""Characters at most of the items that describe an order, beside its descriptor."""


def _describing_the_order(text: str) -> list[str]:
    """The words that name the order by its items ("the order with the lamp", "del pedido de la
    lámpara": after the descriptor; "台灯的订单", "ランプの注文": before it)."""
    spans = []
    for m in _ORDER_DESCRIPTOR.finditer(text):
        said = m.group(0).lstrip()
        if said[:1].isalpha() and not (_CJK.match(said) or _THAI.match(said)):
            after = _pieces(text[m.end() :])
            spans.append(after[0][:_DESCRIBED_SPAN] if after else "")
        else:  # unspaced scripts name the items first: "台灯的订单", "ランプの注文"
            spans.append(text[max(0, m.start() - _DESCRIBED_SPAN // 3) : m.start()])
    return [s for s in spans if s.strip()]


def describes_order(text: str) -> bool:
    """ "Cancel the order with the mugs": the items name the order, they are not the scope;
    unless the customer keeps something of it ("del pedido de la cafetera cancela nada más el
    café, la cafetera sí la quiero", "那键盘帮我取消掉，鼠标垫还要的")."""
    return _ORDER_DESCRIPTOR.search(text) is not None and without_kept(text) == text


def everything_meant(order: Order, text: str, available: dict[str, int]) -> bool:
    """ "Return everything", "ขอคืนทั้งหมด", "全部退掉", "je renvoie tout": an "all" in the piece
    that asks for the action, with no item word next to it ("all the mugs" is every mug; "it
    frays all along one side" asks nothing), means every line with units left, when the message
    names no line or more than one and keeps nothing."""
    if len(available) < 2 or without_kept(text) != text:
        return False
    lines = [i for i in order.items if available.get(i.line_id)]
    asking = [p for p in _pieces(text) if actions_named(p)]
    if not any(_all_of_no_item(p, lines) for p in asking):
        return False
    named = [i for i in lines if title_score(i.title, text, across=False) > 0]
    return len(named) != 1


def _all_of_no_item(piece: str, lines: list[Item]) -> bool:
    from core.understanding import lexicon
    from core.understanding.numbers import find_all

    n = lexicon.without_idioms(lexicon.normalize(piece))
    # the words of "all" of every language, but not the short ones that are also a syllable of
    # another word ("다" of "생각보다") or mean "each" ("كل")
    every = find_all(n) or next(
        (m for m in lexicon.ALL.finditer(n) if len(m.group(0)) >= _ALL_WORD), None
    )
    if every is None:
        return False
    near = n[max(0, every.start() - _ALL_REACH) : every.end() + _ALL_REACH]
    return not any(title_score(i.title, near, across=False) > 0 for i in lines)


_ALL_REACH = 12
"""Characters either side of "all" where an item word makes it all of that item."""
_ALL_WORD = 4
"""The shortest word of "all" taken beside those `find_all` knows ("todo", "alles", "semua")."""

_WHOLE_GAP = 5
"""Characters at most between "whole" and the order word ("todo el pedido", "整个订单")."""


def whole_order_said(text: str) -> bool:
    """ "Cancel the whole order", "cancelar todo el pedido", "取消整个订单", "весь заказ", "mi
    pedido MX3101 completo" (its number between): the whole order, whatever item the message
    also names ("me equivoqué de cafetera"); "from order 1043, all of them" is all of an item."""
    from core.understanding import lexicon
    from core.understanding.order_numbers import ORDER_WORD

    if lexicon.WHOLE_ORDER.search(lexicon.normalize(text)) and without_kept(text) == text:
        return True  # "整单都取消", "cancel the whole thing"
    for piece in _pieces(_NUMBER_ABBREVIATION.sub(r"\1 ", text)):
        n = lexicon.normalize(piece)
        orders = [(m.start(), _after_its_number(n, m.end())) for m in ORDER_WORD.finditer(n)]
        if any(
            hit.start() <= o_end + _WHOLE_GAP and start <= hit.end() + _WHOLE_GAP
            for hit in lexicon.ALL.finditer(n)
            for start, o_end in orders
        ):
            return True
    return False


_NUMBER_ABBREVIATION = re.compile(r"\b(no|nr|núm|num|n°)\.\s*(?=[#\w]*\d)", re.IGNORECASE)
"""The point of "Nr. 4711", "No. 1043": no end of a sentence."""
_ITS_NUMBER = re.compile(r"\s*(?:no\.?|nr\.?|n[°º]|#)?\s*[a-z]{0,4}-?\d[\w/-]*", re.IGNORECASE)


def _after_its_number(n: str, end: int) -> int:
    """Where an order word ends with the number said after it ("mi pedido MX3101 completo")."""
    said = _ITS_NUMBER.match(n, end)
    return said.end() if said else end


async def lines_by_meaning(
    ctx: Context, options: list[ExpectedOption], available: dict[str, int]
) -> dict[str, int]:
    """The line a message names in words of its own ("un filtro" for 净化器替换滤网), read like
    an answer to "which item?" with `options` (ids `prefix:line_id`); its quantity 0 when it
    is still to be asked (several units, none said)."""
    expect = Expectation(kind=ExpectKind.ITEM, options=options)
    text = without_kept(ctx.understanding.text)  # never the items kept
    answer = await ctx.read(expect, item_mentions(text))
    if answer is None or not answer.payload or answer.method not in MEANT:
        answer = await _item_at_fault(ctx, expect, text)
    if answer is None or not answer.payload or answer.method not in MEANT:
        return {}
    line_id = answer.payload.partition(":")[2]
    if line_id not in available:
        return {}
    said = answer.quantity or _one_or_all(ctx.understanding.text)
    units = said or (1 if available[line_id] == 1 else 0)
    return {line_id: min(units, available[line_id])}


async def _item_at_fault(ctx: Context, expect: Expectation, text: str) -> Answer | None:
    """A story of several things ("the carafe arrived with a crack, the box was dented, what
    can I do?") names the item by the piece that tells its fault: read that piece alone, when
    the pieces that tell a fault all name the same item."""

    telling = [p for p in _pieces(text) if reason_in(p) is not None]
    found: list[Answer] = []
    for piece in telling[:3]:
        answer = await ctx.read(expect, piece)
        if answer is not None and answer.payload and answer.method in MEANT:
            found.append(answer)
    if not found or len({a.payload for a in found}) > 1:
        return None
    return found[0]
