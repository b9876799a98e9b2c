package com.shopwatch.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.EventAction;
import com.shopwatch.model.EventType;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every variable documented for conditions compiles, type-checks and carries the event's value. */
class ConditionVariablesTest {
    private static CommerceEvent event() {
        CommerceEvent e = new CommerceEvent();
        e.eventId = "ev-1";
        e.type = EventType.LISTING;
        e.action = EventAction.CREATED;
        e.eventTime = 1_795_000_000_000L;
        e.itemId = "L-1";
        e.accountId = "S-9";
        e.country = "SG";
        e.language = "en";
        e.category = "Watches";
        e.title = "ＲＯＬＥＸ Submariner";
        e.description = "Box and papers";
        e.brand = "Rolex";
        e.priceAmount = 200.0;
        e.priceCurrency = "SGD";
        e.imageHashes = new String[] {"aa", "bb"};
        e.sellerCreatedAt = e.eventTime - 3 * 86_400_000L;
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "type == 'listing' && action == 'created' && country == 'SG' && language == 'en'",
        "category == 'watches' && title.startsWith('rolex') && description.contains('papers')",
        "brand in luxury && caption == '' && size(hashtags) == 0",
        "event_id == 'ev-1' && item_id == 'L-1' && account_id == 'S-9'",
        "has_price && price.amount == 200.0 && price.currency == 'SGD' && price_amount == 200.0 && currency == 'SGD'",
        "price_usd > 149.0 && price_usd < 151.0",
        "seller_age_days == 3.0",
        "image_count == 2 && size(image_hashes) == 2 && 'bb' in image_hashes && linked_listing_count == 0",
        "event_time_ms > 1700000000000 && duration_s == 0.0 && report_reason == ''",
        "params.limit > 100 && price_usd < params.limit * 2.0",
    })
    void conditionSeesTheEvent(String condition) {
        String global = """
                pack: global
                version: "1"
                lists:
                  luxury: [Rolex, Gucci]
                params:
                  fx_usd: {SGD: 0.75}
                  limit: 120
                rules:
                  - id: probe
                    title: Probe
                    severity: low
                    action: review
                    matchers:
                      - condition: "%s"
                """.formatted(condition.replace("\"", "\\\""));
        PolicyLoader.Result r = PolicyLoader.load(Map.of("global.yaml", global));
        assertThat(r.errors()).as(condition).isEmpty();
        assertThat(r.policies().evaluate(event())).as(condition).hasSize(1);
    }
}
