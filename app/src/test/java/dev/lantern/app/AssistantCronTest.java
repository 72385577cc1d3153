package dev.lantern.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.assistant.cron.Job;
import dev.lantern.assistant.session.SessionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssistantCronTest {
  @TempDir
  Path home;

  @Test
  void cronListsPausesResumesAndRemovesJobs() throws Exception {
    Files.createDirectories(home);
    try (SessionStore store = SessionStore.open(home.resolve("state.db"))) {
      store.saveJob(new Job("j1", "pods", "every 1h", "check the pods", "home", Instant.parse("2030-01-01T00:00:00Z"),
          null, false, null));
    }

    assertThat(run("cron")).contains("j1", "pods", "every 1h", "next 2030-01-01T00:00:00Z");
    assertThat(run("cron", "pause", "j1")).contains("pause: j1 pods");
    assertThat(run("cron", "list")).contains("paused");
    assertThat(run("cron", "resume", "j1")).contains("resume: j1");
    assertThat(run("cron", "remove", "j1")).contains("Removed j1.");
    assertThat(run("cron")).contains("No scheduled jobs.");
    assertThat(run("cron", "pause", "j1")).contains("lantern: there is no job 'j1'");
    assertThat(run("cron", "pause")).contains("needs a job id");
  }

  private String run(String... args) {
    return AssistantCli.run(home, args);
  }
}
