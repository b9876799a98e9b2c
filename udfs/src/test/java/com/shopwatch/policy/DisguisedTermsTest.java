package com.shopwatch.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.EventAction;
import com.shopwatch.model.EventType;
import com.shopwatch.model.Evidence;
import com.shopwatch.text.LookAlikes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Every term of every enforced terms list of the bundled packs, disguised with 1..n of its letters
 * swapped for look-alikes drawn from Unicode's confusables data, is flagged by its rule in its
 * country, with evidence that covers the disguised span.
 */
class DisguisedTermsTest {
    /** One enforced term: the rule that lists it, in one country. */
    record Case(String country, String ruleId, String term) {}

    static final CompiledPolicySet POLICIES = BundledPacks.compiled();
    static final List<Case> CASES = enforcedTerms();
    private static int tried;
    private static int flagged;

    static List<Case> enforcedTerms() {
        List<PolicyError> errors = new ArrayList<>();
        ResolvedPolicies resolved = PolicyResolver.resolveTexts(
                PolicyLoader.readDirectory(Path.of("../config/policies")), errors);
        assertThat(errors).isEmpty();
        List<Case> out = new ArrayList<>();
        for (Map.Entry<String, EffectivePolicy> c : resolved.byCountry.entrySet()) {
            for (RuleSpec rule : c.getValue().rules) {
                if (rule.disabled || c.getValue().disabledRules.contains(rule.id) || rule.mode != RuleMode.ENFORCE
                        || rule.match != RuleSpec.Combine.ANY || !rule.appliesTo.contains(EventType.LISTING)) {
                    continue;
                }
                for (MatcherSpec m : rule.matchers) {
                    if (m.kind != MatcherSpec.Kind.TERMS || !(m.fields.isEmpty() || m.fields.contains("title"))) {
                        continue;
                    }
                    for (String list : m.lists) {
                        for (String term : c.getValue().lists.getOrDefault(list, List.of())) {
                            if (LookAlikes.swappable(term) > 0) {
                                out.add(new Case(c.getKey(), rule.id, term));
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    record Disguise(Case c, String disguised) {}

    @Provide
    Arbitrary<Disguise> disguises() {
        return Arbitraries.of(CASES).flatMap(c -> Arbitraries.integers().between(1, LookAlikes.swappable(c.term()))
                .flatMap(swaps -> Arbitraries.longs().map(seed ->
                        new Disguise(c, LookAlikes.disguise(c.term(), swaps, new Random(seed))))));
    }

    @Property(tries = 3000, seed = "20261201")
    void disguisedEnforcedTermIsFlaggedWithItsSpan(@ForAll("disguises") Disguise d) {
        String prefix = "Brand new ";
        CommerceEvent e = listing(d.c().country(), prefix + d.disguised() + " best price");
        int from = prefix.length();
        int to = from + d.disguised().length();
        tried++;
        List<RuleMatch> matches = POLICIES.evaluate(e);
        List<Evidence> evidence = matches.stream().filter(m -> m.rule().id().equals(d.c().ruleId()))
                .flatMap(m -> m.evidence().stream()).filter(ev -> "title".equals(ev.field)).toList();
        assertThat(evidence).as("%s in %s ('%s' disguising '%s')", d.c().ruleId(), d.c().country(), d.disguised(),
                d.c().term()).anySatisfy(ev -> {
                    assertThat(ev.start).isLessThanOrEqualTo(from);
                    assertThat(ev.end).isGreaterThanOrEqualTo(to);
                });
        flagged++;
    }

    @AfterContainer
    static void report() {
        System.out.printf("disguised enforced terms: %d of %d flagged (%d terms × countries)%n", flagged, tried,
                CASES.size());
    }

    static CommerceEvent listing(String country, String title) {
        CommerceEvent e = new CommerceEvent();
        e.eventId = "e-" + Math.abs(title.hashCode());
        e.type = EventType.LISTING;
        e.action = EventAction.CREATED;
        e.itemId = "L1";
        e.accountId = "S1";
        e.country = country;
        e.title = title;
        return e;
    }
}
