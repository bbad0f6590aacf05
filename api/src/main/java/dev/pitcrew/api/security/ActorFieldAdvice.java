package dev.pitcrew.api.security;

import java.lang.reflect.Type;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Applies {@link ActorField} to the JSON body of the endpoints that carry it, before the controller reads it. */
@ControllerAdvice
class ActorFieldAdvice extends RequestBodyAdviceAdapter {
  private final ActorStamp stamp;

  ActorFieldAdvice(ActorStamp stamp) {
    this.stamp = stamp;
  }

  @Override
  public boolean supports(
      MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
    return parameter.hasMethodAnnotation(ActorField.class) && JsonNode.class.equals(parameter.getParameterType());
  }

  @Override
  public Object afterBodyRead(
      Object body, HttpInputMessage input, MethodParameter parameter, Type targetType,
      Class<? extends HttpMessageConverter<?>> converterType) {
    stamp.stamp((JsonNode) body, parameter.getMethodAnnotation(ActorField.class).value());
    return body;
  }

  /** An endpoint whose body is optional (a decision without a reason) still records who decided. */
  @Override
  public Object handleEmptyBody(
      Object body, HttpInputMessage input, MethodParameter parameter, Type targetType,
      Class<? extends HttpMessageConverter<?>> converterType) {
    ObjectNode empty = JsonNodeFactory.instance.objectNode();
    stamp.stamp(empty, parameter.getMethodAnnotation(ActorField.class).value());
    return empty;
  }
}
