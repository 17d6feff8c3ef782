"""Order numbers, tracking numbers, phones and e-mails in one message.

Spans are resolved in a fixed order, each claimed span masked before the next pass, so one
string is never two things:
1. e-mails and URLs; tax ids (`invoice.find_tax_ids`);
2. carrier tracking formats (UPU S10 with its check digit, SF, YT, JT, UPS 1Z, ...);
3. marketplace formats nothing else has: Amazon `114-3941689-8772232`, eBay `12-34567-89012`,
   Pinduoduo `240315-123456789012345`, Rakuten `123456-20241106-0012345678`, Ozon
   `47719302-0007(-1)`, Tokopedia `INV/20241106/MPL/3819204756` (or with dashes), Shopee
   `2411056KQ1TR9B`, Flipkart `OD…`, Shopify `#1043`/`#UK3402`;
4. prices, dates and times: masked, never an order number nor a quantity;
5. phones (a Chinese 11-digit mobile, "+…" international numbers, local numbers with their
   separators, digits after a phone word);
6. shop codes ("SO-10587", "EU1019", "TM20251101001");
7. whatever follows an order word in any of the 13 languages ("order/pedido/заказ/注文番号/
   주문번호/đơn/ออเดอร์/pesanan/طلب/订单号/commande/Bestellung/encomenda" + token), digits
   glued to Thai/CJK text included;
8. long bare digit runs (10-19 digits: Taobao/Tmall, JD, Douyin, Coupang, Mercado Libre...),
   tracking numbers when a carrier word is nearer before them than an order word.

A bare short number with no order word is never an order number. Every pattern has bounded
repetitions only, so the work is linear in the length of the text.
"""

from __future__ import annotations

import re

from core.understanding.invoice import find_tax_ids
from core.understanding.types import Entities

MASK = "\x00"

_EMAIL = re.compile(
    r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,6}\.[A-Za-z]{2,24}"
)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']{1,2000}", re.I)

# --------------------------------------------------------------------------- tracking
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
    r"|SPX[A-Z]{2}\d{10,14}"  # Shopee Express
    r"|KER[A-Z]{0,3}\d{9,12}"  # Kerry
    r")(?![A-Za-z0-9])",
    re.I,
)
_TRACKING_PREFIXES = ("SF", "YT", "JT", "JDV", "LP", "TBA", "1Z", "SPX", "KER")
# Japan Post / Yamato / Sagawa: 4-4-4 digits, after a tracking word only.
_GROUPED_TRACKING = re.compile(r"(?<![\d-])(\d{4})-(\d{4})-(\d{4})(?![\d-])")

# --------------------------------------------------------------------------- marketplace formats
_STRONG_FORMATS = re.compile(
    r"(?<![A-Za-z0-9_/-])(?:"
    r"(?:\d{3}|D\d{2})-\d{7}-\d{7}"  # Amazon (D01-: digital orders)
    r"|\d{6}-\d{8}-\d{8,10}"  # Rakuten: shop-date-serial
    r"|\d{6}-\d{15}"  # Pinduoduo
    r"|\d{2}-\d{5}-\d{5}"  # eBay
    r"|\d{8}-\d{4}(?:-\d{1,2})?"  # Ozon order / posting
    r"|INV/\d{8}/[A-Z]{2,5}(?:/[A-Z]{1,4}){0,2}/\d{6,12}"  # Tokopedia
    r"|INV-\d{8}-[A-Z]{2,5}(?:-[A-Z]{1,4}){0,2}-\d{6,12}"  # Tokopedia, as shops store it
    r"|OD\d{15,21}"  # Flipkart
    r")(?![A-Za-z0-9_/-])",
    re.I,
)
# Shopee / Lazada order SN: YYMMDD + 8 capitals and digits with at least one letter.
_SHOPEE = re.compile(r"(?<![A-Za-z0-9_-])(\d{2})(\d{2})(\d{2})([0-9A-Z]{8})(?![A-Za-z0-9_-])")
_SHOPIFY = re.compile(r"(?<![A-Za-z0-9_#])#((?:[A-Za-z]{1,4}-?)?\d{3,12})(?![A-Za-z0-9_-])")
_UUID = re.compile(
    r"(?<![A-Za-z0-9_-])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    r"(?![A-Za-z0-9_-])",
    re.I,
)

