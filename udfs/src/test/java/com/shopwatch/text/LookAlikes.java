package com.shopwatch.text;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.text.SpoofChecker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What a spammer's tool would pick: for each ASCII letter, every other character that Unicode's
 * confusables data (UTS #39, through ICU4J's skeletons) says looks like it, in lower or upper case.
 * Independent of {@link ConfusableFolding}'s table, so tests of the table do not grade themselves.
 */
public final class LookAlikes {
    private static final Map<Character, int[]> BY_LETTER = build();

    private LookAlikes() {}

    private static Map<Character, int[]> build() {
        SpoofChecker spoof = new SpoofChecker.Builder().build();
        Map<String, List<Integer>> bySkeleton = new HashMap<>();
        for (int cp = 0x80; cp <= Character.MAX_CODE_POINT; cp++) {
            int t = UCharacter.getType(cp);
            if (t == UCharacter.UNASSIGNED || t == UCharacter.NON_SPACING_MARK || t == UCharacter.ENCLOSING_MARK
                    || t == UCharacter.SURROGATE || t == UCharacter.PRIVATE_USE || t == UCharacter.CONTROL
                    || t == UCharacter.FORMAT) {
                continue;
            }
            bySkeleton.computeIfAbsent(spoof.getSkeleton(new String(Character.toChars(cp))), k -> new ArrayList<>())
                    .add(cp);
        }
        Map<Character, int[]> out = new HashMap<>();
        for (char c = 'a'; c <= 'z'; c++) {
            List<Integer> all = new ArrayList<>(bySkeleton.getOrDefault(spoof.getSkeleton(String.valueOf(c)), List.of()));
            String upper = spoof.getSkeleton(String.valueOf(Character.toUpperCase(c)));
            if (!upper.equals(spoof.getSkeleton(String.valueOf(c)))) {
                all.addAll(bySkeleton.getOrDefault(upper, List.of()));
            }
            out.put(c, all.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    /** Look-alikes of an ASCII letter (lower case), never ASCII themselves. */
    public static int[] of(char letter) {
        return BY_LETTER.getOrDefault(Character.toLowerCase(letter), new int[0]);
    }

    /** Every look-alike of every letter, for tests that walk the whole data. */
    public static Map<Character, int[]> all() {
        return BY_LETTER;
    }

    /**
     * {@code text} with {@code swaps} of its swappable ASCII letters (chosen at random) replaced
     * by a random look-alike each; fewer when the text has fewer such letters.
     */
    public static String disguise(String text, int swaps, Random random) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80 && Character.isLetter(c) && of(c).length > 0) {
                positions.add(i);
            }
        }
        java.util.Collections.shuffle(positions, random);
        List<Integer> chosen = positions.subList(0, Math.min(swaps, positions.size()));
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            if (chosen.contains(i)) {
                int[] alike = of(text.charAt(i));
                b.appendCodePoint(alike[random.nextInt(alike.length)]);
            } else {
                b.append(text.charAt(i));
            }
        }
        return b.toString();
    }

    /** How many letters of {@code text} have look-alikes. */
    public static int swappable(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80 && Character.isLetter(c) && of(c).length > 0) {
                n++;
            }
        }
        return n;
    }
}
