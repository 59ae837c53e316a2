package dev.jitsideploy.verify.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceEndpointTest {

    @Test
    void queryIsEncodedAndNeverShown() throws Exception {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("room", "my room");
        query.put("token", "a.b+c/d");
        URI uri = ServiceEndpoint.withQuery(URI.create("https://lab1.jitsi.test/http-bind"), query);
        assertThat(uri.getRawQuery()).isEqualTo("room=my%20room&token=a.b%2Bc%2Fd");

        ServiceEndpoint endpoint = new ServiceEndpoint(uri, "lab1.jitsi.test", TlsTrust.systemDefault(),
                Duration.ofSeconds(5));
        assertThat(endpoint.toString()).contains("https://lab1.jitsi.test/http-bind").doesNotContain("a.b")
                .doesNotContain("room=");
        assertThat(endpoint.redactedUri()).isEqualTo(URI.create("https://lab1.jitsi.test/http-bind"));
    }
}
