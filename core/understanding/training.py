"""Rebuild the intent + language model from the data kept in the repo (`ordersupport nlu train`).

Sources, all under `core/data/nlu/` (package data):
- `bitext/bitext_cs_sample_*.csv`: Bitext's English customer-service samples (CDLA-Sharing-1.0),
  mapped onto our 17 labels by `BITEXT_TO_INTENT`, capped per Bitext intent; utterances that
  also occur in the Bitext *entities* files (our benchmark) are dropped via `excluded_sha1.txt`.
- `banking77/train.csv`: PolyAI BANKING77 (CC BY 4.0), only categories with no order meaning,
  as `other` examples.
- `train/<language>.tsv` and `train2/<language>.tsv`: utterances we wrote, `label<TAB>text`, every
  label in every language (train2: the longer, colloquial, negated and two-request messages of
  round 3).
- `train2/answers/<language>.tsv`: typed answers to the bot's own questions, `slot<TAB>value<TAB>
  text` (return reasons, yes/no): the prototypes the semantic tier compares a reply with.
- `dev/messages_dev*.jsonl` and `dev/answers_dev*.jsonl`: the development sets, each written by
  writers who never saw the code, in every language. Their first messages (by their `intent`),
  their typed reasons and yes/no answers (as prototypes) and the questions typed instead of an
  answer (by their `intent`) are trained on too: many hands' wordings, where ours are few.

No text that also occurs in a frozen evaluation set (first messages, typed answers, the typed
conversations' turns) is trained on, from any source but Bitext (whose own benchmark overlap
`excluded_sha1.txt` removes): a test asserts it.

With an encoder installed, training also fits the semantic head (a linear layer over the
encoder's sentence vectors, on the same utterances) and embeds the answer prototypes.

Deterministic: fixed seeds, sorted inputs, a deterministic solver; the same data gives the same
artifact. scikit-learn is only needed here; the artifact is plain numpy arrays + JSON.
"""

from __future__ import annotations

import csv
import hashlib
import json
import time
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.resources import NLU_DATA
from core.understanding.model import META_PATH, MODEL_DIR, MODEL_PATH, REPO_ROOT, NluModel
from core.understanding.semantic import (
    AnswerPrototypes,
    Encoder,
    SemanticHead,
    default_encoder,
    second_encoder,
)
from core.understanding.text import analyzer, fold_marks, normalize
from core.understanding.types import Intent

DATA_DIR = NLU_DATA
BITEXT_DIR = DATA_DIR / "bitext"
TRAIN_DIR = DATA_DIR / "train"
TRAIN2_DIR = DATA_DIR / "train2"
DEV_DIR = DATA_DIR / "dev"
FROZEN_JSONL = (
    DATA_DIR / "eval" / "fresh" / "messages.jsonl",
    DATA_DIR / "eval" / "fresh" / "answers.jsonl",
)
FROZEN_CONVERSATIONS = REPO_ROOT / "bench" / "conversations" / "test"
ANSWERS_DIR = TRAIN2_DIR / "answers"
EVAL_PATH = DATA_DIR / "eval" / "chat_eval.tsv"
EXCLUDED_PATH = BITEXT_DIR / "excluded_sha1.txt"
BITEXT_FILES = ("bitext_cs_sample_8175.csv", "bitext_cs_sample_21534.csv")
BANKING77_PATH = DATA_DIR / "banking77" / "train.csv"
BANKING77_CAP = 25  # per category
#: BANKING77 categories with no order meaning: negative (`other`) examples only (CC BY 4.0).
#: Left out: everything about the bank card itself (accepted cards and wallets, a card that does
#: not work, expired, blocked, lost...): a shop's customer says such things about paying
#: (payment_issue, policy_question), and they taught the model that "card" means `other`.
BANKING77_OTHER = (
    "age_limit atm_support automatic_top_up beneficiary_not_allowed country_support "
    "exchange_rate exchange_via_app fiat_currency_support lost_or_stolen_phone "
    "passcode_forgotten receiving_money terminate_account top_up_by_bank_transfer_charge "
    "top_up_by_cash_or_cheque top_up_by_card_charge top_up_limits topping_up_by_card "
    "transfer_into_account unable_to_verify_identity verify_my_identity verify_source_of_funds "
    "verify_top_up why_verify_identity cash_withdrawal_charge exchange_charge"
).split()

