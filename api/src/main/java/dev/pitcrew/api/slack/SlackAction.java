package dev.pitcrew.api.slack;

/**
 * What one button does when clicked. Adding a button is one {@code @Component} implementing this, with the same
 * action ID the workflow puts on its message (see {@code ChatOpsActions}).
 */
public interface SlackAction {

  /** The control's {@code action_id}, e.g. {@code pitcrew.selfcheck.confirm} or {@code incident_acknowledge}. */
  String actionId();

  /** The permission checked before it runs, e.g. {@code selfcheck.confirm}. */
  String permission();

  /** The environment the click touches (from the run it steers), or null. */
  default String environment(ActionInvocation invocation) {
    return null;
  }

  /** The run the click steers, for the audit trail (also of refused clicks); the control's value by default. */
  default String target(ActionInvocation invocation) {
    return invocation.value();
  }

  /** Carries the click out, typically by signalling the run named in the button's value as the clicking user. */
  CommandReply handle(ActionInvocation invocation);
}
