"""The facts of a return claim a customer tells in passing: the item was opened, the original
packaging kept or thrown away, photos taken. They answer the return flow's questions before
they are asked ("still sealed in the box"), or answer them in words ("盒子早扔了")."""

from __future__ import annotations

import re

from core.understanding import lexicon as lx
from core.understanding.products import fold

#: A negation that closes the clause in German and French ("hab ich nicht mehr", "je ne l'ai
#: plus"): it denies what the clause named before it.
_LATE_NEGATION = re.compile(r"\b(?:nicht mehr|nicht|keine? mehr|plus|pas|no más|no tengo)\s*$")


def facts_in(text: str) -> dict[str, bool]:
    """The facts of a return claim the message tells ("still sealed in the original box":
    not opened, original packaging kept; "I took photos"), by flag name."""
    n = lx.normalize(text)
    facts: dict[str, bool] = {}
    for (flag, value), klass in lx.FACTS.items():
        hits = klass.finditer(n)
        if not hits:
            continue
        if value and all(lx.negated(n, m.start(), m.end()) for m in hits):
            facts.setdefault(flag, False)  # "no photos", "没有原包装"
        else:
            facts.setdefault(flag, value)
    return facts


def fact_answer(text: str, flag: str) -> bool | None:
    """The answer a reply gives to the fact question `flag`: the phrases `facts_in` knows,
    else the parts of the answer ("ещё не распаковывала": opening, negated; "коробку
    выкинула": the box thrown away; "盒子还留着": the box still had)."""
    if flag == "has_photos":
        later = _photos_later(text)
        if later is not None:
            return later
    if flag == "original_packaging" and _box_kept_apart(text):
        return True  # "la caja sí, el plástico lo tiré"
    known = facts_in(text).get(flag)
    n = fold(text)
    if known is False and flag == "opened" and _opened_not_used(text):
        return True  # "took it out of the box, never used it": opened, if not used
    if known is not None:
        if known and _denied_later(text, flag):
            return False  # "Originalkarton hab ich nicht mehr"
        return known
    if flag == "opened":
        hits = lx.OPENING.finditer(n)
        if hits:
            return not all(lx.negated(n, m.start(), m.end()) for m in hits)
    if flag == "original_packaging":
        boxes = lx.PACKAGING.finditer(n)
        if not boxes:
            return None
        thrown = lx.DISCARDING.finditer(n)
        if thrown:
            return all(lx.negated(n, m.start(), m.end()) for m in thrown)
        if all(lx.negated(n, m.start(), m.end()) for m in boxes):
            return False  # "no box", "sin caja"
        kept = lx.STILL_HAVE.finditer(n)
        if kept:
            return not all(lx.negated(n, m.start(), m.end()) for m in kept)
    return None


def _denied_later(text: str, flag: str) -> bool:
    """Whether the clause that tells the fact ends in a negation."""
    for clause in lx.clauses(text):
        if clause and facts_in(clause).get(flag) and _LATE_NEGATION.search(clause):
            return True
    return False


def _photos_later(text: str) -> bool | None:
    """Photos said taken ("I took some, I'll send them later"): had; photos to be taken at a
    time to come ("I can take some tonight", "晚点回家拍", "nanti malam saya foto"): none now.
    Sending later, or a yes first, says nothing of when they were taken."""
    n = lx.normalize(text)
    if any(not lx.negated(n, m.start(), m.end()) for m in lx.PHOTOS_TAKEN.finditer(n)):
        return True
    if lx.LATER.search(n) is None or lx.SENDING.search(n) is not None:
        return None
    yes = lx.YES.pattern.match(n)
    return None if yes is not None else False


def _opened_not_used(text: str) -> bool:
    """Whether a verb of opening is said outright beside a use denied ("lo saqué de la caja, pero
    no lo usé"), and nothing says it is sealed: the question asks "opened or used", so it was
    opened."""
    if lx.FACTS[("opened", False)].search(lx.normalize(text)):
        return False  # "未拆封", "still sealed"
    n = fold(text)
    return any(not lx.negated(n, m.start(), m.end()) for m in lx.OPENING.finditer(n))


def _box_kept_apart(text: str) -> bool:
    """The box said kept in a clause of its own while some other part was thrown away ("la
    caja sí, pero el plástico lo tiré", "the box yes, the bubble wrap I binned"): the original
    packaging is the box, kept; not when no clause keeps the box or one throws it away."""
    kept = thrown = False
    for clause in lx.clauses(text):
        c = fold(clause)
        if lx.PACKAGING.search(c) is None:
            continue
        if any(not lx.negated(c, m.start(), m.end()) for m in lx.DISCARDING.finditer(c)):
            thrown = True
        elif lx.NO.search(c) is None and any(
            not lx.negated(c, m.start(), m.end())
            for k in (lx.YES, lx.STILL_HAVE)
            for m in k.finditer(c)
        ):
            kept = True
    return kept and not thrown
