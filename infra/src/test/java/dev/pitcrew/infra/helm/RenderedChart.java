package dev.pitcrew.infra.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The manifests {@code helm template} renders from Pitcrew's chart with some values files, read back with
 * fabric8's model classes (CRDs such as ServiceMonitor come back as generic resources).
 */
record RenderedChart(List<HasMetadata> resources) {

  static final Path CHART = Path.of("helm/pitcrew");
  static final String NAMESPACE = "pitcrew";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  static RenderedChart render(List<Path> valuesFiles, Map<String, String> sets) {
    TemplateCommand template = new Helm(CHART).template().withName("pitcrew").withNamespace(NAMESPACE);
    valuesFiles.forEach(template::withValuesFile);
    sets.forEach(template::set);
    return new RenderedChart(parse(template.call()));
  }

  static RenderedChart render(Path valuesFile) {
    return render(List.of(valuesFile), Map.of());
  }

  private static List<HasMetadata> parse(String manifests) {
    Object parsed = SERIALIZATION.unmarshal(manifests);
    if (parsed instanceof List<?> list) {
      return list.stream().filter(HasMetadata.class::isInstance).map(HasMetadata.class::cast).toList();
    }
    return List.of((HasMetadata) parsed);
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return resources.stream().filter(type::isInstance).map(type::cast).toList();
  }

  List<HasMetadata> ofKind(String kind) {
    return resources.stream().filter(r -> kind.equals(r.getKind())).toList();
  }

  <T extends HasMetadata> T named(Class<T> type, String name) {
    return all(type).stream()
        .filter(r -> name.equals(r.getMetadata().getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name + " in " + names()));
  }

  Stream<PodSpec> podSpecs() {
    return all(Deployment.class).stream().map(d -> d.getSpec().getTemplate().getSpec());
  }

  Stream<Container> containers() {
    return podSpecs().flatMap(spec -> Stream.concat(
        spec.getContainers().stream(),
        spec.getInitContainers() == null ? Stream.empty() : spec.getInitContainers().stream()));
  }

  List<String> names() {
    return resources.stream().map(r -> r.getKind() + "/" + r.getMetadata().getName()).toList();
  }
}
