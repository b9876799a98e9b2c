package com.shopwatch.pipeline.types;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.ReviewFlag;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Code fields (countries, languages, rule ids) read back as one string per value and thread. */
class WireFieldsTest {

    private interface Write {
        void to(String s, DataOutputSerializer out) throws IOException;
    }

    private interface Read {
        String from(DataInputDeserializer in) throws IOException;
    }

    /** {@code written}, each written in turn, then each read back in turn; nothing left unread. */
    private static List<String> roundTrip(List<String> written, Write write, Read read) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        for (String s : written) {
            write.to(s, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        List<String> back = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            back.add(read.from(in));
        }
        assertThat(in.available()).isZero();
        return back;
    }

    private static List<String> readCodes(List<String> written) throws IOException {
        return roundTrip(written, WireFields::writeNullable, WireFields::readNullableCode);
    }

    @Test
    void everyValueReadsBackEqualWhateverSharesItsSlot() throws Exception {
        // far more distinct values than slots, so many share one: each still reads back as written
        Random random = new Random(7);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            int length = random.nextInt(8);
            StringBuilder s = new StringBuilder();
            for (int k = 0; k < length; k++) {
                s.append((char) ('A' + random.nextInt(6)));
            }
            written.add(random.nextInt(50) == 0 ? null : s.toString());
        }
        written.add("x".repeat(WireFields.CodeStrings.MAX_LENGTH + 1)); // too long to share: made as it is
        written.add("Việt Nam"); // not ASCII: chars on the wire, made as it is
        written.add("");
        assertThat(readCodes(written)).isEqualTo(written);
    }

    @Test
    void textsOfAnyScriptAndLengthReadBackAsWrittenThroughTheSharedBuffers() throws Exception {
        // longer and shorter texts in turns, past each buffer's first size and past its cap
        Random random = new Random(11);
        String[] alphabets = {"abc xyz", "ไทยภาษา", "Tiếng Việt", "中文日本語", "é", "😀a"};
        List<String> written = new ArrayList<>();
        for (int length : new int[] {0, 3, 700, 5, 2_000, 1, 70_000, 9, 65_536, 600}) {
            for (String alphabet : alphabets) {
                StringBuilder s = new StringBuilder();
                while (s.length() < length) {
                    s.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                written.add(s.toString());
            }
        }
        List<String> back = roundTrip(written, WireFields::writeString, WireFields::readString);
        assertThat(back).isEqualTo(written); // each still as read, after every later read
    }

    @Test
    void aValueReadAgainIsTheSameString() throws Exception {
        List<String> back = readCodes(List.of("SG", "vi", "SG", "en", "vi", "SG"));
        assertThat(back.get(2)).isSameAs(back.get(0));
        assertThat(back.get(5)).isSameAs(back.get(0));
        assertThat(back.get(4)).isSameAs(back.get(1));
        assertThat(back.get(3)).isNotSameAs(back.get(0)).isEqualTo("en");
        // every market's country, language and currency, read in turns, keep their own strings
        List<String> codes = List.of("SG", "en", "SGD", "TH", "th", "THB", "VN", "vi", "VND", "ID", "id", "IDR", "MY", "ms",
                "MYR", "PH", "tl", "PHP", "JP", "ja", "JPY", "KR", "ko", "KRW", "AU", "AUD");
        List<String> twice = new ArrayList<>(codes);
        twice.addAll(codes);
        List<String> read = readCodes(twice);
        for (int i = 0; i < codes.size(); i++) {
            assertThat(read.get(codes.size() + i)).as(codes.get(i)).isSameAs(read.get(i));
        }
    }

    @Test
    void eventsAndFlagsShareTheirCodeFieldsButNotTheirIds() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(512);
        for (int i = 0; i < 2; i++) {
            CommerceEvent e = new CommerceEvent();
            e.eventId = "evt-1";
            e.country = "TH";
            e.language = "th";
            e.languageMethod = "script";
            e.priceCurrency = "THB";
            CommerceEventSerializer.INSTANCE.serialize(e, out);
            ReviewFlag f = new ReviewFlag();
            f.flagId = "flag-1";
            f.country = "TH";
            f.ruleId = "vape.terms";
            f.severity = "high";
            ReviewFlagSerializer.INSTANCE.serialize(f, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        CommerceEvent e1 = CommerceEventSerializer.INSTANCE.deserialize(in);
        ReviewFlag f1 = ReviewFlagSerializer.INSTANCE.deserialize(in);
        CommerceEvent e2 = CommerceEventSerializer.INSTANCE.deserialize(in);
        ReviewFlag f2 = ReviewFlagSerializer.INSTANCE.deserialize(in);
        assertThat(e2.country).isSameAs(e1.country).isSameAs(f1.country).isSameAs(f2.country);
        assertThat(e2.language).isSameAs(e1.language);
        assertThat(e2.languageMethod).isSameAs(e1.languageMethod);
        assertThat(e2.priceCurrency).isSameAs(e1.priceCurrency);
        assertThat(f2.ruleId).isSameAs(f1.ruleId);
        assertThat(f2.severity).isSameAs(f1.severity);
        // ids are many and each lives with its record: not worth a slot
        assertThat(e2.eventId).isEqualTo(e1.eventId).isNotSameAs(e1.eventId);
        assertThat(f2.flagId).isEqualTo(f1.flagId).isNotSameAs(f1.flagId);
    }
}
