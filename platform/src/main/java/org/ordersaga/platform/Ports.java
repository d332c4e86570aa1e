package org.ordersaga.platform;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

final class Ports {
    private static final int LOWEST_PICKED = 20000;
    private static final int HIGHEST_PICKED = 32000;

    private Ports() {
    }

    /**
     * A port given as 0 means "any free port" (tests run beside a developer's stack without clashing). It is picked
     * below the kernel's ephemeral range (32768+): a port from {@code bind(0)} may become the source port of one of
     * our own outgoing connections (JDBC, Kafka clients) before the server that was meant to bind it starts.
     */
    static int resolve(int requested) {
        if (requested != 0) {
            return requested;
        }
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST_PICKED, HIGHEST_PICKED);
            if (isFree(port)) {
                return port;
            }
        }
        throw new PlatformException("no free local port between " + LOWEST_PICKED + " and " + HIGHEST_PICKED);
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void requireFree(int port, String usedFor) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new PlatformException("port " + port + " (" + usedFor + ") is already in use. Stop the program using it"
                    + " (e.g. `ss -ltnp 'sport = :" + port + "'`), or choose another port.");
        }
    }
}
