package com.shopwatch.pipeline.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ValueState;
import org.junit.jupiter.api.Test;

class HotValueStateTest {
    /** A state backend of one value state: a map by current key, with every call it gets logged. */
    private static final class Backend implements ValueState<String> {
        final Map<String, String> values = new HashMap<>();
        final List<String> calls = new ArrayList<>();
        String currentKey;

        @Override
        public String value() {
            calls.add("read " + currentKey);
            return values.get(currentKey);
        }

        @Override
        public void update(String value) {
            calls.add("write " + currentKey + "=" + value);
            values.put(currentKey, value);
        }

        @Override
        public void clear() {
            calls.add("clear " + currentKey);
            values.remove(currentKey);
        }

        /** What the operator does before a key's value is read or written. */
        HotValueState<String> hot(int maxKeys) {
            return new HotValueState<>(this, maxKeys);
        }

        void at(String key) {
            currentKey = key;
        }
    }

    @Test
    void changesStayOnTheHeapUntilWrittenBackAndThenTheBackendHasThem() throws Exception {
        Backend b = new Backend();
        b.values.put("k1", "old");
        HotValueState<String> s = b.hot(100);
        b.at("k1");
        assertThat(s.value("k1", false)).isEqualTo("old");
        s.update("k1", "v1");
        s.update("k1", "v2");
        assertThat(s.value("k1", false)).isEqualTo("v2");
        b.at("k2");
        assertThat(s.value("k2", true)).isNull();           // known absent: not read
        s.update("k2", "w");
        assertThat(b.calls).containsExactly("read k1");
        assertThat(b.values).containsOnly(Map.entry("k1", "old"));
        b.at("elsewhere");
        s.writeBack(b::at);
        assertThat(b.values).containsOnly(Map.entry("k1", "v2"), Map.entry("k2", "w"));
        assertThat(b.calls).containsExactly("read k1", "write k1=v2", "write k2=w");
        assertThat(s.size()).isEqualTo(2);                   // changed lately: still held
        b.at("k1");
        assertThat(s.value("k1", false)).isEqualTo("v2");
        s.update("k1", "v3");
        s.writeBack(b::at);                                  // k2 unchanged since the last one: let go of
        assertThat(s.size()).isEqualTo(1);
        assertThat(b.calls).endsWith("write k1=v3");
        b.at("k2");
        assertThat(s.value("k2", false)).isEqualTo("w");     // asks the backend again
        assertThat(b.calls).last().isEqualTo("read k2");
        s.writeBack(b::at);
        s.writeBack(b::at);
        assertThat(s.size()).isZero();
    }

    @Test
    void aKeyMadeAndClearedBetweenWriteBacksNeverReachesTheBackend() throws Exception {
        Backend b = new Backend();
        HotValueState<String> s = b.hot(100);
        b.at("new");
        assertThat(s.value("new", false)).isNull();
        s.update("new", "x");
        s.update("new", "y");
        s.clear("new");
        assertThat(s.value("new", true)).isNull();
        s.writeBack(b::at);
        assertThat(b.calls).containsExactly("read new");
        assertThat(b.values).isEmpty();
    }

    @Test
    void aClearOfAValueTheBackendMayHaveReachesItAtOnce() throws Exception {
        Backend b = new Backend();
        b.values.put("a", "1");
        b.values.put("b", "2");
        b.values.put("c", "3");
        HotValueState<String> s = b.hot(100);
        b.at("a");
        s.value("a", false);
        s.clear("a");                                        // read from the backend
        assertThat(s.value("a", true)).isNull();
        b.at("b");
        s.clear("b");                                        // never read: the backend may have it
        b.at("c");
        s.value("c", true);
        s.update("c", "33");
        s.writeBack(b::at);                                  // now in the backend
        b.at("c");
        s.clear("c");
        assertThat(b.values).isEmpty();
        assertThat(b.calls).containsExactly("read a", "clear a", "clear b", "write c=33", "clear c");
        assertThat(s.size()).isZero();
    }

    @Test
    void overItsBoundItWritesBackAndLetsGoOfTheEldestKeys() throws Exception {
        Backend b = new Backend();
        HotValueState<String> s = b.hot(8);
        for (int i = 0; i < 9; i++) {
            b.at("k" + i);
            s.value("k" + i, true);
            s.update("k" + i, "v" + i);
        }
        assertThat(s.overBound()).isTrue();
        s.shed(b::at);
        assertThat(s.size()).isEqualTo(6);                   // a quarter below the bound
        assertThat(b.values).containsOnlyKeys("k0", "k1", "k2");
        b.at("k0");
        assertThat(s.value("k0", false)).isEqualTo("v0");    // read back from the backend
        b.at("k8");
        s.update("k8", "changed");
        s.writeBack(b::at);
        assertThat(b.values).hasSize(9).containsEntry("k8", "changed");
    }

    @Test
    void withNoKeysToHoldEveryReadAndChangeGoesToTheBackendAtOnce() throws Exception {
        Backend b = new Backend();
        HotValueState<String> s = b.hot(0);
        b.at("k");
        assertThat(s.value("k", false)).isNull();
        s.update("k", "v");
        assertThat(s.value("k", true)).isNull();             // known absent: not asked
        assertThat(s.value("k", false)).isEqualTo("v");
        s.clear("k");
        assertThat(b.calls).containsExactly("read k", "write k=v", "read k", "clear k");
        assertThat(s.size()).isZero();
        assertThat(s.overBound()).isFalse();
    }
}
