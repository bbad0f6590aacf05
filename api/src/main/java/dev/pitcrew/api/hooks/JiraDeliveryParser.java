package dev.pitcrew.api.hooks;

import static dev.pitcrew.api.hooks.WebhookJson.text;

import dev.pitcrew.api.hooks.JiraDelivery.Change;
import dev.pitcrew.api.hooks.JiraDelivery.Comment;
import dev.pitcrew.api.hooks.JiraDelivery.Issue;
import dev.pitcrew.api.hooks.JiraDelivery.User;
import dev.pitcrew.api.problem.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a JIRA Cloud webhook body (the shapes of Atlassian's webhook documentation) into a {@link JiraDelivery}.
 * Anything Pitcrew needs and cannot find is a 400 naming the field, before anything is started or signalled.
 */
@Component
class JiraDeliveryParser {
  private static final Pattern ISSUE_KEY = Pattern.compile("[A-Z][A-Z0-9_]{0,49}-[0-9]{1,12}");

  private final JsonMapper mapper;

  JiraDeliveryParser(JsonMapper mapper) {
    this.mapper = mapper;
  }

  JiraDelivery parse(byte[] body) {
    JsonNode root = WebhookJson.object(mapper, body, "a JSON object");
    String event = text(root.path("webhookEvent"));
    if (event == null) {
      throw ApiException.badField("webhookEvent", "is required, e.g. jira:issue_created");
    }
    JsonNode issue = root.path("issue");
    if (!issue.isObject()) {
      throw ApiException.badField("issue", "is required");
    }
    String key = text(issue.path("key"));
    if (key == null) {
      throw ApiException.badField("issue.key", "is required");
    }
    if (!ISSUE_KEY.matcher(key).matches()) {
      throw ApiException.badField("issue.key", "must be a JIRA issue key such as SUP-42");
    }
    JsonNode fields = issue.path("fields");
    if (!fields.isMissingNode() && !fields.isObject()) {
      throw ApiException.badField("issue.fields", "must be an object");
    }
    if (JiraDelivery.ISSUE_CREATED.equals(event) && !fields.isObject()) {
      throw ApiException.badField("issue.fields", "is required for " + event);
    }
    Issue parsed = new Issue(key, text(fields.path("summary")), text(fields.path("priority").path("name")),
        text(fields.path("status").path("name")), user(fields.path("assignee")), user(fields.path("reporter")),
        text(fields.path("issuetype").path("name")), names(fields.path("components"), "issue.fields.components"),
        strings(fields.path("labels"), "issue.fields.labels"));
    return new JiraDelivery(event, parsed, changes(root.path("changelog")), comment(event, root.path("comment")),
        number(root.path("timestamp"), "timestamp"), number(root.path("changelog").path("id"), "changelog.id"));
  }

  /** A whole number JIRA sends as a number ({@code timestamp}) or a numeric string ({@code changelog.id}). */
  private static Long number(JsonNode node, String field) {
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    String text = text(node);
    if (text != null && text.matches("[0-9]{1,18}")) {
      return Long.parseLong(text);
    }
    throw ApiException.badField(field, "must be a whole number");
  }

  private static List<Change> changes(JsonNode changelog) {
    JsonNode items = changelog.path("items");
    if (items.isMissingNode() || items.isNull()) {
      return List.of();
    }
    if (!items.isArray()) {
      throw ApiException.badField("changelog.items", "must be an array");
    }
    List<Change> changes = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      String field = text(item.path("field"));
      if (field == null) {
        throw ApiException.badField("changelog.items[" + i + "].field", "is required");
      }
      changes.add(new Change(field, text(item.path("to")), text(item.path("toString"))));
    }
    return changes;
  }

  private static Comment comment(String event, JsonNode comment) {
    if (!JiraDelivery.COMMENT_CREATED.equals(event)) {
      return null;
    }
    if (!comment.isObject()) {
      throw ApiException.badField("comment", "is required for " + event);
    }
    User author = user(comment.path("author"));
    if (author == null || author.identity() == null) {
      throw ApiException.badField("comment.author", "is required (accountId or emailAddress)");
    }
    JsonNode visibility = comment.path("jsdPublic");
    if (!visibility.isMissingNode() && !visibility.isNull() && !visibility.isBoolean()) {
      throw ApiException.badField("comment.jsdPublic", "must be true or false");
    }
    // Absent outside JIRA Service Management projects: every comment there is visible to the reporter.
    boolean internal = visibility.isBoolean() && !visibility.asBoolean();
    return new Comment(author, text(comment.path("body")), text(comment.path("created")), internal);
  }

  private static User user(JsonNode user) {
    if (!user.isObject()) {
      return null;
    }
    return new User(text(user.path("accountId")), text(user.path("emailAddress")), text(user.path("displayName")));
  }

  private static List<String> names(JsonNode array, String field) {
    if (array.isMissingNode() || array.isNull()) {
      return List.of();
    }
    if (!array.isArray()) {
      throw ApiException.badField(field, "must be an array");
    }
    List<String> names = new ArrayList<>();
    array.forEach(element -> {
      String name = text(element.path("name"));
      if (name != null) {
        names.add(name);
      }
    });
    return names;
  }

  private static List<String> strings(JsonNode array, String field) {
    if (array.isMissingNode() || array.isNull()) {
      return List.of();
    }
    if (!array.isArray()) {
      throw ApiException.badField(field, "must be an array");
    }
    List<String> values = new ArrayList<>();
    array.forEach(element -> {
      String value = text(element);
      if (value != null) {
        values.add(value);
      }
    });
    return values;
  }
}
