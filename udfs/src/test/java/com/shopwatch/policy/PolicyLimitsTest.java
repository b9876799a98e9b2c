package com.shopwatch.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.EventAction;
import com.shopwatch.model.EventType;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Each bound of {@link PolicyLimits}: at the limit a pack loads, one over it fails with file:line. */
class PolicyLimitsTest {
    private static final String HEAD = """
            pack: global
            version: "1"
            lists:
              weapon_terms: [pistol]
            rules:
            """;
    /** Lines before the first rule. */
    private static final int HEAD_LINES = 5;

    private static String rule(String id, String matcher) {
        return "  - id: " + id + "\n"
                + "    title: T\n"
                + "    severity: low\n"
                + "    action: review\n"
                + "    matchers:\n"
                + "      - " + matcher + "\n";
    }

    /** A pack with one rule whose matcher is on line 11. */
    private static Map<String, String> oneRule(String matcher) {
        return Map.of("global.yaml", HEAD + rule("r", matcher));
    }

    private static PolicyLoader.Result load(Map<String, String> files) {
        return PolicyLoader.load(files);
    }

    private static List<String> errors(Map<String, String> files) {
        PolicyLoader.Result r = load(files);
        assertThat(r.ok()).as("expected errors").isFalse();
        return r.errors().stream().map(PolicyError::toString).toList();
    }

