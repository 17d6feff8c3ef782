"""Typed answers read by general mechanisms, not phrase lists: the kind of product named in
another language than the shop's titles, its colour, size and comparisons; the matter an option
is about named in other words; questions and other requests typed instead of an answer. The rule
layer alone (no encoder), so each behaviour holds wherever the semantic tier is missing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.understanding.expect import Expectation, ExpectedOption, ExpectKind, OptionFacts
from tests.typed_answer_helpers import answer, items, yes_no


def choice(*options: tuple[str, str]) -> Expectation:
    return Expectation(
        kind=ExpectKind.CHOICE,
        options=[ExpectedOption(id=i, label=label) for i, label in options],
    )


ENGLISH_SHOP = items(
    ("L1", "Sony WF-C700N Wireless Noise Cancelling Earbuds Black", "WFC700-BLK", 1),
    ("L2", "Merino Wool Hiking Socks 3 Pairs", "MWS-3P", 2),
    ("L3", "Stoneware Coffee Mug 350ml Sage", "MUG-350-SG", 4),
)
CHINESE_SHOP = items(
    ("L1", "华为 FreeBuds 5i 真无线降噪耳机 星际黑", "HW-FB5I", 1),
    ("L2", "加厚 纯棉 浴巾 70x140 灰色", "TW-70140-GY", 2),
    ("L3", "不锈钢 保温杯 500ml", "SS-500", 1),
)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("السماعات", "L1"),
        ("الكوب", "L3"),
        ("наушники", "L1"),
        ("кружку", "L3"),
        ("이어폰이요", "L1"),
        ("양말", "L2"),
        ("ถุงเท้าค่ะ", "L2"),
        ("イヤホンのほう", "L1"),
        ("cái cốc", "L3"),
    ],
)
def test_an_item_is_named_by_its_kind_in_another_language_than_the_title(text, line):
    assert answer(text, ENGLISH_SHOP)[0] == line


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("tai nghe", "L1"),
        ("khăn tắm", "L2"),
        ("หูฟัง", "L1"),
        ("полотенце", "L2"),
        ("the towel", "L2"),
    ],
)
def test_a_chinese_shops_titles_are_found_by_kind_from_other_languages(text, line):
    assert answer(text, CHINESE_SHOP)[0] == line


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("две кружки", ("L3", 2)),
        ("양말 한 개만", ("L2", 1)),
        ("كوبين", ("L3", 2)),
        ("3 tazas", ("L3", 3)),
    ],
)
def test_a_quantity_said_with_the_kind_goes_with_that_item(text, expected):
    assert answer(text, ENGLISH_SHOP) == expected


DRESSES = items(
    ("L1", "Women's Linen Midi Dress Olive S", "LMD-OLV-S", 1),
    ("L2", "Women's Linen Midi Dress Olive L", "LMD-OLV-L", 1),
    ("L3", "Canvas Tote Bag Natural", "CTB-NAT", 1),
)
SHOES = items(
    ("L1", "Trail Running Shoes Blue EU 41", "TRS-BLU-41", 1),
    ("L2", "Trail Running Shoes Blue EU 43", "TRS-BLU-43", 1),
    ("L3", "Ankle Socks 5 Pack White", "AS-5P-WHT", 1),
)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("the dress in size L", "L2"),
        ("el vestido talla S", "L1"),
        ("ชุดเดรสไซซ์ L", "L2"),
        ("ワンピースのSサイズ", "L1"),
        ("платье размер L", "L2"),
    ],
)
def test_a_size_tells_variants_of_one_product_apart(text, line):
    assert answer(text, DRESSES)[0] == line


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("the smaller pair", "L1"),
        ("las zapatillas más grandes", "L2"),
        ("小さい方の靴", "L1"),
        ("кроссовки побольше", "L2"),
        ("รองเท้าคู่เล็ก", None),  # says small, not smaller: asked again rather than guessed
        ("sepatu yang lebih besar", "L2"),
    ],
)
def test_a_comparison_picks_the_bigger_or_smaller_variant(text, line):
    got = answer(text, SHOES)[0]
    assert got == line if line else got in (None, "L1")


TEES = items(
    ("L1", "Heavyweight Cotton T-Shirt Black M", "HCT-BLK-M", 2),
    ("L2", "Heavyweight Cotton T-Shirt White M", "HCT-WHT-M", 1),
    ("L3", "Denim Cap Indigo", "DC-IND", 1),
)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("the black one", "L1"),
        ("la blanca", "L2"),
        ("黑色那件", "L1"),
        ("белую", "L2"),
        ("สีดำ", "L1"),
    ],
)
def test_a_colour_tells_variants_apart(text, line):
    assert answer(text, TEES)[0] == line


@pytest.mark.parametrize("text", ["both black ones", "las dos negras", "黑色的两件都退"])
def test_both_units_of_a_named_line_are_that_line_not_the_whole_order(text):
    assert answer(text, TEES) == ("L1", 2)


OUT_OF_STOCK = {
    "en": [
        ("coupon", "A $5 coupon and keep waiting"),
        ("priority", "Priority shipping when it's back"),
        ("refund", "Cancel and get a full refund"),
    ],
    "es": [
        ("coupon", "Un cupón de 5 € y seguir esperando"),
        ("priority", "Envío prioritario cuando vuelva"),
        ("refund", "Cancelar y reembolso completo"),
    ],
    "zh_Hans": [
        ("coupon", "领 10 元优惠券继续等"),
        ("priority", "到货后优先发货"),
        ("refund", "取消并全额退款"),
    ],
    "ru": [
        ("coupon", "Купон на 300 ₽ и ждать"),
        ("priority", "Приоритетная отправка"),
        ("refund", "Отменить и вернуть деньги"),
    ],
}


@pytest.mark.parametrize(
    ("language", "text", "chosen"),
    [
        ("en", "just give me my money back", "refund"),
        ("es", "prefiero esperar con el descuento", "coupon"),
        ("zh_Hans", "退钱吧", "refund"),
        ("ru", "лучше подожду с купоном", "coupon"),
        ("en", "send it first when it's in", "priority"),
    ],
)
def test_an_option_is_chosen_by_the_matter_it_is_about_in_other_words(language, text, chosen):
    assert answer(text, choice(*OUT_OF_STOCK[language]))[0] == chosen


@pytest.mark.parametrize(
    ("options", "text"),
    [
        ((("whole", "Die ganze Bestellung"), ("some", "Nur einzelne Artikel")), "nicht alles"),
        ((("whole", "Todo el pedido"), ("some", "Solo algunos artículos")), "no todo"),
        ((("whole", "Весь заказ"), ("some", "Часть товаров")), "не весь заказ"),
    ],
)
def test_the_whole_order_negated_is_only_part_of_it(options, text):
    assert answer(text, choice(*options))[0] == "some"


@pytest.mark.parametrize(
    ("options", "text", "chosen"),
    [
        ((("go", "Weiter"), ("stop", "Abbrechen")), "lieber nicht weitermachen", "stop"),
        ((("go", "Lanjutkan"), ("stop", "Tidak jadi")), "lanjut aja", "go"),
        ((("go", "متابعة"), ("stop", "إلغاء")), "كمل", "go"),
        ((("go", "Продолжить"), ("stop", "Не надо")), "давайте дальше", "go"),
    ],
)
def test_going_on_or_dropping_it_is_understood_in_words(options, text, chosen):
    assert answer(text, choice(*options))[0] == chosen


@pytest.mark.parametrize(
    ("options", "text", "chosen"),
    [
        ((("status", "Tra cứu đơn hàng"), ("cancel", "Hủy đơn hàng")), "huy don hang", "cancel"),
        ((("addr", "Cambiar la dirección"), ("cancel", "Cancelar")), "cambiar direccion", "addr"),
        ((("ret", "Devolução"), ("track", "Rastrear pedido")), "devolucao", "ret"),
    ],
)
def test_a_label_typed_without_its_accents_is_that_label(options, text, chosen):
    assert answer(text, choice(*options))[0] == chosen


@pytest.mark.parametrize(
    "text",
    [
        "do you have these t-shirts in grey too?",
        "¿tienen esta camiseta en gris?",
        "这款T恤有灰色的吗",
        "เสื้อยืดมีสีเทาไหมคะ",
        "kaos ini ada warna abu-abu nggak?",
    ],
)
def test_a_question_about_an_item_is_not_the_answer_to_which_item(text):
    assert answer(text, TEES) == (None, None)


def _orders() -> Expectation:
    now = datetime.now(UTC)
    rows = [
        ("#2051", "Wireless earbuds", 3, "on_the_way"),
        ("#1990", "Linen dress ×2", 14, "delivered"),
    ]
    return Expectation(
        kind=ExpectKind.ITEM,
        options=[
            ExpectedOption(
                id=no,
                label=f"****{no[-4:]} · {title}",
                words=[no, no.lstrip("#"), no[-4:], title],
                facts=OptionFacts(placed_at=now - timedelta(days=days), stage=stage),
            )
            for no, title, days, stage in rows
        ],
    )


@pytest.mark.parametrize(
    "text",
    [
        "the discount code didn't work at checkout",
        "el código de descuento no funcionó",
        "优惠券用不了",
    ],
)
def test_another_matter_typed_instead_of_an_order_is_not_an_answer(text):
    assert answer(text, _orders()) == (None, None)


@pytest.mark.parametrize(
    ("text", "order"), [("the dress one", "#1990"), ("el vestido", "#1990"), ("耳机那个", "#2051")]
)
def test_an_order_is_named_by_what_it_holds(text, order):
    assert answer(text, _orders())[0] == order


def _quantity(top: int) -> Expectation:
    return Expectation(
        kind=ExpectKind.QUANTITY,
        options=[ExpectedOption(id=f"q:{n}", label=str(n)) for n in range(1, top + 1)],
        max_quantity=top,
        quantity_payload="q",
    )


@pytest.mark.parametrize(
    ("text", "top", "n"),
    [
        ("half of them", 6, 3),
        ("la mitad", 4, 2),
        ("一半", 6, 3),
        ("両方", 2, 2),
        ("كلاهما", 2, 2),
        ("keduanya", 3, 2),
    ],
)
def test_both_and_half_are_quantities(text, top, n):
    assert answer(text, _quantity(top))[1] == n


REASONS = Expectation(
    kind=ExpectKind.REASON,
    options=[
        ExpectedOption(id=code, label=code.replace("_", " "), meaning=code)
        for code in ("no_reason", "defective", "damaged", "wrong_item", "size")
    ],
)


@pytest.mark.parametrize(
    "text",
    [
        "ordered the blue one, a green one came",
        "pedí azul y me llegó verde",
        "заказала синюю, пришла зелёная",
        "สั่งสีดำ ได้สีขาว",
    ],
)
def test_two_colours_named_as_a_reason_are_a_wrong_item(text):
    assert answer(text, REASONS)[0] == "wrong_item"


@pytest.mark.parametrize(
    ("fact", "text", "said"),
    [
        ("opened", "haven't unpacked it yet", "no"),
        ("opened", "ещё не распаковала", "no"),
        ("opened", "chưa bóc hộp", "no"),
        ("opened", "einmal anprobiert, mehr nicht", "yes"),
        ("original_packaging", "tossed the box already", "no"),
        ("original_packaging", "коробку выбросила", "no"),
        ("original_packaging", "盒子还留着呢", "yes"),
        ("original_packaging", "kotaknya masih ada kok", "yes"),
        ("has_photos", "没拍照", "no"),
        ("has_photos", "no tengo fotos", "no"),
    ],
)
def test_a_fact_question_is_answered_by_the_fact_told(fact, text, said):
    assert answer(text, yes_no(fact=fact))[0] == said


@pytest.mark.parametrize(
    "text",
    [
        "hmm ok… actually let me think about it",
        "好吧……我再想想",
        "да… хотя я подумаю",
        "vale… no sé",
    ],
)
def test_a_reply_that_ends_in_doubt_is_no_answer_yet(text):
    assert answer(text, yes_no(action="cancel_order")) == (None, None)


@pytest.mark.parametrize(
    "text",
    ["hmm I don't know… ok fine, cancel it", "不知道……算了取消吧", "не знаю… ладно, отменяйте"],
)
def test_a_hesitant_reply_that_decides_at_the_end_is_that_decision(text):
    assert answer(text, yes_no(action="cancel_order"))[0] == "yes"


@pytest.mark.parametrize(
    "text", ["leave the address as it is", "déjalo como está", "地址不用改了", "để nguyên địa chỉ"]
)
def test_leaving_things_as_they_are_declines_a_change(text):
    assert answer(text, yes_no(action="change_address"))[0] == "no"


@pytest.mark.parametrize(
    ("options", "text", "chosen"),
    [
        (
            (("w", "Wrong item"), ("d", "Damaged"), ("m", "Changed my mind")),
            "not what I ordered",
            "w",
        ),
        (
            (("w", "Producto equivocado"), ("d", "Llegó roto"), ("m", "Ya no lo quiero")),
            "llegó roto",
            "d",
        ),
        ((("w", "Не тот товар"), ("d", "Повреждён"), ("m", "Передумал")), "больше не нужно", "m"),
        ((("w", "发错货了"), ("d", "破损"), ("m", "不想要了")), "买错了", "m"),
    ],
)
def test_reason_options_are_known_by_their_labels_without_declared_meanings(options, text, chosen):
    assert answer(text, choice(*options))[0] == chosen


MENU = {
    "en": [
        ("t", "Track my order"),
        ("r", "Return or refund"),
        ("a", "Change address"),
        ("h", "Talk to a person"),
    ],
    "fr": [
        ("t", "Suivre ma commande"),
        ("r", "Retour / remboursement"),
        ("a", "Changer l'adresse"),
        ("h", "Parler à un conseiller"),
    ],
    "ru": [
        ("t", "Отследить заказ"),
        ("r", "Возврат"),
        ("a", "Изменить адрес"),
        ("h", "Связаться с оператором"),
    ],
}


@pytest.mark.parametrize(
    ("language", "text", "chosen"),
    [
        ("en", "two", "r"),
        ("fr", "numéro 3", "a"),
        ("ru", "номер четыре", "h"),
        ("en", "option one", "t"),
    ],
)
def test_an_options_number_said_in_words_chooses_it(language, text, chosen):
    assert answer(text, choice(*MENU[language]))[0] == chosen


def test_a_menu_question_typed_for_its_request_is_that_request():
    assert answer("where is my parcel?", choice(*MENU["en"]))[0] == "t"


PAIR = items(
    ("L1", "Wool Beanie Grey", "WB-GRY", 1),
    ("L2", "Wool Scarf Grey", "WS-GRY", 1),
)


@pytest.mark.parametrize("text", ["beides", "両方", "cả hai", "dua-duanya"])
def test_both_of_two_lines_is_the_whole_order(text):
    assert answer(text, PAIR)[0] == "all"


@pytest.mark.parametrize(
    "text",
    [
        "not broken, just too small",
        "no está roto, solo me queda chico",
        "不是坏了，只是太小",
        "bukan rusak, cuma kekecilan",
    ],
)
def test_a_reason_denied_in_one_clause_leaves_the_reason_given_in_the_next(text):
    assert answer(text, REASONS)[0] == "size"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("the cheaper mat", "L1"),
        ("la esterilla más cara", "L2"),
        ("便宜的那个", "L1"),
        ("дешевле", "L1"),
    ],
)
def test_cheaper_and_dearer_go_by_the_tier_a_title_names(text, line):
    mats = items(
        ("L1", "Yoga Mat Essential 4mm", "YM-E4", 1), ("L2", "Yoga Mat Deluxe 8mm", "YM-D8", 1)
    )
    assert answer(text, mats)[0] == line


@pytest.mark.parametrize(
    ("text", "line"),
    [("the pouch", "L3"), ("la funda", "L3"), ("чехол", "L3"), ("the big speaker", "L2")],
)
def test_a_titles_head_noun_is_what_the_product_is(text, line):
    speakers = items(
        ("L1", "Portable Speaker Mini", "PS-MINI", 1),
        ("L2", "Portable Speaker Max", "PS-MAX", 1),
        ("L3", "Speaker Travel Pouch", "PS-PCH", 1),
    )
    assert answer(text, speakers)[0] == line
