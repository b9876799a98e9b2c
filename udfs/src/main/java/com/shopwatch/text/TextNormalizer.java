package com.shopwatch.text;

import java.text.Normalizer;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Normalises text so that common evasions of a term read as the term. Applied identically to
 * the terms (when a dictionary is built) and to event text (when it is matched), so both sides
 * always agree. Linear time; one pass per stage over a char buffer with original offsets.
 *
 * <ol>
 *   <li>NFKC and lower case: full-width {@code ｖａｐｅ} and compatibility forms read as {@code vape}.
 *   <li>Diacritics dropped from Latin, Greek and Cyrillic letters only ({@code thuốc} = {@code thuoc},
 *       {@code đ} = {@code d}); Thai, Japanese and Korean marks change meaning and stay.
 *   <li>Invisible characters removed (zero-width spaces and joiners, soft hyphen, variation selectors).
 *   <li>Look-alikes from every script in Unicode's confusables data read as the ASCII letter or digit
 *       they imitate ({@code vаpe} with a Cyrillic а, Cherokee {@code Ꭺ}, Greek capital {@code Ο}),
 *       looked up before case mapping; see {@link ConfusableFolding}.
 *   <li>Separators inside a word removed ({@code va.pe}, {@code v*a*p*e}); spaces and hyphens
 *       removed only inside a run of three or more single characters ({@code v a p e},
 *       {@code g-u-n}), so ordinary multi-word text keeps its word breaks.
 *   <li>Leetspeak read as letters in words that contain a Latin letter ({@code v4pe}, {@code v@pe},
 *       {@code $}), and {@code l} read as {@code i}, so {@code 1}/{@code l}/{@code i} confusions agree;
 *       standalone numbers such as {@code 2024} are left alone.
 *   <li>Runs of the same letter collapsed ({@code vaaape} = {@code vape}).
 * </ol>
 */
public final class TextNormalizer {
    private static final TextNormalizer INSTANCE = new TextNormalizer();

    public static TextNormalizer get() {
        return INSTANCE;
    }

    private TextNormalizer() {}

    /**
     * Normal forms of single BMP chars, filled lazily and shared by every thread of a
     * TaskManager. Each entry is published with release/acquire semantics, so a reader that sees
     * an entry also sees its contents; two threads racing on one char both compute the same
     * value and either may win.
     */
    private static final SingleCharTable SINGLE_CHAR = new SingleCharTable();

    private static final class SingleCharTable {
        private static final char[] NONE = new char[0];
        private final AtomicReferenceArray<char[]> table = new AtomicReferenceArray<>(65536);

        char[] get(char c) {
            char[] v = table.getAcquire(c);
            if (v == null) {
                if (isInvisible(c)) {
                    v = NONE;
                } else {
                    Buffer b = new Buffer(4);
                    appendNormalised(String.valueOf(c), 0, 1, b);
                    v = java.util.Arrays.copyOf(b.chars, b.size);
                }
                table.setRelease(c, v);
            }
            return v;
        }
    }

    /**
     * Two buffers per thread that the passes below hand the text between: a fresh set per call
     * was four char and eight int arrays the length of the text, for one result (a field of every
     * event is normalised before its terms are matched).
     */
    private static final ThreadLocal<Buffer[]> SCRATCH = ThreadLocal.withInitial(() -> new Buffer[] {new Buffer(256), new Buffer(256)});
    /** Longer texts get buffers of their own, so a thread does not keep a huge pair for good. */
    private static final int SCRATCH_MAX = 16_384;

    public NormalizedText normalize(String original) {
        return normalize(original, true);
    }

    /**
     * {@code skipIdlePasses}: a pass that would copy the text unchanged (no separators inside a
     * word, no spacing to collapse, no letter repeated) is skipped. Most titles and descriptions
     * are such text, and each pass copies three arrays the length of the text. False runs every
     * pass, for the test that checks the skipped ones change nothing.
     */
    NormalizedText normalize(String original, boolean skipIdlePasses) {
        return normalize(original, skipIdlePasses, true);
    }

