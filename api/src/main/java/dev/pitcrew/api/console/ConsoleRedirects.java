package dev.pitcrew.api.console;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;

/**
 * Console forms answer a POST with {@code redirect:…}: as 303 See Other (the next request is a GET), not the
 * HTTP/1.0-compatible 302 Spring uses by default.
 */
@Component
class ConsoleRedirects implements BeanPostProcessor {
  @Override
  public Object postProcessBeforeInitialization(Object bean, String beanName) {
    if (bean instanceof ThymeleafViewResolver resolver) {
      resolver.setRedirectHttp10Compatible(false);
    }
    return bean;
  }
}
