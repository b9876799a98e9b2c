package com.shopwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyedStateIndexTest {
    @Test
    void aSubtaskThatStartedEmptyKnowsWhichKeysHaveNoState() {
        KeyedStateIndex index = new KeyedStateIndex(true, 10);
        assertThat(index.certainlyWithout("a")).isTrue();
        index.written("a", 100);
        assertThat(index.certainlyWithout("a")).isFalse();
        assertThat(index.time("a")).isEqualTo(100);
        index.cleared("a");
        assertThat(index.certainlyWithout("a")).isTrue();
        assertThat(index.time("a")).isEqualTo(KeyedStateIndex.UNKNOWN);
    }

    @Test
    void afterARestoreAbsenceProvesNothingButWhatItNamesIsKnown() {
        KeyedStateIndex index = new KeyedStateIndex(false, 10);
        assertThat(index.certainlyWithout("restored")).isFalse();
        index.written("b", 7);
        assertThat(index.time("b")).isEqualTo(7);
        assertThat(index.certainlyWithout("b")).isFalse();
    }

    @Test
    void aKeyWhoseStateDecidesNothingIsStillKnownToHaveState() {
        KeyedStateIndex index = new KeyedStateIndex(true, 10);
        index.written("c", 5);
        index.written("c", KeyedStateIndex.UNKNOWN);
        assertThat(index.time("c")).isEqualTo(KeyedStateIndex.UNKNOWN);
        assertThat(index.certainlyWithout("c")).isFalse();
    }

    @Test
    void outgrowingItsCapacityEndsCompletenessButKeepsTheKeysItNames() {
        KeyedStateIndex index = new KeyedStateIndex(true, 2);
        index.written("a", 1);
        index.written("b", 2);
        assertThat(index.complete()).isTrue();
        index.written("a", 3); // a known key: still room
        assertThat(index.complete()).isTrue();
        index.written("c", 4); // a third key: not indexed, so absence no longer proves anything
        assertThat(index.complete()).isFalse();
        assertThat(index.size()).isEqualTo(2);
        assertThat(index.certainlyWithout("c")).isFalse();
        assertThat(index.certainlyWithout("d")).isFalse();
        assertThat(index.time("a")).isEqualTo(3);
        assertThat(index.time("c")).isEqualTo(KeyedStateIndex.UNKNOWN);
    }
}
