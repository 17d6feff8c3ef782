"""Addresses typed whole, with the recipient and the phone said in each market's own words.

1. The recipient introduced by "in the name of" ("em nome de", "en nombre de", "au nom de",
   "im Namen von", "باسم") is the name, without those words.
2. A phone introduced by its market's word ("tlm", "telemóvel", "fono", "móvil", "portable",
   "Handy", "موبايل") is the phone, digits only; neither word nor digits stay in the places.
3. A phone typed right after the recipient's name, with no word, is the phone, not the name.
4. A country written with its state's word ("سلطنة عمان", "Kingdom of Bahrain", "Reino de
   España") is the country, not a district.
5. A city written first, then the district, the street with its house number, the floor and
   the flat ("2º Dto", "الدور الثالث شقة ٥", Brazilian "ap 12"): each part in its place.

Digits typed in Arabic-Indic are compared as digits, whatever script the parse keeps them in.
"""

from __future__ import annotations

import re

import pytest

from core.understanding.expect import Expectation, ExpectKind
from core.understanding.local import LocalUnderstander
from core.understanding.types import ParsedAddress

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


@pytest.fixture(scope="module")
def understander() -> LocalUnderstander:
    return LocalUnderstander(encoder=None)


def answered(u: LocalUnderstander, text: str) -> ParsedAddress:
    """The address the reply to "please type the new address" gives."""
    got = u.understand_sync(text, expect=Expectation(kind=ExpectKind.ADDRESS))
    assert got.entities.address is not None, text
    return got.entities.address


def same(value: str | None) -> str:
    return re.sub(r"\s+", " ", (value or "").translate(_DIGITS)).strip()


def places(address: ParsedAddress) -> str:
    skip = {"phone", "name", "country"}
    return same(" ".join(str(v) for k, v in address.model_dump().items() if v and k not in skip))


# --------------------------------------------------------------------- 1. in the name of

IN_THE_NAME_OF = [
    (
        "Travessa do Carmo 8, 1º Esq, 1200-095 Lisboa. Em nome de Joana Pires",
        "Joana Pires",
        "Travessa do Carmo 8",
    ),
    (
        "Calle Luna 14, 4º A, 28004 Madrid, en nombre de Pablo Ortega",
        "Pablo Ortega",
        "Calle Luna 14",
    ),
    (
        "18 avenue Jean Jaurès, 69007 Lyon, au nom de Hélène Roux",
        "Hélène Roux",
        "18 avenue Jean Jaurès",
    ),
    (
        "Lindenallee 9, 50968 Köln, im Namen von Jens Albers",
        "Jens Albers",
        "Lindenallee 9",
    ),
    (
        "in the name of Priya Nair, 42 Baker Street, London NW1 6XE",
        "Priya Nair",
        "42 Baker Street",
    ),
    (
        "المنامة، شارع الحكومة ٣٠٥، شقة ٢، باسم مريم الكعبي",
        "مريم الكعبي",
        "شارع الحكومة 305",
    ),
]


@pytest.mark.parametrize(("text", "name", "street"), IN_THE_NAME_OF)
def test_a_recipient_in_the_name_of_is_the_name_without_those_words(
    understander: LocalUnderstander, text: str, name: str, street: str
) -> None:
    address = answered(understander, text)
    assert address.name == name
    assert same(address.line1) == street
    assert name.split()[0] not in places(address)


# --------------------------------------------------------------------- 2. a phone word

PHONE_WORDS = [
    ("Rua do Almada 77, 4050-036 Porto, tlm 934 560 112", "934560112", "Porto"),
    ("Avenida de Roma 21, 1000-261 Lisboa, telemóvel 961 234 500", "961234500", "Lisboa"),
    ("Calle Colón 5, 3º B, 46004 Valencia, móvil 655 12 34 90", "655123490", "Valencia"),
    (
        "Av. Los Leones 1450 depto 31, Providencia, Santiago, fono 22 345 6789",
        "223456789",
        "Santiago",
    ),
    ("5 rue Mercière, 69002 Lyon, portable 07 61 22 33 44", "0761223344", "Lyon"),
    ("Hauptstraße 40, 79098 Freiburg, Handy 0171 2345678", "01712345678", "Freiburg"),
]


