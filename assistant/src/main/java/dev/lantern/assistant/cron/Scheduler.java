package dev.lantern.assistant.cron;

import dev.lantern.assistant.session.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs scheduled jobs, stored in {@code state.db}. {@link #tick()} runs every job that is due, one
 * after another, and sets its next run from now: a job whose runs were missed while the process
 * was down runs once at start-up, not once per missed run. The clock is injected, so tests move
 * time instead of waiting.
 */
public final class Scheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
  /** Answers starting with this are not delivered (a job that found nothing to report). */
  public static final String SILENT = "[SILENT]";
  static final String HOME = "home";

  /** Runs a job's prompt and returns the answer. */
  @FunctionalInterface
  public interface Runner {
    String run(Job job) throws Exception;
  }

  /** Delivers an answer to a chat key ("telegram:CHAT:USER") or "home"; false if it could not. */
  @FunctionalInterface
  public interface Delivery {
    boolean deliver(String chat, String text);
  }

  private final SessionStore store;
  private final Clock clock;
  private final ZoneId zone;
  private final Runner runner;
  private final Delivery delivery;
  private volatile boolean running;
  private Thread ticker;

  public Scheduler(SessionStore store, Clock clock, Runner runner, Delivery delivery) {
    this.store = store;
    this.clock = clock;
    this.zone = clock.getZone();
    this.runner = runner;
    this.delivery = delivery;
  }

  public Job create(String name, String scheduleText, String prompt, String chat) {
    Instant now = clock.instant();
    Schedule schedule = Schedule.parse(scheduleText, now, zone);
    Instant next = schedule.next(now).orElseThrow(() -> new IllegalArgumentException("'" + scheduleText
        + "' is in the past"));
    String id = java.util.UUID.randomUUID().toString().substring(0, 8);
    Job job = new Job(id, name == null || name.isBlank() ? abbreviate(prompt) : name.strip(), schedule.text(), prompt,
        chat, next, null, false, null);
    store.saveJob(job);
    return job;
  }

  public List<Job> list() {
    return store.jobs();
  }

  public Job pause(String id) {
    Job job = existing(id);
    store.saveJob(job.withPaused(true, job.nextRun()));
    return existing(id);
  }

  /** Resumes a paused job; its next run is computed from now. */
  public Job resume(String id) {
    Job job = existing(id);
    Instant now = clock.instant();
    Schedule schedule = Schedule.parse(job.schedule(), now, zone);
    Instant next = schedule.repeats() ? schedule.next(now).orElse(null) : job.nextRun();
    store.saveJob(job.withPaused(false, next));
    return existing(id);
  }

  public boolean remove(String id) {
    return store.deleteJob(id);
  }

  /** Makes a job due now; the next tick runs it. */
  public Job runSoon(String id) {
    Job job = existing(id);
    store.saveJob(new Job(job.id(), job.name(), job.schedule(), job.prompt(), job.chat(), clock.instant(),
        job.lastRun(), false, job.lastStatus()));
    return existing(id);
  }

  /** Runs every due job once; returns how many ran. */
  public int tick() {
    Instant now = clock.instant();
    int ran = 0;
    for (Job job : store.jobs()) {
      if (job.paused() || job.nextRun() == null || job.nextRun().isAfter(now)) {
        continue;
      }
      run(job);
      ran++;
    }
    return ran;
  }

  private void run(Job job) {
    String status;
    try {
      String answer = runner.run(job);
      if (!running && ticker != null) {
        return; // stopping: the job stays due and runs at the next start
      }
      if (answer.strip().startsWith(SILENT)) {
        status = "ok (silent)";
      } else {
        status = delivery.deliver(job.chat(), answer) ? "ok" : "ran; the answer could not be delivered";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return; // stopping: the job stays due and runs at the next start
    } catch (Exception e) {
      if (!running && ticker != null) {
        return;
      }
      log.warn("Job {} ({}) failed: {}", job.id(), job.name(), e.getMessage());
      status = "failed: " + e.getMessage();
      if (!Schedule.parse(job.schedule(), clock.instant(), zone).repeats()) {
        // A one-off that failed would otherwise be lost: say so where its answer would have gone.
        delivery.deliver(job.chat(), "The scheduled job \"" + job.name() + "\" failed: " + e.getMessage());
      }
    }
    Instant now = clock.instant();
    Instant next = null;
    try {
      Schedule schedule = Schedule.parse(job.schedule(), now, zone);
      next = schedule.repeats() ? schedule.next(now).orElse(null) : null;
    } catch (IllegalArgumentException e) {
      log.warn("Job {} has a schedule that no longer parses ({}); it will not run again", job.id(), e.getMessage());
    }
    // Re-read: the job may have been removed or paused while it ran.
    Optional<Job> current = store.job(job.id());
    if (current.isPresent()) {
      store.saveJob(current.get().withRun(now, next, status));
    }
  }

  /** Ticks every {@code every} on a background thread until {@link #close()}. */
  public Scheduler start(Duration every) {
    running = true;
    ticker = Thread.ofVirtual().name("scheduler").start(() -> {
      while (running) {
        try {
          tick();
          Thread.sleep(every);
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          log.warn("The scheduler hit an error; continuing: {}", e.getMessage());
        }
      }
    });
    return this;
  }

  /** Stops ticking; a job that is running is interrupted and stays due for the next start. */
  @Override
  public void close() {
    running = false;
    if (ticker != null) {
      ticker.interrupt();
      try {
        ticker.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private Job existing(String id) {
    return store.job(id).orElseThrow(() -> new IllegalArgumentException("there is no job '" + id
        + "'. The cronjob tool's list action shows the jobs"));
  }

  private static String abbreviate(String text) {
    String line = text.replaceAll("\\s+", " ").strip();
    return line.length() <= 40 ? line : line.substring(0, 40) + "…";
  }
}
