package org.ordersaga.bench.compare;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;

import org.ordersaga.bench.CpuPerOrder;
import org.ordersaga.bench.LatencyHistogram;
import org.ordersaga.bench.OpenLoopSchedule;
import org.ordersaga.bench.Recovery;
import org.ordersaga.bench.StackCpu;
import org.ordersaga.bench.compare.InvariantChecker.OrderFacts;
import org.ordersaga.bench.compare.InvariantChecker.Snapshot;

/**
 * One scenario in one mode: open-loop load (orders sent at a fixed arrival rate whatever the response times, so a slow
 * system is not hidden by a slower client; latencies start at each order's due instant), the scenario's fault on
 * during its window, then a drain until every accepted order is final and its saga done (or the drain time is up),
 * then the invariant check over the services' data. The stack's CPU is read before the load and after the drain.
 * A mixed run sends the same load without naming a mode and reports each mode's orders apart, over one drain and one
 * invariant check: both shapes share the stock and the credit, so only one check over all orders can prove them.
 */
final class LoadRun {
    private static final double HEALTH_SAMPLE_SECONDS = 0.5;
    private static final String MODE_HEADER = "X-Order-Mode";
    private static final double RECOVERY_WINDOW_SECONDS = 5;

    record Window(int loadSeconds, int faultStartSeconds, int faultSeconds, int drainSeconds) {
    }

    /**
     * An order sent: its due instant in the schedule (where its latencies start), the Idempotency-Key of a mixed run
     * (null otherwise) and its answer to come.
     */
    private record Sent(int index, OrderKind kind, long dueAt, String key, CompletableFuture<Answer> answer) {
    }

    /** {@code mode}: the answer's {@code X-Order-Mode} header, the mode order-service ran the order in. */
    private record Answer(int status, String body, String mode, long answeredAt, String error) {
    }

    private record HealthSample(double atSeconds, boolean ready) {
    }

    private final StackClient client;
    private final StackReader reader;
    private final FinalStateWatcher watcher;
    private final StackCpu cpu;
    private final PrintStream progress;

    LoadRun(StackClient client, FinalStateWatcher watcher, StackCpu cpu, PrintStream progress) {
        this.client = client;
        this.reader = new StackReader(client);
        this.watcher = watcher;
        this.cpu = cpu;
        this.progress = progress;
    }

    /**
     * Unreported baseline load in one mode: freshly started JVMs are slow during their first minute of load (most
     * likely still compiling their hot paths, on two cores), so figures taken before are neither steady nor
     * repeatable. Waits, like a run, until the warm-up's orders are final. No seconds, no warm-up.
     */
    void warmUp(Mode mode, int rate, int seconds, int drainSeconds) throws Exception {
        if (seconds <= 0) {
            return;
        }
        progress.printf("bench: warm-up, %d s of baseline load at %d/s in %s mode (not reported)%n", seconds, rate,
                mode.id());
        run(Scenario.BASELINE, mode, rate, new Window(seconds, 0, 0, drainSeconds));
    }

    RunResult run(Scenario scenario, Mode mode, int rate, Window window) throws Exception {
        return runOrders(scenario, scenario.title(), mode, 0, rate, window).get(0);
    }

    /**
     * Both modes at once: no order names its mode, so order-service's rollout switch (its share set beforehand to
     * {@code sagaSharePercent}) picks each one's by its Idempotency-Key. One result per mode, sync first.
     */
    List<RunResult> runMixed(Scenario scenario, int sagaSharePercent, int rate, Window window) throws Exception {
        String title = scenario.title() + ", " + sagaSharePercent + " % through the saga";
        return runOrders(scenario, title, null, sagaSharePercent, rate, window);
    }

