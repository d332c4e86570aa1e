package org.ordersaga.systemtests.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Renders a kustomization the way {@code kustomize build} does, for the subset of kustomize the manifests under k8s/
 * use (no kustomize binary here): resources (files and directories), components, patches (strategic merge and JSON
 * 6902, inline or from a file, with kind/name/labelSelector targets), namespace, namePrefix, labels, images and
 * configMapGenerator without hash suffix. Any other field fails the build, so the manifests cannot silently use a
 * feature this model does not apply. Transformers run in kustomize's order: patches, namespace, prefix, labels, images.
 */
final class Kustomize {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final String KUSTOMIZATION = "kustomization.yaml";

    private static final Set<String> SUPPORTED_FIELDS = Set.of("apiVersion", "kind", "resources", "components",
            "patches", "namespace", "namePrefix", "labels", "images", "configMapGenerator");
    /** Lists that strategic merge merges by element name in built-in kinds (custom resources replace lists). */
    private static final Set<String> MERGED_BY_NAME = Set.of("containers", "initContainers", "env", "volumes",
            "ports", "volumeMounts");

    private Kustomize() {
    }

    /** {@code kustomize build dir}. */
    static List<ObjectNode> build(Path dir) {
        List<ObjectNode> resources = render(dir, "Kustomization");
        requireUniqueIds(resources, dir);
        return resources;
    }

    /** What an overlay with only {@code resources: [base]} and {@code components: [...]} would build. */
    static List<ObjectNode> buildWithComponents(Path base, List<Path> components) {
        List<ObjectNode> resources = render(base, "Kustomization");
        for (Path component : components) {
            resources = applyComponent(component, resources);
        }
        requireUniqueIds(resources, base);
        return resources;
    }

