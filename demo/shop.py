"""The demo shop's orders: a deterministic set of realistic orders for the embedded default.

`generate_demo_orders(now)` returns the same orders for the same `now` (a seeded `random.Random`,
fixed order numbers, fixed customers). Every time is relative to `now`, so whenever the demo is
seeded the delivered orders fall inside or outside their return windows, the late parcel is still
late and the presale order is still past its ship-by date.

What the data covers (DESIGN.md, "The canonical order", "Default policies", "Proactive
exceptions"): every order status, every item category, nine sales channels, ten currencies,
shipping to CN, TW, US, GB, DE, FR, ES, JP, RU, BR, SA and AE, warehouses with outbound times,
carriers with tracking numbers in their real formats (check digits included) and tracking events
in the carrier's language, threshold / percent / fixed coupons, and each proactive exception:
stock-out, not out of the warehouse 48 h after payment, presale past its ship-by date, late
parcels (domestic and cross-border), customs hold, address problem, returned to sender, failed
payments with every failure code, and returns in several states.

`DEMO_SCENARIOS` names the order that carries each of those cases, so tests, the README and the
exception monitor can refer to them without hard-coding numbers twice.

Amounts are consistent: `payment.amount == goods − discounts + shipping_fee` in the currency's
minor unit. A threshold discount is only present when the goods reach the threshold, and every
percent discount is exact in the minor unit, so no rounding convention changes a total.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

from babel.numbers import get_currency_precision

from core.order import (
    Address,
    Category,
    ChannelBinding,
    Customer,
    Discount,
    DiscountKind,
    FailureCode,
    Item,
    Order,
    OrderStatus,
    Payment,
    PaymentStatus,
    Return,
    ReturnLine,
    ReturnStatus,
    Shipment,
    TrackingEvent,
    Warehouse,
)

__all__ = [
    "DEMO_SCENARIOS",
    "DEMO_SEED",
    "DEMO_WAREHOUSES",
    "DemoWarehouse",
    "demo_customer",
    "demo_customers",
    "generate_demo_orders",
]

DEMO_SEED = 20251111

# --------------------------------------------------------------------------------------------
# Warehouses
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoWarehouse:
    """A demo warehouse: where parcels leave from and where returns go back to."""

    code: str
    name: str
    country: str
    timezone: str
    return_address: Address


DEMO_WAREHOUSES: Mapping[str, DemoWarehouse] = MappingProxyType(
    {
        "SH-01": DemoWarehouse(
            "SH-01",
            "Shanghai Qingpu",
            "CN",
            "Asia/Shanghai",
            Address(
                name="演示商城 上海青浦仓 退货组",
                phone="021-59881234",
                country="CN",
                province="上海市",
                city="上海市",
                district="青浦区",
                line1="华新镇华志路 1688 号 3 号库",
                postal_code="201708",
            ),
        ),
        "GZ-02": DemoWarehouse(
            "GZ-02",
            "Guangzhou Baiyun",
            "CN",
            "Asia/Shanghai",
            Address(
                name="演示商城 广州白云仓 售后组",
                phone="020-36551234",
                country="CN",
                province="广东省",
                city="广州市",
                district="白云区",
                line1="太和镇永兴村物流园 B 区 12 号",
                postal_code="510540",
            ),
        ),
        "BJ-03": DemoWarehouse(
            "BJ-03",
            "Beijing Daxing",
            "CN",
            "Asia/Shanghai",
            Address(
                name="演示商城 北京大兴仓 售后组",
                phone="010-69261234",
                country="CN",
                province="北京市",
                city="北京市",
                district="大兴区",
                line1="亦庄经济开发区 科创十一街 20 号院",
                postal_code="100176",
            ),
        ),
        "NL-AMS": DemoWarehouse(
            "NL-AMS",
            "Amsterdam Schiphol",
            "NL",
            "Europe/Amsterdam",
            Address(
                name="Demo Shop EU Returns",
                phone="+31201234567",
                country="NL",
                city="Schiphol",
                line1="Folkstoneweg 60",
                line2="Dock 14",
                postal_code="1118 LM",
            ),
        ),
        "US-LAX": DemoWarehouse(
            "US-LAX",
            "Los Angeles Carson",
            "US",
            "America/Los_Angeles",
            Address(
                name="Demo Shop US Returns",
                phone="+13105550100",
                country="US",
                province="CA",
                city="Carson",
                line1="2150 E Dominguez St",
                line2="Suite B",
                postal_code="90810",
            ),
        ),
        "JP-TYO": DemoWarehouse(
            "JP-TYO",
            "Tokyo Shinkiba",
            "JP",
            "Asia/Tokyo",
            Address(
                name="デモショップ 新木場倉庫 返品係",
                phone="+81335221234",
                country="JP",
                province="東京都",
                city="江東区",
                line1="新木場 2-14-3",
                postal_code="136-0082",
            ),
        ),
        "ES-MAD": DemoWarehouse(
            "ES-MAD",
            "Madrid Getafe",
            "ES",
            "Europe/Madrid",
            Address(
                name="Demo Shop España Devoluciones",
                phone="+34916812345",
                country="ES",
                province="Madrid",
                city="Getafe",
                line1="Calle de la Confianza 4",
                line2="Nave 7",
                postal_code="28906",
            ),
        ),
    }
)

# --------------------------------------------------------------------------------------------
# Customers
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Person:
    customer: Customer
    address: Address


def _person(
    cid: str,
    name: str,
    phone: str,
    email: str,
    locale: str,
    tz: str,
    channels: Sequence[tuple[str, str]],
    address: dict[str, str],
) -> _Person:
    customer = Customer(
        id=cid,
        name=name,
        phone=phone,
        email=email,
        locale=locale,
        timezone=tz,
        channels=[ChannelBinding(channel=c, user_id=u) for c, u in channels],
    )
    return _Person(customer, Address(name=name, phone=phone, **address))


_PEOPLE: dict[str, _Person] = {
    # ---- tied to the web chat (the README tells visitors to chat as these) ----
    "li": _person(
        "CUST-0001",
        "李娜",
        "13812345678",
        "li.na@example.com",
        "zh_Hans",
        "Asia/Shanghai",
        [("web", "demo-li"), ("wechat", "oDemoOpenid0001")],
        {
            "country": "CN",
            "province": "北京市",
            "city": "北京市",
            "district": "朝阳区",
            "line1": "望京街道 阜通东大街 6 号院 3 号楼 1202 室",
            "postal_code": "100102",
        },
    ),
    "wang": _person(
        "CUST-0002",
        "王伟",
        "13987654321",
        "wang.wei@example.com",
        "zh_Hans",
        "Asia/Shanghai",
        [("web", "demo-wang"), ("wechat", "oDemoOpenid0002")],
        {
            "country": "CN",
            "province": "广东省",
            "city": "广州市",
            "district": "天河区",
            "line1": "珠江新城 花城大道 18 号 2 栋 803 房",
            "postal_code": "510623",
        },
    ),
    "emma": _person(
        "CUST-0003",
        "Emma Johnson",
        "+12125550147",
        "emma.johnson@example.com",
        "en",
        "America/New_York",
        [("web", "demo-emma"), ("telegram", "100001")],
        {
            "country": "US",
            "province": "NY",
            "city": "Brooklyn",
            "line1": "214 Atlantic Ave",
            "line2": "Apt 3F",
            "postal_code": "11201",
        },
    ),
    "lucia": _person(
        "CUST-0004",
        "Lucía García",
        "+34612345678",
        "lucia.garcia@example.com",
        "es",
        "Europe/Madrid",
        [("web", "demo-lucia"), ("telegram", "100002")],
        {
            "country": "ES",
            "province": "Madrid",
            "city": "Madrid",
            "line1": "Calle de Fuencarral 45",
            "line2": "3º B",
            "postal_code": "28004",
        },
    ),
    "ivan": _person(
        "CUST-0005",
        "Иван Петров",
        "+79161234567",
        "ivan.petrov@example.com",
        "ru",
        "Europe/Moscow",
        [("web", "demo-ivan"), ("telegram", "100003")],
        {
            "country": "RU",
            "province": "Москва",
            "city": "Москва",
            "line1": "ул. Тверская, д. 12, кв. 48",
            "postal_code": "125009",
        },
    ),
    "yuki": _person(
        "CUST-0006",
        "佐藤由紀",
        "+819012345678",
        "yuki.sato@example.com",
        "ja",
        "Asia/Tokyo",
        [("web", "demo-yuki"), ("telegram", "100004")],
        {
            "country": "JP",
            "province": "東京都",
            "city": "世田谷区",
            "line1": "三軒茶屋 2-11-5",
            "line2": "サンハイツ 302",
            "postal_code": "154-0024",
        },
    ),
    "omar": _person(
        "CUST-0007",
        "عمر الفاروق",
        "+966501234567",
        "omar.alfarouq@example.com",
        "ar",
        "Asia/Riyadh",
        [("web", "demo-omar"), ("telegram", "100005")],
        {
            "country": "SA",
            "province": "Riyadh Province",
            "city": "Riyadh",
            "district": "Al Olaya",
            "line1": "King Fahd Rd 7421",
            "postal_code": "12214",
        },
    ),
    "chen": _person(
        "CUST-0008",
        "陳美玲",
        "+886912345678",
        "meiling.chen@example.com",
        "zh_Hant",
        "Asia/Taipei",
        [("web", "demo-chen")],
        {
            "country": "TW",
            "city": "臺北市",
            "district": "大安區",
            "line1": "忠孝東路四段 181 號 7 樓",
            "postal_code": "106",
        },
    ),
    # ---- not tied to the web chat: visitors verify with order number + phone / e-mail ----
    "liuyang": _person(
        "CUST-0009",
        "刘洋",
        "13712349876",
        "liu.yang@example.com",
        "zh_Hans",
        "Asia/Shanghai",
        [("wechat", "oDemoOpenid0003")],
        {
            "country": "CN",
            "province": "四川省",
            "city": "成都市",
            "district": "武侯区",
            "line1": "天府大道北段 1700 号 环球中心 W3 区 1106",
            "postal_code": "610041",
        },
    ),
    "chenjing": _person(
        "CUST-0010",
        "陈静",
        "13566041288",
        "chen.jing@example.com",
        "zh_Hans",
        "Asia/Shanghai",
        [("wechat", "oDemoOpenid0004")],
        {
            "country": "CN",
            "province": "浙江省",
            "city": "杭州市",
            "district": "西湖区",
            "line1": "文三路 259 号 昌地火炬大厦 1 号楼 906",
            "postal_code": "310012",
        },
    ),
    "zhanglei": _person(
        "CUST-0011",
        "张磊",
        "18601234321",
        "zhang.lei@example.com",
        "zh_Hans",
        "Asia/Shanghai",
        [],
        {
            "country": "CN",
            "province": "北京市",
            "city": "北京市",
            "district": "海淀区",
            "line1": "中关村大街 27 号 中关村大厦 1508",
            "postal_code": "100080",
        },
    ),
    "sarah": _person(
        "CUST-0012",
        "Sarah Miller",
        "+13105550188",
        "sarah.miller@example.com",
        "en",
        "America/Chicago",
        [],
        {
            "country": "US",
            "province": "TX",
            "city": "Austin",
            "line1": "1100 Congress Ave",
            "line2": "Unit 12",
            "postal_code": "78701",
        },
    ),
    "oliver": _person(
        "CUST-0013",
        "Oliver Smith",
        "+447700900123",
        "oliver.smith@example.com",
        "en",
        "Europe/London",
        [("telegram", "100006")],
        {
            "country": "GB",
            "city": "Manchester",
            "line1": "18 Deansgate",
            "line2": "Flat 4",
            "postal_code": "M3 1AZ",
        },
    ),
    "sophie": _person(
        "CUST-0014",
        "Sophie Martin",
        "+33612345678",
        "sophie.martin@example.com",
        "fr",
        "Europe/Paris",
        [],
        {
            "country": "FR",
            "city": "Lyon",
            "line1": "24 Rue de la République",
            "postal_code": "69002",
        },
    ),
    "lukas": _person(
        "CUST-0015",
        "Lukas Müller",
        "+4915112345678",
        "lukas.mueller@example.com",
        "de",
        "Europe/Berlin",
        [("telegram", "100007")],
        {
            "country": "DE",
            "city": "Berlin",
            "line1": "Kastanienallee 32",
            "postal_code": "10435",
        },
    ),
    "ana": _person(
        "CUST-0016",
        "Ana Souza",
        "+5511912345678",
        "ana.souza@example.com",
        "pt",
        "America/Sao_Paulo",
        [],
        {
            "country": "BR",
            "province": "SP",
            "city": "São Paulo",
            "district": "Pinheiros",
            "line1": "Rua dos Pinheiros 870, apto 52",
            "postal_code": "05422-001",
        },
    ),
    "fatima": _person(
        "CUST-0017",
        "Fatima Al Mansouri",
        "+971501234567",
        "fatima.almansouri@example.com",
        "ar",
        "Asia/Dubai",
        [("telegram", "100008")],
        {
            "country": "AE",
            "city": "Dubai",
            "district": "Dubai Marina",
            "line1": "Marina Gate 2, Apt 1904",
        },
    ),
}


def demo_customers() -> list[Customer]:
    """All demo customers (copies), in a fixed order."""
    return [p.customer.model_copy(deep=True) for p in _PEOPLE.values()]


def demo_customer(channel: str, user_id: str) -> Customer | None:
    """The demo customer a chat identity is tied to, or None."""
    for person in _PEOPLE.values():
        if any(b.channel == channel and b.user_id == user_id for b in person.customer.channels):
            return person.customer.model_copy(deep=True)
    return None


# --------------------------------------------------------------------------------------------
# Money
# --------------------------------------------------------------------------------------------


def _unit(currency: str) -> Decimal:
    return Decimal(1).scaleb(-get_currency_precision(currency))


def _money(value: str | int | Decimal, currency: str) -> Decimal:
    return Decimal(value).quantize(_unit(currency), rounding=ROUND_HALF_UP)


def _discount_value(d: Discount, goods: Decimal, currency: str) -> Decimal:
    if d.kind is DiscountKind.ORDER_PERCENT:
        assert d.percent is not None
        exact = goods * d.percent / 100
        value = _money(exact, currency)
        if value != exact:
            raise AssertionError(f"demo percent discount {d.code} is not exact in {currency}")
        return value
    assert d.amount is not None
    if d.kind is DiscountKind.THRESHOLD:
        assert d.threshold is not None
        if goods < d.threshold:
            raise AssertionError(f"demo threshold discount {d.code} not reached")
    return d.amount


def _line_paid(items: Sequence[Item], discount: Decimal, currency: str) -> dict[str, Decimal]:
    """Each line's paid amount: the order-level discount spread by largest remainder."""
    unit = _unit(currency)
    subtotals = [i.unit_price * i.quantity for i in items]
    total = sum(subtotals, Decimal(0))
    units = int(discount / unit)
    raw = [Decimal(units) * s / total for s in subtotals]
    shares = [int(r.to_integral_value(rounding=ROUND_FLOOR)) for r in raw]
    order = sorted(range(len(items)), key=lambda k: (-(raw[k] - shares[k]), k))
    for k in order[: units - sum(shares)]:
        shares[k] += 1
    return {
        i.line_id: s - share * unit for i, s, share in zip(items, subtotals, shares, strict=True)
    }


