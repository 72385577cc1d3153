package dev.lantern.gateway.config;

import java.util.Optional;

/**
 * A {@code model_list} entry the gateway cannot serve (no model after the provider prefix, a
 * provider it does not know, a value it cannot read). It is left out with a warning; the rest of
 * the config is served, and its {@code model_name} still exists, so that fallbacks naming it keep
 * working and a call to it says why it has no deployment.
 *
 * @param where     the file and key path of the problem, e.g. {@code config.yaml: model_list[2].litellm_params.model}
 * @param modelName the entry's {@code model_name}, when it has a usable one
 * @param reason    what is wrong and what to do about it
 */
public record SkippedDeployment(String where, Optional<String> modelName, String reason) {
  /** The one warning line logged at start-up and printed by {@code --check}. */
  public String warning() {
    return where + ": " + reason + " — " + modelName.map(name -> "this deployment of model '" + name + "'")
        .orElse("this entry") + " is skipped; the rest of the config is served";
  }
}
