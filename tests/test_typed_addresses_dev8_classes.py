"""Addresses typed carelessly, and put right while typing them.

1. An address typed in one run (no commas, often no capitals, its words abbreviated, a landmark
   for the courier) is recognised and taken whole, each part in its place, the phone apart:
   India, the Philippines, Colombia, Belgium, Quebec, Berlin, Vietnam without accents,
   Indonesia, Uzbekistan, Angola, Senegal, Hong Kong and Macau without the city, Amman, Doha,
   Kuwait, Thailand with the province unmarked, a foreign address in a Chinese message.
2. A part put right at the end of the address ("…电话是…", "3樓打錯 是6樓", "لا غلط …", "eh
   kodepos …", "あ、東京都です") replaces its like, or is added; a whole address with "no 12" in
   it is that address, not a correction of one number of the last one.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from core.engine import Engine
from core.services import Services
from core.understanding.addresses import whole_address
from core.understanding.corrections import find_correction
from core.understanding.entities import extract_entities
from core.understanding.expect import Expectation, ExpectKind
from core.understanding.local import LocalUnderstander
from core.understanding.types import ParsedAddress
from tests.chat import Chat, store
from tests.factories import order_doc


def parsed(text: str) -> ParsedAddress:
    found = extract_entities(text).address
    assert found is not None, text
    return found


def flat(address: ParsedAddress) -> str:
    return " ".join(str(v) for k, v in address.model_dump().items() if v and k != "phone")


def assert_nothing_lost(text: str, address: ParsedAddress, *, besides: str = "") -> None:
    """Every word of the typed address is somewhere in the parse (phone words aside)."""
    have = set(re.findall(r"[^\W_]+", flat(address).casefold()))
    left_out = set(re.findall(r"[^\W_]+", besides.casefold()))
    for word in re.findall(r"[^\W_]+", text.casefold()):
        if not word.isdigit() or len(word) < 8:
            assert word in have or word in left_out, (word, address)


# --------------------------------------------------------------------- 1. typed in one run

RUN_ON = [
    # text, parts expected exactly, words said that are not the address
    (
        "flat 12 lake view apts 3rd cross indiranagar bengaluru 560038",
        {"postal_code": "560038", "line1": "3rd cross", "unit": "flat 12"},
        "",
    ),
    (
        "cra 7 # 45-10 apto 301 chapinero bogota",
        {"line1": "cra 7 # 45-10", "unit": "apto 301"},
        "",
    ),
    (
        "rue de la loi 16 bte 3 1000 bruxelles",
        {"line1": "rue de la loi 16", "line2": "bte 3", "postal_code": "1000", "city": "bruxelles"},
        "",
    ),
    (
        "1200 av laurier app 3 quebec qc g1s 1b9",
        {"line1": "1200 av laurier", "line2": "app 3", "postal_code": "g1s 1b9"},
        "",
    ),
    (
        "bergmannstr 5 vorderhaus 2.og 10961 berlin",
        {"line1": "bergmannstr 5", "postal_code": "10961", "city": "berlin"},
        "",
    ),
    (
        "so 7 ngo 15 hoang hoa tham p lieu giai q ba dinh ha noi",
        {"district": "q ba dinh", "city": "ha noi", "subdistrict": "p lieu giai"},
        "",
    ),
    (
        "jl kenanga 5 no 9 rt 02 rw 03 kel cempaka kec sukajadi bandung 40162",
        {"postal_code": "40162", "country": "ID"},
        "",
    ),
    (
        "Самарканд Сиабский район 2 квартал дом 7 кв 9",
        {"city": "Самарканд", "district": "Сиабский район", "line1": "2 квартал дом 7"},
        "",
    ),
    (
        "blk 4 lot 21 phase 1 sunrise homes brgy san isidro antipolo rizal 1870",
        {"line1": "blk 4", "postal_code": "1870"},
        "",
    ),
]


@pytest.mark.parametrize(("text", "want", "besides"), RUN_ON)
def test_an_address_typed_in_one_run_is_taken_whole_in_its_parts(
    text: str, want: dict[str, str], besides: str
) -> None:
    address = parsed(text)
    for key, value in want.items():
        assert getattr(address, key) == value, (key, address)
    assert_nothing_lost(text, address, besides=besides)
    assert whole_address(address)


@pytest.mark.parametrize(
    ("text", "landmark"),
    [
        ("house 9 2nd main near shiva temple koramangala bengaluru 560034", "near shiva temple"),
        (
            "villa n 77 en face de la pharmacie centrale ouakam dakar",
            "en face de la pharmacie centrale",
        ),
        ("benguela lobito condominio sol casa 8 perto do mercado", "perto do mercado"),
        ("عمان الشميساني شارع الثقافة عمارة 8 قرب الدوار", "قرب الدوار"),
    ],
)
def test_a_landmark_is_kept_for_the_courier_and_no_place_is_lost(text: str, landmark: str) -> None:
    address = parsed(text)
    assert landmark in (address.line2 or ""), address
    assert_nothing_lost(text, address)


def test_an_address_typed_in_lower_case_keeps_its_values_as_typed() -> None:
    address = parsed("rue de la loi 16 bte 3 1000 bruxelles")
    values = [v for v in address.model_dump().values() if isinstance(v, str) and v != "BE"]
    assert all(v == v.lower() for v in values), address


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("cll 12 # 8-20 casa 4 suba bogota cel 3001234567", "3001234567"),
        ("so 3 ngo 8 kim ma p kim ma q ba dinh ha noi sdt 0912345678", "0912345678"),
        ("حولي قطعة 3 شارع تونس منزل 5 تلفون 99001122", "99001122"),
        ("Ташкент Чиланзарский район 9 квартал дом 4 кв 12 тел +998935551122", "+998935551122"),
    ],
)
def test_the_phone_after_its_word_is_the_phone_and_not_a_part_of_the_place(
    text: str, phone: str
) -> None:
    address = parsed(text)
    assert address.phone == phone
    assert phone not in flat(address)
    assert not re.search(r"(?<!\w)(?:cel|sdt|تلفون|тел)(?!\w)", flat(address)), address


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "改寄 旺角 彌敦道 600號 信和中心 12樓 陳小姐",
            {"country": "HK", "district": "旺角", "line1": "彌敦道600號"},
        ),
        (
            "澳門 路環 石排灣馬路 翠柏花園 第3座 5樓A",
            {"country": "MO", "city": "澳門", "district": "路環"},
        ),
        (
            "الدوحة المنصورة شارع 820 مبنى 15 شقة 2",
            {"country": "QA", "city": "الدوحة", "district": "المنصورة", "line1": "شارع 820"},
        ),
        (
            "حولي قطعة 3 شارع تونس منزل 5",
            {"country": "KW", "district": "حولي", "line1": "قطعة 3 شارع تونس منزل 5"},
        ),
        (
            "55/8 ซอย 3 ต.บางพูด อ.ปากเกร็ด นนทบุรี 11120",
            {"province": "นนทบุรี", "district": "อ.ปากเกร็ด", "postal_code": "11120"},
        ),
        (
            "寄到 jalan bukit bintang 12 kuala lumpur 55100 马来西亚 谢谢",
            {"country": "MY", "postal_code": "55100"},
        ),
    ],
)
def test_markets_written_without_their_usual_signs_are_read(
    text: str, want: dict[str, str]
) -> None:
    address = parsed(text)
    for key, value in want.items():
        assert getattr(address, key) == value, (key, address)


@pytest.mark.parametrize(
    "text",
    [
        "i want to return 2 of them please",
        "pode cancelar o pedido 2 por favor",
        "no quiero el 2 quiero el 3",
        "ok thanks see you near the weekend",
        "je veux changer 1 article en face de ma commande",
    ],
)
def test_a_sentence_with_a_number_is_still_no_address(text: str) -> None:
    assert extract_entities(text).address is None


# --------------------------------------------------------------------- 2. put right at the end


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "上海市浦东新区世纪大道88号 李娜 13912345678 啊不对电话是13912345679",
            {"phone": "13912345679", "name": "李娜"},
        ),
        (
            "台北市大安區忠孝東路四段100號3樓 王小明 0922-111-333 3樓打錯 是6樓",
            {"line2": "6樓", "phone": "0922111333"},
        ),
        (
            "حولي قطعة 3 شارع تونس منزل 5 تلفون 99001122 لا غلط 99001123",
            {"phone": "99001123"},
        ),
        (
            "jl merdeka no 10 kel babakan kec sumur bandung bandung, eh kodepos 40111",
            {"postal_code": "40111"},
        ),
        (
            "〒160-0022 新宿区新宿3-1-1 あ、東京都です",
            {"province": "東京都", "city": "新宿区", "postal_code": "160-0022"},
        ),
    ],
)
def test_a_part_put_right_at_the_end_replaces_its_like_or_is_added(
    text: str, want: dict[str, str]
) -> None:
    address = parsed(text)
    for key, value in want.items():
        assert getattr(address, key) == value, (key, address)
    assert "打錯" not in flat(address) and "غلط" not in flat(address)


def test_the_wrong_value_is_gone_from_the_address() -> None:
    address = parsed("台北市大安區忠孝東路四段100號3樓 王小明 0922-111-333 3樓打錯 是6樓")
    assert "3樓" not in flat(address)


@pytest.mark.parametrize(
    "text",
    [
        "jl mawar 2 no 15 kel sukamaju kec cibeunying bandung 40121",
        "villa melati jl raya ubud no 7 gianyar bali 80571",
        "Rua das Flores 3 no 12, 01310-100 São Paulo",
    ],
)
def test_a_whole_address_with_a_house_number_word_is_the_address_not_a_correction(
    text: str,
) -> None:
    got = LocalUnderstander(encoder=None).understand_sync(
        text, expect=Expectation(kind=ExpectKind.ADDRESS)
    )
    assert got.answer is not None and got.answer.method == "address"
    assert whole_address(got.entities.address)


ORDER_ID = {
    "country": "ID",
    "city": "Jakarta",
    "line1": "Jl. Sudirman No. 1",
    "postal_code": "10220",
}


def _order(address: dict[str, Any]) -> dict[str, Any]:
    doc = order_doc(status="paid")
    doc["shipping_address"] = {"name": "Dewi", "phone": "+6281234567890", **address}
    return doc


async def test_the_bot_offers_the_whole_new_address_typed_with_no_12_in_it(
    services: Services, engine: Engine
) -> None:
    await store(services, _order(ORDER_ID))
    customer = Chat(engine)
    await customer.say("mau ganti alamat pengiriman kak")

    offered = await customer.say("jl mawar 2 no 15 kel sukamaju kec cibeunying bandung 40121")

    assert "jl mawar 2 no 15" in offered.text()
    assert "40121" in offered.text()
    assert "kec cibeunying" in offered.text()  # the district shown back, as typed
    assert [b.payload for b in offered.buttons()] == ["confirm:yes", "confirm:no"]


@pytest.mark.parametrize(
    ("text", "wrong", "right"),
    [
        ("so nha 27 chu khong phai 72", "72", "27"),
        ("hem 5 chu ko phai hem 3", "3", "5"),
        ("phong 804 khong phai 408", "408", "804"),
    ],
)
def test_a_number_put_right_without_accents_is_a_correction(
    text: str, wrong: str, right: str
) -> None:
    found = find_correction(text)
    assert found is not None and found.pairs == ((wrong, right),)
