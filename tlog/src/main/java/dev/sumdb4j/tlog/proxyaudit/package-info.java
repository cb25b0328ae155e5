/**
 * Audits a Go module proxy against the checksum database: fetches every module version in scope
 * from the proxy, checks and hashes its go.mod and zip exactly as the go command does after a
 * download, and compares both hashes with the authenticated database record. A state directory
 * makes the audit periodic: versions verified once are not downloaded again, only re-proved.
 *
 * <p>Entry points: {@link dev.sumdb4j.tlog.proxyaudit.ProxyAuditor} (the run), {@link
 * dev.sumdb4j.tlog.proxyaudit.ModuleProxy} (the proxy protocol over HTTP), {@link
 * dev.sumdb4j.tlog.proxyaudit.AuditState} (the state directory), {@link
 * dev.sumdb4j.tlog.proxyaudit.Scope} (which versions).
 */
package dev.sumdb4j.tlog.proxyaudit;
