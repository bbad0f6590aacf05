package dev.pitcrew.api.problem;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's own error page (for requests it refuses before Spring sees them, e.g. {@code %00} or {@code %2F} in
 * the path) as an RFC 9457 problem instead of an HTML report naming the server.
 */
class ProblemJsonErrorReportValve extends ErrorReportValve {

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int code = response.getStatus();
    if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    HttpStatus status = HttpStatus.resolve(code);
    if (status == null) {
      status = HttpStatus.INTERNAL_SERVER_ERROR;
    }
    try {
      response.setContentType("application/problem+json");
      response.setCharacterEncoding("UTF-8");
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write("{\"type\":\"about:blank\",\"title\":\"" + ContainerProblems.title(status) + "\",\"status\":"
            + status.value() + ",\"detail\":\"" + ContainerProblems.detail(status) + "\"}");
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // The client went away or the response was committed meanwhile; nothing more can be said.
    }
  }
}
