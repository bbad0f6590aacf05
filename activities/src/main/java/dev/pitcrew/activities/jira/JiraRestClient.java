package dev.pitcrew.activities.jira;

import java.util.Map;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PutExchange;

/** The two JIRA Cloud REST v3 calls the SLA engine makes. */
@HttpExchange("/rest/api/3/issue")
public interface JiraRestClient {

  /** Body {@code {"accountId": "..."}}. */
  @PutExchange("/{issueKey}/assignee")
  void assign(@PathVariable String issueKey, @RequestBody Map<String, Object> body);

  /** Body {@code {"fields": {"priority": {"name": "High"}}}}. */
  @PutExchange("/{issueKey}")
  void editIssue(@PathVariable String issueKey, @RequestBody Map<String, Object> body);
}
