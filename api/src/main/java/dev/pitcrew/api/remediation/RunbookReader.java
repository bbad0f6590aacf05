package dev.pitcrew.api.remediation;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.RequestReader;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads a runbook from JSON or YAML into a checked {@link RunbookDocument}, or a 400 naming every bad field. */
@Component
class RunbookReader {
  private final RequestReader reader;
  private final JsonMapper json;
  private final YAMLMapper yaml = YAMLMapper.builder().build();

  RunbookReader(RequestReader reader, JsonMapper json) {
    this.reader = reader;
    this.json = json;
  }

  /** The document's JSON tree (what is stored) after every check passed. */
  JsonNode read(byte[] body, boolean isYaml) {
    JsonNode tree;
    try {
      tree = isYaml ? yaml.readTree(new String(body, StandardCharsets.UTF_8)) : json.readTree(body);
    } catch (JacksonException e) {
      throw ApiException.badField("body", "is not valid " + (isYaml ? "YAML" : "JSON") + ": " + e.getOriginalMessage());
    }
    document(tree);
    return tree;
  }

  RunbookDocument document(JsonNode tree) {
    RunbookDocument document = reader.read(tree, RunbookDocument.class, "");
    RunbookValidation.check(document);
    return document;
  }
}
