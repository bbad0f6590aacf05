package dev.pitcrew.api.security;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.EvaluationException;
import org.springframework.expression.Expression;
import org.springframework.expression.ExpressionParser;
import org.springframework.expression.ParseException;
import org.springframework.expression.ParserContext;
import org.springframework.expression.spel.standard.SpelExpressionParser;

/**
 * Method security's expression parser: {@code @access.can('literal')}, the check on almost every endpoint, becomes a
 * direct call of {@link Access#can} on the {@code access} bean, which is what SpEL would call; anything else
 * ({@code isAuthenticated()}, {@code @access.can(#decision)}) is parsed by SpEL as before. SpEL's evaluation of the
 * bean reference and the method on every request was about 3 % of a read's CPU under the Gatling scenario
 * (docs/performance.md). The rules, the denial reasons recorded for the 403 and the audit, and the expression
 * strings the authorization matrix reads are unchanged.
 */
final class AccessCanParser implements ExpressionParser {
  private static final Pattern ACCESS_CAN = Pattern.compile("\\s*@access\\.can\\('([A-Za-z0-9_.:-]+)'\\)\\s*");

  private final SpelExpressionParser spel = new SpelExpressionParser();
  private final BeanFactory beans;

  AccessCanParser(BeanFactory beans) {
    this.beans = beans;
  }

  @Override
  public Expression parseExpression(String expressionString) throws ParseException {
    Matcher literal = ACCESS_CAN.matcher(expressionString);
    return literal.matches()
        ? new AccessCan(expressionString, literal.group(1), beans)
        : spel.parseExpression(expressionString);
  }

  @Override
  public Expression parseExpression(String expressionString, ParserContext context) throws ParseException {
    return context == null || !context.isTemplate()
        ? parseExpression(expressionString)
        : spel.parseExpression(expressionString, context);
  }

  /** {@code @access.can('permission')}: a boolean, read-only. */
  static final class AccessCan implements Expression {
    private final String expression;
    private final String permission;
    private final BeanFactory beans;
    private volatile Access access;

    AccessCan(String expression, String permission, BeanFactory beans) {
      this.expression = expression;
      this.permission = permission;
      this.beans = beans;
    }

    private Boolean evaluate() {
      Access resolved = access;
      if (resolved == null) {
        resolved = beans.getBean("access", Access.class);
        access = resolved;
      }
      return resolved.can(permission);
    }

    private <T> T as(Class<T> type) {
      Boolean value = evaluate();
      if (type == null || type.isInstance(value)) {
        return type == null ? null : type.cast(value);
      }
      if (type == boolean.class) {
        @SuppressWarnings("unchecked")
        T primitive = (T) value;
        return primitive;
      }
      throw new EvaluationException(expression, "A boolean cannot be read as " + type.getName());
    }

    @Override
    public String getExpressionString() {
      return expression;
    }

    @Override
    public Object getValue() {
      return evaluate();
    }

    @Override
    public <T> T getValue(Class<T> desiredResultType) {
      return as(desiredResultType);
    }

    @Override
    public Object getValue(Object rootObject) {
      return evaluate();
    }

    @Override
    public <T> T getValue(Object rootObject, Class<T> desiredResultType) {
      return as(desiredResultType);
    }

    @Override
    public Object getValue(EvaluationContext context) {
      return evaluate();
    }

    @Override
    public Object getValue(EvaluationContext context, Object rootObject) {
      return evaluate();
    }

    @Override
    public <T> T getValue(EvaluationContext context, Class<T> desiredResultType) {
      return as(desiredResultType);
    }

    @Override
    public <T> T getValue(EvaluationContext context, Object rootObject, Class<T> desiredResultType) {
      return as(desiredResultType);
    }

    @Override
    public Class<?> getValueType() {
      return Boolean.class;
    }

    @Override
    public Class<?> getValueType(Object rootObject) {
      return Boolean.class;
    }

    @Override
    public Class<?> getValueType(EvaluationContext context) {
      return Boolean.class;
    }

    @Override
    public Class<?> getValueType(EvaluationContext context, Object rootObject) {
      return Boolean.class;
    }

    @Override
    public TypeDescriptor getValueTypeDescriptor() {
      return TypeDescriptor.valueOf(Boolean.class);
    }

    @Override
    public TypeDescriptor getValueTypeDescriptor(Object rootObject) {
      return TypeDescriptor.valueOf(Boolean.class);
    }

    @Override
    public TypeDescriptor getValueTypeDescriptor(EvaluationContext context) {
      return TypeDescriptor.valueOf(Boolean.class);
    }

    @Override
    public TypeDescriptor getValueTypeDescriptor(EvaluationContext context, Object rootObject) {
      return TypeDescriptor.valueOf(Boolean.class);
    }

    @Override
    public boolean isWritable(Object rootObject) {
      return false;
    }

    @Override
    public boolean isWritable(EvaluationContext context) {
      return false;
    }

    @Override
    public boolean isWritable(EvaluationContext context, Object rootObject) {
      return false;
    }

    @Override
    public void setValue(Object rootObject, Object value) {
      throw new EvaluationException(expression, "A permission check cannot be assigned");
    }

    @Override
    public void setValue(EvaluationContext context, Object value) {
      throw new EvaluationException(expression, "A permission check cannot be assigned");
    }

    @Override
    public void setValue(EvaluationContext context, Object rootObject, Object value) {
      throw new EvaluationException(expression, "A permission check cannot be assigned");
    }

    @Override
    public String toString() {
      return expression;
    }
  }
}
