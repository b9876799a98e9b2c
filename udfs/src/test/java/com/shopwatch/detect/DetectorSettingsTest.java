package com.shopwatch.detect;

import com.shopwatch.policy.DetectorKind;
import com.shopwatch.policy.DetectorParam;
import com.shopwatch.policy.DetectorSettings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.shopwatch.policy.CompiledPolicySet;
import com.shopwatch.policy.PolicyError;
import com.shopwatch.policy.PolicyLoader;
import com.shopwatch.model.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Detector thresholds are policy data: resolved global ← region ← country param by param, validated with file and line. */
class DetectorSettingsTest {
    private static final Path CONFIG = Path.of("..", "config");

    private static final String GLOBAL = """
            pack: global
            version: "1"
            detectors:
              seller_velocity:
                window: 15m
                max_listings: 40
              report_storm:
                mode: shadow
            rules: []
            """;
    private static final String REGION = """
            pack: apac
            version: "1"
            countries: [SG, MY]
            detectors:
              seller_velocity:
                new_account_max_listings: 6
            """;
    private static final String SG = """
            pack: SG
            version: "1"
            detectors:
              seller_velocity:
                max_listings: 25
              price_anomaly:
                max_ratio: 0.2
                window: 2h
            """;

    private static CompiledPolicySet load(Map<String, String> files) {
        PolicyLoader.Result r = PolicyLoader.load(files);
        assertThat(r.errors()).isEmpty();
        return r.policies();
    }

    private static Map<String, String> packs(String... nameAndYaml) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameAndYaml.length; i += 2) {
            m.put(nameAndYaml[i], nameAndYaml[i + 1]);
        }
        return m;
    }

    @Test
    void paramsMergeParamByParamDownTheChainAndTheRestDefault() {
        CompiledPolicySet set = load(packs("global.yaml", GLOBAL, "apac.yaml", REGION, "sg.yaml", SG));
        DetectorSettings.SellerVelocity sg = set.forCountry("SG").detectors().sellerVelocity();
        assertThat(sg.windowMs()).isEqualTo(15 * 60_000L);      // global
        assertThat(sg.newAccountMaxListings()).isEqualTo(6);    // region
        assertThat(sg.maxListings()).isEqualTo(25);             // country
        assertThat(sg.maxVideos()).isEqualTo(20);               // default
        DetectorSettings.SellerVelocity my = set.forCountry("MY").detectors().sellerVelocity();
        assertThat(my.maxListings()).isEqualTo(40);
        assertThat(my.newAccountMaxListings()).isEqualTo(6);
        DetectorSettings.PriceAnomaly price = set.forCountry("SG").detectors().priceAnomaly();
        assertThat(price.maxRatio()).isEqualTo(0.2);
        assertThat(price.windowMs()).isEqualTo(2 * 3_600_000L);
        assertThat(set.forCountry("MY").detectors().priceAnomaly().maxRatio()).isEqualTo(0.1);
        assertThat(set.forCountry("JP").detectors().reportStorm().flagging().mode()).isEqualTo("shadow");
        assertThat(set.forCountry("JP").detectors().reportStorm().flagging().severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void theBundledPacksCarryTheDocumentedThresholdsAndCountryOverrides() throws Exception {
        CompiledPolicySet set = load(PolicyLoader.readDirectory(CONFIG.resolve("policies")));
        assertThat(set.forCountry("SG").detectors().sellerVelocity().newAccountMaxListings()).isEqualTo(8);
        assertThat(set.forCountry("MY").detectors().sellerVelocity().newAccountMaxListings()).isEqualTo(10);
        assertThat(set.forCountry("ID").detectors().reportStorm().minReporters()).isEqualTo(12);
        assertThat(set.forCountry("TH").detectors().reportStorm().minReporters()).isEqualTo(10);
        // The global pack spells out every default, so it reads as the reference.
        DetectorSettings global = set.fallback().detectors();
        DetectorSettings defaults = DetectorSettings.defaults();
        assertThat(global.values()).isEqualTo(defaults.values());
    }

    @Test
    void unknownDetectorsParamsWrongTypesAndRangesAreReportedWithFileAndLine() {
        String bad = """
                pack: global
                version: "1"
                detectors:
                  seller_speed:
                    window: 10m
                  seller_velocity:
                    window: 10
                    max_listing: 5
                    max_videos: ten
                    new_account_days: -1
                  price_anomaly:
                    max_ratio: 2
                    mode: loud
                  report_storm:
                    min_reporters: 2.5
                  emerging_terms:
                    window: [5m]
                rules: []
                """;
        PolicyLoader.Result r = PolicyLoader.load(packs("global.yaml", bad));
        assertThat(r.ok()).isFalse();
        List<String> errors = r.errors().stream().map(PolicyError::toString).toList();
        assertThat(errors).containsExactlyInAnyOrder(
                "global.yaml:4: unknown detector 'seller_speed' (known: [seller_velocity, duplicate_content, report_storm, "
                        + "price_anomaly, new_account_high_value, emerging_terms])",
                "global.yaml:7: detectors.seller_velocity.window: '10' is not a duration (a number and a unit: ms, s, m, h or d, e.g. 10m)",
                "global.yaml:8: unknown key 'max_listing' in detectors.seller_velocity (allowed: max_listings, max_videos, mode, "
                        + "new_account_days, new_account_max_listings, queue, severity, window)",
                "global.yaml:9: detectors.seller_velocity.max_videos: 'ten' is not a whole number",
                "global.yaml:10: detectors.seller_velocity.new_account_days: -1 is out of range (0 to 3650)",
                "global.yaml:12: detectors.price_anomaly.max_ratio: 2 is out of range (1.0E-4 to 1.0)",
                "global.yaml:13: detectors.price_anomaly.mode: 'loud' is not one of enforce, shadow, off",
                "global.yaml:15: detectors.report_storm.min_reporters: '2.5' is not a whole number",
                "global.yaml:17: detectors.emerging_terms.window must be a single value");
    }

    @Test
    void thePackSchemaDocumentsExactlyTheDetectorParams() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(CONFIG.resolve("schemas/policy-pack.schema.json").toFile());
        JsonNode detectors = schema.at("/properties/detectors/properties");
        List<String> documented = new ArrayList<>();
        detectors.fieldNames().forEachRemaining(documented::add);
        assertThat(documented).containsExactly(DetectorSettings.PARAMS.keySet().stream().map(DetectorKind::code).toArray(String[]::new));
        for (Map.Entry<DetectorKind, Map<String, DetectorParam>> d : DetectorSettings.PARAMS.entrySet()) {
            TreeSet<String> names = new TreeSet<>();
            detectors.get(d.getKey().code()).get("properties").fieldNames().forEachRemaining(names::add);
            assertThat(names).as(d.getKey().code()).isEqualTo(new TreeSet<>(d.getValue().keySet()));
        }
    }

    @Test
    void durationsAcceptTheUsualUnits() {
        DetectorParam window = DetectorSettings.PARAMS.get(DetectorKind.SELLER_VELOCITY).get("window");
        assertThat(window.coerce("90s", false)).isEqualTo(90_000L);
        assertThat(window.coerce("10 min", false)).isEqualTo(600_000L);
        assertThat(window.coerce("1.5h", false)).isEqualTo(5_400_000L);
        assertThat(window.coerce("1d", false)).isEqualTo(86_400_000L);
        assertThat(DetectorParam.formatDuration(600_000L)).isEqualTo("10m");
        assertThat(DetectorParam.formatDuration(5_400_000L)).isEqualTo("90m");
    }
}
