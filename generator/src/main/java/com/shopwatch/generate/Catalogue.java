package com.shopwatch.generate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The legitimate product catalogue: product concepts with localized names in every market language, brands
 * (international and local), reference prices, and the localized title/description/caption/hashtag vocabulary.
 */
final class Catalogue {
  private Catalogue() {}

  /** Language order of the "|"-separated name columns below. */
  static final List<String> LANGS = List.of("en", "zh", "zh-TW", "ms", "id", "th", "vi", "fil", "ja", "ko");

  /** A product concept: one product template per market language. */
  static final class Concept {
    final String key;
    final String category;
    final double usd;
    final List<String> brands;
    final Map<Market, List<String>> localBrands;
    final Map<String, String> names;

    Concept(String key, String category, double usd, List<String> brands, Map<Market, List<String>> localBrands,
        Map<String, String> names) {
      this.key = key;
      this.category = category;
      this.usd = usd;
      this.brands = brands;
      this.localBrands = localBrands;
      this.names = names;
    }

    String name(String lang) {
      return names.get(lang);
    }

    /** Genuine luxury resale: priced from {@link ViolationVocabulary#LUXURY_BRANDS}, thousands of USD. */
    boolean luxury() {
      return usd == 0;
    }

    /** The same product with another category, reference price or brand list. */
    Concept revise(String newCategory, double newUsd, List<String> newBrands) {
      return new Concept(key, newCategory, newUsd, newBrands, localBrands, names);
    }

    /** Local brands are preferred half of the time in markets that have them. */
    String pickBrand(Market m, SplittableRandom rnd) {
      List<String> local = localBrands.get(m);
      if (local != null && rnd.nextBoolean()) {
        return local.get(rnd.nextInt(local.size()));
      }
      return brands.get(rnd.nextInt(brands.size()));
    }
  }

  private static Concept c(String key, String category, double usd, String brands, String local, String names) {
    List<String> b = List.of(brands.split(","));
    Map<Market, List<String>> lb = new EnumMap<>(Market.class);
    if (!local.isEmpty()) {
      for (String part : local.split(";")) {
        String[] kv = part.split("=", 2);
        lb.put(Market.valueOf(kv[0]), List.of(kv[1].split(",")));
      }
    }
    String[] n = names.split("\\|");
    if (n.length != LANGS.size()) {
      throw new IllegalStateException("concept " + key + " has " + n.length + " names");
    }
    Map<String, String> nm = new LinkedHashMap<>();
    for (int i = 0; i < n.length; i++) {
      nm.put(LANGS.get(i), n[i].trim());
    }
    return new Concept(key, category, usd, b, lb, Collections.unmodifiableMap(nm));
  }

