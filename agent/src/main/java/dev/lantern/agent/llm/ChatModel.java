package dev.lantern.agent.llm;

/**
 * Anything that answers chat completions: normally {@link OpenAiChatClient} pointed at the Lantern
 * gateway. The agent loop depends on this interface only.
 */
public interface ChatModel {
  /**
   * Sends one call. Text is streamed to {@code sink} as it arrives; the whole answer is returned.
   *
   * @throws LlmException with a {@link LlmException.Kind} for every failure, never anything else
   */
  ChatResponse complete(ChatRequest request, TextSink sink, Cancellation cancellation) throws LlmException;
}
