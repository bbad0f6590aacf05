package dev.pitcrew.workflows.incident;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Files the postmortem and its follow-up tasks in the issue tracker (JIRA). */
@ActivityInterface
public interface PostmortemActivities {

  /** Creates the postmortem issue, or returns the key of the one an earlier attempt created. */
  @ActivityMethod(name = "JiraFilePostmortem")
  String filePostmortem(PostmortemRequest request);

  /** Creates a follow-up task linked to the postmortem, or returns the one an earlier attempt created. */
  @ActivityMethod(name = "JiraFileFollowUp")
  String fileFollowUp(FollowUpRequest request);
}
