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
    Example,
    data_fingerprint,
    read_eval,
    read_own,
    text_key,
    train,
)
from core.understanding.types import Intent


def test_eval_set_does_not_overlap_training_data():
    trained = {text_key(e.text) for e in read_own()}
    overlap = [it.text for it in read_eval() if text_key(it.text) in trained]
    assert overlap == []


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
