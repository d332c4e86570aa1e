package org.ordersaga.systemtests.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.ordersaga.testsupport.LocalPorts;
import org.ordersaga.testsupport.PlatformProcess;

/** The launcher as a user meets it: clear errors, recovery after a crash, nothing left after a stop. */
class LauncherIT {

    @Test
    void a_busy_port_is_named_in_the_error() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Result result = launch("infra", "--data-dir", "target/it-launcher-busy", "--pg-port",
                    Integer.toString(busy.getLocalPort()), "--kafka-port", "0");
            assertThat(result.exitCode()).isNotZero();
            assertThat(result.output()).contains("port " + busy.getLocalPort() + " (PostgreSQL) is already in use");
        }
    }

    @Test
    void a_failed_start_through_the_test_resource_names_the_launchers_error() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> PlatformProcess.start(Path.of("target/it-launcher-failed").toAbsolutePath(),
                    List.of("infra", "--pg-port", Integer.toString(busy.getLocalPort()), "--kafka-port", "0")))
                    .hasMessageContaining("platform exited (1)")
                    .hasMessageContaining("port " + busy.getLocalPort() + " (PostgreSQL) is already in use");
        }
    }

    @Test
    void a_missing_build_is_named_in_the_error() throws Exception {
        Path emptyRoot = Files.createDirectories(Path.of("target/it-launcher-empty-root"));
        Result result = launch("up", "--root", emptyRoot.toString(), "--data-dir", "target/it-launcher-unbuilt",
                "--services", "payment");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("payment-service is not built").contains("./mvnw -B package -DskipTests");
    }

    @Test
    void an_unknown_option_prints_the_usage() throws Exception {
        Result result = launch("up", "--colour", "blue");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("unknown option '--colour'").contains("usage: platform");
    }

    @Test
    void after_a_crash_the_next_start_stops_the_stale_postmaster_and_keeps_the_data() throws Exception {
        Path dataDir = Path.of("target/it-launcher-crash").toAbsolutePath();
        String pgPort = Integer.toString(LocalPorts.free());
        List<String> options = List.of("infra", "--pg-port", pgPort, "--kafka-port", "0");
        PlatformProcess crashed = PlatformProcess.start(dataDir, with(options, "--clean"));
        try (Connection db = connect(crashed, "inventory_db", "inventory_service")) {
            db.createStatement().execute("create table survives_crash (id int)");
        }
        crashed.kill();
        assertThat(listening(Integer.parseInt(pgPort))).as("PostgreSQL outlives the killed launcher").isTrue();

        try (PlatformProcess restarted = PlatformProcess.start(dataDir, options);
             Connection db = connect(restarted, "inventory_db", "inventory_service")) {
            assertThat(db.createStatement().executeQuery("select to_regclass('survives_crash') is not null")).satisfies(
                    rows -> {
                        rows.next();
                        assertThat(rows.getBoolean(1)).isTrue();
                    });
        }
    }

    @Test
    void a_clean_stop_leaves_no_process_and_no_port_behind() throws Exception {
        int pgPort = LocalPorts.free();
        int kafkaPort = LocalPorts.freePair();
        int offset = 6000;
        PlatformProcess platform = PlatformProcess.start(Path.of("target/it-launcher-stop").toAbsolutePath(),
                List.of("up", "--clean", "--services", "order", "--no-zipkin", "--service-port-offset",
                        Integer.toString(offset), "--pg-port", Integer.toString(pgPort), "--kafka-port",
                        Integer.toString(kafkaPort)));
        List<ProcessHandle> children = platform.children();
        assertThat(children).isNotEmpty();
        assertThat(listening(8081 + offset)).isTrue();

        platform.close();

        for (ProcessHandle child : children) {
            child.onExit().get(30, TimeUnit.SECONDS);
            assertThat(child.isAlive()).as("child %d", child.pid()).isFalse();
        }
        assertThat(listening(pgPort)).as("PostgreSQL port").isFalse();
        assertThat(listening(kafkaPort)).as("Kafka port").isFalse();
        assertThat(listening(8081 + offset)).as("order-service port").isFalse();
    }

    private record Result(int exitCode, String output) {
    }

    private static Result launch(String... args) throws Exception {
        Path root = PlatformProcess.projectRoot();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", root.resolve("platform/target/platform.jar").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private static List<String> with(List<String> options, String extra) {
        List<String> all = new ArrayList<>(options);
        all.add(extra);
        return all;
    }

    private static Connection connect(PlatformProcess platform, String db, String role) throws Exception {
        return DriverManager.getConnection(platform.jdbcUrl(db), role, role);
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
