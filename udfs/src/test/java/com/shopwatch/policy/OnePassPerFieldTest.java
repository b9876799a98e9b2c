package com.shopwatch.policy;

import com.shopwatch.policy.RuleMatch;
import static com.shopwatch.text.TestWords.word;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.EventAction;
import com.shopwatch.model.EventType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** However many rules and terms a country has, each text field is scanned once per event. */
class OnePassPerFieldTest {
    @Test
    void sixThousandTermsInThreeListsAcrossFourRulesCostOnePassPerField() {
        StringBuilder yaml = new StringBuilder("pack: global\nversion: \"1\"\nlists:\n");
        for (int list = 0; list < 3; list++) {
            yaml.append("  list").append(list).append(":\n");
            for (int i = 0; i < 2_000; i++) {
                yaml.append("    - ").append(word(list * 2_000 + i)).append('\n');
            }
        }
        yaml.append("rules:\n");
        String[][] rules = {{"r0", "[list0]", "[title, description]"}, {"r1", "[list1, list2]", "[title, brand]"},
            {"r2", "[list2]", "[description]"}, {"r3", "[list0, list1]", "[title, description, brand, caption, hashtags]"}};
        for (String[] r : rules) {
            yaml.append("  - id: ").append(r[0]).append("\n    title: t\n    severity: low\n    action: review\n")
                    .append("    matchers:\n      - terms: ").append(r[1]).append("\n        fields: ").append(r[2]).append('\n');
        }
        PolicyLoader.Result result = PolicyLoader.load(Map.of("global.yaml", yaml.toString()));
        assertThat(result.errors()).isEmpty();
        CompiledCountryPolicy policy = result.policies().fallback();
        assertThat(policy.dictionary().termCount()).isEqualTo(6_000);

        CommerceEvent e = new CommerceEvent();
        e.eventId = "e";
        e.type = EventType.LISTING;
        e.action = EventAction.CREATED;
        e.country = "US";
        e.title = "new " + word(10) + " and " + word(2_500);   // list0 and list1
        e.description = "with " + word(4_100);                  // list2
        e.brand = "Acme";                                       // no hit, still scanned
        long before = policy.dictionary().scanCount();
        List<RuleMatch> matches = policy.evaluate(e);
        assertThat(policy.dictionary().scanCount() - before).isEqualTo(3); // title, description, brand
        assertThat(matches).extracting(m -> m.rule().id()).containsExactly("r0", "r1", "r2", "r3");
    }

}
