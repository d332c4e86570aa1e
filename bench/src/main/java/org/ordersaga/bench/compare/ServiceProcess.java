package org.ordersaga.bench.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.ordersaga.bench.StackCpu;

/**
 * A service's running process, as /proc shows it: enough to kill it the hard way (SIGKILL, what a node failure or
 * the OOM killer does), stop and resume it (SIGSTOP/SIGCONT, a process that hangs), and start it again as it was
 * started: the same command line, working directory and environment, its output appended to the same log. A process
 * the bench started again is not the launcher's child: the bench stops it when it closes a stack of its own
 * ({@link #stopRestarted()}); in a running stack it says so and leaves it running.
 */
final class ServiceProcess {
    private static final Path PROC = Path.of("/proc");
    private static final List<Process> RESTARTED = new CopyOnWriteArrayList<>();

    private final String service;
    private final long pid;
    private final List<String> argv;
    private final Path workingDirectory;
    private final Map<String, String> environment;
    private final Optional<Path> log;

    private ServiceProcess(String service, long pid, List<String> argv, Path workingDirectory,
            Map<String, String> environment, Optional<Path> log) {
        this.service = service;
        this.pid = pid;
        this.argv = argv;
        this.workingDirectory = workingDirectory;
        this.environment = environment;
        this.log = log;
    }

    /** The process of the service listening on the port of {@code serviceUrl}: its command line names that port. */
    static ServiceProcess of(String service, String serviceUrl) {
        String portOption = "-Dquarkus.http.port=" + URI.create(serviceUrl).getPort();
        for (Map.Entry<Long, List<String>> process : StackCpu.commandLines().entrySet()) {
            if (process.getValue().contains(portOption)) {
                try {
                    return read(service, process.getKey(), process.getValue());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + service + " (pid " + process.getKey() + ")", e);
                }
            }
        }
        throw new IllegalStateException("no process of " + service + " with " + portOption + " on its command line");
    }

    /** The process {@code pid}, read from /proc. */
    static ServiceProcess read(String service, long pid, List<String> argv) throws IOException {
        Path dir = PROC.resolve(Long.toString(pid));
        Map<String, String> environment = new LinkedHashMap<>();
        for (String entry : StackCpu.argv(Files.readAllBytes(dir.resolve("environ")))) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                environment.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        Path stdout = Files.readSymbolicLink(dir.resolve("fd/1"));
        Optional<Path> log = Files.isRegularFile(stdout) ? Optional.of(stdout) : Optional.empty();
        return new ServiceProcess(service, pid, argv, Files.readSymbolicLink(dir.resolve("cwd")), environment, log);
    }

    long pid() {
        return pid;
    }

    List<String> argv() {
        return argv;
    }

    Map<String, String> environment() {
        return environment;
    }

    /** SIGKILL, and wait until the process is gone. */
    void kill() throws InterruptedException {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            return;
        }
        handle.get().destroyForcibly();
        try {
            handle.get().onExit().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(service + " (pid " + pid + ") still runs 10 s after SIGKILL", e);
        }
    }

    /** SIGSTOP: the process keeps its sockets and its place in the consumer group, and does nothing. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT. */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    /** Starts the service again as this process was started; returns the new process. */
    ServiceProcess startAgain() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(argv).directory(workingDirectory.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.redirectOutput(log.map(file -> ProcessBuilder.Redirect.appendTo(file.toFile()))
                .orElse(ProcessBuilder.Redirect.DISCARD));
        Process started = builder.start();
        RESTARTED.add(started);
        return new ServiceProcess(service, started.pid(), argv, workingDirectory, environment, log);
    }

    /** The processes this JVM started again that still run. */
    static List<Long> restartedPids() {
        return RESTARTED.stream().filter(Process::isAlive).map(Process::pid).toList();
    }

    /** SIGTERM to every process this JVM started again, as the launcher stops its own; SIGKILL after 20 s. */
    static void stopRestarted() {
        for (Process process : RESTARTED) {
            process.destroy();
        }
        for (Process process : RESTARTED) {
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        RESTARTED.clear();
    }

    private void signal(String signal) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start()
                .waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " (" + service + ") exited " + exit);
        }
    }

    @Override
    public String toString() {
        return service + " (pid " + pid + ")";
    }
}
