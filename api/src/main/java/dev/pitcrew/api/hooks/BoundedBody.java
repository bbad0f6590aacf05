package dev.pitcrew.api.hooks;

import dev.pitcrew.api.problem.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/**
 * Reads a webhook's raw body (signatures are computed over the exact bytes) without ever holding more than the
 * limit in memory: a declared or actual length over it is a 413 before anything is parsed.
 */
final class BoundedBody {
  private BoundedBody() {}

  static byte[] read(HttpServletRequest request, DataSize limit, String setting) {
    long max = limit.toBytes();
    if (request.getContentLengthLong() > max) {
      throw tooLarge(limit, setting);
    }
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
      if (body.length > max) {
        throw tooLarge(limit, setting);
      }
      return body;
    } catch (IOException broken) {
      // The sender hung up or sent less than it announced: its problem, and it will retry.
      throw ApiException.badRequest("The body could not be read to its end (" + broken.getClass().getSimpleName()
          + "); nothing was done.", List.of());
    }
  }

  private static ApiException tooLarge(DataSize limit, String setting) {
    return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "Payload too large",
        "The body is larger than " + limit.toKilobytes() + "KB (" + setting + "); nothing was done.",
        List.of(), Map.of());
  }
}
