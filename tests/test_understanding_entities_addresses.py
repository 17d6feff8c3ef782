"""Addresses keep every part (unit, floor, building, district, postal code, city), 16 countries."""

from __future__ import annotations

import pytest

from core.understanding.entities import extract_entities
from core.understanding.types import ParsedAddress


def address(text: str) -> ParsedAddress:
    parsed = extract_entities(text).address
    assert parsed is not None, text
    return parsed


def parts(addr: ParsedAddress, *names: str) -> tuple:
    return tuple(getattr(addr, n) for n in names)


# (text, expected parts): every field named must be exactly this value. A named building or
# estate after the house number belongs to line 2, with its block, floor and unit.
ADDRESSES = [
    (
        "CN",
        "广东省深圳市南山区科苑路15号科兴科学园B栋3单元1202室 李四 13912345678",
        {
            "country": "CN",
            "province": "广东省",
            "city": "深圳市",
            "district": "南山区",
            "line1": "科苑路15号",
            "line2": "科兴科学园B栋3单元1202室",
            "name": "李四",
            "phone": "13912345678",
        },
    ),
    (
        "CN",
        "北京市朝阳区建国路93号万达广场8号楼2单元1801",
        {
            "province": "北京市",
            "city": "北京市",
            "district": "朝阳区",
            "line1": "建国路93号",
            "line2": "万达广场8号楼2单元1801",
        },
    ),
    (
        "CN",
        "地址改成四川成都武侯区天府大道北段1700号环球中心E2区5楼",
        {
            "province": "四川省",
            "city": "成都市",
            "district": "武侯区",
            "line1": "天府大道北段1700号",
            "line2": "环球中心E2区5楼",
        },
    ),
    (
        "CN",
        "杭州市余杭区五常街道文一西路969号",
        {
            "province": "浙江省",
            "city": "杭州市",
            "district": "余杭区",
            "line1": "五常街道文一西路969号",
        },
    ),
    (
        "TW",
        "110台北市信義區信義路五段7號89樓",
        {
            "country": "TW",
            "city": "台北市",
            "district": "信義區",
            "line1": "信義路五段7號",
            "line2": "89樓",
            "postal_code": "110",
        },
    ),
    (
        "HK",
        "香港九龍尖沙咀彌敦道100號10樓A室",
        {
            "country": "HK",
            "province": "九龍",
            "district": "尖沙咀",
            "line1": "彌敦道100號",
            "line2": "10樓A室",
        },
    ),
    (
        "HK",
        "Flat A, 10/F, 100 Nathan Road, Tsim Sha Tsui, Kowloon, Hong Kong",
        {
            "country": "HK",
            "line1": "100 Nathan Road",
            "line2": "Flat A, 10/F",
            "district": "Tsim Sha Tsui",
            "province": "Kowloon",
        },
    ),
    (
        "JP",
        "〒150-0002 東京都渋谷区渋谷2丁目21-1 渋谷ヒカリエ11階",
        {
            "country": "JP",
            "postal_code": "150-0002",
            "province": "東京都",
            "city": "渋谷区",
            "line1": "渋谷2丁目21-1",
            "line2": "渋谷ヒカリエ11階",
        },
    ),
    (
        "JP",
        "大阪府大阪市北区梅田3丁目1番3号 グランフロント1201号室",
        {
            "province": "大阪府",
            "city": "大阪市",
            "district": "北区",
            "line1": "梅田3丁目1番3号",
            "line2": "グランフロント1201号室",
        },
    ),
    (
        "KR",
        "서울특별시 강남구 테헤란로 152 강남파이낸스센터 10층 1001호",
        {
            "country": "KR",
            "city": "서울특별시",
            "district": "강남구",
            "line1": "테헤란로 152",
            "line2": "강남파이낸스센터 10층 1001호",
        },
    ),
    (
        "KR",
        "(06236) 서울시 마포구 서교동 123-45 101동 202호",
        {
            "postal_code": "06236",
            "district": "마포구",
            "line1": "서교동 123-45",
            "line2": "101동 202호",
        },
    ),
    (
        "US",
        "350 Fifth Avenue, Apt 2, New York, NY 10118, USA",
        {
            "country": "US",
            "line1": "350 Fifth Avenue",
            "line2": "Apt 2",
            "city": "New York",
            "province": "NY",
            "postal_code": "10118",
        },
    ),
    (
        "US",
        "1600 Amphitheatre Pkwy, Mountain View, CA 94043",
        {
            "line1": "1600 Amphitheatre Pkwy",
            "city": "Mountain View",
            "province": "CA",
            "postal_code": "94043",
        },
    ),
    (
        "GB",
        "Flat 4, 22 Baker Street, London NW1 6XE, UK",
        {
            "country": "GB",
            "line1": "22 Baker Street",
            "line2": "Flat 4",
            "city": "London",
            "postal_code": "NW1 6XE",
        },
    ),
    (
        "DE",
        "Hauptstraße 5, 2. OG, 10115 Berlin, Deutschland",
        {
            "country": "DE",
            "line1": "Hauptstraße 5",
            "line2": "2. OG",
            "postal_code": "10115",
            "city": "Berlin",
        },
    ),
    (
        "FR",
        "12 rue de Rivoli, Bât. B, 3e étage, 75001 Paris, France",
        {
            "country": "FR",
            "line1": "12 rue de Rivoli",
            "line2": "Bât. B, 3e étage",
            "postal_code": "75001",
            "city": "Paris",
        },
    ),
    (
        "ES",
        "Calle de Alcalá 45, 3º B, 28014 Madrid, España",
        {
            "country": "ES",
            "line1": "Calle de Alcalá 45",
            "line2": "3º B",
            "postal_code": "28014",
            "city": "Madrid",
        },
    ),
    (
        "PT",
        "Rua Augusta 100, 2º Esq., 1100-053 Lisboa, Portugal",
        {
            "country": "PT",
            "line1": "Rua Augusta 100",
            "line2": "2º Esq.",
            "postal_code": "1100-053",
            "city": "Lisboa",
        },
    ),
    (
        "BR",
        "Rua Oscar Freire 379, Apto 52, Jardins, São Paulo - SP, 01426-001, Brasil",
        {
            "country": "BR",
            "line1": "Rua Oscar Freire 379",
            "line2": "Apto 52",
            "district": "Jardins",
            "city": "São Paulo",
            "province": "SP",
            "postal_code": "01426-001",
        },
    ),
    (
        "RU",
        "125009, г. Москва, ул. Тверская, д. 7, кв. 15",
        {
            "country": "RU",
            "postal_code": "125009",
            "city": "г. Москва",
            "line1": "ул. Тверская, д. 7",
            "line2": "кв. 15",
        },
    ),
    (
        "VN",
        "Căn hộ 1203, Tòa nhà A, 123 Nguyễn Huệ, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh",
        {
            "country": "VN",
            "line2": "Căn hộ 1203, Tòa nhà A",
            "line1": "123 Nguyễn Huệ",
            "district": "Quận 1",
            "city": "TP. Hồ Chí Minh",
        },
    ),
    (
        "VN",
        "Số 12 Ngõ 34 Phố Huế, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội",
        {"line1": "Số 12 Ngõ 34 Phố Huế", "district": "Quận Hoàn Kiếm", "city": "Hà Nội"},
    ),
    (
        "TH",
        "99/123 ซอยสุขุมวิท 21 ถนนสุขุมวิท แขวงคลองเตยเหนือ เขตวัฒนา กรุงเทพมหานคร 10110",
        {
            "country": "TH",
            "line1": "99/123 ซอยสุขุมวิท 21 ถนนสุขุมวิท",
            "district": "เขตวัฒนา",
            "province": "กรุงเทพมหานคร",
            "postal_code": "10110",
        },
    ),
    (
        "ID",
        "Jl. Sudirman No. 52, RT 03/RW 05, Kec. Kebayoran Baru, Jakarta Selatan, DKI Jakarta 12190",
        {
            "country": "ID",
            "line1": "Jl. Sudirman No. 52",
            "subdistrict": "RT 03/RW 05",
            "district": "Kec. Kebayoran Baru",
            "city": "Jakarta Selatan",
            "province": "DKI Jakarta",
            "postal_code": "12190",
        },
    ),
    (
        "SA",
        "الرياض، حي العليا، شارع العليا، مبنى 5، شقة 12، 12211",
        {
            "country": "SA",
            "city": "الرياض",
            "district": "حي العليا",
            "line1": "شارع العليا",
            "line2": "مبنى 5، شقة 12",
            "postal_code": "12211",
        },
    ),
    (
        "AE",
        "Villa 23, Street 12, Al Barsha 2, Dubai, UAE",
        {
            "country": "AE",
            "line1": "Street 12",
            "line2": "Villa 23",
            "district": "Al Barsha 2",
            "city": "Dubai",
        },
    ),
]


