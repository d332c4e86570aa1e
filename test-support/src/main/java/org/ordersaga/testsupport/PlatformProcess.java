package org.ordersaga.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local platform (platform/target/platform.jar) as a child process of a test: the same launcher a developer runs,
 * on free ports and a data directory of the test's own. Reads the launcher's READY line for the endpoints.
 */
public final class PlatformProcess implements AutoCloseable {
    private static final String READY = "PLATFORM READY ";

    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final String readyJson;

    private PlatformProcess(Process process, String readyJson, Writer commands) {
        this.process = process;
        this.readyJson = readyJson;
        this.commands = commands;
    }

    /** Project root: set by the build (system property ordersaga.root), else found by walking up to mvnw. */
    public static Path projectRoot() {
        String configured = System.getProperty("ordersaga.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw")) && Files.exists(dir.resolve("platform"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the project root; set -Dordersaga.root");
    }

    public static PlatformProcess start(Path dataDir, List<String> options) {
        Path root = projectRoot();
        Path jar = root.resolve("platform/target/platform.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " missing: build the platform module first (./mvnw -B -pl platform package)");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", jar.toString()));
        command.addAll(options);
        command.addAll(List.of("--root", root.toString(), "--data-dir", dataDir.toString()));
        // Beside the data directory, not in it: `--clean` empties that directory after the log was opened, and a
        // platform that then fails to start would leave no trace of why.
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-platform.log");
        try {
            Files.createDirectories(dataDir);
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> pump(process, lines), "platform-stdout");
            reader.setDaemon(true);
            reader.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line != null && line.startsWith(READY)) {
                    PlatformProcess platform = new PlatformProcess(process, line.substring(READY.length()),
                            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
                    Thread replies = new Thread(() -> drain(lines, platform.replies), "platform-replies");
                    replies.setDaemon(true);
                    replies.start();
                    Runtime.getRuntime().addShutdownHook(new Thread(platform::close));
                    return platform;
                }
                if (!process.isAlive() && lines.isEmpty()) {
                    throw new IllegalStateException("platform exited (" + process.exitValue() + "): "
                            + lastLines(log, 5) + "; see " + log);
                }
            }
            process.destroyForcibly();
            throw new IllegalStateException("platform not ready in 240 s; see " + log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the platform: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The launcher's own error is the last thing it logs; CI shows only the exception message. */
    private static String lastLines(Path log, int count) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void pump(Process process, BlockingQueue<String> lines) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // process ended
        }
    }

    private static void drain(BlockingQueue<String> from, BlockingQueue<String> to) {
        try {
            while (true) {
                to.add(from.take());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int postgresPort() {
        return Integer.parseInt(field("postgresPort"));
    }

    public String kafkaBootstrap() {
        return field("kafkaBootstrap");
    }

    public String zipkinUrl() {
        return field("zipkinUrl");
    }

    /** Base URL of a service started with `up`, by short name ("order", "payment", ...). */
    public String serviceUrl(String shortName) {
        return field(shortName);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgresPort() + "/" + database;
    }

    /** Sends an operator command ("stop payment", "start payment") and waits for its OK/ERROR answer. */
    public void command(String command) {
        try {
            commands.write(command + "\n");
            commands.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                String reply = replies.poll(1, TimeUnit.SECONDS);
                if (reply == null) {
                    continue;
                }
                if (reply.equals("OK " + command)) {
                    return;
                }
                if (reply.startsWith("ERROR ")) {
                    throw new IllegalStateException("platform refused '" + command + "': " + reply);
                }
            }
            throw new IllegalStateException("no answer to '" + command + "'");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String field(String name) {
        Matcher matcher = Pattern.compile("\"" + Pattern.quote(name) + "\":\"?([^\",}]*)").matcher(readyJson);
        if (!matcher.find()) {
            throw new IllegalStateException("the platform did not report " + name + ": " + readyJson);
        }
        return matcher.group(1);
    }

    public Map<String, String> datasource(String database, String role) {
        return Map.of("quarkus.datasource.jdbc.url", jdbcUrl(database),
                "quarkus.datasource.username", role,
                "quarkus.datasource.password", role);
    }

    /** Simulates a crash of the launcher (SIGKILL): what it started is left behind for the next start to clean up. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The processes the launcher started (services, Zipkin) as they are now. */
    public java.util.List<ProcessHandle> children() {
        return process.descendants().toList();
    }

    /** Graceful stop (SIGTERM): the launcher stops services, relay, Kafka and PostgreSQL in order. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