  // Columns: en | zh | zh-TW | ms | id | th | vi | fil | ja | ko
  static final List<Concept> CONCEPTS = List.of(
      c("smartphone", "electronics", 420, "Samsung,Apple,Xiaomi,OPPO,vivo,realme",
          "ID=Infinix;PH=Infinix,TECNO;JP=Sony,SHARP;TW=ASUS;KR=Samsung",
          "Smartphone 128GB Dual SIM|智能手机 128GB 双卡双待|智慧型手機 128GB 雙卡雙待|Telefon Pintar 128GB Dwi SIM"
              + "|HP Smartphone 128GB Dual SIM|สมาร์ทโฟน 128GB สองซิม|Điện thoại thông minh 128GB 2 SIM"
              + "|Smartphone 128GB Dual SIM, bagong-bago|スマートフォン 128GB SIMフリー|스마트폰 128GB 자급제"),
      c("earbuds", "electronics", 60, "Sony,JBL,Soundcore,Samsung,Apple",
          "JP=audio-technica;TW=Xiaomi;KR=Britz",
          "Wireless Bluetooth Earbuds|无线蓝牙耳机 降噪|無線藍牙耳機 降噪|Fon Telinga Bluetooth Tanpa Wayar"
              + "|Earphone Bluetooth Nirkabel TWS|หูฟังบลูทูธไร้สาย|Tai nghe Bluetooth không dây chống ồn"
              + "|Wireless Bluetooth Earbuds na may noise cancel|ワイヤレスイヤホン Bluetooth ノイズキャンセリング"
              + "|무선 블루투스 이어폰 노이즈캔슬링"),
      c("powerbank", "electronics", 25, "Anker,Xiaomi,Baseus,UGREEN", "ID=Robot;PH=Romoss;TH=Eloop",
          "Power Bank 20000mAh Fast Charging|充电宝 20000mAh 快充|行動電源 20000mAh 快充"
              + "|Power Bank 20000mAh Pengecas Pantas|Power Bank 20000mAh Fast Charging"
              + "|พาวเวอร์แบงค์ 20000mAh ชาร์จเร็ว|Sạc dự phòng 20000mAh sạc nhanh"
              + "|Power Bank 20000mAh, mabilis mag-charge|モバイルバッテリー 20000mAh 急速充電"
              + "|보조배터리 20000mAh 고속충전"),
      c("smartwatch", "electronics", 120, "Huawei,Xiaomi,Samsung,Amazfit,Garmin", "",
          "Smart Watch Fitness Tracker|智能手表 运动心率监测|智慧手錶 運動心率監測|Jam Tangan Pintar Penjejak Kecergasan"
              + "|Jam Tangan Pintar Smartwatch|นาฬิกาสมาร์ทวอทช์ วัดอัตราการเต้นหัวใจ"
              + "|Đồng hồ thông minh theo dõi sức khỏe|Smart Watch pang-fitness|スマートウォッチ 心拍計 活動量計"
              + "|스마트워치 심박수 측정"),
      c("laptop", "electronics", 780, "Lenovo,ASUS,Acer,HP,Dell", "KR=LG,Samsung;TW=ASUS,Acer;JP=Dynabook,NEC",
          "Laptop 14-inch 16GB RAM 512GB SSD|笔记本电脑 14英寸 16GB 512GB|筆記型電腦 14吋 16GB 512GB"
              + "|Komputer Riba 14 inci 16GB RAM|Laptop 14 inci RAM 16GB SSD 512GB|โน้ตบุ๊ก 14 นิ้ว แรม 16GB"
              + "|Máy tính xách tay 14 inch 16GB RAM|Laptop 14-inch 16GB RAM 512GB SSD"
              + "|ノートパソコン 14インチ メモリ16GB|노트북 14인치 16GB 512GB"),
      c("sunscreen", "beauty", 15, "Biore,Anessa,La Roche-Posay,Nivea",
          "TH=Mistine;ID=Wardah,Azarine;KR=Round Lab,innisfree;JP=Skin Aqua;VN=Cocoon",
          "Sunscreen SPF50+ PA++++ 50ml|防晒霜 SPF50+ PA++++ 50ml|防曬乳 SPF50+ PA++++ 50ml"
              + "|Krim Pelindung Matahari SPF50+ 50ml|Sunscreen Tabir Surya SPF50+ 50ml"
              + "|ครีมกันแดด SPF50+ PA++++ 50 มล.|Kem chống nắng SPF50+ PA++++ 50ml"
              + "|Sunscreen SPF50+ pang-araw-araw 50ml|日焼け止め SPF50+ PA++++ 50ml|선크림 SPF50+ PA++++ 50ml"),
      c("serum", "beauty", 20, "The Ordinary,Garnier,L'Oreal,Some By Mi",
          "ID=Somethinc,Scarlett;KR=Klairs,COSRX;TH=Smooth E;PH=Luxe Organix;JP=Melano CC",
          "Vitamin C Brightening Serum 30ml|维生素C美白精华液 30ml|維他命C亮白精華液 30ml"
              + "|Serum Vitamin C Pencerah Kulit 30ml|Serum Wajah Vitamin C Mencerahkan 30ml"
              + "|เซรั่มวิตามินซี หน้าใส 30 มล.|Serum vitamin C dưỡng sáng da 30ml"
              + "|Vitamin C Serum pampaputi 30ml|ビタミンC 美容液 30ml|비타민C 미백 세럼 30ml"),
      c("lipstick", "beauty", 12, "Maybelline,MAC,L'Oreal,3CE,Romand",
          "ID=Wardah,Make Over;TH=Mistine,Srichand;JP=KATE,Canmake;KR=Peripera;PH=BLK Cosmetics",
          "Matte Lipstick Long-Lasting|哑光口红 持久不掉色|霧面唇膏 持久不脫色|Gincu Matte Tahan Lama"
              + "|Lipstik Matte Tahan Lama|ลิปสติกเนื้อแมตต์ ติดทนนาน|Son môi lì lâu trôi"
              + "|Matte Lipstick na pangmatagalan|マットリップスティック 落ちにくい|매트 립스틱 롱래스팅"),
      c("sheetmask", "beauty", 10, "Mediheal,innisfree,Garnier", "TW=我的美麗日記;KR=Dr.Jart+,Abib;JP=Lululun",
          "Hydrating Sheet Mask 10 pcs|补水保湿面膜 10片装|保濕面膜 10片入|Topeng Muka Pelembap 10 keping"
              + "|Masker Wajah Hydrating isi 10|มาส์กหน้าเพิ่มความชุ่มชื้น 10 แผ่น|Mặt nạ giấy cấp ẩm hộp 10 miếng"
              + "|Hydrating Sheet Mask 10 piraso|保湿シートマスク 10枚入り|수분 마스크팩 10매"),
      c("shampoo", "beauty", 7, "Head & Shoulders,Clear,Sunsilk,Pantene,Dove", "JP=Tsubaki;KR=Ryo;VN=Thái Dương",
          "Anti-Dandruff Shampoo 400ml|去屑洗发水 400毫升|去屑洗髮精 400ml|Syampu Anti Kelemumur 400ml"
              + "|Sampo Anti Ketombe 400ml|แชมพูขจัดรังแค 400 มล.|Dầu gội sạch gàu 400ml"
              + "|Anti-Dandruff Shampoo 400ml|薬用スカルプシャンプー 400ml|비듬 케어 샴푸 400ml"),
      c("tshirt", "fashion", 12, "Uniqlo,H&M,Giordano,Cotton On", "ID=Erigo;VN=Coolmate;PH=Bench;TH=Jaspal",
          "Men's Cotton T-Shirt Oversized Fit|男士纯棉T恤 宽松版|男生純棉T恤 寬鬆版|Baju T Lelaki Kapas Oversize"
              + "|Kaos Pria Katun Oversize|เสื้อยืดผู้ชาย ผ้าฝ้าย โอเวอร์ไซส์|Áo thun nam cotton form rộng"
              + "|T-shirt panlalaki, cotton, oversize|メンズ 綿Tシャツ オーバーサイズ|남성 면 티셔츠 오버핏"),
      c("dress", "fashion", 25, "Zara,H&M,SHEIN,Mango", "TH=Lyn;SG=Love Bonito;ID=Zoya;KR=Mixxo",
          "Women's Floral Midi Dress|女士碎花连衣裙 中长款|女裝碎花洋裝 中長版|Dress Wanita Corak Bunga"
              + "|Dress Wanita Motif Bunga|เดรสผู้หญิงลายดอกไม้ ยาวคลุมเข่า|Đầm nữ họa tiết hoa dáng midi"
              + "|Floral na bestida pambabae|レディース 花柄ワンピース ミディ丈|여성 플라워 롱원피스"),
      c("sneakers", "fashion", 70, "Nike,Adidas,ASICS,New Balance,Puma", "ID=Compass,Ventela;VN=Biti's;KR=FILA",
          "Lightweight Running Shoes|轻便跑步鞋 透气运动鞋|輕量慢跑鞋 透氣運動鞋|Kasut Larian Ringan"
              + "|Sepatu Lari Ringan Sneakers|รองเท้าวิ่ง น้ำหนักเบา ระบายอากาศ|Giày chạy bộ siêu nhẹ thoáng khí"
              + "|Magaan na running shoes|ランニングシューズ 軽量 スニーカー|경량 런닝화 운동화"),
      c("backpack", "fashion", 30, "Samsonite,Herschel,Xiaomi,Targus", "ID=Eiger;PH=Hawk;TW=Porter",
          "Waterproof Laptop Backpack|防水电脑双肩包|防水筆電後背包|Beg Galas Kalis Air untuk Laptop"
              + "|Tas Ransel Laptop Anti Air|กระเป๋าเป้ใส่โน้ตบุ๊ก กันน้ำ|Balo laptop chống nước"
              + "|Waterproof na backpack para sa laptop|防水 リュック PC収納|방수 노트북 백팩"),
      c("noodles", "food", 4, "Nissin,Nongshim,Maggi",
          "ID=Indomie,Mie Sedaap;TH=Mama;VN=Hảo Hảo,Omachi;PH=Lucky Me!;KR=Ottogi;JP=Nissin;MY=Maggi,Mamee;"
              + "TW=維力,統一;SG=Prima Taste",
          "Instant Noodles Spicy 5-Pack|辣味方便面 5包装|辣味泡麵 5入|Mi Segera Pedas 5 Bungkus"
              + "|Mie Instan Pedas isi 5|บะหมี่กึ่งสำเร็จรูป รสต้มยำ แพ็ค 5|Mì ăn liền vị chua cay gói 5"
              + "|Instant Noodles, maanghang, 5 pakete|辛口 インスタントラーメン 5食パック|매운 라면 5개입"),
      c("coffee", "food", 6, "Nescafé,Starbucks,Kopiko",
          "VN=Trung Nguyên,G7;ID=Kapal Api,Kopi Kenangan;MY=OldTown;KR=Maxim;TW=伯朗;TH=Birdy;JP=UCC,AGF",
          "3-in-1 Instant Coffee 30 sachets|三合一速溶咖啡 30包|三合一即溶咖啡 30包"
              + "|Kopi Segera 3 dalam 1, 30 paket|Kopi Instan 3in1 isi 30 sachet|กาแฟปรุงสำเร็จ 3in1 30 ซอง"
              + "|Cà phê hòa tan 3 trong 1 hộp 30 gói|3-in-1 Instant Coffee 30 sachet"
              + "|インスタントコーヒー 3in1 スティック30本|커피믹스 30개입"),
      c("seaweed", "food", 8, "Tao Kae Noi,Bibigo,Yangban", "KR=CJ,Dongwon;JP=Ajinomoto;TW=元本山",
          "Crispy Seaweed Snack 12 packs|香脆海苔零食 12包|香脆海苔 12包|Snek Rumpai Laut Rangup 12 paket"
              + "|Camilan Rumput Laut Renyah isi 12|สาหร่ายทอดกรอบ 12 ซอง|Rong biển ăn liền giòn 12 gói"
              + "|Crispy Seaweed Snack 12 pakete|味付けのり スナック 12袋|바삭한 김스낵 12봉"),
      c("chocolate", "food", 9, "Ferrero Rocher,Lindt,Cadbury,KitKat", "JP=Meiji,Royce';AU=Cadbury;KR=Lotte",
          "Assorted Chocolate Gift Box 24 pcs|什锦巧克力礼盒 24颗|綜合巧克力禮盒 24顆|Kotak Hadiah Coklat 24 biji"
              + "|Cokelat Kotak Hadiah isi 24|กล่องช็อกโกแลตของขวัญ 24 ชิ้น|Hộp quà sô-cô-la 24 viên"
              + "|Chocolate Gift Box 24 piraso|チョコレート ギフトボックス 24個入り|초콜릿 선물세트 24개입"),
      c("blocks", "toys", 35, "LEGO,Sluban,Keeppley", "TW=Nanoblock;JP=Kawada",
          "Building Blocks Set 500 pcs|拼装积木玩具 500颗粒|積木玩具組 500片|Set Blok Binaan 500 keping"
              + "|Mainan Balok Susun 500 pcs|บล็อกตัวต่อ 500 ชิ้น|Bộ đồ chơi lắp ráp 500 chi tiết"
              + "|Building Blocks na laruan 500 piraso|ブロック おもちゃ 500ピース|블록 장난감 세트 500피스"),
      c("rccar", "toys", 40, "WLtoys,Hot Wheels,Tamiya", "",
          "Remote Control Car 4WD Off-Road|四驱越野遥控车|四驅越野遙控車|Kereta Kawalan Jauh 4WD"
              + "|Mobil Remote Control 4WD Off Road|รถบังคับวิทยุ 4WD ออฟโรด|Xe điều khiển từ xa địa hình 4WD"
              + "|Remote Control na kotse 4WD|ラジコンカー 4WD オフロード|RC카 4륜구동 오프로드"),
      c("plush", "toys", 15, "Jellycat,Sanrio,Disney", "JP=San-X;KR=Kakao Friends;TH=Butterbear",
          "Plush Teddy Bear 40cm|毛绒泰迪熊公仔 40cm|泰迪熊絨毛娃娃 40cm|Anak Patung Beruang Lembut 40cm"
              + "|Boneka Beruang Teddy 40cm|ตุ๊กตาหมีเท็ดดี้ 40 ซม.|Gấu bông Teddy 40cm"
              + "|Teddy Bear stuffed toy 40cm|テディベア ぬいぐるみ 40cm|테디베어 인형 40cm"),
      c("ricecooker", "home", 60, "Panasonic,Philips,Sharp,Toshiba",
          "KR=Cuckoo;JP=Zojirushi,Tiger;TW=大同;VN=Sunhouse;MY=Khind",
          "Digital Rice Cooker 1.8L|智能电饭煲 1.8升|微電腦電子鍋 1.8L|Periuk Nasi Digital 1.8L"
              + "|Rice Cooker Digital 1.8 Liter|หม้อหุงข้าวดิจิตอล 1.8 ลิตร|Nồi cơm điện tử 1.8 lít"
              + "|Digital Rice Cooker 1.8L|マイコン炊飯器 5.5合|전기밥솥 6인용"),
      c("airfryer", "home", 70, "Philips,Xiaomi,Tefal,Cosori", "TH=Otto;VN=Lock&Lock;KR=Lock&Lock;PH=Hanabishi",
          "Air Fryer 5L Oil-Free|空气炸锅 5升 无油|氣炸鍋 5公升|Penggoreng Udara 5L Tanpa Minyak"
              + "|Air Fryer 5 Liter Tanpa Minyak|หม้อทอดไร้น้ำมัน 5 ลิตร|Nồi chiên không dầu 5 lít"
              + "|Air Fryer 5L, walang mantika|ノンフライヤー 5L|에어프라이어 5L"),
      c("bedsheet", "home", 30, "IKEA,Jysk,Sheridan", "VN=Everon;ID=Sleep Buddy;AU=Sheridan",
          "Cotton Bed Sheet Set, Queen|纯棉床单四件套 双人|純棉床包組 雙人|Set Cadar Kapas Saiz Queen"
              + "|Sprei Katun Set Queen|ชุดผ้าปูที่นอนผ้าฝ้าย ควีนไซส์|Bộ ga giường cotton 1m6"
              + "|Cotton Bedsheet Set, Queen size|綿100% ベッドシーツセット クイーン|순면 침구 세트 퀸"),
      c("storagebox", "home", 18, "IKEA,Lock&Lock,Muji", "JP=Nitori;TH=Keyway;ID=Lion Star",
          "Stackable Storage Box 3-Pack|可叠加收纳箱 3个装|可堆疊收納箱 3入|Kotak Simpanan Boleh Susun 3 pek"
              + "|Kotak Penyimpanan Susun isi 3|กล่องเก็บของ ซ้อนได้ 3 ใบ|Thùng nhựa đựng đồ xếp chồng bộ 3"
              + "|Stackable Storage Box 3 piraso|積み重ね 収納ボックス 3個セット|적층형 수납박스 3개 세트"),
      c("yogamat", "sports", 20, "Decathlon,Lululemon,Manduka", "",
          "Non-Slip Yoga Mat 6mm|防滑瑜伽垫 6mm|防滑瑜珈墊 6mm|Tikar Yoga Anti Gelincir 6mm"
              + "|Matras Yoga Anti Slip 6mm|เสื่อโยคะ กันลื่น 6 มม.|Thảm tập yoga chống trượt 6mm"
              + "|Non-slip na Yoga Mat 6mm|ヨガマット 滑り止め 6mm|미끄럼방지 요가매트 6mm"),
      c("dumbbells", "sports", 50, "Decathlon,Bowflex,Kettler", "",
          "Adjustable Dumbbell Set 20kg|可调节哑铃套装 20公斤|可調式啞鈴組 20公斤|Set Dumbel Boleh Laras 20kg"
              + "|Dumbel Set Adjustable 20kg|ดัมเบลปรับน้ำหนักได้ 20 กก.|Bộ tạ tay điều chỉnh 20kg"
              + "|Adjustable Dumbbell Set 20kg|可変式ダンベル 20kg セット|무게조절 덤벨 세트 20kg"),
      c("racket", "sports", 45, "Yonex,Victor,Li-Ning", "ID=Flypower;MY=Apacs",
          "Full Carbon Badminton Racket|全碳素羽毛球拍|全碳羽球拍|Raket Badminton Karbon Penuh"
              + "|Raket Badminton Full Carbon|ไม้แบดมินตันคาร์บอน|Vợt cầu lông carbon"
              + "|Full Carbon na Badminton Racket|バドミントンラケット カーボン|카본 배드민턴 라켓"),
      c("vitamins", "health", 12, "Blackmores,Nature's Way,Centrum,Swisse", "JP=DHC;KR=Korea Eundan;ID=Enervon-C",
          "Vitamin C 1000mg, 60 tablets|维生素C 1000毫克 60片|維他命C 1000mg 60錠|Vitamin C 1000mg, 60 biji"
              + "|Vitamin C 1000mg isi 60 tablet|วิตามินซี 1000 มก. 60 เม็ด|Viên uống vitamin C 1000mg hộp 60 viên"
              + "|Vitamin C 1000mg, 60 tableta|ビタミンC 1000mg 60粒|비타민C 1000mg 60정"),
      c("facemask", "health", 6, "3M,Unicharm", "ID=Sensi;KR=Welcron;TW=中衛;VN=Kiến Việt",
          "Disposable Face Masks, 50 pcs|一次性医用口罩 50只|醫療口罩 50入|Pelitup Muka Pakai Buang 50 keping"
              + "|Masker Medis 3 Ply isi 50|หน้ากากอนามัย 50 ชิ้น|Khẩu trang y tế 4 lớp hộp 50 cái"
              + "|Disposable Face Mask 50 piraso|不織布マスク 50枚入り|KF94 마스크 50매"),
      c("quartzwatch", "watches", 110, "Casio,Seiko,Citizen,Orient,Fossil", "",
          "Men's Quartz Watch, Stainless Steel|男士石英手表 不锈钢表带|男士石英錶 不鏽鋼錶帶"
              + "|Jam Tangan Lelaki Kuarza Keluli Tahan Karat|Jam Tangan Pria Quartz Stainless Steel"
              + "|นาฬิกาข้อมือผู้ชาย ควอตซ์ สายสแตนเลส|Đồng hồ nam quartz dây thép không gỉ"
              + "|Relo panlalaki, quartz, stainless|メンズ クォーツ腕時計 ステンレス|남성 쿼츠 손목시계 스테인리스"),
      // Genuine luxury (resale): priced from the luxury reference table, see ViolationVocabulary.LUXURY_BRANDS.
      c("luxurybag", "luxury-bags", 0, "Louis Vuitton,Gucci,Prada,Chanel,Coach", "",
          "Pre-owned Leather Shoulder Bag, authentic with receipt|二手真皮单肩包 正品带发票"
              + "|二手真皮肩背包 正品附購證|Beg Bahu Kulit Terpakai, original dengan resit"
              + "|Tas Bahu Kulit Preloved, original ada struk|กระเป๋าสะพายหนังแท้ มือสอง ของแท้มีใบเสร็จ"
              + "|Túi đeo vai da thật đã qua sử dụng, chính hãng có hóa đơn"
              + "|Pre-loved leather shoulder bag, authentic may resibo|中古 本革ショルダーバッグ 正規品 レシート付き"
              + "|중고 정품 가죽 숄더백 영수증 있음"),
      c("luxurywatch", "watches", 0, "Rolex,Omega,Cartier", "",
          "Automatic Watch, full set with box & papers|自动机械表 全套盒子证书|自動機械錶 盒單齊全"
              + "|Jam Tangan Automatik, set penuh dengan kotak & kad|Jam Tangan Automatic Fullset Box & Kartu"
              + "|นาฬิกาออโตเมติก ครบกล่องใบเซอร์|Đồng hồ cơ automatic fullbox đủ giấy tờ"
              + "|Automatic na relo, full set may box at papeles|自動巻き腕時計 箱・保証書付き"
              + "|오토매틱 시계 풀박스 보증서 포함"));

