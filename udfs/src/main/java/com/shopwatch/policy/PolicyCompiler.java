package com.shopwatch.policy;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import com.shopwatch.text.TermDictionary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Compiles resolved policies: per country one term automaton, RE2 patterns and CEL programs.
 * Errors (bad RE2, CEL that does not parse or type-check, unusable terms) are reported with
 * the file and line of the matcher, once even when several countries inherit the rule.
 */
public final class PolicyCompiler {
    private PolicyCompiler() {}

    public static CompiledPolicySet compile(ResolvedPolicies resolved, List<PolicyError> errors) {
        Set<String> seen = new LinkedHashSet<>();
        // Countries compile independently, so in parallel: a version with large term lists is
        // mostly automaton building, and a push should enforce within seconds. Each country
        // keeps its own error list, merged in country order, so the report is the same.
        List<EffectivePolicy> policies = new ArrayList<>(resolved.byCountry.values());
        policies.add(resolved.fallback);
        CompiledCountryPolicy[] compiled = new CompiledCountryPolicy[policies.size()];
        List<List<PolicyError>> errorsOf = new ArrayList<>();
        for (int i = 0; i < policies.size(); i++) {
            errorsOf.add(new ArrayList<>());
        }
        IntStream.range(0, policies.size()).parallel()
                .forEach(i -> compiled[i] = compileCountry(policies.get(i), errorsOf.get(i)));
        Map<String, CompiledCountryPolicy> byCountry = new LinkedHashMap<>();
        int i = 0;
        for (String country : resolved.byCountry.keySet()) {
            byCountry.put(country, compiled[i++]);
        }
        CompiledCountryPolicy fallback = compiled[i];
        List<PolicyError> found = new ArrayList<>();
        errorsOf.forEach(found::addAll);
        for (PolicyError err : found) {
            if (seen.add(err.toString())) {
                errors.add(err);
            }
        }
        TreeSet<String> versions = new TreeSet<>();
        for (PackSpec p : resolved.packs) {
            versions.add(p.name + "@" + p.version);
        }
        return new CompiledPolicySet(String.join(",", versions), byCountry, fallback, resolved.packs);
    }

    static CompiledCountryPolicy compileCountry(EffectivePolicy policy, List<PolicyError> errors) {
        TermDictionary.Builder dictionary = TermDictionary.builder();
        Set<String> listsInDictionary = new LinkedHashSet<>();
        ConditionCompiler conditions = new ConditionCompiler(policy.lists.keySet());
        List<CompiledRule> rules = new ArrayList<>();
        for (RuleSpec rule : policy.rules) {
            List<CompiledMatcher> matchers = new ArrayList<>();
            for (MatcherSpec m : rule.matchers) {
                CompiledMatcher compiled = compileMatcher(policy, rule, m, conditions, dictionary, listsInDictionary, errors);
                if (compiled != null) {
                    matchers.add(compiled);
                }
            }
            String allowList = null;
            if (!rule.allow.isEmpty()) {
                allowList = "__allow__:" + rule.id;
                for (String phrase : rule.allow) {
                    addTerm(dictionary, allowList, phrase, rule, rule.file, rule.line, errors);
                }
            }
            String queue = rule.queue != null ? rule.queue : policy.scope.toLowerCase(Locale.ROOT) + "-policy";
            rules.add(new CompiledRule(rule, queue, matchers, allowList));
        }
        Map<String, List<String>> celLists = new LinkedHashMap<>();
        policy.lists.forEach((name, values) -> celLists.put(name, EventVariables.textList(values.toArray(new String[0]))));
        return new CompiledCountryPolicy(policy.scope, policy.version, dictionary.build(), rules, celLists,
                fxRates(policy.params), DetectorSettings.resolve(policy.detectors),
                policy.defaultLanguage == null ? CompiledCountryPolicy.BUILT_IN_DEFAULT_LANGUAGE : policy.defaultLanguage);
    }

