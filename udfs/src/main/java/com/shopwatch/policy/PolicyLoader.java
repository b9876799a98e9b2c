package com.shopwatch.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Parses, resolves, validates and compiles a set of policy packs — the one path used by the
 * validate command, the bundled default and every policy update the job receives. Any error
 * rejects the whole set: nothing is half-loaded.
 */
public final class PolicyLoader {
    private PolicyLoader() {}

    /** The outcome of loading: either compiled policies or the complete list of errors. */
    public static final class Result {
        private final CompiledPolicySet policies;
        private final List<PolicyError> errors;
        private final String fingerprint;
        private final Map<String, String> packVersions;

        Result(CompiledPolicySet policies, List<PolicyError> errors, String fingerprint, Map<String, String> packVersions) {
            this.policies = policies;
            this.errors = List.copyOf(errors);
            this.fingerprint = fingerprint;
            this.packVersions = Map.copyOf(packVersions);
        }

        /** A set that could not even be read. */
        public static Result failed(String error) {
            return new Result(null, List.of(new PolicyError(null, 0, null, error)), "", Map.of());
        }

        /**
         * File name → {@code pack@version} of every file that parsed, valid set or not: what a
         * status record names. A file that is not readable YAML is absent.
         */
        public Map<String, String> packVersions() {
            return packVersions;
        }

        public boolean ok() {
            return errors.isEmpty();
        }

        /** The compiled set, or null when there were errors. */
        public CompiledPolicySet policies() {
            return policies;
        }

        public List<PolicyError> errors() {
            return errors;
        }

        /** SHA-256 of the pack texts: the same packs always give the same fingerprint. */
        public String fingerprint() {
            return fingerprint;
        }
    }

    /** Loads packs given as file name → YAML text. */
    public static Result load(Map<String, String> files) {
        Map<String, String> sorted = new TreeMap<>(files);
        List<PolicyError> errors = new ArrayList<>();
        Map<String, String> versions = new TreeMap<>();
        if (sorted.isEmpty()) {
            errors.add(new PolicyError(null, 0, null, "no policy packs given"));
            return new Result(null, errors, fingerprint(sorted), versions);
        }
        List<PackSpec> packs = new ArrayList<>();
        for (Map.Entry<String, String> f : sorted.entrySet()) {
            PackSpec p = PolicyPackParser.parse(f.getKey(), f.getValue(), errors);
            if (p != null) {
                packs.add(p);
                versions.put(f.getKey(), (p.name == null ? f.getKey() : p.name) + "@" + (p.version == null ? "?" : p.version));
            }
        }
        ResolvedPolicies resolved = PolicyResolver.resolve(packs, errors);
        if (!errors.isEmpty() || resolved == null) {
            return new Result(null, errors, fingerprint(sorted), versions);
        }
        CompiledPolicySet compiled = PolicyCompiler.compile(resolved, errors);
        return new Result(errors.isEmpty() ? compiled : null, errors, fingerprint(sorted), versions);
    }

    /** Recently loaded sets by fingerprint, shared by every operator in this JVM (a TaskManager). */
    private static final int SHARED_ENTRIES = 4;
    private static final Map<String, Result> SHARED = new java.util.LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Result> eldest) {
            return size() > SHARED_ENTRIES;
        }
    };

    /**
     * {@link #load}, compiled once per JVM and pack set: the policy evaluator and every detector
     * subtask of a TaskManager receive the same updates and would otherwise each compile them.
     * The compiled set is immutable, so sharing it is safe.
     */
    public static Result loadShared(Map<String, String> files) {
        String key = fingerprint(new TreeMap<>(files));
        synchronized (SHARED) {
            Result cached = SHARED.get(key);
            if (cached != null) {
                return cached;
            }
        }
        Result result = load(files);
        synchronized (SHARED) {
            SHARED.put(key, result);
        }
        return result;
    }

    /** Reads every {@code *.yaml}/{@code *.yml} file of a directory (not recursive). */
    public static Map<String, String> readDirectory(Path dir) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (Files.isRegularFile(p) && (name.endsWith(".yaml") || name.endsWith(".yml"))) {
                    files.put(name, Files.readString(p, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read policy directory " + dir + ": " + e.getMessage(), e);
        }
        return files;
    }

    static String fingerprint(Map<String, String> sortedFiles) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sortedFiles.forEach((name, text) -> {
                sha.update(name.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(text.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            });
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