@pytest.mark.parametrize(
    ("country", "text", "expected"),
    ADDRESSES,
    ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(ADDRESSES)],
)
def test_an_address_keeps_every_part(country, text, expected):
    addr = address(text)
    got = {name: getattr(addr, name) for name in expected}
    assert got == expected


@pytest.mark.parametrize(
    ("text", "line2"),
    [
        ("Calle Mayor 10, 3º B, 28013 Madrid", "3º B"),
        ("350 Fifth Avenue, Apt 2, New York, NY 10118", "Apt 2"),
        ("Flat 4, 22 Baker Street, London NW1 6XE", "Flat 4"),
        ("上海市浦东新区张江路88号2F", "2F"),
        ("上海市浦东新区张江路88号3栋2单元301室", "3栋2单元301室"),
        ("東京都新宿区西新宿2丁目8番1号 都庁ビル2F", "都庁ビル2F"),
        ("서울특별시 송파구 올림픽로 300 롯데월드타워 101동 1203호", "롯데월드타워 101동 1203호"),
    ],
)
def test_unit_floor_and_building_are_kept_as_line2(text, line2):
    assert address(text).line2 == line2


def test_an_address_given_with_a_change_request_is_found():
    addr = address("我要改地址 改成 杭州西湖区文三路100号 张三 13812345678")
    assert parts(addr, "city", "district", "line1", "name") == (
        "杭州市",
        "西湖区",
        "文三路100号",
        "张三",
    )


