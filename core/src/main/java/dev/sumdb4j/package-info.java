/**
 * The exception taxonomy shared by every sumdb4j module.
 *
 * <p>{@link dev.sumdb4j.SumdbException} is the checked root; {@link
 * dev.sumdb4j.MalformedInputException} says what and where input was malformed; {@link
 * dev.sumdb4j.VerificationException} (and {@link dev.sumdb4j.ProofException}) says data did not
 * check. Network and file failures stay {@link java.io.IOException}. Bad input is never reported
 * as a {@code NullPointerException} or {@code IndexOutOfBoundsException}; an {@code AssertionError}
 * means a bug in sumdb4j itself.
 */
package dev.sumdb4j;
