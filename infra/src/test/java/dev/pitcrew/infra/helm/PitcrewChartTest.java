package dev.pitcrew.infra.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pitcrew's Helm chart, checked without a cluster: Helm (bundled by helm-java) lints and renders it over the
 * documented example values and a few variants, and the rendered manifests are read back and checked for what a
 * production cluster holds us to.
 */
@SuppressWarnings("unchecked")
class PitcrewChartTest {

  static final Path EXAMPLES = RenderedChart.CHART.resolve("examples");
  static final Path VALUES = Path.of("src/test/resources/values");
  static final Properties IMAGES = images();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static Stream<Path> installs() {
    return Stream.of(
        VALUES.resolve("minimal.yaml"),
        VALUES.resolve("api-runs-workers.yaml"),
        EXAMPLES.resolve("production.yaml"),
        EXAMPLES.resolve("temporal-cloud.yaml"),
        EXAMPLES.resolve("temporal-cloud-mtls.yaml"));
  }

  @Test
  void everyDocumentedExampleIsThere() throws IOException {
    try (Stream<Path> examples = Files.list(EXAMPLES)) {
      assertThat(examples.map(Path::getFileName).map(Path::toString))
          .containsExactlyInAnyOrder("production.yaml", "temporal-cloud.yaml", "temporal-cloud-mtls.yaml");
    }
  }

  @ParameterizedTest
  @MethodSource("installs")
  void lintsWithoutFindings(Path values) {
    LintResult lint = ChartLint.lint(values);

    assertThat(lint.getMessages()).filteredOn(m -> !m.contains("[INFO]")).isEmpty();
    assertThat(lint.isFailed()).isFalse();
  }

