package com.shopwatch.policy;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.text.TermHit;
import java.util.List;

/**
 * Per-event evaluation state shared by all rules of a country: field texts, and the term hits
 * of each field — computed on first use with ONE automaton pass over all terms of the policy.
 */
final class EventScan {
    final CommerceEvent event;
    final CompiledCountryPolicy policy;
    final EventVariables variables;
    /** By field (its index in {@link MatcherSpec#TEXT_FIELDS}): the scanned text, once looked up, and its term hits, once matched. */
    private final String[] texts = new String[MatcherSpec.TEXT_FIELDS.size()];
    private final boolean[] textKnown = new boolean[MatcherSpec.TEXT_FIELDS.size()];
    @SuppressWarnings("unchecked")
    private final List<TermHit>[] hits = new List[MatcherSpec.TEXT_FIELDS.size()];
    private String language;

    EventScan(CommerceEvent event, CompiledCountryPolicy policy) {
        this.event = event;
        this.policy = policy;
        this.variables = new EventVariables(event, policy);
    }

    /** The language the content is moderated in (tag, identification or the country's default). */
    String language() {
        if (language == null) {
            language = ContentLanguage.of(event, policy.defaultLanguage());
        }
        return language;
    }

    /**
     * Where each of {@code fields} is in {@link MatcherSpec#TEXT_FIELDS} (-1: not a text field, no
     * text): matchers look fields up by index, a rule per event each, not by name in a map.
     */
    static int[] fieldIndexes(List<String> fields) {
        int[] indexes = new int[fields.size()];
        for (int i = 0; i < indexes.length; i++) {
            indexes[i] = MatcherSpec.TEXT_FIELDS.indexOf(fields.get(i));
        }
        return indexes;
    }

    /**
     * The text of a matchable field as terms and regex matchers scan it, or null when the event
     * has none: at most its first {@link PolicyLimits#MAX_SCANNED_TEXT_CHARS} characters (never
     * half a surrogate pair), so evidence offsets still point into the original text.
     */
    String text(int index) {
        if (index < 0) {
            return null;
        }
        if (!textKnown[index]) {
            texts[index] = prefix(fullText(MatcherSpec.TEXT_FIELDS.get(index)));
            textKnown[index] = true;
        }
        return texts[index];
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

    /** The term hits in the field at {@code index} in {@link MatcherSpec#TEXT_FIELDS}: one automaton pass over all terms, on first use. */
    List<TermHit> termHits(int index) {
        if (index < 0) {
            return List.of();
        }
        List<TermHit> found = hits[index];
        if (found == null) {
            String text = text(index);
            found = text == null || text.isEmpty() ? List.of() : policy.dictionary().match(text);
            hits[index] = found;
        }
        return found;
    }
}
