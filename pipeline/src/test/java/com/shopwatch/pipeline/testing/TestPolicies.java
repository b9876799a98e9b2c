package com.shopwatch.pipeline.testing;

import java.util.Map;
import java.util.TreeMap;

/** Small policy packs with known behaviour, for job-level tests. */
public final class TestPolicies {
    private TestPolicies() {}

    public static final String GLOBAL = """
            pack: global
            version: "1"
            lists:
              weapon_terms: [pistol, rifle, "拳銃"]
            rules:
              - id: weapons-prohibited
                title: Firearms are prohibited
                severity: critical
                action: remove
                matchers:
                  - terms: [weapon_terms]
            """;

    public static String sg(String version, String severity) {
        return """
                pack: SG
                version: "%s"
                lists:
                  vape_terms: [vape, e-cigarette]
                rules:
                  - id: sg-vape
                    title: Vapes are prohibited in Singapore
                    severity: %s
                    action: remove
                    matchers:
                      - terms: [vape_terms]
                  - id: sg-cheap-electronics
                    title: Suspiciously cheap phones (watch only)
                    severity: low
                    action: review
                    mode: shadow
                    matchers:
                      - condition: "has_price && price.amount < 5.0 && category == 'electronics'"
                """.formatted(version, severity);
    }

    /** {@link #sg} with a seller-velocity limit for SG: a pushed threshold. */
    public static String sgWithVelocityLimit(String version, String severity, int maxListings) {
        return sg(version, severity) + """
                detectors:
                  seller_velocity:
                    max_listings: %d
                """.formatted(maxListings);
    }

    /** SG pack whose condition does not type-check (a string compared with a number). */
    public static String sgBrokenCondition(String version) {
        return """
                pack: SG
                version: "%s"
                lists:
                  vape_terms: [vape]
                rules:
                  - id: sg-vape
                    title: Vapes are prohibited in Singapore
                    severity: high
                    action: remove
                    matchers:
                      - condition: "title < 5"
                """.formatted(version);
    }

    public static Map<String, String> defaults() {
        Map<String, String> m = new TreeMap<>();
        m.put("global.yaml", GLOBAL);
        m.put("sg.yaml", sg("1", "high"));
        return m;
    }
}
