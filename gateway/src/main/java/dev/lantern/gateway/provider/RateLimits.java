package dev.lantern.gateway.provider;

import java.util.OptionalLong;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;

/**
 * What an upstream said of its own rate limits on an answer: the requests and tokens it will
 * still take in the current window ({@code x-ratelimit-remaining-requests} and {@code
 * -tokens}, as OpenAI, Azure, Groq and others send them). LiteLLM exports them as {@code
 * litellm_remaining_requests_metric} and {@code litellm_remaining_tokens_metric}.
 */
public record RateLimits(OptionalLong remainingRequests, OptionalLong remainingTokens) {
  public static final RateLimits NONE = new RateLimits(OptionalLong.empty(), OptionalLong.empty());

  /** Reads a provider's remaining-requests and remaining-tokens headers, by their names. */
  public static RateLimits from(HttpResponse response, String requestsHeader, String tokensHeader) {
    OptionalLong requests = number(response.getFirstHeader(requestsHeader));
    OptionalLong tokens = number(response.getFirstHeader(tokensHeader));
    return requests.isEmpty() && tokens.isEmpty() ? NONE : new RateLimits(requests, tokens);
  }

  /** OpenAI's names. */
  public static RateLimits openAi(HttpResponse response) {
    return from(response, "x-ratelimit-remaining-requests", "x-ratelimit-remaining-tokens");
  }

  public boolean isEmpty() {
    return remainingRequests.isEmpty() && remainingTokens.isEmpty();
  }

  private static OptionalLong number(Header header) {
    if (header == null) {
      return OptionalLong.empty();
    }
    try {
      long value = Long.parseLong(header.getValue().strip());
      return value >= 0 ? OptionalLong.of(value) : OptionalLong.empty();
    } catch (NumberFormatException notANumber) {
      return OptionalLong.empty();
    }
  }
}