def _refund(
    items: Sequence[Item], discount: Decimal, currency: str, line_id: str, k: int
) -> Decimal:
    """Refund for returning k units of one line (no earlier returns, threshold still met)."""
    item = next(i for i in items if i.line_id == line_id)
    paid = _line_paid(items, discount, currency)[line_id]
    if k == item.quantity:
        return paid
    return _money(paid * k / item.quantity, currency)


def _thr(code: str, threshold: str, amount: str) -> Discount:
    return Discount(
        code=code, kind=DiscountKind.THRESHOLD, threshold=Decimal(threshold), amount=Decimal(amount)
    )


def _pct(code: str, percent: str) -> Discount:
    return Discount(code=code, kind=DiscountKind.ORDER_PERCENT, percent=Decimal(percent))


def _fix(code: str, amount: str) -> Discount:
    return Discount(code=code, kind=DiscountKind.ORDER_FIXED, amount=Decimal(amount))


# --------------------------------------------------------------------------------------------
# Tracking numbers (real formats, with their check digits)
# --------------------------------------------------------------------------------------------


def _s10(prefix: str, serial8: str, country: str) -> str:
    """UPU S10 item identifier, e.g. RR123456785CN."""
    weights = (8, 6, 4, 2, 3, 5, 9, 7)
    check = 11 - sum(int(c) * w for c, w in zip(serial8, weights, strict=True)) % 11
    check = {10: 0, 11: 5}.get(check, check)
    return f"{prefix}{serial8}{check}{country}"


