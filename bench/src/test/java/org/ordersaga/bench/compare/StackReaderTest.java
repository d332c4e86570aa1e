package org.ordersaga.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StackReaderTest {

    @Test
    void sampleValueIgnoresTheExemplarAfterIt() {
        assertThat(StackReader.sampleValue("http_server_requests_seconds_count{method=\"POST\",uri=\"/commands/"
                + "authorize-payment\"} 42.0 # {span_id=\"ab\",trace_id=\"cd\"} 0.012 1795000000.123")).isEqualTo(42);
        assertThat(StackReader.sampleValue("http_server_requests_seconds_count{uri=\"/commands/x\"} 7.0")).isEqualTo(7);
    }
}
