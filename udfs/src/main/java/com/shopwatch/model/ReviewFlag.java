package com.shopwatch.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A flagged item for moderators: which rule matched, where, under which policy version, and the
 * evidence. Every flag explains itself. A Flink POJO; serialized as snake_case JSON.
 */
public class ReviewFlag {
    /** Deterministic: the same event, rule and policy version always give the same id. */
    public String flagId;
    /** {@code listing} or {@code video}. */
    public String itemType;
    public String itemId;
    public String accountId;
    public String country;
    /** The content's language, which picks the moderator queue; see {@link #languageSource}. */
    public String language;
    /**
     * Where {@link #language} comes from: {@code producer} (the event's tag, which always wins),
     * {@code detected} (identified from the text) or {@code country_default} (the packs'
     * {@code default_language}, when the text did not tell with enough confidence).
     */
    public String languageSource;
    /** Without a producer tag: what the text was identified as; null otherwise. */
    public LanguageDetection languageDetected;
    /** {@code rule} (a policy rule matched the event) or {@code detector} (a windowed detector fired). */
    public String source;
    /** The rule id, or the detector code (e.g. {@code seller_velocity}) for detector flags. */
    public String ruleId;
    public String ruleTitle;
    /** low | medium | high | critical */
    public String severity;
    /** review | remove | restrict */
    public String action;
    public String queue;
    /** enforce | shadow */
    public String mode;
    public String policyVersion;
    public Evidence[] evidence;
    /** Event time and detection time, ISO-8601 instants. */
    public String eventTime;
    public String detectionTime;
    public long eventTimeMs;
    public long detectionTimeMs;
    public String sourceEventId;
    /** Set on the way to the review tasks: other items of the account flagged before (capped), or null. */
    public Integer accountFlaggedItems;
    /**
     * When the source received the event that raised the flag (epoch ms): ingestion → flag
     * latency, measured by the benchmarks. Carried through the job, not written to outputs.
     */
    @JsonIgnore
    public long ingestionTimeMs;

    public ReviewFlag() {}

    @Override
    public String toString() {
        return "ReviewFlag{" + ruleId + " " + itemType + " " + itemId + " " + country + " v" + policyVersion + "}";
    }
}