def _ups(shipper: str, service: str, ref7: str) -> str:
    """UPS 1Z number: 1Z + shipper (6) + service (2) + reference (7) + check digit."""
    body = f"{shipper}{service}{ref7}"
    total = 0
    for pos, char in enumerate(body, 1):
        value = int(char) if char.isdigit() else (ord(char) - ord("A") + 2) % 10
        total += value if pos % 2 else 2 * value
    return f"1Z{body}{(10 - total % 10) % 10}"


def _gs1(digits: str) -> str:
    """Append a GS1 mod-10 check digit (USPS IMpb, SSCC)."""
    total = sum(int(c) * (3 if k % 2 == 0 else 1) for k, c in enumerate(reversed(digits)))
    return f"{digits}{(10 - total % 10) % 10}"


def _mod7(digits: str) -> str:
    """Append a mod-7 check digit (Yamato 12 digits, DHL Express 10 digits)."""
    return f"{digits}{int(digits) % 7}"


def _random_tracking(rng: random.Random, carrier: str) -> str:
    def digits(n: int) -> str:
        return "".join(rng.choice("0123456789") for _ in range(n))

    match carrier:
        case "SF Express":
            return "SF" + rng.choice("13") + digits(12)
        case "YTO":
            return "YT" + rng.choice("789") + digits(12)
        case "ZTO":
            return rng.choice(("73", "75", "78")) + digits(12)
        case "JD Logistics":
            return "JDV" + rng.choice("ABCDE") + digits(11)
        case "UPS":
            return _ups("V8E472", rng.choice(("03", "02", "01")), digits(7))
        case "USPS":
            return _gs1("94001" + rng.choice("0123456789") + digits(15))
        case "DHL":
            return _gs1("00340434" + digits(11))
        case "DHL Express":
            return _mod7(rng.choice("123456789") + digits(8))
        case "Yamato":
            return _mod7(rng.choice("2345") + digits(10))
        case "Cainiao":
            return "LP00" + digits(12)
        case "China Post":
            return _s10(rng.choice(("RR", "RB", "RL")), digits(8), "CN")
        case "Correos":
            return (
                "PQ"
                + rng.choice("4567")
                + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(3))
                + digits(16)
                + rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ")
            )
    raise ValueError(carrier)


# --------------------------------------------------------------------------------------------
# Tracking events, in the carrier's language
# --------------------------------------------------------------------------------------------

_CARRIER_ZH = {
    "SF Express": "顺丰速运",
    "YTO": "圆通速递",
    "ZTO": "中通快递",
    "JD Logistics": "京东物流",
    "Cainiao": "菜鸟",
    "China Post": "中国邮政",
}

_TEMPLATES: dict[str, dict[str, str]] = {
    "zh": {
        "accepted": "【{place}】商家已发货，等待{carrier}揽收",
        "picked_up": "【{place}】{carrier}快递员已揽收",
        "in_transit": "【{place}】快件已发出，正在发往下一站",
        "arrived_at_hub": "【{place}】快件已到达{place}转运中心",
        "out_for_delivery": "【{place}】快件正在派送中，派送员电话已隐藏，请保持电话畅通",
        "delivered": "【{place}】快件已签收，签收人：本人。感谢使用{carrier}",
        "customs_hold": "【{place}】包裹海关查验中，需补充清关资料",
        "address_problem": "【{place}】收件地址不详，派送失败，请联系商家更正地址",
        "returned_to_sender": "【{place}】快件因无法派送已退回寄件人",
    },
    "en": {
        "accepted": "Shipment information received by {carrier}",
        "picked_up": "Picked up by {carrier} in {place}",
        "in_transit": "Departed facility in {place}",
        "arrived_at_hub": "Arrived at {carrier} facility in {place}",
        "out_for_delivery": "Out for delivery in {place}",
        "delivered": "Delivered in {place}, left at front door",
        "customs_hold": "Held by customs in {place}: import documents required from the recipient",
        "address_problem": "Delivery attempt failed in {place}: address incomplete or incorrect",
        "returned_to_sender": "Returned to sender from {place}",
    },
    "de": {
        "accepted": "Die Sendung wurde elektronisch angekündigt",
        "picked_up": "Die Sendung wurde vom Absender in {place} übergeben",
        "in_transit": "Die Sendung wurde im Start-Paketzentrum {place} bearbeitet",
        "arrived_at_hub": "Die Sendung wurde im Ziel-Paketzentrum {place} bearbeitet",
        "out_for_delivery": "Die Sendung wurde in das Zustellfahrzeug geladen ({place})",
        "delivered": "Die Sendung wurde erfolgreich zugestellt ({place})",
        "customs_hold": "Die Sendung wird vom Zoll geprüft ({place})",
        "address_problem": "Adresse unvollständig – Zustellung nicht möglich ({place})",
        "returned_to_sender": "Die Sendung wird an den Absender zurückgesandt ({place})",
    },
    "es": {
        "accepted": "Pre-registrado: {carrier} ha recibido la información del envío",
        "picked_up": "Admitido en {place}",
        "in_transit": "En tránsito desde {place}",
        "arrived_at_hub": "Llegada al centro de tratamiento de {place}",
        "out_for_delivery": "En reparto en {place}",
        "delivered": "Entregado en {place}",
        "customs_hold": "Retenido en aduana en {place}: documentación pendiente",
        "address_problem": "Dirección incorrecta o incompleta, no se ha podido entregar ({place})",
        "returned_to_sender": "Devuelto al remitente desde {place}",
    },
    "ja": {
        "accepted": "荷物情報を受け付けました",
        "picked_up": "荷物を受け付けました（{place}）",
        "in_transit": "{place}を発送しました",
        "arrived_at_hub": "{place}ベースに到着しました",
        "out_for_delivery": "配達中です（{place}）",
        "delivered": "配達が完了しました（{place}）",
        "customs_hold": "税関検査中です（{place}）",
        "address_problem": "住所不明のため持ち戻りました（{place}）",
        "returned_to_sender": "依頼主に返品しました（{place}）",
    },
}

# (hours after the first event, status, "o" origin | "h" hub | "d" destination)
_DOMESTIC_PLAN = (
    (0.0, "accepted", "o"),
    (1.5, "picked_up", "o"),
    (4.0, "in_transit", "o"),
    (18.0, "arrived_at_hub", "h"),
    (22.0, "in_transit", "h"),
    (27.0, "out_for_delivery", "d"),
    (30.0, "delivered", "d"),
)
_CROSS_BORDER_PLAN = (
    (0.0, "accepted", "o"),
    (2.0, "picked_up", "o"),
    (10.0, "in_transit", "o"),
    (30.0, "arrived_at_hub", "h"),
    (60.0, "in_transit", "h"),
    (110.0, "arrived_at_hub", "d"),
    (150.0, "in_transit", "d"),
    (170.0, "out_for_delivery", "d"),
    (176.0, "delivered", "d"),
)


def _carrier_lang(carrier: str, country: str) -> str:
    if carrier in _CARRIER_ZH:
        return "zh" if country in {"CN", "TW", "HK", "MO"} else "en"
    if carrier == "DHL" and country in {"DE", "AT"}:
        return "de"
    return {"Yamato": "ja", "Correos": "es"}.get(carrier, "en")


# --------------------------------------------------------------------------------------------
# The builder
# --------------------------------------------------------------------------------------------

_CN_PLATFORMS = {"tmall", "jd", "pdd", "douyin", "mini_program"}

LineSpec = tuple[Any, ...]  # (sku, title, category, quantity, unit_price[, backordered])


@dataclass(frozen=True)
class _Route:
    carrier: str
    tracking_no: str
    origin: str
    hub: str
    dest: str
    start_h: float  # hours ago of the first event
    steps: int | None = None  # how many plan steps have happened (None: all)
    extra: tuple[tuple[float, str, str], ...] = ()  # (hours ago, status, place)
    eta_h: float | None = None  # hours ago (negative: in the future)
    cross_border: bool = False
    scale: float = 1.0  # stretch the plan (slow lanes)


