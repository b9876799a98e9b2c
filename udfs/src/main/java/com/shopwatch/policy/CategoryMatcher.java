package com.shopwatch.policy;

import com.shopwatch.model.Evidence;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Prohibited or restricted category slugs (case-insensitive). */
final class CategoryMatcher implements CompiledMatcher {
    private final Set<String> slugs;

    CategoryMatcher(Set<String> slugs) {
        this.slugs = slugs;
    }

    @Override
    public boolean matches(EventScan scan, CompiledRule rule, List<Evidence> evidence) {
        String category = scan.event.category;
        if (category != null && slugs.contains(category.trim().toLowerCase(Locale.ROOT))) {
            evidence.add(new Evidence("category", "category", String.join("|", slugs), category, -1, -1));
            return true;
        }
        return false;
    }
}
