package org.ordersaga.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ordersaga.chassis.chaos.FaultInjector;
import org.ordersaga.chassis.messaging.violation.MessagingUsingFaults;
import org.ordersaga.chassis.violation.ChassisUsingOrder;
import org.ordersaga.inventory.domain.ReservationState;
import org.ordersaga.order.config.OrderMode;
import org.ordersaga.order.rest.OrderAccepted;
import org.ordersaga.order.service.violation.ServiceUsingRestType;
import org.ordersaga.order.violation.OrderUsingInventory;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Each rule of {@link ArchitectureTest} finds a violation when there is one: it is checked against a class of this
 * module's tests that breaks it on purpose (ArchitectureTest itself leaves this module's test classes out). A rule
 * that matched nothing, after a package was renamed, would otherwise pass for good.
 */
class ArchitectureRulesCatchViolationsTest {

    @Test
    void aServiceClassUsingARestTypeIsCaught() {
        assertCaught(ArchitectureTest.noPackageBelowRestImportsRest, ServiceUsingRestType.class, OrderAccepted.class);
    }

    @Test
    void messagingUsingFaultInjectionIsCaught() {
        assertCaught(ArchitectureTest.messagingImportsNoFaultInjection, MessagingUsingFaults.class,
                FaultInjector.class);
    }

    @Test
    void aServiceUsingAnotherServicesClassIsCaught() {
        assertCaught(ArchitectureTest.noServiceImportsAnother, OrderUsingInventory.class, ReservationState.class);
    }

    @Test
    void theChassisUsingAServiceClassIsCaught() {
        assertCaught(ArchitectureTest.chassisImportsNoService, ChassisUsingOrder.class, OrderMode.class);
    }

    /** The offender and what it uses, imported alone: the rule must report the offender. */
    private static void assertCaught(ArchRule rule, Class<?> offender, Class<?> used) {
        var result = rule.evaluate(new ClassFileImporter().importClasses(offender, used));
        assertThat(result.hasViolation()).as("%s breaks: %s", offender.getSimpleName(), rule.getDescription())
                .isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(line -> line.contains(offender.getName()));
    }
}
