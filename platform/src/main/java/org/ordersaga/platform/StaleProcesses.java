package org.ordersaga.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovery after a crash of the launcher (kill -9, power loss): the postmaster and the child JVMs it started outlive
 * it. Their PIDs are recorded in the data directory and stopped on the next start.
 */
final class StaleProcesses {
    private static final Logger LOG = LoggerFactory.getLogger(StaleProcesses.class);

    private final Path pidFile;

    StaleProcesses(Path dataDir) {
        this.pidFile = dataDir.resolve("children.pid");
    }

    synchronized void record(long pid) {
        try {
            Files.createDirectories(pidFile.getParent());
            Files.writeString(pidFile, pid + System.lineSeparator(), java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("cannot record child pid {}: {}", pid, e.getMessage());
        }
    }

    /** Stops children left by a previous run that did not shut down cleanly. */
    void stopLeftovers() {
        if (!Files.exists(pidFile)) {
            return;
        }
        List<ProcessHandle> alive = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(pidFile)) {
                if (line.isBlank()) {
                    continue;
                }
                ProcessHandle.of(Long.parseLong(line.trim()))
                        .filter(ProcessHandle::isAlive)
                        .filter(StaleProcesses::isJava)
                        .ifPresent(alive::add);
            }
            for (ProcessHandle process : alive) {
                LOG.warn("stopping process {} left over from a previous run", process.pid());
                process.destroy();
            }
            for (ProcessHandle process : alive) {
                try {
                    process.onExit().get(15, TimeUnit.SECONDS);
                } catch (Exception e) {
                    process.destroyForcibly();
                }
            }
            Files.delete(pidFile);
        } catch (IOException | NumberFormatException e) {
            LOG.warn("cannot read {}: {}", pidFile, e.getMessage());
        }
    }

    void clear() {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", pidFile, e.getMessage());
        }
    }

    private static boolean isJava(ProcessHandle process) {
        return process.info().command().map(c -> c.endsWith("java")).orElse(false);
    }

    /** A postmaster survives its launcher; stop it (fast shutdown) before starting a new one on the same data. */
    static void stopStalePostmaster(Path pgData) {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> postmaster;
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            postmaster = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        } catch (IOException | RuntimeException e) {
            LOG.warn("unreadable {}; PostgreSQL will decide: {}", pidFile, e.getMessage());
            return;
        }
        if (postmaster.isEmpty()) {
            return; // PostgreSQL itself ignores a pid file whose process is gone.
        }
        long pid = postmaster.get().pid();
        LOG.warn("stopping PostgreSQL (pid {}) left running by a previous run", pid);
        try {
            // SIGINT = fast shutdown: disconnects clients, still writes a clean checkpoint.
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
            postmaster.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new PlatformException("a PostgreSQL server (pid " + pid + ") still runs on " + pgData
                    + " and did not stop; stop it and retry", e);
        }
    }
}
