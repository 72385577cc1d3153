package dev.lantern.assistant.cron;

import java.time.Instant;

/**
 * A scheduled job: a prompt the assistant runs on a schedule, delivering the answer to {@code chat}
 * (the session key of the chat that created it, or "home" for the configured home chat).
 * {@code nextRun} is null once a one-off job has run.
 */
public record Job(String id, String name, String schedule, String prompt, String chat, Instant nextRun,
    Instant lastRun, boolean paused, String lastStatus) {

  public Job withRun(Instant ran, Instant next, String status) {
    return new Job(id, name, schedule, prompt, chat, next, ran, paused, status);
  }

  public Job withPaused(boolean value, Instant next) {
    return new Job(id, name, schedule, prompt, chat, next, lastRun, value, lastStatus);
  }
}