    /** {@code fixedMode} null: a mixed run at {@code sagaSharePercent}. */
    private List<RunResult> runOrders(Scenario scenario, String title, Mode fixedMode, int sagaSharePercent, int rate,
            Window window) throws Exception {
        String label = "[" + scenario.id() + " " + (fixedMode == null ? "both modes" : fixedMode.id()) + "]";
        String runId = UUID.randomUUID().toString();
        Snapshot before = reader.snapshot(watcher.deadLetters());
        long paymentRestBefore = reader.paymentRestCommands();
        long paymentMessagesBefore = watcher.paymentCommands();

        int total = rate * window.loadSeconds();
        long faultStart = TimeUnit.SECONDS.toNanos(window.faultStartSeconds());
        long faultEnd = faultStart + TimeUnit.SECONDS.toNanos(window.faultSeconds());
        List<Sent> sent = new ArrayList<>(total);
        List<HealthSample> health = new CopyOnWriteArrayList<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        progress.printf("%s %d orders at %d/s for %d s; %s%n", label, total, rate, window.loadSeconds(),
                !scenario.hasFault() ? "no fault" : String.format("%s from %d s to %d s", scenario.title(),
                        window.faultStartSeconds(), window.faultStartSeconds() + window.faultSeconds()));

        Fault fault = scenario.hasFault() ? scenario.newFault() : null;
        StackCpu.Sample cpuBefore = cpu.sample();
        OpenLoopSchedule schedule = OpenLoopSchedule.startingNow(rate);
        long start = schedule.startNanos();
        Thread sampler = new Thread(() -> sampleHealth(start, loading, health), "bench-health");
        sampler.start();
        boolean faultOn = false;
        try {
            for (int i = 0; i < total; i++) {
                long dueAt = schedule.awaitTurn(i);
                long elapsed = System.nanoTime() - start;
                if (fault != null && !faultOn && elapsed >= faultStart && elapsed < faultEnd) {
                    fault.begin(client);
                    faultOn = true;
                    progress.printf("%s %.1f s: fault on (%s)%n", label, elapsed / 1e9, scenario.title());
                } else if (faultOn && elapsed >= faultEnd) {
                    fault.end(client);
                    faultOn = false;
                    progress.printf("%s %.1f s: fault off%n", label, elapsed / 1e9);
                }
                OrderKind kind = OrderKind.of(i);
                // Every order has a key: an order whose answer was lost is found again by repeating it (below).
                String key = "bench-" + runId + "-" + i;
                sent.add(new Sent(i, kind, dueAt, key, send(fixedMode, key, kind, i)));
                if (i > 0 && i % rate == 0) {
                    long answered = sent.stream().filter(s -> s.answer().isDone()).count();
                    progress.printf("%s %2d s: sent %d, answered %d, in flight %d%n", label, i / rate, sent.size(),
                            answered, sent.size() - answered);
                }
            }
        } finally {
            if (faultOn) {
                fault.end(client);
                progress.printf("%s fault off at the end of the load%n", label);
            }
            loading.set(false);
            sampler.join();
        }
        double loadSeconds = (System.nanoTime() - start) / 1e9;

        Map<String, Sent> byOrder = new LinkedHashMap<>();
        Map<Integer, Answer> answers = new LinkedHashMap<>();
        Map<Integer, Mode> modes = new LinkedHashMap<>();
        Map<Mode, Map<String, Integer>> errors = new EnumMap<>(Mode.class);
        for (Sent request : sent) {
            Answer answer = awaitAnswer(request);
            answers.put(request.index(), answer);
            Mode mode = fixedMode != null ? fixedMode : ranAs(request, answer, sagaSharePercent);
            modes.put(request.index(), mode);
            String orderId = orderId(answer);
            if (orderId != null) {
                byOrder.put(orderId, request);
            }
            if (!accepted(mode, answer)) {
                errors.computeIfAbsent(mode, m -> new TreeMap<>())
                        .merge(answer.error() != null ? answer.error() : "HTTP " + answer.status(), 1, Integer::sum);
            }
        }
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(window.drainSeconds());
        int unknown = findLostAnswers(label, fixedMode, sent, answers, modes, byOrder, drainUntil);
        // Async: until every saga is done, not only decided: its last step (the notification, which a sync order
        // sends before its answer) is the order's work too, and the CPU read after the drain must hold it.
        List<String> asyncOrders = byOrder.entrySet().stream()
                .filter(e -> modes.get(e.getValue().index()) == Mode.ASYNC).map(Map.Entry::getKey).toList();
        while (System.nanoTime() < drainUntil && !watcher.doneTimes().keySet().containsAll(asyncOrders)) {
            Thread.sleep(100);
        }
        // Sync: an order answered without a decision (502) stays PENDING until order-service's recovery sweep has
        // finished its chain.
        List<String> undecided = new ArrayList<>(byOrder.entrySet().stream()
                .filter(e -> modes.get(e.getValue().index()) == Mode.SYNC
                        && !accepted(Mode.SYNC, answers.get(e.getValue().index())))
                .map(Map.Entry::getKey).toList());
        while (System.nanoTime() < drainUntil && !undecided.isEmpty()) {
            undecided.removeIf(reader::decided);
            Thread.sleep(1000);
        }
        ServiceProcess.restartedPids().forEach(cpu::include);
        StackCpu.Sample cpuAfter = cpu.sample();
        long paymentRestAfter = reader.paymentRestCommands();
        // payment-service's counter starts again from 0 when the service does (a chaos run kills it): unknown then
        long paymentRest = paymentRestAfter >= paymentRestBefore ? paymentRestAfter - paymentRestBefore : -1;
        long paymentMessages = watcher.paymentCommands() - paymentMessagesBefore;
        List<OrderFacts> facts = reader.orders(new ArrayList<>(byOrder.keySet()));
        Snapshot after = reader.snapshot(watcher.deadLetters());
        // Errors injected through /admin/faults are dead-lettered by design (the orchestrator re-sends the command after
        // its deadline); a crash, a pause or lost connections must dead-letter nothing.
        boolean deadLettersCount = !scenario.hasFault() || scenario.isChaos();
        List<InvariantChecker.Violation> violations = judged(InvariantChecker.check(facts, before, after), unknown,
                deadLettersCount);
        // Effects are eventual: a sync order's notification may still be owed to order-service's recovery sweep
        // (10 s backoff, doubling). Orders still wrong are read again for up to a minute; what stays wrong is reported.
        long settleUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (violations.stream().anyMatch(v -> v.orderId() != null) && System.nanoTime() < settleUntil) {
            Set<String> wrong = new TreeSet<>();
            violations.stream().map(InvariantChecker.Violation::orderId).filter(Objects::nonNull)
                    .forEach(wrong::add);
            progress.printf("%s %d orders not consistent yet, reading them again in 10 s%n", label, wrong.size());
            Thread.sleep(10_000);
            Map<String, OrderFacts> reread = new LinkedHashMap<>();
            reader.orders(new ArrayList<>(wrong)).forEach(f -> reread.put(f.orderId(), f));
            facts = facts.stream().map(f -> reread.getOrDefault(f.orderId(), f)).toList();
            after = reader.snapshot(watcher.deadLetters());
            violations = judged(InvariantChecker.check(facts, before, after), unknown, deadLettersCount);
        }
        int completedInRun = (int) facts.stream().filter(f -> Set.of("APPROVED", "REJECTED").contains(f.status()))
                .count();

        List<RunResult> results = new ArrayList<>();
        for (Mode mode : fixedMode != null ? List.of(fixedMode) : List.of(Mode.SYNC, Mode.ASYNC)) {
            List<Sent> ofMode = sent.stream().filter(r -> modes.get(r.index()) == mode).toList();
            Map<String, Sent> ordersOfMode = new LinkedHashMap<>();
            byOrder.forEach((id, request) -> {
                if (modes.get(request.index()) == mode) {
                    ordersOfMode.put(id, request);
                }
            });
            List<OrderFacts> factsOfMode = facts.stream().filter(f -> ordersOfMode.containsKey(f.orderId())).toList();
            // A per-SKU or per-customer violation belongs to both modes: they move the same stock and credit.
            List<InvariantChecker.Violation> violationsOfMode = violations.stream()
                    .filter(v -> v.orderId() == null || ordersOfMode.containsKey(v.orderId())).toList();
            // A mixed run's payment calls split by transport: REST calls are the chain's, records the saga's.
            long paymentCalls;
            if (fixedMode == null) {
                paymentCalls = mode == Mode.SYNC ? paymentRest : paymentMessages;
            } else {
                paymentCalls = paymentRest < 0 ? (mode == Mode.SYNC ? -1 : paymentMessages)
                        : paymentRest + paymentMessages;
            }
            RunResult result = summarize(scenario, fault, title, mode, rate, window, loadSeconds, start, ofMode, answers,
                    ordersOfMode, factsOfMode, violationsOfMode, errors.getOrDefault(mode, new TreeMap<>()),
                    paymentCalls, health, cpu.perOrder(cpuBefore, cpuAfter, completedInRun));
            String modeLabel = fixedMode != null ? label : "[" + scenario.id() + " " + mode.id() + "]";
            progress.printf("%s done: offered %d, accepted %.1f %%, completed %.1f %%, approved %d, rejected %d, "
                    + "inconsistent %d, accept p99 %.0f ms, completion p99 %.0f ms, payment calls/order %.2f, "
                    + "client errors %d%n", modeLabel, result.offered(), result.acceptedPercent(),
                    result.completedPercent(), result.approved(), result.rejected(), result.inconsistent(),
                    result.acceptLatencyMs().p99(), result.completionLatencyMs().p99(), result.paymentCallsPerOrder(),
                    result.clientErrors());
            results.add(result);
        }
        progress.printf("%s CPU per completed order%s: %s%n", label, fixedMode != null ? "" : " (both modes)",
                results.get(0).cpuPerOrder().oneLine());
        violations.stream().limit(5).forEach(v -> progress.printf("%s   inconsistent: %s%n", label, v));
        return results;
    }

