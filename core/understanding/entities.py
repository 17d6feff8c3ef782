"""Entities in one message: order and tracking numbers, phones, e-mails, quantities, item
references and a shipping address.

Numbers are resolved in a fixed order, each claimed span masked before the next pass, so one
string is never two things: e-mails, carrier tracking formats (SF, YT, JT, UPS 1Z, UPU S10 with
its check digit), marketplace order formats (Pinduoduo, Amazon, Shopify "#1043"), phones (a
Chinese 11-digit mobile is a phone, not an order number), shop codes ("TM20251101001"), and
finally bare digit runs, which are tracking numbers when a carrier/waybill word is nearer before
them than an order word, else order numbers (10-19 digits: JD, Taobao/Tmall).
"""

from __future__ import annotations

import re
import unicodedata

from core.understanding.types import Entities, ItemRef, ParsedAddress

# --------------------------------------------------------------------------- numbers
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_URL = re.compile(r"https?://\S+")
_S10 = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2})(\d{8})(\d)([A-Za-z]{2})(?![A-Za-z0-9])")
_TRACKING_FORMATS = re.compile(
    r"(?<![A-Za-z0-9])("
    r"1Z[0-9A-Z]{16}"  # UPS
    r"|SF\d{12,15}"  # SF Express
    r"|YT\d{13,18}"  # YTO
    r"|JT\d{13}"  # J&T
    r"|JDV[A-Z]?\d{11,14}"  # JD Logistics
    r"|LP\d{14,16}"  # Cainiao
    r"|TBA\d{12}"  # Amazon Logistics
    r")(?![A-Za-z0-9])",
    re.I,
)
_PDD = re.compile(r"(?<![\d-])\d{6}-\d{15}(?![\d-])")
_AMAZON = re.compile(r"(?<![\d-])\d{3}-\d{7}-\d{7}(?![\d-])")
_SHOPIFY = re.compile(r"(?<![\w#])#\d{3,8}(?!\d)")
_CN_MOBILE = re.compile(r"(?<![\d+])(?:\+?86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)")
_INTL_PHONE = re.compile(r"(?<![\w+])\+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,5}(?!\d)")
_SHOP_CODE = re.compile(r"(?<![A-Za-z0-9#-])([A-Za-z]{1,5}-?\d{6,}(?:-\d{2,})*)(?![A-Za-z0-9])")
_DIGITS = re.compile(r"(?<![A-Za-z0-9#+-])(\d{3,19})(?![A-Za-z0-9-])")
_AMOUNT_AFTER = re.compile(
    r"\s*(?:[.,]\d|%|dollars?|euros?|yuan|rmb|usd|eur|cny|元|块|円|pcs|items?)", re.I
)

_TRACKING_WORDS = re.compile(
    r"tracking|track(?:ing)? (?:no|number|#)|waybill|awb|carrier|courier|parcel number|"
    r"快递单?号?|运单号?|物流单?号|单号是快递|顺丰|中通|圆通|申通|韵达|百世|极兔|邮政|ems|"
    r"運單號?|物流單?號|快遞單?號?|追跡番号|送り状|伝票番号|운송장|송장|трек|"
    r"seguimiento|rastreio|código de rastreamento|suivi|sendungsnummer|sendungsverfolgung|"
    r"resi|mã vận đơn|mã theo dõi|เลขพัสดุ|رقم التتبع|رقم الشحنة",
    re.I,
)
_ORDER_WORDS = re.compile(
    r"order|purchase|订单|訂單|单号|單號|注文|주문|заказ|pedido|commande|bestellung|"
    r"pesanan|đơn hàng|คำสั่งซื้อ|ออเดอร์|طلب",
    re.I,
)
_PHONE_WORDS = re.compile(
    r"phone|mobile|cell|手机|电话|手機|電話|联系方式|電話番号|전화|телефон|teléfono|telefone|"
    r"téléphone|telefon|nomor hp|số điện thoại|เบอร์|هاتف|جوال",
    re.I,
)
_TRACKING_PREFIXES = ("SF", "YT", "JT", "JDV", "LP", "TBA", "1Z")


def s10_check_digit(serial: str) -> int:
    """UPU S10 check digit of the 8-digit serial number."""
    total = sum(int(d) * w for d, w in zip(serial, (8, 6, 4, 2, 3, 5, 9, 7), strict=True))
    check = 11 - total % 11
    return 0 if check == 10 else 5 if check == 11 else check


def is_valid_s10(code: str) -> bool:
    m = _S10.fullmatch(code.strip())
    return bool(m) and s10_check_digit(m.group(2)) == int(m.group(3))


class _Text:
    """The message with claimed spans masked, so later passes cannot reuse them."""

    def __init__(self, text: str) -> None:
        self.original = text
        self.masked = text

    def claim(self, start: int, end: int) -> None:
        self.masked = self.masked[:start] + "\x00" * (end - start) + self.masked[end:]


