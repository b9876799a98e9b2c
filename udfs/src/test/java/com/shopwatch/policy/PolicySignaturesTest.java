package com.shopwatch.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicySignaturesTest {
    private static final String SECRET_SG = "sg-secret-0123456789abcdef0123456789";
    private static final String SECRET_TH = "th-secret-fedcba9876543210fedcba9876";
    private static final byte[] PACK = "pack: SG\nversion: \"2\"\n".getBytes(StandardCharsets.UTF_8);

    private static final PolicySignatures KEYS =
            PolicySignatures.of(Map.of("team-sg", SECRET_SG, "team-th", SECRET_TH), null);

    @Test
    void aValidSignatureIsAccepted() {
        String signature = PolicySignatures.sign(SECRET_SG, PACK);
        assertThat(signature).matches("[0-9a-f]{64}");
        assertThat(KEYS.verify("team-sg", signature, PACK)).isNull();
        assertThat(KEYS.signWith("team-sg", PACK)).isEqualTo(signature);
        assertThat(KEYS.verify("team-sg", signature.toUpperCase(), PACK)).as("hex is read in either case").isNull();
    }

    @Test
    void knownVector() {
        // RFC 4231 test case 2: key "Jefe", "what do ya want for nothing?"
        assertThat(PolicySignatures.sign("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void oneTamperedByteIsRejected() {
        String signature = PolicySignatures.sign(SECRET_SG, PACK);
        byte[] tampered = PACK.clone();
        tampered[tampered.length - 3] ^= 1;
        assertThat(KEYS.verify("team-sg", signature, tampered)).isEqualTo("bad signature (key id 'team-sg')");
        char[] sig = signature.toCharArray();
        sig[10] = sig[10] == '0' ? '1' : '0';
        assertThat(KEYS.verify("team-sg", new String(sig), PACK)).isEqualTo("bad signature (key id 'team-sg')");
        assertThat(KEYS.verify("team-sg", signature.substring(0, 62), PACK)).isEqualTo("bad signature (key id 'team-sg')");
        assertThat(KEYS.verify("team-sg", "zz" + signature.substring(2), PACK)).isEqualTo("bad signature (key id 'team-sg'): not hex");
    }

    @Test
    void aSignatureWithAnotherKeyIsRejected() {
        String byTh = PolicySignatures.sign(SECRET_TH, PACK);
        assertThat(KEYS.verify("team-sg", byTh, PACK)).isEqualTo("bad signature (key id 'team-sg')");
        assertThat(KEYS.verify("team-sg", PolicySignatures.sign("guessed", PACK), PACK)).isEqualTo("bad signature (key id 'team-sg')");
    }

    @Test
    void anUnknownKeyIdIsRejected() {
        assertThat(KEYS.verify("team-jp", PolicySignatures.sign(SECRET_SG, PACK), PACK)).isEqualTo("unknown key id 'team-jp'");
        assertThat(KEYS.verify("bad id\n", "00", PACK)).isEqualTo("bad key id (6 characters, not a key id)");
    }

    @Test
    void aKeyIdNotOnTheAllowListIsRejectedEvenWithAValidSignature() {
        PolicySignatures onlySg = PolicySignatures.of(Map.of("team-sg", SECRET_SG, "team-th", SECRET_TH), List.of("team-sg"));
        assertThat(onlySg.verify("team-th", PolicySignatures.sign(SECRET_TH, PACK), PACK)).isEqualTo("key id 'team-th' is not allowed");
        assertThat(onlySg.verify("team-sg", PolicySignatures.sign(SECRET_SG, PACK), PACK)).isNull();
    }

    @Test
    void missingOrEmptySignatures() {
        assertThat(KEYS.verify(null, null, PACK)).isEqualTo("unsigned update");
        assertThat(KEYS.verify("", " ", PACK)).isEqualTo("unsigned update");
        assertThat(KEYS.verify("team-sg", "", PACK)).isEqualTo("empty signature (key id 'team-sg')");
        assertThat(KEYS.verify(null, PolicySignatures.sign(SECRET_SG, PACK), PACK)).startsWith("signature without a key id");
    }

    @Test
    void aDeletionSignsThePackName() {
        String signature = KEYS.signWith("team-sg", PolicySignatures.deletionMessage("sg.yaml"));
        assertThat(KEYS.verify("team-sg", signature, PolicySignatures.deletionMessage("sg.yaml"))).isNull();
        assertThat(KEYS.verify("team-sg", signature, PolicySignatures.deletionMessage("th.yaml"))).startsWith("bad signature");
    }

    @Test
    void keysFromAFileAndTheEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "# policy signing keys\n\nteam-sg = " + SECRET_SG + "\nteam-th=" + SECRET_TH + "\n");
        PolicySignatures loaded = PolicySignatures.load(file.toString(), "team-jp=jp-secret,team-sg=" + SECRET_SG, List.of("team-sg", "team-jp"));
        assertThat(loaded.keyIds()).containsExactly("team-sg", "team-th", "team-jp");
        assertThat(loaded.verify("team-jp", PolicySignatures.sign("jp-secret", PACK), PACK)).isNull();
        assertThat(loaded.verify("team-sg", PolicySignatures.sign(SECRET_SG, PACK), PACK)).isNull();
        assertThat(loaded.verify("team-th", PolicySignatures.sign(SECRET_TH, PACK), PACK)).isEqualTo("key id 'team-th' is not allowed");
        assertThat(PolicySignatures.load(null, "a=b", null).keyIds()).containsExactly("a");
    }

    @Test
    void secretsAppearInNoMessageAndNoToString(@TempDir Path dir) throws Exception {
        assertThat(KEYS.toString()).contains("team-sg").doesNotContain(SECRET_SG).doesNotContain(SECRET_TH);
        Path file = dir.resolve("keys");
        Files.writeString(file, "team-sg=" + SECRET_SG + "\n" + SECRET_TH + "\n");
        assertThatThrownBy(() -> PolicySignatures.load(file.toString(), null, null))
                .hasMessage(file + ":2: not keyId=secret")
                .hasMessageNotContaining(SECRET_TH);
        Files.writeString(file, "team-sg=" + SECRET_SG + "\nteam-sg=" + SECRET_TH + "\n");
        assertThatThrownBy(() -> PolicySignatures.load(file.toString(), null, null))
                .hasMessage(file + ":2: key id 'team-sg' is defined twice");
        assertThatThrownBy(() -> PolicySignatures.load(file.toString().replace("keys", "missing"), null, null))
                .hasMessageNotContaining(SECRET_SG);
        assertThatThrownBy(() -> PolicySignatures.load(null, "team-sg=" + SECRET_SG + ",oops" + SECRET_TH, null))
                .hasMessage("SHOPWATCH_POLICY_KEYS entry 2: not keyId=secret");
        assertThatThrownBy(() -> PolicySignatures.load(null, "x" + SECRET_SG + " y=" + SECRET_TH, null))
                .hasMessageNotContaining(SECRET_SG).hasMessageNotContaining(SECRET_TH);
        Files.writeString(file, "team-sg=" + SECRET_SG + "\n");
        assertThatThrownBy(() -> PolicySignatures.load(file.toString(), "team-sg=" + SECRET_TH, null))
                .hasMessageContaining("key id 'team-sg' has two different secrets")
                .hasMessageNotContaining(SECRET_SG).hasMessageNotContaining(SECRET_TH);
    }
}
