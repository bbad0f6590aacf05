package dev.pitcrew.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What reaches the access log: nothing that could be a secret, nothing that could forge a line. */
class AccessLogLineTest {

  @Test
  void keepsQueryParameterNamesButNeverTheirValues() {
    String line = new AccessLogLine("GET", "/api/v1/runs", "token=s3cret&page=2&token=again&flag", 200, 12,
        "alice@example.com", "10.0.0.1", -1).format();

    assertThat(line).isEqualTo(
        "method=GET path=/api/v1/runs query=token,page,flag status=200 ms=12 principal=alice@example.com"
            + " address=10.0.0.1");
  }

  @Test
  void dropsPathParametersWhereSessionIdsTravel() {
    assertThat(AccessLogLine.pathWithoutParameters("/console;jsessionid=ABC123/runs;v=1"))
        .isEqualTo("/console/runs");
  }

  @Test
  void clientChosenTextCannotStartANewLine() {
    String line = new AccessLogLine("GET", "/x", "a%0A=1", 404, 1, "mallory\nmethod=FAKE", "10.0.0.1", 5).format();

    assertThat(line).doesNotContain("\n").contains("principal=mallory_method=FAKE", "bytesIn=5");
  }
}