  /**
   * The catalogue of {@link GeneratorSettings#CATALOGUE_V2}: {@link #CONCEPTS} reshaped so that clean traffic stays
   * below the abuse detectors' thresholds. Same size and order as {@link #CONCEPTS} (so the same random draws pick the
   * same product), with:
   *
   * <ul>
   *   <li>earbuds and power banks in their own category {@code mobile-accessories}, smart watches at 220 USD,
   *       storage boxes at 25 and face masks at 8 (their categories also hold 450 USD wildlife and 18-35 USD vape and
   *       drug violations, which lift the median), so that the cheapest clean price of every category stays well
   *       above 0.1 x (in practice above 0.15 x) the rolling median of its category (price_anomaly);
   *   <li>genuine luxury watches in {@code luxury-watches} instead of next to 110 USD quartz watches in {@code
   *       watches}, and no Coach (350 USD) among the 2 000-8 000 USD luxury bags.
   * </ul>
   *
   * <p>Luxury resale listings come from established sellers only (new_account_high_value); that rule lives in the
   * generator.
   */
  static final List<Concept> CONCEPTS_V2;

  static {
    List<Concept> v2 = new ArrayList<>();
    for (Concept c : CONCEPTS) {
      switch (c.key) {
        case "earbuds":
        case "powerbank":
          v2.add(c.revise("mobile-accessories", c.usd, c.brands));
          break;
        case "smartwatch":
          v2.add(c.revise(c.category, 220, c.brands));
          break;
        case "storagebox":
          v2.add(c.revise(c.category, 25, c.brands));
          break;
        case "facemask":
          v2.add(c.revise(c.category, 8, c.brands));
          break;
        case "luxurybag": {
          List<String> brands = new ArrayList<>(c.brands);
          brands.remove("Coach");
          v2.add(c.revise(c.category, c.usd, List.copyOf(brands)));
          break;
        }
        case "luxurywatch":
          v2.add(c.revise("luxury-watches", c.usd, c.brands));
          break;
        default:
          v2.add(c);
      }
    }
    CONCEPTS_V2 = List.copyOf(v2);
  }

