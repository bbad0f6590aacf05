package dev.pitcrew.api.remediation;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pitcrew.remediation.runbooks.*}.
 *
 * @param directory runbooks to load at start (GitOps): every {@code <name>.json}, {@code .yaml} or {@code .yml} in
 *     it becomes runbook {@code <name>} (a new version when it differs from the stored one, attributed to
 *     {@code gitops:<file>}); a file that fails validation stops start-up with its problems named. Unset: none.
 */
@Validated
@ConfigurationProperties("pitcrew.remediation.runbooks")
public record RunbookProperties(Path directory) {}
