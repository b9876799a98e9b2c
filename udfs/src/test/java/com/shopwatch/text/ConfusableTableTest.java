package com.shopwatch.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The committed confusables table is exactly what ICU4J's data gives; rewrite it with -Dconfusables.write=true. */
class ConfusableTableTest {
    @Test
    void committedTableMatchesIcuData() throws Exception {
        String generated = new ConfusableTableGenerator().table();
        if (Boolean.getBoolean("confusables.write")) {
            Files.writeString(ConfusableTableGenerator.TABLE, generated, StandardCharsets.UTF_8);
        }
        String committed = Files.readString(ConfusableTableGenerator.TABLE, StandardCharsets.UTF_8);
        assertThat(committed)
                .as("confusables-latin.tsv is stale: run mvn -pl udfs test -Dtest=ConfusableTableTest -Dconfusables.write=true")
                .isEqualTo(generated);
        assertThat(ConfusableFolding.size()).isEqualTo(generated.lines().filter(l -> !l.startsWith("#")).count());
    }

    @Test
    void everyLookAlikeOfEveryLetterIsInTheTable() {
        LookAlikes.all().forEach((letter, alikes) -> {
            for (int cp : alikes) {
                String ascii = ConfusableFolding.asciiOf(cp);
                assertThat(ascii).as("U+%04X, a look-alike of %s", cp, letter).isNotNull();
                String expected = String.valueOf(letter);
                // 1, I, l and | share one skeleton (read as 1), as do 0 and O (read as 0)
                String shared = letter == 'i' || letter == 'l' ? "1" : letter == 'o' ? "0" : expected;
                assertThat(ascii).as("U+%04X", cp).isIn(expected, shared);
            }
        });
    }
}
