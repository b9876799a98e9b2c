package com.shopwatch.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.decode.DecodedRecord;
import com.shopwatch.decode.DecoderSettings;
import com.shopwatch.decode.EventDecoder;
import com.shopwatch.model.EventAction;
import com.shopwatch.model.RecordOrigin;
import com.shopwatch.policy.RuleMatch;
import com.shopwatch.policy.BundledPacks;
import com.shopwatch.policy.CompiledPolicySet;
import com.shopwatch.policy.RuleMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bundled packs on synthetic traffic from several seeds: every injected violation is
 * flagged in enforce mode where it is prohibited, and no clean event is.
 */
class GeneratedTrafficPolicyTest {
    private static final Set<String> VAPE_COUNTRIES = Set.of("SG", "TH", "VN");
    private static final CompiledPolicySet POLICIES = BundledPacks.compiled();

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