    static List<ObjectNode> readDocuments(Path file) {
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            List<ObjectNode> docs = new ArrayList<>();
            Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc == null || doc.isMissingNode() || doc.isNull()) {
                    continue;
                }
                if (!doc.isObject()) {
                    throw new IllegalStateException(file + ": a document is not a mapping");
                }
                docs.add((ObjectNode) doc);
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    static JsonNode readKustomization(Path dir, String expectedKind) {
        Path file = dir.resolve(KUSTOMIZATION);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(dir + " has no " + KUSTOMIZATION);
        }
        List<ObjectNode> docs = readDocuments(file);
        if (docs.size() != 1) {
            throw new IllegalStateException(file + " must hold exactly one document");
        }
        JsonNode k = docs.get(0);
        if (!expectedKind.equals(k.path("kind").asText())) {
            throw new IllegalStateException(file + " must be of kind " + expectedKind);
        }
        k.fieldNames().forEachRemaining(field -> {
            if (!SUPPORTED_FIELDS.contains(field)) {
                throw new IllegalStateException(file + ": field '" + field + "' is not modelled by this test; "
                        + "extend Kustomize.java before using it");
            }
        });
        return k;
    }

    private static List<ObjectNode> render(Path dir, String kind) {
        JsonNode k = readKustomization(dir, kind);
        List<ObjectNode> resources = new ArrayList<>();
        for (JsonNode entry : k.path("resources")) {
            Path path = dir.resolve(entry.asText()).normalize();
            if (Files.isDirectory(path)) {
                resources.addAll(render(path, "Kustomization"));
            } else {
                resources.addAll(readDocuments(path));
            }
        }
        for (JsonNode entry : k.path("components")) {
            resources = applyComponent(dir.resolve(entry.asText()).normalize(), resources);
        }
        transform(dir, k, resources);
        return resources;
    }

    private static List<ObjectNode> applyComponent(Path dir, List<ObjectNode> accumulated) {
        JsonNode component = readKustomization(dir, "Component");
        List<ObjectNode> resources = new ArrayList<>(accumulated);
        for (JsonNode entry : component.path("resources")) {
            Path path = dir.resolve(entry.asText()).normalize();
            resources.addAll(Files.isDirectory(path) ? render(path, "Kustomization") : readDocuments(path));
        }
        for (JsonNode entry : component.path("components")) {
            resources = applyComponent(dir.resolve(entry.asText()).normalize(), resources);
        }
        transform(dir, component, resources);
        return resources;
    }

    private static void transform(Path dir, JsonNode k, List<ObjectNode> resources) {
        for (JsonNode generator : k.path("configMapGenerator")) {
            resources.add(generateConfigMap(dir, generator));
        }
        for (JsonNode patch : k.path("patches")) {
            applyPatch(dir, patch, resources);
        }
        if (k.hasNonNull("namespace")) {
            resources.forEach(r -> metadata(r).put("namespace", k.get("namespace").asText()));
        }
        if (k.hasNonNull("namePrefix")) {
            resources.forEach(r -> metadata(r).put("name", k.get("namePrefix").asText() + name(r)));
        }
        for (JsonNode labels : k.path("labels")) {
            if (labels.path("includeSelectors").asBoolean(false)) {
                throw new IllegalStateException("labels.includeSelectors is not modelled by this test");
            }
            for (ObjectNode resource : resources) {
                metadata(resource).withObject("/labels").setAll((ObjectNode) labels.path("pairs"));
                if (labels.path("includeTemplates").asBoolean(false) && resource.at("/spec/template").isObject()) {
                    ((ObjectNode) resource.at("/spec/template")).withObject("/metadata").withObject("/labels")
                            .setAll((ObjectNode) labels.path("pairs"));
                }
            }
        }
        for (JsonNode image : k.path("images")) {
            resources.forEach(r -> setImage(r, image));
        }
    }

    private static ObjectNode generateConfigMap(Path dir, JsonNode generator) {
        if (!generator.path("options").path("disableNameSuffixHash").asBoolean(false)) {
            throw new IllegalStateException("configMapGenerator " + generator.path("name")
                    + ": only disableNameSuffixHash: true is modelled by this test");
        }
        ObjectNode configMap = JsonNodeFactory.instance.objectNode();
        configMap.put("apiVersion", "v1").put("kind", "ConfigMap");
        configMap.putObject("metadata").put("name", generator.path("name").asText());
        ObjectNode data = configMap.putObject("data");
        for (JsonNode file : generator.path("files")) {
            String spec = file.asText();
            String key = spec.contains("=") ? spec.substring(0, spec.indexOf('=')) : Path.of(spec).getFileName().toString();
            String path = spec.contains("=") ? spec.substring(spec.indexOf('=') + 1) : spec;
            try {
                data.put(key, Files.readString(dir.resolve(path)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (JsonNode literal : generator.path("literals")) {
            String spec = literal.asText();
            data.put(spec.substring(0, spec.indexOf('=')), spec.substring(spec.indexOf('=') + 1));
        }
        return configMap;
    }

    private static void applyPatch(Path dir, JsonNode entry, List<ObjectNode> resources) {
        String text;
        try {
            text = entry.hasNonNull("path") ? Files.readString(dir.resolve(entry.get("path").asText()))
                    : entry.path("patch").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode target = entry.path("target");
        List<JsonNode> documents = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(text)) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(documents::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse patch in " + dir, e);
        }
        if (documents.size() == 1 && documents.get(0).isArray()) {
            List<ObjectNode> matches = matching(resources, target, dir);
            matches.forEach(resource -> applyJson6902(resource, (ArrayNode) documents.get(0), dir));
            return;
        }
        for (JsonNode document : documents) {
            JsonNode selector = target.isMissingNode()
                    ? JsonNodeFactory.instance.objectNode().put("kind", document.path("kind").asText())
                            .put("name", Pattern.quote(document.at("/metadata/name").asText()))
                    : target;
            for (ObjectNode resource : matching(resources, selector, dir)) {
                ObjectNode patch = document.deepCopy();
                if (!target.isMissingNode()) {
                    patch.remove("metadata"); // a targeted patch never renames
                }
                strategicMerge(resource, patch, isBuiltIn(resource));
            }
        }
    }

    private static List<ObjectNode> matching(List<ObjectNode> resources, JsonNode target, Path dir) {
        List<ObjectNode> matches = resources.stream().filter(r -> matches(r, target)).toList();
        if (matches.isEmpty()) {
            throw new IllegalStateException("patch in " + dir + " matches no resource: " + target);
        }
        return matches;
    }

    private static boolean matches(ObjectNode resource, JsonNode target) {
        if (target.hasNonNull("kind") && !target.get("kind").asText().equals(resource.path("kind").asText())) {
            return false;
        }
        if (target.hasNonNull("name") && !Pattern.matches(target.get("name").asText(), name(resource))) {
            return false;
        }
        if (target.hasNonNull("labelSelector")) {
            for (String requirement : target.get("labelSelector").asText().split(",")) {
                String[] keyValue = requirement.trim().split("=", 2);
                if (!keyValue[1].equals(resource.at("/metadata/labels").path(keyValue[0]).asText(null))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void applyJson6902(ObjectNode resource, ArrayNode operations, Path dir) {
        for (JsonNode operation : operations) {
            String op = operation.path("op").asText();
            List<String> tokens = pointer(operation.path("path").asText());
            JsonNode parent = resource;
            for (String token : tokens.subList(0, tokens.size() - 1)) {
                parent = parent.isArray() ? parent.path(Integer.parseInt(token)) : parent.path(token);
            }
            String last = tokens.get(tokens.size() - 1);
            String where = dir + ": " + op + " " + operation.path("path").asText() + " on " + name(resource);
            if (parent.isArray()) {
                ArrayNode array = (ArrayNode) parent;
                int index = "-".equals(last) ? array.size() : Integer.parseInt(last);
                switch (op) {
                    case "add" -> array.insert(index, operation.get("value").deepCopy());
                    case "replace" -> {
                        requireThat(index < array.size(), where);
                        array.set(index, operation.get("value").deepCopy());
                    }
                    case "remove" -> {
                        requireThat(index < array.size(), where);
                        array.remove(index);
                    }
                    default -> throw new IllegalStateException("unsupported op in " + where);
                }
            } else if (parent.isObject()) {
                ObjectNode object = (ObjectNode) parent;
                switch (op) {
                    case "add" -> object.set(last, operation.get("value").deepCopy());
                    case "replace" -> {
                        requireThat(object.has(last), where);
                        object.set(last, operation.get("value").deepCopy());
                    }
                    case "remove" -> {
                        requireThat(object.has(last), where);
                        object.remove(last);
                    }
                    default -> throw new IllegalStateException("unsupported op in " + where);
                }
            } else {
                throw new IllegalStateException("path does not exist: " + where);
            }
        }
    }

    private static void requireThat(boolean exists, String where) {
        if (!exists) {
            throw new IllegalStateException("path does not exist: " + where);
        }
    }

    private static List<String> pointer(String path) {
        List<String> tokens = new ArrayList<>();
        for (String token : path.substring(1).split("/", -1)) {
            tokens.add(token.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }

    /** JSON merge patch, plus merge-by-name of the usual lists for built-in kinds (as strategic merge does). */
    private static void strategicMerge(ObjectNode target, JsonNode patch, boolean builtIn) {
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            JsonNode existing = target.get(key);
            if (value.isNull()) {
                target.remove(key);
            } else if (value.isObject() && existing != null && existing.isObject()) {
                strategicMerge((ObjectNode) existing, value, builtIn);
            } else if (builtIn && value.isArray() && existing != null && existing.isArray()
                    && MERGED_BY_NAME.contains(key) && allNamed(value) && allNamed(existing)) {
                for (JsonNode element : value) {
                    ObjectNode same = null;
                    for (JsonNode candidate : existing) {
                        if (candidate.path("name").equals(element.path("name"))) {
                            same = (ObjectNode) candidate;
                        }
                    }
                    if (same != null) {
                        strategicMerge(same, element, true);
                    } else {
                        ((ArrayNode) existing).add(element.deepCopy());
                    }
                }
            } else {
                target.set(key, value.deepCopy());
            }
        }
    }

    private static boolean allNamed(JsonNode array) {
        for (JsonNode element : array) {
            if (!element.isObject() || !element.has("name")) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBuiltIn(JsonNode resource) {
        String apiVersion = resource.path("apiVersion").asText();
        return !apiVersion.contains("/") || !apiVersion.substring(0, apiVersion.indexOf('/')).contains(".");
    }

    private static void setImage(ObjectNode resource, JsonNode image) {
        for (String list : List.of("containers", "initContainers")) {
            for (JsonNode container : resource.at("/spec/template/spec/" + list)) {
                String current = container.path("image").asText();
                int tagAt = current.lastIndexOf(':');
                String imageName = tagAt > current.lastIndexOf('/') && tagAt > 0 ? current.substring(0, tagAt) : current;
                String tag = imageName.equals(current) ? null : current.substring(tagAt + 1);
                if (imageName.equals(image.path("name").asText())) {
                    String newName = image.path("newName").asText(imageName);
                    String newTag = image.path("newTag").asText(tag);
                    ((ObjectNode) container).put("image", newTag == null ? newName : newName + ":" + newTag);
                }
            }
        }
    }

    private static void requireUniqueIds(List<ObjectNode> resources, Path dir) {
        Set<String> ids = new java.util.HashSet<>();
        for (ObjectNode resource : resources) {
            String id = resource.path("kind").asText() + "/" + name(resource);
            if (!ids.add(id)) {
                throw new IllegalStateException(dir + " renders " + id + " twice");
            }
        }
    }

    static ObjectNode metadata(ObjectNode resource) {
        return resource.withObject("/metadata");
    }

    static String name(JsonNode resource) {
        return resource.at("/metadata/name").asText();
    }
}
