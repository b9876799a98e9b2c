package com.shopwatch.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed policy updates: a pack version on the policy topic carries an HMAC-SHA256 of its exact
 * bytes (the record value) under a key named by a key id, in two record headers:
 * {@value #KEY_ID_HEADER} (the key id, UTF-8) and {@value #SIGNATURE_HEADER} (the MAC as 64
 * lowercase hex digits). A deletion (null value) signs {@link #deletionMessage the pack's name}
 * instead, so a signed deletion of one pack cannot be replayed for another.
 *
 * <p>Holds the loaded keys and the allow-list of key ids. The secrets never leave this class:
 * not in {@link #toString}, not in any message (messages name key ids, line numbers and files).
 */
public final class PolicySignatures {
    public static final String KEY_ID_HEADER = "shopwatch-key-id";
    public static final String SIGNATURE_HEADER = "shopwatch-signature";
    /** Environment variable with keys as {@code id1=secret1,id2=secret2}. */
    public static final String KEYS_ENVIRONMENT_VARIABLE = "SHOPWATCH_POLICY_KEYS";

    private static final String ALGORITHM = "HmacSHA256";
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final HexFormat HEX = HexFormat.of();

    private final Map<String, byte[]> keys;
    /** Null: every loaded key is allowed. */
    private final Set<String> allowed;

    private PolicySignatures(Map<String, byte[]> keys, Set<String> allowed) {
        this.keys = keys;
        this.allowed = allowed;
    }

    /** Keys (key id → secret text, used as its UTF-8 bytes) and an allow-list (null = all keys). */
    public static PolicySignatures of(Map<String, String> keys, Collection<String> allowedKeyIds) {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        keys.forEach((id, secret) -> bytes.put(checkedKeyId(id, "key id"), secret.getBytes(StandardCharsets.UTF_8)));
        Set<String> allowed = null;
        if (allowedKeyIds != null) {
            allowed = new TreeSet<>();
            for (String id : allowedKeyIds) {
                allowed.add(checkedKeyId(id, "allowed key id"));
            }
        }
        return new PolicySignatures(bytes, allowed);
    }

    /**
     * Loads keys from a key file (may be null) and the value of {@link #KEYS_ENVIRONMENT_VARIABLE}
     * (may be null). A key id defined in both must have the same secret.
     */
    public static PolicySignatures load(String keyFile, String environmentValue, Collection<String> allowedKeyIds)
            throws IOException {
        Map<String, String> keys = new LinkedHashMap<>();
        if (keyFile != null) {
            keys.putAll(parseKeyFile(Files.readString(Path.of(keyFile), StandardCharsets.UTF_8), keyFile));
        }
        if (environmentValue != null && !environmentValue.isBlank()) {
            for (Map.Entry<String, String> e : parseKeyList(environmentValue, KEYS_ENVIRONMENT_VARIABLE).entrySet()) {
                String before = keys.putIfAbsent(e.getKey(), e.getValue());
                if (before != null && !before.equals(e.getValue())) {
                    throw new IllegalArgumentException("key id '" + e.getKey() + "' has two different secrets (in "
                            + keyFile + " and " + KEYS_ENVIRONMENT_VARIABLE + ")");
                }
            }
        }
        return of(keys, allowedKeyIds);
    }

    /**
     * A key file: one {@code keyId=secret} a line (a properties file of that shape works too);
     * blank lines and lines starting with {@code #} or {@code !} are skipped. The secret is the
     * text after the first {@code =}, trimmed.
     */
    public static Map<String, String> parseKeyFile(String text, String source) {
        Map<String, String> keys = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                continue;
            }
            put(keys, line, source + ":" + (i + 1));
        }
        return keys;
    }

    /** {@code id1=secret1,id2=secret2} (the environment variable's form; secrets without commas). */
    public static Map<String, String> parseKeyList(String text, String source) {
        Map<String, String> keys = new LinkedHashMap<>();
        String[] entries = text.split(",");
        for (int i = 0; i < entries.length; i++) {
            if (!entries[i].isBlank()) {
                put(keys, entries[i].strip(), source + " entry " + (i + 1));
            }
        }
        return keys;
    }

    /** Never quotes the entry: it holds a secret. */
    private static void put(Map<String, String> keys, String entry, String where) {
        int eq = entry.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException(where + ": not keyId=secret");
        }
        String id = entry.substring(0, eq).strip();
        String secret = entry.substring(eq + 1).strip();
        if (!KEY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(where + ": a key id is 1 to 64 of A-Z a-z 0-9 . _ -");
        }
        if (secret.isEmpty()) {
            throw new IllegalArgumentException(where + ": key id '" + id + "' has an empty secret");
        }
        if (keys.put(id, secret) != null) {
            throw new IllegalArgumentException(where + ": key id '" + id + "' is defined twice");
        }
    }

    private static String checkedKeyId(String id, String what) {
        if (id == null || !KEY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a valid " + what + " (1 to 64 of A-Z a-z 0-9 . _ -): " + shown(id));
        }
        return id;
    }

    /** The bytes a deletion of pack {@code name} signs: {@code shopwatch-delete:NAME} in UTF-8. */
    public static byte[] deletionMessage(String name) {
        return ("shopwatch-delete:" + name).getBytes(StandardCharsets.UTF_8);
    }

    /** HMAC-SHA256 of {@code message} under {@code secret}, as 64 lowercase hex digits. */
    public static String sign(String secret, byte[] message) {
        return HEX.formatHex(mac(secret.getBytes(StandardCharsets.UTF_8), message));
    }

    /** Signs with one of the loaded keys (whether or not it is on the allow-list). */
    public String signWith(String keyId, byte[] message) {
        byte[] key = keys.get(keyId);
        if (key == null) {
            throw new IllegalArgumentException("unknown key id " + shown(keyId) + "; loaded: " + keys.keySet());
        }
        return HEX.formatHex(mac(key, message));
    }

    private static byte[] mac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e); // every JRE has it
        }
    }

    /**
     * Checks a signature over {@code message}: null when it is valid with an allowed key,
     * otherwise why not (naming the key id, never a secret). A missing key id and signature
     * both give {@code unsigned update}.
     */
    public String verify(String keyId, String signature, byte[] message) {
        boolean noId = keyId == null || keyId.isBlank();
        boolean noSignature = signature == null || signature.isBlank();
        if (noId && noSignature) {
            return "unsigned update";
        }
        if (noId) {
            return "signature without a key id (header " + KEY_ID_HEADER + ")";
        }
        String id = keyId.strip();
        if (!KEY_ID.matcher(id).matches()) {
            return "bad key id " + shown(id);
        }
        if (allowed != null && !allowed.contains(id)) {
            return "key id '" + id + "' is not allowed";
        }
        byte[] key = keys.get(id);
        if (key == null) {
            return "unknown key id '" + id + "'";
        }
        if (noSignature) {
            return "empty signature (key id '" + id + "')";
        }
        byte[] given;
        try {
            given = HEX.parseHex(signature.strip());
        } catch (IllegalArgumentException e) {
            return "bad signature (key id '" + id + "'): not hex";
        }
        // constant time: the comparison must not tell an attacker how many leading bytes were right
        if (!MessageDigest.isEqual(mac(key, message), given)) {
            return "bad signature (key id '" + id + "')";
        }
        return null;
    }

    public Set<String> keyIds() {
        return Collections.unmodifiableSet(keys.keySet());
    }

    /** Untrusted text in a message: only a short key-id-like value is shown as is. */
    private static String shown(String text) {
        if (text == null) {
            return "(none)";
        }
        return KEY_ID.matcher(text).matches() ? "'" + text + "'" : "(" + text.length() + " characters, not a key id)";
    }

    /** Key ids only: never the secrets. */
    @Override
    public String toString() {
        return "PolicySignatures{keyIds=" + keys.keySet() + ", allowed=" + (allowed == null ? "all" : allowed) + "}";
    }
}
