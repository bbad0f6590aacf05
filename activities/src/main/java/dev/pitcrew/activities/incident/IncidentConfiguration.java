package dev.pitcrew.activities.incident;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IncidentProperties.class)
public class IncidentConfiguration {}
