package com.shopwatch.policy;

import com.shopwatch.text.TermDictionary;
import com.shopwatch.text.TermHit;
import com.shopwatch.model.Evidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Term lists over text fields; hits inside the rule's allow-listed phrases do not count. */
final class TermsMatcher implements CompiledMatcher {
    private final Set<String> lists;
    private final List<String> fields;
    /** {@link #fields} as indexes into the event scan's fields. */
    private final int[] fieldIndexes;
    private final List<String> languages;

    TermsMatcher(Set<String> lists, List<String> fields, List<String> languages) {
        this.lists = lists;
        this.fields = fields;
        this.fieldIndexes = EventScan.fieldIndexes(fields);
        this.languages = List.copyOf(languages);
    }

    @Override
    public boolean matches(EventScan scan, CompiledRule rule, List<Evidence> evidence) {
        if (!languages.isEmpty() && !languages.contains(scan.language())) {
            return false;
        }
        boolean matched = false;
        for (int f = 0; f < fieldIndexes.length; f++) {
            String field = fields.get(f);
            List<TermHit> hits = scan.termHits(fieldIndexes[f]);
            if (hits.isEmpty()) {
                continue;
            }
            List<TermHit> allowed = null;
            for (TermHit hit : hits) {
                String list = firstListOf(hit);
                if (list == null) {
                    continue;
                }
                if (rule.allowListName() != null) {
                    if (allowed == null) {
                        allowed = allowHits(hits, rule.allowListName());
                    }
                    if (TermDictionary.isCovered(hit, allowed)) {
                        continue;
                    }
                }
                matched = true;
                Evidence e = new Evidence(field, "terms", hit.term() + " (" + list + ")", hit.matchedText(),
                        hit.start(), hit.end());
                if (hit.lookAlike()) {
                    e.folded = Evidence.FOLDED_CONFUSABLE;
                    e.scripts = hit.scripts().toArray(new String[0]);
                }
                evidence.add(e);
            }
        }
        return matched;
    }

    private String firstListOf(TermHit hit) {
        for (String l : hit.lists()) {
            if (lists.contains(l)) {
                return l;
            }
        }
        return null;
    }

    private static List<TermHit> allowHits(List<TermHit> hits, String allowList) {
        List<TermHit> out = new ArrayList<>();
        for (TermHit h : hits) {
            if (h.lists().contains(allowList)) {
                out.add(h);
            }
        }
        return out;
    }
}