SEED = 20240315
BITEXT_CAP = 700  # utterances per Bitext intent
BITEXT_OTHER_CAP = 220  # per Bitext intent that maps to `other`
OWN_WEIGHT = 8.0  # our own utterances count this many times a Bitext one
LATIN_LANGUAGES = ("en", "es", "pt", "fr", "de", "id", "vi")
BITEXT_LANGUAGE_ROWS = 1200  # English rows from Bitext given to the language head
MAX_FEATURES = 150_000
C_INTENT = 12.0
C_LANGUAGE = 8.0
C_SEMANTIC = 4.0
SEMANTIC_HEAD_PATH = MODEL_DIR / "semantic_head.npz"
SECOND_HEAD_PATH = MODEL_DIR / "semantic_head_use.npz"
PROTOTYPES_PATH = MODEL_DIR / "answer_prototypes.npz"

BITEXT_TO_INTENT: dict[str, Intent] = {
    "track_order": Intent.ORDER_STATUS,
    "delivery_period": Intent.ORDER_STATUS,
    "change_shipping_address": Intent.CHANGE_ADDRESS,
    "set_up_shipping_address": Intent.CHANGE_ADDRESS,
    "cancel_order": Intent.CANCEL_ORDER,
    "change_order": Intent.MODIFY_ORDER,
    "get_refund": Intent.RETURN_REQUEST,
    "track_refund": Intent.REFUND_STATUS,
    "payment_issue": Intent.PAYMENT_ISSUE,
    "check_invoice": Intent.INVOICE,
    "check_invoices": Intent.INVOICE,
    "get_invoice": Intent.INVOICE,
    "contact_human_agent": Intent.HUMAN_AGENT,
    "contact_customer_service": Intent.HUMAN_AGENT,
    "complaint": Intent.COMPLAINT,
    "check_refund_policy": Intent.POLICY_QUESTION,
    "delivery_options": Intent.POLICY_QUESTION,
    "check_cancellation_fee": Intent.POLICY_QUESTION,
    "check_payment_methods": Intent.POLICY_QUESTION,
}


def map_bitext(intent: str) -> Intent:
    """A Bitext intent under our mapping; everything unlisted is `other`."""
    return BITEXT_TO_INTENT.get(intent.strip(), Intent.OTHER)


