package com.shopwatch.decode;

import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

/**
 * Epoch milliseconds of an ISO-8601 instant in the form producers send,
 * {@code YYYY-MM-DDTHH:MM:SS[.f…]} then {@code Z} or {@code ±HH:MM}, without
 * {@code DateTimeFormatter}: its general parser was a third of the decoding thread's time.
 * Anything else (a leap second, lower-case letters, another year width, an invalid date) is left
 * to {@code java.time}, so what is accepted and how it is read stay exactly theirs.
 */
final class IsoInstant {
    /** Returned when the text is not in the fast form (it may still be a valid instant). */
    static final long NOT_FAST = Long.MIN_VALUE;

    private IsoInstant() {}

    static long epochMillis(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return NOT_FAST;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1
                || day > Month.of(month).length(Year.isLeap(year)) || hour > 23 || minute > 59 || second > 59) {
            return NOT_FAST;
        }
        int i = 19;
        long millis = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            long fraction = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                fraction = fraction * 10 + (s.charAt(i) - '0');
                i++;
            }
            int width = i - start;
            if (width < 1 || width > 9) {
                return NOT_FAST;
            }
            for (int w = width; w < 3; w++) {
                fraction *= 10;
            }
            for (int w = width; w > 3; w--) {
                fraction /= 10;
            }
            millis = fraction;
        }
        long offsetSeconds;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if ((oh | om) < 0 || oh > 18 || om > 59 || oh == 18 && om > 0) {
                return NOT_FAST;
            }
            offsetSeconds = (s.charAt(i) == '-' ? -1 : 1) * (oh * 3600L + om * 60L);
        } else {
            return NOT_FAST;
        }
        long seconds = LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3600L + minute * 60L + second
                - offsetSeconds;
        return seconds * 1000L + millis;
    }

    /** The value of {@code width} ASCII digits at {@code from}, or −1. */
    private static int digits(String s, int from, int width) {
        int v = 0;
        for (int i = from; i < from + width; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
