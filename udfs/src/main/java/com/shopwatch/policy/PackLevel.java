package com.shopwatch.policy;

/** Where a pack sits in the inheritance chain global ← region ← country. */
public enum PackLevel {
    GLOBAL, REGION, COUNTRY
}
