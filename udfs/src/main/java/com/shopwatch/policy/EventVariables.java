package com.shopwatch.policy;

import com.shopwatch.text.ConfusableFolding;

import com.shopwatch.model.CommerceEvent;
import dev.cel.runtime.CelVariableResolver;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The variables one event exposes to CEL conditions, resolved lazily (most conditions touch
 * two or three of them) and cached for the rules of the same event.
 */
final class EventVariables implements CelVariableResolver {
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private final CommerceEvent event;
    private final CompiledCountryPolicy policy;
    private final Map<String, Object> cache = new HashMap<>();
    private Map<String, Object> params;

    EventVariables(CommerceEvent event, CompiledCountryPolicy policy) {
        this.event = event;
        this.policy = policy;
    }

    /** Points {@code params} at the rule being evaluated. */
    EventVariables forRule(Map<String, Object> ruleParams) {
        this.params = ruleParams;
        return this;
    }

    @Override
    public Optional<Object> find(String name) {
        if (name.equals("params")) {
            return Optional.of(params);
        }
        Object v = cache.get(name);
        if (v == null && !cache.containsKey(name)) {
            v = compute(name);
            cache.put(name, v);
        }
        return Optional.ofNullable(v);
    }

    private Object compute(String name) {
        switch (name) {
            case "type": return event.type.code();
            case "action": return event.action.code();
            case "country": return event.country;
            case "language": return text(ContentLanguage.of(event, policy.defaultLanguage()));
            case "category": return text(event.category);
            case "title": return text(event.title);
            case "description": return text(event.description);
            case "brand": return text(event.brand);
            case "caption": return text(event.caption);
            case "hashtags": return textList(event.hashtags);
            case "event_id": return event.eventId;
            case "item_id": return event.itemId;
            case "account_id": return event.accountId;
            case "currency": return event.priceCurrency == null ? "" : event.priceCurrency;
            case "report_reason": return text(event.reportReason);
            case "image_hashes": return event.imageHashes == null ? List.of() : List.of(event.imageHashes);
            case "linked_listing_ids": return event.linkedListingIds == null ? List.of() : List.of(event.linkedListingIds);
            case "price_amount": return event.priceAmount == null ? 0.0 : event.priceAmount;
            case "event_time_ms": return event.eventTime;
            case "has_price": return event.priceAmount != null;
            case "price": {
                Map<String, Object> price = new HashMap<>();
                price.put("amount", event.priceAmount == null ? 0.0 : event.priceAmount);
                price.put("currency", event.priceCurrency == null ? "" : event.priceCurrency);
                return price;
            }
            case "price_usd": return policy.priceInUsd(event.priceAmount, event.priceCurrency);
            case "seller_age_days":
                return event.sellerCreatedAt == null ? -1.0
                        : Math.max(0.0, (event.eventTime - event.sellerCreatedAt) / (double) MILLIS_PER_DAY);
            case "duration_s": return event.durationSeconds == null ? 0.0 : event.durationSeconds;
            case "linked_listing_count": return (long) (event.linkedListingIds == null ? 0 : event.linkedListingIds.length);
            case "image_count": return (long) (event.imageHashes == null ? 0 : event.imageHashes.length);
            case "mixed_script_words": return mixedScriptWords(event);
            default:
                return policy.celList(name);
        }
    }

    /** Latin words with look-alike letters of another script, over every text field. */
    private static long mixedScriptWords(CommerceEvent e) {
        long n = ConfusableFolding.mixedScriptWords(e.title) + ConfusableFolding.mixedScriptWords(e.description)
                + ConfusableFolding.mixedScriptWords(e.brand) + ConfusableFolding.mixedScriptWords(e.caption);
        if (e.hashtags != null) {
            for (String h : e.hashtags) {
                n += ConfusableFolding.mixedScriptWords(h);
            }
        }
        return n;
    }

    /** How text looks to conditions: NFKC, lower case, trimmed; "" when absent. */
    static String text(String s) {
        if (s == null) {
            return "";
        }
        return Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).trim();
    }

    static List<String> textList(String[] values) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                out.add(text(v));
            }
        }
        return out;
    }
}
