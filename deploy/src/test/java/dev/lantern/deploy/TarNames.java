package dev.lantern.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The entry names of a (ustar) tar stream: enough to see what an image layer holds. */
final class TarNames {
  private TarNames() {}

  static List<String> read(InputStream in) throws IOException {
    List<String> names = new ArrayList<>();
    byte[] header = new byte[512];
    while (in.readNBytes(header, 0, 512) == 512) {
      String name = field(header, 0, 100);
      if (name.isEmpty()) {
        break; // the two zero blocks at the end
      }
      String prefix = field(header, 345, 155);
      long size = Long.parseLong(field(header, 124, 12).isEmpty() ? "0" : field(header, 124, 12), 8);
      names.add((prefix.isEmpty() ? "" : prefix + "/") + name.replaceFirst("^\\./", "").replaceFirst("^/", ""));
      in.skipNBytes((size + 511) / 512 * 512);
    }
    return names;
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.US_ASCII).strip();
  }
}
