"""Order numbers of every supported market's platforms, and what is never an order number."""

from __future__ import annotations

import pytest

from core.understanding.entities import extract_entities
from tests.factories import order


def orders(text: str) -> list[str]:
    return extract_entities(text).order_numbers


# --------------------------------------------------------------------------- platform formats
# (format, message without an order word, message with one, in another language)
PLATFORM_FORMATS = [
    ("#1043", "#1043 hasn't arrived", "mi pedido #1043 no ha llegado"),
    ("#UK3402", "where is #UK3402?", "Wo ist meine Bestellung #UK3402?"),
    ("EU1019", "EU1019 still not shipped", "ma commande EU1019 n'est pas partie"),
    ("SO-10587", "SO-10587 arrived broken", "заказ SO-10587 пришёл сломанным"),
    ("2087654321098765432", "2087654321098765432 到哪了", "淘宝订单 2087654321098765432 到哪了"),
    ("312345678901", "312345678901 还没发货", "京东订单312345678901还没发货"),
    ("240315-123456789012345", "240315-123456789012345 退款", "拼多多订单 240315-123456789012345"),
    ("6934567890123456789", "6934567890123456789 发货了吗", "抖音订单号6934567890123456789"),
    ("114-3941689-8772232", "Any news on 114-3941689-8772232?", "Amazon注文 114-3941689-8772232"),
    ("D01-1234567-1234567", "refund D01-1234567-1234567", "my order D01-1234567-1234567"),
    ("12-34567-89012", "eBay 12-34567-89012 not here", "eBay order 12-34567-89012"),
    ("2411056KQ1TR9B", "2411056KQ1TR9B belum sampai", "pesanan Shopee 2411056KQ1TR9B"),
    (
        "INV/20241106/MPL/3819204756",
        "INV/20241106/MPL/3819204756 kapan dikirim",
        "pesanan INV/20241106/MPL/3819204756 belum sampai",
    ),
    ("47719302-0007", "47719302-0007 где?", "заказ Ozon 47719302-0007 не пришёл"),
    ("47719302-0007-1", "отправление 47719302-0007-1", "номер заказа 47719302-0007-1"),
    (
        "123456-20241106-0012345678",
        "123456-20241106-0012345678 まだ届きません",
        "楽天の注文番号は123456-20241106-0012345678です",
    ),
    ("9100041863244", "9100041863244 언제 와요?", "쿠팡 주문번호 9100041863244"),
    ("2000003508419013", "2000003508419013 no llegó", "Mercado Livre pedido 2000003508419013"),
    (
        "OD427850392384956100",
        "OD427850392384956100 not delivered",
        "Flipkart order OD427850392384956100",
    ),
    ("10101030798917", "10101030798917 ist nicht angekommen", "Zalando Bestellung 10101030798917"),
    ("8123456789012345", "AliExpress 8123456789012345", "pedido AliExpress 8123456789012345"),
    (
        "PO-211-01234567890123456",
        "Temu PO-211-01234567890123456",
        "Temu order PO-211-01234567890123456",
    ),
    ("576461234567890123", "576461234567890123 chưa giao", "đơn hàng TikTok 576461234567890123"),
]


@pytest.mark.parametrize(("number", "bare", "_"), PLATFORM_FORMATS)
def test_a_platform_order_number_is_found_without_an_order_word(number, bare, _):
    assert orders(bare) == [number]


@pytest.mark.parametrize(("number", "_", "with_word"), PLATFORM_FORMATS)
def test_a_platform_order_number_is_found_after_an_order_word(number, _, with_word):
    assert orders(with_word) == [number]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("where is order 10517?", "10517"),
        ("my order number is 10482", "10482"),
        ("¿Dónde está mi pedido 10482?", "10482"),
        ("pedido nº 10482 no llegó", "10482"),
        ("ma commande n° 10482", "10482"),
        ("Bestellung Nr. 10482 fehlt", "10482"),
        ("заказ № 10482", "10482"),
        ("номер заказа: 10482", "10482"),
        ("订单号：10517", "10517"),
        ("訂單編號 10517", "10517"),
        ("注文番号は1234567です", "1234567"),
        ("ご注文番号：10517", "10517"),
        ("주문번호 10517 배송 언제예요", "10517"),
        ("주문번호는 10517입니다", "10517"),
        ("đơn hàng số 695784102 của Tiki", "695784102"),
        ("mã đơn 10517", "10517"),
        ("ออเดอร์12345678ยังไม่มา", "12345678"),
        ("หมายเลขคำสั่งซื้อ 10517", "10517"),
        ("nomor pesanan saya 10517", "10517"),
        ("طلب رقم 10517 لم يصل", "10517"),
        ("طلبي 10517 متأخر", "10517"),
        ("minha encomenda 10482", "10482"),
        ("noon order NAEH40012345678", "NAEH40012345678"),
        (
            "Allegro order 29738e61-7f6a-11e8-ac45-09db60ede9d6",
            "29738e61-7f6a-11e8-ac45-09db60ede9d6",
        ),
    ],
)
def test_a_shop_order_id_right_after_an_order_word_in_any_language(text, number):
    assert orders(text) == [number]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("ออเดอร์12345678ยังไม่มา", "12345678"),
        ("注文番号は1234567です", "1234567"),
        ("주문번호1234567로 주문했어요", "1234567"),
        ("订单1234567还没到", "1234567"),
        ("訂單1234567還沒到", "1234567"),
    ],
)
def test_digits_glued_inside_thai_japanese_korean_and_chinese_text(text, number):
    assert orders(text) == [number]


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("orders 10517 and 10518 are late", ["10517", "10518"]),
        ("订单 10517 和 10518 都没到", ["10517", "10518"]),
        ("pedidos 10517 y 10518", ["10517", "10518"]),
    ],
)
def test_two_order_ids_after_one_order_word(text, numbers):
    assert orders(text) == numbers


