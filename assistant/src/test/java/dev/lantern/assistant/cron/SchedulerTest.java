package dev.lantern.assistant.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lantern.assistant.session.SessionStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerTest {
  private static final Instant MONDAY_8AM = Instant.parse("2026-11-30T08:00:00Z");

  @TempDir
  Path dir;

  private final MutableClock clock = new MutableClock(MONDAY_8AM);
  private final List<String> ran = new ArrayList<>();
  private final List<String> delivered = new ArrayList<>();
  private String answer = "all good";
  private SessionStore store;
  private Scheduler scheduler;

  @BeforeEach
  void open() {
    store = SessionStore.open(dir.resolve("state.db"));
    scheduler = newScheduler();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private Scheduler newScheduler() {
    return new Scheduler(store, clock, job -> {
      ran.add(job.name());
      return answer;
    }, (chat, text) -> delivered.add(chat + " <- " + text));
  }

  @Test
  void aRepeatingJobRunsWhenDueAndItsAnswerGoesToTheChatThatMadeIt() {
    scheduler.create("pods", "every 1h", "check the pods", "telegram:42:42");

    assertThat(scheduler.tick()).isZero();
    clock.advance(Duration.ofHours(1));
    assertThat(scheduler.tick()).isEqualTo(1);
    assertThat(scheduler.tick()).as("not twice for one due time").isZero();

    assertThat(ran).containsExactly("pods");
    assertThat(delivered).containsExactly("telegram:42:42 <- all good");
    Job job = scheduler.list().getFirst();
    assertThat(job.lastRun()).isEqualTo(MONDAY_8AM.plus(Duration.ofHours(1)));
    assertThat(job.nextRun()).isEqualTo(MONDAY_8AM.plus(Duration.ofHours(2)));
    assertThat(job.lastStatus()).isEqualTo("ok");
  }

  @Test
  void aChatsCronToolSeesAndChangesOnlyTheJobsItMayAndAnotherUsersAreAsIfAbsent() throws Exception {
    Job adas = scheduler.create("backup", "every 1h", "check the backup", "telegram:42:42");
    CronJobTool bobs = new CronJobTool(scheduler, "telegram:43:43", job -> job.chat().endsWith(":43"));

    String list = bobs.call(new dev.lantern.agent.tool.ToolArgs(dev.lantern.common.json.Json.object()
        .put("action", "list"))).text();
    dev.lantern.agent.tool.ToolResult remove = bobs.call(new dev.lantern.agent.tool.ToolArgs(
        dev.lantern.common.json.Json.object().put("action", "remove").put("id", adas.id())));

    assertThat(list).isEqualTo("no scheduled jobs");
    assertThat(remove.error()).isTrue();
    assertThat(remove.text()).contains("there is no job");
    assertThat(scheduler.list()).extracting(Job::id).containsExactly(adas.id());
  }

  @Test
  void missedRunsRunOnceAtStartUpNotOncePerMissedRun() {
    scheduler.create("pods", "every 1h", "check", "home");

    clock.advance(Duration.ofHours(7)); // the process was down for seven runs
    Scheduler restarted = newScheduler();
    assertThat(restarted.tick()).isEqualTo(1);
    assertThat(restarted.tick()).isZero();

    assertThat(ran).hasSize(1);
    assertThat(restarted.list().getFirst().nextRun()).isEqualTo(MONDAY_8AM.plus(Duration.ofHours(8)));
  }

  @Test
  void aOneOffJobRunsOnceAndIsThenDone() {
    scheduler.create("tea", "30m", "remind me of the tea", "home");
    clock.advance(Duration.ofMinutes(31));

    scheduler.tick();
    clock.advance(Duration.ofDays(1));
    scheduler.tick();

    assertThat(ran).containsExactly("tea");
    assertThat(scheduler.list().getFirst().nextRun()).isNull();
  }

  @Test
  void cronExpressionsAndTimestampsAreUnderstood() {
    scheduler.create("weekday", "0 9 * * 1-5", "morning check", "home");
    scheduler.create("once", "2026-11-30T12:30:00Z", "lunch", "home");

    List<Job> jobs = scheduler.list();
    assertThat(jobs).extracting(Job::nextRun).containsExactlyInAnyOrder(Instant.parse("2026-11-30T09:00:00Z"),
        Instant.parse("2026-11-30T12:30:00Z"));
    clock.advance(Duration.ofHours(1));
    scheduler.tick();
    assertThat(ran).containsExactly("weekday");
    assertThat(scheduler.list().stream().filter(j -> j.name().equals("weekday")).findFirst().orElseThrow().nextRun())
        .isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
  }

  @Test
  void silentAnswersAreNotDeliveredAndPausedJobsDoNotRun() {
    Job job = scheduler.create("quiet", "every 1h", "check", "home");
    answer = "[SILENT] nothing new";
    clock.advance(Duration.ofHours(1));
    scheduler.tick();
    assertThat(ran).hasSize(1);
    assertThat(delivered).isEmpty();

    scheduler.pause(job.id());
    clock.advance(Duration.ofHours(3));
    assertThat(scheduler.tick()).isZero();
    scheduler.resume(job.id());
    assertThat(scheduler.list().getFirst().nextRun()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
    scheduler.runSoon(job.id());
    assertThat(scheduler.tick()).isEqualTo(1);
    assertThat(scheduler.remove(job.id())).isTrue();
    assertThat(scheduler.list()).isEmpty();
  }

  @Test
  void badSchedulesAreClearErrors() {
    assertThatThrownBy(() -> scheduler.create("x", "whenever", "p", "home")).hasMessageContaining("every 2h");
    assertThatThrownBy(() -> scheduler.create("x", "every 10s", "p", "home")).hasMessageContaining("every minute");
    assertThatThrownBy(() -> scheduler.create("x", "61 * * * *", "p", "home")).hasMessageContaining("cron");
    assertThatThrownBy(() -> scheduler.create("x", "2020-01-01T00:00:00Z", "p", "home")).hasMessageContaining("past");
    assertThatThrownBy(() -> scheduler.pause("nope")).hasMessageContaining("no job 'nope'");
    assertThat(scheduler.list()).isEmpty();
  }

  @Property(tries = 300)
  void anyScheduleTextIsAScheduleOrAClearError(@ForAll String text) {
    try {
      Schedule schedule = Schedule.parse(text, MONDAY_8AM, ZoneOffset.UTC);
      assertThat(schedule.text()).isNotNull();
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }
}
