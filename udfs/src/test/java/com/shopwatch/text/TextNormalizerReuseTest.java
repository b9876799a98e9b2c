package com.shopwatch.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The normaliser hands text between two buffers each thread keeps: what one text leaves in them
 * (look-alike marks, spans, a grown size) must not show in the next. Each text normalised after
 * all the others, on one thread, reads as it does on a thread that never normalised anything.
 */
class TextNormalizerReuseTest {
    /** Everything a caller reads of a normalised text: the text, each char's span and look-alike mark. */
    static String described(NormalizedText n) {
        StringBuilder sb = new StringBuilder(n.text()).append('|');
        for (int i = 0; i < n.text().length(); i++) {
            sb.append(n.originalStart(i)).append('-').append(n.originalEnd(i)).append(n.lookAlikeIn(i, i + 1) ? '*' : ' ');
        }
        return sb.toString();
    }

    @Test
    void aTextReadsTheSameWhateverTheThreadNormalisedBefore() throws Exception {
        String longText = "genuine leather bag ".repeat(1_000) + "v\u0430pe"; // 20 000+ chars, a look-alike at the end
        String grown = "v a p e ".repeat(300) + "\u0432\u0430\u0440\u0435"; // larger than the first buffers
        String lengthened = "\uFDFA".repeat(1_000) + " v\u0430pe"; // NFKC makes each char 18: past the kept buffers' cap
        List<String> texts = List.of("v\u0430pe p\u0435n", "plain vape pen", "v a p e", "c00l vvvape!!!", longText, "",
                "\u0421\u0406\u0413\u0410\u0420\u0415TTE", "cigarette", grown, "w-e-e-d", "v\u0430pe p\u0435n", "plain vape pen", lengthened, "v\u0430pe p\u0435n");
        List<String> oneThread = new ArrayList<>();
        for (String t : texts) {
            oneThread.add(described(TextNormalizer.get().normalize(t)));
        }
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            ExecutorService fresh = Executors.newSingleThreadExecutor();
            try {
                String alone = fresh.submit(() -> described(TextNormalizer.get().normalize(text))).get();
                assertThat(oneThread.get(i)).as("text %d", i).isEqualTo(alone);
            } finally {
                fresh.shutdownNow();
            }
        }
        // the look-alike texts are marked, the plain ones after them are not
        assertThat(oneThread.get(0)).contains("*");
        assertThat(oneThread.get(1)).doesNotContain("*");
        assertThat(oneThread.get(11)).doesNotContain("*");
    }

    /**
     * A transient result is read from the thread's buffers before the thread normalises again:
     * it must read as the copied one does, whatever was normalised before it on the thread.
     */
    @Test
    void aTransientTextReadsAsTheCopiedOneUntilTheThreadNormalisesAgain() {
        List<String> texts = List.of("v\u0430pe p\u0435n", "plain vape pen", "genuine leather bag ".repeat(1_000) + "v\u0430pe",
                "v a p e", "c00l vvvape!!!", "", "\u0421\u0406\u0413\u0410\u0420\u0415TTE", "w-e-e-d", "\uFDFA".repeat(1_000) + " v\u0430pe",
                "plain vape pen", "v\u0430pe p\u0435n");
        for (String a : texts) {
            for (String b : texts) {
                TextNormalizer.get().normalize(a); // whatever the buffers held before
                assertThat(described(TextNormalizer.get().normalizeTransient(b))).as("%s after %s", b, a)
                        .isEqualTo(described(TextNormalizer.get().normalize(b)));
            }
        }
    }
}
