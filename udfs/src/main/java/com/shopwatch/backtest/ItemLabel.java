package com.shopwatch.backtest;

import java.util.Set;

/**
 * What a person said of an item: violating or clean, and for violating items optionally which
 * rules it breaks (empty: not said). From {@code --labels} or from moderator decisions.
 */
public record ItemLabel(String itemId, boolean violating, Set<String> ruleIds) {}