  /**
   * High-value products (2 000-6 000 USD) listed only by the {@code new_account_high_value} abuse episodes: no luxury
   * brand, nothing a content rule objects to.
   */
  static final List<Concept> HIGH_VALUE = List.of(
      c("gaminglaptop", "electronics", 3000, "ASUS ROG,Lenovo Legion,MSI,Razer", "",
          "Gaming Laptop RTX 4080 32GB RAM 2TB SSD|游戏笔记本电脑 RTX 4080 32GB内存 2TB固态"
              + "|電競筆電 RTX 4080 32GB記憶體 2TB SSD|Komputer Riba Gaming RTX 4080 32GB RAM 2TB SSD"
              + "|Laptop Gaming RTX 4080 RAM 32GB SSD 2TB|โน้ตบุ๊กเกมมิ่ง RTX 4080 แรม 32GB SSD 2TB"
              + "|Máy tính xách tay gaming RTX 4080 RAM 32GB SSD 2TB"
              + "|Gaming Laptop RTX 4080 32GB RAM 2TB SSD, bagong-bago|ゲーミングノートPC RTX 4080 メモリ32GB SSD 2TB"
              + "|게이밍 노트북 RTX 4080 32GB 램 2TB SSD"),
      c("camerakit", "cameras", 3500, "Sony,Canon,Nikon,Fujifilm", "",
          "Full-Frame Mirrorless Camera with 24-70mm Lens Kit|全画幅无反相机 24-70mm镜头套机"
              + "|全片幅無反光鏡相機 24-70mm鏡頭組|Kamera Mirrorless Full-Frame dengan Kit Lensa 24-70mm"
              + "|Kamera Mirrorless Full Frame Kit Lensa 24-70mm|กล้องมิเรอร์เลส ฟูลเฟรม พร้อมเลนส์ 24-70 มม."
              + "|Máy ảnh mirrorless full-frame kèm ống kính 24-70mm"
              + "|Full-Frame Mirrorless Camera na may 24-70mm Lens Kit|フルサイズ ミラーレス一眼 24-70mm レンズキット"
              + "|풀프레임 미러리스 카메라 24-70mm 렌즈 킷"));

