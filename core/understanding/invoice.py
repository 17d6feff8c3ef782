"""Invoice data in a message: the title (the company, or "个人") and its tax id, in any order.

A tax id is taken after its own word in any of the markets' languages (税号, USt-IdNr., NIF,
ИНН, CNPJ, NPWP, 登録番号, 사업자등록번호, mã số thuế, الرقم الضريبي, ...) and kept whole as
typed, placeholders included ("91310000MA1K3XXXXX"); without a word only in a format nothing
else has (a Chinese credit code with letters, a punctuated CNPJ/CPF/NPWP) or an EU VAT number
right next to a company name. Tax ids are found before order numbers, so "ИНН 7707083893" is
never taken for an order. Patterns are bounded, so the work is linear in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words in Latin or Cyrillic script must stand alone ("TIN" is not "TINY"); others may touch.
_TAX_WORDS_LATIN = (
    r"USt\.?-?Id(?:Nr)?\.?|USt-?IdNr\.?|Umsatzsteuer-?ID|Steuernummer|Steuer-?Nr\.?|UID|"
    r"VAT(?:\s(?:number|no\.?|reg(?:istration)?(?:\sno\.?|\snumber)?|ID))?|tax\s?id|"
    r"tax\snumber|TIN|EIN|GSTIN|GST|ABN|TRN|"
    r"NIF|CIF|NIE|DNI|RUC|RFC|CUIT|NIT|RUT|"
    r"n°\s?TVA|TVA(?:\sintracom\w{0,12})?|SIRET|SIREN|"
    r"ИНН|КПП|ОГРН|CNPJ|CPF|NPWP|NIK|mã\ssố\sthuế|MST"
)
_TAX_WORDS_OTHER = (
    r"纳税人识别号|納稅人識別號|统一社会信用代码|統一社會信用代碼|社会信用代码|信用代码|税号|稅號|"
    r"统一编号|統一編號|統編|识别号|"
    r"適格請求書発行事業者登録番号|インボイス登録番号|インボイス番号|登録番号|法人番号|"
    r"사업자\s?등록\s?번호|사업자번호|"
    r"เลขประจำตัวผู้เสียภาษี(?:อากร)?|เลขผู้เสียภาษี|"
    r"الرقم\sالضريبي|رقم\sضريبي|رقم\sالتسجيل\sالضريبي"
)
_TAX_AFTER_WORD = re.compile(
    rf"(?:(?<![\w])(?:{_TAX_WORDS_LATIN})(?![^\W\d_])|(?:{_TAX_WORDS_OTHER}))"
    r"[\s:：#.=是为為は-]{0,4}"
    r"([A-Za-z]{0,3}[0-9][0-9A-Za-z./-]{3,24}[0-9A-Za-z])",
    re.I,
)
_USCC = re.compile(
    r"(?<![0-9A-Za-z])([1-9A-HJ-NPQRTUWY][0-9A-HJ-NPQRTUWXY][0-9]{6}[0-9A-HJ-NPQRTUWXY]{10})"
    r"(?![0-9A-Za-z])"
)
_PUNCTUATED = re.compile(
    r"(?<![\d.])(\d{2}\.\d{3}\.\d{3}/\d{4}-\d{2}"  # CNPJ
    r"|\d{3}\.\d{3}\.\d{3}-\d{2}"  # CPF
    r"|\d{2}\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3})(?![\d.])"  # NPWP
)
_EU_VAT = re.compile(
    r"(?<![0-9A-Za-z])((?:AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|GB|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|"
    r"PT|RO|SE|SI|SK|XI)U?[0-9][0-9A-Z]{7,11})(?![0-9A-Za-z])"
)

# --------------------------------------------------------------------------- titles
_CN_TITLE_WORD = re.compile(
    r"(?:发票抬头|發票抬頭|开票抬头|開票抬頭|抬头|抬頭|公司名称|公司名稱|单位名称|單位名稱|开票单位|"
    r"開票單位|宛名)(?:是|为|為|は|:|：|\s){0,3}"
    r"([^\s，,。；;:：]{2,40}?)(?=$|[\s，,。；;、]|税号|稅號|统一|統一|纳税|納稅|信用)"
)
_CN_COMPANY = re.compile(
    r"([\u4e00-\u9fffA-Za-z0-9（）()]{2,30}?(?:股份有限公司|有限责任公司|有限責任公司|有限公司|"
    r"集团|集團|公司|工作室|事务所|事務所|研究院|研究所|商行))"
)
_LEGAL_SUFFIX = (
    r"GmbH(?:\s&\sCo\.\sKG)?|AG|KG|OHG|UG|e\.K\.|Ltd\.?|Limited|LLC|Inc\.?|Corp\.?|plc|LLP|"
    r"S\.L\.U?\.?|S\.A\.S\.?|S\.A\.|SAS|SARL|S\.à\sr\.l\.|S\.r\.l\.|Srl|S\.p\.A\.|"
    r"B\.V\.|N\.V\.|Lda\.?|Ltda\.?|EIRELI|Sdn\.?\sBhd\.?|Pte\.?\sLtd\.?|Co\.,?\sLtd\.?|"
    r"Tbk\.?"
)
_LATIN_COMPANY = re.compile(
    rf"(?<![\w'.&-])((?:(?:[A-ZÀ-ÝÄÖÜ0-9][\w'.-]{{0,24}}|&)\s){{1,5}}?(?:{_LEGAL_SUFFIX}))(?![\w])"
)
_PREFIX_COMPANY = re.compile(
    r"((?:ООО|ОАО|ЗАО|АО|ПАО|ИП)\s?[«\"„“]?[^,;«»\"„“\n]{1,40}[»\"“]"
    r"|(?:ООО|ОАО|ЗАО|АО|ПАО|ИП)\s[^\s,;]{1,30}"
    r"|(?<![\w])(?:PT|CV)\.?\s(?:[A-Z][\w.&'-]{0,24}\s?){1,5}"
    r"|(?:株式会社|有限会社|合同会社)[^\s、,，。]{1,20}|[^\s、,，。の]{1,20}(?:株式会社|有限会社|合同会社)"
    r"|\(주\)\s?[가-힣A-Za-z0-9]{1,20}|주식회사\s?[가-힣A-Za-z0-9]{1,20}"
    r"|(?i:công\sty\s(?:TNHH|cổ\sphần|CP))(?:\s(?!mã\b|MST\b)[^\s,;]{1,20}){1,6}"
    r"|บริษัท\s?[^\n,]{1,40}?\s?จำกัด(?:\s?\(มหาชน\))?"
    r"|(?:شركة|مؤسسة)\s[^،,;\n]{1,40}?(?=$|[،,;]|\sالرقم|\sرقم))"
)
_PERSONAL = re.compile(r"(?:抬头|抬頭)(?:是|为|為|:|：|\s){0,3}(个人|個人)")
_TITLE_LEAD = re.compile(
    r"^(?:(?:Rechnung|Invoice|Factura|Facture|Fatura|Nota|Faktur|Bill)\s)+", re.I
)


@dataclass(frozen=True)
class TaxId:
    value: str
    start: int
    end: int


def find_tax_ids(text: str) -> list[TaxId]:
    """Tax ids in the (normalised) text, with their spans, first one first."""
    found: list[TaxId] = []
    for m in _TAX_AFTER_WORD.finditer(text):
        value = m.group(1).rstrip("./-")
        if sum(c.isdigit() for c in value) >= 5:
            found.append(TaxId(value, m.start(1), m.start(1) + len(value)))
    for rx in (_USCC, _PUNCTUATED):
        for m in rx.finditer(text):
            value = m.group(1)
            if rx is _USCC and not re.search(r"[A-Z]", value[8:]):
                continue  # all digits: a Taobao-style order number as likely as a credit code
            found.append(TaxId(value, m.start(1), m.end(1)))
    companies = [m.span() for m in _companies(text)]
    for m in _EU_VAT.finditer(text):
        if any(abs(m.start() - e) <= 4 or abs(s - m.end()) <= 4 for s, e in companies):
            found.append(TaxId(m.group(1), m.start(1), m.end(1)))
    out: list[TaxId] = []
    for t in sorted(found, key=lambda t: t.start):
        if not any(t.start < o.end and o.start < t.end for o in out):
            out.append(t)
    return out


# Cheap checks first: the company patterns run only near a legal form that is there.
_HAS_SUFFIX = re.compile(rf"(?<![\w])(?:{_LEGAL_SUFFIX})(?![\w])")
_HAS_PREFIX = re.compile(
    r"ООО|ОАО|ЗАО|АО|ПАО|ИП|(?<![\w])(?:PT|CV)\.?\s|株式会社|有限会社|合同会社|\(주\)|주식회사|"
    r"(?i:công\sty)|บริษัท|شركة|مؤسسة"
)
_HAS_CN_SUFFIX = re.compile(r"公司|集团|集團|工作室|事务所|事務所|研究院|研究所|商行")


def _companies(text: str) -> list[re.Match[str]]:
    found: list[re.Match[str]] = []
    if _HAS_PREFIX.search(text):
        found += _PREFIX_COMPANY.finditer(text)
    for suffix in _HAS_SUFFIX.finditer(text):
        start = max(0, suffix.start() - 130)
        found += _LATIN_COMPANY.finditer(text, start, suffix.end() + 1)
    for suffix in _HAS_CN_SUFFIX.finditer(text):
        start = max(0, suffix.start() - 32)
        found += _CN_COMPANY.finditer(text, start, suffix.end())
    unique = {m.span(): m for m in found}
    return sorted(unique.values(), key=lambda m: m.start())


def find_invoice_title(text: str, tax_spans: list[tuple[int, int]] = ()) -> str | None:  # type: ignore[assignment]
    """The company (or "个人") an invoice is to be made out to, if the message names one."""
    m = _PERSONAL.search(text)
    if m:
        return m.group(1)
    m = _CN_TITLE_WORD.search(text)
    if m and not any(s < m.end(1) and m.start(1) < e for s, e in tax_spans):
        title = m.group(1)
        if len(title) >= 2 and not re.fullmatch(r"[0-9A-Z]+", title):
            return title
    for c in _companies(text):
        if any(s < c.end() and c.start() < e for s, e in tax_spans):
            continue
        title = _TITLE_LEAD.sub("", c.group(1).strip(" ,;:"))
        if title:
            return title
    return None
