package org.ordersaga.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void a_named_port_is_kept() {
        assertThat(Ports.resolve(19092)).isEqualTo(19092);
    }

    @Test
    void port_zero_picks_a_free_port_below_the_ephemeral_range() throws Exception {
        for (int i = 0; i < 20; i++) {
            int port = Ports.resolve(0);
            assertThat(port).isBetween(20000, 32767);
            try (ServerSocket bound = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(bound.getLocalPort()).isEqualTo(port);
            }
        }
    }
}
