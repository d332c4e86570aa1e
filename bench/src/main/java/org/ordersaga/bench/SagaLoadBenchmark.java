package org.ordersaga.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ordersaga.bench.compare.FinalStateWatcher;
import org.ordersaga.testsupport.PlatformProcess;

/**
 * Open-loop load on the async PlaceOrder saga: orders are sent at a fixed arrival rate whatever the response times
 * (so a slow system is not hidden by a slower client). Accept latency = POST until its 202; the order is final when
 * its {@code OrderApproved}/{@code OrderRejected} reply reaches Kafka; the saga is done when its last step
 * ({@code NotificationSent}) does. Starts a fresh stack of its own unless {@code --order-url} names a running one.
 */
final class SagaLoadBenchmark {
    private static final Pattern ORDER_ID = Pattern.compile("\"orderId\"\\s*:\\s*\"([^\"]+)\"");

    private SagaLoadBenchmark() {
    }

    static void run(Options options) throws Exception {
        int rate = options.integer("rate", 50);
        int seconds = options.integer("duration", 60);
        int drainSeconds = options.integer("drain", 30);
        int rejectPercent = options.integer("reject-percent", 10);
        String orderUrl = options.values().get("order-url");
        String kafka = options.values().get("kafka");
        PlatformProcess platform = null;
        if (orderUrl == null) {
            System.out.println("saga: starting a fresh stack (up, no Zipkin) in bench/target/bench-saga");
            platform = PlatformProcess.start(Path.of("bench", "target", "bench-saga").toAbsolutePath(),
                    List.of("up", "--clean", "--no-zipkin", "--pg-port", "0", "--kafka-port", "0"));
            orderUrl = platform.serviceUrl("order");
            kafka = platform.kafkaBootstrap();
        }
        try {
            Result result = drive(orderUrl, kafka, rate, seconds, drainSeconds, rejectPercent);
            result.print(rate, seconds);
        } finally {
            if (platform != null) {
                platform.close();
            }
        }
    }

    record Answer(HttpResponse<String> response, long answeredAt) {
    }

    record Sent(long sentAt, CompletableFuture<Answer> answer) {
    }

    record Result(List<Double> acceptMs, Map<String, Long> sentAt, Map<String, Long> finalAt,
                  Map<String, Long> doneAt, int offered, int accepted, int errors, double loadSeconds) {

        void print(int rate, int seconds) {
            double[] orderFinal = latencies(finalAt);
            double[] sagaDone = latencies(doneAt);
            System.out.printf("saga: offered %d orders at %d/s for %d s; accepted %d (%.1f %%), errors %d%n", offered,
                    rate, seconds, accepted, 100.0 * accepted / offered, errors);
            System.out.printf("saga: orders final %d (%.1f %%), sagas done %d; completed sagas/s over the load window: %.1f%n",
                    orderFinal.length, 100.0 * orderFinal.length / Math.max(1, accepted), sagaDone.length,
                    doneWithin(loadSeconds) / loadSeconds);
            System.out.printf("saga: accept latency        %s%n",
                    new Percentiles(acceptMs.stream().mapToDouble(Double::doubleValue).toArray()).summary(" ms"));
            System.out.printf("saga: order final latency   %s%n", new Percentiles(orderFinal).summary(" ms"));
            System.out.printf("saga: saga done latency     %s%n", new Percentiles(sagaDone).summary(" ms"));
        }

        private long doneWithin(double windowSeconds) {
            long first = sentAt.values().stream().mapToLong(Long::longValue).min().orElse(0);
            long end = first + (long) (windowSeconds * 1e9);
            return doneAt.values().stream().filter(t -> t <= end).count();
        }

        private double[] latencies(Map<String, Long> arrivals) {
            return arrivals.entrySet().stream().filter(e -> sentAt.containsKey(e.getKey()))
                    .mapToDouble(e -> (e.getValue() - sentAt.get(e.getKey())) / 1e6).toArray();
        }
    }

    static Result drive(String orderUrl, String kafka, int rate, int seconds, int drainSeconds, int rejectPercent)
            throws Exception {
        try (FinalStateWatcher replies = new FinalStateWatcher(kafka)) {
            return drive(orderUrl, replies.finalTimes(), replies.doneTimes(), rate, seconds, drainSeconds,
                    rejectPercent);
        }
    }

    private static Result drive(String orderUrl, Map<String, Long> finalAt, Map<String, Long> doneAt, int rate,
            int seconds, int drainSeconds, int rejectPercent) throws Exception {
        // HTTP/1.1: one connection per request in flight, as most load tools do (HTTP/2 would queue on one connection).
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        warmUp(http, orderUrl);
        int total = rate * seconds;
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        List<Sent> sent = new ArrayList<>(total);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            LockSupport.parkNanos(start + i * interval - System.nanoTime());
            boolean designedToFail = (i % 100) < rejectPercent;
            long sentAt = System.nanoTime();
            sent.add(new Sent(sentAt, http.sendAsync(order(orderUrl, designedToFail),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                    .thenApply(response -> new Answer(response, System.nanoTime()))));
        }
        double loadSeconds = (System.nanoTime() - start) / 1e9;

        List<Double> acceptMs = new ArrayList<>();
        Map<String, Long> sentAtByOrder = new ConcurrentHashMap<>();
        int accepted = 0;
        int errors = 0;
        for (Sent request : sent) {
            try {
                Answer answer = request.answer().get(30, TimeUnit.SECONDS);
                HttpResponse<String> response = answer.response();
                long answeredAt = answer.answeredAt();
                Matcher id = ORDER_ID.matcher(response.body());
                if (response.statusCode() == 202 && id.find()) {
                    accepted++;
                    acceptMs.add((answeredAt - request.sentAt()) / 1e6);
                    sentAtByOrder.put(id.group(1), request.sentAt());
                } else {
                    errors++;
                }
            } catch (Exception e) {
                errors++;
            }
        }
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
        while (System.nanoTime() < drainUntil && !doneAt.keySet().containsAll(sentAtByOrder.keySet())) {
            Thread.sleep(100);
        }
        return new Result(acceptMs, sentAtByOrder, finalAt, doneAt, total, accepted, errors, loadSeconds);
    }

    private static void warmUp(HttpClient http, String orderUrl) throws Exception {
        for (int i = 0; i < 50; i++) {
            http.send(order(orderUrl, false), HttpResponse.BodyHandlers.discarding());
        }
    }

    static HttpRequest order(String orderUrl, boolean designedToFail) {
        String customer = designedToFail ? "cust-broke" : "cust-alice";
        String body = "{\"customerId\":\"" + customer + "\",\"items\":[{\"sku\":\"SKU-PEN\",\"quantity\":1}],"
                + "\"shippingAddress\":{\"name\":\"Bench " + UUID.randomUUID() + "\",\"street\":\"1 Main St\","
                + "\"city\":\"Springfield\",\"postalCode\":\"12345\",\"country\":\"DE\"}}";
        return HttpRequest.newBuilder(URI.create(orderUrl + "/orders")).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
