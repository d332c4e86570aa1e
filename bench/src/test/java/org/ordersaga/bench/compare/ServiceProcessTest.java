package org.ordersaga.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.ordersaga.bench.StackCpu;

@EnabledOnOs(OS.LINUX)
class ServiceProcessTest {

    @TempDir
    Path dir;

    @AfterEach
    void stopWhatTheTestStartedAgain() {
        ServiceProcess.stopRestarted();
    }

    @Test
    void aKilledProcessStartsAgainWithItsCommandLineDirectoryEnvironmentAndLog() throws Exception {
        Path log = dir.resolve("service.log");
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", "echo started in $(pwd) with $CHAOS_TEST; sleep 5")
                .directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("CHAOS_TEST", "the same environment");
        Process original = builder.start();
        awaitLines(log, 1);
        List<String> argv = StackCpu.argv(Files.readAllBytes(Path.of("/proc", Long.toString(original.pid()),
                "cmdline")));

        ServiceProcess service = ServiceProcess.read("test", original.pid(), argv);
        service.kill();
        ServiceProcess again = service.startAgain();

        assertThat(original.isAlive()).isFalse();
        assertThat(again.pid()).isNotEqualTo(original.pid());
        assertThat(ServiceProcess.restartedPids()).containsExactly(again.pid());
        awaitLines(log, 2);
        assertThat(Files.readAllLines(log)).as("the second start appended to the first's log").containsExactly(
                "started in " + dir.toRealPath() + " with the same environment",
                "started in " + dir.toRealPath() + " with the same environment");
        assertThat(again.environment()).containsEntry("CHAOS_TEST", "the same environment");
    }

    @Test
    void aProcessThatLogsItsErrorsToAFileAndItsOutputToAPipeStartsAgainWithOtherArgumentsAndItsLinesObserved()
            throws Exception {
        Path log = dir.resolve("launcher.log");
        Process original = new ProcessBuilder("sh", "-c", "echo first run >&2; sleep 5", "launcher", "--clean")
                .directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        awaitLines(log, 1);
        ServiceProcess launcher = ServiceProcess.read("platform", original.pid(),
                List.of("sh", "-c", "echo first run >&2; sleep 5", "launcher", "--clean"));
        launcher.kill();
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

        ServiceProcess again = launcher.startAgain(List.of("sh", "-c", "echo READY $0; sleep 5", "again"), seen::add);

        awaitLines(log, 2);
        assertThat(Files.readAllLines(log)).containsExactly("first run", "READY again");
        assertThat(seen).containsExactly("READY again");
        assertThat(again.argv()).containsExactly("sh", "-c", "echo READY $0; sleep 5", "again");
        assertThat(ServiceProcess.restartedPids()).containsExactly(again.pid());
    }

    @Test
    void theLauncherStartsAgainOnItsDataWithThePortsItPickedPinned() {
        StackEndpoints stack = new StackEndpoints(java.util.Map.of(), "localhost:23456",
                "jdbc:postgresql://localhost:21234/order_db");

        assertThat(Fault.PlatformKilled.restartArguments(List.of("java", "-jar", "platform.jar", "up", "--clean",
                "--no-zipkin", "--pg-port", "0", "--kafka-port", "0", "--data-dir", "d"), stack))
                .containsExactly("java", "-jar", "platform.jar", "up", "--no-zipkin", "--pg-port", "21234",
                        "--kafka-port", "23456", "--data-dir", "d");
        assertThat(Fault.PlatformKilled.restartArguments(List.of("java", "-jar", "platform.jar", "up",
                "--pg-port", "15000", "--service-port-offset", "0"), stack))
                .as("ports it was given, and other zeros, stay as they were")
                .containsExactly("java", "-jar", "platform.jar", "up", "--pg-port", "15000", "--service-port-offset",
                        "0");
    }

    @Test
    void aPausedProcessDoesNothingUntilResumed() throws Exception {
        Process original = new ProcessBuilder("sleep", "60").start();
        ServiceProcess service = ServiceProcess.read("test", original.pid(), List.of("sleep", "60"));

        service.pause();
        assertThat(state(original.pid())).isEqualTo("T");
        service.resume();
        assertThat(state(original.pid())).isEqualTo("S");
        original.destroyForcibly().waitFor();
    }

    private static String state(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        for (int attempt = 0; attempt < 50; attempt++) {
            String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
            if (!state.equals("R")) {
                return state;
            }
            Thread.sleep(20);
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        }
        return "R";
    }

    private static void awaitLines(Path log, int lines) throws Exception {
        for (int attempt = 0; attempt < 100 && (!Files.exists(log) || Files.readAllLines(log).size() < lines);
                attempt++) {
            Thread.sleep(50);
        }
    }
}
