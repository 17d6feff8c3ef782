"""Typed answers by class, each in several languages: an order named by how it stands said with
a negation, without diacritics or in chat spelling; a status question that names one order;
items by a comparison in Cantonese, by an Arabic dual and plural colour, "both" of two lines;
greetings that hold a word of "all"; a bare "broken" with a defect; sizes said by how it fits;
Cantonese yes and no; tags that are no yes; a part between the whole and another option; Thai
ordinals. The rule layer alone (no encoder)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.answers.labels import reason_label
from core.dialogue.context import in_every_language
from core.i18n import Localizer
from core.understanding.expect import Expectation, ExpectedOption, ExpectKind, OptionFacts
from tests.typed_answer_helpers import answer, items, yes_no


def orders(*rows: tuple[str, str, int, str]) -> Expectation:
    now = datetime.now(UTC)
    return Expectation(
        kind=ExpectKind.CHOICE,
        options=[
            ExpectedOption(
                id=no,
                label=f"****{no[-4:]} · {summary}",
                words=[no, no[-4:], summary],
                facts=OptionFacts(placed_at=now - timedelta(days=days), stage=stage),
            )
            for no, summary, days, stage in rows
        ],
    )


THREE_ORDERS = orders(
    ("#4821", "Ceramic coffee cup 350ml ×2", 4, "on_the_way"),
    ("#4855", "Wireless earbuds Pro", 2, "unshipped"),
    ("#4102", "Yoga mat 6mm", 48, "delivered"),
)


@pytest.mark.parametrize(
    "text",
    [
        "the one that hasnt shipped yet",
        "don chua giao ay",
        "yg blm dikirim kak",
        "仲未寄嗰張",
        "la que todavía no se envía",
    ],
)
def test_the_order_not_shipped_yet_is_found_however_it_is_typed(text):
    assert answer(text, THREE_ORDERS)[0] == "#4855"


@pytest.mark.parametrize(
    "text", ["the one that hasn't arrived", "die noch nicht angekommen ist", "还没收到的那个"]
)
def test_a_stage_denied_picks_the_order_not_at_that_stage(text):
    two = orders(("#1", "Mug", 3, "on_the_way"), ("#2", "Dress", 20, "delivered"))
    assert answer(text, two)[0] == "#1"


@pytest.mark.parametrize("text", ["yang udah sampe", "đã nhận được rồi", "已经到了那个"])
def test_the_delivered_order_is_found_in_chat_spelling(text):
    assert answer(text, THREE_ORDERS)[0] == "#4102"


@pytest.mark.parametrize("text", ["yang paling lama", "the oldest one", "最早那个"])
def test_the_oldest_order_is_chosen_even_when_it_sounds_like_a_complaint(text):
    assert answer(text, THREE_ORDERS)[0] == "#4102"


@pytest.mark.parametrize(
    ("text", "order"),
    [("где кроссовки", "#3"), ("where are the earbuds?", "#2"), ("耳機嗰張到咗邊", "#2")],
)
def test_a_status_question_that_names_one_order_chooses_it(text, order):
    shop = orders(
        ("#1", "Mug 350ml", 3, "on_the_way"),
        ("#2", "Wireless earbuds", 10, "delivered"),
        ("#3", "Кроссовки, 44 размер", 1, "unshipped"),
    )
    assert answer(text, shop)[0] == order


DRESSES = items(
    ("L1", "碎花连衣裙 S码", "DR-S", 1),
    ("L2", "碎花连衣裙 M码", "DR-M", 1),
    ("L3", "草编遮阳帽", "HAT-1", 1),
)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("大件嗰條裙", "L2"),
        ("細件嗰條", "L1"),
        ("the bigger dress", "L2"),
        ("la más pequeña", "L1"),
    ],
)
def test_a_variant_is_chosen_by_a_comparison_also_in_cantonese(text, line):
    assert answer(text, DRESSES)[0] == line


TSHIRTS = items(
    ("L1", "Men's cotton T-shirt, black, L", "TS-BLK-L", 2),
    ("L2", "Men's cotton T-shirt, white, M", "TS-WHT-M", 1),
)


@pytest.mark.parametrize(
    ("text", "got"),
    [
        ("التيشيرتين السود", ("L1", 2)),
        ("التيشيرت الابيض", ("L2", None)),
        ("los dos negros", ("L1", 2)),
        ("黑色那两件", ("L1", 2)),
    ],
)
def test_an_item_is_chosen_by_its_colour_with_the_count_in_the_words(text, got):
    assert answer(text, TSHIRTS) == got


@pytest.mark.parametrize("text", ["les deux pulls", "beide Pullover", "两件毛衣都要"])
def test_both_of_two_lines_of_one_kind_is_all_of_them(text):
    jumpers = items(
        ("L1", "Pull col roulé - Beige - Taille M", "PCR-BG-M", 1),
        ("L2", "Pull col roulé - Noir - Taille M", "PCR-NR-M", 1),
    )
    assert answer(text, jumpers)[0] == "all"


@pytest.mark.parametrize("text", ["cai coc, 1 cai thoi", "tai nghe", "dep"])
def test_vietnamese_item_words_typed_without_diacritics(text):
    shop = items(
        ("L1", "陶瓷咖啡杯 350ml", "MUG-350", 2),
        ("L2", "Wireless earbuds", "EB-1", 1),
        ("L3", "Havaianas Slim 35/36", "HAV-3536", 1),
    )
    assert answer(text, shop)[0] == {"cai coc, 1 cai thoi": "L1", "tai nghe": "L2"}.get(text, "L3")


@pytest.mark.parametrize(
    "text", ["oi tudo bem?", "hola, todo bien?", "다 괜찮아요?", "alles klar?"]
)
def test_a_greeting_that_holds_a_word_of_all_chooses_no_item(text):
    assert answer(text, TSHIRTS) == (None, None)


def reasons(language: str) -> Expectation:
    loc = Localizer(language)
    codes = ("no_reason", "defective", "damaged", "wrong_item", "size")
    return Expectation(
        kind=ExpectKind.REASON,
        options=[
            ExpectedOption(
                id=code,
                label=reason_label(loc, code),
                meaning=code,
                words=in_every_language(lambda lc, c=code: reason_label(lc, c)),
            )
            for code in codes
        ],
    )


@pytest.mark.parametrize(
    ("language", "text", "code"),
    [
        ("de", "geht nicht an, total kaputt", "defective"),
        ("zh_Hant", "收到就壞了，按鈕按下去沒反應", "defective"),
        ("en", "it's broken, doesn't work at all", "defective"),
        ("en", "arrived cracked and doesn't work", "damaged"),
        ("es", "llegó rayado y no funciona", "damaged"),
    ],
)
def test_a_bare_broken_with_a_defect_is_the_defect_physical_damage_stays_damage(
    language, text, code
):
    assert answer(text, reasons(language))[0] == code


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "me queda enorme, parece una carpa jaja"),
        ("th", "ใส่ไม่ได้ เล็กไปค่ะ"),
        ("zh_Hant", "著唔落，太細"),
        ("en", "way too big on me lol"),
    ],
)
def test_how_it_fits_is_a_size_reason(language, text):
    assert answer(text, reasons(language))[0] == "size"


@pytest.mark.parametrize(
    ("text", "said"),
    [("係呀，改去呢個地址", "yes"), ("好呀", "yes"), ("唔使喇", "no"), ("唔好改住", "no")],
)
def test_cantonese_yes_and_no(text, said):
    assert answer(text, yes_no("change_address"))[0] == said


@pytest.mark.parametrize(
    "text",
    ["kak refund sy kok blm masuk ya", "you will send the refund first right", "退款什么时候到呢"],
)
def test_a_tag_at_the_end_of_a_question_is_no_yes(text):
    assert answer(text, yes_no("cancel_order"))[0] is None


@pytest.mark.parametrize(
    ("options", "text"),
    [
        ((("whole", "ทั้งออเดอร์"), ("some", "บางรายการ")), "แค่บางชิ้นค่ะ"),
        ((("whole", "整单"), ("some", "选商品")), "只要部分"),
        ((("whole", "The whole order"), ("some", "Pick items")), "just some of them"),
    ],
)
def test_a_part_said_between_the_whole_order_and_another_label_is_the_other(options, text):
    expect = Expectation(
        kind=ExpectKind.CHOICE, options=[ExpectedOption(id=i, label=lb) for i, lb in options]
    )
    assert answer(text, expect)[0] == "some"


@pytest.mark.parametrize(("text", "option"), [("ข้อแรก", "a"), ("ตัวสุดท้าย", "c"), ("อันที่สอง", "b")])
def test_thai_ordinals_choose_an_option(text, option):
    expect = Expectation(
        kind=ExpectKind.CHOICE,
        options=[
            ExpectedOption(id=i, label=lb)
            for i, lb in (("a", "ติดตามพัสดุ"), ("b", "คืนสินค้า"), ("c", "คุยกับเจ้าหน้าที่"))
        ],
    )
    assert answer(text, expect)[0] == option


def priced_orders() -> Expectation:
    now = datetime.now(UTC)
    rows = [
        ("#US4821", "Ceramic coffee cup 350ml ×2 — $24.00", 4, "on_the_way"),
        ("#US4790", "Men's cotton T-shirt black L ×2 — $38.00", 8, "delivered"),
        ("#US4855", "Wireless earbuds Pro — $129.00", 2, "unshipped"),
        ("#US4102", "Yoga mat Premium 6mm — 159.000đ", 48, "delivered"),
    ]
    return Expectation(
        kind=ExpectKind.CHOICE,
        options=[
            ExpectedOption(
                id=no,
                label=f"****{no[-4:]} · {summary}",
                words=[no, no[-4:], summary],
                facts=OptionFacts(placed_at=now - timedelta(days=days), stage=stage),
            )
            for no, summary, days, stage in rows
        ],
    )


@pytest.mark.parametrize(
    ("text", "order"),
    [
        ("the $129 one", "#US4855"),
        ("el de 38 dólares", "#US4790"),
        ("cái 159k", "#US4102"),
        ("24块那个", "#US4821"),
    ],
)
def test_an_order_is_chosen_by_its_price(text, order):
    assert answer(text, priced_orders())[0] == order


@pytest.mark.parametrize(
    "text", ["last week's order", "上禮拜買的", "la semana pasada", "yg minggu lalu"]
)
def test_an_order_is_chosen_by_last_week(text):
    assert answer(text, priced_orders())[0] == "#US4790"


def test_an_order_is_chosen_by_the_month_it_was_placed():
    now = datetime.now(UTC)
    month = (now - timedelta(days=48)).month
    names = {10: "October", 11: "November", 9: "September", 12: "December", 1: "January"}
    assert answer(f"{month}月的那个", priced_orders())[0] == "#US4102"
    assert answer(f"tháng {month}", priced_orders())[0] == "#US4102"
    if month in names:
        assert answer(f"the {names[month]} one", priced_orders())[0] == "#US4102"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("不退了，我再想想", "no"),
        ("no, let me think about it", "no"),
        ("mejor no, lo pienso", "no"),
        ("ok... let me think about it", None),
        ("好吧，我再想想", None),
    ],
)
def test_a_decline_before_a_doubt_is_a_no_an_accept_before_one_stays_open(text, said):
    assert answer(text, yes_no("return_request"))[0] == said


@pytest.mark.parametrize(
    ("language", "text", "code"),
    [
        ("en", "the left earbud has no sound", "defective"),
        ("zh_Hans", "一边没声音", "defective"),
        ("de", "Paket war zerdrückt, Deckel abgebrochen", "damaged"),
        ("vi", "shop gửi nhầm món rồi", "wrong_item"),
        ("vi", "shop gui nham mon roi", "wrong_item"),
    ],
)
def test_reasons_said_by_what_happened(language, text, code):
    assert answer(text, reasons(language))[0] == code
