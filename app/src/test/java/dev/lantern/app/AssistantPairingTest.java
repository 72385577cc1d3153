package dev.lantern.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.assistant.pairing.Pairing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The owner's side of pairing, as typed at a terminal: list, approve a code, revoke. */
class AssistantPairingTest {
  @TempDir
  Path home;

  @Test
  void theOwnerListsApprovesAndRevokesAStranger() throws Exception {
    Files.createDirectories(home);
    String code;
    try (Pairing pairing = Pairing.open(home.resolve("state.db"), Clock.systemUTC())) {
      Optional<String> reply = pairing.request("telegram", 666, 666, "@mallory");
      code = reply.orElseThrow().replaceAll("(?s).*pairing code: (\\w{8}).*", "$1");
    }

    assertThat(run("pairing")).contains("Waiting for approval:", code, "user 666 (@mallory)", "No paired users.");
    assertThat(run("pairing", "approve", "telegram", "WRONG234")).contains("lantern: no pending code 'WRONG234'");
    assertThat(run("pairing", "approve", "Telegram", code.toLowerCase())).contains("Approved telegram user 666");
    assertThat(run("pairing", "list")).contains("No pairing requests are waiting.", "telegram  user 666 (@mallory)");
    assertThat(run("pairing", "revoke", "telegram", "666")).contains("Revoked telegram user 666.");
    assertThat(run("pairing", "revoke", "telegram", "666")).contains("was not paired");
    try (Pairing pairing = Pairing.open(home.resolve("state.db"), Clock.systemUTC())) {
      assertThat(pairing.isPaired("telegram", 666)).isFalse();
    }
  }

  @Test
  void mistakesSayWhatIsMissing() {
    assertThat(run("pairing", "approve")).contains("needs PLATFORM");
    assertThat(run("pairing", "approve", "telegram")).contains("needs CODE");
    assertThat(run("pairing", "approve", "irc", "ABCDEFGH")).contains("unknown platform 'irc': use telegram or discord");
    assertThat(run("pairing", "revoke", "telegram", "mallory")).contains("USER must be a numeric user id");
    assertThat(run("pairing", "frobnicate")).contains("unknown action 'frobnicate'");
  }

  private String run(String... args) {
    return AssistantCli.run(home, args);
  }
}
