package com.shopwatch.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which non-ASCII characters read as ASCII letters or digits, from Unicode's confusables data
 * (UTS #39), every script in it: Cyrillic {@code а}, Greek {@code Ο}, Cherokee {@code Ꭺ}, Lisu,
 * Armenian, Coptic, Old Italic, small capitals, mathematical letters, Arabic-Indic {@code ٥}, …
 *
 * <p>The table, {@code confusables-latin.tsv}, is generated from ICU4J's skeletons by a test-side
 * generator and checked against ICU4J on every test run, so the job ships 40 KB of data instead
 * of the library. Immutable and shared.
 */
public final class ConfusableFolding {
    /** How one code point reads. {@code lookAlike}: only the confusables data makes it read so. */
    record Reading(String ascii, String script, boolean lookAlike) {}

    private static final Reading[] BMP = new Reading[65536];
    private static final Map<Integer, Reading> SUPPLEMENTARY = new HashMap<>();
    private static final int ENTRIES;

    static {
        int n = 0;
        try (InputStream in = ConfusableFolding.class.getResourceAsStream("confusables-latin.tsv")) {
            if (in == null) {
                throw new IllegalStateException("confusables-latin.tsv is missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> scripts = new HashMap<>();
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isEmpty() || line.charAt(0) == '#') {
                    continue;
                }
                String[] f = line.split("\t");
                int cp = Integer.parseInt(f[0], 16);
                Reading reading = new Reading(f[1], scripts.computeIfAbsent(f[2], s -> s), f[3].equals("c"));
                if (cp < 65536) {
                    BMP[cp] = reading;
                } else {
                    SUPPLEMENTARY.put(cp, reading);
                }
                n++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ENTRIES = n;
        SINGLE_CHAR_PAGES = singleCharPages();
    }

    /** In a {@link #singleChar} answer: the char reads so only by the confusables data. */
    static final char LOOK_ALIKE = 0x100;
    /** {@link #singleChar}'s answer for a char whose reading is not one ASCII char (none, or several). */
    static final char NOT_SINGLE = 0;

    /**
     * The BMP readings of one ASCII char, as the char plus {@link #LOOK_ALIKE}, in pages of 256
     * chars; the pages without any such reading are one shared page of {@link #NOT_SINGLE}. The
     * normaliser reads every accented or look-alike letter's reading: from {@link #BMP} that is a
     * load from a 256 KB array and two dependent ones (the reading, its string), cache misses for
     * Vietnamese text; from here, one from a few small pages.
     */
    private static final char[][] SINGLE_CHAR_PAGES;

    private static char[][] singleCharPages() {
        char[] none = new char[256];
        char[][] pages = new char[256][];
        java.util.Arrays.fill(pages, none);
        for (int c = 0x80; c < 65536; c++) {
            Reading r = BMP[c];
            if (r != null && r.ascii().length() == 1) {
                if (pages[c >>> 8] == none) {
                    pages[c >>> 8] = new char[256];
                }
                pages[c >>> 8][c & 0xFF] = (char) (r.ascii().charAt(0) | (r.lookAlike() ? LOOK_ALIKE : 0));
            }
        }
        return pages;
    }

    /**
     * For a BMP char whose reading is one ASCII char: that char, with {@link #LOOK_ALIKE} set when
     * only the confusables data makes it read so; else {@link #NOT_SINGLE} (see {@link #of}).
     */
    static char singleChar(char c) {
        return SINGLE_CHAR_PAGES[c >>> 8][c & 0xFF];
    }

    private ConfusableFolding() {}

    /** How many code points the table folds. */
    public static int size() {
        return ENTRIES;
    }

    /** The reading of a code point, or null when it does not look like ASCII letters or digits. */
    static Reading of(int cp) {
        if (cp < 0x80) {
            return null;
        }
        return cp < 65536 ? BMP[cp] : SUPPLEMENTARY.get(cp);
    }

    /** The lower-case ASCII a code point reads as, or null. */
    public static String asciiOf(int cp) {
        Reading r = of(cp);
        return r == null ? null : r.ascii();
    }

    /** True when only the confusables data (not NFKC or diacritic stripping) makes {@code cp} read as ASCII. */
    public static boolean isLookAlike(int cp) {
        Reading r = of(cp);
        return r != null && r.lookAlike();
    }

    /**
     * The scripts of the letters in {@code text}, sorted: {@code [Cyrillic, Latin]} for {@code vаpe}
     * with a Cyrillic а. Common and inherited characters (digits, punctuation, marks) do not count.
     */
    public static List<String> scriptsOf(CharSequence text) {
        TreeSet<String> out = new TreeSet<>();
        for (int i = 0; i < text.length(); ) {
            int cp = Character.codePointAt(text, i);
            i += Character.charCount(cp);
            String s = scriptOf(cp);
            if (s != null) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    /**
     * Words written in Latin letters with look-alike letters of another script inside
     * ({@code vаpe}, {@code ViАgra}): rarely innocent in a listing. A word is a run of letters,
     * digits and marks; a word wholly in another script ({@code москва}) is not counted.
     */
    public static int mixedScriptWords(String text) {
        if (text == null) {
            return 0;
        }
        if (AsciiText.isAscii(text)) {
            return 0; // one script
        }
        int n = text.length();
        int i = 0;
        int count = 0;
        boolean latin = false;
        boolean foreignLookAlike = false;
        while (i <= n) {
            int cp = i < n ? text.codePointAt(i) : ' ';
            i += i < n ? Character.charCount(cp) : 1;
            Reading r = of(cp);
            boolean inWord = r != null || Character.isLetterOrDigit(cp) || isMark(cp);
            if (!inWord) {
                if (latin && foreignLookAlike) {
                    count++;
                }
                latin = false;
                foreignLookAlike = false;
                continue;
            }
            if (r != null && r.lookAlike() && !r.script().equals("Latin") && !r.script().equals("Common")) {
                foreignLookAlike = true;
            } else if (Character.isLetter(cp) && "Latin".equals(scriptOf(cp))) {
                latin = true;
            }
        }
        return count;
    }

    private static boolean isMark(int cp) {
        int t = Character.getType(cp);
        return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK || t == Character.ENCLOSING_MARK;
    }

    /** The script of a letter, as the table and Unicode name it; null for common characters. */
    private static String scriptOf(int cp) {
        if (cp < 0x80) {
            return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ? "Latin" : null;
        }
        Reading r = of(cp);
        if (r != null) {
            return r.script().equals("Common") || r.script().equals("Inherited") ? null : r.script();
        }
        if (!Character.isLetter(cp)) {
            return null;
        }
        Character.UnicodeScript s;
        try {
            s = Character.UnicodeScript.of(cp);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (s == Character.UnicodeScript.COMMON || s == Character.UnicodeScript.INHERITED
                || s == Character.UnicodeScript.UNKNOWN) {
            return null;
        }
        return SCRIPT_NAMES.computeIfAbsent(s, ConfusableFolding::titleCase);
    }

    private static final Map<Character.UnicodeScript, String> SCRIPT_NAMES = new java.util.concurrent.ConcurrentHashMap<>();

    /** {@code OLD_ITALIC} → {@code Old_Italic}, as the table (ICU) names scripts. */
    private static String titleCase(Character.UnicodeScript s) {
        StringBuilder b = new StringBuilder();
        boolean up = true;
        for (char c : s.name().toCharArray()) {
            b.append(up ? c : Character.toLowerCase(c));
            up = c == '_';
        }
        return b.toString();
    }
}
