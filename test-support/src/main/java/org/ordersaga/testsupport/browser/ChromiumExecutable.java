package org.ordersaga.testsupport.browser;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Finds Debian's Chromium ({@code CHROMIUM_BIN}, then the usual names on the PATH). A fresh machine has none: as root
 * with apt-get, the Debian package is installed once (serialised across test JVMs by a file lock).
 */
final class ChromiumExecutable {

    private static final List<String> NAMES = List.of("chromium", "chromium-browser");

    private ChromiumExecutable() {
    }

    static Path locateOrInstall() {
        return locate().orElseGet(() -> {
            installDebianPackage();
            return locate().orElseThrow(() -> new IllegalStateException(
                    "Chromium is still not found after installing Debian's chromium package"));
        });
    }

    private static Optional<Path> locate() {
        String configured = System.getenv("CHROMIUM_BIN");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Stream.of(path.split(java.io.File.pathSeparator))
                .flatMap(dir -> NAMES.stream().map(name -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static void installDebianPackage() {
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get")) || !"0".equals(run(List.of("id", "-u")).trim())) {
            throw new IllegalStateException("Chromium is needed for the browser tests and was not found. Install "
                    + "Debian's package (apt-get install chromium) or set CHROMIUM_BIN to a Chromium executable.");
        }
        Path lockFile = Path.of(System.getProperty("java.io.tmpdir"), "ordersaga-chromium-install.lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (locate().isPresent()) {
                return; // another test JVM installed it while this one waited
            }
            System.err.println("[HeadlessChromium] installing Debian's chromium package (once per machine)");
            List<String> install = List.of("apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium");
            if (exitCode(install) != 0) {
                exitCode(List.of("apt-get", "update", "-q"));
                if (exitCode(install) != 0) {
                    throw new IllegalStateException("apt-get could not install Debian's chromium package");
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not lock " + lockFile + " to install Chromium", e);
        }
    }

    private static int exitCode(List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process process = builder.start();
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(30, TimeUnit.SECONDS);
            return output;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
