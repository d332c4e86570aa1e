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
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ordersaga.bench.compare.FinalStateWatcher;
import org.ordersaga.testsupport.PlatformProcess;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Open-loop load on the async PlaceOrder saga: orders are sent at a fixed arrival rate whatever the response times
 * (so a slow system is not hidden by a slower client), and every latency starts at the order's due instant in that
 * schedule. Accept latency = until its 202; the order is final when its {@code OrderApproved}/{@code OrderRejected}
 * reply reaches Kafka; the saga is done when its last step ({@code NotificationSent}) does. Also the stack's CPU per
 * final order, by process. Starts a fresh stack of its own unless {@code --order-url} names a running one.
 */
@Command(name = "saga", description = "Open-loop load on the async saga: orders/s, accept and completion latency, CPU "
        + "per completed order by process.")
final class SagaLoadBenchmark implements Callable<Integer> {
    private static final Pattern ORDER_ID = Pattern.compile("\"orderId\"\\s*:\\s*\"([^\"]+)\"");

    @Option(names = "--rate", paramLabel = "N", description = "Orders per second (default: ${DEFAULT-VALUE}).")
    int rate = 50;

    @Option(names = "--duration", paramLabel = "S", description = "Seconds of load (default: ${DEFAULT-VALUE}).")
    int seconds = 60;

    @Option(names = "--drain", paramLabel = "S",
            description = "Seconds to wait afterwards for the sagas to finish (default: ${DEFAULT-VALUE}).")
    int drainSeconds = 30;

    @Option(names = "--reject-percent", paramLabel = "P",
            description = "Orders rejected by design, in percent (default: ${DEFAULT-VALUE}).")
    int rejectPercent = 10;

    @Option(names = "--order-url", paramLabel = "URL",
            description = "Use a running stack: order-service's base URL (default: start a fresh stack).")
    String orderUrl;

