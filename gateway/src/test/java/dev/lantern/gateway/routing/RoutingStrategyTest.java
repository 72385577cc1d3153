package dev.lantern.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.gateway.config.Credential;
import dev.lantern.gateway.config.DeploymentConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** simple-shuffle honours weights (then rpm); least-busy picks the idlest deployment. */
class RoutingStrategyTest {
  private static Deployment deployment(String id, Double weight, Integer rpm) {
    return new Deployment(new DeploymentConfig("g", "openai/" + id, id, "openai", id, Optional.empty(),
        Credential.none(), Optional.ofNullable(rpm), Optional.empty(), Optional.ofNullable(weight), Optional.empty(),
        Optional.empty(), dev.lantern.gateway.config.Pricing.NONE, Map.of(), 0, Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), "model_list[0]"), null);
  }

  @Test
  void simpleShuffleFollowsWeights() {
    Deployment heavy = deployment("heavy", 9.0, null);
    Deployment light = deployment("light", 1.0, null);
    int heavyPicks = 0;
    for (int i = 0; i < 10_000; i++) {
      if (RoutingStrategy.simpleShuffle(List.of(heavy, light)) == heavy) {
        heavyPicks++;
      }
    }
    assertThat(heavyPicks).isBetween(8_600, 9_400);
  }

  @Test
  void simpleShuffleUsesRpmWhenThereAreNoWeights() {
    Deployment big = deployment("big", null, 300);
    Deployment small = deployment("small", null, 100);
    int bigPicks = 0;
    for (int i = 0; i < 10_000; i++) {
      if (RoutingStrategy.simpleShuffle(List.of(big, small)) == big) {
        bigPicks++;
      }
    }
    assertThat(bigPicks).isBetween(7_100, 7_900);
  }

  @Test
  void leastBusyPicksTheDeploymentWithFewestCallsInFlight() {
    Deployment busy = deployment("busy", null, null);
    Deployment idle = deployment("idle", null, null);
    busy.tryBegin(0);
    busy.tryBegin(0);
    idle.tryBegin(0);

    assertThat(RoutingStrategy.leastBusy(List.of(busy, idle))).isSameAs(idle);
  }
}
