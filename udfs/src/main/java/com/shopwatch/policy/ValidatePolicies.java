package com.shopwatch.policy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code validate} command: checks a directory (or files) of policy packs exactly as the job
 * would and prints every problem as {@code file:line: [rule id] message}. Exit code 0 when the
 * set is valid, 1 when it has errors, 2 on bad usage.
 */
public final class ValidatePolicies {
    private ValidatePolicies() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, java.io.PrintStream out, java.io.PrintStream err) {
        if (args.length == 0) {
            err.println("usage: validate <policy-dir | pack.yaml ...>");
            return 2;
        }
        Map<String, String> files = new TreeMap<>();
        for (String arg : args) {
            Path p = Paths.get(arg);
            try {
                if (Files.isDirectory(p)) {
                    files.putAll(PolicyLoader.readDirectory(p));
                } else {
                    files.put(p.getFileName().toString(), Files.readString(p));
                }
            } catch (Exception e) {
                err.println(arg + ": cannot read: " + e.getMessage());
                return 2;
            }
        }
        PolicyLoader.Result result = PolicyLoader.load(files);
        if (!result.ok()) {
            result.errors().forEach(e -> err.println(e));
            err.println(result.errors().size() + " error(s) in " + files.size() + " pack file(s); nothing would be loaded");
            return 1;
        }
        CompiledPolicySet set = result.policies();
        out.println("OK: " + files.size() + " pack(s), version " + set.version());
        set.countries().forEach((country, policy) -> out.println("  " + country + ": " + policy.rules().size()
                + " rule(s), " + policy.dictionary().termCount() + " term(s), " + policy.version()));
        out.println("  other countries: " + set.fallback().rules().size() + " rule(s), " + set.fallback().version());
        return 0;
    }
}
