"""Quantities, item words, "all of them" and ordinals in all 13 languages."""

from __future__ import annotations

import pytest

from core.understanding.entities import extract_entities
from core.understanding.numbers import is_all, parse_ordinal, parse_quantity


def quantities(text: str) -> list[int]:
    return extract_entities(text).quantities


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("退两个", 2),
        ("三件都要退", 3),
        ("退一双", 1),
        ("退兩件", 2),
        ("ふたつ返品したい", 2),
        ("2個返品します", 2),
        ("二つ返品します", 2),
        ("두 개 반품할게요", 2),
        ("한 개만 환불해 주세요", 1),
        ("quiero devolver una", 1),
        ("devolver dos camisetas", 2),
        ("quero devolver duas", 2),
        ("je veux en retourner deux", 2),
        ("ich möchte zwei zurückschicken", 2),
        ("верну две кружки", 2),
        ("три штуки вернуть", 3),
        ("أريد إرجاع اثنين", 2),
        ("أريد إرجاع قطعتين", 2),
        ("trả lại hai cái", 2),
        ("คืนสองชิ้น", 2),
        ("คืน 2 ชิ้น", 2),
        ("mau kembalikan dua", 2),
        ("retur 2 buah", 2),
        ("return two of them", 2),
    ],
)
def test_a_quantity_in_words_or_digits_is_found_in_every_language(text, quantity):
    assert quantities(text) == [quantity]


@pytest.mark.parametrize(
    ("text", "quantity", "total"),
    [
        ("return 2 of the 3 mugs from my order, they arrived chipped", 2, 3),
        ("devolver 2 de las 3 tazas", 2, 3),
        ("je renvoie 2 des 3 tasses", 2, 3),
        ("2 von den 3 Tassen zurück", 2, 3),
        ("верну 2 из 3 кружек", 2, 3),
        ("三个杯子退两个", 2, 3),
        ("3つのうち2つ返品", 2, 3),
        ("3개 중 2개 반품", 2, 3),
    ],
)
def test_part_of_a_whole_is_the_part(text, quantity, total):
    ents = extract_entities(text)
    assert ents.quantities == [quantity]
    assert any(i.quantity == quantity and i.out_of == total for i in ents.items)


def test_the_item_word_next_to_a_quantity_is_kept():
    items = extract_entities("return 2 of the 3 mugs from my order").items
    assert [(i.quantity, i.words) for i in items] == [(2, ["mugs"])]
    items = extract_entities("devolver dos camisetas").items
    assert [(i.quantity, i.words) for i in items] == [(2, ["camisetas"])]
    items = extract_entities("退两个杯子").items
    assert [(i.quantity, i.words) for i in items] == [(2, ["杯子"])]


@pytest.mark.parametrize(
    "text",
    [
        "return all of them",
        "全部退掉",
        "quiero devolver todos",
        "je veux tout retourner",
        "alle zurückschicken",
        "вернуть все",
        "全部返品します",
        "전부 반품할게요",
        "trả lại tất cả",
        "คืนทั้งหมด",
        "kembalikan semua",
        "أريد إرجاع الكل",
        "devolver todas",
    ],
)
def test_all_of_them_is_every_unit(text):
    assert any(i.all_units for i in extract_entities(text).items)
    assert is_all(text)


@pytest.mark.parametrize(
    "text",
    [
        "the mug was £42.99",
        "I paid $30",
        "花了30元",
        "¥2,980でした",
        "25,000원 결제",
        "ราคา 590 บาท",
        "pagué 150 euros",
        "заплатил 1500 руб",
        "delivered on 2024-11-06",
        "entregue em 06/11/2024",
        "at 14:30",
        "call 13812345678",
        "order 114-3941689-8772232",
        "Hauptstraße 5, 10115 Berlin, Deutschland",
        "100 Main Street, Springfield, IL 62704",
        "waited 3 days",
        "tracking SF1234567890123",
    ],
)
def test_prices_dates_phones_postal_codes_and_numbers_are_never_quantities(text):
    assert quantities(text) == []


