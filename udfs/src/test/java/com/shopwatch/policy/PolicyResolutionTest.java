package com.shopwatch.policy;

import com.shopwatch.policy.RuleMatch;
import com.shopwatch.model.Severity;
import static org.assertj.core.api.Assertions.assertThat;

import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.EventAction;
import com.shopwatch.model.EventType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Inheritance global ← region ← country, overrides, list changes, params, and evaluation semantics. */
class PolicyResolutionTest {
    private static final Map<String, String> PACKS = new LinkedHashMap<>();

    static {
        PACKS.put("global.yaml", """
                pack: global
                version: "g1"
                lists:
                  weapon_terms: [pistol, rifle, airsoft]
                  luxury_brands: [Rolex, Gucci]
                params:
                  fx_usd: {USD: 1.0, SGD: 0.75, JPY: 0.0066}
                  reference_usd: 1000
                  ratio: 0.2
                rules:
                  - id: weapons
                    title: Weapons
                    severity: high
                    action: remove
                    matchers:
                      - terms: [weapon_terms]
                    allow: [water pistol]
                  - id: cheap-luxury
                    title: Cheap luxury
                    severity: high
                    action: review
                    match: all
                    applies_to: [listing]
                    matchers:
                      - terms: [luxury_brands]
                        fields: [brand]
                      - condition: "has_price && price_usd >= 0.0 && price_usd < params.reference_usd * params.ratio"
                  - id: knives-category
                    title: Knives
                    severity: low
                    action: review
                    matchers:
                      - category: [knives]
                """);
        PACKS.put("apac.yaml", """
                pack: apac
                version: "a1"
                countries: [SG, JP, MY]
                lists:
                  vape_terms: [vape]
                rules:
                  - id: vape
                    title: Vapes
                    severity: high
                    action: remove
                    disabled: true
                    matchers:
                      - terms: [vape_terms]
                """);
        PACKS.put("sg.yaml", """
                pack: SG
                version: "s7"
                extend_lists:
                  vape_terms: [电子烟]
                subtract_lists:
                  weapon_terms: [airsoft]
                params:
                  ratio: 0.5
                overrides:
                  - rule: vape
                    disabled: false
                  - rule: weapons
                    severity: critical
                    mode: shadow
                    queue: sg-weapons
                rules:
                  - id: sg-only
                    title: SG only
                    severity: low
                    action: restrict
                    params: {ratio: 0.9}
                    matchers:
                      - regex: "whatsapp\\\\s*\\\\+65"
                        fields: [description]
                """);
        PACKS.put("jp.yaml", """
                pack: JP
                version: "j2"
                overrides:
                  - rule: cheap-luxury
                    params: {reference_usd: 5000}
                  - rule: knives-category
                    disabled: true
                """);
    }

    private static final CompiledPolicySet POLICIES = load();

    private static CompiledPolicySet load() {
        PolicyLoader.Result r = PolicyLoader.load(PACKS);
        assertThat(r.errors()).isEmpty();
        return r.policies();
    }

    private static CommerceEvent listing(String country, String title, String brand, Double price, String currency) {
        CommerceEvent e = new CommerceEvent();
        e.eventId = "e";
        e.type = EventType.LISTING;
        e.action = EventAction.CREATED;
        e.itemId = "L1";
        e.accountId = "S1";
        e.country = country;
        e.title = title;
        e.brand = brand;
        e.priceAmount = price;
        e.priceCurrency = currency;
        return e;
    }

    private static List<String> ruleIds(CommerceEvent e) {
        return POLICIES.evaluate(e).stream().map(m -> m.rule().id()).toList();
    }

    @Test
    void effectivePoliciesFollowTheChain() {
        List<PolicyError> errors = new java.util.ArrayList<>();
        ResolvedPolicies resolved = PolicyResolver.resolveTexts(PACKS, errors);
        assertThat(errors).isEmpty();
        EffectivePolicy sg = resolved.forCountry("SG");
        assertThat(sg.version).isEqualTo("global@g1+apac@a1+SG@s7");
        assertThat(sg.chain).containsExactly("global", "apac", "SG");
        assertThat(sg.lists.get("weapon_terms")).containsExactly("pistol", "rifle");
        assertThat(sg.lists.get("vape_terms")).containsExactly("vape", "电子烟");
        assertThat(sg.rules).extracting(r -> r.id).containsExactly("weapons", "cheap-luxury", "knives-category", "vape", "sg-only");
        RuleSpec weapons = sg.rules.get(0);
        assertThat(weapons.severity).isEqualTo(Severity.CRITICAL);
        assertThat(weapons.mode).isEqualTo(RuleMode.SHADOW);
        assertThat(weapons.queue).isEqualTo("sg-weapons");
        assertThat(sg.rules.get(4).params).containsEntry("ratio", 0.9).containsEntry("reference_usd", 1000.0);
        assertThat(sg.rules.get(1).params).containsEntry("ratio", 0.5);

        EffectivePolicy my = resolved.forCountry("MY"); // member of apac without a pack
        assertThat(my.version).isEqualTo("global@g1+apac@a1");
        assertThat(my.disabledRules).containsExactly("vape");
        EffectivePolicy jp = resolved.forCountry("JP");
        assertThat(jp.disabledRules).containsExactly("knives-category", "vape");
        assertThat(jp.rules.get(1).params).containsEntry("reference_usd", 5000.0).containsEntry("ratio", 0.2);
        assertThat(resolved.forCountry("US").version).isEqualTo("global@g1");
    }

