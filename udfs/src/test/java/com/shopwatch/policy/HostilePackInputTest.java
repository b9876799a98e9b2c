package com.shopwatch.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Random YAML mutations of the bundled packs never make {@link PolicyLoader#load} throw: the
 * result is either ok with compiled policies, or a list of errors each naming its file and a
 * line (the only errors without a line are about the set as a whole, which has none).
 */
class HostilePackInputTest {
    static final Map<String, String> BUNDLED = PolicyLoader.readDirectory(Path.of("../config/policies"));
    static final List<String> FILES = List.copyOf(BUNDLED.keySet());

    /** Errors about the whole set, which no line of any file can carry. */
    private static final List<String> SET_LEVEL = List.of("no global pack", "no policy packs given");

    static void check(Map<String, String> files) {
        PolicyLoader.Result r = PolicyLoader.load(files);
        assertThat(r).isNotNull();
        if (r.ok()) {
            assertThat(r.policies()).isNotNull();
            assertThat(r.policies().fallback()).isNotNull();
            Statistics.collect("ok");
            return;
        }
        assertThat(r.policies()).isNull();
        assertThat(r.errors()).isNotEmpty();
        for (PolicyError e : r.errors()) {
            assertThat(e.message()).isNotBlank();
            if (SET_LEVEL.stream().anyMatch(e.message()::startsWith)) {
                continue;
            }
            assertThat(e.file()).as("file of %s", e).isIn(files.keySet());
            int lines = (int) files.get(e.file()).lines().count();
            assertThat(e.line()).as("line of %s", e).isBetween(1, Math.max(1, lines + 1));
        }
        Statistics.collect("errors");
    }

    /** Found by {@link #randomTextAsAPack}: a character YAML forbids was reported at line 0. */
    @Example
    void aForbiddenCharacterIsReportedAtItsLine() {
        PolicyLoader.Result r = PolicyLoader.load(Map.of("global.yaml", "pack: global\nversion: \"1\"\ndescription: a\u0001b\n"));
        assertThat(r.errors()).extracting(PolicyError::toString).containsExactly(
                "global.yaml:3: YAML syntax error: the character U+0001 is not allowed in YAML",
                "<policies>: no global pack (a pack with 'pack: global' is required)");
    }

    @Provide
    Arbitrary<String> files() {
        return Arbitraries.of(FILES);
    }

    /**
     * The global pack alone (it is most of the bundled rules and compiles to one fallback policy,
     * so a thousand tries stay fast), mutated.
     */
    @Property(tries = 1000, seed = "20261223")
    void mutatedGlobalPackAlone(@ForAll long seed) {
        Random r = new Random(seed);
        check(Map.of("global.yaml", mutate(BUNDLED.get("global.yaml"), r)));
    }

    /** Any bundled pack mutated within the whole set (each valid set compiles a dozen countries: fewer tries). */
    @Property(tries = 200, seed = "20261221")
    void mutatedBundledPacks(@ForAll("files") String file, @ForAll long seed) {
        Random r = new Random(seed);
        Map<String, String> files = new TreeMap<>(BUNDLED);
        files.put(file, mutate(files.get(file), r));
        if (r.nextInt(10) == 0) { // now and then a second file too
            String other = FILES.get(r.nextInt(FILES.size()));
            files.put(other, mutate(files.get(other), r));
        }
        check(files);
    }

    @Property(tries = 200, seed = "20261222")
    void randomTextAsAPack(@ForAll("files") String file, @ForAll("garbage") String text) {
        Map<String, String> files = new TreeMap<>(BUNDLED);
        files.put(file, text);
        check(files);
    }

    @Provide
    Arbitrary<String> garbage() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(200),
                Arbitraries.strings().withChars("-:{}[]&*!|>'\"%@` \n\tabc#1?,").ofMaxLength(200));
    }

    /** A global pack whose one rule has the given matcher value, single-quoted for YAML. */
    private static Map<String, String> oneMatcher(String kind, String value) {
        return Map.of("global.yaml", "pack: global\nversion: \"1\"\nrules:\n  - id: r\n    title: T\n    severity: low\n"
                + "    action: review\n    matchers:\n      - " + kind + ": '" + value.replace("'", "''") + "'\n");
    }

    @Property(tries = 500, seed = "20261224")
    void randomRegexes(@ForAll("regexes") String pattern) {
        check(oneMatcher("regex", pattern));
    }

    @Provide
    Arbitrary<String> regexes() {
        return Arbitraries.strings().withChars("()[]{}|*+?\\.^$:aZ19,P<>=!-pLQE").ofMaxLength(60);
    }

    @Property(tries = 500, seed = "20261225")
    void randomConditions(@ForAll("conditions") String expression) {
        check(oneMatcher("condition", expression));
    }

    @Provide
    Arbitrary<String> conditions() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("()[]{}.,:?!<>=&|+-*/% \"'\\1e.title price_usd has(size)in").ofMaxLength(80),
                Arbitraries.of("(", "[", "!", "-", "{'a':").flatMap(open -> Arbitraries.integers().between(1, 1_500)
                        .map(n -> open.repeat(n) + "true" + (open.equals("(") ? ")".repeat(n) : open.equals("[") ? "]".repeat(n)
                                : open.equals("{'a':") ? "}".repeat(n) : ""))));
    }

    private static final String[] SCALARS = {"", "~", "null", "true", "no", "0", "-1", "1e400", "0x1F", ".nan", "[]",
        "{}", "[a, [b, {c: d}]]", "&a x", "*a", "!!binary AAAA", "!!int x", "\"unterminated", "'q'", "|", ">-",
        "2026-11-24", "12:30", "\"\\ud800\"", "ZZ", "global", "apac", "SG", "review", "shadow", "enforce"};

    /** Line-level edits: delete, duplicate, swap, re-indent, replace a scalar, insert an unknown key. */
    static String mutate(String yaml, Random r) {
        List<String> lines = new ArrayList<>(Arrays.asList(yaml.split("\n", -1)));
        int edits = 1 + r.nextInt(3);
        for (int k = 0; k < edits && !lines.isEmpty(); k++) {
            int at = r.nextInt(lines.size());
            String line = lines.get(at);
            switch (r.nextInt(8)) {
                case 0 -> lines.remove(at);
                case 1 -> lines.add(at, line);
                case 2 -> {
                    int other = r.nextInt(lines.size());
                    lines.set(at, lines.get(other));
                    lines.set(other, line);
                }
                case 3 -> lines.set(at, " ".repeat(r.nextInt(4)) + line.stripLeading());
                case 4 -> lines.set(at, "  " + line);
                case 5, 6 -> {
                    int colon = line.indexOf(": ");
                    String value = randomScalar(r);
                    if (colon >= 0) {
                        lines.set(at, line.substring(0, colon + 2) + value);
                    } else if (line.stripLeading().startsWith("- ")) {
                        lines.set(at, line.substring(0, line.indexOf("- ") + 2) + value);
                    } else {
                        lines.set(at, line + " " + value);
                    }
                }
                default -> {
                    String indent = line.substring(0, line.length() - line.stripLeading().length());
                    lines.add(at, indent + "x_unknown_" + r.nextInt(3) + ": " + randomScalar(r));
                }
            }
        }
        return String.join("\n", lines);
    }

    private static String randomScalar(Random r) {
        switch (r.nextInt(4)) {
            case 0: return Integer.toString(r.nextInt(2_000_000) - 1_000_000);
            case 1: {
                StringBuilder sb = new StringBuilder();
                for (int i = r.nextInt(12); i > 0; i--) {
                    sb.appendCodePoint(r.nextInt(3) == 0 ? 0x20 + r.nextInt(0x5f) : 0xa0 + r.nextInt(0x2000));
                }
                return sb.toString();
            }
            default: return SCALARS[r.nextInt(SCALARS.length)];
        }
    }
}