    private static CompiledMatcher compileMatcher(EffectivePolicy policy, RuleSpec rule, MatcherSpec m,
            ConditionCompiler conditions, TermDictionary.Builder dictionary, Set<String> listsInDictionary,
            List<PolicyError> errors) {
        List<String> fields = m.fields == null || m.fields.isEmpty() ? MatcherSpec.TEXT_FIELDS : m.fields;
        switch (m.kind) {
            case TERMS: {
                for (String list : m.lists) {
                    List<String> terms = policy.lists.get(list);
                    if (terms == null) {
                        errors.add(new PolicyError(m.file, m.line, rule.id, "unknown term list '" + list + "'"));
                        continue;
                    }
                    if (listsInDictionary.add(list)) {
                        for (String term : terms) {
                            addTerm(dictionary, list, term, rule, m.file, m.line, errors);
                        }
                    }
                }
                return new TermsMatcher(new LinkedHashSet<>(m.lists), fields, m.languages);
            }
            case REGEX: {
                String tooLarge = RegexLimits.check(m.pattern);
                if (tooLarge != null) {
                    errors.add(new PolicyError(m.file, m.line, rule.id,
                            "RE2 pattern '" + abbreviate(m.pattern) + "' is too large: " + tooLarge));
                    return null;
                }
                Pattern pattern;
                try {
                    int flags = m.ignoreCase ? Pattern.CASE_INSENSITIVE : 0;
                    pattern = Pattern.compile(m.pattern, flags);
                } catch (PatternSyntaxException e) {
                    errors.add(new PolicyError(m.file, m.line, rule.id, "invalid RE2 pattern: " + e.getMessage()));
                    return null;
                }
                if (pattern.programSize() > PolicyLimits.MAX_REGEX_PROGRAM_SIZE) {
                    errors.add(new PolicyError(m.file, m.line, rule.id, "RE2 pattern '" + abbreviate(m.pattern)
                            + "' is too large: its program has " + pattern.programSize()
                            + " instructions; the limit is " + PolicyLimits.MAX_REGEX_PROGRAM_SIZE));
                    return null;
                }
                return new RegexMatcher(pattern, fields, m.languages);
            }
            case CONDITION:
                try {
                    return new ConditionMatcher(conditions.compile(m.expression), m.expression);
                } catch (ConditionCompiler.InvalidCondition e) {
                    errors.add(new PolicyError(m.file, m.line, rule.id, e.overLimit
                            ? "CEL condition '" + abbreviate(m.expression) + "' is too costly: " + e.getMessage()
                            : "CEL condition '" + m.expression + "' does not compile: " + e.getMessage()));
                    return null;
                }
            case CATEGORY: {
                Set<String> slugs = new LinkedHashSet<>();
                for (String c : m.categories) {
                    slugs.add(c.trim().toLowerCase(Locale.ROOT));
                }
                return new CategoryMatcher(slugs);
            }
            default:
                errors.add(new PolicyError(m.file, m.line, rule.id, "matcher has no kind"));
                return null;
        }
    }

    private static void addTerm(TermDictionary.Builder dictionary, String list, String term, RuleSpec rule,
            String file, int line, List<PolicyError> errors) {
        try {
            dictionary.add(list, term);
        } catch (IllegalArgumentException e) {
            errors.add(new PolicyError(file, line, rule.id, e.getMessage()));
        }
    }

    /** The first 60 characters of a (possibly huge) pattern or expression, for an error message. */
    static String abbreviate(String s) {
        if (s.length() <= 60) {
            return s;
        }
        return s.substring(0, Character.isHighSurrogate(s.charAt(59)) ? 59 : 60) + "…";
    }

    /** The {@code fx_usd} param: currency → USD per unit. Non-numeric entries are ignored. */
    private static Map<String, Double> fxRates(Map<String, Object> params) {
        Map<String, Double> rates = new LinkedHashMap<>();
        Object fx = params.get("fx_usd");
        if (fx instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) fx).entrySet()) {
                if (e.getValue() instanceof Number) {
                    rates.put(String.valueOf(e.getKey()).toUpperCase(Locale.ROOT), ((Number) e.getValue()).doubleValue());
                }
            }
        }
        return rates;
    }
}