class _Shop:
    def __init__(self, now: datetime) -> None:
        self.now = now
        self.orders: list[Order] = []

    def at(self, hours_ago: float, tz: ZoneInfo) -> datetime:
        return (self.now - timedelta(hours=hours_ago)).astimezone(tz)

    def shipment(self, r: _Route, country: str, tz: ZoneInfo) -> Shipment:
        lang = _carrier_lang(r.carrier, country)
        carrier_name = _CARRIER_ZH.get(r.carrier, r.carrier) if lang == "zh" else r.carrier
        plan = _CROSS_BORDER_PLAN if r.cross_border else _DOMESTIC_PLAN
        steps = plan if r.steps is None else plan[: r.steps]
        places = {"o": r.origin, "h": r.hub, "d": r.dest}
        raw = [(r.start_h - off * r.scale, status, places[p]) for off, status, p in steps]
        raw += list(r.extra)
        events = []
        for hours_ago, status, place in raw:
            if hours_ago < 0:
                raise AssertionError(f"demo event in the future on {r.tracking_no}")
            text = _TEMPLATES[lang][status].format(place=place, carrier=carrier_name)
            events.append(TrackingEvent(at=self.at(hours_ago, tz), status=status, description=text))
        events.sort(key=lambda e: e.at)
        picked = next((e.at for e in events if e.status == "picked_up"), None)
        eta = None if r.eta_h is None else self.at(r.eta_h, tz)
        return Shipment(
            carrier=r.carrier,
            tracking_no=r.tracking_no,
            picked_up_at=picked,
            eta=eta,
            events=events,
        )

    def add(
        self,
        no: str,
        platform: str,
        who: str,
        status: OrderStatus,
        currency: str,
        lines: Sequence[LineSpec],
        *,
        placed_h: float,
        method: str,
        paid_after_min: float | None = 2,
        discounts: Sequence[Discount] = (),
        shipping: str = "0",
        failure: FailureCode | None = None,
        warehouse: str | None = None,
        outbound_h: float | None = None,
        route: _Route | None = None,
        delivered_h: float | None = None,
        presale_h: float | None = None,
        returns: Sequence[tuple[str, float, str, Sequence[tuple[str, int]], ReturnStatus]] = (),
        return_refund_h: float | None = None,
    ) -> Order:
        person = _PEOPLE[who]
        local = person.customer.timezone or "Asia/Shanghai"
        tz = ZoneInfo("Asia/Shanghai" if platform in _CN_PLATFORMS else local)
        items = [
            Item(
                line_id=f"L{k}",
                sku=spec[0],
                title=spec[1],
                category=spec[2],
                quantity=spec[3],
                unit_price=_money(spec[4], currency),
                backordered=len(spec) > 5 and bool(spec[5]),
            )
            for k, spec in enumerate(lines, 1)
        ]
        discounts = [
            d.model_copy(
                update={
                    field: _money(value, currency)
                    for field in ("amount", "threshold")
                    if (value := getattr(d, field)) is not None
                }
            )
            for d in discounts
        ]
        goods = sum((i.unit_price * i.quantity for i in items), Decimal(0))
        discount = sum((_discount_value(d, goods, currency) for d in discounts), Decimal(0))
        fee = _money(shipping, currency)
        amount = _money(goods - discount + fee, currency)

        unpaid = status is OrderStatus.PENDING_PAYMENT or paid_after_min is None
        if failure is not None:
            pay_status = PaymentStatus.FAILED
        elif unpaid:
            pay_status = PaymentStatus.PENDING
        else:
            pay_status = PaymentStatus.SUCCEEDED
        paid_at = None
        if not unpaid and paid_after_min is not None:
            paid_at = self.at(placed_h - paid_after_min / 60, tz)

        shipments = []
        if route is not None:
            shipments.append(self.shipment(route, person.address.country, tz))
            if outbound_h is None:
                outbound_h = route.start_h - 0.5
        delivered_at: datetime | None
        if delivered_h is not None:
            delivered_at = self.at(delivered_h, tz)
        else:  # delivered, or closed after delivery: when the carrier delivered it
            done = [e.at for s in shipments for e in s.events if e.status == "delivered"]
            delivered_at = max(done) if done else None

        made_returns = []
        for rid, created_h, reason, rlines, rstatus in returns:
            refund = sum(
                (_refund(items, discount, currency, lid, k) for lid, k in rlines), Decimal(0)
            )
            refunded_at = None
            if rstatus is ReturnStatus.REFUNDED:
                assert return_refund_h is not None
                refunded_at = self.at(return_refund_h, tz)
            made_returns.append(
                Return(
                    return_id=rid,
                    created_at=self.at(created_h, tz),
                    lines=[ReturnLine(line_id=lid, quantity=k) for lid, k in rlines],
                    reason=reason,
                    refund_amount=refund,
                    status=rstatus,
                    refunded_at=refunded_at,
                )
            )

        order = Order(
            order_no=no,
            platform=platform,
            status=status,
            placed_at=self.at(placed_h, tz),
            paid_at=paid_at,
            currency=currency,
            customer=person.customer.model_copy(deep=True),
            items=items,
            discounts=list(discounts),
            shipping_fee=fee,
            shipping_address=person.address.model_copy(deep=True),
            warehouse=None
            if warehouse is None
            else Warehouse(
                code=warehouse,
                outbound_at=None if outbound_h is None else self.at(outbound_h, tz),
            ),
            shipments=shipments,
            payment=Payment(method=method, status=pay_status, failure_code=failure, amount=amount),
            delivered_at=delivered_at,
            presale_ship_by=None if presale_h is None else self.at(presale_h, tz),
            returns=made_returns,
        )
        self.orders.append(order)
        return order


S = OrderStatus
G, F, C, P, D, H = (
    Category.GENERAL,
    Category.FRAGILE,
    Category.CUSTOM,
    Category.PERISHABLE,
    Category.DIGITAL,
    Category.HYGIENE,
)
DAY = 24.0

#: scenario name -> order number; every name is a case the demo is meant to show.
DEMO_SCENARIOS: Mapping[str, str] = MappingProxyType(
    {
        "li_open_shipped_sf": "4012837465120938475",
        "li_delivered_in_window": "298765432101",
        "li_closed_refunded": "3987120456732198410",
        "li_delivered_out_of_window": "251003-448812907731562",
        "wang_picking": "4098127365409182736",
        "stock_out": "301122334455",
        "presale_not_due": "6921457803365129874",
        "wang_shipped_yto": "251108-530917742016358",
        "emma_shipped_ups": "#1043",
        "emma_delivered_threshold": "#1038",
        "address_problem": "10482",
        "lucia_return_requested": "#EU1052",
        "late_cross_border": "APP2025102800417",
        "failed_bank_declined": "WEB2025110300045",
        "yuki_shipped_yamato": "#JP1187",
        "failed_authentication": "APP2025110900731",
        "yuki_delivered_out_of_window": "#JP1102",
        "customs_hold": "#ME2045",
        "omar_delivered_in_window": "#ME2031",
        "returned_to_sender": "4125587903164420897",
        "failed_card_limit": "WEB2025110800112",
        "late_domestic": "251105-771203948812640",
        "liuyang_delivered_in_window": "6918820394756102385",
        "presale_overdue": "3990012874563321098",
        "pending_payment": "6930018273645501928",
        "not_out_48h": "302244668800",
        "sarah_return_received": "10517",
        "sarah_shipped_usps": "10533",
        "oliver_delivered_in_window": "#UK3391",
        "failed_insufficient_funds": "#UK3402",
        "digital_delivered": "#UK3360",
        "sophie_delivered_out_of_window": "#EU1019",
        "failed_risk_blocked": "WEB2025110900217",
        "lukas_return_approved": "WEB2025102400390",
        "lukas_shipped_dhl": "WEB2025110700208",
        "cross_border_in_transit": "APP2025110500266",
        "failed_network_error": "WEB2025110900301",
        "failed_expired_card": "#ME2050",
        "fatima_delivered_in_window": "#ME1998",
    }
)


