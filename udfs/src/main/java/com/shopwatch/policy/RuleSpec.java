package com.shopwatch.policy;

import com.shopwatch.model.Severity;
import com.shopwatch.model.EventType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rule as defined in a pack (before inheritance). Also the shape of an effective rule after
 * overrides are applied ({@link #copy()} then mutate).
 */
public final class RuleSpec {
    public enum Combine { ANY, ALL }

    public String id;
    public String title;
    public Set<EventType> appliesTo = EnumSet.allOf(EventType.class);
    public Severity severity;
    public RuleAction action;
    /** Moderator queue; null means derived from the country. */
    public String queue;
    public RuleMode mode = RuleMode.ENFORCE;
    /** ANY: one matcher suffices; ALL: every matcher must match. */
    public Combine match = Combine.ANY;
    public List<MatcherSpec> matchers = new ArrayList<>();
    /** Allow-listed phrases: a term hit inside one of them is not a match (known false positives). */
    public List<String> allow = new ArrayList<>();
    /** Rule parameters, visible to conditions as {@code params.<name>} (over pack params). */
    public Map<String, Object> params = new LinkedHashMap<>();
    public boolean disabled;
    /** Moderators' precision below which the feedback loop alerts; null means the job's default. */
    public Double precisionFloor;
    /** Pack that defined the rule, and where. */
    public String definedIn;
    public String file;
    public int line;

    public RuleSpec copy() {
        RuleSpec r = new RuleSpec();
        r.id = id;
        r.title = title;
        r.appliesTo = EnumSet.copyOf(appliesTo);
        r.severity = severity;
        r.action = action;
        r.queue = queue;
        r.mode = mode;
        r.match = match;
        r.matchers = new ArrayList<>(matchers);
        r.allow = new ArrayList<>(allow);
        r.params = new LinkedHashMap<>(params);
        r.disabled = disabled;
        r.precisionFloor = precisionFloor;
        r.definedIn = definedIn;
        r.file = file;
        r.line = line;
        return r;
    }
}