    /**
     * {@link #normalize(String)} whose offsets and look-alike marks are this thread's buffers, not
     * copies of them: valid only until the thread normalises again. For a caller done with them
     * before that (a field's term scan, a title's fingerprint), it spares two or three arrays the
     * length of the text per call.
     */
    public NormalizedText normalizeTransient(String original) {
        return normalize(original, true, false);
    }

    private NormalizedText normalize(String original, boolean skipIdlePasses, boolean copy) {
        int n = original.length();
        Buffer[] scratch = SCRATCH.get();
        Buffer a = Buffer.reuse(scratch, 0, n + 8);
        for (int i = 0; i < n; ) {
            int cp = original.codePointAt(i);
            int end = i + Character.charCount(cp);
            // A cluster is a code point and the marks that follow it: NFKC then composes
            // e + ◌́ into é and half-width ﾊ + ﾞ into バ, as in the terms.
            while (end < n && isClusterContinuation(original.charAt(end))) {
                end++;
            }
            ConfusableFolding.Reading lookAlike;
            char single;
            if (cp < 0x80 && end == i + 1) {
                char c = (char) cp;
                a.add(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c, i, end);
            } else if (cp <= 0xFFFF && foldsToAscii((char) cp)
                    && (single = ConfusableFolding.singleChar((char) cp)) != ConfusableFolding.NOT_SINGLE) {
                // most readings are one char: the same as the branch below, from the small table
                a.add((char) (single & 0xFF), i, end, (single & ConfusableFolding.LOOK_ALIKE) != 0);
            } else if ((cp > 0xFFFF || foldsToAscii((char) cp)) && (lookAlike = ConfusableFolding.of(cp)) != null) {
                // Before NFKC and case mapping: capital І and Ο look like l and O, their lower
                // cases do not. Marks on a look-alike are diacritics and go.
                String ascii = lookAlike.ascii();
                for (int k = 0; k < ascii.length(); k++) {
                    a.add(ascii.charAt(k), i, end, lookAlike.lookAlike());
                }
            } else if (end == i + 1) {
                // A lone BMP char: its normal form is computed once and cached (Thai, CJK and
                // Hangul text is all such chars, and NFKC per char is the costly part).
                char[] normal = SINGLE_CHAR.get((char) cp);
                for (char c : normal) {
                    a.add(c, i, end);
                }
            } else if (!isInvisible(cp)) {
                appendNormalised(original.substring(i, end), i, end, a);
            }
            i = end;
        }
        if (!skipIdlePasses || anyInWordSeparator(a)) {
            removeSeparators(a);
        }
        Buffer d = skipIdlePasses && spacedSingly(a) ? a : collapseSingleCharacterRuns(a, other(scratch, a));
        applyLeetspeak(d);
        if (!skipIdlePasses || anyLetterRepeated(d)) {
            collapseRepeats(d);
        }
        String text = new String(d.chars, 0, d.size);
        if (!copy) {
            return new NormalizedText(text, d.start, d.end, d.anyLookAlike ? d.lookAlike : null);
        }
        return new NormalizedText(text, java.util.Arrays.copyOf(d.start, d.size),
                java.util.Arrays.copyOf(d.end, d.size), d.anyLookAlike ? java.util.Arrays.copyOf(d.lookAlike, d.size) : null);
    }

    static boolean isClusterContinuation(char c) {
        return (CHAR_CLASSES[c] & CLUSTER_CONTINUATION) != 0;
    }

    static boolean isClusterContinuationByUnicode(char c) {
        if (c < 0x300) {
            return false;
        }
        int t = Character.getType(c);
        return t == Character.NON_SPACING_MARK || (t == Character.COMBINING_SPACING_MARK && ConfusableFolding.of(c) == null)
                || t == Character.ENCLOSING_MARK || c == '\uFF9E' || c == '\uFF9F';
    }