def test_a_price_next_to_a_quantity_leaves_the_quantity():
    assert quantities("return 2, they cost £42.99 each") == [2]
    assert quantities("两个杯子 30元") == [2]
    assert quantities("¥2,980の商品を2個返品") == [2]


# --------------------------------------------------------------------------- parse_quantity
@pytest.mark.parametrize(
    ("text", "language", "quantity"),
    [
        ("2", None, 2),
        ("两个", "zh_Hans", 2),
        ("三件", "zh_Hans", 3),
        ("一双", "zh_Hans", 1),
        ("ふたつ", "ja", 2),
        ("2個です", "ja", 2),
        ("두 개", "ko", 2),
        ("한 개요", "ko", 1),
        ("una", "es", 1),
        ("dos, por favor", "es", 2),
        ("duas", "pt", 2),
        ("deux", "fr", 2),
        ("zwei bitte", "de", 2),
        ("две", "ru", 2),
        ("три штуки", "ru", 3),
        ("اثنين", "ar", 2),
        ("قطعتين", "ar", 2),
        ("hai cái", "vi", 2),
        ("สองชิ้น", "th", 2),
        ("2 ชิ้นค่ะ", "th", 2),
        ("dua", "id", 2),
        ("2 buah", "id", 2),
        ("just one", "en", 1),
        ("two please", "en", 2),
        ("2 of them", "en", 2),
        ("٢", "ar", 2),
    ],
)
def test_parse_quantity_reads_a_typed_quantity(text, language, quantity):
    assert parse_quantity(text, language) == quantity


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("£42.99", "en"),
        ("the blue one", "en"),
        ("the second one", "en"),
        ("no sé", "es"),
        ("14:30", None),
        ("order 10517", "en"),
        ("13812345678", "zh_Hans"),
        ("不知道", "zh_Hans"),
        ("3 days ago", "en"),
        ("", None),
        ("2024-11-06", None),
        ("30元", "zh_Hans"),
    ],
)
def test_parse_quantity_returns_none_for_text_that_is_not_a_quantity(text, language):
    assert parse_quantity(text, language) is None


# --------------------------------------------------------------------------- parse_ordinal
@pytest.mark.parametrize(
    ("text", "language", "ordinal"),
    [
        ("the second one", "en", 2),
        ("2nd", "en", 2),
        ("the first", "en", 1),
        ("第二个", "zh_Hans", 2),
        ("第2个", "zh_Hans", 2),
        ("第三個", "zh_Hant", 3),
        ("2番目", "ja", 2),
        ("二つ目", "ja", 2),
        ("두 번째", "ko", 2),
        ("첫 번째요", "ko", 1),
        ("el segundo", "es", 2),
        ("la primera", "es", 1),
        ("o segundo", "pt", 2),
        ("le deuxième", "fr", 2),
        ("der zweite", "de", 2),
        ("второй", "ru", 2),
        ("вторую", "ru", 2),
        ("الثاني", "ar", 2),
        ("cái thứ hai", "vi", 2),
        ("thứ 2", "vi", 2),
        ("อันที่สอง", "th", 2),
        ("yang kedua", "id", 2),
        ("the last one", "en", -1),
        ("最后一个", "zh_Hans", -1),
        ("el último", "es", -1),
        ("последний", "ru", -1),
        ("마지막 거", "ko", -1),
        ("yang terakhir", "id", -1),
    ],
)
def test_parse_ordinal_reads_a_typed_choice_by_position(text, language, ordinal):
    assert parse_ordinal(text, language) == ordinal


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("2", None),
        ("two", "en"),
        ("the blue one", "en"),
        ("I need a second opinion about my refund", "en"),
        ("两个", "zh_Hans"),
        ("order 10517", "en"),
        ("", None),
        ("segundo pedido cancelado ayer, quiero saber por qué", "es"),
    ],
)
def test_parse_ordinal_returns_none_for_text_that_is_not_a_position(text, language):
    assert parse_ordinal(text, language) is None


