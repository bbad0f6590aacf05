package dev.pitcrew.workflows.deploy;

/** The two slots a service alternates between: one serves traffic, the other receives the next version. */
public enum Colour {
  BLUE,
  GREEN;

  public Colour other() {
    return this == BLUE ? GREEN : BLUE;
  }

  /** The value used in Kubernetes names and label values. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
