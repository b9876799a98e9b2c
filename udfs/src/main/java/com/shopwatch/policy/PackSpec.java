package com.shopwatch.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One policy pack file as parsed, before inheritance is resolved. */
public final class PackSpec {
    /** {@code global}, a region id such as {@code apac}, or an ISO country code such as {@code SG}. */
    public String name;
    public PackLevel level;
    public String version;
    /** The pack this one inherits from: global for regions; a region (or global) for countries. */
    public String parent;
    /** Member countries (region packs). */
    public List<String> countries = new ArrayList<>();
    public String description;
    /**
     * The language of the country's content when a producer sends none and it cannot be told from
     * the text (BCP-47, e.g. {@code ms}); null inherits the parent's.
     */
    public String defaultLanguage;
    /** New term/value lists defined here. */
    public Map<String, List<String>> lists = new LinkedHashMap<>();
    public Map<String, Integer> listLines = new LinkedHashMap<>();
    /** Changes to inherited lists. */
    public List<ListChangeSpec> listChanges = new ArrayList<>();
    /** Pack parameters (numbers, strings, booleans, lists, maps), over the parent's. */
    public Map<String, Object> params = new LinkedHashMap<>();
    /** Detector thresholds set here: detector code → param → typed value (over the parent's, param by param). */
    public Map<String, Map<String, Object>> detectors = new LinkedHashMap<>();
    public List<RuleSpec> rules = new ArrayList<>();
    public List<OverrideSpec> overrides = new ArrayList<>();
    public String file;
    public int line;
}
