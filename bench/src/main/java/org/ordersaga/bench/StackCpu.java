package org.ordersaga.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * CPU time of the stack's processes, read from /proc, to divide by the orders a window completed. The stack is the
 * launcher (the JVM running platform.jar, which also runs Kafka and the CDC relay) with everything it started (the
 * services, Zipkin), and PostgreSQL: pg_ctl detaches the postmaster (setsid, then exits), so the postmaster is found by
 * the port on its command line, and its backends and walsenders as its children.
 *
 * <p>A process's CPU is utime + stime + cutime + cstime (fields 14 to 17 of /proc/&lt;pid&gt;/stat, in clock ticks).
 * The last two hold the children it has reaped, so a process that ends inside the window (a PostgreSQL backend, most
 * likely) still counts: under its parent, which holds its CPU by then. One that starts inside it counts with all it has.
 */
public final class StackCpu {
    private static final Path PROC = Path.of("/proc");

    /** What the bench needs of a /proc/&lt;pid&gt;/stat line. */
    record Stat(long pid, String comm, long ppid, long ticks) {

        static Stat parse(String line) {
            // comm (field 2) is in parentheses and may itself hold spaces and parentheses: it ends at the last ')'.
            int open = line.indexOf('(');
            int close = line.lastIndexOf(')');
            String[] fields = line.substring(close + 2).trim().split(" ");
            // fields[0] is field 3 (state), so field n is fields[n - 3].
            long ticks = 0;
            for (int field = 14; field <= 17; field++) {
                ticks += Long.parseLong(fields[field - 3]);
            }
            return new Stat(Long.parseLong(line.substring(0, open).trim()), line.substring(open + 1, close),
                    Long.parseLong(fields[4 - 3]), ticks);
        }
    }

    /** A process: its stat line and its command line. */
    record Proc(Stat stat, List<String> argv) {

        String name() {
            return nameOf(argv, stat.comm());
        }
    }

    /** The stack's processes by pid, and when they were read. */
    public record Sample(Map<Long, Proc> processes, long atNanos) {
    }

    private final Set<Long> roots;
    private final OptionalLong launcher;
    private final String description;
    private final long ticksPerSecond;

    private StackCpu(Set<Long> roots, OptionalLong launcher, String description, long ticksPerSecond) {
        this.roots = java.util.concurrent.ConcurrentHashMap.newKeySet();
        this.roots.addAll(roots);
        this.launcher = launcher;
        this.description = description;
        this.ticksPerSecond = ticksPerSecond;
    }

    private static StackCpu notMeasured(String reason) {
        return new StackCpu(Set.of(), OptionalLong.empty(), "not measured: " + reason, 0);
    }

