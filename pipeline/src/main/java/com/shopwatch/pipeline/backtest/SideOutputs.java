package com.shopwatch.pipeline.backtest;

import com.shopwatch.backtest.BacktestSide;
import com.shopwatch.model.DeadLetter;
import com.shopwatch.model.ReviewFlag;
import com.shopwatch.output.JsonOutput;
import com.shopwatch.review.Escalation;
import com.shopwatch.review.ReviewTask;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/** Reads back what one backtest run wrote (one file per sink, or one per subtask: {@code name.N}). */
final class SideOutputs {
    static final String ALL_FLAGS = "all-flags.jsonl";

    private SideOutputs() {}

    static BacktestSide read(String directory, String policyVersion) throws IOException {
        List<ReviewFlag> flags = lines(directory, ALL_FLAGS, ReviewFlag.class);
        List<ReviewTask> tasks = lines(directory, "review.jsonl", ReviewTask.class);
        List<Escalation> escalations = lines(directory, "escalations.jsonl", Escalation.class);
        Map<String, Long> deadLetters = new TreeMap<>();
        for (DeadLetter d : lines(directory, "dlq.jsonl", DeadLetter.class)) {
            deadLetters.merge(d.reason, 1L, Long::sum);
        }
        return new BacktestSide(policyVersion, flags, tasks, escalations, deadLetters);
    }

    private static <T> List<T> lines(String directory, String name, Class<T> type) throws IOException {
        Path dir = new Path(directory);
        FileSystem fs = dir.getFileSystem();
        List<T> out = new ArrayList<>();
        FileStatus[] all = fs.exists(dir) ? fs.listStatus(dir) : new FileStatus[0];
        List<Path> parts = new ArrayList<>();
        for (FileStatus s : all) {
            String n = s.getPath().getName();
            if (n.equals(name) || (n.startsWith(name + ".") && n.substring(name.length() + 1).chars().allMatch(Character::isDigit))) {
                parts.add(s.getPath());
            }
        }
        parts.sort(java.util.Comparator.comparing(Path::getName));
        for (Path p : parts) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(p), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (!line.isBlank()) {
                        out.add(JsonOutput.fromJson(line, type));
                    }
                }
            }
        }
        return out;
    }
}
