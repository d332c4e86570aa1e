package org.ordersaga.systemtests.k8s;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Renders kustomizations with the real kustomize, {@code kubectl kustomize}, and reads its output. Without kubectl on
 * the PATH every test that renders is skipped (a JUnit assumption), never passed on a model of kustomize.
 */
final class KubectlKustomize {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final String KUSTOMIZATION = "kustomization.yaml";

    private static final Path WORK = Path.of("target", "k8s-kustomize").toAbsolutePath();
    private static Boolean available;

    private KubectlKustomize() {
    }

    /** {@code kubectl kustomize dir}; fails the test on any kustomize error. */
    static List<ObjectNode> build(Path dir) {
        assumeKubectl();
        return parse(run(List.of("kubectl", "kustomize", dir.toString())), dir.toString());
    }

    /** What an overlay with only {@code resources: [base]} and {@code components: [...]} builds. */
    static List<ObjectNode> buildWithComponents(Path base, List<Path> components) {
        assumeKubectl();
        try {
            Files.createDirectories(WORK);
            Path overlay = Files.createTempDirectory(WORK, "overlay-");
            String yaml = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - "
                    + overlay.relativize(base) + "\ncomponents:\n"
                    + components.stream().map(c -> "  - " + overlay.relativize(c) + "\n").collect(Collectors.joining());
            Files.writeString(overlay.resolve(KUSTOMIZATION), yaml);
            try {
                return build(overlay);
            } finally {
                Files.delete(overlay.resolve(KUSTOMIZATION));
                Files.delete(overlay);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<ObjectNode> readDocuments(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static String name(JsonNode resource) {
        return resource.path("metadata").path("name").asText();
    }

    private static List<ObjectNode> parse(String yaml, String source) {
        try (var parser = YAML.getFactory().createParser(yaml)) {
            List<ObjectNode> documents = new ArrayList<>();
            Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode document = it.next();
                if (document == null || document.isMissingNode() || document.isNull()) {
                    continue;
                }
                if (!document.isObject()) {
                    throw new IllegalStateException(source + ": a document is not a mapping");
                }
                documents.add((ObjectNode) document);
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + source, e);
        }
    }

    private static void assumeKubectl() {
        if (available == null) {
            try {
                run(List.of("kubectl", "version", "--client"));
                available = true;
            } catch (RuntimeException e) {
                available = false;
            }
        }
        assumeTrue(available, "kubectl is not on the PATH: the k8s manifests are rendered with `kubectl kustomize` "
                + "only (install kubectl >= 1.27 to run these tests)");
    }

    private static String run(List<String> command) {
        try {
            Path errors = Files.createTempFile("kustomize", ".err");
            Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 60 s");
            }
            String err = Files.readString(errors);
            Files.delete(errors);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue()
                        + "):\n" + err);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
