package org.ordersaga.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

class LocalPortsTest {

    @Test
    void a_pair_is_two_free_ports_below_the_ephemeral_range() throws Exception {
        for (int i = 0; i < 20; i++) {
            int port = LocalPorts.freePair();
            assertThat(port).isBetween(20000, 32766);
            try (ServerSocket broker = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
                 ServerSocket controller = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
                assertThat(controller.getLocalPort()).isEqualTo(broker.getLocalPort() + 1);
            }
        }
    }
}
