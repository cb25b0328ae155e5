/**
 * The exception taxonomy shared by every sumdb4j module: every failure is one of four kinds
 * ({@link dev.sumdb4j.FailureKind}), decided by its type alone.
 *
 * <table>
 *   <caption>Kinds of failure</caption>
 *   <tr><th>Kind</th><th>Types</th><th>Meaning</th><th>CLI exit code</th></tr>
 *   <tr><td>{@linkplain dev.sumdb4j.FailureKind#MALFORMED_INPUT malformed input}</td>
 *       <td>{@link dev.sumdb4j.MalformedInputException} (with {@code MalformedGoSumException})</td>
 *       <td>input the caller gave (a go.sum, a key, GOSUMDB, a module path) does not follow its
 *       format; it carries source, line, offset and reason</td><td>2</td></tr>
 *   <tr><td>{@linkplain dev.sumdb4j.FailureKind#MISBEHAVING_SERVER misbehaving server}</td>
 *       <td>{@link dev.sumdb4j.VerificationException}: {@link dev.sumdb4j.ProofException},
 *       {@code InvalidSignatureException}, {@code UnverifiedNoteException},
 *       {@code InconsistentTileException}, {@code WitnessException},
 *       {@link dev.sumdb4j.MalformedResponseException} (malformed data a server served) and
 *       {@code LogMisbehaviorException} (a fork, with evidence; {@code ForkDetectedException});
 *       any other {@link dev.sumdb4j.SumdbException}</td>
 *       <td>data failed authentication; never transient</td><td>3</td></tr>
 *   <tr><td>{@linkplain dev.sumdb4j.FailureKind#DAMAGED_LOCAL_STATE damaged local state}</td>
 *       <td>{@link dev.sumdb4j.LocalStateException} ({@code CorruptCacheException})</td>
 *       <td>a cache or state file fails its checks; it carries the paths</td><td>4</td></tr>
 *   <tr><td>{@linkplain dev.sumdb4j.FailureKind#UNAVAILABLE unavailable}</td>
 *       <td>{@link java.io.IOException}: {@code MissingDataException} (offline),
 *       {@code NotFoundException} (404/410), {@code ResponseTooLargeException} (an answer
 *       above its cap: not read, so not evidence against the log), {@code StateLockedException},
 *       {@code MirrorLockedException}</td>
 *       <td>network, file-system or server failure, or data missing offline; may be retried</td>
 *       <td>4</td></tr>
 * </table>
 *
 * <p>{@link dev.sumdb4j.SumdbException} is the checked root of the first three kinds; a caller that
 * catches {@link java.io.IOException} therefore never treats tampering as a network error. A
 * lookup that the database answers with "not found" ({@code NotFoundException}) is unavailable
 * data in general; as the verdict of one go.sum line it is "not in the database".
 *
 * <p>Bad input is never reported as a {@code NullPointerException} or {@code
 * IndexOutOfBoundsException}; an {@code AssertionError} means a bug in sumdb4j itself.
 */
package dev.sumdb4j;