def _scenario_orders(shop: _Shop) -> None:
    # fmt: off
    sc = DEMO_SCENARIOS

    # ---------------- 李娜 demo-li: exactly one open order ----------------
    shop.add(
        sc["li_open_shipped_sf"], "tmall", "li", S.SHIPPED, "CNY",
        [
            ("TM-HUM-4L-WHT", "静音加湿器 4L 奶白色", G, 1, "259.00"),
            ("TM-MUG-2PK", "手绘陶瓷马克杯 两只装", F, 1, "69.00"),
        ],
        placed_h=40, method="alipay", discounts=[_thr("TMALL-300-30", "300", "30")],
        warehouse="SH-01",
        route=_Route("SF Express", "SF1403871256394", "上海", "北京", "北京朝阳", 30, steps=4,
                     eta_h=-10),
    )
    shop.add(
        sc["li_delivered_in_window"], "jd", "li", S.DELIVERED, "CNY",
        [
            ("JD-CUP-500-BLU", "儿童保温杯 500ml 蓝色", G, 2, "89.00"),
            ("JD-AVO-6", "进口牛油果 6 个装", P, 1, "49.90"),
        ],
        placed_h=5 * DAY, method="wechat_pay", discounts=[_fix("JD-COUPON-20", "20")],
        warehouse="BJ-03",
        route=_Route("JD Logistics", "JDVA13579246801", "北京大兴", "北京", "北京朝阳",
                     5 * DAY - 2, scale=1.5),
    )
    shop.add(
        sc["li_closed_refunded"], "tmall", "li", S.CLOSED, "CNY",
        [("TM-SCALE-PRO", "智能体脂秤 Pro 白色", G, 1, "199.00")],
        placed_h=33 * DAY, method="alipay", warehouse="SH-01",
        route=_Route("YTO", "YT7539026418857", "上海", "天津", "北京朝阳", 32 * DAY),
        returns=[("RT-20250917-0042", 28 * DAY, "商品质量问题：无法开机", [("L1", 1)],
                  ReturnStatus.REFUNDED)],
        return_refund_h=25 * DAY,
    )
    shop.add(
        sc["li_delivered_out_of_window"], "pdd", "li", S.DELIVERED, "CNY",
        [("PDD-TISSUE-24", "原木抽纸 24 包整箱", G, 2, "39.90")],
        placed_h=42 * DAY, method="wechat_pay", warehouse="GZ-02",
        route=_Route("ZTO", "75312048867301", "广州", "郑州", "北京朝阳", 41 * DAY, scale=1.6),
    )
    shop.add(
        "MP20250918004512", "mini_program", "li", S.CANCELLED, "CNY",
        [("MP-TEA-LJ250", "明前龙井 250g 罐装", P, 1, "168.00")],
        placed_h=55 * DAY, method="wechat_pay", paid_after_min=None,
    )

    # ---------------- 王伟 demo-wang: several open orders ----------------
    shop.add(
        sc["wang_picking"], "tmall", "wang", S.PICKING, "CNY",
        [
            ("TM-CHAIR-OAK-2", "北欧风实木餐椅 两把装 原木色", G, 1, "599.00"),
            ("TM-CUSHION", "餐椅坐垫 加厚防滑", G, 2, "29.90"),
        ],
        placed_h=18, method="alipay", discounts=[_thr("TMALL-500-50", "500", "50")],
        warehouse="SH-01",
    )
    shop.add(
        sc["stock_out"], "jd", "wang", S.PAID, "CNY",
        [
            ("JD-KB87-BRN", "机械键盘 87 键 茶轴", G, 1, "399.00", True),
            ("JD-PAD-XL", "鼠标垫 加厚大号", G, 1, "39.00"),
        ],
        placed_h=20, method="wechat_pay", warehouse="GZ-02",
    )
    shop.add(
        sc["presale_not_due"], "douyin", "wang", S.PAID, "CNY",
        [("DY-PEN-ENGR", "定制刻字钢笔 预售款 墨蓝", C, 1, "268.00")],
        placed_h=12 * DAY, method="alipay", discounts=[_fix("DY-NEW-10", "10")],
        warehouse="GZ-02", presale_h=-5 * DAY,
    )
    shop.add(
        sc["wang_shipped_yto"], "pdd", "wang", S.SHIPPED, "CNY",
        [("PDD-TOWEL-6", "厨房纸巾 6 卷装", G, 3, "12.90")],
        placed_h=40, method="wechat_pay", warehouse="SH-01",
        route=_Route("YTO", "YT7512348890621", "上海", "长沙", "广州天河", 30, steps=5,
                     eta_h=-20, scale=1.2),
    )
    shop.add(
        "MP20250815009921", "mini_program", "wang", S.DELIVERED, "CNY",
        [("MP-CRAB-8", "阳澄湖大闸蟹 礼盒 8 只装", P, 1, "388.00")],
        placed_h=52 * DAY, method="wechat_pay", warehouse="SH-01",
        route=_Route("SF Express", "SF1308855120743", "苏州", "广州", "广州天河", 51.5 * DAY),
    )
    shop.add(
        "300987654321", "jd", "wang", S.CANCELLED, "CNY",
        [("JD-AIRFRY-5L", "空气炸锅 5L 可视款", G, 1, "329.00")],
        placed_h=9 * DAY, method="wechat_pay",
    )

    # ---------------- Emma Johnson demo-emma ----------------
    shop.add(
        sc["emma_shipped_ups"], "shopify", "emma", S.SHIPPED, "USD",
        [("SW-MERINO-NVY-M", "Merino Wool Crew Sweater — Navy, M", G, 1, "89.00")],
        placed_h=3 * DAY, method="card", shipping="7.95", warehouse="US-LAX",
        route=_Route("UPS", _ups("V8E472", "03", "5527341"), "Carson, CA", "Secaucus, NJ",
                     "Brooklyn, NY", 2 * DAY, steps=4, eta_h=-DAY, scale=2.0),
    )
    shop.add(
        sc["emma_delivered_threshold"], "shopify", "emma", S.DELIVERED, "USD",
        [
            ("TS-ORG-WHT-M", "Organic Cotton T-Shirt — White, M", G, 3, "24.00"),
            ("CF-DRIP-CER", "Ceramic Pour-Over Coffee Dripper", F, 1, "32.00"),
            ("CF-BEAN-ETH-12", "Ethiopia Yirgacheffe Coffee Beans, 12 oz", P, 2, "18.50"),
        ],
        placed_h=10 * DAY, method="paypal", discounts=[_thr("SPEND100SAVE15", "100", "15")],
        warehouse="US-LAX",
        route=_Route("UPS", _ups("V8E472", "03", "5519068"), "Carson, CA", "Secaucus, NJ",
                     "Brooklyn, NY", 9 * DAY, scale=2.5),
    )

    # ---------------- Lucía García demo-lucia ----------------
    shop.add(
        sc["address_problem"], "woocommerce", "lucia", S.SHIPPED, "EUR",
        [
            ("ZAP-RUN-39", "Zapatillas de running — talla 39", G, 1, "79.90"),
            ("CAL-TEC-3", "Calcetines técnicos (pack 3)", G, 2, "12.00"),
        ],
        placed_h=3 * DAY, method="card", discounts=[_pct("BIENVENIDA10", "10")], shipping="4.95",
        warehouse="ES-MAD",
        route=_Route("Correos", "PQ4F6P0703673180128001X", "Getafe", "Madrid CTA", "Madrid",
                     2 * DAY, steps=6, eta_h=-DAY, extra=((20, "address_problem", "Madrid"),)),
    )
    shop.add(
        sc["lucia_return_requested"], "shopify", "lucia", S.DELIVERED, "EUR",
        [
            ("DR-LIN-BLU-M", "Vestido de lino — azul, M", G, 1, "59.00"),
            ("JW-EAR-NAME", "Pendientes de plata personalizados con inicial", C, 1, "35.00"),
        ],
        placed_h=16 * DAY, method="card", warehouse="NL-AMS",
        route=_Route("DHL", _gs1("0034043416220187345"), "Amsterdam", "Zaragoza", "Madrid",
                     15 * DAY, cross_border=True, scale=0.7),
        returns=[("RT-EU-00318", 2 * DAY, "La talla no me queda bien", [("L1", 1)],
                  ReturnStatus.REQUESTED)],
    )

    # ---------------- Иван Петров demo-ivan ----------------
    shop.add(
        sc["late_cross_border"], "app", "ivan", S.SHIPPED, "USD",
        [
            ("APP-WATCH-S3-BLK", "Smart Watch S3 — Black", G, 1, "45.99"),
            ("APP-STRAP-SIL", "Spare Silicone Strap", G, 2, "4.50"),
        ],
        placed_h=17 * DAY, method="card", shipping="5.00", warehouse="GZ-02",
        route=_Route("Cainiao", "LP00612345678901", "Guangzhou", "Urumqi", "Moscow",
                     16 * DAY, steps=6, cross_border=True, eta_h=2 * DAY, scale=1.5),
    )
    shop.add(
        sc["failed_bank_declined"], "web", "ivan", S.PENDING_PAYMENT, "RUB",
        [("WEB-MUG-450", "Термокружка 450 мл", G, 2, "1290.00")],
        placed_h=2, method="card", shipping="390.00", failure=FailureCode.BANK_DECLINED,
    )

    # ---------------- 佐藤由紀 demo-yuki ----------------
    shop.add(
        sc["yuki_shipped_yamato"], "shopify", "yuki", S.SHIPPED, "JPY",
        [
            ("JP-MATCHA-GIFT", "宇治抹茶 ギフトセット", P, 1, "3240"),
            ("JP-ARITA-PAIR", "有田焼 湯呑み ペア", F, 1, "5500"),
        ],
        placed_h=2 * DAY, method="konbini", discounts=[_pct("WELCOME10", "10")],
        shipping="550", warehouse="JP-TYO",
        route=_Route("Yamato", _mod7("43218765901"), "江東新木場", "羽田クロノゲート", "世田谷",
                     26, steps=6, eta_h=-3, scale=0.8),
    )
    shop.add(
        sc["failed_authentication"], "app", "yuki", S.PENDING_PAYMENT, "JPY",
        [("APP-GIFT-5000", "デジタルギフトカード 5,000円", D, 1, "5000")],
        placed_h=0.7, method="card", failure=FailureCode.AUTHENTICATION_FAILED,
    )
    shop.add(
        sc["yuki_delivered_out_of_window"], "shopify", "yuki", S.DELIVERED, "JPY",
        [("JP-EARBUD-W", "ワイヤレスイヤホン ノイズキャンセリング ホワイト", G, 1, "12800")],
        placed_h=43 * DAY, method="card", warehouse="JP-TYO",
        route=_Route("Yamato", _mod7("43218002417"), "江東新木場", "羽田クロノゲート", "世田谷",
                     42 * DAY, scale=0.8),
    )

    # ---------------- عمر الفاروق demo-omar ----------------
    shop.add(
        sc["customs_hold"], "shopify", "omar", S.SHIPPED, "SAR",
        [
            ("ME-WALLET-LTH", "Men's Leather Wallet — Brown", G, 1, "149.00"),
            ("ME-DALLAH-SET", "Arabic Coffee Dallah Set with 6 Cups", F, 1, "289.00"),
        ],
        placed_h=6 * DAY, method="mada", discounts=[_fix("RAMADAN25", "25")], shipping="35.00",
        warehouse="GZ-02",
        route=_Route("DHL Express", _mod7("384720159"), "Guangzhou", "Hong Kong", "Riyadh",
                     5 * DAY, steps=6, cross_border=True, eta_h=-DAY, scale=0.6,
                     extra=((DAY, "customs_hold", "Riyadh"),)),
    )
    shop.add(
        sc["omar_delivered_in_window"], "shopify", "omar", S.DELIVERED, "SAR",
        [
            ("ME-RUG-FOAM", "Prayer Rug, Memory Foam — Green", G, 1, "199.00"),
            ("ME-THOBE-WHT-L", "Cotton Thobe — White, L", G, 2, "120.00"),
        ],
        placed_h=18 * DAY, method="mada", warehouse="GZ-02",
        route=_Route("DHL Express", _mod7("384719883"), "Guangzhou", "Hong Kong", "Riyadh",
                     17 * DAY, cross_border=True, scale=0.6),
    )

    # ---------------- 陳美玲 demo-chen ----------------
    shop.add(
        sc["returned_to_sender"], "tmall", "chen", S.SHIPPED, "CNY",
        [
            ("TM-SOAP-GIFT", "手工精油皂 礼盒 4 块装", H, 1, "128.00"),
            ("TM-CANDLE-GL", "香薰蜡烛 玻璃杯装 白茶味", F, 2, "59.00"),
        ],
        placed_h=12 * DAY, method="alipay", shipping="30.00", warehouse="SH-01",
        route=_Route("SF Express", "SF1329874405128", "上海", "厦门", "台北大安", 11 * DAY,
                     steps=7, cross_border=True, scale=0.9,
                     extra=((3 * DAY, "address_problem", "台北大安"),
                            (2 * DAY, "returned_to_sender", "台北"))),
    )
    shop.add(
        sc["failed_card_limit"], "web", "chen", S.PENDING_PAYMENT, "TWD",
        [("WEB-NECK-NAME", "客製化姓名項鍊 純銀", C, 1, "1680.00")],
        placed_h=5, method="card", shipping="120.00", failure=FailureCode.CARD_LIMIT_EXCEEDED,
    )

    # ---------------- 刘洋 (WeChat only) ----------------
    shop.add(
        sc["late_domestic"], "pdd", "liuyang", S.SHIPPED, "CNY",
        [("PDD-BOX-L3", "收纳箱 大号 三个装", G, 1, "59.90")],
        placed_h=6 * DAY, method="wechat_pay", warehouse="GZ-02",
        route=_Route("ZTO", "75912345678901", "广州", "郑州", "成都武侯", 5 * DAY + 10,
                     steps=4, eta_h=2 * DAY, scale=1.5),
    )
    shop.add(
        sc["liuyang_delivered_in_window"], "douyin", "liuyang", S.DELIVERED, "CNY",
        [("DY-FOAM-MEN", "男士控油洁面乳 150g", H, 2, "59.00")],
        placed_h=6 * DAY, method="alipay", discounts=[_thr("DY-100-10", "100", "10")],
        warehouse="GZ-02",
        route=_Route("YTO", "YT7811290034567", "广州", "重庆", "成都武侯", 5 * DAY + 6,
                     scale=1.4),
    )

    # ---------------- 陈静 (WeChat only) ----------------
    shop.add(
        sc["presale_overdue"], "tmall", "chenjing", S.PAID, "CNY",
        [("TM-DOWN-LONG-BK-M", "预售 长款羽绒服 黑色 M 码", G, 1, "899.00")],
        placed_h=25 * DAY, method="alipay", discounts=[_thr("TMALL-800-80", "800", "80")],
        warehouse="SH-01", presale_h=2 * DAY,
    )
    shop.add(
        sc["pending_payment"], "douyin", "chenjing", S.PENDING_PAYMENT, "CNY",
        [("DY-SPK-MINI", "便携蓝牙音箱 迷你款 薄荷绿", G, 1, "159.00")],
        placed_h=0.2, method="alipay",
    )

    # ---------------- 张磊 (no chat binding) ----------------
    shop.add(
        sc["not_out_48h"], "jd", "zhanglei", S.PAID, "CNY",
        [
            ("JD-PURIFIER-500", "空气净化器 KJ500 除甲醛", G, 1, "1299.00"),
            ("JD-FILTER-500", "净化器替换滤网", G, 2, "149.00"),
        ],
        placed_h=61, method="wechat_pay", discounts=[_fix("JD-PLUS-100", "100")],
        warehouse="BJ-03",
    )

    # ---------------- Sarah Miller (no chat binding) ----------------
    shop.add(
        sc["sarah_return_received"], "woocommerce", "sarah", S.DELIVERED, "USD",
        [
            ("YG-MAT-6-SAGE", "Yoga Mat, 6 mm — Sage", G, 1, "48.00"),
            ("YG-BLOCK-2", "Cork Yoga Block (pair)", G, 1, "22.00"),
        ],
        placed_h=22 * DAY, method="card", shipping="6.00", warehouse="US-LAX",
        route=_Route("USPS", _gs1("940011189922381745901"), "Carson, CA", "Dallas, TX",
                     "Austin, TX", 21 * DAY, scale=2.0),
        returns=[("RT-US-01127", 10 * DAY, "Changed my mind", [("L2", 1)],
                  ReturnStatus.RECEIVED)],
    )
    shop.add(
        sc["sarah_shipped_usps"], "woocommerce", "sarah", S.SHIPPED, "USD",
        [("WB-STEEL-32", "Insulated Stainless Steel Water Bottle, 32 oz", G, 2, "27.50")],
        placed_h=2 * DAY, method="apple_pay", discounts=[_pct("SPRING20", "20")],
        warehouse="US-LAX",
        route=_Route("USPS", _gs1("940011189922381790612"), "Carson, CA", "Dallas, TX",
                     "Austin, TX", 36, steps=4, eta_h=-DAY, scale=1.5),
    )

    # ---------------- Oliver Smith (Telegram only) ----------------
    shop.add(
        sc["oliver_delivered_in_window"], "shopify", "oliver", S.DELIVERED, "GBP",
        [
            ("UK-JKT-OLV-L", "Waterproof Hiking Jacket — Olive, L", G, 1, "129.00"),
            ("UK-SOCK-MER", "Merino Hiking Socks", G, 3, "14.00"),
        ],
        placed_h=14 * DAY, method="card", discounts=[_thr("SPEND150SAVE20", "150", "20")],
        warehouse="NL-AMS",
        route=_Route("UPS", _ups("V8E472", "11", "6630214"), "Amsterdam", "East Midlands",
                     "Manchester", 13 * DAY, cross_border=True, scale=0.5),
    )
    shop.add(
        sc["failed_insufficient_funds"], "shopify", "oliver", S.PENDING_PAYMENT, "GBP",
        [("UK-BOOT-CH-9", "Leather Chelsea Boots — UK 9", G, 1, "165.00")],
        placed_h=3, method="card", shipping="4.99", failure=FailureCode.INSUFFICIENT_FUNDS,
    )
    shop.add(
        sc["digital_delivered"], "shopify", "oliver", S.DELIVERED, "GBP",
        [("UK-GIFT-25", "Digital Gift Card £25", D, 1, "25.00")],
        placed_h=4 * DAY, method="paypal", delivered_h=4 * DAY - 0.1,
    )

    # ---------------- Sophie Martin (no chat binding) ----------------
    shop.add(
        sc["sophie_delivered_out_of_window"], "shopify", "sophie", S.DELIVERED, "EUR",
        [
            ("EU-DRESS-LIN-38", "Linen Shirt Dress — Ecru, 38", G, 1, "69.00"),
            ("EU-SCARF-SILK", "Silk Scarf — Bleu de France", G, 1, "45.00"),
        ],
        placed_h=24 * DAY, method="card", warehouse="NL-AMS",
        route=_Route("DHL", _gs1("0034043416220190022"), "Amsterdam", "Paris-Nord", "Lyon",
                     23 * DAY, cross_border=True, scale=0.5),
    )
    shop.add(
        sc["failed_risk_blocked"], "web", "sophie", S.PENDING_PAYMENT, "EUR",
        [("WEB-ESP-COMPACT", "Machine à espresso compacte", F, 1, "249.00")],
        placed_h=1, method="card", shipping="9.90", failure=FailureCode.RISK_BLOCKED,
    )

    # ---------------- Lukas Müller (Telegram only) ----------------
    shop.add(
        sc["lukas_return_approved"], "web", "lukas", S.DELIVERED, "EUR",
        [
            ("WEB-SPK-OUT", "Bluetooth-Lautsprecher Outdoor", G, 1, "79.00"),
            ("WEB-USBC-2M", "USB-C-Ladekabel 2 m", G, 3, "9.00"),
            ("WEB-PB-10K", "Powerbank 10.000 mAh", G, 1, "34.00"),
        ],
        placed_h=11 * DAY, method="paypal", discounts=[_fix("WILLKOMMEN15", "15")],
        shipping="4.90", warehouse="NL-AMS",
        route=_Route("DHL", _gs1("0034043416220176543"), "Amsterdam", "Bad Hersfeld", "Berlin",
                     10 * DAY, cross_border=True, scale=0.4),
        returns=[("RT-EU-00325", 3 * DAY, "Zwei Kabel zu viel bestellt", [("L2", 2)],
                  ReturnStatus.APPROVED)],
    )
    shop.add(
        sc["lukas_shipped_dhl"], "web", "lukas", S.SHIPPED, "EUR",
        [("WEB-GRIND-EL", "Elektrische Kaffeemühle", G, 1, "49.00")],
        placed_h=2 * DAY, method="card", shipping="4.90", warehouse="NL-AMS",
        route=_Route("DHL", _gs1("0034043416220201137"), "Amsterdam", "Bad Hersfeld", "Berlin",
                     50, steps=6, cross_border=True, eta_h=-12, scale=0.4),
    )

    # ---------------- Ana Souza (no chat binding) ----------------
    shop.add(
        sc["cross_border_in_transit"], "app", "ana", S.SHIPPED, "USD",
        [
            ("APP-CASE-15", "Phone Case — Clear, iPhone 15", G, 2, "6.50"),
            ("APP-GLASS-3", "Tempered Glass Screen Protector (3-pack)", G, 1, "7.99"),
        ],
        placed_h=8 * DAY, method="card", warehouse="GZ-02",
        route=_Route("China Post", _s10("RR", "48213675", "CN"), "Guangzhou", "Beijing",
                     "São Paulo", 7 * DAY, steps=5, cross_border=True, eta_h=-10 * DAY,
                     scale=1.6),
    )
    shop.add(
        sc["failed_network_error"], "web", "ana", S.PENDING_PAYMENT, "BRL",
        [("WEB-TENIS-38", "Tênis de corrida — 38", G, 1, "349.90")],
        placed_h=0.5, method="pix", failure=FailureCode.NETWORK_ERROR,
    )

    # ---------------- Fatima Al Mansouri (Telegram only) ----------------
    shop.add(
        sc["failed_expired_card"], "shopify", "fatima", S.PENDING_PAYMENT, "AED",
        [("ME-ABAYA-BK-56", "Abaya — Black, 56", G, 1, "320.00")],
        placed_h=4, method="card", failure=FailureCode.EXPIRED_CARD,
    )
    shop.add(
        sc["fatima_delivered_in_window"], "shopify", "fatima", S.DELIVERED, "AED",
        [
            ("ME-MIST-ROSE", "Rose Water Face Mist, 100 ml", H, 2, "45.00"),
            ("ME-PILLOW-SILK", "Mulberry Silk Pillowcase", G, 1, "150.00"),
        ],
        placed_h=30 * DAY, method="apple_pay", warehouse="GZ-02",
        route=_Route("DHL Express", _mod7("384702266"), "Guangzhou", "Hong Kong", "Dubai",
                     29 * DAY, cross_border=True, scale=0.5),
    )
    # fmt: on


