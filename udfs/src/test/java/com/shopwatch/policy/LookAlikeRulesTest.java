package com.shopwatch.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.EventAction;
import com.shopwatch.model.EventType;
import com.shopwatch.model.Evidence;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.output.JsonOutput;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A match that needed look-alike folding says so in its evidence, and a pack can raise severity
 * on mixed-script words through the {@code mixed_script_words} condition variable.
 */
class LookAlikeRulesTest {
    private static final String PACK = """
            pack: global
            version: "7"
            lists:
              vape_terms: [vape]
            rules:
              - id: vape-prohibited
                title: Vapes
                severity: high
                action: remove
                matchers:
                  - terms: [vape_terms]
              - id: vape-disguised
                title: Vapes disguised with look-alike letters
                severity: critical
                action: remove
                match: all
                matchers:
                  - terms: [vape_terms]
                  - condition: "mixed_script_words > 0"
            """;
    private static final CompiledPolicySet POLICIES = compile();

    private static CompiledPolicySet compile() {
        PolicyLoader.Result r = PolicyLoader.load(Map.of("global.yaml", PACK));
        assertThat(r.errors()).isEmpty();
        return r.policies();
    }

    private static CommerceEvent listing(String title) {
        CommerceEvent e = new CommerceEvent();
        e.eventId = "ev-1";
        e.type = EventType.LISTING;
        e.action = EventAction.CREATED;
        e.itemId = "L-1";
        e.accountId = "S-1";
        e.country = "SG";
        e.title = title;
        return e;
    }

    @Test
    void evidenceNamesTheFoldAndTheScripts() throws Exception {
        List<RuleMatch> matches = POLICIES.evaluate(listing("Mint vаpe pen"));
        assertThat(matches).extracting(m -> m.rule().id()).containsExactly("vape-prohibited", "vape-disguised");
        Evidence ev = matches.get(0).evidence().get(0);
        assertThat(ev.matcher).isEqualTo("terms");
        assertThat(ev.folded).isEqualTo("confusable");
        assertThat(ev.scripts).containsExactly("Cyrillic", "Latin");
        assertThat(ev.matchedText).isEqualTo("vаpe");
        assertThat(ev.start).isEqualTo(5);
        assertThat(ev.end).isEqualTo(9);
        ReviewFlag flag = matches.get(1).toFlag(listing("Mint vаpe pen"), 0L);
        assertThat(flag.severity).isEqualTo("critical");
        String json = JsonOutput.toJson(flag);
        assertThat(json).contains("\"folded\":\"confusable\"", "\"scripts\":[\"Cyrillic\",\"Latin\"]");
    }

    @Test
    void plainAndCompatibilityMatchesCarryNoFold() {
        for (String title : List.of("Mint vape pen", "Mint ｖａｐｅ pen", "Mint 𝐯𝐚𝐩𝐞 pen")) {
            List<RuleMatch> matches = POLICIES.evaluate(listing(title));
            assertThat(matches).as(title).extracting(m -> m.rule().id()).containsExactly("vape-prohibited");
            assertThat(matches.get(0).evidence().get(0).folded).as(title).isNull();
            assertThat(matches.get(0).evidence().get(0).scripts).as(title).isNull();
        }
    }

    @Test
    void aWordWhollyInLookAlikesIsFlaggedButIsNotMixedScript() {
        List<RuleMatch> matches = POLICIES.evaluate(listing("Mint ѵаре pen"));
        assertThat(matches).extracting(m -> m.rule().id()).containsExactly("vape-prohibited");
        assertThat(matches.get(0).evidence().get(0).scripts).containsExactly("Cyrillic");
    }
}
