package com.shopwatch.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.Arrays;
import java.util.Objects;

/**
 * A validated listing or video event, parsed once at the source.
 *
 * <p>One class for both types keeps the job to a single typed stream; type-specific fields are
 * null when they do not apply. It is a Flink POJO (public fields, public no-arg constructor,
 * arrays instead of collections) so Flink serializes it without a Kryo fallback.
 */
public class CommerceEvent {
    public String eventId;
    public EventType type;
    public EventAction action;
    /** Event time, epoch milliseconds (UTC). */
    public long eventTime;
    /** {@code listing_id} for listings, {@code video_id} for videos. */
    public String itemId;
    /** {@code seller_id} for listings, {@code creator_id} for videos. */
    public String accountId;
    /** ISO 3166-1 alpha-2, upper case. */
    public String country;
    public String language;
    public String category;
    public String title;
    public String description;
    public String brand;
    /** Price amount, or null when the event carries no price. */
    public Double priceAmount;
    /** ISO 4217 code, upper case; set whenever {@link #priceAmount} is. */
    public String priceCurrency;
    public String[] imageHashes;
    /** When the seller account was created, epoch milliseconds, or null when unknown. */
    public Long sellerCreatedAt;
    public String caption;
    public String[] hashtags;
    public String[] linkedListingIds;
    public Double durationSeconds;
    public String reporterId;
    public String reportReason;
    /**
     * Derived in the job, never read from input: the title's fingerprint, computed once per
     * listing before the duplicate-content fan-out (one copy per image) instead of once per copy.
     */
    @JsonIgnore
    public String titleFingerprint;
    /**
     * Wall-clock time the source received the event (epoch ms), where ingestion → flag latency
     * starts. Set by the decoder, never read from input, not written to outputs.
     */
    @JsonIgnore
    public long ingestionTime;
    /**
     * Derived by the decoder when the producer sent no {@link #language}: the language the text
     * reads as ({@code vi}, {@code th}, ...), its confidence in [0, 1] and how it was told
     * ({@code script} or {@code text}); null when the producer sent a tag or the text has no letters.
     */
    @JsonIgnore
    public String languageDetected;
    @JsonIgnore
    public double languageConfidence;
    @JsonIgnore
    public String languageMethod;

    public CommerceEvent() {}

    /** A copy sharing the field values (strings are immutable; arrays are not modified downstream). */
    public CommerceEvent shallowCopy() {
        CommerceEvent c = new CommerceEvent();
        c.eventId = eventId;
        c.type = type;
        c.action = action;
        c.eventTime = eventTime;
        c.itemId = itemId;
        c.accountId = accountId;
        c.country = country;
        c.language = language;
        c.category = category;
        c.title = title;
        c.description = description;
        c.brand = brand;
        c.priceAmount = priceAmount;
        c.priceCurrency = priceCurrency;
        c.imageHashes = imageHashes;
        c.sellerCreatedAt = sellerCreatedAt;
        c.caption = caption;
        c.hashtags = hashtags;
        c.linkedListingIds = linkedListingIds;
        c.durationSeconds = durationSeconds;
        c.reporterId = reporterId;
        c.reportReason = reportReason;
        c.titleFingerprint = titleFingerprint;
        c.ingestionTime = ingestionTime;
        c.languageDetected = languageDetected;
        c.languageConfidence = languageConfidence;
        c.languageMethod = languageMethod;
        return c;
    }

    public boolean isListing() {
        return type == EventType.LISTING;
    }

    public boolean isVideo() {
        return type == EventType.VIDEO;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CommerceEvent)) {
            return false;
        }
        CommerceEvent e = (CommerceEvent) o;
        return eventTime == e.eventTime
                && Objects.equals(eventId, e.eventId)
                && type == e.type
                && action == e.action
                && Objects.equals(itemId, e.itemId)
                && Objects.equals(accountId, e.accountId)
                && Objects.equals(country, e.country)
                && Objects.equals(language, e.language)
                && Objects.equals(category, e.category)
                && Objects.equals(title, e.title)
                && Objects.equals(description, e.description)
                && Objects.equals(brand, e.brand)
                && Objects.equals(priceAmount, e.priceAmount)
                && Objects.equals(priceCurrency, e.priceCurrency)
                && Arrays.equals(imageHashes, e.imageHashes)
                && Objects.equals(sellerCreatedAt, e.sellerCreatedAt)
                && Objects.equals(caption, e.caption)
                && Arrays.equals(hashtags, e.hashtags)
                && Arrays.equals(linkedListingIds, e.linkedListingIds)
                && Objects.equals(durationSeconds, e.durationSeconds)
                && Objects.equals(reporterId, e.reporterId)
                && Objects.equals(reportReason, e.reportReason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, type, action, eventTime, itemId, country);
    }

    @Override
    public String toString() {
        return "CommerceEvent{" + type + " " + action + " " + itemId + " by " + accountId + " in "
                + country + " at " + eventTime + ", id=" + eventId + "}";
    }
}