    /**
     * The mode a mixed run's order ran in: as its answer says, or as the rollout rule predicts from its key when no
     * answer came (a timeout, a refused connection).
     */
    private static Mode ranAs(Sent request, Answer answer, int sagaSharePercent) {
        if (answer.mode() != null) {
            return Mode.byId(answer.mode());
        }
        return RolloutRule.modeOf(request.key(), sagaSharePercent);
    }

    /** One mode's orders of a run; {@code start} is the run's, so a mixed run's two timelines share one clock. */
    private RunResult summarize(Scenario scenario, Fault fault, String title, Mode mode, int rate, Window window,
            double loadSeconds,
            long start, List<Sent> sent, Map<Integer, Answer> answers, Map<String, Sent> byOrder,
            List<OrderFacts> facts, List<InvariantChecker.Violation> violations, Map<String, Integer> errors,
            long paymentCalls, List<HealthSample> health, CpuPerOrder cpuPerOrder) {
        Map<String, String> statusByOrder = new LinkedHashMap<>();
        facts.forEach(f -> statusByOrder.put(f.orderId(), f.status()));
        LatencyHistogram acceptLatency = new LatencyHistogram();
        LatencyHistogram completionLatency = new LatencyHistogram();
        List<RunResult.Point> timeline = new ArrayList<>();
        // For the recovery: an order that failed, did not complete or was rejected although approvable has no latency.
        List<Recovery.Sample> outcomes = new ArrayList<>();
        int accepted = 0;
        int rejectedUnexpectedly = 0;
        Map<Integer, String> orderIdByIndex = new LinkedHashMap<>();
        byOrder.forEach((id, request) -> orderIdByIndex.put(request.index(), id));
        for (Sent request : sent) {
            Answer answer = answers.get(request.index());
            String orderId = orderIdByIndex.get(request.index());
            double sentSeconds = (request.dueAt() - start) / 1e9;
            long answerNanos = answer.answeredAt() - request.dueAt();
            if (!accepted(mode, answer)) {
                timeline.add(new RunResult.Point(sentSeconds, null,
                        answer.error() != null ? answer.error() : "HTTP " + answer.status()));
                outcomes.add(new Recovery.Sample(sentSeconds, null));
                continue;
            }
            accepted++;
            acceptLatency.recordNanos(answerNanos);
            Long finalAt = orderId == null ? null : watcher.finalAt(orderId);
            Long completionNanos = mode == Mode.SYNC ? Long.valueOf(answerNanos)
                    : finalAt == null ? null : finalAt - request.dueAt();
            String status = orderId == null ? "UNKNOWN" : statusByOrder.getOrDefault(orderId, "UNKNOWN");
            boolean wronglyRejected = status.equals("REJECTED") && request.kind().expectedStatus.equals("APPROVED");
            if (wronglyRejected) {
                rejectedUnexpectedly++;
            }
            boolean completed = completionNanos != null && !status.equals("PENDING");
            if (completed) {
                completionLatency.recordNanos(completionNanos);
            }
            timeline.add(new RunResult.Point(sentSeconds, completed ? completionNanos / 1e6 : null, status));
            outcomes.add(new Recovery.Sample(sentSeconds, completed && !wronglyRejected ? completionNanos / 1e6 : null));
        }
        int offered = sent.size();
        int approved = (int) statusByOrder.values().stream().filter("APPROVED"::equals).count();
        int rejected = (int) statusByOrder.values().stream().filter("REJECTED"::equals).count();
        long inconsistentOrders = violations.stream().filter(v -> v.orderId() != null)
                .map(InvariantChecker.Violation::orderId).distinct().count();
        long globalViolations = violations.stream().filter(v -> v.orderId() == null).count();
        double faultFrom = fault == null ? 0 : window.faultStartSeconds();
        double faultTo = fault == null ? 0 : window.faultStartSeconds() + window.faultSeconds();
        List<HealthSample> inWindow = health.stream().filter(h -> h.atSeconds() >= faultFrom && h.atSeconds() < faultTo)
                .toList();
        return new RunResult(scenario.id(), title, mode.id(), rate, loadSeconds, faultFrom, faultTo,
                offered, accepted, percent(accepted, offered), approved + rejected, percent(approved + rejected, offered),
                approved, rejected, rejectedUnexpectedly, (int) (inconsistentOrders + globalViolations),
                violations.stream().limit(50).toList(),
                RunResult.Latency.of(acceptLatency), RunResult.Latency.of(completionLatency),
                paymentCalls, paymentCalls < 0 ? Double.NaN : offered == 0 ? 0 : (double) paymentCalls / offered,
                errors.values().stream().mapToInt(Integer::intValue).sum(), errors,
                new RunResult.Health(health.size(), readyPercent(health), inWindow.size(), readyPercent(inWindow)),
                cpuPerOrder, fault == null ? null : recovery(fault, start, faultFrom, loadSeconds, outcomes), timeline);
    }

