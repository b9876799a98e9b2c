package com.shopwatch.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.decode.DecoderSettings;
import com.shopwatch.decode.EventDecoder;
import com.shopwatch.decode.RecordOrigin;
import com.shopwatch.event.EventAction;
import com.shopwatch.generate.GeneratedEvent;
import com.shopwatch.generate.GeneratorSettings;
import com.shopwatch.generate.SyntheticEventGenerator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The bundled sample packs are valid and do their job on synthetic traffic from several seeds:
 * every injected violation is flagged in enforce mode where it is prohibited, and no clean
 * event is.
 */
class BundledPacksTest {
    private static final Set<String> VAPE_COUNTRIES = Set.of("SG", "TH", "VN");
    private static final CompiledPolicySet POLICIES = load();

    private static CompiledPolicySet load() {
        PolicyLoader.Result r = PolicyLoader.load(PolicyLoader.readDirectory(Path.of("../config/policies")));
        assertThat(r.errors()).isEmpty();
        return r.policies();
    }

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
        com.shopwatch.event.CommerceEvent e = new com.shopwatch.event.CommerceEvent();
        e.eventId = "e1";
        e.type = com.shopwatch.event.EventType.LISTING;
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

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 18, 42})
    void injectedViolationsAreFlaggedAndCleanTrafficIsNot(long seed) {
        long now = System.currentTimeMillis();
        SyntheticEventGenerator generator = new SyntheticEventGenerator(GeneratorSettings.builder()
                .seed(seed).startTimeMillis(now - 86_400_000).eventsPerSecond(1).violationFraction(0.25).build());
        EventDecoder decoder = new EventDecoder(DecoderSettings.defaults());
        List<String> missed = new ArrayList<>();
        List<String> falsePositives = new ArrayList<>();
        int violations = 0;
        for (long i = 0; i < 4_000; i++) {
            GeneratedEvent g = generator.generate(i);
            DecodedRecord d = decoder.decode(g.payload(), RecordOrigin.generator(i), now, now);
            assertThat(d.isAccepted()).isTrue();
            List<RuleMatch> enforced = POLICIES.evaluate(d.event).stream()
                    .filter(m -> m.rule().mode() == RuleMode.ENFORCE).toList();
            boolean content = d.event.action != EventAction.DELETED && d.event.action != EventAction.REPORTED;
            if (g.kind() == GeneratedEvent.Kind.VIOLATION) {
                boolean expected = content && (!g.violation().equals("vape") || VAPE_COUNTRIES.contains(g.country()));
                if (expected) {
                    violations++;
                    if (enforced.isEmpty()) {
                        missed.add(g.violation() + " " + g.country() + ": " + g.payloadAsString());
                    }
                } else if (enforced.stream().anyMatch(m -> m.rule().id().startsWith("vape"))) {
                    falsePositives.add("vape outside SG/TH/VN: " + g.payloadAsString());
                }
            } else if (!enforced.isEmpty()) {
                falsePositives.add(enforced + ": " + g.payloadAsString());
            }
        }
        assertThat(violations).isGreaterThan(500);
        assertThat(missed).as("missed violations").isEmpty();
        assertThat(falsePositives).as("false positives").isEmpty();
    }
}