  /** Title suffixes per language; empty string means "no suffix". */
  static final Map<String, List<String>> TITLE_SUFFIXES = Map.of(
      "en", List.of("", "", "- Authentic, Fast Shipping", "(Local Stock)", "| Free Gift"),
      "zh", List.of("", "", "正品包邮", "现货速发", "送赠品"),
      "zh-TW", List.of("", "", "現貨 免運", "台灣公司貨", "買就送"),
      "ms", List.of("", "", "Original Murah", "Stok Sedia Ada", "Hantar Pantas"),
      "id", List.of("", "", "Original Murah", "Ready Stok", "Gratis Ongkir"),
      "th", List.of("", "", "ของแท้ ส่งฟรี", "พร้อมส่ง", "ราคาพิเศษ"),
      "vi", List.of("", "", "chính hãng", "freeship", "giá tốt"),
      "fil", List.of("", "", "Legit Original", "Ready Stock", "Libreng Shipping"),
      "ja", List.of("", "", "正規品 送料無料", "即日発送", "国内正規品"),
      "ko", List.of("", "", "정품 무료배송", "당일발송", "특가"));

  /** Listing description templates per language. Placeholders: {brand} {name} {city}. */
  static final Map<String, List<String>> DESCRIPTIONS = Map.of(
      "en", List.of(
          "Brand new {brand} {name}. 100% authentic with official warranty. Ships from {city} within 24 hours.",
          "{name} by {brand} - great quality, exactly as pictured. Message us for bulk orders.",
          "Original {brand} product. Free gift with every purchase while stocks last. Warehouse in {city}."),
      "zh", List.of(
          "全新{brand}{name}，正品保证，官方保修。{city}仓库24小时内发货。",
          "{brand} {name}，质量好，实物与图片一致。批量订购请私聊。",
          "{brand}原装正品，数量有限，下单送小礼品。"),
      "zh-TW", List.of(
          "全新{brand}{name}，保證正品，原廠保固。{city}出貨，24小時內寄出。",
          "{brand} {name}，品質好，實品與圖片相同。大量訂購請私訊。",
          "{brand}原廠正品，數量有限，下單送小禮物。"),
      "ms", List.of(
          "{brand} {name} baru, 100% original dengan waranti rasmi. Penghantaran dari {city} dalam 24 jam.",
          "{name} daripada {brand}, kualiti terbaik, sama seperti gambar. PM untuk tempahan pukal.",
          "Produk original {brand}. Hadiah percuma untuk setiap pembelian selagi stok ada."),
      "id", List.of(
          "{brand} {name} baru, 100% original bergaransi resmi. Dikirim dari {city} dalam 24 jam.",
          "{name} dari {brand}, kualitas terbaik, sesuai foto. Chat untuk pembelian grosir.",
          "Produk original {brand}. Gratis hadiah untuk setiap pembelian selama persediaan masih ada."),
      "th", List.of(
          "{brand} {name} ของใหม่ ของแท้ 100% มีประกันศูนย์ จัดส่งจาก{city}ภายใน 24 ชั่วโมง",
          "{name} จาก {brand} คุณภาพดี ตรงปก สั่งจำนวนมากทักแชทได้เลย",
          "สินค้าแท้จาก {brand} มีของแถมทุกออเดอร์ จำนวนจำกัด"),
      "vi", List.of(
          "{brand} {name} mới 100%, hàng chính hãng, bảo hành toàn quốc. Giao hàng từ {city} trong 24 giờ.",
          "{name} của {brand}, chất lượng tốt, giống hình 100%. Nhắn tin để mua sỉ.",
          "Sản phẩm chính hãng {brand}. Tặng quà cho mọi đơn hàng, số lượng có hạn."),
      "fil", List.of(
          "Bagong {brand} {name}, 100% original na may warranty. Ipapadala mula {city} sa loob ng 24 oras.",
          "{name} ng {brand}, magandang kalidad, kagaya ng nasa litrato. Mag-message para sa bultuhang order.",
          "Original na produkto ng {brand}. May libreng regalo sa bawat order habang may stock pa."),
      "ja", List.of(
          "新品 {brand} {name}。正規品・メーカー保証付き。{city}から24時間以内に発送します。",
          "{brand}の{name}です。品質良好、写真の通りです。まとめ買いはメッセージください。",
          "{brand}正規品。数量限定でノベルティプレゼント中。"),
      "ko", List.of(
          "새상품 {brand} {name}, 100% 정품, 공식 A/S 가능. {city}에서 24시간 이내 발송합니다.",
          "{brand} {name}, 품질 좋고 사진과 동일합니다. 대량 구매는 문의 주세요.",
          "{brand} 정품입니다. 재고 소진 시까지 사은품 증정."));

