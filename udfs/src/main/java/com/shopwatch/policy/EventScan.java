package com.shopwatch.policy;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.text.TermHit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-event evaluation state shared by all rules of a country: field texts, and the term hits
 * of each field — computed on first use with ONE automaton pass over all terms of the policy.
 */
final class EventScan {
    final CommerceEvent event;
    final CompiledCountryPolicy policy;
    final EventVariables variables;
    private final Map<String, List<TermHit>> hitsByField = new HashMap<>(8);

    EventScan(CommerceEvent event, CompiledCountryPolicy policy) {
        this.event = event;
        this.policy = policy;
        this.variables = new EventVariables(event, policy);
    }

    /** The language the content is moderated in (tag, identification or the country's default). */
    String language() {
        return ContentLanguage.of(event, policy.defaultLanguage());
    }

    /**
     * The text of a matchable field as terms and regex matchers scan it, or null when the event
     * has none: at most its first {@link PolicyLimits#MAX_SCANNED_TEXT_CHARS} characters (never
     * half a surrogate pair), so evidence offsets still point into the original text.
     */
    String text(String field) {
        return prefix(fullText(field));
    }

    static String prefix(String text) {
        int max = PolicyLimits.MAX_SCANNED_TEXT_CHARS;
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }

    private String fullText(String field) {
        switch (field) {
            case "title": return event.title;
            case "description": return event.description;
            case "brand": return event.brand;
            case "caption": return event.caption;
            case "hashtags": return event.hashtags == null || event.hashtags.length == 0 ? null : String.join(" ", event.hashtags);
            default: return null;
        }
    }

    List<TermHit> termHits(String field) {
        List<TermHit> hits = hitsByField.get(field);
        if (hits == null) {
            String text = text(field);
            hits = text == null || text.isEmpty() ? List.of() : policy.dictionary().match(text);
            hitsByField.put(field, hits);
        }
        return hits;
    }
}
