package dev.lantern.gateway.provider;

/** The OpenAI API operations the gateway forwards, with their path below the API base. */
public enum Endpoint {
  CHAT_COMPLETIONS("/chat/completions"),
  EMBEDDINGS("/embeddings");

  private final String path;

  Endpoint(String path) {
    this.path = path;
  }

  public String path() {
    return path;
  }
}
