"""Quantities said relative to what was ordered: "all but one", "keep one, return the rest",
"half", "a third", "a couple", "half a dozen". Asked how many of a line to act on, customers
often say the count by what they keep or by a share of what came; the count is worked out from
the units ordered, and a count that comes out above them is no answer."""

from __future__ import annotations

import re

from core.understanding import lexicon as lx
from core.understanding.numbers import find_quantities, word_value

#: Every unit save some: "all but", "except", "menos", "bis auf", "кроме", "빼고", "以外".
EXCEPT = lx.WordClass(
    bare=True,
    entries="""
all but, everything but, all except, except, except for, apart from, other than, minus, but one,
but the one, save one, todos menos, todas menos, menos, excepto, salvo, todas excepto,
todos excepto, tudo menos, todos menos, todas menos, exceto, fora, tirando, sauf, à part,
hormis, excepté, bis auf, außer, ausser, alle außer, кроме, за исключением, kecuali, selain,
trừ, ngoại trừ, ยกเว้น, เว้น, นอกจาก, ماعدا, ما عدا, الا, إلا, غير, عدا,
除了, 以外, 以外は, 以外全部, 除いて, を除いて, 빼고, 말고, 제외하고, 제외
""",
)
#: Units kept (the rest acted on): "keep one", "留一个", "한 개는 남기고", "me quedo con una".
KEEP = lx.WordClass(
    bare=True,
    entries="""
keep, keeping, i'll keep, me quedo, quedarme, me quedo con, me lo quedo, me la quedo,
me los quedo, me las quedo, je le garde, je la garde, fico com ele, fico com ela, guardo,
fico com, vou ficar com, j'en garde, je les garde, j'en conserve, je les conserve, on en garde,
guardar, je garde, garder, je conserve, behalte, behalten, behalt, behalt ich, behalte ich,
behalten wir, ich behalt, оставлю, оставить, оставляю, оставим,
simpan, disimpan, aku simpan, saya simpan, giữ lại, giữ, เก็บไว้, เก็บ,
احتفظ, هحتفظ, 留, 留下, 留着, 保留, 自己留, 残す, 残して, 取っておく, 手元に, 남기고, 남길게요,
남겨, 둘게요, 두고
""",
)
#: Units used or opened already (the rest is what can go back): "一個は使った", "I opened one".
USED = lx.WordClass(
    bare=True,
    entries="""
used, opened, already used, already opened, ate, eaten, usé, usado, usada, abrí, abierto,
abierta, usei, abri, aberto, aberta, utilisé, utilisée, ouvert, ouverte, benutzt, geöffnet,
aufgemacht, использовал*, открыл*, распаковал*, pakai, dipakai, terpakai, buka, dibuka,
dùng, đã dùng, mở, đã mở, ใช้ไป, ใช้แล้ว, เปิดแล้ว, แกะแล้ว, استخدمت, استعملت, فتحت,
用了, 用掉, 用过, 拆了, 开了, 吃了, 使った, 使っちゃった, 使ってしまった, 開けた, 開けちゃった,
開封した, 썼어요, 써서, 썼고, 뜯었어요, 뜯어서, 개봉
""",
)
#: The remaining units: "the rest", "the others", "其他", "残り", "나머지".
REST = lx.WordClass(
    bare=True,
    entries="""
the rest, the others, the remaining, rest of them, el resto, los demás, las demás, lo demás,
los otros, las otras, o resto, os outros, as outras, le reste, les autres, den rest, der rest,
die anderen, die restlichen, остальные, остальное, sisanya, sisa, yang lain, còn lại, phần còn
lại, ที่เหลือ, الباقي, الباقيين, 其他, 其他的, 其余, 剩下, 剩下的, 其它, 残り, 残りは,
ほか, 他の, 나머지, 다른 거
""",
)
#: Two, said loosely: "a couple", "um par", "두어 개" ("a pair" of shoes is one unit; "一两个",
#: one or two, is left).
COUPLE = lx.WordClass(
    bare=True,
    entries="""
a couple, couple of, a couple of, couple, un par, um par, ein paar stück, пару, пару штук,
두어, 두어 개
""",
)
#: Six and twelve: "half a dozen", "media docena", "a dozen", "一打".
HALF_DOZEN = lx.WordClass(
    bare=True,
    entries="""
half a dozen, half dozen, media docena, meia dúzia, meia duzia, une demi-douzaine, demi douzaine,
ein halbes dutzend, halbes dutzend, полдюжины, setengah lusin, nửa tá, ครึ่งโหล, نص دستة,
نصف دستة, 半打, 半ダース
""",
)
DOZEN = lx.WordClass(
    bare=True,
    entries="""
a dozen, one dozen, dozen, una docena, docena, uma dúzia, dúzia, une douzaine, douzaine,
ein dutzend, dutzend, дюжина, дюжину, selusin, lusin, một tá, โหลหนึ่ง, หนึ่งโหล, دستة, 一打,
1ダース, ダース, 한 다스, 다스
""",
)
#: A third of what came: "a third", "um terço", "三分之一", "3分の1".
THIRD = lx.WordClass(
    bare=True,
    entries="""
a third, one third, a third of them, un tercio, la tercera parte, um terço, um terco, a terça
parte, un tiers, le tiers, ein drittel, drittel, треть, одну треть, sepertiga, một phần ba,
หนึ่งในสาม, ثلث, 三分之一, 3分の1, 三分の一, 3분의 1, 삼분의 일
""",
)
#: How near a count stands to the word that says it is kept ("二つは使った", "keep 2").
NEAR = 8
_HAN_KANA = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def relative_quantity(text: str, ordered: int | None) -> int | None:
    """The count a reply says relative to the `ordered` units ("all but one" of 4: 3, "keep one,
    return the rest" of 4: 3, "return two, keep one": 2, "half" of 10: 5, "a couple": 2, "half a
    dozen": 6), or None when it says none or more than were ordered."""
    n = lx.normalize(text)
    if not n:
        return None
    count: int | None = None
    if HALF_DOZEN.search(n):
        count = 6
    elif DOZEN.search(n) and not re.search(r"\d", n):
        count = 12
    elif COUPLE.search(n):
        count = 2
    elif ordered is not None and ordered >= 2 and THIRD.search(n):
        count = ordered // 3
    elif ordered is not None and ordered >= 2 and lx.HALF.search(n):
        count = ordered // 2  # "half, keep the rest for noodles": half
    else:
        count = _besides_kept(text, n, ordered)
    if count is None or count <= 0:
        return None
    if ordered is not None and count > ordered:
        return None  # "half a dozen" of four: not what was ordered
    return count


