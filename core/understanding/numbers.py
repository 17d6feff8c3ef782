"""Numbers a customer types: quantities ("两个", "두 개", "dos", "สองชิ้น") and positions
("the second one", "第二个", "2番目", "el último").

`parse_quantity` and `parse_ordinal` read a whole reply to the bot's own question (a pending
"how many?" or "which one?") and return None for anything that is not such an answer, so the
dialogue can fall back to treating it as a new request. `find_quantities` finds quantities
inside a longer message; entity extraction calls it on text whose prices, dates, phones and
order numbers are already masked, so none of those can become a quantity.

Every pattern is linear: bounded repetitions only, no nested unbounded quantifiers.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: a reply longer than this is not a bare quantity/ordinal answer
MAX_ANSWER_CHARS = 60
MAX_QUANTITY = 999

_DIGITS = {
    **{ord(c): str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")},  # Arabic-Indic
    **{ord(c): str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")},  # Persian
    **{ord(c): str(i) for i, c in enumerate("๐๑๒๓๔๕๖๗๘๙")},  # Thai
}
# Characters NFKC would rewrite although they are meant as typed ("3º B", "1ª").
_KEEP = frozenset("ºª")


class _CharMap(dict[int, str]):
    """str.translate table: NFKC per character where that keeps one character for one
    (full-width digits and letters, half-width kana), every script's digits as ASCII. Text
    keeps its length, so spans found in the normalised text are spans of what was typed."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        out = _DIGITS.get(code) or unicodedata.normalize("NFKC", ch)
        value = out if len(out) == 1 and ch not in _KEEP else ch
        self[code] = value
        return value


_CHAR_MAP = _CharMap()


def normalize(text: str) -> str:
    """Full-width forms and every script's digits as ASCII, character for character."""
    return text if text.isascii() else text.translate(_CHAR_MAP)


# --------------------------------------------------------------------------- number words
_CN_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "俩": 2,
    "倆": 2,
    "仨": 3,
}

# Latin and Cyrillic words: whole words only. Articles ("un", "une", "ein", "um") are in
# _ARTICLES: they are a quantity only where nothing else follows them, or after "only".
_WORD_NUMBERS: dict[str, dict[str, int]] = {
    "en": {
        "one": 1,
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "eleven": 11,
        "twelve": 12,
        "both": 2,
        "a couple of": 2,
        "a pair of": 1,
        "a dozen": 12,
        "single": 1,
    },
    "es": {
        "uno": 1,
        "una": 1,
        "dos": 2,
        "tres": 3,
        "cuatro": 4,
        "cinco": 5,
        "seis": 6,
        "siete": 7,
        "ocho": 8,
        "nueve": 9,
        "diez": 10,
        "ambos": 2,
        "ambas": 2,
        "un par de": 2,
    },
    "pt": {
        "um": 1,
        "uma": 1,
        "dois": 2,
        "duas": 2,
        "três": 3,
        "tres": 3,
        "quatro": 4,
        "cinco": 5,
        "seis": 6,
        "sete": 7,
        "oito": 8,
        "nove": 9,
        "dez": 10,
        "ambos": 2,
        "ambas": 2,
    },
    "fr": {
        "un": 1,
        "une": 1,
        "deux": 2,
        "trois": 3,
        "quatre": 4,
        "cinq": 5,
        "six": 6,
        "sept": 7,
        "huit": 8,
        "neuf": 9,
        "dix": 10,
        "les deux": 2,
    },
    "de": {
        "ein": 1,
        "eine": 1,
        "einen": 1,
        "eins": 1,
        "zwei": 2,
        "drei": 3,
        "vier": 4,
        "fünf": 5,
        "fuenf": 5,
        "sechs": 6,
        "sieben": 7,
        "acht": 8,
        "neun": 9,
        "zehn": 10,
        "beide": 2,
        "beiden": 2,
    },
    "ru": {
        "один": 1,
        "одна": 1,
        "одно": 1,
        "одну": 1,
        "два": 2,
        "две": 2,
        "три": 3,
        "четыре": 4,
        "пять": 5,
        "шесть": 6,
        "семь": 7,
        "восемь": 8,
        "девять": 9,
        "десять": 10,
        "оба": 2,
        "обе": 2,
        "пару": 2,
        "пара": 2,
    },
    "id": {
        "satu": 1,
        "dua": 2,
        "tiga": 3,
        "empat": 4,
        "lima": 5,
        "enam": 6,
        "tujuh": 7,
        "delapan": 8,
        "sembilan": 9,
        "sepuluh": 10,
        "sebuah": 1,
        "sepasang": 1,
        "kedua-duanya": 2,
        "keduanya": 2,
        "ketiganya": 3,
    },
    "vi": {
        "một": 1,
        "hai": 2,
        "ba": 3,
        "bốn": 4,
        "tư": 4,
        "năm": 5,
        "sáu": 6,
        "bảy": 7,
        "tám": 8,
        "chín": 9,
        "mười": 10,
    },
    "ar": {
        "واحد": 1,
        "واحدة": 1,
        "اثنين": 2,
        "اثنان": 2,
        "اثنتين": 2,
        "اثنتان": 2,
        "إثنين": 2,
        "ثلاثة": 3,
        "ثلاث": 3,
        "أربعة": 4,
        "اربعة": 4,
        "أربع": 4,
        "خمسة": 5,
        "خمس": 5,
        "ستة": 6,
        "سبعة": 7,
        "ثمانية": 8,
        "تسعة": 9,
        "عشرة": 10,
        "قطعة": 1,
        "قطعتين": 2,
        "قطعتان": 2,
        "حبة": 1,
        "حبتين": 2,
        "حبتان": 2,
        "علبتين": 2,
        "زوجين": 2,
        # spoken forms: "وحدة" (one), Gulf "ثنتين" / "ثنين" (two)
        "وحدة": 1,
        "ثنتين": 2,
        "ثنين": 2,
    },
    # Arabic as typed in Latin letters and digits ("wa7da", "etnen"), as many in the Gulf and
    # Egypt write it
    "ar_latin": {
        "wa7da": 1,
        "wahda": 1,
        "wa7ed": 1,
        "wahed": 1,
        "etnen": 2,
        "etneen": 2,
        "itnen": 2,
        "itneen": 2,
        "ethnen": 2,
        "tnen": 2,
        "talata": 3,
        "tlata": 3,
        "arba3a": 4,
    },
}
_ARTICLES = {"un": 1, "una": 1, "une": 1, "um": 1, "uma": 1, "ein": 1, "eine": 1, "einen": 1}
# Vietnamese word numbers are everyday words too ("năm" = year, "ba" = father): only before a
# classifier, or as a whole answer.
_VI_CLASSIFIERS = "cái|chiếc|đôi|bộ|hộp|cuốn|quyển|món|sản phẩm|gói|chai|túi|cặp|thùng"
_ONLY = r"(?:only|just|solo|sólo|só|apenas|seulement|juste|nur|lediglich|только|hanya|cuma|chỉ|فقط)"

