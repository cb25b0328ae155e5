/**
 * The text formats of the checksum database: tree notes (checkpoints), {@code /lookup} response
 * bodies, record texts and data tiles. No I/O and no signatures: notes are opened and verified by
 * {@code dev.sumdb4j.note.Note}; this package parses their text.
 *
 * <h2>Checkpoint (tree note text)</h2>
 *
 * <pre>{@code
 * go.sum database tree                           origin line
 * 123456789012                                   tree size, canonical decimal
 * TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=   tree hash, padded base64
 * }</pre>
 *
 * C2SP checkpoints may add non-empty extension lines. At most 1,000,000 bytes.
 *
 * <h2>Lookup response</h2>
 *
 * <pre>{@code
 * 5                                              record id (canonical decimal)
 * rsc.io/quote v1.5.2 h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=
 *                                                blank line ends the record text
 * go.sum database tree                           the signed tree note follows
 * ...
 * }</pre>
 *
 * <h2>Record text and data tiles</h2>
 *
 * <p>A record text is valid UTF-8 with no control characters except newline, has no empty line
 * and ends in a newline; its leaf hash is {@code SHA-256(0x00 || text)}. A data tile is the texts
 * of its W records, each followed by one newline (so each ends in a blank line), and nothing
 * else.
 *
 * @see <a href="https://c2sp.org/tlog-checkpoint">C2SP tlog-checkpoint</a>
 * @see <a href="https://go.dev/ref/mod#checksum-database">Checksum database</a>
 */
package dev.sumdb4j.tlog.checkpoint;