    @Test
    void aRuleDisabledInTheRegionIsEnforcedOnlyWhereACountryEnablesIt() {
        assertThat(ruleIds(listing("SG", "vape kit", null, null, null))).containsExactly("vape");
        assertThat(ruleIds(listing("SG", "电子烟套装", null, null, null))).containsExactly("vape");
        assertThat(ruleIds(listing("MY", "vape kit", null, null, null))).isEmpty();
        assertThat(ruleIds(listing("JP", "vape kit", null, null, null))).isEmpty();
        assertThat(ruleIds(listing("US", "vape kit", null, null, null))).isEmpty();
    }

    @Test
    void subtractedTermsAndAllowListsDoNotFlag() {
        assertThat(ruleIds(listing("MY", "airsoft rifle", null, null, null))).containsExactly("weapons");
        assertThat(ruleIds(listing("SG", "airsoft set", null, null, null))).isEmpty();
        assertThat(ruleIds(listing("MY", "kids water pistol", null, null, null))).isEmpty();
        assertThat(ruleIds(listing("MY", "water pistol and a real pistol", null, null, null))).containsExactly("weapons");
        RuleMatch sgWeapon = POLICIES.evaluate(listing("SG", "pistol", null, null, null)).get(0);
        assertThat(sgWeapon.rule().mode()).isEqualTo(RuleMode.SHADOW);
        assertThat(sgWeapon.policyVersion()).isEqualTo("global@g1+apac@a1+SG@s7");
    }

    @Test
    void conditionsUseCurrencyConversionAndPerCountryParams() {
        // reference 1000 USD × ratio: MY 0.2 → 200 USD; SG 0.5 → 500 USD; JP 5000 × 0.2 → 1000 USD
        assertThat(ruleIds(listing("MY", "Watch", "Rolex", 150.0, "USD"))).containsExactly("cheap-luxury");
        assertThat(ruleIds(listing("MY", "Watch", "Rolex", 250.0, "USD"))).isEmpty();
        assertThat(ruleIds(listing("SG", "Watch", "rolex", 600.0, "SGD"))).containsExactly("cheap-luxury"); // 450 USD
        assertThat(ruleIds(listing("SG", "Watch", "Rolex", 700.0, "SGD"))).isEmpty(); // 525 USD
        assertThat(ruleIds(listing("JP", "Watch", "ROLEX", 120_000.0, "JPY"))).containsExactly("cheap-luxury"); // 792 USD
        assertThat(ruleIds(listing("MY", "Watch", "Rolex", 10.0, "XAF"))).isEmpty(); // unknown rate: no conversion
        assertThat(ruleIds(listing("MY", "Watch", "Casio", 10.0, "USD"))).isEmpty(); // match: all
        RuleMatch m = POLICIES.evaluate(listing("MY", "Watch", "Rolex", 150.0, "USD")).get(0);
        assertThat(m.evidence()).extracting(ev -> ev.matcher).containsExactly("terms", "condition");
        assertThat(m.evidence().get(1).matchedText).isEqualTo("price 150.0 USD (≈ USD 150.00)");
    }

    @Test
    void regexAndCategoryMatchersAndEventTypes() {
        CommerceEvent e = listing("SG", "Phone", null, null, null);
        e.description = "chat me on WhatsApp +65 9123 4567";
        assertThat(POLICIES.evaluate(e)).singleElement().satisfies(m -> {
            assertThat(m.rule().id()).isEqualTo("sg-only");
            assertThat(m.evidence().get(0).matchedText).isEqualTo("WhatsApp +65");
            assertThat(m.evidence().get(0).field).isEqualTo("description");
        });
        CommerceEvent knife = listing("MY", "Chef set", null, null, null);
        knife.category = "Knives";
        assertThat(ruleIds(knife)).containsExactly("knives-category");
        knife.country = "JP";
        assertThat(ruleIds(knife)).isEmpty();
        CommerceEvent video = listing("MY", null, "Rolex", 1.0, "USD");
        video.type = EventType.VIDEO;
        video.action = EventAction.PUBLISHED;
        video.caption = "my rifle collection";
        assertThat(ruleIds(video)).containsExactly("weapons"); // cheap-luxury applies to listings only
        video.action = EventAction.REPORTED;
        assertThat(ruleIds(video)).isEmpty();
    }
}
