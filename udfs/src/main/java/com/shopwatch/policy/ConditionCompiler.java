package com.shopwatch.policy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationResult;
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
import java.util.Map;
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
        CelValidationResult result = compiler.compile(expression);
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
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            return RUNTIME.createProgram(ast);
        } catch (Exception e) {
            throw new InvalidCondition(e.getMessage());
        }
    }

    static final class InvalidCondition extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidCondition(String message) {
            super(message, null, false, false);
        }
    }

    static boolean isTrue(CelRuntime.Program program, EventVariables vars) throws CelEvaluationException {
        return Boolean.TRUE.equals(program.eval(vars));
    }
}