def text_key(text: str) -> str:
    """The identity of an utterance for de-duplication and overlap checks."""
    return hashlib.sha1(normalize(text).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Example:
    text: str
    intent: Intent
    language: str
    source: str  # "bitext", "banking77" or "own"


def own_files() -> list[Path]:
    return sorted(TRAIN_DIR.glob("*.tsv")) + sorted(TRAIN2_DIR.glob("*.tsv"))


def dev_files(pattern: str, without: Collection[str] = ()) -> list[Path]:
    """The development sets matching `pattern`, but those named in `without` (file names: a
    set left out of training to be measured on, `ordersupport nlu train --without`)."""
    return [p for p in sorted(DEV_DIR.glob(pattern)) if p.name not in without]


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            yield json.loads(line)


def frozen_keys() -> set[str]:
    """The texts of the frozen evaluation sets (first messages, typed answers, the customer
    turns of the typed conversations), as `text_key`s: a development row that says the same
    is never trained on, so no frozen figure is measured on a trained text. (The conversations
    live in the repository's `bench/`, not in the package: train from a checkout.)"""
    keys = {text_key(item.text) for item in read_eval()}
    for path in FROZEN_JSONL:
        keys.update(text_key(row.get("text") or row["reply"]) for row in _jsonl(path))
    for path in sorted(FROZEN_CONVERSATIONS.glob("*.json")):
        for conversation in json.loads(path.read_text("utf-8")):
            keys.update(text_key(turn) for turn in conversation["turns"])
    return keys


def read_dev_messages(without: Collection[str] = ()) -> list[Example]:
    """The development sets' first messages and the questions typed instead of an answer, each
    with the intent its writer labelled."""
    frozen = frozen_keys()
    rows = [
        (row["text"], row["intent"], row["language"])
        for path in dev_files("messages_dev*.jsonl", without)
        for row in _jsonl(path)
    ]
    rows += [
        (row["reply"], row["expected"]["intent"], row["language"])
        for path in dev_files("answers_dev*.jsonl", without)
        for row in _jsonl(path)
        if row["expected"].get("not_an_answer")
    ]
    return [
        Example(text, Intent(intent), language, "own")
        for text, intent, language in rows
        if text_key(text) not in frozen
    ]


def read_dev_answers(without: Collection[str] = ()) -> list[AnswerExample]:
    """The development sets' typed return reasons and yes/no answers, as prototypes."""
    frozen = frozen_keys()
    return [
        AnswerExample(row["step"], row["expected"]["answer"], row["reply"], row["language"])
        for path in dev_files("answers_dev*.jsonl", without)
        for row in _jsonl(path)
        if row["step"] in ("reason", "yes_no")
        and isinstance(row["expected"].get("answer"), str)
        and text_key(row["reply"]) not in frozen
    ]


def read_own(train_dir: Path | None = None) -> list[Example]:
    out: list[Example] = []
    for path in sorted(train_dir.glob("*.tsv")) if train_dir else own_files():
        out.extend(read_labelled_tsv(path, path.stem))
    return out


@dataclass(frozen=True)
class AnswerExample:
    slot: str
    value: str
    text: str
    language: str


def read_answers(answers_dir: Path = ANSWERS_DIR) -> list[AnswerExample]:
    out: list[AnswerExample] = []
    for path in sorted(answers_dir.glob("*.tsv")):
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                raise ValueError(f"{path}:{n}: expected 'slot<TAB>value<TAB>text'")
            out.append(AnswerExample(parts[0], parts[1], parts[2].strip(), path.stem))
    return out


def read_labelled_tsv(path: Path, language: str) -> list[Example]:
    out = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        label, sep, text = line.partition("\t")
        if not sep or not text.strip():
            raise ValueError(f"{path}:{n}: expected 'label<TAB>text'")
        out.append(Example(text.strip(), Intent(label.strip()), language, "own"))
    return out


@dataclass(frozen=True)
class EvalItem:
    text: str
    language: str
    intent: Intent
    order_numbers: tuple[str, ...]


def read_eval(path: Path = EVAL_PATH) -> list[EvalItem]:
    out = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4:
            raise ValueError(f"{path}:{n}: expected 4 tab-separated fields, got {len(parts)}")
        lang, label, orders, text = parts
        numbers = () if orders.strip() in ("", "-") else tuple(orders.strip().split(","))
        out.append(EvalItem(text.strip(), lang.strip(), Intent(label.strip()), numbers))
    return out


def read_bitext_csv(path: Path) -> Iterable[tuple[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            yield row["utterance"], row["intent"]


def excluded_keys() -> set[str]:
    if not EXCLUDED_PATH.exists():
        return set()
    return {k.strip() for k in EXCLUDED_PATH.read_text("utf-8").split() if k.strip()}


def write_exclusions(entities_files: Iterable[Path]) -> int:
    """Record (as hashes) the benchmark utterances that training must never see."""
    keys: set[str] = set()
    for path in entities_files:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            keys.update(text_key(row["instruction"]) for row in csv.DictReader(fh))
    ours: set[str] = set()
    for name in BITEXT_FILES:
        ours.update(text_key(u) for u, _ in read_bitext_csv(BITEXT_DIR / name))
    overlap = sorted(keys & ours)
    EXCLUDED_PATH.write_text("\n".join(overlap) + "\n", "utf-8")
    return len(overlap)


def read_bitext(rng: np.random.Generator) -> list[Example]:
    excluded = excluded_keys()
    by_intent: dict[str, dict[str, str]] = defaultdict(dict)
    for name in BITEXT_FILES:
        for utterance, intent in read_bitext_csv(BITEXT_DIR / name):
            key = text_key(utterance)
            if key in excluded:
                continue
            by_intent[intent.strip()].setdefault(key, utterance.strip())
    out: list[Example] = []
    for intent in sorted(by_intent):
        rows = [by_intent[intent][k] for k in sorted(by_intent[intent])]
        mapped = map_bitext(intent)
        cap = BITEXT_OTHER_CAP if mapped is Intent.OTHER else BITEXT_CAP
        if len(rows) > cap:
            pick = sorted(rng.choice(len(rows), size=cap, replace=False).tolist())
            rows = [rows[i] for i in pick]
        out.extend(Example(r, mapped, "en", "bitext") for r in rows)
    return out


def read_banking77(rng: np.random.Generator) -> list[Example]:
    if not BANKING77_PATH.exists():
        return []
    wanted = set(BANKING77_OTHER)
    by_cat: dict[str, list[str]] = defaultdict(list)
    with BANKING77_PATH.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["category"] in wanted:
                by_cat[row["category"]].append(row["text"].strip())
    out: list[Example] = []
    for cat in sorted(by_cat):
        rows = sorted(set(by_cat[cat]))
        pick = sorted(rng.choice(len(rows), size=min(BANKING77_CAP, len(rows)), replace=False))
        out.extend(Example(rows[i], Intent.OTHER, "en", "banking77") for i in pick)
    return out


#: Languages whose customers often type without the diacritics ("toi muon huy don"): their
#: own utterances are trained on a second time, folded, so both spellings teach the model.
UNMARKED_LANGUAGES = ("vi",)


def unmarked_copies(examples: list[Example]) -> list[Example]:
    """Our utterances of `UNMARKED_LANGUAGES` without diacritics, where that changes them."""
    out = []
    for e in examples:
        if e.language in UNMARKED_LANGUAGES and e.source == "own":
            folded = " ".join(fold_marks(w) for w in e.text.split(" "))
            if folded != e.text:
                out.append(Example(folded, e.intent, e.language, "own"))
    return out


def training_examples(without: Collection[str] = ()) -> list[Example]:
    """Everything the intent models learn from; `without` leaves development sets out."""
    rng = np.random.default_rng(SEED)
    frozen = frozen_keys()  # a few of our short lines ("yes", "да") are typed there too
    own = [e for e in read_own() if text_key(e.text) not in frozen] + read_dev_messages(without)
    return read_bitext(rng) + read_banking77(rng) + own + unmarked_copies(own)


def data_fingerprint() -> str:
    h = hashlib.sha256()
    files = [BITEXT_DIR / n for n in BITEXT_FILES] + [EXCLUDED_PATH, BANKING77_PATH]
    files += own_files() + sorted(ANSWERS_DIR.glob("*.tsv"))
    files += dev_files("messages_dev*.jsonl") + dev_files("answers_dev*.jsonl")
    for path in files:
        if path.exists():
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def train(examples: list[Example] | None = None) -> NluModel:
    from sklearn import __version__ as sklearn_version
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    started = time.perf_counter()
    from_repo = examples is None
    examples = training_examples() if examples is None else examples
    texts = [e.text for e in examples]
    vectorizer = TfidfVectorizer(
        analyzer=analyzer,
        sublinear_tf=True,
        min_df=1,
        max_features=MAX_FEATURES,
        dtype=np.float32,
    )
    x = vectorizer.fit_transform(texts)
    labels = [i.value for i in Intent]
    y = np.array([labels.index(e.intent.value) for e in examples])
    w = np.array([OWN_WEIGHT if e.source == "own" else 1.0 for e in examples])
    intent_clf = LogisticRegression(C=C_INTENT, max_iter=3000, tol=1e-5)
    intent_clf.fit(x, y, sample_weight=w)

    # Language head: Latin-script rows only (other scripts are decided by script rules).
    rng = np.random.default_rng(SEED + 1)
    en_rows = [i for i, e in enumerate(examples) if e.source != "own"]
    keep_en = set(rng.choice(en_rows, size=min(BITEXT_LANGUAGE_ROWS, len(en_rows)), replace=False))
    rows = [
        i
        for i, e in enumerate(examples)
        if e.language in LATIN_LANGUAGES and (e.source == "own" or i in keep_en)
    ]
    ylang = np.array([LATIN_LANGUAGES.index(examples[i].language) for i in rows])
    lang_clf = LogisticRegression(C=C_LANGUAGE, max_iter=3000, tol=1e-5, class_weight="balanced")
    lang_clf.fit(x[rows], ylang)

    coef_intent = _full_coef(intent_clf, len(labels))
    coef_lang = _full_coef(lang_clf, len(LATIN_LANGUAGES))
    weights = np.hstack([coef_intent[0].T, coef_lang[0].T])
    bias = np.concatenate([coef_intent[1], coef_lang[1]])
    vocab = vectorizer.get_feature_names_out().tolist()
    meta = {
        "sklearn_version": sklearn_version,
        "data_sha256": data_fingerprint() if from_repo else "",
        "seed": SEED,
        "n_examples": len(examples),
        "n_own_examples": sum(e.source == "own" for e in examples),
    }
    model = NluModel(vocab, vectorizer.idf_, weights, bias, labels, list(LATIN_LANGUAGES), meta)
    model.train_seconds = round(time.perf_counter() - started, 1)  # not in meta: reproducible
    return model


def _full_coef(clf: Any, n_classes: int) -> tuple[np.ndarray, np.ndarray]:
    """(coef (n_classes, n_features), intercept) with rows for every class, in class order."""
    coef = np.zeros((n_classes, clf.coef_.shape[1]), dtype=np.float64)
    bias = np.full(n_classes, -30.0)
    if len(clf.classes_) == 2:  # binary: one row w; softmax(-w/2, w/2) == sigmoid(w)
        c0, c1 = clf.classes_
        coef[c0], coef[c1] = -clf.coef_[0] / 2, clf.coef_[0] / 2
        bias[c0], bias[c1] = -clf.intercept_[0] / 2, clf.intercept_[0] / 2
        return coef, bias
    for row, cls in enumerate(clf.classes_):
        coef[cls] = clf.coef_[row]
        bias[cls] = clf.intercept_[row]
    return coef, bias


def train_semantic_head(examples: list[Example], encoder: Encoder) -> SemanticHead:
    """Logistic regression over the encoder's sentence vectors of the same utterances."""
    from sklearn.linear_model import LogisticRegression

    labels = [i.value for i in Intent]
    vectors = embed_all(encoder, [e.text for e in examples])
    y = np.array([labels.index(e.intent.value) for e in examples])
    w = np.array([OWN_WEIGHT if e.source == "own" else 1.0 for e in examples])
    clf = LogisticRegression(C=C_SEMANTIC, max_iter=3000, tol=1e-5)
    clf.fit(vectors, y, sample_weight=w)
    coef, bias = _full_coef(clf, len(labels))
    return SemanticHead(coef.T, bias, labels, encoder.name)


def prototype_answers(without: Collection[str] = ()) -> list[AnswerExample]:
    """The typed answers (reasons, yes/no) the interpreter compares a reply with."""
    frozen = frozen_keys()
    return [
        a
        for a in read_answers() + read_dev_answers(without)
        if a.slot in AnswerPrototypes.SLOTS and text_key(a.text) not in frozen
    ]


def answer_prototypes(encoder: Encoder, without: Collection[str] = ()) -> AnswerPrototypes:
    """The typed answers, embedded once, for the interpreter to compare."""
    answers = prototype_answers(without)
    vectors = embed_all(encoder, [a.text for a in answers])
    return AnswerPrototypes(
        [a.slot for a in answers], [a.value for a in answers], vectors, encoder.name
    )


EMBEDDING_CACHE_DIR = REPO_ROOT / "var"


def _cache_path(encoder: str) -> Path:
    """One cache file per encoder, so training both heads does not evict the other's vectors."""
    return EMBEDDING_CACHE_DIR / f"nlu-embeddings-{encoder}.npz"


def embed_all(encoder: Encoder, texts: list[str], batch: int = 64) -> np.ndarray:
    """Sentence vectors of many texts, in batches (training only: minutes, not per message).
    Vectors are kept in `var/` by text and encoder, so a retrain embeds only new texts."""
    cache = _load_embedding_cache(encoder.name)
    keys = [hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts]
    todo = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in cache}.items())
    for start in range(0, len(todo), batch):
        chunk = todo[start : start + batch]
        vectors = encoder.embed([t for _, t in chunk])
        cache.update({k: v for (k, _), v in zip(chunk, vectors, strict=True)})
    if todo:
        _save_embedding_cache(encoder.name, cache)
    return np.stack([cache[k] for k in keys]) if keys else np.empty((0, encoder.dim))


def _load_embedding_cache(encoder: str) -> dict[str, np.ndarray]:
    path = _cache_path(encoder)
    if not path.exists():
        return {}
    with np.load(path, allow_pickle=False) as z:
        if str(z["encoder"]) != encoder:
            return {}
        return dict(zip(str(z["keys"]).split("\n"), z["vectors"], strict=True))


def _save_embedding_cache(encoder: str, cache: dict[str, np.ndarray]) -> None:
    path = _cache_path(encoder)
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = sorted(cache)
    np.savez(
        path,
        encoder=np.array(encoder),
        keys=np.array("\n".join(keys)),
        vectors=np.stack([cache[k] for k in keys]).astype(np.float32),
    )


def train_and_save(without: Collection[str] = ()) -> NluModel:
    """Train and write the artifacts. `without` leaves development sets out, to measure on
    them what they taught (such an artifact records no data fingerprint: never commit it)."""
    examples = training_examples(without)
    model = train(examples if without else None)
    model.save(MODEL_PATH, META_PATH)
    encoder = default_encoder()
    if encoder is not None:
        train_semantic_head(examples, encoder).save(SEMANTIC_HEAD_PATH)
        answer_prototypes(encoder, without).save(PROTOTYPES_PATH)
        second = second_encoder()
        if second is not None:
            train_semantic_head(examples, second).save(SECOND_HEAD_PATH)
    return model
