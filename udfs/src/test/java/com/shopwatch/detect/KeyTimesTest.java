package com.shopwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyTimesTest {
    @Test
    void putGetAndRemoveLikeAMap() {
        KeyTimes t = new KeyTimes();
        assertThat(t.contains("a")).isFalse();
        assertThat(t.get("a", -1)).isEqualTo(-1);
        t.put("a", 5);
        t.put("b", Long.MIN_VALUE); // any long is a time, the caller's "absent" value too
        assertThat(t.get("a", -1)).isEqualTo(5);
        assertThat(t.contains("b")).isTrue();
        assertThat(t.get("b", -1)).isEqualTo(Long.MIN_VALUE);
        t.put("a", 6);
        assertThat(t.size()).isEqualTo(2);
        assertThat(t.get("a", -1)).isEqualTo(6);
        t.remove("a");
        t.remove("never there");
        assertThat(t.contains("a")).isFalse();
        assertThat(t.size()).isEqualTo(1);
    }

    /**
     * Random operations against a HashMap, over keys drawn from a small set so that keys come and
     * go at the same slots, and over keys whose hash codes are all equal ("Aa" and "BB" hash
     * alike, so do their concatenations), which puts them in one probe run: removals must shift
     * the run back without losing a key behind the gap, across the table's wrap-around too.
     */
    @Test
    void agreesWithAMapOverRandomOperations() {
        List<String> colliding = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            StringBuilder sb = new StringBuilder();
            for (int bit = 0; bit < 6; bit++) {
                sb.append((i >> bit & 1) == 0 ? "Aa" : "BB");
            }
            colliding.add(sb.toString());
        }
        assertThat(colliding.stream().map(String::hashCode).distinct()).hasSize(1);
        for (long seed = 0; seed < 40; seed++) {
            Random rnd = new Random(seed);
            KeyTimes t = new KeyTimes();
            Map<String, Long> model = new HashMap<>();
            int distinct = 1 + rnd.nextInt(seed % 2 == 0 ? 30 : 3_000);
            for (int op = 0; op < 20_000; op++) {
                String key = rnd.nextInt(4) == 0 ? colliding.get(rnd.nextInt(colliding.size())) : "k" + rnd.nextInt(distinct);
                switch (rnd.nextInt(3)) {
                    case 0 -> {
                        long time = rnd.nextLong();
                        t.put(key, time);
                        model.put(key, time);
                    }
                    case 1 -> {
                        t.remove(key);
                        model.remove(key);
                    }
                    default -> {
                        assertThat(t.contains(key)).as("seed %d op %d contains %s", seed, op, key).isEqualTo(model.containsKey(key));
                        assertThat(t.get(key, 42)).isEqualTo(model.getOrDefault(key, 42L));
                    }
                }
                assertThat(t.size()).isEqualTo(model.size());
            }
            for (Map.Entry<String, Long> e : model.entrySet()) {
                assertThat(t.get(e.getKey(), 0)).as("seed %d %s", seed, e.getKey()).isEqualTo(e.getValue());
            }
            for (String k : colliding) {
                assertThat(t.contains(k)).isEqualTo(model.containsKey(k));
            }
        }
    }

    @Test
    void growsPastAMillionKeysAndEmptiesAgain() {
        KeyTimes t = new KeyTimes();
        int n = 1 << 20;
        for (int i = 0; i < n; i++) {
            t.put("img-" + i, i);
        }
        assertThat(t.size()).isEqualTo(n);
        for (int i = 0; i < n; i += 997) {
            assertThat(t.get("img-" + i, -1)).isEqualTo(i);
        }
        for (int i = 0; i < n; i++) {
            t.remove("img-" + i);
        }
        assertThat(t.size()).isZero();
        assertThat(t.contains("img-0")).isFalse();
    }
}
