package io.deepalpha.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Dockerfile as its stages and instructions (continuation lines joined, comments dropped). */
record Dockerfile(String name, List<Stage> stages) {

  /** One FROM ... stage. */
  record Stage(String from, String alias, List<Instruction> instructions) {
    List<String> args(String keyword) {
      return instructions.stream()
          .filter(i -> i.keyword().equals(keyword))
          .map(Instruction::args)
          .toList();
    }
  }

  /** An instruction: upper-case keyword and the rest of the line. */
  record Instruction(String keyword, String args) {}

  static Dockerfile read(String repoRelative) {
    List<Stage> stages = new ArrayList<>();
    List<Instruction> current = null;
    StringBuilder logical = new StringBuilder();
    for (String raw : Repo.read(repoRelative).split("\n")) {
      String line = raw.strip();
      if (line.startsWith("#") || (line.isEmpty() && logical.isEmpty())) {
        continue;
      }
      if (line.endsWith("\\")) {
        logical.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      logical.append(line);
      String text = logical.toString().strip();
      logical.setLength(0);
      if (text.isEmpty()) {
        continue;
      }
      int space = text.indexOf(' ');
      String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
      String args = space < 0 ? "" : text.substring(space + 1).strip();
      if (keyword.equals("FROM")) {
        String[] parts = args.split("\\s+");
        String alias = parts.length >= 3 && parts[1].equalsIgnoreCase("AS") ? parts[2] : null;
        current = new ArrayList<>();
        stages.add(new Stage(parts[0], alias, current));
      } else if (current != null) {
        current.add(new Instruction(keyword, args));
      }
    }
    return new Dockerfile(repoRelative, stages);
  }

  Stage runtime() {
    return stages.get(stages.size() - 1);
  }

  /** The value of ARG name=default declared before the first FROM, for ${NAME} in FROM lines. */
  String argDefault(String arg) {
    for (String raw : Repo.read(name).split("\n")) {
      String line = raw.strip();
      if (line.startsWith("ARG " + arg + "=")) {
        return line.substring(("ARG " + arg + "=").length());
      }
    }
    return null;
  }

  String resolvedFrom(Stage stage) {
    String from = stage.from();
    if (from.startsWith("${") && from.endsWith("}")) {
      return argDefault(from.substring(2, from.length() - 1));
    }
    return from;
  }
}
