package dev.lantern.testkit;

import java.util.List;

/**
 * A scriptable fake of a model API that plays many deployments, each with its own base URL,
 * queue of {@link Reply replies} and record of calls: the same script runs against every
 * provider's wire format ({@link FakeOpenAi}, {@link FakeAnthropic}).
 */
public interface FakeUpstream extends AutoCloseable {
  /** The api_base a gateway config uses for this deployment. */
  String baseUrl(String deployment);

  /** Queues replies for the next calls to this deployment. */
  FakeUpstream script(String deployment, Reply... replies);

  /** The calls this deployment received, in order, as the provider's API saw them. */
  List<Received> received(String deployment);

  int calls(String deployment);

  @Override
  void close();
}