def test_a_district_whose_name_several_cities_share_is_not_pinned_to_one():
    addr = address("南山区粤海街道科技南十二路2号金蝶软件园A栋")
    assert addr.district == "南山区"
    assert addr.province is None or addr.province == "广东省"


@pytest.mark.parametrize(
    "text",
    [
        "where is my order, it's been 5 days",
        "我的订单到哪了",
        "return 2 of the 3 mugs from my order, they arrived chipped",
        "I paid $30 for 2 mugs, order #1043",
        "注文番号は1234567です",
        "¿Dónde está mi pedido 10482?",
        "заказ № 10482 пришёл сломанным",
    ],
)
def test_a_message_without_an_address_has_none(text):
    assert extract_entities(text).address is None


def test_without_the_chinese_divisions_package_a_full_chinese_address_still_parses(monkeypatch):
    from core.understanding import addresses

    monkeypatch.setattr(addresses, "_cpca", lambda: None)
    addr = address("浙江省杭州市西湖区文三路100号3栋201室 张三 13812345678")
    assert parts(addr, "province", "city", "district", "line1", "line2") == (
        "浙江省",
        "杭州市",
        "西湖区",
        "文三路100号",
        "3栋201室",
    )


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Sarah Miller, 123 Main St Apt 4B, Springfield, IL 62704, +1 (217) 555-0188",
            "Sarah Miller",
        ),
        (
            "Иванов Иван, +7 916 123-45-67, г. Москва, ул. Тверская, д. 7, кв. 12, 125009",
            "Иванов Иван",
        ),
        ("Lisa Schmidt c/o Becker, Leopoldstr. 8a, 80802 München, Bayern", "Lisa Schmidt"),
        ("张伟 13812345678 浙江省杭州市西湖区文三路398号东方通信大厦5楼502", "张伟"),
        ("陳怡君 0912-345-678 106台北市大安區忠孝東路四段181號7樓", "陳怡君"),
    ],
)
def test_the_recipient_named_before_the_address_is_kept(text, name):
    assert address(text).name == name


