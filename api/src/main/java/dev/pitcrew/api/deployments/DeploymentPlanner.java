package dev.pitcrew.api.deployments;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.problem.FieldProblem;
import dev.pitcrew.api.services.DeploymentRequestProblems;
import dev.pitcrew.api.services.ImageReferences;
import dev.pitcrew.api.services.ServiceCatalogue;
import dev.pitcrew.api.services.ServiceEntry;
import dev.pitcrew.api.slack.ChatOpsLinks;
import dev.pitcrew.workflows.chatops.ChatOpsContext;
import dev.pitcrew.workflows.deploy.DeploymentRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Turns a deployment request into what the workflow runs, from the service catalogue: only catalogued services,
 * to their environments, with a pinned image; the catalogued strategy with the request's overrides on top. Every
 * problem is answered at once, naming its field, before anything is started.
 */
@Component
class DeploymentPlanner {
  private final ServiceCatalogue catalogue;
  private final ChatOpsLinks links;

  DeploymentPlanner(ServiceCatalogue catalogue, ChatOpsLinks links) {
    this.catalogue = catalogue;
    this.links = links;
  }

  /** The request with the catalogue's defaults filled in; 404 for an uncatalogued service, 400 naming fields. */
  DeploymentStartRequest resolve(DeploymentStartRequest request) {
    ServiceEntry service = catalogue.require(request.service());
    List<FieldProblem> problems = new ArrayList<>();
    if (!service.hasEnvironment(request.environment())) {
      problems.add(new FieldProblem("environment", "'" + request.environment() + "' is not an environment of "
          + service.name() + " in the service catalogue; one of " + service.environments()));
    }
    String image = ImageReferences.qualify(request.image(), service.imageRepository());
    if (image == null) {
      problems.add(new FieldProblem("image", ImageReferences.EXPECTED));
    }
    DeploymentStartRequest resolved =
        new DeploymentStartRequest(
            request.service(),
            request.environment(),
            image == null ? request.image() : image,
            request.replicas() == null ? service.replicas() : request.replicas(),
            request.requestedBy(),
            request.podTemplateChanges(),
            service.strategy().overriddenBy(request.strategy()));
    problems.addAll(DeploymentRequestProblems.toFieldProblems(workflowInput(resolved, service, null).problems()));
    if (!problems.isEmpty()) {
      throw ApiException.badRequest(
          problems.stream().map(p -> p.field() + ": " + p.message()).collect(Collectors.joining("; ")), problems);
    }
    return resolved;
  }

  /**
   * The workflow's input for a resolved request. A deployment posts its message (with Approve / Reject while it
   * waits for approval) in the service's catalogued channel if it has one, wherever it was asked for; one asked for
   * in Slack of a service without a channel posts where it was asked for; one asked for over the API of a service
   * without a channel posts nothing.
   */
  DeploymentRequest toWorkflowInput(DeploymentStartRequest resolved, ChatOpsContext chat) {
    ServiceEntry service = catalogue.require(resolved.service());
    ChatOpsContext routed;
    if (service.slackChannel() == null) {
      routed = chat;
    } else if (chat == null) {
      // Asked for over the API: nobody to mention; the card names who asked.
      routed = new ChatOpsContext(service.slackChannel(), null, links.consoleRunsPrefix(), links.temporalUiRunsPrefix());
    } else {
      routed = new ChatOpsContext(
          service.slackChannel(), chat.requestedBy(), chat.consoleRunsUrl(), chat.temporalUiRunsUrl());
    }
    return workflowInput(resolved, service, routed);
  }

  private static DeploymentRequest workflowInput(
      DeploymentStartRequest resolved, ServiceEntry service, ChatOpsContext chat) {
    return new DeploymentRequest(
        resolved.service(),
        resolved.environment(),
        resolved.image(),
        resolved.podTemplateChanges(),
        resolved.replicas(),
        resolved.requestedBy(),
        resolved.strategy(),
        service.containerPort(),
        chat);
  }
}
