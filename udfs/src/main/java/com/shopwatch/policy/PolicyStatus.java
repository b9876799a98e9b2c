package com.shopwatch.policy;

/**
 * The outcome of a policy update, for the policy-status stream: accepted (now enforcing) or
 * rejected (with every error; the previous version keeps enforcing). A Flink POJO.
 */
public class PolicyStatus {
    /** {@code accepted} or {@code rejected}. */
    public String status;
    /** The pack versions the update tried to install, e.g. {@code SG@2026.11.24-2}. */
    public String attempted;
    /** The pack set version enforcing after the update. */
    public String activeVersion;
    /** Fingerprint of the pack texts now enforcing. */
    public String fingerprint;
    public String[] errors;
    public String origin;
    /** ISO-8601 instant the job processed the update. */
    public String at;

    public PolicyStatus() {}

    /**
     * An alert raised by the job about a rule in one country (a flood-breaker trip, a precision
     * floor): {@code attempted} names the rule, {@code errors} holds the one message.
     */
    public static PolicyStatus alert(String status, String ruleInCountry, String activeVersion, String message, String origin) {
        PolicyStatus a = new PolicyStatus();
        a.status = status;
        a.attempted = ruleInCountry;
        a.activeVersion = activeVersion;
        a.errors = new String[] {message};
        a.origin = origin;
        a.at = java.time.Instant.now().toString();
        return a;
    }
}
