package com.shopwatch.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignPolicyTest {
    private static final String SECRET = "a-long-random-secret-for-team-sg-0001";

    @Test
    void printsTheHeadersThatTheJobVerifies(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys");
        Files.writeString(keys, "team-sg=" + SECRET + "\nother=x\n");
        Path pack = dir.resolve("sg.yaml");
        Files.writeString(pack, "pack: SG\nversion: \"7\"\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SignPolicy.run(new String[] {"--key-id", "team-sg", "--key-file", keys.toString(), pack.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).doesNotContain(SECRET).contains("record key: sg.yaml").contains("shopwatch-key-id: team-sg\n");
        String signature = printed.lines().filter(l -> l.startsWith("shopwatch-signature: ")).findFirst().orElseThrow()
                .substring("shopwatch-signature: ".length());
        PolicySignatures verifier = PolicySignatures.load(keys.toString(), null, null);
        assertThat(verifier.verify("team-sg", signature, Files.readAllBytes(pack))).isNull();
    }

    @Test
    void signsADeletionAndRefusesAnUnknownKeyId(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys");
        Files.writeString(keys, "team-sg=" + SECRET + "\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(SignPolicy.run(new String[] {"--key-id", "team-sg", "--key-file", keys.toString(), "--delete", "sg.yaml"}, o, e)).isZero();
        String signature = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("shopwatch-signature: "))
                .findFirst().orElseThrow().substring("shopwatch-signature: ".length());
        assertThat(PolicySignatures.load(keys.toString(), null, null)
                .verify("team-sg", signature, PolicySignatures.deletionMessage("sg.yaml"))).isNull();
        assertThat(SignPolicy.run(new String[] {"--key-id", "team-th", "--key-file", keys.toString(), "--delete", "sg.yaml"}, o, e)).isEqualTo(2);
        assertThat(SignPolicy.run(new String[] {"--key-id", "team-sg", "sg.yaml"}, o, e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain(SECRET).contains("no key id 'team-th'").contains("usage:");
    }
}
