package com.shopwatch.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Resolves pack inheritance (global ← region ← country) into one {@link EffectivePolicy} per
 * country, checking what only the whole set can show: a missing or second global pack, unknown
 * parents, cycles, ambiguous regions, rules redefined instead of overridden, overrides of rules
 * that do not exist, changes to lists that do not exist, and terms matchers naming unknown lists.
 */
public final class PolicyResolver {
    private final List<PolicyError> errors;
    private final Set<String> reported = new LinkedHashSet<>();
    private final Map<String, PackSpec> byName = new LinkedHashMap<>();
    private final Map<String, String> parentOf = new LinkedHashMap<>();

    private PolicyResolver(List<PolicyError> errors) {
        this.errors = errors;
    }

    /** Parses and resolves packs given as file name → YAML. */
    public static ResolvedPolicies resolveTexts(Map<String, String> files, List<PolicyError> errors) {
        List<PackSpec> packs = new ArrayList<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            PackSpec p = PolicyPackParser.parse(f.getKey(), f.getValue(), errors);
            if (p != null) {
                packs.add(p);
            }
        }
        return resolve(packs, errors);
    }

    public static ResolvedPolicies resolve(List<PackSpec> packs, List<PolicyError> errors) {
        return new PolicyResolver(errors).run(packs);
    }

    private ResolvedPolicies run(List<PackSpec> packs) {
        for (PackSpec p : packs) {
            if (p.name == null || p.level == null) {
                continue;
            }
            PackSpec first = byName.putIfAbsent(p.name, p);
            if (first != null) {
                error(p.file, p.line, null, "pack '" + p.name + "' is defined twice (also in " + first.file + ")");
            }
        }
        List<PackSpec> globals = packs.stream().filter(p -> p.level == PackLevel.GLOBAL).toList();
        if (globals.isEmpty()) {
            error(null, 0, null, "no global pack (a pack with 'pack: global' is required)");
            return null;
        }
        Map<String, List<String>> regionsOf = new LinkedHashMap<>();
        for (PackSpec p : byName.values()) {
            if (p.level == PackLevel.REGION) {
                for (String c : p.countries) {
                    regionsOf.computeIfAbsent(c, k -> new ArrayList<>()).add(p.name);
                }
            }
        }
        for (PackSpec p : byName.values()) {
            parentOf.put(p.name, parent(p, regionsOf));
        }
        for (PackSpec p : byName.values()) {
            chainOf(p.name); // reports cycles and broken links even where no country inherits
        }
        ResolvedPolicies out = new ResolvedPolicies();
        out.packs = List.copyOf(packs);
        out.fallback = effective("global", chainOf("global"));
        Set<String> countries = new TreeSet<>(regionsOf.keySet());
        for (PackSpec p : byName.values()) {
            if (p.level == PackLevel.COUNTRY) {
                countries.add(p.name);
            }
        }
        for (String country : countries) {
            String leaf = byName.containsKey(country) ? country : parentForMember(country, regionsOf);
            List<PackSpec> chain = chainOf(leaf);
            if (chain != null) {
                out.byCountry.put(country, effective(country, chain));
            }
        }
        return out;
    }

    private String parentForMember(String country, Map<String, List<String>> regionsOf) {
        List<String> regions = regionsOf.getOrDefault(country, List.of());
        return regions.size() == 1 ? regions.get(0) : "global";
    }

    private String parent(PackSpec p, Map<String, List<String>> regionsOf) {
        if (p.level == PackLevel.GLOBAL) {
            return null;
        }
        String parent = p.parent;
        if (parent == null) {
            if (p.level == PackLevel.COUNTRY) {
                List<String> regions = regionsOf.getOrDefault(p.name, List.of());
                if (regions.size() > 1) {
                    error(p.file, p.line, null, "country " + p.name + " is listed by several regions " + regions
                            + "; set 'parent' to choose one");
                }
                parent = regions.isEmpty() ? "global" : regions.get(0);
            } else {
                parent = "global";
            }
        }
        PackSpec target = byName.get(parent);
        if (target == null) {
            error(p.file, p.line, null, "parent pack '" + parent + "' does not exist");
            return null;
        }
        if (target.level == PackLevel.COUNTRY) {
            error(p.file, p.line, null, "parent '" + parent + "' is a country pack; parents are global or region packs");
            return null;
        }
        return parent;
    }

    /** Packs from global down to {@code leaf}; null (with an error) on a cycle or a broken link. */
    private List<PackSpec> chainOf(String leaf) {
        List<PackSpec> chain = new ArrayList<>();
        List<String> path = new ArrayList<>();
        String name = leaf;
        while (name != null) {
            if (path.contains(name)) {
                List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
                // the same cycle is found from each of its packs: report it once, from its first name
                Collections.rotate(cycle, -cycle.indexOf(Collections.min(cycle)));
                cycle.add(cycle.get(0));
                PackSpec p = byName.get(cycle.get(0));
                error(p.file, p.line, null, "inheritance cycle: " + String.join(" -> ", cycle));
                return null;
            }
            path.add(name);
            PackSpec p = byName.get(name);
            if (p == null) {
                return null;
            }
            chain.add(p);
            if (p.level == PackLevel.GLOBAL) {
                break;
            }
            if (!parentOf.containsKey(name) || parentOf.get(name) == null) {
                return null; // the broken parent was reported already
            }
            name = parentOf.get(name);
        }
        Collections.reverse(chain);
        return chain;
    }

    private EffectivePolicy effective(String scope, List<PackSpec> chain) {
        EffectivePolicy e = new EffectivePolicy();
        e.scope = scope;
        if (chain == null) {
            return e;
        }
        Map<String, String> listOwner = new LinkedHashMap<>();
        Map<String, RuleSpec> rules = new LinkedHashMap<>();
        Map<String, Map<String, Object>> overrideParams = new LinkedHashMap<>();
        List<String> versions = new ArrayList<>();
        for (PackSpec p : chain) {
            e.chain.add(p.name);
            versions.add(p.name + "@" + p.version);
            if (p.defaultLanguage != null) {
                e.defaultLanguage = p.defaultLanguage; // the chain runs global → country: the last one wins
            }
            for (Map.Entry<String, List<String>> l : p.lists.entrySet()) {
                String owner = listOwner.get(l.getKey());
                if (owner != null) {
                    error(p.file, p.listLines.getOrDefault(l.getKey(), p.line), null, "list '" + l.getKey()
                            + "' is already defined in pack " + owner + "; use extend_lists or subtract_lists");
                    continue;
                }
                listOwner.put(l.getKey(), p.name);
                e.lists.put(l.getKey(), new ArrayList<>(new LinkedHashSet<>(l.getValue())));
            }
            for (ListChangeSpec c : p.listChanges) {
                List<String> list = e.lists.get(c.list);
                if (list == null) {
                    error(c.file, c.line, null, "cannot change unknown list '" + c.list + "' (not defined in "
                            + String.join(", ", e.chain) + ")");
                    continue;
                }
                // A set in list order: lists of 10 000 terms are extended in linear time, not quadratic.
                Set<String> terms = new LinkedHashSet<>(list);
                terms.addAll(c.add);
                for (String t : c.remove) {
                    if (!terms.remove(t)) {
                        error(c.file, c.line, null, "cannot subtract '" + t + "': it is not in list '" + c.list + "'");
                    }
                }
                list.clear();
                list.addAll(terms);
            }
            e.params.putAll(p.params);
            p.detectors.forEach((d, values) -> e.detectors.computeIfAbsent(d, k -> new LinkedHashMap<>()).putAll(values));
            for (RuleSpec r : p.rules) {
                RuleSpec existing = rules.get(r.id);
                if (existing != null) {
                    error(r.file, r.line, r.id, "rule id already defined in pack " + existing.definedIn + " ("
                            + existing.file + ":" + existing.line + "); use overrides to change it");
                    continue;
                }
                rules.put(r.id, r.copy());
            }
            for (OverrideSpec o : p.overrides) {
                RuleSpec r = rules.get(o.ruleId);
                if (r == null) {
                    error(o.file, o.line, o.ruleId, "override of unknown rule '" + o.ruleId + "' (not defined in "
                            + String.join(", ", e.chain) + ")");
                    continue;
                }
                apply(o, r);
                overrideParams.computeIfAbsent(r.id, k -> new LinkedHashMap<>()).putAll(o.params);
            }
        }
        e.version = String.join("+", versions);
        for (RuleSpec r : rules.values()) {
            Map<String, Object> params = new LinkedHashMap<>(e.params);
            params.putAll(r.params);
            params.putAll(overrideParams.getOrDefault(r.id, Map.of()));
            r.params = params;
            for (MatcherSpec m : r.matchers) {
                if (m.kind == MatcherSpec.Kind.TERMS) {
                    for (String l : m.lists) {
                        if (!e.lists.containsKey(l)) {
                            error(m.file, m.line, r.id, "unknown term list '" + l + "' (lists in "
                                    + String.join(", ", e.chain) + ": " + String.join(", ", e.lists.keySet()) + ")");
                        }
                    }
                }
            }
            if (r.disabled) {
                e.disabledRules.add(r.id);
            } else {
                e.rules.add(r);
            }
        }
        return e;
    }

    private static void apply(OverrideSpec o, RuleSpec r) {
        if (o.title != null) {
            r.title = o.title;
        }
        if (o.severity != null) {
            r.severity = o.severity;
        }
        if (o.action != null) {
            r.action = o.action;
        }
        if (o.queue != null) {
            r.queue = o.queue;
        }
        if (o.mode != null) {
            r.mode = o.mode;
        }
        if (o.disabled != null) {
            r.disabled = o.disabled;
        }
        if (o.precisionFloor != null) {
            r.precisionFloor = o.precisionFloor;
        }
        r.allow.addAll(o.allow);
    }

    /** Errors are reported once even when several countries' chains share the pack. */
    private void error(String file, int line, String ruleId, String message) {
        PolicyError e = new PolicyError(file, line, ruleId, message);
        if (reported.add(e.toString())) {
            errors.add(e);
        }
    }
}
