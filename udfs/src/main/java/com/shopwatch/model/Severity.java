package com.shopwatch.model;

/** How harmful a violation is; orders review priority. */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
