"""Benchmark of the understanding layer: `python bench/nlu.py [--shared DIR]`.

Development options (each measures only what it names): `--fresh PATH` a messages file in the
fresh set's schema (e.g. core/data/nlu/dev/messages_dev2.jsonl), `--chat` the older chat set,
`--heldout` a fixed fifth of our own training utterances (trained without it, in memory);
`--misses` prints the rows read wrong, and is refused for anything under core/data/nlu/eval/;
`--latency-only` (with `--fresh`) skips the accuracy figures and measures warm and cold latency
alone, in wall time and in CPU time (the figure a shared machine does not inflate).

Prints: intent accuracy per language, style and label, order-number precision/recall, item,
quantity and reason accuracy on the frozen fresh set (core/data/nlu/eval/fresh/messages.jsonl,
written before the round-3 model and never tuned on); the same on our older chat set
(core/data/nlu/eval/chat_eval.tsv, looked at while building, so optimistic); Bitext entities v2
accuracy under our label mapping; the share of CLINC150 out-of-scope queries given an order
label; order-number precision/recall; language detection accuracy (shipped combination vs
langdetect alone vs lingua); throughput on one core; model load time. The external sets are
read from ../shared/data (or --shared) and skipped with a note when absent; they are
evaluation-only and never trained on.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.resources import NLU_DATA  # noqa: E402
from core.understanding.language import LanguageDetector  # noqa: E402
from core.understanding.local import LocalUnderstander  # noqa: E402
from core.understanding.model import NluModel  # noqa: E402
from core.understanding.training import EVAL_PATH, map_bitext, read_eval  # noqa: E402
from core.understanding.types import Intent  # noqa: E402

LANGDETECT_MAP = {"zh-cn": "zh_Hans", "zh-tw": "zh_Hant"}


def print_breakdown(
    by_lang: Mapping[str, Sequence[int]],
    by_label: Mapping[str, Sequence[int]],
    confusions: Counter[tuple[str, str]],
    by_style: Mapping[str, Sequence[int]] | None = None,
) -> None:
    """Intent accuracy per language (and style) and label, `[right, all]` each, and the
    commonest confusions."""

    def rates(counts: Mapping[str, Sequence[int]], digits: int) -> str:
        return ", ".join(f"{k} {100 * a / b:.{digits}f}%" for k, (a, b) in sorted(counts.items()))

    print("per language: " + rates(by_lang, 1))
    if by_style is not None:
        print("per style:    " + rates(by_style, 1))
    print("per label:    " + rates(by_label, 0))
    if confusions:
        print(
            "most frequent confusions: "
            + ", ".join(f"{g}->{p} x{c}" for (g, p), c in confusions.most_common(8))
        )


def pct(n: int, d: int) -> str:
    return f"{100.0 * n / d:6.2f}% ({n}/{d})" if d else "   n/a"


def han_variant(text: str) -> str:
    """Simplified vs Traditional for detectors that only say 'Chinese' (our char-set rule)."""
    from core.understanding.language import _SIMPLIFIED_ONLY, _TRADITIONAL_ONLY

    s = sum(ch in _SIMPLIFIED_ONLY for ch in text)
    t = sum(ch in _TRADITIONAL_ONLY for ch in text)
    return "zh_Hant" if t > s else "zh_Hans"


def section(title: str) -> None:
    print(f"\n== {title}")


def bench_eval(u: LocalUnderstander, items) -> None:
    section(
        f"older chat set: {EVAL_PATH.relative_to(ROOT)} ({len(items)} messages; looked at "
        "while building, so optimistic)"
    )
    by_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    by_label: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    tp = fp = fn = 0
    confusions: Counter = Counter()
    for it in items:
        r = u.understand_sync(it.text)
        ok = r.intent is it.intent
        by_lang[it.language][0] += ok
        by_lang[it.language][1] += r.language == it.language
        by_lang[it.language][2] += 1
        by_label[it.intent.value][0] += ok
        by_label[it.intent.value][1] += 1
        if not ok:
            confusions[(it.intent.value, r.intent.value)] += 1
        got, gold = set(r.entities.order_numbers), set(it.order_numbers)
        tp += len(got & gold)
        fp += len(got - gold)
        fn += len(gold - got)
    total_ok = sum(v[0] for v in by_lang.values())
    total_lang = sum(v[1] for v in by_lang.values())
    print(f"{'language':10} {'intent accuracy':>22} {'language accuracy':>22}")
    for lang in sorted(by_lang):
        ok, lok, n = by_lang[lang]
        print(f"{lang:10} {pct(ok, n):>22} {pct(lok, n):>22}")
    print(f"{'ALL':10} {pct(total_ok, len(items)):>22} {pct(total_lang, len(items)):>22}")
    print(f"\n{'label':18} {'intent accuracy':>22}")
    for label in [i.value for i in Intent]:
        ok, n = by_label.get(label, [0, 0])
        print(f"{label:18} {pct(ok, n):>22}")
    if confusions:
        worst = ", ".join(f"{g}->{p} x{c}" for (g, p), c in confusions.most_common(8))
        print(f"most frequent confusions: {worst}")
    section("order numbers on the held-out chat set")
    print(f"precision {pct(tp, tp + fp)}   recall {pct(tp, tp + fn)}")


FRESH_PATH = NLU_DATA / "eval" / "fresh" / "messages.jsonl"
FROZEN_DIR = NLU_DATA / "eval"


def frozen(path: Path) -> bool:
    """Whether `path` is evaluation data, whose rows are never printed."""
    return path.resolve().is_relative_to(FROZEN_DIR.resolve())


def same_number(number: str) -> str:
    """An order number as compared: the gold keeps what was typed ("４０６２…", "๒๔๑๒…"), the
    understanding gives the shop's form (ASCII digits, capitals); spaces typed between groups
    dropped."""
    from core.understanding.numbers import normalize

    return unicodedata.normalize("NFKC", normalize(number)).replace(" ", "").casefold()


def read_messages(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def _same_item(gold: str, got: str) -> bool:
    g, h = gold.casefold().strip(), got.casefold().strip()
    return bool(g and h) and (g in h or h in g)


def bench_fresh(u: LocalUnderstander, path: Path = FRESH_PATH, misses: bool = False) -> None:
    """Intent (per language, style, label), order numbers, the reason, items and quantities
    said, and second requests, on a messages file in the schema of eval/fresh/README.md."""
    if misses and frozen(path):
        raise SystemExit(f"refused: {path} is frozen evaluation data; its misses are not shown")
    rows = read_messages(path)
    kind = "frozen, never tuned on" if frozen(path) else "development data"
    try:
        shown = path.resolve().relative_to(ROOT)
    except ValueError:
        shown = path
    section(f"messages: {shown} ({len(rows)} messages, {kind})")
    by_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_style: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_label: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    confusions: Counter = Counter()
    tp = fp = fn = 0
    reasons = [0, 0]
    also = [0, 0]
    items = [0, 0]
    quantities = [0, 0]
    wrong: list[str] = []
    for row in rows:
        r = u.understand_sync(row["text"])
        ok = r.intent.value == row["intent"]
        for table, key in (
            (by_lang, row["language"]),
            (by_style, row.get("style", "-")),
            (by_label, row["intent"]),
        ):
            table[key][0] += ok
            table[key][1] += 1
        if not ok:
            confusions[(row["intent"], r.intent.value)] += 1
        gold = {same_number(n) for n in row.get("order_numbers", [])}
        got = {same_number(n) for n in r.entities.order_numbers}
        tp, fp, fn = tp + len(got & gold), fp + len(got - gold), fn + len(gold - got)
        reason_ok = True
        if row.get("reason"):
            reason_ok = r.reason == row["reason"]
            reasons[0] += reason_ok
            reasons[1] += 1
        if row.get("also"):
            also[0] += all(a in [i.value for i in r.also] for a in row["also"])
            also[1] += 1
        for item in row.get("items") or []:
            named = [*r.entities.items, *r.entities.products]
            found = [i for i in named if _same_item(item["text"], i.text)]
            items[0] += bool(found)
            items[1] += 1
            if item.get("quantity") is not None:
                quantities[0] += any(i.quantity == item["quantity"] for i in found)
                quantities[1] += 1
        if misses and not (ok and reason_ok):
            text = " ".join(row["text"].split())
            wrong.append(
                f"  {row.get('id', '?'):12} {row.get('style', '-'):10} {row['intent']}"
                f"->{r.intent.value} {r.confidence:.2f}"
                + (f" reason {row['reason']}->{r.reason}" if not reason_ok else "")
                + f"  {text[:220]}"
            )
    total = sum(v[0] for v in by_lang.values())
    print(f"intent accuracy: {pct(total, len(rows))}")
    print_breakdown(by_lang, by_label, confusions, by_style)
    print(f"order numbers: precision {pct(tp, tp + fp)}   recall {pct(tp, tp + fn)}")
    print(f"return reason said in the message: {pct(*reasons)}")
    print(f"items named found: {pct(*items)}   their quantities right: {pct(*quantities)}")
    print(f"second request in the message recognised: {pct(*also)}")
    if wrong:
        print(f"misses ({len(wrong)}):")
        print("\n".join(wrong))


def percentiles(times: list[float]) -> tuple[float, float, float]:
    """p50, p90 and p99 in milliseconds."""
    ordered = sorted(times)
    p50, p90, p99 = (
        1000 * ordered[min(len(ordered) - 1, int(f * len(ordered)))] for f in (0.5, 0.9, 0.99)
    )
    return p50, p90, p99


def bench_latency(u: LocalUnderstander, path: Path = FRESH_PATH, fill: bool = False) -> None:
    """Per-message latency twice: warm (the accuracy pass before filled the encoder's cache,
    as this bench always measured; `fill` runs such a pass untimed) and cold (caches emptied:
    a message never seen, as in real traffic). Each is given in wall time and in the CPU time
    of the process (which other work on a shared machine does not inflate); the encoders run
    on one thread, so the CPU time is that of one core."""
    rows = read_messages(path)
    section(f"latency per message on one core ({path.name}, every message once)")
    tier = "with" if u.tier is not None and u.tier.head is not None else "without"
    if fill:
        for row in rows:
            u.understand_sync(row["text"])
    for label in ("warm", "cold"):
        if label == "cold":
            u.forget()
        wall: list[float] = []
        cpu: list[float] = []
        for row in rows:
            started, cpu_started = time.perf_counter(), time.process_time()
            u.understand_sync(row["text"])
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
        p50, p90, p99 = percentiles(wall)
        c50, c90, c99 = percentiles(cpu)
        print(
            f"{label}, {tier} the semantic tier: p50 {p50:.2f} ms, p90 {p90:.2f} ms, "
            f"p99 {p99:.2f} ms, {len(wall) / sum(wall):,.0f} messages/second; CPU time p50 "
            f"{c50:.2f} ms, p90 {c90:.2f} ms, p99 {c99:.2f} ms, "
            f"{len(cpu) / max(sum(cpu), 1e-9):,.0f} messages/CPU-second"
        )


HELDOUT_FOLDS = 5


def heldout(example_text: str) -> bool:
    """The fixed fifth of our own utterances held out (by the hash of the text)."""
    from core.understanding.training import text_key

    return int(text_key(example_text)[:8], 16) % HELDOUT_FOLDS == 0


def bench_heldout(no_encoder: bool, misses: bool) -> None:
    """Train on everything but a fixed fifth of our own utterances (n-gram model and both
    semantic heads), then read that fifth, as written and (Latin scripts) without diacritics:
    a development figure for the training data itself."""
    import numpy as np

    from core.understanding.semantic import SemanticTier
    from core.understanding.text import fold_marks
    from core.understanding.training import (
        SEED,
        read_banking77,
        read_bitext,
        read_own,
        train,
        train_semantic_head,
        unmarked_copies,
    )

    rng = np.random.default_rng(SEED)
    base = read_bitext(rng) + read_banking77(rng)
    own = read_own()
    kept = [e for e in own if not heldout(e.text)]
    held = [e for e in own if heldout(e.text)]
    rest = base + kept + unmarked_copies(kept)
    section(f"held-out fifth of our own utterances ({len(held)} held out, {len(rest)} trained)")
    started = time.perf_counter()
    model = train(rest)
    u = LocalUnderstander(model, encoder=None if no_encoder else True)
    if u.tier is not None and u.tier.head is not None:
        head = train_semantic_head(rest, u.tier.encoder)
        second = u.tier.second
        u.tier = SemanticTier(
            u.tier.encoder,
            head,
            u.tier.prototypes,
            second,
            train_semantic_head(rest, second) if second is not None else None,
        )
    print(f"trained in {time.perf_counter() - started:.0f} s")
    unmarked = [
        (e, folded)
        for e in held
        if (folded := " ".join(fold_marks(w) for w in e.text.split(" "))) != e.text
    ]
    for title, rows in (
        ("as written", [(e, e.text) for e in held]),
        ("without diacritics (Latin lines that had some)", unmarked),
    ):
        by_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        by_label: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        long = [0, 0]
        confusions: Counter = Counter()
        wrong: list[str] = []
        for e, text in rows:
            r = u.understand_sync(text)
            ok = r.intent is e.intent
            by_lang[e.language][0] += ok
            by_lang[e.language][1] += 1
            by_label[e.intent.value][0] += ok
            by_label[e.intent.value][1] += 1
            if len(text) >= 70 or (len(text) >= 25 and not text.isascii()):
                long[0] += ok
                long[1] += 1
            if not ok:
                confusions[(e.intent.value, r.intent.value)] += 1
                line = " ".join(text.split())
                wrong.append(f"  {e.language:8} {e.intent.value}->{r.intent.value}  {line[:200]}")
        total = sum(v[0] for v in by_lang.values())
        print(f"-- {title}")
        print(f"intent accuracy: {pct(total, len(rows))}   long lines: {pct(*long)}")
        print_breakdown(by_lang, by_label, confusions)
        if misses and wrong:
            print(f"misses ({len(wrong)}):")
            print("\n".join(wrong))


def bench_bitext(u: LocalUnderstander, shared: Path) -> None:
    path = shared / "bitext-customer-support" / "bitext_cs_entities_v2_4514.csv"
    section("Bitext entities v2 (mapped to our labels; never trained on)")
    if not path.exists():
        print(f"skipped: {path} not found")
        return
    ok = n = 0
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            gold = map_bitext(row["intent"])
            got = u.understand_sync(row["instruction"]).intent
            ok += got is gold
            n += 1
            per[gold.value][0] += got is gold
            per[gold.value][1] += 1
    print(f"intent accuracy {pct(ok, n)}")
    print(
        "per mapped label: "
        + ", ".join(f"{k} {100 * a / b:.1f}%" for k, (a, b) in sorted(per.items()))
    )


def bench_clinc(u: LocalUnderstander, shared: Path) -> None:
    path = shared / "clinc150-oos" / "data_full.json"
    section("CLINC150 out-of-scope queries (oos_train + oos_val + oos_test; never trained on)")
    if not path.exists():
        print(f"skipped: {path} not found")
        return
    data = json.loads(path.read_text("utf-8"))
    queries = [t for key in ("oos_train", "oos_val", "oos_test") for t, _ in data[key]]
    wrong = Counter()
    for q in queries:
        r = u.understand_sync(q)
        if r.intent is not Intent.OTHER:
            wrong[r.intent.value] += 1
    n_wrong = sum(wrong.values())
    print(f"given a label other than `other`: {pct(n_wrong, len(queries))}")
    if wrong:
        print("  by label: " + ", ".join(f"{k} {v}" for k, v in wrong.most_common()))
    low = sum(
        1
        for q in queries
        if (r := u.understand_sync(q)).intent is not Intent.OTHER and r.confidence < 0.5
    )
    print(f"  of those, below nlu_min_confidence 0.5 (dialogue would ask): {low}")


def bench_language(u: LocalUnderstander, items) -> None:
    section("language detection on the held-out chat set (no hint, no previous language)")
    texts = [(it.text, it.language) for it in items]
    short = [(t, g) for t, g in texts if len(t) <= 12]
    results: dict[str, tuple[int, int, int, int, float]] = {}

    def run(name, fn):
        started = time.perf_counter()
        ok = sum(fn(t) == g for t, g in texts)
        elapsed = time.perf_counter() - started
        sok = sum(fn(t) == g for t, g in short)
        results[name] = (ok, len(texts), sok, len(short), elapsed / len(texts) * 1e6)

    det = u.detector
    run("shipped: script+han+model+context", lambda t: det.detect(t).language)
    try:
        from langdetect import DetectorFactory, detect

        DetectorFactory.seed = 0

        def ld(t: str) -> str:
            try:
                code = detect(t)
            except Exception:
                return "?"
            return LANGDETECT_MAP.get(code, code)

        run("langdetect alone", ld)

        def ld_combo(t: str) -> str:
            g = det.detect(t)
            return ld(t) if g.method == "model" else g.language

        run("script+han rules, langdetect for Latin", ld_combo)
    except ImportError:
        print("langdetect not installed: skipped")
    try:
        from lingua import Language, LanguageDetectorBuilder

        langs = {
            Language.CHINESE: "zh",
            Language.ENGLISH: "en",
            Language.SPANISH: "es",
            Language.RUSSIAN: "ru",
            Language.JAPANESE: "ja",
            Language.KOREAN: "ko",
            Language.ARABIC: "ar",
            Language.PORTUGUESE: "pt",
            Language.FRENCH: "fr",
            Language.GERMAN: "de",
            Language.VIETNAMESE: "vi",
            Language.THAI: "th",
            Language.INDONESIAN: "id",
        }
        lingua = LanguageDetectorBuilder.from_languages(*langs).build()

        def li(t: str) -> str:
            lang = lingua.detect_language_of(t)
            code = langs.get(lang, "?") if lang else "?"
            return han_variant(t) if code == "zh" else code

        run("lingua alone (13 languages; zh split by our char-set rule)", li)

        def li_combo(t: str) -> str:
            g = det.detect(t)
            return li(t) if g.method == "model" else g.language

        run("script+han rules, lingua for Latin", li_combo)
    except ImportError:
        print("lingua not installed: skipped")
    print(f"{'detector':58} {'all':>18} {'<=12 chars':>16} {'us/msg':>8}")
    for name, (ok, n, sok, sn, us) in results.items():
        print(f"{name:58} {pct(ok, n):>18} {pct(sok, sn):>16} {us:8.1f}")

    section("language of short, ambiguous messages with context")
    cases = [
        ("ok", None, "zh_Hans", "zh_Hans"),
        ("ok", "es-MX", None, "es"),
        ("123456789012", "pt-BR", None, "pt"),
        ("no", None, "es", "es"),
        ("no", "en-US", None, "en"),
        ("refund?", None, None, "en"),
        ("发票", None, None, "zh_Hans"),
        ("發票", None, None, "zh_Hant"),
        ("确认", "zh-TW", None, "zh_Hans"),
        ("好", "zh_TW", None, "zh_Hant"),
        ("好", None, "zh_Hans", "zh_Hans"),
        ("はい", None, None, "ja"),
        ("нет", None, None, "ru"),
        ("sim", "pt-BR", None, "pt"),
        ("ya", "id", None, "id"),
        ("ja", "de-DE", None, "de"),
        ("oui", None, None, "fr"),
    ]
    ok = 0
    for text, hint, prev, gold in cases:
        got = det.detect(text, hint, prev).language
        ok += got == gold
        if got != gold:
            print(f"  miss: {text!r} hint={hint} prev={prev}: {got} (want {gold})")
    print(f"shipped combination: {pct(ok, len(cases))}")


def bench_speed(items) -> None:
    section("speed (one core)")
    started = time.perf_counter()
    model = NluModel.load()
    u = LocalUnderstander(model, encoder=None)
    load = time.perf_counter() - started
    print(f"model load (artifact read + understander built): {load * 1000:.0f} ms")
    texts = [it.text for it in items]
    for t in texts[:50]:
        u.understand_sync(t)
    n = 0
    started = time.perf_counter()
    while time.perf_counter() - started < 3.0:
        for t in texts:
            u.understand_sync(t, locale_hint="en-US", previous_language="en")
        n += len(texts)
    elapsed = time.perf_counter() - started
    print(
        f"fast path (detection + n-gram intent + rules + entities): {n / elapsed:,.0f} "
        "messages/second"
    )
    _ = LanguageDetector  # documented: the detector is part of the timed path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--eval", type=Path, default=EVAL_PATH)
    parser.add_argument("--no-encoder", action="store_true", help="without the semantic tier")
    parser.add_argument(
        "--fresh",
        type=Path,
        metavar="PATH",
        help="only measure this messages file (schema of eval/fresh/README.md), with latency",
    )
    parser.add_argument(
        "--latency-only",
        action="store_true",
        help="with --fresh: only the warm and cold latency (a first pass fills the caches)",
    )
    parser.add_argument(
        "--chat", action="store_true", help="only the older chat set (aggregates, no rows)"
    )
    parser.add_argument(
        "--heldout",
        action="store_true",
        help="only the held-out fifth of our own training utterances (trains in memory)",
    )
    parser.add_argument(
        "--misses",
        action="store_true",
        help="print the rows read wrong (refused for files under core/data/nlu/eval/)",
    )
    args = parser.parse_args(argv)
    if args.latency_only and not args.fresh:
        parser.error("--latency-only needs --fresh PATH")
    if args.misses and not (args.fresh or args.heldout):
        parser.error("--misses needs --fresh PATH (outside core/data/nlu/eval/) or --heldout")
    if args.fresh and args.misses and frozen(args.fresh):
        parser.error(f"{args.fresh} is frozen evaluation data: its misses are never printed")
    if args.heldout:
        bench_heldout(args.no_encoder, args.misses)
        return 0
    u = LocalUnderstander(encoder=None if args.no_encoder else True)
    keys = ("sklearn_version", "n_examples", "n_own_examples", "n_features")
    print(f"model: {json.dumps({k: u.model.meta.get(k) for k in keys})}")
    if args.fresh or args.chat:
        if args.fresh and args.latency_only:
            bench_latency(u, args.fresh, fill=True)
        elif args.fresh:
            bench_fresh(u, args.fresh, args.misses)
            bench_latency(u, args.fresh)
        if args.chat:
            bench_eval(u, read_eval(args.eval))
        return 0
    items = read_eval(args.eval)
    bench_fresh(u)
    bench_latency(u)
    bench_eval(u, items)
    bench_bitext(u, args.shared)
    bench_clinc(u, args.shared)
    bench_language(u, items)
    bench_speed(items)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
