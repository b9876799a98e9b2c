package com.shopwatch.policy;

import com.shopwatch.model.Evidence;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.List;

/**
 * A CEL condition over the event. An evaluation error (e.g. a missing param key) counts as no
 * match and is reported through {@link CompiledRule#conditionErrors()}, never thrown.
 */
final class ConditionMatcher implements CompiledMatcher {
    private final CelRuntime.Program program;
    private final String expression;

    ConditionMatcher(CelRuntime.Program program, String expression) {
        this.program = program;
        this.expression = expression;
    }

    @Override
    public boolean matches(EventScan scan, CompiledRule rule, List<Evidence> evidence) {
        try {
            if (ConditionCompiler.isTrue(program, scan.variables.forRule(rule.params()))) {
                evidence.add(new Evidence("event", "condition", expression, describe(scan), -1, -1));
                return true;
            }
            return false;
        } catch (CelEvaluationException | RuntimeException e) {
            rule.conditionErrors().increment();
            return false;
        }
    }

    /** What a moderator needs to see of a condition match: the price facts, when there is a price. */
    private static String describe(EventScan scan) {
        if (scan.event.priceAmount == null) {
            return "condition true";
        }
        double usd = scan.policy.priceInUsd(scan.event.priceAmount, scan.event.priceCurrency);
        String s = "price " + scan.event.priceAmount + " " + scan.event.priceCurrency;
        return usd >= 0 ? s + String.format(java.util.Locale.ROOT, " (≈ USD %.2f)", usd) : s;
    }
}
