"""Addresses as they are typed without help: an order sent to a whole new address with no word
"address" is an address change (a status question naming a place is not); Gulf addresses with
no street or postal code, CIS microdistricts, Swiss/Austrian streets and codes keep their parts;
an address given in two pieces while the bot asks for it is completed by the second."""

from __future__ import annotations

import pytest

from core.engine import Engine
from core.i18n import Localizer
from core.services import Services
from core.settings import Settings
from core.understanding import Intent, build_understander
from core.understanding.entities import extract_entities
from core.understanding.replies import yes_or_no
from tests.chat import Chat, store
from tests.factories import order_living_in


def assert_parts(text: str, want: dict[str, str]) -> None:
    """The address found in `text` has each wanted part, exactly."""
    got = extract_entities(text).address
    assert got is not None
    for key, value in want.items():
        assert getattr(got, key) == value, (key, got)


# --------------------------------------------------------------------- class 1: the structure


@pytest.mark.parametrize(
    "text",
    [
        "order #4471 - 15 Elm Grove, Apt 4, Leeds LS6 2AB",
        "my order 5830 goes to 41 Front Street, Unit 7, Toronto ON M5J 2N1 now",
        "Bestellung 4471 jetzt bitte zur Josefstädter Gasse 3, 1080 Wien",
        "заказ 4471 на мкр. Самал-2, д. 58, кв. 14, Алматы",
        "pesanan 5830 ke Jl. Kemang Raya No. 9, Mampang Prapatan, Jakarta Selatan 12730",
        "order 5830: Jumeirah Beach Residence, Sadaf 4, apt 702, Dubai",
    ],
    ids=["en-gb", "en-ca", "de-at", "ru-kz", "id", "en-ae"],
)
async def test_an_order_sent_to_a_whole_address_is_an_address_change(text: str) -> None:
    r = await build_understander(Settings()).understand(text)
    assert r.intent is Intent.CHANGE_ADDRESS
    assert r.entities.address is not None and r.entities.address.line1


@pytest.mark.parametrize(
    "text",
    [
        "where is order 5830? it should reach 9 Orchard Close, Flat 2, Leeds LS6 3AB",
        "¿dónde está el pedido 5830? vivo en Calle Serrano 41, 2º izq, 28001 Madrid",
        "где заказ 5830? ул. Мира 17, кв. 9, Самара",
    ],
    ids=["en", "es", "ru"],
)
async def test_a_status_question_that_names_the_address_stays_a_status_question(
    text: str,
) -> None:
    r = await build_understander(Settings()).understand(text)
    assert r.intent is Intent.ORDER_STATUS


# --------------------------------------------------------------------- class 2: the parts
@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Al Furjan, Saheel 4, villa 12, Dubai",
            {"city": "Dubai", "district": "Al Furjan", "line1": "Saheel 4"},
        ),
        (
            "دبي، داون تاون، برج خليفة، الطابق ٤٠، شقة ٤٠٠٢",
            {"city": "دبي", "district": "داون تاون", "line1": "برج خليفة", "unit": "شقة 4002"},
        ),
        (
            "The Pearl, Porto Arabia 12, flat 5, Doha",
            {"country": "QA", "city": "Doha", "district": "The Pearl", "line1": "Porto Arabia 12"},
        ),
        (
            "Al Nahda 2, Villa 8, Street 21, Dubai",
            {"city": "Dubai", "district": "Al Nahda 2", "line1": "Street 21"},
        ),
    ],
    ids=["ae-en", "ae-ar", "qa", "ae-street"],
)
def test_a_gulf_address_without_street_or_postal_code_keeps_its_parts(
    text: str, want: dict[str, str]
) -> None:
    assert_parts(text, want)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "мкр. Аксай-4, д. 21, кв. 33, Алматы",
            {"country": "KZ", "district": "мкр. Аксай-4", "line1": "д. 21", "unit": "кв. 33"},
        ),
        (
            "г. Астана, мкр. Шугыла, 12-40",
            {"country": "KZ", "district": "мкр. Шугыла", "line1": "12-40"},
        ),
        (
            "Минск, ул. Сурганова ۴۷, кв ١٥",
            {"country": "BY", "line1": "ул. Сурганова 47", "unit": "кв 15"},
        ),
    ],
    ids=["kz", "kz-flat", "by-digits"],
)
def test_a_cis_address_keeps_its_microdistrict_and_country(text: str, want: dict[str, str]) -> None:
    assert_parts(text, want)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Bestellung 7720 bitte an Löwenstrasse 29, 8001 Zürich schicken",
            {"line1": "Löwenstrasse 29", "postal_code": "8001", "city": "Zürich"},
        ),
        (
            "Kettengasse 4, A-1080 Wien",
            {"country": "AT", "line1": "Kettengasse 4", "postal_code": "1080", "city": "Wien"},
        ),
        (
            "Spalenberg 12, CH-4051 Basel",
            {"country": "CH", "postal_code": "4051", "city": "Basel"},
        ),
    ],
    ids=["ch-request", "at-prefixed", "ch-prefixed"],
)
def test_swiss_and_austrian_streets_and_codes_keep_their_parts(
    text: str, want: dict[str, str]
) -> None:
    ents = extract_entities(text)
    got = ents.address
    assert got is not None
    for key, value in want.items():
        assert getattr(got, key) == value, (key, got)
    assert all(want["postal_code"] not in n for n in ents.order_numbers)


