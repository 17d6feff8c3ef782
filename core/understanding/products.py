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
        cable*, cord*, wire*, 数据线, 充电线, 电线, 线材, cabo*, câble*, kabel*, ladekabel*,
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
        جراب*, كفر*, غطاء, حافظ*, شنطه, sarung, pouch, ốp, ốp lưng, túi đựng, เคส, ซอง
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
        에어프라이어, قلاي*, مقلا*, nồi chiên, หม้อทอด
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
    "knife": (
        "kitchen",
        _K("""
        knife, knives, 刀, 菜刀, cuchillo*, faca*, couteau*, messer*, нож*, 包丁, ナイフ, 칼,
        سكين*, pisau, dao, มีด
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
        sheet*, bedsheet*, duvet*, blanket*, pillow*, cushion*, 床单, 被子, 枕头, 抱枕, 毯子,
        sábana*, almohada*, cobija*, manta*, lençol*, travesseiro*, cobertor*, drap*, couette*,
        oreiller*, coussin*, bettwäsche, bettlaken*, kissen*, decke*, простын*, подушк*, одеял*,
        плед*, シーツ, 枕, 毛布, 布団, 이불, 베개, 담요, شرشف*, مخد*, بطاني*, وساد*, sprei, bantal,
        selimut, ga giường, gối, chăn, mền, ผ้าปู, หมอน, ผ้าห่ม
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
        ثياب, دشداش*, جلابي*, قفطان*, gamis, abaya, áo choàng, ชุดอาบายะ
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
        jeans, denim, pants, trousers, leggings, chinos, joggers, cargo*, 裤, 裤子, 牛仔裤,
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
        حذاء*, احذي*, أحذي*, جزم*, كوتش*, بوت*, sepatu, giày, รองเท้า
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
}

#: A part of a title that names what comes with the product, not the product ("... with MagSafe
#: Case", "耳机 带充电仓"): kinds found after it count for less.
_ACCESSORY_PART = re.compile(
    r"\s(?:with|w/|incl\.?|including|con|com|avec|mit|с|含|带|附|付き|포함|مع|dengan|kèm|พร้อม)\s|\+"
)

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
        グリーン, 緑, 그린, 초록, أخضر, اخضر, خضراء, hijau, xanh lá, เขียว, สีเขียว"""),
    "beige": _K("""beige, bei, bge, cream, ivory, tan, nude, 米色, 米白, 杏色, 奶油色, 卡其,
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
    "silver": _K("""silver, 银, 银色, plata, plateado*, prata, argent*, silber*, серебр*,
        シルバー, 실버, 은색, فضي, perak, bạc, สีเงิน"""),
    "gold": _K("""gold, 金, 金色, dorado*, oro, dourado*, doré*, gold*, золот*, ゴールド, 골드,
        금색, ذهبي, emas, vàng kim, สีทอง"""),
}

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
el barato, la barata, mais barato*, o barato, moins cher*, la moins chère, billiger*, günstiger*,
дешевл*, дешёв*, дешев*, 安い方, 安いほう, 安い, 싼, 저렴한, الأرخص, الارخص, الرخيص, lebih murah,
yang murah, termurah, rẻ hơn, cái rẻ, ถูกกว่า, อันถูก
""")
DEARER = _K("""
more expensive, the expensive one, pricier, dearer, 贵的, 更贵, 贵一点, más caro*, más cara*,
mais cara*, el caro, la cara,
mais caro*, o caro, plus cher*, la plus chère, teurer*, дороже, дорог*, 高い方, 高いほう, 비싼,
الأغلى, الاغلى, الغالي, lebih mahal, yang mahal, termahal, đắt hơn, cái đắt, แพงกว่า, อันแพง
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


def _kinds_in(n: str) -> set[str]:
    """The kinds a text names; a word inside a longer one of another kind is that one's
    ("반바지" is shorts, not 바지 trousers; "รองเท้าแตะ" sandals, not รองเท้า shoes)."""
    spans = [
        (m.start(), m.end(), kind)
        for kind, (_, klass) in KINDS.items()
        for m in klass.finditer(n)
        if m.end() > m.start()
    ]
    return {
        kind
        for start, end, kind in spans
        if not any(s <= start and end <= e and e - s > end - start for s, e, _ in spans)
    }


#: What a product is for, after its own name: "Funda para celular", "Case for iPhone".
_FOR = re.compile(r"\s(?:for|para|pour|für|для|per|untuk|cho|สำหรับ|لـ|ل)\s|用")


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
    spaced = f"{title} {' '.join(_SKU_SPLIT.split(sku))}"
    n = fold(spaced)
    colours = frozenset(c for c, klass in COLOURS.items() if klass.search(n))
    return Product(kinds, colours, _sizes_of(title, sku), capacity(title), tier(title))


def _letter_rank(token: str) -> float:
    token = token.upper().replace("2XL", "XXL").replace("3XL", "XXXL").replace("4XL", "XXXL")
    return float(_LETTER_SIZES.index(token) + 1)


_CAPACITY = re.compile(r"(?i)(\d+(?:[.,]\d+)?)\s*(ml|l|oz|cm|mm|inch|w|mah|gb|tb)(?![a-z])")
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


def capacity(title: str) -> float | None:
    """The capacity or dimension a title gives ("350ml", "6mm", "20000mAh"), in its unit."""
    m = _CAPACITY.search(title)
    if m is None:
        return None
    value = float(m.group(1).replace(",", "."))
    return value * 1000 if m.group(2).lower() == "l" else value


def _sizes_of(title: str, sku: str) -> tuple[float, ...]:
    found: list[float] = [_letter_rank(m.group(1)) for m in LETTER_SIZE.finditer(title)]
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


def describe(text: str) -> Description:
    """What a reply says of the product it means."""
    n = fold(text)
    nfkc = unicodedata.normalize("NFKC", text)
    size: float | None = None
    letter = False
    m = _SIZEDLETTER_SIZE.search(nfkc)
    if m:
        size, letter = _letter_rank(m.group(1) or m.group(2)), True
    else:
        bare = [
            t for t in LETTER_SIZE.findall(nfkc) if len(t) > 1 or re.search(r"[^\x00-\x7f]", nfkc)
        ]
        if bare:
            size, letter = _letter_rank(bare[0]), True
        elif (m := _SIZED_NUMBER.search(nfkc) or _NUMBER_SIZED.search(nfkc)) is not None:
            size = float(m.group(1).replace(",", "."))
    return Description(
        kinds=frozenset(_kinds_in(n)),
        colours=frozenset(c for c, klass in COLOURS.items() if klass.search(n)),
        size=size,
        size_is_letter=letter,
        bigger=BIGGER.search(n) is not None,
        smaller=SMALLER.search(n) is not None,
        cheaper=CHEAPER.search(n) is not None,
        dearer=DEARER.search(n) is not None,
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
