package dev.pitcrew.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.web.MockHttpServletRequest;

/** {@code X-Forwarded-For} is only believed from a trusted proxy, and then only as far as the proxies reach. */
class ClientAddressesTest {

  @Test
  void withoutTrustedProxiesTheHeaderIsIgnored() {
    ClientAddresses addresses = new ClientAddresses(properties(List.of()));

    assertThat(addresses.of(request("203.0.113.7", "198.51.100.1"))).isEqualTo("203.0.113.7");
  }

  @Test
  void fromATrustedProxyTheRightMostUntrustedHopIsTheClient() {
    ClientAddresses addresses = new ClientAddresses(properties(List.of("10.0.0.1", "10.0.0.2")));

    // The client claims 1.2.3.4 itself; the proxies saw 198.51.100.1 connect.
    assertThat(addresses.of(request("10.0.0.1", "1.2.3.4, 198.51.100.1, 10.0.0.2"))).isEqualTo("198.51.100.1");
    assertThat(addresses.of(request("10.0.0.1", null))).isEqualTo("10.0.0.1");
    assertThat(addresses.of(request("203.0.113.7", "1.2.3.4"))).as("not through the proxy").isEqualTo("203.0.113.7");
  }

  private static WebProtectionProperties properties(List<String> trustedProxies) {
    return new Binder(new MapConfigurationPropertySource(
            trustedProxies.isEmpty() ? Map.of()
                : Map.of("pitcrew.web.trusted-proxies", String.join(",", trustedProxies))))
        .bindOrCreate("pitcrew.web", WebProtectionProperties.class);
  }

  private static MockHttpServletRequest request(String peer, String forwardedFor) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/runs");
    request.setRemoteAddr(peer);
    if (forwardedFor != null) {
      request.addHeader("X-Forwarded-For", forwardedFor);
    }
    return request;
  }
}
