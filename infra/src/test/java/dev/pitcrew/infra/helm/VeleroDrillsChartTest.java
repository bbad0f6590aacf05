package dev.pitcrew.infra.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The workers' access for Velero drills: none unless enabled; enabled, a Role in Velero's namespace for Backups and
 * Restores only, a ClusterRole for reading restored workloads and deleting namespaces, and an admission policy that
 * confines those deletions to the drills' scratch namespaces.
 */
class VeleroDrillsChartTest {
  static final Path PRODUCTION = RenderedChart.CHART.resolve("examples/production.yaml");

  @Test
  void withoutVeleroDrillsTheWorkersGetNoClusterAccess() {
    RenderedChart chart = RenderedChart.render(PRODUCTION);

    assertThat(chart.ofKind("ClusterRole")).isEmpty();
    assertThat(chart.ofKind("ValidatingAdmissionPolicy")).isEmpty();
    assertThat(chart.all(ConfigMap.class).getFirst().getData()).doesNotContainKey("PITCREW_DRILLS_VELERO_NAMESPACE");
  }

  @Test
  void veleroDrillsGetBackupsAndRestoresInVelerosNamespaceAndDeleteOnlyScratchNamespaces() {
    RenderedChart chart = RenderedChart.render(List.of(PRODUCTION),
        Map.of("drills.velero.enabled", "true", "drills.velero.namespace", "backup-system"));

    Role role = chart.named(Role.class, "pitcrew-velero-drills");
    assertThat(role.getMetadata().getNamespace()).isEqualTo("backup-system");
    assertThat(role.getRules()).singleElement().satisfies(rule -> {
      assertThat(rule.getApiGroups()).containsExactly("velero.io");
      assertThat(rule.getResources()).containsExactlyInAnyOrder("backups", "restores");
      assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "list", "create");
    });
    List<PolicyRule> cluster = chart.named(ClusterRole.class, "pitcrew-velero-drills").getRules();
    assertThat(cluster).flatExtracting(PolicyRule::getResources)
        .containsExactlyInAnyOrder("namespaces", "pods", "services", "deployments");
    assertThat(cluster).filteredOn(rule -> !rule.getResources().contains("namespaces"))
        .flatExtracting(PolicyRule::getVerbs).containsOnly("list");
    assertThat(chart.named(ClusterRoleBinding.class, "pitcrew-velero-drills").getSubjects()).singleElement()
        .satisfies(subject -> {
          assertThat(subject.getName()).isEqualTo("pitcrew-workers");
          assertThat(subject.getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
        });
    ValidatingAdmissionPolicy policy = chart.named(ValidatingAdmissionPolicy.class, "pitcrew-velero-drills-scratch-only");
    assertThat(policy.getSpec().getMatchConstraints().getResourceRules()).singleElement().satisfies(rule -> {
      assertThat(rule.getOperations()).containsExactly("DELETE");
      assertThat(rule.getResources()).containsExactly("namespaces");
    });
    assertThat(policy.getSpec().getMatchConditions()).singleElement().satisfies(condition -> assertThat(
        condition.getExpression()).contains("'system:serviceaccount:pitcrew:pitcrew-workers'"));
    assertThat(policy.getSpec().getValidations()).singleElement().satisfies(validation -> assertThat(
        validation.getExpression()).isEqualTo("request.name.startsWith('pitcrew-drill-')"));
    assertThat(chart.ofKind("ValidatingAdmissionPolicyBinding")).hasSize(1);
    assertThat(chart.all(ConfigMap.class).getFirst().getData())
        .containsEntry("PITCREW_DRILLS_VELERO_NAMESPACE", "backup-system");
  }

  @Test
  void clustersBefore130CanLeaveTheAdmissionPolicyOut() {
    RenderedChart chart = RenderedChart.render(List.of(PRODUCTION),
        Map.of("drills.velero.enabled", "true", "drills.velero.admissionPolicy", "false"));

    assertThat(chart.ofKind("ClusterRole")).hasSize(1);
    assertThat(chart.ofKind("ValidatingAdmissionPolicy")).isEmpty();
  }
}