def _nearest_kind(text: str, start: int, window: int = 24) -> str | None:
    """'tracking', 'order' or 'phone': the kind of keyword closest before `start`."""
    before = text[max(0, start - window) : start]
    best: tuple[int, str] | None = None
    for kind, rx in (
        ("tracking", _TRACKING_WORDS),
        ("order", _ORDER_WORDS),
        ("phone", _PHONE_WORDS),
    ):
        for m in rx.finditer(before):
            if best is None or m.end() > best[0] or (m.end() == best[0] and kind == "tracking"):
                best = (m.end(), kind)
    return best[1] if best else None


def extract_numbers(text: str, ents: Entities) -> str:
    """Fill order/tracking numbers, phones and e-mails; return the text with them masked."""
    t = _Text(unicodedata.normalize("NFKC", text))
    src = t.original

    def add(lst: list[str], value: str) -> None:
        if value not in lst:
            lst.append(value)

    for rx in (_EMAIL, _URL):
        for m in rx.finditer(src):
            if rx is _EMAIL:
                add(ents.emails, m.group(0))
            t.claim(m.start(), m.end())
    for m in _S10.finditer(t.masked):
        if s10_check_digit(m.group(2)) == int(m.group(3)):
            add(ents.tracking_numbers, m.group(0).upper())
            t.claim(m.start(), m.end())
    for m in _TRACKING_FORMATS.finditer(t.masked):
        add(ents.tracking_numbers, m.group(0).upper())
        t.claim(m.start(), m.end())
    for rx in (_PDD, _AMAZON, _SHOPIFY):
        for m in rx.finditer(t.masked):
            add(ents.order_numbers, m.group(0))
            t.claim(m.start(), m.end())
    for m in _CN_MOBILE.finditer(t.masked):
        number = "".join(m.groups())
        kind = _nearest_kind(t.masked, m.start(), window=8)
        if kind == "order" and not src[m.start() : m.end()].startswith("+"):
            continue  # "订单号13812345678": said to be an order number, left for the digit pass
        add(ents.phones, number)
        t.claim(m.start(), m.end())
    for m in _INTL_PHONE.finditer(t.masked):
        digits = re.sub(r"\D", "", m.group(0))
        if 7 <= len(digits) <= 15:
            add(ents.phones, "+" + digits)
            t.claim(m.start(), m.end())
    for m in _SHOP_CODE.finditer(t.masked):
        code = m.group(1)
        if code.upper().startswith(_TRACKING_PREFIXES):
            continue
        kind = _nearest_kind(t.masked, m.start())
        if kind == "tracking":
            add(ents.tracking_numbers, code.upper())
        else:
            add(ents.order_numbers, code.upper())
        t.claim(m.start(), m.end())
    for m in _DIGITS.finditer(t.masked):
        digits = m.group(1)
        kind = _nearest_kind(t.masked, m.start())
        if kind == "tracking" and 10 <= len(digits) <= 19:
            add(ents.tracking_numbers, digits)
        elif kind == "phone" and 7 <= len(digits) <= 15:
            add(ents.phones, digits)
        elif len(digits) >= 10 or (kind == "order" and len(digits) >= 6):
            add(ents.order_numbers, digits)
        elif (
            len(digits) >= 3
            and _nearest_kind(t.masked, m.start(), window=20) == "order"
            and not _AMOUNT_AFTER.match(t.masked, m.end())
        ):
            add(ents.order_numbers, digits)  # a shop's short order id: "order 10517"
        else:
            continue
        t.claim(m.start(), m.end())
    return t.masked


# --------------------------------------------------------------------------- quantities, items
_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_CN_DIGITS.update({"七": 7, "八": 8, "九": 9})
_EN_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "a couple of": 2, "a pair of": 1, "both": 2, "single": 1,
}  # fmt: skip
_CN_CLASSIFIERS = "件个個双雙条條份台盒瓶包套只隻支本箱袋张張顶頂把副罐对對"
_CN_QTY = re.compile(
    rf"([0-9]+|[一二两兩三四五六七八九十]+)\s*([{_CN_CLASSIFIERS}])"
    r"([\u4e00-\u9fffA-Za-z]{0,6}?)(?=$|[\s,，。.!！?？、;；吧吗嗎呢了啊呀的行好可能要不还都]|退|换|換)"
)
_CN_WHICH = re.compile(rf"([\u4e00-\u9fff]{{1,4}}?)的?那([{_CN_CLASSIFIERS}])")
_QTY_STOP = frozenset(
    "more day days week weeks hour hours minute minutes month months year years time times "
    "ago percent dollars dollar usd eur euros euro yuan rmb pounds bucks cents business working "
    "star stars thing things question questions".split()
)
_EN_QTY = re.compile(
    r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|a couple of|a pair of|both)"
    r"\s+(?:x\s+)?(?:of\s+(?:the|my|these|those|them)\s+|of\s+)?"
    r"((?:[a-z][a-z'-]*)(?:\s+(?!of\b|from\b|in\b|and\b|for\b|to\b|please\b)[a-z][a-z'-]*)?)",
    re.I,
)
_ROMANCE_QTY = re.compile(
    r"\b(\d+)\s+(?:de\s+l[oa]s|des|der|das|dos|de|из)\s+([^\W\d_]+)", re.I | re.UNICODE
)
_THE_ONE = re.compile(r"\bthe\s+([a-z]+(?:\s+[a-z]+)?)\s+(ones?)\b", re.I)
_X_QTY = re.compile(r"(?<![\w.])[x×]\s?(\d{1,3})(?![\w.])|(?<![\w.])(\d{1,3})\s?[x×](?![\w.])")