# --------------------------------------------------------------------------- never order numbers
_NUM = r"\d{1,3}(?:[.,\s\u00a0\u202f']\d{3}){1,4}(?:[.,]\d{1,2})?|\d{1,9}(?:[.,]\d{1,2})?"
_CURRENCY_BEFORE = (
    r"US\$|HK\$|NT\$|S\$|A\$|C\$|R\$|RM|Rp\.?|₱|PHP|\$|€|£|¥|￥|₩|₽|₹|฿|₫|﷼|"
    r"(?:USD|EUR|GBP|CNY|RMB|JPY|KRW|RUB|INR|THB|VND|IDR|SAR|AED|BRL|MXN|CHF|SGD|MYR)\s?"
)
_CURRENCY_AFTER = (
    r"元|块|塊|圆|円|원|đ|₫|đồng|vnd|บาท|฿|руб(?:\.|лей|ля|ль)?|р\.|₽|€|eur|euros?|"
    r"dollars?|dólares?|dolares?|usd|bucks|quid|pounds?|gbp|francs?|franken|yuan|rmb|cny|yen|jpy|won|krw|baht|thb|rupiah|idr|ribu|rb|"
    r"reais|real|brl|pesos?|ريال|ر\.س|درهم|د\.إ|جنيه|sar|aed|sgd|myr|ringgit|%"
)
# a currency word ends where no Latin letter follows: "100.000đ" is a price, "1 đôi" a pair;
# a number inside a code ("MPL-5512340") is none, nor one before the Indonesian "dong" (please)
_PRICE = re.compile(
    rf"(?<![A-Za-z0-9_.,/-])(?:(?:{_CURRENCY_BEFORE})\s?(?:{_NUM})(?:\s?(?:{_CURRENCY_AFTER}))?"
    rf"|(?:{_NUM})\s?(?:{_CURRENCY_AFTER}))(?![A-Za-z\u00c0-\u024f\u1e00-\u1eff])",
    re.I,
)
# Month names (and their usual abbreviations) of the 13 languages: "25 ноября", "20 de
# noviembre", "Nov 24", "21 novembre", "17 พ.ย.", "tanggal 21 November". English "may" and
# Spanish "mar" are left out: they are everyday words.
_MONTHS = (
    r"january|february|march|april|june|july|august|september|october|november|december|"
    r"jan|feb|apr|jun|jul|aug|sept?|oct|nov|dec|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|se?tiembre|octubre|noviembre|diciembre|"
    r"janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro|"
    r"janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|"
    r"januar|jänner|februar|märz|juni|juli|oktober|dezember|"
    r"januari|februari|maret|mei|agustus|desember|okt|"
    r"январ[ья]|феврал[ья]|марта?|апрел[ья]|ма[йя]|июн[ья]|июл[ья]|августа?|сентябр[ья]|"
    r"октябр[ья]|ноябр[ья]|декабр[ья]|янв|фев|апр|авг|сент?|окт|ноя|дек|"
    r"يناير|فبراير|مارس|أبريل|ابريل|مايو|يونيو|يوليو|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|نوفمبر|"
    r"ديسمبر"
)
_TH_MONTHS = (
    r"ม\.ค\.|ก\.พ\.|มี\.ค\.|เม\.ย\.|พ\.ค\.|มิ\.ย\.|ก\.ค\.|ส\.ค\.|ก\.ย\.|ต\.ค\.|พ\.ย\.|ธ\.ค\.|"
    r"มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|"
    r"พฤศจิกายน|ธันวาคม"
)
#: words that say the number after them is a day of the month or of the week: "tanggal 21",
#: "no dia 20", "ngày 20", "วันที่ 17", "le 21", "am 3.", "thứ 3" (Tuesday)
_DAY_WORDS = r"tanggal|tgl\.?|dia|día|ngày|ngay|le|am|vom|th[uứ]|วันที่|วัน"
_DATE = re.compile(
    rf"(?<![\w/.-])\d{{1,2}}(?:st|nd|rd|th|er|º|\.)?\s?(?:de\s|of\s)?(?:{_MONTHS})\.?(?![^\W\d_])"
    rf"(?:\s?(?:de\s)?\d{{4}})?"
    rf"|(?<![0-9])\d{{1,2}}\s?(?:{_TH_MONTHS})"
    r"|(?<![A-Za-z0-9_/.-])(?:"
    r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}[日号號]?"
    r"|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"
    r"|\d{1,2}月\d{1,2}[日号號]?|\d{1,2}월\s?\d{1,2}일|\d{4}년\s?\d{1,2}월(?:\s?\d{1,2}일)?"
    r"|\d{4}年\d{1,2}月"
    r")(?![A-Za-z0-9_/-])"
    r"|(?<![A-Za-z0-9_:.])\d{1,2}:\d{2}(?::\d{2})?(?![A-Za-z0-9_:])"
    r"|(?<![A-Za-z0-9_.])\d{1,2}\s?(?:am|pm|a\.m\.|p\.m\.|h\d{0,2}|uhr)(?![A-Za-z])"
    r"|(?<![0-9])\d{1,2}(?:時|시)(?!間|간)",
    re.I,
)

