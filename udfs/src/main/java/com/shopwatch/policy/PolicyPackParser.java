package com.shopwatch.policy;

import com.shopwatch.model.Severity;
import com.shopwatch.model.EventType;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Reads one policy pack (YAML) into a {@link PackSpec}, reporting every problem — not just the
 * first — with file, line and rule id. Works on SnakeYAML's node tree because nodes keep their
 * line numbers. Regexes and CEL are only stored here; {@link PolicyCompiler} compiles them.
 */
public final class PolicyPackParser {
    static final Set<String> PACK_KEYS = Set.of("pack", "version", "parent", "countries", "description", "default_language", "lists",
            "extend_lists", "subtract_lists", "params", "detectors", "rules", "overrides");
    static final Set<String> RULE_KEYS = Set.of("id", "title", "applies_to", "severity", "action", "queue", "mode",
            "match", "allow", "params", "disabled", "matchers", "precision_floor");
    static final Set<String> MATCHER_KEYS = Set.of("terms", "regex", "condition", "category", "fields", "ignore_case",
            "languages");
    static final Set<String> OVERRIDE_KEYS = Set.of("rule", "title", "severity", "action", "queue", "mode", "disabled",
            "params", "allow", "precision_floor");
    private static final Pattern RULE_ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Pattern REGION = Pattern.compile("[a-z][a-z0-9_-]*");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final java.util.regex.Pattern LANGUAGE_TAG =
            java.util.regex.Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}");

    private final String file;
    private final List<PolicyError> errors;
    /** Terms of this pack so far, and the line where they first passed the limit (0: not yet). */
    private int terms;
    private int termsOverLine;

    private PolicyPackParser(String file, List<PolicyError> errors) {
        this.file = file;
        this.errors = errors;
    }

    /** Parses one pack; appends every problem to {@code errors}. Returns null if unreadable. */
    public static PackSpec parse(String file, String yamlText, List<PolicyError> errors) {
        return new PolicyPackParser(file, errors).parse(yamlText);
    }

    private PackSpec parse(String text) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(true); // reported below, with both lines
            options.setMaxAliasesForCollections(20);
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            error(mark == null ? 1 : mark.getLine() + 1, null, "YAML syntax error: " + e.getProblem());
            return null;
        } catch (ReaderException e) {
            // a character YAML does not allow (e.g. a control character): no Mark, but its position
            error(lineAt(text, e.getPosition()), null, "YAML syntax error: the character "
                    + String.format("U+%04X", e.getCodePoint()) + " is not allowed in YAML");
            return null;
        } catch (RuntimeException | StackOverflowError e) {
            // SnakeYAML's own limits (aliases, nesting, size) carry no position: the file as a whole
            error(1, null, "YAML syntax error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return null;
        }
        if (root == null) {
            error(1, null, "the file is empty");
            return null;
        }
        if (!(root instanceof MappingNode)) {
            error(line(root), null, "a pack must be a YAML mapping (pack:, version:, rules: …)");
            return null;
        }
        PackSpec pack = new PackSpec();
        pack.file = file;
        pack.line = line(root);
        Map<String, Node> top = mapping(root, PACK_KEYS, "pack", null);
        pack.name = requiredString(top, "pack", root, null);
        pack.version = requiredString(top, "version", root, null);
        pack.level = level(pack.name, top.get("pack"));
        pack.description = optionalString(top.get("description"), "description", null);
        pack.parent = optionalString(top.get("parent"), "parent", null);
        pack.defaultLanguage = optionalString(top.get("default_language"), "default_language", null);
        if (pack.defaultLanguage != null && !LANGUAGE_TAG.matcher(pack.defaultLanguage).matches()) {
            error(line(top.get("default_language")), null, "default_language: '" + pack.defaultLanguage
                    + "' is not a BCP-47 language tag (e.g. en, ms, zh-TW)");
            pack.defaultLanguage = null;
        }
        if (pack.level == PackLevel.GLOBAL && pack.parent != null) {
            error(line(top.get("parent")), null, "the global pack cannot have a parent");
        }
        if (top.containsKey("countries")) {
            if (pack.level != PackLevel.REGION) {
                error(line(top.get("countries")), null, "only region packs list countries");
            }
            for (Map.Entry<String, Node> c : scalarsWithNodes(top.get("countries"), "countries")) {
                if (!COUNTRIES.contains(c.getKey())) {
                    error(line(c.getValue()), null, "countries: '" + c.getKey() + "' is not an ISO 3166-1 alpha-2 code (upper case)");
                } else {
                    pack.countries.add(c.getKey());
                }
            }
        }
        if (top.containsKey("lists")) {
            for (Map.Entry<String, Node> e : mapping(top.get("lists"), null, "lists", null).entrySet()) {
                checkName(e.getKey(), "list", e.getValue());
                pack.lists.put(e.getKey(), stringList(e.getValue(), "lists." + e.getKey(), null));
                pack.listLines.put(e.getKey(), line(e.getValue()));
                countTerms(pack.lists.get(e.getKey()).size(), line(e.getValue()));
            }
        }
        parseListChanges(top.get("extend_lists"), "extend_lists", pack, true);
        parseListChanges(top.get("subtract_lists"), "subtract_lists", pack, false);
        if (top.containsKey("params")) {
            pack.params.putAll(params(top.get("params"), "params", null));
        }
        if (top.containsKey("detectors")) {
            parseDetectors(top.get("detectors"), pack);
        }
        if (top.containsKey("rules")) {
            Map<String, Integer> seen = new LinkedHashMap<>();
            List<Node> ruleNodes = sequence(top.get("rules"), "rules", null);
            if (ruleNodes.size() > PolicyLimits.MAX_RULES_PER_PACK) {
                error(line(ruleNodes.get(PolicyLimits.MAX_RULES_PER_PACK)), null, "the pack defines " + ruleNodes.size()
                        + " rules; the limit is " + PolicyLimits.MAX_RULES_PER_PACK + " per pack (rule "
                        + (PolicyLimits.MAX_RULES_PER_PACK + 1) + " starts here); split the pack or merge rules");
            }
            for (Node n : ruleNodes) {
                RuleSpec rule = parseRule(n, pack.name);
                if (rule != null && rule.id != null) {
                    Integer first = seen.putIfAbsent(rule.id, rule.line);
                    if (first != null) {
                        error(rule.line, rule.id, "duplicate rule id (first defined at line " + first + ")");
                    } else {
                        pack.rules.add(rule);
                    }
                }
            }
        }
        if (top.containsKey("overrides")) {
            for (Node n : sequence(top.get("overrides"), "overrides", null)) {
                OverrideSpec o = parseOverride(n);
                if (o != null) {
                    pack.overrides.add(o);
                }
            }
        }
        if (termsOverLine > 0) {
            error(termsOverLine, null, "the pack has " + terms + " terms (lists, extend_lists, subtract_lists and allow "
                    + "phrases); the limit is " + PolicyLimits.MAX_TERMS_PER_PACK + " per pack, passed at this line");
        }
        return pack;
    }

    private void countTerms(int n, int line) {
        terms += n;
        if (terms > PolicyLimits.MAX_TERMS_PER_PACK && termsOverLine == 0) {
            termsOverLine = Math.max(1, line);
        }
    }

    private PackLevel level(String name, Node node) {
        if (name == null) {
            return null;
        }
        if (name.equals("global")) {
            return PackLevel.GLOBAL;
        }
        if (name.length() == 2 && COUNTRIES.contains(name)) {
            return PackLevel.COUNTRY;
        }
        if (REGION.matcher(name).matches() && name.length() > 2) {
            return PackLevel.REGION;
        }
        error(line(node), null, "pack '" + name + "' is neither 'global', a region id (lower case, e.g. apac) "
                + "nor an ISO 3166-1 alpha-2 country code (upper case, e.g. SG)");
        return null;
    }

    private void parseListChanges(Node node, String key, PackSpec pack, boolean add) {
        if (node == null) {
            return;
        }
        for (Map.Entry<String, Node> e : mapping(node, null, key, null).entrySet()) {
            ListChangeSpec change = new ListChangeSpec();
            change.list = e.getKey();
            change.file = file;
            change.line = line(e.getValue());
            List<String> terms = stringList(e.getValue(), key + "." + e.getKey(), null);
            countTerms(terms.size(), change.line);
            if (add) {
                change.add = terms;
            } else {
                change.remove = terms;
            }
            pack.listChanges.add(change);
        }
    }

    private RuleSpec parseRule(Node node, String packName) {
        if (!(node instanceof MappingNode)) {
            error(line(node), null, "a rule must be a mapping (id:, title:, severity:, …)");
            return null;
        }
        Map<String, Node> m = rawMapping((MappingNode) node);
        String id = m.containsKey("id") ? scalar(m.get("id"), "id", null) : null;
        mapping(node, RULE_KEYS, "rule", id);
        RuleSpec r = new RuleSpec();
        r.file = file;
        r.line = line(node);
        r.definedIn = packName;
        if (id == null) {
            error(line(node), null, "rule is missing required key 'id'");
        } else if (!RULE_ID.matcher(id).matches()) {
            error(line(m.get("id")), id, "rule id '" + id + "' must match [a-z0-9][a-z0-9._-]*");
        }
        r.id = id;
        r.title = requiredString(m, "title", node, id);
        r.severity = requiredEnum(m, "severity", Severity.class, node, id);
        r.action = requiredEnum(m, "action", RuleAction.class, node, id);
        r.queue = optionalString(m.get("queue"), "queue", id);
        if (m.containsKey("mode")) {
            r.mode = enumValue(m.get("mode"), "mode", RuleMode.class, id);
        }
        if (m.containsKey("match")) {
            r.match = enumValue(m.get("match"), "match", RuleSpec.Combine.class, id);
        }
        if (m.containsKey("applies_to")) {
            Set<EventType> types = EnumSet.noneOf(EventType.class);
            for (Map.Entry<String, Node> t : scalarsWithNodes(m.get("applies_to"), "applies_to")) {
                EventType type = EventType.fromCode(t.getKey());
                if (type == null) {
                    error(line(t.getValue()), id, "applies_to: unknown event type '" + t.getKey() + "' (allowed: listing, video)");
                } else {
                    types.add(type);
                }
            }
            if (!types.isEmpty()) {
                r.appliesTo = types;
            }
        }
        if (m.containsKey("allow")) {
            r.allow = new ArrayList<>(stringList(m.get("allow"), "allow", id));
            countTerms(r.allow.size(), line(m.get("allow")));
        }
        if (m.containsKey("params")) {
            r.params = params(m.get("params"), "params", id);
        }
        if (m.containsKey("disabled")) {
            r.disabled = bool(m.get("disabled"), "disabled", id);
        }
        if (m.containsKey("precision_floor")) {
            r.precisionFloor = fraction(m.get("precision_floor"), "precision_floor", id);
        }
        if (!m.containsKey("matchers")) {
            error(line(node), id, "rule is missing required key 'matchers'");
        } else {
            List<Node> matchers = sequence(m.get("matchers"), "matchers", id);
            if (matchers.isEmpty() && m.get("matchers") instanceof SequenceNode) {
                error(line(m.get("matchers")), id, "matchers must not be empty");
            }
            for (Node mn : matchers) {
                MatcherSpec spec = parseMatcher(mn, id);
                if (spec != null) {
                    r.matchers.add(spec);
                }
            }
        }
        return r;
    }

    private MatcherSpec parseMatcher(Node node, String ruleId) {
        if (!(node instanceof MappingNode)) {
            error(line(node), ruleId, "a matcher must be a mapping with one of terms, regex, condition, category");
            return null;
        }
        Map<String, Node> m = mapping(node, MATCHER_KEYS, "matcher", ruleId);
        MatcherSpec spec = new MatcherSpec();
        spec.file = file;
        spec.line = line(node);
        List<String> kinds = new ArrayList<>();
        for (String k : List.of("terms", "regex", "condition", "category")) {
            if (m.containsKey(k)) {
                kinds.add(k);
            }
        }
        if (kinds.size() != 1) {
            error(line(node), ruleId, "a matcher needs exactly one of terms, regex, condition, category (found "
                    + (kinds.isEmpty() ? "none" : String.join(", ", kinds)) + ")");
            return null;
        }
        switch (kinds.get(0)) {
            case "terms":
                spec.kind = MatcherSpec.Kind.TERMS;
                spec.lists = stringList(m.get("terms"), "terms", ruleId);
                for (String l : spec.lists) {
                    checkName(l, "list", m.get("terms"));
                }
                break;
            case "regex":
                spec.kind = MatcherSpec.Kind.REGEX;
                spec.pattern = scalar(m.get("regex"), "regex", ruleId);
                break;
            case "condition":
                spec.kind = MatcherSpec.Kind.CONDITION;
                spec.expression = scalar(m.get("condition"), "condition", ruleId);
                break;
            default:
                spec.kind = MatcherSpec.Kind.CATEGORY;
                spec.categories = stringList(m.get("category"), "category", ruleId);
        }
        if (m.containsKey("fields")) {
            if (spec.kind != MatcherSpec.Kind.TERMS && spec.kind != MatcherSpec.Kind.REGEX) {
                error(line(m.get("fields")), ruleId, "fields only applies to terms and regex matchers");
            }
            List<String> fields = new ArrayList<>();
            for (Map.Entry<String, Node> f : scalarsWithNodes(m.get("fields"), "fields")) {
                if (!MatcherSpec.TEXT_FIELDS.contains(f.getKey())) {
                    error(line(f.getValue()), ruleId, "fields: unknown field '" + f.getKey() + "' (allowed: "
                            + String.join(", ", MatcherSpec.TEXT_FIELDS) + ")");
                } else {
                    fields.add(f.getKey());
                }
            }
            spec.fields = fields;
        }
        if (m.containsKey("languages")) {
            if (spec.kind != MatcherSpec.Kind.TERMS && spec.kind != MatcherSpec.Kind.REGEX) {
                error(line(m.get("languages")), ruleId, "languages only applies to terms and regex matchers");
            }
            List<String> languages = new ArrayList<>();
            for (Map.Entry<String, Node> l : scalarsWithNodes(m.get("languages"), "languages")) {
                if (!LANGUAGE_TAG.matcher(l.getKey()).matches()) {
                    error(line(l.getValue()), ruleId, "languages: '" + l.getKey() + "' is not a BCP-47 language tag");
                } else {
                    languages.add(l.getKey());
                }
            }
            spec.languages = languages;
        }
        if (m.containsKey("ignore_case")) {
            if (spec.kind != MatcherSpec.Kind.REGEX) {
                error(line(m.get("ignore_case")), ruleId, "ignore_case only applies to regex matchers");
            }
            spec.ignoreCase = bool(m.get("ignore_case"), "ignore_case", ruleId);
        }
        return spec;
    }

    private OverrideSpec parseOverride(Node node) {
        if (!(node instanceof MappingNode)) {
            error(line(node), null, "an override must be a mapping (rule:, severity:, …)");
            return null;
        }
        Map<String, Node> raw = rawMapping((MappingNode) node);
        String id = raw.containsKey("rule") ? scalar(raw.get("rule"), "rule", null) : null;
        Map<String, Node> m = mapping(node, OVERRIDE_KEYS, "override", id);
        OverrideSpec o = new OverrideSpec();
        o.file = file;
        o.line = line(node);
        o.ruleId = id;
        if (id == null) {
            error(line(node), null, "override is missing required key 'rule'");
            return null;
        }
        o.title = optionalString(m.get("title"), "title", id);
        o.queue = optionalString(m.get("queue"), "queue", id);
        if (m.containsKey("severity")) {
            o.severity = enumValue(m.get("severity"), "severity", Severity.class, id);
        }
        if (m.containsKey("action")) {
            o.action = enumValue(m.get("action"), "action", RuleAction.class, id);
        }
        if (m.containsKey("mode")) {
            o.mode = enumValue(m.get("mode"), "mode", RuleMode.class, id);
        }
        if (m.containsKey("disabled")) {
            o.disabled = bool(m.get("disabled"), "disabled", id);
        }
        if (m.containsKey("precision_floor")) {
            o.precisionFloor = fraction(m.get("precision_floor"), "precision_floor", id);
        }
        if (m.containsKey("params")) {
            o.params = params(m.get("params"), "params", id);
        }
        if (m.containsKey("allow")) {
            o.allow = stringList(m.get("allow"), "allow", id);
            countTerms(o.allow.size(), line(m.get("allow")));
        }
        return o;
    }

    // ---- node helpers: each reports a precise error and returns a safe default ----

    /** Key → value node; reports unknown keys (when {@code allowed} is given) and duplicates. */
    private Map<String, Node> mapping(Node node, Set<String> allowed, String what, String ruleId) {
        if (!(node instanceof MappingNode)) {
            error(line(node), ruleId, what + " must be a mapping");
            return new LinkedHashMap<>();
        }
        Map<String, Node> out = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        for (NodeTuple t : ((MappingNode) node).getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode)) {
                error(line(t.getKeyNode()), ruleId, what + " keys must be plain strings");
                continue;
            }
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            int keyLine = line(t.getKeyNode());
            if (lines.containsKey(key)) {
                error(keyLine, ruleId, "duplicate key '" + key + "' in " + what + " (first at line " + lines.get(key) + ")");
                continue;
            }
            if (allowed != null && !allowed.contains(key)) {
                error(keyLine, ruleId, "unknown key '" + key + "' in " + what + " (allowed: "
                        + String.join(", ", sorted(allowed)) + ")");
                continue;
            }
            lines.put(key, keyLine);
            out.put(key, t.getValueNode());
        }
        return out;
    }

    private static Map<String, Node> rawMapping(MappingNode node) {
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : node.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode) {
                out.putIfAbsent(((ScalarNode) t.getKeyNode()).getValue(), t.getValueNode());
            }
        }
        return out;
    }

    private List<Node> sequence(Node node, String what, String ruleId) {
        if (!(node instanceof SequenceNode)) {
            error(line(node), ruleId, what + " must be a list");
            return List.of();
        }
        return ((SequenceNode) node).getValue();
    }

    private String scalar(Node node, String what, String ruleId) {
        if (!(node instanceof ScalarNode) || Tag.NULL.equals(node.getTag())) {
            error(line(node), ruleId, what + " must be a string");
            return null;
        }
        String v = ((ScalarNode) node).getValue();
        if (v.isBlank()) {
            error(line(node), ruleId, what + " must not be blank");
            return null;
        }
        return v;
    }

    private String requiredString(Map<String, Node> m, String key, Node parent, String ruleId) {
        if (!m.containsKey(key)) {
            error(line(parent), ruleId, "missing required key '" + key + "'");
            return null;
        }
        return scalar(m.get(key), key, ruleId);
    }

    private String optionalString(Node node, String what, String ruleId) {
        return node == null ? null : scalar(node, what, ruleId);
    }

    private boolean bool(Node node, String what, String ruleId) {
        if (node instanceof ScalarNode && Tag.BOOL.equals(node.getTag())) {
            return Boolean.parseBoolean(((ScalarNode) node).getValue().toLowerCase(Locale.ROOT));
        }
        error(line(node), ruleId, what + " must be true or false");
        return false;
    }

    /** A single string or a list of strings. */
    private List<String> stringList(Node node, String what, String ruleId) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Node> e : scalarsWithNodes(node, what, ruleId)) {
            out.add(e.getKey());
        }
        return out;
    }

    private List<Map.Entry<String, Node>> scalarsWithNodes(Node node, String what) {
        return scalarsWithNodes(node, what, null);
    }

    private List<Map.Entry<String, Node>> scalarsWithNodes(Node node, String what, String ruleId) {
        List<Map.Entry<String, Node>> out = new ArrayList<>();
        if (node instanceof ScalarNode && !Tag.NULL.equals(node.getTag())) {
            out.add(Map.entry(((ScalarNode) node).getValue(), node));
            return out;
        }
        if (!(node instanceof SequenceNode)) {
            error(line(node), ruleId, what + " must be a string or a list of strings");
            return out;
        }
        for (Node item : ((SequenceNode) node).getValue()) {
            if (item instanceof ScalarNode && !Tag.NULL.equals(item.getTag())) {
                out.add(Map.entry(((ScalarNode) item).getValue(), item));
            } else {
                error(line(item), ruleId, what + " entries must be strings");
            }
        }
        return out;
    }

    private <E extends Enum<E>> E requiredEnum(Map<String, Node> m, String key, Class<E> type, Node parent, String ruleId) {
        if (!m.containsKey(key)) {
            error(line(parent), ruleId, "missing required key '" + key + "'");
            return null;
        }
        return enumValue(m.get(key), key, type, ruleId);
    }

    private <E extends Enum<E>> E enumValue(Node node, String key, Class<E> type, String ruleId) {
        String v = scalar(node, key, ruleId);
        if (v == null) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v)) {
                return e;
            }
        }
        error(line(node), ruleId, key + " '" + v + "' is not one of "
                + Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
        return null;
    }

    /** {@code detectors: {seller_velocity: {window: 10m, max_listings: 30}, …}}: names, params and ranges checked. */
    private void parseDetectors(Node node, PackSpec pack) {
        Map<String, Integer> keyLines = new LinkedHashMap<>();
        if (node instanceof MappingNode) {
            for (NodeTuple t : ((MappingNode) node).getValue()) {
                if (t.getKeyNode() instanceof ScalarNode) {
                    keyLines.putIfAbsent(((ScalarNode) t.getKeyNode()).getValue(), line(t.getKeyNode()));
                }
            }
        }
        for (Map.Entry<String, Node> d : mapping(node, null, "detectors", null).entrySet()) {
            DetectorKind kind = DetectorKind.ofCode(d.getKey());
            if (kind == null) {
                error(keyLines.getOrDefault(d.getKey(), line(d.getValue())), null, "unknown detector '" + d.getKey() + "' (known: "
                        + Arrays.stream(DetectorKind.values()).map(DetectorKind::code).toList() + ")");
                continue;
            }
            Map<String, DetectorParam> specs = DetectorSettings.PARAMS.get(kind);
            String what = "detectors." + kind.code();
            Map<String, Object> values = new LinkedHashMap<>();
            for (Map.Entry<String, Node> e : mapping(d.getValue(), specs.keySet(), what, null).entrySet()) {
                Node v = e.getValue();
                if (!(v instanceof ScalarNode) || Tag.NULL.equals(v.getTag())) {
                    error(line(v), null, what + "." + e.getKey() + " must be a single value");
                    continue;
                }
                boolean numeric = Tag.INT.equals(v.getTag()) || Tag.FLOAT.equals(v.getTag());
                try {
                    values.put(e.getKey(), specs.get(e.getKey()).coerce(((ScalarNode) v).getValue(), numeric));
                } catch (IllegalArgumentException ex) {
                    error(line(v), null, what + "." + ex.getMessage());
                }
            }
            pack.detectors.put(kind.code(), values);
        }
    }

    private Map<String, Object> params(Node node, String what, String ruleId) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : mapping(node, null, what, ruleId).entrySet()) {
            checkName(e.getKey(), "param", e.getValue());
            out.put(e.getKey(), value(e.getValue(), what + "." + e.getKey(), ruleId));
        }
        return out;
    }

    /** A number within 0..1 (a precision floor). */
    private Double fraction(Node node, String what, String ruleId) {
        Object v = value(node, what, ruleId);
        if (v instanceof Double d && d >= 0 && d <= 1) {
            return d;
        }
        if (v != null) {
            error(line(node), ruleId, what + " must be a number within 0..1, got '" + v + "'");
        }
        return null;
    }

    /** A param value: numbers become Double, then String, Boolean, List, Map. */
    private Object value(Node node, String what, String ruleId) {
        if (node instanceof ScalarNode) {
            ScalarNode s = (ScalarNode) node;
            Tag tag = s.getTag();
            if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
                try {
                    return Double.parseDouble(s.getValue().replace("_", ""));
                } catch (NumberFormatException e) {
                    error(line(node), ruleId, what + ": '" + s.getValue() + "' is not a number");
                    return null;
                }
            }
            if (Tag.BOOL.equals(tag)) {
                return Boolean.parseBoolean(s.getValue().toLowerCase(Locale.ROOT));
            }
            if (Tag.NULL.equals(tag)) {
                error(line(node), ruleId, what + " must not be null");
                return null;
            }
            return s.getValue();
        }
        if (node instanceof SequenceNode) {
            List<Object> list = new ArrayList<>();
            for (Node item : ((SequenceNode) node).getValue()) {
                list.add(value(item, what + "[]", ruleId));
            }
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : mapping(node, null, what, ruleId).entrySet()) {
            map.put(e.getKey(), value(e.getValue(), what + "." + e.getKey(), ruleId));
        }
        return map;
    }

    private void checkName(String name, String what, Node node) {
        if (!NAME.matcher(name).matches()) {
            error(line(node), null, what + " name '" + name + "' must match [a-z_][a-z0-9_]* (it is a CEL identifier)");
        }
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }

    /** The 1-based line of a code point offset in {@code text}. */
    static int lineAt(String text, int codePointOffset) {
        int end = text.offsetByCodePoints(0, Math.max(0, Math.min(codePointOffset, text.codePointCount(0, text.length()))));
        int line = 1;
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static int line(Node node) {
        return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private void error(int line, String ruleId, String message) {
        errors.add(new PolicyError(file, line, ruleId, message));
    }
}