    @Option(names = "--kafka", paramLabel = "HOST:PORT",
            description = "The running stack's Kafka (default: ${DEFAULT-VALUE}).")
    String kafka = "localhost:19092";

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "The running stack's order_db; its port finds PostgreSQL for the CPU figures (default: "
                    + "${DEFAULT-VALUE}).")
    String jdbcUrl = "jdbc:postgresql://localhost:15432/order_db";

    @Option(names = "--stack-pid", paramLabel = "PID",
            description = "The running stack's launcher (platform.jar up), root of the processes whose CPU is measured "
                    + "(default: found by its command line).")
    Long stackPid;

    @Override
    public Integer call() throws Exception {
        if (orderUrl != null) {
            run(orderUrl, kafka, StackCpu.locate(stackPid, jdbcUrl));
            return 0;
        }
        System.out.println("saga: starting a fresh stack (up, no Zipkin) in bench/target/bench-saga");
        try (PlatformProcess platform = PlatformProcess.start(Path.of("bench", "target", "bench-saga")
                .toAbsolutePath(), List.of("up", "--clean", "--no-zipkin", "--pg-port", "0", "--kafka-port", "0"))) {
            run(platform.serviceUrl("order"), platform.kafkaBootstrap(),
                    StackCpu.locate(stackPid, platform.jdbcUrl("order_db")));
        }
        return 0;
    }

    private void run(String orderServiceUrl, String kafkaBootstrap, StackCpu cpu) throws Exception {
        System.out.println("saga: CPU " + cpu.description());
        try (FinalStateWatcher replies = new FinalStateWatcher(kafkaBootstrap)) {
            drive(orderServiceUrl, replies.finalTimes(), replies.doneTimes(), cpu).print(rate, seconds);
        }
    }

    record Answer(HttpResponse<String> response, long answeredAt) {
    }

    /** An order sent: its due instant in the schedule (where its latencies start) and its answer to come. */
    record Sent(long dueAt, CompletableFuture<Answer> answer) {
    }

    record Result(LatencyHistogram accept, Map<String, Long> dueAt, Map<String, Long> finalAt,
                  Map<String, Long> doneAt, int offered, int accepted, int refused, int errors, double loadSeconds,
                  CpuPerOrder cpu) {

        void print(int rate, int seconds) {
            LatencyHistogram orderFinal = latencies(finalAt);
            LatencyHistogram sagaDone = latencies(doneAt);
            System.out.printf("saga: offered %d orders at %d/s for %d s; accepted %d (%.1f %%), refused (503) %d, "
                    + "errors %d%n", offered, rate, seconds, accepted, 100.0 * accepted / offered, refused, errors);
            System.out.printf("saga: orders final %d (%.1f %%), sagas done %d; completed sagas/s over the load window: %.1f%n",
                    orderFinal.count(), 100.0 * orderFinal.count() / Math.max(1, accepted), sagaDone.count(),
                    doneWithin(loadSeconds) / loadSeconds);
            System.out.printf("saga: accept latency        %s%n", accept.summary());
            System.out.printf("saga: order final latency   %s%n", orderFinal.summary());
            System.out.printf("saga: saga done latency     %s%n", sagaDone.summary());
            System.out.printf("saga: CPU per final order over %.0f s of load and drain:%n%s", cpu.windowSeconds(),
                    CpuPerOrder.table(Map.of("async", cpu)));
        }

        private long doneWithin(double windowSeconds) {
            long first = dueAt.values().stream().mapToLong(Long::longValue).min().orElse(0);
            long end = first + (long) (windowSeconds * 1e9);
            return doneAt.values().stream().filter(t -> t <= end).count();
        }

        private LatencyHistogram latencies(Map<String, Long> arrivals) {
            LatencyHistogram latency = new LatencyHistogram();
            arrivals.forEach((orderId, arrivedAt) -> {
                Long due = dueAt.get(orderId);
                if (due != null) {
                    latency.recordNanos(arrivedAt - due);
                }
            });
            return latency;
        }
    }

    private Result drive(String orderServiceUrl, Map<String, Long> finalAt, Map<String, Long> doneAt, StackCpu cpu)
            throws Exception {
        // HTTP/1.1: one connection per request in flight, as most load tools do (HTTP/2 would queue on one connection).
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        warmUp(http, orderServiceUrl);
        int total = rate * seconds;
        List<Sent> sent = new ArrayList<>(total);
        StackCpu.Sample cpuBefore = cpu.sample();
        OpenLoopSchedule schedule = OpenLoopSchedule.startingNow(rate);
        for (int i = 0; i < total; i++) {
            long dueAt = schedule.awaitTurn(i);
            boolean designedToFail = (i % 100) < rejectPercent;
            sent.add(new Sent(dueAt, http.sendAsync(order(orderServiceUrl, designedToFail),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                    .thenApply(response -> new Answer(response, System.nanoTime()))));
        }
        double loadSeconds = (System.nanoTime() - schedule.startNanos()) / 1e9;

        LatencyHistogram accept = new LatencyHistogram();
        Map<String, Long> dueAtByOrder = new ConcurrentHashMap<>();
        int accepted = 0;
        int refused = 0;
        int errors = 0;
        for (Sent request : sent) {
            try {
                Answer answer = request.answer().get(30, TimeUnit.SECONDS);
                HttpResponse<String> response = answer.response();
                Matcher id = ORDER_ID.matcher(response.body());
                if (response.statusCode() == 202 && id.find()) {
                    accepted++;
                    accept.recordNanos(answer.answeredAt() - request.dueAt());
                    dueAtByOrder.put(id.group(1), request.dueAt());
                } else if (response.statusCode() == 503) {
                    refused++;
                } else {
                    errors++;
                }
            } catch (Exception e) {
                errors++;
            }
        }
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
        while (System.nanoTime() < drainUntil && !doneAt.keySet().containsAll(dueAtByOrder.keySet())) {
            Thread.sleep(100);
        }
        StackCpu.Sample cpuAfter = cpu.sample();
        int orderFinal = (int) dueAtByOrder.keySet().stream().filter(finalAt::containsKey).count();
        return new Result(accept, dueAtByOrder, finalAt, doneAt, total, accepted, refused, errors, loadSeconds,
                cpu.perOrder(cpuBefore, cpuAfter, orderFinal));
    }

    static void warmUp(HttpClient http, String orderUrl) throws Exception {
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
