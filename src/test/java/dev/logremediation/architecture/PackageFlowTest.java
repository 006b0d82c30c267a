package dev.logremediation.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

/**
 * The packages' one-way flow of docs/architecture.md ("Packages"): poll (loki) → detect → incident → notify →
 * remediate → verify, with report after them, state below the stages it stores for (it implements what they declare,
 * e.g. loki's Cursors, remediate's FollowBudget, report's Timeline), config under everything, sandbox for the demo and
 * the tests only, and cli, which wires everything, used by nothing.
 */
@AnalyzeClasses(packages = "dev.logremediation", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageFlowTest {

    /**
     * verify/RemediationEmail renders the remediation's outcome from remediate's types; it moves to notify (#15, the
     * templates branch), after which verify needs neither notify nor remediate. Delete this exception then.
     */
    private static final com.tngtech.archunit.base.DescribedPredicate<JavaClass> REMEDIATION_EMAIL_IN_VERIFY =
            describe("verify.RemediationEmail (moving to notify)",
                    c -> c.getPackageName().endsWith(".verify") && c.getSimpleName().startsWith("RemediationEmail"));

    @ArchTest
    static final ArchRule packagesFlowOneWay = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("config").definedBy("dev.logremediation.config..")
            .layer("cluster").definedBy("dev.logremediation.cluster..")
            .layer("loki").definedBy("dev.logremediation.loki..")
            .layer("detect").definedBy("dev.logremediation.detect..")
            .layer("incident").definedBy("dev.logremediation.incident..")
            .layer("notify").definedBy("dev.logremediation.notify..")
            .layer("remediate").definedBy("dev.logremediation.remediate..")
            .layer("verify").definedBy("dev.logremediation.verify..")
            .layer("report").definedBy("dev.logremediation.report..")
            .layer("state").definedBy("dev.logremediation.state..")
            .layer("observe").definedBy("dev.logremediation.observe..")
            .layer("sandbox").definedBy("dev.logremediation.sandbox..")
            .layer("cli").definedBy("dev.logremediation.cli..")
            .whereLayer("config").mayNotAccessAnyLayer()
            .whereLayer("cluster").mayOnlyAccessLayers("config")
            .whereLayer("loki").mayOnlyAccessLayers("config")
            .whereLayer("detect").mayOnlyAccessLayers("config", "loki")
            .whereLayer("incident").mayOnlyAccessLayers("config", "detect", "state")
            // notify renders every message, the remediation's outcome included
            .whereLayer("notify").mayOnlyAccessLayers("config", "loki", "detect", "incident", "remediate", "verify")
            .whereLayer("remediate").mayOnlyAccessLayers("config", "detect", "incident", "notify", "verify", "report",
                    "state")
            .whereLayer("verify").mayOnlyAccessLayers("config", "detect")
            .whereLayer("report").mayOnlyAccessLayers("config", "detect", "incident", "notify", "remediate", "verify")
            .whereLayer("state").mayOnlyAccessLayers("config", "loki", "notify", "remediate", "report")
            .whereLayer("observe").mayOnlyAccessLayers("config", "cluster", "loki", "detect", "incident", "notify",
                    "remediate", "verify", "report", "state")
            .whereLayer("sandbox").mayOnlyAccessLayers("loki")
            .whereLayer("sandbox").mayOnlyBeAccessedByLayers("cli")
            .whereLayer("cli").mayNotBeAccessedByAnyLayer()
            .ignoreDependency(REMEDIATION_EMAIL_IN_VERIFY, resideInAnyPackage("..notify..", "..remediate.."));

    /** The loki ↔ state cycle stays gone: loki declares Cursors, state implements it. */
    @ArchTest
    static final ArchRule lokiNeedsNothingOfState = noClasses().that().resideInAPackage("..loki..")
            .should().dependOnClassesThat().resideInAPackage("..state..");

    /**
     * remediate hands emails on (OutgoingEmail, the outcome's RemediationEmail) but borrows no text helper of notify.
     * remediate/FactoryAnswer still calls IncidentEmail.oneLine until the text helpers are one piece (#15, the
     * templates branch); delete that exception then.
     */
    @ArchTest
    static final ArchRule remediateBorrowsNoTextHelperOfNotify = noClasses().that().resideInAPackage("..remediate..")
            .and(describe("are not FactoryAnswer (pending the text helpers' move)",
                    c -> !c.getName().startsWith("dev.logremediation.remediate.FactoryAnswer")))
            .should().dependOnClassesThat(resideInAPackage("..notify..")
                    .and(simpleName("OutgoingEmail").or(simpleName("RemediationEmail")).negate()));
}
