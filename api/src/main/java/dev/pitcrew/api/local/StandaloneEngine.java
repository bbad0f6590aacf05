package dev.pitcrew.api.local;

import java.util.concurrent.CountDownLatch;

/**
 * {@code ./pitcrew engine [port]}: Temporal's Java test server as its own process, on 127.0.0.1 only and in real
 * time, for a Pitcrew started with {@code PITCREW_TEMPORAL_TARGET=127.0.0.1:<port>}. Its runs live in this
 * process's memory, so they outlive a Pitcrew that is killed and started again (the local engine inside Pitcrew
 * dies with it). Install the {@code temporal} CLI for an engine whose state also survives its own restarts.
 */
public final class StandaloneEngine {
  private StandaloneEngine() {}

  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 7233;
    LoopbackTestServer server = LoopbackTestServer.start(port, true, false);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }));
    System.out.println("Temporal test server on 127.0.0.1:" + port + " (state in memory; Ctrl-C stops it). Start "
        + "Pitcrew with PITCREW_TEMPORAL_TARGET=127.0.0.1:" + port);
    stopped.await();
  }
}
