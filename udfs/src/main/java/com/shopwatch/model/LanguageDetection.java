package com.shopwatch.model;

/**
 * On flags and tasks of content whose producer sent no language: what the text was identified
 * as, with what confidence, and how. A Flink POJO.
 */
public class LanguageDetection {
    /** BCP-47, e.g. {@code vi}; {@code und} when the letters are of no market language. */
    public String language;
    /** In [0, 1]; below the identifier's minimum the country's default language is used instead. */
    public double confidence;
    /** {@code script} (Thai, Hangul, kana, Han letters) or {@code text} (n-grams of Latin text). */
    public String method;

    public LanguageDetection() {}

    public LanguageDetection(String language, double confidence, String method) {
        this.language = language;
        this.confidence = confidence;
        this.method = method;
    }
}
