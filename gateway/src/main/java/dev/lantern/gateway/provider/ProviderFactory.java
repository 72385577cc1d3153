package dev.lantern.gateway.provider;

import dev.lantern.gateway.config.DeploymentConfig;

/** Builds the {@link Provider} for one deployment; registered by name in {@link Providers}. */
@FunctionalInterface
public interface ProviderFactory {
  /**
   * @throws IllegalArgumentException when the deployment cannot work with this provider (e.g. a
   *     required api_base is missing); the message says what to add
   */
  Provider create(DeploymentConfig deployment, ProviderContext context);
}