@pytest.mark.parametrize(
    "text",
    [
        "Республика Татарстан, г. Казань, Вахитовский район, ул. Баумана 44, кв 3",
        "Санкт-Петербург, Невский пр., д. 28, лит. А, офис 305, 191186",
        "مصر، القاهرة، مدينة نصر، 14 شارع عباس العقاد، الدور الثالث شقة 7",
    ],
)
def test_a_place_written_first_is_not_taken_for_a_name(text):
    assert address(text).name is None


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("Lucía Fernández, Calle Mayor 12, 3º B, 28013 Madrid. Tel 612 34 56 78", "612345678"),
        ("Camille Martin, 12 rue de Rivoli, 75004 Paris, 06 12 34 56 78", "0612345678"),
        ("Max Mustermann, Musterstraße 12, 10115 Berlin, 0151 23456789", "015123456789"),
        ("Ana Souza, Rua Augusta, 1500, apto 42, São Paulo - SP, (11) 98765-4321", "11987654321"),
    ],
)
def test_a_phone_in_its_national_grouping_is_the_recipients_phone(text, phone):
    assert address(text).phone == phone


def test_a_postal_code_with_a_trunk_zero_is_not_a_phone():
    addr = address("Rua Oscar Freire 379, Apto 52, Jardins, São Paulo - SP, 01426-001, Brasil")
    assert (addr.postal_code, addr.phone) == ("01426-001", None)


def test_a_phone_word_left_after_the_number_is_not_part_of_the_city():
    assert address("Calle Mayor 12, 3º B, 28013 Madrid. Tel 612 34 56 78").city == "Madrid"


def test_a_thai_request_before_the_address_is_not_its_street():
    addr = address(
        "ขอเปลี่ยนที่อยู่จัดส่งออเดอร์ผ้าห่มเป็น 55/3 ซอยอารีย์ 4 แขวงสามเสนใน เขตพญาไท กรุงเทพมหานคร 10400 ค่ะ"
    )
    assert (addr.line1, addr.district, addr.postal_code) == ("55/3 ซอยอารีย์ 4", "เขตพญาไท", "10400")


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("香港九龍旺角彌敦道688號旺角中心15樓1502室 陳大文 9123 4567", "91234567"),
        (
            "新地址：臺中市西屯區臺灣大道三段99號12樓之3，收件人陳美玲，電話0933-123-456",
            "0933123456",
        ),
        ("〒530-0001 大阪府大阪市北区梅田3丁目1番3号 1205号室 山田 06 6345 1234", "0663451234"),
    ],
)
def test_a_phone_written_after_a_cjk_address_is_kept(text, phone):
    assert address(text).phone == phone


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "〒060-0005 北海道札幌市中央区北5条西2丁目5 JRタワー 20F 山田太郎 090-1234-5678",
            "山田太郎",
        ),
        ("〒460-0008 愛知県名古屋市中区栄3-5-12 サカエビル302号室 鈴木 花子", "鈴木 花子"),
        ("(06236) 서울 강남구 역삼로 180, 101동 1203호 김민수 010-1234-5678", "김민수"),
        ("인천광역시 연수구 송도과학로 32, IT센터 3층 / 이지은 / 010 9876 5432", "이지은"),
        ("88/8 ม.5 ถ.เทพประสิทธิ์ ต.หนองปรือ อ.บางละมุง จ.ชลบุรี 20150 คุณต้น 089-111-2222", "คุณต้น"),
    ],
)
def test_the_recipient_named_after_the_address_is_not_part_of_it(text, name):
    addr = address(text)
    assert addr.name == name
    assert name not in (addr.line2 or "")


