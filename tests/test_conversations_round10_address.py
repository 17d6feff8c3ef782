"""An address change told the way customers tell it (round 10, class "address").

1. The new address comes inside a long first message with a story around it ("I'll be away,
   so please send it to my brother's: <address>"): the address is used, the story is no part
   of it, and the change is shown for confirmation straight away.
2. A new recipient written with name and phone in the same message: both belong to the new
   address; words of the message that are not the address never become address parts.
3. A correction of one part of the address the bot just showed ("sorry, 6th floor, not 3rd")
   amends that address and asks to confirm the amended one.
4. On a shipped order the same story, confirmed, opens the logistics redirect ticket.
5. A company's name, tax id and address given for an invoice are an invoice request: the
   address is the invoice's, not a new delivery address.
"""

from __future__ import annotations

import re

import pytest

from core.engine import Engine
from core.services import Services
from tests.chat import Chat, store
from tests.factories import order_living_in

ORDER = "1234567890123451023"
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_DIGITS))


async def address_of(services: Services) -> str:
    order = await services.hub.get_order(ORDER)
    assert order is not None
    a = order.shipping_address.model_dump(exclude={"name", "phone"})
    return plain(" ".join(str(v) for v in a.values() if v))


# ------------------------------------------------------------ 1. an address inside a story

STORY = [
    (
        "ES",
        "es",
        "Hola, el pedido que hice ayer es un regalo de cumpleaños para mi hermana y prefiero "
        "que le llegue directamente a ella: Calle de Alcalá 85, 3º izquierda, 28009 Madrid",
        "sí, cámbiela",
        "Calle de Alcalá 85",
        "Madrid",
    ),
    (
        "PT",
        "pt",
        "Olá, vou estar fora a semana inteira por causa do trabalho, por isso gostava que a "
        "encomenda fosse para casa dos meus pais: Rua de Santa Catarina 212, 2.º direito, "
        "4000-442 Porto",
        "sim, pode alterar",
        "Rua de Santa Catarina 212",
        "Porto",
    ),
    (
        "SA",
        "ar",
        "مرحبا، أنا مسافر الأسبوع القادم ولن يكون أحد في الشقة لاستلام الطلب، أرجو توصيله إلى "
        "بيت أخي: جدة، حي الروضة، شارع الأمير سلطان، مبنى ١٢، الدور الثاني، الرمز البريدي ٢٣٤٣٥",
        "نعم، غيّره",
        "شارع الأمير سلطان",
        "جدة",
    ),
    (
        "US",
        "en",
        "Hi there, turns out I'll be staying at my cousin's for the holidays and nobody will "
        "be home to sign for it, so could it go there instead: 1820 Maple Avenue, Apt 4C, "
        "Evanston, IL 60201",
        "yes, change it",
        "1820 Maple Avenue",
        "Evanston",
    ),
]


@pytest.mark.parametrize(("country", "locale", "text", "yes", "street", "city"), STORY)
async def test_an_address_told_inside_a_story_is_the_new_address_shown_for_confirmation(
    services: Services,
    engine: Engine,
    country: str,
    locale: str,
    text: str,
    yes: str,
    street: str,
    city: str,
) -> None:
    await store(services, order_living_in(country, locale, "Kim", "+821012345678"))
    chat = Chat(engine)
    shown = await chat.say(text, locale=locale)
    assert [b.payload for b in shown.buttons()] == ["confirm:yes", "confirm:no"], shown.text()
    assert street in plain(shown.text())
    assert await services.tickets.list() == []  # nothing opened for the story
    await chat.say(yes, locale=locale)
    order = await services.hub.get_order(ORDER)
    assert order is not None
    assert plain(order.shipping_address.line1).startswith(street)
    assert order.shipping_address.city == city
    story_word = text.split()[1].strip(",،")
    assert story_word not in await address_of(services)


# ------------------------------------------------------------ 2. a new recipient


RECIPIENT = [
    (
        "VN",
        "vi",
        "Shop ơi cho mình đổi người nhận đơn này nhé: Lê Văn Nam, sđt 0987 654 321, địa chỉ "
        "15 Trần Hưng Đạo, Phường 2, TP. Đà Lạt, tỉnh Lâm Đồng",
        "đúng rồi, đổi giúp mình",
        "Lê Văn Nam",
        "0987654321",
        "Trần Hưng Đạo",
    ),
    (
        "TW",
        "zh_Hant",
        "你好，我買的那個印姓名的保溫杯是要送阿姨的，麻煩把收件地址改成：高雄市苓雅區四維三路6號8樓，"
        "收件人王美華，電話0933-222-111",
        "對，就這樣改",
        "王美華",
        "0933222111",
        "四維三路6號",
    ),
    (
        "US",
        "en",
        "Please change the recipient, it's for my neighbour now: Tom Baker, phone 312 555 0147, "
        "address 77 Oak Street, Apt 2, Springfield, IL 62704",
        "yes please",
        "Tom Baker",
        "3125550147",
        "77 Oak Street",
    ),
]


@pytest.mark.parametrize(("country", "locale", "text", "yes", "name", "phone", "street"), RECIPIENT)
async def test_a_new_recipient_with_name_and_phone_belongs_to_the_new_address(
    services: Services,
    engine: Engine,
    country: str,
    locale: str,
    text: str,
    yes: str,
    name: str,
    phone: str,
    street: str,
) -> None:
    await store(services, order_living_in(country, locale, "Kim", "+821012345678"))
    chat = Chat(engine)
    shown = await chat.say(text, locale=locale)
    assert [b.payload for b in shown.buttons()] == ["confirm:yes", "confirm:no"], shown.text()
    assert name in shown.text() and phone[-4:] in shown.text()
    await chat.say(yes, locale=locale)
    order = await services.hub.get_order(ORDER)
    assert order is not None
    a = order.shipping_address
    assert (a.name, re.sub(r"\D", "", a.phone)) == (name, phone)
    assert street in a.line1
    # the parts of the address are places, never words of the request around them
    parts = [a.province, a.city, a.district, a.line1, a.line2, a.postal_code]
    assert not any(p and (name in p or phone[-4:] in p) for p in parts)


