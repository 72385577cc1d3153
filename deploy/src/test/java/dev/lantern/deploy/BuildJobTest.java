package dev.lantern.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The in-cluster build Job: the kaniko Job's lessons as checked settings. */
class BuildJobTest {
  @Test
  void theBuildJobFitsAPiNodeHasADeadlineAndRunsTheSameJibBuild() throws Exception {
    Job job = new KubernetesSerialization().unmarshal(
        Files.readString(ChartTest.ROOT.resolve("deploy/build/lantern-build-job.yaml")), Job.class);
    Container build = job.getSpec().getTemplate().getSpec().getContainers().getFirst();

    assertThat(job.getSpec().getActiveDeadlineSeconds()).isPositive().isLessThanOrEqualTo(3600L);
    assertThat(job.getSpec().getBackoffLimit()).isBetween(0, 3);
    assertThat(job.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(build.getCommand()).contains("jib:build", "-Dlantern.image.registry=registry.registry:5000");
    assertThat(Quantity.getAmountInBytes(build.getResources().getLimits().get("memory")).longValue())
        .isLessThanOrEqualTo(1L << 30);
    assertThat(build.getEnv()).anySatisfy(env -> assertThat(env.getValue()).contains("-Xmx384m"));
    for (Container container : job.getSpec().getTemplate().getSpec().getInitContainers()) {
      assertThat(container.getResources().getLimits()).containsKey("memory");
    }
  }
}
