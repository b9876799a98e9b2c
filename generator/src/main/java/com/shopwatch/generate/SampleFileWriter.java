package com.shopwatch.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes generated events as JSONL (one payload per line) plus a manifest {@code <name>.manifest.json} next to it with
 * the ground truth: line counts per kind, malformed count per expected dead-letter reason, violation count per code,
 * well-formed counts per country and type, and the expected outcome of every line. With abuse injection on, the
 * manifest also has an {@code abuse} section (events and episodes per detector code) and abuse lines read {@code
 * abuse:<code>:<episode>}; without it the manifest has exactly the format of generator v1.
 *
 * <p>Usage: {@code SampleFileWriter <output.jsonl> <count> <seed> [malformedFraction] [violationFraction]
 * [abuseRate]}; the fractions default to 0.08 and 0.1, the start time to {@link #SAMPLE_START} and the rate to 20
 * events/s. Without {@code abuseRate} the settings are those of the bundled sample ({@link #sampleSettings(long,
 * double, double)}: catalogue v1, no abuse); with it, the current catalogue and that many abuse episodes per 1000
 * events (history-dependent kinds after 20 minutes, i.e. 24 000 events at 20 events/s).
 */
public final class SampleFileWriter {
  private SampleFileWriter() {}

  /** Start time of the bundled sample. */
  public static final long SAMPLE_START = Instant.parse("2026-11-24T10:00:00Z").toEpochMilli();

