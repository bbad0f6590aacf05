package dev.pitcrew.activities.remediation;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RemediationProperties.class)
public class RemediationConfiguration {}
