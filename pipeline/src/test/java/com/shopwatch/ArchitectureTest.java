package com.shopwatch;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The layering ARCHITECTURE.md describes, checked over the compiled main classes of every module:
 * no import loop between any two packages, and each package depends only on the packages below
 * it. A new package must be given its place here (and in ARCHITECTURE.md).
 */
class ArchitectureTest {
    private static final String ROOT = "com.shopwatch";

    /** Package (relative to com.shopwatch) → the Shopwatch packages it may use, bottom up. */
    private static final Map<String, List<String>> MAY_USE = new LinkedHashMap<>();

    static {
        // udfs: the engine
        layer("output");
        layer("model", "output");
        layer("text");
        layer("decode", "model", "text", "output");
        layer("policy", "model", "text", "output");
        layer("detect", "model", "policy", "text");
        layer("review", "model");
        layer("feedback", "model", "review");
        layer("metrics", "model", "decode");
        layer("backtest", "model", "review", "output");
        // generator: synthetic traffic stands alone; the bench drives the engine with it
        layer("generate");
        layer("bench", "generate", "model", "decode", "policy");
        // pipeline: the Flink job
        List<String> engine = List.of("output", "model", "text", "decode", "policy", "detect", "review", "feedback", "metrics",
                "backtest");
        layer("pipeline.options", engine);
        layer("pipeline.types", engine);
        layer("pipeline.sources", engine, "pipeline.options", "pipeline.types", "generate");
        layer("pipeline.sinks", engine, "pipeline.options");
        layer("pipeline.policies", engine);
        layer("pipeline.metrics", engine);
        layer("pipeline.detectors", engine, "pipeline.policies", "pipeline.types");
        layer("pipeline.tasks", engine, "pipeline.metrics", "pipeline.types");
        layer("pipeline.feedback", engine, "pipeline.policies");
        layer("pipeline", engine, "generate", "pipeline.options", "pipeline.types", "pipeline.sources", "pipeline.sinks",
                "pipeline.policies", "pipeline.metrics", "pipeline.detectors", "pipeline.tasks", "pipeline.feedback");
        // the backtest launches the job (it sits above it) with the job's sources and sinks
        layer("pipeline.backtest", engine, "pipeline", "pipeline.options", "pipeline.sources", "pipeline.sinks");
    }

    private static void layer(String pkg, Object... mayUse) {
        List<String> uses = new java.util.ArrayList<>();
        for (Object o : mayUse) {
            if (o instanceof List<?> l) {
                l.forEach(x -> uses.add((String) x));
            } else {
                uses.add((String) o);
            }
        }
        MAY_USE.put(pkg, uses);
    }

    /** Main classes only: tests may reach across layers to set things up. */
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages(ROOT);

    @Test
    void everyModuleIsImported() {
        Set<String> packages = packages();
        assertThat(packages).contains("model", "policy", "generate", "pipeline", "pipeline.detectors");
        assertThat(CLASSES.size()).isGreaterThan(150);
    }

    @Test
    void everyPackageHasItsPlaceInTheLayering() {
        assertThat(MAY_USE.keySet()).as("packages missing from the layering").containsAll(packages());
    }

    @Test
    void noImportLoopBetweenPackages() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void eachPackageUsesOnlyThePackagesBelowIt() {
        MAY_USE.forEach((pkg, uses) -> {
            Set<String> allowed = new TreeSet<>(uses);
            allowed.add(pkg);
            classes().that().resideInAPackage(ROOT + "." + pkg)
                    .should().onlyDependOnClassesThat(describe("outside Shopwatch or in " + allowed,
                            (JavaClass c) -> !c.getPackageName().startsWith(ROOT + ".")
                                    || allowed.contains(c.getPackageName().substring(ROOT.length() + 1))))
                    .allowEmptyShould(false)
                    .check(CLASSES);
        });
    }

    private static Set<String> packages() {
        return CLASSES.stream().map(JavaClass::getPackageName)
                .filter(p -> p.startsWith(ROOT + "."))
                .map(p -> p.substring(ROOT.length() + 1))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
