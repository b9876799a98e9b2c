package com.shopwatch.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleFileWriterTest {

  /** Splits a JSONL file into raw lines (the file ends with a newline). */
  static List<byte[]> lines(byte[] file) {
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < file.length; i++) {
      if (file[i] == '\n') {
        byte[] l = new byte[i - start];
        System.arraycopy(file, start, l, 0, l.length);
        out.add(l);
        start = i + 1;
      }
    }
    assertThat(start).as("file ends with a newline").isEqualTo(file.length);
    return out;
  }

  static Path samplesDir() {
    Path p = Paths.get("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("config/samples"))) {
      p = p.getParent();
    }
    assertThat(p).as("config/samples above " + Paths.get("").toAbsolutePath()).isNotNull();
    return p.resolve("config/samples");
  }

  /** Recounts the file independently (reference validator + parsing) and compares with the manifest. */
  static void assertManifestMatchesFile(Path jsonl, GeneratorSettings settings) throws Exception {
    JsonNode manifest = ReferenceValidator.JSON.readTree(SampleFileWriter.manifestPath(jsonl).toFile());
    List<byte[]> lines = lines(Files.readAllBytes(jsonl));
    assertThat(manifest.get("total_lines").asLong()).isEqualTo(lines.size());
    JsonNode expected = manifest.get("lines");
    assertThat(expected.size()).isEqualTo(lines.size());

    ReferenceValidator v = new ReferenceValidator(settings);
    SyntheticEventGenerator gen = new SyntheticEventGenerator(settings);
    Map<String, Long> byReason = new HashMap<>();
    Map<String, Long> byCode = new HashMap<>();
    Map<String, Long> byAbuse = new HashMap<>();
    Map<String, Map<String, Long>> byCountryType = new HashMap<>();
    long valid = 0;
    for (int i = 0; i < lines.size(); i++) {
      String tag = expected.get(i).asText();
      Set<String> reasons = v.reasons(lines.get(i), gen.scheduledTimeMillis(i) + settings.maxOutOfOrderMillis());
      if (tag.startsWith("malformed:")) {
        String reason = tag.substring("malformed:".length());
        assertThat(reasons).as("line " + (i + 1)).containsExactly(reason);
        byReason.merge(reason, 1L, Long::sum);
        continue;
      }
      assertThat(reasons).as("line " + (i + 1)).isEmpty();
      if (tag.equals("valid")) {
        valid++;
      } else if (tag.startsWith("abuse:")) {
        String[] parts = tag.split(":");
        assertThat(parts).hasSize(3);
        GeneratedEvent g = gen.generate(i);
        assertThat(parts[1]).isEqualTo(g.abuse());
        assertThat(parts[2]).isEqualTo(g.episode());
        byAbuse.merge(parts[1], 1L, Long::sum);
      } else {
        assertThat(tag).startsWith("violation:");
        byCode.merge(tag.substring("violation:".length()), 1L, Long::sum);
      }
      JsonNode n = ReferenceValidator.JSON.readTree(lines.get(i));
      byCountryType.computeIfAbsent(n.get("country").asText(), k -> new HashMap<>())
          .merge(n.get("type").asText(), 1L, Long::sum);
    }
    assertThat(manifest.get("valid").asLong()).isEqualTo(valid);
    long malformedTotal = 0;
    for (Map.Entry<String, JsonNode> e : manifest.get("malformed").get("by_reason").properties()) {
      assertThat(e.getValue().asLong()).as(e.getKey()).isEqualTo(byReason.getOrDefault(e.getKey(), 0L));
      malformedTotal += e.getValue().asLong();
    }
    assertThat(manifest.get("malformed").get("total").asLong()).isEqualTo(malformedTotal);
    long violationTotal = 0;
    for (Map.Entry<String, JsonNode> e : manifest.get("violations").get("by_code").properties()) {
      assertThat(e.getValue().asLong()).as(e.getKey()).isEqualTo(byCode.getOrDefault(e.getKey(), 0L));
      violationTotal += e.getValue().asLong();
    }
    assertThat(manifest.get("violations").get("total").asLong()).isEqualTo(violationTotal);
    long abuseTotal = 0;
    if (manifest.has("abuse")) {
      for (Map.Entry<String, JsonNode> e : manifest.get("abuse").get("by_code").properties()) {
        assertThat(e.getValue().asLong()).as(e.getKey()).isEqualTo(byAbuse.getOrDefault(e.getKey(), 0L));
        abuseTotal += e.getValue().asLong();
      }
      assertThat(manifest.get("abuse").get("total").asLong()).isEqualTo(abuseTotal);
    }
    assertThat(byAbuse.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(abuseTotal);
    assertThat(valid + malformedTotal + violationTotal + abuseTotal).isEqualTo(lines.size());
    Map<String, Map<String, Long>> fromManifest = new HashMap<>();
    for (Map.Entry<String, JsonNode> c : manifest.get("by_country_type").properties()) {
      for (Map.Entry<String, JsonNode> t : c.getValue().properties()) {
        if (t.getValue().asLong() > 0) {
          fromManifest.computeIfAbsent(c.getKey(), k -> new HashMap<>()).put(t.getKey(), t.getValue().asLong());
        }
      }
    }
    assertThat(fromManifest).isEqualTo(byCountryType);
  }

  @Test
  void writesJsonlAndAMatchingManifest(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("events.jsonl");
    SampleFileWriter.main(new String[] {out.toString(), "400", "42"});
    assertThat(SampleFileWriter.manifestPath(out)).isEqualTo(dir.resolve("events.manifest.json"));
    GeneratorSettings settings = SampleFileWriter.sampleSettings(42, 0.08, 0.1);
    assertManifestMatchesFile(out, settings);
    JsonNode manifest = ReferenceValidator.JSON.readTree(dir.resolve("events.manifest.json").toFile());
    for (String r : SyntheticEventGenerator.MALFORMED_REASONS) {
      assertThat(manifest.get("malformed").get("by_reason").get(r).asLong()).as(r).isGreaterThanOrEqualTo(1);
    }
    for (String c : SyntheticEventGenerator.VIOLATION_CODES) {
      assertThat(manifest.get("violations").get("by_code").get(c).asLong()).as(c).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void manifestCarriesAbuseEpisodesWhenAbuseIsOn(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("abuse.jsonl");
    SampleFileWriter.main(new String[] {out.toString(), "3000", "9", "0.05", "0.05", "10"});
    GeneratorSettings settings = SampleFileWriter.sampleSettings(9, 0.05, 0.05, 10);
    assertThat(settings.catalogueVersion()).isEqualTo(GeneratorSettings.CATALOGUE_V2);
    assertManifestMatchesFile(out, settings);
    JsonNode manifest = ReferenceValidator.JSON.readTree(SampleFileWriter.manifestPath(out).toFile());
    JsonNode abuse = manifest.get("abuse");
    assertThat(abuse.get("episodes").asLong()).isEqualTo(30);
    long episodes = 0;
    for (Map.Entry<String, JsonNode> e : abuse.get("episodes_by_code").properties()) {
      episodes += e.getValue().asLong();
    }
    assertThat(episodes).isEqualTo(30);
    // 3000 events at 20/s are all inside the 20 minute warm-up: no history-dependent kinds
    assertThat(abuse.get("episodes_by_code").get("report_storm").asLong()).isPositive();
    assertThat(abuse.get("episodes_by_code").get("price_anomaly").asLong()).isZero();
    assertThat(manifest.get("settings").get("abuse_rate").asDouble()).isEqualTo(10.0);
    assertThat(manifest.get("settings").get("catalogue_version").asInt()).isEqualTo(2);
    boolean sawAbuseLine = false;
    for (JsonNode l : manifest.get("lines")) {
      sawAbuseLine |= l.asText().matches("abuse:[a-z_]+:E\\d{6}");
    }
    assertThat(sawAbuseLine).isTrue();
  }

  @Test
  void withoutAbuseTheManifestHasTheV1Format(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("plain.jsonl");
    SampleFileWriter.write(out, 300, SampleFileWriter.sampleSettings(3, 0.08, 0.1));
    JsonNode manifest = ReferenceValidator.JSON.readTree(SampleFileWriter.manifestPath(out).toFile());
    assertThat(manifest.has("abuse")).isFalse();
    assertThat(manifest.get("settings").has("abuse_rate")).isFalse();
    assertThat(manifest.get("settings").has("catalogue_version")).isFalse();
  }

  @Test
  void committedSampleIsUpToDateAndMatchesItsManifest(@TempDir Path dir) throws Exception {
    Path committed = samplesDir().resolve("events.jsonl");
    Path fresh = dir.resolve("events.jsonl");
    SampleFileWriter.write(fresh, 400, SampleFileWriter.sampleSettings(42, 0.08, 0.1));
    assertThat(Files.readAllBytes(committed)).as("regenerate with SampleFileWriter config/samples/events.jsonl 400 42")
        .isEqualTo(Files.readAllBytes(fresh));
    assertThat(ReferenceValidator.JSON.readTree(samplesDir().resolve("events.manifest.json").toFile()))
        .isEqualTo(ReferenceValidator.JSON.readTree(dir.resolve("events.manifest.json").toFile()));
    assertManifestMatchesFile(committed, SampleFileWriter.sampleSettings(42, 0.08, 0.1));
  }

  @Test
  void committedVocabularyFileIsUpToDate() throws Exception {
    String committed = Files.readString(samplesDir().resolve("violation-vocabulary.md"), StandardCharsets.UTF_8);
    assertThat(committed).as("regenerate with ViolationVocabulary config/samples/violation-vocabulary.md")
        .isEqualTo(ViolationVocabulary.renderMarkdown());
    for (String code : ViolationVocabulary.CODES) {
      assertThat(committed).contains("## `" + code + "`");
    }
  }
}
