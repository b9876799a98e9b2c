package com.shopwatch.policy;

import com.shopwatch.model.Evidence;
import java.util.List;

/** One compiled matcher of a rule. */
interface CompiledMatcher {
    /** True when the matcher matches the event; appends what it matched to {@code evidence}. */
    boolean matches(EventScan scan, CompiledRule rule, List<Evidence> evidence);
}