def _besides_kept(text: str, n: str, ordered: int | None) -> int | None:
    """ "all but one", "keep one", "二つは使った、残りは": the units not kept; "退三个 留一个":
    the count said apart from the one kept."""
    excepted = EXCEPT.finditer(n)
    every = bool(REST.search(n) or lx.ALL.search(n))
    if excepted and not (every or _opens_with_all(excepted[0])):
        excepted = []  # "menos mal", "fora do prazo": no exception from all of them
    if not (excepted or KEEP.search(n) or (every and USED.search(n))):
        return None
    aside: list[int] = []
    said: set[int] = set()
    # clause by clause: "два из трёх, один оставлю" keeps the one of its own clause
    clauses = [c for c in map(lx.normalize, _CLAUSE_BREAK.split(text)) if c] or [n]
    for clause in clauses:
        marks = [*KEEP.finditer(clause), *(USED.finditer(clause) if every else [])]
        marks += EXCEPT.finditer(clause) if excepted else []
        for value, near in _counts_near(clause, marks):
            if near:
                aside.append(value)
            else:
                said.add(value)
    if len(said) == 1 and aside:
        whole = said.pop()
        if whole == ordered and every:
            return ordered - sum(aside)  # "六盒里拆了一盒 剩下的全退": the six is what came
        return whole  # "return two, keep one": the two
    if said or ordered is None or not (aside or excepted):
        return None  # "keep the rest": nothing counted aside
    return ordered - (sum(aside) if aside else 1)  # "all but the one she opened": one


def _counts_near(n: str, marks: list[re.Match[str]]) -> list[tuple[int, bool]]:
    """Each count of a clause, and whether a word of keeping, using or excepting stands by it."""
    found = [(q.value, q.start, q.end) for q in find_quantities(n, whole_answer=True)]
    if not found:  # "dos ya los usé": a number word the sentence hides from the count reader
        found = [
            (v, m.start(), m.end())
            for m in re.finditer(r"[^\W\d_]+|\d{1,3}", n)
            if (v := word_value(m.group(0))) is not None
        ]

    def near(start: int, end: int) -> bool:
        gaps = [n[end : m.start()] for m in marks if m.start() >= end]
        gaps += [n[m.end() : start] for m in marks if m.end() <= start]
        inside = any(m.start() <= start and end <= m.end() for m in marks)  # "but the one"
        # "zehn behalt ich": the words read with the count hold the word of keeping
        # (not "三个留一个", one count read over the word, which then keeps the next one)
        inside = inside or any(
            start < m.start() and m.end() <= end and " " in n[start : m.start()] for m in marks
        )
        return inside or any(len(g) <= NEAR and _one_phrase(g, n) for g in gaps)

    return [(value, near(start, end)) for value, start, end in found]


