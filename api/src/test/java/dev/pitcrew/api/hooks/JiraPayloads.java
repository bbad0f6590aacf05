package dev.pitcrew.api.hooks;

/**
 * JIRA Cloud webhook bodies in the shapes of Atlassian's webhook documentation, trimmed to what a site sends for
 * a support project (ids, self links and the triggering user included, as JIRA sends them).
 */
final class JiraPayloads {
  private JiraPayloads() {}

  static String issueCreated(String key, String priority, String status) {
    return """
        {"timestamp": 1795000000000, "webhookEvent": "jira:issue_created", "issue_event_type_name": "issue_created",
         "user": {"accountId": "557058:player", "displayName": "Player One"},
         "issue": {"id": "10042", "self": "https://studio.atlassian.net/rest/api/3/issue/10042", "key": "%s",
           "fields": {"summary": "Cannot log in after the patch", "issuetype": {"id": "10003", "name": "Support"},
             "priority": {"id": "2", "name": "%s"}, "status": {"id": "1", "name": "%s"}, "assignee": null,
             "reporter": {"accountId": "557058:player", "emailAddress": "player@example.com",
                          "displayName": "Player One"},
             "components": [{"id": "10100", "name": "Login"}], "labels": ["account"]}}}
        """.formatted(key, priority, status);
  }

  static String issueUpdated(String key, String field, String from, String to) {
    return """
        {"timestamp": 1795000100000, "webhookEvent": "jira:issue_updated", "issue_event_type_name": "issue_generic",
         "user": {"accountId": "557058:alice", "displayName": "Alice"},
         "issue": {"id": "10042", "key": "%s",
           "fields": {"summary": "Cannot log in after the patch", "priority": {"name": "High"},
             "status": {"name": "Open"},
             "reporter": {"accountId": "557058:player", "emailAddress": "player@example.com"}}},
         "changelog": {"id": "10500", "items": [
           {"field": "%s", "fieldtype": "jira", "from": "1", "fromString": "%s", "to": "3", "toString": "%s"}]}}
        """.formatted(key, field, from, to);
  }

  /** JIRA leaves the reporter out of comment events; the author's email is usually hidden. */
  static String commentCreated(String key, String authorAccountId, String authorName) {
    return """
        {"timestamp": 1795000200000, "webhookEvent": "comment_created",
         "comment": {"id": "10900", "author": {"accountId": "%s", "displayName": "%s"},
                     "body": "Thanks, we are looking into it.", "created": "2026-11-26T10:00:00.000+0000"},
         "issue": {"id": "10042", "key": "%s",
           "fields": {"summary": "Cannot log in after the patch", "status": {"name": "Open"},
                      "priority": {"name": "High"}}}}
        """.formatted(authorAccountId, authorName, key);
  }

  /**
   * JIRA Cloud as it usually is: the reporter is named by accountId only (email hidden by the user's privacy
   * settings), and the payload carries when JIRA made the event.
   */
  static String issueCreatedByAccount(String key, String reporterAccountId, long timestamp) {
    return """
        {"timestamp": %d, "webhookEvent": "jira:issue_created", "issue_event_type_name": "issue_created",
         "user": {"accountId": "%s", "displayName": "Player Two", "accountType": "customer"},
         "issue": {"id": "10077", "self": "https://studio.atlassian.net/rest/api/3/issue/10077", "key": "%s",
           "fields": {"summary": "Purchase not delivered", "issuetype": {"id": "10003", "name": "Support"},
             "priority": {"id": "2", "name": "High"}, "status": {"id": "1", "name": "Open"}, "assignee": null,
             "reporter": {"accountId": "%s", "displayName": "Player Two", "accountType": "customer",
                          "active": true, "timeZone": "Europe/Berlin"},
             "components": [], "labels": []}}}
        """.formatted(timestamp, reporterAccountId, key, reporterAccountId);
  }

  static String statusChanged(String key, long timestamp, long changelogId, String from, String to) {
    return """
        {"timestamp": %d, "webhookEvent": "jira:issue_updated", "issue_event_type_name": "issue_generic",
         "user": {"accountId": "557058:alice", "displayName": "Alice"},
         "issue": {"id": "10077", "key": "%s",
           "fields": {"summary": "Purchase not delivered", "priority": {"name": "High"}, "status": {"name": "%s"}}},
         "changelog": {"id": "%d", "items": [
           {"field": "status", "fieldtype": "jira", "fieldId": "status", "from": "1", "fromString": "%s",
            "to": "10002", "toString": "%s"}]}}
        """.formatted(timestamp, key, to, changelogId, from, to);
  }

  /** A JIRA Service Management comment: {@code jsdPublic} false is an internal note the customer never sees. */
  static String serviceDeskComment(String key, String authorAccountId, String authorName, boolean jsdPublic) {
    return """
        {"timestamp": 1795000300000, "webhookEvent": "comment_created",
         "comment": {"id": "10901", "author": {"accountId": "%s", "displayName": "%s", "active": true},
                     "body": "Checked the payment provider logs.", "jsdPublic": %s,
                     "created": "2026-11-26T10:05:00.000+0000", "updated": "2026-11-26T10:05:00.000+0000"},
         "issue": {"id": "10077", "key": "%s",
           "fields": {"summary": "Purchase not delivered", "status": {"name": "Open"}, "priority": {"name": "High"}}}}
        """.formatted(authorAccountId, authorName, jsdPublic, key);
  }
}
