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
fico com, vou ficar com,
guardar, je garde, garder, je conserve, behalte, behalten, оставлю, оставить, оставляю, оставим,
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
        count = _besides_kept(n, ordered)
    if count is None or count <= 0:
        return None
    if ordered is not None and count > ordered:
        return None  # "half a dozen" of four: not what was ordered
    return count


def _besides_kept(n: str, ordered: int | None) -> int | None:
    """ "all but one", "keep one", "二つは使った、残りは": the units not kept; "退三个 留一个":
    the count said apart from the one kept."""
    excepted = EXCEPT.finditer(n)
    kept = KEEP.finditer(n)
    used = USED.finditer(n) if REST.search(n) or lx.ALL.search(n) else []
    if excepted and not (lx.ALL.search(n) or REST.search(n) or _opens_with_all(excepted[0])):
        excepted = []  # "menos mal", "fora do prazo": no exception from all of them
    marks = [*excepted, *kept, *used]
    if not marks:
        return None
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
        return inside or any(len(g) <= NEAR and _one_phrase(g, n) for g in gaps)

    aside = [v for v, start, end in found if near(start, end)]
    said = {v for v, start, end in found if not near(start, end)}
    if len(said) == 1 and aside:
        return said.pop()  # "return two, keep one": the two
    if said or ordered is None or not (aside or excepted):
        return None  # "keep the rest": nothing counted aside
    return ordered - (sum(aside) if aside else 1)  # "all but the one she opened": one


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
