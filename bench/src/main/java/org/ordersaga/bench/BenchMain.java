package org.ordersaga.bench;

import java.util.Arrays;

import org.ordersaga.bench.compare.CompareSettings;
import org.ordersaga.bench.compare.ComparisonBench;
import org.ordersaga.bench.compare.ThroughputBench;

/** Entry point: {@code java -jar bench/target/bench.jar <benchmark> [options]}. */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        String benchmark = args.length == 0 ? "--help" : args[0];
        String[] options = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (benchmark) {
            case "cdc" -> CdcLatencyBenchmark.run(Options.parse(options));
            case "saga" -> SagaLoadBenchmark.run(Options.parse(options));
            case "compare" -> ComparisonBench.run(CompareSettings.parse(options), System.out);
            case "throughput" -> ThroughputBench.run(System.out, options);
            default -> {
                System.err.println("""
                        usage: java -jar bench/target/bench.jar <benchmark> [options]
                          cdc         commit -> consumer latency of the outbox path (PostgreSQL -> Debezium relay -> Kafka)
                                      --events N (1000)  --rate N per second (200)  --warm-up-seconds S (10, same rate, not counted)
                          saga        open-loop load on the async saga: orders/s, accept and completion latency
                                      --rate N per second (50)  --duration S (60)  --drain S (30)  --reject-percent P (10)
                                      --order-url URL --kafka HOST:PORT  (use a running stack instead of a fresh one)
                        """ + CompareSettings.USAGE + ThroughputBench.USAGE);
                System.exit(benchmark.equals("--help") ? 0 : 2);
            }
        }
    }
}