def _opens_with_all(m: re.Match[str]) -> bool:
    """ "all but", "todas menos": the exception word holds the "all"."""
    return m.group(0).split()[0] in {"all", "everything", "todos", "todas", "tudo"}


def _one_phrase(gap: str, n: str) -> bool:
    """Whether a count and a word of keeping stand in one phrase: a word or two apart, and in
    Chinese and Japanese, which write no spaces, with no space between ("退三个 留一个")."""
    return len(gap.split()) <= 2 and not (" " in gap and _HAN_KANA.search(n))


def sets_aside(text: str) -> bool:
    """Whether a reply says some units are kept, used or excepted ("keep one", "all but two"):
    its counts may be of those, not of what is acted on."""
    n = lx.normalize(text)
    return any(klass.search(n) for klass in (EXCEPT, KEEP, USED))


#: Words that ask for the action on units: "return", "退", "반품", "คืน", "stornieren".
ACTS = lx.WordClass(
    bare=True,
    entries="""
return, returning, send back, sending back, refund, cancel, exchange, swap, devolver, devuelvo,
regresar, regreso, cancelar, cancelo, cancele, cancelen, cancél*, cambiar, trocar, troco, devolvo,
retourner, retourne,
renvoyer, renvoie, reprenez, reprendre, annuler, annule, échanger, zurück, zurückschicken,
zurückgeben, schicke zurück, stornieren, storniere, umtauschen, верн*, отмен*, возвра*, обмен*,
kembalikan, balikin, retur, batal*, tukar, trả, hủy, huỷ, đổi, إرجاع, ارجاع, رجع*, إلغاء, الغاء,
الغي, ألغي, استبدال, بدل, 退, 换, 換, 取消, 返品, 返金, キャンセル, 交換, 返し, 반품, 환불, 취소,
교환, คืน, ยกเลิก, เปลี่ยน
""",
)
#: Clauses of a reply: at punctuation, and at a space in the scripts that write clauses
#: unspaced (Chinese, Japanese and Thai put a space between clauses, not between words), but
#: not before a digit, which Thai writes spaced ("ขอคืน 2 หลอด").
_CLAUSE_BREAK = re.compile(
    r"[,，、;；.!?。！？\n—–]+|\s-\s|(?<=[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff])\s+(?![0-9])"
)


def acting_count(text: str) -> int | None:
    """Of a reply's several counts, the one said where it asks for the action, apart from what
    was bought and what is kept: "买了三根…退两根吧 留一根" is two, "ซื้อมาสองตัว… คืนตัวเดียว" one;
    None when no clause that asks for it holds a count."""
    acted = acting_clause(text)
    return acted[0] if acted else None


def acting_clause(text: str) -> tuple[int, int, int] | None:
    """The count acted on (see `acting_count`) with the start and end in `text` of the clause
    that says it, so a message's item named there can be given it. Of several counts in that
    clause the one nearest the word of the action: "cancel eight of them and just send four" is
    eight, "三袋キャンセルして二袋だけに" three; a count by a word of keeping is not it."""
    last = len(text)
    for brk in reversed([None, *_CLAUSE_BREAK.finditer(text)]):
        start = brk.end() if brk else 0
        end, last = last, brk.start() if brk else 0
        n = lx.normalize(text[start:end])
        acts = ACTS.finditer(n) if n else []
        if not acts:
            continue
        keeps = KEEP.finditer(n)
        counts = [
            (_distance(q.start, q.end, acts), q.value)
            for q in find_quantities(n, whole_answer=True)
            if not keeps or _distance(q.start, q.end, acts) < _distance(q.start, q.end, keeps)
        ]
        if counts:
            # the nearest; of two as near, the later (as a reply says what it wants last)
            return min(reversed(counts), key=lambda c: c[0])[1], start, end
    return None


def _distance(start: int, end: int, marks: list[re.Match[str]]) -> int:
    """Characters between a count and the nearest of the marks (0 when they touch)."""
    return min(max(m.start() - end, start - m.end(), 0) for m in marks)
