package dev.pitcrew.api.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;

/** A request body stream that fails once more than the limit has been read from it. */
final class LimitedBodyStream extends ServletInputStream {
  private final ServletInputStream body;
  private final BodyLimit limit;
  private long read;

  LimitedBodyStream(ServletInputStream body, BodyLimit limit) {
    this.body = body;
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = body.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = body.read(buffer, offset, length);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  private void count(int n) {
    read += n;
    if (read > limit.bytes()) {
      throw new RequestBodyTooLargeException(limit);
    }
  }

  @Override
  public boolean isFinished() {
    return body.isFinished();
  }

  @Override
  public boolean isReady() {
    return body.isReady();
  }

  @Override
  public void setReadListener(ReadListener listener) {
    body.setReadListener(listener);
  }

  @Override
  public int available() throws IOException {
    return body.available();
  }

  @Override
  public void close() throws IOException {
    body.close();
  }
}
