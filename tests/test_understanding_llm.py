"""The optional LLM provider against a fake OpenAI-compatible endpoint on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json

import pytest
from aiohttp import web

from core.settings import Settings
from core.understanding import Intent, build_understander
from core.understanding.expect import Expectation, ExpectedOption, ExpectKind
from core.understanding.llm import LLMUnderstander


def answer(content: str) -> dict:
    return {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]}


GOOD = {
    "intent": "change_address",
    "confidence": 0.88,
    "alternatives": [["order_status", 0.07], ["other", 0.03]],
    "entities": {
        "order_numbers": ["2087654321098765432", "999999999999"],  # the 2nd is invented
        "phones": ["13812345678"],
        "address": {
            "country": "CN",
            "province": "浙江省",
            "city": "杭州市",
            "line1": "文三路100号",
        },
    },
}


@pytest.fixture
async def fake_llm():
    """A fake endpoint whose behaviour each test chooses: good, garbage, slow, error."""
    state = {"mode": "good", "requests": []}
    release = asyncio.Event()

    async def handler(request: web.Request) -> web.Response:
        body = await request.json()
        state["requests"].append((dict(request.headers), body))
        mode = state["mode"]
        if mode == "slow":
            await release.wait()
        if mode == "error":
            return web.Response(status=500, text="boom")
        if mode == "garbage":
            return web.json_response(answer("not json at all {"))
        if mode == "invalid":
            return web.json_response(answer(json.dumps({"intent": "buy_a_boat", "confidence": 3})))
        if mode in ("option", "invented"):
            chosen = "return_line:L2" if mode == "option" else "return_line:L9"
            reply = {"intent": "other", "confidence": 0.6, "answer": {"option": chosen}}
            return web.json_response(answer(json.dumps(reply)))
        return web.json_response(answer(json.dumps(GOOD)))

    app = web.Application()
    app.router.add_post("/v1/chat/completions", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    state["base_url"] = f"http://127.0.0.1:{port}/v1"
    yield state
    release.set()
    await runner.cleanup()


def make(state, timeout: float = 2.0) -> LLMUnderstander:
    settings = Settings(
        nlu_llm_base_url=state["base_url"],
        nlu_llm_api_key="sk-test",
        nlu_llm_model="fake-model",
        nlu_llm_timeout_seconds=timeout,
    )
    u = build_understander(settings)
    assert isinstance(u, LLMUnderstander)
    return u


TEXT = "订单2087654321098765432 地址改成浙江省杭州市西湖区文三路100号 13812345678"


async def test_llm_answer_is_validated_and_used(fake_llm):
    u = make(fake_llm)
    try:
        r = await u.understand(TEXT)
    finally:
        await u.aclose()
    assert r.intent is Intent.CHANGE_ADDRESS
    assert r.confidence == pytest.approx(0.88)
    assert r.alternatives[0] == (Intent.ORDER_STATUS, pytest.approx(0.07))
    assert r.language == "zh_Hans"  # language stays the local detector's
    assert r.entities.order_numbers == ["2087654321098765432"]  # invented number dropped
    assert r.entities.address is not None and r.entities.address.city == "杭州市"


async def test_llm_request_is_json_mode_with_the_configured_model_and_key(fake_llm):
    u = make(fake_llm)
    try:
        await u.understand("where is my order")
    finally:
        await u.aclose()
    headers, body = fake_llm["requests"][0]
    assert headers["Authorization"] == "Bearer sk-test"
    assert body["model"] == "fake-model"
    assert body["response_format"] == {"type": "json_object"}
    assert body["messages"][-1] == {"role": "user", "content": "where is my order"}


@pytest.mark.parametrize("mode", ["garbage", "invalid", "error"])
async def test_bad_llm_output_falls_back_to_the_local_model(fake_llm, mode):
    fake_llm["mode"] = mode
    u = make(fake_llm)
    try:
        r = await u.understand("我要取消订单")
    finally:
        await u.aclose()
    assert r.intent is Intent.CANCEL_ORDER
    assert u.failures == 1


async def test_llm_timeout_falls_back_to_the_local_model(fake_llm):
    fake_llm["mode"] = "slow"
    u = make(fake_llm, timeout=0.2)
    try:
        r = await u.understand("我要取消订单")
    finally:
        await u.aclose()
    assert r.intent is Intent.CANCEL_ORDER
    assert u.failures == 1


async def test_unreachable_llm_falls_back_to_the_local_model(fake_llm):
    fake_llm["base_url"] = "http://127.0.0.1:9/v1"
    u = make(fake_llm, timeout=0.5)
    try:
        r = await u.understand("where is my order")
    finally:
        await u.aclose()
    assert r.intent is Intent.ORDER_STATUS


def test_without_a_base_url_the_local_model_is_used():
    from core.understanding.local import LocalUnderstander

    assert isinstance(build_understander(Settings(nlu_llm_base_url=None)), LocalUnderstander)


WHICH_ITEM = Expectation(
    kind=ExpectKind.ITEM,
    options=[
        ExpectedOption(id="return_line:L1", label="Organic Cotton T-Shirt — White, M × 3"),
        ExpectedOption(id="return_line:L2", label="Ceramic Pour-Over Coffee Dripper × 1"),
    ],
)


async def test_the_llm_sees_the_pending_question_and_its_answer_picks_an_offered_option(fake_llm):
    fake_llm["mode"] = "option"
    u = make(fake_llm)
    try:
        r = await u.understand("the thing you brew with", expect=WHICH_ITEM)
    finally:
        await u.aclose()
    _, body = fake_llm["requests"][0]
    assert "return_line:L2" in body["messages"][0]["content"]  # the options were shown
    assert r.answer is not None and r.answer.payload == "return_line:L2"


async def test_an_option_the_llm_invents_is_not_taken(fake_llm):
    fake_llm["mode"] = "invented"
    u = make(fake_llm)
    try:
        r = await u.understand("the thing you brew with", expect=WHICH_ITEM)
    finally:
        await u.aclose()
    assert r.answer is None or r.answer.payload != "return_line:L9"


async def test_a_reply_the_rules_settle_asks_no_model(fake_llm):
    u = make(fake_llm)
    try:
        r = await u.understand("2", expect=WHICH_ITEM)
    finally:
        await u.aclose()
    assert fake_llm["requests"] == [] and r.answer is not None
    assert r.answer.payload == "return_line:L2"