def test_a_lowercase_shop_code_is_given_in_upper_case():
    assert orders("order so-10587 please") == ["SO-10587"]


# --------------------------------------------------------------------------- never order numbers
@pytest.mark.parametrize(
    "text",
    [
        "my order was £42.99",
        "the order cost $30 and still nothing",
        "订单金额 2980元 还没发货",
        "注文は¥2,980でした",
        "pedido de 150 euros",
        "la commande de 1.299,00 € n'est pas arrivée",
        "pedido de R$ 89,90",
        "pesanan Rp 150.000 belum sampai",
        "đơn hàng 150.000đ chưa tới",
        "주문 25,000원 결제했어요",
        "ออเดอร์ 590 บาท",
        "طلب بقيمة 300 ريال",
        "заказ на 1500 руб",
        "order of 150 dollars",
    ],
)
def test_a_price_is_never_an_order_number(text):
    assert orders(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "order placed on 2024-11-06",
        "订单 2024年11月6日 下的",
        "pedido del 06/11/2024",
        "Bestellung vom 06.11.2024",
        "注文は11月6日です",
        "order 14:30 yesterday",
        "заказ от 06.11.2024",
    ],
)
def test_a_date_or_time_is_never_an_order_number(text):
    assert orders(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "电话改成13812345678",
        "call me on +44 20 7946 0958",
        "電話番号は090-1234-5678です",
        "제 번호는 010-1234-5678",
        "my number is (555) 123-4567",
        "nomor hp 0812-3456-7890",
        "order phone 0812345678",
    ],
)
def test_a_phone_number_is_never_an_order_number(text):
    assert orders(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Hauptstraße 5, 10115 Berlin",
        "221B Baker Street, London NW1 6XE",
        "〒150-0002 東京都渋谷区渋谷2丁目21-1",
        "Rua Augusta 100, 1100-053 Lisboa",
        "Rua Oscar Freire 379, São Paulo, 01426-001",
        "ул. Тверская, д. 7, 125009 Москва",
    ],
)
def test_a_postal_code_is_never_an_order_number(text):
    assert orders(text) == []


@pytest.mark.parametrize(
    ("text", "tracking"),
    [
        ("顺丰 SF1234567890123 一直没更新", "SF1234567890123"),
        ("UPS 1Z999AA10123456784 stuck", "1Z999AA10123456784"),
        ("where is RR123456785CN", "RR123456785CN"),
        ("運送状番号 1234-5678-9012 の荷物", "123456789012"),
        ("número de seguimiento 1234567890123", "1234567890123"),
    ],
)
def test_a_tracking_number_is_never_an_order_number(text, tracking):
    ents = extract_entities(text)
    assert ents.tracking_numbers == [tracking]
    assert ents.order_numbers == []


@pytest.mark.parametrize(
    "text",
    [
        "I waited 12345 minutes",
        "12345",
        "room 1203 on floor 12",
        "我买了 3 件",
        "3 個注文しました",
        "tengo 2 pedidos",
    ],
)
def test_a_short_number_without_an_order_word_is_not_an_order_number(text):
    assert orders(text) == []


def test_a_tax_id_is_not_an_order_number():
    assert orders("ИНН 7707083893 для счёта") == []
    assert orders("税号 91310000MA1K3XXXXX") == []


def test_a_canonical_order_number_may_hold_a_slash_and_64_characters():
    assert order(order_no="INV/20241106/MPL/3819204756").order_no == "INV/20241106/MPL/3819204756"
    assert len(order(order_no="A" * 64).order_no) == 64


