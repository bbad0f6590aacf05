package dev.pitcrew.api.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/** While no browser login is wired: API tokens and IdP JWTs only. */
final class NoBrowserLogin implements BrowserLogin {
  @Override
  public String[] openPaths() {
    return new String[] {"/login"};
  }

  @Override
  public void configure(HttpSecurity http) {
    // Nothing to add.
  }
}
