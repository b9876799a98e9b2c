package com.shopwatch.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every validation error names what is wrong and where (file, line, rule id); nothing half-loads. */
class PolicyValidationTest {
    private static final String GLOBAL = """
            pack: global
            version: "1"
            lists:
              weapon_terms: [pistol]
            rules:
              - id: weapons
                title: Weapons
                severity: critical
                action: remove
                matchers:
                  - terms: [weapon_terms]
            """;

    private static List<String> errors(Map<String, String> files) {
        PolicyLoader.Result r = PolicyLoader.load(files);
        assertThat(r.ok()).isFalse();
        assertThat(r.policies()).isNull();
        return r.errors().stream().map(PolicyError::toString).toList();
    }

    private static Map<String, String> with(String file, String yaml) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("global.yaml", GLOBAL);
        m.put(file, yaml);
        return m;
    }

    @Test
    void yamlSyntaxErrorsNameTheLine() {
        assertThat(errors(with("sg.yaml", "pack: SG\nversion: \"1\"\nrules: [\n  - id: x\n"))).singleElement().asString()
                .startsWith("sg.yaml:").contains("YAML syntax error");
        assertThat(errors(with("sg.yaml", "- just\n- a list\n"))).containsExactly(
                "sg.yaml:1: a pack must be a YAML mapping (pack:, version:, rules: …)");
    }

    @Test
    void unknownKeysMissingFieldsAndBadValuesAreAllReported() {
        String sg = """
                pack: SG
                version: "1"
                colour: blue
                rules:
                  - id: sg-vape
                    title: Vapes
                    severty: high
                    action: delete
                    mode: loud
                    matchers:
                      - terms: [weapon_terms]
                        fields: [titel]
                      - regex: "x"
                        condition: "true"
                  - id: Bad Id
                    title: x
                    severity: low
                    action: review
                    matchers: []
                """;
        assertThat(errors(with("sg.yaml", sg))).containsExactlyInAnyOrder(
                "sg.yaml:3: unknown key 'colour' in pack (allowed: countries, default_language, description, detectors, extend_lists, lists, overrides, "
                        + "pack, params, parent, rules, subtract_lists, version)",
                "sg.yaml:7: [rule sg-vape] unknown key 'severty' in rule (allowed: action, allow, applies_to, disabled, "
                        + "id, match, matchers, mode, params, precision_floor, queue, severity, title)",
                "sg.yaml:5: [rule sg-vape] missing required key 'severity'",
                "sg.yaml:8: [rule sg-vape] action 'delete' is not one of [review, remove, restrict]",
                "sg.yaml:9: [rule sg-vape] mode 'loud' is not one of [enforce, shadow]",
                "sg.yaml:12: [rule sg-vape] fields: unknown field 'titel' (allowed: title, description, brand, caption, hashtags)",
                "sg.yaml:13: [rule sg-vape] a matcher needs exactly one of terms, regex, condition, category (found regex, condition)",
                "sg.yaml:15: [rule Bad Id] rule id 'Bad Id' must match [a-z0-9][a-z0-9._-]*",
                "sg.yaml:19: [rule Bad Id] matchers must not be empty");
    }

    @Test
    void wrongTypesDuplicateKeysAndDuplicateRuleIds() {
        String sg = """
                pack: SG
                version: "1"
                version: "2"
                rules:
                  - id: a
                    title: [not, a, string]
                    severity: low
                    action: review
                    disabled: maybe
                    matchers: "x"
                  - id: a
                    title: again
                    severity: low
                    action: review
                    matchers:
                      - category: vapes
                """;
        assertThat(errors(with("sg.yaml", sg))).containsExactlyInAnyOrder(
                "sg.yaml:3: duplicate key 'version' in pack (first at line 2)",
                "sg.yaml:6: [rule a] title must be a string",
                "sg.yaml:9: [rule a] disabled must be true or false",
                "sg.yaml:10: [rule a] matchers must be a list",
                "sg.yaml:11: [rule a] duplicate rule id (first defined at line 5)");
    }

    @Test
    void celThatDoesNotCompileOrTypeCheckAndBadRe2AreReportedWithTheirRule() {
        String sg = """
                pack: SG
                version: "1"
                rules:
                  - id: cheap
                    title: Cheap
                    severity: low
                    action: review
                    matchers:
                      - condition: "price_usd < "
                  - id: typed
                    title: Typed
                    severity: low
                    action: review
                    matchers:
                      - condition: "title + 1 > 2"
                  - id: unknown-var
                    title: Unknown variable
                    severity: low
                    action: review
                    matchers:
                      - condition: "prize < 5.0"
                  - id: not-bool
                    title: Not a boolean
                    severity: low
                    action: review
                    matchers:
                      - condition: "price_usd * 2.0"
                  - id: bad-regex
                    title: Bad regex
                    severity: low
                    action: review
                    matchers:
                      - regex: "(unclosed"
                  - id: backref
                    title: RE2 has no backreferences
                    severity: low
                    action: review
                    matchers:
                      - regex: "(a)\\\\1"
                """;
        List<String> errors = errors(with("sg.yaml", sg));
        assertThat(errors).hasSize(6);
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("sg.yaml:9: [rule cheap] CEL condition 'price_usd < ' does not compile"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("sg.yaml:15: [rule typed] CEL condition").contains("no matching overload"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("sg.yaml:21: [rule unknown-var]").contains("prize"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("sg.yaml:27: [rule not-bool]"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("sg.yaml:33: [rule bad-regex] invalid RE2 pattern"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("sg.yaml:39: [rule backref] invalid RE2 pattern"));
    }

    @Test
    void inheritanceErrors() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("global.yaml", GLOBAL);
        files.put("apac.yaml", """
                pack: apac
                version: "1"
                parent: sea
                """);
        files.put("sea.yaml", """
                pack: sea
                version: "1"
                parent: apac
                """);
        files.put("th.yaml", """
                pack: TH
                version: "1"
                parent: nowhere
                """);
        files.put("sg.yaml", """
                pack: SG
                version: "1"
                extend_lists:
                  vape_terms: [vape]
                subtract_lists:
                  weapon_terms: [rifle]
                rules:
                  - id: weapons
                    title: again
                    severity: low
                    action: review
                    matchers:
                      - category: guns
                  - id: sg-guns
                    title: Guns
                    severity: low
                    action: review
                    matchers:
                      - terms: [gun_terms]
                overrides:
                  - rule: weapon
                    severity: low
                """);
        List<String> errors = errors(files);
        assertThat(errors).contains(
                "th.yaml:1: parent pack 'nowhere' does not exist",
                "apac.yaml:1: inheritance cycle: apac -> sea -> apac");
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("sg.yaml:4: cannot change unknown list 'vape_terms'"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("sg.yaml:6: cannot subtract 'rifle': it is not in list 'weapon_terms'"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("sg.yaml:8: [rule weapons] rule id already defined in pack global"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("sg.yaml:19: [rule sg-guns] unknown term list 'gun_terms'"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("sg.yaml:21: [rule weapon] override of unknown rule 'weapon'"));
    }

    @Test
    void aMissingGlobalPackAndDuplicatePacksAreErrors() {
        assertThat(errors(Map.of("sg.yaml", "pack: SG\nversion: \"1\"\n")))
                .containsExactly("<policies>: no global pack (a pack with 'pack: global' is required)");
        Map<String, String> twice = with("global2.yaml", GLOBAL);
        assertThat(errors(twice)).containsExactly("global2.yaml:1: pack 'global' is defined twice (also in global.yaml)");
        assertThat(errors(with("x.yaml", "pack: Singapore\nversion: \"1\"\n"))).singleElement().asString()
                .startsWith("x.yaml:1: pack 'Singapore' is neither 'global'");
    }

    @Test
    void validateCommandExitCodes(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("global.yaml"), GLOBAL);
        assertThat(run(dir.toString())).isZero();
        Files.writeString(dir.resolve("sg.yaml"), "pack: SG\nversion: \"1\"\noverrides:\n  - rule: nope\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(ValidatePolicies.run(new String[] {dir.toString()}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("sg.yaml:4: [rule nope] override of unknown rule 'nope'")
                .contains("1 error(s)");
        assertThat(run()).isEqualTo(2);
        assertThat(run(dir.resolve("missing").toString())).isEqualTo(2);
    }

    @Test
    void theBundledPacksValidate() {
        assertThat(run("../config/policies")).isZero();
    }

    private static int run(String... args) {
        return ValidatePolicies.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
    }

}
