package dev.pitcrew.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * README's configuration table and the {@code pitcrew.*} settings the code binds stay in step: every property the
 * configuration processor found in a {@code @ConfigurationProperties} record (api, activities, workers) has a row,
 * and every {@code PITCREW_*} name in the table is a property (or a documented exception below). Plain JUnit: the
 * metadata is read from the class path, no Spring context is started.
 */
class ConfigurationDocsTest {

  private static final String METADATA = "META-INF/spring-configuration-metadata.json";

  /** README names that are no {@code pitcrew.*} property, each with the reason. */
  private static final Map<String, String> NOT_PROPERTIES =
      Map.of(
          "PITCREW_PORT", "server.port, through the ${PITCREW_PORT:8080} placeholder in api's application.yaml",
          "PITCREW_KUBERNETES",
          "read by KubernetesConfiguration (MODE_VARIABLE) when pitcrew.kubernetes.mode is unset",
          "PITCREW_TRACING_ENABLED",
          "management.tracing.export.enabled, through a placeholder in application.yaml (api and workers)",
          "PITCREW_TRACING_SAMPLINGPROBABILITY",
          "management.tracing.sampling.probability, through a placeholder in application.yaml (api and workers)");

  /** A name in the table's first column: {@code PITCREW_A_B}, or a map form {@code PITCREW_A_B_<KEY>[_SUFFIX]}. */
  private static final Pattern DOCUMENTED_NAME = Pattern.compile("(?<![A-Z0-9_])PITCREW_[A-Z0-9_]*[A-Z0-9](?:_<[A-Z]+>[A-Z0-9_]*)?");

  private static final Pattern PROPERTY_IN_BRACKETS = Pattern.compile("`(pitcrew\\.[a-z0-9.-]+)`");

  /** Property name → its type, e.g. {@code java.util.Map<java.lang.String,java.lang.String>}. */
  private static Map<String, String> properties;

  private static List<String> firstColumns;

  @BeforeAll
  static void read() throws IOException {
    properties = pitcrewProperties();
    firstColumns = readmeConfigurationTable();
  }

  @Test
  void theMetadataOfEveryModuleIsOnTheClassPath() {
    // Without the configuration processor (or with javac skipping it) the test below would pass vacuously.
    assertThat(properties)
        .containsKeys(
            "pitcrew.web.rate-limits.per-address", // api
            "pitcrew.jira.base-url", // activities
            "pitcrew.temporal.target"); // workers
  }

  @Test
  void everyPropertyHasARowInTheReadme() {
    Set<String> documented = documentedNames();
    Set<String> bracketed = new TreeSet<>();
    firstColumns.forEach(cell -> PROPERTY_IN_BRACKETS.matcher(cell).results().forEach(m -> bracketed.add(m.group(1))));

    List<String> missing = new ArrayList<>();
    properties.forEach(
        (name, type) -> {
          String variable = environmentVariable(name);
          boolean found =
              isMap(type)
                  ? documented.stream().anyMatch(doc -> doc.startsWith(variable + "_<"))
                  : documented.contains(variable) || bracketed.contains(name);
          if (!found) {
            missing.add(name + " → " + variable + (isMap(type) ? "_<KEY>" : ""));
          }
        });
    assertThat(missing).as("settings without a row in README.md's configuration table").isEmpty();
  }

  @Test
  void everyNameInTheReadmeIsASetting() {
    Map<String, String> byVariable = new TreeMap<>();
    properties.forEach((name, type) -> byVariable.put(environmentVariable(name), type));

    List<String> unknown = new ArrayList<>();
    for (String doc : documentedNames()) {
      int placeholder = doc.indexOf("_<");
      boolean known =
          placeholder < 0
              ? byVariable.containsKey(doc) && !isMap(byVariable.get(doc)) || NOT_PROPERTIES.containsKey(doc)
              : isMap(byVariable.getOrDefault(doc.substring(0, placeholder), ""));
      if (!known) {
        unknown.add(doc);
      }
    }
    assertThat(unknown).as("names in README.md's configuration table that no setting binds").isEmpty();
  }

  @Test
  void environmentVariablesFollowRelaxedBinding() {
    assertThat(environmentVariable("pitcrew.web.rate-limits.per-address")).isEqualTo("PITCREW_WEB_RATELIMITS_PERADDRESS");
    assertThat(environmentVariable("pitcrew.temporal.tls.cert-chain")).isEqualTo("PITCREW_TEMPORAL_TLS_CERTCHAIN");
  }

  /** Spring's canonical environment form: dots become underscores, dashes go, upper case. */
  static String environmentVariable(String property) {
    return property.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
  }

  private static boolean isMap(String type) {
    return type != null && type.startsWith("java.util.Map<");
  }

  private static Set<String> documentedNames() {
    Set<String> names = new TreeSet<>();
    for (String cell : firstColumns) {
      Matcher m = DOCUMENTED_NAME.matcher(cell);
      while (m.find()) {
        names.add(m.group());
      }
    }
    return names;
  }

  private static Map<String, String> pitcrewProperties() throws IOException {
    JsonMapper json = JsonMapper.builder().build();
    Map<String, String> found = new TreeMap<>();
    for (URL url : Collections.list(ConfigurationDocsTest.class.getClassLoader().getResources(METADATA))) {
      try (InputStream in = url.openStream()) {
        JsonNode root = json.readTree(in);
        for (JsonNode property : root.path("properties")) {
          String name = property.path("name").asString();
          if (name.startsWith("pitcrew.")) {
            found.put(name, property.path("type").asString());
          }
        }
      }
    }
    return found;
  }

  /** The first cell of every row of README.md's table under "## Configuration". */
  private static List<String> readmeConfigurationTable() throws IOException {
    Path readme = Path.of("..", "README.md");
    if (!Files.exists(readme)) {
      readme = Path.of("README.md");
    }
    List<String> cells = new ArrayList<>();
    boolean inSection = false;
    for (String line : Files.readAllLines(readme)) {
      if (line.startsWith("## ")) {
        inSection = line.equals("## Configuration");
      } else if (inSection && line.startsWith("| `")) {
        cells.add(line.substring(2, line.indexOf(" |", 2)));
      }
    }
    assertThat(cells).as("rows of README.md's configuration table").hasSizeGreaterThan(50);
    return cells;
  }
}