  /** Video caption templates per language. Placeholders: {brand} {name}. */
  static final Map<String, List<String>> CAPTIONS = Map.of(
      "en", List.of("Honest review of the {brand} {name} 👀 worth it?", "Unboxing my new {name}! Link below 🛒",
          "Flash sale on {brand} {name} today only ⚡", "3 reasons I love this {name} 🔥"),
      "zh", List.of("开箱 {brand} {name}，真的太好用了！🛒", "{name} 真实测评，值不值得买？",
          "今日限时特价 {brand} {name} ⚡ 链接在下方"),
      "zh-TW", List.of("開箱 {brand} {name}，CP值超高！🛒", "{name} 真心推薦，連結在下方👇",
          "限時特價 {brand} {name} ⚡ 手刀下單"),
      "ms", List.of("Unboxing {brand} {name} baru saya! 🛒", "Review jujur {name}, berbaloi ke?",
          "Jualan kilat {brand} {name} hari ini sahaja ⚡"),
      "id", List.of("Unboxing {brand} {name} baru! 🛒 Cek keranjang kuning ya", "Review jujur {name}, worth it gak?",
          "Flash sale {brand} {name} hari ini aja ⚡"),
      "th", List.of("แกะกล่อง {brand} {name} ของมันต้องมี! 🛒", "รีวิวจริง {name} คุ้มไหม?",
          "ลดราคาพิเศษ {brand} {name} วันนี้เท่านั้น ⚡ กดตะกร้าเลย"),
      "vi", List.of("Đập hộp {brand} {name} mới toanh! 🛒", "Review thật {name}, có đáng mua không?",
          "Flash sale {brand} {name} chỉ hôm nay ⚡ bấm giỏ hàng nhé"),
      "fil", List.of("Unboxing ng bagong {brand} {name}! 🛒", "Honest review ng {name}, sulit ba?",
          "Flash sale ng {brand} {name} ngayong araw lang ⚡ i-check out na!"),
      "ja", List.of("{brand} {name} 開封レビュー！🛒", "{name} 正直レビュー、買う価値ある？",
          "本日限定セール {brand} {name} ⚡ リンクはプロフィールから"),
      "ko", List.of("{brand} {name} 언박싱! 🛒", "{name} 솔직 리뷰, 살 만할까?",
          "오늘만 특가 {brand} {name} ⚡ 링크는 프로필에"));

