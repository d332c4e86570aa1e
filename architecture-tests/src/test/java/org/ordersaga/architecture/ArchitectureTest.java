package org.ordersaga.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/** The services' and the chassis' main classes (their jars hold no test classes; this module's own are left out). */
@AnalyzeClasses(packages = "org.ordersaga", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Each service's root package under {@code org.ordersaga}. */
    private static final List<String> SERVICES =
            List.of("order", "inventory", "payment", "fulfillment", "notification", "orchestrator");
    /** A service's packages below its REST resources. */
    private static final List<String> BELOW_REST = List.of("service", "domain", "persistence", "messaging", "client");

    @ArchTest
    static final ArchRule noPackageBelowRestImportsRest = noClasses()
            .that().resideInAnyPackage(inEachService(BELOW_REST))
            .should().dependOnClassesThat().resideInAnyPackage(inEachService(List.of("rest")))
            .because("a service's dependencies go rest -> service: a service returns domain values and its resource"
                    + " maps them to what it answers");

    @ArchTest
    static final ArchRule messagingImportsNoFaultInjection = noClasses()
            .that().resideInAnyPackage("org.ordersaga.chassis.messaging..", "org.ordersaga.chassis.inbox..",
                    "org.ordersaga.chassis.outbox..")
            .should().dependOnClassesThat().resideInAPackage("org.ordersaga.chassis.chaos..")
            .because("fault injection hooks into the message pipeline (messaging.BeforeMessageHook), which does not"
                    + " know it");

    @ArchTest
    static final ArchRule noServiceImportsAnother = slices().assignedFrom(new ByService()).should()
            .notDependOnEachOther()
            .because("services share the chassis and the contracts only; they talk over REST and Kafka");

    @ArchTest
    static final ArchRule chassisImportsNoService = noClasses()
            .that().resideInAnyPackage("org.ordersaga.chassis..", "org.ordersaga.participant..")
            .should().dependOnClassesThat().resideInAnyPackage(anyService())
            .because("every service builds on the chassis, and the participants on the participant module too");

    /** {@code org.ordersaga.<service>.<sub>..} for every service and each of {@code subs}. */
    private static String[] inEachService(List<String> subs) {
        return SERVICES.stream().flatMap(service -> subs.stream().map(sub -> root(service) + "." + sub + ".."))
                .toArray(String[]::new);
    }

    private static String[] anyService() {
        return SERVICES.stream().map(service -> root(service) + "..").toArray(String[]::new);
    }

    private static String root(String service) {
        return "org.ordersaga." + service;
    }

    /** One slice per service; the chassis, the participant module and the contracts, which all may use, are in none. */
    private static final class ByService implements SliceAssignment {

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            return SERVICES.stream()
                    .filter(service -> (name + ".").startsWith(root(service) + "."))
                    .findFirst().map(SliceIdentifier::of).orElseGet(SliceIdentifier::ignore);
        }

        @Override
        public String getDescription() {
            return "the six services " + SERVICES;
        }
    }
}
