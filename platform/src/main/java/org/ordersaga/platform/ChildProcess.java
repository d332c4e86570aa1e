package org.ordersaga.platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A JVM started by the platform (a service or Zipkin), its output in a log file, stopped gracefully. */
final class ChildProcess {
    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path logFile;
    private final URI readinessUri;
    private final StaleProcesses registry;
    private volatile Process process;

    ChildProcess(String name, List<String> command, Map<String, String> environment, Path logFile, URI readinessUri,
                 StaleProcesses registry) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.logFile = logFile;
        this.readinessUri = readinessUri;
        this.registry = registry;
    }

    static List<String> java(List<String> jvmArgs, String... mainArgs) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(List.of(mainArgs));
        return command;
    }

    String name() {
        return name;
    }

    Path logFile() {
        return logFile;
    }

    synchronized void start() {
        if (isRunning()) {
            return;
        }
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
            registry.record(process.pid());
            LOG.info("{} starting (pid {}, log {})", name, process.pid(), logFile);
        } catch (IOException e) {
            throw new PlatformException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Polls the readiness URL until it answers 200, the process dies, or the timeout passes. */
    void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!isRunning()) {
                throw new PlatformException(name + " exited during start-up (exit " + process.exitValue()
                        + "); see " + logFile);
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(readinessUri)
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    LOG.info("{} ready", name);
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            sleep(250);
        }
        throw new PlatformException(name + " not ready after " + timeout.toSeconds() + " s; see " + logFile);
    }

    /** Sends SIGTERM without waiting; Quarkus then shuts down gracefully. */
    void requestStop() {
        Process running = process;
        if (running != null && running.isAlive()) {
            running.destroy();
        }
    }

    synchronized void stop() {
        if (!isRunning()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                LOG.warn("{} did not stop in 20 s; killing it", name);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        LOG.info("{} stopped", name);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
