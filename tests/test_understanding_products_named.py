"""The product words a first message names are found, in the customer's own spelling, with
the count that stands next to them; words that only look like a product are not."""

import pytest

from core.understanding.entities import extract_entities


def named(text: str) -> list[tuple[str, int | None]]:
    return [(p.text, p.quantity) for p in extract_entities(text).products]


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("its not broken i just dont like how the sweater looks on me, can i return it", "sweater"),
        ("我訂的洋裝想改成M號，還沒寄出的話可以改嗎？", "洋裝"),
        ("الشاشة وصلت مكسورة من الزاوية", "الشاشة"),
        ("Der Wasserkocher schaltet sich nicht mehr ab.", "Wasserkocher"),
        ("Le grille-pain ne chauffe que d'un côté.", "grille-pain"),
        ("電気ケトルのお湯が沸かなくなりました", "電気ケトル"),
        ("전기포트 물이 안 끓어요", "전기포트"),
        ("Ваза приехала с трещиной", "Ваза"),
        ("หม้อหุงข้าวเปิดไม่ติดค่ะ", "หม้อหุงข้าว"),
        ("Em muốn đổi máy sấy tóc khác", "máy sấy tóc"),
    ],
    ids=["en", "zh_Hant", "ar", "de", "fr", "ja", "ko", "ru", "th", "vi"],
)
def test_a_product_named_in_a_message_is_found_as_written(text: str, product: str) -> None:
    assert product in [p for p, _ in named(text)]


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("Hallo, die Winterjacke ist gestern angekommen", "Winterjacke"),
        ("Ich überlege, Ihren Akku-Staubsauger zu kaufen", "Akku-Staubsauger"),
        ("Kak, jaketnya sudah sampai kemarin", "jaketnya"),
    ],
    ids=["de-compound", "de-hyphen", "id-possessive"],
)
def test_a_compound_or_a_possessive_still_names_its_product(text: str, product: str) -> None:
    assert product in [p for p, _ in named(text)]


@pytest.mark.parametrize(
    ("text", "product", "count"),
    [
        ("Pesanan saya ada 2 mangkok pecah", "mangkok", 2),
        ("Compré tres body de bebé talla 0-3 meses", "body de bebé", 3),
        ("#JP1267のお皿2枚が割れて届きました", "お皿", 2),
        ("ออเดอร์ จานเซรามิก 2 ใบแตกมาค่ะ", "จาน", 2),
        ("I ordered a standing desk last week", "desk", 1),
    ],
    ids=["id", "es", "ja", "th", "en-article"],
)
def test_the_count_next_to_a_product_is_its_quantity(text: str, product: str, count: int) -> None:
    assert (product, count) in named(text)


def test_an_article_counts_the_product_but_is_no_quantity_of_the_message() -> None:
    ents = extract_entities("compré una silla el 15 de noviembre")
    assert [(p.text, p.quantity) for p in ents.products] == [("silla", 1)]
    assert ents.quantities == []


@pytest.mark.parametrize(
    "text",
    [
        "bisa ganti alamat? barangnya bagus kok",
        "Er hat um 8 Uhr geliefert",
        "Le livreur n'est pas passé, j'ai un cupom",
        "Доставка опоздала на час",
    ],
    ids=["id", "de", "fr", "ru"],
)
def test_everyday_words_that_look_like_products_are_not_products(text: str) -> None:
    assert named(text) == []


def test_product_words_do_not_choose_order_lines() -> None:
    """ "cancel the coffee, I keep the coffee maker": the lines are chosen elsewhere."""
    ents = extract_entities("cancela solo el café, la cafetera me la quedo")
    assert "cafetera" in [p.text for p in ents.products]
    assert all(i.text != "cafetera" for i in ents.items)
