package dev.pitcrew.api.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/**
 * How people log in with a browser (local accounts with TOTP, OIDC): the login pages it serves without
 * authentication and what it adds to the filter chain.
 */
public interface BrowserLogin {
  String[] openPaths();

  void configure(HttpSecurity http) throws Exception;
}
