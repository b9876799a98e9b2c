package com.shopwatch.pipeline;

import com.shopwatch.pipeline.options.JobOptions;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.shopwatch.detect.TermExtractor;
import com.shopwatch.model.CommerceEvent;
import com.shopwatch.model.EventType;
import com.shopwatch.generate.GeneratedEvent;
import com.shopwatch.generate.GeneratorSettings;
import com.shopwatch.generate.SyntheticEventGenerator;
import com.shopwatch.metrics.MetricsRecord;
import com.shopwatch.output.JsonOutput;
import com.shopwatch.model.ReviewFlag;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays a generated stream with injected abuse through the whole job (MiniCluster, RocksDB,
 * parallelism 2, the bundled packs) and checks the detectors against the generator's ground
 * truth: every injected episode is caught by its detector, and no clean listing, video or
 * seller is flagged by any detector.
 */
class AbuseReplayTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = com.shopwatch.pipeline.testing.MiniClusters.oneTaskManagerTwoSlots();

    private static final int COUNT = 24_000;

    /** One injected episode as the generator planned it. */
    private static final class Episode {
        final String code;
        final List<CommerceEvent> events = new ArrayList<>();

        Episode(String code) {
            this.code = code;
        }
    }

    @Test
    void everyInjectedEpisodeIsCaughtAndNoCleanSellerIsFlagged(@TempDir Path dir) throws Exception {
        GeneratorSettings settings = GeneratorSettings.builder().seed(11).eventsPerSecond(10).abuseRate(2).build();
        SyntheticEventGenerator generator = new SyntheticEventGenerator(settings);
        Path events = dir.resolve("events.jsonl");
        Map<String, Episode> episodes = new LinkedHashMap<>();
        Set<String> cleanItems = new HashSet<>();
        Set<String> cleanAccounts = new HashSet<>();
        Set<String> violationAccounts = new HashSet<>();
        try (BufferedWriter w = Files.newBufferedWriter(events, StandardCharsets.UTF_8)) {
            for (long i = 0; i < COUNT; i++) {
                GeneratedEvent g = generator.generate(i);
                w.write(new String(g.payload(), StandardCharsets.UTF_8));
                w.write('\n');
                if (g.kind() == GeneratedEvent.Kind.VALID) {
                    CommerceEvent e = parse(g);
                    cleanItems.add(e.itemId);
                    cleanAccounts.add(e.accountId);
                } else if (g.kind() == GeneratedEvent.Kind.VIOLATION) {
                    violationAccounts.add(parse(g).accountId);
                } else if (g.kind() == GeneratedEvent.Kind.ABUSE) {
                    episodes.computeIfAbsent(g.episode(), k -> new Episode(g.abuse())).events.add(parse(g));
                }
            }
        }
        assertThat(episodes.values()).extracting(e -> e.code).contains("seller_velocity", "duplicate_content",
                "report_storm", "new_account_high_value", "price_anomaly", "emerging_terms");

        Path out = dir.resolve("out");
        JobOptions options = JobOptions.fromArgs("--events", events.toString(), "--out", out.toString(),
                "--policies", "../config/policies", "--checkpoint-interval", "2 s", "--state-backend", "rocksdb");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                ShopwatchJob.flinkConfiguration(options));
        env.setParallelism(2);
        ShopwatchJob.fromOptions(options).execute(env);

        List<ReviewFlag> flags = read(out.resolve("flags.jsonl"), ReviewFlag.class).stream()
                .filter(f -> "detector".equals(f.source)).toList();
        List<MetricsRecord> trends = read(out.resolve("metrics.jsonl"), MetricsRecord.class).stream()
                .filter(m -> "trend".equals(m.kind)).toList();

        List<String> missed = new ArrayList<>();
        episodes.forEach((id, episode) -> {
            if (!caught(episode, flags, trends)) {
                missed.add(id + " " + episode.code + " " + episode.events.get(0));
            }
        });
        assertThat(missed).as("injected episodes not caught").isEmpty();

        // No detector flags a clean listing or video; a flagged account is an abuser's or, for
        // counterfeit rings and cheap fakes, a policy violator's.
        assertThat(flags).as("detector flags on clean items").noneMatch(f -> cleanItems.contains(f.itemId));
        Set<String> abusers = new HashSet<>();
        episodes.values().forEach(e -> e.events.forEach(ev -> abusers.add(ev.accountId)));
        assertThat(flags).as("detector flags on clean accounts")
                .allMatch(f -> abusers.contains(f.accountId) || violationAccounts.contains(f.accountId)
                        || !cleanAccounts.contains(f.accountId));
        // Trends name only injected terms.
        Set<String> injectedTerms = new HashSet<>();
        episodes.values().stream().filter(e -> e.code.equals("emerging_terms")).forEach(e -> injectedTerms.addAll(sharedTerms(e)));
        assertThat(trends).as("trend records").isNotEmpty().allMatch(t -> injectedTerms.contains(t.term));
    }

    private static boolean caught(Episode episode, List<ReviewFlag> flags, List<MetricsRecord> trends) {
        Set<String> items = new HashSet<>();
        Set<String> accounts = new HashSet<>();
        for (CommerceEvent e : episode.events) {
            items.add(e.itemId);
            accounts.add(e.accountId);
        }
        switch (episode.code) {
            case "seller_velocity":
                return flags.stream().anyMatch(f -> f.ruleId.equals("seller_velocity") && accounts.contains(f.accountId));
            case "duplicate_content":
                // every listing of the ring
                return items.stream().allMatch(item -> flags.stream()
                        .anyMatch(f -> f.ruleId.equals("duplicate_content") && f.itemId.equals(item)));
            case "report_storm": {
                String video = episode.events.get(0).itemId;
                return flags.stream().anyMatch(f -> f.ruleId.equals("report_storm") && f.itemId.equals(video));
            }
            case "new_account_high_value":
            case "price_anomaly":
                return items.stream().allMatch(item -> flags.stream()
                        .anyMatch(f -> f.ruleId.equals(episode.code) && f.itemId.equals(item)));
            case "emerging_terms": {
                String country = episode.events.get(0).country;
                Set<String> terms = sharedTerms(episode);
                return trends.stream().anyMatch(t -> t.country.equals(country) && terms.contains(t.term));
            }
            default:
                throw new AssertionError("unknown abuse code " + episode.code);
        }
    }

    /** The terms every event of an episode mentions: the injected one (and perhaps a hashtag form of it). */
    private static Set<String> sharedTerms(Episode episode) {
        Set<String> shared = null;
        for (CommerceEvent e : episode.events) {
            Set<String> terms = TermExtractor.terms(e);
            if (shared == null) {
                shared = new HashSet<>(terms);
            } else {
                shared.retainAll(terms);
            }
        }
        return shared == null ? Set.of() : shared;
    }

    /** The few fields the checks need, straight from the payload. */
    private static CommerceEvent parse(GeneratedEvent g) {
        try {
            JsonNode n = JsonOutput.mapper().readTree(g.payload());
            CommerceEvent e = new CommerceEvent();
            boolean listing = "listing".equals(n.path("type").asText());
            e.type = listing ? EventType.LISTING : EventType.VIDEO;
            e.itemId = n.path(listing ? "listing_id" : "video_id").asText();
            e.accountId = n.path(listing ? "seller_id" : "creator_id").asText();
            e.country = n.path("country").asText();
            e.title = n.path("title").asText(null);
            e.caption = n.path("caption").asText(null);
            if (n.has("hashtags")) {
                List<String> tags = new ArrayList<>();
                n.get("hashtags").forEach(t -> tags.add(t.asText()));
                e.hashtags = tags.toArray(new String[0]);
            }
            return e;
        } catch (java.io.IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static <T> List<T> read(Path file, Class<T> type) throws Exception {
        List<T> out = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(JsonOutput.fromJson(line, type));
                }
            }
        }
        return out;
    }
}
