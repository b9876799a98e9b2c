package com.shopwatch.policy;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.shopwatch.model.Evidence;
import java.util.List;

/** An RE2 pattern over text fields: linear time, so no pattern can stall the job. */
final class RegexMatcher implements CompiledMatcher {
    private final Pattern pattern;
    private final List<String> fields;
    /** {@link #fields} as indexes into the event scan's fields. */
    private final int[] fieldIndexes;

    /** Empty: every language. */
    private final List<String> languages;

    RegexMatcher(Pattern pattern, List<String> fields, List<String> languages) {
        this.languages = List.copyOf(languages);
        this.pattern = pattern;
        this.fields = fields;
        this.fieldIndexes = EventScan.fieldIndexes(fields);
    }

    @Override
    public boolean matches(EventScan scan, CompiledRule rule, List<Evidence> evidence) {
        if (!languages.isEmpty() && !languages.contains(scan.language())) {
            return false;
        }
        boolean matched = false;
        for (int f = 0; f < fieldIndexes.length; f++) {
            String field = fields.get(f);
            String text = scan.text(fieldIndexes[f]);
            if (text == null || text.isEmpty()) {
                continue;
            }
            Matcher m = pattern.matcher(text);
            if (m.find()) {
                matched = true;
                evidence.add(new Evidence(field, "regex", pattern.pattern(), m.group(), m.start(), m.end()));
            }
        }
        return matched;
    }
}
