package dev.lantern.assistant.messaging;

import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/** How a messaging front end's link to its platform is, and since when: one entry of {@code /healthz}. */
public record FrontEndHealth(boolean ok, String detail, Instant since) {
  /** Writes this under {@code name} in {@code frontEnds}; returns whether it is ok. */
  public boolean writeTo(ObjectNode frontEnds, String name) {
    frontEnds.putObject(name).put("ok", ok).put("detail", detail).put("since", since.toString());
    return ok;
  }
}
