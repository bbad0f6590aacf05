package dev.pitcrew.activities.drill;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PgBackRestProperties.class)
public class PgBackRestConfiguration {}
