package com.shopwatch.policy;

import java.util.Locale;

/** The windowed abuse detectors. The code names the detector in packs, flags and metrics. */
public enum DetectorKind {
    SELLER_VELOCITY("Seller creates listings (or a creator publishes videos) faster than allowed", true),
    DUPLICATE_CONTENT("The same image is listed by several distinct sellers (counterfeit or scam ring)", true),
    REPORT_STORM("A video is reported by many distinct users in a short time", true),
    PRICE_ANOMALY("Listing priced far below the rolling median of its category in the country", true),
    NEW_ACCOUNT_HIGH_VALUE("A new account lists a high-value item", true),
    EMERGING_TERMS("Terms whose frequency jumps far above their baseline (trend records, not flags)", false);

    private final String title;
    private final boolean flags;

    DetectorKind(String title, boolean flags) {
        this.title = title;
        this.flags = flags;
    }

    /** {@code seller_velocity}, …: the key in packs and the rule id of its flags. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String title() {
        return title;
    }

    /** False for detectors that emit metrics (trend records) instead of review flags. */
    public boolean producesFlags() {
        return flags;
    }

    /** The detector with this code, or null. */
    public static DetectorKind ofCode(String code) {
        for (DetectorKind k : values()) {
            if (k.code().equals(code)) {
                return k;
            }
        }
        return null;
    }
}
