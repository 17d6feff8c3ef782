"""Masking of personal data for logs, transcripts, sessions, tickets and staff cards.

One module, used everywhere personal data could leak (DESIGN.md, "Rules that hold everywhere"):

- fields: order numbers keep their last four (`****1023`), phones their first three and last
  four (`138****5678`), names their first letter per word (`张*`, `J*** S***`), e-mails their
  first letter (`j***@example.com`), addresses stop at the city (`mask_address`);
- free text (`mask_text`): what a customer or the bot wrote. E-mails, phones, order and tracking
  numbers (long digit runs, "#1043", "251108-530917742016358"), street lines ("文三路100号",
  "221B Baker Street", "Hauptstraße 12"), flat/unit numbers, postal codes, names after a
  "my name is"/"收件人" cue or standing next to a phone number, whatever `core.understanding`
  extracts from the text (address name/line/postal code, phones, numbers), and any `known`
  strings the caller passes (e.g. the order's customer name and address lines).

`mask_text` is idempotent: masking masked text changes nothing.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.order import Address, Order
    from core.understanding.types import Entities

MASK = "***"
MAX_CHARS = 4096
"""Longest text masked: beyond it `mask_text` keeps only the head (cut at a space when one is
near) and marks the cut, so its cost is bounded whatever arrives. Every pattern below is linear
in its input (no pattern restarts a scan at each character of a long run), so even the longest
text costs milliseconds; no caller has a reason to mask more (logs, transcripts and tickets
hold chat messages, which are shorter)."""
CUT = " …[cut]"

_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})"
)
_CN_MOBILE = re.compile(r"(?<![\d+])(?:\+?86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)")
_INTL_PHONE = re.compile(r"(?<![\w+])\+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,5}(?!\d)")
_PDD = re.compile(r"(?<![\d-])\d{6}-\d{12,18}(?![\d-])")
_AMAZON = re.compile(r"(?<![\d-])\d{3}-\d{7}-\d{7}(?![\d-])")
_HASH_NO = re.compile(r"(?<![\w#])#\d{3,10}(?!\d)")
_DIGIT_RUN = re.compile(
    r"(?<![A-Za-z0-9])[#+]?[A-Za-z]{0,4}\d[\d\- ]{5,}\d(?:[A-Za-z]{0,2})?(?![A-Za-z0-9])"
)
_SHORT_RUN = re.compile(r"(?<![\w*#.,])\d{5,6}(?![\w*.,])")
_ORDER_WORD_NO = re.compile(
    r"((?:order|订单|訂單|单号|單號|注文|주문|заказ|pedido|commande|bestellung)"
    r"\s*(?:no\.?|number|nr\.?|号|號|#)?\s*[:：]?\s*)([A-Za-z]{0,3}\d{4,})",
    re.I,
)

# street lines and units ------------------------------------------------------------------
_CN_NUM = r"[0-9０-９一二三四五六七八九十百零〇]+"
_CN_STREET = re.compile(
    r"[^\s\d省市区县旗州盟,，。;；:：、()（）*\"'“”]{1,12}?"
    r"(?:大街|大道|公路|胡同|路|街|道|巷|弄|里|村|镇|乡)\s*"
    + _CN_NUM
    + r"(?:[-－]\d+)?\s*(?:号|號|弄|栋|幢|座)"
)
_CN_ESTATE = re.compile(
    r"[^\s\d省市区县旗州盟,，。;；:：、()（）*\"'“”]{1,12}?"
    r"(?:小区|花园|大厦|公寓|新村|家园|广场|苑|社区)"
    r"(?=\s*[0-9０-９A-Za-z一二三四五六七八九十]|\s*$|\s)"
)
_CN_UNIT = re.compile(
    r"(?<![0-9０-９])(?:[0-9０-９]+[A-Za-z]?\s*(?:号楼|号|栋|幢|座|单元|层|楼)[\s-]*){0,4}"
    r"[0-9０-９]+[A-Za-z]?\s*(?:号楼|栋|幢|座|单元|室|户)"
    r"(?:[\s-]*[0-9０-９]+[A-Za-z]?\s*(?:单元|层|楼|室|户|号))*"
)
_INTL_SUFFIX = (
    r"street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|way|place|pl|court|ct|"
    r"square|sq|terrace|close|crescent|highway|hwy|parkway|pkwy|row|mews|gardens"
)
_INTL_STREET = re.compile(
    r"\b\d{1,5}[A-Za-z]?(?:[-/]\d{1,4}[A-Za-z]?)?,?\s+"
    r"(?:(?!(?:of|the|by|to|in|on|at|for|and|or|a|an|it|them|my|your|this|that)\b)"
    r"[A-Za-zÀ-ÿ'.-]+\s+){0,4}?"
    rf"(?:{_INTL_SUFFIX})\b\.?",
    re.I,
)
_INTL_STREET_FIRST = re.compile(
    r"\b(?:calle|avenida|av\.|carrera|rua|travessa|rue|boulevard|chemin|allée|via|viale|"
    r"jalan|jl\.|ulitsa|улица|ул\.|проспект|đường)\s+(?:[\wÀ-ÿ'.-]+\s+){0,4}?\d{1,5}[A-Za-z]?\b"
    r"|\b[\wäöüß]+(?:straße|strasse|str\.|weg|platz|allee|gasse)\s*\d{1,5}[A-Za-z]?\b",
    re.I,
)
_INTL_UNIT = re.compile(
    r"\b(?:apt|apartment|flat|suite|unit|room|floor|fl|piso|wohnung)\.?\s*#?\s*[0-9][\w-]{0,5}\b",
    re.I,
)
_STREET_FIRST_WORDS = (
    "calle",
    "avenida",
    "av.",
    "carrera",
    "rua",
    "travessa",
    "rue",
    "boulevard",
    "chemin",
    "via",
    "viale",
    "jalan",
    "jl.",
    "ulitsa",
    "strasse",
    "str.",
    "weg",
    "platz",
    "allee",
    "gasse",
)
"""The ASCII words of `_INTL_STREET_FIRST` (its others hold a non-ASCII letter): a text whose
letters are all ASCII and that holds none of these cannot match it (`_may_hold`)."""
_UNIT_WORDS = "apt apartment flat suite unit room floor fl piso wohnung".split()
"""The words of `_INTL_UNIT`."""
_POSTAL = re.compile(
    r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"  # UK
    r"|\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b"  # Canada
    r"|(?<![\d-])\d{5}-\d{4}(?![\d-])"  # US ZIP+4
    r"|〒\s*\d{3}-?\d{4}"  # Japan
    r"|(?<![\d-])\d{3}-\d{4}(?![\d-])"  # Japan without the mark
)

_HINTS = {
    "mobile": re.compile(r"1[3-9]\d"),  # every `_CN_MOBILE` match holds its group 1
    "postal": re.compile(r"[A-Z]\d|\d-\d|〒"),  # UK, Canada: a letter then a digit; ZIP+4, Japan
    "dashed": re.compile(r"\d-\d"),  # `_PDD`, `_AMAZON`
    "run": re.compile(r"\d[\d\- ]{5,}\d"),  # the core of every `_DIGIT_RUN` match
    "five": re.compile(r"\d{5}"),  # `_SHORT_RUN`
}
"""Cheap searches for what every match of a pattern holds (no look-behind, so the engine skips
straight to a digit or a capital): a text without it cannot match the pattern, which is then
not run; the same output as running it (`tests/test_masking_prechecks.py`)."""

# names -------------------------------------------------------------------------------------
_CN_NAME_CUE = re.compile(
    r"((?:收件人|收货人|收貨人|联系人|聯繫人|姓名|名字|我叫|我是|本人)\s*[:：是为]?\s*)"
    r"([\u4e00-\u9fff]{2,4}?)(?=$|[\s,，。;；:：、\d(（]|先生|女士|小姐)"
)
_EN_NAME_CUE = re.compile(
    r"((?i:my name is|i am|i'm|this is|name\s*[:：]|recipient\s*[:：]?|attn\.?|c/o|"
    r"deliver to|ship to|me llamo|je m'appelle|ich heiße|меня зовут)\s+)"
    r"((?:[A-ZÀ-Ý][\w'À-ÿ-]+)(?:\s+[A-ZÀ-Ý][\w'À-ÿ-]+){0,2})"
)
_HAN = re.compile(r"[\u4e00-\u9fff]")
"""A Chinese character: every Chinese street, estate, unit and name pattern needs one."""
_NAME_CUE_WORDS = (
    "my name is",
    "i am",
    "i'm",
    "this is",
    "name",
    "recipient",
    "attn",
    "c/o",
    "deliver to",
    "ship to",
    "me llamo",
    "je m'appelle",
)
"""The ASCII cues of `_EN_NAME_CUE` (its others hold a non-ASCII letter)."""
_CN_TOKEN = r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{2,4})(?![\u4e00-\u9fff])"
_PHONE_MASKED = r"\d{3}\*{4}\d{4}"
_NAME_BEFORE_PHONE = re.compile(_CN_TOKEN + r"(?=\s*[,，:：]?\s*" + _PHONE_MASKED + ")")
_NAME_AFTER_PHONE = re.compile(r"(?<=" + r"\d{3}\*{4}\d{4}" + r")(\s*[,，]?\s*)" + _CN_TOKEN)
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
    "戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮"
    "柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲滕屈饶牟艾尤阳穆农司卓古"
    "吉缪简项芦麦褚娄窦戚岑党费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬边卞姬仇栾隋刁沙荣巫"
    "寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝"
)
_COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "东方",
    "皇甫",
    "慕容",
    "令狐",
    "司徒",
    "夏侯",
)
_NOT_NAMES = {
    "电话",
    "手机",
    "号码",
    "手机号",
    "电话号",
    "联系电话",
    "手机号码",
    "电话号码",
    "联系方式",
    "手機",
    "電話",
    "我的",
    "是",
    "地址",
    "收件",
    "先生",
    "女士",
    "小姐",
    "谢谢",
    "改成",
    "改为",
    "换成",
    "修改",
    "新的",
    "更新",
    "电话是",
    "手机是",
    "号码是",
    "联系",
}


def mask_order_no(order_no: str) -> str:
    tail = order_no[-4:] if len(order_no) > 4 else order_no[-1:]
    return f"****{tail}"


def mask_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    if len(digits) >= 11:
        return f"{digits[:3]}****{digits[-4:]}"
    if len(digits) >= 7:
        return f"****{digits[-4:]}"
    return "****"


def mask_name(name: str) -> str:
    words = name.split()
    if len(words) <= 1:
        return f"{name[:1]}*" if name else ""
    return " ".join(f"{w[:1]}***" for w in words)


def mask_email(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def mask_address(address: Address) -> str:
    parts = [address.country, address.province, address.city]
    return " ".join(p for p in parts if p)


# --- free text ------------------------------------------------------------------------------


def _mask_number(value: str) -> str:
    """An order or tracking number found in text: short shop numbers ("#1043") are hidden whole."""
    digits = re.sub(r"\D", "", value)
    return mask_order_no(value) if len(digits) >= 7 else "****"


def _mask_known_value(value: str) -> str:
    """How one known personal string (kind unknown) is shown once found in text."""
    if "@" in value:
        return mask_email(value)
    digits = re.sub(r"\D", "", value)
    phone_like = re.fullmatch(r"\+?[\d\s().-]{7,}", value) is not None
    if phone_like and (value.startswith("+") or 7 <= len(digits) <= 11):
        return mask_phone(value)
    if len(digits) >= 4 and " " not in value.strip():
        return _mask_number(value)
    if not digits and len(value.split()) <= 4:
        return mask_name(value)
    return MASK


def order_known(order: Order) -> list[str]:
    """The personal strings of an order, for `mask_text(..., known=...)`."""
    customer, address = order.customer, order.shipping_address
    values = [
        order.order_no,
        customer.name,
        customer.phone,
        customer.email,
        address.name,
        address.phone,
        address.line1,
        address.line2,
        address.postal_code,
    ]
    values += [s.tracking_no for s in order.shipments]
    return [v for v in values if v]


def entities_known(entities: Entities | None) -> list[str]:
    """What `core.understanding` found in a message that is personal, for `known=`."""
    return [value for value, _ in _entity_values(entities)]


def _entity_values(entities: Entities | None) -> list[tuple[str, Any]]:
    if entities is None:
        return []
    values: list[tuple[str, Any]] = [
        *((v, _mask_number) for v in entities.order_numbers),
        *((v, _mask_number) for v in entities.tracking_numbers),
        *((v, mask_phone) for v in entities.phones),
        *((v, mask_email) for v in entities.emails),
    ]
    address = entities.address
    if address is not None:
        if address.name:
            values.append((address.name, mask_name))
        if address.phone:
            values.append((address.phone, mask_phone))
        parts = (
            address.line1,
            address.line2,
            address.postal_code,
            address.building,
            address.unit,
            address.subdistrict,
        )
        values += [(v, lambda _v: MASK) for v in parts if v]
    if entities.tax_id:  # a person's CPF, NIK or 身份证 number is personal data
        values.append((entities.tax_id, _mask_number))
    return values


def _replace_known(text: str, known: Iterable[tuple[str, Any]]) -> str:
    """Every known value masked wherever it occurs, case-insensitively, longest first. Found by
    plain substring search, not by a regular expression per value: a turn knows the personal
    strings of every order it read (dozens, different for every customer), and compiling a
    pattern for each cost more than the rest of the turn's masking."""
    maskers: dict[str, Any] = {}
    for value, masker in known:
        value = value.strip() if value else ""
        if len(value) >= 2 and not (value.isdigit() and len(value) < 5):
            # "5678": too short to be told apart from ordinary numbers
            maskers.setdefault(value, masker)
    folded = text.lower()
    if not maskers or len(folded) != len(text):  # a letter whose lower case is longer
        return _replace_known_by_pattern(text, maskers)
    spans: list[tuple[int, int, str]] = []
    for value in sorted(maskers, key=len, reverse=True):
        needle, whole_word = value.lower(), _starts_a_word(value)
        at = folded.find(needle)
        while at != -1:
            end = at + len(needle)
            cut = whole_word and (_word_or_star(folded, at - 1) or _word(folded, end))
            if not cut and not any(a < end and at < b for a, b, _ in spans):
                spans.append((at, end, value))
            at = folded.find(needle, at + 1)
    out, last = [], 0
    for at, end, value in sorted(spans):
        out += [text[last:at], maskers[value](value)]
        last = end
    return "".join(out) + text[last:]


