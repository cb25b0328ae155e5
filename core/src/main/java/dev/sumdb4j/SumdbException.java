package dev.sumdb4j;

/**
 * The checked root of every sumdb4j failure that is not a transport failure.
 *
 * <p>The taxonomy: {@link MalformedInputException} (the bytes do not follow the format),
 * {@link VerificationException} (well-formed, but a signature, proof or hash does not check),
 * and, in the tlog module, {@code LogMisbehaviorException} (the log signed two inconsistent
 * histories, with evidence). Transport failures stay {@link java.io.IOException}.
 */
public class SumdbException extends Exception {
  public SumdbException(String message) {
    super(message);
  }

  public SumdbException(String message, Throwable cause) {
    super(message, cause);
  }
}
