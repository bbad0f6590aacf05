package dev.pitcrew.api.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The address a request really comes from. {@code X-Forwarded-For} is written by whoever sends the request, so it
 * is only believed when the connection comes from a configured proxy; then the right-most address that is not a
 * trusted proxy is the client (everything left of it could be made up by the client).
 */
@Component
class ClientAddresses {
  private final Set<String> trustedProxies;

  ClientAddresses(WebProtectionProperties properties) {
    this.trustedProxies = Set.copyOf(properties.trustedProxies());
  }

  String of(HttpServletRequest request) {
    String peer = request.getRemoteAddr();
    if (!trustedProxies.contains(peer)) {
      return peer;
    }
    List<String> hops = forwardedFor(request);
    for (int i = hops.size() - 1; i >= 0; i--) {
      if (!trustedProxies.contains(hops.get(i))) {
        return hops.get(i);
      }
    }
    return peer;
  }

  private static List<String> forwardedFor(HttpServletRequest request) {
    List<String> hops = new ArrayList<>();
    for (String header : Collections.list(request.getHeaders("X-Forwarded-For"))) {
      for (String hop : header.split(",")) {
        if (!hop.isBlank()) {
          hops.add(hop.trim());
        }
      }
    }
    return hops;
  }
}
