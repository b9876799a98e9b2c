package com.shopwatch.policy;

import com.shopwatch.model.Severity;
import com.shopwatch.model.EventType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/** An effective rule of one country, with its matchers compiled. Immutable but for counters. */
public final class CompiledRule {
    private final RuleSpec spec;
    private final String queue;
    private final List<CompiledMatcher> matchers;
    private final String allowListName;
    private final LongAdder conditionErrors = new LongAdder();

    CompiledRule(RuleSpec spec, String queue, List<CompiledMatcher> matchers, String allowListName) {
        this.spec = spec;
        this.queue = queue;
        this.matchers = List.copyOf(matchers);
        this.allowListName = allowListName;
    }

    /** The rule's precision floor from its pack, or null for the job's default. */
    public Double precisionFloor() {
        return spec.precisionFloor;
    }

    public String id() {
        return spec.id;
    }

    public String title() {
        return spec.title;
    }

    public Severity severity() {
        return spec.severity;
    }

    public RuleAction action() {
        return spec.action;
    }

    public RuleMode mode() {
        return spec.mode;
    }

    public String queue() {
        return queue;
    }

    public Set<EventType> appliesTo() {
        return spec.appliesTo;
    }

    /** The pack that defined the rule. */
    public String definedIn() {
        return spec.definedIn;
    }

    Map<String, Object> params() {
        return spec.params;
    }

    RuleSpec.Combine combine() {
        return spec.match;
    }

    List<CompiledMatcher> matchers() {
        return matchers;
    }

    /** Dictionary list holding this rule's allow-listed phrases, or null. */
    String allowListName() {
        return allowListName;
    }

    /** Conditions that failed at evaluation time (e.g. a param missing for a country). */
    public LongAdder conditionErrors() {
        return conditionErrors;
    }
}
