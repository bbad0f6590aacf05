package dev.pitcrew.api.web;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** A request of unknown length whose body, however it is read, stops at the limit. */
final class LimitedBodyRequest extends HttpServletRequestWrapper {
  private final BodyLimit limit;
  private ServletInputStream body;
  private BufferedReader reader;

  LimitedBodyRequest(HttpServletRequest request, BodyLimit limit) {
    super(request);
    this.limit = limit;
  }

  @Override
  public ServletInputStream getInputStream() throws IOException {
    if (body == null) {
      body = new LimitedBodyStream(super.getInputStream(), limit);
    }
    return body;
  }

  @Override
  public BufferedReader getReader() throws IOException {
    if (reader == null) {
      String encoding = getCharacterEncoding();
      Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
      reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }
    return reader;
  }
}
