package com.shopwatch.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Flag, task and sample ids are published and stored: the fast form must be the JDK's, bit for bit. */
class NameBasedIdsTest {
    private static String randomName(SplittableRandom r) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(0, 80);
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(4);
            b.appendCodePoint(kind == 0 ? r.nextInt(0x20, 0x7f) : kind == 1 ? r.nextInt(0x80, 0x800)
                    : kind == 2 ? r.nextInt(0x3040, 0x9fff) : r.nextInt(0x1f300, 0x1faff));
            if (r.nextInt(10) == 0) {
                b.append('\u0000');
            }
        }
        return b.toString();
    }

    private static UUID jdk(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void idsAreThoseOfUuidNameUuidFromBytes() {
        SplittableRandom r = new SplittableRandom(7);
        List<String> names = new ArrayList<>(List.of("", "task\u0000listing\u0000L-1\u00001795478400000", "ev-1\u0000rule\u00002026-12-07"));
        for (int i = 0; i < 20_000; i++) {
            names.add(randomName(r));
        }
        for (String name : names) {
            assertThat(NameBasedIds.uuid(name)).as(name).isEqualTo(jdk(name));
        }
        assertThat(ReviewFlags.flagId("e", "r", "v")).isEqualTo(jdk("e\u0000r\u0000v").toString());
    }

    @Test
    void threadsDoNotShareADigest() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                results.add(pool.submit(() -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    for (int i = 0; i < 20_000; i++) {
                        String name = randomName(r);
                        if (!NameBasedIds.uuid(name).equals(jdk(name))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
