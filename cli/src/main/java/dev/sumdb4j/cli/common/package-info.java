/**
 * What the command packages share, depending on none of them: exit codes and their one mapping
 * from failures, failure messages, usage errors, go.sum input, the terminal test and the
 * environment a command runs with. {@code dev.sumdb4j.cli} (the root command), {@code
 * cli.commands}, {@code cli.audit} and {@code cli.watch} depend on it; it depends on no other
 * {@code cli} package, so the command packages form no cycle.
 */
package dev.sumdb4j.cli.common;
