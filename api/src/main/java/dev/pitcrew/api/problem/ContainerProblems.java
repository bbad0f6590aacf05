package dev.pitcrew.api.problem;

import org.springframework.http.HttpStatus;

/** The words of a problem answered by the container rather than a controller: only the status is known. */
final class ContainerProblems {
  private ContainerProblems() {
  }

  static String title(HttpStatus status) {
    return status == HttpStatus.BAD_REQUEST ? "Invalid request" : status.getReasonPhrase();
  }

  static String detail(HttpStatus status) {
    return switch (status) {
      case BAD_REQUEST -> "The request could not be read; check the path for encoded characters such as %00 or %2F";
      case NOT_FOUND -> "There is nothing at this path";
      case METHOD_NOT_ALLOWED -> "This path does not accept that method";
      case UNSUPPORTED_MEDIA_TYPE -> "Send the body as application/json";
      case INTERNAL_SERVER_ERROR -> "Pitcrew hit an unexpected error; the server log has the details";
      default -> status.getReasonPhrase();
    };
  }
}
