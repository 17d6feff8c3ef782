"""Carriers under one code, whatever a shop platform, a carrier or a tracking provider calls them.

A shop writes "SF Express", "顺丰", "shunfeng" or "SF"; Kuaidi100 says `shunfeng`, AfterShip
`sf-express`. `normalize_carrier` turns any of these (or, failing that, a tracking number's
well-known shape) into one `Carrier`, which knows each provider's code and the English name
the answers translate (`core.answers.labels.carrier_label`: 顺丰速运 for a Chinese customer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Carrier:
    code: str
    """Ours: stable, lower case."""
    name: str
    """English name, the gettext msgid of its localized name."""
    kuaidi100: str | None
    """Kuaidi100's company code (`com`), if Kuaidi100 tracks it."""
    aftership: str | None
    """AfterShip's courier slug, if AfterShip tracks it."""
    country: str
    """Home country (ISO 3166-1): Chinese carriers are tracked through Kuaidi100 first."""
    aliases: tuple[str, ...] = ()
    number: str | None = None
    """Regex of this carrier's tracking numbers (a hint when the name is missing)."""


CARRIERS: tuple[Carrier, ...] = (
    Carrier(
        "sf",
        "SF Express",
        "shunfeng",
        "sf-express",
        "CN",
        (
            "顺丰",
            "顺丰速运",
            "順豐",
            "順豐速運",
            "sf",
            "sfexpress",
            "s.f.express",
            "shunfeng",
            "sf-express",
        ),
        r"SF\d{12,15}",
    ),
    Carrier(
        "yto",
        "YTO Express",
        "yuantong",
        "yto",
        "CN",
        ("圆通", "圆通速递", "圓通", "yuantong", "yto"),
        r"YT\d{13,16}",
    ),
    Carrier(
        "zto",
        "ZTO Express",
        "zhongtong",
        "zto-express",
        "CN",
        ("中通", "中通快递", "zhongtong", "zto"),
        r"7[0-9]\d{10,13}",
    ),
    Carrier("sto", "STO Express", "shentong", "sto", "CN", ("申通", "申通快递", "shentong", "sto")),
    Carrier("yunda", "Yunda Express", "yunda", "yunda", "CN", ("韵达", "韵达快递", "yunda")),
    Carrier(
        "jd",
        "JD Logistics",
        "jd",
        "jd",
        "CN",
        ("京东", "京东物流", "京东快递", "jd", "jdl", "jingdong"),
        r"JD[A-Z0-9]{10,16}",
    ),
    Carrier(
        "ems",
        "China EMS",
        "ems",
        "china-ems",
        "CN",
        ("ems", "中国邮政ems", "邮政ems", "china ems", "china-ems", "e邮宝"),
        r"E[A-Z]\d{9}CN",
    ),
    Carrier(
        "china_post",
        "China Post",
        "youzhengguonei",
        "china-post",
        "CN",
        ("中国邮政", "邮政包裹", "chinapost", "china post", "youzhengguonei"),
    ),
    Carrier(
        "best",
        "BEST Express",
        "huitongkuaidi",
        "bestex",
        "CN",
        ("百世", "百世快递", "best express", "huitongkuaidi"),
    ),
    Carrier("deppon", "Deppon", "debangkuaidi", "deppon", "CN", ("德邦", "德邦快递", "deppon")),
    Carrier("cainiao", "Cainiao", None, "cainiao", "CN", ("菜鸟", "cainiao")),
    Carrier("ups", "UPS", "ups", "ups", "US", ("ups", "united parcel service"), r"1Z[0-9A-Z]{16}"),
    Carrier("fedex", "FedEx", "fedex", "fedex", "US", ("fedex", "federal express", "联邦快递")),
    Carrier(
        "dhl", "DHL Express", "dhl", "dhl", "DE", ("dhl", "dhl express", "dhl-express", "敦豪")
    ),
    Carrier(
        "usps",
        "USPS",
        "usps",
        "usps",
        "US",
        ("usps", "united states postal service", "美国邮政"),
        r"9[2-5]\d{20,24}",
    ),
    Carrier(
        "yamato",
        "Yamato Transport",
        None,
        "taqbin-jp",
        "JP",
        ("yamato", "ヤマト運輸", "クロネコヤマト", "ta-q-bin", "taqbin", "大和运输"),
    ),
    Carrier("sagawa", "Sagawa Express", None, "sagawa", "JP", ("sagawa", "佐川急便")),
    Carrier("japan_post", "Japan Post", None, "japan-post", "JP", ("japan post", "日本郵便")),
    Carrier("aramex", "Aramex", "aramex", "aramex", "AE", ("aramex", "أرامكس")),
    Carrier(
        "royal_mail", "Royal Mail", None, "royal-mail", "GB", ("royal mail",), r"[A-Z]{2}\d{9}GB"
    ),
)


def _key(text: str) -> str:
    return re.sub(r"[\s._\-]+", "", text.strip().lower())


@cache
def _by_alias() -> dict[str, Carrier]:
    found: dict[str, Carrier] = {}
    for carrier in CARRIERS:
        for alias in (carrier.code, carrier.name, *carrier.aliases):
            found.setdefault(_key(alias), carrier)
        for provider in (carrier.kuaidi100, carrier.aftership):
            if provider:
                found.setdefault(_key(provider), carrier)
    return found


def by_code(code: str) -> Carrier | None:
    return next((c for c in CARRIERS if c.code == code), None)


def normalize_carrier(name: str | None, tracking_no: str | None = None) -> Carrier | None:
    """The carrier a shop's, carrier's or provider's name means; else the one whose tracking
    numbers look like `tracking_no`; None when neither says."""
    if name:
        key = _key(name)
        found = _by_alias().get(key)
        if found is not None:
            return found
        for alias, carrier in _by_alias().items():  # "SF Express (顺丰)", "UPS Ground"
            if len(alias) >= 3 and alias in key:
                return carrier
    if tracking_no:
        number = tracking_no.strip().upper()
        for carrier in CARRIERS:
            if carrier.number and re.fullmatch(carrier.number, number):
                return carrier
    return None


def from_kuaidi100(code: str | None) -> Carrier | None:
    return next((c for c in CARRIERS if code and c.kuaidi100 == code), None)


def from_aftership(slug: str | None) -> Carrier | None:
    return next((c for c in CARRIERS if slug and c.aftership == slug), None)