  private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: SampleFileWriter <output.jsonl> <count> <seed> [malformedFraction]"
          + " [violationFraction] [abuseRate]");
      System.exit(2);
    }
    Path out = Paths.get(args[0]);
    long count = Long.parseLong(args[1]);
    long seed = Long.parseLong(args[2]);
    double malformed = args.length > 3 ? Double.parseDouble(args[3]) : 0.08;
    double violation = args.length > 4 ? Double.parseDouble(args[4]) : 0.1;
    GeneratorSettings settings = args.length > 5
        ? sampleSettings(seed, malformed, violation, Double.parseDouble(args[5]))
        : sampleSettings(seed, malformed, violation);
    Map<String, Object> manifest = write(out, count, settings);
    System.out.println("wrote " + manifest.get("total_lines") + " lines to " + out + " and " + manifestPath(out));
  }

  /**
   * The settings of the bundled sample: catalogue v1 and no abuse episodes, so that {@code config/samples} stays
   * byte-identical to what generator v1 wrote.
   */
  public static GeneratorSettings sampleSettings(long seed, double malformedFraction, double violationFraction) {
    return sampleSettings(seed, malformedFraction, violationFraction, 0.0).toBuilder()
        .catalogueVersion(GeneratorSettings.CATALOGUE_V1)
        .build();
  }

  /** Sample-file settings with the current catalogue and {@code abuseRate} abuse episodes per 1000 events. */
  public static GeneratorSettings sampleSettings(long seed, double malformedFraction, double violationFraction,
      double abuseRate) {
    return GeneratorSettings.builder()
        .seed(seed)
        .startTimeMillis(SAMPLE_START)
        .eventsPerSecond(20)
        .malformedFraction(malformedFraction)
        .violationFraction(violationFraction)
        .abuseRate(abuseRate)
        .build();
  }

  /** {@code dir/events.jsonl} -> {@code dir/events.manifest.json}. */
  public static Path manifestPath(Path jsonl) {
    String name = jsonl.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    Path parent = jsonl.toAbsolutePath().getParent();
    return parent.resolve(stem + ".manifest.json");
  }

  /** Writes {@code count} events (indices 0..count-1) and the manifest; returns the manifest. */
  public static Map<String, Object> write(Path out, long count, GeneratorSettings settings) throws IOException {
    SyntheticEventGenerator gen = new SyntheticEventGenerator(settings);
    List<GeneratedEvent> events = new ArrayList<>();
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out))) {
      for (long i = 0; i < count; i++) {
        GeneratedEvent e = gen.generate(i);
        byte[] payload = e.payload();
        for (byte b : payload) {
          if (b == '\n' || b == '\r') {
            throw new IllegalStateException("payload " + i + " contains a line break");
          }
        }
        os.write(payload);
        os.write('\n');
        events.add(e);
      }
    }
    Map<String, Object> manifest = manifest(out.getFileName().toString(), events, settings);
    JSON.writeValue(manifestPath(out).toFile(), manifest);
    return manifest;
  }

  /** Builds the manifest for the given events (in line order). */
  public static Map<String, Object> manifest(String fileName, List<GeneratedEvent> events, GeneratorSettings s) {
    long valid = 0;
    long malformed = 0;
    long violations = 0;
    long abuse = 0;
    Map<String, Long> abuseByCode = AbuseEpisodes.zeroCounts();
    Map<String, Long> episodesByCode = AbuseEpisodes.zeroCounts();
    java.util.Set<String> episodes = new java.util.HashSet<>();
    Map<String, Long> byReason = new LinkedHashMap<>();
    for (String r : SyntheticEventGenerator.MALFORMED_REASONS) {
      byReason.put(r, 0L);
    }
    Map<String, Long> byCode = new LinkedHashMap<>();
    for (String c : SyntheticEventGenerator.VIOLATION_CODES) {
      byCode.put(c, 0L);
    }
    Map<String, Map<String, Long>> byCountryType = new TreeMap<>();
    List<String> lines = new ArrayList<>();
    for (GeneratedEvent e : events) {
      switch (e.kind()) {
        case MALFORMED:
          malformed++;
          byReason.merge(e.expectedDeadLetterReason(), 1L, Long::sum);
          lines.add("malformed:" + e.expectedDeadLetterReason());
          break;
        case VIOLATION:
          violations++;
          byCode.merge(e.violation(), 1L, Long::sum);
          lines.add("violation:" + e.violation());
          break;
        case ABUSE:
          abuse++;
          abuseByCode.merge(e.abuse(), 1L, Long::sum);
          if (episodes.add(e.episode())) {
            episodesByCode.merge(e.abuse(), 1L, Long::sum);
          }
          lines.add("abuse:" + e.abuse() + ":" + e.episode());
          break;
        default:
          valid++;
          lines.add("valid");
      }
      if (e.kind() != GeneratedEvent.Kind.MALFORMED) {
        Map<String, Long> perType = byCountryType.computeIfAbsent(e.country(), k -> {
          Map<String, Long> m = new LinkedHashMap<>();
          m.put("listing", 0L);
          m.put("video", 0L);
          return m;
        });
        perType.merge(e.type(), 1L, Long::sum);
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", fileName);
    m.put("total_lines", (long) events.size());
    m.put("valid", valid);
    Map<String, Object> mal = new LinkedHashMap<>();
    mal.put("total", malformed);
    mal.put("by_reason", byReason);
    m.put("malformed", mal);
    Map<String, Object> vio = new LinkedHashMap<>();
    vio.put("total", violations);
    vio.put("by_code", byCode);
    m.put("violations", vio);
    boolean withAbuse = s.abuseRate() > 0 || abuse > 0;
    if (withAbuse) {
      Map<String, Object> ab = new LinkedHashMap<>();
      ab.put("total", abuse);
      ab.put("by_code", abuseByCode);
      ab.put("episodes", (long) episodes.size());
      ab.put("episodes_by_code", episodesByCode);
      m.put("abuse", ab);
    }
    m.put("by_country_type", byCountryType);
    Map<String, Object> st = new LinkedHashMap<>();
    st.put("seed", s.seed());
    st.put("start_time", Instant.ofEpochMilli(s.startTimeMillis()).toString());
    st.put("events_per_second", s.eventsPerSecond());
    st.put("max_out_of_order_millis", s.maxOutOfOrderMillis());
    st.put("video_fraction", s.videoFraction());
    st.put("report_fraction", s.reportFraction());
    st.put("malformed_fraction", s.malformedFraction());
    st.put("violation_fraction", s.violationFraction());
    st.put("oversize_bytes", s.oversizeBytes());
    st.put("max_future_skew_millis", s.maxFutureSkewMillis());
    // only where they differ from generator v1, so that v1 manifests keep their exact format
    if (withAbuse) {
      st.put("abuse_rate", s.abuseRate());
      st.put("abuse_warmup_millis", s.abuseWarmupMillis());
    }
    if (s.catalogueVersion() != GeneratorSettings.CATALOGUE_V1) {
      st.put("catalogue_version", s.catalogueVersion());
    }
    m.put("settings", st);
    m.put("line_note", "lines[i] is the expected outcome of line i+1: valid, malformed:<dead-letter reason>"
        + (withAbuse ? ", violation:<code> or abuse:<detector code>:<episode id>" : " or violation:<code>"));
    m.put("lines", lines);
    return m;
  }
}
