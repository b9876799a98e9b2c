package com.shopwatch.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast instant parser against java.time, the reference it must agree with wherever it answers. */
class IsoInstantTest {
    /** What the decoder did before the fast path: Instant, then OffsetDateTime; null when neither parses. */
    private static Long reference(String s) {
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            try {
                return OffsetDateTime.parse(s).toInstant().toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e2) {
                return null;
            }
        }
    }

    private static void agrees(String s) {
        long fast = IsoInstant.epochMillis(s);
        if (fast != IsoInstant.NOT_FAST) {
            assertThat(fast).as(s).isEqualTo(reference(s));
        }
    }

    @Test
    void theProducersFormsAreReadFastAndExactly() {
        for (String s : new String[] {"2026-11-24T10:00:00Z", "2026-11-24T10:00:00.050Z", "2026-11-24T10:00:00.5Z",
                "2026-11-24T10:00:00.123456789Z", "2026-11-24T17:00:00+07:00", "2026-11-24T04:30:00.25-05:30",
                "2024-02-29T23:59:59.999Z", "2000-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "2026-11-24T10:00:00+18:00"}) {
            assertThat(IsoInstant.epochMillis(s)).as(s).isNotEqualTo(IsoInstant.NOT_FAST).isEqualTo(reference(s));
        }
    }

    @Test
    void whatItDoesNotReadIsLeftToJavaTime() {
        for (String s : new String[] {"2026-02-29T10:00:00Z", "2026-13-01T10:00:00Z", "2026-11-31T10:00:00Z",
                "2026-11-24T24:00:00Z", "2026-11-24T10:60:00Z", "2026-11-24T23:59:60Z", "2026-11-24t10:00:00z",
                "2026-11-24T10:00:00", "2026-11-24T10:00:00.Z", "2026-11-24T10:00:00.1234567890Z", "2026-11-24T10:00Z",
                "+2026-11-24T10:00:00Z", "2026-11-24T10:00:00+7:00", "2026-11-24T10:00:00+19:00", "2026-11-24T10:00:00+0700",
                "2026-11-24 10:00:00Z", "２０２６-11-24T10:00:00Z", "2026-11-24T10:00:00ZZ", "1795514400000", ""}) {
            assertThat(IsoInstant.epochMillis(s)).as(s).isEqualTo(IsoInstant.NOT_FAST);
        }
    }

    @Test
    void agreesWithJavaTimeOnRandomInstantsAndTheirMutations() {
        Random random = new Random(20261201);
        String alphabet = "0123456789-:.TZ+tz ";
        for (int i = 0; i < 200_000; i++) {
            long millis = random.nextLong(-2_000_000_000_000L, 8_000_000_000_000L);
            String s = Instant.ofEpochMilli(millis).toString();
            if (random.nextBoolean()) {
                int offsetMinutes = random.nextInt(-18 * 60, 18 * 60 + 1);
                s = OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), java.time.ZoneOffset.ofTotalSeconds(offsetMinutes * 60))
                        .toString();
            }
            if (i % 2 == 0) {
                assertThat(IsoInstant.epochMillis(s)).as(s).isIn(reference(s), IsoInstant.NOT_FAST);
                agrees(s);
            }
            // one to three characters replaced, inserted or removed
            StringBuilder b = new StringBuilder(s);
            for (int k = random.nextInt(3) + 1; k > 0 && b.length() > 0; k--) {
                int at = random.nextInt(b.length());
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> b.setCharAt(at, c);
                    case 1 -> b.insert(at, c);
                    default -> b.deleteCharAt(at);
                }
            }
            agrees(b.toString());
        }
    }
}
