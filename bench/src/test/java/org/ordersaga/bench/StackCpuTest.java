package org.ordersaga.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.ordersaga.bench.StackCpu.Proc;
import org.ordersaga.bench.StackCpu.Stat;

class StackCpuTest {

    @Test
    void parsesThisProcesssOwnStatLine() throws Exception {
        Path self = Path.of("/proc/self/stat");
        assumeTrue(Files.isReadable(self), "Linux only");
        Stat stat = Stat.parse(Files.readString(self, StandardCharsets.ISO_8859_1));
        assertThat(stat.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(stat.ppid()).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
        assertThat(stat.comm()).isNotBlank();
        assertThat(stat.ticks()).isNotNegative();
    }

    @Test
    void commMayHoldSpacesAndParentheses() {
        // Fields 14 to 17 (utime, stime, cutime, cstime) are 250, 50, 7 and 3.
        Stat stat = Stat.parse("4242 (my (odd) ) java) S 17 4242 4242 0 -1 4194304 100 0 0 0 250 50 7 3 20 0 30 0 "
                + "123456 4096 512 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n");
        assertThat(stat).isEqualTo(new Stat(4242, "my (odd) ) java", 17, 310));
    }

    @Test
    void namesProcessesByTheirCommandLine() {
        assertThat(StackCpu.nameOf(List.of("/jdk/bin/java", "-Xmx384m", "-jar",
                "/src/order-service/target/quarkus-app/quarkus-run.jar"), "java")).isEqualTo("order-service");
        assertThat(StackCpu.nameOf(List.of("java", "-jar", "saga-orchestrator/target/quarkus-app/quarkus-run.jar"),
                "java")).isEqualTo("saga-orchestrator");
        assertThat(StackCpu.nameOf(List.of("java", "-jar", "/src/platform/target/platform.jar", "up"), "java"))
                .isEqualTo("platform");
        assertThat(StackCpu.nameOf(List.of("java", "-jar", "/src/platform/target/zipkin/zipkin-server.jar"), "java"))
                .isEqualTo("zipkin");
        assertThat(StackCpu.nameOf(List.of("/opt/pg/bin/postgres", "-D", "/data/postgres", "-p", "15432"), "postgres"))
                .isEqualTo("postgres");
        assertThat(StackCpu.nameOf(StackCpu.argv("postgres: walsender order_service 127.0.0.1(50312) START_REPLICATION"
                .getBytes(StandardCharsets.UTF_8)), "postgres")).isEqualTo("postgres");
        assertThat(StackCpu.nameOf(List.of(), "pg_ctl")).as("a zombie keeps only its comm").isEqualTo("pg_ctl");
    }

    @Test
    void commandLineIsSplitOnNulBytesAndItsPaddingDropped() {
        assertThat(StackCpu.argv("java\0-jar\0platform.jar\0up\0".getBytes(StandardCharsets.UTF_8)))
                .containsExactly("java", "-jar", "platform.jar", "up");
        assertThat(StackCpu.argv("postgres: checkpointer   \0\0\0".getBytes(StandardCharsets.UTF_8)))
                .containsExactly("postgres: checkpointer   ");
    }

    @Test
    void launcherIsPlatformJarUp() {
        assertThat(StackCpu.isLauncher(List.of("java", "-Xmx512m", "-jar", "/src/platform/target/platform.jar", "up",
                "--clean"))).isTrue();
        assertThat(StackCpu.isLauncher(List.of("java", "-jar", "/src/platform/target/platform.jar", "infra")))
                .isFalse();
    }

    @Test
    void stackIsTheRootsAndAllTheirDescendants() {
        List<Proc> processes = List.of(
                process(1000, 1, 999, "java", "-jar", "bench.jar", "compare"),
                process(2000, 1000, 50, "java", "-jar", "/src/platform/target/platform.jar", "up"),
                process(2001, 2000, 30, "java", "-jar", "/src/order-service/target/quarkus-app/quarkus-run.jar"),
                process(2002, 2000, 20, "java", "-jar", "/src/inventory-service/target/quarkus-app/quarkus-run.jar"),
                // pg_ctl has exited: the postmaster is init's child, a root of its own.
                process(3000, 1, 5, "/pg/bin/postgres", "-D", "/data/postgres", "-p", "15432"),
                process(3001, 3000, 7, "postgres: order_service order_db 127.0.0.1(50000) idle"),
                process(3002, 3000, 2, "postgres: walsender debezium 127.0.0.1(50001) START_REPLICATION"),
                process(4000, 1, 400, "java", "-jar", "/elsewhere/platform/target/platform.jar", "up"));

        Map<Long, Proc> stack = StackCpu.ofStack(processes, Set.of(2000L, 3000L));

        assertThat(stack).containsOnlyKeys(2000L, 2001L, 2002L, 3000L, 3001L, 3002L);
        assertThat(StackCpu.ticksBetween(Map.of(), stack)).isEqualTo(Map.of(
                "platform", 50L, "order-service", 30L, "inventory-service", 20L, "postgres", 14L));
    }

    @Test
    void processesThatStartOrEndInsideTheWindowCount() {
        Map<Long, Proc> before = Map.of(
                2000L, process(2000, 1, 50, "java", "-jar", "platform.jar", "up"),
                2001L, process(2001, 2000, 30, "java", "-jar", "/src/order-service/target/quarkus-app/quarkus-run.jar"),
                3000L, process(3000, 1, 5, "/pg/bin/postgres", "-p", "15432"),
                3001L, process(3001, 3000, 7, "postgres: order_service order_db 127.0.0.1(50000) idle"));
        // Backend 3001 ended having used 9 ticks, 2 of them inside the window: the postmaster's cstime holds all 9.
        // Backend 3002 started inside the window and used 4; order-service used 10 more.
        Map<Long, Proc> after = Map.of(
                2000L, process(2000, 1, 60, "java", "-jar", "platform.jar", "up"),
                2001L, process(2001, 2000, 40, "java", "-jar", "/src/order-service/target/quarkus-app/quarkus-run.jar"),
                3000L, process(3000, 1, 5 + 1 + 9, "/pg/bin/postgres", "-p", "15432"),
                3002L, process(3002, 3000, 4, "postgres: order_service order_db 127.0.0.1(50002) idle"));

        assertThat(StackCpu.ticksBetween(before, after)).isEqualTo(Map.of(
                "platform", 10L, "order-service", 10L, "postgres", 1L + 2 + 4));
    }

    @Test
    void aServiceThatEndsShowsUnderItsParentNotAsANegativeFigure() {
        Map<Long, Proc> before = Map.of(
                2000L, process(2000, 1, 50, "java", "-jar", "platform.jar", "up"),
                2001L, process(2001, 2000, 30, "java", "-jar", "/src/order-service/target/quarkus-app/quarkus-run.jar"));
        Map<Long, Proc> after = Map.of(2000L, process(2000, 1, 50 + 5 + 30 + 3, "java", "-jar", "platform.jar", "up"));

        assertThat(StackCpu.ticksBetween(before, after)).isEqualTo(Map.of("platform", 5L + 3));
    }

    @Test
    void aLauncherKilledWithItsChildrenLeavesNoNegativeFigure() {
        Map<Long, Proc> before = Map.of(
                2000L, process(2000, 1, 50, "java", "-jar", "platform.jar", "up"),
                2001L, process(2001, 2000, 30, "java", "-jar", "/src/order-service/target/quarkus-app/quarkus-run.jar"),
                3000L, process(3000, 1, 5, "/pg/bin/postgres", "-p", "15432"));
        // The launcher and PostgreSQL were replaced: the new ones are roots of the stack now, with their own ticks.
        Map<Long, Proc> after = Map.of(
                4000L, process(4000, 1, 12, "java", "-jar", "platform.jar", "up"),
                4001L, process(4001, 4000, 8, "java", "-jar", "/src/order-service/target/quarkus-app/quarkus-run.jar"));

        assertThat(StackCpu.ticksBetween(before, after)).isEqualTo(Map.of("platform", 12L, "order-service", 8L));
    }

    @Test
    void measuresTheCpuOfTheGivenRoot() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "Linux only");
        StackCpu cpu = StackCpu.locate(ProcessHandle.current().pid(), "jdbc:postgresql://localhost:1/order_db");
        assertThat(cpu.description()).contains("launcher pid " + ProcessHandle.current().pid(), "--stack-pid",
                "no PostgreSQL postmaster on port 1");
        StackCpu.Sample before = cpu.sample();
        long spinUntil = System.nanoTime() + 300_000_000;
        long spins = 0;
        while (System.nanoTime() < spinUntil) {
            spins++;
        }
        CpuPerOrder perOrder = cpu.perOrder(before, cpu.sample(), 2);
        assertThat(spins).isPositive();
        assertThat(perOrder.msByProcess()).containsKey("java");
        assertThat(perOrder.totalMs()).isPositive().isLessThan(10_000);
        assertThat(perOrder.completedOrders()).isEqualTo(2);
    }

    @Test
    void noRootNoFigures() {
        StackCpu cpu = StackCpu.locate(Long.MAX_VALUE, "jdbc:postgresql://localhost:15432/order_db");
        assertThat(cpu.description()).startsWith("not measured: ");
        CpuPerOrder perOrder = cpu.perOrder(cpu.sample(), cpu.sample(), 10);
        assertThat(perOrder.totalMs()).isNaN();
        assertThat(perOrder.oneLine()).isEqualTo("n/a");
    }

    private static Proc process(long pid, long ppid, long ticks, String... argv) {
        return new Proc(new Stat(pid, "comm", ppid, ticks), List.of(argv));
    }
}
