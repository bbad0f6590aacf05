package dev.pitcrew.api.console;

import dev.pitcrew.api.services.ServiceCatalogue;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's home, Now: what needs the reader. Each section is a family's own fragment (open incidents,
 * deployments awaiting approval, tickets at risk, failing drills, remediations awaiting approval), loaded with the
 * page and refreshed by the live stream. Settings is here too: its parts belong to several families.
 */
@Controller
@ConsolePage
class NowPage {
  private final ServiceCatalogue services;

  NowPage(ServiceCatalogue services) {
    this.services = services;
  }

  @GetMapping("/")
  @PreAuthorize("@access.can('read')")
  String now() {
    return "console/now";
  }

  @GetMapping("/settings")
  @PreAuthorize("@access.can('read')")
  String settings(Model model) {
    model.addAttribute("services", services.list());
    return "console/settings";
  }
}