    /**
     * The stack to measure: the launcher {@code launcherPid}, else the launcher this JVM started, else the only
     * {@code platform.jar up} running; PostgreSQL by the port of {@code orderDbJdbcUrl}. Never fails: a stack it cannot
     * find is one whose CPU is not measured, and {@link #description()} says why.
     */
    public static StackCpu locate(Long launcherPid, String orderDbJdbcUrl) {
        if (!Files.isReadable(PROC.resolve("self/stat"))) {
            return notMeasured("no /proc (Linux only)");
        }
        List<Proc> processes = readProcesses();
        Proc launcher;
        String foundBy;
        if (launcherPid != null) {
            Optional<Proc> named = processes.stream().filter(p -> p.stat().pid() == launcherPid).findFirst();
            if (named.isEmpty()) {
                return notMeasured("no process " + launcherPid + " (--stack-pid)");
            }
            launcher = named.get();
            foundBy = "--stack-pid";
        } else {
            List<Proc> launchers = processes.stream().filter(p -> isLauncher(p.argv())).toList();
            long self = ProcessHandle.current().pid();
            Optional<Proc> own = launchers.stream().filter(p -> p.stat().ppid() == self).findFirst();
            if (own.isPresent()) {
                launcher = own.get();
                foundBy = "started by the bench";
            } else if (launchers.size() == 1) {
                launcher = launchers.get(0);
                foundBy = "found by its command line";
            } else {
                return notMeasured((launchers.isEmpty() ? "no process runs platform.jar up"
                        : "processes " + launchers.stream().map(p -> p.stat().pid()).toList() + " run platform.jar up")
                        + "; name the stack's launcher with --stack-pid");
            }
        }
        long ticksPerSecond = clockTicksPerSecond();
        if (ticksPerSecond <= 0) {
            return notMeasured("getconf CLK_TCK failed");
        }
        int port = postgresPort(orderDbJdbcUrl);
        Optional<Proc> postmaster = processes.stream().filter(p -> isPostmaster(p, port)).findFirst();
        Set<Long> roots = new HashSet<>(Set.of(launcher.stat().pid()));
        postmaster.ifPresent(p -> roots.add(p.stat().pid()));
        String postgres = postmaster.map(p -> "PostgreSQL's postmaster pid " + p.stat().pid() + " (port " + port
                + ") with its backends").orElse("no PostgreSQL postmaster on port " + port + ", so no postgres");
        return new StackCpu(roots, OptionalLong.of(launcher.stat().pid()), "measured over launcher pid " + launcher.stat().pid() + " (" + launcher.name() + ", "
                + foundBy + ") with its descendants, and " + postgres, ticksPerSecond);
    }

    /** The launcher's pid as it was found; empty when the stack's CPU is not measured. */
    public OptionalLong launcherPid() {
        return launcher;
    }

    /** "measured over" which processes, found how; or "not measured: " why. */
    public String description() {
        return description;
    }

    /**
     * Measures {@code pid} with its descendants too from now on: a service the bench started again after killing it
     * is not the launcher's child.
     */
    public void include(long pid) {
        if (ticksPerSecond > 0) {
            roots.add(pid);
        }
    }

    public Sample sample() {
        return new Sample(roots.isEmpty() ? Map.of() : ofStack(readProcesses(), roots), System.nanoTime());
    }

    /** CPU per completed order between two samples; every figure NaN when no order completed. */
    public CpuPerOrder perOrder(Sample before, Sample after, int completedOrders) {
        if (ticksPerSecond == 0) {
            return CpuPerOrder.notMeasured(description);
        }
        Map<String, Double> msByProcess = new TreeMap<>();
        ticksBetween(before.processes(), after.processes()).forEach((name, ticks) -> msByProcess.put(name,
                completedOrders == 0 ? Double.NaN : ticks * 1000.0 / ticksPerSecond / completedOrders));
        return new CpuPerOrder(description, completedOrders, (after.atNanos() - before.atNanos()) / 1e9, msByProcess,
                msByProcess.values().stream().mapToDouble(Double::doubleValue).sum());
    }

    /** Every process's command line, by pid: what a chaos fault searches for the process of a service. */
    public static Map<Long, List<String>> commandLines() {
        Map<Long, List<String>> commandLines = new HashMap<>();
        readProcesses().forEach(p -> commandLines.put(p.stat().pid(), p.argv()));
        return commandLines;
    }

    /** The roots and all their descendants, by pid. */
    static Map<Long, Proc> ofStack(List<Proc> processes, Set<Long> roots) {
        Map<Long, List<Proc>> childrenByPid = processes.stream().collect(Collectors.groupingBy(p -> p.stat().ppid()));
        Deque<Proc> pending = new ArrayDeque<>(processes.stream().filter(p -> roots.contains(p.stat().pid())).toList());
        Map<Long, Proc> stack = new HashMap<>();
        while (!pending.isEmpty()) {
            Proc process = pending.pop();
            if (stack.putIfAbsent(process.stat().pid(), process) == null) {
                pending.addAll(childrenByPid.getOrDefault(process.stat().pid(), List.of()));
            }
        }
        return stack;
    }

