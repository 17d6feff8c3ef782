"""Check the hand-written train2 data: format, labels, minimum counts, duplicates, style mix.

Run from anywhere: `python3 data/nlu/train2/validate.py`. Exits non-zero on any problem, so a
broken line is caught before a model is trained on it.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
OLD_TRAIN = HERE.parent / "train"
LANGUAGES = "zh_Hans zh_Hant en es ru ja ko ar pt fr de vi th id".split()
ORDER_LABELS = (
    "order_status change_address cancel_order modify_order return_request refund_status "
    "payment_issue delivery_issue invoice coupon_price policy_question"
).split()
SMALL_LABELS = "human_agent complaint greeting affirm deny".split()
MINIMUM = {**dict.fromkeys(ORDER_LABELS, 12), **dict.fromkeys(SMALL_LABELS, 6), "other": 25}
MIN_LINES = 300
MIN_ANSWERS = 80
ANSWER_VALUES: dict[str, dict[str, int]] = {
    "reason": dict.fromkeys(["no_reason", "defective", "damaged", "wrong_item", "size"], 8),
    "yes_no": {"yes": 10, "no": 10},
    "ordinal": dict.fromkeys(["1", "2", "3", "4", "5", "last"], 1),
    "number": dict.fromkeys([*map(str, range(1, 11)), "all"], 1),
}
# A line counts as "long" from about 70 English characters, scaled by how many characters each
# language needs for the same content (ratio of median line lengths in data/nlu/train, rounded
# up); languages whose ratio is near English's keep 70.
LONG_CHARS = {
    **{"zh_Hans": 20, "zh_Hant": 20, "ja": 25, "ko": 28},
    **{"th": 45, "ar": 45, "vi": 55, "id": 60},
}
LONG_DEFAULT = 70
MIN_LONG_SHARE = 0.40
# Character-trigram Jaccard above which two lines count as near-copies (same language only).
NEAR_SAME_FILE = 0.6
NEAR_OLD_TRAIN = 0.7

problems: list[str] = []


def normalise(text: str) -> str:
    """Case, width and punctuation folded, so near-identical lines count as duplicates."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\W_]+", "", text) or re.sub(r"\s+", "", text)


def rows(path: Path, fields: int) -> list[tuple[int, list[str]]]:
    """Non-comment lines split on tabs, with their line numbers; bad lines become problems."""
    out: list[tuple[int, list[str]]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != fields or any(not p or p != p.strip() for p in parts):
            problems.append(f"{path.name}:{number}: expected {fields} clean tab-separated fields")
            continue
        out.append((number, parts))
    return out


def trigrams(text: str) -> frozenset[str]:
    """Character trigrams of the case-folded text: a cheap, script-neutral similarity basis."""
    text = text.casefold()
    return frozenset(text[i : i + 3] for i in range(len(text) - 2)) or frozenset([text])


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of trigrams two lines have in common."""
    return len(a & b) / len(a | b)


def old_texts(language: str) -> tuple[set[str], list[frozenset[str]]]:
    """The language's utterances already in data/nlu/train (exact keys and trigram sets)."""
    path = OLD_TRAIN / f"{language}.tsv"
    texts = [
        line.split("\t", 1)[1]
        for line in path.read_text(encoding="utf-8").splitlines()
        if "\t" in line and not line.startswith("#")
    ]
    return {normalise(t) for t in texts}, [trigrams(t) for t in texts]


def check_intents(language: str, seen: dict[str, str]) -> Counter[str]:
    """Labels known, counts met, no duplicates or near-copies; returns the label counts."""
    path = HERE / f"{language}.tsv"
    old, old_grams = old_texts(language)
    counts: Counter[str] = Counter()
    long_lines = 0
    threshold = LONG_CHARS.get(language, LONG_DEFAULT)
    own_grams: list[tuple[str, frozenset[str]]] = []
    for number, (label, text) in rows(path, 2):
        where = f"{path.name}:{number}"
        if label not in MINIMUM:
            problems.append(f"{where}: unknown label {label!r}")
        key = normalise(text)
        if key in seen:
            problems.append(f"{where}: duplicate of {seen[key]}")
        seen.setdefault(key, where)
        if key in old:
            problems.append(f"{where}: already in data/nlu/train")
        grams = trigrams(text)
        if any(jaccard(grams, other) > NEAR_OLD_TRAIN for other in old_grams):
            problems.append(f"{where}: near-copy of a line in data/nlu/train")
        for other_where, other in own_grams:
            if jaccard(grams, other) > NEAR_SAME_FILE:
                problems.append(f"{where}: near-copy of {other_where}")
        own_grams.append((where, grams))
        counts[label] += 1
        long_lines += len(text) >= threshold
    total = sum(counts.values())
    if total < MIN_LINES:
        problems.append(f"{path.name}: {total} lines, need {MIN_LINES}")
    for label, need in MINIMUM.items():
        if counts[label] < need:
            problems.append(f"{path.name}: {label} has {counts[label]}, need {need}")
    share = long_lines / total if total else 0.0
    if share < MIN_LONG_SHARE:
        problems.append(f"{path.name}: long lines {share:.0%}, need {MIN_LONG_SHARE:.0%}")
    counts["(long %)"] = round(100 * share)
    return counts


def check_answers(language: str) -> Counter[str]:
    """Slots and values known, minimums met, no duplicate text within a slot."""
    path = HERE / "answers" / f"{language}.tsv"
    counts: Counter[str] = Counter()
    seen: set[tuple[str, str]] = set()
    for number, (slot, value, text) in rows(path, 3):
        where = f"answers/{path.name}:{number}"
        if value not in ANSWER_VALUES.get(slot, {}):
            problems.append(f"{where}: unknown slot/value {slot}/{value}")
        key = (slot, normalise(text))
        if key in seen:
            problems.append(f"{where}: duplicate text for slot {slot}")
        seen.add(key)
        counts[f"{slot}/{value}"] += 1
    total = sum(counts.values())
    if total < MIN_ANSWERS:
        problems.append(f"answers/{path.name}: {total} lines, need {MIN_ANSWERS}")
    for slot, values in ANSWER_VALUES.items():
        for value, need in values.items():
            if counts[f"{slot}/{value}"] < need:
                problems.append(f"answers/{path.name}: {slot}/{value} below {need}")
    return counts


def main() -> int:
    """Print a count table per language and every problem found."""
    seen: dict[str, str] = {}
    labels = [*ORDER_LABELS, *SMALL_LABELS, "other"]
    print("language " + " ".join(label[:6] for label in labels) + " total long% answers")
    for language in LANGUAGES:
        if not (HERE / f"{language}.tsv").exists():
            problems.append(f"{language}.tsv missing")
            continue
        counts = check_intents(language, seen)
        answers = None
        if (HERE / "answers" / f"{language}.tsv").exists():
            answers = check_answers(language)
        else:
            problems.append(f"answers/{language}.tsv missing")
        total = sum(counts[label] for label in labels)
        cells = " ".join(f"{counts[label]:>6}" for label in labels)
        answer_total = sum(answers.values()) if answers else 0
        print(f"{language:<8} {cells} {total:>5} {counts['(long %)']:>5} {answer_total:>7}")
    for problem in problems:
        print("PROBLEM", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
