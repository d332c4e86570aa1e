package org.ordersaga.platform;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Command-line settings; a port of 0 means "pick a free port" (what the tests use). */
record PlatformSettings(Mode mode, Path root, Path dataDir, boolean clean, int postgresPort, int kafkaPort,
                        int healthPort, int zipkinPort, boolean zipkin, int servicePortOffset,
                        List<ServiceCatalog.Service> services, List<String> serviceOptions) {

    enum Mode { UP, INFRA }

    static final String USAGE = """
            usage: platform (up | infra) [options]
              up      PostgreSQL, Kafka, the CDC relay, Zipkin and the six services
              infra   PostgreSQL, Kafka and the CDC relay only (what the tests use)
            options:
              --root DIR            project root holding the service builds (default: current directory)
              --data-dir DIR        where data lives across restarts (default: <root>/.platform/data)
              --clean               delete the data directory first
              --pg-port N           PostgreSQL port (default 15432; 0 = any free port)
              --kafka-port N        Kafka port (default 19092; the controller uses the next port, the relay's health
                                    endpoint the one after: 19094; 0 = any free ports)
              --zipkin-port N       Zipkin port (default 9411)
              --zipkin / --no-zipkin  start Zipkin (default: with up, not with infra)
              --service-port-offset N  add N to every service's HTTP port (default 0)
              --services a,b        only these services (default: all six)
              --service-option -Dk=v  an extra JVM option for every service (repeatable; tests shorten deadlines)
            While it runs, type "stop <service>", "start <service>" or "status" on standard input; Ctrl-C stops all.
            """;

    static PlatformSettings parse(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            throw new PlatformException(USAGE);
        }
        Mode mode = switch (args[0]) {
            case "up" -> Mode.UP;
            case "infra" -> Mode.INFRA;
            default -> throw new PlatformException("unknown command '" + args[0] + "'\n" + USAGE);
        };
        Path root = Path.of("").toAbsolutePath();
        Path dataDir = null;
        boolean clean = false;
        int pg = 15432;
        int kafka = 19092;
        int zipkinPort = 9411;
        Boolean zipkin = null;
        int offset = 0;
        List<ServiceCatalog.Service> services = ServiceCatalog.SERVICES;
        List<String> serviceOptions = new ArrayList<>();
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        while (!rest.isEmpty()) {
            String option = rest.remove(0);
            switch (option) {
                case "--root" -> root = Path.of(value(option, rest)).toAbsolutePath();
                case "--data-dir" -> dataDir = Path.of(value(option, rest)).toAbsolutePath();
                case "--clean" -> clean = true;
                case "--pg-port" -> pg = port(option, rest);
                case "--kafka-port" -> kafka = port(option, rest);
                case "--zipkin-port" -> zipkinPort = port(option, rest);
                case "--zipkin" -> zipkin = true;
                case "--no-zipkin" -> zipkin = false;
                case "--service-port-offset" -> offset = port(option, rest);
                case "--service-option" -> serviceOptions.add(value(option, rest));
                case "--services" -> services = Arrays.stream(value(option, rest).split(","))
                        .map(String::trim).map(ServiceCatalog::require).toList();
                default -> throw new PlatformException("unknown option '" + option + "'\n" + USAGE);
            }
        }
        if (dataDir == null) {
            dataDir = root.resolve(".platform").resolve("data");
        }
        // The health endpoint follows Kafka like its controller does: tests that ask for any free Kafka port get a
        // free one for it too, and stacks side by side do not clash on it.
        int health = kafka == 0 ? 0 : kafka + 2;
        return new PlatformSettings(mode, root, dataDir, clean, pg, kafka, health, zipkinPort,
                zipkin != null ? zipkin : mode == Mode.UP, offset, services, List.copyOf(serviceOptions));
    }

    private static String value(String option, List<String> rest) {
        if (rest.isEmpty()) {
            throw new PlatformException(option + " needs a value\n" + USAGE);
        }
        return rest.remove(0);
    }

    private static int port(String option, List<String> rest) {
        String value = value(option, rest);
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new PlatformException(option + " takes a port number, not '" + value + "'");
        }
    }
}
