package com.shopwatch.generate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The policy-violation vocabulary the generator uses. This class is the single source of truth: {@link
 * #renderMarkdown()} produces {@code config/samples/violation-vocabulary.md} (run {@link #main(String[])}), and a
 * test checks that the committed file is up to date, so every term, evasion spelling, hashtag form and luxury brand
 * that can appear in generated violations is listed there.
 */
public final class ViolationVocabulary {
  private ViolationVocabulary() {}

  public static final String VAPE = "vape";
  public static final String WEAPON = "weapon";
  public static final String COUNTERFEIT_LUXURY = "counterfeit_luxury";
  public static final String PRESCRIPTION_DRUG = "prescription_drug";
  public static final String WILDLIFE = "wildlife";

  /** All violation codes, in the round-robin order the generator uses. */
  public static final List<String> CODES = List.of(VAPE, WEAPON, COUNTERFEIT_LUXURY, PRESCRIPTION_DRUG, WILDLIFE);

  /** Terms (plain spellings) and evasion variants of one violation in one language. */
  static final class Lexicon {
    final List<String> terms;
    final List<String> evasions;

    Lexicon(List<String> terms, List<String> evasions) {
      this.terms = terms;
      this.evasions = evasions;
    }
  }

  /** A luxury brand with its product kind ("bag" or "watch") and a typical new retail price in USD. */
  static final class LuxuryBrand {
    final String name;
    final String product;
    final double usd;
    final List<String> evasions;

    LuxuryBrand(String name, String product, double usd, List<String> evasions) {
      this.name = name;
      this.product = product;
      this.usd = usd;
      this.evasions = evasions;
    }
  }

  private static Lexicon lex(String terms, String evasions) {
    return new Lexicon(List.of(terms.split(";")), List.of(evasions.split(";")));
  }

  private static Map<String, Lexicon> byLang(Lexicon... perLang) {
    if (perLang.length != Catalogue.LANGS.size()) {
      throw new IllegalStateException("expected one lexicon per language");
    }
    Map<String, Lexicon> m = new LinkedHashMap<>();
    for (int i = 0; i < perLang.length; i++) {
      m.put(Catalogue.LANGS.get(i), perLang[i]);
    }
    return Collections.unmodifiableMap(m);
  }

  // Language order: en, zh, zh-TW, ms, id, th, vi, fil, ja, ko
  static final Map<String, Map<String, Lexicon>> LEXICON;

  static {
    Map<String, Map<String, Lexicon>> m = new LinkedHashMap<>();
    m.put(VAPE, byLang(
        lex("vape pod;e-cigarette;disposable vape;vape juice;e-liquid", "V.A.P.E;ｖａｐｅ;v4pe;v@pe pod;e-c1garette"),
        lex("电子烟;一次性电子烟;电子烟油;烟弹", "电子yan;电 子 烟;dianziyan"),
        lex("電子煙;電子菸;一次性電子煙;煙彈;煙油", "電子ㄧㄢ;電 子 煙;小煙彈"),
        lex("rokok elektronik;vape;pod vape;cecair vape", "r0k0k elektronik;V.A.P.E;vap3"),
        lex("rokok elektrik;vape pod;liquid vape;liquid saltnic", "rokok elektr1k;v4pe;ｖａｐｅ;lik1d vape"),
        lex("บุหรี่ไฟฟ้า;พอตไฟฟ้า;น้ำยาบุหรี่ไฟฟ้า;พอตใช้แล้วทิ้ง", "บุ-หรี่-ไฟ-ฟ้า;บุหรี่ไฟฟ้ๅ;พ็อต;ｖａｐｅ"),
        lex("thuốc lá điện tử;vape;pod điện tử;tinh dầu vape", "thuoc la dien tu;t.l.đ.t;v4pe;thuốc lá đ.tử"),
        lex("vape;vape pod;e-cig;vape juice", "v@pe;V.A.P.E;vayp;e-c1g"),
        lex("電子タバコ;VAPE;ベイプ;使い捨て電子タバコ;リキッド", "電子たばこ;電子ﾀﾊﾞｺ;でんしたばこ;ＶＡＰＥ"),
        lex("전자담배;액상 전자담배;일회용 전자담배;베이프", "전자댐배;ㅈㅈㄷㅂ;전.자.담.배;액상담ㅂㅐ")));
    m.put(WEAPON, byLang(
        lex("pistol;handgun;firearm;ammunition;9mm rounds;brass knuckles", "p1stol;h@ndgun;ｇｕｎ;g.u.n;amm0"),
        lex("手枪;枪支;子弹;指虎", "手qiang;木仓;枪 支;zi弹"),
        lex("手槍;槍枝;子彈;指虎", "手ㄑㄧㄤ;木倉;槍 枝"),
        lex("senjata api;pistol;peluru hidup;buku lima besi", "s3njata api;p1stol;pelur0"),
        lex("senjata api;senpi;pistol;peluru tajam", "s3npi;p1stol;senj4ta api;pelur* tajam"),
        lex("ปืน;ปืนพก;กระสุนปืน;สนับมือ", "ปืnพก;ปื น;กระ-สุน;ｇｕｎ"),
        lex("súng;súng ngắn;đạn;vũ khí;nắm đấm sắt", "sung ngan;s.ú.n.g;súng ngắ.n;đ@n"),
        lex("baril;kalibre .45;bala;sumpak", "b@ril;b4la;sump@k"),
        lex("拳銃;ピストル;実弾;銃;メリケンサック", "けん銃;拳 銃;ﾋﾟｽﾄﾙ;チャカ"),
        lex("총기;권총;실탄;너클", "권.총;ㄱㅊ;총 기;실ㅌㅏㄴ")));
    m.put(COUNTERFEIT_LUXURY, byLang(
        lex("replica;1:1;super copy;mirror quality;AAA grade", "rep;r3plica;1:1 ori;ｒｅｐｌｉｃａ"),
        lex("高仿;A货;复刻;原单;1:1", "GF;高 仿;1比1"),
        lex("高仿;A貨;複刻;原單;1:1", "GF;一比一;高 仿"),
        lex("replika;gred AAA;ori grade;copy ori", "r3plika;ori gr4de;kopi ori"),
        lex("KW;KW super;ori grade;mirror quality;replika", "kw1;k.w;0ri grade;KW super premium"),
        lex("ก๊อปเกรด;งานมิลเลอร์;งานก๊อป;เหมือนแท้", "ก็อป;ก.อ.ป;มิลเลอ;งานก๊อปปี้"),
        lex("hàng fake;hàng siêu cấp;replica;like auth;rep 1:1", "f@ke;sieu cap;rep1:1;hàng sc"),
        lex("class A;replica;mirror copy;OEM", "klase A;r3plica;mirror cpy"),
        lex("コピー品;スーパーコピー;N級品;レプリカ", "ｺﾋﾟｰ品;S級品;激安ブランド;コピ-品"),
        lex("짝퉁;이미테이션;레플리카;미러급", "ㅉㅌ;레플;st급;짝.퉁")));
    m.put(PRESCRIPTION_DRUG, byLang(
        lex("tramadol;oxycodone;xanax;alprazolam;diazepam;codeine syrup", "tr@madol;0xy;x@nax;tramad0l;ｔｒａｍａｄｏｌ"),
        lex("曲马多;处方药;安眠药;羟考酮;地西泮", "曲 马 多;处fang药;tramadol"),
        lex("曲馬多;處方藥;安眠藥;贊安諾;煩寧", "曲 馬 多;處f藥;tramadol"),
        lex("ubat preskripsi;tramadol;pil tidur;alprazolam", "tr4madol;ub4t preskripsi;p1l tidur"),
        lex("obat keras;tramadol;pil koplo;obat penenang;alprazolam", "tr4madol;pil k0plo;tram;0bat keras"),
        lex("ยาแก้ปวด tramadol;ทรามาดอล;ยานอนหลับ;ยาควบคุมพิเศษ;ยาแก้ไอโคเดอีน", "ทรามาด๊อล;ยา-นอน-หลับ;tr@madol"),
        lex("thuốc kê đơn;tramadol;thuốc ngủ;thuốc giảm đau gây nghiện;seduxen",
            "thuoc ke don;tr4madol;thuốc ngủ k cần đơn;thuoc ngu"),
        lex("tramadol;gamot na may reseta;pampatulog;alprazolam", "tr@madol;pampatul0g;x@nax"),
        lex("処方薬;トラマドール;睡眠薬;向精神薬;デパス", "処方ヤク;ﾄﾗﾏﾄﾞｰﾙ;睡眠ヤク;デパ"),
        lex("전문의약품;트라마돌;수면제;졸피뎀;처방전 없이", "ㅅㅁㅈ;수.면.제;트라마돌정;졸피")));
    m.put(WILDLIFE, byLang(
        lex("ivory;pangolin scales;rhino horn;tiger bone;tiger tooth", "iv0ry;i.v.o.r.y;p@ngolin scales;rhin0 horn;ｉｖｏｒｙ"),
        lex("象牙;穿山甲鳞片;犀牛角;虎骨;虎牙", "象 牙;xiang牙;甲片;犀角"),
        lex("象牙;穿山甲鱗片;犀牛角;虎骨;虎牙", "象 牙;甲片;犀角"),
        lex("gading gajah;sisik tenggiling;tanduk badak;taring harimau", "g4ding gajah;sisik t3nggiling;tanduk b@dak"),
        lex("gading gajah;sisik trenggiling;cula badak;taring harimau", "g@ding;sisik treng;cul4 badak;taring macan asli"),
        lex("งาช้าง;เกล็ดลิ่น;นอแรด;เขี้ยวเสือ", "งาช้ๅง;นอ แรด;เกล็ด-ลิ่น"),
        lex("ngà voi;vảy tê tê;sừng tê giác;cao hổ cốt;răng hổ", "nga voi;vay te te;sừng t.g;ngà v0i"),
        lex("garing ng elepante;kaliskis ng pangolin;sungay ng rhino;ivory", "iv0ry;gar1ng;p@ngolin"),
        lex("象牙;センザンコウの鱗;サイの角;虎骨;虎の牙", "ぞうげ;象 牙;ｱｲﾎﾞﾘｰ"),
        lex("상아;천산갑 비늘;코뿔소 뿔;호랑이 뼈;호랑이 이빨", "상.아;코뿔소뿔;ㅅㅇ 공예품")));
    LEXICON = Collections.unmodifiableMap(m);
  }

  /** Listing category the seller puts a violating (non-counterfeit) item in. */
  static final Map<String, String> CATEGORY = Map.of(
      VAPE, "health", WEAPON, "sports", PRESCRIPTION_DRUG, "health", WILDLIFE, "home");

  /**
   * The categories of {@link GeneratorSettings#CATALOGUE_V2}: weapons and wildlife products go to categories no clean
   * listing uses (still not a prohibited category), so that their prices (hundreds of USD) cannot lift the rolling
   * median of {@code sports} or {@code home} above 10x the price of a clean yoga mat or storage box (price_anomaly).
   */
  static final Map<String, String> CATEGORY_V2 = Map.of(
      VAPE, "health", WEAPON, "outdoor", PRESCRIPTION_DRUG, "health", WILDLIFE, "collectibles");

  /** Typical USD price of a violating (non-counterfeit) item. */
  static final Map<String, Double> USD = Map.of(VAPE, 18.0, WEAPON, 650.0, PRESCRIPTION_DRUG, 35.0, WILDLIFE, 450.0);

  /** Listing title templates for vape/weapon/prescription_drug/wildlife. Placeholder: {term}. */
  static final Map<String, List<String>> TITLES = Map.of(
      "en", List.of("{term} ready stock fast delivery", "Cheap {term} - discreet packing", "{term} original COD"),
      "zh", List.of("{term} 现货 当天发货", "正品 {term} 包邮 隐私发货"),
      "zh-TW", List.of("{term} 現貨 當天出貨", "{term} 隱密包裝 免運"),
      "ms", List.of("{term} ready stock murah", "{term} original COD seluruh Malaysia"),
      "id", List.of("{term} ready stok murah", "{term} original bisa COD"),
      "th", List.of("{term} พร้อมส่ง ราคาถูก", "{term} ส่งไว เก็บเงินปลายทาง"),
      "vi", List.of("{term} giá rẻ có sẵn", "{term} giao hàng kín đáo, ship COD"),
      "fil", List.of("{term} available, murang presyo", "{term} legit, COD nationwide"),
      "ja", List.of("{term} 即日発送 格安", "{term} 匿名配送 在庫あり"),
      "ko", List.of("{term} 당일발송 최저가", "{term} 비밀포장 재고있음"));

  /** Description templates for every violation code. Placeholder: {term}. */
  static final Map<String, List<String>> DESCRIPTIONS = Map.of(
      "en", List.of("{term} available now. PM for more details, discreet packaging, fast shipping."),
      "zh", List.of("{term} 有货，详情私聊，隐私包装，快速发货。"),
      "zh-TW", List.of("{term} 有現貨，詳情請私訊，隱密包裝，快速出貨。"),
      "ms", List.of("{term} ada stok. PM untuk maklumat lanjut, bungkusan rahsia, penghantaran pantas."),
      "id", List.of("{term} tersedia. Chat untuk info lebih lanjut, packing aman dan rahasia, kirim cepat."),
      "th", List.of("{term} มีของพร้อมส่ง สนใจทักแชท แพ็คมิดชิด ส่งไว"),
      "vi", List.of("{term} có sẵn. Inbox để biết thêm chi tiết, đóng gói kín đáo, giao hàng nhanh."),
      "fil", List.of("{term} available na. Mag-PM para sa detalye, discreet ang packaging, mabilis ang shipping."),
      "ja", List.of("{term} 在庫あります。詳細はDMで。匿名・厳重梱包で迅速発送。"),
      "ko", List.of("{term} 재고 있습니다. 자세한 내용은 DM 주세요. 비밀 포장, 빠른 배송."));

  /** Video caption templates for every violation code. Placeholder: {term}. */
  static final Map<String, List<String>> CAPTIONS = Map.of(
      "en", List.of("Got the new {term} in stock 🔥 DM to order", "Restock alert: {term} 💨 limited"),
      "zh", List.of("{term} 现货，私聊下单 🔥"),
      "zh-TW", List.of("{term} 現貨 私訊下單 🔥"),
      "ms", List.of("{term} ready stock, PM untuk order 🔥"),
      "id", List.of("{term} ready stok, DM aja kak 🔥"),
      "th", List.of("{term} พร้อมส่ง ทักแชทเลย 🔥"),
      "vi", List.of("{term} có sẵn, inbox để đặt hàng 🔥"),
      "fil", List.of("{term} available, PM lang po 🔥"),
      "ja", List.of("{term} 在庫あり DMください 🔥"),
      "ko", List.of("{term} 재고 있음 DM 주세요 🔥"));

  /** Counterfeit listing title templates. Placeholders: {brand} {product} {term}. */
  static final Map<String, List<String>> COUNTERFEIT_TITLES = Map.of(
      "en", List.of("{brand} {product} {term}", "{term} {brand} {product} full set"),
      "zh", List.of("{brand} {product} {term}", "{term} {brand} {product} 顶级品质"),
      "zh-TW", List.of("{brand} {product} {term}", "{term} {brand} {product} 頂級品質"),
      "ms", List.of("{brand} {product} {term}", "{brand} {product} {term} murah"),
      "id", List.of("{brand} {product} {term}", "{brand} {product} {term} premium"),
      "th", List.of("{brand} {product} {term}", "{brand} {product} {term} ตรงปก"),
      "vi", List.of("{brand} {product} {term}", "{brand} {product} {term} fullbox"),
      "fil", List.of("{brand} {product} {term}", "{brand} {product} {term} sulit"),
      "ja", List.of("{brand} {product} {term}", "{brand} {product} {term} 激安"),
      "ko", List.of("{brand} {product} {term}", "{brand} {product} {term} 특가"));

  /** Neutral local product names used in counterfeit titles. */
  static final Map<String, String> BAG_NAMES = Map.of(
      "en", "Leather Handbag", "zh", "真皮手提包", "zh-TW", "真皮手提包", "ms", "Beg Tangan Kulit",
      "id", "Tas Tangan Kulit", "th", "กระเป๋าถือหนัง", "vi", "Túi xách da", "fil", "Leather Handbag",
      "ja", "レザーハンドバッグ", "ko", "가죽 핸드백");

  static final Map<String, String> WATCH_NAMES = Map.of(
      "en", "Automatic Watch", "zh", "自动机械表", "zh-TW", "自動機械錶", "ms", "Jam Tangan Automatik",
      "id", "Jam Tangan Automatic", "th", "นาฬิกาออโตเมติก", "vi", "Đồng hồ cơ automatic", "fil", "Automatic na Relo",
      "ja", "自動巻き腕時計", "ko", "오토매틱 시계");

  /** Luxury brands; counterfeits are priced at 2-8 % of {@code usd}, genuine resale at 70-115 %. */
  static final List<LuxuryBrand> LUXURY_BRANDS = List.of(
      new LuxuryBrand("Louis Vuitton", "bag", 2_200, List.of("L0uis Vuitt0n", "LV", "L.V")),
      new LuxuryBrand("Gucci", "bag", 2_500, List.of("G*cci", "Gu((i", "GC")),
      new LuxuryBrand("Chanel", "bag", 8_000, List.of("Chan3l", "C.H.A.N.E.L", "CC")),
      new LuxuryBrand("Hermès", "bag", 12_000, List.of("Hermes", "H3rmes", "HMS")),
      new LuxuryBrand("Prada", "bag", 2_300, List.of("Pr@da", "P.R.A.D.A")),
      new LuxuryBrand("Dior", "bag", 3_500, List.of("D1or", "CD")),
      new LuxuryBrand("Coach", "bag", 350, List.of("C0ach")),
      new LuxuryBrand("Rolex", "watch", 10_000, List.of("Rol3x", "R0lex", "RLX")),
      new LuxuryBrand("Omega", "watch", 6_000, List.of("0mega", "OMG")),
      new LuxuryBrand("Cartier", "watch", 7_000, List.of("Cart1er", "C@rtier")));

  /** Brands that are counterfeited (Coach is only used for genuine resale listings). */
  static List<LuxuryBrand> counterfeitBrands() {
    List<LuxuryBrand> out = new ArrayList<>();
    for (LuxuryBrand b : LUXURY_BRANDS) {
      if (!b.name.equals("Coach")) {
        out.add(b);
      }
    }
    return out;
  }

  static LuxuryBrand luxuryBrand(String name) {
    for (LuxuryBrand b : LUXURY_BRANDS) {
      if (b.name.equals(name)) {
        return b;
      }
    }
    return null;
  }

  /** The hashtag form (without '#') of a term: lower-cased, whitespace removed. */
  static String hashtagForm(String term) {
    return term.toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
  }

  /** Renders the vocabulary file. */
  public static String renderMarkdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("# Shopwatch synthetic traffic: policy-violation vocabulary\n\n");
    sb.append("<!-- GENERATED by com.shopwatch.generate.ViolationVocabulary (run its main). Do not edit by hand;"
        + " a test fails if this file is out of date. -->\n\n");
    sb.append("This is the exact vocabulary `SyntheticEventGenerator` uses for `VIOLATION` events. Policy packs must"
        + " match every term below (and ideally every evasion variant) for the given market language.\n\n");
    sb.append("How the vocabulary is used:\n\n");
    sb.append("- Languages per market: SG `en`/`zh`, MY `ms`/`en`, ID `id`, TH `th`, VN `vi`, PH `fil`/`en`,"
        + " JP `ja`, KR `ko`, TW `zh-TW`, AU `en`.\n");
    sb.append("- Each violating title (listing) or caption (video) contains one *term* or, about 35 % of the time,"
        + " one *evasion variant* of the event's language. The description (listings) contains another term or"
        + " evasion variant of the same code and language.\n");
    sb.append("- Video hashtags contain the *hashtag form* of the term/variant used in the caption (lower-cased,"
        + " whitespace removed), followed by ordinary hashtags.\n");
    sb.append("- `counterfeit_luxury` listings carry the real luxury brand in the `brand` field, a price of 2-8 % of the"
        + " brand's reference price (converted to the local currency) and a counterfeit term in the title; ~35 % of"
        + " titles spell the brand with an evasion spelling. Genuine luxury resale listings (valid events) carry the"
        + " same brands at 70-115 % of the reference price and no counterfeit term.\n");
    sb.append("- Violating listings are put in these categories: ");
    List<String> cats = new ArrayList<>();
    for (String code : CODES) {
      if (CATEGORY.containsKey(code)) {
        cats.add("`" + code + "` -> `" + CATEGORY.get(code) + "`");
      }
    }
    sb.append(String.join(", ", cats)).append(", `counterfeit_luxury` -> `luxury-bags` / `watches`.\n\n");

    for (String code : CODES) {
      sb.append("## `").append(code).append("`\n\n");
      for (Map.Entry<String, Lexicon> e : LEXICON.get(code).entrySet()) {
        Lexicon lx = e.getValue();
        sb.append("- **").append(e.getKey()).append("**\n");
        sb.append("  - terms: ").append(quoteAll(lx.terms)).append('\n');
        sb.append("  - evasion variants: ").append(quoteAll(lx.evasions)).append('\n');
        Set<String> tags = new LinkedHashSet<>();
        for (String t : lx.terms) {
          tags.add(hashtagForm(t));
        }
        for (String t : lx.evasions) {
          tags.add(hashtagForm(t));
        }
        sb.append("  - hashtag forms: ").append(quoteAll(new ArrayList<>(tags))).append('\n');
      }
      sb.append('\n');
      if (code.equals(COUNTERFEIT_LUXURY)) {
        sb.append("Luxury brands (value of the `brand` field), reference price in USD, and the evasion spellings used"
            + " in titles:\n\n");
        for (LuxuryBrand b : LUXURY_BRANDS) {
          sb.append("- `").append(b.name).append("` (").append(b.product).append(", USD ")
              .append((long) b.usd).append(")");
          if (b.name.equals("Coach")) {
            sb.append(": genuine resale only, never counterfeited\n");
          } else {
            sb.append(": evasion spellings ").append(quoteAll(b.evasions)).append('\n');
          }
        }
        sb.append("\nProduct words in counterfeit titles: bag ")
            .append(quoteAll(new ArrayList<>(orderedValues(BAG_NAMES)))).append("; watch ")
            .append(quoteAll(new ArrayList<>(orderedValues(WATCH_NAMES)))).append(".\n\n");
      }
    }

    sb.append("## Templates (context words around the terms)\n\n");
    sb.append("`{term}` is a term or evasion variant from above; `{brand}` a luxury brand or its evasion spelling;"
        + " `{product}` the bag/watch word of the language.\n\n");
    appendTemplates(sb, "Listing titles (vape, weapon, prescription_drug, wildlife)", TITLES);
    appendTemplates(sb, "Listing titles (counterfeit_luxury)", COUNTERFEIT_TITLES);
    appendTemplates(sb, "Listing descriptions (all codes)", DESCRIPTIONS);
    appendTemplates(sb, "Video captions (all codes)", CAPTIONS);
    return sb.toString();
  }

  private static List<String> orderedValues(Map<String, String> m) {
    List<String> out = new ArrayList<>();
    for (String lang : Catalogue.LANGS) {
      if (!out.contains(m.get(lang))) {
        out.add(m.get(lang));
      }
    }
    return out;
  }

  private static void appendTemplates(StringBuilder sb, String title, Map<String, List<String>> templates) {
    sb.append("### ").append(title).append("\n\n");
    for (String lang : Catalogue.LANGS) {
      sb.append("- **").append(lang).append("**: ").append(quoteAll(templates.get(lang))).append('\n');
    }
    sb.append('\n');
  }

  private static String quoteAll(List<String> items) {
    List<String> q = new ArrayList<>();
    for (String s : items) {
      q.add("`" + s + "`");
    }
    return String.join(", ", q);
  }

  /** Writes the markdown file. Argument: output path (default {@code config/samples/violation-vocabulary.md}). */
  public static void main(String[] args) throws IOException {
    Path out = Paths.get(args.length > 0 ? args[0] : "config/samples/violation-vocabulary.md");
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    Files.write(out, renderMarkdown().getBytes(StandardCharsets.UTF_8));
    System.out.println("wrote " + out.toAbsolutePath());
  }
}
