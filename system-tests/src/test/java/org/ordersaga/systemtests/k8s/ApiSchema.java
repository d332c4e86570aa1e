package org.ordersaga.systemtests.k8s;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.connect.KafkaConnect;
import io.strimzi.api.kafka.model.connector.KafkaConnector;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.MethodInfo;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * Checks rendered objects against the API models, strictly: a built-in kind against fabric8's Kubernetes model, the
 * Gateway API route against fabric8's Gateway API model, a {@code kafka.strimzi.io} kind against Strimzi's API model.
 * Any field the model does not know fails (the models keep unknown fields in a catch-all map by default; the mapper
 * here drops that map), as do a wrong type or an unknown enum value. For Strimzi, a field the model marks as absent
 * from the object's API version fails too, and so does a field it requires in that version.
 */
final class ApiSchema {

    /** apiVersion + kind -> the model class. Any other apiVersion/kind is refused: nothing rendered goes unchecked. */
    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("gateway.networking.k8s.io/v1/HTTPRoute", HTTPRoute.class),
            Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1/KafkaUser", KafkaUser.class),
            Map.entry("kafka.strimzi.io/v1/KafkaConnect", KafkaConnect.class),
            Map.entry("kafka.strimzi.io/v1/KafkaConnector", KafkaConnector.class));

    /**
     * The Prometheus operator's kinds: no model of them is served to this build (fabric8's openshift-model-monitoring
     * 8.0.0 is not), so K8sManifestsTest checks their content field by field instead.
     */
    static final Set<String> WITHOUT_MODEL = Set.of("monitoring.coreos.com/v1/PrometheusRule",
            "monitoring.coreos.com/v1/ServiceMonitor", "monitoring.coreos.com/v1/PodMonitor");

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .addModule(new SimpleModule("no-catch-all").setDeserializerModifier(new ValueDeserializerModifier() {
                @Override
                public tools.jackson.databind.deser.BeanDeserializerBuilder updateBuilder(
                        tools.jackson.databind.DeserializationConfig config,
                        tools.jackson.databind.BeanDescription.Supplier description,
                        tools.jackson.databind.deser.BeanDeserializerBuilder builder) {
                    builder.setAnySetter(null);
                    return builder;
                }
            }))
            .build();

    // Strimzi's version annotations have build-time retention in its CRD generator, which is not on this class path;
    // Jandex reads them from the class files.
    private static final DotName PRESENT_IN = DotName.createSimple("io.strimzi.crdgenerator.annotations.PresentInVersions");
    private static final DotName REQUIRED_IN = DotName.createSimple("io.strimzi.crdgenerator.annotations.RequiredInVersions");
    private static final List<String> STRIMZI_VERSIONS = List.of("v1alpha1", "v1beta1", "v1beta2", "v1");
    private static final Map<Class<?>, ClassInfo> INDEXED = new ConcurrentHashMap<>();

    private ApiSchema() {
    }

    static String typeOf(JsonNode resource) {
        return resource.path("apiVersion").asText() + "/" + resource.path("kind").asText();
    }

    /** The problems of one object; empty when its model accepts it. */
    static List<String> problems(JsonNode resource) {
        String type = typeOf(resource);
        String where = type + " " + KubectlKustomize.name(resource);
        if (WITHOUT_MODEL.contains(type)) {
            return List.of();
        }
        Class<?> model = MODELS.get(type);
        if (model == null) {
            return List.of(where + ": no API model for this apiVersion/kind (a typo, or an API version to add)");
        }
        Object parsed;
        try {
            parsed = STRICT.readValue(resource.toString(), model);
        } catch (RuntimeException e) {
            return List.of(where + ": " + e.getMessage().lines().findFirst().orElse(e.toString()));
        }
        List<String> problems = new ArrayList<>();
        String group = resource.path("apiVersion").asText();
        if (group.startsWith("kafka.strimzi.io/")) {
            checkStrimziVersion(parsed, group.substring(group.indexOf('/') + 1), where + " ", problems);
        }
        return problems;
    }

    private static void checkStrimziVersion(Object value, String version, String path, List<String> problems) {
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object element : list) {
                checkStrimziVersion(element, version, path + "[" + i++ + "]", problems);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, element) -> checkStrimziVersion(element, version, path + "." + key, problems));
            return;
        }
        if (value == null || !value.getClass().getName().startsWith("io.strimzi.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            String property = property(getter);
            if (property == null) {
                continue;
            }
            Object field;
            try {
                field = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            String present = annotation(getter, PRESENT_IN);
            String required = annotation(getter, REQUIRED_IN);
            if (field != null && present != null && !inRange(version, present)) {
                problems.add(path + property + ": not in " + version + " (only " + present + ")");
            }
            if (field == null && required != null && inRange(version, required)) {
                problems.add(path + property + ": required in " + version);
            }
            checkStrimziVersion(field, version, path + property + ".", problems);
        }
    }

    private static String property(Method getter) {
        if (getter.getParameterCount() != 0 || getter.isBridge() || Modifier.isStatic(getter.getModifiers())
                || getter.getDeclaringClass() == Object.class || !getter.getDeclaringClass().getName().startsWith("io.strimzi.")) {
            return null;
        }
        String name = getter.getName();
        if (name.equals("getAdditionalProperties") || name.equals("getClass")) {
            return null;
        }
        if (name.startsWith("get") && name.length() > 3) {
            return Character.toLowerCase(name.charAt(3)) + name.substring(4);
        }
        if (name.startsWith("is") && name.length() > 2 && getter.getReturnType() == boolean.class) {
            return Character.toLowerCase(name.charAt(2)) + name.substring(3);
        }
        return null;
    }

    private static String annotation(Method getter, DotName type) {
        ClassInfo info = INDEXED.computeIfAbsent(getter.getDeclaringClass(), ApiSchema::index);
        MethodInfo method = info.method(getter.getName());
        AnnotationInstance annotation = method == null ? null : method.declaredAnnotation(type);
        return annotation == null ? null : annotation.value().asString();
    }

    private static ClassInfo index(Class<?> type) {
        try {
            return Index.singleClass(type);
        } catch (IOException e) {
            throw new IllegalStateException("cannot index " + type, e);
        }
    }

    /** Strimzi's version ranges: {@code v1}, {@code v1beta2+}, {@code v1alpha1-v1beta2}. */
    static boolean inRange(String version, String range) {
        int at = rank(version);
        if (range.endsWith("+")) {
            return at >= rank(range.substring(0, range.length() - 1));
        }
        int dash = range.indexOf('-');
        if (dash > 0) {
            return at >= rank(range.substring(0, dash)) && at <= rank(range.substring(dash + 1));
        }
        return at == rank(range);
    }

    private static int rank(String version) {
        int rank = STRIMZI_VERSIONS.indexOf(version.trim());
        if (rank < 0) {
            throw new IllegalArgumentException("unknown Strimzi API version " + version);
        }
        return rank;
    }
}
