package com.shopwatch.policy;

import com.shopwatch.review.Evidence;
import java.util.List;

/** A rule that matched an event, with the evidence of every matcher that matched. */
public final class RuleMatch {
    private final CompiledRule rule;
    private final String policyVersion;
    private final List<Evidence> evidence;

    RuleMatch(CompiledRule rule, String policyVersion, List<Evidence> evidence) {
        this.rule = rule;
        this.policyVersion = policyVersion;
        this.evidence = List.copyOf(evidence);
    }

    public CompiledRule rule() {
        return rule;
    }

    /** Version of the country's effective policy, e.g. {@code global@1+apac@2+SG@3}. */
    public String policyVersion() {
        return policyVersion;
    }

    public List<Evidence> evidence() {
        return evidence;
    }

    @Override
    public String toString() {
        return rule.id() + " " + evidence;
    }
}
