package dev.prodguard.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package layers that docs/architecture.md ("Layers") states, checked on the compiled main classes: the
 * entry point on top, then the demo and the bench (leaves only the entry point names), then the commands and
 * the web layer, then the services, then the foundation. Nothing below imports anything above, no two
 * packages import each other (directly or round a longer loop), and every class belongs to a layer, so a
 * new package has to be placed here on purpose.
 */
class LayersTest {
    private static final String ROOT = "dev.prodguard";
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        // main classes only, whatever the build directory is called (-Dpg.build.dir=target-x builds side by side;
        // ArchUnit's own DO_NOT_INCLUDE_TESTS knows only .../target/test-classes)
        ImportOption mainOnly = location -> !location.contains("/test-classes/");
        classes = new ClassFileImporter().withImportOption(mainOnly).importPackages(ROOT);
    }

    @Test
    void nothingBelowImportsAnythingAbove() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .ensureAllClassesAreContainedInArchitecture()
                .layer("entry point").definedBy(ROOT)
                .layer("demo").definedBy(ROOT + ".demo..")
                .layer("bench").definedBy(ROOT + ".bench..")
                .layer("commands and web").definedBy(packages("cli", "web", "http"))
                .layer("services").definedBy(packages("doctor", "gate", "checklist", "scan", "roles", "alert", "monitor",
                        "status", "cost", "snapshot", "capture", "restore", "replay", "verify", "retention", "export", "guardian",
                        "dataset", "devdb", "report"))
                .layer("foundation").definedBy(packages("repo", "connect", "config", "error", "state", "text"))
                .whereLayer("entry point").mayNotBeAccessedByAnyLayer()
                .whereLayer("demo").mayOnlyBeAccessedByLayers("entry point")
                .whereLayer("bench").mayOnlyBeAccessedByLayers("entry point")
                .whereLayer("commands and web").mayOnlyBeAccessedByLayers("entry point", "demo", "bench")
                .whereLayer("services").mayOnlyBeAccessedByLayers("entry point", "demo", "bench", "commands and web")
                .check(classes);
    }

    @Test
    void theWebLayerCallsServicesNotCommands() {
        noClasses().that().resideInAnyPackage(packages("web", "http")).should().dependOnClassesThat()
                .resideInAPackage(ROOT + ".cli..")
                .because("the web layer and the commands share services; neither holds logic the other lacks")
                .check(classes);
    }

    @Test
    void theHttpServerKnowsNothingOfTheGuardian() {
        noClasses().that().resideInAPackage(ROOT + ".http..").should().dependOnClassesThat()
                .resideInAnyPackage(packages("web", "guardian"))
                .check(classes);
    }

    @Test
    void noTwoPackagesImportEachOther() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    private static String[] packages(String... names) {
        String[] out = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = ROOT + "." + names[i] + "..";
        }
        return out;
    }
}