    private static void loads(Map<String, String> files) {
        assertThat(load(files).errors()).isEmpty();
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    // ---- rules and terms per pack ----

    private static String rules(int n) {
        return HEAD + IntStream.range(0, n).mapToObj(i -> rule("r" + i, "category: c" + i)).collect(Collectors.joining());
    }

    @Test
    void rulesPerPack() {
        loads(Map.of("global.yaml", rules(PolicyLimits.MAX_RULES_PER_PACK)));
        int line501 = HEAD_LINES + 1 + PolicyLimits.MAX_RULES_PER_PACK * 6;
        assertThat(errors(Map.of("global.yaml", rules(PolicyLimits.MAX_RULES_PER_PACK + 1)))).containsExactly(
                "global.yaml:" + line501 + ": the pack defines 501 rules; the limit is 500 per pack (rule 501 starts here);"
                        + " split the pack or merge rules");
    }

    /** A global pack: list 'big' (line 4) of n terms, then list 'other' (line 5) of one. */
    private static String terms(int inList) {
        String list = IntStream.range(0, inList).mapToObj(i -> "t" + i).collect(Collectors.joining(", ", "[", "]"));
        return "pack: global\nversion: \"1\"\nlists:\n  big: " + list + "\n  other: [a]\n"
                + "rules:\n" + rule("r", "terms: [other]");
    }

    @Test
    void termsPerPack() {
        int max = PolicyLimits.MAX_TERMS_PER_PACK;
        // 49 999 + the list 'other' = 50 000 terms
        loads(Map.of("global.yaml", terms(max - 1)));
        // the region pack extends by enough to pass it at its extend_lists line
        String sg = "pack: SG\nversion: \"1\"\nextend_lists:\n  other: [b]\n  big: "
                + IntStream.range(0, max).mapToObj(i -> "y" + i).collect(Collectors.joining(", ", "[", "]")) + "\n";
        assertThat(errors(Map.of("global.yaml", terms(10), "sg.yaml", sg))).containsExactly(
                "sg.yaml:5: the pack has 50001 terms (lists, extend_lists, subtract_lists and allow phrases);"
                        + " the limit is 50000 per pack, passed at this line");
        assertThat(errors(Map.of("global.yaml", terms(max)))).singleElement().asString()
                .startsWith("global.yaml:5: the pack has 50001 terms");
    }

    // ---- CEL ----

    @Test
    void conditionLength() {
        String base = "title == ''";
        String atLimit = "title == '" + "a".repeat(PolicyLimits.MAX_CONDITION_CHARS - base.length()) + "'";
        assertThat(atLimit).hasSize(PolicyLimits.MAX_CONDITION_CHARS);
        loads(oneRule("condition: " + quoted(atLimit)));
        String over = atLimit.replace("'a", "'aa");
        assertThat(errors(oneRule("condition: " + quoted(over)))).singleElement().asString()
                .startsWith("global.yaml:11: [rule r] CEL condition 'title == 'aaaa")
                .endsWith("is too costly: condition is 2001 characters long; the limit is 2000");
    }

    /** {@code [1, 1, …].size() > 0}: the list's n elements + list, size, 0 and > = n + 4 nodes. */
    private static String nodes(int n) {
        return IntStream.range(0, n - 4).mapToObj(i -> "1").collect(Collectors.joining(",", "[", "]")) + ".size() > 0";
    }

    @Test
    void conditionNodes() {
        loads(oneRule("condition: " + quoted(nodes(PolicyLimits.MAX_CONDITION_NODES))));
        assertThat(errors(oneRule("condition: " + quoted(nodes(PolicyLimits.MAX_CONDITION_NODES + 1)))))
                .singleElement().asString().startsWith("global.yaml:11: [rule r] CEL condition '[1,1,")
                .endsWith("is too costly: condition has 501 expression nodes; the limit is 500");
    }

    /** {@code 1 + 1 + … > 0} with n - 1 ones: a left-deep chain, n levels deep. */
    private static String depth(int n) {
        return IntStream.range(0, n - 1).mapToObj(i -> "1").collect(Collectors.joining(" + ")) + " > 0";
    }

    @Test
    void conditionDepth() {
        loads(oneRule("condition: " + quoted(depth(PolicyLimits.MAX_CONDITION_DEPTH))));
        assertThat(errors(oneRule("condition: " + quoted(depth(PolicyLimits.MAX_CONDITION_DEPTH + 1)))))
                .singleElement().asString().startsWith("global.yaml:11: [rule r] CEL condition '1 + 1")
                .endsWith("is too costly: condition nests 33 levels deep; the limit is 32");
    }

    /**
     * Conditions are compiled without CEL's macros, so {@code exists}, {@code all}, … do not
     * compile today; the nesting check guards the day they are enabled, tested here on an AST
     * from a compiler that has them.
     */
    @Test
    void comprehensionsMayNotNest() throws Exception {
        assertThat(errors(oneRule("condition: \"hashtags.exists(h, h == 'x')\""))).singleElement().asString()
                .contains("undeclared reference to 'exists'");
        dev.cel.compiler.CelCompiler withMacros = dev.cel.compiler.CelCompilerFactory.standardCelCompilerBuilder()
                .setStandardMacros(dev.cel.parser.CelStandardMacro.STANDARD_MACROS)
                .addVar("hashtags", dev.cel.common.types.ListType.create(dev.cel.common.types.SimpleType.STRING))
                .addVar("terms", dev.cel.common.types.ListType.create(dev.cel.common.types.SimpleType.STRING))
                .build();
        ConditionCompiler.checkCost(withMacros.compile("hashtags.all(h, h != '') && terms.exists(t, t == 'x')").getAst());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConditionCompiler.checkCost(
                        withMacros.compile("terms.exists(t, hashtags.exists(h, h.contains(t)))").getAst()))
                .hasMessage("condition nests 2 comprehensions (exists, all, map, filter, …) inside one another;"
                        + " the limit is 1 (nested ones multiply the lengths of the lists they iterate)");
    }

    // ---- RE2 ----

    @Test
    void regexLength() {
        loads(oneRule("regex: " + quoted("a".repeat(PolicyLimits.MAX_REGEX_CHARS))));
        assertThat(errors(oneRule("regex: " + quoted("a".repeat(PolicyLimits.MAX_REGEX_CHARS + 1))))).containsExactly(
                "global.yaml:11: [rule r] RE2 pattern '" + "a".repeat(60) + "…' is too large: the pattern is 1001"
                        + " characters long; the limit is 1000");
    }

    @Test
    void regexProgramSize() {
        // find the pattern a{1000}a{1000}a{1000}a{1000}a{k} whose program has exactly the limit
        String atLimit = null;
        for (int k = 1; k <= 1000 && atLimit == null; k++) {
            String p = "a{1000}".repeat(4) + "a{" + k + "}";
            if (Pattern.compile(p).programSize() == PolicyLimits.MAX_REGEX_PROGRAM_SIZE) {
                atLimit = p;
            }
        }
        assertThat(atLimit).isNotNull();
        loads(oneRule("regex: " + quoted(atLimit)));
        String over = atLimit + "b";
        assertThat(errors(oneRule("regex: " + quoted(over)))).containsExactly("global.yaml:11: [rule r] RE2 pattern '"
                + over + "' is too large: its program has 5001 instructions; the limit is 5000");
    }