  /** Hashtags (without '#') per language. */
  static final Map<String, List<String>> HASHTAGS = Map.of(
      "en", List.of("review", "unboxing", "fyp", "shopping", "sale", "musthave", "dealoftheday"),
      "zh", List.of("开箱", "好物推荐", "测评", "省钱攻略", "种草"),
      "zh-TW", List.of("開箱", "好物推薦", "團購", "CP值", "必買"),
      "ms", List.of("reviewjujur", "jualanmurah", "barangbaik", "fyp", "unboxing"),
      "id", List.of("racun", "rekomendasi", "reviewjujur", "promo", "fyp"),
      "th", List.of("รีวิว", "ของดีบอกต่อ", "ป้ายยา", "ลดราคา", "fyp"),
      "vi", List.of("review", "đậphộp", "sănsale", "hàngchínhhãng", "xuhướng"),
      "fil", List.of("sulit", "legit", "budolfinds", "review", "fyp"),
      "ja", List.of("開封動画", "購入品紹介", "レビュー", "おすすめ", "プチプラ"),
      "ko", List.of("언박싱", "내돈내산", "리뷰", "추천템", "꿀템"));

  static String fill(String template, String brand, String name, String city) {
    return template.replace("{brand}", brand == null ? "" : brand)
        .replace("{name}", name)
        .replace("{city}", city == null ? "" : city)
        .replace("  ", " ")
        .trim();
  }

  /** Concepts usable for ordinary listings (all of them) in the given catalogue version. */
  static List<Concept> concepts(int catalogueVersion) {
    return catalogueVersion == GeneratorSettings.CATALOGUE_V1 ? CONCEPTS : CONCEPTS_V2;
  }

  /** The concept with this key in the given catalogue version. */
  static Concept concept(int catalogueVersion, String key) {
    for (Concept c : concepts(catalogueVersion)) {
      if (c.key.equals(key)) {
        return c;
      }
    }
    throw new IllegalArgumentException("no concept " + key);
  }

  /** Every listing category the generator uses, in any catalogue version (violations included). */
  static List<String> categories() {
    List<String> out = new ArrayList<>();
    List<Concept> all = new ArrayList<>(CONCEPTS);
    all.addAll(CONCEPTS_V2);
    all.addAll(HIGH_VALUE);
    for (Concept c : all) {
      if (!out.contains(c.category)) {
        out.add(c.category);
      }
    }
    for (String c : ViolationVocabulary.CATEGORY_V2.values()) {
      if (!out.contains(c)) {
        out.add(c);
      }
    }
    return out;
  }
}