# A day number after its month or a day word ("Nov 24", "tanggal 21", "วันที่ 17"): found from
# the number back, so the long alternation of words is tried only before a short number.
_DAY_NUMBER = re.compile(r"(?<![\d.,/-])\d{1,2}(?!\d)")
_MONTH_BEFORE = re.compile(rf"(?<![^\W\d_])(?:{_MONTHS})\.?\s?$", re.I)
_DAY_WORD_BEFORE = re.compile(rf"(?<![^\W\d_])(?:{_DAY_WORDS})\s?$", re.I)
_AFTER_MONTH_DAY = re.compile(r"(?:st|nd|rd|th)?(?![\w/.-])(?:,?\s?\d{4}(?!\d))?", re.I)
_AFTER_DAY_WORD = re.compile(r"(?![\w/,-]|\.\d)(?!\s?(?:%|[x×]))", re.I)


def _day_numbers(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in _DAY_NUMBER.finditer(text):
        before = text[max(0, m.start() - 14) : m.start()]
        if _MONTH_BEFORE.search(before):
            after = _AFTER_MONTH_DAY.match(text, m.end())
            if after is not None:
                spans.append((m.start(), after.end()))
        elif _DAY_WORD_BEFORE.search(before) and _AFTER_DAY_WORD.match(text, m.end()):
            spans.append((m.start(), m.end()))
    return spans


# --------------------------------------------------------------------------- phones
_CN_MOBILE = re.compile(r"(?<![\d+])(?:\+?86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)")
_INTL_PHONE = re.compile(r"(?<![\w+])\+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,5}(?!\d)")
_LOCAL_PHONE = re.compile(
    r"(?<![A-Za-z0-9_-])(?:"
    r"0\d{1,4}[-\s]\d{3,4}[-\s]\d{4}"  # JP 090-1234-5678, KR 010-1234-5678, ID 0812-3456-7890
    r"|\(\d{3}\)\s?\d{3}[-.\s]\d{4}|\d{3}[-.]\d{3}[-.]\d{4}"  # US
    r"|8\s?\(?9\d{2}\)?[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2}"  # RU 8 916 123-45-67
    r"|\(\d{2}\)\s?9?\d{4}-\d{4}"  # BR (11) 98765-4321
    r")(?![A-Za-z0-9_-])"
)
#: a number typed in groups: a phone when it starts with a trunk 0 ("06 12 34 56 78",
#: "0151 23456789", "0912-345-678") or follows a phone word ("Tel 612 34 56 78")
#: a number typed in one run right after a phone word, in a country whose format is not above
_BARE_PHONE = re.compile(r"(?<![\w+-])\d{8,13}(?![\w-])")
_GROUPED_PHONE = re.compile(r"(?<![\w+-])\d{2,5}(?:[ .-]\d{2,8}){1,4}(?![\w-])")

# --------------------------------------------------------------------------- shop codes
_SHOP_CODE = re.compile(
    r"(?<![A-Za-z0-9#/_-])([A-Za-z]{1,5})([-_]?)(\d{3,20}(?:-\d{2,20}){0,3})(?![A-Za-z0-9/_-])"
)

# --------------------------------------------------------------------------- order words
# Latin and Cyrillic words stand alone ("order" is not "border"); others may touch the number.
_ORDER_WORDS_LATIN = (
    r"order(?:s|\snumber|\sno\.?|\sid|\sref(?:erence)?)?|purchase|"
    r"номер\sзаказа|заказ(?:а|у|ом|е|ы|ов)?|отправлени[ея]|"
    r"pedidos?|orden|compra|encomendas?|commandes?|"
    r"bestellnummer(?:n)?|bestell-?nr\.?|bestellung(?:en)?|auftragsnummer|auftrag|"
    r"mã\sđơn(?:\shàng)?|đơn\shàng|đơn|"
    r"ma\sdon(?:\shang)?|don\shang|don|"  # Vietnamese typed without its diacritics
    r"nomor\spesanan|no\.?\spesanan|pesanan|transaksi|zamówieni[ea]"
)
_ORDER_WORDS_OTHER = (
    r"订单号码|订单编号|订单号|订单|訂單號碼|訂單編號|訂單號|訂單|单号|單號|"
    r"ご注文番号|注文番号|注文|オーダー番号|オーダー|"
    r"주문\s?번호|주문|"
    r"หมายเลขคำสั่งซื้อ|คำสั่งซื้อ|เลขออเดอร์|ออเดอร์|"
    r"رقم\sالطلب|طلبي|طلبية|الطلب|طلب"
)
_ORDER_WORD = re.compile(
    rf"(?<![^\W\d_])(?:{_ORDER_WORDS_LATIN})(?![^\W\d_])|(?:{_ORDER_WORDS_OTHER})", re.I
)
ORDER_WORD = _ORDER_WORD
"""The words for an order in every language ("order", "pedido", "заказ", "注文", "الطلب")."""
_PLATFORMS = (
    r"shopee|lazada|tokopedia|tokped|amazon|ebay|ozon|wildberries|wb|rakuten|coupang|"
    r"mercado\s?li[bv]re|meli|flipkart|noon|tiki|bukalapak|blibli|zalando|allegro|aliexpress|"
    r"temu|shein|tiktok|tik\stok|shop|taobao|tmall|jd|pdd|douyin|shopify|etsy|walmart|naver|"
    r"gmarket|yandex|яндекс|магазин|mercari|sendo|magalu|americanas|cdiscount|otto"
)
# What may stand between an order word and its number: "number", "no.", "#", "is", "my", a
# platform's name, particles ("は", "는", "là", "是")...
_FILLER_WORDS = (
    rf"n[°º]|nº|nr\.?|nro\.?|núm\.?|no\.?|num(?:bers?|eros?|éros?|mern?)?|números?|numéros?|"
    rf"nummer|номера|id|"
    rf"ref\.?|is|was|its|it's|it’s|el|c'est|das|это|"
    rf"es|est|ist|é|là|số|nomor|saya|ku|my|mi|mon|ma|meine?|meu|minha|мой|моего|моей|номер|"
    rf"{_PLATFORMS}"
)
_FILLER_OTHER = (
    r"は|が|の|番号|번호는?|는|은|이|가|是|为|為|号|號|码|碼|رقم|هو|ของฉัน|เลขที่|หมายเลข|คือ|"
    r"楽天|쿠팡|淘宝|淘寶|天猫|天貓|京东|京東|拼多多|抖音|네이버|11번가|メルカリ"
)
_AFTER_ORDER_WORD = re.compile(
    rf"(?:\s|[:：#№°º.=\-–—?!,？！，]|(?:{_FILLER_WORDS})(?![^\W\d_])|{_FILLER_OTHER}){{0,8}}?"
    r"(#?(?=[A-Za-z]{0,8}[-_/]?[0-9])[A-Za-z0-9][A-Za-z0-9#_/-]{2,63})(?![A-Za-z0-9#_/-])",
    re.I,
)
_CONTINUE = re.compile(
    r"\s?(?:,|&|/|and|or|y|e|et|und|и|или|và|dan|atau|和|与|與|及|跟|、|و|หรือ|และ|하고|와|과)\s?"
    r"(#?[A-Za-z0-9][A-Za-z0-9#_/-]{2,63})(?![A-Za-z0-9#_/-])",
    re.I,
)
_AMOUNT_AFTER = re.compile(
    r"\s?(?:[.,]\d|%|dollars?|euros?|yuan|rmb|usd|eur|cny|元|块|円|원|บาท|руб|pcs|items?|件|個|개|"
    r"days?|días?|jours?|tage|дн|日|天|일|วัน|hari|ngày)",
    re.I,
)

#: carriers of the 13 markets: a number right after one is its tracking number
_CARRIERS = (
    r"dhl|dpd|gls|ups|usps|fedex|hermes|evri|yodel|royal\smail|la\sposte|colissimo|chronopost|"
    r"mondial\srelay|correos|seur|mrw|nacex|correios|ctt|jadlog|loggi|estafeta|"
    r"cdek|сдэк|boxberry|почт(?:а|ы|у|е|ой)|pochta|smsa|aramex|naqel|zajil|"
    r"jne|j&t|sicepat|anteraja|ninja\s?van|ghn|ghtk|viettel\spost|kerry|flash\s?express|แฟลช|"
    r"thailand\spost|ไปรษณีย์ไทย|ヤマト|佐川|日本郵便|ゆうパック|우체국|cj\s?대한통운|대한통운|한진|롯데택배|택배"
)
_TRACKING_WORDS = re.compile(
    rf"(?<![^\W\d_])(?:{_CARRIERS})(?![^\W\d_])|"
    r"envío|envio|sendung|colis|شحنة|الشحنة|追跡|посылк[аиуе]|"
    r"tracking|track(?:ing)? (?:no|number|#)|waybill|awb|carrier|courier|parcel number|"
    r"快递单?号?|运单号?|物流单?号|单号是快递|顺丰|中通|圆通|申通|韵达|百世|极兔|邮政|ems|"
    r"運單號?|物流單?號|快遞單?號?|追跡番号|送り状|伝票番号|運送状|お問い合わせ番号|운송장|송장|трек|"
    r"seguimiento|rastreio|código de rastreamento|suivi|sendungsnummer|sendungsverfolgung|"
    r"resi|mã vận đơn|mã theo dõi|เลขพัสดุ|รหัสติดตาม|رقم التتبع|رقم الشحنة",
    re.I,
)
_PHONE_WORDS = re.compile(
    r"phone|mobile|cell|whatsapp|手机|电话|手機|電話|联系方式|電話番号|携帯|전화|핸드폰|휴대폰|"
    r"телефон|тел\.|teléfono|telefone|celular|téléphone|portable|telefon|handy|nomor hp|no hp|"
    r"hp|wa|tel|tél|telp|tlf|ph|mob|fono|cel|số điện thoại|sđt|sdt|เบอร์|โทร|هاتف|جوال|رقم الجوال|"
    r"تلفون|تليفون|موبايل",
    re.I,
)
#: short phone words that count only standing alone ("hp" but not "shp", "tel" but not "hotel")
_SHORT_PHONE_WORDS = frozenset(
    {"hp", "wa", "tel", "tél", "telp", "tlf", "ph", "mob", "fono", "cel", "sdt"}
)
#: what follows a tracking word (glued to it in Thai/CJK text, or after "number", "is", "#"):
#: a code with at least six digits is that parcel's number, whatever the carrier's format
_AFTER_TRACKING_WORD = re.compile(
    r"(?:\s|[:：#№.=\-–—]|(?:n[°º]|nº|no\.?|nr\.?|num(?:ber|ero|éro|mer)?|número|numéro|nummer|"
    r"is|es|est|ist|é|là|số|nomor|my|mi|mon|ma|meine?|meu|minha|de|do|du|номер)(?![^\W\d_])|"
    r"は|が|の|番号|번호는?|는|은|이|가|是|为|號|号|码|碼|رقم|هو|คือ|เลขที่|หมายเลข){0,6}?"
    r"([A-Za-z0-9][A-Za-z0-9-]{6,34}[A-Za-z0-9])"
    r"(?![A-Za-z0-9#_/-])",
    re.I,
)
#: Numbers that are something else, said so by the word before them: a model or an item code,
#: a support ticket, a bank account. What follows such a word is never an order number.
_NOT_ORDER_WORDS = re.compile(
    r"(?<![^\W\d_])(?:model(?:\snumber|\sno\.?)?|modelo|modèle|modell|модел[ьи]|sku|"
    r"item\scode|product\scode|artikelnummer|art\.-?nr\.?|артикул[а]?|serial(?:\snumber)?|s/n|"
    r"imei|ticket|case|iban|account(?:\snumber)?|conta|cuenta|konto|compte|счёт|счет|"
    r"mã\ssản\sphẩm|kode\sproduk|رقم\sالموديل|موديل|รุ่น)(?![^\W\d_])"
    r"|型号|型號|型番|品番|모델명?|상품번호|商品编号|商品編號",
    re.I,
)
_AFTER_NOT_ORDER_WORD = re.compile(
    r"(?:\s|[:：#№.=\-]|(?:no\.?|nr\.?|number|is|es|est|ist|é|là|số|は|是|为|為|는|은)(?![^\W\d_])){0,4}?"
    r"([A-Za-z0-9][A-Za-z0-9/_.-]{1,40}[A-Za-z0-9])(?![A-Za-z0-9])",
    re.I,
)
_IBAN = re.compile(
    r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?(?![A-Za-z0-9])"
)
#: A number opening a bracket that holds it alone ("my order (10174) was cancelled") or names
#: what it holds after a dash ("(10174 - serum, chocolate)", "【1038：マグカップ】"): the order,
#: labelled as customers label it; alone, only with an order word before it
_BRACKETED = re.compile(r"[(\[（【]\s?(\d{4,12})\s?(?:(?=[)\]）】])|([-–—:：]\s?)(?=[^\W\d_]))")
_YEAR = re.compile(r"19[89]\d|20[0-3]\d")
_BARE_DIGITS = re.compile(r"(?<![A-Za-z0-9#+/-])(\d{3,22})(?![A-Za-z0-9/-])")


#: no message names more numbers than this; past it the rest is left alone (bounded work)
MAX_CLAIMS = 400


class _Text:
    """The message with claimed spans masked, so later passes cannot reuse them.

    Claims go into a list of characters; the string is rebuilt only when read after a claim,
    so a pass that claims many spans costs one rebuild, not one per span."""

    def __init__(self, text: str) -> None:
        self._chars = list(text)
        self._masked = text
        self._dirty = False
        self.claims = 0

    @property
    def masked(self) -> str:
        if self._dirty:
            self._masked = "".join(self._chars)
            self._dirty = False
        return self._masked

    @property
    def full(self) -> bool:
        return self.claims >= MAX_CLAIMS

    def claim(self, start: int, end: int) -> None:
        self._chars[start:end] = MASK * (end - start)
        self._dirty = True
        self.claims += 1

    def free(self, start: int, end: int) -> bool:
        return MASK not in self._chars[start:end]

    def before(self, start: int, window: int = 24) -> str:
        """The (current) text of the `window` characters before `start`."""
        return "".join(self._chars[max(0, start - window) : start])


def s10_check_digit(serial: str) -> int:
    """UPU S10 check digit of the 8-digit serial number."""
    total = sum(int(d) * w for d, w in zip(serial, (8, 6, 4, 2, 3, 5, 9, 7), strict=True))
    check = 11 - total % 11
    return 0 if check == 10 else 5 if check == 11 else check


def is_valid_s10(code: str) -> bool:
    m = _S10.fullmatch(code.strip())
    return m is not None and s10_check_digit(m.group(2)) == int(m.group(3))


def _nearest_kind(t: _Text, start: int, window: int = 24) -> str | None:
    """'tracking', 'order' or 'phone': the kind of keyword closest before `start`."""
    before = t.before(start, window)
    best: tuple[int, str] | None = None
    for kind, rx in (
        ("tracking", _TRACKING_WORDS),
        ("order", _ORDER_WORD),
        ("phone", _PHONE_WORDS),
    ):
        for m in rx.finditer(before):
            if (
                kind == "phone"
                and m.group(0).lower() in _SHORT_PHONE_WORDS
                and not _alone(before, m)
            ):
                continue
            if best is None or m.end() > best[0] or (m.end() == best[0] and kind == "tracking"):
                best = (m.end(), kind)
    return best[1] if best else None


def _alone(text: str, m: re.Match[str]) -> bool:
    before = text[m.start() - 1] if m.start() else " "
    after = text[m.end()] if m.end() < len(text) else " "
    return not before.isalpha() and not after.isalpha()


def _is_iban(code: str) -> bool:
    """ISO 13616: the code with its first four characters moved to the end is 1 mod 97."""
    code = code.replace(" ", "").upper()
    if not 15 <= len(code) <= 34:
        return False
    moved = code[4:] + code[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def _plausible_yymmdd(yy: str, mm: str, dd: str) -> bool:
    return 15 <= int(yy) <= 40 and 1 <= int(mm) <= 12 and 1 <= int(dd) <= 31


def _canonical(code: str) -> str:
    """Shop codes in upper case as shops print them; an Allegro UUID in lower case."""
    return code.lower() if _UUID.fullmatch(code) else code.upper()


def _add(values: list[str], value: str) -> None:
    if value not in values:
        values.append(value)


#: A postal code with its country's letters before it and its place after it ("CH-8001 Zürich",
#: "A-1060 Wien", "D-80331 München", "F-75011 Paris"): no order number.
_PREFIXED_POSTAL = re.compile(
    r"(?<![\w-])(?:(?:CH|A|AT|LI|FL|L|LU|B|BE|DK|NO|HU)-[0-9]{4}|(?:D|DE|F|FR|I|IT|E|ES|FI|SE)-[0-9]{5})"
    r"(?=\s+[A-ZÀ-Ý][^\W\d_]+)"
)


#: A number that "把" puts before a verb acting on an order ("把1038寄到…", "把#2215改到…"): the
#: order, however short its number
_DISPOSED = re.compile(r"把\s?#?([0-9]{4,19})\s?(?=寄|送|发|發|改|换|換|转|轉|退|取消|撤)")


def extract_numbers(text: str, ents: Entities) -> str:
    """Fill order/tracking numbers, phones, e-mails and the tax id; return the text with every
    claimed span (and every price, date and time) masked by NUL characters, same length."""
    t = _Text(text)
    src = text

    for rx in (_EMAIL, _URL):
        for m in rx.finditer(t.masked):
            if t.full:
                break
            if rx is _EMAIL:
                _add(ents.emails, m.group(0))
            t.claim(m.start(), m.end())
    for tax in find_tax_ids(t.masked):
        if t.full:
            break
        if ents.tax_id is None:
            ents.tax_id = tax.value
        t.claim(tax.start, tax.end)
    for m in _S10.finditer(t.masked):
        if t.full:
            break
        if s10_check_digit(m.group(2)) == int(m.group(3)):
            _add(ents.tracking_numbers, m.group(0).upper())
            t.claim(m.start(), m.end())
    for m in _TRACKING_FORMATS.finditer(t.masked):
        if t.full:
            break
        _add(ents.tracking_numbers, m.group(0).upper())
        t.claim(m.start(), m.end())
    for m in _GROUPED_TRACKING.finditer(t.masked):
        if t.full:
            break
        if _nearest_kind(t, m.start()) == "tracking":
            _add(ents.tracking_numbers, "".join(m.groups()))
            t.claim(m.start(), m.end())

    for m in _PREFIXED_POSTAL.finditer(t.masked):
        t.claim(m.start(), m.end())  # "CH-8001 Zürich": a postal code, given back to the address
    for m in _STRONG_FORMATS.finditer(t.masked):
        if t.full:
            break
        _add(ents.order_numbers, m.group(0).upper())
        t.claim(m.start(), m.end())
    for m in _SHOPEE.finditer(t.masked):
        if t.full:
            break
        yy, mm, dd, tail = m.groups()
        if _plausible_yymmdd(yy, mm, dd) and re.search("[A-Z]", tail) and re.search(r"\d", tail):
            _add(ents.order_numbers, m.group(0))
            t.claim(m.start(), m.end())
    for m in _SHOPIFY.finditer(t.masked):
        if t.full:
            break
        _add(ents.order_numbers, "#" + m.group(1).upper())
        t.claim(m.start(), m.end())

    _after_tracking_words(t, ents)

    for rx in (_PRICE, _DATE):
        for m in rx.finditer(t.masked):
            if t.full:
                break
            if re.search(r"\d", m.group(0)):
                t.claim(m.start(), m.end())
    for start, end in _day_numbers(t.masked):
        if t.full:
            break
        t.claim(start, end)

    for m in _CN_MOBILE.finditer(t.masked):
        if t.full:
            break
        kind = _nearest_kind(t, m.start(), window=8)
        if kind == "order" and not src[m.start() : m.end()].startswith("+"):
            continue  # "订单号13812345678": said to be an order number, left for the order pass
        _add(ents.phones, "".join(m.groups()))
        t.claim(m.start(), m.end())
    for m in _INTL_PHONE.finditer(t.masked):
        if t.full:
            break
        digits = re.sub(r"\D", "", m.group(0))
        if 7 <= len(digits) <= 15:
            _add(ents.phones, "+" + digits)
            t.claim(m.start(), m.end())
    for m in _LOCAL_PHONE.finditer(t.masked):
        if t.full:
            break
        if _nearest_kind(t, m.start(), window=12) == "order":
            continue
        _add(ents.phones, re.sub(r"\D", "", m.group(0)))
        t.claim(m.start(), m.end())
    for m in _GROUPED_PHONE.finditer(t.masked):
        if t.full:
            break
        digits = re.sub(r"\D", "", m.group(0))
        kind = _nearest_kind(t, m.start(), window=12)
        if len(digits) <= 12 and (
            (kind == "phone" and len(digits) >= 8) or (digits[0] == "0" and len(digits) >= 9)
        ):  # 8 digits and a trunk 0 is a postal code as often ("01426-001")
            _add(ents.phones, digits)
            t.claim(m.start(), m.end())

    for m in _BARE_PHONE.finditer(t.masked):
        if t.full:
            break
        if _nearest_kind(t, m.start(), window=12) == "phone":  # "cel 3104567890", "تلفون 99887766"
            _add(ents.phones, m.group(0))
            t.claim(m.start(), m.end())

    for m in _IBAN.finditer(t.masked):
        if t.full:
            break
        if _is_iban(m.group(0)):
            t.claim(m.start(), m.end())
    _after_not_order_words(t)

    for m in _SHOP_CODE.finditer(t.masked):
        if t.full:
            break
        prefix, sep, digits = m.groups()
        code = m.group(0)
        if code.upper().startswith(_TRACKING_PREFIXES):
            continue
        kind = _nearest_kind(t, m.start())
        n_digits = sum(c.isdigit() for c in digits)
        if kind == "tracking":
            _add(ents.tracking_numbers, code.upper())
        elif kind == "order" or (prefix.isupper() and (n_digits >= 4 or sep)):
            _add(ents.order_numbers, _canonical(code))
        else:
            continue
        t.claim(m.start(), m.end())

    _after_order_words(t, ents)

    for m in _DISPOSED.finditer(t.masked):  # "把1038寄到杭州…": the order the verb acts on
        if t.full:
            break
        if t.free(m.start(1), m.end(1)):
            _add(ents.order_numbers, m.group(1))
            t.claim(m.start(1), m.end(1))

    for m in _BRACKETED.finditer(t.masked):  # "(10174 - serum, chocolate)": a label
        if t.full:
            break
        listed = m.group(2) is not None and _YEAR.fullmatch(m.group(1)) is None
        if listed or _nearest_kind(t, m.start()) == "order":
            _add(ents.order_numbers, m.group(1))
            t.claim(m.start(1), m.end(1))

    for m in _BARE_DIGITS.finditer(t.masked):
        if t.full:
            break
        digits = m.group(1)
        kind = _nearest_kind(t, m.start())
        if kind == "tracking" and 10 <= len(digits) <= 22:
            _add(ents.tracking_numbers, digits)
        elif kind == "phone" and 7 <= len(digits) <= 15:
            _add(ents.phones, digits)
        elif 10 <= len(digits) <= 19 and not digits.startswith("0"):
            _add(ents.order_numbers, digits)
        elif kind == "order" and 7 <= len(digits) <= 9 and not digits.startswith("0"):
            _add(ents.order_numbers, digits)  # "заказ блин 182736450": an order word near it
        elif 10 <= len(digits) <= 11 and digits.startswith("0"):
            _add(ents.phones, digits)  # a local mobile number: "0812345678", "09012345678"
        else:
            continue
        t.claim(m.start(), m.end())
    return t.masked


def _after_tracking_words(t: _Text, ents: Entities) -> None:
    """The code right after a tracking word or a carrier's name is a tracking number, in any
    carrier's format ("трек RA644000123RU", "colissimo 6A21983470551", "เลขพัสดุTH01234ABC5678")."""
    text = t.masked
    for c in _CODE.finditer(text):  # from each code back to its word: few codes, many words
        if t.full:
            break
        if sum(ch.isdigit() for ch in c.group(0)) < 6:
            continue
        offset = max(0, c.start() - 48)
        words = list(_TRACKING_WORDS.finditer(text, offset, c.start()))
        m = _AFTER_TRACKING_WORD.match(text, words[-1].end()) if words else None
        if m is None or m.start(1) != c.start() or not t.free(m.start(1), m.end(1)):
            continue
        code = m.group(1)
        if sum(c.isdigit() for c in code) < 6 or _nearest_kind(t, m.start(1)) != "tracking":
            continue
        grouped = _DASHED.fullmatch(code) is not None  # Japan Post "4912-3387-5501"
        _add(ents.tracking_numbers, code.replace("-", "") if grouped else code.upper())
        t.claim(m.start(1), m.end(1))


_CODE = re.compile(
    r"(?<![A-Za-z0-9#_/-])[A-Za-z0-9][A-Za-z0-9-]{6,34}[A-Za-z0-9](?![A-Za-z0-9#_/-])"
)
_DASHED = re.compile(r"\d{4}-\d{4}-\d{4}")


def _after_not_order_words(t: _Text) -> None:
    """Mask the code after "model", "SKU", "ticket", "IBAN", "型号"...: it is none of ours."""
    text = t.masked
    for w in _NOT_ORDER_WORDS.finditer(text):
        if t.full:
            break
        m = _AFTER_NOT_ORDER_WORD.match(text, w.end())
        if m is None or not re.search(r"\d", m.group(1)) or not t.free(m.start(1), m.end(1)):
            continue
        t.claim(m.start(1), m.end(1))


def _after_order_words(t: _Text, ents: Entities) -> None:
    """The token that follows an order word (and the ones listed after it) is an order number."""
    text = t.masked  # one snapshot: this pass claims only what lies after where it reads
    for w in _ORDER_WORD.finditer(text):
        if t.full:
            break
        m = _AFTER_ORDER_WORD.match(text, w.end())
        if m is None or len(m.group(0)) > 40:
            continue
        token, start, end = m.group(1), m.start(1), m.end(1)
        while token is not None and not t.full:
            if not t.free(start, end) or not _is_order_token(text, token, end):
                break
            if _nearest_kind(t, start, window=24) == "tracking":
                break
            groups = _DIGIT_GROUPS.match(text, end) if token.isdigit() else None
            if groups is not None and t.free(end, groups.end()):
                joined = token + groups.group(0).replace(" ", "").replace("\u00a0", "")
                if len(joined) >= 10:  # "订单号 4062 2177 8012 3456 789": one number in groups
                    token, end = joined, groups.end()
            parts = token.split("/")
            if len(parts) > 1 and all(p.isdigit() and len(p) >= 3 for p in parts):
                for part in parts:  # "orders 10517/10518": two numbers
                    _add(ents.order_numbers, part)
            else:
                _add(ents.order_numbers, token if token.isdigit() else _canonical(token))
            t.claim(start, end)
            more = _CONTINUE.match(text, end)
            if more is None:
                break
            token, start, end = more.group(1), more.start(1), more.end(1)


#: digits typed in groups after the first ("1234 5678 9012"), each of three or four
_DIGIT_GROUPS = re.compile(r"(?:[ \u00a0]\d{3,4}(?![\w/-])){1,6}")


#: a North American phone number typed with dashes ("415-555-0192"), never an order's form
_DASHED_PHONE = re.compile(r"\(?\d{3}\)?-\d{3}-\d{4}")


def _is_order_token(text: str, token: str, end: int) -> bool:
    if MASK in token or sum(c.isdigit() for c in token) < 3 or _DASHED_PHONE.fullmatch(token):
        return False
    if _AMOUNT_AFTER.match(text, end):
        return False  # "order of 150 dollars", "pedido 3 días"
    return not token.strip("#").isalpha()