def cn_number(s: str) -> int | None:
    """Arabic digits or a Chinese number word below 100 ("两", "十二", "二十") as an int."""
    if s.isdigit():
        return int(s)
    if s in _CN_DIGITS:
        return _CN_DIGITS[s]
    if "十" in s:
        tens, _, ones = s.partition("十")
        t = _CN_DIGITS.get(tens, 0) if tens else 1
        o = _CN_DIGITS.get(ones, 0) if ones else 0
        if (tens and tens not in _CN_DIGITS) or (ones and ones not in _CN_DIGITS):
            return None
        return t * 10 + o
    return None


def extract_items(masked: str, ents: Entities) -> None:
    for m in _CN_QTY.finditer(masked):
        q = cn_number(m.group(1))
        if q is None or q <= 0 or q > 999:
            continue
        words = [m.group(3)] if m.group(3) else []
        ents.items.append(ItemRef(text=m.group(0), quantity=q, words=words))
    for m in _CN_WHICH.finditer(masked):
        lead = m.group(1)
        lead = re.sub(r"^.*?(?:退|换|換|要|是|把|就)", "", lead) or lead
        if lead and not re.search(r"[一二两三四五六七八九十]", lead):
            ents.items.append(ItemRef(text=m.group(0), words=[lead]))
    for m in _EN_QTY.finditer(masked):
        raw = m.group(1).lower()
        q = int(raw) if raw.isdigit() else _EN_NUMBERS[raw]
        words = [w for w in m.group(2).lower().split() if w]
        if not words or words[0] in _QTY_STOP or q <= 0 or q > 999:
            continue
        if words[-1] in _QTY_STOP:
            words = words[:-1]
        ents.items.append(ItemRef(text=m.group(0), quantity=q, words=words))
    for m in _ROMANCE_QTY.finditer(masked):
        q = int(m.group(1))
        if 0 < q <= 999:
            ents.items.append(ItemRef(text=m.group(0), quantity=q, words=[m.group(2).lower()]))
    for m in _THE_ONE.finditer(masked):
        ents.items.append(ItemRef(text=m.group(0), words=m.group(1).lower().split()))
    for m in _X_QTY.finditer(masked):
        q = int(m.group(1) or m.group(2))
        if 0 < q <= 999:
            ents.items.append(ItemRef(text=m.group(0), quantity=q))
    for item in ents.items:
        if item.quantity is not None and item.quantity not in ents.quantities:
            ents.quantities.append(item.quantity)


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
    "uk": "GB", "u.k.": "GB", "united kingdom": "GB", "england": "GB", "great britain": "GB",
    "scotland": "GB", "wales": "GB", "gb": "GB", "usa": "US", "us": "US", "u.s.": "US",
    "u.s.a.": "US", "united states": "US", "united states of america": "US", "america": "US",
    "canada": "CA", "australia": "AU", "germany": "DE", "deutschland": "DE", "france": "FR",
    "spain": "ES", "españa": "ES", "espana": "ES", "portugal": "PT", "brazil": "BR",
    "brasil": "BR", "mexico": "MX", "méxico": "MX", "argentina": "AR", "italy": "IT",
    "italia": "IT", "netherlands": "NL", "belgium": "BE", "switzerland": "CH", "austria": "AT",
    "österreich": "AT", "russia": "RU", "россия": "RU", "japan": "JP", "日本": "JP",
    "korea": "KR", "south korea": "KR", "대한민국": "KR", "한국": "KR", "china": "CN",
    "中国": "CN", "taiwan": "TW", "hong kong": "HK", "singapore": "SG", "malaysia": "MY",
    "indonesia": "ID", "vietnam": "VN", "viet nam": "VN", "việt nam": "VN", "thailand": "TH",
    "ประเทศไทย": "TH", "india": "IN", "ireland": "IE", "new zealand": "NZ", "poland": "PL",
    "sweden": "SE", "norway": "NO", "denmark": "DK", "finland": "FI", "uae": "AE",
    "united arab emirates": "AE", "saudi arabia": "SA", "egypt": "EG", "chile": "CL",
    "colombia": "CO", "peru": "PE", "philippines": "PH", "turkey": "TR",
}  # fmt: skip
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


# --------------------------------------------------------------------------- entry point
def extract_entities(text: str) -> Entities:
    ents = Entities()
    masked = extract_numbers(text, ents)
    extract_items(masked, ents)
    if len(text) >= 8:
        ents.address = extract_address(masked.replace("\x00", " "), ents.phones)
        if ents.address and ents.address.phone is None and ents.phones:
            ents.address.phone = ents.phones[0]
    return ents
