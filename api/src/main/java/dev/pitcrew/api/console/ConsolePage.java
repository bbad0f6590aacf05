package dev.pitcrew.api.console;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller that renders console pages (Thymeleaf templates from the {@code ui} module): its models get
 * {@link ConsoleModel}'s {@code console} attribute (who is signed in, what they may do, the CSRF header for htmx).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ConsolePage {}
