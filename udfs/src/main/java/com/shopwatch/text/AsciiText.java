package com.shopwatch.text;

/** Whether text is all ASCII: most of it is, and for it the costly Unicode steps can be skipped. */
public final class AsciiText {
    private AsciiText() {}

    /** True when every char of {@code text} is below U+0080 (an empty text too). */
    public static boolean isAscii(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
