package com.shopwatch.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The normaliser's per-char table is shared by every thread of a TaskManager: threads filling it
 * at the same time must all read the same normal forms a single thread computes.
 */
class TextNormalizerConcurrencyTest {
    @Test
    void threadsFillingTheSharedTableAgreeWithOneThread() throws Exception {
        // Every BMP char outside the surrogates, in blocks, so threads meet on unfilled entries.
        List<String> blocks = new ArrayList<>();
        for (int start = 0x80; start < 0x10000; start += 256) {
            StringBuilder sb = new StringBuilder();
            for (int c = start; c < start + 256; c++) {
                if (!Character.isSurrogate((char) c)) {
                    sb.append((char) c).append(' ');
                }
            }
            blocks.add(sb.toString());
        }
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                Callable<List<String>> work = () -> {
                    List<String> out = new ArrayList<>(blocks.size());
                    for (int i = 0; i < blocks.size(); i++) {
                        // Each thread starts at another place and wraps round.
                        int k = (i + offset * blocks.size() / threads) % blocks.size();
                        out.add(k + ":" + TextNormalizer.get().normalize(blocks.get(k)).text());
                    }
                    out.sort(null);
                    return out;
                };
                results.add(pool.submit(work));
            }
            List<String> expected = new ArrayList<>();
            for (int k = 0; k < blocks.size(); k++) {
                expected.add(k + ":" + TextNormalizer.get().normalize(blocks.get(k)).text());
            }
            expected.sort(null);
            for (Future<List<String>> r : results) {
                assertThat(r.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