  @ParameterizedTest
  @MethodSource("installs")
  void everyContainerIsBoundedProbedAndLockedDown(Path values) {
    RenderedChart chart = RenderedChart.render(values);

    assertThat(chart.all(Deployment.class)).isNotEmpty();
    chart.podSpecs().forEach(pod -> {
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(pod.getSecurityContext().getRunAsUser()).isNotZero();
    });
    chart.containers().forEach(container -> {
      Map<String, Quantity> requests = container.getResources().getRequests();
      assertThat(requests).as(container.getName() + " requests").containsKeys("cpu", "memory");
      assertThat(container.getResources().getLimits()).as(container.getName() + " limits").containsKey("memory");
      assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
      assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
      assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
      assertThat(container.getStartupProbe()).isNotNull();
      // The one writable place on a read-only root filesystem.
      assertThat(container.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    });
  }

  @ParameterizedTest
  @MethodSource("installs")
  void runsOnlyTheImagesJibBuilds(Path values) {
    RenderedChart chart = RenderedChart.render(values);
    String tag = IMAGES.getProperty("tag");

    assertThat(chart.containers().map(Container::getImage))
        .isNotEmpty()
        .allSatisfy(image -> assertThat(image).doesNotEndWith(":latest").contains(":"))
        .allMatch(image -> image.equals(IMAGES.getProperty("api") + ":" + tag)
            || image.equals(IMAGES.getProperty("workers") + ":" + tag));
  }

  @Test
  void productionSplitsApiAndAutoscaledWorkers() {
    RenderedChart chart = RenderedChart.render(EXAMPLES.resolve("production.yaml"));

    Deployment api = chart.named(Deployment.class, "pitcrew-api");
    Deployment workers = chart.named(Deployment.class, "pitcrew-workers");
    assertThat(env(api.getSpec().getTemplate().getSpec(), "PITCREW_TEMPORAL_WORKER_ENABLED").getValue())
        .isEqualTo("false");
    assertThat(api.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
        .startsWith(IMAGES.getProperty("api") + ":");
    assertThat(workers.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
        .startsWith(IMAGES.getProperty("workers") + ":");
    // The HPA owns the worker count.
    assertThat(workers.getSpec().getReplicas()).isNull();
    HorizontalPodAutoscaler hpa = chart.named(HorizontalPodAutoscaler.class, "pitcrew-workers");
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("pitcrew-workers");
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(12);
    assertThat(chart.all(PodDisruptionBudget.class)).extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder("pitcrew-api", "pitcrew-workers");
    assertThat(chart.all(NetworkPolicy.class)).extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder("pitcrew-api", "pitcrew-workers");
    // The API pods call no Kubernetes API; only the workers get a token.
    assertThat(api.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
    assertThat(workers.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("pitcrew-workers");
  }

  @Test
  void rbacExistsOnlyInTheNamedTargetNamespaces() {
    RenderedChart chart = RenderedChart.render(EXAMPLES.resolve("production.yaml"));

    assertThat(chart.ofKind("ClusterRole")).isEmpty();
    assertThat(chart.ofKind("ClusterRoleBinding")).isEmpty();
    assertThat(chart.all(Role.class)).extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("game-staging", "game-production");
    assertThat(chart.all(RoleBinding.class)).allSatisfy(binding -> {
      assertThat(binding.getMetadata().getNamespace()).isIn("game-staging", "game-production");
      assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
      assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
        assertThat(subject.getName()).isEqualTo("pitcrew-workers");
        assertThat(subject.getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
      });
    });
    // Today's least privilege: nothing deleted, nothing beyond Deployments, Services and reading Pods.
    List<PolicyRule> rules = chart.all(Role.class).getFirst().getRules();
    assertThat(rules).flatExtracting(PolicyRule::getVerbs).doesNotContain("delete", "deletecollection", "*");
    assertThat(rules).flatExtracting(PolicyRule::getResources)
        .containsExactlyInAnyOrder("deployments", "services", "pods");
  }

  @Test
  void noTargetNamespacesMeansNoRbacAtAll() {
    RenderedChart chart = RenderedChart.render(VALUES.resolve("minimal.yaml"));

    assertThat(chart.ofKind("Role")).isEmpty();
    assertThat(chart.ofKind("RoleBinding")).isEmpty();
  }

  @Test
  void mutualTlsMountsTheClientCertificateAndPointsPitcrewAtIt() {
    RenderedChart chart = RenderedChart.render(EXAMPLES.resolve("production.yaml"));

    Map<String, String> config = chart.ofKind("ConfigMap").stream()
        .map(io.fabric8.kubernetes.api.model.ConfigMap.class::cast).findFirst().orElseThrow().getData();
    assertThat(config)
        .containsEntry("PITCREW_TEMPORAL_TARGET", "temporal-frontend.temporal.svc.cluster.local:7233")
        .containsEntry("PITCREW_TEMPORAL_NAMESPACE", "pitcrew")
        .containsEntry("PITCREW_TEMPORAL_TLS_CERTCHAIN", "/etc/pitcrew/temporal-tls/tls.crt")
        .containsEntry("PITCREW_TEMPORAL_TLS_PRIVATEKEY", "/etc/pitcrew/temporal-tls/tls.key")
        .containsEntry("PITCREW_TEMPORAL_TLS_TRUSTEDCA", "/etc/pitcrew/temporal-tls/ca.crt")
        .containsEntry("PITCREW_KUBERNETES", "in-cluster")
        .containsEntry("PITCREW_CHATOPS_TEMPORALUIURL", "https://temporal.studio.example")
        .doesNotContainKey("SPRING_DATASOURCE_USERNAME");
    chart.podSpecs().forEach(pod -> {
      assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("temporal-tls")).singleElement()
          .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("pitcrew-temporal-client"));
      assertThat(env(pod, "SPRING_DATASOURCE_USERNAME").getValueFrom().getSecretKeyRef().getName())
          .isEqualTo("pitcrew-db-app");
      assertThat(env(pod, "SPRING_DATASOURCE_PASSWORD").getValueFrom().getSecretKeyRef().getKey())
          .isEqualTo("password");
      assertThat(pod.getContainers().getFirst().getEnvFrom())
          .filteredOn(from -> from.getSecretRef() != null)
          .singleElement()
          .satisfies(from -> assertThat(from.getSecretRef().getName()).isEqualTo("pitcrew-secrets"));
    });
  }

  @Test
  void temporalCloudApiKeyComesFromItsSecretOnly() {
    RenderedChart chart = RenderedChart.render(EXAMPLES.resolve("temporal-cloud.yaml"));

    chart.podSpecs().forEach(pod -> {
      EnvVar apiKey = env(pod, "PITCREW_TEMPORAL_APIKEY");
      assertThat(apiKey.getValue()).isNull();
      assertThat(apiKey.getValueFrom().getSecretKeyRef().getName()).isEqualTo("pitcrew-temporal-cloud");
      assertThat(pod.getVolumes()).noneSatisfy(v -> assertThat(v.getName()).isEqualTo("temporal-tls"));
    });
  }

  @Test
  void ingressesSplitTheConsoleFromWhatOutsideServicesCall() {
    RenderedChart chart = RenderedChart.render(EXAMPLES.resolve("production.yaml"));

    Ingress console = chart.named(Ingress.class, "pitcrew");
    Ingress hooks = chart.named(Ingress.class, "pitcrew-public");
    assertThat(console.getSpec().getRules().getFirst().getHttp().getPaths())
        .extracting(p -> p.getPath()).containsExactly("/");
    assertThat(hooks.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(hooks.getSpec().getRules().getFirst().getHttp().getPaths())
        .extracting(p -> p.getPath()).containsExactly("/slack", "/api/v1/hooks");
    assertThat(hooks.getSpec().getRules().getFirst().getHttp().getPaths())
        .allSatisfy(p -> assertThat(p.getBackend().getService().getName()).isEqualTo("pitcrew-api"));
  }

  @Test
  void monitoringScrapesBothAndAuthenticatesToTheApi() {
    RenderedChart chart = RenderedChart.render(EXAMPLES.resolve("production.yaml"));

    List<GenericKubernetesResource> monitors = chart.ofKind("ServiceMonitor").stream()
        .map(GenericKubernetesResource.class::cast).toList();
    assertThat(monitors).extracting(m -> m.getMetadata().getName())
        .containsExactlyInAnyOrder("pitcrew-api", "pitcrew-workers");
    GenericKubernetesResource api = monitors.stream()
        .filter(m -> m.getMetadata().getName().equals("pitcrew-api")).findFirst().orElseThrow();
    assertThat((Object) api.get("spec", "endpoints", 0, "authorization", "credentials", "key"))
        .isEqualTo("PITCREW_SECURITY_PROMETHEUSTOKEN");
    assertThat((Object) api.get("spec", "endpoints", 0, "path")).isEqualTo("/actuator/prometheus");
  }

  @Test
  void prometheusRuleCarriesGroupsFromValuesAndIsLeftOutWhenThereAreNone() {
    RenderedChart withGroups = RenderedChart.render(VALUES.resolve("api-runs-workers.yaml"));
    RenderedChart withoutGroups = RenderedChart.render(
        List.of(VALUES.resolve("minimal.yaml")),
        Map.of("prometheusRule.enabled", "true", "prometheusRule.bundled", "false"));

    GenericKubernetesResource rule = (GenericKubernetesResource) withGroups.ofKind("PrometheusRule").getFirst();
    List<Map<String, Object>> groups = rule.get("spec", "groups");
    assertThat(groups).extracting(g -> g.get("name")).contains("studio");
    assertThat(withoutGroups.ofKind("PrometheusRule")).isEmpty();
  }

  /** infra/prometheus is bundled into the chart (files/prometheus links to it): every rule group there, and no test file. */
  @Test
  void bundledRulesAreTheRuleFilesOfInfraPrometheus() throws IOException {
    List<String> expected = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("prometheus"))) {
      for (Path file : files.filter(f -> f.toString().matches(".*\\.ya?ml")).sorted().toList()) {
        Map<String, Object> rules = YAML.readValue(file.toFile(), Map.class);
        if (rules != null && rules.containsKey("groups") && !rules.containsKey("rule_files")) {
          ((List<Map<String, Object>>) rules.get("groups")).forEach(g -> expected.add((String) g.get("name")));
        }
      }
    }

    List<HasMetadata> rendered = RenderedChart.render(EXAMPLES.resolve("production.yaml")).ofKind("PrometheusRule");

    if (expected.isEmpty()) {
      assertThat(rendered).isEmpty();
    } else {
      List<Map<String, Object>> groups = ((GenericKubernetesResource) rendered.getFirst()).get("spec", "groups");
      assertThat(groups).extracting(g -> (String) g.get("name")).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void withoutWorkerPodsTheApiRunsTheWorkersUnderTheirAccount() {
    RenderedChart chart = RenderedChart.render(VALUES.resolve("api-runs-workers.yaml"));

    assertThat(chart.all(Deployment.class)).extracting(d -> d.getMetadata().getName()).containsExactly("pitcrew-api");
    PodSpec api = chart.named(Deployment.class, "pitcrew-api").getSpec().getTemplate().getSpec();
    assertThat(env(api, "PITCREW_TEMPORAL_WORKER_ENABLED").getValue()).isEqualTo("true");
    assertThat(api.getServiceAccountName()).isEqualTo("pitcrew-workers");
    assertThat(api.getAutomountServiceAccountToken()).isTrue();
    assertThat(chart.all(ServiceAccount.class)).extracting(s -> s.getMetadata().getName())
        .containsExactly("pitcrew-workers");
    assertThat(chart.all(RoleBinding.class)).singleElement()
        .satisfies(b -> assertThat(b.getMetadata().getNamespace()).isEqualTo("game-dev"));
  }

  @Test
  void defaultsAloneNameWhatAnInstallNeeds() {
    assertThatThrownBy(() -> RenderedChart.render(List.of(), Map.of()))
        .hasMessageContaining("temporal.address");
    assertThatThrownBy(() -> RenderedChart.render(List.of(), Map.of("temporal.address", "temporal:7233")))
        .hasMessageContaining("database.url");
  }

  /** A values file the schema refuses, and the word its error names. */
  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of("latest-tag", "tag"),
        Arguments.of("unknown-key", "worker"),
        Arguments.of("no-memory-limit", "memory"),
        Arguments.of("bad-namespace", "targetNamespaces"),
        Arguments.of("writable-root", "readOnlyRootFilesystem"),
        Arguments.of("bad-address", "address"),
        Arguments.of("lowercase-env", "config"),
        Arguments.of("bad-worker-tuning", "deadlockDetectionTimeout"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void schemaRejectsBadValues(String name, String field) {
    Path values = VALUES.resolve("bad").resolve(name + ".yaml");

    assertThatThrownBy(() -> RenderedChart.render(values))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(field);
    assertThat(ChartLint.lint(values).isFailed()).isTrue();
  }

  @Test
  void workerTuningReachesTheWorkersAsTheirSettings() {
    Map<String, String> defaults = configOf(RenderedChart.render(VALUES.resolve("minimal.yaml")));
    assertThat(defaults)
        .containsEntry("PITCREW_TEMPORAL_WORKER_MAXCONCURRENTWORKFLOWTASKS", "0")
        .containsEntry("PITCREW_TEMPORAL_WORKER_MAXCONCURRENTLOCALACTIVITIES", "100")
        .containsEntry("PITCREW_TEMPORAL_WORKER_WORKFLOWTASKPOLLERS", "0")
        .containsEntry("PITCREW_TEMPORAL_WORKER_ACTIVITYTASKPOLLERS", "0")
        .containsEntry("PITCREW_TEMPORAL_WORKER_VIRTUALTHREADS", "true")
        .containsEntry("PITCREW_TEMPORAL_WORKER_DEADLOCKDETECTIONTIMEOUT", "5s");

    Map<String, String> tuned = configOf(RenderedChart.render(List.of(VALUES.resolve("minimal.yaml")), Map.of(
        "workers.tuning.maxConcurrentWorkflowTasks", "40",
        "workers.tuning.workflowTaskPollers", "4",
        "workers.tuning.virtualThreads", "false",
        "workers.tuning.deadlockDetectionTimeout", "10s")));
    assertThat(tuned)
        .containsEntry("PITCREW_TEMPORAL_WORKER_MAXCONCURRENTWORKFLOWTASKS", "40")
        .containsEntry("PITCREW_TEMPORAL_WORKER_WORKFLOWTASKPOLLERS", "4")
        .containsEntry("PITCREW_TEMPORAL_WORKER_VIRTUALTHREADS", "false")
        .containsEntry("PITCREW_TEMPORAL_WORKER_DEADLOCKDETECTIONTIMEOUT", "10s");
  }

  private static Map<String, String> configOf(RenderedChart chart) {
    return chart.ofKind("ConfigMap").stream()
        .map(io.fabric8.kubernetes.api.model.ConfigMap.class::cast).findFirst().orElseThrow().getData();
  }

  @Test
  void theChartsOwnDefaultsMeetItsSchema() {
    // Everything but the two settings only the installer knows.
    assertThat(RenderedChart.render(VALUES.resolve("minimal.yaml")).all(Deployment.class)).hasSize(2);
  }

  private static EnvVar env(PodSpec pod, String name) {
    return pod.getContainers().getFirst().getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in the pod's environment"));
  }

  private static Properties images() {
    try (InputStream in = PitcrewChartTest.class.getResourceAsStream("/images.properties")) {
      Properties properties = new Properties();
      properties.load(in);
      return properties;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
