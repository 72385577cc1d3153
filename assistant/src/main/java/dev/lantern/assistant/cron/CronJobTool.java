package dev.lantern.assistant.cron;

import dev.lantern.agent.tool.BaseTool;
import dev.lantern.agent.tool.ToolArgs;
import dev.lantern.agent.tool.ToolException;
import dev.lantern.agent.tool.ToolResult;
import dev.lantern.agent.tool.Tools;
import java.util.List;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/** {@code cronjob}: the model schedules prompts; answers go to the chat that asked (or home). */
public final class CronJobTool extends BaseTool {
  private static final JsonNode SCHEMA = Tools.schema("""
      {"type":"object","properties":{
        "action":{"type":"string","enum":["create","list","pause","resume","run","remove"]},
        "schedule":{"type":"string","description":"30m, 2h or 1d (once, from now); every 2h; a cron expression like '0 9 * * 1-5' or a time like 2026-12-01T09:00, both in the user's time zone (the one in the system prompt)"},
        "prompt":{"type":"string","description":"what to do at each run, written as a complete request"},
        "name":{"type":"string"},
        "id":{"type":"string"}},
       "required":["action"]}""");

  private final Scheduler scheduler;
  private final String chat;
  private final Predicate<Job> visible;

  /** {@code chat} is where answers of jobs created here go; every job is visible. */
  public CronJobTool(Scheduler scheduler, String chat) {
    this(scheduler, chat, job -> true);
  }

  /**
   * @param visible the jobs this chat may list and change: with per-user memory, its user's own,
   *     so that one user (or a prompt injected into their chat) cannot see or stop another's
   */
  public CronJobTool(Scheduler scheduler, String chat, Predicate<Job> visible) {
    super("cronjob", "Schedule a prompt to run later or repeatedly (reminders, daily cluster checks). Its answer is"
        + " sent to this chat; an answer starting with [SILENT] is not sent. Actions: create (schedule, prompt, name),"
        + " list, pause, resume, run (now), remove (id).", SCHEMA, false);
    this.scheduler = scheduler;
    this.chat = chat;
    this.visible = visible;
  }

  @Override
  public ToolResult call(ToolArgs arguments) throws ToolException {
    String action = arguments.choice("action", List.of("create", "list", "pause", "resume", "run", "remove"));
    try {
      return ToolResult.ok(switch (action) {
        case "create" -> describe(scheduler.create(arguments.string("name").orElse(null), arguments.required("schedule"),
            arguments.required("prompt"), chat), "created");
        case "list" -> list();
        case "pause" -> describe(scheduler.pause(mine(arguments.required("id"))), "paused");
        case "resume" -> describe(scheduler.resume(mine(arguments.required("id"))), "resumed");
        case "run" -> describe(scheduler.runSoon(mine(arguments.required("id"))), "will run now");
        default -> scheduler.remove(mine(arguments.required("id"))) ? "removed" : "there was no such job";
      });
    } catch (IllegalArgumentException e) {
      return ToolResult.error(e.getMessage());
    }
  }

  /** The id of a job this chat may change; another user's job is as absent as one that never was. */
  private String mine(String id) {
    if (scheduler.list().stream().noneMatch(job -> job.id().equals(id) && visible.test(job))) {
      throw new IllegalArgumentException("there is no job '" + id + "'; list shows this chat's jobs");
    }
    return id;
  }

  private String list() {
    List<Job> jobs = scheduler.list().stream().filter(visible).toList();
    if (jobs.isEmpty()) {
      return "no scheduled jobs";
    }
    StringBuilder text = new StringBuilder();
    jobs.forEach(job -> text.append(describe(job, "")).append('\n'));
    return text.toString().strip();
  }

  static String describe(Job job, String verb) {
    return (verb.isEmpty() ? "" : verb + ": ") + job.id() + " \"" + job.name() + "\" " + job.schedule()
        + (job.paused() ? " (paused)" : job.nextRun() == null ? " (done)" : ", next " + job.nextRun())
        + (job.lastStatus() == null ? "" : ", last: " + job.lastStatus());
  }
}
