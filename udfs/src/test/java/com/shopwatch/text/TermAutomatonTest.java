package com.shopwatch.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The char-array Aho–Corasick automaton finds exactly what searching for every key one by one finds. */
class TermAutomatonTest {
    /** Every (start, end, key) of every key in the text, by brute force. */
    private static List<String> naive(List<String> keys, String text) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            String key = keys.get(k);
            for (int at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) {
                out.add(at + "-" + (at + key.length()) + ":" + k);
            }
        }
        out.sort(null);
        return out;
    }

    private static List<String> automaton(TermAutomaton a, String text) {
        List<String> out = new ArrayList<>();
        int[] lastEnd = {0};
        a.match(text, (start, end, key) -> {
            assertThat(end).as("matches come by end position").isGreaterThanOrEqualTo(lastEnd[0]);
            lastEnd[0] = end;
            out.add(start + "-" + end + ":" + key);
        });
        out.sort(null);
        return out;
    }

    @Test
    void findsEveryOccurrenceOfEveryKeyOverlappingOrNested() {
        // small alphabets make many shared prefixes, suffixes and overlaps; the last one spans scripts
        String[] alphabets = {"ab", "abc", "aeiou ", "กขค", "ab中文", "a\uD83D\uDE00b"};
        Random r = new Random(7);
        for (int round = 0; round < 600; round++) {
            String alphabet = alphabets[round % alphabets.length];
            TreeSet<String> keySet = new TreeSet<>();
            int keys = 1 + r.nextInt(round % 10 == 0 ? 300 : 12);
            for (int attempt = 0; attempt < 10 * keys && keySet.size() < keys; attempt++) {
                keySet.add(random(r, alphabet, 1 + r.nextInt(6))); // small alphabets have few distinct keys
            }
            List<String> sorted = new ArrayList<>(keySet);
            TermAutomaton a = TermAutomaton.of(sorted);
            for (int t = 0; t < 5; t++) {
                String text = random(r, alphabet, r.nextInt(80));
                assertThat(automaton(a, text)).as("keys %s in '%s'", sorted, text).isEqualTo(naive(sorted, text));
            }
        }
    }

    @Test
    void aKeyThatIsAPrefixOrSuffixOfAnotherIsFoundToo() {
        List<String> keys = List.of("he", "hers", "his", "she");
        TermAutomaton a = TermAutomaton.of(keys);
        assertThat(automaton(a, "ushers")).containsExactlyInAnyOrder("1-4:3", "2-4:0", "2-6:1");
        assertThat(automaton(a, "")).isEmpty();
        assertThat(a.states()).isEqualTo(1 + "he".length() + "rs".length() + "is".length() + "she".length());
    }

    @Test
    void keysMustBeSortedDistinctAndNonEmpty() {
        assertThatThrownBy(() -> TermAutomaton.of(List.of("b", "a"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TermAutomaton.of(List.of("a", "a"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TermAutomaton.of(List.of(""))).isInstanceOf(IllegalArgumentException.class);
        assertThat(automaton(TermAutomaton.of(List.of()), "anything")).isEmpty();
    }

    private static String random(Random r, String alphabet, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
