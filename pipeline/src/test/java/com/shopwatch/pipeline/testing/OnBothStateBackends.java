package com.shopwatch.pipeline.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Base of the keyed operators' harness tests: JUnit runs every test of a subclass twice, on the
 * heap and on RocksDB ({@link StateBackends}); harnesses built through StateBackends or
 * DetectorFixtures pick the run's backend.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(StateBackends.Kind.class)
public abstract class OnBothStateBackends {
    @Parameter
    protected StateBackends.Kind stateBackend;

    @BeforeEach
    void useStateBackend() {
        StateBackends.use(stateBackend);
    }

    @AfterEach
    void resetStateBackend() {
        StateBackends.use(StateBackends.Kind.HASHMAP);
    }
}
