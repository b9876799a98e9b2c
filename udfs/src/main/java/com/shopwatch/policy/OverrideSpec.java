package com.shopwatch.policy;

import com.shopwatch.model.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A change a descendant pack makes to an inherited rule. Null fields leave the rule as it is. */
public final class OverrideSpec {
    public String ruleId;
    public String title;
    public Severity severity;
    public RuleAction action;
    public String queue;
    public RuleMode mode;
    /** true disables the inherited rule for this pack's countries; false re-enables it. */
    public Boolean disabled;
    public Double precisionFloor;
    /** Merged over the rule's parameters. */
    public Map<String, Object> params = new LinkedHashMap<>();
    /** Extra allow-listed phrases. */
    public List<String> allow = List.of();
    public String file;
    public int line;
}
