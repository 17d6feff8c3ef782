"""The model's data and artifact: held-out set disjoint from training, reproducible training,
committed artifact in step with the data, loadable quickly, and the CLI output shape."""

from __future__ import annotations

import io
import json
import time

from core.understanding import LANGUAGES
from core.understanding.cli import parse_command
from core.understanding.model import NluModel
from core.understanding.training import (
    DEV_DIR,
    Example,
    data_fingerprint,
    frozen_keys,
    prototype_answers,
    read_dev_answers,
    read_dev_messages,
    read_eval,
    read_own,
    text_key,
    train,
    training_examples,
)
from core.understanding.types import Intent


def test_eval_set_does_not_overlap_training_data():
    trained = {text_key(e.text) for e in read_own()}
    overlap = [it.text for it in read_eval() if text_key(it.text) in trained]
    assert overlap == []


def test_no_text_of_a_frozen_set_is_trained_on():
    trained = {text_key(e.text) for e in training_examples() if e.source == "own"}
    trained |= {text_key(a.text) for a in prototype_answers()}
    assert len(frozen_keys()) > 2_500  # first messages, typed answers, conversation turns
    assert trained & frozen_keys() == set()


def test_development_sets_teach_the_model_their_labels_and_answers():
    messages = {(e.text, e.intent.value) for e in read_dev_messages()}
    first = json.loads((DEV_DIR / "messages_dev7.jsonl").read_text("utf-8").splitlines()[0])
    assert (first["text"], first["intent"]) in messages
    assert {a.slot for a in read_dev_answers()} == {"reason", "yes_no"}


def test_a_development_set_left_out_of_training_teaches_nothing():
    left_out = ("messages_dev7.jsonl", "answers_dev7.jsonl")
    texts = {e.text for e in read_dev_messages(left_out)}
    texts |= {a.text for a in read_dev_answers(left_out)}
    for name in left_out:
        for line in (DEV_DIR / name).read_text("utf-8").splitlines():
            row = json.loads(line)
            own = row.get("text") or row["reply"]
            assert own not in texts or _elsewhere(own, left_out), row["id"]


def _elsewhere(text: str, left_out: tuple[str, ...]) -> bool:
    """Whether `text` is also written in a set that was not left out (a short "yes")."""
    for path in sorted(DEV_DIR.glob("*_dev*.jsonl")):
        if path.name not in left_out and f'"{text}"' in path.read_text("utf-8"):
            return True
    return False


def test_eval_set_covers_every_language_and_label():
    items = read_eval()
    assert {it.language for it in items} == set(LANGUAGES)
    assert {it.intent for it in items} == set(Intent)


def test_own_training_data_covers_every_label_in_every_language():
    seen = {(e.language, e.intent) for e in read_own()}
    missing = [(lang, i.value) for lang in LANGUAGES for i in Intent if (lang, i) not in seen]
    assert missing == []


def test_committed_artifact_matches_the_training_data():
    # Fails when data/nlu changed without `ordersupport nlu train` being run.
    assert NluModel.load().meta["data_sha256"] == data_fingerprint()


def test_model_loads_fast():
    started = time.perf_counter()
    NluModel.load()
    assert time.perf_counter() - started < 2.0


def test_training_is_deterministic():
    examples = [
        Example(text, intent, lang, "own")
        for text, intent, lang in [
            ("where is my order", Intent.ORDER_STATUS, "en"),
            ("my parcel has not arrived", Intent.ORDER_STATUS, "en"),
            ("cancel my order", Intent.CANCEL_ORDER, "en"),
            ("please cancel it", Intent.CANCEL_ORDER, "en"),
            ("¿dónde está mi pedido?", Intent.ORDER_STATUS, "es"),
            ("cancela mi pedido", Intent.CANCEL_ORDER, "es"),
        ]
    ]
    a, b = train(examples), train(examples)
    assert a.index == b.index
    assert (a.weights == b.weights).all()
    assert a.score("cancel").intent.argmax() == b.score("cancel").intent.argmax()


def test_parse_command_writes_one_json_object_per_line():
    out = io.StringIO()
    rc = parse_command(io.StringIO("订单 2087654321098765432 到哪了\n\nrefund?\n"), out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert rc == 0
    assert len(rows) == 2
    for row in rows:
        assert set(row) == {"text", "language", "intent", "confidence", "entities"}
        assert row["language"] in LANGUAGES
        assert Intent(row["intent"])
        assert 0 <= row["confidence"] <= 1
    assert rows[0]["text"] == "订单 2087654321098765432 到哪了"
    assert rows[0]["intent"] == "order_status"
    assert rows[0]["entities"]["order_numbers"] == ["2087654321098765432"]


def test_a_word_class_matches_as_one_alternation_of_its_words_longest_first() -> None:
    """The prefix-tree pattern of a class finds what the plain alternation finds: stems take
    their endings, whole words stop at a boundary, unspaced entries match inside text."""
    from core.understanding.lexicon import WordClass, normalize

    words = WordClass("cancel*, can, can not, cannot, 取消, 取消订单, ok, okay, не надо")
    text = normalize("Can not cancelled cannot? 我要取消订单 okayish ok не надо")
    found = [m.group(0) for m in words.finditer(text)]
    assert found == ["can not", "cancelled", "cannot", "取消订单", "ok", "не надо"]
    assert words.fullmatch("cancels") and not words.fullmatch("scancel")
