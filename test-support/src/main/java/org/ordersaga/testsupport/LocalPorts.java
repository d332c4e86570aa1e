package org.ordersaga.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for tests that must name a port before a process binds it.
 *
 * <p>They come from below the kernel's ephemeral range (32768+ on Linux): a port handed out by {@code bind(0)} can be
 * taken as the source port of any outgoing connection before the process under test binds it — and the next port up,
 * which Kafka's controller uses, is the one {@code connect()} prefers.
 */
public final class LocalPorts {
    private static final int LOWEST = 20000;
    private static final int HIGHEST = 32000;

    private LocalPorts() {
    }

    public static int free() {
        return freeRun(1);
    }

    /** A port whose next port is free too (Kafka: broker on the port, controller on the next). */
    public static int freePair() {
        return freeRun(2);
    }

    private static int freeRun(int length) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST - length);
            boolean allFree = true;
            for (int port = first; port < first + length && allFree; port++) {
                allFree = isFree(port);
            }
            if (allFree) {
                return first;
            }
        }
        throw new IllegalStateException("no run of " + length + " free ports between " + LOWEST + " and " + HIGHEST);
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