@pytest.mark.parametrize(
    ("text", "level", "value"),
    [
        ("서울특별시 강남구 테헤란로 152 20층", "city", "서울특별시"),
        ("부산광역시 해운대구 센텀중앙로 79", "city", "부산광역시"),
        ("99/9 ถนนสุขุมวิท แขวงคลองเตยเหนือ เขตวัฒนา กรุงเทพมหานคร 10110", "province", "กรุงเทพมหานคร"),
        ("7/1 ซอยลาดพร้าว 15 แขวงจอมพล เขตจตุจักร กทม. 10900", "province", "กทม."),
        ("香港島銅鑼灣軒尼詩道500號希慎廣場20樓", "province", "香港島"),
        ("12/3 ต.ในเมือง อ.เมือง จ.ขอนแก่น 40000", "province", "จ.ขอนแก่น"),
    ],
)
def test_each_level_goes_to_its_canonical_field_as_written(text, level, value):
    assert getattr(address(text), level) == value


@pytest.mark.parametrize(
    ("text", "postal"),
    [
        ("天津市南开区鞍山西道320号 邮编300073 马超 13602020202", "300073"),
        ("广东省深圳市南山区粤海街道高新南七道 邮编518057", "518057"),
        ("10491 台北市中山區南京東路二段100號8樓之1", "10491"),
    ],
)
def test_a_labelled_postal_code_is_not_part_of_the_street(text, postal):
    addr = address(text)
    assert addr.postal_code == postal
    assert postal not in (addr.line1 or "")


@pytest.mark.parametrize(
    ("text", "line1", "line2"),
    [
        (
            "北京朝阳区望京街道阜通东大街6号院2号楼1单元801",
            "望京街道阜通东大街6号院",
            "2号楼1单元801",
        ),
        (
            "湖北省武汉市洪山区珞喻路1037号华中科技大学东校区西十二舍305",
            "珞喻路1037号",
            "华中科技大学东校区西十二舍305",
        ),
        (
            "คอนโดไอดีโอ ห้อง 1508 ชั้น 15 เลขที่ 88 ถนนพหลโยธิน แขวงสามเสนใน เขตพญาไท กรุงเทพ 10400",
            "เลขที่ 88 ถนนพหลโยธิน",
            "คอนโดไอดีโอ ห้อง 1508 ชั้น 15",
        ),
        ("경상남도 창원시 의창구 중앙대로 151 (용호동) 502호", "중앙대로 151 (용호동)", "502호"),
    ],
)
def test_what_is_above_the_street_is_line2_and_the_street_keeps_its_number(text, line1, line2):
    addr = address(text)
    assert (addr.line1, addr.line2) == (line1, line2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Calle de Colón 20 piso 4 puerta 8 46004 Valencia",
            {"line1": "Calle de Colón 20", "postal_code": "46004", "city": "Valencia"},
        ),
        (
            "Goethestraße 10 Wohnung 4 60313 Frankfurt am Main",
            {"line1": "Goethestraße 10", "line2": "Wohnung 4", "city": "Frankfurt am Main"},
        ),
        (
            "Новосибирск ул Красный проспект 25 кв 10",
            {"city": "Новосибирск", "line1": "ул Красный проспект 25", "line2": "кв 10"},
        ),
        (
            "الخبر حي الثقبة شارع الملك خالد مبنى 22 شقة 3",
            {"city": "الخبر", "district": "حي الثقبة", "line1": "شارع الملك خالد"},
        ),
        (
            "Michael Chen 2211 N First St Suite 300 San Jose CA 95131",
            {"name": "Michael Chen", "line1": "2211 N First St", "line2": "Suite 300"},
        ),
    ],
)
def test_an_address_typed_without_commas_is_split_into_its_parts(text, expected):
    addr = address(text)
    assert {k: getattr(addr, k) for k in expected} == expected


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Казахстан, Алматы, Алмалинский р-н, пр. Абая 52, кв 17", "KZ"),
        ("الكويت - محافظة حولي - السالمية - قطعة 10 شارع سالم المبارك - شقة 14", "KW"),
        ("Mariahilfer Straße 88, Top 12, 1070 Wien, Österreich", "AT"),
        ("Av. Corrientes 1234, piso 5 depto B, C1043AAZ CABA, Argentina", "AR"),
    ],
)
def test_a_country_named_in_the_customers_language_is_its_code(text, country):
    assert address(text).country == country


