package org.ordersaga.bench.compare;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a scenario does to the stack during its fault window, and when the faulted part was back: the moment from which
 * a run measures how long the stack took to be normal again. One instance per run.
 */
sealed interface Fault permits Fault.AdminFaults, Fault.OnProcess, Fault.PlatformKilled, Fault.ConnectionsTerminated {

    void begin(StackClient client) throws Exception;

    void end(StackClient client) throws Exception;

    /** {@link System#nanoTime()} when the faulted part was back; 0 while it is not (yet). */
    long backAtNanos();

    /** The service's {@code /admin/faults} (REST and message handlers alike): back as soon as they are cleared. */
    final class AdminFaults implements Fault {
        private final String service;
        private final String faults;
        private volatile long backAt;

        AdminFaults(String service, String faults) {
            this.service = service;
            this.faults = faults;
        }

        @Override
        public void begin(StackClient client) {
            client.setFaults(service, faults);
        }

        @Override
        public void end(StackClient client) {
            client.clearFaults(service);
            backAt = System.nanoTime();
        }

        @Override
        public long backAtNanos() {
            return backAt;
        }
    }

    /** A fault on a service's process, found by the port its command line names when the window opens. */
    abstract sealed class OnProcess implements Fault permits Killed, Paused {
        final String service;
        final AtomicLong backAt = new AtomicLong();
        ServiceProcess process;

        OnProcess(String service) {
            this.service = service;
        }

        @Override
        public void begin(StackClient client) throws Exception {
            process = ServiceProcess.of(service, client.stack.url(service));
            act(process);
        }

        abstract void act(ServiceProcess process) throws Exception;

        @Override
        public long backAtNanos() {
            return backAt.get();
        }
    }

    /** SIGKILL at the start of the window, started again at its end: back once its readiness check answers UP. */
    final class Killed extends OnProcess {

        Killed(String service) {
            super(service);
        }

        @Override
        void act(ServiceProcess process) throws InterruptedException {
            process.kill();
        }

        @Override
        public void end(StackClient client) throws Exception {
            ServiceProcess again = process.startAgain();
            Thread watcher = new Thread(() -> awaitReady(client, again), "bench-" + service + "-ready");
            watcher.setDaemon(true);
            watcher.start();
        }

        private void awaitReady(StackClient client, ServiceProcess again) {
            URI readiness = URI.create(client.stack.url(service) + "/q/health/ready");
            long giveUpAt = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            try {
                while (System.nanoTime() < giveUpAt && ProcessHandle.of(again.pid()).isPresent()) {
                    try {
                        if (client.http.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                            backAt.set(System.nanoTime());
                            return;
                        }
                    } catch (java.io.IOException e) {
                        // not listening yet
                    }
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** SIGSTOP for the window, SIGCONT at its end: back at once, with its sockets and consumer group membership. */
    final class Paused extends OnProcess {

        Paused(String service) {
            super(service);
        }

        @Override
        void act(ServiceProcess process) throws Exception {
            process.pause();
        }

        @Override
        public void end(StackClient client) throws Exception {
            process.resume();
            backAt.set(System.nanoTime());
        }
    }

    /**
     * SIGKILL of the launcher's JVM (Kafka, the CDC relay, the parent of the services) at the start of the window; at
     * its end the launcher is started again on its data directory, as a host restart would: it stops the services the
     * dead launcher left, restarts PostgreSQL, Kafka, the relay (from its stored offsets) and the services. Back once
     * the new launcher prints its ready line.
     */
    final class PlatformKilled implements Fault {
        static final String READY = "PLATFORM READY ";
        private final AtomicLong backAt = new AtomicLong();
        private ServiceProcess launcher;

        @Override
        public void begin(StackClient client) throws Exception {
            long pid = client.launcherPid();
            List<String> argv = org.ordersaga.bench.StackCpu.commandLines().get(pid);
            if (argv == null) {
                throw new IllegalStateException("the stack's launcher (pid " + pid + ") is not running");
            }
            launcher = ServiceProcess.read("platform", pid, argv);
            launcher.kill();
        }

        @Override
        public void end(StackClient client) throws Exception {
            ServiceProcess again = launcher.startAgain(restartArguments(launcher.argv(), client.stack), line -> {
                if (line.startsWith(READY)) {
                    backAt.compareAndSet(0, System.nanoTime());
                }
            });
            client.launcherReplacedBy(again.pid());
        }

        /**
         * The dead launcher's command line without {@code --clean} (its data is what must survive) and with the ports
         * it picked ({@code 0}: any free port) pinned to the ones the stack has, which the bench and the services'
         * configuration already point at.
         */
        static List<String> restartArguments(List<String> argv, StackEndpoints stack) {
            List<String> again = new java.util.ArrayList<>();
            for (int i = 0; i < argv.size(); i++) {
                String argument = argv.get(i);
                boolean hasValue = i + 1 < argv.size();
                if (argument.equals("--clean")) {
                    continue;
                }
                again.add(argument);
                if (hasValue && argv.get(i + 1).equals("0") && argument.equals("--pg-port")) {
                    again.add(Integer.toString(URI.create(stack.orderDbJdbcUrl().substring("jdbc:".length())).getPort()));
                    i++;
                } else if (hasValue && argv.get(i + 1).equals("0") && argument.equals("--kafka-port")) {
                    String bootstrap = stack.kafkaBootstrap();
                    again.add(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
                    i++;
                }
            }
            return again;
        }

        @Override
        public long backAtNanos() {
            return backAt.get();
        }
    }

    /**
     * At the start of the window, every database connection of every service is terminated
     * ({@code pg_terminate_backend}, as a database failover or a proxy restart does to them); each role ends its own
     * backends, so no superuser is needed. Back at once: the pools must open new connections by themselves.
     */
    final class ConnectionsTerminated implements Fault {
        /** database and role of each service, as the local platform creates them (password: the role's name). */
        private static final List<String> ROLES = List.of("order_db:order_service", "inventory_db:inventory_service",
                "payment_db:payment_service", "fulfillment_db:fulfillment_service",
                "notification_db:notification_service", "orchestrator_db:saga_orchestrator");
        private volatile long backAt;

        @Override
        public void begin(StackClient client) throws SQLException {
            String orderDb = client.stack.orderDbJdbcUrl();
            for (String databaseAndRole : ROLES) {
                String database = databaseAndRole.substring(0, databaseAndRole.indexOf(':'));
                String role = databaseAndRole.substring(databaseAndRole.indexOf(':') + 1);
                try (Connection connection = DriverManager.getConnection(orderDb.replace("/order_db", "/" + database),
                        role, role);
                        Statement sql = connection.createStatement();
                        ResultSet ignored = sql.executeQuery("select pg_terminate_backend(pid) from pg_stat_activity "
                                + "where usename = current_user and pid <> pg_backend_pid()")) {
                    // terminated as the query ran
                }
            }
            backAt = System.nanoTime();
        }

        @Override
        public void end(StackClient client) {
        }

        @Override
        public long backAtNanos() {
            return backAt;
        }
    }
}
