package com.shopwatch.detect;

/** One listing that used a shared image: enough to flag it later, when the ring is recognised. A Flink POJO. */
public class RingMember {
    public String itemId;
    public String accountId;
    public String country;
    public String language;
    /** The decoder's language identification, when the producer sent no language. */
    public String languageDetected;
    public double languageConfidence;
    public String languageMethod;
    public String eventId;
    public long eventTime;
    public String titleFingerprint;
    public boolean flagged;

    public RingMember() {}

    public DetectorFlags.FlaggedItem asItem() {
        return new DetectorFlags.FlaggedItem("listing", itemId, accountId, country, language, languageDetected,
                languageConfidence, languageMethod, eventId, eventTime);
    }
}