def _starts_a_word(value: str) -> bool:
    """An ASCII value that starts with a letter or digit is masked only as a whole word ("1023"
    not inside "10234")."""
    return value.isascii() and (value[0].isalnum() or value[0] == "_")


def _word(text: str, i: int) -> bool:
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")


def _word_or_star(text: str, i: int) -> bool:
    return _word(text, i) or (0 <= i < len(text) and text[i] == "*")


def _replace_known_by_pattern(text: str, maskers: dict[str, Any]) -> str:
    for value in sorted(maskers, key=len, reverse=True):
        pattern = re.escape(value)
        if _starts_a_word(value):
            pattern = rf"(?<![\w*]){pattern}(?!\w)"
        masked = maskers[value](value)
        text = re.sub(pattern, lambda _m, m=masked: m, text, flags=re.I)  # type: ignore[misc]
    return text


def _extracted(text: str) -> list[tuple[str, Any]] | None:
    """The personal values understanding finds in `text`; None when it could not run."""
    try:
        from core.understanding.entities import extract_entities
    except Exception:  # masking must never fail because understanding cannot load
        return None
    try:
        return _entity_values(extract_entities(text))
    except Exception:
        return None


def looks_like_chinese_name(token: str) -> bool:
    """A 2-4 character token that starts with a common surname (a guess, for free text)."""
    if token in _NOT_NAMES or not 2 <= len(token) <= 4:
        return False
    return token[0] in _SURNAMES or token.startswith(_COMPOUND_SURNAMES)


