package dev.pitcrew.api.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint whose JSON body names who acts (e.g. {@code by}, {@code requestedBy}). The authenticated caller
 * decides that field: left out, it is filled with the caller's identity; naming anyone else is refused with 400.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ActorField {
  /** The body field that names the actor. */
  String value();
}
