package com.shopwatch.policy;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.LanguageDetection;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.text.DetectedLanguage;
import com.shopwatch.text.LanguageIdentifier;

/**
 * The language content is moderated in: the producer's tag always wins; else the language the
 * decoder identified from the text, when confident; else the country's {@code default_language}
 * from the packs. Never {@code und}, so every task lands in a queue a person can read.
 */
public final class ContentLanguage {
    public static final String PRODUCER = "producer";
    public static final String DETECTED = "detected";
    public static final String COUNTRY_DEFAULT = "country_default";

    private ContentLanguage() {}

    /** The language to moderate in, given the event's tag and detection and the country's default. */
    public static String of(String tag, String detected, double confidence, String countryDefault) {
        if (tag != null) {
            return tag;
        }
        return trusted(detected, confidence) ? detected : countryDefault;
    }

    public static String of(CommerceEvent e, String countryDefault) {
        return of(e.language, e.languageDetected, e.languageConfidence, countryDefault);
    }

    private static boolean trusted(String detected, double confidence) {
        return detected != null && !detected.equals(DetectedLanguage.UNDETERMINED) && confidence >= LanguageIdentifier.MIN_CONFIDENCE;
    }

    /** Sets the flag's language, its source and the detection behind it. */
    public static void assign(ReviewFlag f, String tag, String detected, double confidence, String method,
            String countryDefault) {
        f.language = of(tag, detected, confidence, countryDefault);
        if (tag != null) {
            f.languageSource = PRODUCER;
            f.languageDetected = null;
        } else {
            f.languageSource = trusted(detected, confidence) ? DETECTED : COUNTRY_DEFAULT;
            f.languageDetected = detected == null ? null : new LanguageDetection(detected, confidence, method);
        }
    }
}