def _mask_name_match(m: re.Match[str], group: int = 1) -> str:
    name = m.group(group)
    if "*" in name or not looks_like_chinese_name(name):
        return m.group(0)
    start, end = m.span(group)
    whole_start = m.start(0)
    prefix = m.group(0)[: start - whole_start]
    suffix = m.group(0)[end - whole_start :]
    return prefix + mask_name(name) + suffix


def capped(text: str) -> str:
    """`text` cut to `MAX_CHARS` (at a space near the end when there is one), the cut marked."""
    if len(text) <= MAX_CHARS:
        return text
    head = text[:MAX_CHARS]
    space = head.rfind(" ", MAX_CHARS - 64)
    if space > 0:
        head = head[:space]
    return head.rstrip(" .-") + CUT


_MASKED: OrderedDict[bytes, str] = OrderedDict()
MASKED_CACHE = 4096
"""Masked texts remembered (keyed by a digest, so no raw text is kept): replies, questions and
access-log request lines repeat ("where is my order?", `POST /api/chat HTTP/1.1`), and masking is
an entity extraction plus ~20 regex passes."""


def mask_text(text: str, *, known: Iterable[str] = (), extract: bool = True) -> str:
    """Free text (a customer's or the bot's message): hide every piece of personal data found.
    The same text with the same `known` values is masked once (`MASKED_CACHE`), unless the
    entity extraction failed: that result is not kept.

    `known` are strings the caller knows to be personal (the order's customer name, its address
    lines, the entities understanding extracted): each is masked wherever it occurs. A caller
    that already passes what understanding extracted from this very text sets `extract=False`,
    so the entity extraction does not run twice."""
    if not text:
        return text
    known = _occurring(text, tuple(known))
    key = "\x00".join((text, *known, "x" if extract else ""))
    digest = hashlib.blake2b(key.encode(), digest_size=16).digest()
    cached = _MASKED.get(digest)
    if cached is not None:
        _MASKED.move_to_end(digest)
        return cached
    masked, complete = _mask_text(text, known, extract)
    if complete:
        _MASKED[digest] = masked
        if len(_MASKED) > MASKED_CACHE:
            _MASKED.popitem(last=False)
    return masked


