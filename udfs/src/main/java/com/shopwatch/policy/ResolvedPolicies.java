package com.shopwatch.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Effective policies of every country a pack mentions, plus the global fallback. */
public final class ResolvedPolicies {
    public Map<String, EffectivePolicy> byCountry = new LinkedHashMap<>();
    /** Global only: for countries without a pack and outside every region. */
    public EffectivePolicy fallback;
    public List<PackSpec> packs;

    public EffectivePolicy forCountry(String iso) {
        EffectivePolicy p = byCountry.get(iso);
        return p == null ? fallback : p;
    }
}