def test_an_order_number_of_letter_and_digit_groups_after_an_order_word_is_read_whole():
    assert orders("Cek pesanan INV-20251226-MPL-5512340 dong, udah sampai mana?") == [
        "INV-20251226-MPL-5512340"
    ]


def test_the_indonesian_dong_after_a_number_is_no_currency():
    from core.understanding.entities import extract_entities

    assert extract_entities("kirim 2 dong").quantities == [2]


# --------------------------------------------------------------------------- tracking words
@pytest.mark.parametrize(
    ("text", "tracking"),
    [
        ("трек RB987654320RU не обновляется неделю", "RB987654320RU"),
        ("rastreio LX765432109BR não anda", "LX765432109BR"),
        ("colissimo 8R01234567890 toujours en transit", "8R01234567890"),
        ("DHL Sendung 00340434161094012345 hängt fest", "00340434161094012345"),
        ("เลขพัสดุTH98765XYZ4321ไม่ขยับเลย", "TH98765XYZ4321"),
        ("追跡123498765432で止まったまま", "123498765432"),
        ("الشحنة SMSA123456789 متأخرة", "SMSA123456789"),
        ("СДЭК номер 1098765432 где посылка", "1098765432"),
        ("우체국 택배 6098765432101 언제 와요", "6098765432101"),
    ],
)
def test_the_code_after_a_tracking_word_or_a_carrier_is_a_tracking_number(text, tracking):
    ents = extract_entities(text)
    assert ents.tracking_numbers == [tracking]
    assert ents.order_numbers == []


def test_an_order_word_nearer_than_the_carrier_keeps_its_order_number():
    ents = extract_entities("pedido 10517 enviado por correos 123456789012")
    assert ents.order_numbers == ["10517"]
    assert ents.tracking_numbers == ["123456789012"]


@pytest.mark.parametrize(
    "text",
    [
        "my MacBook model A2337 won't charge, can I return it?",
        "SKU ABC-12345 is out of stock?",
        "型号 KJ55X80K 的电视什么时候到",
        "型番 WH1000XM5 が届かない",
        "модель SM-A5560 не включается",
        "ticket 4455667 is still open",
        "refund to IBAN DE89370400440532013000 please",
    ],
)
def test_a_model_sku_ticket_or_bank_account_is_never_an_order_number(text):
    assert orders(text) == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Bestellnr. 10517 ist nicht da", "10517"),
        ("Bestell-Nr 10518 fehlt", "10518"),
        ("заказ 10519, оплатил 25 ноября", "10519"),
    ],
)
def test_an_order_word_abbreviation_or_a_date_beside_it_keeps_the_number(text, number):
    assert orders(text) == [number]


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("订单号：4062 2177 8012 3456 789 还没到", ["4062217780123456789"]),
        ("my order 1234 5678 9012 hasn't shipped", ["123456789012"]),
        ("заказ 3012 4567 8901 где", ["301245678901"]),
        ("order 10517 2024 was a good year", ["10517"]),
    ],
)
def test_an_order_number_typed_in_groups_after_an_order_word_is_one_number(text, numbers):
    assert orders(text) == numbers


@pytest.mark.parametrize(
    "text",
    [
        "orders 10517/10518 both late",
        "order numbers 10517 & 10518",
        "números de pedido 10517 e 10518",
        "Bestellnummern 10517 und 10518",
    ],
)
def test_two_order_numbers_after_one_order_word_are_both_found(text):
    assert orders(text) == ["10517", "10518"]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("мой заказ ну когда уже 73910264 приедет", "73910264"),
        ("my order, ugh, 40718352 is still not here", "40718352"),
        ("mi pedido pues 918273645 no llega", "918273645"),
        ("订单 就是那个 603184927 还没到", "603184927"),
    ],
)
def test_a_short_number_a_few_words_after_an_order_word_is_that_order(text, number):
    assert orders(text) == [number]


@pytest.mark.parametrize(
    "text",
    [
        "my order went to postcode 1011 AB, phone 91234567",
        "заказ на 1500 рублей, индекс 101000",
    ],
)
def test_a_postcode_phone_or_amount_near_an_order_word_stays_no_order_number(text):
    assert orders(text) == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("where's my blender order?? its 10533", "10533"),
        ("¿y mi pedido? es el 10533", "10533"),
        ("Bestellung? das ist 10533", "10533"),
        ("заказ, это 10533, где он", "10533"),
    ],
)
def test_an_order_number_after_a_question_mark_or_its_after_the_order_word_is_found(text, number):
    assert orders(text) == [number]


def test_a_dashed_phone_number_after_an_order_word_is_no_order_number():
    assert orders("wrong phone on my order, its 415-555-0192 not 0129") == []
