package com.shopwatch.policy;

import java.io.Serializable;

/** One problem in a set of policy packs, located by file, line and (when known) rule id. */
public final class PolicyError implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String ruleId;
    private final String message;

    public PolicyError(String file, int line, String ruleId, String message) {
        this.file = file;
        this.line = line;
        this.ruleId = ruleId;
        this.message = message;
    }

    public String file() {
        return file;
    }

    /** 1-based line, or 0 when the problem is not tied to a line. */
    public int line() {
        return line;
    }

    /** The rule concerned, or null. */
    public String ruleId() {
        return ruleId;
    }

    public String message() {
        return message;
    }

    /** {@code file:line: [rule id] message}, the format the validate command prints. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(file == null ? "<policies>" : file);
        if (line > 0) {
            sb.append(':').append(line);
        }
        sb.append(": ");
        if (ruleId != null) {
            sb.append("[rule ").append(ruleId).append("] ");
        }
        return sb.append(message).toString();
    }
}
