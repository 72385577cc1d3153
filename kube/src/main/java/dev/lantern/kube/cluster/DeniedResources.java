package dev.lantern.kube.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Kinds no tool may read, by group/version/kind. Secrets are denied unless the user says
 * otherwise. An entry is written {@code version/Kind} for the core group ({@code v1/Secret}),
 * {@code group/version/Kind} ({@code rbac.authorization.k8s.io/v1/ClusterRole}), or
 * {@code group/version} to deny a whole API ({@code metrics.k8s.io/v1beta1}).
 */
public final class DeniedResources {
  public static final List<String> DEFAULT = List.of("v1/Secret");

  private final List<Entry> entries;

  private DeniedResources(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** @throws IllegalArgumentException for an entry that is not of the forms above */
  public static DeniedResources parse(List<String> specs) {
    List<Entry> entries = new ArrayList<>();
    for (String raw : specs) {
      String spec = raw.strip();
      if (spec.isEmpty()) {
        continue;
      }
      String[] parts = spec.split("/");
      Entry entry = switch (parts.length) {
        case 2 -> Character.isUpperCase(parts[1].charAt(0))
            ? new Entry("", parts[0], parts[1])
            : new Entry(parts[0], parts[1], null);
        case 3 -> new Entry(parts[0], parts[1], parts[2]);
        default -> throw new IllegalArgumentException("denied resource '" + spec
            + "' is not group/version/Kind, version/Kind (core) or group/version");
      };
      entries.add(entry);
    }
    return new DeniedResources(entries);
  }

  /** Whether a kind in an apiVersion ({@code v1}, {@code apps/v1}) may be read. */
  public boolean allows(String apiVersion, String kind) {
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    for (Entry entry : entries) {
      if (entry.group.equalsIgnoreCase(group) && entry.version.equalsIgnoreCase(version)
          && (entry.kind == null || entry.kind.toLowerCase(Locale.ROOT).equals(kind.toLowerCase(Locale.ROOT)))) {
        return false;
      }
    }
    return true;
  }

  private record Entry(String group, String version, String kind) {}
}
