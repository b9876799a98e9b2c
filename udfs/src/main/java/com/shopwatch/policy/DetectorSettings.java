package com.shopwatch.policy;

import com.shopwatch.policy.DetectorParam.Type;
import com.shopwatch.model.Severity;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The detector thresholds one country is subject to, resolved global ← region ← country (each
 * pack may set any subset of a detector's params; the rest are inherited, then defaulted here).
 * Immutable; built once per policy version, read by the detectors per event.
 */
public final class DetectorSettings {
    private static final long SECOND = 1_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    /** Every detector's params in documentation order: the pack schema of {@code detectors:}. */
    public static final Map<DetectorKind, Map<String, DetectorParam>> PARAMS;

    static {
        Map<DetectorKind, Map<String, DetectorParam>> p = new EnumMap<>(DetectorKind.class);
        p.put(DetectorKind.SELLER_VELOCITY, params(
                flagging("medium", "abuse-velocity"),
                new DetectorParam("window", Type.DURATION, 10 * MINUTE, MINUTE, DAY, "sliding window"),
                new DetectorParam("max_listings", Type.INT, 30, 1, 1_000_000, "listings a seller may create per window"),
                new DetectorParam("max_videos", Type.INT, 20, 1, 1_000_000, "videos a creator may publish per window"),
                new DetectorParam("new_account_days", Type.INT, 30, 0, 3650, "accounts younger than this are new"),
                new DetectorParam("new_account_max_listings", Type.INT, 10, 1, 1_000_000, "the listing limit of new accounts")));
        p.put(DetectorKind.DUPLICATE_CONTENT, params(
                flagging("high", "abuse-rings"),
                new DetectorParam("window", Type.DURATION, HOUR, MINUTE, 7 * DAY, "sliding window"),
                new DetectorParam("min_sellers", Type.INT, 3, 2, 10_000, "distinct sellers sharing one image that make a ring"),
                new DetectorParam("max_members", Type.INT, 200, 10, 100_000,
                        "ring members kept per image (the evidence and the flags are capped here)")));
        p.put(DetectorKind.REPORT_STORM, params(
                flagging("high", "abuse-reports"),
                new DetectorParam("window", Type.DURATION, 30 * MINUTE, MINUTE, 7 * DAY, "sliding window"),
                new DetectorParam("min_reporters", Type.INT, 10, 2, 1_000_000, "distinct reporters that make a storm")));
        p.put(DetectorKind.PRICE_ANOMALY, params(
                flagging("medium", "abuse-pricing"),
                new DetectorParam("window", Type.DURATION, 6 * HOUR, 10 * MINUTE, 30 * DAY,
                        "horizon of the rolling median of category × country"),
                new DetectorParam("max_ratio", Type.NUMBER, 0.1, 0.0001, 1.0, "flag below this fraction of the median"),
                new DetectorParam("min_samples", Type.INT, 30, 1, 1_000_000, "no flags until the key has this many prices")));
        p.put(DetectorKind.NEW_ACCOUNT_HIGH_VALUE, params(
                flagging("medium", "abuse-new-accounts"),
                new DetectorParam("max_account_age_days", Type.INT, 7, 0, 3650, "accounts younger than this are new"),
                new DetectorParam("min_price_usd", Type.NUMBER, 1500.0, 0.01, 1e12, "value from which a new account's listing is flagged")));
        p.put(DetectorKind.EMERGING_TERMS, params(
                new DetectorParam("mode", Type.MODE, "enforce", 0, 0, "enforce (emit trend records) or off"),
                new DetectorParam("window", Type.DURATION, 5 * MINUTE, MINUTE, DAY, "tumbling window, aligned to the epoch"),
                new DetectorParam("min_count", Type.INT, 15, 2, 1_000_000, "events mentioning the term in the window"),
                new DetectorParam("min_lift", Type.NUMBER, 5.0, 1.0, 1e6, "count ÷ baseline (the baseline is at least 1)"),
                new DetectorParam("warmup_windows", Type.INT, 3, 0, 1000, "windows of history a country needs first"),
                new DetectorParam("baseline_alpha", Type.NUMBER, 0.3, 0.01, 1.0, "weight of the newest window in the baseline (EWMA)"),
                new DetectorParam("max_trends", Type.INT, 10, 1, 1000, "trend records per country and window (the highest lifts)"),
                new DetectorParam("max_terms", Type.INT, 20_000, 100, 1_000_000,
                        "distinct terms counted per country and window (memory bound; later new terms are skipped)")));
        PARAMS = Collections.unmodifiableMap(p);
    }

    private static DetectorParam[] flagging(String severity, String queue) {
        return new DetectorParam[] {
            new DetectorParam("mode", Type.MODE, "enforce", 0, 0, "enforce (flags to review), shadow (counted only) or off"),
            new DetectorParam("severity", Type.SEVERITY, severity, 0, 0, "severity of its flags"),
            new DetectorParam("queue", Type.TEXT, queue, 0, 0, "moderator queue of its flags"),
        };
    }

    private static Map<String, DetectorParam> params(Object... specs) {
        Map<String, DetectorParam> m = new LinkedHashMap<>();
        for (Object o : specs) {
            if (o instanceof DetectorParam[] arr) {
                for (DetectorParam d : arr) {
                    m.put(d.name, d);
                }
            } else {
                DetectorParam d = (DetectorParam) o;
                m.put(d.name, d);
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /** Shared by the flag-producing detectors. */
    public record Flagging(String mode, Severity severity, String queue) {
        public boolean off() {
            return "off".equals(mode);
        }
    }

    public record SellerVelocity(Flagging flagging, long windowMs, int maxListings, int maxVideos, int newAccountDays,
            int newAccountMaxListings) {}

    public record DuplicateContent(Flagging flagging, long windowMs, int minSellers, int maxMembers) {}

    public record ReportStorm(Flagging flagging, long windowMs, int minReporters) {}

    public record PriceAnomaly(Flagging flagging, long windowMs, double maxRatio, int minSamples) {}

    public record NewAccountHighValue(Flagging flagging, int maxAccountAgeDays, double minPriceUsd) {}

    public record EmergingTerms(boolean enabled, long windowMs, int minCount, double minLift, int warmupWindows,
            double baselineAlpha, int maxTrends, int maxTerms) {}

    private final Map<DetectorKind, Map<String, Object>> values;
    private final SellerVelocity sellerVelocity;
    private final DuplicateContent duplicateContent;
    private final ReportStorm reportStorm;
    private final PriceAnomaly priceAnomaly;
    private final NewAccountHighValue newAccountHighValue;
    private final EmergingTerms emergingTerms;

    private DetectorSettings(Map<DetectorKind, Map<String, Object>> values) {
        this.values = values;
        sellerVelocity = new SellerVelocity(flagging(DetectorKind.SELLER_VELOCITY), millis(DetectorKind.SELLER_VELOCITY, "window"),
                integer(DetectorKind.SELLER_VELOCITY, "max_listings"), integer(DetectorKind.SELLER_VELOCITY, "max_videos"),
                integer(DetectorKind.SELLER_VELOCITY, "new_account_days"),
                integer(DetectorKind.SELLER_VELOCITY, "new_account_max_listings"));
        duplicateContent = new DuplicateContent(flagging(DetectorKind.DUPLICATE_CONTENT),
                millis(DetectorKind.DUPLICATE_CONTENT, "window"), integer(DetectorKind.DUPLICATE_CONTENT, "min_sellers"),
                integer(DetectorKind.DUPLICATE_CONTENT, "max_members"));
        reportStorm = new ReportStorm(flagging(DetectorKind.REPORT_STORM), millis(DetectorKind.REPORT_STORM, "window"),
                integer(DetectorKind.REPORT_STORM, "min_reporters"));
        priceAnomaly = new PriceAnomaly(flagging(DetectorKind.PRICE_ANOMALY), millis(DetectorKind.PRICE_ANOMALY, "window"),
                number(DetectorKind.PRICE_ANOMALY, "max_ratio"), integer(DetectorKind.PRICE_ANOMALY, "min_samples"));
        newAccountHighValue = new NewAccountHighValue(flagging(DetectorKind.NEW_ACCOUNT_HIGH_VALUE),
                integer(DetectorKind.NEW_ACCOUNT_HIGH_VALUE, "max_account_age_days"),
                number(DetectorKind.NEW_ACCOUNT_HIGH_VALUE, "min_price_usd"));
        emergingTerms = new EmergingTerms(!"off".equals(value(DetectorKind.EMERGING_TERMS, "mode")),
                millis(DetectorKind.EMERGING_TERMS, "window"), integer(DetectorKind.EMERGING_TERMS, "min_count"),
                number(DetectorKind.EMERGING_TERMS, "min_lift"), integer(DetectorKind.EMERGING_TERMS, "warmup_windows"),
                number(DetectorKind.EMERGING_TERMS, "baseline_alpha"), integer(DetectorKind.EMERGING_TERMS, "max_trends"),
                integer(DetectorKind.EMERGING_TERMS, "max_terms"));
    }

    /** The defaults alone (no pack sets anything). */
    public static DetectorSettings defaults() {
        return resolve(Map.of());
    }

    /**
     * Settings from the merged pack values: detector code → param → typed value, as
     * {@link DetectorParam#coerce} produced them. Unset params take their defaults.
     */
    public static DetectorSettings resolve(Map<String, Map<String, Object>> merged) {
        Map<DetectorKind, Map<String, Object>> values = new EnumMap<>(DetectorKind.class);
        PARAMS.forEach((kind, params) -> {
            Map<String, Object> v = new LinkedHashMap<>();
            Map<String, Object> set = merged.getOrDefault(kind.code(), Map.of());
            params.forEach((name, spec) -> v.put(name, set.getOrDefault(name, spec.defaultValue)));
            values.put(kind, Collections.unmodifiableMap(v));
        });
        return new DetectorSettings(values);
    }

    public SellerVelocity sellerVelocity() {
        return sellerVelocity;
    }

    public DuplicateContent duplicateContent() {
        return duplicateContent;
    }

    public ReportStorm reportStorm() {
        return reportStorm;
    }

    public PriceAnomaly priceAnomaly() {
        return priceAnomaly;
    }

    public NewAccountHighValue newAccountHighValue() {
        return newAccountHighValue;
    }

    public EmergingTerms emergingTerms() {
        return emergingTerms;
    }

    /** Every detector's effective values, e.g. for the {@code validate --explain} output. */
    public Map<DetectorKind, Map<String, Object>> values() {
        return values;
    }

    private Object value(DetectorKind kind, String name) {
        return values.get(kind).get(name);
    }

    private Flagging flagging(DetectorKind kind) {
        return new Flagging((String) value(kind, "mode"),
                Severity.valueOf(((String) value(kind, "severity")).toUpperCase(Locale.ROOT)), (String) value(kind, "queue"));
    }

    private long millis(DetectorKind kind, String name) {
        return ((Number) value(kind, name)).longValue();
    }

    private int integer(DetectorKind kind, String name) {
        return ((Number) value(kind, name)).intValue();
    }

    private double number(DetectorKind kind, String name) {
        return ((Number) value(kind, name)).doubleValue();
    }
}
