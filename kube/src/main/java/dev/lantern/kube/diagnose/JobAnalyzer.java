package dev.lantern.kube.diagnose;

import static dev.lantern.kube.diagnose.Finding.Severity.CRITICAL;
import static dev.lantern.kube.diagnose.Finding.Severity.WARNING;
import static dev.lantern.kube.diagnose.PodAnalyzer.lines;
import static dev.lantern.kube.diagnose.PodAnalyzer.truncate;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Jobs that gave up (over their backoff limit or deadline), and CronJobs whose most recent Job
 * failed. A CronJob's failed Jobs fold under it.
 */
final class JobAnalyzer implements Analyzer {
  @Override
  public String name() {
    return "jobs";
  }

  @Override
  public List<Finding> analyze(Snapshot snapshot) {
    List<Finding> findings = new ArrayList<>();
    for (Job job : snapshot.jobs()) {
      failure(job).ifPresent(condition -> {
        ObjectRef ref = ObjectRef.of(job);
        int failed = job.getStatus().getFailed() == null ? 0 : job.getStatus().getFailed();
        Integer limit = job.getSpec() == null ? null : job.getSpec().getBackoffLimit();
        findings.add(Finding.of("JobFailed", CRITICAL, ref,
            "job failed (" + condition.getReason() + ")" + (limit == null ? "" : ": " + failed + " failed pods, backoffLimit " + limit),
            lines("condition Failed=True (" + condition.getReason() + ")",
                condition.getMessage() == null ? null : "message: " + truncate(condition.getMessage(), 160),
                "status.failed=" + failed),
            "read the log of its last pod: kubectl -n " + ref.namespace() + " logs job/" + ref.name()));
      });
    }
    for (CronJob cron : snapshot.cronJobs()) {
      List<Job> owned = snapshot.jobs().stream().filter(job -> Owners.ownedBy(job, cron))
          .sorted(Comparator.comparing(JobAnalyzer::started).reversed())
          .toList();
      if (owned.isEmpty() || failure(owned.get(0)).isEmpty()) {
        continue;
      }
      long failedInARow = owned.stream().takeWhile(job -> failure(job).isPresent()).count();
      ObjectRef ref = ObjectRef.of(cron);
      findings.add(Finding.of("CronJobFailing", failedInARow > 1 ? CRITICAL : WARNING, ref,
          "the last " + (failedInARow == 1 ? "run" : failedInARow + " runs") + " failed (schedule "
              + (cron.getSpec() == null ? "?" : cron.getSpec().getSchedule()) + ")",
          List.of("last job " + owned.get(0).getMetadata().getName() + " failed", "failed in a row: " + failedInARow),
          "read the last job's log: kubectl -n " + ref.namespace() + " logs job/" + owned.get(0).getMetadata().getName()));
    }
    return findings;
  }

  /** When a Job started; Instant strings sort in time order. */
  private static String started(Job job) {
    String start = job.getStatus() == null ? null : job.getStatus().getStartTime();
    return String.valueOf(start != null ? start : job.getMetadata().getCreationTimestamp());
  }

  static Optional<JobCondition> failure(Job job) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
  }
}
