"""What a reply says about *which product* it means, in any of the 13 languages, against titles
written in another: the product's kind ("السماعة", "носки", "카고바지" for English titles), its
colour ("the black pair", "灰色那件"), its size ("size M", "EU 40", "ไซซ์ S") and a comparison
("the bigger one", "la plus petite", "ตัวใหญ่").

Short product nouns and long titles in another language sit too close together for a sentence
encoder to tell apart (a reply "السماعة" is about as near to a perfume as to AirPods), so the
kinds of product a shop sells are a closed class here: a few dozen kinds, each with its common
words in every language, found the same way in the reply and in the title. Kinds share a group
(shoes, sandals and slippers are footwear), so "the shoes" prefers running shoes over sandals but
still finds sandals when they are the only footwear.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from core.understanding import lexicon as lx
from core.understanding.memo import by_text


def _K(entries: str) -> lx.WordClass:
    """A class of product words, Vietnamese ones also without their marks ("coc", "tai nghe")."""
    return lx.WordClass(entries, bare=True)


#: kind -> (group, words). Latin entries with `*` are stems; Arabic words are matched without
#: their article ("السماعة" finds "سماع*").
KINDS: dict[str, tuple[str, lx.WordClass]] = {
    "headphones": (
        "audio",
        _K("""
        headphone*, headset*, earphone*, earbud*, buds, airpods, ear pods, 耳机, 耳麦,
        auricular*, audífono*, audifono*, fone*, fones de ouvido, écouteur*, casque*,
        kopfhörer*, ohrhörer*, наушник*, гарнитур*, イヤホン, ヘッドホン, ヘッドフォン, 이어폰,
        헤드폰,
        버즈, سماع*, headphone, earphone, headset, tai nghe, หูฟัง
    """),
    ),
    "coaster": (
        "kitchen",
        _K("""
        coaster*, 杯垫, 杯墊, posavaso*, portavaso*, porta-copo*, porta copos, sous-verre*,
        untersetzer*, подставк* под, подстаканник*, コースター, 코스터, قاعدة كوب, قواعد اكواب,
        tatakan gelas, lót ly, lót cốc, ที่รองแก้ว
    """),
    ),
    "speaker": (
        "audio",
        _K("""
        speaker*, 音箱, 音响, 喇叭, altavoz*, bocina*, caixa de som, caixinha de som, enceinte*,
        lautsprecher*,
        колонк*, スピーカー, 스피커, سماعة خارجية, مكبر*, loa, ลำโพง
    """),
    ),
    "cable": (
        "charging",
        _K("""
        cable*, cord*, wire*, 数据线, 充电线, 电线, 线材, 那条线, 这条线, 条线, 根线,
        cabo*, câble*, kabel*, ladekabel*,
        кабел*, шнур*, провод*, ケーブル, コード, 케이블, كيبل*, كابل*, سلك*, dây sạc, dây cáp,
        cáp, สายชาร์จ, สายusb
    """),
    ),
    "charger": (
        "charging",
        _K("""
        charger*, charging block, adapter*, power adapter, 充电器, 充电头, 插头, cargador*,
        carregador*, chargeur*, ladegerät*, netzteil*, зарядк*, зарядное, адаптер*, 充電器,
        アダプター, 충전기, 어댑터, شاحن*, củ sạc, sạc, อะแดปเตอร์, หัวชาร์จ, ที่ชาร์จ
    """),
    ),
    "power_bank": (
        "charging",
        _K("""
        power bank*, powerbank*, 充电宝, 移动电源, batería externa, bateria externa, batterie
        externe, powerbank, пауэрбанк*, повербанк*, モバイルバッテリー, 보조배터리, باور بانك,
        sạc dự phòng, แบตสำรอง
    """),
    ),
    "phone_case": (
        "phone",
        _K("""
        case, phone case, cover, pouch*, carry case, carrying case, sleeve, 手机壳, 保护壳, 壳,
        收纳袋,
        收纳包, funda*, estuche*, capinha*, capa, coque*, étui*, housse*, pochette*, hülle*,
        handyhülle*, schutzhülle*, чехол*, чехл*, ケース, カバー, ポーチ, 케이스, 폰케이스, 파우치,
        جراب*, كفر*, غطاء, حافظ*, sarung, pouch, ốp, ốp lưng, túi đựng, เคส, ซอง
    """),
    ),
    "screen_protector": (
        "phone",
        _K("""
        screen protector*, tempered glass, 钢化膜, 贴膜, 手机膜, protector de pantalla, película*,
        verre trempé, film de protection, schutzfolie*, panzerglas, защитное стекло, плёнк*,
        пленк*, 保護フィルム, フィルム, 액정보호필름, 필름, لاصق*, شاشة حماية, kính cường lực,
        miếng dán, ฟิล์ม, กระจกนิรภัย
    """),
    ),
    "phone": (
        "phone",
        _K("""
        phone, smartphone*, cellphone*, iphone*, mobile phone, 手机, teléfono, celular*,
        telemóvel, téléphone, portable, handy, smartphone, телефон*, смартфон*, スマホ, 携帯,
        휴대폰, 핸드폰, 스마트폰, هاتف*, جوال*, موبايل, ponsel, điện thoại, โทรศัพท์, มือถือ
    """),
    ),
    "tablet": (
        "computer",
        _K("""
        tablet*, ipad*, 平板, tableta*, tablette*, планшет*, タブレット, 태블릿, تابلت, جهاز لوحي,
        máy tính bảng, แท็บเล็ต
    """),
    ),
    "laptop": (
        "computer",
        _K("""
        laptop*, notebook*, macbook*, computer, 笔记本电脑, 电脑, portátil, computadora*,
        ordinateur*, notebook, ноутбук*, компьютер*, ノートパソコン, パソコン, 노트북, لابتوب,
        حاسوب, كمبيوتر, máy tính, โน้ตบุ๊ก, คอม
    """),
    ),
    "keyboard": (
        "computer",
        _K("""
        keyboard*, 键盘, teclado*, clavier*, tastatur*, клавиатур*, キーボード, 키보드, كيبورد,
        لوحة مفاتيح, bàn phím, คีย์บอร์ด
    """),
    ),
    "mouse_pad": (
        "computer",
        _K("""
        mouse pad*, mousepad*, mouse mat*, desk mat*, 鼠标垫, 滑鼠墊, alfombrilla*, mousepad,
        tapis de souris, sous-main, mauspad*, mausmatte*, коврик*, マウスパッド, デスクマット,
        마우스패드, 마우스 패드, 장패드, ماوس باد, لوحة ماوس, bàn di chuột, lót chuột,
        tatakan mouse, แผ่นรองเมาส์
    """),
    ),
    "mouse": (
        "computer",
        _K("""
        mouse, mice, 鼠标, ratón, raton, souris, maus, мыш*, マウス, 마우스, ماوس, فأرة,
        chuột, เมาส์
    """),
    ),
    "watch": (
        "accessory",
        _K("""
        watch*, smartwatch*, band, 手表, 手环, reloj*, relógio*, montre*, uhr, uhren, armbanduhr*,
        смарт-часы, час, часы, 腕時計, 時計, ウォッチ, 시계, 워치, ساع*, jam tangan,
        đồng hồ, นาฬิกา
    """),
    ),
    "glasses": (
        "accessory",
        _K("""
        glasses, sunglasses, 眼镜, 墨镜, gafas, lentes, óculos, oculos, lunettes, brille*,
        очки, メガネ, サングラス, 안경, 선글라스, نظار*, kacamata, kính, แว่น*
    """),
    ),
    "bag": (
        "bag",
        _K("""
        bag*, backpack*, handbag*, tote*, purse*, 包包, 挎包, 背包, 书包, 手提包, bolso*, bolsa*,
        mochila*, sac, sacs, sac à dos, tasche*, rucksack*, сумк*, рюкзак*, バッグ, リュック,
        かばん, 가방, 백팩, حقيب*, شنط*, tas, ransel, túi, balo, ba lô, กระเป๋า
    """),
    ),
    "wallet": (
        "bag",
        _K("""
        wallet*, 钱包, cartera*, billetera*, carteira*, portefeuille*, geldbörse*, portemonnaie*,
        кошел*, 財布, 지갑, محفظ*, dompet, ví, กระเป๋าสตางค์
    """),
    ),
    "perfume": (
        "beauty",
        _K("""
        perfume*, fragrance*, cologne, eau de*, 香水, parfum*, духи, парфюм*, 香水, 향수, عطر*,
        minyak wangi, nước hoa, น้ำหอม, oud, عود
    """),
    ),
    "cosmetics": (
        "beauty",
        _K("""
        lipstick*, cream*, lotion*, serum*, moisturi*, foundation, sunscreen*, mascara, 口红,
        面霜, 乳液, 精华, 防晒, labial*, crema*, batom*, creme*, rouge à lèvres, crème*,
        lippenstift*, помад*, крем*, 口紅, クリーム, 化粧水, 립스틱, 크림, 선크림, أحمر شفاه,
        كريم*, lipstik, krim, son môi, kem, ลิปสติก, ครีม
    """),
    ),
    "mug": (
        "kitchen",
        _K("""
        mug*, cup*, 杯, 杯子, 马克杯, taza*, caneca*, xícara*, tasse*, becher*, кружк*, чашк*,
        マグ, カップ, 머그, 컵, كوب*, مج, فنجان*, cangkir, gelas, cốc, ly, แก้ว
    """),
    ),
    "bottle": (
        "kitchen",
        _K("""
        bottle*, thermos, flask*, tumbler*, 瓶, 水杯, 保温杯, 水壶, botella*, termo*, garrafa*,
        bouteille*, gourde*, flasche*, бутылк*, термос*, ボトル, 水筒, 텀블러, 물병, 보온병,
        زجاج*, قارور*, ترمس, botol, tumbler, bình, chai, ขวด, กระติก
    """),
    ),
    "kettle": (
        "kitchen",
        _K("""
        kettle*, 水壶, 电水壶, 烧水壶, hervidor*, chaleira*, bouilloire*, wasserkocher*,
        чайник*, 電気ケトル, ケトル, 주전자, 전기포트, غلاي*, كتل*, ketel, ấm đun, ấm siêu tốc,
        กาต้มน้ำ
    """),
    ),
    "air_fryer": (
        "kitchen",
        _K("""
        air fryer*, airfryer*, fryer, 空气炸锅, 炸锅, freidora*, fritadeira*, airfryer, friteuse*,
        heißluftfritteuse*, fritteuse*, аэрогрил*, фритюрниц*, ノンフライヤー, エアフライヤー,
        에어프라이어, قلاي*, مقلاة هوائية, مقلاه هوائيه, اير فراير, ايرفراير, nồi chiên,
        หม้อทอด
    """),
    ),
    "coffee": (
        "kitchen",
        _K("""
        dripper*, coffee maker*, coffee machine*, espresso, grinder*, 咖啡机, 滤杯, 手冲,
        cafetera*, cafeteira*, cafetière*, kaffeemaschine*, kaffeefilter*, кофеварк*,
        кофемашин*, ドリッパー, コーヒーメーカー, 드리퍼, 커피머신, ماكينة قهوة, آلة قهوة,
        máy pha cà phê, phin, เครื่องชงกาแฟ, ดริปเปอร์
    """),
    ),
    "cookware": (
        "kitchen",
        _K("""
        pan, pans, pot, pots, wok*, skillet*, 锅, 平底锅, 炒锅, sartén*, sarten*, olla*, panela*,
        frigideira*, poêle*, casserole*, pfanne*, topf*, сковород*, кастрюл*, フライパン, 鍋,
        프라이팬, 냄비, مقلا*, طنجر*, wajan, panci, chảo, nồi, กระทะ, หม้อ
    """),
    ),
    "dumplings": (
        "food",
        _K("""
        dumpling*, gyoza*, 饺子, 餃子, 水饺, 水餃, 煎饺, 煎餃, 锅贴, 鍋貼, 馄饨, 餛飩,
        ギョーザ, ぎょうざ, ギョウザ, 만두, 교자, 물만두, 군만두, пельмен*, вареник*,
        empanadilla*, raviolis chinos,
        raviolis, jiaozi, pangsit, há cảo, sủi cảo, bánh xếp, เกี๊ยว, เกี๊ยวซ่า, زلابيه
    """),
    ),
    "knife": (
        "kitchen",
        _K("""
        knife, knives, 刀, 菜刀, cuchillo*, faca*, couteau*, messer*, нож*, 包丁, ナイフ, 칼,
        سكين*, pisau, dao, มีด
    """),
    ),
    "shaver_head": (
        "appliance",
        _K("""
        shaver head*, replacement head*, blade head*, razor head*, razor blade*, 刀头, 刀頭,
        刀网, 刀網, 剃须刀头, 刮胡刀头, 刮鬍刀頭, 剃鬚刀頭, cabezal de afeitadora,
        cabezales de afeitadora, cabezal de repuesto, cabeça de barbear, lâmina de barbear,
        tête de rasage, têtes de rasage, scherkopf*, scherköpfe, scherfolie*, бритвенная головка,
        бритвенные головки, сменная головка, сменные головки, 替刃, 替え刃, 면도날, 면도기 헤드,
        رأس الحلاقة, رؤوس الحلاقة, kepala cukur, đầu cạo, lưỡi dao cạo, หัวโกน, ใบมีดโกน
        """),
    ),
    "sharpener": (
        "kitchen",
        _K("""
        sharpener*, knife sharpener*, whetstone*, 磨刀器, 磨刀石, afilador*, amolador*,
        afiador*, aiguiseur*, affûteur*, messerschärfer*, schleifstein*, wetzstahl*, точилк*,
        точильн*, 砥石, シャープナー, 研ぎ器, 칼갈이, 숫돌, مسن*, مبراة سكاكين, pengasah pisau,
        asahan pisau, đồ mài dao, mài dao, ที่ลับมีด, หินลับมีด
    """),
    ),
    "lunch_box": (
        "kitchen",
        _K("""
        lunch box*, lunchbox*, bento box*, bento*, 饭盒, 便当盒, 午餐盒, fiambrera*, lonchera*,
        tupper*, marmita*, lancheira*, boîte à lunch, boîte repas, lunchbox*, brotdose*,
        brotbox*, ланч-бокс*, ланчбокс*, контейнер* для еды, 弁当箱, お弁当箱, 弁当, ランチボックス,
        도시락, 도시락통, علبه غداء, علبة غداء, صندوق غداء, kotak bekal, tempat bekal,
        kotak makan, hộp cơm, hộp đựng cơm, กล่องข้าว, กล่องอาหาร
    """),
    ),
    "towel": (
        "home",
        _K("""
        towel*, 毛巾, 浴巾, toalla*, toalha*, serviette*, handtuch*, handtücher, badetuch*,
        полотенц*, タオル, 수건, 타월, منشف*, فوط*, handuk, khăn, ผ้าขนหนู, ผ้าเช็ดตัว
    """),
    ),
    "bedding": (
        "home",
        _K("""
        sheet*, bedsheet*, fitted sheet*, duvet*, blanket*, 床单, 床笠, 被子, 毯子, sábana*,
        cobija*, manta*, lençol*, lencol*, cobertor*, drap*, drap-housse*, couette*,
        bettlaken*, spannbettlaken*, spannbetttuch*, decke*, простын*, одеял*, плед*, シーツ,
        ボックスシーツ, 毛布, 布団, 이불, 침대 시트, 매트리스 커버, 담요, شرشف*, ملايه*, ملاءه*,
        بطاني*, لحاف*, sprei, seprai, selimut, ga giường, ga trải giường, drap giường, chăn,
        mền, ผ้าปู, ผ้าปูที่นอน, ผ้าห่ม
    """),
    ),
    "bed_linen": (
        "home",
        _K("""
        bed linen*, linen*, bedding set*, duvet cover*, 床品, 四件套, 被套, juego de cama,
        ropa de cama, funda nórdica, roupa de cama, jogo de cama, capa de edredom,
        parure de lit, linge de lit, housse de couette, bettwäsche*, bettbezug*,
        постельн* бель*, пододеяльник*, 寝具, 布団カバー, 침구, 이불 커버, مفرش سرير,
        طقم سرير, bed cover, set sprei, bộ chăn ga, vỏ chăn, ชุดเครื่องนอน, ปลอกผ้านวม
    """),
    ),
    "pillow": (
        "home",
        _K("""
        pillow*, pillowcase*, pillow case*, cushion*, 枕头, 枕套, 抱枕, almohada*,
        funda de almohada, cojín*, cojin*, travesseiro*, fronha*, almofada*, oreiller*,
        taie*, coussin*, kissen*, kopfkissen*, kissenbezug*, подушк*, наволочк*, 枕, 枕カバー,
        クッション, 베개, 베개커버, 쿠션, مخد*, وساد*, كيس مخده, bantal, sarung bantal, gối,
        vỏ gối, áo gối, หมอน, ปลอกหมอน
    """),
    ),
    "storage": (
        "home",
        _K("""
        storage box*, organizer*, organiser*, basket*, 收纳盒, 收纳, 盒子, 储物, caja organizadora,
        organizador*, cesta*, caixa organizadora, boîte de rangement, rangement, aufbewahrung*,
        korb*, органайзер*, контейнер*, коробк*, 収納ボックス, 収納, 수납함, 정리함, صندوق*,
        منظم*, kotak penyimpanan, hộp đựng, กล่องเก็บของ
    """),
    ),
    "bulb": (
        "home",
        _K("""
        bulb*, light bulb*, 灯泡, 燈泡, bombilla*, bombillo*, foco*, lâmpada*, ampoule*,
        glühbirne*, leuchtmittel, birne*, лампочк*, 電球, 전구, لمب*, مصباح كهربائي, bohlam,
        bóng đèn, หลอดไฟ
    """),
    ),
    "brush": (
        "home",
        _K("""
        brush*, 刷子, 刷, 瓶刷, cepillo*, escobilla*, escova*, brosse*, goupillon*, bürste*,
        щётк*, щетк*, ёршик*, ершик*, ブラシ, 브러시, 솔, فرش*, sikat, bàn chải, cọ rửa, แปรง
    """),
    ),
    "lamp": (
        "home",
        _K("""
        lamp*, light*, 台灯, 灯, lámpara*, luminária*, lampe*, leuchte*, лампа*, светильник*,
        ライト, ランプ, 램프, 조명, مصباح*, أباجور*, lampu, đèn, โคมไฟ
    """),
    ),
    "toy": (
        "kids",
        _K("""
        toy*, lego, doll*, puzzle*, 玩具, 积木, 娃娃, juguete*, muñec*, brinquedo*, boneca*,
        jouet*, poupée*, spielzeug*, puppe*, игрушк*, кукл*, おもちゃ, 人形, 장난감, 인형,
        لعب*, دمي*, mainan, boneka, đồ chơi, búp bê, ของเล่น, ตุ๊กตา
    """),
    ),
    "book": (
        "media",
        _K("""
        book*, novel*, 书本, 图书, 书籍, libro*, livro*, livre*, buch, bücher, книг*, 책, كتاب*,
        كتب, buku, sách, หนังสือ
    """),
    ),
    # ------------------------------------------------------------------- clothes
    "top": (
        "top",
        _K("""
        top, tops, 上衣, 衣服, blusa, top, haut, oberteil*, кофточк*, верх, トップス, 상의,
        بلوزه, baju atasan, atasan, áo, เสื้อ
    """),
    ),
    "tshirt": (
        "top",
        _K("""
        t-shirt*, tshirt*, tee, tees, 短袖, t恤, 体恤, camiseta*, remera*, playera*, camisa de
        manga curta, tee-shirt*, футболк*, tシャツ, 티셔츠, 반팔, تيشيرت*, تي شيرت, kaos,
        áo thun, áo phông, เสื้อยืด
    """),
    ),
    "shirt": (
        "top",
        _K("""
        shirt*, blouse*, 衬衫, 衬衣, 上衣, camisa*, blusa*, chemise*, chemisier*, hemd*, bluse*,
        рубашк*, рубах*, блуз*, シャツ, ブラウス, 셔츠, 블라우스, قميص*, بلوز*, kemeja, blus,
        áo sơ mi, เสื้อเชิ้ต
    """),
    ),
    "hoodie": (
        "top",
        _K("""
        hoodie*, sweatshirt*, sweater*, jumper*, pullover*, cardigan*, 卫衣, 毛衣, 针织衫,
        sudadera*, suéter*, jersey*, moletom*, suéter, sweat, sweats, pull, pulls, gilet*,
        kapuzenpullover*,
        pullover, strickjacke*, толстовк*, худи, свитер*, кофт*, パーカー, スウェット, セーター,
        ニット, 후드, 후드티, 맨투맨, 스웨터, 니트, هودي, سويتشيرت, كنز*, سترة, jaket hoodie,
        sweater, áo hoodie, hoodie, áo nỉ, áo len, ฮู้ด, เสื้อกันหนาว, สเวตเตอร์
    """),
    ),
    "jacket": (
        "outerwear",
        _K("""
        jacket*, coat*, parka*, blazer*, 外套, 夹克, 大衣, 羽绒服, chaqueta*, abrigo*, chamarra*,
        casaco*, jaqueta*, veste*, manteau*, blouson*, jacke*, mantel*, куртк*, пальто, пиджак*,
        ジャケット, コート, 재킷, 자켓, 코트, 패딩, جاكيت*, معطف*, jaket, mantel, áo khoác,
        เสื้อแจ็คเก็ต, แจ็คเก็ต, เสื้อโค้ท
    """),
    ),
    "dress": (
        "dress",
        _K("""
        dress*, gown*, 连衣裙, 裙子, 长裙, 裙, vestido*, robe*, kleid*, плать*, сарафан*,
        ワンピース,
        ドレス, 원피스, 드레스, فستان*, فساتين, gaun, dress, váy, đầm, เดรส, ชุดเดรส, กระโปรงชุด
    """),
    ),
    "skirt": (
        "dress",
        _K("""
        skirt*, 半身裙, 短裙, falda*, saia*, jupe*, rock, röcke, юбк*, スカート, 치마, 스커트,
        تنور*, rok, chân váy, กระโปรง
    """),
    ),
    "abaya": (
        "dress",
        _K("""
        abaya*, thobe*, kaftan*, jalabiya*, gamis, 长袍, túnica*, caftan*, абая, عباي*, ثوب*,
        ثياب, توب, توبين, التوب, التوبين, دشداش*, جلابي*, قفطان*, gamis, abaya, áo choàng,
        ชุดอาบายะ
    """),
    ),
    "scarf": (
        "accessory_wear",
        _K("""
        scarf, scarves, hijab*, shawl*, 围巾, 丝巾, 头巾, bufanda*, pañuelo*, cachecol*, lenço*,
        écharpe*, foulard*, schal*, tuch, kopftuch*, шарф*, платок*, палантин*, スカーフ,
        マフラー, 스카프, 목도리, 히잡, طرح*, حجاب*, شال*, وشاح*, لفح*, jilbab, kerudung, hijab,
        khăn choàng, khăn quàng, ผ้าพันคอ, ฮิญาบ
    """),
    ),
    "trousers": (
        "bottom",
        _K("""
        jeans, denim, pants, trousers, leggings, tights, chinos, joggers, cargo*, 裤, 裤子, 牛仔裤,
        紧身裤, 緊身褲, mallas, malla, leggin*, legging*, collant*, лосины, тайтсы, タイツ, 타이츠,
        长裤, 阔腿裤, pantalón*, pantalon*, vaquero*, jeans, calça*, pantalon*, jean, hose,
        hosen, jeans, джинс*, брюк*, штан*, леггинс*, ジーンズ, デニム, パンツ, ズボン, 바지,
        청바지, 데님, 팬츠, 카고, بنطلون*, بنطال*, جينز, celana, jeans, quần, กางเกง, ยีนส์
    """),
    ),
    "shorts": (
        "bottom",
        _K("""
        shorts, 短裤, bermuda*, short, pantalón corto, calção, shorts, kurze hose, шорты,
        ショーツ, ショートパンツ, 반바지, شورت*, celana pendek, quần short, quần đùi, กางเกงขาสั้น
    """),
    ),
    "swimwear": (
        "bottom",
        _K("""
        swimsuit*, bikini*, swimwear, trunks, 泳衣, 比基尼, bañador*, traje de baño, biquíni*,
        biquini*, maiô, maillot*, badeanzug*, bikini, badehose*, купальник*, плавк*, 水着, 수영복,
        비키니, مايوه*, بكيني, baju renang, đồ bơi, ชุดว่ายน้ำ, บิกินี่
    """),
    ),
    "underwear": (
        "innerwear",
        _K("""
        underwear, bra, bras, panties, boxers, briefs, lingerie, 内衣, 内裤, 文胸, ropa interior,
        sujetador*, bragas, calzoncillo*, cueca*, sutiã*, calcinha*, sous-vêtement*, soutien-gorge,
        culotte*, unterwäsche, bh, unterhose*, белье, бельё, бюстгальтер*, трусы, 下着, ブラ,
        속옷, 브라, ملابس داخلية, حمال*, pakaian dalam, bh, đồ lót, áo ngực, ชุดชั้นใน, กางเกงใน
    """),
    ),
    "socks": (
        "innerwear",
        _K("""
        sock*, 袜, 袜子, calcetín*, calcetin*, calcetines, meia*, chaussette*, socke*, strümpfe,
        носк*, носоч*, 靴下, ソックス, 양말, جوار*, شراب*, kaos kaki, tất, vớ, ถุงเท้า
    """),
    ),
    "hat": (
        "accessory_wear",
        _K("""
        hat*, cap, caps, beanie*, 帽, 帽子, sombrero*, gorra*, gorro*, chapéu*, boné*, gorro,
        chapeau*, casquette*, bonnet*, hut, mütze*, kappe*, шапк*, кепк*, шляп*, 帽子, キャップ,
        ニット帽, 모자, 비니, قبع*, طاقي*, كاب, topi, mũ, nón, หมวก
    """),
    ),
    "belt": (
        "accessory_wear",
        _K("""
        belt*, 腰带, 皮带, cinturón*, cinto*, ceinture*, gürtel*, ремень*, ремн*, ベルト, 벨트,
        حزام*, ikat pinggang, thắt lưng, dây nịt, เข็มขัด
    """),
    ),
    "gloves": (
        "accessory_wear",
        _K("""
        glove*, mitten*, 手套, guante*, luva*, gant*, handschuh*, перчатк*, варежк*, 手袋, 장갑,
        قفاز*, sarung tangan, găng tay, ถุงมือ
    """),
    ),
    "jewellery": (
        "accessory",
        _K("""
        necklace*, ring, rings, earring*, bracelet*, jewel*, pendant*, 项链, 戒指, 耳环, 手链,
        collar*, anillo*, pendiente*, arete*, pulsera*, colar*, anel, brinco*, pulseira*,
        collier*, bague*, boucle* d'oreille*, kette*, halskette*, ring, ohrring*, armband*,
        ожерел*, цепоч*, кольц*, серьг*, браслет*, ネックレス, 指輪, リング, ピアス, ブレスレット,
        목걸이, 반지, 귀걸이, 팔찌, قلاد*, خاتم*, حلق*, أساور, اسور*, سوار*, kalung, cincin,
        anting, gelang, dây chuyền, nhẫn, bông tai, vòng tay, สร้อย*, แหวน, ต่างหู, กำไล
    """),
    ),
    # ------------------------------------------------------------------- footwear
    "shoes": (
        "footwear",
        _K("""
        shoe*, sneaker*, trainer*, runner*, boot*, heels, loafer*, 鞋, 鞋子, 运动鞋, 跑鞋, 靴子,
        zapato*, zapatilla*, tenis, bota*, sapato*, tênis, tenis, chaussure*, basket*, botte*,
        schuh*, sneaker*, stiefel*, turnschuh*, laufschuh*, обув*, кроссовк*, ботин*, сапог*,
        туфл*, кеды, 靴, スニーカー, シューズ, ブーツ, 신발, 운동화, 스니커즈, 구두, 부츠,
        حذاء*, احذي*, أحذي*, جزم*, كوتش*, بوت*, sepatu, giày, รองเท้า, ủng, giày ủng, 雨靴,
        rain boot*, wellies, wellington*, galocha*, botas de lluvia, bottes de pluie,
        gummistiefel*, резинов* сапог*, レインブーツ, 長靴, 장화, 레인부츠, جزمه مطر,
        sepatu bot, รองเท้าบูท
    """),
    ),
    "sandals": (
        "footwear",
        _K("""
        sandal*, slipper*, flip flop*, flip-flop*, slides, 凉鞋, 拖鞋, sandalia*, chancla*,
        chinela*, pantufla*, chinelo*, havaiana*, sandália*, rasteirinha*, tongs, sandale*,
        pantoufle*,
        claquette*, sandale*, hausschuh*, latsch*, badelatsch*, сандал*, шлёпанц*, шлепанц*,
        тапоч*, тапк*, сланц*, サンダル, スリッパ, 샌들, 슬리퍼, 쪼리, صندل*, شبشب*, نعال*,
        sandal, sendal, selop, dép, xăng đan, sandal, รองเท้าแตะ, รองเท้ารัดส้น
    """),
    ),
    # Kinds added for the items a first message names (issue 12), written from a general list
    # of what marketplaces sell (appliances, home, tableware, furniture, beauty, baby, sport,
    # food, vehicles), every kind in every language.
    "vacuum": (
        "appliance",
        _K("""
        vacuum*, hoover*, robot vacuum*, 吸尘器, 扫地机器人, 扫地机, aspiradora*, aspirador*,
        robot aspirador, aspirateur*, staubsauger*, saugroboter*, пылесос*, робот-пылесос*,
        掃除機, ロボット掃除機, 청소기, 로봇청소기, مكنسه*, مكنسة كهربائية, máy hút bụi,
        robot hút bụi, เครื่องดูดฝุ่น, หุ่นยนต์ดูดฝุ่น, vacuum cleaner, penyedot debu
    """),
    ),
    "air_care": (
        "appliance",
        _K("""
        air purifier*, humidifier*, dehumidifier*, diffuser*, 空气净化器, 净化器, 加湿器, 除湿机,
        香薰机, purificador*, humidificador*, deshumidificador*, umidificador*, desumidificador*,
        purificateur*, humidificateur*, déshumidificateur*, luftreiniger*, luftbefeuchter*,
        luftentfeuchter*, очиститель воздуха, увлажнител*, осушител*, 空気清浄機, 除湿機,
        공기청정기, 가습기, 제습기, منقي هواء, جهاز تنقية, مرطب*, máy lọc không khí, máy tạo ẩm,
        máy hút ẩm, เครื่องฟอกอากาศ, เครื่องทำความชื้น, เครื่องลดความชื้น, pelembap udara
    """),
    ),
    "fan_ac": (
        "appliance",
        _K("""
        fan, fans, air conditioner*, air cooler*, heater*, 风扇, 电风扇, 空调, 冷风机, 取暖器,
        暖风机, ventilador*, aire acondicionado, ar-condicionado, ar condicionado, aquecedor*,
        calefactor*, estufa*, ventilateur*, climatiseur*, radiateur*, chauffage*, ventilator*,
        klimaanlage*, klimagerät*, heizlüfter*, heizung*, вентилятор*, кондиционер*,
        обогревател*, 扇風機, エアコン, ヒーター, 선풍기, 에어컨, 히터, 난로, مروح*, مكيف*,
        دفاي*, quạt, máy lạnh, điều hòa, máy sưởi, พัดลม, แอร์, เครื่องปรับอากาศ, ฮีตเตอร์,
        kipas, kipas angin, ac portable, pemanas ruangan
    """),
    ),
    "kitchen_appliance": (
        "appliance",
        _K("""
        rice cooker*, blender*, mixer*, toaster*, microwave*, oven*, juicer*, food processor*,
        pressure cooker*, slow cooker*, multicooker*, 电饭煲, 电饭锅, 搅拌机, 榨汁机, 破壁机,
        微波炉, 烤箱, 烤面包机, 电压力锅, 料理机, licuadora*, batidora*, tostadora*,
        microondas, horno*, olla arrocera, exprimidor*, liquidificador*, torradeira*,
        panela elétrica, panela de pressão, forno*, mixeur*, blender, grille-pain, micro-ondes,
        four, robot cuiseur, cuiseur*, mixer, toaster*, mikrowelle*, backofen*, entsafter*,
        küchenmaschine*, reiskocher*, блендер*, миксер*, тостер*, микроволнов*, духовк*,
        мультиварк*, соковыжималк*, 炊飯器, ミキサー, トースター, 電子レンジ, オーブン,
        ジューサー, 밥솥, 전기밥솥, 믹서기, 블렌더, 토스터기, 전자레인지, 오븐, 착즙기,
        خلاط*, محمص*, ميكروويف, فرن*, عصار*, طباخ*, nồi cơm điện, máy xay sinh tố, máy nướng
        bánh mì, lò vi sóng, lò nướng, máy ép, หม้อหุงข้าว, เครื่องปั่น, เตาอบ, ไมโครเวฟ,
        เครื่องปิ้งขนมปัง, เครื่องคั้นน้ำ, หม้อทอดไร้น้ำมัน, magic com, penanak nasi, blender,
        pemanggang roti, microwave, oven, juicer
    """),
    ),
    "large_appliance": (
        "appliance",
        _K("""
        washing machine*, washer*, dryer, dishwasher*, fridge*, refrigerator*, freezer*,
        洗衣机, 烘干机, 洗碗机, 冰箱, 冰柜, lavadora*, secadora*, lavavajillas, nevera*,
        refrigerador*, máquina de lavar, lava-louça*, geladeira*, congelador*, lave-linge,
        sèche-linge, lave-vaisselle, réfrigérateur*, frigo*, congélateur*, waschmaschine*,
        trockner*, geschirrspüler*, spülmaschine*, kühlschrank*, gefrier*, стиральн*,
        сушильн*, посудомо*, холодильник*, морозильник*, 洗濯機, 乾燥機, 食洗機, 冷蔵庫,
        冷凍庫, 세탁기, 건조기, 식기세척기, 냉장고, 냉동고, غساله*, نشافه*, ثلاجه*, فريزر*,
        máy giặt, máy sấy quần áo, máy rửa bát, tủ lạnh, tủ đông, เครื่องซักผ้า, เครื่องอบผ้า,
        เครื่องล้างจาน, ตู้เย็น, ตู้แช่, mesin cuci, kulkas, lemari es, freezer
    """),
    ),
    "personal_care": (
        "appliance",
        _K("""
        hair dryer*, hairdryer*, blow dryer*, straightener*, curling iron*, shaver*, razor*,
        trimmer*, electric toothbrush*, iron, steamer*, 吹风机, 电吹风, 直发器, 卷发棒, 剃须刀,
        刮胡刀, 刮鬍刀, 剃鬚刀,
        电动牙刷, 熨斗, 挂烫机, secador*, plancha*, alisador*, rizador*, afeitadora*,
        cepillo eléctrico, chapinha*, barbeador*, ferro de passar, sèche-cheveux, fer à
        repasser, lisseur*, rasoir*, brosse à dents, föhn*, fön*, haartrockner*, glätteisen*,
        rasierer*, bügeleisen*, zahnbürste*, фен, фена, феном, утюг*, бритв*, выпрямител*,
        ドライヤー, アイロン, シェーバー, 電動歯ブラシ, ヘアアイロン, 드라이기, 헤어드라이어,
        고데기, 면도기, 다리미, 전동칫솔, سشوار*, مجفف شعر, مكواه*, ماكينه حلاقه, máy sấy tóc,
        máy sấy, bàn là, bàn ủi, máy cạo râu, bàn chải điện, ไดร์เป่าผม, ไดร์, เตารีด,
        เครื่องโกนหนวด, pengering rambut, hair dryer, setrika, catokan, alat cukur
    """),
    ),
    "electric_blanket": (
        "appliance",
        _K("""
        electric blanket*, heating pad*, 电热毯, manta eléctrica, cobertor elétrico,
        couverture chauffante, heizdecke*, электроодеял*, 電気毛布, 전기요, 전기장판,
        بطانيه كهربائيه, chăn điện, ผ้าห่มไฟฟ้า, selimut listrik
    """),
    ),
    "screen": (
        "computer",
        _K("""
        tv, television*, monitor*, screen*, projector*, 电视, 电视机, 显示器, 投影仪, 屏幕,
        televisor*, televisión, pantalla*, proyector*, televisão, tela*, projetor*,
        télévision, téléviseur*, télé, écran*, projecteur*, fernseher*, bildschirm*,
        beamer*, телевизор*, монитор*, экран*, проектор*, テレビ, モニター, プロジェクター,
        画面, 텔레비전, 티비, 모니터, 빔프로젝터, 화면, تلفزيون*, تلفاز, شاشه*, بروجكتور,
        tivi, màn hình, máy chiếu, ทีวี, โทรทัศน์, จอ, โปรเจคเตอร์, televisi, layar, proyektor
    """),
    ),
    "camera": (
        "computer",
        _K("""
        camera*, webcam*, dashcam*, 相机, 摄像头, 行车记录仪, cámara*, câmera*, caméra*,
        appareil photo, kamera*, фотоаппарат*, камер*, видеорегистратор*, カメラ, 카메라,
        블랙박스, كاميرا*, máy ảnh, camera, กล้อง, kamera
    """),
    ),
    "printer_console": (
        "computer",
        _K("""
        printer*, console*, controller*, gamepad*, router*, 打印机, 游戏机, 手柄, 路由器,
        impresora*, consola*, mando*, impressora*, controle*, imprimante*, manette*,
        drucker*, konsole*, принтер*, приставк*, джойстик*, роутер*, プリンター, ゲーム機,
        コントローラー, ルーター, 프린터, 게임기, 공유기, طابع*, بلايستيشن, راوتر, máy in,
        máy chơi game, tay cầm, เครื่องพิมพ์, เครื่องเล่นเกม, จอยเกม, printer, konsol
    """),
    ),
    "furniture": (
        "furniture",
        _K("""
        chair*, desk*, table*, sofa*, couch*, bed frame*, bed, wardrobe*, bookshelf*, shelf*,
        shelves, cabinet*, stool*, mattress*, bench*, 椅子, 桌子, 书桌, 升降桌, 沙发, 床垫, 床,
        衣柜, 书架, 柜子, 凳子, 茶几, silla*, escritorio*, mesa*, sofá*, colchón*, cama*,
        armario*, estante*, estantería*, taburete*, cadeira*, escrivaninha*, colchão*,
        guarda-roupa*, prateleira*, banco*, chaise*, bureau*, canapé*, matelas*, lit,
        armoire*, étagère*, tabouret*, stuhl*, stühle*, schreibtisch*, tisch*, sofa*,
        matratze*, bett, kleiderschrank*, regal*, hocker*, gartenbank*, стул*, кресл*, стол*,
        диван*, матрас*, кроват*, шкаф*, полк*, табурет*, 椅子, 机, デスク, ソファ, マットレス,
        ベッド, 棚, 本棚, テーブル, 의자, 책상, 소파, 매트리스, 침대, 옷장, 선반, 책장, 테이블,
        كرسي*, كراسي, مكتب, طاوله*, كنبه*, مرتبه*, سرير*, دولاب*, رف*, ghế, bàn làm việc, bàn,
        sofa, nệm, đệm, giường, tủ quần áo, kệ, เก้าอี้, โต๊ะ, โซฟา, ที่นอน, เตียง, ตู้เสื้อผ้า,
        ชั้นวาง, kursi, meja, kasur, ranjang, lemari, rak
    """),
    ),
    "home_decor": (
        "home",
        _K("""
        vase*, mirror*, candle*, curtain*, rug*, carpet*, frame*, planter*, clock*, 花瓶, 镜子,
        蜡烛, 香薰蜡烛, 窗帘, 地毯, 相框, 花盆, 挂钟, 闹钟, florero*, jarrón*, espejo*, vela*,
        cortina*, alfombra*, marco*, maceta*, reloj de pared, vaso de flores, espelho*,
        tapete*, porta-retrato*, vaso*, bougie*, miroir*, rideau*, tapis, cadre*, pot de
        fleurs, horloge*, vase*, spiegel*, kerze*, vorhang*, vorhänge*, gardine*, teppich*,
        bilderrahmen*, blumentopf*, wanduhr*, ваз*, зеркал*, свеч*, штор*, занавеск*, ковер*,
        ковёр*, ковр*, рамк*, горш*, 花瓶, 鏡, キャンドル, カーテン, ラグ, カーペット,
        フォトフレーム, 植木鉢, 掛け時計, 꽃병, 화병, 거울, 캔들, 향초, 커튼, 러그, 카펫, 액자,
        화분, مزهري*, فازه, مرايه*, مرآه*, شمع*, ستاره*, ستائر, سجاد*, زوليه, برواز*, bình hoa,
        lọ hoa, gương, nến, rèm, thảm, khung ảnh, chậu cây, แจกัน, กระจก, เทียน, ผ้าม่าน,
        พรม, กรอบรูป, กระถาง, vas bunga, vas, cermin, kaca, lilin, gorden, karpet, bingkai, pot
    """),
    ),
    "tableware": (
        "kitchen",
        _K("""
        plate*, bowl*, dish*, dinnerware, glasses set, wine glass*, glassware, cutlery,
        chopsticks, lunch box*, tea set*, 盘子, 碗, 椀, お椀, 茶碗, 碟子, 餐具, 玻璃杯, 酒杯,
        红酒杯, 饭盒,
        便当盒, 茶具, 筷子, plato*, platos, cuenco*, bol*, vaso*, copa*, cubiertos, vajilla*,
        juego de copas, fiambrera*, prato*, tigela*, copo*, taça*, talheres, jogo de pratos,
        marmita*, assiette*, saladier*, verre*, couverts, vaisselle, service à thé, boîte à
        lunch, teller*, schüssel*, schale*, glas, gläser*, weinglas*, besteck*, geschirr*,
        brotdose*, тарелк*, миск*, бокал*, стакан*, посуд*, ланчбокс*, сервиз*, 皿, お皿,
        茶碗, どんぶり, グラス, 食器, 弁当箱, 箸, 접시, 그릇, 유리컵, 와인잔, 식기, 도시락통,
        수저, صحن*, صحون, طبق*, اطباق, زبدي*, كاسات, كاسه*, فناجين, طقم فناجين, ادوات المطبخ,
        đĩa, bát, chén, tô, ly thủy tinh, bộ chén, hộp cơm, đũa, จาน, ชาม, แก้วไวน์, ช้อนส้อม,
        ปิ่นโต, กล่องข้าว, piring, mangkok, mangkuk, gelas kaca, sendok, kotak bekal
    """),
    ),
    "luggage": (
        "bags",
        _K("""
        suitcase*, luggage, carry-on, trolley*, 行李箱, 旅行箱, 拉杆箱, maleta*, valija*, mala de
        viagem, mala, malas, valise*, koffer*, reisekoffer*, чемодан*, スーツケース,
        キャリーケース, 캐리어, 여행가방, شنطه سفر, حقيبه سفر, vali, va li, กระเป๋าเดินทาง,
        koper
    """),
    ),
    "beauty": (
        "beauty",
        _K("""
        sunscreen*, cream*, lotion*, serum*, shampoo*, conditioner*, moisturi*, cleanser*,
        toner*, foundation*, mascara*, nail polish, 防晒霜, 防晒, 面霜, 乳液, 精华, 洗发水,
        护发素, 洗面奶, 粉底, 睫毛膏, protector solar, bloqueador*, crema*, loción*,
        sérum*, champú*, acondicionador*, protetor solar, creme*, loção*, xampu*, crème*,
        solaire, shampooing*, sonnencreme*, creme*, lotion*, shampoo*, крем*, лосьон*,
        сыворотк*, шампун*, 日焼け止め, クリーム, 化粧水, 美容液, シャンプー,
        乳液, 선크림, 크림, 로션, 세럼, 샴푸, واقي شمس, كريم*, لوشن, سيروم,
        شامبو, kem chống nắng, kem dưỡng, sữa rửa mặt, dầu gội, serum, ครีมกันแดด,
        ครีม, โลชั่น, เซรั่ม, แชมพู, sunscreen, sunblock, krim, pelembab, sampo, skincare
    """),
    ),
    "face_mask": (
        "beauty",
        _K("""
        face mask*, sheet mask*, mask sheet*, facial mask*, mask*, 面膜, mascarilla*,
        máscara facial, mascara facial, máscaras faciais, masque*, gesichtsmaske*, tuchmaske*,
        маск*, フェイスマスク, シートマスク, マスク, 마스크팩, 마스크, قناع*, ماسك*,
        masker, mặt nạ, มาสก์, มาส์ก, แผ่นมาสก์, มาสก์หน้า
    """),
    ),
    "battery": (
        "charging",
        _K("""
        battery, batteries, spare battery, replacement battery, 电池, 电池组, 備用電池, batería*,
        bateria*, pila*, batterie*, akku*, ersatzakku*, аккумулятор*, батаре*, батарейк*,
        バッテリー, 電池, 배터리, 건전지, بطاري*, بطاريه*, baterai, cục pin, pin sạc, pin thay,
        แบตเตอรี่, ถ่าน
    """),
    ),
    "baby": (
        "baby",
        _K("""
        stroller*, pram*, car seat*, crib*, diaper*, nappies, nappy, baby bottle*, onesie*,
        bodysuit*, боди, бодик*, 婴儿车, 推车, 安全座椅, 婴儿床, 纸尿裤, 尿不湿, 奶瓶, 连体衣,
        carriola*,
        cochecito*, carrinho de bebê, carrinho de bebé, silla de coche, cadeirinha*, cuna*,
        berço*, pañal*, fralda*, biberón*, mamadeira*, body de bebé, body, poussette*,
        siège auto, berceau*, couche*, biberon*, kinderwagen*, kindersitz*, babybett*,
        windel*, babyflasche*, коляск*, автокресл*, кроватк*, подгузник*, памперс*, бутылочк*,
        ベビーカー, チャイルドシート, ベビーベッド, おむつ, 哺乳瓶, 유모차, 카시트, 아기침대,
        기저귀, 젖병, عربيه اطفال, عربه اطفال, كرسي سياره, سرير اطفال, حفاض*, حفاضات, بامبرز,
        رضاعه*, xe đẩy, ghế ô tô, nôi, tã, bỉm, bình sữa, รถเข็นเด็ก, คาร์ซีท, เปลเด็ก,
        ผ้าอ้อม, แพมเพิส, ขวดนม, stroller, kereta bayi, car seat, popok, pampers, botol susu
    """),
    ),
    "sport": (
        "sport",
        _K("""
        bicycle*, bike*, scooter*, yoga mat*, dumbbell*, treadmill*, tent*, helmet*, racket*,
        ball, 自行车, 单车, 滑板车, 瑜伽垫, 哑铃, 跑步机, 帐篷, 头盔, 球拍, bicicleta*, bici*,
        patinete*, esterilla*, mancuerna*, cinta de correr, tienda de campaña, casco*,
        raqueta*, patinete*, tapete de yoga, haltere*, esteira*, barraca*, capacete*, vélo*,
        trottinette*, tapis de yoga, haltère*, tente*, casque de vélo, fahrrad*, roller*,
        yogamatte*, hantel*, laufband*, zelt*, helm*, велосипед*, самокат*, коврик* для йоги,
        гантел*, беговая дорожка, палатк*, шлем*, 自転車, キックボード, ヨガマット, ダンベル,
        テント, ヘルメット, 자전거, 킥보드, 요가매트, 아령, 덤벨, 러닝머신, 텐트, 헬멧,
        دراجه*, سكوتر, سجاده يوغا, دمبل*, جهاز مشي, خيمه*, خوذه*, xe đạp, xe trượt, thảm yoga,
        tạ, máy chạy bộ, lều, mũ bảo hiểm, จักรยาน, สกู๊ตเตอร์, เสื่อโยคะ, ดัมเบล, ลู่วิ่ง, เต็นท์,
        หมวกกันน็อค, sepeda, skuter, matras yoga, dumbel, treadmill, tenda, helm
    """),
    ),
    "vehicle_part": (
        "vehicle",
        _K("""
        tire*, tyre*, wiper*, car mat*, 轮胎, 雨刷, 脚垫, neumático*, llanta*, pneu*,
        reifen*, winterreifen*, шин*, タイヤ, 타이어, اطار*, كفر سياره, lốp, vỏ xe, ยางรถ,
        ban mobil
    """),
    ),
    "food": (
        "food",
        _K("""
        honey, 蜂蜜, miel, mel, honig, мёд, мед, はちみつ, ハチミツ, 꿀, عسل, madu, mật ong, น้ำผึ้ง,
        cat food, dog food, pet food, coffee beans, tea, snacks, chocolate*, cookies, cake*,
        mooncake*, 猫粮, 狗粮, 咖啡豆, 茶叶, 零食, 巧克力, 饼干, 蛋糕, 月饼, comida para gato*,
        pienso*, croquetas, café en grano, galletas, pastel*, ração, café em grão, biscoito*,
        bolo*, croquettes, café en grains, biscuits, gâteau*, katzenfutter*, hundefutter*,
        kaffeebohnen*, kekse, kuchen*, adventskalender*, корм*, кофе в зернах, печень*, торт*,
        конфет*, キャットフード, ドッグフード, コーヒー豆, お菓子, ケーキ, 月餅, 사료,
        고양이 사료, 원두, 과자, 케이크, 월병, اكل قطط, اكل كلاب, حبوب قهوه, شوكولا*, كيك*,
        حلويات, thức ăn cho mèo, hạt cà phê, bánh kẹo, bánh trung thu, bánh, socola,
        อาหารแมว, อาหารสุนัข, เมล็ดกาแฟ, ขนม, เค้ก, ขนมไหว้พระจันทร์, makanan kucing, whiskas,
        biji kopi, camilan, cokelat, kue,
        instant noodle*, noodle*, ramen, 方便面, 泡面, 拉面, 面条, fideos, ramen, miojo,
        macarrão instantâneo, nouilles, nudeln, instantnudeln, лапш*, ラーメン, カップ麺,
        インスタント麺, 라면, 컵라면, 국수, نودلز, اندومي, mie instan, indomie, mie, mì tôm,
        mì gói, mì ăn liền, บะหมี่, มาม่า,
        instant coffee, coffee sachet*, coffee mix, 速溶咖啡, 咖啡, café soluble,
        café instantâneo, café instantané, instantkaffee*, kaffee, растворим* кофе, кофе,
        インスタントコーヒー, コーヒー, 커피믹스, 믹스커피, 커피, قهوه سريعه, قهوة سريعة, قهوه,
        kopi, kopi sachet, cà phê hòa tan, cà phê, กาแฟ
    """),
    ),
    "knitwear_extra": (
        "clothing",
        _K("""
        down jacket*, puffer*, 羽绒服, 棉服, 毛衣, 针织衫, chaqueta acolchada, plumífero*,
        jaqueta puffer, doudoune*, daunenjacke*, winterjacke*, пуховик*, ダウンジャケット,
        ダウンコート, ダウン, 패딩, 롱패딩, جاكيت شتوي, áo phao, áo lông vũ, เสื้อขนเป็ด,
        jaket puffer
    """),
    ),
    "clothing_extra": (
        "clothing",
        _K("""
        jeans, blouse*, polo*, vest*, uniform*, pajama*, pyjama*, 牛仔裤, 衬衫, 睡衣, 洋装,
        背心, 马甲, 校服, vaqueros, pijama*, chaleco*, uniforme*, calça jeans, colete*,
        camiseta*, robe de chambre, gilet*, pyjama*, uniforme*, schlafanzug*, weste*,
        джинс*, пижам*, жилет*, форм*, ジーンズ, デニム, パジャマ, ベスト, 制服, 청바지,
        잠옷, 조끼, 교복, جينز, بيجامه*, سديري*, زي مدرسي, quần jean, quần bò, đồ ngủ,
        áo gile, đồng phục, กางเกงยีนส์, ชุดนอน, เสื้อกั๊ก, ชุดนักเรียน, celana jeans, piyama,
        rompi, seragam, kemeja, baju, gamis, mukena, jilbab, kerudung
    """),
    ),
}

#: A part of a title that names what comes with the product, not the product ("... with MagSafe
#: Case", "耳机 带充电仓"): kinds found after it count for less.
_ACCESSORY_PART = re.compile(
    r"\s(?:with|w/|incl\.?|including|con|com|avec|mit|с|含|带|附|付き|포함|مع|dengan|kèm|พร้อม)\s|\+"
)

#: Words that make a title a part or an accessory *for* the kinds it names ("Honey Dipper",
#: "Tumbler Straw Set", "ตะแกรงรองหม้อทอด", "加湿器フィルター"): those kinds count as what it
#: goes with, not what it is.
ACCESSORY = _K("""
rack, filter*, refill*, replacement*, spare part*, straw*, tips, dipper*, lid, lids, stand,
保护套, 保護套, 保护壳, 保護殼,
holder*, mount, strap*, pad, pads, liner*, brush head*, 滤网, 滤芯, 配件, 支架, 盖子, 吸管, 替换,
替芯, 濾網, 濾芯, 配件, 替え, 交換用, フィルター, スタンド, ホルダー, ストロー, イヤーピース,
パッド, 필터, 거치대, 빨대, 리필, 받침, 패드, 이어팁, filtro*, repuesto*, soporte*, pajita*,
tapa, alfombrilla*, filtre*, recharge*, paille*, tapis de souris, ersatz*, halter*, halterung*,
strohhalm*, deckel*, фильтр*, крышк*, трубочк*, коврик*, فلتر*, حامل*, قشه, saringan, sedotan,
tutup, lõi lọc, ống hút, giá đỡ, nắp, ตะแกรง, ไส้กรอง, ฝา, หลอด, ขาตั้ง, แผ่นรอง, فلاتر,
dust bag*, vacuum bag*, 集尘袋, 尘袋, 集塵袋, bolsas de aspiradora, bolsas para aspiradora,
sacos de aspirador, sacs aspirateur, sac aspirateur, sacs pour aspirateur, staubsaugerbeutel*,
мешки для пылесоса, 紙パック, 먼지봉투, اكياس المكنسه, kantong debu, túi lọc bụi, ถุงเก็บฝุ่น
""")
#: Who a reply says the product was for ("the one for my daughter", "ของลูก", "untuk suami"),
#: as the audience a title is made for: kids, men, women.
FOR_WHOM: dict[str, lx.WordClass] = {
    "kids": _K("""
    my kid, my kids, my son, my daughter, my child, my children, the kids, the baby, my baby,
    for the kid*, toddler, 孩子, 儿子, 女儿, 小孩, 宝宝, 娃, 子ども, 子供, こども, お子さま,
    お子様, 息子, 娘,
    아이, 애기, 아기, 아들, 딸, 우리 애, hijo, hija, hijos, niño, niña, niños, bebé, nene, nena,
    filho, filha, criança, bebê, neném, enfant, mon fils, ma fille, bébé, gamin*, mein kind,
    meinen sohn, meine tochter, sohn, tochter, kinder, ребён*, ребен*, сын*, дочк*, дочер*,
    дочь, малыш*, детей, anak, anakku, bayi, si kecil, con trai, con gái, cho con, cho bé, ลูก,
    เด็ก, ابني, بنتي, ولدي, طفل*, اطفال, عيالي
    """),
    "men": _K("""
    my husband, husband, my dad, my father, my boyfriend, 老公, 丈夫, 爸爸, 我爸, 男朋友, 旦那,
    お父さん, 父親, 남편, 아빠, 남친, marido, esposo, papá, mi papá, pai, meu pai, mon mari, mari,
    mon père, mon copain, mein mann, meinen mann, ehemann, vater, papa, муж*, пап*, отц*, отцу,
    suami, ayah, bapak, papa, chồng, bố, สามี, พ่อ, زوجي, جوزي, ابويا, ابوي
    """),
    "women": _K("""
    my wife, wife, my mom, my mum, my mother, my girlfriend, 老婆, 妻子, 妈妈, 我妈, 女朋友, 妻,
    嫁, お母さん, 母親, 아내, 와이프, 엄마, 여친, esposa, mi mujer, mamá, mi mamá, mãe, minha mãe,
    ma femme, maman, ma mère, ma copine, meine frau, ehefrau, mutter, mama, жен*, мам*, мать,
    istri, ibu, mama, vợ, mẹ, ภรรยา, แม่, مراتي, زوجتي, امي, ماما
    """),
}
#: What a title says it is made for: "Kids", "детский", "Pria", "Wanita", "キッズ".
MADE_FOR: dict[str, lx.WordClass] = {
    "kids": _K("""
    kid, kids, kid's, children, children's, child, junior, baby, infant, toddler, boys, girls,
    youth, 儿童, 童装, 童鞋, 男童, 女童, 婴儿, 宝宝, 幼儿, キッズ, 子供, 子ども, ベビー,
    ジュニア, 아동, 유아, 키즈, 아기, 베이비, 어린이, infantil, infantiles, niño, niña,
    bebé, criança, enfant, enfants,
    bébé, kinder*, детск*, малыш*, anak, bayi, trẻ em, em bé, เด็ก, أطفال, اطفال, طفل
    """),
    "men": _K("""
    men, men's, mens, male, 男士, 男款, 男式, 男装, 男子, メンズ, 男性, 남성, 남자, masculino,
    masculina, hombre, caballero, homme, homme's, herren*, мужск*, pria, laki-laki, nam, ผู้ชาย,
    رجالي, للرجال, رجال
    """),
    "women": _K("""
    women, women's, womens, ladies, female, 女士, 女款, 女式, 女装, レディース, 女性, 여성, 여자,
    feminino, feminina, mujer, dama, femme, femmes, damen*, женск*, wanita, perempuan, nữ,
    ผู้หญิง, نسائي, حريمي
    """),
}


#: "The other one": said with a product named, that product is the one not meant.
THE_OTHER = _K("""
the other, the other one, el otro, la otra, o outro, a outra, l'autre, die andere, den anderen,
das andere, другой, другая, другое, другую, yang lain, yang satunya, cái kia, cái còn lại,
อีกอัน, อันอื่น, الآخر, الاخر, التاني, 另一个, 另一個, 另外那个,
另外那個, もう一つ, もう片方, 他のほう, 다른 거, 다른 쪽
""")


#: A bare "not" said with "the other": the product named is not the one meant.
_NOT_THAT = re.compile(
    r"(?<!\w)(?:no|não|nao|not|nicht|nein|non|pas|не|нет|không|bukan|لا|مش|مو)(?!\w)"
    r"|不是|不要|じゃない|じゃなくて|ではない|아니|ไม่ใช่|ไม่เอา"
)


def is_accessory(title: str) -> bool:
    """Whether a title is of a part or an accessory made for a product ("Switch用 ケース")."""
    n = fold(title)
    return _accessory(n) or _FOR.search(f" {n} ") is not None


def made_for(title: str) -> frozenset[str]:
    """Who a title says its product is for (kids over the men or women a kids' line names)."""
    n = fold(title)
    found = {who for who, klass in MADE_FOR.items() if klass.search(n)}
    return frozenset({"kids"} if "kids" in found else found)


def for_whom(text: str) -> frozenset[str]:
    """Who a reply says the product was bought for."""
    n = fold(text)
    return frozenset(who for who, klass in FOR_WHOM.items() if klass.search(n))


#: "本体のほうです", "the unit itself", "el aparato": the product itself, not a part for it.
MAIN_UNIT = _K("""
main unit, the unit itself, the device itself, the machine itself, the device, the machine,
本体, 本機, 主机, 主機, 机器本身, 機器本身, el aparato, la máquina, el equipo, o aparelho,
a máquina, l'appareil, la machine, das gerät, gerät selbst, сам прибор, само устройство, прибор,
본체, الجهاز نفسه, الجهاز, نفسه, نفسها, ذاته, ذاتها, unit utama, mesinnya, máy chính, thân máy,
ตัวเครื่อง
""")

COLOURS: dict[str, lx.WordClass] = {
    "black": _K("""black, blk, 黑, 黑色, negro*, negra*, preto*, preta*, noir*, schwarz*,
        черн*, чёрн*, ブラック, 黒, 블랙, 검정, 검은, أسود, اسود, سوداء, سودا, hitam, đen, สีดำ,
        ดำ, سود"""),
    "white": _K("""white, wht, off-white, 白, 白色, blanco*, blanca*, branco*, branca*, blanc,
        blanche*, weiß*, weiss*, белый, белая, белое, белые, белую, белого, белой, белым, белых,
        ホワイト, 白い, 화이트, 흰, 하얀, أبيض, ابيض, بيضاء, بيضا,
        putih, trắng, ขาว, สีขาว, オフホワイト, بيض"""),
    "grey": _K("""grey, gray, gry, 灰, 灰色, gris, cinza, grau*, серый, серая, серое, серые, серую,
    серого, серой, серым, серых, グレー, 灰色, 그레이,
        회색, رمادي, abu-abu, abu, xám, เทา, สีเทา"""),
    "charcoal": _K("""charcoal, anthracite, 炭灰, 炭灰色, 深灰, 深灰色, gris carbón, carbón, chumbo,
        grafite, gris anthracite, anthrazit*, графит*, антрацит*, チャコール, チャコールグレー,
        차콜, 진회색, فحمي, رمادي غامق, abu tua, abu-abu tua, xám than, xám đậm, เทาเข้ม,
        สีเทาเข้ม"""),
    "blue": _K("""blue, blu, 蓝, 蓝色, azul*, bleu*, blau*, син*, голуб*, ブルー, 青, 블루,
        파란, 파랑, أزرق, ازرق, زرقاء, biru, xanh dương, xanh, ฟ้า, น้ำเงิน, สีฟ้า"""),
    "navy": _K("""navy, nvy, dark indigo, indigo, 藏青, 深蓝, 海军蓝, azul marino, marinho,
        marine, bleu marine, marineblau, dunkelblau, тёмно-син*, темно-син*, ネイビー, 紺,
        네이비, كحلي, navy, xanh đen, xanh navy, กรมท่า"""),
    "red": _K("""red, 红, 红色, rojo*, roja*, vermelho*, vermelha*, rouge*, rot, rote*, roten,
        красн*, レッド, 赤, 레드, 빨간, 빨강, أحمر, احمر, حمراء, merah, đỏ, แดง, สีแดง"""),
    "pink": _K("""pink, pnk, rose, 粉, 粉色, 粉红, rosa, rosado*, rose, розов*, ピンク, 핑크,
        분홍, وردي, زهري, merah muda, hồng, ชมพู, สีชมพู"""),
    "green": _K("""green, grn, olive, 绿, 绿色, verde*, vert*, verte*, grün*, зелен*, зелён*,
        グリーン, 緑, 그린, 초록, أخضر, اخضر, خضراء, hijau, ijo, xanh lá, เขียว, สีเขียว"""),
    "beige": _K("""beige, bei, bge, cream, ivory, tan, nude, 米色, 米白, 杏色, 奶油色, 卡其,
        象牙白, marfil, marfim, ivoire, elfenbein*, アイボリー, 아이보리, عاجي, gading,
        beis, crema, bege, creme, crème, ecru, бежев*, кремов*, ベージュ, クリーム, 베이지,
        크림, بيج, كريمي, krem, màu kem, kem, เบจ, ครีม, khaki, khk, kaki, хаки, カーキ,
        카키, كاكي"""),
    "brown": _K("""brown, brn, 棕, 棕色, 咖啡色, 褐色, marrón, marron, café, castanho*, marrom,
        braun*, коричнев*, ブラウン, 茶色, 브라운, 갈색, بني, cokelat, coklat, nâu, น้ำตาล"""),
    "yellow": _K("""yellow, ylw, 黄, 黄色, amarillo*, amarelo*, jaune*, gelb*, жёлт*, желт*,
        イエロー, 黄色, 옐로우, 노란, أصفر, اصفر, صفراء, kuning, vàng, เหลือง"""),
    "purple": _K("""purple, violet, lilac, lavender, 紫, 紫色, morado*, violeta, lila, roxo*,
        violet*, lila, фиолетов*, сирен*, パープル, 紫, 퍼플, 보라, بنفسجي, ungu, tím, ม่วง"""),
    "orange": _K("""orange, 橙, 橙色, 橘色, naranja, laranja, orange, оранжев*, オレンジ, 오렌지,
        주황, برتقالي, oranye, jingga, màu cam, ส้ม"""),
    "mint": _K("""mint, mint green, 薄荷绿, 薄荷色, 薄荷綠, menta, verde menta, verde água,
        vert menthe, menthe, mintgrün, мятн*, ミント, ミントグリーン, 민트, نعناعي, xanh bạc hà,
        hijau mint, มิ้นท์, สีมิ้นท์"""),
    "silver": _K("""silver, 银, 银色, plata, plateado*, prata, argent*, silber*, серебр*,
        シルバー, 실버, 은색, فضي, perak, bạc, สีเงิน"""),
    "maroon": _K("""maroon, burgundy, wine red, bordeaux, 酒红, 酒红色, 枣红, 暗红, 紫红, granate,
        burdeos, vino, bordô, vinho, bordeaux, weinrot, бордов*, бордо, марсала, ボルドー, えんじ,
        ワインレッド, 버건디, 와인색, 자주색, عنابي, خمري, نبيتي, marun, merah marun,
        merah hati, đỏ đô, đỏ rượu, đỏ mận, เลือดหมู, สีไวน์"""),
    "gold": _K("""gold, 金, 金色, dorado*, oro, dourado*, doré*, gold*, золот*, ゴールド, 골드,
        금색, ذهبي, emas, vàng kim, สีทอง"""),
}

#: Colours a customer may call by their neighbour's name ("藍色", "blue" for a navy title),
#: tried only when no option has the colour said.
_NEAR_COLOURS = {
    "blue": {"navy"},
    "navy": {"blue"},
    "red": {"maroon"},
    "maroon": {"red"},
    "green": {"mint"},
    "mint": {"green"},
    "grey": {"charcoal", "silver"},
    "charcoal": {"grey", "black"},
    "silver": {"grey"},
    "yellow": {"gold"},
    "gold": {"yellow"},
    "beige": {"white"},
    "white": {"beige"},
}


def near_colours(colours: frozenset[str]) -> frozenset[str]:
    """The colours next to those said, for a title that names its shade differently."""
    return frozenset(n for c in colours for n in _NEAR_COLOURS.get(c, ()))


BIGGER = _K("""
大一码, 大一號, 大一号, 大码的, 大的那,
big, large, grande, grandes, grand, grands, große, großen, groß, большой, большая, большую,
большие, 大的, 大号, 大杯, 大きい, 큰, كبير, الكبير, الكبيره, besar, gede, lớn, ใหญ่,
bigger, biggest, larger, largest, the big one, the big, big one, the large one, longer, wider,
大的, 大一点, 大一號, 大号, 大码, 大的那, 较大, 大一些, 大き, 大きい方, 大きいほう, 큰, 큰거, 큰 거,
더 큰, más grande*, mas grande*, la grande, el grande, maior*, o maior, a maior, o grande, a grande,
plus grand*, la grande, le grand, größer*, groesser*, große, großen, больш*, побольше,
الأكبر, الاكبر, الكبير, الكبيرة, اكبر, أكبر, kbira, yang besar, lebih besar, paling besar,
yg besar, gede, yang gede, to hơn, lớn hơn, cái to, cái lớn, lớn, size lớn, ตัวใหญ่, ใหญ่กว่า,
อันใหญ่, ไซซ์ใหญ่, 大件, 大码嗰, 大嗰, 大啲, 大个嘅, 大嘅
""")
SMALLER = _K("""
small, little, mini, pequeño, pequeña, pequeños, pequeñas, chico, chica, chicos, chicas,
pequeno, pequena, pequenos, pequenas, petit, petite, petits, petites, kleine, kleinen, klein,
маленький, маленькая, маленькую, маленькие, 小的, 小号, 小杯, 小さい, 작은, صغير, الصغير,
الصغيره, kecil, nhỏ, เล็ก,
smaller, smallest, the small one, the small, small one, the little one, shorter, narrower,
小的, 小一点, 小一號, 小号, 小码, 小的那, 较小, 小一些, 小さ, 小さい方, 小さいほう, 작은, 작은거,
작은 거, 더 작은, más pequeñ*, mas pequeñ*, mas pequen*, la pequeña, el pequeño,
más chic*, el chico, la chica, menor*, o menor, a menor, o pequeno, a pequena,
plus petit*, la petite, le petit, kleiner*, kleinste*, kleine, kleinen, меньш*, поменьше,
маленьк*, الأصغر, الاصغر, الصغير, الصغيرة, اصغر, أصغر, yang kecil, lebih kecil, paling kecil,
yg kecil, nhỏ hơn, cái nhỏ, nhỏ, size nhỏ, ตัวเล็ก, เล็กกว่า, อันเล็ก, ไซซ์เล็ก, 細件, 細碼, 細嗰,
細啲, 細個, 細嘅
""")
CHEAPER = _K("""
cheaper, cheapest, the cheap one, less expensive, 便宜, 便宜的, 便宜那, 更便宜, más barato*,
más barata*, el barato, la barata, mais barato*, o barato, moins cher*, la moins chère,
billiger*, günstiger*,
дешевл*, дешёв*, дешев*, подешевле, подешёвле, 安い方, 安いほう, 安い, 싼, 저렴한, الأرخص,
الارخص, الرخيص, lebih murah,
yang murah, termurah, rẻ hơn, cái rẻ, ถูกกว่า, อันถูก
""")
DEARER = _K("""
more expensive, the expensive one, pricier, dearer, 贵的, 更贵, 贵一点, más caro*, más cara*,
mais cara*, el caro, la cara,
mais caro*, o caro, plus cher*, la plus chère, teurer*, дороже, подороже, дорог*, 高い方,
高いほう, 비싼,
الأغلى, الاغلى, الغالي, lebih mahal, yang mahal, termahal, đắt hơn, cái đắt, แพงกว่า, อันแพง
""")

#: Words of length, as a title says it of a variant ("Short Sleeve", "Long", "2m") and as a
#: reply chooses by it ("yg lengan pendek", "the longer one", "長的那條"): the one title that says
#: it, else the variant with the greater (or smaller) length.
LONGER = _K("""
long, longer, longest, the long one, 长的, 长款, 长袖, 更长, 长一点, 长一些, 长那,
largo, larga, largos, largas,
más largo*, manga larga, longo, longa, mais comprido*, comprido*, comprida*, manga longa, long,
longue*, plus long*, manches longues, lang, lange*, langen, länger*, langarm*, длинн*,
подлинн*, 長い, 長め, 長袖, ロング, 긴, 더 긴, 긴팔, 롱, طويل*, اطول, أطول, كم طويل, panjang,
lebih panjang, lengan panjang, dài, dài hơn, tay dài, ยาว, ยาวกว่า, แขนยาว
""")
SHORTER = _K("""
short, shorter, shortest, the short one, 短的, 短款, 短袖, 更短, 短一点, 短一些, 短那,
corto, corta, cortos, cortas,
más corto*, manga corta, curto, curta, mais curto*, manga curta, court, courte*, plus court*,
manches courtes, kurz, kurze*, kurzen, kürzer*, kurzarm*, коротк*, покороче, 短い, 短め, 半袖,
ショート, 짧은, 더 짧은, 반팔, 숏, قصير*, اقصر, أقصر, كم قصير, pendek, lebih pendek,
lengan pendek, ngắn, ngắn hơn, tay ngắn, สั้น, สั้นกว่า, แขนสั้น
""")

#: A size as a title or SKU writes it: letters (S, M, XL, 2XL) or a number after a size word.
_LETTER_SIZES = ("XXS", "XS", "S", "M", "L", "XL", "XXL", "XXXL")
LETTER_SIZE = re.compile(r"(?<![A-Za-z0-9])(XXS|XS|S|M|L|XL|XXL|XXXL|2XL|3XL|4XL)(?![A-Za-z0-9])")
_SIZE_WORD = (
    r"(?:size|sz|taille|talla|tamanho|tam\.?|größe|grösse|gr\.?|размер|р-р|サイズ|사이즈|"
    r"ไซซ์|ไซส์|ไซต์|size|cỡ|ukuran|uk|مقاس|قياس|码|號|号|尺码|eu|us|uk|w|no\.?|เบอร์|số)"
)
_SIZED_NUMBER = re.compile(rf"(?i)(?<![^\W\d_]){_SIZE_WORD}\s*[:：]?\s*(\d{{1,3}}(?:[.,]5)?)")
_NUMBER_SIZED = re.compile(
    r"(?i)(\d{1,3}(?:[.,]5)?)\s*(?:码|號|号|サイズ|사이즈|호|cm|inch|インチ)"
)
_SIZEDLETTER_SIZE = re.compile(
    rf"(?i)(?<![^\W\d_]){_SIZE_WORD}\s*[:：]?\s*(xxs|xs|s|m|l|xl|xxl|xxxl|2xl|3xl|4xl)(?![a-z])"
    r"|(?<![a-z])(xxs|xs|s|m|l|xl|xxl|xxxl|2xl|3xl|4xl)\s*(?:size|码|號|号|サイズ|사이즈|ไซซ์|ไซส์)"
)
_SKU_SPLIT = re.compile(r"[-_/\s.]+")
#: Letter sizes typed in lower case ("xl那条短裤", "the xxl"): two letters or more, never a
#: bare "s" or "m", which are words or endings.
_LOWER_LETTER_SIZE = re.compile(r"(?i)(?<![a-z0-9])(xxs|xs|xl|xxl|xxxl|2xl|3xl|4xl)(?![a-z0-9])")
#: One capital letter of size after an article or a word of quantity ("dos de las S", "yg M
#: 2 biji", "the L", "die M", "as duas G"): the letter is the size, not a word.
_ARTICLE_LETTER = re.compile(
    r"(?i:(?<![^\W\d_])(?:the|la|las|el|los|lo|o|a|os|as|die|der|den|das|le|les|yg|yang|"
    r"de|da|do|von|of|du|des|two|dos|dois|duas|deux|zwei|tres|três|three|trois|drei))\s+(XS|S|M|L|XL|PP|P|G|GG|XG)(?![A-Za-z0-9])"
)
#: Brazilian letter sizes, P to XG, as the international ones they are ("Camiseta G" is an L).
_BR_SIZES = {"PP": "XS", "P": "S", "G": "L", "GG": "XL", "XG": "XXL"}
_BR_LAST = re.compile(r"(?<![A-Za-z0-9])(PP|P|G|GG|XG)\s*$")
#: Letter sizes spelled out in Hangul ("엑스라지 말고 라지요"), longest first; never the tail
#: of a longer word ("달라지다" is no size).
_SPELLED_SIZES = (
    ("투엑스라지", "XXL"),
    ("엑스엑스라지", "XXL"),
    ("엑스라지", "XL"),
    ("엑스스몰", "XS"),
    ("라지", "L"),
    ("미디엄", "M"),
    ("미듐", "M"),
    ("스몰", "S"),
)
_SPELLED_SIZE = re.compile(r"(?<![\uac00-\ud7af])(" + "|".join(w for w, _ in _SPELLED_SIZES) + ")")


def _sizes_spelled(text: str) -> str:
    """A reply with its Hangul-spelled letter sizes written as letters."""
    letters = dict(_SPELLED_SIZES)
    return _SPELLED_SIZE.sub(lambda m: f" {letters[m.group(1)]} ", text)


@dataclass(frozen=True)
class Product:
    """What a title (with its SKU) says of its product."""

    kinds: dict[str, float]
    """Kinds it names, 1.0 for the product itself and 0.5 for what comes with it."""
    colours: frozenset[str]
    sizes: tuple[float, ...]
    """Its sizes as ranks or numbers, in the order written (letters ranked 1..8, numbers kept:
    "W32 L32" -> (32.0, 32.0), "XL" -> (6.0,))."""
    capacity: float | None = None
    """Its capacity or dimension ("350ml", "6mm")."""
    tier: int | None = None
    """Its tier ("Basic" 1 ... "Premium" 4)."""


@dataclass(frozen=True)
class Description:
    """What a reply says of the product it means."""

    kinds: frozenset[str]
    colours: frozenset[str]
    size: float | None
    """A size the reply names ("size M", "EU 40")."""
    size_is_letter: bool
    bigger: bool
    smaller: bool
    cheaper: bool
    dearer: bool
    longer: bool = False
    shorter: bool = False
    unwanted: frozenset[str] = frozenset()
    """Kinds the reply says it does not mean ("не чехол", "nicht das Etui", "不是壳")."""
    main_unit: bool = False
    """The product itself is meant, not a part or an accessory for it ("本体", "el aparato")."""
    not_main_unit: bool = False
    """A part or an accessory is meant, not the product itself ("本体ではない方")."""
    for_whom: frozenset[str] = frozenset()
    """Who the product was bought for ("for my daughter": kids; "untuk suami": men)."""

    @property
    def says_anything(self) -> bool:
        return bool(
            self.kinds
            or self.colours
            or self.size is not None
            or self.bigger
            or self.smaller
            or self.cheaper
            or self.dearer
            or self.longer
            or self.shorter
            or self.main_unit
            or self.not_main_unit
            or bool(self.for_whom)
            or bool(self.unwanted)
        )


_AR_DIACRITICS = re.compile(r"[\u064b-\u065f\u0670\u0640]")
_AR_PREFIX = re.compile(r"(?<![\u0600-\u06ff])(?:وال|بال|فال|كال|لل|ال)(?=[\u0600-\u06ff]{2,})")


def fold(text: str) -> str:
    """The text as kinds and colours are looked up: normalised, and Arabic words without their
    article and vowel marks ("الطرحتين" -> "طرحتين")."""
    n = lx.normalize(text)
    if re.search(r"[\u0600-\u06ff]", n):
        n = _AR_PREFIX.sub("", _AR_DIACRITICS.sub("", n))
    return n


def kinds_in(text: str) -> set[str]:
    """The kinds of product a text names, in any language."""
    return _kinds_in(fold(text))


def _kinds_in(n: str) -> set[str]:
    """The kinds a text names; a word inside a longer one of another kind is that one's
    ("반바지" is shorts, not 바지 trousers; "รองเท้าแตะ" sandals, not รองเท้า shoes)."""
    return {kind for _, _, kind in _kind_spans(n)}


def _kind_spans(n: str) -> list[tuple[int, int, str]]:
    """Where a text names each kind (see `_kinds_in`)."""
    spans = [
        (m.start(), m.end(), kind)
        for kind, (_, klass) in KINDS.items()
        for m in klass.finditer(n)
        if m.end() > m.start()
    ]
    kept = [
        (start, end, kind)
        for start, end, kind in spans
        if not any(s <= start and end <= e and e - s > end - start for s, e, _ in spans)
    ]
    # one word, two stems ("Messerschärfer" by "messer*" and "messerschärfer*"): the longer
    # stem's kind
    literal = {(a, b, k): _literal_length(n[a:b], k) for a, b, k in kept}
    return [
        span
        for span in kept
        if not any(o[:2] == span[:2] and literal[o] > literal[span] for o in kept)
    ]


def _nested_kinds(n: str) -> set[str]:
    """Kinds whose words lie inside a longer word of another kind in a title ("nồi" in "nồi
    cơm điện", "หม้อทอด" in "หม้อทอดไร้น้ำมัน"): what the product also is, less surely."""
    spans = [
        (m.start(), m.end(), kind)
        for kind, (_, klass) in KINDS.items()
        for m in klass.finditer(n)
        if m.end() > m.start()
    ]
    return {
        kind
        for start, end, kind in spans
        if any(s <= start and end <= e and e - s > end - start and k != kind for s, e, k in spans)
    }


def _literal_length(said: str, kind: str) -> int:
    """How much of a found word a kind's own entry spells out."""
    return max(
        (len(w.rstrip("*")) for w in KINDS[kind][1].words if said.startswith(w.rstrip("*"))),
        default=0,
    )


#: What a product is for, after its own name: "Funda para celular", "Case for iPhone".
_FOR = re.compile(r"\s(?:for|para|pour|für|для|per|untuk|cho|สำหรับ|لـ|ل)\s|用")


def _accessory(n: str) -> bool:
    """Whether a title's words say it is a part or an accessory ("Sacs aspirateur", "Filter
    Jug"), not when the word lies inside a kind's own name ("Mouse Pad", "коврик")."""
    spans = _kind_spans(n)
    return any(
        not any(
            s <= m.start() and m.end() <= e and e - s > m.end() - m.start() for s, e, _ in spans
        )
        for m in ACCESSORY.finditer(n)
    )


def _kinds_in_order(n: str) -> list[str]:
    """The kinds a text names, in the order their words come."""
    found = _kinds_in(n)
    first: dict[str, int] = {}
    for kind in found:
        m = KINDS[kind][1].search(n)
        first[kind] = m.start() if m else 0
    return sorted(found, key=lambda k: first[k])


def group_of(kind: str) -> str:
    return KINDS[kind][0]


@cache
def product(title: str, sku: str = "") -> Product:
    """What a title and its SKU say: kinds (the head part of the title counts fully), colours,
    sizes."""
    main, *rest = _ACCESSORY_PART.split(title, maxsplit=1)
    head, *tail = _FOR.split(main, maxsplit=1)
    kinds: dict[str, float] = dict.fromkeys(_kinds_in(fold(" ".join(rest + tail))), 0.5)
    named = _kinds_in_order(fold(head))
    # the head noun: the last kind named ("Speaker Carry Pouch" is a pouch), the one before a
    # "for" ("Funda para celular" is a case)
    kinds.update(dict.fromkeys(named[:-1], 0.75))
    if named:
        kinds[named[-1]] = 1.0
    for kind in _nested_kinds(fold(head)):
        kinds.setdefault(kind, 0.75)  # "หม้อทอดไร้น้ำมัน" (a rice cooker's word) is a fryer too
    # "Honey Dipper": for honey; but "Mouse Pad" is a kind of its own, the pad no accessory
    if _accessory(fold(head)):
        kinds = {k: min(w, 0.5) for k, w in kinds.items()}
    spaced = f"{title} {' '.join(_SKU_SPLIT.split(sku))}"
    n = fold(spaced)
    colours = frozenset(c for c, klass in COLOURS.items() if klass.search(n))
    return Product(kinds, colours, _sizes_of(title, sku), capacity(title), tier(title))


def _letter_rank(token: str) -> float:
    token = token.upper().replace("2XL", "XXL").replace("3XL", "XXXL").replace("4XL", "XXXL")
    return float(_LETTER_SIZES.index(token) + 1)


_CAPACITY = re.compile(r"(?i)(\d+(?:[.,]\d+)?)\s*(ml|l|oz|cm|mm|m|inch|w|mah|gb|tb)(?![a-z])")
#: Words of a product's tier, cheapest or smallest first: what "the cheaper one" and "the
#: bigger one" mean between "Basic" and "Premium", "Mini" and "Max".
_TIERS = {
    **dict.fromkeys(("mini", "lite", "basic", "essential", "small", "compact", "go"), 1),
    **dict.fromkeys(("standard", "classic", "regular"), 2),
    **dict.fromkeys(("plus", "pro", "large", "big"), 3),
    **dict.fromkeys(("premium", "max", "ultra", "deluxe"), 4),
}


def tier(title: str) -> int | None:
    """The tier a title's words say, if any."""
    ranks = [_TIERS[w] for w in re.findall(r"[a-z]+", title.lower()) if w in _TIERS]
    return max(ranks) if ranks else None


def without_capacity(title: str) -> str:
    """A title without its capacity or dimension, to tell variants of one product."""
    return " ".join(lx.normalize(_CAPACITY.sub(" ", title)).split())


def capacity(title: str) -> float | None:
    """The capacity or dimension a title gives ("350ml", "6mm", "20000mAh"), in its unit."""
    m = _CAPACITY.search(title)
    if m is None:
        return None
    value = float(m.group(1).replace(",", "."))
    unit = m.group(2).lower()
    return value * 1000 if unit == "l" else value * 100 if unit == "m" else value


def _sizes_of(title: str, sku: str) -> tuple[float, ...]:
    found: list[float] = [_letter_rank(m.group(1)) for m in LETTER_SIZE.finditer(title)]
    if not found and (br := _BR_LAST.search(title)) is not None:  # "Camiseta dry fit G"
        found = [_letter_rank(_BR_SIZES[br.group(1)])]
    if not found and sku:
        found = [
            _letter_rank(m.group(1)) for m in LETTER_SIZE.finditer(sku.upper().replace("_", "-"))
        ]
    numbers = [
        float(m.group(1).replace(",", "."))
        for m in re.finditer(
            r"(?<![\d.])(\d{2}(?:[.,]5)?)(?![\d.]|\s*(?:ml|g|cm|mm|l|pcs|pairs|oz)\b)",
            title,
            re.I,
        )
        if 16 <= float(m.group(1).replace(",", ".")) <= 60
    ]
    return tuple(found + numbers)


@by_text(4096)
def describe(text: str) -> Description:
    """What a reply says of the product it means."""
    n = fold(text)
    nfkc = _sizes_spelled(unicodedata.normalize("NFKC", text))
    size: float | None = None
    letter = False
    m = _SIZEDLETTER_SIZE.search(nfkc)
    if m:
        size, letter = _letter_rank(m.group(1) or m.group(2)), True
    else:
        bare = [
            t for t in LETTER_SIZE.findall(nfkc) if len(t) > 1 or re.search(r"[^\x00-\x7f]", nfkc)
        ]
        bare = bare or _LOWER_LETTER_SIZE.findall(nfkc)
        if not bare and (art := _ARTICLE_LETTER.search(nfkc)) is not None:
            bare = [_BR_SIZES.get(art.group(1), art.group(1))]
        if bare:
            size, letter = _letter_rank(bare[0]), True
        elif (m := _SIZED_NUMBER.search(nfkc) or _NUMBER_SIZED.search(nfkc)) is not None:
            size = float(m.group(1).replace(",", "."))
    spans = _kind_spans(n)
    negated = {k for start, end, k in spans if lx.negated(n, start, end)}
    kinds = {k for start, end, k in spans if not lx.negated(n, start, end)}
    if kinds and THE_OTHER.search(n) and _NOT_THAT.search(n):  # "not the fridge one, the other"
        negated, kinds = negated | kinds, set()
    main = MAIN_UNIT.search(n)
    main_denied = main is not None and lx.negated(n, main.start(), main.end())
    # a German compound or an Indonesian possessive the lists miss ("Ersatzakku", "kopinya")
    kinds |= {k for w in _LATIN_TOKEN.finditer(text) if (k := _compound_or_suffixed(w.group(0)))}
    return Description(
        kinds=frozenset(kinds),
        unwanted=frozenset(negated - kinds),
        colours=frozenset(c for c, klass in COLOURS.items() if klass.search(n)),
        size=size,
        size_is_letter=letter,
        bigger=BIGGER.search(n) is not None,
        smaller=SMALLER.search(n) is not None,
        cheaper=CHEAPER.search(n) is not None,
        dearer=DEARER.search(n) is not None,
        longer=LONGER.search(n) is not None,
        shorter=SHORTER.search(n) is not None,
        main_unit=main is not None and not main_denied,
        not_main_unit=main_denied,
        for_whom=for_whom(text),
    )


def kind_score(said: frozenset[str], item: Product) -> float:
    """How well the kinds a reply names fit a product: the same kind counts fully (less for an
    accessory part of the title), a kind of the same group half."""
    best = 0.0
    for kind in said:
        if kind in item.kinds:
            best = max(best, 2.0 * item.kinds[kind])
        elif any(group_of(kind) == group_of(k) for k in item.kinds):
            best = max(best, 1.0)
    return best


def sizes_match(description: Description, item: Product) -> bool:
    if description.size is None:
        return False
    if description.size_is_letter:
        return description.size in item.sizes and description.size <= len(_LETTER_SIZES)
    return description.size in item.sizes


_AR_WORD = re.compile(r"[\u0600-\u06ff]{3,}")
_AR_DUAL = re.compile(r"(?:تين|تان|ين|ان)$")


def arabic_dual(text: str) -> int | None:
    """2 when an Arabic product word is in the dual ("الطرحتين", "ثوبين"): the quantity is in
    the ending. A word listed whole (a broken plural such as "فساتين") is not a dual."""
    for word in _AR_WORD.findall(fold(text)):
        whole = _kinds_in(word)
        if not whole or any(word in KINDS[k][1].words for k in whole):
            continue
        # the ending may take the stem's last letter with it ("تيشيرتين" = "تيشيرت" + "ين")
        for m in _AR_DUAL.finditer(word):
            for ending in {m.group(0), m.group(0)[-2:]}:
                stem = word[: -len(ending)]
                if len(stem) >= 2 and (_kinds_in(stem) or _kinds_in(stem + "ه")):
                    return 2
    return None


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """`fold(text)` together with, for each of its characters, the index in `text` it came
    from: a product word found in the folded text can be given back as the customer wrote it
    (Traditional characters, capitals, the Arabic article)."""
    simplified = lx._to_simplified()
    chars: list[str] = []
    where: list[int] = []
    for i, c in enumerate(text):
        for d in unicodedata.normalize("NFKC", c).lower().replace("’", "'").replace("‘", "'"):
            d = d.translate(simplified)
            if _AR_DIACRITICS.fullmatch(d):
                continue
            d = d.translate(lx._AR_FOLD)
            if lx._PUNCT.fullmatch(d) or d.isspace():
                d = " "
                if not chars or chars[-1] == " ":
                    continue
            chars.append(d)
            where.append(i)
    folded = "".join(chars)
    if re.search(r"[\u0600-\u06ff]", folded):
        kept = [True] * len(folded)
        for m in _AR_PREFIX.finditer(folded):
            for k in range(m.start(), m.end()):
                kept[k] = False
        folded = "".join(c for c, k in zip(folded, kept, strict=True) if k)
        where = [w for w, k in zip(where, kept, strict=True) if k]
    return folded, where


@dataclass(frozen=True)
class Mention:
    """A product word of a message, as written, with its span in the text and its kind."""

    text: str
    start: int
    end: int
    kind: str


def mentions(text: str) -> list[Mention]:
    """The product words a message names ("my hoodie", "藍牙喇叭", "الجزمة"), the longest where
    two start together, in the order they come; a Latin or Arabic word is given whole with its
    article ("الشاشة"), so it reads as the customer wrote it.

    Looked up word by word in an index of the kinds' words (dictionary look-ups, not one big
    alternation per kind): a first message is long and every one is read."""
    folded, where = _folded_with_positions(text)
    spans: list[tuple[int, int, str]] = []
    index = _word_index()
    for run in _UNSPACED_RUN.finditer(folded):
        chunk, base = run.group(0), run.start()
        i = 0
        while i < len(chunk):
            for n in range(min(index.longest, len(chunk) - i), 0, -1):
                kind = index.unspaced.get(chunk[i : i + n])
                if kind is not None:
                    spans.append((base + i, base + i + n, kind))
                    i += n
                    break
            else:
                i += 1
    tokens = list(_SPACED_TOKEN.finditer(folded))
    i = 0
    while i < len(tokens):
        hit = _spaced_at(index, [t.group(0) for t in tokens[i : i + 5]])
        if hit is None:
            i += 1
            continue
        n, kind = hit
        spans.append((tokens[i].start(), tokens[i + n - 1].end(), kind))
        i += n
    found: list[Mention] = []
    for start, end, kind in sorted(spans):
        a, b = where[start], where[end - 1] + 1
        if not _UNSPACED_WORD.match(text[a:b]):
            while a > 0 and (_spaced_letter(text[a - 1]) or text[a - 1] in "-'"):
                a -= 1
            while b < len(text) and (_spaced_letter(text[b]) or text[b] == "-"):
                b += 1
        said = text[a:b].strip(" -'")
        if not _NOT_A_PRODUCT.match(said.casefold()):
            found.append(Mention(said, a, b, kind))
    taken = [(m.start, m.end) for m in found]
    for w in _LATIN_TOKEN.finditer(text):
        if any(s < w.end() and w.start() < e for s, e in taken):
            continue
        kind = _compound_or_suffixed(w.group(0))
        if kind is not None:
            found.append(Mention(w.group(0), w.start(), w.end(), kind))
    return sorted(found, key=lambda m: m.start)


_UNSPACED_CHARS = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f"
_UNSPACED_RUN = re.compile(f"[{_UNSPACED_CHARS}]+")
_SPACED_TOKEN = re.compile(f"(?:(?![{_UNSPACED_CHARS}])[\\w'-])+")


def _spaced_letter(c: str) -> bool:
    return c.isalpha() and not _UNSPACED_WORD.match(c)


@dataclass(frozen=True)
class _Index:
    unspaced: dict[str, str]
    exact: dict[str, str]
    stems: dict[str, str]
    longest: int


@cache
def _word_index() -> _Index:
    """Every kind's words by how they are looked up: unspaced scripts as substrings, the
    others as whole words or stems (a stem's last word may go on: "headphone*")."""
    unspaced: dict[str, str] = {}
    exact: dict[str, str] = {}
    stems: dict[str, str] = {}
    for kind, (_, klass) in KINDS.items():
        for w in klass.words:
            core = w.rstrip("*").strip()
            if lx._UNSPACED.search(core):
                unspaced.setdefault(core.replace(" ", ""), kind)
            elif w.endswith("*"):
                stems.setdefault(core, kind)
            else:
                exact.setdefault(core, kind)
    return _Index(unspaced, exact, stems, max(map(len, unspaced), default=1))


def _spaced_at(index: _Index, words: list[str]) -> tuple[int, str] | None:
    """The longest kind word starting at the first of `words`: (how many words, kind)."""
    for n in range(len(words), 0, -1):
        head, last = " ".join(words[: n - 1]), words[n - 1]
        whole = f"{head} {last}" if head else last
        if whole in index.exact:
            return n, index.exact[whole]
        for k in range(len(last), 1, -1):
            stem = f"{head} {last[:k]}" if head else last[:k]
            if stem in index.stems:
                return n, index.stems[stem]
    return None


#: Everyday words a kind's stem also catches, told apart only in a whole sentence: "ganti"
#: (replace, not gloves), German "hat" (has) and "Uhr" (o'clock), "cupom" (coupon, not cup),
#: French "livrer" (deliver, not livre), "dollars", Indonesian "bagus" (good), Russian "час"
#: (hour), Arabic "ساعة" (hour), English verbs and adjectives ("watch", "ring", "light").
_NOT_A_PRODUCT = re.compile(
    r"(?:gant[iu]|hat|uhr|cup[oó]n|cupom|coupon|livr|doll[ae]r|baga|bagu|bagi|booking|book|"
    r"cargo|handy|light|ring|watch|top|bras|час|ساع|الساع|كوبون|الكوبون)\w*$"
)


_UNSPACED_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


@cache
def _latin_words() -> tuple[dict[str, str], dict[str, str]]:
    """The one-word Latin entries of every kind: whole words and stems, each to its kind."""
    exact: dict[str, str] = {}
    stems: dict[str, str] = {}
    for kind, (_, klass) in KINDS.items():
        for w in klass.words:
            if " " in w or not re.fullmatch(r"[a-zßäöüàâçéèêëîïôûùüа-яё-]+\*?", w):
                continue
            (stems if w.endswith("*") else exact).setdefault(w.rstrip("*"), kind)
    return exact, stems


_LATIN_TOKEN = re.compile(r"[^\W\d_][\w-]{4,}")
#: Russian compounds are written in lower case ("термокружку", "аэрофритюрница").
_CYRILLIC = re.compile(r"[а-яё]")
#: Indonesian and Malay possessive endings ("jaketnya", "sepatuku").
_POSSESSIVE = re.compile(r"(?:nya|ku|mu)$")


def _compound_or_suffixed(word: str) -> str | None:
    """The kind of a word the lists miss only by its make-up: an Indonesian possessive
    ("jaketnya") or a German compound whose last part is a kind ("Winterjacke",
    "Akku-Staubsauger"); a stem inside a compound takes at most an ending ("-jacken")."""
    low = lx.normalize(word)
    exact, stems = _latin_words()
    bare = _POSSESSIVE.sub("", low)
    if bare != low and len(bare) >= 3 and bare in exact:
        return exact[bare]
    for singular in (re.sub(r"ies$", "y", low), re.sub(r"e?s$", "", low)):
        if singular != low and len(singular) >= 3 and singular in exact:
            return exact[singular]  # "bodies", "boxes": a plural of a whole word
    if (word[:1].isupper() or _CYRILLIC.match(low)) and len(low) >= 8:
        for cut in range(3, len(low) - 3):
            tail = low[cut:].lstrip("-")
            if tail in exact:
                return exact[tail]
            for k in range(3):
                if len(tail) - k >= 4 and tail[: len(tail) - k] in stems:
                    return stems[tail[: len(tail) - k]]
    return None
