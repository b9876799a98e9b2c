package com.shopwatch.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A policy set with a chosen number of terms per country, for measuring how compile and
 * evaluation scale with list size: a global pack with one term rule, a region pack for the ten
 * markets, and a pack per market extending the rule's list with its own terms (pronounceable
 * made-up words and two-word phrases, so almost none occurs in real text).
 */
public final class SyntheticPolicyPacks {
    static final List<String> COUNTRIES = List.of("SG", "MY", "ID", "TH", "VN", "PH", "JP", "KR", "TW", "AU");
    private static final String[] SYLLABLES = {"ka", "zo", "ri", "mu", "ten", "vor", "qua", "lis", "bex", "dro",
            "fen", "gli", "hap", "jux", "kor", "lum", "nix", "pol", "rav", "sul", "tiq", "ulm", "vex", "wob", "yar", "zed"};

    private SyntheticPolicyPacks() {}

    /** Pack file name → YAML text. */
    public static Map<String, String> packs(int termsPerCountry, long seed) {
        Random random = new Random(seed);
        Map<String, String> packs = new TreeMap<>();
        packs.put("global.yaml", """
                pack: global
                version: "bench-%d"
                description: "Synthetic: one term rule over a list each market extends."
                lists:
                  bench_terms: [%s]
                rules:
                  - id: bench-terms
                    title: "Synthetic term list"
                    severity: medium
                    action: review
                    matchers:
                      - terms: [bench_terms]
                """.formatted(termsPerCountry, String.join(", ", terms(random, 10))));
        packs.put("apac.yaml", """
                pack: apac
                version: "bench-%d"
                countries: [%s]
                """.formatted(termsPerCountry, String.join(", ", COUNTRIES)));
        for (String c : COUNTRIES) {
            packs.put(c.toLowerCase() + ".yaml", """
                    pack: %s
                    version: "bench-%d"
                    extend_lists:
                      bench_terms: [%s]
                    """.formatted(c, termsPerCountry, String.join(", ", terms(random, termsPerCountry))));
        }
        return packs;
    }

    public static Path write(Path dir, int termsPerCountry, long seed) {
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> p : packs(termsPerCountry, seed).entrySet()) {
                Files.writeString(dir.resolve(p.getKey()), p.getValue());
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> terms(Random random, int n) {
        Set<String> terms = new LinkedHashSet<>();
        while (terms.size() < n) {
            String t = word(random);
            if (random.nextInt(4) == 0) {
                t = t + " " + word(random);
            }
            terms.add('"' + t + '"');
        }
        return new ArrayList<>(terms);
    }

    private static String word(Random random) {
        StringBuilder sb = new StringBuilder();
        int syllables = 2 + random.nextInt(3);
        for (int i = 0; i < syllables; i++) {
            sb.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
        }
        return sb.toString();
    }
}
