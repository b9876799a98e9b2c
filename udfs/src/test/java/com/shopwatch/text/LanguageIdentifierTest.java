package com.shopwatch.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LanguageIdentifierTest {
    static final LanguageIdentifier ID = LanguageIdentifier.get();

    static final List<String> VI = List.of(
            "Áo thun nam cotton giá rẻ",
            "Giày thể thao nữ siêu nhẹ chính hãng",
            "Tai nghe bluetooth không dây chống ồn",
            "Nồi chiên không dầu 5 lít bảo hành 12 tháng",
            "Son môi lì màu đỏ cam lâu trôi",
            "Bình giữ nhiệt inox 500ml giữ lạnh cả ngày",
            "Quần jean nữ lưng cao co giãn",
            "Sữa rửa mặt cho da dầu mụn",
            "Ốp lưng điện thoại trong suốt chống sốc",
            "Bộ nồi inox 3 đáy tặng kèm vá");
    static final List<String> ID_ = List.of(
            "Sepatu olahraga pria murah",
            "Kaos polos wanita bahan katun adem",
            "Tas selempang kulit asli untuk pria",
            "Celana jeans wanita model terbaru",
            "Sabun cuci muka untuk kulit berminyak",
            "Panci anti lengket ukuran besar gratis ongkir",
            "Jam tangan pria tahan air garansi resmi",
            "Kerudung segi empat bahan voal premium",
            "Mainan anak edukasi kayu aman untuk balita",
            "Botol minum anak anti tumpah warna lucu");
    static final List<String> MS = List.of(
            "Kasut sukan lelaki murah",
            "Baju kurung moden untuk wanita",
            "Beg tangan kulit wanita harga borong",
            "Seluar jeans lelaki potongan slim",
            "Kuali tidak melekat saiz besar penghantaran percuma",
            "Jam tangan lelaki kalis air jaminan setahun",
            "Tudung bawal bidang 45 kain lembut",
            "Mainan kanak-kanak pendidikan kayu selamat",
            "Pencuci muka untuk kulit berminyak dan berjerawat",
            "Botol air kanak-kanak tidak tumpah");
    static final List<String> FIL = List.of(
            "Murang sapatos para sa lalaki",
            "Damit pambabae na maganda at mura",
            "Bag na gawa sa tunay na balat para sa mga babae",
            "Pantalon na maong para sa lalaki bagong dating",
            "Kawali na hindi dumidikit malaking sukat",
            "Relo ng lalaki hindi tinatablan ng tubig",
            "Laruan ng mga bata na gawa sa kahoy",
            "Sabon sa mukha para sa mamantika na balat",
            "Libreng padala sa buong bansa bili na kayo",
            "Bote ng tubig para sa mga bata hindi natatapon");
    static final List<String> EN = List.of(
            "Men's running shoes lightweight breathable",
            "Wireless bluetooth earbuds with noise cancelling",
            "Stainless steel water bottle keeps drinks cold all day",
            "Women's high waist stretch jeans",
            "Non-stick frying pan large size free shipping",
            "Waterproof men's watch with one year warranty",
            "Wooden educational toys for toddlers",
            "Facial cleanser for oily and acne prone skin",
            "Phone case clear shockproof cover",
            "Leather crossbody bag for women brand new");

    /** Over 50 chars: optimaize samples its n-grams (with a seeded Random) instead of scoring them all. */
    static final String LONG_HASHTAG = "sepatuolahragapriamurahkualitasterbaikgaransiresmigratisongkir";

    static void assertAll(List<String> titles, String country, String expected) {
        for (String t : titles) {
            DetectedLanguage d = ID.identify(country, t);
            assertThat(d).as(t).isNotNull();
            assertThat(d.language()).as(t + " " + d).isEqualTo(expected);
            assertThat(d.method()).isEqualTo(DetectedLanguage.TEXT);
        }
    }

    @Test
    void vietnamese() {
        assertAll(VI, "VN", "vi");
    }

    @Test
    void indonesian() {
        assertAll(ID_, "ID", "id");
    }

    @Test
    void malay() {
        assertAll(MS, "MY", "ms");
    }

    @Test
    void filipinoIsReportedAsFil() {
        assertAll(FIL, "PH", "fil");
    }

    @Test
    void english() {
        assertAll(EN, "AU", "en");
    }

    @Test
    void thaiKoreanJapaneseChineseByScript() {
        assertThat(ID.identify("TH", "รองเท้าวิ่ง น้ำหนักเบา พร้อมส่ง"))
                .isEqualTo(new DetectedLanguage("th", 1.0, "script"));
        assertThat(ID.identify("KR", "초콜릿 선물세트 24개입 정품 무료배송"))
                .isEqualTo(new DetectedLanguage("ko", 1.0, "script"));
        assertThat(ID.identify("JP", "ワイヤレスイヤホン 高音質 送料無料").language()).isEqualTo("ja");
        // Japanese with very few kana among Han is still Japanese
        assertThat(ID.identify("JP", "本革財布 男性用 大容量の長財布").language()).isEqualTo("ja");
        assertThat(ID.identify("SG", "无线蓝牙耳机 降噪 包邮"))
                .isEqualTo(new DetectedLanguage("zh", 1.0, "script"));
        assertThat(ID.identify("TW", "維力 辣味泡麵 5入"))
                .isEqualTo(new DetectedLanguage("zh-TW", 1.0, "script"));
        assertThat(ID.identify(null, "維力 辣味泡麵 5入").language()).isEqualTo("zh");
    }

    @Test
    void latinBrandsInAnotherScriptAreIgnored() {
        assertThat(ID.identify("TH", "New Balance รองเท้าวิ่ง น้ำหนักเบา ระบายอากาศ พร้อมส่ง"))
                .isEqualTo(new DetectedLanguage("th", 1.0, "script"));
        assertThat(ID.identify("KR", "KitKat 초콜릿 선물세트", "KitKat 정품입니다.").language()).isEqualTo("ko");
        assertThat(ID.identify("SG", "Apple iPhone 15 Pro Max 256GB 手机壳").language()).isEqualTo("zh");
    }

    @Test
    void mixedScriptsConfidenceIsTheWinningShare() {
        // 4 Hangul letters, 1 Han letter: ko with 4/5
        DetectedLanguage d = ID.identify("KR", "정품선물 韓");
        assertThat(d.language()).isEqualTo("ko");
        assertThat(d.confidence()).isEqualTo(0.8);
    }

    @Test
    void severalTextsAndNullsTogether() {
        DetectedLanguage d = ID.identify("VN", null, "", "Áo thun nam cotton", null, "giá rẻ chất lượng tốt");
        assertThat(d.language()).isEqualTo("vi");
        assertThat(d.confidence()).isBetween(LanguageIdentifier.MIN_CONFIDENCE, 1.0);
    }

    @Test
    void noLetterGivesNull() {
        assertThat(ID.identify("SG")).isNull();
        assertThat(ID.identify("SG", (String[]) null)).isNull();
        assertThat(ID.identify("SG", (String) null)).isNull();
        assertThat(ID.identify(null, "", null, "   ")).isNull();
        assertThat(ID.identify("SG", "12345 678.90 -- 100%")).isNull();
        assertThat(ID.identify("SG", "🔥🔥🔥 ⚡ ❤️ 👍🏽")).isNull();
    }

    @Test
    void aHugeTextIsJudgedOnItsFirstWords() {
        // 64 KB of Vietnamese after a Malay title: only the first MAX_WORDS words are scored, so a
        // hostile payload costs what a long title costs, and the answer is the opening's language
        String malay = "Kasut sukan lelaki murah baru tiba hari ini ";
        StringBuilder huge = new StringBuilder();
        while (huge.length() < 64 * 1024) {
            huge.append("Áo thun nam cotton giá rẻ chính hãng ");
        }
        StringBuilder opening = new StringBuilder();
        for (int i = 0; i < LanguageIdentifier.MAX_WORDS / 8 + 1; i++) {
            opening.append(malay);
        }
        assertThat(ID.identify("MY", opening.toString(), huge.toString()).language()).isEqualTo("ms");
        assertThat(ID.identify("VN", huge.toString()).language()).isEqualTo("vi");
    }

    @Test
    void otherScriptIsUndetermined() {
        DetectedLanguage d = ID.identify(null, "Кроссовки мужские");
        assertThat(d.language()).isEqualTo("und");
        assertThat(d.method()).isEqualTo("script");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ok", "A", "XL"})
    void tinyLatinTextStillAnswers(String text) {
        DetectedLanguage d = ID.identify("SG", text);
        assertThat(d).isNotNull();
        assertThat(d.confidence()).isBetween(0.0, 1.0);
    }

    @Test
    void countryTellsIdFromMs() {
        // the model alone leans to one of the two; the country's own language wins
        assertThat(ID.identify("MY", "Jam tangan murah").language()).isEqualTo("ms");
        assertThat(ID.identify("ID", "Jam tangan murah").language()).isEqualTo("id");
        assertThat(ID.identify("MY", "Kasut sukan lelaki murah").language()).isEqualTo("ms");
        assertThat(ID.identify("ID", "Kasut sukan lelaki murah").language()).isEqualTo("id");
        // without the hint id against ms is a coin toss, and the confidence says so
        DetectedLanguage bare = LanguageIdentifier.withoutCountryHint().identify("MY", "Jam tangan murah");
        assertThat(bare.language()).isIn("id", "ms");
        assertThat(bare.confidence()).isLessThan(LanguageIdentifier.MIN_CONFIDENCE);
    }

    @Test
    void englishLoanwordsDoNotOutvoteTheTextsLanguage() {
        assertThat(ID.identify("ID", "Flash sale Mango Dress Wanita Motif Bunga hari ini aja ⚡", "racun", "promo")
                .language()).isEqualTo("id");
        assertThat(ID.identify("PH", "Jellycat Teddy Bear stuffed toy 40cm Ready Stock",
                "Original na produkto ng Jellycat. May libreng regalo sa bawat order habang may stock pa.")
                .language()).isEqualTo("fil");
        // but English with a local place name stays English
        assertThat(ID.identify("MY", "Wireless earbuds with charging case, ships from Kuala Lumpur").language())
                .isEqualTo("en");
    }

    /** The exact bits of a few answers: a change of library, profiles or code that moves any of them shows here. */
    @Test
    void sameBitsInEveryRun() {
        assertThat(bits("VN", "Áo thun nam cotton giá rẻ")).isEqualTo("vi:3feea7009a536fbc");
        assertThat(bits("MY", "Kasut sukan lelaki murah")).isEqualTo("ms:3fec00f6c11f1db7");
        assertThat(bits("PH", String.join(" ", FIL))).isEqualTo("fil:3fef0495cb5af3ce"); // over MAX_WORDS words: the first 64 count
        // a word over 50 chars takes optimaize's sampling path (seeded Random)
        assertThat(bits("ID", LONG_HASHTAG)).isEqualTo("id:3feffffed6d9f38c");
    }

    static String bits(String country, String text) {
        DetectedLanguage d = ID.identify(country, text);
        return d.language() + ":" + Long.toHexString(Double.doubleToRawLongBits(d.confidence()));
    }

    static List<String> corpus() {
        List<String> all = new ArrayList<>();
        all.addAll(VI);
        all.addAll(ID_);
        all.addAll(MS);
        all.addAll(FIL);
        all.addAll(EN);
        // long texts take the sampling (random) path of the detector, short ones the exact path
        all.add(String.join(" ", VI));
        all.add(String.join(" ", ID_));
        all.add(String.join(" ", MS));
        all.add(String.join(" ", FIL));
        all.add(String.join(" ", EN));
        all.add(LONG_HASHTAG);
        all.add("Sepatu olahraga #" + LONG_HASHTAG + " #" + LONG_HASHTAG.toUpperCase());
        return all;
    }

    static List<String> run(List<String> texts, int offset) {
        List<String> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            int k = (i + offset) % texts.size();
            DetectedLanguage d = ID.identify("MY", texts.get(k));
            // the exact bits of the confidence, not a rounded form
            out.add(k + ":" + d.language() + ":" + Double.doubleToRawLongBits(d.confidence()));
        }
        out.sort(null);
        return out;
    }

    @Test
    void sameInputSameOutputRepeatedlyAndAcrossThreads() throws Exception {
        List<String> texts = corpus();
        List<String> expected = run(texts, 0);
        for (int i = 0; i < 20; i++) {
            assertThat(run(texts, i)).isEqualTo(expected);
        }
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < threads * 4; t++) {
                int offset = t * 7;
                Callable<List<String>> work = () -> {
                    List<String> last = null;
                    for (int rep = 0; rep < 10; rep++) {
                        last = run(texts, offset + rep);
                        if (!last.equals(expected)) {
                            return last;
                        }
                    }
                    return last;
                };
                results.add(pool.submit(work));
            }
            for (Future<List<String>> r : results) {
                assertThat(r.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void costPerCall() {
        List<String> latin = corpus().subList(0, 50);
        List<String> scripted = List.of("รองเท้าวิ่ง น้ำหนักเบา พร้อมส่ง", "초콜릿 선물세트 24개입 정품 무료배송",
                "ワイヤレスイヤホン 高音質 送料無料", "无线蓝牙耳机 降噪 包邮");
        ID.identify("SG", "warm up the detector");
        for (int round = 0; round < 3; round++) {
            System.out.printf("LanguageIdentifier cost: latin title %d ns/call, script title %d ns/call%n",
                    nsPerCall(latin, 200), nsPerCall(scripted, 2_000));
        }
    }

    static long nsPerCall(List<String> texts, int reps) {
        long sink = 0;
        long t0 = System.nanoTime();
        for (int r = 0; r < reps; r++) {
            for (String t : texts) {
                sink += ID.identify("SG", t).language().length();
            }
        }
        long ns = (System.nanoTime() - t0) / ((long) reps * texts.size());
        assertThat(sink).isPositive();
        return ns;
    }
}
