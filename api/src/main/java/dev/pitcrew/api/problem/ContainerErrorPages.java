package dev.pitcrew.api.problem;

import org.apache.catalina.Container;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Puts {@link ProblemJsonErrorReportValve} in place of the Tomcat host's HTML error report. The host adds its
 * valve when it starts, before our context starts, so the swap happens as the context starts.
 */
@Component
class ContainerErrorPages implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addContextCustomizers(context -> context.addLifecycleListener(event -> {
      if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
        replaceErrorReport(context.getParent());
      }
    }));
  }

  private static void replaceErrorReport(Container host) {
    if (host == null) {
      return;
    }
    for (Valve valve : host.getPipeline().getValves()) {
      if (valve instanceof ErrorReportValve && !(valve instanceof ProblemJsonErrorReportValve)) {
        host.getPipeline().removeValve(valve);
      }
    }
    host.getPipeline().addValve(new ProblemJsonErrorReportValve());
  }
}
