package com.shopwatch.pipeline.testing;

import com.shopwatch.policy.PolicySignatures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A policy signing key for tests: a key file to give the job, and the headers a publisher attaches. */
public final class TestSigning {
    private TestSigning() {}

    public static final String KEY_ID = "team-test";
    public static final String SECRET = "test-only-secret-7c1e0f3a9b2d4e6f8a0b";

    /** Writes {@code KEY_ID=SECRET} (and any extra lines) to {@code dir/policy-keys} and returns its path. */
    public static Path keyFile(Path dir, String... extraLines) throws IOException {
        Path file = dir.resolve("policy-keys");
        StringBuilder text = new StringBuilder(KEY_ID + "=" + SECRET + "\n");
        for (String line : extraLines) {
            text.append(line).append('\n');
        }
        Files.writeString(file, text);
        return file;
    }

    /** The headers of a pack version signed with the test key (a null value signs the deletion of {@code name}). */
    public static Map<String, String> headers(String name, String value) {
        return headers(KEY_ID, SECRET, name, value);
    }

    public static Map<String, String> headers(String keyId, String secret, String name, String value) {
        byte[] message = value == null ? PolicySignatures.deletionMessage(name) : value.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(PolicySignatures.KEY_ID_HEADER, keyId);
        headers.put(PolicySignatures.SIGNATURE_HEADER, PolicySignatures.sign(secret, message));
        return headers;
    }
}
