package dev.lantern.app;

import dev.lantern.assistant.cron.Job;
import dev.lantern.assistant.cron.Scheduler;
import dev.lantern.assistant.home.AssistantConfig;
import dev.lantern.assistant.home.LanternHome;
import dev.lantern.assistant.session.SessionStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code lantern assistant cron list|pause|resume|run|remove}: the scheduled jobs in state.db.
 * {@code assistant serve} runs them; these commands change what it will do.
 */
@Command(name = "cron", mixinStandardHelpOptions = true,
    description = "List and manage scheduled jobs (assistant serve runs them).")
final class AssistantCron implements Callable<Integer> {
  @CommandLine.ParentCommand
  AssistantCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ACTION", defaultValue = "list",
      description = "list (default), pause, resume, run (at the next tick of serve) or remove")
  String action;

  @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "The job, for every action but list.")
  String id;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    LanternHome home = parent.home().prepare();
    AssistantConfig config = AssistantConfig.load(home.config(), parent.environment());
    try (SessionStore store = SessionStore.open(home.stateDb())) {
      Scheduler scheduler = new Scheduler(store, Clock.system(config.timezone()), job -> {
        throw new IllegalStateException("jobs run in assistant serve");
      }, (chat, text) -> false);
      if (action.equals("list")) {
        List<Job> jobs = scheduler.list();
        if (jobs.isEmpty()) {
          out.println("No scheduled jobs.");
        }
        for (Job job : jobs) {
          out.printf("%s  %-24s %-16s %s%s%n", job.id(), job.name(), job.schedule(),
              job.paused() ? "paused" : job.nextRun() == null ? "done" : "next " + job.nextRun(),
              job.lastStatus() == null ? "" : "  (last: " + job.lastStatus() + ")");
        }
        return 0;
      }
      if (id == null) {
        throw new IllegalArgumentException("'cron " + action + "' needs a job id; 'cron list' shows them");
      }
      Job changed = switch (action) {
        case "pause" -> scheduler.pause(id);
        case "resume" -> scheduler.resume(id);
        case "run" -> scheduler.runSoon(id);
        case "remove" -> {
          if (!scheduler.remove(id)) {
            throw new IllegalArgumentException("there is no job '" + id + "'");
          }
          yield null;
        }
        default -> throw new IllegalArgumentException("unknown action '" + action
            + "': use list, pause, resume, run or remove");
      };
      out.println(changed == null ? "Removed " + id + "." : action + ": " + changed.id() + " " + changed.name()
          + (changed.nextRun() == null ? "" : ", next " + changed.nextRun()));
      return 0;
    }
  }
}
