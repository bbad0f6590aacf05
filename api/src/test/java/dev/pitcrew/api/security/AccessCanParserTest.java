package dev.pitcrew.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.support.StandardEvaluationContext;

/**
 * The literal permission check is called directly, with SpEL's answer; every other expression is still SpEL's.
 * That the rules hold endpoint by endpoint is {@link AuthorizationMatrixTest}'s job.
 */
class AccessCanParserTest {
  private final Access access = mock(Access.class);
  private final AccessCanParser parser = new AccessCanParser(beans(access));

  @Test
  void aLiteralPermissionAsksAccessDirectly() {
    when(access.can("incident.note")).thenReturn(true);
    when(access.can("read")).thenReturn(false);

    Expression note = parser.parseExpression("@access.can('incident.note')");
    Expression read = parser.parseExpression("@access.can('read')");

    assertThat(note).isNotInstanceOf(SpelExpression.class);
    assertThat(note.getExpressionString()).isEqualTo("@access.can('incident.note')");
    assertThat(note.getValue(new StandardEvaluationContext(), Boolean.class)).isTrue();
    assertThat(read.getValue(new StandardEvaluationContext())).isEqualTo(false);
    verify(access).can("read");
  }

  @Test
  void everythingElseIsSpel() {
    assertThat(parser.parseExpression("isAuthenticated()")).isInstanceOf(SpelExpression.class);
    assertThat(parser.parseExpression("@access.can(#decision)")).isInstanceOf(SpelExpression.class);
    assertThat(parser.parseExpression("@access.can('read') and isAuthenticated()")).isInstanceOf(SpelExpression.class);
    assertThat(parser.parseExpression("@access.allows('read')")).isInstanceOf(SpelExpression.class);
  }

  private static StaticListableBeanFactory beans(Access access) {
    StaticListableBeanFactory beans = new StaticListableBeanFactory();
    beans.addBean("access", access);
    return beans;
  }
}
