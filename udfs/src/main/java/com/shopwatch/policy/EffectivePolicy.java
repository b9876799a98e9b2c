package com.shopwatch.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The policy one country is subject to after inheritance: global ← region ← country. */
public final class EffectivePolicy {
    /** The country code, or {@code global} for the fallback. */
    public String scope;
    /** The chain's packs and versions, e.g. {@code global@1+apac@2+SG@7}: recorded on every flag. */
    public String version;
    /** The most specific pack's {@code default_language}; null when no pack of the chain sets one. */
    public String defaultLanguage;
    public List<String> chain = new ArrayList<>();
    /** Enabled rules, in definition order, with overrides applied and params merged. */
    public List<RuleSpec> rules = new ArrayList<>();
    public List<String> disabledRules = new ArrayList<>();
    public Map<String, List<String>> lists = new LinkedHashMap<>();
    public Map<String, Object> params = new LinkedHashMap<>();
    /** Detector thresholds merged along the chain, param by param (unset ones default later). */
    public Map<String, Map<String, Object>> detectors = new LinkedHashMap<>();
}