@pytest.mark.parametrize(("text", "phone", "city"), PHONE_WORDS)
def test_a_phone_led_by_its_markets_word_is_the_phone_and_no_place(
    understander: LocalUnderstander, text: str, phone: str, city: str
) -> None:
    address = answered(understander, text)
    assert re.sub(r"[^0-9+]", "", address.phone or "") == phone
    assert address.city == city
    assert phone[-4:] not in re.sub(r"\s", "", places(address))
    assert address.province is None


# --------------------------------------------------------------------- 3. a phone after the name

PHONE_AFTER_NAME = [
    (
        "صلالة، الحافة، شارع السلطان قابوس، بناية ١٢، باسم خالد المعشني ٩٢٣٤٥٦٧٨",
        "خالد المعشني",
        "92345678",
    ),
    (
        "Avenida Paulista 900, ap 12, São Paulo - SP, 01310-100, em nome de Ana Souza "
        "11 98765 4321",
        "Ana Souza",
        "11987654321",
    ),
    (
        "Gran Vía 30, 2º Izda, 28013 Madrid, a nombre de Marta Ruiz 611 223 344",
        "Marta Ruiz",
        "611223344",
    ),
]


@pytest.mark.parametrize(("text", "name", "phone"), PHONE_AFTER_NAME)
def test_a_phone_typed_after_the_recipients_name_is_the_phone_not_the_name(
    understander: LocalUnderstander, text: str, name: str, phone: str
) -> None:
    address = answered(understander, text)
    assert address.name == name
    assert re.sub(r"[^0-9+]", "", same(address.phone)) == phone


# --------------------------------------------------------------------- 4. the state's word

STATE_WORD = [
    ("سلطنة عمان، مسقط، القرم، شارع المها، بناية ٤١، شقة ٧", "OM", "مسقط"),
    ("Kingdom of Bahrain, Manama, Road 2803, Building 61, flat 12", "BH", "Manama"),
    ("Reino de España, Calle Sierpes 20, 41004 Sevilla", "ES", "Sevilla"),
]


@pytest.mark.parametrize(("text", "country", "city"), STATE_WORD)
def test_a_country_written_with_its_states_word_is_the_country_not_a_place(
    understander: LocalUnderstander, text: str, country: str, city: str
) -> None:
    address = answered(understander, text)
    typed = text.split(",")[0].split("،")[0].strip()
    assert address.country == country
    assert address.city == city
    assert typed not in places(address)


# --------------------------------------------------------------------- 5. city first, floor, flat

CITY_FIRST = [
    (
        "الإسكندرية، سموحة، ٧ شارع فوزي معاذ، الدور الثالث شقة ٥",
        {"city": "الإسكندرية", "district": "سموحة", "line1": "7 شارع فوزي معاذ"},
        ("الدور الثالث", "شقة 5"),
    ),
    (
        "Lisboa, Avenida da Liberdade 110, 4º Dto, 1250-146",
        {"city": "Lisboa", "line1": "Avenida da Liberdade 110", "postal_code": "1250-146"},
        ("4º Dto",),
    ),
    (
        "Madrid, Calle de Alcalá 45, 2º Izda, 28014",
        {"city": "Madrid", "line1": "Calle de Alcalá 45", "postal_code": "28014"},
        ("2º Izda",),
    ),
    (
        "Rua Oscar Freire 300, ap 51, São Paulo - SP, 01426-001",
        {"city": "São Paulo", "province": "SP", "line1": "Rua Oscar Freire 300"},
        ("ap 51",),
    ),
]


@pytest.mark.parametrize(("text", "want", "unit"), CITY_FIRST)
def test_a_city_written_first_keeps_its_street_floor_and_flat_apart(
    understander: LocalUnderstander, text: str, want: dict[str, str], unit: tuple[str, ...]
) -> None:
    address = answered(understander, text)
    for key, value in want.items():
        assert same(getattr(address, key)) == value, (key, address)
    for piece in unit:
        assert piece in same(address.line2), address
        assert piece not in same(address.district)


def test_a_brazilian_state_code_ap_alone_is_the_state_not_a_flat(
    understander: LocalUnderstander,
) -> None:
    address = answered(understander, "Rua das Flores 45, Macapá - AP, 68900-000")
    assert address.province == "AP"
    assert address.line2 is None