# --------------------------------------------------------------------------------------------
# History: older orders drawn with the seeded generator (delivered long ago, closed, cancelled)
# --------------------------------------------------------------------------------------------

# (sku, title, category, price in USD)
_CATALOG_ZH = (
    ("CN-RICE-5KG", "五常大米 5kg", P, 9.9),
    ("CN-TEE-WHT", "纯棉短袖 T 恤 白色 L", G, 7.0),
    ("CN-VASE-CER", "景德镇陶瓷花瓶", F, 22.0),
    ("CN-MASK-30", "补水面膜 30 片", H, 12.0),
    ("CN-PHOTO-BOOK", "定制照片书 A4", C, 18.0),
    ("CN-VIP-YEAR", "视频会员 年卡（电子兑换码）", D, 25.0),
    ("CN-DUMPLING", "手工水饺 1kg 冷冻", P, 6.0),
    ("CN-BACKPACK", "通勤双肩包 15.6 英寸", G, 28.0),
)
_CATALOG_EN = (
    ("EN-CANDLE-SOY", "Soy Wax Candle, Cedar", F, 18.0),
    ("EN-HOODIE-GRY", "Fleece Hoodie — Grey, M", G, 45.0),
    ("EN-SERUM-30", "Vitamin C Serum 30 ml", H, 24.0),
    ("EN-MUG-NAME", "Personalised Name Mug", C, 16.0),
    ("EN-EBOOK-COOK", "Cookbook (e-book)", D, 9.0),
    ("EN-CHOC-BOX", "Dark Chocolate Gift Box", P, 22.0),
    ("EN-LAMP-DESK", "LED Desk Lamp", G, 39.0),
    ("EN-GLASS-SET", "Wine Glasses, Set of 4", F, 34.0),
)
_CATALOG_JA = (
    ("JA-SENCHA", "静岡煎茶 100g", P, 8.0),
    ("JA-TOWEL-IM", "今治タオル ギフトセット", G, 30.0),
    ("JA-BOWL-HASAMI", "波佐見焼 茶碗", F, 20.0),
)
_RATES = {
    "CNY": 7,
    "USD": 1,
    "EUR": 0.9,
    "GBP": 0.8,
    "JPY": 150,
    "SAR": 3.75,
    "AED": 3.67,
    "RUB": 90,
    "BRL": 5,
    "TWD": 32,
}
_HISTORY_CUSTOMERS = {
    # who: (platforms, currency, warehouse, carriers, catalog, method)
    "li": (("tmall", "jd"), "CNY", "SH-01", ("SF Express", "JD Logistics"), _CATALOG_ZH, "alipay"),
    "wang": (("douyin", "pdd"), "CNY", "GZ-02", ("ZTO", "YTO"), _CATALOG_ZH, "wechat_pay"),
    "liuyang": (("pdd", "mini_program"), "CNY", "GZ-02", ("ZTO",), _CATALOG_ZH, "wechat_pay"),
    "chenjing": (("tmall",), "CNY", "SH-01", ("SF Express", "YTO"), _CATALOG_ZH, "alipay"),
    "zhanglei": (("jd",), "CNY", "BJ-03", ("JD Logistics",), _CATALOG_ZH, "unionpay"),
    "emma": (("shopify",), "USD", "US-LAX", ("UPS",), _CATALOG_EN, "card"),
    "sarah": (("woocommerce",), "USD", "US-LAX", ("USPS",), _CATALOG_EN, "card"),
    "oliver": (("shopify",), "GBP", "NL-AMS", ("UPS",), _CATALOG_EN, "card"),
    "sophie": (("shopify", "web"), "EUR", "NL-AMS", ("DHL",), _CATALOG_EN, "card"),
    "lukas": (("web",), "EUR", "NL-AMS", ("DHL",), _CATALOG_EN, "paypal"),
    "lucia": (("shopify",), "EUR", "ES-MAD", ("Correos",), _CATALOG_EN, "card"),
    "ivan": (("app",), "USD", "GZ-02", ("Cainiao",), _CATALOG_EN, "card"),
    "yuki": (("shopify",), "JPY", "JP-TYO", ("Yamato",), _CATALOG_JA, "card"),
    "omar": (("shopify",), "SAR", "GZ-02", ("DHL Express",), _CATALOG_EN, "mada"),
    "chen": (("web",), "TWD", "SH-01", ("SF Express",), _CATALOG_ZH, "card"),
    "ana": (("app",), "USD", "GZ-02", ("China Post",), _CATALOG_EN, "card"),
    "fatima": (("shopify",), "AED", "GZ-02", ("DHL Express",), _CATALOG_EN, "apple_pay"),
}
_WH_PLACE = {
    "SH-01": ("上海", "Shanghai"),
    "GZ-02": ("广州", "Guangzhou"),
    "BJ-03": ("北京", "Beijing"),
    "NL-AMS": ("阿姆斯特丹", "Amsterdam"),
    "US-LAX": ("洛杉矶", "Carson, CA"),
    "JP-TYO": ("东京", "江東新木場"),
    "ES-MAD": ("马德里", "Getafe"),
}
_SHOPIFY_PREFIX = {"USD": "#", "GBP": "#UK", "EUR": "#EU", "JPY": "#JP", "SAR": "#ME", "AED": "#ME"}
_HISTORY_COUNT = 28


