package dev.pitcrew.api.security.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;

/** A session ends a fixed time after its login however busy it is; a younger one goes on. */
class AbsoluteSessionTimeoutTest {
  final BrowserSessions sessions = new BrowserSessions(new AccountProperties(5, Duration.ofMinutes(15), "Pitcrew",
      new AccountProperties.Sessions(Duration.ofMinutes(30), Duration.ofHours(12))));
  final AbsoluteSessionTimeout filter = new AbsoluteSessionTimeout(sessions);

  @Test
  void endsASessionOlderThanTheAbsoluteTimeout() throws Exception {
    MockHttpSession session = loggedInAgo(Duration.ofHours(13));
    filter.doFilter(request(session), new MockHttpServletResponse(), new MockFilterChain());
    assertThat(session.isInvalid()).isTrue();
  }

  @Test
  void keepsAYoungerSessionAndSetsTheIdleTimeoutAtLogin() throws Exception {
    MockHttpSession session = new MockHttpSession();
    sessions.loggedIn(session);
    assertThat(session.getMaxInactiveInterval()).isEqualTo(30 * 60);
    MockHttpSession recent = loggedInAgo(Duration.ofHours(11));
    filter.doFilter(request(recent), new MockHttpServletResponse(), new MockFilterChain());
    assertThat(recent.isInvalid()).isFalse();
  }

  private static MockHttpSession loggedInAgo(Duration ago) {
    MockHttpSession session = new MockHttpSession();
    session.setAttribute(BrowserSessions.LOGIN_AT, Instant.now().minus(ago).getEpochSecond());
    return session;
  }

  private static MockHttpServletRequest request(MockHttpSession session) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/me");
    request.setSession(session);
    return request;
  }
}