    /** NFKC, lower case and diacritic stripping of one cluster (and look-alikes among its parts). */
    private static void appendNormalised(String cluster, int start, int end, Buffer out) {
        String nfkc = Normalizer.normalize(cluster, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        for (int k = 0; k < nfkc.length(); ) {
            int c = nfkc.codePointAt(k);
            k += Character.charCount(c);
            if (isInvisible(c)) {
                continue;
            }
            Character.UnicodeScript script = scriptOf(c);
            if (script == Character.UnicodeScript.LATIN || script == Character.UnicodeScript.GREEK
                    || script == Character.UnicodeScript.CYRILLIC) {
                String base = Normalizer.normalize(new String(Character.toChars(c)), Normalizer.Form.NFD);
                for (int j = 0; j < base.length(); ) {
                    int bc = base.codePointAt(j);
                    j += Character.charCount(bc);
                    if (Character.getType(bc) == Character.NON_SPACING_MARK) {
                        continue;
                    }
                    String ascii = ConfusableFolding.asciiOf(bc);
                    if (ascii != null) {
                        for (int a = 0; a < ascii.length(); a++) {
                            out.add(ascii.charAt(a), start, end);
                        }
                    } else {
                        appendCodePoint(bc, start, end, out);
                    }
                }
            } else {
                appendCodePoint(c, start, end, out);
            }
        }
    }

    private static void appendCodePoint(int c, int start, int end, Buffer out) {
        if (Character.isBmpCodePoint(c)) {
            out.add((char) c, start, end);
        } else {
            out.add(Character.highSurrogate(c), start, end);
            out.add(Character.lowSurrogate(c), start, end);
        }
    }

    private static Character.UnicodeScript scriptOf(int c) {
        try {
            return Character.UnicodeScript.of(c);
        } catch (IllegalArgumentException e) {
            return Character.UnicodeScript.UNKNOWN;
        }
    }

    private static boolean isInvisible(int cp) {
        return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF || cp == 0x00AD
                || cp == 0x034F || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0x180E || (cp >= 0xE0100 && cp <= 0xE01EF);
    }

    /** Letters, digits and marks (Thai vowels are marks) make up words. */
    static boolean isWordChar(char c) {
        if (c < 0x80) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
        }
        return (CHAR_CLASSES[c] & WORD_CHAR) != 0;
    }

    /** {@link #isWordChar} as Unicode defines it; the table below is made from it. */
    static boolean isWordCharByUnicode(char c) {
        int t = Character.getType(c);
        return Character.isLetterOrDigit(c) || t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK;
    }