# --------------------------------------------------------------------- class 3: in pieces
@pytest.mark.parametrize(
    ("country", "locale", "first", "second", "street", "place"),
    [
        ("AE", "en", "Sadaf 4, apt 702", "Jumeirah Beach Residence, Dubai", "Sadaf 4", "Dubai"),
        ("AE", "ar", "مارينا جيت ١، شقة ٣٠٥", "مرسى دبي، دبي", "مارينا جيت 1", "دبي"),
        ("KZ", "ru", "мкр. Аксай-4, д. 21, кв. 33", "Алматы", "д. 21", "Алматы"),
        ("ES", "es", "Calle Toledo 8, 1º A", "28005 Madrid", "Calle Toledo 8", "Madrid"),
    ],
    ids=["en", "ar", "ru", "es"],
)
async def test_an_address_given_in_two_pieces_is_completed_by_the_second(
    services: Services,
    engine: Engine,
    country: str,
    locale: str,
    first: str,
    second: str,
    street: str,
    place: str,
) -> None:
    doc = order_living_in(country, locale, "Noor", "+971501112233")
    await store(services, doc)
    chat = Chat(engine)
    await chat.say("I need to change the delivery address of order 1234567890123451023")
    asked = await chat.say(first, locale=locale)
    rest = (
        "Thanks, I have that part of the address. Please send the rest of it: street and "
        "number, area or postal code, and city."
    )  # the piece kept, the rest asked for (in the conversation's language, English or not)
    assert asked.text() in {Localizer(lang)._(rest) for lang in (locale, "en")}
    shown = await chat.say(second, locale=locale)
    assert street in shown.text() and place in shown.text()
    assert [b.payload for b in shown.buttons()] == ["confirm:yes", "confirm:no"]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "札幌市中央区北3条西4丁目1番地 日生ビル 8階 803号室",
            {"province": "北海道", "city": "札幌市", "district": "中央区", "unit": "803号室"},
        ),
        (
            "神戸市中央区三宮町1丁目9番1号 センタープラザ 1205号",
            {"province": "兵庫県", "line1": "三宮町1丁目9番1号", "unit": "1205号"},
        ),
        (
            "〒980-0021 仙台市青葉区中央2-2-10 ホワイトビル 4F",
            {"postal_code": "980-0021", "city": "仙台市", "floor": "4F"},
        ),
    ],
    ids=["sapporo", "kobe", "sendai"],
)
def test_a_japanese_address_of_a_designated_city_without_its_prefecture_keeps_its_parts(
    text: str, want: dict[str, str]
) -> None:
    assert_parts(text, want)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("把4417寄到南京市鼓楼区中山路18号", "4417"),
        ("麻烦把 52093 改寄到 成都市武侯区人民南路四段1号", "52093"),
        ("請把7781轉寄到台北市大安區復興南路一段390號", "7781"),
    ],
    ids=["zh-hans", "zh-hans-spaced", "zh-hant"],
)
def test_the_number_an_order_verb_acts_on_is_the_order(text: str, number: str) -> None:
    assert extract_entities(text).order_numbers == [number]


# --------------------------------------------------------------------- confirming the address
@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("nein, nicht richtig", "no"),
        ("die Hausnummer stimmt nicht", "no"),
        ("не верно", "no"),
        ("pas correct du tout", "no"),
        ("not correct", "no"),
        ("مو صح", "no"),
        ("صح، هذا العنوان الجديد", "yes"),
        ("ماشي", "yes"),
    ],
    ids=["de", "de-after", "ru", "fr", "en", "ar-no", "ar-yes", "ar-yes-2"],
)
def test_a_yes_word_negated_declines_the_address_shown(text: str, said: str) -> None:
    assert yes_or_no(text, "change_address") == said
