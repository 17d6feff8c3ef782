"""The typed-conversation benchmark (bench/conversations.py) runs and its judge tells PASS from
FAIL. It does not assert that the bot passes the benchmark: that is the benchmark's figure."""

from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path
from types import ModuleType

import pytest

RUNNER = Path(__file__).resolve().parents[1] / "bench" / "conversations.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_conversations", RUNNER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def greeting(bench: ModuleType, **expect: object) -> object:
    return bench.Conversation.model_validate(
        {
            "id": "en-greeting-01",
            "language": "en",
            "channel": "web",
            "user": "demo-emma",
            "flow": "greeting",
            "turns": ["Hello!"],
            "expect": expect,
        }
    )


async def test_the_runner_prints_one_result_line_per_conversation(bench: ModuleType) -> None:
    conversations = bench.load_set("test")[:3]
    out = io.StringIO()

    results = await bench.run(conversations, out=out)

    lines = out.getvalue().splitlines()
    assert [r.id for r in results] == [c.id for c in conversations]
    for conversation in conversations:
        line = next(row for row in lines if row.startswith(f"{conversation.id} "))
        assert " pass" in line or " FAIL" in line


async def test_a_met_expectation_is_reported_pass(bench: ModuleType) -> None:
    conversation = greeting(bench, replies_contain=[r"re:\w"], no_new_returns=True)

    [result] = await bench.run([conversation], out=io.StringIO())

    assert result.passed, result.failures
    assert bench.result_line(result).endswith("pass")


async def test_a_violated_reply_expectation_is_reported_fail(bench: ModuleType) -> None:
    conversation = greeting(bench, replies_contain=["a sentence no greeting contains"])

    [result] = await bench.run([conversation], out=io.StringIO())

    assert not result.passed
    assert "FAIL  replies lack 'a sentence no greeting contains'" in bench.result_line(result)


async def test_a_violated_shop_expectation_is_reported_fail(bench: ModuleType) -> None:
    conversation = greeting(bench, orders={"#1038": {"status": "cancelled"}})

    [result] = await bench.run([conversation], out=io.StringIO())

    assert result.failures == ["order #1038: status is 'delivered', not 'cancelled'"]


def test_every_conversation_of_the_frozen_set_is_well_formed(bench: ModuleType) -> None:
    conversations = bench.load_set("test")

    per_language: dict[str, int] = {}
    for conversation in conversations:
        per_language[conversation.language] = per_language.get(conversation.language, 0) + 1
    assert len(conversations) >= 84
    assert len(per_language) == 14 and min(per_language.values()) >= 6