_JA_NATIVE = {
    "ひとつ": 1,
    "ふたつ": 2,
    "みっつ": 3,
    "よっつ": 4,
    "いつつ": 5,
    "むっつ": 6,
    "ななつ": 7,
    "やっつ": 8,
    "ここのつ": 9,
    "とお": 10,
    "一つ": 1,
    "二つ": 2,
    "三つ": 3,
    "四つ": 4,
    "五つ": 5,
    "六つ": 6,
    "七つ": 7,
    "八つ": 8,
    "九つ": 9,
}
_KO_NATIVE = {
    "한": 1,
    "두": 2,
    "세": 3,
    "네": 4,
    "다섯": 5,
    "여섯": 6,
    "일곱": 7,
    "여덟": 8,
    "아홉": 9,
    "열": 10,
}
_KO_ALONE = {"하나": 1, "둘": 2, "셋": 3, "넷": 4, "다섯": 5, "여섯": 6}
_TH_NUMBERS = {
    "หนึ่ง": 1,
    "สอง": 2,
    "สาม": 3,
    "สี่": 4,
    "ห้า": 5,
    "หก": 6,
    "เจ็ด": 7,
    "แปด": 8,
    "เก้า": 9,
    "สิบ": 10,
}


def _teens_and_tens() -> dict[str, dict[str, int]]:
    """Counts 11 to 99 in words ("fifteen", "twenty-five", "veinticuatro", "trente",
    "тридцать два", "dua belas", "lima puluh", "mười lăm", "hai mươi"), as bulk orders say them.
    Words that are everyday words of another language are left out ("once", "elf")."""
    en_units = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    en = dict(
        zip(
            "thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split(),
            range(13, 20),
            strict=True,
        )
    )
    es = dict(
        zip(
            "doce trece catorce quince dieciséis diecisiete dieciocho diecinueve".split(),
            range(12, 20),
            strict=True,
        )
    )
    es |= {"veinte": 20, "veintiuno": 21, "veintiún": 21, "veintiuna": 21, "veintidós": 22}
    es |= {"veintitrés": 23, "veinticuatro": 24, "veinticinco": 25, "veintiséis": 26}
    es |= {"veintisiete": 27, "veintiocho": 28, "veintinueve": 29}
    pt = dict(
        zip(
            "onze doze treze catorze quinze dezesseis dezessete dezoito dezenove".split(),
            range(11, 20),
            strict=True,
        )
    )
    pt["quatorze"] = 14
    fr = dict(zip("onze douze treize quatorze quinze seize".split(), range(11, 17), strict=True))
    fr |= {"dix-sept": 17, "dix-huit": 18, "dix-neuf": 19, "vingt": 20}
    de = dict(
        zip(
            "zwölf dreizehn vierzehn fünfzehn sechzehn siebzehn achtzehn neunzehn".split(),
            range(12, 20),
            strict=True,
        )
    )
    de["zwanzig"] = 20
    ru = dict(
        zip(
            "одиннадцать двенадцать тринадцать четырнадцать пятнадцать шестнадцать "
            "семнадцать восемнадцать девятнадцать".split(),
            range(11, 20),
            strict=True,
        )
    )
    id_ = {"sebelas": 11}
    id_units = ["satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]
    vi = {"mười một": 11, "mười lăm": 15}
    vi_units = ["một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
    for i, w in enumerate(vi_units[1:], 2):
        vi.setdefault(f"mười {w}", 10 + i)
    ru_units = ["один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"]
    tens = {
        "en": "twenty thirty forty fifty sixty seventy eighty ninety",
        "es": "- treinta cuarenta cincuenta sesenta setenta ochenta noventa",
        "pt": "vinte trinta quarenta cinquenta sessenta setenta oitenta noventa",
        "fr": "- trente quarante cinquante soixante",
        "de": "- dreißig vierzig fünfzig sechzig siebzig achtzig neunzig",
        "ru": "двадцать тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят девяносто",
    }
    tables = {"en": en, "es": es, "pt": pt, "fr": fr, "de": de, "ru": ru}
    es_units = ["uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"]
    pt_units = ["um", "dois", "três", "quatro", "cinco", "seis", "sete", "oito", "nove"]
    joins = {
        "en": (en_units, ("-", " ")),
        "es": (es_units, (" y ",)),
        "pt": (pt_units, (" e ",)),
        "fr": ([], ()),
        "de": ([], ()),
        "ru": (ru_units, (" ",)),
    }
    for lang, words in tens.items():
        units, seps = joins[lang]
        for k, ten in enumerate(words.split(), 2):
            if ten == "-":
                continue
            tables[lang][ten] = 10 * k
            for u, unit in enumerate(units, 1):
                for sep in seps:
                    tables[lang][f"{ten}{sep}{unit}"] = 10 * k + u
    for k in range(2, 10):
        id_[f"{id_units[k - 1]} belas"] = 10 + k
        id_[f"{id_units[k - 1]} puluh"] = 10 * k
        vi[f"{vi_units[k - 1]} mươi"] = 10 * k
        for u in range(1, 10):
            id_[f"{id_units[k - 1]} puluh {id_units[u - 1]}"] = 10 * k + u
            vi_unit = {1: "mốt", 4: "tư", 5: "lăm"}.get(u, vi_units[u - 1])
            vi[f"{vi_units[k - 1]} mươi {vi_unit}"] = 10 * k + u
    ar = {"عشر": 10, "عشرين": 20, "عشرون": 20, "ثلاثين": 30, "أربعين": 40, "خمسين": 50}
    return {**tables, "id": id_, "vi": vi, "ar": ar}


for _lang, _more in _teens_and_tens().items():
    _WORD_NUMBERS[_lang] = {**_more, **_WORD_NUMBERS[_lang]}

_TH_UNITS = ["หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า"]
for _k in range(1, 10):
    _ten = "สิบ" if _k == 1 else ("ยี่สิบ" if _k == 2 else f"{_TH_UNITS[_k - 1]}สิบ")
    _TH_NUMBERS.setdefault(_ten, 10 * _k)
    for _u in range(1, 10):
        _TH_NUMBERS.setdefault(_ten + ("เอ็ด" if _u == 1 else _TH_UNITS[_u - 1]), 10 * _k + _u)

_ALL_WORDS = {w: v for table in _WORD_NUMBERS.values() for w, v in table.items()}


def cn_number(s: str) -> int | None:
    """Arabic digits or a Chinese number word below 100 ("两", "十二", "二十") as an int."""
    if s.isdigit():
        return int(s)
    if s in _CN_DIGITS:
        return _CN_DIGITS[s]
    if "十" in s:
        tens, _, ones = s.partition("十")
        if (tens and tens not in _CN_DIGITS) or (ones and ones not in _CN_DIGITS):
            return None
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    return None


def _alt(words: object) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- patterns
_CN_NUM = r"[0-9]{1,3}|[一二两兩三四五六七八九十俩倆仨]{1,3}"
_CN_CLASSIFIERS = "件个個双雙条條份台部盒瓶包套只隻支本箱袋张張顶頂把副罐对對根片卷"
_CN_QTY = re.compile(
    rf"(?<![0-9第])({_CN_NUM})\s?([{_CN_CLASSIFIERS}])"
    r"(?!月|日|号|號|工作|小时|小時|钟头|鐘頭|星期|礼拜|禮拜|多月|半月|钟|鐘"
    # counts of what is no product: refunds, invoices, orders, questions, "not one thing"
    r"|退款|发票|發票|普票|专票|專票|电子|電子|订单|訂單|问题|問題|东西|東西)"
    r"([\u4e00-\u9fff]{0,4}?)(?=$|[\s,，。.!！?？、;；~\x00]|[吧吗嗎呢了啊呀的行好可能要不还還都也跟和与與及]|退|换|換|[A-Za-z0-9\u3040-\u30ff])"
)
#: "俩" (two of them) and "仨" (three) hold their classifier: a count on their own ("退俩").
_CN_BOUND = re.compile(r"(?<![0-9一二两兩三四五六七八九十])([俩倆仨])(?![0-9个個件只隻条條双雙人])")
_JA_QTY = re.compile(
    rf"(?<![0-9])([0-9]{{1,3}}|[一二三四五六七八九十]{{1,2}})\s?(個|つ|点|枚|本|冊|台|足|着|箱|袋|セット|組)"
    r"(?!目|め|月|工作|営業日|小時|小时)"
    rf"|({_alt(_JA_NATIVE)})(?!目)"
)
_KO_QTY = re.compile(
    rf"(?<![0-9가-힣])([0-9]{{1,3}}|{_alt(_KO_NATIVE)})\s?(개|벌|켤레|장|권|병|대|박스|세트|쌍|짝|봉지|봉|팩|통|캔|상자|묶음)(?![가-힣]{{0,1}}째|월)"
    rf"|(?<![가-힣])({_alt(_KO_ALONE)})(?=$|[\s,.!?]|만|는|를|요|도|씩|만요)"
)
_TH_QTY = re.compile(
    rf"(?<![0-9])([0-9]{{1,3}}|{_alt(_TH_NUMBERS)})\s?(ชิ้น|อัน|ตัว|คู่|กล่อง|ใบ|เล่ม|เครื่อง|ชุด|แพ็ค|แพ็ก|ขวด|ถุง|ผืน|แผ่น|เส้น|ด้าม|หลอด|กระปุก|แท่ง|ห่อ|กระป๋อง|ซอง|โหล)"
    r"|((?:ชิ้น|อัน|คู่|ตัว|กล่อง|ใบ|เล่ม|เครื่อง|ชุด|ขวด|ถุง|ผืน|แผ่น|เส้น|ห่อ|ซอง)เดียว)"
)
_VI_QTY = re.compile(
    rf"(?<![\w])([0-9]{{1,3}}|{_alt(_WORD_NUMBERS['vi'])})\s({_VI_CLASSIFIERS})(?!\w)"
    r"((?:\s[^\W\d_]{1,12}){0,2})",
    re.I,
)
_AR_TIME = "أيام|ايام|يوم|ساعة|ساعات|أسابيع|أسبوع|اسبوع|شهور|أشهر|شهر|دقائق|دقيقة|مرات|سنوات|سنة"
_AR_QTY = re.compile(
    rf"(?<![\w])({_alt(_WORD_NUMBERS['ar'])})(?![\w])(?!\s(?:{_AR_TIME}))|(?<![\w.])([0-9]{{1,3}})\s?(قطع|قطعة|حبات|حبة|علب)(?![\w])"
)
_RU_PIECES = r"(?:\s(?:шт\.?|штук[аи]?))"
_CONNECT = (
    r"(?:of(?:\s(?:the|my|these|those))?|de(?:\s(?:l[oa]s|mis))?|des|dos|das|"
    r"von(?:\s(?:den|meinen))?|der|из|dari|trong(?:\ssố)?|من)"
)
#: Number words that end the item words of a count before them (not articles, not short words
#: that are also prepositions: "dos" is "of the" in Portuguese; not "пару", the pair counted
#: in "одну пару").
_COUNT_WORDS = _alt(
    w
    for w in _ALL_WORDS
    if len(w) >= 4
    and w.isalpha()
    and w not in _ARTICLES
    and w not in {"пару", "пара"}
    and not re.search("[ء-ي]", w)
)
_LATIN_NUM = rf"[0-9]{{1,3}}|{_alt(w for w in _ALL_WORDS if not re.search('[ء-ي]', w))}"
_LATIN_QTY = re.compile(
    rf"(?<![\w.,/:#-])(?:({_ONLY})\s)?({_LATIN_NUM})(?![\w.,/:-]?[0-9])(?![\w])"
    rf"(?:\s?{_RU_PIECES})?"
    rf"(?:\s({_CONNECT})(?![\w]))?(?:\s([0-9]{{1,3}}|{_COUNT_WORDS})(?![\w]))?"
    r"((?:\s(?!and\b|or\b|from\b|in\b|for\b|to\b|please\b|y\b|e\b|et\b|und\b|и\b|dan\b|và\b)"
    # a count's item words end at the next count: "von den zwölf Tassen acht stornieren"
    rf"(?!(?:{_COUNT_WORDS})(?![\w]))"
    r"[^\W\d_][\w'-]{0,20}){0,2})",
    re.I,
)
_OF_THEM = re.compile(
    r"\s(?:of\s(?:them|these|those)|de\s(?:ellos|ellas|eles|elas)|d'entre\s(?:eux|elles)|"
    r"davon|из\sних|dari\s(?:itu|mereka))\b",
    re.I,
)
# The part of a whole, in CJK word order: "3つのうち2つ", "3개 중 2개", "三个里退两个".
_CJK_OUT_OF = re.compile(r"^(?:の?うち|中の?|중에?서?|里面?|裏面?|当中|當中|之中|中)")
#: "有一條…", "其中一个…": a count right after the existential "there is" is one of the things
#: counted before ("嗰兩條線 有一條冇反應"), whatever words follow it.
_CN_SOME = re.compile(
    rf"(?:有|其中|其中有)({_CN_NUM})\s?([{_CN_CLASSIFIERS}])"
    r"(?!月|日|号|號|工作|小时|小時|钟头|鐘頭|星期|礼拜|禮拜|多月|半月|钟|鐘"
    r"|退款|发票|發票|普票|专票|專票|电子|電子|订单|訂單|问题|問題|东西|東西)"
)
_CN_SOME_AFTER = re.compile(r"(?:有|其中|其中有)\s?$")

_STOP_WORDS = frozenset(
    """more day days week weeks hour hours minute minutes month months year years time times
    ago percent dollars dollar usd eur euros euro yuan rmb pounds bucks cents business working
    star stars thing things question questions order orders pedido pedidos commande commandes
    bestellung bestellungen заказ заказа заказов pesanan días dias día dia semanas semana
    meses mes horas hora minutos jours jour semaines mois heures fois veces vez vezes mal tage
    tagen tag wochen woche monate stunden minuten дней дня день недели недель часа часов минут
    раз hari minggu bulan jam menit kali ngày tuần tháng giờ phút lần another more of from
    problem problems problema problemas problème question pregunta dúvida minute sec second
    seconds moment ngay hom tuan thang gio phut lan now already later ya já déjà schon уже
    sudah rồi roi
    others other otras otros outras outros autres anderen andere другие остальные lainnya
    kg kilo kilos g gr gram grams gramos ml l litre litres liter liters litro litros cm mm m
    inch inches zoll watt w va mah gb tb hz
    يوم أيام ايام ساعة ساعات أسبوع اسبوع أسابيع شهر أشهر شهور دقيقة دقائق مرة مرات سنة
    سنوات إلى الى""".split()
)
#: "2 more candles": "more" between the count and the item is no item word
_MORE = frozenset({"more", "más", "mais", "plus", "mehr", "ещё", "еще", "lagi", "nữa", "extra"})
#: Words that name units: a count above 20 needs one ("24 pcs"); without it "42" is a size, a
#: house number or a model ("tuker ke 41", "sang 25 Lý Tự Trọng", "900 VA")
_UNITS = frozenset(
    """pcs pc piece pieces unit units item items pair pairs pack packs box boxes шт штук штуки
    штука пар buah pcs biji pasang cái chiếc đôi unidad unidades peça peças pièce pièces stück
    stk paar قطعة قطع""".split()
)
#: A number after an article is a size or a label, never a count: "for a 9 instead of an 8.5"
_ARTICLE_BEFORE = frozenset({"the", "la", "le", "el", "o", "die", "der", "das", "du"})
_INDEFINITE = frozenset({"a", "an", "un", "une", "una", "uno", "um", "uma", "ein", "eine", "einen"})
#: A number after these is what something changes to or from ("с 48 на 50", "sang 29",
#: "gegen 42"): a size, an address, a value, unless units follow
_CHANGE_PREPOSITIONS = frozenset(
    """to into from for на с до ke dari sang từ gegen statt auf von por para pour par au en
    إلى الى من""".split()
)
BIG_COUNT = 20
_OTHER_SCRIPT = re.compile(r"[\u0600-\u06ff\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_CAMEL = re.compile(r"[a-z][A-Z]")
_MODEL_SUFFIXES = frozenset({"pro", "max", "plus", "ultra", "mini", "lite", "se", "fe"})
_QUANTITY_WORD = re.compile(
    r"quantity|qty|amount|cantidad|quantidade|quantité|menge|anzahl|количеств|jumlah|"
    r"số lượng|so luong|الكمية|كمية",
    re.I,
)
_QTY_VERBS = re.compile(
    r"(?:return|send back|refund|cancel|keep|want|need|exchange|swap|devolver|devuelvo|"
    r"cancelar|quiero|quero|trocar|retourner|renvoyer|renvoie|annuler|garder|zurück|"
    r"stornieren|behalten|möchte|верн|отмен|возвра|оставить|kembalikan|retur|batalkan|"
    r"tukar|trả|hủy|đổi|إرجاع|ارجاع|إلغاء|استبدال)",
    re.I,
)
_ALL = re.compile(
    r"(?<![\w])(?:all(?:\sof\s(?:them|it|these|those))?|everything|the\swhole\s(?:order|thing)|"
    r"tod[oa]s(?:\sel(?:l[oa]s)?)?|tudo|tout(?:es|e)?|alle[sn]?|все|всё|вся|весь|"
    r"tất\scả|semua(?:nya)?|seluruh(?:nya)?|الكل|كلها|كلهم|جميعها|جميع)(?![\w])"
    r"|全部|全都|都退|整单|整單|すべて|全て|ぜんぶ|전부|모두|다\s?(?:반품|환불|취소)|ทั้งหมด",
    re.I,
)


# The Latin/Cyrillic pattern is tried only where a word could begin it: scanning every
# position with its long alternation would cost far more than this cheap tokeniser.
_TOKEN = re.compile(r"(?<![A-Za-z0-9_.,/:#-])(?:[0-9]{1,3}(?![0-9])|[^\W\d_]{1,12})")
_FIRST_WORDS = frozenset(
    [w.split()[0] for w in _ALL_WORDS if not re.search("[ء-ي]", w)]
    + list(_ARTICLES)
    + _ONLY.strip("(?:)").split("|")
)


def _may_start_quantity(token: str) -> bool:
    return token[0].isdigit() or token.lower() in _FIRST_WORDS


@dataclass(frozen=True)
class Quantity:
    """One quantity found in a message, with its span in the normalised text."""

    value: int
    start: int
    end: int
    words: tuple[str, ...] = ()
    out_of: int | None = None


def _ok(v: int | None) -> bool:
    return v is not None and 0 < v <= MAX_QUANTITY


def word_value(raw: str) -> int | None:
    """The count one word says ("dos", "una", "three", "2"), or None."""
    return _word_value(raw)


def _word_value(raw: str) -> int | None:
    low = raw.lower()
    if low.isdigit():
        return int(low)
    return _ALL_WORDS.get(low) or _ARTICLES.get(low)


def find_quantities(text: str, *, whole_answer: bool = False) -> list[Quantity]:
    """Quantities in `text` (already normalised and masked), in order of appearance.

    `whole_answer` is set when the text is a reply to "how many?": a number standing alone
    ("una", "2", "dua") then counts even without an item word or a verb next to it."""
    found: list[Quantity] = []
    for m in _CN_QTY.finditer(text):
        v = cn_number(m.group(1))
        if _ok(v):
            words: tuple[str, ...] = (m.group(3),) if m.group(3) else ()
            found.append(Quantity(v, m.start(), m.end(), words))  # type: ignore[arg-type]
    for m in _CN_BOUND.finditer(text):
        found.append(Quantity(_CN_DIGITS[m.group(1)], m.start(), m.end()))
    for m in _CN_SOME.finditer(text):
        v = cn_number(m.group(1))
        if _ok(v):
            found.append(Quantity(v, m.start(1), m.end()))  # type: ignore[arg-type]
    for m in _JA_QTY.finditer(text):
        if m.group(3):
            v = _JA_NATIVE[m.group(3)]
        else:
            v = cn_number(m.group(1))
        if _ok(v):
            found.append(Quantity(v, m.start(), m.end()))  # type: ignore[arg-type]
    for m in _KO_QTY.finditer(text):
        raw = m.group(1) or ""
        v = int(raw) if raw.isdigit() else _KO_NATIVE.get(raw) or _KO_ALONE.get(m.group(3) or "")
        if _ok(v):
            found.append(Quantity(v, m.start(), m.end()))  # type: ignore[arg-type]
    for m in _TH_QTY.finditer(text):
        raw = m.group(1) or ""
        v = 1 if m.group(3) else int(raw) if raw.isdigit() else _TH_NUMBERS.get(raw)
        if _ok(v):
            found.append(Quantity(v, m.start(), m.end()))  # type: ignore[arg-type]
    for m in _VI_QTY.finditer(text):
        v = _word_value(m.group(1))
        if _ok(v):
            words = tuple(w.lower() for w in m.group(3).split())
            found.append(Quantity(v, m.start(), m.end(), words))  # type: ignore[arg-type]
    for m in _AR_QTY.finditer(text):
        v = _ALL_WORDS.get(m.group(1)) if m.group(1) else int(m.group(2))
        if _ok(v):
            found.append(Quantity(v, m.start(), m.end()))  # type: ignore[arg-type]
    covered = 0
    for token in _TOKEN.finditer(text):
        if token.start() < covered or not _may_start_quantity(token.group(0)):
            continue
        latin = _LATIN_QTY.match(text, token.start())
        if latin is None:
            continue
        covered = latin.end()
        q = _latin(text, latin, whole_answer)
        if q is not None:
            found.append(q)
    found = _drop_overlaps(found)
    return _join_parts_of_a_whole(text, found)


_STREET_WORDS = frozenset(
    """street st road rd avenue ave lane ln drive dr boulevard blvd way place pl court ct
    square sq terrace close crescent highway hwy pkwy parkway calle avenida rua rue chemin
    allée jalan jl đường ulitsa улица ул straße strasse""".split()
)


#: Words after which "one" is a count, not a pronoun: "send back one pair", "just one".
_BEFORE_A_COUNT = frozenset({"to", "me", "i", "back", "just", "only", "keep", "exactly"})


def _latin(text: str, m: re.Match[str], whole_answer: bool) -> Quantity | None:
    only, raw, connect, second, rest = m.groups()
    low = raw.lower()
    value = _word_value(raw)
    if not _ok(value):
        return None
    end = m.end()
    words = tuple(w.lower() for w in rest.split()) if rest else ()
    them = _OF_THEM.match(text, m.end(2))
    if them:
        words, end = (), them.end()
    out_of = None
    if second is not None and not them:
        if connect is None:
            return None  # "2 3": two numbers side by side say nothing
        out_of = _word_value(second)
    if len(words) > 1 and words[0] in _MORE:
        words = words[1:]  # "add 2 more candles"
    if words and (words[0] in _STOP_WORDS or _STREET_WORDS.intersection(words)):
        return None  # "3 days", "2 orders", "100 Main Street"
    if low in _WORD_NUMBERS["vi"] and not whole_answer:
        return None  # only with a classifier (_VI_QTY) or as a whole answer
    before = text[max(0, m.start() - 40) : m.start()]
    clause = re.split(r"[,.;:!?，。；：！？]", before)[-1]
    lead = clause.strip().lower()
    if low in _ARTICLES and not only and not whole_answer and (words or out_of):
        return None  # "un problema": an article, not a quantity
    last_word = lead.split()[-1] if lead else ""
    unit = bool(words) and words[0] in _UNITS
    if raw.isdigit() and not whole_answer and not unit and out_of is None and not them:
        after = text[m.end(2) : m.end(2) + 2].strip()
        if after and _OTHER_SCRIPT.match(after):
            return None  # Thai, Arabic, CJK counts are read by their own patterns
        original = clause.split()[-1] if clause.split() else ""
        if _CAMEL.search(original) or (words and words[0] in _MODEL_SUFFIXES):
            return None  # "iPhone 14 Pro", "Galaxy S 24 Ultra": a model, not a count
        named = _QUANTITY_WORD.search(clause) is not None  # "cambiar la cantidad a 2"
        sized = last_word in _INDEFINITE or (last_word in _ARTICLE_BEFORE and not words)
        if (sized and not named) or value > BIG_COUNT:  # type: ignore[operator]
            return None  # "exchange for a 9", "size 42", "900 VA"
        if last_word in _CHANGE_PREPOSITIONS and not named:
            return None  # "с 48 на 50", "sang 12 Nguyễn Trãi", "tuker ke 41"
    if low == "one" and not only and not them:
        # "the blue one", "which one": a pronoun; "one mug", "return one", "one" alone: a count
        last = lead.split()[-1] if lead else ""
        # "just the one", and in a sentence "make it just the one pair"
        the_one = last == "the" and (
            (whole_answer and not words) or lead.split()[-2:-1] in (["just"], ["only"])
        )
        if last and not _QTY_VERBS.match(last) and last not in _BEFORE_A_COUNT and not the_one:
            return None
    if low == "one" and not words and not only and not them and not whole_answer and not lead:
        return None
    if not words and not whole_answer and not only and not them:
        licensed = _QTY_VERBS.search(clause) or _QUANTITY_WORD.search(clause)
        if (raw.isdigit() or low in _ARTICLES) and not licensed:
            return None  # a bare digit needs a verb before it: "return 2"
    if words and words[-1] in _STOP_WORDS:
        words = words[:-1]
    return Quantity(value, m.start(), end, words, out_of)  # type: ignore[arg-type]


def _drop_overlaps(found: list[Quantity]) -> list[Quantity]:
    out: list[Quantity] = []
    for q in sorted(found, key=lambda q: (q.start, -(q.end - q.start))):
        if out and q.start < out[-1].end:
            continue
        out.append(q)
    return out


def _join_parts_of_a_whole(text: str, found: list[Quantity]) -> list[Quantity]:
    """ "3つのうち2つ", "三个杯子退两个": a larger count then a smaller one close after it is
    the part of the whole; the whole is kept as `out_of`, not as a quantity."""
    out: list[Quantity] = []
    i = 0
    while i < len(found):
        q = found[i]
        if i + 1 < len(found):
            nxt = found[i + 1]
            between = text[q.end : nxt.start]
            cjk = bool(
                re.search(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]", text[q.start : nxt.end])
            )
            if (
                cjk
                and nxt.value < q.value
                and nxt.out_of is None
                and len(between) <= 6
                and not re.search(r"[,，。;；、]", between)
                and (_CJK_OUT_OF.match(between.strip()) or re.search(r"[退换換要返]", between))
            ) or (
                cjk
                and nxt.value < q.value
                and nxt.out_of is None
                and len(between) <= 16
                and not re.search(r"[，。;；！？!?]", between)
                and _CN_SOME_AFTER.search(between)
            ):
                out.append(Quantity(nxt.value, q.start, nxt.end, q.words or nxt.words, q.value))
                i += 2
                continue
            before_whole = text[max(q.start, nxt.start - 14) : nxt.start].rstrip()
            if not cjk and q.value < nxt.value and _PARTITIVE.search(before_whole):
                # "deux bols sur les quatre", "two of the four": the part, then its whole
                out.append(Quantity(q.value, q.start, q.end, q.words or nxt.words, nxt.value))
                i += 2
                continue
            if not cjk and _part_of(text, q, nxt):
                out.append(Quantity(nxt.value, nxt.start, nxt.end, q.words or nxt.words, q.value))
                i += 2
                continue
        out.append(q)
        i += 1
    return out


_PARTITIVE = re.compile(
    r"(?:of\sthe|of\smy|out\sof|von\sden|von\smeinen|de\sl[oa]s|de\smis|sur\sles|parmi\sles|"
    r"dos|das|из|dari|trong\ssố|من)\s?$",
    re.I,
)


def _part_of(text: str, whole: Quantity, part: Quantity) -> bool:
    """ "of the 4 plates, 2 came broken", "I ordered 3 mats... cancel two of them": a count
    followed by a smaller one that is acted on is the part of that whole."""
    if part.value >= whole.value or part.out_of is not None or whole.out_of is not None:
        return False
    between = text[whole.end : part.start]
    if len(between) > 140:
        return False
    if _PARTITIVE.search(text[max(0, whole.start - 12) : whole.start]):
        return True
    return not part.words and _QTY_VERBS.search(between) is not None


def find_all(text: str) -> re.Match[str] | None:
    """ "all of them", "全部", "todos", ... in the text."""
    return _ALL.search(text)


def is_all(text: str, language: str | None = None) -> bool:
    """Whether a reply means every unit ("all of them", "全部", "전부", "semua")."""
    del language  # the words do not collide across languages
    return bool(text) and _ALL.search(normalize(text)) is not None


# --------------------------------------------------------------------------- whole answers
_FILLER = re.compile(
    r"(?<![\w])(?:please|pls|thanks|thank you|i want|i'd like|i would like|return|just|only|"
    r"por favor|porfa|quiero|quero|s'il vous plaît|s'il te plaît|svp|merci|bitte|danke|"
    r"пожалуйста|спасибо|tolong|ya|kak|nhé|ạ|ครับ|ค่ะ|คะ|นะ|من فضلك|لو سمحت|"
    r"of them|de ellos|de ellas|davon|из них)(?![\w])",
    re.I,
)
_MASKS = re.compile("[\x00]")
#: Indonesian reduplication: "dua-duanya", "dua2nya", "tiga2nya" are "both", "all three"
_ID_REDUPLICATED = re.compile(
    r"(?<![\w])(?:ke)?(satu|dua|tiga|empat|lima)(?:-\1|2)(?:nya)?(?![\w])", re.I
)


def _short(text: str) -> bool:
    return 0 < len(text.strip()) <= MAX_ANSWER_CHARS and len(text.split()) <= 6


def parse_quantity(text: str, language: str | None = None) -> int | None:
    """The quantity a reply to "how many?" gives ("2", "两个", "두 개", "dos", "สองชิ้น",
    "just one"), or None when the reply is not a quantity (a price, a date, an order number,
    a question, an ordinal)."""
    del language  # number words do not collide across the 13 languages' scripts
    if not text or not _short(text):
        return None
    from core.understanding.order_numbers import extract_numbers  # it imports this module
    from core.understanding.types import Entities

    masked = extract_numbers(_ID_REDUPLICATED.sub(r"\1", normalize(text)), Entities())
    if _MASKS.search(masked) or parse_ordinal(text) is not None:
        return None
    stripped = _FILLER.sub(" ", masked).strip(" ,.!?¿¡。！？、~")
    if re.fullmatch(r"[0-9]{1,3}", stripped):
        v = int(stripped)
        return v if _ok(v) else None
    found = find_quantities(masked, whole_answer=True)
    values = {q.value for q in found}
    if len(values) != 1:
        low = stripped.lower()
        alone = _ALL_WORDS.get(low) or _ARTICLES.get(low) or _KO_ALONE.get(low)
        alone = alone or _TH_NUMBERS.get(low) or _JA_NATIVE.get(low) or cn_number(low)
        return alone if _ok(alone) else None
    q = found[0]
    rest = (masked[: q.start] + masked[q.end :]).strip()
    if re.search(r"[0-9]", rest):
        return None  # "3 days ago", "2 and 3"
    return q.value


_EN_ORD = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "last": -1,
}
_ORD_WORDS: dict[str, int] = {
    **_EN_ORD,
    # es / pt
    "primero": 1,
    "primera": 1,
    "primer": 1,
    "segundo": 2,
    "segunda": 2,
    "tercero": 3,
    "tercera": 3,
    "tercer": 3,
    "cuarto": 4,
    "cuarta": 4,
    "quinto": 5,
    "quinta": 5,
    "último": -1,
    "última": -1,
    "ultimo": -1,
    "ultima": -1,
    "primeiro": 1,
    "primeira": 1,
    "terceiro": 3,
    "terceira": 3,
    # fr
    "premier": 1,
    "première": 1,
    "deuxième": 2,
    "seconde": 2,
    "troisième": 3,
    "quatrième": 4,
    "cinquième": 5,
    "dernier": -1,
    "dernière": -1,
    # de
    "erste": 1,
    "ersten": 1,
    "erster": 1,
    "erstes": 1,
    "zweite": 2,
    "zweiten": 2,
    "zweiter": 2,
    "zweites": 2,
    "dritte": 3,
    "dritten": 3,
    "dritter": 3,
    "drittes": 3,
    "vierte": 4,
    "vierten": 4,
    "fünfte": 5,
    "letzte": -1,
    "letzten": -1,
    "letzter": -1,
    "letztes": -1,
    # ru
    "первый": 1,
    "первая": 1,
    "первое": 1,
    "первую": 1,
    "первого": 1,
    "второй": 2,
    "вторая": 2,
    "второе": 2,
    "вторую": 2,
    "второго": 2,
    "третий": 3,
    "третья": 3,
    "третье": 3,
    "третью": 3,
    "третьего": 3,
    "четвёртый": 4,
    "четвертый": 4,
    "пятый": 5,
    "последний": -1,
    "последняя": -1,
    "последнее": -1,
    "последнюю": -1,
    "последнего": -1,
    # ar
    "الأول": 1,
    "الاول": 1,
    "الأولى": 1,
    "الاولى": 1,
    "الثاني": 2,
    "الثانية": 2,
    "الثالث": 3,
    "الثالثة": 3,
    "الرابع": 4,
    "الرابعة": 4,
    "الخامس": 5,
    "الخامسة": 5,
    "الأخير": -1,
    "الاخير": -1,
    "الأخيرة": -1,
    "الاخيرة": -1,
    # id
    "pertama": 1,
    "kedua": 2,
    "ketiga": 3,
    "keempat": 4,
    "kelima": 5,
    "keenam": 6,
    "terakhir": -1,
}
_ORD_LATIN = re.compile(
    rf"(?<![\w])(?:({_alt(_ORD_WORDS)})|([0-9]{{1,2}})(?:st|nd|rd|th|º|ª|e|ème|eme|er|re)"
    r"|ke-?([0-9]{1,2})|thứ\s(nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười|[0-9]{1,2})"
    r"|(đầu tiên|cuối cùng|cuối))(?![\w])",
    re.I,
)
_ORD_CJK = re.compile(
    rf"第\s?({_CN_NUM})\s?[个個件款项項条條单單样樣种種]?"
    r"|(最后|最後|最终|最終)(?:一个|一個|那个|那個|一件|の|一)?"
    rf"|({_CN_NUM}|[0-9]{{1,2}})\s?(?:番目|個目|つ目|つめ|点目)|({_alt(_JA_NATIVE)})(?:目|め)"
    r"|最初の?|一番目"
    rf"|(첫|{_alt(_KO_NATIVE)}|[0-9]{{1,2}})\s?번째|(첫째|둘째|셋째|넷째)|(마지막)"
    rf"|(?:อัน|ชิ้น|ตัว|ข้อ)?ที่\s?({_alt(_TH_NUMBERS)}|[0-9]{{1,2}})"
    r"|(?:อัน|ชิ้น|ตัว|ข้อ|รายการ|ออเดอร์)\s?(แรก|สุดท้าย)"
)
_KO_ORD = {"첫": 1, "첫째": 1, "둘째": 2, "셋째": 3, "넷째": 4}
_VI_ORD = {"nhất": 1, "đầu tiên": 1, "cuối cùng": -1, "cuối": -1}
_NOT_ORDINAL = re.compile(
    r"(?<![\w])(?:(?:a|one|just a)\s(?:second|sec)"
    r"|last\s(?:week|month|year|time|night)|letzte[nr]?\s(?:woche|monat|mal)"
    r"|(?:el\s|la\s)?(?:último|última)\s(?:mes|semana|vez)|dernière\sfois|le\smois\sdernier"
    r"|прошл\w*\s(?:недел|месяц)\w*)(?![\w])",
    re.I,
)


def parse_ordinal(text: str, language: str | None = None) -> int | None:
    """The position a reply to "which one?" names: 2 for "the second one", "第二个", "2番目",
    "두 번째", "el segundo", "второй", "الثاني", "cái thứ hai", "อันที่สอง", "yang kedua";
    -1 for "the last one"; None for anything else (a count, a description, a question)."""
    del language
    if not text or not _short(text):
        return None
    t = normalize(text).strip()
    if _NOT_ORDINAL.search(t):
        return None
    values: set[int] = set()
    for m in _ORD_CJK.finditer(t):
        values.add(_cjk_ordinal(m))
    for m in _ORD_LATIN.finditer(t):
        word, digits, ke, thu, vi_word = m.groups()
        if word:
            values.add(_ORD_WORDS[word.lower()])
        elif digits or ke:
            values.add(int(digits or ke))
        elif thu:
            values.add(_VI_ORD.get(thu.lower()) or _word_value(thu) or 0)
        elif vi_word:
            values.add(_VI_ORD[vi_word.lower()])
    values.discard(0)
    if len(values) != 1:
        return None
    return values.pop()


def _cjk_ordinal(m: re.Match[str]) -> int:
    g = m.groups()
    text = m.group(0)
    if g[0]:
        return cn_number(g[0]) or 0
    if g[1] or g[8] == "สุดท้าย":
        return -1
    if g[2]:
        return cn_number(g[2]) or 0
    if g[3]:
        return _JA_NATIVE[g[3]]
    if text.startswith(("最初", "一番目")):
        return 1
    if g[4]:
        raw = g[4]
        return int(raw) if raw.isdigit() else _KO_ORD.get(raw) or _KO_NATIVE.get(raw, 0)
    if g[5]:
        return _KO_ORD[g[5]]
    if g[6]:
        return -1
    if g[7]:
        raw = g[7]
        return int(raw) if raw.isdigit() else _TH_NUMBERS.get(raw, 0)
    if g[8] == "แรก":
        return 1
    return 0
