"""Addresses typed whole in one reply, with the recipient's name and phone around them.

1. A lead-in before the address ("Bitte an:", "send to:", "para:", "giao ve") is no part of it;
   a name right after it is the recipient.
2. The recipient introduced by a word ("recibe", "nguoi nhan", "Empfänger", "destinataire",
   "penerima", "получатель"), typed after a sentence stop (often in lower case), is the name:
   the sentence is not thrown away as chatter, and the address before it is kept whole; so in
   the scripts read by their own order of parts ("받는 사람", "受取人", "ผู้รับ", "收件者").
3. A phone introduced by its word ("cel", "Tel.", "sđt", "HP", "เบอร์") is the phone, digits
   only, and neither the word nor the digits stay in the places.
4. A street named for a person, written without its street word ("Benito Juárez 45"), is the
   street when the address has a postal code.
5. A building named with its word first ("Menara …", "Edificio …", "Immeuble …") goes with the
   unit line: it is neither the recipient nor a city.
"""

from __future__ import annotations

import re

import pytest

from core.understanding.expect import Expectation, ExpectKind
from core.understanding.local import LocalUnderstander
from core.understanding.types import ParsedAddress


@pytest.fixture(scope="module")
def understander() -> LocalUnderstander:
    return LocalUnderstander(encoder=None)


def answered(u: LocalUnderstander, text: str) -> ParsedAddress:
    """The address the reply to "please type the new address" gives."""
    got = u.understand_sync(text, expect=Expectation(kind=ExpectKind.ADDRESS))
    assert got.entities.address is not None, text
    return got.entities.address


def places(address: ParsedAddress) -> str:
    skip = {"phone", "name", "country"}
    return " ".join(str(v) for k, v in address.model_dump().items() if v and k not in skip)


def words(text: str) -> set[str]:
    return set(re.findall(r"[^\W_]+", text.casefold()))


# --------------------------------------------------------------------- 1. a lead-in, a name

LEAD_IN = [
    (
        "Bitte an: Lena Vogt, Bergmannstr. 12, Seitenflügel 3. OG, 10961 Berlin",
        {"name": "Lena Vogt", "postal_code": "10961", "city": "Berlin"},
        "Bergmannstr. 12",
    ),
    (
        "send to: Tom Parker, 77 Elm Street Apt 2B, Portland OR 97205",
        {"name": "Tom Parker", "postal_code": "97205"},
        "77 Elm Street",
    ),
    (
        "Para: Sofía Ramírez, Av. Corrientes 1234, piso 5, C1043 Buenos Aires",
        {"name": "Sofía Ramírez"},
        "Av. Corrientes 1234",
    ),
    (
        "giao ve 12 ngo 45 Kim Ma, phuong Ngoc Khanh, quan Ba Dinh, Ha Noi",
        {"city": "Ha Noi", "district": "quan Ba Dinh"},
        "12 ngo 45 Kim Ma",
    ),
]


@pytest.mark.parametrize(("text", "want", "street"), LEAD_IN)
def test_a_lead_in_is_left_out_and_the_name_after_it_is_the_recipient(
    understander: LocalUnderstander, text: str, want: dict[str, str], street: str
) -> None:
    address = answered(understander, text)
    for key, value in want.items():
        assert getattr(address, key) == value, (key, address)
    assert words(street) <= words(address.line1 or ""), address
    lead = {"bitte", "an", "send", "to", "para", "giao", "ve"}
    assert not (words(places(address)) & lead), address


# --------------------------------------------------------------------- 2. the recipient's word

RECIPIENT = [
    (
        "Calle Durango 211, int. 3, Roma Norte, 06700 CDMX. recibe Paola Núñez cel 55 1234 9876",
        "Paola Núñez",
        "5512349876",
        {"postal_code": "06700"},
    ),
    (
        "Rua Padre Chagas 300, apto 801, Moinhos de Vento, Porto Alegre RS. recebe Marcos Lima "
        "cel (51) 99876-5432",
        "Marcos Lima",
        "51998765432",
        {"district": None},
    ),
    (
        "so 7 kiet 21 Hoang Dieu, phuong Phuoc Ninh, quan Hai Chau, Da Nang. nguoi nhan "
        "Tran Van Binh 0905 123 456",
        "Tran Van Binh",
        "0905123456",
        {"city": "Da Nang"},
    ),
    (
        "Lindenweg 4, 2. OG links, 80331 München. Empfänger Anna Schulz Tel. 089 1234567",
        "Anna Schulz",
        "0891234567",
        {"postal_code": "80331", "city": "München"},
    ),
    (
        "8 avenue Jean Jaurès, bât. A, 69007 Lyon. destinataire Paul Martin tél 06 12 34 56 78",
        "Paul Martin",
        "0612345678",
        {"postal_code": "69007", "city": "Lyon"},
    ),
    (
        "Jl. Kemang Raya No. 8, Kel. Bangka, Jakarta Selatan 12730. penerima Budi Santoso "
        "HP 0812 3456 7890",
        "Budi Santoso",
        "081234567890",
        {"postal_code": "12730"},
    ),
    (
        "ул. Садовая, д. 9, кв. 12, Санкт-Петербург, 191023. получатель Смирнов Олег "
        "тел. +7 921 555-12-34",
        "Смирнов Олег",
        "+79215551234",
        {"postal_code": "191023"},
    ),
]


