package com.shopwatch.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A rule's precision floor is pack data: set on the rule, changed per country by an override. */
class PrecisionFloorPackTest {
    private static final String GLOBAL = """
            pack: global
            version: "1"
            lists:
              weapon_terms: [pistol]
            rules:
              - id: weapons
                title: Weapons
                severity: critical
                action: remove
                precision_floor: 0.95
                matchers:
                  - terms: [weapon_terms]
              - id: knives
                title: Knives
                severity: low
                action: review
                matchers:
                  - category: [knives]
            """;

    @Test
    void aRuleCarriesItsFloorAndACountryOverrideChangesIt() {
        PolicyLoader.Result r = PolicyLoader.load(Map.of("global.yaml", GLOBAL, "sg.yaml", """
                pack: SG
                version: "1"
                overrides:
                  - rule: weapons
                    precision_floor: 0.7
                """, "jp.yaml", """
                pack: JP
                version: "1"
                """));
        assertThat(r.errors()).isEmpty();
        assertThat(r.policies().forCountry("SG").precisionFloor("weapons")).isEqualTo(0.7);
        assertThat(r.policies().forCountry("JP").precisionFloor("weapons")).isEqualTo(0.95);
        assertThat(r.policies().forCountry("JP").precisionFloor("knives")).isNull();          // the job's default
        assertThat(r.policies().forCountry("JP").precisionFloor("no-such-rule")).isNull();
    }

    @Test
    void aFloorOutside0To1OrNotANumberIsAnErrorWithItsLine() {
        PolicyLoader.Result r = PolicyLoader.load(Map.of("global.yaml", GLOBAL.replace("0.95", "95"), "sg.yaml", """
                pack: SG
                version: "1"
                overrides:
                  - rule: weapons
                    precision_floor: high
                """));
        List<String> errors = r.errors().stream().map(Object::toString).toList();
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("global.yaml:10:").contains("[rule weapons]")
                .contains("precision_floor must be a number within 0..1, got '95.0'"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("sg.yaml:5:").contains("precision_floor must be a number within 0..1, got 'high'"));
    }
}
