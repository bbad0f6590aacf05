package dev.pitcrew.activities.jira;

import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;
import org.springframework.web.service.annotation.PutExchange;

/** The slice of JIRA Cloud's REST API v3 Pitcrew uses, as a Spring HTTP interface. */
@HttpExchange(url = "/rest/api/3", accept = "application/json", contentType = "application/json")
public interface JiraCloudApi {

  record CreatedIssue(String id, String key, String self) {}

  record FoundIssue(String id, String key) {}

  record SearchResult(List<FoundIssue> issues) {}

  @PostExchange("/issue")
  CreatedIssue createIssue(@RequestBody Map<String, Object> issue);

  @PostExchange("/issueLink")
  void linkIssues(@RequestBody Map<String, Object> link);

  @PostExchange("/search/jql")
  SearchResult search(@RequestBody Map<String, Object> query);

  /** Body {@code {"accountId": "..."}}. */
  @PutExchange("/issue/{issueKey}/assignee")
  void assign(@PathVariable String issueKey, @RequestBody Map<String, Object> body);

  /** Body e.g. {@code {"fields": {"priority": {"name": "High"}}}}. */
  @PutExchange("/issue/{issueKey}")
  void editIssue(@PathVariable String issueKey, @RequestBody Map<String, Object> body);
}