# ------------------------------------------------------------ 3. one part put right


CORRECTED = [
    (
        "PT",
        "pt",
        "Por favor mudem a morada de entrega para Rua do Ouro 40, 3.º andar, 1100-060 Lisboa",
        "Desculpe, enganei-me: é o 6.º andar, não o 3.º",
        "sim, confirmo",
        "6.º andar",
        "3.º",
    ),
    (
        "SA",
        "ar",
        "أبغى أغير عنوان التوصيل إلى: الدمام، حي الشاطئ، شارع الخليج، مبنى ٤٥، مكتب ٢١٠، "
        "الرمز البريدي ٣٢٤١٣",
        "عفواً غلطت، المكتب ٢١٢ وليس ٢١٠",
        "نعم أكد",
        "212",
        "210",
    ),
    (
        "US",
        "en",
        "Please change my shipping address to 500 Pine Street, Suite 310, Seattle, WA 98101",
        "sorry, my mistake: suite 318, not 310",
        "yes, confirmed",
        "318",
        "310",
    ),
    (
        "ES",
        "es",
        "Cambien la dirección de envío a Calle Serrano 12, piso 3, 28001 Madrid, por favor",
        "perdón, me equivoqué: es el piso 5, no el 3",
        "sí, confirmo",
        "piso 5",
        "piso 3",
    ),
]


@pytest.mark.parametrize(("country", "locale", "text", "fix", "yes", "right", "wrong"), CORRECTED)
async def test_a_correction_of_one_part_amends_the_shown_address_and_asks_again(
    services: Services,
    engine: Engine,
    country: str,
    locale: str,
    text: str,
    fix: str,
    yes: str,
    right: str,
    wrong: str,
) -> None:
    await store(services, order_living_in(country, locale, "Kim", "+821012345678"))
    chat = Chat(engine)
    first = await chat.say(text, locale=locale)
    assert [b.payload for b in first.buttons()] == ["confirm:yes", "confirm:no"], first.text()
    again = await chat.say(fix, locale=locale)
    assert [b.payload for b in again.buttons()] == ["confirm:yes", "confirm:no"], again.text()
    assert right in plain(again.text()) and wrong not in plain(again.text())
    await chat.say(yes, locale=locale)
    saved = await address_of(services)
    assert right in saved and wrong not in saved


# ------------------------------------------------------------ 4. a shipped order


@pytest.mark.parametrize(("country", "locale", "text", "yes", "street", "city"), STORY[1:])
async def test_a_confirmed_change_told_in_a_story_on_a_shipped_order_opens_a_logistics_ticket(
    services: Services,
    engine: Engine,
    country: str,
    locale: str,
    text: str,
    yes: str,
    street: str,
    city: str,
) -> None:
    doc = order_living_in(country, locale, "Kim", "+821012345678")
    doc["status"] = "shipped"
    doc["shipments"] = [{"carrier": "DHL", "tracking_no": "3847201111", "events": []}]
    await store(services, doc)
    chat = Chat(engine)
    shown = await chat.say(text, locale=locale)
    assert street in plain(shown.text())
    done = await chat.say(yes, locale=locale)
    [ticket] = await services.tickets.list(order_no=ORDER)
    assert (ticket.department, ticket.kind) == ("logistics", "address_redirect")
    assert f"#{ticket.id}" in done.text()
    assert "old street 1" in await address_of(services)  # the carrier decides, not us


# ------------------------------------------------------------ 5. the invoice's address


INVOICE = [
    (
        "VN",
        "vi",
        "Shop xuất giúp mình hóa đơn VAT cho đơn này, công ty TNHH Minh Phát, MST 0101234567, "
        "địa chỉ 12 Lý Thường Kiệt, Phường Trần Hưng Đạo, Quận Hoàn Kiếm, Hà Nội",
        "Minh Phát",
    ),
    (
        "ES",
        "es",
        "Necesito la factura de este pedido a nombre de la empresa: Talleres Ruiz S.L., NIF "
        "B12345678, dirección Calle Mayor 10, 28013 Madrid",
        "Talleres Ruiz",
    ),
    (
        "DE",
        "de",
        "Bitte stellen Sie die Rechnung auf unsere Firma aus: Müller Technik GmbH, USt-IdNr. "
        "DE123456789, Anschrift Hauptstraße 5, 10115 Berlin",
        "Müller Technik",
    ),
]


@pytest.mark.parametrize(("country", "locale", "text", "company"), INVOICE)
async def test_a_company_address_given_with_invoice_data_is_the_invoices_not_a_delivery_change(
    services: Services, engine: Engine, country: str, locale: str, text: str, company: str
) -> None:
    await store(services, order_living_in(country, locale, "Kim", "+821012345678"))
    chat = Chat(engine)
    reply = await chat.say(text, locale=locale)
    assert not reply.buttons(), reply.text()  # no address change to confirm
    [ticket] = await services.tickets.list(order_no=ORDER)
    assert ticket.department == "finance"
    assert company in reply.text()
    assert "old street 1" in await address_of(services)
