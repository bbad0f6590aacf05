package dev.pitcrew.api.logging;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.commons.logging.impl.Slf4jLogFactory;

/**
 * Commons Logging (what Spring logs through) to SLF4J, as commons-logging picks by itself, except that a message is
 * only turned into text when its level is enabled. Commons-logging 1.3's SLF4J bridge calls {@code toString()} on
 * every message before SLF4J looks at the level, so Spring's lazy {@code LogMessage}s (Spring Security's "Authorizing
 * method invocation …", MVC's handler and mapping messages) were built on every request with debug off: about 2 % of
 * a read's CPU under the Gatling scenario (docs/performance.md). Registered in
 * {@code META-INF/services/org.apache.commons.logging.LogFactory}, which commons-logging consults before it detects
 * SLF4J.
 */
public final class LevelFirstLogFactory extends LogFactory {
  private final Slf4jLogFactory slf4j = new Slf4jLogFactory();
  private final ConcurrentMap<String, Log> logs = new ConcurrentHashMap<>();

  @Override
  public Log getInstance(Class<?> clazz) {
    return getInstance(clazz.getName());
  }

  @Override
  public Log getInstance(String name) {
    return logs.computeIfAbsent(name, n -> new LevelFirstLog(slf4j.getInstance(n)));
  }

  @Override
  public Object getAttribute(String name) {
    return slf4j.getAttribute(name);
  }

  @Override
  public String[] getAttributeNames() {
    return slf4j.getAttributeNames();
  }

  @Override
  public void removeAttribute(String name) {
    slf4j.removeAttribute(name);
  }

  @Override
  public void setAttribute(String name, Object value) {
    slf4j.setAttribute(name, value);
  }

  @Override
  public void release() {
    logs.clear();
    slf4j.release();
  }

  /** Asks the level before it hands the message on. */
  record LevelFirstLog(Log log) implements Log {
    @Override
    public boolean isTraceEnabled() {
      return log.isTraceEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
      return log.isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
      return log.isInfoEnabled();
    }

    @Override
    public boolean isWarnEnabled() {
      return log.isWarnEnabled();
    }

    @Override
    public boolean isErrorEnabled() {
      return log.isErrorEnabled();
    }

    @Override
    public boolean isFatalEnabled() {
      return log.isFatalEnabled();
    }

    @Override
    public void trace(Object message) {
      if (log.isTraceEnabled()) {
        log.trace(message);
      }
    }

    @Override
    public void trace(Object message, Throwable t) {
      if (log.isTraceEnabled()) {
        log.trace(message, t);
      }
    }

    @Override
    public void debug(Object message) {
      if (log.isDebugEnabled()) {
        log.debug(message);
      }
    }

    @Override
    public void debug(Object message, Throwable t) {
      if (log.isDebugEnabled()) {
        log.debug(message, t);
      }
    }

    @Override
    public void info(Object message) {
      if (log.isInfoEnabled()) {
        log.info(message);
      }
    }

    @Override
    public void info(Object message, Throwable t) {
      if (log.isInfoEnabled()) {
        log.info(message, t);
      }
    }

    @Override
    public void warn(Object message) {
      if (log.isWarnEnabled()) {
        log.warn(message);
      }
    }

    @Override
    public void warn(Object message, Throwable t) {
      if (log.isWarnEnabled()) {
        log.warn(message, t);
      }
    }

    @Override
    public void error(Object message) {
      if (log.isErrorEnabled()) {
        log.error(message);
      }
    }

    @Override
    public void error(Object message, Throwable t) {
      if (log.isErrorEnabled()) {
        log.error(message, t);
      }
    }

    @Override
    public void fatal(Object message) {
      if (log.isFatalEnabled()) {
        log.fatal(message);
      }
    }

    @Override
    public void fatal(Object message, Throwable t) {
      if (log.isFatalEnabled()) {
        log.fatal(message, t);
      }
    }
  }
}
