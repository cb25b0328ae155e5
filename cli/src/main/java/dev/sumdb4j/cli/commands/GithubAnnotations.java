package dev.sumdb4j.cli.commands;

/**
 * GitHub Actions workflow commands for {@code --format github}: an {@code ::error} annotation per
 * failing go.sum line, which GitHub shows on that line of the file.
 */
public final class GithubAnnotations {
  private GithubAnnotations() {}

  /**
   * Returns {@code ::error file=FILE,line=LINE::MESSAGE} with the workflow-command escapes (the
   * message escapes {@code %}, CR and LF; the properties also {@code :} and {@code ,}). A line
   * below 1 is left out.
   */
  public static String error(String file, int line, String message) {
    return "::error file=" + escapeProperty(file) + (line > 0 ? ",line=" + line : "") + "::" + escapeData(message);
  }

  private static String escapeData(String s) {
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
  }

  private static String escapeProperty(String s) {
    return escapeData(s).replace(":", "%3A").replace(",", "%2C");
  }
}