def _occurring(text: str, known: tuple[str, ...]) -> tuple[str, ...]:
    """The `known` values that can be masked in `text`: for a text of ASCII letters only and not
    cut (`capped`), the values it holds (lower-cased, as `_replace_known` finds them), so the
    same question from another customer, whose orders give other values, is masked once; a
    value the text does not hold masks nothing. Any other text keeps them all."""
    if not known or len(text) > MAX_CHARS or not text.isascii():
        return known
    folded = text.lower()
    return tuple(k for k in known if not k or k.strip().lower() in folded)


def _may_hold(text: str, words: Iterable[str]) -> bool:
    """Whether a case-insensitive pattern made of `words` (lower-case ASCII) and of words with
    a non-ASCII letter could match `text`. False only when every letter of `text` is ASCII
    (so no non-ASCII word can match, and no letter such as "ſ" or the Kelvin sign matches an
    ASCII one under `re.I`) and no word is in its lower case: one substring search per word
    instead of a pattern tried at every position."""
    if any(c.isalpha() for c in set(text) if not c.isascii()):
        return True
    folded = text.lower()
    return any(word in folded for word in words)


def _mask_text(text: str, known: tuple[str, ...], extract: bool) -> tuple[str, bool]:
    """The masked text, and whether the entity extraction it wanted ran."""
    text = capped(text)
    wanted = extract and ((len(text) >= 4 and not text.isascii()) or re.search(r"[\d@]", text))
    found = _extracted(text) if wanted else []
    extra = found or []
    # A pattern is skipped only when the text lacks a character or word every match of it
    # needs: Chinese characters (the street, estate, unit and name patterns), "@", "+", "-",
    # "#", a name cue, a street or unit word.
    # street lines first, whole, before any part of them is taken for a name
    if _HAN.search(text):
        text = _CN_STREET.sub(MASK, text)
        text = _CN_ESTATE.sub(MASK, text)
        text = _CN_UNIT.sub(MASK, text)
    text = _replace_known(text, [*((k, _mask_known_value) for k in known), *extra])
    if "@" in text:
        text = _EMAIL.sub(lambda m: f"{m.group(1)}***@{m.group(2)}", text)
    if _HINTS["mobile"].search(text):
        text = _CN_MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", text)
    if "+" in text:
        text = _INTL_PHONE.sub(lambda m: mask_phone(m.group(0)), text)
    # names next to a (now masked) phone, or after a cue
    if _HAN.search(text):
        text = _NAME_BEFORE_PHONE.sub(_mask_name_match, text)
        text = _NAME_AFTER_PHONE.sub(lambda m: _mask_name_match(m, 2), text)
        text = _CN_NAME_CUE.sub(lambda m: _mask_name_match(m, 2), text)
    if _may_hold(text, _NAME_CUE_WORDS):
        text = _EN_NAME_CUE.sub(lambda m: m.group(1) + mask_name(m.group(2)), text)
    # addresses
    text = _INTL_STREET.sub(MASK, text)
    if _may_hold(text, _STREET_FIRST_WORDS):
        text = _INTL_STREET_FIRST.sub(MASK, text)
    if _may_hold(text, _UNIT_WORDS):
        text = _INTL_UNIT.sub(MASK, text)
    if _HINTS["postal"].search(text):
        text = _POSTAL.sub(MASK, text)
    # order and tracking numbers
    if "-" in text and _HINTS["dashed"].search(text):
        text = _PDD.sub(lambda m: mask_order_no(m.group(0)), text)
        text = _AMAZON.sub(lambda m: mask_order_no(m.group(0)), text)
    if "#" in text:
        text = _HASH_NO.sub("#****", text)
    text = _ORDER_WORD_NO.sub(lambda m: m.group(1) + mask_order_no(m.group(2)), text)
    if _HINTS["run"].search(text):
        text = _DIGIT_RUN.sub(lambda m: "****" + re.sub(r"\D", "", m.group(0))[-4:], text)
    if _HINTS["five"].search(text):
        text = _SHORT_RUN.sub("****", text)
    return text, found is not None


def mask_data(value: Any, *, known: Iterable[str] = ()) -> Any:
    """`mask_text` over every string inside a JSON-like value (dicts, lists)."""
    known = list(known)
    if isinstance(value, str):
        return mask_text(value, known=known)
    if isinstance(value, dict):
        return {k: mask_data(v, known=known) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mask_data(v, known=known) for v in value]
    return value