    /**
     * The ticks spent between two samples, by process name. A process gone by the second was reaped by its parent,
     * whose cutime and cstime now hold its CPU: what it had at the first sample is taken off its parent's name, not
     * its own, so that its CPU inside the window shows under the parent rather than a negative figure. A process gone
     * with its parent (a killed launcher, PostgreSQL stopped by the next one) is not counted at all: what it used
     * inside the window is lost with it, so such a window's figure is a lower bound.
     */
    static Map<String, Long> ticksBetween(Map<Long, Proc> before, Map<Long, Proc> after) {
        Map<String, Long> ticks = new TreeMap<>();
        after.values().forEach(p -> ticks.merge(p.name(), p.stat().ticks(), Long::sum));
        before.values().forEach(p -> {
            if (after.containsKey(p.stat().pid())) {
                ticks.merge(p.name(), -p.stat().ticks(), Long::sum);
            } else if (after.containsKey(p.stat().ppid())) {
                ticks.merge(before.getOrDefault(p.stat().ppid(), p).name(), -p.stat().ticks(), Long::sum);
            }
        });
        return ticks;
    }

    /** A readable name from a command line: the service's module, platform, zipkin, postgres, else the program. */
    static String nameOf(List<String> argv, String comm) {
        for (String arg : argv) {
            if (arg.endsWith("/target/quarkus-app/quarkus-run.jar")) {
                return Path.of(arg).getParent().getParent().getParent().getFileName().toString();
            }
            if (arg.endsWith("platform.jar")) {
                return "platform";
            }
            if (arg.endsWith("zipkin-server.jar")) {
                return "zipkin";
            }
        }
        // A zombie has no command line left; only its comm.
        String program = argv.isEmpty() ? comm : argv.get(0);
        // PostgreSQL's children overwrite their command line with their role ("postgres: walsender ...").
        if (program.startsWith("postgres:")) {
            return "postgres";
        }
        return Path.of(program).getFileName().toString();
    }

    /** {@code java ... -jar .../platform.jar up ...}: what PlatformProcess and run.sh start. */
    static boolean isLauncher(List<String> argv) {
        for (int i = 0; i + 1 < argv.size(); i++) {
            if (argv.get(i).endsWith("platform.jar") && argv.get(i + 1).equals("up")) {
                return true;
            }
        }
        return false;
    }

    /** The postmaster keeps the command line pg_ctl gave it, with {@code -p <port>}; its children do not. */
    private static boolean isPostmaster(Proc process, int port) {
        int option = process.argv().indexOf("-p");
        return process.name().equals("postgres") && option >= 0 && option + 1 < process.argv().size()
                && process.argv().get(option + 1).equals(String.valueOf(port));
    }

    private static int postgresPort(String jdbcUrl) {
        int port = URI.create(jdbcUrl.substring("jdbc:".length())).getPort();
        return port == -1 ? 5432 : port;
    }

    private static List<Proc> readProcesses() {
        List<Proc> processes = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path dir : entries) {
                try {
                    // Latin-1: any byte of a comm decodes, where UTF-8 could refuse it.
                    Stat stat = Stat.parse(new String(Files.readAllBytes(dir.resolve("stat")),
                            StandardCharsets.ISO_8859_1));
                    processes.add(new Proc(stat, argv(Files.readAllBytes(dir.resolve("cmdline")))));
                } catch (IOException e) {
                    // ended since the listing
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return processes;
    }

    /** /proc/&lt;pid&gt;/cmdline (or environ): entries separated (and padded) by NUL bytes. */
    public static List<String> argv(byte[] cmdline) {
        return Arrays.stream(new String(cmdline, StandardCharsets.UTF_8).split("\0")).filter(a -> !a.isBlank())
                .toList();
    }

    /** The unit of /proc's CPU times (USER_HZ, normally 100); 0 when getconf fails. */
    private static long clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String output = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return getconf.waitFor() == 0 ? Long.parseLong(output) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
