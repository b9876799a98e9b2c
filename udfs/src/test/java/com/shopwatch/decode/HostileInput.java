package com.shopwatch.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.shopwatch.model.DeadLetter;
import com.shopwatch.model.DeadLetterReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/** Hostile JSON for the decoder properties: mutations of valid records, wrong types, deep nesting. */
final class HostileInput {
    private HostileInput() {}

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOLE = "__hostile_value__";

    static final Set<String> CODES = Arrays.stream(DeadLetterReason.values()).map(DeadLetterReason::code)
            .collect(Collectors.toSet());

    /** Reasons about one field: the dead letter must name it. */
    static final Set<String> FIELD_REASONS = Set.of("missing_field", "wrong_type", "unknown_type", "unknown_action",
            "invalid_country", "invalid_currency", "invalid_price", "invalid_time", "future_event_time", "invalid_value");

    /** The raw lines of a sample file (some are deliberately not UTF-8). */
    static List<byte[]> lines(String file) {
        byte[] all;
        try {
            all = Files.readAllBytes(Path.of("../config/samples", file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= all.length; i++) {
            if (i == all.length || all[i] == '\n') {
                if (i > start) {
                    out.add(Arrays.copyOfRange(all, start, i));
                }
                start = i + 1;
            }
        }
        return out;
    }

    /** The sample lines the decoder accepts, as trees to mutate field by field; at least {@code min} of them. */
    static List<ObjectNode> accepted(List<byte[]> samples, java.util.function.Predicate<byte[]> accepts, int min) {
        List<ObjectNode> out = new ArrayList<>();
        for (byte[] line : samples) {
            if (accepts.test(line)) {
                try {
                    out.add((ObjectNode) JSON.readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        assertThat(out).hasSizeGreaterThan(min);
        return out;
    }

    /** A dead letter is complete: a known reason, an error, the field for field-level reasons. */
    static void checkDeadLetter(DeadLetter d) {
        assertThat(d).isNotNull();
        assertThat(d.reason).isNotNull().isIn(CODES);
        assertThat(d.error).isNotBlank();
        if (FIELD_REASONS.contains(d.reason)) {
            assertThat(d.field).as("field of %s: %s", d.reason, d.error).isNotBlank();
        }
        assertThat(d.payloadBytes).isGreaterThanOrEqualTo(0);
        assertThat(d.payloadEncoding).isNotNull();
    }

    /** Truncations, byte flips, insertions and deletions of a valid record. */
    static byte[] mutateBytes(byte[] valid, Random r) {
        byte[] b = valid.clone();
        int mutations = 1 + r.nextInt(4);
        for (int k = 0; k < mutations && b.length > 0; k++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(5)) {
                case 0 -> b = Arrays.copyOf(b, at); // truncate
                case 1 -> b[at] ^= (byte) (1 << r.nextInt(8)); // flip a bit
                case 2 -> b[at] = (byte) r.nextInt(256); // replace a byte
                case 3 -> { // insert structural noise
                    byte[] noise = "{}[]\":,\\ \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);
                    byte[] out = new byte[b.length + 1];
                    System.arraycopy(b, 0, out, 0, at);
                    out[at] = noise[r.nextInt(noise.length)];
                    System.arraycopy(b, at, out, at + 1, b.length - at);
                    b = out;
                }
                default -> { // delete a span
                    int len = Math.min(b.length - at, 1 + r.nextInt(8));
                    byte[] out = new byte[b.length - len];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(b, at + len, out, at, b.length - at - len);
                    b = out;
                }
            }
        }
        return b;
    }

    /** The paths of a record that can be replaced: top-level keys, object members, array items. */
    static List<String> paths(ObjectNode root, List<String> required) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String k = it.next();
            out.add(k);
            JsonNode v = root.get(k);
            if (v.isObject()) {
                v.fieldNames().forEachRemaining(c -> out.add(k + "." + c));
            } else if (v.isArray() && v.size() > 0) {
                out.add(k + "[0]");
            }
        }
        for (String k : required) {
            if (!root.has(k)) {
                out.add(k);
            }
        }
        return out;
    }

    /** The record with the value at {@code path} replaced by {@code rawJson} (any JSON text). */
    static String replace(ObjectNode record, String path, String rawJson) {
        ObjectNode copy = record.deepCopy();
        if (path.endsWith("[0]")) {
            String k = path.substring(0, path.length() - 3);
            ((ArrayNode) copy.get(k)).set(0, TextNode.valueOf(HOLE));
        } else if (path.contains(".") && copy.get(path.substring(0, path.indexOf('.'))) instanceof ObjectNode o) {
            o.put(path.substring(path.indexOf('.') + 1), HOLE);
        } else {
            copy.put(path, HOLE);
        }
        try {
            return JSON.writeValueAsString(copy).replace("\"" + HOLE + "\"", rawJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON value of a random type: scalars of every kind, extremes, huge strings, deep nesting. */
    static String randomValue(Random r) {
        switch (r.nextInt(16)) {
            case 0: return "null";
            case 1: return r.nextBoolean() ? "true" : "false";
            case 2: return Long.toString(r.nextLong());
            case 3: return List.of("1e400", "-1e400", "-0.0", "1e-400", "9223372036854775808", "-1", "0",
                    "1e12", "1000000000001", "86401", "123456789012345678901234567890").get(r.nextInt(11));
            case 4: return Double.toString(r.nextDouble() * Math.pow(10, r.nextInt(20)));
            case 5: return quote(randomText(r, r.nextInt(40)));
            case 6: return quote("x".repeat(10_000 + r.nextInt(60_000))); // huge, near and over the payload limit
            case 7: return "[" + randomValue(r) + "," + randomValue(r) + "]";
            case 8: return "{\"" + randomText(r, 5).replace("\"", "") + "\":" + randomValue(r) + "}";
            case 9: { // deep nesting
                int depth = 1 + r.nextInt(3_000);
                boolean arrays = r.nextBoolean();
                return (arrays ? "[" : "{\"a\":").repeat(depth) + "1" + (arrays ? "]" : "}").repeat(depth);
            }
            case 10: return "[]";
            case 11: return "{}";
            case 12: return quote("");
            case 13: return quote(List.of("2026-11-24T10:00:00Z", "2099-01-01T00:00:00Z", "1999-12-31T23:59:59Z",
                    "2026-13-45T99:00:00Z", "ZZ", "sg", "SGD", "zzz", "en", "listing", "video", "created", "reported",
                    "   ").get(r.nextInt(14)));
            case 14: return quote("\\ud800 lone surrogate \\udfff");
            default: return "[" + quote(randomText(r, 10)) + ",null,1]";
        }
    }

    /** Random text of any code point, lone surrogates included, as JSON-escaped content. */
    static String randomText(Random r, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int kind = r.nextInt(4);
            int cp = kind == 0 ? r.nextInt(0x80) : kind == 1 ? r.nextInt(0x10000) : kind == 2 ? 0x10000 + r.nextInt(0x100000)
                    : 0xD800 + r.nextInt(0x800);
            if (cp < 0x20 || cp == '"' || cp == '\\' || (cp >= 0xD800 && cp <= 0xDFFF)) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        }
        return sb.toString();
    }

    private static String quote(String escapedContent) {
        return "\"" + escapedContent + "\"";
    }
}