def test_the_shipped_country_names_are_babels():
    import json

    from core.understanding.addresses import COUNTRY_NAMES, country_names_from_babel

    assert json.loads(COUNTRY_NAMES.read_text("utf-8")) == country_names_from_babel()


@pytest.mark.parametrize(
    ("text", "city", "province"),
    [
        (
            "Av. Vallarta 3233, Col. Vallarta Poniente, 44110 Guadalajara, Jal.",
            "Guadalajara",
            "Jal.",
        ),
        ("Calle Morelos 45, 64000 Monterrey, Nuevo León", "Monterrey", "Nuevo León"),
        ("1 Infinite Loop, Cupertino, California 95014, USA", "Cupertino", "California"),
        ("Jl. Merdeka No. 10, Bandung, Jawa Barat 40111", "Bandung", "Jawa Barat"),
        (
            "Rúa do Franco 12, 2º, 15705 Santiago de Compostela, A Coruña",
            "Santiago de Compostela",
            "A Coruña",
        ),
    ],
)
def test_the_city_follows_its_postal_code_and_the_state_comes_before_it(text, city, province):
    addr = address(text)
    assert (addr.city, addr.province) == (city, province)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (
            "Hola buen día, disculpen la molestia. Hice el pedido anoche. ¿Se podría mandar a casa "
            "de mi mamá? Av. Insurgentes Sur 1602, Col. Crédito Constructor, 03940 Ciudad de "
            "México. Mil gracias.",
            {"line1": "Av. Insurgentes Sur 1602", "city": "Ciudad de México", "name": None},
        ),
        (
            "Oi pessoal, boa noite. O correto é Rua Augusta 1500, apto 81, Consolação, São Paulo - "
            "SP, CEP 01304-001. Se já tiver sido enviado me avisem. Valeu!",
            {"line1": "Rua Augusta 1500", "city": "São Paulo", "postal_code": "01304-001"},
        ),
        (
            "Allô! J'ai mis l'adresse de mon ancien appart. La bonne c'est 4521 rue Saint-Denis, "
            "app. 3, Montréal QC H2J 2L4. Merci ben gros!",
            {"line1": "4521 rue Saint-Denis", "line2": "app. 3", "city": "Montréal"},
        ),
        (
            "Добрый вечер. Мы переехали. Новый адрес: г. Казань, ул. Баумана, д. 12, кв. 34, "
            "индекс 420111. Если уже отправили, ничего страшного. Спасибо!",
            {"city": "г. Казань", "postal_code": "420111", "province": None, "district": None},
        ),
    ],
)
def test_an_address_inside_a_chatty_message_keeps_only_its_own_parts(text, parts):
    addr = address(text)
    assert {k: getattr(addr, k) for k in parts} == parts
    greeting = text.split()[0].strip(",!")
    assert greeting not in " ".join(str(v) for v in addr.model_dump().values() if v)


@pytest.mark.parametrize(
    ("text", "line2"),
    [
        ("Apartment 5, The Old Mill, 12 Mill Lane, Oxford OX2 6NN", "Apartment 5, The Old Mill"),
        (
            "Room 1203, 12/F, Wing On Plaza, 62 Mody Road, Tsim Sha Tsui, Kowloon",
            "Room 1203, 12/F, Wing On Plaza",
        ),
        ("دبي، مرسى دبي، شارع الصفوح، برج الأميرة، شقة 2304", "برج الأميرة، شقة 2304"),
        ("Résidence Les Pins, 3 allée des Tilleuls, 69003 Lyon, France", "Résidence Les Pins"),
    ],
)
def test_a_named_building_is_line2_not_the_recipient(text, line2):
    addr = address(text)
    assert (addr.line2, addr.name) == (line2, None)


