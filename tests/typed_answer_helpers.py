"""The expectations a typed answer is read against, built as the dialogue builds them, and the
rule layer alone (no encoder) that reads it: shared by the typed-answer test files, so each
behaviour is checked where the semantic tier is missing."""

from __future__ import annotations

from core.dialogue.context import in_every_language
from core.understanding.expect import Expectation, ExpectedOption, ExpectKind
from core.understanding.local import LocalUnderstander

RULES = LocalUnderstander(encoder=None)


def answer(text: str, expect: Expectation) -> tuple[str | None, int | None]:
    """What the reply answers (an option id) and the quantity it says, or (None, None)."""
    got = RULES.understand_sync(text, expect=expect).answer
    return (got.payload, got.quantity) if got else (None, None)


def items(*lines: tuple[str, str, str, int] | tuple[str, str, int]) -> Expectation:
    """ "Which item?" over lines given as (line id, title, sku, units) or (line id, title,
    units), after "All items" with its label in every language."""
    options = [
        ExpectedOption(
            id="all",
            label="All items",
            meaning="all",
            words=in_every_language(lambda lc: lc._("All items")),
        )
    ]
    for line in lines:
        if len(line) == 4:
            line_id, title, sku, units = line
            words = [title, sku]
        else:
            line_id, title, units = line
            words = [title]
        options.append(
            ExpectedOption(id=line_id, label=f"{title} × {units}", words=words, units=units)
        )
    return Expectation(kind=ExpectKind.ITEM, options=options)


def yes_no(action: str | None = None, fact: str | None = None) -> Expectation:
    """A yes/no question, confirming `action` or asking a `fact`, with "Yes" and "No" in every
    language."""
    return Expectation(
        kind=ExpectKind.YES_NO,
        options=[
            ExpectedOption(
                id="yes",
                label="Yes, go ahead",
                meaning="yes",
                words=in_every_language(lambda lc: lc._("Yes")),
            ),
            ExpectedOption(
                id="no", label="No", meaning="no", words=in_every_language(lambda lc: lc._("No"))
            ),
        ],
        action=action,
        fact=fact,
    )
