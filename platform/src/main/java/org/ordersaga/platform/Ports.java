package org.ordersaga.platform;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

final class Ports {
    private Ports() {
    }

    /** A port given as 0 means "any free port" (tests run beside a developer's stack without clashing). */
    static int resolve(int requested) {
        if (requested != 0) {
            return requested;
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new PlatformException("no free local port", e);
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
