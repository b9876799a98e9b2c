package com.shopwatch.policy;

import com.shopwatch.model.CommerceEvent;
import java.util.List;
import java.util.Map;

/** Every country's compiled policy for one set of pack versions. Immutable, thread-safe. */
public final class CompiledPolicySet {
    private final String version;
    private final Map<String, CompiledCountryPolicy> byCountry;
    private final CompiledCountryPolicy fallback;
    private final List<PackSpec> packs;

    CompiledPolicySet(String version, Map<String, CompiledCountryPolicy> byCountry, CompiledCountryPolicy fallback,
            List<PackSpec> packs) {
        this.version = version;
        this.byCountry = Map.copyOf(byCountry);
        this.fallback = fallback;
        this.packs = List.copyOf(packs);
    }

    /** The pack versions in force, e.g. {@code apac@2,global@1,SG@3,...} (sorted by pack). */
    public String version() {
        return version;
    }

    /** The country's policy; the global fallback for any other country, including none (null). */
    public CompiledCountryPolicy forCountry(String country) {
        CompiledCountryPolicy p = country == null ? null : byCountry.get(country); // Map.copyOf rejects get(null)
        return p == null ? fallback : p;
    }

    public Map<String, CompiledCountryPolicy> countries() {
        return byCountry;
    }

    public CompiledCountryPolicy fallback() {
        return fallback;
    }

    public List<PackSpec> packs() {
        return packs;
    }

    public List<RuleMatch> evaluate(CommerceEvent event) {
        return forCountry(event.country).evaluate(event);
    }
}
