package dev.logq;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The module and package rules of docs/design.md, checked on the compiled main classes of every module
 * (this module's tests see them all): no package cycles, the store never reaches into the collector,
 * nothing outside the store uses its internals, logq and logq-perfmon stay small, and no type is public
 * that no other module uses, except in {@code internal} packages (OkHttp's rule: public there means
 * "shared between this module's packages", not API).
 */
class DependencyRulesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.logq");

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        slices().matching("dev.logq.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theStoreKnowsNothingOfTheCollectorTheCliOrTheAgent() {
        noClasses().that().resideInAPackage("dev.logq.store..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.logq.collector..", "dev.logq.cli..", "dev.logq.perfmon..")
                .check(MAIN);
    }

    @Test
    void onlyTheStoreUsesItsInternals() {
        noClasses().that().resideOutsideOfPackage("dev.logq.store..")
                .should().dependOnClassesThat().resideInAPackage("dev.logq.store.internal..")
                .check(MAIN);
    }

    @Test
    void theStoreModelIsPlainJavaSoLogqCanUseItWithoutTheStoresLibraries() {
        classes().that().resideInAPackage("dev.logq.store.model..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.logq.store.model..", "com.fasterxml.jackson.core..")
                .check(MAIN);
    }

    @Test
    void logqTalksHttpAndUsesOnlyTheStoreModel() {
        classes().that().resideInAPackage("dev.logq.cli..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.net..", "dev.logq.cli..", "dev.logq.store.model..",
                        "picocli..", "com.fasterxml.jackson.core..", "org.jfree..")
                .check(MAIN);
    }

    @Test
    void onlyPlotDrawsSoTheChartingLibraryLoadsOnlyForPlot() {
        noClasses().that().resideInAPackage("dev.logq.cli..").and().doNotHaveSimpleName("Plot")
                .should().dependOnClassesThat().resideInAnyPackage("org.jfree..", "java.awt..", "javax.imageio..")
                .check(MAIN);
    }

    @Test
    void theAgentUsesOnlyJacksonCore() {
        classes().that().resideInAPackage("dev.logq.perfmon..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.logq.perfmon..", "com.fasterxml.jackson.core..")
                .check(MAIN);
    }

    @Test
    void everyPublicTypeOutsideInternalPackagesIsUsedByAnotherModule() {
        TreeSet<String> unused = new TreeSet<>();
        for (JavaClass c : MAIN) {
            if (!c.getModifiers().contains(JavaModifier.PUBLIC) || c.getPackageName().contains(".internal")
                    || c.isAnonymousClass() || hasMain(c)) {
                continue;
            }
            String module = module(c);
            boolean usedElsewhere = c.getDirectDependenciesToSelf().stream()
                    .anyMatch(d -> !module(d.getOriginClass()).equals(module));
            if (!usedElsewhere) {
                unused.add(c.getName());
            }
        }
        assertEquals(List.of(), List.copyOf(unused), "public, but no other module uses them: make them package-private "
                + "or move them into an internal package");
    }

    /** The module a class belongs to: store, collector, cli or perfmon (the package after dev.logq). */
    private static String module(JavaClass c) {
        String[] parts = c.getPackageName().split("\\.");
        return parts.length > 2 ? parts[2] : "";
    }

    /** A program's entry point is public for the launcher, which names it in a shell script. */
    private static boolean hasMain(JavaClass c) {
        return c.getMethods().stream().anyMatch(m -> m.getName().equals("main") && m.getModifiers().contains(JavaModifier.STATIC));
    }
}
