package com.shopwatch.policy;

/**
 * The checks a regex passes before RE2 compiles it: its length, and an estimate of its program
 * size. RE2/J reports the size of a compiled program ({@code Pattern.programSize()}), which
 * {@link PolicyCompiler} checks exactly afterwards, but compiling is itself the cost: RE2/J
 * accepts repeats up to {@code {1000}} and nested ones multiply, so {@code ((a{1000}){1000}){1000}}
 * would build a billion instructions (out of memory) before it could be measured. The estimate
 * here walks the pattern's structure (literals, classes, groups, alternations and repeats, each
 * repeat multiplying what it repeats by its bound) without building anything.
 */
final class RegexLimits {
    private RegexLimits() {}

    /**
     * The estimate may be this many times the exact limit before a pattern is rejected without
     * compiling: it is an approximation, and the exact check after compiling decides the rest.
     */
    private static final long ESTIMATE_SLACK = 4;

    /** Null when the pattern may be compiled; otherwise why not. */
    static String check(String pattern) {
        int length = pattern.codePointCount(0, pattern.length());
        if (length > PolicyLimits.MAX_REGEX_CHARS) {
            return "the pattern is " + length + " characters long; the limit is " + PolicyLimits.MAX_REGEX_CHARS;
        }
        long estimate = new Estimator(pattern).alternation();
        if (estimate > ESTIMATE_SLACK * PolicyLimits.MAX_REGEX_PROGRAM_SIZE) {
            return "its repeats would compile to about " + (estimate >= CAP ? "over " + CAP : String.valueOf(estimate))
                    + " instructions (estimated without compiling); the limit is " + PolicyLimits.MAX_REGEX_PROGRAM_SIZE;
        }
        return null;
    }

    /** Estimates are capped here, so products of repeats cannot overflow. */
    private static final long CAP = 1_000_000_000L;

    private static long add(long a, long b) {
        return Math.min(CAP, a + b);
    }

    private static long mul(long a, long b) {
        return a == 0 || b == 0 ? 0 : (a > CAP / b ? CAP : Math.min(CAP, a * b));
    }

    /** A tolerant recursive walk: syntax errors are RE2's to report, the estimate just goes on. */
    private static final class Estimator {
        private final String p;
        private int i;

        Estimator(String p) {
            this.p = p;
        }

        long alternation() {
            long sum = concatenation();
            while (i < p.length() && p.charAt(i) == '|') {
                i++;
                sum = add(add(sum, concatenation()), 1);
            }
            return sum;
        }

        private long concatenation() {
            long sum = 0;
            while (i < p.length() && p.charAt(i) != '|' && p.charAt(i) != ')') {
                long atom = atom();
                sum = add(sum, repeats(atom));
            }
            return sum;
        }

        private long atom() {
            char c = p.charAt(i++);
            switch (c) {
                case '(': {
                    if (i < p.length() && p.charAt(i) == '?') { // (?:…), (?i), (?P<name>…)
                        int close = p.indexOf(')', i);
                        int colon = p.indexOf(':', i);
                        if (colon < 0 || (close >= 0 && close < colon)) { // (?i) flags only
                            i = close < 0 ? p.length() : close + 1;
                            return 0;
                        }
                        int gt = p.indexOf('>', i);
                        i = (p.startsWith("?P<", i) && gt >= 0) ? gt + 1 : colon + 1;
                    }
                    long inner = alternation();
                    if (i < p.length() && p.charAt(i) == ')') {
                        i++;
                    }
                    return add(inner, 2);
                }
                case '[':
                    skipClass();
                    return 1;
                case '\\':
                    skipEscape();
                    return 1;
                default:
                    return 1;
            }
        }

        private void skipEscape() {
            if (i >= p.length()) {
                return;
            }
            char e = p.charAt(i++);
            if ((e == 'p' || e == 'P' || e == 'x') && i < p.length() && p.charAt(i) == '{') {
                int close = p.indexOf('}', i);
                i = close < 0 ? p.length() : close + 1;
            } else if (e == 'Q') {
                int end = p.indexOf("\\E", i);
                i = end < 0 ? p.length() : end + 2;
            }
        }

        private void skipClass() {
            if (i < p.length() && p.charAt(i) == '^') {
                i++;
            }
            if (i < p.length() && p.charAt(i) == ']') {
                i++;
            }
            while (i < p.length() && p.charAt(i) != ']') {
                if (p.charAt(i) == '\\') {
                    i++;
                    skipEscape();
                } else if (p.startsWith("[:", i)) {
                    int close = p.indexOf(":]", i + 2);
                    i = close < 0 ? i + 1 : close + 2;
                } else {
                    i++;
                }
            }
            i = Math.min(p.length(), i + 1);
        }

        /** Applies the repeat operators after an atom: {@code {n,m}} multiplies it by max(n, m). */
        private long repeats(long atom) {
            long size = atom;
            while (i < p.length()) {
                char c = p.charAt(i);
                if (c == '*' || c == '+' || c == '?') {
                    i++;
                    size = add(size, 1);
                } else if (c == '{') {
                    int close = p.indexOf('}', i);
                    if (close < 0) {
                        return size;
                    }
                    String body = p.substring(i + 1, close);
                    if (!body.matches("[0-9]{1,9}(,[0-9]{0,9})?")) {
                        return size; // a literal '{'
                    }
                    String[] parts = body.split(",", -1);
                    long bound = Long.parseLong(parts[0]);
                    if (parts.length == 2 && !parts[1].isEmpty()) {
                        bound = Math.max(bound, Long.parseLong(parts[1]));
                    }
                    size = mul(add(size, 1), Math.max(1, bound));
                    i = close + 1;
                } else {
                    return size;
                }
                if (i < p.length() && p.charAt(i) == '?') {
                    i++; // lazy
                }
            }
            return size;
        }
    }
}
