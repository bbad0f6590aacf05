package dev.pitcrew.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.util.List;
import java.util.Set;
import org.openqa.selenium.WebDriver;

/** axe-core's scan of the page a browser shows: no serious or critical violation (WCAG 2.2 AA rules included). */
final class Accessibility {
  private static final Set<String> BLOCKING = Set.of("serious", "critical");

  private Accessibility() {}

  static void assertAccessible(WebDriver driver, String page) {
    Results results = new AxeBuilder()
        .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"))
        .analyze(driver);
    List<String> blocking = results.getViolations().stream()
        .filter(rule -> BLOCKING.contains(rule.getImpact()))
        .map(Accessibility::describe)
        .toList();
    assertThat(blocking).as("serious or critical accessibility violations on " + page).isEmpty();
  }

  private static String describe(Rule rule) {
    return rule.getImpact() + " " + rule.getId() + ": " + rule.getHelp() + " at "
        + rule.getNodes().stream().limit(3).map(node -> String.valueOf(node.getTarget())).toList();
  }
}