    @Test
    void nestedRepeatsAreRejectedWithoutCompilingThem() {
        long start = System.nanoTime();
        assertThat(errors(oneRule("regex: \"((a{1000}){1000}){1000}\""))).containsExactly(
                "global.yaml:11: [rule r] RE2 pattern '((a{1000}){1000}){1000}' is too large: its repeats would compile"
                        + " to about over 1000000000 instructions (estimated without compiling); the limit is 5000");
        assertThat(errors(oneRule("regex: \"(?i:(x|[a-z]{100}){100})\""))).singleElement().asString()
                .contains("is too large: its repeats would compile to about");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
        // the bundled packs' largest pattern passes both checks
        assertThat(RegexLimits.check("(whatsapp|wa\\.me|line\\s*id|telegram|wechat|zalo)\\s*[:：]?\\s*\\+?[0-9][0-9 -]{6,}"))
                .isNull();
    }

    @Test
    void validatePrintsALimitWithFileAndLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("global.yaml"), oneRule("regex: \"((a{1000}){1000}){1000}\"").get("global.yaml"));
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = ValidatePolicies.run(new String[] {dir.toString()}, new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8))
                .startsWith("global.yaml:11: [rule r] RE2 pattern '((a{1000}){1000}){1000}' is too large:")
                .contains("the limit is 5000");
    }

    /** The pack schema states the same limits, so an editor that validates against it agrees. */
    @Test
    void theSchemaStatesTheSameLimits() throws Exception {
        String schema = java.nio.file.Files.readString(java.nio.file.Path.of("../config/schemas/policy-pack.schema.json"));
        com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(schema);
        assertThat(root.at("/properties/rules/maxItems").asInt()).isEqualTo(PolicyLimits.MAX_RULES_PER_PACK);
        List<Integer> regex = root.findParents("regex").stream().map(n -> n.get("regex").path("maxLength").asInt())
                .filter(v -> v > 0).distinct().toList();
        List<Integer> condition = root.findParents("condition").stream().map(n -> n.get("condition").path("maxLength").asInt())
                .filter(v -> v > 0).distinct().toList();
        assertThat(regex).containsExactly(PolicyLimits.MAX_REGEX_CHARS);
        assertThat(condition).containsExactly(PolicyLimits.MAX_CONDITION_CHARS);
    }

    // ---- text scanned per field ----

    private static CommerceEvent listing(String title) {
        CommerceEvent e = new CommerceEvent();
        e.eventId = "e";
        e.type = EventType.LISTING;
        e.action = EventAction.CREATED;
        e.itemId = "L1";
        e.accountId = "S1";
        e.country = "SG";
        e.title = title;
        return e;
    }

    @Test
    void termsAndRegexScanOnlyThePrefixOfEachField() {
        String pack = HEAD + rule("terms", "terms: [weapon_terms]") + rule("regex", "regex: \"revolver\"");
        CompiledPolicySet set = PolicyLoader.load(Map.of("global.yaml", pack)).policies();
        int max = PolicyLimits.MAX_SCANNED_TEXT_CHARS;
        String pad = "x ".repeat(max);
        // ends exactly at the limit: found
        String inside = pad.substring(0, max - " pistol revolver".length()) + " pistol revolver";
        assertThat(inside).hasSize(max);
        assertThat(set.evaluate(listing(inside + " more")).stream().map(m -> m.rule().id())).containsExactly("terms", "regex");
        // starts past it: not scanned
        String beyond = pad.substring(0, max) + " pistol revolver";
        assertThat(set.evaluate(listing(beyond))).isEmpty();
        // a surrogate pair across the limit is not split
        String emoji = "a".repeat(max - 1) + "\uD83D\uDE00";
        assertThat(EventScan.prefix(emoji)).hasSize(max - 1);
    }
}