def _history_no(rng: random.Random, platform: str, currency: str) -> str:
    def digits(n: int) -> str:
        return "".join(rng.choice("0123456789") for _ in range(n))

    match platform:
        case "tmall":
            return rng.choice("1234") + digits(rng.choice((17, 18)))
        case "jd":
            return rng.choice("23") + digits(11)
        case "pdd":
            return f"25{rng.randint(1, 9):02d}{rng.randint(1, 28):02d}-{digits(15)}"
        case "douyin":
            return "69" + digits(17)
        case "mini_program":
            return f"MP2025{rng.randint(1, 9):02d}{rng.randint(1, 28):02d}{digits(6)}"
        case "shopify":
            return f"{_SHOPIFY_PREFIX[currency]}{rng.randint(1001, 1036)}"
        case "woocommerce":
            return str(rng.randint(10100, 10480))
        case "app":
            return f"APP2025{rng.randint(1, 9):02d}{rng.randint(1, 28):02d}{digits(5)}"
        case "web":
            return f"WEB2025{rng.randint(1, 9):02d}{rng.randint(1, 28):02d}{digits(5)}"
    raise ValueError(platform)


def _price(usd: float, currency: str, rng: random.Random) -> str:
    value = usd * _RATES[currency] * rng.uniform(0.9, 1.1)
    if get_currency_precision(currency) == 0:
        return str(max(100, round(value / 10) * 10))
    return f"{max(1, round(value))}.{rng.choice(('00', '90', '99'))}"


