package com.shopwatch.policy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compiles CEL conditions against the variables an event exposes ({@link EventVariables}) and
 * the named lists of one effective policy. Parsing and type-checking happen once per policy
 * version; evaluation reuses the program.
 */
final class ConditionCompiler {
    /** Variables every condition may use, with their CEL types. */
    static final Map<String, CelType> EVENT_VARIABLES = new LinkedHashMap<>();

    static {
        for (String s : new String[] {"type", "action", "country", "language", "category", "title", "description",
                "brand", "caption", "event_id", "item_id", "account_id", "currency", "report_reason"}) {
            EVENT_VARIABLES.put(s, SimpleType.STRING);
        }
        EVENT_VARIABLES.put("hashtags", ListType.create(SimpleType.STRING));
        EVENT_VARIABLES.put("image_hashes", ListType.create(SimpleType.STRING));
        EVENT_VARIABLES.put("linked_listing_ids", ListType.create(SimpleType.STRING));
        EVENT_VARIABLES.put("price_amount", SimpleType.DOUBLE);
        EVENT_VARIABLES.put("event_time_ms", SimpleType.INT);
        EVENT_VARIABLES.put("has_price", SimpleType.BOOL);
        EVENT_VARIABLES.put("price", MapType.create(SimpleType.STRING, SimpleType.DYN));
        EVENT_VARIABLES.put("price_usd", SimpleType.DOUBLE);
        EVENT_VARIABLES.put("seller_age_days", SimpleType.DOUBLE);
        EVENT_VARIABLES.put("duration_s", SimpleType.DOUBLE);
        EVENT_VARIABLES.put("linked_listing_count", SimpleType.INT);
        EVENT_VARIABLES.put("image_count", SimpleType.INT);
        EVENT_VARIABLES.put("mixed_script_words", SimpleType.INT);
        EVENT_VARIABLES.put("params", MapType.create(SimpleType.STRING, SimpleType.DYN));
    }

    // Lets `price_usd < 50` compare a double with an int literal, as policy authors expect.
    private static final CelOptions OPTIONS =
            CelOptions.current().enableHeterogeneousNumericComparisons(true).build();
    private static final CelRuntime RUNTIME =
            CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

    private final CelCompiler compiler;

    ConditionCompiler(Set<String> listNames) {
        CelCompilerBuilder b = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(OPTIONS)
                .setResultType(SimpleType.BOOL);
        EVENT_VARIABLES.forEach(b::addVar);
        for (String list : listNames) {
            if (!EVENT_VARIABLES.containsKey(list)) {
                b.addVar(list, ListType.create(SimpleType.STRING));
            }
        }
        this.compiler = b.build();
    }

    /** Compiles and type-checks; the exception message carries every CEL issue with its column. */
    CelRuntime.Program compile(String expression) throws InvalidCondition {
        int length = expression.codePointCount(0, expression.length());
        if (length > PolicyLimits.MAX_CONDITION_CHARS) {
            throw new InvalidCondition("condition is " + length + " characters long; the limit is "
                    + PolicyLimits.MAX_CONDITION_CHARS, true);
        }
        CelValidationResult result;
        try {
            result = compiler.compile(expression);
        } catch (RuntimeException | StackOverflowError e) {
            throw new InvalidCondition("CEL could not parse it (" + e.getClass().getSimpleName() + ")");
        }
        if (result.hasError()) {
            StringBuilder sb = new StringBuilder();
            for (CelIssue issue : result.getErrors()) {
                if (sb.length() > 0) {
                    sb.append("; ");
                }
                sb.append(issue.getMessage());
                if (issue.getSourceLocation() != null && issue.getSourceLocation().getColumn() >= 0) {
                    sb.append(" (column ").append(issue.getSourceLocation().getColumn() + 1).append(')');
                }
            }
            throw new InvalidCondition(sb.toString());
        }
        CelAbstractSyntaxTree ast;
        try {
            ast = result.getAst();
        } catch (Exception e) {
            throw new InvalidCondition(e.getMessage());
        }
        checkCost(ast);
        try {
            return RUNTIME.createProgram(ast);
        } catch (Exception e) {
            throw new InvalidCondition(e.getMessage());
        }
    }

    /**
     * Rejects conditions whose worst case is too expensive. CEL-Java 0.14.0 has no cost estimator
     * (cel-go's {@code EstimateCost} has no Java counterpart in this version), so the bound is
     * structural: the AST's size and depth bound the work of a condition without comprehensions,
     * and comprehensions may not nest, because each iterates a list whose length is bounded
     * (event lists by the payload size, named lists by {@link PolicyLimits#MAX_TERMS_PER_PACK})
     * while nested ones multiply those lengths. See {@link PolicyLimits}.
     */
    static void checkCost(CelAbstractSyntaxTree ast) throws InvalidCondition {
        CelNavigableExpr root = CelNavigableAst.fromAst(ast).getRoot();
        List<CelNavigableExpr> nodes = root.allNodes().toList();
        if (nodes.size() > PolicyLimits.MAX_CONDITION_NODES) {
            throw new InvalidCondition("condition has " + nodes.size() + " expression nodes; the limit is "
                    + PolicyLimits.MAX_CONDITION_NODES, true);
        }
        int depth = root.height() + 1;
        if (depth > PolicyLimits.MAX_CONDITION_DEPTH) {
            throw new InvalidCondition("condition nests " + depth + " levels deep; the limit is "
                    + PolicyLimits.MAX_CONDITION_DEPTH, true);
        }
        for (CelNavigableExpr n : nodes) {
            if (n.getKind() != CelExpr.ExprKind.Kind.COMPREHENSION) {
                continue;
            }
            int nesting = 1;
            for (Optional<CelNavigableExpr> p = n.parent(); p.isPresent(); p = p.get().parent()) {
                if (p.get().getKind() == CelExpr.ExprKind.Kind.COMPREHENSION) {
                    nesting++;
                }
            }
            if (nesting > PolicyLimits.MAX_COMPREHENSION_NESTING) {
                throw new InvalidCondition("condition nests " + nesting + " comprehensions (exists, all, map, "
                        + "filter, …) inside one another; the limit is " + PolicyLimits.MAX_COMPREHENSION_NESTING
                        + " (nested ones multiply the lengths of the lists they iterate)", true);
            }
        }
    }

    static final class InvalidCondition extends Exception {
        private static final long serialVersionUID = 1L;

        /** True when the condition is valid CEL but exceeds one of {@link PolicyLimits}. */
        final boolean overLimit;

        InvalidCondition(String message) {
            this(message, false);
        }

        InvalidCondition(String message, boolean overLimit) {
            super(message, null, false, false);
            this.overLimit = overLimit;
        }
    }

    static boolean isTrue(CelRuntime.Program program, EventVariables vars) throws CelEvaluationException {
        return Boolean.TRUE.equals(program.eval(vars));
    }
}
