"""A bounded memo of pure functions of a message's text, keyed by a digest of it.

What a text says (`products.describe`) is read several times a turn (once per item of the
order in focus, once more for "does it say anything") and again on the next customer's
identical question ("has my order shipped?"); reading it is dozens of word-class scans. The
memo keeps no raw text (a 16-byte digest per entry, as `core.masking`'s cache), holds at most
`size` entries (the oldest dropped first), and only suits functions whose result depends on
the text alone and is immutable.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

R = TypeVar("R")


def by_text(size: int) -> Callable[[Callable[[str], R]], Callable[[str], R]]:
    """Memoise a function of one string (see the module docstring)."""

    def decorate(function: Callable[[str], R]) -> Callable[[str], R]:
        memo: dict[bytes, R] = {}

        @wraps(function)
        def remembered(text: str) -> R:
            key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
            found = memo.get(key)
            if found is not None:
                return found
            result = function(text)
            memo[key] = result
            if len(memo) > size:  # the oldest entry (dicts keep insertion order)
                try:
                    memo.pop(next(iter(memo)), None)
                except (RuntimeError, StopIteration):  # another thread changed it meanwhile
                    pass
            return result

        remembered.memo = memo  # type: ignore[attr-defined]
        return remembered

    return decorate
