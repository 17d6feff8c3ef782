"""Addresses (placeholder: moved from entities.py)."""

from __future__ import annotations

import re

from core.understanding.types import ParsedAddress

# --------------------------------------------------------------------------- addresses
_PROVINCES = (
    "黑龙江|内蒙古|北京|天津|上海|重庆|河北|山西|辽宁|吉林|江苏|浙江|安徽|福建|江西|山东|河南|"
    "湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|广西|西藏|宁夏|新疆|香港|澳门"
)
_CN_ADDRESS = re.compile(
    rf"(?P<province>(?:{_PROVINCES})(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)?)?"
    r"(?P<city>[\u4e00-\u9fff]{1,6}?(?:市|自治州|地区|盟))?"
    r"(?P<district>[\u4e00-\u9fff]{1,6}?(?:区|县|旗|市))?"
    r"(?P<line1>[\u4e00-\u9fff0-9A-Za-z\-#]*?"
    r"(?:路|街|道|巷|弄|村|镇|乡|小区|大厦|广场|花园|公寓|苑)[\u4e00-\u9fff0-9A-Za-z\-#]*"
    r"(?:号|號|楼|樓|栋|棟|室|单元|层)?)"
)
_CN_LEAD = re.compile(
    r"^.*?(?:地址(?:是|为|改成|改为|换成|改到)?|改成|改为|改到|换成|寄到|送到|发到|收货地址)[:：]?\s*"
)
_CN_NAME = re.compile(r"(?:收件人|收货人|联系人|姓名)[:：]?\s*([\u4e00-\u9fff]{2,4})")
_CN_NAME_BARE = re.compile(r"(?:^|[\s,，])([\u4e00-\u9fff]{2,4})(?=$|[\s,，]|1[3-9]\d{9})")
_MUNICIPALITIES = ("北京", "天津", "上海", "重庆")

_COUNTRIES = {
    "uk": "GB",
    "u.k.": "GB",
    "united kingdom": "GB",
    "england": "GB",
    "great britain": "GB",
    "scotland": "GB",
    "wales": "GB",
    "gb": "GB",
    "usa": "US",
    "us": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "united states": "US",
    "united states of america": "US",
    "america": "US",
    "canada": "CA",
    "australia": "AU",
    "germany": "DE",
    "deutschland": "DE",
    "france": "FR",
    "spain": "ES",
    "españa": "ES",
    "espana": "ES",
    "portugal": "PT",
    "brazil": "BR",
    "brasil": "BR",
    "mexico": "MX",
    "méxico": "MX",
    "argentina": "AR",
    "italy": "IT",
    "italia": "IT",
    "netherlands": "NL",
    "belgium": "BE",
    "switzerland": "CH",
    "austria": "AT",
    "österreich": "AT",
    "russia": "RU",
    "россия": "RU",
    "japan": "JP",
    "日本": "JP",
    "korea": "KR",
    "south korea": "KR",
    "대한민국": "KR",
    "한국": "KR",
    "china": "CN",
    "中国": "CN",
    "taiwan": "TW",
    "hong kong": "HK",
    "singapore": "SG",
    "malaysia": "MY",
    "indonesia": "ID",
    "vietnam": "VN",
    "viet nam": "VN",
    "việt nam": "VN",
    "thailand": "TH",
    "ประเทศไทย": "TH",
    "india": "IN",
    "ireland": "IE",
    "new zealand": "NZ",
    "poland": "PL",
    "sweden": "SE",
    "norway": "NO",
    "denmark": "DK",
    "finland": "FI",
    "uae": "AE",
    "united arab emirates": "AE",
    "saudi arabia": "SA",
    "egypt": "EG",
    "chile": "CL",
    "colombia": "CO",
    "peru": "PE",
    "philippines": "PH",
    "turkey": "TR",
}
_POSTAL = [
    ("GB", re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})\b")),
    ("CA", re.compile(r"\b([A-Z]\d[A-Z]\s?\d[A-Z]\d)\b")),
    ("BR", re.compile(r"\b(\d{5}-\d{3})\b")),
    ("JP", re.compile(r"(?<!\d)(\d{3}-\d{4})(?!\d)")),
    ("US", re.compile(r"\b(\d{5}-\d{4})\b")),
    (None, re.compile(r"(?<![\d-])(\d{4,6})(?![\d-])")),
]
_STREET = re.compile(
    r"\b(?:street|st\.?|road|rd\.?|avenue|ave\.?|lane|ln\.?|drive|dr\.?|boulevard|blvd\.?|way|"
    r"place|pl\.?|court|ct\.?|square|sq\.?|terrace|close|crescent|highway|hwy|"
    r"stra(?:ß|ss)e|str\.|weg|platz|allee|gasse|calle|avenida|av\.|carrera|rua|travessa|"
    r"rue|boulevard|chemin|allée|via|viale|jalan|jl\.|đường|ulitsa|ул\.|улица|проспект)\b"
    r"|[a-zäöüß]+(?:straße|strasse|str\.|weg|platz|allee|gasse)\b",
    re.I,
)


