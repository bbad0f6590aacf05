package dev.pitcrew.activities.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.HeaderBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import com.slack.api.model.block.element.StaticSelectElement;
import dev.pitcrew.workflows.incident.EscalationStep;
import dev.pitcrew.workflows.incident.IncidentCard;
import dev.pitcrew.workflows.incident.IncidentState;
import dev.pitcrew.workflows.incident.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentSummaryMessageTest {
  private static final String ID = "incident-checkout-1a2b3c4d5e";

  @Test
  void anOpenCardOffersEveryControl() {
    IncidentCard open = card(IncidentState.OPEN, null, null, null, null, new EscalationStep(2, 1));

    List<LayoutBlock> blocks = IncidentSummaryMessage.blocks(open);

    assertThat(sectionText(blocks)).startsWith("*State:* Open, waiting for acknowledgement\n")
        .contains("*Commander:* first to acknowledge", "*Escalation:* level 2 (repeat 1)");
    assertThat(actionIds(blocks))
        .containsExactly("incident_acknowledge", "incident_escalate", "incident_resolve", "incident_severity");
    assertThat(actions(blocks).getBlockId()).isEqualTo("incident:" + ID);
  }

  @Test
  void anAcknowledgedCardSaysWhoAndDropsAcknowledgeButKeepsEscalate() {
    IncidentCard acknowledged = card(IncidentState.ACKNOWLEDGED, "alice", null, null, null, EscalationStep.FIRST);

    List<LayoutBlock> blocks = IncidentSummaryMessage.blocks(acknowledged);

    assertThat(sectionText(blocks)).startsWith("*State:* Acknowledged by alice\n").contains("*Commander:* alice");
    assertThat(actionIds(blocks)).containsExactly("incident_escalate", "incident_resolve", "incident_severity");
    StaticSelectElement severity = (StaticSelectElement) actions(blocks).getElements().getLast();
    assertThat(severity.getInitialOption().getValue()).isEqualTo("SEV1");
  }

  @Test
  void aResolvedCardHasNoControlsAndShowsTheTimesToAcknowledgeAndResolve() {
    IncidentCard resolved = card(IncidentState.RESOLVED, "alice", "carol", 240_000L, 3_900_000L, EscalationStep.FIRST);

    List<LayoutBlock> blocks = IncidentSummaryMessage.blocks(resolved);

    assertThat(blocks).noneMatch(ActionsBlock.class::isInstance);
    assertThat(blocks).extracting(LayoutBlock::getType).containsExactly("header", "section");
    assertThat(((HeaderBlock) blocks.getFirst()).getText().getText())
        .isEqualTo("Resolved: [SEV1] Checkout failing on payments");
    assertThat(IncidentSummaryMessage.text(resolved)).isEqualTo("Resolved: [SEV1] Checkout failing on payments");
    assertThat(sectionText(blocks)).startsWith("*State:* Resolved by carol\n")
        .contains("*Time to acknowledge:* 4m", "*Time to resolve:* 1h 5m");
  }

  @Test
  void aResolvedCardNobodyAcknowledgedSaysSo() {
    IncidentCard resolved = card(IncidentState.RESOLVED, null, "pitcrew", null, 600_000L, null);

    assertThat(sectionText(IncidentSummaryMessage.blocks(resolved)))
        .contains("*Escalation:* nobody paged", "*Time to acknowledge:* never acknowledged", "*Time to resolve:* 10m");
  }

  private static IncidentCard card(IncidentState state, String acknowledgedBy, String resolvedBy, Long mtta, Long mttr,
      EscalationStep escalation) {
    return new IncidentCard(ID, "Checkout failing", "5xx above 20%", "payments", Severity.SEV1, state,
        "alertmanager", acknowledgedBy, acknowledgedBy, resolvedBy, escalation,
        escalation == null ? List.of() : List.of("S0PRIMARY"), mtta, mttr);
  }

  private static String sectionText(List<LayoutBlock> blocks) {
    return blocks.stream().filter(SectionBlock.class::isInstance).map(b -> ((SectionBlock) b).getText().getText())
        .findFirst().orElseThrow();
  }

  private static ActionsBlock actions(List<LayoutBlock> blocks) {
    return blocks.stream().filter(ActionsBlock.class::isInstance).map(ActionsBlock.class::cast).findFirst()
        .orElseThrow();
  }

  private static List<String> actionIds(List<LayoutBlock> blocks) {
    return actions(blocks).getElements().stream().map(IncidentSummaryMessageTest::actionId).toList();
  }

  private static String actionId(BlockElement element) {
    return element instanceof ButtonElement button ? button.getActionId()
        : ((StaticSelectElement) element).getActionId();
  }
}
