"""Typed answers by class, each in several languages (the classes behind the order, item and
choice misses of answers_dev10, in wordings of our own): an order or an item chosen by its
colour with the other said to fit, or with the other named as not meant first; by a letter
size typed in lower case, after an article, spelled in Hangul or in Brazilian letters; by its
tracking number or the digits it ends with; by the day before yesterday or a count of days
back; by a Portuguese weekday; by a brand typed as it sounds; by the calendar week before this
one. The rule layer alone (no encoder)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from core.understanding import lexicon as lx
from core.understanding.expect import Expectation, ExpectedOption, ExpectKind, OptionFacts
from tests.test_typed_answers_dev4_classes import orders
from tests.typed_answer_helpers import answer, items

NOW = datetime.now(UTC)


def placed(days: int) -> datetime:
    return NOW - timedelta(days=days)


# --------------------------------------------------------------------------- by colour
SHOES = orders(
    ("A-3301", "Running shoes red 42", placed(9), "delivered", None),
    ("A-3302", "Running shoes black 42", placed(9), "delivered", None),
)


@pytest.mark.parametrize(
    "text",
    [
        "the red pair, the black ones fit well",
        "las rojas, las negras me quedan bien",
        "os vermelhos, os pretos ficaram bons",
        "die roten, die schwarzen passen gut",
        "红的那双 黑的穿着刚好",
        "красные, чёрные подошли",
    ],
)
def test_an_order_chosen_by_colour_with_the_other_said_to_fit(text):
    assert answer(text, SHOES)[0] == "A-3301"


@pytest.mark.parametrize(
    "text",
    [
        "not the black ones, the red",
        "nicht die schwarzen, die roten",
        "no las negras, las rojas",
        "مو الاسود، الاحمر",
        "不是黑色那双，红色的",
        "không phải đôi đen, đôi đỏ",
        "bukan yg hitam, yg merah",
    ],
)
def test_an_order_chosen_after_the_other_is_named_as_not_meant(text):
    assert answer(text, SHOES)[0] == "A-3301"


def test_a_verb_negated_is_no_order_set_aside():
    # "the red one didn't come, the black did": no clause sets the red one aside
    from core.understanding.replies import _without_denied

    assert _without_denied("no llegó el rojo, el negro sí") is None
    assert _without_denied("nicht die schwarzen, die roten") is not None


@pytest.mark.parametrize("text", ["yg ijo", "yang hijau kak"])
def test_an_indonesian_colour_in_its_everyday_word(text):
    shirts = orders(
        ("I-1", "Kemeja hijau", placed(4), "delivered", None),
        ("I-2", "Kemeja biru", placed(4), "delivered", None),
    )
    assert answer(text, shirts)[0] == "I-1"


def test_an_order_not_meant_then_one_by_its_day():
    got = orders(
        ("K-1", "Kettle descaler tablets", placed(2), "unshipped", None),
        ("K-2", "Electric kettle", placed(6), "delivered", None),
        ("K-3", "Tea shelf", placed(19), "delivered", None),
    )
    assert answer("不是水壶那单，是前天下的", got)[0] == "K-1"
    assert answer("not the kettle one, the one from the day before yesterday", got)[0] == "K-1"


# --------------------------------------------------------------------------- by size
TEES = items(("L1", "Sports tee S", "ST-S", 2), ("L2", "Sports tee XL", "ST-XL", 2))


@pytest.mark.parametrize(
    "text", ["the xl one", "xl那件", "la xl por favor", "die xl", "엑스라지요", "yg XL aja"]
)
def test_an_item_chosen_by_a_letter_size_in_lower_case_or_spelled(text):
    assert answer(text, TEES)[0] == "L2"


@pytest.mark.parametrize("text", ["one of the S", "una de las S", "eine von den S", "yg S satu"])
def test_a_single_letter_size_after_an_article(text):
    assert answer(text, TEES)[0] == "L1"


@pytest.mark.parametrize("text", ["스몰 말고 엑스라지", "not the S, the XL", "S じゃなくて XL"])
def test_a_size_taken_back_for_another(text):
    assert answer(text, TEES)[0] == "L2"


def test_brazilian_letter_sizes_are_the_international_ones():
    shirts = items(("L1", "Camiseta básica P", "CB-P", 1), ("L2", "Camiseta básica G", "CB-G", 1))
    assert answer("a G", shirts)[0] == "L2"
    assert answer("a P, a G serviu", shirts)[0] == "L1"


def test_a_size_word_inside_a_longer_hangul_word_is_no_size():
    from core.understanding.products import describe

    assert describe("색이 달라지면 어떡해요").size is None


# --------------------------------------------------------------------------- tracking
def tracked(*rows: tuple[str, str, str]) -> Expectation:
    return Expectation(
        kind=ExpectKind.CHOICE,
        options=[
            ExpectedOption(
                id=no,
                label=f"****{no[-4:]} · {summary}",
                words=[no, no[-4:], summary],
                facts=OptionFacts(placed_at=placed(5), stage="on_the_way", tracking=[tracking]),
            )
            for no, summary, tracking in rows
        ],
    )


PARCELS = tracked(
    ("#2210", "Desk lamp", "1Z44X0W90361225519"),
    ("#2217", "Lamp bulbs", "9400100000000004417730"),
)


@pytest.mark.parametrize(
    "text",
    [
        "the one whose tracking ends in 5519",
        "número de seguimiento terminado en 5519",
        "die Sendungsnummer endet auf 5519",
        "运单号后四位5519",
        "追跡番号の下4桁が5519のほう",
        "1Z44X0W90361225519 that one",
    ],
)
def test_an_order_chosen_by_its_tracking_number(text):
    assert answer(text, PARCELS)[0] == "#2210"


def test_a_tracking_number_shown_in_the_label_counts():
    shown = Expectation(
        kind=ExpectKind.CHOICE,
        options=[
            ExpectedOption(
                id=no,
                label=f"****{no[-4:]} · {summary} · shipped, {tracking}",
                words=[no, no[-4:], summary],
                facts=OptionFacts(placed_at=placed(3), stage="on_the_way"),
            )
            for no, summary, tracking in (
                ("#31", "Yoga mat", "UPS 1Z9Y11A20300000731"),
                ("#32", "Yoga block", "USPS 9405500000000000003322"),
            )
        ],
    )
    assert answer("tracking ending 0731", shown)[0] == "#31"
    assert answer("快递单号1Z9Y11A20300000731那个", shown)[0] == "#31"


# --------------------------------------------------------------------------- by day
DAYS = orders(
    ("D-1", "Phone charger", placed(2), "unshipped", None),
    ("D-2", "Phone case", placed(7), "delivered", None),
    ("D-3", "Earbuds", placed(15), "delivered", None),
)


@pytest.mark.parametrize(
    "text", ["el de anteayer", "the day before yesterday", "позавчерашний", "vorgestern", "前天的"]
)
def test_an_order_chosen_by_the_day_before_yesterday(text):
    assert answer(text, DAYS)[0] == "D-1"


@pytest.mark.parametrize(
    "text",
    ["the one from 7 days ago", "hace 7 días", "قبل ٧ أيام", "7 дней назад", "7天前的", "7일 전에"],
)
def test_an_order_chosen_by_a_count_of_days_back(text):
    assert answer(text, DAYS)[0] == "D-2"


def test_days_back_read_in_every_script():
    assert lx.days_ago_named(lx.normalize("il y a 3 jours")) == 3
    assert lx.days_ago_named(lx.normalize("三天前买的")) == 3
    assert lx.days_ago_named(lx.normalize("3 hari yang lalu")) == 3
    assert lx.days_ago_named(lx.normalize("yesterday")) is None


def test_a_portuguese_weekday_after_its_verb():
    monday = (NOW.date().weekday() - 0 - 1) % 7 + 1
    got = orders(
        ("P-1", "Botas", placed(monday), "on_the_way", None),
        ("P-2", "Casaco", placed(monday + 20), "delivered", None),
    )
    assert answer("a que fiz na segunda", got)[0] == "P-1"
    assert answer("pedi na segunda", got)[0] == "P-1"


@pytest.mark.xfail(
    NOW.weekday() == 0,
    reason="known bug: on a Monday, 3 days back (last Friday) loses to 10 days back (nearer to 7)",
    strict=True,
)
def test_last_week_is_the_calendar_week_when_two_orders_are_near():
    monday = NOW.date().weekday()
    got = orders(
        ("V-1", "Colour pencils", placed(monday + 3), "delivered", None),  # last week
        ("V-2", "Sketch book", placed(monday + 10), "delivered", None),  # the week before
    )
    for text in ("the one from last week", "đơn tuần trước", "la de la semana pasada"):
        assert answer(text, got)[0] == "V-1"


# --------------------------------------------------------------------------- by brand
@pytest.mark.parametrize("text", ["the bosh", "den bosh", "el bosh"])
def test_a_brand_typed_as_it_sounds(text):
    tools = items(("L1", "Bosch drill 12V", "BO-12", 1), ("L2", "Makita bit set", "MK-BS", 1))
    assert answer(text, tools)[0] == "L1"


def test_a_brand_typed_as_it_sounds_with_ph_for_f():
    shavers = items(("L1", "Philips shaver", "PH-1", 1), ("L2", "Braun trimmer", "BR-2", 1))
    assert answer("the filips", shavers)[0] == "L1"


# --------------------------------------------------------------------------- options in words
def choice(*options: tuple[str, str]) -> Expectation:
    return Expectation(
        kind=ExpectKind.CHOICE,
        options=[ExpectedOption(id=i, label=label) for i, label in options],
    )


PAY_BACK = choice(("original", "Refund to the original payment method"), ("credit", "Store credit"))


@pytest.mark.parametrize(
    "text",
    [
        "just send it to my card",
        "a mi tarjeta por favor",
        "volta pro cartão",
        "sur ma carte svp",
        "auf meine Karte bitte",
        "退回卡里吧",
        "カードに戻してください",
        "카드로 해주세요",
    ],
)
def test_the_original_payment_chosen_as_the_card(text):
    assert answer(text, PAY_BACK)[0] == "original"


@pytest.mark.parametrize(
    "text", ["на карту, бонусы мне не нужны", "a la tarjeta, el saldo no lo quiero"]
)
def test_the_matter_of_a_refusing_clause_is_left_out(text):
    assert answer(text, PAY_BACK)[0] == "original"


GO_ON = choice(("continue", "Keep going"), ("drop", "Stop here"))


@pytest.mark.parametrize(
    "text", ["ok let's get it done", "terminemos con esto", "bis zum Ende bitte", "끝까지 할게요"]
)
def test_finishing_what_was_begun_is_to_go_on(text):
    assert answer(text, GO_ON)[0] == "continue"


@pytest.mark.parametrize("text", ["brich ab bitte", "ach, lass gut sein"])
def test_a_german_separable_stop_is_to_drop(text):
    assert answer(text, choice(("continue", "Weiter"), ("drop", "Abbrechen")))[0] == "drop"


@pytest.mark.parametrize("text", ["全部まとめてで", "all of it please", "todo el pedido"])
def test_the_whole_order_against_a_part(text):
    got = choice(("whole", "注文全体"), ("some", "一部の商品"))
    assert answer(text, got)[0] == "whole"


MENU = choice(
    ("track", "Track my order"),
    ("return", "Return"),
    ("cancel", "Cancel"),
    ("change_address", "Change address"),
    ("other", "Something else"),
)


@pytest.mark.parametrize(
    "text",
    [
        "хочу сдать обратно, не подошло",
        "возврат",
        "أبغى أغير مكان التوصيل",
        "the place of delivery",
    ],
)
def test_a_menu_request_in_other_words(text):
    want = "return" if "сдать" in text or "возврат" in text else "change_address"
    assert answer(text, MENU)[0] == want


@pytest.mark.parametrize(
    "text",
    [
        "none of those, do you have a shop in Leeds?",
        "ninguna de esas, ¿abren los domingos?",
        "nenhum desses, quero falar de outra coisa",
        "keine davon, ich hab eine Frage zur Rechnung",
        "都不是 我想问发票",
    ],
)
def test_none_of_them_is_no_answer(text):
    assert answer(text, MENU)[0] is None


def test_none_of_them_is_no_item_either():
    got = items(("L1", "Desk lamp", 1), ("L2", "Lamp bulbs", 2))
    assert answer("none of them, I want to track my parcel", got)[0] is None


@pytest.mark.parametrize(
    "text",
    ["cho mình gặp nhân viên đi", "let me talk to a real person", "quiero hablar con una persona"],
)
def test_a_person_asked_for_is_no_option_sharing_a_word(text):
    got = choice(("track", "Theo dõi đơn"), ("return", "Đổi trả"), ("other", "Khác"))
    assert answer(text, got)[0] is None


@pytest.mark.parametrize(
    "text", ["me da igual, mándame el azul", "whatever, send the blue one", "蓝色的也行 发蓝色吧"]
)
def test_a_colour_named_chooses_the_option_about_another_colour(text):
    got = choice(
        ("wait", "Wait for restock"), ("refund", "Refund"), ("swap", "Swap for another colour")
    )
    assert answer(text, got)[0] == "swap"


# --------------------------------------------------------------------------- price in slang
@pytest.mark.parametrize(
    "text",
    [
        "la de 45 lucas más o menos",
        "a de uns 45 mil",
        "около 45 тыщ",
        "sekitar 45 ribu",
        "四万五千くらいの",
        "the one for 45k or so",
    ],
)
def test_an_order_chosen_by_a_price_in_thousands_said_in_slang(text):
    got = orders(
        ("M-1", "Winter parka", placed(6), "delivered", Decimal("44990")),
        ("M-2", "Wool scarf", placed(6), "delivered", Decimal("9990")),
    )
    assert answer(text, got)[0] == "M-1"


# --------------------------------------------------------------------------- not knowing
@pytest.mark.parametrize(
    "text",
    [
        "그냥 환불해 주세요 언제 올지도 모르는데",
        "退款吧 不知道什么时候才有货",
        "reembolso, no sé cuándo vuelve a haber",
        "refund please, I don't know when it'll be back",
    ],
)
def test_a_when_not_known_is_no_question_asked(text):
    got = choice(("wait", "Wait for restock"), ("refund", "Refund"), ("coupon", "Store credit"))
    assert answer(text, got)[0] == "refund"


def test_a_when_not_known_with_a_question_mark_still_asks():
    assert lx.asks("I don't know when it comes, can you check?")
    assert lx.asks("不知道什么时候到？")