def extract_address(text: str, phones: list[str]) -> ParsedAddress | None:
    if re.search(r"[\u4e00-\u9fff]", text):
        return _chinese_address(text, phones)
    return _international_address(text, phones)


def _chinese_address(text: str, phones: list[str]) -> ParsedAddress | None:
    body = _CN_LEAD.sub("", text, count=1)
    best = None
    for m in _CN_ADDRESS.finditer(body):
        parts = sum(bool(m.group(g)) for g in ("province", "city", "district"))
        if parts >= 2 or (parts >= 1 and m.group("line1") and len(m.group("line1")) >= 4):
            best = m
            break
    if best is None:
        return None
    province, city, district = best.group("province"), best.group("city"), best.group("district")
    if province and province.rstrip("市") in _MUNICIPALITIES:
        province = province.rstrip("市") + "市"
        if not city:
            city = province
    rest = body[best.end() :]
    name = None
    m = _CN_NAME.search(text)
    if m:
        name = m.group(1)
    else:
        m = _CN_NAME_BARE.search(rest)
        if m:
            name = m.group(1)
    phone = next((p for p in phones if re.fullmatch(r"1[3-9]\d{9}", p)), None)
    return ParsedAddress(
        country="CN",
        province=province,
        city=city,
        district=district,
        line1=best.group("line1") or None,
        name=name,
        phone=phone,
    )


def _international_address(text: str, phones: list[str]) -> ParsedAddress | None:
    segments = [s.strip(" .") for s in re.split(r"[,\n;]", text) if s.strip(" .")]
    if len(segments) < 2:
        return None
    street_idx = next(
        (i for i, s in enumerate(segments) if _STREET.search(s) and re.search(r"\d", s)), None
    )
    if street_idx is None:
        return None
    country = None
    tail = segments[-1].lower()
    if tail in _COUNTRIES:
        country = _COUNTRIES[tail]
        segments = segments[:-1]
    line1 = segments[street_idx]
    # "Deliver to 221B Baker Street" -> keep from the house number on.
    lead = re.search(r"(\d+[A-Za-z]?\s+\S.*$)|(\S.*\s\d+[A-Za-z]?$)", line1)
    if lead:
        line1 = lead.group(0)
    postal = city = None
    for seg in segments[street_idx + 1 :]:
        for code, rx in _POSTAL:
            if code in ("GB", "CA") and country not in (None, code):
                continue
            pm = rx.search(seg)
            if pm:
                postal = pm.group(1)
                remainder = (seg[: pm.start()] + " " + seg[pm.end() :]).strip(" ,")
                remainder = re.sub(r"^\b[A-Z]{2}\b$", "", remainder).strip()  # "IL 62704"
                if remainder:
                    city = remainder
                if country is None and code and code != "US":
                    country = code
                break
        if postal:
            break
    if city is None:
        rest = [s for s in segments[street_idx + 1 :] if not re.search(r"\d", s)]
        if rest:
            city = rest[0]
    if city is None and postal is None and country is None:
        return None
    phone = phones[0] if phones else None
    return ParsedAddress(country=country, city=city, line1=line1, postal_code=postal, phone=phone)
