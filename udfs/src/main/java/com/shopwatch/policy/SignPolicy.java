package com.shopwatch.policy;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code sign} command: signs a pack file for publishing on the policy topic and prints the two
 * record headers to attach ({@value PolicySignatures#KEY_ID_HEADER},
 * {@value PolicySignatures#SIGNATURE_HEADER}). The signature covers the file's exact bytes, so
 * publish the file unchanged (record key = its file name). With {@code --delete NAME} it signs the
 * deletion of pack NAME (a record with that key and a null value) instead.
 *
 * <pre>sign --key-id ID --key-file F (PACK.yaml | --delete NAME)</pre>
 *
 * The key file has the job's format ({@code keyId=secret} lines); the entry for ID signs. Exit
 * code 0 on success, 2 on bad usage or an unreadable file. The secret is never printed.
 */
public final class SignPolicy {
    private SignPolicy() {}

    private static final String USAGE = "usage: sign --key-id ID --key-file KEYS (PACK.yaml | --delete PACK_NAME)";

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String keyId = null;
        String keyFile = null;
        String delete = null;
        String pack = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            boolean hasValue = i + 1 < args.length;
            switch (a) {
                case "--key-id" -> { if (!hasValue) return usage(err); keyId = args[++i]; }
                case "--key-file" -> { if (!hasValue) return usage(err); keyFile = args[++i]; }
                case "--delete" -> { if (!hasValue) return usage(err); delete = args[++i]; }
                default -> {
                    if (a.startsWith("-") || pack != null) {
                        return usage(err);
                    }
                    pack = a;
                }
            }
        }
        if (keyId == null || keyFile == null || (pack == null) == (delete == null)) {
            return usage(err);
        }
        PolicySignatures keys;
        try {
            keys = PolicySignatures.load(keyFile, null, null);
        } catch (Exception e) {
            err.println(keyFile + ": cannot read the keys: " + e.getMessage());
            return 2;
        }
        if (!keys.keyIds().contains(keyId)) {
            err.println(keyFile + " has no key id '" + keyId + "' (it has " + keys.keyIds() + ")");
            return 2;
        }
        byte[] message;
        String recordKey;
        if (pack != null) {
            Path p = Path.of(pack);
            try {
                message = Files.readAllBytes(p);
            } catch (Exception e) {
                err.println(pack + ": cannot read: " + e.getMessage());
                return 2;
            }
            recordKey = p.getFileName().toString();
        } else {
            message = PolicySignatures.deletionMessage(delete);
            recordKey = delete;
        }
        String signature = keys.signWith(keyId, message);
        out.println("# record key: " + recordKey + (pack != null ? ", value: the exact bytes of " + pack : ", value: null (deletes the pack)"));
        out.println(PolicySignatures.KEY_ID_HEADER + ": " + keyId);
        out.println(PolicySignatures.SIGNATURE_HEADER + ": " + signature);
        return 0;
    }

    private static int usage(PrintStream err) {
        err.println(USAGE);
        return 2;
    }
}