    /**
     * How the run recovered from its fault: normal is the completion p99 of the orders done before the fault, with
     * half of it again or 200 ms of slack (whichever is more: a short p99 moves by more than half on a noisy machine);
     * the windows start when the faulted part was back and end with the load. An order that failed, did not complete
     * or was rejected although approvable is not normal.
     */
    private static RunResult.FaultRecovery recovery(Fault fault, long start, double faultFrom, double loadSeconds,
            List<Recovery.Sample> outcomes) {
        // Orders done before the fault began: one still in flight at its start would count the fault as normal.
        LatencyHistogram before = new LatencyHistogram();
        outcomes.stream().filter(o -> o.latencyMs() != null && o.dueSeconds() + o.latencyMs() / 1000 < faultFrom)
                .forEach(o -> before.recordNanos((long) (o.latencyMs() * 1e6)));
        double normalP99 = before.count() == 0 ? Double.NaN : before.percentileMs(99);
        double bound = Double.isNaN(normalP99) ? Double.POSITIVE_INFINITY
                : Math.max(normalP99 * 1.5, normalP99 + 200);
        int affected = (int) outcomes.stream().filter(o -> o.dueSeconds() >= faultFrom)
                .filter(o -> o.latencyMs() == null || o.latencyMs() > bound).count();
        long backAt = fault.backAtNanos();
        if (backAt == 0) {
            return new RunResult.FaultRecovery(null, normalP99, bound, null, affected);
        }
        double backSeconds = (backAt - start) / 1e9;
        List<Double> p99s = Recovery.windowP99s(outcomes, backSeconds, loadSeconds, RECOVERY_WINDOW_SECONDS);
        int firstNormal = Recovery.firstNormalFromOn(p99s, bound);
        // Without orders done before the fault there is no normal to come back to.
        Double normalAfter = Double.isInfinite(bound) || p99s.isEmpty() || firstNormal == p99s.size() ? null
                : firstNormal * RECOVERY_WINDOW_SECONDS;
        return new RunResult.FaultRecovery(backSeconds, normalP99, bound, normalAfter, affected);
    }

