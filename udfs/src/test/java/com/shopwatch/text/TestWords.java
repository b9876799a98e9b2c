package com.shopwatch.text;

/** Distinct pronounceable test words: consonant-vowel syllables never repeat a letter or read as leetspeak. */
public final class TestWords {
    private TestWords() {}

    public static String word(int i) {
        String consonants = "bdfgkmnprstvz";
        String vowels = "aeiou";
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 3; k++) {
            int syllable = i % 65;
            i /= 65;
            sb.append(consonants.charAt(syllable / 5)).append(vowels.charAt(syllable % 5));
        }
        return sb.toString();
    }
}
