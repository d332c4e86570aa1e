package org.ordersaga.systemtests.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ordersaga.bench.compare.CompareSettings;
import org.ordersaga.bench.compare.ComparisonBench;
import org.ordersaga.bench.compare.Mode;
import org.ordersaga.bench.compare.Scenario;
import org.ordersaga.testsupport.PlatformProcess;
import org.ordersaga.testsupport.browser.HeadlessChromium;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The comparison bench's short mode on one fresh stack (issue 6): every scenario in both modes; neither mode leaves an
 * inconsistency across the services' data under any fault, nor both at once on one deployment (mixed, issue 17); the
 * async mode accepts every order while payment is down; the report's plots render in a real browser.
 */
class ComparisonBenchIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path reportDir;
    private static JsonNode report;

    @BeforeAll
    static void runShortComparison() throws Exception {
        Path target = PlatformProcess.projectRoot().resolve("system-tests/target");
        reportDir = ComparisonBench.run(CompareSettings.parse("--short", "--service-port-offset", "5000",
                "--data-dir", target.resolve("comparison-bench-stack").toString(),
                "--out", target.resolve("comparison-report").toString()), System.out);
        report = JSON.readTree(reportDir.resolve("report.json").toFile());
    }

    @Test
    void everyScenarioRanInBothModes() {
        assertThat(report.path("runs")).hasSize(Scenario.comparison().size() * Mode.values().length);
        for (JsonNode run : report.path("runs")) {
            String label = run.path("scenario").asText() + " " + run.path("mode").asText();
            assertThat(run.path("offered").asInt()).as("%s offered", label).isPositive();
            assertThat(run.path("completed").asInt()).as("%s decided some orders", label).isPositive();
            assertThat(run.path("paymentCallsPerOrder").asDouble()).as("%s payment calls per order", label)
                    .isBetween(0.0, 10.0);
        }
    }

    /**
     * Issue 6, acceptance 3: the invariant checker finds nothing in either mode. For the sync chain this rests on the
     * participants refusing a late reserve/authorize after its compensation, and on order-service's recovery sweep
     * finishing chains that stopped past the pivot or within their compensation.
     */
    @Test
    void neitherModeLeavesAnInconsistencyUnderAnyFault() {
        for (JsonNode run : report.path("runs")) {
            assertThat(run.path("inconsistent").asInt()).as("%s %s: %s", run.path("mode").asText(),
                    run.path("scenario").asText(), run.path("violations")).isZero();
        }
    }

    @Test
    void asyncAcceptsEveryOrderWhilePaymentIsDown() {
        JsonNode asyncPaymentDown = run("payment-down", "async");
        assertThat(asyncPaymentDown.path("acceptedPercent").asDouble()).isEqualTo(100.0);
        assertThat(asyncPaymentDown.path("completedPercent").asDouble()).as("every order decided after the drain")
                .isEqualTo(100.0);
        // The same fault costs the sync chain: orders that could be approved are rejected or fail.
        JsonNode syncPaymentDown = run("payment-down", "sync");
        assertThat(syncPaymentDown.path("rejectedUnexpectedly").asInt() + syncPaymentDown.path("clientErrors").asInt())
                .isPositive();
    }

    /**
     * Issue 17, acceptance 2: both shapes on one deployment at once (the rollout switch at 50 %) leave nothing for the
     * checker, which covers both modes' orders together; each mode got some of them.
     */
    @Test
    void bothModesAtOnceOnOneDeploymentAreConsistent() {
        JsonNode sync = run("mixed", "sync");
        JsonNode async = run("mixed", "async");
        assertThat(sync.path("offered").asInt()).as("orders the switch sent down the chain").isPositive();
        assertThat(async.path("offered").asInt()).as("orders the switch sent through the saga").isPositive();
        assertThat(sync.path("offered").asInt() + async.path("offered").asInt())
                .isEqualTo(report.path("rate").asInt() * report.path("scenarioSeconds").asInt());
        // The checker counts an order left PENDING too, so zero also means every order of either mode was decided.
        assertThat(sync.path("inconsistent").asInt() + async.path("inconsistent").asInt())
                .as("%s %s", sync.path("violations"), async.path("violations")).isZero();
    }

    @Test
    void reportPlotsRenderInABrowser() throws Exception {
        Path screenshot = PlatformProcess.projectRoot().resolve("system-tests/target/screenshots/comparison-report.png");
        Files.createDirectories(screenshot.getParent());
        try (HeadlessChromium browser = HeadlessChromium.launch(); var page = browser.newPage()) {
            page.navigate(reportDir.resolve("report.html").toUri().toString());
            page.waitFor("document.readyState === 'complete'", Duration.ofSeconds(30));
            // Three overview charts plus one latency plot per scenario, each with drawn paths of a real size.
            assertThat(page.evaluate("[...document.querySelectorAll('svg')].filter(svg => "
                    + "[...svg.querySelectorAll('path')].some(p => p.getBBox().width > 0)).length"))
                    .isEqualTo(String.valueOf(3 + Scenario.comparison().size()));
            assertThat(page.evaluate("document.querySelectorAll('svg path.series').length"))
                    .isEqualTo(String.valueOf(Scenario.comparison().size() * Mode.values().length));
            long faulted = Scenario.comparison().stream().filter(Scenario::hasFault).count();
            assertThat(page.evaluate("document.querySelectorAll('rect.fault-window').length"))
                    .isEqualTo(String.valueOf(faulted));
            page.screenshot(screenshot);
        }
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }

    private static JsonNode run(String scenario, String mode) {
        for (JsonNode run : report.path("runs")) {
            if (run.path("scenario").asText().equals(scenario) && run.path("mode").asText().equals(mode)) {
                return run;
            }
        }
        throw new AssertionError("no run " + scenario + " " + mode);
    }
}