def _history_orders(shop: _Shop, rng: random.Random, taken: set[str]) -> None:
    who_keys = sorted(_HISTORY_CUSTOMERS)
    for n in range(_HISTORY_COUNT):
        who = who_keys[n % len(who_keys)] if n < len(who_keys) else rng.choice(who_keys)
        platforms, currency, wh, carriers, catalog, method = _HISTORY_CUSTOMERS[who]
        platform = rng.choice(platforms)
        if platform in _CN_PLATFORMS:
            currency = "CNY"
        no = _history_no(rng, platform, currency)
        while no in taken:
            no = _history_no(rng, platform, currency)
        taken.add(no)
        picks = rng.sample(catalog, k=rng.choice((1, 1, 2, 3)))
        lines = [
            (sku, title, cat, rng.choice((1, 1, 1, 2, 3)), _price(usd, currency, rng))
            for sku, title, cat, usd in picks
        ]
        status = rng.choice((S.DELIVERED, S.DELIVERED, S.DELIVERED, S.CLOSED, S.CANCELLED))
        placed_h = rng.uniform(45, 200) * DAY
        country = _PEOPLE[who].address.country
        origin_country = DEMO_WAREHOUSES[wh].country
        cross = origin_country != country
        goods = sum(Decimal(p) * q for _, _, _, q, p in lines)
        discounts = []
        if currency == "CNY" and goods >= 200 and rng.random() < 0.6:
            discounts = [_thr("SHOP-200-20", "200", "20")]
        elif currency == "JPY" and goods >= 3000 and rng.random() < 0.5:
            discounts = [_fix("SPRING300", "300")]
        elif currency not in {"CNY", "JPY"} and goods >= 50 and rng.random() < 0.5:
            discounts = [_fix("THANKYOU5", "5")]
        shipping = "0" if currency in {"CNY", "JPY"} or goods >= 50 else "4.90"
        route = None
        if not all(line[2] is D for line in lines):
            carrier = rng.choice(carriers)
            zh = _carrier_lang(carrier, country) == "zh"
            origin = _WH_PLACE[wh][0 if zh else 1]
            if cross:
                hub = "深圳" if zh else {"CN": "Shenzhen", "NL": "Leipzig"}[origin_country]
            else:
                hub = {"CN": "武汉", "US": "Memphis, TN", "JP": "羽田", "ES": "Madrid CTA"}[country]
            route = _Route(
                carrier,
                _random_tracking(rng, carrier),
                origin,
                hub,
                _PEOPLE[who].address.city,
                placed_h - rng.uniform(6, 30),
                cross_border=cross,
            )
        delivered_h = placed_h - 0.1 if route is None and status is not S.CANCELLED else None
        if status is S.CANCELLED:
            shop.add(
                no,
                platform,
                who,
                status,
                currency,
                lines,
                placed_h=placed_h,
                method=method,
                discounts=discounts,
                shipping=shipping,
                paid_after_min=rng.choice((None, 3)),
            )
        elif status is S.CLOSED and rng.random() < 0.5:
            # unpaid and closed by the platform's payment timeout
            failure = rng.choice((None, FailureCode.INSUFFICIENT_FUNDS, FailureCode.BANK_DECLINED))
            shop.add(
                no,
                platform,
                who,
                status,
                currency,
                lines,
                placed_h=placed_h,
                method=method,
                discounts=discounts,
                shipping=shipping,
                paid_after_min=None,
                failure=failure,
            )
        else:
            # delivered long ago; "closed" here is a completed order past its after-sales period
            shop.add(
                no,
                platform,
                who,
                status,
                currency,
                lines,
                placed_h=placed_h,
                method=method,
                discounts=discounts,
                shipping=shipping,
                warehouse=None if route is None else wh,
                route=route,
                delivered_h=delivered_h,
            )


def generate_demo_orders(now: datetime | None = None) -> list[Order]:
    """The demo shop's orders, relative to `now` (default: the current time).

    Deterministic: the same `now` always gives the same orders. A naive `now` is taken as UTC.
    """
    if now is None:
        now = datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    now = now.astimezone(UTC).replace(second=0, microsecond=0)
    shop = _Shop(now)
    _scenario_orders(shop)
    rng = random.Random(DEMO_SEED)
    _history_orders(shop, rng, {o.order_no for o in shop.orders})
    return shop.orders
