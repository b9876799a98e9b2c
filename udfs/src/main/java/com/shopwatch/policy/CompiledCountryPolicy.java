package com.shopwatch.policy;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.EventAction;
import com.shopwatch.text.TermDictionary;
import com.shopwatch.model.Evidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The effective policy of one country (or the global fallback), compiled: one term automaton
 * over every list the rules use, RE2 patterns and CEL programs. Built once per policy version,
 * shared read-only by all events of the country.
 */
public final class CompiledCountryPolicy {
    /** Evidence kept per rule match, so one spammy description cannot bloat a flag. */
    static final int MAX_EVIDENCE = 10;

    private final String scope;
    private final String version;
    private final TermDictionary dictionary;
    private final List<CompiledRule> rules;
    private final Map<String, List<String>> celLists;
    private final Map<String, Double> fxUsd;
    private final DetectorSettings detectors;
    private final String defaultLanguage;

    /** The content language when no pack of the chain sets {@code default_language}. */
    public static final String BUILT_IN_DEFAULT_LANGUAGE = "en";

    CompiledCountryPolicy(String scope, String version, TermDictionary dictionary, List<CompiledRule> rules,
            Map<String, List<String>> celLists, Map<String, Double> fxUsd, DetectorSettings detectors,
            String defaultLanguage) {
        this.defaultLanguage = defaultLanguage;
        this.scope = scope;
        this.version = version;
        this.dictionary = dictionary;
        this.rules = List.copyOf(rules);
        this.celLists = celLists;
        this.fxUsd = fxUsd;
        this.detectors = detectors;
    }

    /**
     * The language of the country's content when the producer sent none and the text does not
     * tell: the packs' {@code default_language}, else {@value #BUILT_IN_DEFAULT_LANGUAGE}. Never {@code und}.
     */
    public String defaultLanguage() {
        return defaultLanguage;
    }

    /** The country's detector thresholds under this policy version. */
    public DetectorSettings detectors() {
        return detectors;
    }

    public String scope() {
        return scope;
    }

    public String version() {
        return version;
    }

    /** The precision floor the packs set for a rule of this country, or null (unknown rule, or none set). */
    public Double precisionFloor(String ruleId) {
        for (CompiledRule r : rules) {
            if (r.id().equals(ruleId)) {
                return r.precisionFloor();
            }
        }
        return null;
    }

    public List<CompiledRule> rules() {
        return rules;
    }

    public TermDictionary dictionary() {
        return dictionary;
    }

    /**
     * Every rule that matches the event. Content is evaluated when it is created, updated or
     * published; deletions and reports carry no new content to judge.
     */
    public List<RuleMatch> evaluate(CommerceEvent event) {
        if (event.action == EventAction.DELETED || event.action == EventAction.REPORTED) {
            return List.of();
        }
        EventScan scan = null;
        List<RuleMatch> matches = null;
        for (CompiledRule rule : rules) {
            if (!rule.appliesTo().contains(event.type)) {
                continue;
            }
            if (scan == null) {
                scan = new EventScan(event, this);
            }
            List<Evidence> evidence = new ArrayList<>(2);
            if (matchesRule(rule, scan, evidence)) {
                if (matches == null) {
                    matches = new ArrayList<>(2);
                }
                List<Evidence> kept = evidence.size() > MAX_EVIDENCE ? evidence.subList(0, MAX_EVIDENCE) : evidence;
                matches.add(new RuleMatch(rule, version, defaultLanguage, kept));
            }
        }
        return matches == null ? List.of() : matches;
    }

    private static boolean matchesRule(CompiledRule rule, EventScan scan, List<Evidence> evidence) {
        boolean all = rule.combine() == RuleSpec.Combine.ALL;
        boolean any = false;
        for (CompiledMatcher m : rule.matchers()) {
            boolean hit = m.matches(scan, rule, evidence);
            if (all && !hit) {
                return false;
            }
            any |= hit;
        }
        return any;
    }

    /** Price in USD using the policy's {@code fx_usd} param; -1 when unknown. */
    public double priceInUsd(Double amount, String currency) {
        if (amount == null || currency == null) {
            return -1.0;
        }
        Double rate = fxUsd.get(currency);
        return rate == null ? -1.0 : amount * rate;
    }

    /** A named list as conditions see it, or null when there is no such list. */
    List<String> celList(String name) {
        return celLists.get(name);
    }
}
