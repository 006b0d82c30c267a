package dev.logremediation.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

/**
 * The packages' one-way flow of docs/architecture.md ("Packages"): poll (loki) → detect → incident → notify →
 * remediate → verify, with report after them, state below the stages it stores for (it implements what they declare,
 * e.g. loki's Cursors, remediate's FollowBudget, report's Timeline), text and config under everything, oncall (who is
 * on call, the loop of acknowledgements, reminders and escalation) after notify, stored by state and wired by cli, sandbox for the
 * demo and the tests only, and cli, which wires everything, used by nothing.
 */
@AnalyzeClasses(packages = "dev.logremediation", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageFlowTest {

    @ArchTest
    static final ArchRule packagesFlowOneWay = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("text").definedBy("dev.logremediation.text..")
            .layer("config").definedBy("dev.logremediation.config..")
            .layer("cluster").definedBy("dev.logremediation.cluster..")
            .layer("loki").definedBy("dev.logremediation.loki..")
            .layer("detect").definedBy("dev.logremediation.detect..")
            .layer("incident").definedBy("dev.logremediation.incident..")
            .layer("oncall").definedBy("dev.logremediation.oncall..")
            .layer("notify").definedBy("dev.logremediation.notify..")
            .layer("remediate").definedBy("dev.logremediation.remediate..")
            .layer("verify").definedBy("dev.logremediation.verify..")
            .layer("report").definedBy("dev.logremediation.report..")
            .layer("state").definedBy("dev.logremediation.state..")
            .layer("observe").definedBy("dev.logremediation.observe..")
            .layer("sandbox").definedBy("dev.logremediation.sandbox..")
            .layer("cli").definedBy("dev.logremediation.cli..")
            .whereLayer("text").mayNotAccessAnyLayer()
            .whereLayer("config").mayOnlyAccessLayers("text")
            .whereLayer("cluster").mayOnlyAccessLayers("text", "config")
            .whereLayer("loki").mayOnlyAccessLayers("text", "config")
            .whereLayer("detect").mayOnlyAccessLayers("text", "config", "loki")
            // the on-call loop pages with notify's emails and holds with its silences
            .whereLayer("oncall").mayOnlyAccessLayers("text", "config", "incident", "notify")
            .whereLayer("oncall").mayOnlyBeAccessedByLayers("state", "observe", "cli")
            .whereLayer("incident").mayOnlyAccessLayers("text", "config", "detect", "state")
            // notify renders every message, the remediation's outcome from a summary that remediate builds
            .whereLayer("notify").mayOnlyAccessLayers("text", "config", "loki", "detect", "incident")
            .whereLayer("remediate").mayOnlyAccessLayers("text", "config", "detect", "incident", "notify", "verify", "report",
                    "state")
            .whereLayer("verify").mayOnlyAccessLayers("text", "config", "detect")
            .whereLayer("report").mayOnlyAccessLayers("text", "config", "detect", "incident", "notify", "remediate", "verify")
            .whereLayer("state").mayOnlyAccessLayers("text", "config", "loki", "notify", "oncall", "remediate", "report")
            .whereLayer("observe").mayOnlyAccessLayers("text", "config", "cluster", "loki", "detect", "incident", "notify",
                    "oncall", "remediate", "verify", "report", "state")
            .whereLayer("sandbox").mayOnlyAccessLayers("loki")
            .whereLayer("sandbox").mayOnlyBeAccessedByLayers("cli")
            .whereLayer("cli").mayNotBeAccessedByAnyLayer();

    /** The loki ↔ state cycle stays gone: loki declares Cursors, state implements it. */
    @ArchTest
    static final ArchRule lokiNeedsNothingOfState = noClasses().that().resideInAPackage("..loki..")
            .should().dependOnClassesThat().resideInAPackage("..state..");

    /** remediate hands messages on (the outcome's RemediationSummary and RemediationEmail) but borrows no text helper of notify. */
    @ArchTest
    static final ArchRule remediateBorrowsNoTextHelperOfNotify = noClasses().that().resideInAPackage("..remediate..")
            .should().dependOnClassesThat(resideInAPackage("..notify..")
                    .and(simpleName("OutgoingEmail").or(simpleName("OutgoingMessage"))
                            .or(simpleName("RemediationEmail")).or(nameMatching(".*\\.RemediationSummary(\\$.*)?"))
                            .negate()));
}