@pytest.mark.parametrize(("text", "name", "phone", "want"), RECIPIENT)
def test_the_recipient_named_by_a_word_after_the_address_is_the_name(
    understander: LocalUnderstander, text: str, name: str, phone: str, want: dict[str, str]
) -> None:
    address = answered(understander, text)
    assert address.name == name, address
    assert address.phone == phone, address
    for key, value in want.items():
        if value is not None:
            assert getattr(address, key) == value, (key, address)
    # the name and its word are not left among the places, nor the places dropped
    assert not (words(name) & words(places(address))), address
    said = text.split(". ")[0]
    for word in words(said):
        if not word.isdigit():
            assert word in words(places(address)), (word, address)


@pytest.mark.parametrize(
    ("text", "name", "left_out"),
    [
        ("서울특별시 마포구 양화로 45, 8층 받는 사람 박서준 010-4455-6677", "박서준", "받는"),
        (
            "대구광역시 수성구 달구벌대로 2500 3동 101호. 수령인: 최유리 010 1212 3434",
            "최유리",
            "수령인",
        ),
        (
            "〒060-0001 北海道札幌市中央区北一条西2-1 コーポ北 203 受取人 高橋 健 090-3333-4444",
            "高橋 健",
            "受取人",
        ),
        (
            "77/3 ซอยรามคำแหง 24 แขวงหัวหมาก เขตบางกะปิ กรุงเทพฯ 10240 ผู้รับ มานี รักเรียน 089-111-2233",
            "มานี รักเรียน",
            "ผู้รับ",
        ),
        ("高雄市苓雅區四維三路6號12樓 收件者 黃柏翰 0933-222-111", "黃柏翰", "收件者"),
        (
            "Rua Augusta 900, apto 3, Consolação, 01304-001 São Paulo SP. quem recebe Caio Nunes "
            "cel (11) 97777-1234",
            "Caio Nunes",
            "quem",
        ),
        (
            "Jl. Gatot Subroto No. 5, Kel. Kuningan, Jakarta 12950. nama penerima Dewi Lestari "
            "HP 0811 2345 6789",
            "Dewi Lestari",
            "nama",
        ),
        ("Jl. Diponegoro No. 30, Kota Malang 65111, a.n. Agus Salim", "Agus Salim", "a.n."),
    ],
)
def test_the_recipient_after_its_word_is_the_name_in_every_script(
    understander: LocalUnderstander, text: str, name: str, left_out: str
) -> None:
    address = answered(understander, text)
    assert address.name == name, address
    assert left_out not in places(address).casefold(), address


# --------------------------------------------------------------------- 3. the phone's word


@pytest.mark.parametrize(
    ("text", "phone", "word"),
    [
        ("Sonnenallee 40, 12045 Berlin, Tel. 0176 55512345, Kai Brandt", "017655512345", "tel"),
        ("Av. Juárez 88, Centro, 44100 Guadalajara, cel 33 1111 2222", "3311112222", "cel"),
        (
            "so 5 ngo 10 Tran Phu, phuong Dien Bien, quan Ba Dinh, Ha Noi sđt 0912 000 111",
            "0912000111",
            "sđt",
        ),
        ("Jl. Dago No. 20, Kel. Lebakgede, Bandung 40132 HP 0813 2222 3333", "081322223333", "hp"),
        (
            "88/9 ซอยสุขุมวิท 50 แขวงพระโขนง เขตคลองเตย กรุงเทพฯ 10260 เบอร์ 081-234-5678",
            "0812345678",
            "เบอร์",
        ),
    ],
)
def test_the_phone_after_its_word_is_the_phone_and_the_word_is_dropped(
    understander: LocalUnderstander, text: str, phone: str, word: str
) -> None:
    address = answered(understander, text)
    assert address.phone == phone, address
    assert word not in places(address).casefold(), address
    assert phone[-4:] not in re.sub(r"\D", "", places(address)), address


# --------------------------------------------------------------------- 4. a street for a person


@pytest.mark.parametrize(
    ("text", "line1", "postal_code"),
    [
        ("Benito Juárez 45, Col. Centro, 06000 CDMX", "Benito Juárez 45", "06000"),
        ("Juan Bravo 12, 3º izq, 28006 Madrid", "Juan Bravo 12", "28006"),
        ("Vasco da Gama 310, Boa Viagem, 51020-000 Recife", "Vasco da Gama 310", "51020-000"),
        ("Victor Hugo 18, 2e étage, 75116 Paris", "Victor Hugo 18", "75116"),
    ],
)
def test_a_street_named_for_a_person_without_its_street_word_is_the_street(
    understander: LocalUnderstander, text: str, line1: str, postal_code: str
) -> None:
    address = answered(understander, text)
    assert address.line1 == line1, address
    assert address.postal_code == postal_code, address


# --------------------------------------------------------------------- 5. the building's name


@pytest.mark.parametrize(
    ("text", "building"),
    [
        ("Wisma Mulia lt. 8, Jl. Gatot Subroto No. 42, Jakarta Selatan 12710", "Wisma Mulia"),
        ("Edificio Aurora, Av. de América 10, 4º A, 28002 Madrid", "Edificio Aurora"),
        ("Immeuble Le Mistral, 3 quai Rambaud, 69002 Lyon", "Immeuble Le Mistral"),
    ],
)
def test_a_building_named_with_its_word_first_goes_with_the_unit_line(
    understander: LocalUnderstander, text: str, building: str
) -> None:
    address = answered(understander, text)
    assert building in (address.line2 or ""), address
    assert address.name != building and address.city != building, address
