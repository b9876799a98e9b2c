import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The output checks of bin/cluster-check (run as a single-file program with Jackson on the class path).
 *
 * <p>Usage: {@code CheckOutputs CLUSTER_DIR REFERENCE_DIR MANIFEST}. CLUSTER_DIR holds what Kafka's console consumer
 * read (read_committed) from the output topics: flags.jsonl, review.jsonl, escalations.jsonl, dlq.jsonl; REFERENCE_DIR
 * what the same input gave through the local job (LocalRun --out). Prints one PASS/FAIL line per check and exits 1 when
 * one failed. Further arguments name dead-letter reasons whose lines were left out of the input.
 */
public final class CheckOutputs {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static int failures;

  public static void main(String[] args) throws IOException {
    Path cluster = Path.of(args[0]);
    Path reference = Path.of(args[1]);
    JsonNode manifest = JSON.readTree(Files.readString(Path.of(args[2])));

    // Flags: every expected flag exactly once.
    Map<String, Integer> flags = count(read(cluster.resolve("flags.jsonl")), "flag_id");
    Map<String, Integer> refFlags = count(read(reference.resolve("flags.jsonl")), "flag_id");
    exactlyOnce("flags", flags, refFlags);

    // Review tasks: each (task_id, revision) exactly once, the same as the local job's.
    exactlyOnce("review tasks", count(read(cluster.resolve("review.jsonl")), "task_id", "revision"),
        count(read(reference.resolve("review.jsonl")), "task_id", "revision"));
    exactlyOnce("escalations", count(read(cluster.resolve("escalations.jsonl")), "task_id"),
        count(read(reference.resolve("escalations.jsonl")), "task_id"));

    // Dead letters: counted per reason as the generator's manifest says.
    Map<String, Integer> expected = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = manifest.path("malformed").path("by_reason").properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      expected.put(e.getKey(), e.getValue().asInt());
    }
    for (int i = 3; i < args.length; i++) expected.remove(args[i]);
    Map<String, Integer> dlq = count(read(cluster.resolve("dlq.jsonl")), "reason");
    check("dead letters by reason = manifest (" + sum(expected) + ")", dlq.equals(expected),
        "got " + dlq + " (" + sum(dlq) + "), manifest " + expected);
    System.exit(failures == 0 ? 0 : 1);
  }

  private static void exactlyOnce(String what, Map<String, Integer> got, Map<String, Integer> ref) {
    List<String> dups = new ArrayList<>();
    got.forEach((k, n) -> { if (n > 1) dups.add(k + " x" + n); });
    check(what + ": no duplicates (" + sum(got) + " records, " + got.size() + " distinct)", dups.isEmpty(),
        "duplicates: " + dups);
    List<String> missing = new ArrayList<>(ref.keySet());
    missing.removeAll(got.keySet());
    List<String> extra = new ArrayList<>(got.keySet());
    extra.removeAll(ref.keySet());
    check(what + ": same ids as the local job (" + ref.size() + ")", !ref.isEmpty() && missing.isEmpty()
        && extra.isEmpty(), "missing " + missing.size() + " " + head(missing) + ", unexpected " + extra.size() + " "
        + head(extra));
  }

  private static void check(String what, boolean ok, String detail) {
    System.out.println((ok ? "PASS " : "FAIL ") + what + (ok ? "" : ": " + detail));
    if (!ok) failures++;
  }

  private static List<JsonNode> read(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    if (!Files.exists(file)) return out;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.startsWith("{")) out.add(JSON.readTree(line));
    }
    return out;
  }

  private static Map<String, Integer> count(List<JsonNode> records, String... fields) {
    Map<String, Integer> out = new TreeMap<>();
    for (JsonNode r : records) {
      StringBuilder key = new StringBuilder();
      for (String f : fields) key.append(key.length() == 0 ? "" : "#").append(r.path(f).asText());
      out.merge(key.toString(), 1, Integer::sum);
    }
    return out;
  }

  private static int sum(Map<String, Integer> m) {
    return m.values().stream().mapToInt(Integer::intValue).sum();
  }

  private static String head(List<String> l) {
    return l.size() <= 5 ? l.toString() : l.subList(0, 5) + "…";
  }
}
