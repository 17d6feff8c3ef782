"""Typed answers by class, each in several languages (the classes behind the misses of
answers_dev5, in wordings of our own): a no that carries a correction, a preference or a
dialect's negation; a refusal of the action with a question about what instead; photos said
taken. The rule layer alone (no encoder)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from core.understanding.addresses import extract_address
from core.understanding.expect import Expectation, ExpectedOption, ExpectKind
from core.understanding.numbers import parse_quantity
from core.understanding.replies import Reply, interpret
from core.understanding.types import Entities, Intent
from tests.test_typed_answers_dev4_classes import orders
from tests.typed_answer_helpers import RULES, answer, items, yes_no


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("不对，不是这个，是公司那个地址", "change_address"),
        ("不對，是我媽家那個地址", "change_address"),
        ("no, I'd rather exchange it", "return_request"),
        ("нет, лучше обменять на другой размер", "return_request"),
        ("non, plutôt un échange", "return_request"),
        ("아니요 차라리 교환해 주세요", "return_request"),
        ("キャンセルせんといてな", "cancel_order"),
        ("いや、返品はせんでええよ", "return_request"),
    ],
)
def test_a_no_with_what_is_meant_instead_declines(text, action):
    assert answer(text, yes_no(action))[0] == "no"


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("ja, zurückschicken", "return_request"),
        ("no problem, return it", "return_request"),
        ("是的，改吧", "change_address"),
        ("キャンセルしといて", "cancel_order"),
    ],
)
def test_a_yes_with_the_action_still_confirms(text, action):
    assert answer(text, yes_no(action))[0] == "yes"


@pytest.mark.parametrize(
    "text",
    [
        "ไม่คืนแล้ว ขอเปลี่ยนสีแทนได้ไหม",
        "no quiero devolverlo, ¿puedo cambiar la talla?",
        "不退了，能换个尺码吗？",
    ],
)
def test_a_refused_return_with_a_question_about_what_instead_is_a_no(text):
    assert answer(text, yes_no("return_request"))[0] == "no"


@pytest.mark.parametrize(
    "text", ["ถ่ายแล้วนะ เดี๋ยวส่ง", "もう撮りました", "찍어 놨어요", "ya saqué fotos"]
)
def test_photos_said_taken_are_a_yes(text):
    assert answer(text, yes_no(fact="has_photos"))[0] == "yes"


def choices(*labels: tuple[str, str]) -> Expectation:
    return Expectation(
        kind=ExpectKind.CHOICE, options=[ExpectedOption(id=i, label=lab) for i, lab in labels]
    )


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("给我换个新的，钱不用退", (("refund", "退款"), ("exchange", "换货"))),
        ("just swap it for a new one", (("refund", "Refund"), ("exchange", "Exchange"))),
        ("새 걸로 바꿔 주세요", (("refund", "환불"), ("exchange", "교환"))),
        ("đổi cái mới giúp em", (("refund", "Hoàn tiền"), ("exchange", "Đổi hàng"))),
        ("بدلوها بوحدة جديدة", (("refund", "استرداد المبلغ"), ("exchange", "استبدال المنتج"))),
    ],
)
def test_an_exchange_said_in_the_customers_words_is_the_exchange(text, labels):
    assert answer(text, choices(*labels))[0] == "exchange"


SOLD_OUT = choices(
    ("wait", "Esperar a que vuelva el stock"),
    ("refund", "Reembolso de ese artículo"),
    ("alt", "Elegir otro artículo"),
)


@pytest.mark.parametrize(
    ("text", "menu"),
    [
        ("mejor que me regresen la plata", SOLD_OUT),
        ("quero a grana de volta", choices(("wait", "Aguardar estoque"), ("refund", "Reembolso"))),
        ("je veux récupérer mon fric", choices(("wait", "Attendre"), ("refund", "Remboursement"))),
    ],
)
def test_money_back_in_everyday_words_is_the_refund(text, menu):
    assert answer(text, menu)[0] == "refund"


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("je prendrai un avoir", (("refund", "Remboursement"), ("voucher", "Bon d'achat"))),
        ("Guthaben im Shop passt", (("refund", "Erstattung"), ("voucher", "Gutschein"))),
        ("ok dijadikan saldo saja", (("refund", "Refund ke rekening"), ("voucher", "Voucher"))),
    ],
)
def test_store_credit_is_the_voucher(text, labels):
    assert answer(text, choices(*labels))[0] == "voucher"


@pytest.mark.parametrize(
    ("text", "line"),
    [("термобутылку", "L1"), ("os bodies", "L2"), ("the bodies", "L2"), ("фотоаппарат", "L3")],
)
def test_a_kind_inside_a_compound_or_a_plural_is_found(text, line):
    three = items(
        ("L1", "Steel Water Bottle 750ml", 1),
        ("L2", "Baby Bodysuit 6-9m", 2),
        ("L3", "Instant Camera", 1),
    )
    assert answer(text, three)[0] == line


@pytest.mark.parametrize("text", ["la freidora", "エアフライヤー", "หม้อทอด", "the air fryer"])
def test_a_part_made_for_a_product_is_not_the_product(text):
    two = items(("L1", "Air Fryer Rack", 1), ("L2", "Air Fryer 5L", 1))
    assert answer(text, two)[0] == "L2"


@pytest.mark.parametrize("text", ["本体です", "the unit itself", "el aparato", "본체요"])
def test_the_main_unit_is_not_the_filter_made_for_it(text):
    two = items(("L1", "Air Purifier Filter", 2), ("L2", "Air Purifier Compact", 1))
    assert answer(text, two)[0] == "L2"


@pytest.mark.parametrize("text", ["cái nồi", "nồi cơm", "หม้อทอด"])
def test_a_kind_inside_a_longer_kind_word_of_a_title_still_names_it(text):
    two = items(("L1", "Ấm siêu tốc", 1), ("L2", "Nồi cơm điện 1.8L", 1))
    three = items(("L1", "ตะแกรงรองหม้อทอด", 1), ("L2", "หม้อทอดไร้น้ำมัน 5 ลิตร", 1))
    assert answer(text, three if text == "หม้อทอด" else two)[0] == "L2"


@pytest.mark.parametrize("text", ["the bigger one", "la más grande", "大的那个", "큰 거"])
def test_the_big_one_of_two_capacities_is_the_larger_capacity(text):
    two = items(("L1", "Glass Jar 1.5L", 1), ("L2", "Glass Jar 350ml", 1))
    assert answer(text, two)[0] == "L1"


@pytest.mark.parametrize("text", ["mint one", "la menta", "민트색", "ミントの"])
def test_a_mint_item_is_found_by_its_colour(text):
    two = items(("L1", "Phone Stand Grey", 1), ("L2", "Phone Stand Mint", 1))
    assert answer(text, two)[0] == "L2"


@pytest.mark.parametrize(
    ("text", "count"),
    [("线退一根", 1), ("ขวดเดียว", 1), ("deux sur les quatre", 2), ("zwei von den fünf", 2)],
)
def test_a_count_with_its_classifier_or_out_of_a_whole(text, count):
    assert parse_quantity(text) == count


@pytest.mark.parametrize(("text", "line"), [("2つめの", "L2"), ("ふたつめ", "L2"), ("3つめ", "L3")])
def test_a_japanese_ordinal_with_me_is_a_position_not_a_count(text, line):
    three = items(("L1", "Mug", 1), ("L2", "Plate", 1), ("L3", "Bowl", 1))
    assert answer(text, three) == (line, None)


def test_one_line_named_by_its_kind_with_a_count_out_of_a_whole():
    one = items(("L1", "Ceramic Plate", 6))
    assert answer("trois assiettes sur les six", one) == ("L1", 3)
    assert answer("две тарелки из шести", one) == ("L1", 2)
    assert answer("dos platos de los seis", one) == ("L1", 2)


def _days_ago(days: int) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


RECENT = orders(
    ("#6001", "Thermos ×1", _days_ago(20), "delivered", None),
    ("#6002", "Thermos ×2", _days_ago(9), "on_the_way", None),
    ("#6003", "Thermos ×1", _days_ago(3), "unshipped", None),
)


@pytest.mark.parametrize(
    "text",
    ["the newest, ordered it the day before yesterday", "新买的那个", "比較新的那張，一個的"],
)
def test_the_newest_order_even_when_its_date_is_said_loosely(text):
    assert answer(text, RECENT)[0] == "#6003"


@pytest.mark.parametrize(
    "text",
    [
        "ยังไม่ถึงมือ กำลังส่งอยู่",
        "hasn't arrived yet, it's shipped",
        "no me llegó todavía, está en camino",
        "还没签收，已发货的那个",
    ],
)
def test_not_arrived_and_on_its_way_is_the_shipped_order(text):
    assert answer(text, RECENT)[0] == "#6002"


@pytest.mark.parametrize(
    "text",
    [
        "the cheaper one, I used a discount code on it",
        "便宜的那个，用了优惠券",
        "la más barata, usé un cupón",
    ],
)
def test_an_order_picked_first_then_a_story_about_its_coupon_is_the_pick(text):
    two = orders(
        ("#5001", "Hoodie grey M", datetime.now(UTC), "unshipped", Decimal("48")),
        ("#5002", "Hoodie grey M", datetime.now(UTC), "unshipped", Decimal("38.40")),
    )
    got = interpret(two, Reply(text, Entities(), Intent.COUPON_PRICE, 0.95))
    assert got is not None and got.payload == "#5002"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("MLB 2000004512339871", "2000004512339871"),
        ("MLA 2000007730021456 (pagué $ 12.300)", "2000007730021456"),
        ("pedido MCO 2000001119876543", "2000001119876543"),
    ],
)
def test_a_marketplace_site_code_before_a_long_order_number_is_not_part_of_it(text, number):
    expect = Expectation(kind=ExpectKind.ORDER_NUMBER)
    got = RULES.understand_sync(text, expect=expect).answer
    assert got is not None and got.value == number


@pytest.mark.parametrize(
    ("text", "line1", "city"),
    [
        ("Carrer de Provença 250, 4t 1a, 08008 Barcelona", "Carrer de Provença 250", "Barcelona"),
        ("Avinguda Diagonal 520, 08006 Barcelona", "Avinguda Diagonal 520", "Barcelona"),
        ("Passeig de Gràcia 12, 1º, 08007 Barcelona", "Passeig de Gràcia 12", "Barcelona"),
        ("Rambla Nova 30, 43001 Tarragona", "Rambla Nova 30", "Tarragona"),
    ],
)
def test_a_catalan_street_word_opens_the_street_line(text, line1, city):
    got = extract_address(text, [])
    assert got is not None and (got.line1, got.city) == (line1, city)