@pytest.mark.parametrize(
    ("text", "ordinal"), [("the second one", 2), ("第二个", 2), ("el último", -1), ("두 번째", 2)]
)
def test_a_choice_by_position_is_an_item_reference(text, ordinal):
    assert [i.ordinal for i in extract_entities(text).items if i.ordinal] == [ordinal]


# --------------------------------------------------------------------------- never a quantity
@pytest.mark.parametrize(
    "text",
    [
        "Оплатил 25 ноября, где заказ?",
        "compré una silla el 15 de noviembre",
        "j'ai commandé le 21 novembre",
        "saya pesan tanggal 21 November",
        "ส่งคืนไปตั้งแต่วันที่ 17 พ.ย.",
        "You received the return on Nov 24",
        "comprei no dia 20 e nada",
    ],
)
def test_a_day_of_the_month_is_never_a_quantity(text):
    assert quantities(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Хочу поменять размер с 48 на 50",
        "đổi size 28 sang 29 được không",
        "Schuhe zu groß, gegen 42 tauschen bitte",
        "sepatunya kekecilan, tuker ke 41 bisa?",
        "can I exchange them for a 9 instead of an 8.5?",
        "đổi giúp mình địa chỉ sang 25 Lý Tự Trọng",
        "ốp lưng iPhone 14 Pro bị sai màu",
    ],
)
def test_a_size_an_address_or_a_model_number_is_never_a_quantity(text):
    assert quantities(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "说好的三至五个工作日发货",
        "三至五個工作天送到",
        "3개월 전에 샀어요",
        "طلبت قبل عشرة أيام",
        "giao hoa toc ma 5 ngay moi toi",
        "mon paiement en 3x sans frais a été refusé",
        "parcelei em 12x sem juros",
    ],
)
def test_a_duration_or_instalments_are_never_a_quantity(text):
    assert quantities(text) == []


@pytest.mark.parametrize(
    ("text", "quantity", "total"),
    [
        ("I ordered 3 yoga mats by mistake, please cancel two of them", 2, 3),
        ("Pedí cuatro tazas, ¿puedo cancelar dos?", 2, 4),
        ("Sur les 6 bougies, je peux en annuler 4 ? Les deux autres je les garde.", 4, 6),
        ("von den 4 Tellern sind 2 kaputt angekommen", 2, 4),
    ],
)
def test_a_count_acted_on_after_the_whole_is_the_part(text, quantity, total):
    ents = extract_entities(text)
    assert ents.quantities == [quantity]
    assert [i.out_of for i in ents.items if i.quantity == quantity] == [total]


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("can u add 2 more candles to my order", 2),
        ("I need 3 more mugs please", 3),
        ("please send 2 extra filters", 2),
    ],
)
def test_more_between_the_count_and_the_item_keeps_the_count(text, quantity):
    assert quantities(text) == [quantity]


@pytest.mark.parametrize(
    "text", ["我买了一条围巾跟两双手套", "訂單裡有一條圍巾跟兩雙手套", "一条围巾和两双手套都要退"]
)
def test_two_counts_joined_by_and_in_chinese_are_both_found(text):
    assert sorted(quantities(text)) == [1, 2]


def test_a_quantity_changed_to_a_number_is_kept_when_the_quantity_is_named():
    assert quantities("change the quantity to 2") == [2]
    assert quantities("cambiar la cantidad a 2") == [2]
    assert quantities("đổi số lượng sang 2") == [2]


@pytest.mark.parametrize(
    "text",
    ["我有两个退款还没到", "麻烦开一张电子普票", "有兩個問題想問", "收到的完全不是一个东西"],
)
def test_a_count_of_refunds_invoices_or_questions_is_no_item_quantity(text):
    assert quantities(text) == []