@pytest.mark.parametrize(
    ("text", "subdistrict", "district"),
    [
        ("Số 12 Nguyễn Huệ, P. Bến Nghé, Q.1, TP.HCM", "P. Bến Nghé", "Q.1"),
        (
            "Jl. Sudirman No. 25, Kel. Karet Semanggi, Kec. Setiabudi, Jakarta Selatan 12930",
            "Kel. Karet Semanggi",
            "Kec. Setiabudi",
        ),
        (
            "Av. Insurgentes Sur 1602, Col. Crédito Constructor, Alcaldía Benito Juárez, CDMX",
            "Col. Crédito Constructor",
            "Alcaldía Benito Juárez",
        ),
        ("Số 8 ngõ 45 Trần Duy Hưng, Trung Hòa, Cầu Giấy, Hà Nội", "Trung Hòa", "Cầu Giấy"),
    ],
)
def test_a_ward_or_colonia_stays_with_the_street_below_its_district(text, subdistrict, district):
    addr = address(text)
    assert (addr.subdistrict, addr.district) == (subdistrict, district)


@pytest.mark.parametrize(
    ("text", "postal"),
    [
        ("Rua Oscar Freire, 379, apto 52, Jardins, São Paulo - SP, 01426-001", "01426-001"),
        ("Rua de Santa Catarina 45, 3º andar, 4000-447 Porto, Portugal", "4000-447"),
        ("Av. Paulista, 1578 - Bela Vista, São Paulo/SP, CEP 01310-200", "01310-200"),
        ("Rua Padre Chagas, 300, casa 2, Porto Alegre, RS, CEP: 90570-080", "90570-080"),
    ],
)
def test_a_postal_code_on_its_own_is_not_a_phone(text, postal):
    addr = address(text)
    assert (addr.postal_code, addr.phone) == (postal, None)


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("г. Москва, ул. Тверская, д. 7, кв. 15, 125009", "city", "г. Москва"),
        ("Jl. Pemuda No. 118, Kota Surabaya 60271, Jawa Timur", "city", "Kota Surabaya"),
        ("45 Trần Phú, Phường Lộc Thọ, TP. Nha Trang, Khánh Hòa", "city", "TP. Nha Trang"),
        ("Rua Augusta 120, 2º Esq., 1100-053 Lisboa", "line2", "2º Esq."),
    ],
)
def test_a_part_keeps_its_marker_as_written(text, field, value):
    assert getattr(address(text), field) == value


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "190000, Санкт-Петербург, Невский проспект, д. 28, кв. 4. Иванов Иван, +7 921 5551234",
            "Иванов Иван",
        ),
        ("Số 8 đường Lê Lợi, phường Phú Hội, TP Huế, 0905 678 123 (chị Hoa)", "chị Hoa"),
        ("محمد العتيبي، الرياض، حي النرجس، شارع أبو بكر الصديق 8123، 13323", "محمد العتيبي"),
    ],
)
def test_the_recipient_is_found_before_or_after_the_address(text, name):
    assert address(text).name == name


@pytest.mark.parametrize(
    "text",
    [
        "Bonjour, j'ai renvoyé une paire de bottines il y a trois semaines via Chronopost, le "
        "suivi indique qu'elles sont arrivées chez vous le 14. Pourriez-vous vérifier ?",
        "Hola, compré 2 camisetas el 3 de mayo, una llegó rota. ¿Me devuelven el dinero?",
        "Ich habe am 12. März bestellt, Bestellung 10482, und nichts kam an. Bitte prüfen.",
        "Đơn hàng 10482 của em giao ngày 5 mà chưa tới, shop kiểm tra giúp em với.",
    ],
)
def test_a_story_with_numbers_is_no_address(text):
    assert extract_entities(text).address is None