    private static double readyPercent(List<HealthSample> samples) {
        return percent((int) samples.stream().filter(HealthSample::ready).count(), samples.size());
    }

    private static double percent(int part, int whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }

    /** Sync answers the decision (201 approved, 200 rejected); async accepts with 202. */
    private static boolean accepted(Mode mode, Answer answer) {
        return answer.error() == null && (mode == Mode.ASYNC ? answer.status() == 202
                : answer.status() == 200 || answer.status() == 201);
    }

    /** The order ID of an answer: in its body, or in the detail of a sync order left incomplete (502). */
    private static String orderId(Answer answer) {
        if (answer.body() == null || answer.body().isBlank()) {
            return null;
        }
        try {
            JsonNode body = StackClient.JSON.readTree(answer.body());
            if (body.hasNonNull("orderId")) {
                return body.path("orderId").asText();
            }
            java.util.regex.Matcher inDetail = java.util.regex.Pattern
                    .compile("^Order ([0-9a-f-]{36}):").matcher(body.path("detail").asText(""));
            return inDetail.find() ? inDetail.group(1) : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** {@code mode} null: no mode named, the order carries its Idempotency-Key {@code key} for the rollout. */
    private CompletableFuture<Answer> send(Mode mode, String key, OrderKind kind, int index) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(client.stack.url("order") + "/orders"
                        + (mode != null ? "?mode=" + mode.id() : "")))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(kind.body(index)));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return client.http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .thenApply(response -> new Answer(response.statusCode(), response.body(),
                        response.headers().firstValue(MODE_HEADER).orElse(null), System.nanoTime(), null))
                .exceptionally(failure -> new Answer(0, null, null, System.nanoTime(),
                        (failure.getCause() != null ? failure.getCause() : failure).getClass().getSimpleName()));
    }

    /**
     * A request whose answer was lost (a timeout, a reset connection, a 5xx naming no order) may still have placed its
     * order, whose stock and money the invariant check must count: it is repeated with its key, as a client would,
     * until order-service answers with the order (or places it only now: then it is one more order of the run).
     * A refused connection reached no one and is not repeated. Returns how many stayed unknown.
     */
    private int findLostAnswers(String label, Mode fixedMode, List<Sent> sent, Map<Integer, Answer> answers,
            Map<Integer, Mode> modes, Map<String, Sent> byOrder, long until) throws InterruptedException {
        List<Sent> lost = new ArrayList<>(sent.stream().filter(r -> {
            Answer answer = answers.get(r.index());
            return orderId(answer) == null && (answer.error() != null
                    ? !answer.error().equals("ConnectException") : answer.status() >= 500 && answer.status() != 503);
        }).toList());
        if (lost.isEmpty()) {
            return 0;
        }
        progress.printf("%s %d answers lost: repeating them with their keys%n", label, lost.size());
        int found = 0;
        while (!lost.isEmpty() && System.nanoTime() < until) {
            for (var it = lost.iterator(); it.hasNext(); ) {
                Sent request = it.next();
                Answer repeat = awaitAnswer(new Sent(request.index(), request.kind(), request.dueAt(), request.key(),
                        send(fixedMode, request.key(), request.kind(), request.index())));
                String orderId = orderId(repeat);
                if (orderId != null) {
                    byOrder.put(orderId, request);
                    if (fixedMode == null && repeat.mode() != null) {
                        modes.put(request.index(), Mode.byId(repeat.mode()));
                    }
                    found++;
                    it.remove();
                }
            }
            if (!lost.isEmpty()) {
                Thread.sleep(2_000);
            }
        }
        progress.printf("%s %d orders found by their keys, %d still unknown%n", label, found, lost.size());
        return lost.size();
    }

    private static List<InvariantChecker.Violation> judged(List<InvariantChecker.Violation> violations, int unknown,
            boolean deadLettersCount) {
        List<InvariantChecker.Violation> all = new ArrayList<>(violations.stream()
                .filter(v -> deadLettersCount || !v.invariant().equals(InvariantChecker.NOTHING_DEAD_LETTERED))
                .toList());
        if (unknown == 0) {
            return all;
        }
        all.add(new InvariantChecker.Violation(null, "every order of the run known",
                unknown + " requests lost their answer and their key found no order before the drain ended"));
        return all;
    }

    private static Answer awaitAnswer(Sent request) throws InterruptedException {
        try {
            return request.answer().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return new Answer(0, null, null, System.nanoTime(), e.getClass().getSimpleName());
        }
    }

    private void sampleHealth(long start, AtomicBoolean loading, List<HealthSample> samples) {
        long period = (long) (HEALTH_SAMPLE_SECONDS * 1e9);
        for (long next = start; loading.get(); next += period) {
            LockSupport.parkNanos(next - System.nanoTime());
            samples.add(new HealthSample((System.nanoTime() - start) / 1e9, client.orderServiceReady()));
        }
    }
}
