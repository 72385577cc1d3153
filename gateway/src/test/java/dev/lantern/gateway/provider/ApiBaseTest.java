package dev.lantern.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A deployment's base URL: checked with a message that says what to write, and never shown with its credentials. */
class ApiBaseTest {
  @Test
  void credentialsInTheUrlBecomeABasicHeaderAndAreNeverShown() {
    ApiBase base = ApiBase.parse("http://user:s3cret@llama.home:8080/v1/", "openai", "http://host/v1");

    assertThat(base.url()).isEqualTo("http://llama.home:8080/v1");
    assertThat(base.toString()).doesNotContain("s3cret");
    assertThat(base.basicAuthorization()).contains("Basic dXNlcjpzM2NyZXQ=");
  }

  @Test
  void aPasswordWithAnUnencodedAtSignIsNotShownInTheError() {
    assertThatThrownBy(() -> ApiBase.parse("http://admin:p@ss@llama.home/v1", "openai", "http://host/v1"))
        .hasMessageNotContaining("p@ss").hasMessageNotContaining("admin");
    assertThatThrownBy(() -> ApiBase.parse("ftp://admin:pw9@llama.home/v1", "openai", "http://host/v1"))
        .hasMessageContaining("must be an http:// or https:// URL").hasMessageNotContaining("pw9");
    for (String password : new String[] {"pa/ss", "pa#ss", "pa?ss", "pa ss", "pa%zz"}) {
      assertThatThrownBy(() -> ApiBase.parse("http://admin:" + password + "@llama.home/v1", "openai", "http://h/v1"))
          .as(password).hasMessageNotContaining(password).hasMessageNotContaining("admin");
    }
  }

  @Test
  void aMissingBaseSaysWhereToSetIt() {
    assertThatThrownBy(() -> ApiBase.parse(null, "hosted_vllm", "http://vllm:8000/v1"))
        .hasMessage("api_base is required for hosted_vllm models: set litellm_params.api_base to the server's URL, "
            + "e.g. http://vllm:8000/v1");
  }

  @Test
  void theConfiguredBaseWinsOverTheProvidersVariables() {
    Map<String, String> env = Map.of("GROQ_API_BASE", "http://proxy/groq", "OTHER", "x");

    assertThat(ApiBase.configuredOrFromEnv(Optional.empty(), List.of("GROQ_API_BASE"), env)).contains("http://proxy/groq");
    assertThat(ApiBase.configuredOrFromEnv(Optional.of("http://mine"), List.of("GROQ_API_BASE"), env))
        .contains("http://mine");
  }
}
