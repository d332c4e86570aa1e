package org.ordersaga.bench.compare;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

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
        // Its output if that goes to a file, else its errors (the launcher a test or the bench starts reads lines from
        // a pipe and logs to a file).
        Optional<Path> log = Optional.empty();
        for (String fd : List.of("fd/1", "fd/2")) {
            Path target = Files.readSymbolicLink(dir.resolve(fd));
            if (Files.isRegularFile(target)) {
                log = Optional.of(target);
                break;
            }
        }
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
        ProcessBuilder builder = sameAsThis(argv);
        builder.redirectOutput(log.map(file -> ProcessBuilder.Redirect.appendTo(file.toFile()))
                .orElse(ProcessBuilder.Redirect.DISCARD));
        Process started = builder.start();
        RESTARTED.add(started);
        return new ServiceProcess(service, started.pid(), argv, workingDirectory, environment, log);
    }

    /**
     * Starts it again with {@code newArgv}, in its working directory and environment; each line it prints goes to
     * {@code onLine} and is appended to its log. Returns the new process.
     */
    ServiceProcess startAgain(List<String> newArgv, Consumer<String> onLine) throws IOException {
        Process started = sameAsThis(newArgv).start();
        RESTARTED.add(started);
        Thread pump = new Thread(() -> pump(started, onLine), "bench-" + service + "-output");
        pump.setDaemon(true);
        pump.start();
        return new ServiceProcess(service, started.pid(), newArgv, workingDirectory, environment, log);
    }

    private ProcessBuilder sameAsThis(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder;
    }

    private void pump(Process started, Consumer<String> onLine) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(started.getInputStream(),
                StandardCharsets.UTF_8));
             Writer logged = log.isPresent() ? Files.newBufferedWriter(log.get(), StandardCharsets.UTF_8,
                     StandardOpenOption.CREATE, StandardOpenOption.APPEND) : Writer.nullWriter()) {
            String line;
            while ((line = out.readLine()) != null) {
                onLine.accept(line);
                logged.write(line + System.lineSeparator());
                logged.flush();
            }
        } catch (IOException e) {
            // the process ended, or its log cannot be written: its lines still reached onLine
        }
    }

    /** The processes this JVM started again that still run. */
    static List<Long> restartedPids() {
        return RESTARTED.stream().filter(Process::isAlive).map(Process::pid).toList();
    }

    /**
     * SIGTERM to every process this JVM started again, as the launcher stops its own; SIGKILL after 90 s (a launcher
     * started again stops its services, the relay, Kafka and PostgreSQL in turn).
     */
    static void stopRestarted() {
        for (Process process : RESTARTED) {
            process.destroy();
        }
        for (Process process : RESTARTED) {
            try {
                if (!process.waitFor(90, TimeUnit.SECONDS)) {
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
