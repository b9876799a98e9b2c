package com.shopwatch.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/** The bundled packs (config/policies), compiled, for tests of every module that need them. */
public final class BundledPacks {
    private BundledPacks() {}

    /** The compiled set; fails the test when the packs do not load. */
    public static CompiledPolicySet compiled() {
        PolicyLoader.Result r = PolicyLoader.load(PolicyLoader.readDirectory(Path.of("../config/policies")));
        assertThat(r.errors()).isEmpty();
        return r.policies();
    }
}
