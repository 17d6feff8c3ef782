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
    known = facts_in(text).get(flag)
    if known is not None:
        if known and _denied_later(text, flag):
            return False  # "Originalkarton hab ich nicht mehr"
        return known
    n = fold(text)
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
