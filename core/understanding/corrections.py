"""A correction of one part of an address: "it's 84 not 48", "302ではなく305", "不是803，是1803".

A customer who mistyped one number of an address (the flat, the house, the alley, the room)
says only that number again, with the wrong one next to a word that denies it. Asking them for
the whole address again, or storing their sentence as one, is what a careless agent does; a
good one changes that number and keeps the rest. `find_correction` reads the pair of numbers
(wrong, right) out of the message; `correct_fields` changes the one place the wrong number
stands in an address's fields, and refuses when it stands nowhere or in more than one place.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

#: A number of an address as typed: a house, flat or room number, with a letter ("3F", "B12")
#: and slashes or hyphens ("45/21", "2-11-5").
_VALUE = re.compile(
    r"(?<![0-9A-Za-z/-])[A-Za-z]?[0-9]{1,8}(?:[/-][0-9]{1,6})*[A-Za-z]?(?![0-9A-Za-z/-])"
)
#: Words that deny the number after them ("not 3F", "pas au 14", "не 48", "不是2栋803房").
_BEFORE_WRONG = re.compile(
    r"(?<![^\W\d_])(?:not|instead\s+of|rather\s+than|no(?![.º°])|en\s+vez\s+de|en\s+lugar\s+de|"
    r"não|nao|em\s+vez\s+de|no\s+lugar\s+de|ao\s+inv[eé]s\s+de|pas|non|au\s+lieu\s+de|nicht|"
    r"statt|anstatt|anstelle\s+von|не|вместо|bukan|alih-alih|daripada|"
    r"(?:(?:chứ|chu)\s+)?(?:không|khong|hông|hong|ko|k|hổng|đâu)\s+(?:phải|phai)(?:\s+(?:là|la))?|"
    r"thay\s+vì|thay\s+vi|"
    r"مو|مش|مب|وليس|ليس|بدل|بدلا\s+من|بدلاً\s+من|مهو|ماهو)(?![^\W\d_])"
    r"|不是|而不是|并非|並非|而非|ไม่ใช่|แทนที่จะเป็น"
)
#: Words that deny the number before them ("302ではなく", "1203호가 아니라", "5 말고").
_AFTER_WRONG = re.compile(
    r"(?:ではなく|じゃなくて|じゃなく|でなく|ではありません|じゃありません|"
    r"(?:가|이)?\s?아니(?:라|고|에요|예요)|말고|대신)"
)
#: An arrow between the wrong and the right number ("3F -> 3R").
_ARROW = re.compile(r"→|->|=>|➡|⇒")
#: Where a clause ends: punctuation (not the dot of an ordinal, "6.º", read "6.o" once
#: normalised), or the "but" that brings the right number ("не 48, а 84").
_CLAUSE_END = re.compile(
    r"[,，、;；。!！?？:\n]|(?<![0-9])\.|\.(?![º°ªoa](?![^\W\d_]))"
    r"|(?<![^\W\d_])(?:but|а|но|mais|mas|aber|sondern|sino|mà|tapi|"
    r"melainkan|แต่|بل|لكن)(?![^\W\d_])|而是|(?<![不而])是"
)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
#: How far a denied number may stand from its denying word: two short words ("pas au",
#: "not apt", "không phải hẻm"), or four characters where words are not spaced.
_GAP_WORDS = 2
_GAP_WORD_CHARS = 8
_GAP_UNSPACED = 4


@dataclass(frozen=True)
class Correction:
    """The numbers said to be wrong and the numbers said instead, pairwise."""

    pairs: tuple[tuple[str, str], ...]


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_DIGITS)


def _short_gap(gap: str) -> bool:
    """Whether nothing but a word or two stands between a denying word and its number."""
    if re.search(r"[,，、;；!！?？:\n]", gap):
        return False
    stripped = gap.strip()
    if not stripped:
        return True
    if _UNSPACED.search(stripped) and " " not in stripped:
        return len(stripped) <= _GAP_UNSPACED
    words = stripped.split()
    return len(words) <= _GAP_WORDS and all(
        len(w) <= _GAP_WORD_CHARS and not any(c.isdigit() for c in w) for w in words
    )


def _clauses(text: str) -> list[tuple[int, int]]:
    """The spans of the text's clauses."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _CLAUSE_END.finditer(text):
        if text[start : m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip() or not spans:
        spans.append((start, len(text)))
    return spans


def _values(text: str, start: int, end: int) -> list[re.Match[str]]:
    return [m for m in _VALUE.finditer(text, start, end) if m.start() >= start and m.end() <= end]


def _clause_at(spans: list[tuple[int, int]], at: int) -> int:
    for i, (s, e) in enumerate(spans):
        if s <= at < e or (at == e and i == len(spans) - 1):
            return i
    return next((i for i, (s, _) in enumerate(spans) if s >= at), len(spans) - 1)


def _right_values(
    text: str, spans: list[tuple[int, int]], clause: int, before: tuple[int, int], after: int
) -> list[str]:
    """The numbers said instead: in the clause before the denial, else after the denied
    numbers in the same clause, else in the clause before it, else in the next one."""
    e = spans[clause][1]
    tries = [(before[0], before[1]), (after, e)]
    if clause > 0:
        tries.append(spans[clause - 1])
    if clause + 1 < len(spans):
        tries.append(spans[clause + 1])
    for lo, hi in tries:
        found = [m.group(0) for m in _values(text, lo, hi)]
        if found:
            return found
    return []


def _pairs(wrong: list[str], right: list[str]) -> tuple[tuple[str, str], ...]:
    """The wrong and right numbers paired: one by one when as many of each were said, else
    the one of the longer list that looks most like the other list's only number."""
    if not wrong or not right:
        return ()
    if len(wrong) == len(right):
        pairs = list(zip(wrong, right, strict=True))
    elif len(wrong) == 1:
        pairs = [(wrong[0], _likest(wrong[0], right))]
    elif len(right) == 1:
        pairs = [(_likest(right[0], wrong), right[0])]
    else:
        return ()
    return tuple(
        (w, r) for w, r in pairs if w.casefold() != r.casefold() and _shape(w) == _shape(r)
    )


def _shape(value: str) -> tuple[bool, str]:
    """What kind of number it is: with a letter before it or not, and its groups ("45/21"):
    "Blok C3 No 7" pairs a block with a house, not a wrong number with a right one."""
    return value[:1].isalpha(), re.sub(r"[0-9]+", "9", re.sub(r"[A-Za-z]", "", value))


def _likest(one: str, among: list[str]) -> str:
    return max(
        reversed(among),
        key=lambda v: (abs(len(v) - len(one)) <= 1, fuzz.ratio(v, one)),
    )


def find_correction(text: str) -> Correction | None:
    """The numbers of an address the message says were wrong, with the right ones; None when
    it says no such thing. Reads "it should be Apt 3R not 3F", "c'est au 16, pas au 14",
    "номер квартиры не 48 а 84", "302ではなく305です", "1203호가 아니라 1230호예요",
    "不是2栋803房，是2栋1803房", "الشقة رقم 6 مو 4", "hẻm 45/21 chứ hông phải 45/12"."""
    t = _normal(text)
    folded = t.casefold()
    if not _VALUE.search(t):
        return None
    spans = _clauses(folded)
    for m in _BEFORE_WRONG.finditer(folded):
        clause = _clause_at(spans, m.end())
        c_start, c_end = spans[clause]
        denied = _values(folded, m.end(), c_end)
        if not denied or not _short_gap(folded[m.end() : denied[0].start()]):
            continue
        wrong = [v.group(0) for v in denied]
        right = _right_values(
            folded, spans, clause, (min(c_start, m.start()), m.start()), denied[-1].end()
        )
        pairs = _pairs(wrong, right)
        if pairs:
            return Correction(pairs=_cased(t, pairs))
    for m in [*_AFTER_WRONG.finditer(folded), *_ARROW.finditer(folded)]:
        clause = _clause_at(spans, max(m.start() - 1, 0))
        c_start, c_end = spans[clause]
        denied = _values(folded, c_start, m.start())
        if not denied or not _short_gap(folded[denied[-1].end() : m.start()]):
            continue
        after = _values(folded, m.end(), c_end)
        if not after and clause + 1 < len(spans):
            after = _values(folded, *spans[clause + 1])
        pairs = _pairs([v.group(0) for v in denied], [v.group(0) for v in after])
        if pairs:
            return Correction(pairs=_cased(t, pairs))
    return None


def _cased(text: str, pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """The right numbers as the customer typed them ("3R", not "3r")."""
    typed = {m.group(0).casefold(): m.group(0) for m in _VALUE.finditer(text)}
    return tuple((w, typed.get(r, r)) for w, r in pairs)


def _where(value: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![0-9A-Za-z/-]){re.escape(value)}(?![0-9A-Za-z/-])", re.IGNORECASE)


def correct_fields(
    fields: dict[str, str | None], correction: Correction, searched: tuple[str, ...]
) -> dict[str, str | None] | None:
    """The fields with each wrong number replaced by the right one, where the wrong number
    stands exactly once among the `searched` fields (other fields that repeat a part of those,
    such as a parsed address's `unit`, change with them); None when one stands nowhere or
    more than once, so that nothing is guessed."""
    out = dict(fields)
    for wrong, right in correction.pairs:
        where = _where(wrong)
        found = sum(len(where.findall(_normal(out[f] or ""))) for f in searched if out.get(f))
        if found != 1:
            return None
        for name, value in out.items():
            if value and where.search(value):  # the rest as typed ("6.º andar", not "6.o")
                out[name] = where.sub(right, value)
            elif value and where.search(_normal(value)):
                out[name] = where.sub(right, _normal(value))
    return out