    /** A letter of the Latin script: what makes a word's digits and symbols read as leetspeak. */
    static boolean isLatinLetter(char c) {
        if (c < 0x80) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }
        return (CHAR_CLASSES[c] & LATIN_LETTER) != 0;
    }

    static boolean isLatinLetterByUnicode(char c) {
        return Character.isLetter(c) && scriptOf(c) == Character.UnicodeScript.LATIN;
    }

    private static final byte WORD_CHAR = 1;
    private static final byte LATIN_LETTER = 2;
    private static final byte LEET_SYMBOL = 4;
    private static final byte IN_WORD_SEPARATOR = 8;
    private static final byte SPACING = 16;
    private static final byte LETTER = 32;
    private static final byte CLUSTER_CONTINUATION = 64;
    /** The char has a reading in {@link ConfusableFolding}: most non-ASCII chars (Thai, CJK) have none. */
    private static final int FOLDS_TO_ASCII = 0x80;
    /**
     * Per BMP char, the classes the passes below ask of every char of every normalised text:
     * answered from Unicode's tables (a script is a binary search) or a chain of comparisons,
     * they were the costliest part of the passes, for Thai, CJK or Vietnamese text above all.
     * Made once per JVM from the definitions beside each (TextNormalizerCharClassesTest).
     */
    private static final byte[] CHAR_CLASSES = charClasses();

    private static byte[] charClasses() {
        byte[] classes = new byte[65536];
        for (int c = 0; c < classes.length; c++) {
            char ch = (char) c;
            classes[c] = (byte) ((isWordCharByUnicode(ch) ? WORD_CHAR : 0) | (isLatinLetterByUnicode(ch) ? LATIN_LETTER : 0)
                    | (isLeetSymbolByDefinition(ch) ? LEET_SYMBOL : 0) | (isInWordSeparatorByDefinition(ch) ? IN_WORD_SEPARATOR : 0)
                    | (isSpacingByDefinition(ch) ? SPACING : 0) | (Character.isLetter(ch) ? LETTER : 0)
                    | (isClusterContinuationByUnicode(ch) ? CLUSTER_CONTINUATION : 0)
                    | (ConfusableFolding.of(c) != null ? FOLDS_TO_ASCII : 0));
        }
        return classes;
    }

    static boolean isLeetSymbolByDefinition(char c) {
        return c == '@' || c == '$' || c == '!' || c == '|';
    }

    private static boolean isLeetSymbol(char c) {
        return (CHAR_CLASSES[c] & LEET_SYMBOL) != 0;
    }

    static boolean isWordish(char c) {
        return (CHAR_CLASSES[c] & (WORD_CHAR | LEET_SYMBOL)) != 0;
    }

    /** Punctuation sellers put between letters to break up a word. */
    static boolean isInWordSeparatorByDefinition(char c) {
        return c == '.' || c == '_' || c == '*' || c == '·' || c == '•' || c == '\'' || c == '’' || c == '~'
                || c == '+' || c == '^' || c == '`' || c == '"' || c == '´';
    }

    static boolean isInWordSeparator(char c) {
        return (CHAR_CLASSES[c] & IN_WORD_SEPARATOR) != 0;
    }

    /** Word breaks that may also be used to space a word out letter by letter. */
    static boolean isSpacingByDefinition(char c) {
        return Character.isWhitespace(c) || c == '-' || c == '‐' || c == '–' || c == '—' || c == '/' || c == '\u3000';
    }

    static boolean isSpacing(char c) {
        return (CHAR_CLASSES[c] & SPACING) != 0;
    }

    static boolean isLetter(char c) {
        return (CHAR_CLASSES[c] & LETTER) != 0;
    }

    /** Whether {@link ConfusableFolding#of} has a reading for {@code c}, without reading its larger table. */
    static boolean foldsToAscii(char c) {
        return (CHAR_CLASSES[c] & FOLDS_TO_ASCII) != 0;
    }

    /** The scratch buffer a pass over {@code in} writes to: the one {@code in} is not. */
    private static Buffer other(Buffer[] scratch, Buffer in) {
        return Buffer.reuse(scratch, scratch[0] == in ? 1 : 0, in.size);
    }

    /** False when {@link #removeSeparators} would copy {@code in} unchanged. */
    private static boolean anyInWordSeparator(Buffer in) {
        for (int i = 0; i < in.size; i++) {
            if (isInWordSeparator(in.chars[i])) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when {@link #collapseSingleCharacterRuns} would copy {@code in} unchanged: tokens
     * apart by one plain space each, none before the first, and no three single-character
     * tokens in a row.
     */
    private static boolean spacedSingly(Buffer in) {
        int singles = 0;
        int i = 0;
        while (i < in.size) {
            char c = in.chars[i];
            if (isSpacing(c)) {
                // the pass writes a space of its own: unflagged, even where a look-alike made it
                if (c != ' ' || i == 0 || isSpacing(in.chars[i - 1]) || (in.anyLookAlike && in.lookAlike[i])) {
                    return false;
                }
                i++;
                continue;
            }
            int token = i;
            while (i < in.size && !isSpacing(in.chars[i])) {
                i++;
            }
            singles = i - token == 1 && isWordish(in.chars[token]) ? singles + 1 : 0;
            if (singles >= 3) {
                return false;
            }
        }
        return true;
    }

    /** False when {@link #collapseRepeats} would copy {@code in} unchanged. */
    private static boolean anyLetterRepeated(Buffer in) {
        for (int i = 1; i < in.size; i++) {
            char c = in.chars[i];
            if (c == in.chars[i - 1] && isLetter(c)) {
                return true;
            }
        }
        return false;
    }

    /** In place (it only drops chars): separators between two word chars vanish. */
    private static void removeSeparators(Buffer buf) {
        int kept = 0;
        for (int i = 0; i < buf.size; i++) {
            char c = buf.chars[i];
            if (isInWordSeparator(c)) {
                int j = i;
                while (j < buf.size && isInWordSeparator(buf.chars[j])) {
                    j++;
                }
                if (kept > 0 && isWordish(buf.chars[kept - 1]) && j < buf.size && isWordish(buf.chars[j])) {
                    i = j - 1;
                    continue;
                }
            }
            buf.move(i, kept++);
        }
        buf.truncate(kept);
    }

    /**
     * Tokens split by spacing; a run of three or more single-character tokens is joined
     * ({@code v a p e}). Other spacing collapses to one space.
     */
    private static Buffer collapseSingleCharacterRuns(Buffer in, Buffer out) {
        int i = 0;
        while (i < in.size) {
            if (isSpacing(in.chars[i])) {
                while (i < in.size && isSpacing(in.chars[i])) {
                    i++;
                }
                if (out.size > 0 && out.chars[out.size - 1] != ' ') {
                    out.add(' ', in.start[i - 1], in.end[i - 1]);
                }
                continue;
            }
            // Look ahead: how many consecutive single-character tokens start here?
            int run = 0;
            int j = i;
            while (j < in.size && !isSpacing(in.chars[j]) && (j + 1 >= in.size || isSpacing(in.chars[j + 1]))
                    && isWordish(in.chars[j])) {
                run++;
                j++;
                while (j < in.size && isSpacing(in.chars[j])) {
                    j++;
                }
            }
            if (run >= 3) {
                int k = i;
                for (int t = 0; t < run; t++) {
                    out.copy(in, k);
                    k++;
                    while (k < in.size && isSpacing(in.chars[k])) {
                        k++;
                    }
                }
                i = k;
                if (i < in.size) {
                    out.add(' ', in.start[i - 1], in.end[i - 1]);
                }
                continue;
            }
            while (i < in.size && !isSpacing(in.chars[i])) {
                out.copy(in, i);
                i++;
            }
        }
        return out;
    }

    /** In place: leetspeak to letters inside words that contain a Latin letter; l reads as i. */
    private static void applyLeetspeak(Buffer buf) {
        int i = 0;
        while (i < buf.size) {
            if (!isWordish(buf.chars[i])) {
                i++;
                continue;
            }
            int j = i;
            boolean latin = false;
            while (j < buf.size && isWordish(buf.chars[j])) {
                char c = buf.chars[j];
                latin = latin || (c >= 'a' && c <= 'z') || (c > 0x7F && isLatinLetter(c));
                j++;
            }
            if (latin) {
                // Symbols trailing a word ("vape!") or opening it ("!!vape") are punctuation,
                // not letters; $ and @ may open a word ($ale, @mmo).
                int from = i;
                int to = j;
                while (to > from && isLeetSymbol(buf.chars[to - 1])) {
                    to--;
                }
                while (from < to && (buf.chars[from] == '!' || buf.chars[from] == '|')) {
                    from++;
                }
                for (int k = from; k < to; k++) {
                    buf.chars[k] = leet(buf.chars[k]);
                }
            }
            i = j;
        }
    }

    private static char leet(char c) {
        switch (c) {
            case '0': return 'o';
            case '1': case '!': case '|': case 'l': return 'i';
            case '3': return 'e';
            case '4': case '@': return 'a';
            case '5': case '$': return 's';
            case '7': return 't';
            default: return c;
        }
    }

    /** In place (it only drops chars): a run of one letter reads as the letter once, spanning the run. */
    private static void collapseRepeats(Buffer buf) {
        int kept = 0;
        for (int i = 0; i < buf.size; i++) {
            char c = buf.chars[i];
            if (kept > 0 && buf.chars[kept - 1] == c && isLetter(c)) {
                buf.end[kept - 1] = Math.max(buf.end[kept - 1], buf.end[i]);
                if (buf.anyLookAlike && buf.lookAlike[i]) {
                    buf.lookAlike[kept - 1] = true;
                }
                continue;
            }
            buf.move(i, kept++);
        }
        buf.truncate(kept);
    }

    /** Chars with the original span each came from, and whether a look-alike fold made them. */
    private static final class Buffer {
        char[] chars;
        int[] start;
        int[] end;
        /** Allocated at the first look-alike: most text has none. */
        boolean[] lookAlike;
        boolean anyLookAlike;
        int size;

        Buffer(int capacity) {
            chars = new char[Math.max(4, capacity)];
            start = new int[chars.length];
            end = new int[chars.length];
        }

        /**
         * {@code scratch[i]} emptied, with room for {@code capacity} chars (it grows if need be),
         * or a buffer of its own for a text longer than {@link #SCRATCH_MAX}.
         */
        static Buffer reuse(Buffer[] scratch, int i, int capacity) {
            if (capacity > SCRATCH_MAX) {
                return new Buffer(capacity);
            }
            Buffer b = scratch[i];
            // Too small, or grown past the cap inside a pass (NFKC can lengthen a text manyfold).
            if (b.chars.length < capacity || b.chars.length > SCRATCH_MAX) {
                b = new Buffer(Math.min(SCRATCH_MAX, Math.max(capacity, 2 * b.chars.length)));
                scratch[i] = b;
            } else {
                if (b.anyLookAlike) {
                    java.util.Arrays.fill(b.lookAlike, 0, Math.min(b.size, b.lookAlike.length), false);
                }
                b.anyLookAlike = false;
                b.size = 0;
            }
            return b;
        }

        void add(char c, int s, int e) {
            if (size == chars.length) {
                grow();
            }
            chars[size] = c;
            start[size] = s;
            end[size] = e;
            size++;
        }

        void add(char c, int s, int e, boolean folded) {
            add(c, s, e);
            if (folded) {
                markLookAlike(size - 1);
            }
        }

        /** Appends char {@code i} of {@code from}, span and flag included. */
        void copy(Buffer from, int i) {
            add(from.chars[i], from.start[i], from.end[i], from.anyLookAlike && from.lookAlike[i]);
        }

        /** Char {@code from} moved to {@code to} (at most {@code from}): a pass that drops chars, in place. */
        void move(int from, int to) {
            chars[to] = chars[from];
            start[to] = start[from];
            end[to] = end[from];
            if (anyLookAlike) {
                lookAlike[to] = lookAlike[from];
            }
        }

        /**
         * Keeps the first {@code size} chars. The look-alike marks past them are cleared (a
         * reused buffer clears only up to its size), and the buffer has look-alikes only if
         * a kept char is one, as a copy of the kept chars would.
         */
        void truncate(int newSize) {
            if (anyLookAlike) {
                java.util.Arrays.fill(lookAlike, newSize, size, false);
                boolean any = false;
                for (int i = 0; i < newSize && !any; i++) {
                    any = lookAlike[i];
                }
                anyLookAlike = any;
            }
            size = newSize;
        }

        void markLookAlike(int i) {
            if (lookAlike == null) {
                lookAlike = new boolean[chars.length];
            }
            anyLookAlike = true;
            lookAlike[i] = true;
        }

        private void grow() {
            int cap = size * 2;
            chars = java.util.Arrays.copyOf(chars, cap);
            start = java.util.Arrays.copyOf(start, cap);
            end = java.util.Arrays.copyOf(end, cap);
            if (lookAlike != null) {
                lookAlike = java.util.Arrays.copyOf(lookAlike, cap);
            }
        }
    }
}
