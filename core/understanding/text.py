"""Text normalisation and the character n-gram features shared by training and inference.

Training (scikit-learn) and inference (plain Python + numpy) call the very same `features`
function, so the exported model needs no scikit-learn at run time.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

NGRAM_MIN = 1
NGRAM_MAX = 4
MAX_WORD_LEN = 24

# Numbers carry no intent ("refund $3", "order 114-3941689-8772232"): dropped with their signs.
_NUMBERISH = re.compile(r"[#$€£¥+]?\d[\d.,:/-]*%?")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"https?://\S+")
# Order / tracking style codes (letters glued to digits) become one placeholder token.
_CODE = re.compile(r"(?<![a-z])[a-z]{1,4}\d[\d-]*[a-z]{0,2}(?![a-z])")


_LATIN_MARKED = re.compile(r"[\u00c0-\u024f\u1e00-\u1eff]")
_UNMARKED = str.maketrans({"đ": "d", "ð": "d", "ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe"})


def fold_marks(word: str) -> str:
    """A Latin word without its diacritics ("hủy" -> "huy", "não" -> "nao", "größe" ->
    "grosse"): how many customers type on a phone without the keyboard of their language."""
    if not _LATIN_MARKED.search(word):
        return word
    decomposed = unicodedata.normalize("NFD", word.translate(_UNMARKED))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalize(text: str) -> str:
    """NFKC, lower case, e-mails/URLs as placeholders, codes and numbers dropped, one space."""
    t = unicodedata.normalize("NFKC", text).lower()
    t = _URL.sub(" url ", t)
    t = _EMAIL.sub(" email ", t)
    t = _CODE.sub(" ", t)
    t = _NUMBERISH.sub(" ", t)
    return _SPACES.sub(" ", t).strip()


def features(norm: str) -> list[str]:
    """Character 1-4 grams of the padded normalised text, plus whole words (prefixed `w:`) and
    adjacent word pairs (prefixed `b:`)."""
    padded = f" {norm} "
    n = len(padded)
    out: list[str] = []
    append = out.append
    for size in range(NGRAM_MIN, NGRAM_MAX + 1):
        for i in range(n - size + 1):
            gram = padded[i : i + size]
            if gram != " ":
                append(gram)
    words = [w for w in _WORD.findall(norm) if len(w) <= MAX_WORD_LEN]
    for w in words:
        append("w:" + w)
    for a, b in pairwise(words):  # "expect a", "order from": cheap context across words
        append(f"b:{a} {b}")
    # The same words without diacritics, so "huy don" meets what "hủy đơn" taught: written
    # with its marks a word gives both, written without, the folded one only.
    folded = [fold_marks(w) for w in words]
    if folded != words:
        for w, f in zip(words, folded, strict=True):
            if f != w:
                append("w:" + f)
        for (a, b), (fa, fb) in zip(pairwise(words), pairwise(folded), strict=True):
            if (fa, fb) != (a, b):
                append(f"b:{fa} {fb}")
    return out


def analyzer(text: str) -> list[str]:
    """scikit-learn `analyzer=` callable: raw text in, features out."""
    return features(normalize(text))
