package dev.pitcrew.workflows.incident;

import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** JIRA test double: fails a given number of calls first, then files issues PM-1, PM-2, ... */
class FlakyPostmortems implements PostmortemActivities {
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final AtomicInteger attempts = new AtomicInteger();
  private final AtomicInteger nextKey = new AtomicInteger(1);
  private final List<PostmortemRequest> postmortems = new CopyOnWriteArrayList<>();
  private final List<FollowUpRequest> followUps = new CopyOnWriteArrayList<>();

  void failFirst(int calls) {
    failuresLeft.set(calls);
  }

  @Override
  public String filePostmortem(PostmortemRequest request) {
    failIfScripted();
    postmortems.add(request);
    return "PM-" + nextKey.getAndIncrement();
  }

  @Override
  public String fileFollowUp(FollowUpRequest request) {
    failIfScripted();
    followUps.add(request);
    return "PM-" + nextKey.getAndIncrement();
  }

  private void failIfScripted() {
    attempts.incrementAndGet();
    if (failuresLeft.getAndDecrement() > 0) {
      throw ApplicationFailure.newFailure("JIRA answered 503", "JiraUnavailable");
    }
  }

  int attempts() {
    return attempts.get();
  }

  List<PostmortemRequest> postmortems() {
    return List.copyOf(postmortems);
  }

  List<FollowUpRequest> followUps() {
    return List.copyOf(followUps);
  }
}
