package com.shopwatch.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every term of every list of a policy in one Aho–Corasick automaton: a field is scanned once,
 * whatever the number of terms and lists. Built once per policy version; immutable and
 * thread-safe afterwards. The automaton ({@link TermAutomaton}) works on {@code char} arrays:
 * no boxing, no hashing per character.
 *
 * <p>Boundaries depend on the term's script: Latin (and other spaced scripts) match whole words,
 * allowing an English plural {@code s}/{@code es}; Thai, Chinese and Japanese, written without
 * spaces, match anywhere; Korean matches at the start of a word (particles attach to nouns).
 */
public final class TermDictionary {
    enum Boundary { WHOLE_WORD, WORD_PREFIX, SUBSTRING }

    private static final TextNormalizer NORMALIZER = TextNormalizer.get();

    private final TermAutomaton automaton;
    /** By the automaton's key index (the normalised terms in sorted order). */
    private final Entry[] byKey;
    private final Map<String, Entry> entries;
    private final LongAdder scans = new LongAdder();

    private TermDictionary(TermAutomaton automaton, Entry[] byKey, Map<String, Entry> entries) {
        this.automaton = automaton;
        this.byKey = byKey;
        this.entries = entries;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int termCount() {
        return entries.size();
    }

    /** Automaton passes so far: one per {@link #match} call on non-empty text. */
    public long scanCount() {
        return scans.sum();
    }

    /** All terms in {@code text}, with their original spans. One automaton pass. */
    public List<TermHit> match(String text) {
        if (entries.isEmpty() || text == null || text.isEmpty()) {
            return List.of();
        }
        // its offsets are read below, before this thread normalises anything else
        NormalizedText normalized = NORMALIZER.normalizeTransient(text);
        String s = normalized.text();
        scans.increment();
        Found found = new Found();
        automaton.match(s, found);
        if (found.count == 0) {
            return List.of();
        }
        List<TermHit> hits = new ArrayList<>(found.count);
        int[] f = found.triples;
        for (int i = 0; i < found.count; i++) {
            int start = f[i * 3];
            int end = f[i * 3 + 1];
            Entry entry = byKey[f[i * 3 + 2]];
            if (!boundariesHold(s, start, end, entry.boundary)) {
                continue;
            }
            int from = normalized.originalStart(start);
            int to = normalized.originalEnd(end - 1);
            String matched = text.substring(from, to);
            boolean lookAlike = normalized.lookAlikeIn(start, end);
            hits.add(new TermHit(entry.lists, entry.term, from, to, matched, lookAlike,
                    lookAlike ? ConfusableFolding.scriptsOf(matched) : List.of()));
        }
        return hits;
    }

    /** The automaton's matches of one field as (start, end, key) triples, by end position: few, unboxed. */
    private static final class Found implements TermAutomaton.Match {
        int[] triples = new int[12];
        int count;

        @Override
        public void found(int start, int end, int key) {
            int at = count * 3;
            if (at + 3 > triples.length) {
                triples = java.util.Arrays.copyOf(triples, triples.length * 2);
            }
            triples[at] = start;
            triples[at + 1] = end;
            triples[at + 2] = key;
            count++;
        }
    }

    /** True when an allow-listed phrase hit's original span contains the hit. */
    public static boolean isCovered(TermHit hit, List<TermHit> allowHits) {
        for (TermHit a : allowHits) {
            if (a.start() <= hit.start() && a.end() >= hit.end()) {
                return true;
            }
        }
        return false;
    }

    private static boolean boundariesHold(String s, int start, int end, Boundary boundary) {
        if (boundary == Boundary.SUBSTRING) {
            return true;
        }
        if (start > 0 && TextNormalizer.isWordChar(s.charAt(start - 1))) {
            return false;
        }
        if (boundary == Boundary.WORD_PREFIX || end >= s.length() || !TextNormalizer.isWordChar(s.charAt(end))) {
            return true;
        }
        // an English plural: gun → guns, glass → glasses
        if (s.charAt(end) == 's') {
            return end + 1 >= s.length() || !TextNormalizer.isWordChar(s.charAt(end + 1));
        }
        if (s.charAt(end) == 'e' && end + 1 < s.length() && s.charAt(end + 1) == 's') {
            return end + 2 >= s.length() || !TextNormalizer.isWordChar(s.charAt(end + 2));
        }
        return false;
    }

    static Boundary boundaryOf(String normalizedTerm) {
        boolean korean = false;
        for (int i = 0; i < normalizedTerm.length(); ) {
            int cp = normalizedTerm.codePointAt(i);
            i += Character.charCount(cp);
            Character.UnicodeScript script;
            try {
                script = Character.UnicodeScript.of(cp);
            } catch (IllegalArgumentException e) {
                continue;
            }
            switch (script) {
                case THAI: case HAN: case HIRAGANA: case KATAKANA: case LAO: case KHMER: case MYANMAR: case BOPOMOFO:
                    return Boundary.SUBSTRING;
                case HANGUL:
                    korean = true;
                    break;
                default:
                    break;
            }
        }
        return korean ? Boundary.WORD_PREFIX : Boundary.WHOLE_WORD;
    }

    private static final class Entry {
        final String term;
        final List<String> lists = new ArrayList<>(1);
        final Boundary boundary;

        Entry(String term, Boundary boundary) {
            this.term = term;
            this.boundary = boundary;
        }
    }

    /** Collects terms; {@link #build()} compiles the automaton. */
    public static final class Builder {
        private final Map<String, Entry> entries = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Adds a term to a list. The same term may sit in several lists.
         *
         * @throws IllegalArgumentException if the term is blank or normalises to nothing
         */
        public Builder add(String list, String term) {
            if (term == null || term.isBlank()) {
                throw new IllegalArgumentException("list '" + list + "' has a blank term");
            }
            String normalized = NORMALIZER.normalize(term.strip()).text().strip();
            boolean hasWordChar = false;
            for (int i = 0; i < normalized.length() && !hasWordChar; i++) {
                hasWordChar = TextNormalizer.isWordChar(normalized.charAt(i));
            }
            if (!hasWordChar) {
                throw new IllegalArgumentException("list '" + list + "' term '" + term + "' has no letters or digits to match");
            }
            Entry e = entries.computeIfAbsent(normalized, k -> new Entry(term.strip(), boundaryOf(k)));
            if (!e.lists.contains(list)) {
                e.lists.add(list);
            }
            return this;
        }

        public TermDictionary build() {
            Map<String, Entry> frozen = new LinkedHashMap<>();
            entries.forEach((k, e) -> {
                Entry copy = new Entry(e.term, e.boundary);
                copy.lists.addAll(e.lists);
                frozen.put(k, copy);
            });
            List<String> keys = new ArrayList<>(frozen.keySet());
            Collections.sort(keys);
            Entry[] byKey = new Entry[keys.size()];
            for (int i = 0; i < byKey.length; i++) {
                byKey[i] = frozen.get(keys.get(i));
            }
            return new TermDictionary(TermAutomaton.of(keys), byKey, Collections.unmodifiableMap(frozen));
        }
    }
}
